//! Markdown (CommonMark, and the pandoc-style export of wiki articles) → [`Document`].
//!
//! Design: classify bytes, never rewrite them.
//! 1. [`events`]: pulldown-cmark's offset iterator gives the visible text (Text events whose
//!    source equals their text) and the opaque bytes (code, raw HTML tags, link destinations
//!    and titles, autolinks, footnote references, reference definitions, front matter).
//! 2. [`math`]: TeX math on the raw source, outside opaque bytes; kept.
//! 3. [`conv`]: `-{ }-` blocks on the raw source, outside opaque bytes and math; each becomes a
//!    [`Span::Markup`] covering everything between its delimiters.
//! 4. Assembly: visible text minus opaque, math and blocks becomes [`Span::Text`], one span per
//!    run of contiguous text (so a phrase never matches across markup: emphasis, links, tags,
//!    entities, escapes, line breaks), with bare URLs and `keep_patterns` matches cut out
//!    ([`text`]); every other byte is [`Span::Keep`].
//!
//! Invariants: the spans tile the source exactly, for any input (every byte not given to a
//! Text or Markup span goes to a Keep span); no pass is worse than linear (pulldown-cmark is
//! linear; the other passes are single scans or merges of sorted lists); nothing panics.

mod conv;
mod events;
mod links;
mod math;
mod ranges;
mod raw_html;
mod text;

use std::ops::Range;

use crate::document::{Document, Span};
use crate::rules::markup::ConvMarkup;

use super::ParseOptions;

/// Parses Markdown into spans. See the module docs for what is visible.
pub fn parse(source: &str, options: &ParseOptions) -> Document {
    let base = events::classify(source);
    let math = math::find(source, &base.opaque);
    let skips = if math.is_empty() {
        base.opaque
    } else {
        ranges::union(&base.opaque, &math)
    };
    let found = conv::find(source, &skips);
    let mut found = found;
    mark_escaped(source, &mut found.blocks, &skips);
    let hidden = if found.blocks.is_empty() {
        skips
    } else {
        let blocks: Vec<Range<usize>> = found.blocks.iter().map(|b| b.outer()).collect();
        ranges::union(&skips, &blocks)
    };
    let visible = ranges::subtract(&base.visible, &hidden);

    let mut out = Builder {
        src: source,
        spans: Vec::with_capacity(visible.len() * 2 + 1),
        cursor: 0,
    };
    let mut blocks = found.blocks.into_iter().peekable();
    let mut i = 0;
    while i < visible.len() || blocks.peek().is_some() {
        let next_block = blocks.peek().map(|b| b.outer().start);
        if i < visible.len() && next_block.is_none_or(|s| visible[i].start < s) {
            // A run of contiguous visible pieces.
            let start = visible[i].start;
            let mut end = visible[i].end;
            i += 1;
            while i < visible.len() && visible[i].start == end {
                end = visible[i].end;
                i += 1;
            }
            out.text_run(start..end, &options.keep_patterns);
        } else if let Some(block) = blocks.next() {
            out.markup(block);
        }
    }
    out.keep_to(source.len());
    Document {
        spans: out.spans,
        meta: crate::document::DocMeta::default(),
        diagnostics: found.diagnostics,
    }
}

/// Marks the blocks whose `-{` is escaped (`\-{…}-`): by a backslash right before the block,
/// not itself escaped (an odd run of backslashes), outside code and other opaque bytes.
fn mark_escaped(src: &str, blocks: &mut [ConvMarkup], skips: &[Range<usize>]) {
    let b = src.as_bytes();
    for m in blocks {
        let Some(at) = m.range.start.checked_sub(1) else {
            continue;
        };
        let run = b[..m.range.start]
            .iter()
            .rev()
            .take_while(|&&c| c == b'\\')
            .count();
        // `skips` is sorted and disjoint.
        let k = skips.partition_point(|r| r.end <= at);
        let opaque = skips.get(k).is_some_and(|r| r.start <= at);
        m.escape = run % 2 == 1 && !opaque;
    }
}

struct Builder<'a> {
    src: &'a str,
    spans: Vec<Span>,
    cursor: usize,
}

impl Builder<'_> {
    /// Keeps the bytes from the cursor to `pos`, extending a Keep span that ends at the cursor.
    fn keep_to(&mut self, pos: usize) {
        if pos <= self.cursor {
            return;
        }
        match self.spans.last_mut() {
            Some(Span::Keep(r)) if r.end == self.cursor => r.end = pos,
            _ => self.spans.push(Span::Keep(self.cursor..pos)),
        }
        self.cursor = pos;
    }

    fn text_run(&mut self, run: Range<usize>, patterns: &[regex::Regex]) {
        self.keep_to(run.start);
        let mut at = run.start;
        for k in text::kept_in_run(self.src, run.clone(), patterns) {
            if at < k.start {
                self.spans.push(Span::Text(at..k.start));
            }
            self.cursor = k.start;
            self.keep_to(k.end);
            at = k.end;
        }
        if at < run.end {
            self.spans.push(Span::Text(at..run.end));
        }
        self.cursor = run.end;
    }

    fn markup(&mut self, block: ConvMarkup) {
        self.keep_to(block.outer().start);
        self.cursor = block.range.end;
        self.spans.push(Span::Markup(Box::new(block)));
    }
}
