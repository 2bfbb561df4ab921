//! What went wrong, article by article: `errors.jsonl` (faults: the article was not written)
//! and `warnings.jsonl` (the article was written, but something deserves a look, e.g. a NoteTA
//! group no CGroup file defines).
//!
//! One JSON object per line, in input order (the runner records them in the order it writes
//! outputs, so the files are identical for any `--jobs`). Fields that do not apply are left
//! out:
//!
//! | field | meaning |
//! |---|---|
//! | `input` | the input as named on the command line or found in a folder (`-` for stdin) |
//! | `file` | for an article file, its path relative to the walked folder |
//! | `title` | the article's title (JSONL record or dump page), when known |
//! | `offset` | byte offset in the input (decompressed, for dumps) |
//! | `line`, `column` | 1-based position, when meaningful |
//! | `editions` | (warnings) the editions the warning applies to |
//! | `message` | what happened |

use serde::Serialize;

/// An article (or part of an input) that could not be read or converted.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Fault {
    pub input: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub offset: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<u64>,
    pub message: String,
}

impl Fault {
    pub fn new(input: impl Into<String>, message: impl Into<String>) -> Fault {
        Fault {
            input: input.into(),
            message: message.into(),
            ..Fault::default()
        }
    }

    /// `input[:line[:column]]` (or `input@offset`), for the one-line stderr message.
    pub fn position(&self) -> String {
        let mut s = self.input.clone();
        if let Some(f) = &self.file
            && !self.input.ends_with(f.as_str())
        {
            s.push_str(&format!(" ({f})"));
        }
        match (self.line, self.column, self.offset) {
            (Some(l), Some(c), _) => s.push_str(&format!(":{l}:{c}")),
            (Some(l), None, _) => s.push_str(&format!(":{l}")),
            (None, _, Some(o)) => s.push_str(&format!(" at byte {o}")),
            _ => {}
        }
        if let Some(t) = &self.title {
            s.push_str(&format!(" [{t}]"));
        }
        s
    }
}

/// A non-fatal note on an article that was written.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Warning {
    pub input: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    pub editions: Vec<String>,
    pub message: String,
}

/// 1-based line and column (in characters, counting invalid bytes as one each) of byte
/// `offset` in `bytes`, which need not be valid UTF-8.
pub fn line_col_bytes(bytes: &[u8], offset: usize) -> (u64, u64) {
    let offset = offset.min(bytes.len());
    let before = &bytes[..offset];
    let line = memchr::memchr_iter(b'\n', before).count() as u64 + 1;
    let start = memchr::memrchr(b'\n', before).map_or(0, |p| p + 1);
    let col = String::from_utf8_lossy(&before[start..]).chars().count() as u64 + 1;
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serialises_only_known_fields() {
        let f = Fault {
            input: "a/b.wiki".into(),
            file: Some("b.wiki".into()),
            offset: Some(7),
            line: Some(2),
            column: Some(3),
            ..Fault::new("", "invalid UTF-8")
        };
        assert_eq!(
            serde_json::to_string(&f).unwrap(),
            r#"{"input":"a/b.wiki","file":"b.wiki","offset":7,"line":2,"column":3,"message":"invalid UTF-8"}"#
        );
        assert_eq!(f.position(), "a/b.wiki:2:3");
        let g = Fault {
            title: Some("软件".into()),
            offset: Some(99),
            ..Fault::new("d.xml", "x")
        };
        assert_eq!(g.position(), "d.xml at byte 99 [软件]");
    }

    #[test]
    fn positions_in_bytes() {
        assert_eq!(line_col_bytes("一\n二三\u{ff}".as_bytes(), 10), (2, 3));
        assert_eq!(line_col_bytes(b"ab\xffcd", 4), (1, 5));
        assert_eq!(line_col_bytes(b"", 0), (1, 1));
    }
}
