//! Loading and validating glossary files: a project's house decisions about words.
//!
//! A glossary is a YAML file with one top-level key, `entries`, a list of entries. An entry
//! is a mapping of either
//! - per-variant forms, one key per variant in any spelling [`Variant::parse`] accepts
//!   (`zh-cn`, `zh-TW`, `zh_hk`, `zh-Hant`, `zh-Hans-CN`, also bare `zh`), plus an optional
//!   `note`; or
//! - `keep: WORD` (the word stays as written in every edition), plus an optional `note`.
//!
//! ```yaml
//! entries:
//!   - zh-cn: 软件
//!     zh-tw: 軟體
//!     zh-hk: 軟件
//!     note: house style
//!   - keep: 乾隆          # a reign name: never 干隆
//!     note: proper name
//! ```
//!
//! This module only loads and validates: the renderer applies the entries (like `-{H|…}-`
//! rules for the whole article, same fallback chains, ahead of dictionary entries of the same
//! key) and `check` reports text that contradicts them.
//!
//! Invariants of a loaded [`Glossary`] (every violation is a [`RulesError::Parse`] naming the
//! file, line and column, 1-based, column in characters):
//! - every entry has either at least one form or a `keep` word, never both;
//! - forms and `keep` words are non-empty strings;
//! - no variant appears twice in one entry (whatever the spelling);
//! - no key other than variants, `keep` and `note`; no top-level key other than `entries`.
//!
//! [`GlossaryEntry::line`] is the line of the entry's first key; forms keep the file's order.

use std::fmt;
use std::path::Path;

use serde::Deserialize;
use serde::de::{MapAccess, Visitor};
use serde_saphyr::Spanned;

use super::{Glossary, GlossaryEntry, RulesError};
use crate::variant::Variant;

impl Glossary {
    /// Loads and validates a glossary YAML file. The file name in errors and in
    /// [`Glossary::file`] is the path as given.
    pub fn load(path: &Path) -> Result<Glossary, RulesError> {
        let file = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|e| RulesError::Io {
            file: file.clone(),
            message: e.to_string(),
        })?;
        let text = match std::str::from_utf8(&bytes) {
            Ok(t) => t,
            Err(e) => {
                let (line, column) = crate::document::line_col(
                    // Safe: the prefix up to `valid_up_to` is valid UTF-8.
                    std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or(""),
                    e.valid_up_to(),
                );
                return Err(RulesError::Parse {
                    file,
                    line,
                    column,
                    message: format!("invalid UTF-8 at byte offset {}", e.valid_up_to()),
                });
            }
        };
        Glossary::parse(&file, text)
    }

    /// Parses and validates glossary YAML held in memory; `file` names it in errors.
    pub fn parse(file: &str, text: &str) -> Result<Glossary, RulesError> {
        let err = |line: usize, column: usize, message: String| RulesError::Parse {
            file: file.to_string(),
            line: line.max(1),
            column: column.max(1),
            message,
        };
        if text.trim().is_empty() {
            return Err(err(1, 1, "empty glossary: expected `entries:`".into()));
        }
        let raw: RawFile = serde_saphyr::from_str(text).map_err(|e| {
            let (line, column) = e
                .location()
                .map_or((1, 1), |l| (l.line() as usize, l.column() as usize));
            err(line, column, yaml_message(&e))
        })?;
        let mut entries = Vec::with_capacity(raw.entries.len());
        for (i, entry) in raw.entries.into_iter().enumerate() {
            let at = &entry.referenced;
            let (eline, ecol) = (at.line() as usize, at.column() as usize);
            let mut forms: Vec<(Variant, String)> = Vec::new();
            let mut keep: Option<String> = None;
            let mut note: Option<String> = None;
            let mut first_line = None;
            for (key, value) in entry.value.0 {
                let (kline, kcol) = (
                    key.referenced.line() as usize,
                    key.referenced.column() as usize,
                );
                first_line.get_or_insert(kline);
                let (vline, vcol) = (
                    value.referenced.line() as usize,
                    value.referenced.column() as usize,
                );
                let k = key.value.as_str();
                match k {
                    "note" => {
                        note = value.value;
                    }
                    "keep" => match value.value {
                        Some(w) if !w.trim().is_empty() => keep = Some(w),
                        _ => return Err(err(vline, vcol, "`keep` needs a word".into())),
                    },
                    _ => {
                        let Some(variant) = Variant::parse(k) else {
                            return Err(err(
                                kline,
                                kcol,
                                format!(
                                    "unknown key `{k}` (expected a variant such as zh-cn, zh-tw, zh-hk, zh-hans, zh-hant, or `keep`, `note`)"
                                ),
                            ));
                        };
                        let Some(form) = value.value.filter(|w| !w.trim().is_empty()) else {
                            return Err(err(vline, vcol, format!("empty form for `{k}`")));
                        };
                        if let Some((prev, _)) = forms.iter().find(|(v, _)| *v == variant) {
                            return Err(err(
                                kline,
                                kcol,
                                format!("`{k}` repeats variant {} of this entry", prev.code()),
                            ));
                        }
                        forms.push((variant, form));
                    }
                }
            }
            let line = first_line.unwrap_or(eline);
            match (&keep, forms.is_empty()) {
                (Some(_), false) => {
                    return Err(err(
                        line,
                        ecol,
                        format!(
                            "entry {} has both `keep` and variant forms: give one or the other",
                            i + 1
                        ),
                    ));
                }
                (None, true) => {
                    return Err(err(
                        line,
                        ecol,
                        format!("entry {} is empty: give variant forms or `keep`", i + 1),
                    ));
                }
                _ => {}
            }
            entries.push(GlossaryEntry {
                line,
                forms,
                keep,
                note,
            });
        }
        Ok(Glossary {
            file: file.to_string(),
            entries,
        })
    }
}

/// The YAML error's message without serde-saphyr's rendered snippet and location suffix.
fn yaml_message(e: &serde_saphyr::Error) -> String {
    let full = e.to_string();
    let first = full.lines().next().unwrap_or("invalid YAML").trim();
    // serde-saphyr appends " at line L column C" to plain messages; we print our own.
    let mut m = first.find(" at line ").map_or(first, |i| &first[..i]);
    m = m.trim_start_matches("error: ");
    // … and may start with "line L column C: ".
    if let Some(rest) = m.strip_prefix("line ")
        && let Some(i) = rest.find(": ")
        && rest[..i]
            .split(" column ")
            .all(|n| n.chars().all(|c| c.is_ascii_digit()))
    {
        m = &rest[i + 2..];
    }
    m.split(", set DuplicateKeyPolicy")
        .next()
        .unwrap_or(m)
        .to_string()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    entries: Vec<Spanned<RawEntry>>,
}

/// An entry's keys and values in file order, each with its position.
struct RawEntry(Vec<(Spanned<String>, Spanned<Option<String>>)>);

impl<'de> Deserialize<'de> for RawEntry {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawEntry;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an entry: a mapping such as `zh-cn: 软件` or `keep: 乾隆`")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawEntry, A::Error> {
                let mut pairs = Vec::new();
                while let Some(k) = map.next_key::<Spanned<String>>()? {
                    let v = map.next_value::<Spanned<Option<String>>>()?;
                    pairs.push((k, v));
                }
                Ok(RawEntry(pairs))
            }
        }
        d.deserialize_map(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Glossary, String> {
        Glossary::parse("g.yaml", text).map_err(|e| e.to_string())
    }

    #[test]
    fn forms_keep_and_notes() {
        let g = parse(
            "entries:\n  - zh-cn: 软件\n    zh-TW: 軟體\n    zh_hk: 軟件\n    note: house style\n  - keep: 乾隆\n",
        )
        .unwrap();
        assert_eq!(g.file, "g.yaml");
        assert_eq!(
            g.entries,
            vec![
                GlossaryEntry {
                    line: 2,
                    forms: vec![
                        (Variant::ZhCN, "软件".into()),
                        (Variant::ZhTW, "軟體".into()),
                        (Variant::ZhHK, "軟件".into()),
                    ],
                    keep: None,
                    note: Some("house style".into()),
                },
                GlossaryEntry {
                    line: 6,
                    forms: vec![],
                    keep: Some("乾隆".into()),
                    note: None,
                },
            ]
        );
    }

    #[test]
    fn flow_style_and_numbers_as_text() {
        let g = parse("entries: [{zh-hans: 内存, zh-hant: 記憶體}]").unwrap();
        assert_eq!(g.entries[0].line, 1);
        assert_eq!(g.entries[0].forms[1], (Variant::ZhHant, "記憶體".into()));
    }

    #[test]
    fn errors_name_file_line_column() {
        assert_eq!(
            parse("entries:\n  - zh-cn: 软件\n    zh-xx: 軟體\n").unwrap_err(),
            "g.yaml:3:5: unknown key `zh-xx` (expected a variant such as zh-cn, zh-tw, zh-hk, zh-hans, zh-hant, or `keep`, `note`)"
        );
        assert_eq!(
            parse("entries:\n  - note: nothing\n").unwrap_err(),
            "g.yaml:2:5: entry 1 is empty: give variant forms or `keep`"
        );
        assert_eq!(
            parse("entries:\n  - zh-cn: 软件\n  - keep: 乾隆\n    zh-tw: 乾隆\n").unwrap_err(),
            "g.yaml:3:5: entry 2 has both `keep` and variant forms: give one or the other"
        );
        assert_eq!(
            parse("entries:\n  - zh-cn: 软件\n    zh-CN: 软体\n").unwrap_err(),
            "g.yaml:3:5: `zh-CN` repeats variant zh-cn of this entry"
        );
        assert_eq!(
            parse("entries:\n  - zh-cn:\n    zh-tw: 軟體\n").unwrap_err(),
            "g.yaml:2:10: empty form for `zh-cn`"
        );
        assert_eq!(
            parse("").unwrap_err(),
            "g.yaml:1:1: empty glossary: expected `entries:`"
        );
        assert_eq!(
            parse("entrys:\n  - keep: a\n").unwrap_err(),
            "g.yaml:1:1: unknown field `entrys`, expected one of entries"
        );
        assert_eq!(
            parse("entries:\n  - [a, b]\n").unwrap_err(),
            "g.yaml:2:5: expected mapping start"
        );
        assert_eq!(
            parse("entries:\n  - zh-cn: 软件\n    zh-cn: 软件\n").unwrap_err(),
            "g.yaml:3:5: duplicate mapping key: zh-cn"
        );
        assert_eq!(
            parse("entries:\n  - keep: \"\"\n").unwrap_err(),
            "g.yaml:2:11: `keep` needs a word"
        );
    }
}
