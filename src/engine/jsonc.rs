//! A small JSON-with-comments parser for OpenCC config files: `//` and `/* */` comments and
//! trailing commas are accepted (as rapidjson's comment and trailing-comma flags do), a
//! leading byte-order mark is skipped, and every value remembers its line so that errors can
//! name `file:line`. Object members keep their order and duplicates.
//!
//! Self-contained (std only): `build.rs` includes this file too.

/// A JSON value and the line (1-based) where it starts.
#[derive(Clone, Debug, PartialEq)]
pub struct Json {
    pub line: usize,
    pub value: Value,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Number(f64),
    String(String),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

impl Json {
    /// The first member named `key`, when this is an object.
    pub fn get(&self, key: &str) -> Option<&Json> {
        match &self.value {
            Value::Object(m) => m.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn kind(&self) -> &'static str {
        match self.value {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Array(_) => "an array",
            Value::Object(_) => "an object",
        }
    }
}

/// A syntax error: line (1-based) and message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonError {
    pub line: usize,
    pub message: String,
}

/// Parses one JSONC document.
pub fn parse(text: &str) -> Result<Json, JsonError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut p = Parser {
        s: text.as_bytes(),
        i: 0,
        line: 1,
    };
    p.skip_ws()?;
    let v = p.value(0)?;
    p.skip_ws()?;
    if p.i < p.s.len() {
        return Err(p.err("unexpected text after the end of the JSON value"));
    }
    Ok(v)
}

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
    line: usize,
}

const MAX_NESTING: usize = 256;

impl Parser<'_> {
    fn err(&self, m: &str) -> JsonError {
        JsonError {
            line: self.line,
            message: m.to_string(),
        }
    }

    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn skip_ws(&mut self) -> Result<(), JsonError> {
        while let Some(b) = self.peek() {
            match b {
                b'\n' => {
                    self.line += 1;
                    self.i += 1;
                }
                b' ' | b'\t' | b'\r' => self.i += 1,
                b'/' if self.s.get(self.i + 1) == Some(&b'/') => {
                    while let Some(b) = self.peek() {
                        if b == b'\n' {
                            break;
                        }
                        self.i += 1;
                    }
                }
                b'/' if self.s.get(self.i + 1) == Some(&b'*') => {
                    let start = self.line;
                    self.i += 2;
                    loop {
                        match self.peek() {
                            None => {
                                return Err(JsonError {
                                    line: start,
                                    message: "unterminated /* comment".into(),
                                });
                            }
                            Some(b'*') if self.s.get(self.i + 1) == Some(&b'/') => {
                                self.i += 2;
                                break;
                            }
                            Some(b'\n') => {
                                self.line += 1;
                                self.i += 1;
                            }
                            Some(_) => self.i += 1,
                        }
                    }
                }
                _ => break,
            }
        }
        Ok(())
    }

    fn value(&mut self, depth: usize) -> Result<Json, JsonError> {
        if depth > MAX_NESTING {
            return Err(self.err("nesting too deep"));
        }
        let line = self.line;
        let value = match self.peek() {
            None => return Err(self.err("unexpected end of file, expected a value")),
            Some(b'{') => self.object(depth)?,
            Some(b'[') => self.array(depth)?,
            Some(b'"') => Value::String(self.string()?),
            Some(b't') => self.word("true", Value::Bool(true))?,
            Some(b'f') => self.word("false", Value::Bool(false))?,
            Some(b'n') => self.word("null", Value::Null)?,
            Some(b'-' | b'0'..=b'9') => self.number()?,
            Some(_) => return Err(self.err("unexpected character, expected a value")),
        };
        Ok(Json { line, value })
    }

    fn word(&mut self, w: &str, v: Value) -> Result<Value, JsonError> {
        if self.s[self.i..].starts_with(w.as_bytes()) {
            self.i += w.len();
            Ok(v)
        } else {
            Err(self.err("unexpected word, expected a value"))
        }
    }

    fn number(&mut self) -> Result<Value, JsonError> {
        let start = self.i;
        while let Some(b) = self.peek() {
            if matches!(b, b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9') {
                self.i += 1;
            } else {
                break;
            }
        }
        let t = std::str::from_utf8(&self.s[start..self.i]).unwrap_or("");
        t.parse::<f64>()
            .map(Value::Number)
            .map_err(|_| self.err("invalid number"))
    }

    fn string(&mut self) -> Result<String, JsonError> {
        self.i += 1; // opening quote
        let mut out = Vec::new();
        loop {
            let Some(b) = self.peek() else {
                return Err(self.err("unterminated string"));
            };
            self.i += 1;
            match b {
                b'"' => break,
                b'\\' => {
                    let Some(e) = self.peek() else {
                        return Err(self.err("unterminated string"));
                    };
                    self.i += 1;
                    match e {
                        b'"' => out.push(b'"'),
                        b'\\' => out.push(b'\\'),
                        b'/' => out.push(b'/'),
                        b'b' => out.push(8),
                        b'f' => out.push(12),
                        b'n' => out.push(b'\n'),
                        b'r' => out.push(b'\r'),
                        b't' => out.push(b'\t'),
                        b'u' => {
                            let mut cp = self.hex4()?;
                            if (0xD800..0xDC00).contains(&cp) {
                                if self.s[self.i..].starts_with(b"\\u") {
                                    self.i += 2;
                                    let lo = self.hex4()?;
                                    if !(0xDC00..0xE000).contains(&lo) {
                                        return Err(
                                            self.err("invalid surrogate pair in \\u escape")
                                        );
                                    }
                                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                                } else {
                                    return Err(self.err("lone surrogate in \\u escape"));
                                }
                            } else if (0xDC00..0xE000).contains(&cp) {
                                return Err(self.err("lone surrogate in \\u escape"));
                            }
                            let c =
                                char::from_u32(cp).ok_or_else(|| self.err("invalid \\u escape"))?;
                            let mut buf = [0u8; 4];
                            out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                        }
                        _ => return Err(self.err("invalid escape in string")),
                    }
                }
                b'\n' => return Err(self.err("newline in string")),
                _ if b < 0x20 => return Err(self.err("control character in string")),
                _ => out.push(b),
            }
        }
        String::from_utf8(out).map_err(|_| self.err("string is not valid UTF-8"))
    }

    fn hex4(&mut self) -> Result<u32, JsonError> {
        let h = self
            .s
            .get(self.i..self.i + 4)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u32::from_str_radix(h, 16).ok())
            .ok_or_else(|| self.err("invalid \\u escape"))?;
        self.i += 4;
        Ok(h)
    }

    fn array(&mut self, depth: usize) -> Result<Value, JsonError> {
        self.i += 1;
        let mut items = Vec::new();
        loop {
            self.skip_ws()?;
            match self.peek() {
                Some(b']') => {
                    self.i += 1;
                    return Ok(Value::Array(items));
                }
                None => return Err(self.err("unterminated array")),
                _ => {}
            }
            items.push(self.value(depth + 1)?);
            self.skip_ws()?;
            match self.peek() {
                Some(b',') => self.i += 1,
                Some(b']') => {}
                _ => return Err(self.err("expected `,` or `]` in array")),
            }
        }
    }

    fn object(&mut self, depth: usize) -> Result<Value, JsonError> {
        self.i += 1;
        let mut members = Vec::new();
        loop {
            self.skip_ws()?;
            match self.peek() {
                Some(b'}') => {
                    self.i += 1;
                    return Ok(Value::Object(members));
                }
                Some(b'"') => {}
                None => return Err(self.err("unterminated object")),
                _ => return Err(self.err("expected a member name in quotes")),
            }
            let key = self.string()?;
            self.skip_ws()?;
            if self.peek() != Some(b':') {
                return Err(self.err("expected `:` after member name"));
            }
            self.i += 1;
            self.skip_ws()?;
            let v = self.value(depth + 1)?;
            members.push((key, v));
            self.skip_ws()?;
            match self.peek() {
                Some(b',') => self.i += 1,
                Some(b'}') => {}
                _ => return Err(self.err("expected `,` or `}` in object")),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_trailing_commas_and_lines() {
        let src = "\u{feff}{\n  // a comment\n  \"a\": [1, 2,],\n  /* multi\n line */ \"b\": {\"c\": \"\\u00e9\\ud83d\\ude00\",},\n}\n";
        let v = parse(src).unwrap();
        assert_eq!(v.line, 1);
        let a = v.get("a").unwrap();
        assert_eq!(a.line, 3);
        assert_eq!(
            a.value,
            Value::Array(vec![
                Json {
                    line: 3,
                    value: Value::Number(1.0)
                },
                Json {
                    line: 3,
                    value: Value::Number(2.0)
                }
            ])
        );
        let b = v.get("b").unwrap();
        assert_eq!(b.line, 5);
        assert_eq!(b.get("c").unwrap().as_str(), Some("é😀"));
    }

    #[test]
    fn errors_name_the_line() {
        let e = parse("{\n\"a\": 1\n\"b\": 2}").unwrap_err();
        assert_eq!(e.line, 3);
        assert_eq!(e.message, "expected `,` or `}` in object");
        assert_eq!(parse("{\"a\": tru}").unwrap_err().line, 1);
        assert_eq!(
            parse("[1] x").unwrap_err().message,
            "unexpected text after the end of the JSON value"
        );
        assert!(parse("/* open").is_err());
        assert!(parse("").is_err());
    }

    #[test]
    fn duplicate_members_are_kept_in_order() {
        let v = parse(r#"{"k": "1", "k": "2"}"#).unwrap();
        match v.value {
            Value::Object(m) => assert_eq!(m.len(), 2),
            _ => panic!("object expected"),
        }
    }
}
