//! Escaping text for JSON strings and XML content, sixteen bytes at a time.
//!
//! Articles are mostly CJK text (UTF-8 bytes ≥ 0x80) with few characters that need escaping.
//! The writers test a 16-byte block at once for bytes that need escaping (SSE2 on x86-64,
//! which every x86-64 processor has; a portable loop elsewhere) and get a bit mask of them;
//! runs between those bytes are copied whole and only the flagged bytes are looked at. The
//! tail of fewer than 16 bytes is tested byte by byte with the same predicate.

/// One escaping scheme: which bytes need escaping and what they become.
trait Scheme {
    /// The bytes equal to which need escaping.
    const EQ: &'static [u8];
    /// Whether control bytes (below 0x20) need escaping too.
    const CTRL: bool;
    /// True when `b` must be escaped.
    fn needs(b: u8) -> bool;
    /// The bit mask (bit i = byte i) of bytes of `block` that need escaping.
    fn mask(block: &[u8; 16]) -> u32;
    /// The escape of a byte for which [`Scheme::needs`] is true.
    fn escape(b: u8) -> &'static [u8];
}

/// Appends `bytes` to `out`, escaped by `S`: 32 bytes a step with AVX2 where the processor
/// has it (checked once, cached by the standard library), else 16 bytes a step.
#[inline]
fn escape_with<S: Scheme>(out: &mut Vec<u8>, bytes: &[u8]) {
    out.reserve(bytes.len() + bytes.len() / 16 + 2);
    #[cfg(target_arch = "x86_64")]
    if bytes.len() >= 64 && std::is_x86_feature_detected!("avx2") {
        // SAFETY: the processor supports AVX2 (checked just above).
        unsafe { escape_avx2::<S>(out, bytes) };
        return;
    }
    escape_from::<S>(out, bytes, 0, 0);
}

/// The AVX2 loop over whole 32-byte blocks; the rest goes to [`escape_from`].
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn escape_avx2<S: Scheme>(out: &mut Vec<u8>, bytes: &[u8]) {
    use std::arch::x86_64::{
        __m256i, _mm256_cmpeq_epi8, _mm256_loadu_si256, _mm256_max_epu8, _mm256_movemask_epi8,
        _mm256_or_si256, _mm256_set1_epi8, _mm256_setzero_si256,
    };
    let mut start = 0;
    let mut at = 0;
    while at + 32 <= bytes.len() {
        // SAFETY: AVX2 is enabled for this function; the load reads bytes[at..at + 32], in
        // bounds (unaligned loads are allowed).
        let m = unsafe {
            let v = _mm256_loadu_si256(bytes.as_ptr().add(at).cast::<__m256i>());
            let mut hit = if S::CTRL {
                let lim = _mm256_set1_epi8(0x1F);
                _mm256_cmpeq_epi8(_mm256_max_epu8(v, lim), lim)
            } else {
                _mm256_setzero_si256()
            };
            for &b in S::EQ {
                hit = _mm256_or_si256(hit, _mm256_cmpeq_epi8(v, _mm256_set1_epi8(b as i8)));
            }
            _mm256_movemask_epi8(hit) as u32
        };
        start = escape_marked::<S>(out, bytes, start, at, m);
        at += 32;
    }
    escape_from::<S>(out, bytes, start, at);
}

/// Copies `bytes[start..]` up to each byte marked in `mask` (bit i = byte `at + i`) and that
/// byte's escape; returns where the uncopied bytes start.
#[inline(always)]
fn escape_marked<S: Scheme>(
    out: &mut Vec<u8>,
    bytes: &[u8],
    mut start: usize,
    at: usize,
    mut mask: u32,
) -> usize {
    while mask != 0 {
        let i = at + mask.trailing_zeros() as usize;
        out.extend_from_slice(&bytes[start..i]);
        out.extend_from_slice(S::escape(bytes[i]));
        start = i + 1;
        mask &= mask - 1;
    }
    start
}

/// Escapes `bytes[at..]` 16 bytes a step, the bytes from `start` (≤ `at`) on not yet copied.
#[inline(always)]
fn escape_from<S: Scheme>(out: &mut Vec<u8>, bytes: &[u8], mut start: usize, mut at: usize) {
    let mut blocks = bytes[at..].chunks_exact(16);
    for block in blocks.by_ref() {
        let m = S::mask(block.try_into().expect("16 bytes"));
        start = escape_marked::<S>(out, bytes, start, at, m);
        at += 16;
    }
    for (j, &b) in blocks.remainder().iter().enumerate() {
        if S::needs(b) {
            let i = at + j;
            out.extend_from_slice(&bytes[start..i]);
            out.extend_from_slice(S::escape(b));
            start = i + 1;
        }
    }
    out.extend_from_slice(&bytes[start..]);
}

/// The mask of bytes of `block` equal to one of `eq` or (when `ctrl`) below 0x20.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
fn mask_of(block: &[u8; 16], eq: &[u8], ctrl: bool) -> u32 {
    use std::arch::x86_64::{
        __m128i, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_max_epu8, _mm_movemask_epi8, _mm_or_si128,
        _mm_set1_epi8, _mm_setzero_si128,
    };
    // SAFETY: SSE2 is part of the x86-64 baseline; the load reads exactly the 16 bytes of
    // `block` (unaligned loads are allowed).
    unsafe {
        let v = _mm_loadu_si128(block.as_ptr().cast::<__m128i>());
        let mut hit = if ctrl {
            // v <= 0x1F  <=>  max(v, 0x1F) == 0x1F (unsigned).
            let lim = _mm_set1_epi8(0x1F);
            _mm_cmpeq_epi8(_mm_max_epu8(v, lim), lim)
        } else {
            _mm_setzero_si128()
        };
        for &b in eq {
            hit = _mm_or_si128(hit, _mm_cmpeq_epi8(v, _mm_set1_epi8(b as i8)));
        }
        _mm_movemask_epi8(hit) as u32 & 0xFFFF
    }
}

#[cfg(not(target_arch = "x86_64"))]
#[inline(always)]
fn mask_of(block: &[u8; 16], eq: &[u8], ctrl: bool) -> u32 {
    let mut m = 0u32;
    for (i, &b) in block.iter().enumerate() {
        if (ctrl && b < 0x20) || eq.contains(&b) {
            m |= 1 << i;
        }
    }
    m
}

const HEX: &[u8; 16] = b"0123456789abcdef";

/// `\u00XX` for every control byte.
const JSON_CONTROL: [[u8; 6]; 32] = {
    let mut t = [[0u8; 6]; 32];
    let mut c = 0;
    while c < 32 {
        t[c] = [b'\\', b'u', b'0', b'0', HEX[c >> 4], HEX[c & 15]];
        c += 1;
    }
    t
};

struct Json;

impl Scheme for Json {
    const EQ: &'static [u8] = b"\"\\";
    const CTRL: bool = true;
    #[inline(always)]
    fn needs(b: u8) -> bool {
        b < 0x20 || b == b'"' || b == b'\\'
    }
    #[inline(always)]
    fn mask(block: &[u8; 16]) -> u32 {
        mask_of(block, Self::EQ, Self::CTRL)
    }
    #[inline]
    fn escape(b: u8) -> &'static [u8] {
        match b {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            _ => &JSON_CONTROL[usize::from(b & 0x1F)],
        }
    }
}

struct Xml;

impl Scheme for Xml {
    const EQ: &'static [u8] = b"&<>\"\r";
    const CTRL: bool = false;
    #[inline(always)]
    fn needs(b: u8) -> bool {
        matches!(b, b'&' | b'<' | b'>' | b'"' | b'\r')
    }
    #[inline(always)]
    fn mask(block: &[u8; 16]) -> u32 {
        mask_of(block, Self::EQ, Self::CTRL)
    }
    #[inline]
    fn escape(b: u8) -> &'static [u8] {
        match b {
            b'&' => b"&amp;",
            b'<' => b"&lt;",
            b'>' => b"&gt;",
            b'"' => b"&quot;",
            _ => b"&#13;",
        }
    }
}

/// Appends `s` as a JSON string literal: `"`, `\` and control characters escaped, everything
/// else as UTF-8.
pub fn json_string_into(out: &mut Vec<u8>, s: &str) {
    out.push(b'"');
    escape_with::<Json>(out, s.as_bytes());
    out.push(b'"');
}

/// Appends `s` as XML character content the way MediaWiki escapes it (`& < > "`), plus `\r` as
/// `&#13;` so that an XML parser does not fold line ends.
pub fn xml_text_into(out: &mut Vec<u8>, s: &str) {
    escape_with::<Xml>(out, s.as_bytes());
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

    /// Byte-by-byte reference escapers.
    fn json_ref(s: &str) -> String {
        let mut o = String::from("\"");
        for c in s.chars() {
            match c {
                '"' => o.push_str("\\\""),
                '\\' => o.push_str("\\\\"),
                '\n' => o.push_str("\\n"),
                '\r' => o.push_str("\\r"),
                '\t' => o.push_str("\\t"),
                c if (c as u32) < 0x20 => o.push_str(&format!("\\u{:04x}", c as u32)),
                c => o.push(c),
            }
        }
        o.push('"');
        o
    }

    fn xml_ref(s: &str) -> String {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
            .replace('\r', "&#13;")
    }

    #[test]
    fn long_texts_every_block_edge() {
        // Longer than the wide loop's threshold; escapes at every offset around the 16- and
        // 32-byte block edges, and in the tail.
        for len in [64usize, 65, 95, 96, 97, 200] {
            for at in 0..len {
                let mut s: Vec<char> = (0..len)
                    .map(|i| if i % 3 == 0 { '软' } else { 'a' })
                    .collect();
                s[at] = '\n';
                if at + 1 < len {
                    s[at + 1] = '"';
                }
                let s: String = s.into_iter().collect();
                assert_eq!(json(&s), json_ref(&s), "len {len} at {at}");
                assert_eq!(xml(&s), xml_ref(&s), "len {len} at {at}");
            }
        }
    }

    proptest! {
        #[test]
        fn same_as_byte_by_byte(s in "[a软\"\\\n\r\t\u{1}\u{1f} &<>\u{7f}\u{80}é]{0,100}") {
            prop_assert_eq!(json(&s), json_ref(&s));
            prop_assert_eq!(xml(&s), xml_ref(&s));
        }

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
