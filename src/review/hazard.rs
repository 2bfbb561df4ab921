//! Markup hazards: conversion markup that does not do what it seems to.
//!
//! | hazard | severity | suggestion |
//! |---|---|---|
//! | `-{` with no `}-` (the parser's `UnclosedConversion`) | error | how to close or escape it |
//! | `-{ }-` nested deeper than 10 (`TooDeep`) | error | flatten |
//! | a rule piece `zh-xx:…` whose code is no variant (e.g. `zh-tw-hk:`, `zh-xx:`) | error | the valid codes |
//! | a rule piece `zh-tw=…` (`=` for `:`, not `=>`) | error | the block with `:` |
//! | a shown variant list with no entry for an edition, even through its fallbacks (`-{zh:A;zh-tw:B}-` on zh-CN: MediaWiki shows an error) | error | the missing entry |
//! | a NoteTA group (`G1=`) that no loaded CGroup file defines | note | load the group |
//! | another unclosed construct the parser kept verbatim (`[[`, `{{`, `<ref>`, a table) | note | the parser's message |
//!
//! Flags and variant lists are read with the rules module's parser (MediaWiki's
//! `ConverterRule`: [`crate::rules::body`]), so "no text for an edition" means exactly what
//! the renderer will find. Mistyped codes are looked for more widely: the body is cut before
//! every `;` followed by something shaped like a variant code (`zh`, `zh-…`, `zh_…`) and `:`
//! or `=`, and a piece is looked at only when it starts with such a shape, so a block such as
//! `-{http://example.org}-`, which MediaWiki shows raw, as intended, is not a hazard. Nested
//! blocks are checked on their own and stand as one opaque character in their parent's body.

use std::ops::Range;
use std::sync::Arc;
use std::sync::LazyLock;

use regex::Regex;

use super::check::RawFinding;
use super::{Kind, Severity};
use crate::document::{DiagnosticKind, Document, Span};
use crate::edition::EditionSpec;
use crate::rules::body::{Flag, Flags, RuleBody, split_flags};
use crate::rules::codes;
use crate::rules::markup::{ConvMarkup, MarkupPart};
use crate::variant::Variant;

/// Something shaped like a variant code at the start of a rule piece, and its separator.
static PIECE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:([^;]*?)=>\s*)?(zh(?:[-_][a-z0-9]+)*)\s*(:|=(?:[^>]|$))")
        .expect("valid regex")
});
/// A `;` that separates pieces: followed by a code-shaped token and `:`/`=`, or by the end.
static SEPARATOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i);(?:\s*(?:[^;]*?=>\s*)?zh(?:[-_][a-z0-9]+)*\s*[:=]|\s*$)")
        .expect("valid regex")
});

const VALID_CODES: &str = "zh, zh-hans, zh-hant, zh-cn, zh-tw, zh-hk, zh-mo, zh-sg, zh-my";

pub fn find(source: &str, doc: &Document, editions: &[EditionSpec], out: &mut Vec<RawFinding>) {
    let all: Vec<Variant> = editions.iter().map(|e| e.variant).collect();
    let mut push =
        |range: Range<usize>, severity: Severity, editions: Vec<Variant>, suggestion: String| {
            out.push(RawFinding {
                range,
                kind: Kind::MarkupHazard,
                severity,
                editions,
                candidates: Arc::new(Vec::new()),
                suggestion: suggestion.into(),
            })
        };
    for d in &doc.diagnostics {
        let at = d.at.min(source.len());
        match d.kind {
            DiagnosticKind::UnclosedConversion => push(
                at..(at + 2).min(source.len()),
                Severity::Error,
                all.clone(),
                "close the block with }- (or write &#45;{ for a literal -{)".into(),
            ),
            DiagnosticKind::TooDeep => push(
                at..(at + 2).min(source.len()),
                Severity::Error,
                all.clone(),
                "-{ }- nests at most 10 deep: MediaWiki shows deeper -{ literally".into(),
            ),
            DiagnosticKind::Unclosed => push(
                opener(source, at),
                Severity::Note,
                all.clone(),
                d.message.clone(),
            ),
        }
    }
    for span in &doc.spans {
        match span {
            Span::Markup(m) => check_block(source, m, editions, &mut push),
            Span::NoteTA(n) => {
                for r in n.rules.iter().chain(n.title.iter()) {
                    let body = &source[r.clone()];
                    if let Some(s) = piece_problem(body) {
                        push(r.clone(), Severity::Error, all.clone(), s);
                    }
                }
                for g in &n.groups {
                    let name = source[g.clone()].trim();
                    if name.is_empty() {
                        continue;
                    }
                    let missing: Vec<Variant> = editions
                        .iter()
                        .filter(|e| !e.cgroups.groups.contains_key(name))
                        .map(|e| e.variant)
                        .collect();
                    if !missing.is_empty() {
                        push(
                            g.clone(),
                            Severity::Note,
                            missing,
                            format!(
                                "conversion group `{name}` is not loaded: give a CGroup file that defines it (pipeline.yaml cgroups)"
                            ),
                        );
                    }
                }
            }
            _ => {}
        }
    }
}

/// The opening token of an unclosed construct at `at`, for the finding's text.
fn opener(source: &str, at: usize) -> Range<usize> {
    let rest = &source[at..];
    let len = if rest.starts_with("[[") || rest.starts_with("{{") || rest.starts_with("{|") {
        2
    } else if rest.starts_with('<') {
        rest.char_indices()
            .take(40)
            .find(|&(_, c)| c == '>' || c == '\n')
            .map_or_else(
                || rest.chars().next().map_or(0, char::len_utf8),
                |(i, c)| {
                    if c == '>' { i + 1 } else { i }
                },
            )
    } else {
        rest.chars().next().map_or(0, char::len_utf8)
    };
    at..at + len
}

type Push<'p> = dyn FnMut(Range<usize>, Severity, Vec<Variant>, String) + 'p;

fn check_block(source: &str, m: &ConvMarkup, editions: &[EditionSpec], push: &mut Push<'_>) {
    let body = opaque_body(source, m, &mut |n| check_block(source, n, editions, push));
    let all: Vec<Variant> = editions.iter().map(|e| e.variant).collect();
    let (flag_text, rules) = split_flags(&body);
    let flags = Flags::parse(flag_text);
    if flags.has(Flag::R) {
        return;
    }
    if flags.has(Flag::N) {
        if codes::validate(codes::php_trim(rules)).is_none() {
            push(
                m.range.clone(),
                Severity::Error,
                all,
                format!("-{{N|…}}- names a variant: one of {VALID_CODES}"),
            );
        }
        return;
    }
    if let Some(s) = piece_problem(rules) {
        push(
            m.range.clone(),
            Severity::Error,
            all,
            fix_block(source, m, s),
        );
        return;
    }
    // A shown variant list must give every edition some text (through its fallbacks).
    if !flags.has(Flag::Show) || !flags.filter.is_empty() {
        return;
    }
    let parsed = RuleBody::parse(rules);
    if parsed.is_empty() {
        return;
    }
    let lacking: Vec<Variant> = all
        .iter()
        .copied()
        .filter(|v| parsed.display_for(*v, rules).is_none())
        .collect();
    if !lacking.is_empty() {
        let codes: Vec<&str> = lacking.iter().map(|v| v.code()).collect();
        push(
            m.range.clone(),
            Severity::Error,
            lacking.clone(),
            format!(
                "add an entry for {} (or a variant it falls back to): without one MediaWiki shows an error there",
                codes.join(", ")
            ),
        );
    }
}

/// A block's body with each nested block as one opaque character (U+FFFC), calling `nested`
/// on each nested block.
pub fn opaque_body(source: &str, m: &ConvMarkup, nested: &mut dyn FnMut(&ConvMarkup)) -> String {
    let mut body = String::new();
    for part in &m.body {
        match part {
            MarkupPart::Text(r) => body.push_str(&source[r.clone()]),
            MarkupPart::Nested(n) => {
                body.push('\u{FFFC}');
                nested(n);
            }
        }
    }
    body
}

/// The pieces of a rule body.
fn pieces(rules: &str) -> impl Iterator<Item = &str> {
    let mut cuts: Vec<usize> = SEPARATOR.find_iter(rules).map(|m| m.start()).collect();
    cuts.push(rules.len());
    let mut start = 0;
    cuts.into_iter().map(move |c| {
        let p = &rules[start..c];
        start = (c + 1).min(rules.len());
        p
    })
}

/// What is wrong with a rule body's pieces, as the suggestion to show; `None` when nothing is.
fn piece_problem(rules: &str) -> Option<String> {
    for p in pieces(rules) {
        let Some(c) = PIECE.captures(p) else {
            continue;
        };
        let code = &c[2];
        if Variant::parse(code).is_none() {
            return Some(format!(
                "`{code}` is not a variant code: use one of {VALID_CODES}"
            ));
        }
        if c[3].starts_with('=') {
            return Some(format!("write `{code}:` (a colon), not `{code}=`"));
        }
    }
    None
}

/// For `=`-for-`:` problems, the whole block corrected (something to paste); otherwise the
/// message as it is.
fn fix_block(source: &str, m: &ConvMarkup, message: String) -> String {
    if !message.starts_with("write `") {
        return message;
    }
    static EQ: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)((?:^|[;|])\s*(?:[^;|]*?=>\s*)?zh(?:[-_][a-z0-9]+)*\s*)=([^>]|$)")
            .expect("valid regex")
    });
    let block = &source[m.range.clone()];
    let inner = &block[2..block.len() - 2];
    format!("-{{{}}}-", EQ.replace_all(inner, "${1}:${2}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_split_only_before_codes() {
        let v: Vec<&str> = pieces("zh-cn:a;b;zh-tw:c; zh-hk : d;").collect();
        assert_eq!(v, vec!["zh-cn:a;b", "zh-tw:c", " zh-hk : d", ""]);
        let v: Vec<&str> = pieces("x=>zh-cn:y;x=>zh-tw:z").collect();
        assert_eq!(v, vec!["x=>zh-cn:y", "x=>zh-tw:z"]);
    }

    #[test]
    fn piece_problems() {
        assert_eq!(piece_problem("zh-cn:软件;zh-tw:軟體"), None);
        assert_eq!(piece_problem("http://example.org"), None);
        assert_eq!(piece_problem("文字"), None);
        assert_eq!(
            piece_problem("zh-cn:软件;zh-xx:軟體"),
            Some(format!(
                "`zh-xx` is not a variant code: use one of {VALID_CODES}"
            ))
        );
        assert_eq!(
            piece_problem("zh-tw=阿蘭; zh-hk:阿倫"),
            Some("write `zh-tw:` (a colon), not `zh-tw=`".into())
        );
        assert_eq!(piece_problem("源=>zh-cn:目"), None);
    }
}

#[cfg(test)]
mod doc_tests {
    use super::*;
    use crate::document::{Diagnostic, Document, Span};
    use crate::rules::markup::BlockFinder;

    /// A document whose `-{ }-` blocks are Markup spans and the rest text.
    fn doc(src: &str) -> Document {
        let finder = BlockFinder::new(src);
        let mut spans = Vec::new();
        let mut text_start = 0;
        let mut i = 0;
        let mut diagnostics = Vec::new();
        while i < src.len() {
            if src[i..].starts_with("-{") {
                if let Some(m) = finder.block_at(i) {
                    if text_start < i {
                        spans.push(Span::Text(text_start..i));
                    }
                    i = m.range.end;
                    text_start = i;
                    spans.push(Span::Markup(Box::new(m)));
                    continue;
                }
                diagnostics.push(Diagnostic {
                    at: i,
                    kind: DiagnosticKind::UnclosedConversion,
                    message: "unclosed -{".into(),
                });
            }
            i += src[i..].chars().next().map_or(1, char::len_utf8);
        }
        if text_start < src.len() {
            spans.push(Span::Text(text_start..src.len()));
        }
        Document {
            spans,
            diagnostics,
            ..Default::default()
        }
    }

    fn hazards(src: &str, editions: &[Variant]) -> Vec<(String, Vec<Variant>, String)> {
        let specs: Vec<EditionSpec> = editions.iter().map(|v| EditionSpec::new(*v)).collect();
        let mut out = Vec::new();
        find(src, &doc(src), &specs, &mut out);
        out.into_iter()
            .map(|f| {
                assert_eq!(f.kind, Kind::MarkupHazard);
                (
                    src[f.range].to_string(),
                    f.editions,
                    f.suggestion.to_string(),
                )
            })
            .collect()
    }

    #[test]
    fn each_hazard() {
        use Variant::*;
        let all = [ZhHans, ZhHant, ZhCN, ZhTW];
        assert_eq!(
            hazards("前-{zh-tw=軟體;zh-hk:軟件}-後", &all),
            vec![(
                "-{zh-tw=軟體;zh-hk:軟件}-".to_string(),
                all.to_vec(),
                "-{zh-tw:軟體;zh-hk:軟件}-".to_string()
            )]
        );
        assert_eq!(
            hazards("-{zh-hans:甲;zh-xx:乙}-", &[ZhTW]),
            vec![(
                "-{zh-hans:甲;zh-xx:乙}-".to_string(),
                vec![ZhTW],
                format!("`zh-xx` is not a variant code: use one of {VALID_CODES}")
            )]
        );
        assert_eq!(
            hazards("-{zh:甲;zh-tw:乙}-", &all),
            vec![(
                "-{zh:甲;zh-tw:乙}-".to_string(),
                vec![ZhHans, ZhCN],
                "add an entry for zh-hans, zh-cn (or a variant it falls back to): without one MediaWiki shows an error there".to_string()
            )]
        );
        assert_eq!(
            hazards("未閉合-{abc", &[ZhTW]),
            vec![(
                "-{".to_string(),
                vec![ZhTW],
                "close the block with }- (or write &#45;{ for a literal -{)".to_string()
            )]
        );
        // Not hazards: raw, protected words, URLs, hidden rules, unidirectional rules, a
        // variant list every edition reaches, nested blocks.
        for ok in [
            "-{R|zh-xx:甲}-",
            "-{文字}-",
            "-{http://example.org/a;b}-",
            "-{H|zh-cn:内存;zh-tw:記憶體;}-",
            "-{H|源=>zh-cn:目;源=>zh-tw:標;}-",
            "-{zh-hans:软件;zh-hant:軟體;}-",
            "-{zh-cn:-{甲}-;zh-tw:乙;zh-hans:丙;zh-hant:丁}-",
            "-{N|zh-tw}-",
        ] {
            assert_eq!(hazards(ok, &all), vec![], "{ok}");
        }
        assert_eq!(hazards("-{N|zh-xx}-", &[ZhTW]).len(), 1);
    }
}
