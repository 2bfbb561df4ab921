//! `-{ … }-` conversion markup that survived the export (notes M3).
//!
//! Blocks are found on the raw source with [`BlockFinder`] (one linear pass, MediaWiki's
//! nesting), skipping code, raw HTML tags, link destinations and math, because a rule can span
//! several Markdown events: `-{zh-hans:**X**;zh-hant:Y}-`, or a variant list whose values are
//! links split over lines. A block's `-{` and `}-` may sit in visible text or in kept
//! Markdown syntax; everything between them belongs to the block, whose display text the
//! edition writes raw (so Markdown inside a value, such as `**X**` or a link, stays Markdown).
//!
//! Export quirks:
//! - `\-{…}-`: pandoc escaped the hyphen. The backslash goes with the block
//!   ([`ConvMarkup::escape`]): written when the block is written as it stands, dropped with it
//!   when the edition shows its display text.
//! - `\|` (pandoc's pipe escape in table cells) and `\\|` inside a body: the backslashes
//!   before a `|` are left out of the body's [`MarkupPart::Text`] pieces, so a renderer that
//!   reads the pieces sees `H|zh-cn:…`; the block's range still covers them (tiling holds).
//!
//! An unclosed `-{` is kept as written and reported as a diagnostic (the first
//! [`MAX_LISTED`] one by one, then one diagnostic that counts the rest).

use std::ops::Range;

use memchr::memmem;

use crate::document::{Diagnostic, DiagnosticKind};
use crate::rules::markup::{BlockFinder, ConvMarkup, MarkupPart};

use super::ranges::inside;

pub(super) struct Blocks {
    /// Outermost blocks, sorted, disjoint.
    pub blocks: Vec<ConvMarkup>,
    pub diagnostics: Vec<Diagnostic>,
}

/// At most this many unclosed `-{` are listed one by one; one more diagnostic counts the rest.
pub(super) const MAX_LISTED: usize = 100;

#[derive(Default)]
struct Unclosed {
    listed: Vec<Diagnostic>,
    /// Offset and number of the unclosed `-{` beyond [`MAX_LISTED`].
    more: Option<(usize, usize)>,
}

impl Unclosed {
    fn push(&mut self, p: usize) {
        if self.listed.len() < MAX_LISTED {
            self.listed.push(Diagnostic {
                at: p,
                kind: DiagnosticKind::UnclosedConversion,
                message: "`-{` without a matching `}-`: kept as written".to_string(),
            });
        } else {
            let (_, n) = self.more.get_or_insert((p, 0));
            *n += 1;
        }
    }

    fn finish(mut self) -> Vec<Diagnostic> {
        if let Some((at, n)) = self.more {
            self.listed.push(Diagnostic {
                at,
                kind: DiagnosticKind::UnclosedConversion,
                message: format!(
                    "{n} more `-{{` without a matching `}}-` from here on (not listed)"
                ),
            });
        }
        self.listed
    }
}

/// Finds the outermost `-{ }-` blocks whose delimiters lie outside `skips` (sorted, merged).
pub(super) fn find(src: &str, skips: &[Range<usize>]) -> Blocks {
    let mut out = Blocks {
        blocks: Vec::new(),
        diagnostics: Vec::new(),
    };
    let bytes = src.as_bytes();
    let Some(first) = memmem::find(bytes, b"-{") else {
        return out;
    };
    // Pair brackets only in the stretch from the first `-{` to the last `}-`: no block
    // starts before the one or ends after the other.
    let Some(last) = memmem::rfind(&bytes[first..], b"}-").map(|o| first + o + 2) else {
        let mut unclosed = Unclosed::default();
        let mut skip_at = 0;
        for p in memmem::find_iter(&bytes[first..], b"-{").map(|o| first + o) {
            if inside(skips, &mut skip_at, p).is_none() {
                unclosed.push(p);
            }
        }
        out.diagnostics = unclosed.finish();
        return out;
    };
    let window = &src[first..last];
    let local_skips: Vec<Range<usize>> = skips
        .iter()
        .filter(|r| r.end > first && r.start < last)
        .map(|r| r.start.max(first) - first..r.end.min(last) - first)
        .collect();
    let finder = BlockFinder::with_skips(window, &local_skips);
    let mut skip_at = 0;
    let mut covered_to = 0;
    let mut unclosed = Unclosed::default();
    for p in memmem::find_iter(&bytes[first..], b"-{").map(|o| first + o) {
        if p < covered_to || inside(skips, &mut skip_at, p).is_some() {
            continue;
        }
        match (p < last).then(|| finder.block_at(p - first)).flatten() {
            Some(block) => {
                let block = rebase(src, block, first);
                covered_to = block.range.end;
                out.blocks.push(block);
            }
            None => unclosed.push(p),
        }
    }
    out.diagnostics = unclosed.finish();
    out
}

/// Moves a block found in a window starting at `by` to source offsets, and leaves the
/// backslashes right before each `|` out of the body's text pieces.
fn rebase(src: &str, block: ConvMarkup, by: usize) -> ConvMarkup {
    let bytes = src.as_bytes();
    let body = block
        .body
        .into_iter()
        .flat_map(|part| match part {
            MarkupPart::Nested(inner) => vec![MarkupPart::Nested(rebase(src, inner, by))],
            MarkupPart::Text(r) => {
                let r = r.start + by..r.end + by;
                let mut pieces = Vec::new();
                let mut start = r.start;
                for bar in memchr::memchr_iter(b'|', &bytes[r.clone()]).map(|o| r.start + o) {
                    let run = bytes[start..bar]
                        .iter()
                        .rev()
                        .take_while(|&&b| b == b'\\')
                        .count();
                    if run > 0 {
                        if start < bar - run {
                            pieces.push(MarkupPart::Text(start..bar - run));
                        }
                        start = bar;
                    }
                }
                if start < r.end {
                    pieces.push(MarkupPart::Text(start..r.end));
                }
                pieces
            }
        })
        .collect();
    ConvMarkup {
        range: block.range.start + by..block.range.end + by,
        escape: block.escape,
        body,
    }
}

#[cfg(test)]
#[allow(clippy::single_range_in_vec_init)]
mod tests {
    use super::*;

    fn texts(src: &str, m: &ConvMarkup) -> Vec<String> {
        m.body
            .iter()
            .map(|p| match p {
                MarkupPart::Text(r) => src[r.clone()].to_string(),
                MarkupPart::Nested(n) => format!("<{}>", &src[n.range.clone()]),
            })
            .collect()
    }

    #[test]
    fn escaped_hyphen_and_pipes() {
        let src = r"\-{T|zh-cn:RAM盘;zh-tw:RAM disk;}- -{H\|zh-cn:芯片;zh-tw:晶片;}-";
        let found = find(src, &[]);
        assert!(found.diagnostics.is_empty());
        assert_eq!(found.blocks.len(), 2);
        assert_eq!(found.blocks[0].range.start, 1);
        assert_eq!(
            &src[found.blocks[1].range.clone()],
            r"-{H\|zh-cn:芯片;zh-tw:晶片;}-"
        );
        assert_eq!(
            texts(src, &found.blocks[1]),
            vec!["H", "|zh-cn:芯片;zh-tw:晶片;"]
        );
    }

    #[test]
    fn unclosed_is_reported_and_later_blocks_found() {
        let src = "[-{A](u) 4.2升-{A|zh-cn:自然进气;\nzh-tw:自然進氣;}-";
        let found = find(src, &[]);
        assert_eq!(found.blocks.len(), 1);
        assert_eq!(found.blocks[0].range.start, src.find("-{A|").unwrap());
        assert_eq!(found.diagnostics.len(), 1);
        assert_eq!(found.diagnostics[0].at, 1);
        assert_eq!(
            found.diagnostics[0].kind,
            DiagnosticKind::UnclosedConversion
        );
    }

    #[test]
    fn many_unclosed_are_counted_not_listed() {
        let src = "-{".repeat(MAX_LISTED + 5);
        let found = find(&src, &[]);
        assert_eq!(found.diagnostics.len(), MAX_LISTED + 1);
        let last = &found.diagnostics[MAX_LISTED];
        assert_eq!(last.at, 2 * MAX_LISTED);
        assert_eq!(
            last.message,
            "5 more `-{` without a matching `}-` from here on (not listed)"
        );
    }

    #[test]
    fn nested_and_skipped() {
        let src = "-{H|-{zh-cn:a\\|b;zh-tw:c}-}- `-{` -{x}-";
        let code = src.find('`').unwrap();
        let found = find(src, &[code..code + 4]);
        assert_eq!(found.blocks.len(), 2);
        assert!(found.diagnostics.is_empty());
        match &found.blocks[0].body[1] {
            MarkupPart::Nested(inner) => {
                assert_eq!(texts(src, inner), vec!["zh-cn:a", "|b;zh-tw:c"])
            }
            other => panic!("{other:?}"),
        }
    }
}
