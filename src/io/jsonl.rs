//! JSON Lines: one article per line, `{"title": …, "text": …, "format"?: …}`, in and out.
//!
//! Reading is split in two so the expensive half runs in parallel: [`Lines`] cuts a stream
//! into raw lines (with their line number and byte offset, nothing decoded), and
//! [`parse_record`] decodes one line. Other fields of an input record are carried through to
//! the output record unchanged (in key order). Blank lines are skipped.

use std::io::{self, BufRead};

use serde_json::{Map, Value};

use crate::document::Format;

/// One raw line of a JSONL stream.
#[derive(Debug)]
pub struct RawLine {
    /// 1-based line number.
    pub line: u64,
    /// Byte offset of the line's first byte in the stream.
    pub offset: u64,
    /// The line without its `\n` / `\r\n`.
    pub bytes: Vec<u8>,
}

/// Cuts a byte stream into [`RawLine`]s, skipping blank lines.
pub struct Lines<R> {
    inner: R,
    line: u64,
    offset: u64,
}

impl<R: BufRead> Lines<R> {
    pub fn new(inner: R) -> Lines<R> {
        Lines {
            inner,
            line: 0,
            offset: 0,
        }
    }
}

impl<R: BufRead> Iterator for Lines<R> {
    type Item = io::Result<RawLine>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let mut bytes = Vec::new();
            match self.inner.read_until(b'\n', &mut bytes) {
                Ok(0) => return None,
                Ok(n) => {
                    self.line += 1;
                    let offset = self.offset;
                    self.offset += n as u64;
                    if bytes.last() == Some(&b'\n') {
                        bytes.pop();
                        if bytes.last() == Some(&b'\r') {
                            bytes.pop();
                        }
                    }
                    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
                        continue;
                    }
                    return Some(Ok(RawLine {
                        line: self.line,
                        offset,
                        bytes,
                    }));
                }
                Err(e) => return Some(Err(e)),
            }
        }
    }
}

/// A decoded input record.
#[derive(Debug, PartialEq)]
pub struct Record {
    pub title: String,
    pub text: String,
    /// The `format` field, when present.
    pub format: Option<Format>,
    /// Every other field, carried through.
    pub extra: Map<String, Value>,
}

/// Why a line is not a record: a message and the 1-based column (in bytes) when known.
#[derive(Debug, PartialEq, Eq)]
pub struct RecordError {
    pub message: String,
    pub column: Option<usize>,
}

/// Decodes one line.
pub fn parse_record(bytes: &[u8]) -> Result<Record, RecordError> {
    // UTF-8 is checked once for the whole line (the decoder would check every string piece
    // between escapes on its own, which costs more); a line that is not UTF-8 is reported as
    // such whatever else is wrong with it.
    let line = super::utf8::from_utf8(bytes).map_err(|u| RecordError {
        message: format!("invalid UTF-8 at byte {} of the line", u.valid_up_to()),
        column: Some(u.valid_up_to() + 1),
    })?;
    let value: Value = serde_json::from_str(line).map_err(|e| RecordError {
        message: format!("invalid JSON: {}", strip_position(&e.to_string())),
        column: Some(e.column()),
    })?;
    let Value::Object(mut map) = value else {
        return Err(RecordError {
            message: "a record must be a JSON object {\"title\": …, \"text\": …}".into(),
            column: Some(1),
        });
    };
    let mut take_string = |key: &str, required: bool| -> Result<Option<String>, RecordError> {
        match map.remove(key) {
            Some(Value::String(s)) => Ok(Some(s)),
            Some(other) => Err(RecordError {
                message: format!("field \"{key}\" must be a string, not {}", kind(&other)),
                column: None,
            }),
            None if required => Err(RecordError {
                message: format!("missing field \"{key}\""),
                column: None,
            }),
            None => Ok(None),
        }
    };
    let title = take_string("title", true)?.unwrap_or_default();
    let text = take_string("text", true)?.unwrap_or_default();
    let format = match take_string("format", false)? {
        None => None,
        Some(f) => Some(Format::parse(&f).ok_or_else(|| RecordError {
            message: format!("unknown format \"{f}\" (expected wikitext, markdown or plain)"),
            column: None,
        })?),
    };
    Ok(Record {
        title,
        text,
        format,
        extra: map,
    })
}

fn strip_position(m: &str) -> &str {
    match m.rfind(" at line ") {
        Some(i) => &m[..i],
        None => m,
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Appends one output record (and its `\n`) to `out`: `title`, then `display_title` when
/// given, `format` when given, `text`, then the carried fields in key order.
pub fn write_record(
    out: &mut Vec<u8>,
    title: &str,
    display_title: Option<&str>,
    format: Option<Format>,
    text: &str,
    extra: &Map<String, Value>,
) {
    out.extend_from_slice(b"{\"title\":");
    write_json_string(out, title);
    if let Some(d) = display_title {
        out.extend_from_slice(b",\"display_title\":");
        write_json_string(out, d);
    }
    if let Some(f) = format {
        out.extend_from_slice(b",\"format\":\"");
        out.extend_from_slice(f.name().as_bytes());
        out.push(b'"');
    }
    out.extend_from_slice(b",\"text\":");
    write_json_string(out, text);
    for (k, v) in extra {
        if matches!(k.as_str(), "display_title") {
            continue;
        }
        out.push(b',');
        write_json_string(out, k);
        out.push(b':');
        // Serialising a Value into a Vec cannot fail.
        let _ = serde_json::to_writer(&mut *out, v);
    }
    out.extend_from_slice(b"}\n");
}

/// A JSON string literal: `"` `\` and control characters escaped, everything else as UTF-8.
pub fn write_json_string(out: &mut Vec<u8>, s: &str) {
    super::escape::json_string_into(out, s);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_skip_blanks_and_keep_offsets() {
        let data = b"{\"a\":1}\r\n\n  \n{\"b\":2}";
        let lines: Vec<RawLine> = Lines::new(&data[..]).map(|l| l.unwrap()).collect();
        assert_eq!(lines.len(), 2);
        assert_eq!((lines[0].line, lines[0].offset), (1, 0));
        assert_eq!(lines[0].bytes, b"{\"a\":1}");
        assert_eq!((lines[1].line, lines[1].offset), (4, 13));
        assert_eq!(lines[1].bytes, b"{\"b\":2}");
    }

    #[test]
    fn records_and_errors() {
        let r =
            parse_record(r#"{"title":"软件","text":"内存","id":7,"format":"wikitext"}"#.as_bytes())
                .unwrap();
        assert_eq!(r.title, "软件");
        assert_eq!(r.text, "内存");
        assert_eq!(r.format, Some(Format::Wikitext));
        assert_eq!(r.extra.get("id"), Some(&Value::from(7)));
        let e = parse_record(br#"{"title":"a","text":}"#).unwrap_err();
        assert_eq!(e.column, Some(21));
        assert!(
            e.message.starts_with("invalid JSON: expected value"),
            "{}",
            e.message
        );
        let e = parse_record(br#"{"title":"a"}"#).unwrap_err();
        assert_eq!(e.message, "missing field \"text\"");
        let e = parse_record(br#"{"title":"a","text":3}"#).unwrap_err();
        assert_eq!(e.message, "field \"text\" must be a string, not a number");
        let e = parse_record(br#"{"title":"a","text":"","format":"rtf"}"#).unwrap_err();
        assert_eq!(
            e.message,
            "unknown format \"rtf\" (expected wikitext, markdown or plain)"
        );
        let e = parse_record(b"{\"title\":\"\xff\"}").unwrap_err();
        assert_eq!(e.column, Some(11));
        let e = parse_record(b"[1]").unwrap_err();
        assert!(e.message.starts_with("a record must be a JSON object"));
    }

    #[test]
    fn writes_records() {
        let mut extra = Map::new();
        extra.insert("id".into(), Value::from(7));
        let mut out = Vec::new();
        write_record(
            &mut out,
            "软件",
            Some("軟體"),
            Some(Format::Markdown),
            "a\"b\\\n\u{1}",
            &extra,
        );
        assert_eq!(
            String::from_utf8(out.clone()).unwrap(),
            "{\"title\":\"软件\",\"display_title\":\"軟體\",\"format\":\"markdown\",\"text\":\"a\\\"b\\\\\\n\\u0001\",\"id\":7}\n"
        );
        let back: Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(back["text"], "a\"b\\\n\u{1}");
    }
}
