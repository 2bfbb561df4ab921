//! OpenCC's text dictionary format, parsed exactly as OpenCC 1.4.2 does.
//!
//! - UTF-8, optional byte-order mark; lines split on `\n`, one trailing `\r` removed.
//! - Empty lines and lines whose first byte is `#` are skipped (no end-of-line comments).
//! - A line ends early at a `\r` or NUL byte inside it (OpenCC stops reading there).
//! - `key<TAB>v1 v2 …`: the key is everything before the first TAB; values are split on each
//!   single space (so two spaces make an empty value; nothing is trimmed). A line without TAB
//!   is an error.
//! - Duplicate keys are an error. An empty key is an error too (OpenCC would loop forever on
//!   it). Only the first value is used for conversion; the others feed candidates.
//!
//! Self-contained (std only): `build.rs` includes this file too.

/// One dictionary entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub key: String,
    /// At least one value; `values[0]` is the one conversion uses.
    pub values: Vec<String>,
}

/// A parse error at a 1-based line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DictError {
    pub line: usize,
    pub message: String,
}

/// Parses a text dictionary; entries are returned sorted by key (byte order) and unique.
pub fn parse(data: &[u8]) -> Result<Vec<Entry>, DictError> {
    let data = data.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(data);
    let mut entries: Vec<(Entry, usize)> = Vec::new();
    for (n, raw) in data.split(|&b| b == b'\n').enumerate() {
        let line_no = n + 1;
        let line = raw.strip_suffix(b"\r").unwrap_or(raw);
        if line.is_empty() || line[0] == b'#' {
            continue;
        }
        // OpenCC treats `\r` and NUL anywhere as the end of the line.
        let end = line
            .iter()
            .position(|&b| b == b'\r' || b == 0)
            .unwrap_or(line.len());
        let line = &line[..end];
        if line.is_empty() {
            continue;
        }
        let err = |message: String| DictError {
            line: line_no,
            message,
        };
        let text = std::str::from_utf8(line).map_err(|e| {
            err(format!(
                "invalid UTF-8 at byte {} of the line",
                e.valid_up_to()
            ))
        })?;
        let Some((key, rest)) = text.split_once('\t') else {
            return Err(err("no TAB between key and values".into()));
        };
        if key.is_empty() {
            return Err(err("empty key".into()));
        }
        let values: Vec<String> = rest.split(' ').map(str::to_string).collect();
        entries.push((
            Entry {
                key: key.to_string(),
                values,
            },
            line_no,
        ));
    }
    entries.sort_by(|a, b| a.0.key.cmp(&b.0.key).then(a.1.cmp(&b.1)));
    for w in entries.windows(2) {
        if w[0].0.key == w[1].0.key {
            return Err(DictError {
                line: w[1].1,
                message: format!("duplicate key `{}` (first on line {})", w[1].0.key, w[0].1),
            });
        }
    }
    Ok(entries.into_iter().map(|(e, _)| e).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vals(d: &[Entry], k: &str) -> Vec<String> {
        d.iter().find(|e| e.key == k).unwrap().values.clone()
    }

    #[test]
    fn format_rules() {
        let src = "\u{feff}# header\n\nb\tB1 B2\r\na\tA\n#c\tC\nd\tx  y\ne\t\nf\tF\rG H\n";
        let d = parse(src.as_bytes()).unwrap();
        let keys: Vec<&str> = d.iter().map(|e| e.key.as_str()).collect();
        assert_eq!(keys, ["a", "b", "d", "e", "f"]);
        assert_eq!(vals(&d, "b"), ["B1", "B2"]);
        assert_eq!(vals(&d, "d"), ["x", "", "y"]);
        assert_eq!(vals(&d, "e"), [""]);
        assert_eq!(vals(&d, "f"), ["F"]);
    }

    #[test]
    fn errors() {
        let e = parse(b"a\tA\nno tab here\n").unwrap_err();
        assert_eq!(e.line, 2);
        let e = parse(b"a\tA\nb\tB\na\tC\n").unwrap_err();
        assert_eq!(e.line, 3);
        assert_eq!(e.message, "duplicate key `a` (first on line 1)");
        assert_eq!(parse(b"\tA\n").unwrap_err().message, "empty key");
        assert_eq!(parse(b"k\t\xff\n").unwrap_err().line, 1);
    }
}
