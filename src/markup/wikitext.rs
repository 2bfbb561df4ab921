//! Wikitext → [`Document`]: classifies every byte of an article as visible text (converted),
//! protected markup (kept), `-{ }-` conversion markup, bare-link labels and NoteTA rules.
//!
//! # Design
//! A small dedicated scanner, not a general wikitext parser: it only needs to know, for each
//! byte, whether a reader sees it. It works region by region (the page, then the content of
//! each `<ref>`, `<poem>` … on its own, as MediaWiki parses extension-tag content separately):
//! 1. [`scan`] finds the structure whose extent matters before anything can be classified:
//!    comments and extension elements, `-{ }-` blocks (via [`crate::rules::markup::BlockFinder`]),
//!    and `{{ }}` / `{{{ }}}` / `[[ ]]` with MediaWiki's preprocessor bracket rules (a `|` inside
//!    `-{ }-` or `[[ ]]` is not a template separator).
//! 2. [`block`] walks the region line by line (headings, lists, tables, leading-space
//!    preformatted lines, `#REDIRECT`), [`inline`] walks a line's text (bold/italic quotes,
//!    entities, HTML tags, external links, bare URLs, magic words) and [`construct`] classifies
//!    templates (names and parameter names kept, values converted unless configured otherwise),
//!    links (targets kept, labels converted, bare links get a [`Span::LinkLabel`]), files,
//!    galleries and NoteTA.
//!
//! # Invariants
//! - The spans' source ranges tile the input exactly, for any input: every emitter writes the
//!   next range after the previous one, and a final check falls back to keeping the whole text
//!   if that were ever violated (it is a bug; debug builds assert).
//! - Every [`Span::Text`] is one conversion unit; the scanner starts a new one at every
//!   markup boundary (quotes, tags, links, entities, `-{ }-`, templates), so a phrase never
//!   matches across markup, as in MediaWiki.
//! - Linear time: each pass visits each byte a bounded number of times; searches that could
//!   repeat (closing tags, `]` of external links) are cached or indexed. Recursion follows
//!   markup nesting and is capped at [`MAX_NESTING`] (deeper constructs are kept verbatim).
//! - Never panics: malformed markup is kept verbatim or read as text, with a diagnostic.

mod block;
mod construct;
mod inline;
mod names;
mod scan;

use std::cell::RefCell;
use std::ops::Range;
use std::rc::Rc;

use crate::document::{DocMeta, Document, Span};

use super::ParseOptions;

/// Deepest nesting of templates, links and extension elements the scanner descends into;
/// anything deeper is kept verbatim.
pub const MAX_NESTING: usize = 48;

/// Parses wikitext into spans. Never fails; see the module docs for the guarantees.
pub fn parse(source: &str, options: &ParseOptions) -> Document {
    let mut p = Parser::new(source, options);
    if !source.is_empty() {
        p.region(0..source.len(), block::RegionKind::Page);
    }
    let mut doc = Document {
        spans: p.spans,
        meta: p.meta,
        diagnostics: p.diags,
    };
    if doc.check_tiling(source).is_err() {
        debug_assert!(false, "wikitext spans do not tile the input");
        doc.spans = vec![Span::Keep(0..source.len())];
    }
    doc.diagnostics.sort_by_key(|d| d.at);
    doc
}

/// Parse options prepared for matching.
struct Options<'o> {
    /// Normalised template names (see [`construct::template_key`]); a trailing `*` matches a prefix.
    keep_templates: Rc<construct::KeySet>,
    /// Normalised parameter names (see [`construct::param_key`]); a trailing `*` matches a prefix.
    keep_params: Rc<construct::KeySet>,
    keep_patterns: &'o [regex::Regex],
}

type KeyCache = RefCell<Option<(Vec<String>, Rc<construct::KeySet>)>>;

thread_local! {
    /// The last name lists prepared on this thread (parsing many articles with the same options
    /// prepares them once).
    static KEEP_TEMPLATES: KeyCache = const { RefCell::new(None) };
    static KEEP_PARAMS: KeyCache = const { RefCell::new(None) };
}

fn cached_keys(
    cache: &'static std::thread::LocalKey<KeyCache>,
    names: &[String],
    normalise: for<'b> fn(&str, &'b mut [u8; construct::MAX_KEY]) -> Option<&'b [u8]>,
) -> Rc<construct::KeySet> {
    cache.with(|c| {
        let mut c = c.borrow_mut();
        if let Some((src, set)) = c.as_ref()
            && src.as_slice() == names
        {
            return set.clone();
        }
        let set = Rc::new(construct::KeySet::new(names.iter(), normalise));
        *c = Some((names.to_vec(), set.clone()));
        set
    })
}

struct Parser<'a, 'o> {
    src: &'a str,
    b: &'a [u8],
    opts: Options<'o>,
    closes: scan::CloseIndex,
    spans: Vec<Span>,
    meta: DocMeta,
    diags: Vec<crate::document::Diagnostic>,
    /// End of the last emitted range (the next span must start here).
    at: usize,
    depth: usize,
    /// Reusable region structures (regions nest, so this is a stack).
    trees: Vec<scan::Tree>,
}

impl<'a, 'o> Parser<'a, 'o> {
    fn new(src: &'a str, options: &'o ParseOptions) -> Self {
        Parser {
            src,
            b: src.as_bytes(),
            opts: Options {
                keep_templates: cached_keys(
                    &KEEP_TEMPLATES,
                    &options.keep_templates,
                    construct::template_key,
                ),
                keep_params: cached_keys(&KEEP_PARAMS, &options.keep_params, construct::param_key),
                keep_patterns: &options.keep_patterns,
            },
            closes: scan::CloseIndex::new(src),
            spans: Vec::with_capacity(src.len() / 8 + 4),
            meta: DocMeta::default(),
            diags: Vec::new(),
            at: 0,
            depth: 0,
            trees: Vec::new(),
        }
    }

    /// Emits protected bytes (merged with a directly preceding `Keep`).
    fn keep(&mut self, r: Range<usize>) {
        if r.is_empty() {
            return;
        }
        debug_assert_eq!(r.start, self.at, "keep out of order");
        self.at = r.end;
        if let Some(Span::Keep(last)) = self.spans.last_mut()
            && last.end == r.start
        {
            last.end = r.end;
            return;
        }
        self.spans.push(Span::Keep(r));
    }

    /// Emits visible text as one conversion unit, minus matches of the keep patterns.
    fn text(&mut self, r: Range<usize>) {
        if r.is_empty() {
            return;
        }
        debug_assert_eq!(r.start, self.at, "text out of order");
        if self.opts.keep_patterns.is_empty() {
            self.at = r.end;
            self.spans.push(Span::Text(r));
            return;
        }
        let slice = &self.src[r.clone()];
        let mut hits: Vec<Range<usize>> = Vec::new();
        for re in self.opts.keep_patterns {
            hits.extend(
                re.find_iter(slice)
                    .filter(|m| !m.is_empty())
                    .map(|m| r.start + m.start()..r.start + m.end()),
            );
        }
        if hits.is_empty() {
            self.at = r.end;
            self.spans.push(Span::Text(r));
            return;
        }
        hits.sort_by_key(|h| h.start);
        let mut pos = r.start;
        for h in hits {
            if h.end <= pos {
                continue;
            }
            let start = h.start.max(pos);
            if pos < start {
                self.at = start;
                self.spans.push(Span::Text(pos..start));
            }
            self.keep(start..h.end);
            pos = h.end;
        }
        if pos < r.end {
            self.at = r.end;
            self.spans.push(Span::Text(pos..r.end));
        }
    }

    /// Emits a span that covers no bytes (LinkLabel, NoteTA).
    fn marker(&mut self, span: Span) {
        self.spans.push(span);
    }

    /// `src[r]` trimmed of ASCII whitespace, as a range.
    fn trim(&self, r: Range<usize>) -> Range<usize> {
        let mut s = r.start;
        let mut e = r.end;
        while s < e && self.b[s].is_ascii_whitespace() {
            s += 1;
        }
        while e > s && self.b[e - 1].is_ascii_whitespace() {
            e -= 1;
        }
        s..e
    }
}
