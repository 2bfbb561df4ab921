//! The `check` pass over one source: parse once, build each edition's view, run the
//! detectors, merge identical findings across editions, sort by position.

use std::ops::Range;
use std::rc::Rc;
use std::sync::Arc;

use super::batch::Batch;
use super::position::LineIndex;
use super::trace::{Chain, TraceCache};
use super::{Finding, Kind, Severity, ambiguous, glossary, hazard, mixed};
use crate::document::{Document, Format, Span};
use crate::edition::{EditionSpec, Origin, Piece, render_outline};
use crate::markup::{ParseOptions, parse_with};
use crate::rules::block::{Evaluated, Host, evaluate, evaluate_text};
use crate::rules::body::{Action, mediawiki_level};
use crate::rules::layers::glossary_pairs;
use crate::variant::Variant;

/// A finding before positions are computed and editions are merged.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawFinding {
    pub range: Range<usize>,
    pub kind: Kind,
    pub severity: Severity,
    pub editions: Vec<Variant>,
    /// Shared: the same word's candidates are computed once.
    pub candidates: Arc<Vec<String>>,
    pub suggestion: Arc<str>,
}

/// Everything the detectors share about one source.
pub struct Context<'a> {
    pub source: &'a str,
    pub doc: Document,
    pub editions: &'a [EditionSpec],
    pub views: Vec<EditionView<'a>>,
    pub cache: TraceCache,
    /// The visible units (text spans and bare-link labels) in order, and their joined text
    /// (`None` when a unit holds an IDS operator).
    visible: Rc<Vec<Range<usize>>>,
    visible_batch: Option<Batch>,
}

/// One edition as the detectors see it.
pub struct EditionView<'a> {
    pub spec: &'a EditionSpec,
    pub chain: Chain<'a>,
    pub chain_key: String,
    /// Source ranges of visible text the dictionaries converted for this edition (shared by
    /// the editions that need no rendering).
    pub units: Rc<Vec<Range<usize>>>,
    /// The rendered pieces, when the edition was rendered (rules or glossaries in force;
    /// shared by editions the rules treat alike).
    pub pieces: Option<Rc<Vec<Piece>>>,
}

impl<'a> Context<'a> {
    pub fn new(source: &'a str, doc: Document, editions: &'a [EditionSpec]) -> Context<'a> {
        let visible = Rc::new(visible_ranges(&doc));
        // The visible text joined, for a quick look for rule keys (a rule applies only where
        // its key occurs; units joined by newlines, which no key contains) and for the
        // scans of editions that convert the visible text whole.
        let visible_batch = Batch::new(source, &visible);
        let batch = || visible_batch.as_ref();
        let mut views: Vec<EditionView<'a>> = Vec::with_capacity(editions.len());
        // (signature, view index) of the editions rendered so far.
        let mut rendered: Vec<(Signature, usize)> = Vec::new();
        for spec in editions {
            let chain = Chain::new(&spec.converters);
            let chain_key = chain.key();
            let sig = signature(source, &doc, spec);
            // Without glossaries, the visible units some rule key occurs in (`None`: not
            // known, render everything).
            let hot = if sig.needs_render && spec.glossaries.is_empty() {
                batch().and_then(|b| hot_units(&sig, b, &visible))
            } else {
                None
            };
            if !sig.needs_render || hot.as_ref().is_some_and(|h| h.is_empty()) {
                views.push(EditionView {
                    spec,
                    chain,
                    chain_key,
                    units: visible.clone(),
                    pieces: None,
                });
                continue;
            }
            // An edition the page's rules treat exactly like one already rendered (zh-SG
            // like zh-CN when no rule names zh-sg, zh-my or zh-hans differently…) renders
            // the same: share it.
            let same = rendered.iter().find(|(other, i)| {
                let o = views[*i].spec;
                *other == sig
                    && views[*i].chain_key == chain_key
                    && o.localize_quotes == spec.localize_quotes
                    && o.keep_markup == spec.keep_markup
            });
            if let Some(&(_, i)) = same {
                let (units, pieces) = (views[i].units.clone(), views[i].pieces.clone());
                views.push(EditionView {
                    spec,
                    chain,
                    chain_key,
                    units,
                    pieces,
                });
                continue;
            }
            let (pieces, cold) = match &hot {
                Some(hot) => render_hot(source, &doc, spec, hot),
                None => (render_outline(source, &doc, None, spec).1, Vec::new()),
            };
            let mut units: Vec<Range<usize>> = pieces
                .iter()
                .filter(|p| matches!(p.origin, Origin::Dictionary { .. }) && !p.source.is_empty())
                .map(|p| p.source.clone())
                .collect();
            units.extend(cold);
            // Bare-link labels the renderer may report as synthesised text.
            units.extend(doc.spans.iter().filter_map(|s| match s {
                Span::LinkLabel { shown } if !shown.is_empty() => Some(shown.clone()),
                _ => None,
            }));
            units.sort_by_key(|r| (r.start, r.end));
            units.dedup();
            rendered.push((sig, views.len()));
            views.push(EditionView {
                spec,
                chain,
                chain_key,
                units: Rc::new(units),
                pieces: Some(Rc::new(pieces)),
            });
        }
        Context {
            source,
            doc,
            editions,
            views,
            cache: TraceCache::default(),
            visible,
            visible_batch,
        }
    }

    /// The joined text of `units` when they are the visible units (joined once per source).
    pub fn batch_of(&self, units: &Rc<Vec<Range<usize>>>) -> Option<&Batch> {
        if Rc::ptr_eq(units, &self.visible) {
            self.visible_batch.as_ref()
        } else {
            None
        }
    }

    /// What an edition shows for a source range: the outputs of the rendered pieces that tile
    /// it exactly when they are rule or markup pieces, else the chain's conversion of the text
    /// alone (what the dictionaries make of it).
    pub fn shown(&self, view: &EditionView<'_>, range: Range<usize>) -> String {
        if let Some(pieces) = &view.pieces {
            // Pieces follow the source: start from the first that ends after the range starts.
            let first = pieces.partition_point(|p| p.source.end <= range.start);
            let overlapping: Vec<&Piece> = pieces[first..]
                .iter()
                .take_while(|p| p.source.start < range.end)
                .filter(|p| range.start < p.source.end)
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

/// What a page's rules, markup and glossaries do in one edition, as far as its rendering
/// goes: equal signatures (with the same converters and options) render the same.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Signature {
    /// Per `-{ }-` block (nested ones included), NoteTA rule, loaded conversion-group rule
    /// and glossary entry: what it shows and the pairs it puts into the edition's table.
    effects: Vec<Effect>,
    /// Some rule or glossary is in force: the edition must be rendered to know where.
    needs_render: bool,
}

#[derive(Debug, PartialEq, Eq)]
struct Effect {
    display: Option<String>,
    filter: Option<Variant>,
    pairs: Vec<(String, String)>,
}

/// Records nested blocks' effects while a top-level block is evaluated.
struct Recorder<'s> {
    variant: Variant,
    sig: &'s mut Signature,
}

impl Host for Recorder<'_> {
    fn variant(&self) -> Variant {
        self.variant
    }
    fn convert_filter(&mut self, text: &str, _to: Variant) -> String {
        text.to_string()
    }
    fn nested(&mut self, _range: Range<usize>, result: &Evaluated) {
        record(self.sig, self.variant, result);
    }
}

fn record(sig: &mut Signature, v: Variant, e: &Evaluated) {
    let pairs = if e.action == Action::None {
        Vec::new()
    } else {
        e.rule.table_pairs(v, mediawiki_level)
    };
    // The renderer puts exactly these pairs into the edition's table (or removes their keys).
    sig.needs_render |= !pairs.is_empty();
    sig.effects.push(Effect {
        display: e.display.clone(),
        filter: e.flags.filter_target(v),
        pairs,
    });
}

/// The visible units (sorted source ranges) that some key the edition's rules put into its
/// table occurs in, found in the joined visible text; empty when no key occurs anywhere.
/// `None` for very many keys (then the whole document is rendered).
fn hot_units(
    sig: &Signature,
    batch: &Batch,
    visible: &[Range<usize>],
) -> Option<Vec<Range<usize>>> {
    const MANY: usize = 4096;
    let mut keys: Vec<&str> = sig
        .effects
        .iter()
        .flat_map(|e| e.pairs.iter().map(|(k, _)| k.as_str()))
        .filter(|k| !k.is_empty())
        .collect();
    if keys.len() > MANY {
        return None;
    }
    keys.sort_unstable();
    keys.dedup();
    let text = batch.text.as_bytes();
    let mut hot = vec![false; visible.len()];
    for k in keys {
        for at in memchr::memmem::find_iter(text, k.as_bytes()) {
            if let Some(h) = hot.get_mut(batch.unit_at(at)) {
                *h = true;
            }
        }
    }
    Some(
        visible
            .iter()
            .zip(hot)
            .filter(|(_, h)| *h)
            .map(|(r, _)| r.clone())
            .collect(),
    )
}

/// The pieces of an edition with no glossary that matter to the detectors, rendering only
/// the text spans in `hot` (sorted source ranges: the spans some rule key occurs in), and
/// the other non-empty text spans, which the renderer would convert whole, each in one run.
///
/// Every run of protected spans and other text spans is rendered as one protected span: that
/// changes no table and leaves the renderer's position (where synthesised text stands) where
/// it was. Protected pieces are dropped: the detectors look at pieces only where they overlap
/// a unit of visible text, and a range no piece overlaps is shown as the chain converts it,
/// as a dictionary piece's range is.
fn render_hot(
    source: &str,
    doc: &Document,
    spec: &EditionSpec,
    hot: &[Range<usize>],
) -> (Vec<Piece>, Vec<Range<usize>>) {
    let is_hot = |r: &Range<usize>| {
        hot.binary_search_by_key(&(r.start, r.end), |h| (h.start, h.end))
            .is_ok()
    };
    let mut cold: Vec<Range<usize>> = Vec::new();
    let mut spans = Vec::new();
    let mut run: Option<Range<usize>> = None;
    for span in &doc.spans {
        let covered = match span {
            Span::Keep(r) => Some(r),
            // (An empty text span makes no piece: left as it is.)
            Span::Text(r) if !r.is_empty() && !is_hot(r) => {
                cold.push(r.clone());
                Some(r)
            }
            _ => None,
        };
        match covered {
            Some(r) => {
                run = Some(match run {
                    Some(a) => a.start..r.end,
                    None => r.clone(),
                })
            }
            None => {
                spans.extend(run.take().map(Span::Keep));
                spans.push(span.clone());
            }
        }
    }
    spans.extend(run.take().map(Span::Keep));
    let sub = Document {
        spans,
        meta: doc.meta.clone(),
        diagnostics: Vec::new(),
    };
    let (_, mut pieces) = render_outline(source, &sub, None, spec);
    pieces.retain(|p| !matches!(p.origin, Origin::Kept));
    (pieces, cold)
}

/// The signature of `spec`'s edition for a document.
pub fn signature(source: &str, doc: &Document, spec: &EditionSpec) -> Signature {
    let v = spec.variant;
    let mut sig = Signature::default();
    for span in &doc.spans {
        match span {
            Span::Markup(m) => {
                let mut host = Recorder {
                    variant: v,
                    sig: &mut sig,
                };
                let e = evaluate(&mut host, source, &m.body, "", 1);
                record(&mut sig, v, &e);
            }
            Span::NoteTA(n) => {
                let mut bodies: Vec<String> = n
                    .rules
                    .iter()
                    .map(|r| source.get(r.clone()).unwrap_or("").to_string())
                    .collect();
                for g in &n.groups {
                    let name = source.get(g.clone()).unwrap_or("").trim();
                    if let Some(group) = spec.cgroups.find(name) {
                        bodies.extend(group.rules.iter().map(|r| r.body.clone()));
                    }
                }
                for b in bodies {
                    let mut host = Recorder {
                        variant: v,
                        sig: &mut sig,
                    };
                    let e = evaluate_text(&mut host, &format!("H|{b}"));
                    record(&mut sig, v, &e);
                }
            }
            _ => {}
        }
    }
    for g in &spec.glossaries {
        sig.needs_render |= !g.entries.is_empty();
        for entry in &g.entries {
            sig.effects.push(Effect {
                display: None,
                filter: None,
                pairs: glossary_pairs(entry, v),
            });
        }
    }
    sig
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
            (Arc::ptr_eq(&m.candidates, &f.candidates) || m.candidates == f.candidates)
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
    // Findings at the same place: in the order of their first edition.
    for f in &mut merged {
        f.editions.sort_by_key(order);
    }
    merged.sort_by_key(|f| {
        (
            f.range.start,
            f.range.end,
            f.kind,
            f.editions.first().map_or(usize::MAX, order),
        )
    });
    // Positions, walking forward (findings are sorted by start).
    let index = LineIndex::new(source);
    let mut cursor = Cursor::default();
    merged
        .into_iter()
        .map(|f| {
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
                suggestion: String::from(&*f.suggestion),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markup::parse;

    /// The units and the non-protected pieces of a full render.
    fn full(source: &str, doc: &Document, spec: &EditionSpec) -> (Vec<Range<usize>>, Vec<Piece>) {
        let (_, mut pieces) = render_outline(source, doc, None, spec);
        pieces.retain(|p| !matches!(p.origin, Origin::Kept));
        let mut units: Vec<Range<usize>> = pieces
            .iter()
            .filter(|p| matches!(p.origin, Origin::Dictionary { .. }) && !p.source.is_empty())
            .map(|p| p.source.clone())
            .collect();
        units.sort_by_key(|r| (r.start, r.end));
        (units, pieces)
    }

    #[test]
    fn rendering_only_the_hot_spans_keeps_the_units_and_rule_pieces() {
        let sources = [
            "-{H|zh-cn:软件;zh-tw:軟體;zh-hk:軟件;}-\n软件很好。[[计算机]]的'''头发'''\n\n后面的软件包里。\n",
            "前面的软件。-{H|zh-hans:内存;zh-hant:記憶體;}-\n* 内存和[[内存|硬盘]]\n* [[内存]]里面\n",
            "{{NoteTA|1=zh-cn:鼠标;zh-tw:滑鼠;}}\n鼠标与头发，-{干}-了\n",
        ];
        for source in sources {
            let doc = parse(source, Format::Wikitext);
            let visible = visible_ranges(&doc);
            let batch = Batch::new(source, &visible).unwrap();
            for v in [Variant::ZhCN, Variant::ZhTW, Variant::ZhHK, Variant::ZhHant] {
                let spec = EditionSpec::new(v);
                let sig = signature(source, &doc, &spec);
                let hot = hot_units(&sig, &batch, &visible).unwrap();
                assert!(hot.len() < visible.len(), "{source:?} {v:?}");
                let (pieces, cold) = render_hot(source, &doc, &spec, &hot);
                let mut units: Vec<Range<usize>> = pieces
                    .iter()
                    .filter(|p| {
                        matches!(p.origin, Origin::Dictionary { .. }) && !p.source.is_empty()
                    })
                    .map(|p| p.source.clone())
                    .chain(cold)
                    .collect();
                units.sort_by_key(|r| (r.start, r.end));
                let (want_units, want_pieces) = full(source, &doc, &spec);
                assert_eq!(units, want_units, "{source:?} {v:?}");
                let not_dict = |ps: &[Piece]| -> Vec<Piece> {
                    ps.iter()
                        .filter(|p| !matches!(p.origin, Origin::Dictionary { .. }))
                        .cloned()
                        .collect()
                };
                assert_eq!(
                    not_dict(&pieces),
                    not_dict(&want_pieces),
                    "{source:?} {v:?}"
                );
            }
        }
    }
}
