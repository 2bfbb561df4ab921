//! The `check` pass over one source: parse once, build each edition's view, run the
//! detectors, merge identical findings across editions, sort by position.

use std::ops::Range;
use std::rc::Rc;

use super::position::LineIndex;
use super::trace::{Chain, TraceCache};
use super::{Finding, Kind, Severity, ambiguous, glossary, hazard, mixed};
use crate::document::{Document, Format, Span};
use crate::edition::{EditionSpec, Origin, Piece, render_outline};
use crate::markup::{ParseOptions, parse_with};
use crate::variant::Variant;

/// A finding before positions are computed and editions are merged.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawFinding {
    pub range: Range<usize>,
    pub kind: Kind,
    pub severity: Severity,
    pub editions: Vec<Variant>,
    /// Shared: the same word's candidates are computed once.
    pub candidates: Rc<Vec<String>>,
    pub suggestion: Rc<str>,
}

/// Everything the detectors share about one source.
pub struct Context<'a> {
    pub source: &'a str,
    pub doc: Document,
    pub editions: &'a [EditionSpec],
    pub views: Vec<EditionView<'a>>,
    pub cache: TraceCache,
}

/// One edition as the detectors see it.
pub struct EditionView<'a> {
    pub spec: &'a EditionSpec,
    pub chain: Chain<'a>,
    pub chain_key: String,
    /// Source ranges of visible text the dictionaries converted for this edition (shared by
    /// the editions that need no rendering).
    pub units: Rc<Vec<Range<usize>>>,
    /// The rendered pieces, when the edition was rendered (rules or glossaries in force).
    pub pieces: Option<Vec<Piece>>,
}

impl<'a> Context<'a> {
    pub fn new(source: &'a str, doc: Document, editions: &'a [EditionSpec]) -> Context<'a> {
        // Rules in force somewhere: NoteTA, or a block that adds or removes pairs.
        let has_rules = doc.spans.iter().any(|s| match s {
            Span::NoteTA(_) => true,
            Span::Markup(m) => hazard::changes_tables(source, m),
            _ => false,
        });
        let visible = Rc::new(visible_ranges(&doc));
        let views = editions
            .iter()
            .map(|spec| {
                let chain = Chain::new(&spec.converters);
                let chain_key = chain.key();
                if has_rules || !spec.glossaries.is_empty() {
                    let (_, pieces) = render_outline(source, &doc, None, spec);
                    let mut units: Vec<Range<usize>> = pieces
                        .iter()
                        .filter(|p| {
                            matches!(p.origin, Origin::Dictionary { .. }) && !p.source.is_empty()
                        })
                        .map(|p| p.source.clone())
                        .collect();
                    // Bare-link labels the renderer may report as synthesised text.
                    for s in &doc.spans {
                        if let Span::LinkLabel { shown } = s
                            && !shown.is_empty()
                            && !units.contains(shown)
                        {
                            units.push(shown.clone());
                        }
                    }
                    units.sort_by_key(|r| (r.start, r.end));
                    EditionView {
                        spec,
                        chain,
                        chain_key,
                        units: Rc::new(units),
                        pieces: Some(pieces),
                    }
                } else {
                    EditionView {
                        spec,
                        chain,
                        chain_key,
                        units: visible.clone(),
                        pieces: None,
                    }
                }
            })
            .collect();
        Context {
            source,
            doc,
            editions,
            views,
            cache: TraceCache::default(),
        }
    }

    /// What an edition shows for a source range: the outputs of the rendered pieces that tile
    /// it exactly when they are rule or markup pieces, else the chain's conversion of the text
    /// alone (what the dictionaries make of it).
    pub fn shown(&self, view: &EditionView<'_>, range: Range<usize>) -> String {
        if let Some(pieces) = &view.pieces {
            let overlapping: Vec<&Piece> = pieces
                .iter()
                .filter(|p| p.source.start < range.end && range.start < p.source.end)
                .collect();
            let by_rule = !overlapping
                .iter()
                .any(|p| matches!(p.origin, Origin::Dictionary { .. }));
            if by_rule
                && let Some(s) = tile(
                    overlapping.iter().map(|p| (&p.source, p.output.as_str())),
                    &range,
                )
            {
                return s;
            }
        }
        self.cache
            .convert(view.chain, &view.chain_key, &self.source[range])
            .as_ref()
            .clone()
    }

    /// The tags of every checked edition (for source-level findings).
    pub fn all_editions(&self) -> Vec<Variant> {
        self.editions.iter().map(|e| e.variant).collect()
    }
}

/// The concatenated outputs of the pieces overlapping `range`, if they tile it exactly.
fn tile<'p>(
    pieces: impl Iterator<Item = (&'p Range<usize>, &'p str)>,
    range: &Range<usize>,
) -> Option<String> {
    let mut at = range.start;
    let mut out = String::new();
    for (src, o) in pieces {
        if src.end <= range.start || src.start >= range.end {
            continue;
        }
        if src.start != at || src.end > range.end {
            return None;
        }
        out.push_str(o);
        at = src.end;
    }
    (at == range.end).then_some(out)
}

/// Visible text of a document in source order: text spans and the shown text of bare links.
pub fn visible_ranges(doc: &Document) -> Vec<Range<usize>> {
    let mut v: Vec<Range<usize>> = doc
        .spans
        .iter()
        .filter_map(|s| match s {
            Span::Text(r) if !r.is_empty() => Some(r.clone()),
            Span::LinkLabel { shown } if !shown.is_empty() => Some(shown.clone()),
            _ => None,
        })
        .collect();
    v.sort_by_key(|r| (r.start, r.end));
    v.dedup();
    v
}

pub fn check(
    file: &str,
    source: &str,
    format: Format,
    editions: &[EditionSpec],
    parse: &ParseOptions,
) -> Vec<Finding> {
    let doc = parse_with(source, format, parse);
    let mut raw = Vec::new();
    hazard::find(source, &doc, editions, &mut raw);
    if !doc.meta.no_content_conversion {
        let ctx = Context::new(source, doc, editions);
        ambiguous::find(&ctx, &mut raw);
        glossary::find(&ctx, &mut raw);
        mixed::find(&ctx, format, &mut raw);
    }
    finish(file, source, editions, raw)
}

/// Merges findings that differ only in their editions, computes positions, sorts.
pub fn finish(
    file: &str,
    source: &str,
    editions: &[EditionSpec],
    mut raw: Vec<RawFinding>,
) -> Vec<Finding> {
    let order = |v: &Variant| {
        editions
            .iter()
            .position(|e| e.variant == *v)
            .unwrap_or(usize::MAX)
    };
    raw.sort_by_key(|f| (f.range.start, f.range.end, f.kind));
    // Merge within each run of equal (range, kind): same candidates and suggestion.
    let mut merged: Vec<RawFinding> = Vec::with_capacity(raw.len());
    let mut group_start = 0;
    for f in raw {
        if merged.get(group_start).is_some_and(|g| {
            (g.range.start, g.range.end, g.kind) != (f.range.start, f.range.end, f.kind)
        }) {
            group_start = merged.len();
        }
        let same = merged[group_start..].iter_mut().find(|m| {
            (Rc::ptr_eq(&m.candidates, &f.candidates) || m.candidates == f.candidates)
                && m.suggestion == f.suggestion
        });
        match same {
            Some(m) => {
                for e in f.editions {
                    if !m.editions.contains(&e) {
                        m.editions.push(e);
                    }
                }
                m.severity = m.severity.max(f.severity);
            }
            None => merged.push(f),
        }
    }
    // Positions, walking forward (findings are sorted by start).
    let index = LineIndex::new(source);
    let mut cursor = Cursor::default();
    merged
        .into_iter()
        .map(|mut f| {
            f.editions.sort_by_key(order);
            let (line, column) = cursor.advance(&index, source, f.range.start);
            Finding {
                file: file.to_string(),
                line,
                column,
                kind: f.kind.as_str().to_string(),
                severity: f.severity.as_str().to_string(),
                text: source.get(f.range.clone()).unwrap_or_default().to_string(),
                editions: f.editions.iter().map(|e| e.tag().to_string()).collect(),
                candidates: f.candidates.as_ref().clone(),
                suggestion: f.suggestion.to_string(),
            }
        })
        .collect()
}

/// Line and column of increasing offsets, counting characters only once per line.
#[derive(Default)]
struct Cursor {
    line: usize,
    at: usize,
    column: usize,
}

impl Cursor {
    fn advance(&mut self, index: &LineIndex<'_>, source: &str, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(source.len());
        while !source.is_char_boundary(offset) {
            offset -= 1;
        }
        let step = source.get(self.at..offset);
        match step {
            Some(step) if self.line > 0 && memchr::memchr(b'\n', step.as_bytes()).is_none() => {
                self.column += step.chars().count();
            }
            _ => (self.line, self.column) = index.line_col(offset),
        }
        self.at = offset;
        (self.line, self.column)
    }
}
