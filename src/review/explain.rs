//! `explain`: where each converted span of one edition came from.
//!
//! The edition is rendered with provenance ([`render_traced`]); then
//! - a dictionary piece is traced through the edition's chain and split into the smallest
//!   spans that can be explained on their own: the clusters of dictionary hits whose source
//!   ranges overlap, each with its steps (stage, dictionary, key → value, all values). A
//!   cluster's output is its source converted alone; if the clusters and the untouched text
//!   between them do not rebuild the segment's output exactly, the whole segment is one span.
//!   Text no dictionary entry matched is not listed;
//! - a rule piece is one span with the rule's origin (`-{ }-` rule line/column, NoteTA,
//!   CGroup entry, glossary file:line);
//! - a markup piece (the display text of `-{ }-`) is one span;
//! - synthesised text (such as the `|label` added to a bare link) is one span;
//! - protected pieces are counted (spans, bytes), not listed.

use super::position::LineIndex;
use super::trace::{Chain, Hit, Segment};
use crate::document::Format;
use crate::edition::{EditionSpec, Origin, render_traced};
use crate::markup::{ParseOptions, parse_with};
use crate::rules::RuleOrigin;

/// One explained span.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ExplainSpan {
    /// 1-based line and column (in characters) of the span's start in the source.
    pub line: usize,
    pub column: usize,
    /// The source text.
    pub source: String,
    /// What the edition shows for it.
    pub output: String,
    pub why: Why,
}

/// Why a span reads as it does.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Why {
    /// OpenCC dictionaries: each entry applied, in chain order.
    Dictionary { config: String, steps: Vec<Step> },
    /// A `-{ }-` rule (`H`, `A`, …) at this line and column of the source.
    Rule { line: usize, column: usize },
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
    /// A glossary entry.
    Glossary { file: String, line: usize },
    /// The display text of `-{ }-` markup.
    Markup,
    /// Text the renderer made up.
    Synthesised,
}

/// One dictionary entry applied.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Step {
    /// The OpenCC config (`s2twp`).
    pub config: String,
    /// 0 normalization, 1, 2… the conversion chain's stages.
    pub stage: usize,
    pub dict: String,
    pub key: String,
    pub value: String,
    /// Every value of the entry, the used one first.
    pub values: Vec<String>,
}

/// Protected spans copied unconverted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ProtectedSummary {
    pub spans: usize,
    pub bytes: usize,
}

pub fn explain(
    file: &str,
    source: &str,
    format: Format,
    edition: &EditionSpec,
    parse: &ParseOptions,
) -> super::ExplainReport {
    let doc = parse_with(source, format, parse);
    let (_, pieces) = render_traced(source, &doc, None, edition);
    let index = LineIndex::new(source);
    let chain = Chain::new(&edition.converters);
    let config = chain.key();
    let mut spans = Vec::new();
    let mut protected = ProtectedSummary::default();
    let mut push = |start: usize, src: &str, output: String, why: Why| {
        let (line, column) = index.line_col(start);
        spans.push(ExplainSpan {
            line,
            column,
            source: src.to_string(),
            output,
            why,
        });
    };
    for p in &pieces {
        let src = source.get(p.source.clone()).unwrap_or_default();
        match &p.origin {
            Origin::Kept => {
                protected.spans += 1;
                protected.bytes += p.source.len();
            }
            Origin::Dictionary { .. } => {
                if p.source.is_empty() {
                    continue;
                }
                let trace = chain.trace(src, p.source.start);
                for seg in &trace.segments {
                    for (range, output, hits) in clusters(source, chain, seg) {
                        let steps = hits.iter().map(|h| step(h)).collect();
                        push(
                            range.start,
                            &source[range],
                            output,
                            Why::Dictionary {
                                config: config.clone(),
                                steps,
                            },
                        );
                    }
                }
            }
            Origin::Rule(r) => {
                let why = match r {
                    RuleOrigin::Markup { line, column } => Why::Rule {
                        line: *line,
                        column: *column,
                    },
                    RuleOrigin::NoteTA { line, n } => Why::NoteTA { line: *line, n: *n },
                    RuleOrigin::CGroup { group, index, line } => Why::CGroup {
                        group: group.clone(),
                        index: *index,
                        line: *line,
                    },
                    RuleOrigin::Glossary { file, line } => Why::Glossary {
                        file: file.clone(),
                        line: *line,
                    },
                };
                push(p.source.start, src, p.output.clone(), why);
            }
            Origin::Markup => push(p.source.start, src, p.output.clone(), Why::Markup),
            Origin::Synthesised => push(p.source.start, src, p.output.clone(), Why::Synthesised),
        }
    }
    super::ExplainReport {
        file: file.to_string(),
        edition: edition.variant.tag().to_string(),
        spans,
        protected,
    }
}

fn step(h: &Hit) -> Step {
    Step {
        config: h.config.clone(),
        stage: h.hit.stage,
        dict: h.hit.dict.clone(),
        key: h.hit.key.clone(),
        value: h.hit.value.clone(),
        values: h.hit.values.clone(),
    }
}

/// Splits a traced segment into clusters of overlapping hits: (source range, output, hits).
fn clusters<'s>(
    source: &str,
    chain: Chain<'_>,
    seg: &'s Segment,
) -> Vec<(std::ops::Range<usize>, String, Vec<&'s Hit>)> {
    if seg.hits.is_empty() {
        return Vec::new();
    }
    let mut hits: Vec<&Hit> = seg.hits.iter().collect();
    hits.sort_by_key(|h| (h.source.start, h.hit.stage));
    let mut groups: Vec<(std::ops::Range<usize>, Vec<&Hit>)> = Vec::new();
    for h in hits {
        match groups.last_mut() {
            Some((r, hs))
                if h.source.start < r.end || (h.source.is_empty() && h.source.start == r.end) =>
            {
                r.end = r.end.max(h.source.end);
                hs.push(h);
            }
            _ => groups.push((h.source.clone(), vec![h])),
        }
    }
    // Rebuild the segment from the clusters and the text between them.
    let mut rebuilt = String::new();
    let mut at = seg.source.start;
    let mut out = Vec::with_capacity(groups.len());
    for (r, hs) in groups {
        if r.start < at || r.end > seg.source.end {
            return whole(source, seg);
        }
        rebuilt.push_str(&source[at..r.start]);
        let o = chain.convert(&source[r.clone()]);
        rebuilt.push_str(&o);
        at = r.end;
        out.push((r, o, hs));
    }
    rebuilt.push_str(&source[at..seg.source.end]);
    if rebuilt == seg.output {
        out
    } else {
        whole(source, seg)
    }
}

fn whole<'s>(
    _source: &str,
    seg: &'s Segment,
) -> Vec<(std::ops::Range<usize>, String, Vec<&'s Hit>)> {
    vec![(
        seg.source.clone(),
        seg.output.clone(),
        seg.hits.iter().collect(),
    )]
}
