//! Byte offset → 1-based line and column (in characters), in O(log lines) per query after
//! one pass over the source (messages and provenance ask many times per article).

pub struct LineIndex {
    /// Byte offset of the start of each line.
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(source: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', source.as_bytes()).map(|i| i + 1));
        LineIndex { starts }
    }

    /// Same result as [`crate::document::line_col`].
    pub fn line_col(&self, source: &str, offset: usize) -> (usize, usize) {
        let offset = offset.min(source.len());
        let line = self.starts.partition_point(|&s| s <= offset);
        let start = self.starts[line - 1];
        let col = source
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count())
            + 1;
        (line, col)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::line_col;

    #[test]
    fn agrees_with_line_col() {
        let src = "一二\n三四五\n\nx";
        let idx = LineIndex::new(src);
        for off in 0..=src.len() + 2 {
            if src.is_char_boundary(off.min(src.len())) {
                assert_eq!(idx.line_col(src, off), line_col(src, off), "{off}");
            }
        }
    }
}
