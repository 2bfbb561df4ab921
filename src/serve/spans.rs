//! Span-level data for the review page: each piece of a rendered edition with the source bytes
//! it stands for and why it reads as it does (`"spans": true` on `/v1/convert`).
//!
//! Offsets are UTF-8 byte offsets into the request's `text`. The pieces of one edition are in
//! output order and their `output`s concatenate to the edition's text.

use serde::Serialize;

use crate::edition::{Origin, Piece};
use crate::engine::DictHit;
use crate::rules::RuleOrigin;

/// One piece of an edition, as JSON.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SpanOut {
    /// Source byte range `[start, end)`; empty for text the renderer made up.
    pub start: usize,
    pub end: usize,
    pub output: String,
    /// `kept`, `dictionary`, `rule`, `markup` or `synthesised`.
    pub origin: &'static str,
    /// Whether `output` differs from the source bytes.
    pub changed: bool,
    /// The OpenCC config, for `dictionary` pieces.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub config: Option<String>,
    /// The dictionary entries applied, for `dictionary` pieces that matched any.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub hits: Vec<DictHit>,
    /// Where the rule came from, for `rule` pieces.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<RuleRef>,
}

/// A rule's origin as JSON, with the kind names `explain` uses (`markup`, `noteta`, `cgroup`,
/// `glossary`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RuleRef {
    /// A `-{ }-` block at this 1-based line and column of the source.
    Markup { line: usize, column: usize },
    /// A numbered `{{NoteTA}}` rule.
    #[serde(rename = "noteta")]
    NoteTA { line: usize, n: usize },
    /// An entry of a conversion group.
    #[serde(rename = "cgroup")]
    CGroup {
        group: String,
        index: usize,
        line: usize,
    },
    /// A glossary entry (`request` for the request's own glossary).
    Glossary { file: String, line: usize },
}

impl From<RuleOrigin> for RuleRef {
    fn from(o: RuleOrigin) -> RuleRef {
        match o {
            RuleOrigin::Markup { line, column } => RuleRef::Markup { line, column },
            RuleOrigin::NoteTA { line, n } => RuleRef::NoteTA { line, n },
            RuleOrigin::CGroup { group, index, line } => RuleRef::CGroup { group, index, line },
            RuleOrigin::Glossary { file, line } => RuleRef::Glossary { file, line },
        }
    }
}

/// Converts the renderer's pieces for JSON.
pub fn spans(source: &str, pieces: Vec<Piece>) -> Vec<SpanOut> {
    pieces
        .into_iter()
        .map(|p| {
            let changed = source.get(p.source.clone()) != Some(p.output.as_str());
            let (origin, config, hits, rule) = match p.origin {
                Origin::Kept => ("kept", None, Vec::new(), None),
                Origin::Dictionary { config, hits } => ("dictionary", Some(config), hits, None),
                Origin::Rule(r) => ("rule", None, Vec::new(), Some(RuleRef::from(r))),
                Origin::Markup => ("markup", None, Vec::new(), None),
                Origin::Synthesised => ("synthesised", None, Vec::new(), None),
            };
            SpanOut {
                start: p.source.start,
                end: p.source.end,
                output: p.output,
                origin,
                changed,
                config,
                hits,
                rule,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_become_spans() {
        let src = "头发[[x]]";
        let pieces = vec![
            Piece {
                source: 0..6,
                output: "頭髮".into(),
                origin: Origin::Dictionary {
                    config: "s2twp".into(),
                    hits: vec![],
                },
            },
            Piece {
                source: 6..11,
                output: "[[x]]".into(),
                origin: Origin::Kept,
            },
            Piece {
                source: 11..11,
                output: "|y".into(),
                origin: Origin::Synthesised,
            },
            Piece {
                source: 11..11,
                output: "z".into(),
                origin: Origin::Rule(RuleOrigin::NoteTA { line: 2, n: 1 }),
            },
        ];
        let json = serde_json::to_string(&spans(src, pieces)).unwrap();
        assert_eq!(
            json,
            r#"[{"start":0,"end":6,"output":"頭髮","origin":"dictionary","changed":true,"config":"s2twp"},{"start":6,"end":11,"output":"[[x]]","origin":"kept","changed":false},{"start":11,"end":11,"output":"|y","origin":"synthesised","changed":true},{"start":11,"end":11,"output":"z","origin":"rule","changed":true,"rule":{"kind":"noteta","line":2,"n":1}}]"#
        );
    }
}
