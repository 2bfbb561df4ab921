//! Positions and excerpts: byte offsets to 1-based line and column (columns count Unicode
//! scalar values, i.e. characters, not bytes or display cells), and the display width used to
//! put a marker under a span in a terminal.
//!
//! [`LineIndex`] is built once per source (one `memchr` pass) so that turning thousands of
//! finding offsets into positions costs a binary search and a count within one line each.

use std::ops::Range;

/// The start offset of every line of a text.
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> LineIndex<'a> {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex { text, starts }
    }

    /// 1-based line and column (in characters) of a byte offset. Offsets past the end or
    /// inside a character are clamped to the previous character boundary.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset);
        let start = self.starts[line - 1];
        (line, self.text[start..offset].chars().count() + 1)
    }

    /// The byte offset of a 1-based line and column (in characters); `None` when the line
    /// does not exist or is shorter.
    pub fn offset(&self, line: usize, column: usize) -> Option<usize> {
        let start = *self.starts.get(line.checked_sub(1)?)?;
        let end = self.starts.get(line).copied().unwrap_or(self.text.len());
        let col0 = column.checked_sub(1)?;
        let mut it = self.text[start..end].char_indices();
        match it.nth(col0) {
            Some((i, _)) => Some(start + i),
            None if self.text[start..end].chars().count() == col0 => Some(end),
            None => None,
        }
    }

    /// The byte range of a 1-based line, without its line break (`\n` or `\r\n`).
    pub fn line_range(&self, line: usize) -> Range<usize> {
        let start = self.starts[line.clamp(1, self.starts.len()) - 1];
        let mut end = self
            .starts
            .get(line)
            .map_or(self.text.len(), |&next| next - 1);
        if end > start && self.text.as_bytes()[end - 1] == b'\r' {
            end -= 1;
        }
        start..end
    }

    pub fn text(&self) -> &'a str {
        self.text
    }
}

/// Terminal cells a character takes: 2 for East Asian wide and fullwidth characters, 0 for
/// combining marks and variation selectors, else 1. An approximation of UAX #11 that is exact
/// for CJK text, which is what excerpts hold.
pub fn char_width(c: char) -> usize {
    let u = c as u32;
    match u {
        0x0300..=0x036F | 0x200B..=0x200F | 0xFE00..=0xFE0F | 0xE0100..=0xE01EF => 0,
        0x1100..=0x115F
        | 0x2E80..=0x303E
        | 0x3041..=0x33FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6
        | 0x1F300..=0x1F64F
        | 0x1F900..=0x1F9FF
        | 0x20000..=0x3FFFD => 2,
        _ => 1,
    }
}

pub fn str_width(s: &str) -> usize {
    s.chars().map(char_width).sum()
}

/// A one-line excerpt around `span` (a byte range of `text` within one line, or starting in
/// it): at most `context` characters either side, `…` where cut, tabs shown as one space.
/// Returns (before, marked, after).
pub fn excerpt(
    index: &LineIndex<'_>,
    span: Range<usize>,
    context: usize,
) -> (String, String, String) {
    let text = index.text();
    let (line, _) = index.line_col(span.start);
    let lr = index.line_range(line);
    let start = span.start.clamp(lr.start, lr.end);
    let end = span.end.clamp(start, lr.end);
    let before_all = &text[lr.start..start];
    let n = before_all.chars().count();
    let mut before: String = before_all.chars().skip(n.saturating_sub(context)).collect();
    if n > context {
        before.insert(0, '…');
    }
    let marked = text[start..end].to_string();
    let after_all = &text[end..lr.end];
    let mut after: String = after_all.chars().take(context).collect();
    if after_all.chars().count() > context {
        after.push('…');
    }
    let clean = |s: String| s.replace('\t', " ");
    (clean(before), clean(marked), clean(after))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_columns_in_characters() {
        let t = "一二\r\n三四五\nx";
        let ix = LineIndex::new(t);
        assert_eq!(ix.line_col(0), (1, 1));
        assert_eq!(ix.line_col(3), (1, 2));
        assert_eq!(ix.line_col(8), (2, 1));
        assert_eq!(ix.line_col(11), (2, 2));
        assert_eq!(ix.line_col(t.len()), (3, 2));
        assert_eq!(ix.line_col(4), (1, 2)); // inside 二: clamped back
        assert_eq!(&t[ix.line_range(1)], "一二");
        assert_eq!(&t[ix.line_range(2)], "三四五");
        assert_eq!(&t[ix.line_range(3)], "x");
    }

    #[test]
    fn excerpt_cuts_long_lines() {
        let t = "甲乙丙丁戊己庚辛壬癸";
        let ix = LineIndex::new(t);
        let (b, m, a) = excerpt(&ix, 12..15, 2);
        assert_eq!(
            (b.as_str(), m.as_str(), a.as_str()),
            ("…丙丁", "戊", "己庚…")
        );
        assert_eq!(str_width("ab軟體"), 6);
    }
}
