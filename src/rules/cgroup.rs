//! Conversion group files: the rule lists `{{NoteTA|G1=…}}` names (zh.wikipedia's
//! `Module:CGroup/…` pages, as files).
//!
//! # Format
//!
//! A file holds one group, or a list of groups, in JSON or YAML (JSON is read as YAML, so
//! either works whatever the extension). A group is a mapping with
//! - `name` (the name NoteTA uses; default: the file name without its extension),
//! - optional `description` (ignored),
//! - `rules`: a list whose items are rule bodies in `-{H|…}-` body syntax, either as strings
//!   or as mappings `{rule: …, original: …}` (`conv` is accepted for `rule`, as in zhconv-rs's
//!   data files; `original` and `description` are ignored).
//!
//! ```yaml
//! name: IT
//! description: 信息技术
//! rules:
//!   - zh-cn:内存; zh-tw:記憶體; zh-hk:記憶體;
//!   - 存取=>zh-cn:访问; 存取=>zh-tw:存取;
//!   - rule: zh-cn:软件; zh-tw:軟體; zh-hk:軟件;
//!     original: 软件
//!   - 程序员            # no colon: the word is protected, like -{H|程序员}-
//! ```
//! ```json
//! {"name": "IT", "rules": ["zh-cn:内存; zh-tw:記憶體;", {"original": "软件", "conv": "zh-cn:软件; zh-tw:軟體;"}]}
//! ```
//!
//! A group's rules apply, in order, like `-{H|rule}-` blocks at the NoteTA's position (later
//! rules win over earlier ones for the same key). Group names match the way MediaWiki matches
//! page names: first letter case-insensitive, `_` and space equal.
//!
//! # Errors
//! Every problem is a [`RulesError`] with `file:line:column`: invalid YAML/JSON, unknown keys,
//! an empty or missing `rules` list, an empty rule, a rule with a `:` that names no valid
//! variant (MediaWiki would silently ignore the whole rule), a group name defined twice.

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use serde::Deserialize;
use serde::de::{MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;

use super::body::{RuleBody, split_flags};
use super::{CGroup, CGroupRule, CGroups, RulesError};

impl CGroups {
    /// Loads conversion group files (JSON or YAML; see the module docs). A group name defined
    /// in two places is an error.
    pub fn load(paths: &[&Path]) -> Result<CGroups, RulesError> {
        let mut groups = CGroups::default();
        for path in paths {
            let file = path.display().to_string();
            let bytes = std::fs::read(path).map_err(|e| RulesError::Io {
                file: file.clone(),
                message: e.to_string(),
            })?;
            let text = std::str::from_utf8(&bytes).map_err(|e| {
                let ok = std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or("");
                let (line, column) = crate::document::line_col(ok, ok.len());
                RulesError::Parse {
                    file: file.clone(),
                    line,
                    column,
                    message: format!("invalid UTF-8 at byte offset {}", e.valid_up_to()),
                }
            })?;
            let stem = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            groups.add_text(&file, &stem, text)?;
        }
        Ok(groups)
    }

    /// Parses one group file held in memory (`file` names it in errors, `default_name` is used
    /// for a group without `name`) and adds its groups.
    pub fn add_text(
        &mut self,
        file: &str,
        default_name: &str,
        text: &str,
    ) -> Result<(), RulesError> {
        let err = |line: u64, column: u64, message: String| RulesError::Parse {
            file: file.to_string(),
            line: (line as usize).max(1),
            column: (column as usize).max(1),
            message,
        };
        if text.trim().is_empty() {
            return Err(err(
                1,
                1,
                "empty group file: expected `name:` and `rules:`".into(),
            ));
        }
        let raw: RawTop = serde_saphyr::from_str(text).map_err(|e| {
            let (l, c) = e.location().map_or((1, 1), |l| (l.line(), l.column()));
            err(l, c, yaml_message(&e))
        })?;
        let list = match raw {
            RawTop::One(g) => vec![g],
            RawTop::Many(v) => v,
        };
        for g in list {
            let at = g.referenced;
            let g = g.value;
            let name = match &g.name {
                Some(n) => {
                    let t = n.value.trim();
                    if t.is_empty() {
                        return Err(err(
                            n.referenced.line(),
                            n.referenced.column(),
                            "empty group name".into(),
                        ));
                    }
                    t.to_string()
                }
                None => default_name.to_string(),
            };
            let Some(rules) = g.rules else {
                return Err(err(
                    at.line(),
                    at.column(),
                    format!("group `{name}` has no `rules` list"),
                ));
            };
            let mut out = Vec::with_capacity(rules.len());
            for r in rules {
                let (line, col) = (r.referenced.line(), r.referenced.column());
                let body = r.value.0;
                if body.trim().is_empty() {
                    return Err(err(line, col, format!("empty rule in group `{name}`")));
                }
                let (_, rules_text) = split_flags(&body);
                if rules_text.contains(':') && RuleBody::parse(rules_text).is_empty() {
                    return Err(err(
                        line,
                        col,
                        format!(
                            "rule `{}` in group `{name}` names no valid variant (expected zh-cn:…; zh-tw:…; or from=>zh-cn:…)",
                            body.trim()
                        ),
                    ));
                }
                out.push(CGroupRule {
                    body,
                    line: line as usize,
                });
            }
            let key = normalise_name(&name);
            if let Some(prev) = self
                .groups
                .values()
                .find(|p| normalise_name(&p.name) == key)
            {
                return Err(err(
                    at.line(),
                    at.column(),
                    format!("group `{name}` is already defined in {}", prev.file),
                ));
            }
            self.groups.insert(
                name.clone(),
                CGroup {
                    name,
                    file: file.to_string(),
                    rules: out,
                },
            );
        }
        Ok(())
    }

    /// The group NoteTA's `G…=name` refers to (first letter case-insensitive, `_` = space).
    pub fn find(&self, name: &str) -> Option<&CGroup> {
        if let Some(g) = self.groups.get(name.trim()) {
            return Some(g);
        }
        let key = normalise_name(name);
        self.groups
            .values()
            .find(|g| normalise_name(&g.name) == key)
    }
}

/// MediaWiki page-name equivalence: trimmed, `_` as space, runs of spaces collapsed, first
/// letter upper-cased.
fn normalise_name(name: &str) -> String {
    let spaced = name.replace('_', " ");
    let words: Vec<&str> = spaced.split_whitespace().collect();
    let joined = words.join(" ");
    let mut chars = joined.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The YAML error's message without serde-saphyr's snippet and location suffix.
fn yaml_message(e: &serde_saphyr::Error) -> String {
    let full = e.to_string();
    let first = full.lines().next().unwrap_or("invalid YAML").trim();
    let mut m = first.find(" at line ").map_or(first, |i| &first[..i]);
    m = m.trim_start_matches("error: ");
    if let Some(rest) = m.strip_prefix("line ")
        && let Some(i) = rest.find(": ")
        && rest[..i]
            .split(" column ")
            .all(|n| n.chars().all(|c| c.is_ascii_digit()))
    {
        m = &rest[i + 2..];
    }
    m.to_string()
}

enum RawTop {
    One(Spanned<RawGroup>),
    Many(Vec<Spanned<RawGroup>>),
}

impl<'de> Deserialize<'de> for RawTop {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawTop;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a group (`name:`, `rules:`) or a list of groups")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RawTop, A::Error> {
                // A top-level group starts at the top of the file.
                let g = RawGroup::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
                Ok(RawTop::One(Spanned {
                    value: g,
                    referenced: serde_saphyr::Location::UNKNOWN,
                    defined: serde_saphyr::Location::UNKNOWN,
                }))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<RawTop, A::Error> {
                let mut v = Vec::new();
                while let Some(g) = seq.next_element::<Spanned<RawGroup>>()? {
                    v.push(g);
                }
                Ok(RawTop::Many(v))
            }
        }
        d.deserialize_any(V)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGroup {
    name: Option<Spanned<String>>,
    #[allow(dead_code)]
    description: Option<serde::de::IgnoredAny>,
    #[allow(dead_code)]
    path: Option<serde::de::IgnoredAny>,
    rules: Option<Vec<Spanned<RawRule>>>,
}

/// A rule item: a string, or a mapping with `rule`/`conv` (and ignored `original`,
/// `description`).
struct RawRule(String);

impl<'de> Deserialize<'de> for RawRule {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawRule;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a rule: a string such as `zh-cn:内存; zh-tw:記憶體;` or a mapping with `rule:`")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<RawRule, E> {
                Ok(RawRule(v.to_string()))
            }
            fn visit_string<E: serde::de::Error>(self, v: String) -> Result<RawRule, E> {
                Ok(RawRule(v))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<RawRule, E> {
                Ok(RawRule(v.to_string()))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<RawRule, E> {
                Ok(RawRule(v.to_string()))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawRule, A::Error> {
                let mut rule: Option<String> = None;
                while let Some(k) = map.next_key::<String>()? {
                    match k.as_str() {
                        "rule" | "conv" => {
                            if rule.is_some() {
                                return Err(serde::de::Error::custom(
                                    "a rule item has both `rule` and `conv`",
                                ));
                            }
                            rule = Some(map.next_value::<String>()?);
                        }
                        "original" | "description" => {
                            map.next_value::<serde::de::IgnoredAny>()?;
                        }
                        other => {
                            return Err(serde::de::Error::custom(format!(
                                "unknown key `{other}` in a rule item (expected rule, conv, original, description)"
                            )));
                        }
                    }
                }
                rule.map(RawRule)
                    .ok_or_else(|| serde::de::Error::custom("a rule item needs `rule:`"))
            }
        }
        d.deserialize_any(V)
    }
}

/// Group names for messages, sorted.
pub fn names(groups: &CGroups) -> Vec<&str> {
    let m: &BTreeMap<String, CGroup> = &groups.groups;
    m.keys().map(String::as_str).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> Result<CGroups, String> {
        let mut g = CGroups::default();
        g.add_text("g.yaml", "Stem", text)
            .map_err(|e| e.to_string())?;
        Ok(g)
    }

    #[test]
    fn yaml_group() {
        let g = load(
            "name: IT\ndescription: 信息技术\nrules:\n  - zh-cn:内存; zh-tw:記憶體;\n  - rule: zh-cn:软件; zh-tw:軟體;\n    original: 软件\n  - 程序员\n",
        )
        .unwrap();
        let it = g.find("IT").unwrap();
        assert_eq!(it.file, "g.yaml");
        let rules: Vec<(&str, usize)> =
            it.rules.iter().map(|r| (r.body.as_str(), r.line)).collect();
        assert_eq!(
            rules,
            [
                ("zh-cn:内存; zh-tw:記憶體;", 4),
                ("zh-cn:软件; zh-tw:軟體;", 5),
                ("程序员", 7)
            ]
        );
    }

    #[test]
    fn json_group_and_lists() {
        let g = load(
            "{\"name\": \"Movie\", \"rules\": [\"zh-cn:甲;zh-tw:乙;\",\n {\"original\": \"丙\", \"conv\": \"丙=>zh-tw:丁;\"}]}",
        )
        .unwrap();
        let m = g.find("movie").unwrap();
        assert_eq!(m.rules[1].body, "丙=>zh-tw:丁;");
        assert_eq!(m.rules[1].line, 2);
        let g = load("- name: A\n  rules: [zh-cn:a;zh-tw:b]\n- name: B_c\n  rules: [x]\n").unwrap();
        assert!(g.find("A").is_some());
        assert!(g.find("b c").is_some());
        let g = load("rules: [zh-cn:a;zh-tw:b]\n").unwrap();
        assert!(g.find("Stem").is_some());
    }

    #[test]
    fn errors_name_file_line_column() {
        assert_eq!(
            load("name: IT\nrules:\n  - zh-cn:a\n  - zh-xx:b\n").unwrap_err(),
            "g.yaml:4:5: rule `zh-xx:b` in group `IT` names no valid variant (expected zh-cn:…; zh-tw:…; or from=>zh-cn:…)"
        );
        assert_eq!(
            load("name: IT\nrules:\n  - \"  \"\n").unwrap_err(),
            "g.yaml:3:5: empty rule in group `IT`"
        );
        assert_eq!(
            load("name: IT\n").unwrap_err(),
            "g.yaml:1:1: group `IT` has no `rules` list"
        );
        assert_eq!(
            load("").unwrap_err(),
            "g.yaml:1:1: empty group file: expected `name:` and `rules:`"
        );
        assert!(
            load("name: IT\nrulez: []\n")
                .unwrap_err()
                .starts_with("g.yaml:2:1: unknown field `rulez`")
        );
        let mut g = CGroups::default();
        g.add_text("a.json", "a", "{\"name\":\"IT\",\"rules\":[\"x\"]}")
            .unwrap();
        assert_eq!(
            g.add_text("b.yaml", "b", "name: iT\nrules: [甲]\n")
                .unwrap_err()
                .to_string(),
            "b.yaml:1:1: group `iT` is already defined in a.json"
        );
    }

    #[test]
    fn load_from_files() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("Physics.json");
        std::fs::write(&p, "{\"rules\":[\"zh-cn:激光;zh-tw:雷射;\"]}").unwrap();
        let g = CGroups::load(&[p.as_path()]).unwrap();
        assert_eq!(names(&g), ["Physics"]);
        let missing = dir.path().join("none.yaml");
        assert!(
            CGroups::load(&[missing.as_path()])
                .unwrap_err()
                .to_string()
                .starts_with(&format!("{}: ", missing.display()))
        );
    }
}
