//! The extent of `-{ … }-` conversion markup in a source text, with MediaWiki's nesting.
//!
//! MediaWiki's preprocessor treats `-{` / `}-` as a bracket pair, and
//! `LanguageConverter::recursiveConvertRule` evaluates inner blocks first, to a depth of 10.
//! This module only finds where each block starts and ends and what is nested in it; the
//! meaning of the body (flags, variant lists, rules) is parsed at render time, after the inner
//! blocks' display text for the edition has been spliced in (as MediaWiki does).

use std::ops::Range;

/// MediaWiki's `mMaxDepth`: nesting deeper than this leaves `-{` literal.
pub const MAX_DEPTH: usize = 10;

/// One `-{ … }-` block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConvMarkup {
    /// The whole block, from `-{` to `}-` inclusive.
    pub range: Range<usize>,
    /// A backslash right before the `-{` escapes the block (the Markdown export writes
    /// `\-{…}-`). It belongs to the block's source form: an edition that writes the block as
    /// it stands writes the backslash too; one that shows the block's display text drops it.
    pub escape: bool,
    /// The body between `-{` and `}-`, as source text pieces and nested blocks, in order.
    pub body: Vec<MarkupPart>,
}

/// A piece of a `-{ }-` body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MarkupPart {
    /// Source bytes of the body.
    Text(Range<usize>),
    /// A nested block.
    Nested(ConvMarkup),
}

/// Finds every `-{ … }-` block of a source text in one linear pass (a bracket stack, as
/// MediaWiki's preprocessor does), then hands out blocks by their opening offset.
///
/// Parsers use this rather than scanning from each `-{` they meet, so that input such as
/// 100,000 unclosed `-{` stays linear.
#[derive(Clone, Debug, Default)]
pub struct BlockFinder {
    /// (open, close_end) for every closed block, sorted by `open`.
    pairs: Vec<(usize, usize)>,
}

impl BlockFinder {
    /// Pairs the brackets of `src`. Offsets in `skip` ranges (comments, nowiki, code…, sorted
    /// and disjoint) are not looked at.
    pub fn new(src: &str) -> BlockFinder {
        Self::with_skips(src, &[])
    }

    pub fn with_skips(src: &str, skip: &[Range<usize>]) -> BlockFinder {
        let bytes = src.as_bytes();
        let mut pairs = Vec::new();
        let mut stack: Vec<usize> = Vec::new();
        let mut skips = skip.iter().peekable();
        let mut i = 0;
        while i + 1 < bytes.len() {
            while let Some(r) = skips.peek() {
                if r.end <= i {
                    skips.next();
                } else {
                    break;
                }
            }
            if let Some(r) = skips.peek()
                && r.start <= i
            {
                i = r.end;
                continue;
            }
            match (bytes[i], bytes[i + 1]) {
                (b'-', b'{') => {
                    if stack.len() < MAX_DEPTH {
                        stack.push(i);
                    }
                    i += 2;
                }
                (b'}', b'-') => {
                    if let Some(open) = stack.pop() {
                        pairs.push((open, i + 2));
                        i += 2;
                    } else {
                        i += 1;
                    }
                }
                _ => i += 1,
            }
        }
        pairs.sort_unstable();
        BlockFinder { pairs }
    }

    /// The block that opens at `start`, or `None` if the `-{` there is not closed (the caller
    /// keeps it literal and goes on after it).
    pub fn block_at(&self, start: usize) -> Option<ConvMarkup> {
        let idx = self.pairs.binary_search_by_key(&start, |p| p.0).ok()?;
        Some(self.build(idx))
    }

    fn build(&self, idx: usize) -> ConvMarkup {
        let (open, end) = self.pairs[idx];
        let body_end = end - 2;
        let mut body = Vec::new();
        let mut text_start = open + 2;
        let mut j = idx + 1;
        while j < self.pairs.len() && self.pairs[j].0 < body_end {
            let (child_open, child_end) = self.pairs[j];
            if text_start < child_open {
                body.push(MarkupPart::Text(text_start..child_open));
            }
            body.push(MarkupPart::Nested(self.build(j)));
            text_start = child_end;
            // Skip the child's own descendants.
            j += 1;
            while j < self.pairs.len() && self.pairs[j].0 < child_end {
                j += 1;
            }
        }
        if text_start < body_end {
            body.push(MarkupPart::Text(text_start..body_end));
        }
        ConvMarkup {
            range: open..end,
            escape: false,
            body,
        }
    }
}

/// Scans the one block that starts at `start` (where `src[start..]` begins with `-{`).
/// Convenience for a single block; parsers scanning a whole text use [`BlockFinder`].
pub fn scan(src: &str, start: usize) -> Option<ConvMarkup> {
    let finder = BlockFinder::new(&src[start..]);
    finder.block_at(0).map(|m| shift(m, start))
}

fn shift(m: ConvMarkup, by: usize) -> ConvMarkup {
    ConvMarkup {
        range: m.range.start + by..m.range.end + by,
        escape: m.escape,
        body: m
            .body
            .into_iter()
            .map(|p| match p {
                MarkupPart::Text(r) => MarkupPart::Text(r.start + by..r.end + by),
                MarkupPart::Nested(n) => MarkupPart::Nested(shift(n, by)),
            })
            .collect(),
    }
}

/// The parts of `src[range]` read as a `-{ }-` body of its own (a NoteTA value, a conversion
/// group rule): source pieces and the closed blocks nested in it, ranges into `src`. Unclosed
/// `-{` stay in the text pieces. Linear in the length of the range.
pub fn parts_of(src: &str, range: Range<usize>) -> Vec<MarkupPart> {
    let Some(slice) = src.get(range.clone()) else {
        return Vec::new();
    };
    let by = range.start;
    let finder = BlockFinder::new(slice);
    let bytes = slice.as_bytes();
    let mut parts = Vec::new();
    let mut last = 0;
    let mut i = 0;
    while let Some(off) = memchr::memmem::find(&bytes[i..], b"-{") {
        let at = i + off;
        match finder.block_at(at) {
            Some(m) => {
                if last < at {
                    parts.push(MarkupPart::Text(last + by..at + by));
                }
                last = m.range.end;
                i = m.range.end;
                parts.push(MarkupPart::Nested(shift(m, by)));
            }
            None => i = at + 2,
        }
    }
    if last < slice.len() {
        parts.push(MarkupPart::Text(last + by..slice.len() + by));
    }
    parts
}

impl ConvMarkup {
    /// The source bytes the block covers: its range and the escaping backslash, if any.
    pub fn outer(&self) -> Range<usize> {
        self.range.start.saturating_sub(usize::from(self.escape))..self.range.end
    }

    /// The body's source text with nested blocks written out as they are in the source.
    pub fn raw_body<'a>(&self, src: &'a str) -> &'a str {
        &src[self.range.start + 2..self.range.end - 2]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn simple_block() {
        let src = "a-{zh-hans:软件;zh-hant:軟體}-b";
        let m = scan(src, 1).unwrap();
        assert_eq!(&src[m.range.clone()], "-{zh-hans:软件;zh-hant:軟體}-");
        assert_eq!(m.raw_body(src), "zh-hans:软件;zh-hant:軟體");
        assert_eq!(m.body, vec![MarkupPart::Text(3..m.range.end - 2)]);
    }

    #[test]
    fn empty_block_is_a_block() {
        let src = "北-{}-韓";
        let m = scan(src, 3).unwrap();
        assert_eq!(m.range, 3..7);
        assert!(m.body.is_empty());
    }

    #[test]
    fn nested_blocks() {
        let src = "-{H|-{zh-cn:a;zh-tw:b}-}-";
        let m = scan(src, 0).unwrap();
        assert_eq!(m.range, 0..src.len());
        assert_eq!(m.body.len(), 2);
        assert_eq!(m.body[0], MarkupPart::Text(2..4));
        match &m.body[1] {
            MarkupPart::Nested(inner) => {
                assert_eq!(&src[inner.range.clone()], "-{zh-cn:a;zh-tw:b}-")
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn unclosed() {
        assert_eq!(scan("-{abc", 0), None);
        assert_eq!(scan("-{a -{b}- c", 0), None);
        assert_eq!(scan("-{", 0), None);
        assert_eq!(scan("-{}", 0), None);
    }

    #[test]
    fn depth_limit_leaves_inner_literal() {
        let deep = "-{".repeat(12) + &"}-".repeat(12);
        // The first 10 opens nest; the 11th and 12th `-{` are body text, so the first `}-`
        // closes the 10th block and the outermost block closes at the 10th `}-`.
        let m = scan(&deep, 0).unwrap();
        assert_eq!(m.range, 0..24 + 20);
    }

    #[test]
    fn finder_is_linear_and_pairs_like_a_stack() {
        let src = "-{".repeat(100_000) + "}-";
        let f = BlockFinder::new(&src);
        // Only the first MAX_DEPTH opens are brackets; the innermost of them closes.
        let m = f.block_at(2 * (MAX_DEPTH - 1)).unwrap();
        assert_eq!(m.range.end, src.len());
        assert_eq!(f.block_at(0), None);
    }

    #[test]
    fn parts_of_a_value() {
        let src = "xx甲-{R|乙}-丙-{ -{丁}-";
        let parts = parts_of(src, 2..src.len());
        assert_eq!(parts.len(), 4);
        assert_eq!(parts[0], MarkupPart::Text(2..5));
        match &parts[1] {
            MarkupPart::Nested(m) => assert_eq!(&src[m.range.clone()], "-{R|乙}-"),
            other => panic!("{other:?}"),
        }
        // The unclosed `-{` stays text; the block after it is found.
        assert_eq!(parts[2], MarkupPart::Text(14..20));
        match &parts[3] {
            MarkupPart::Nested(m) => assert_eq!(m.range, 20..src.len()),
            other => panic!("{other:?}"),
        }
        assert_eq!(parts_of(src, 0..0), vec![]);
        let unclosed = "-{".repeat(1000);
        assert_eq!(
            parts_of(&unclosed, 0..unclosed.len()),
            vec![MarkupPart::Text(0..2000)]
        );
    }

    #[test]
    fn finder_respects_skips() {
        let src = "<!---{-->-{a}-";
        let skips: [std::ops::Range<usize>; 1] = [Range { start: 0, end: 9 }];
        let f = BlockFinder::with_skips(src, &skips);
        assert_eq!(f.block_at(4), None);
        assert_eq!(f.block_at(9).unwrap().range, 9..src.len());
    }
}
