//! Escaping text for JSON strings and XML content, eight bytes at a time.
//!
//! Articles are mostly CJK text (UTF-8 bytes ≥ 0x80) with few characters that need escaping, so
//! the writers skip clean 8-byte words with a branch-free test (SWAR: "does this word hold a byte
//! below 0x20, or equal to one of a few ASCII bytes?") and look at single bytes only in words
//! that may hold one. The test may flag a clean word (a borrow can run into the next byte), never
//! miss a dirty one; flagged words are checked byte by byte.

const LO: u64 = 0x0101_0101_0101_0101;
const HI: u64 = 0x8080_8080_8080_8080;

#[inline]
fn zero_byte(v: u64) -> u64 {
    v.wrapping_sub(LO) & !v & HI
}

#[inline]
fn eq_byte(v: u64, b: u8) -> u64 {
    zero_byte(v ^ (LO * u64::from(b)))
}

#[inline]
fn below(v: u64, n: u8) -> u64 {
    v.wrapping_sub(LO * u64::from(n)) & !v & HI
}

/// Appends `bytes` to `out`, replacing every byte `escape` maps to `Some(..)`. `maybe` is the
/// word test: non-zero when the word may contain such a byte.
#[inline]
fn escape_with(
    out: &mut Vec<u8>,
    bytes: &[u8],
    maybe: impl Fn(u64) -> u64,
    escape: impl Fn(u8) -> Option<&'static [u8]>,
) {
    out.reserve(bytes.len());
    let mut start = 0;
    let mut i = 0;
    let n = bytes.len();
    while i < n {
        while i + 8 <= n {
            let word = u64::from_le_bytes(bytes[i..i + 8].try_into().expect("8 bytes"));
            if maybe(word) != 0 {
                break;
            }
            i += 8;
        }
        let end = (i + 8).min(n);
        while i < end {
            if let Some(e) = escape(bytes[i]) {
                out.extend_from_slice(&bytes[start..i]);
                out.extend_from_slice(e);
                start = i + 1;
            }
            i += 1;
        }
    }
    out.extend_from_slice(&bytes[start..]);
}

const HEX: &[u8; 16] = b"0123456789abcdef";

fn json_control(b: u8) -> &'static [u8] {
    // `\u00XX` for every control byte, as static strings.
    static TABLE: std::sync::OnceLock<Vec<[u8; 6]>> = std::sync::OnceLock::new();
    let t = TABLE.get_or_init(|| {
        (0u8..0x20)
            .map(|c| {
                [
                    b'\\',
                    b'u',
                    b'0',
                    b'0',
                    HEX[usize::from(c >> 4)],
                    HEX[usize::from(c & 15)],
                ]
            })
            .collect()
    });
    &t[usize::from(b)]
}

/// Appends `s` as a JSON string literal: `"`, `\` and control characters escaped, everything
/// else as UTF-8.
pub fn json_string_into(out: &mut Vec<u8>, s: &str) {
    out.push(b'"');
    escape_with(
        out,
        s.as_bytes(),
        |w| below(w, 0x20) | eq_byte(w, b'"') | eq_byte(w, b'\\'),
        |b| match b {
            b'"' => Some(b"\\\""),
            b'\\' => Some(b"\\\\"),
            b'\n' => Some(b"\\n"),
            b'\r' => Some(b"\\r"),
            b'\t' => Some(b"\\t"),
            0x00..=0x1f => Some(json_control(b)),
            _ => None,
        },
    );
    out.push(b'"');
}

/// Appends `s` as XML character content the way MediaWiki escapes it (`& < > "`), plus `\r` as
/// `&#13;` so that an XML parser does not fold line ends.
pub fn xml_text_into(out: &mut Vec<u8>, s: &str) {
    escape_with(
        out,
        s.as_bytes(),
        |w| {
            eq_byte(w, b'&')
                | eq_byte(w, b'<')
                | eq_byte(w, b'>')
                | eq_byte(w, b'"')
                | eq_byte(w, b'\r')
        },
        |b| match b {
            b'&' => Some(b"&amp;"),
            b'<' => Some(b"&lt;"),
            b'>' => Some(b"&gt;"),
            b'"' => Some(b"&quot;"),
            b'\r' => Some(b"&#13;"),
            _ => None,
        },
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn json(s: &str) -> String {
        let mut v = Vec::new();
        json_string_into(&mut v, s);
        String::from_utf8(v).unwrap()
    }

    fn xml(s: &str) -> String {
        let mut v = Vec::new();
        xml_text_into(&mut v, s);
        String::from_utf8(v).unwrap()
    }

    #[test]
    fn escapes() {
        assert_eq!(
            json("软件\"a\\b\n\u{1}\u{1f}"),
            "\"软件\\\"a\\\\b\\n\\u0001\\u001f\""
        );
        assert_eq!(
            xml("a&b<c>d\"e\rf'软件"),
            "a&amp;b&lt;c&gt;d&quot;e&#13;f'软件"
        );
        assert_eq!(json(""), "\"\"");
        assert_eq!(xml(""), "");
    }

    proptest! {
        #[test]
        fn json_round_trips(s in ".{0,64}") {
            let j = json(&s);
            let back: String = serde_json::from_str(&j).unwrap();
            prop_assert_eq!(back, s);
        }

        #[test]
        fn xml_round_trips(s in "[a-z&<>\"'\r\n软件 ]{0,64}") {
            let x = xml(&s);
            prop_assert!(!x.contains('<') && !x.contains('>') && !x.contains('\r'));
            let back = quick_xml::escape::unescape(&x).unwrap();
            prop_assert_eq!(back.as_ref(), s.as_str());
        }
    }
}
