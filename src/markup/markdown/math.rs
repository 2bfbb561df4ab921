//! TeX math in Markdown: `\( … \)`, `\[ … \]`, `$$ … $$` and `$ … $`, found on the raw source
//! (math can hold `*` and `_` that pulldown-cmark reads as emphasis, so it is found before the
//! Markdown structure is trusted). Math is kept verbatim and is never scanned for `-{ }-`.
//!
//! The export writes TeX as `\( … \)` and `\[ … \]`, but it also escapes square brackets in
//! prose (`\[1\]`, `\[算术编码\]`), and prices such as `NT$300` or `$6,000` are common. So:
//! - `\( … \)` is math whenever it closes within the paragraph;
//! - `\[ … \]` is math only when its content looks like TeX: a `\command`, `^`, `_`, `{` or `=`;
//! - `$$ … $$` is math whenever it closes within the paragraph;
//! - `$ … $` follows pandoc's rule (the opening `$` has a non-space on its right, the closing
//!   one a non-space on its left and no digit after it) and, stricter, must sit on one line,
//!   must not follow a letter or digit (`NT$300`), must not be followed by a letter, must not
//!   contain CJK punctuation, and may contain CJK characters only along with a TeX sign
//!   (`\`, `^`, `_`, `{`).
//!
//! Delimiters inside `skips` (code, raw HTML, link destinations…) do not count; a backslash
//! escape (`\$`, `\\(`) is not a delimiter. "Within the paragraph" means no blank line between
//! the delimiters.
//!
//! Linear time: the scan goes left to right once, and every "next closer / next blank line at
//! or after p" or "a CJK character / TeX sign between p and the closer" question is answered
//! by a cache whose scans never overlap, because the questions come with increasing `p`.

use std::ops::Range;

use memchr::{memchr, memchr2};

use super::ranges::inside;

/// Answers "the first match at or after `p`" for increasing `p` without rescanning.
#[derive(Default)]
struct Next {
    valid: bool,
    from: usize,
    at: Option<usize>,
}

impl Next {
    fn get(&mut self, p: usize, find: impl FnOnce(usize) -> Option<usize>) -> Option<usize> {
        if self.valid && p >= self.from && self.at.is_none_or(|a| a >= p) {
            return self.at;
        }
        let at = find(p);
        *self = Next {
            valid: true,
            from: p,
            at,
        };
        at
    }
}

/// Answers "the first match in `[p, end)`" for increasing `p`, scanning each byte at most
/// once: it remembers how far it has looked and what it found.
#[derive(Default)]
struct Within {
    from: usize,
    /// No match in `[from, to)`; a match at `to` if `found`.
    to: usize,
    found: bool,
}

impl Within {
    fn first(
        &mut self,
        p: usize,
        end: usize,
        find: impl FnOnce(usize, usize) -> Option<usize>,
    ) -> Option<usize> {
        let known = p >= self.from && p <= self.to;
        if known && self.found {
            return (self.to < end).then_some(self.to);
        }
        let start = if known { self.to } else { p };
        if start >= end {
            return None;
        }
        let hit = find(start, end);
        *self = match hit {
            Some(at) => Within {
                from: p,
                to: at,
                found: true,
            },
            None => Within {
                from: p,
                to: end,
                found: false,
            },
        };
        hit
    }
}

struct Scanner<'a> {
    bytes: &'a [u8],
    skips: &'a [Range<usize>],
    blank: Next,
    newline: Next,
    close_paren: Next,
    close_bracket: Next,
    close_display: Next,
    close_inline: Next,
    tex_bracket: Within,
    tex_dollar: Within,
    cjk_punct: Within,
    cjk: Within,
}

/// The math regions of `src`, sorted and disjoint. `skips` is sorted and merged.
pub(super) fn find(src: &str, skips: &[Range<usize>]) -> Vec<Range<usize>> {
    let bytes = src.as_bytes();
    let mut out = Vec::new();
    let mut s = Scanner {
        bytes,
        skips,
        blank: Next::default(),
        newline: Next::default(),
        close_paren: Next::default(),
        close_bracket: Next::default(),
        close_display: Next::default(),
        close_inline: Next::default(),
        tex_bracket: Within::default(),
        tex_dollar: Within::default(),
        cjk_punct: Within::default(),
        cjk: Within::default(),
    };
    let mut skip_at = 0;
    let mut i = 0;
    while i < bytes.len() {
        let Some(off) = memchr2(b'$', b'\\', &bytes[i..]) else {
            break;
        };
        let p = i + off;
        if let Some(r) = inside(skips, &mut skip_at, p) {
            i = r.end.max(p + 1);
            continue;
        }
        let found = if bytes[p] == b'\\' {
            match bytes.get(p + 1) {
                Some(b'(') => s.paren(p),
                Some(b'[') => s.bracket(p),
                _ => None,
            }
        } else if bytes.get(p + 1) == Some(&b'$') {
            s.display(p)
        } else {
            s.inline(p)
        };
        match found {
            Some(end) => {
                out.push(p..end);
                i = end;
            }
            // A backslash and the character it escapes; `$$` that opens nothing; one `$`.
            None if bytes[p] == b'\\' || bytes.get(p + 1) == Some(&b'$') => i = p + 2,
            None => i = p + 1,
        }
    }
    out
}

impl Scanner<'_> {
    fn in_skip(&self, pos: usize) -> bool {
        let k = self.skips.partition_point(|r| r.end <= pos);
        self.skips.get(k).is_some_and(|r| r.start <= pos)
    }

    /// Whether the byte at `pos` is escaped by an odd run of backslashes before it.
    fn escaped(&self, pos: usize) -> bool {
        let run = self.bytes[..pos]
            .iter()
            .rev()
            .take_while(|&&b| b == b'\\')
            .count();
        run % 2 == 1
    }

    /// Start of the first blank line (a paragraph break) at or after `p`, or the end.
    fn next_break(&mut self, p: usize) -> usize {
        let bytes = self.bytes;
        self.blank
            .get(p, |mut q| {
                while let Some(off) = memchr(b'\n', &bytes[q.min(bytes.len())..]) {
                    let nl = q + off;
                    let rest = &bytes[nl + 1..];
                    let ws = rest
                        .iter()
                        .take_while(|&&b| matches!(b, b' ' | b'\t' | b'\r'))
                        .count();
                    if rest.get(ws).is_none_or(|&b| b == b'\n') {
                        return Some(nl);
                    }
                    q = nl + 1;
                }
                None
            })
            .unwrap_or(bytes.len())
    }

    fn next_newline(&mut self, p: usize) -> usize {
        let bytes = self.bytes;
        self.newline
            .get(p, |q| {
                memchr(b'\n', &bytes[q.min(bytes.len())..]).map(|o| q + o)
            })
            .unwrap_or(bytes.len())
    }

    /// The first unescaped, unskipped occurrence of `pat` (two bytes, or one) at or after `p`.
    fn next_delim(&self, p: usize, pat: &[u8], accept: impl Fn(usize) -> bool) -> Option<usize> {
        let bytes = self.bytes;
        let mut q = p;
        while q < bytes.len() {
            let at = q + memchr(pat[0], &bytes[q..])?;
            if bytes[at..].starts_with(pat) && !self.escaped(at) && !self.in_skip(at) && accept(at)
            {
                return Some(at);
            }
            q = at + 1;
        }
        None
    }

    fn paren(&mut self, p: usize) -> Option<usize> {
        let mut cache = std::mem::take(&mut self.close_paren);
        let c = cache.get(p + 2, |q| self.next_delim(q, b"\\)", |_| true));
        self.close_paren = cache;
        let c = c?;
        (c < self.next_break(p)).then_some(c + 2)
    }

    fn bracket(&mut self, p: usize) -> Option<usize> {
        let mut cache = std::mem::take(&mut self.close_bracket);
        let c = cache.get(p + 2, |q| self.next_delim(q, b"\\]", |_| true));
        self.close_bracket = cache;
        let c = c?;
        if c >= self.next_break(p) {
            return None;
        }
        let bytes = self.bytes;
        let tex = self.tex_bracket.first(p + 2, c, |q, end| {
            (q..end).find(|&k| match bytes[k] {
                b'\\' => bytes.get(k + 1).is_some_and(|b| b.is_ascii_alphabetic()),
                b'^' | b'_' | b'{' | b'=' => true,
                _ => false,
            })
        });
        tex.map(|_| c + 2)
    }

    fn display(&mut self, p: usize) -> Option<usize> {
        let mut cache = std::mem::take(&mut self.close_display);
        let c = cache.get(p + 2, |q| self.next_delim(q, b"$$", |_| true));
        self.close_display = cache;
        let c = c?;
        if c >= self.next_break(p) || self.bytes[p + 2..c].iter().all(u8::is_ascii_whitespace) {
            return None;
        }
        Some(c + 2)
    }

    fn inline(&mut self, p: usize) -> Option<usize> {
        let bytes = self.bytes;
        let next = *bytes.get(p + 1)?;
        if next.is_ascii_whitespace() || (p > 0 && bytes[p - 1].is_ascii_alphanumeric()) {
            return None;
        }
        let mut cache = std::mem::take(&mut self.close_inline);
        let c = cache.get(p + 2, |q| {
            self.next_delim(q, b"$", |at| {
                !bytes[at - 1].is_ascii_whitespace()
                    && bytes[at - 1] != b'$'
                    && bytes
                        .get(at + 1)
                        .is_none_or(|&b| !b.is_ascii_alphanumeric() && b != b'$')
            })
        });
        self.close_inline = cache;
        let c = c?;
        if c >= self.next_newline(p) {
            return None;
        }
        if self
            .cjk_punct
            .first(p + 1, c, |q, end| {
                (q..end).find(|&k| is_cjk_punct(&bytes[k..]))
            })
            .is_some()
        {
            return None;
        }
        let has_cjk = self
            .cjk
            .first(p + 1, c, |q, end| {
                (q..end).find(|&k| is_cjk_char(&bytes[k..]))
            })
            .is_some();
        if has_cjk
            && self
                .tex_dollar
                .first(p + 1, c, |q, end| {
                    (q..end).find(|&k| matches!(bytes[k], b'\\' | b'^' | b'_' | b'{'))
                })
                .is_none()
        {
            return None;
        }
        Some(c + 1)
    }
}

/// CJK symbols and punctuation (U+3000–303F), general punctuation U+2010–2027 (dashes, curly
/// quotes, ellipsis), fullwidth forms (U+FF00–FFEF), at the start of `b`.
fn is_cjk_punct(b: &[u8]) -> bool {
    match b {
        [0xE3, 0x80, ..] => true,
        [0xE2, 0x80, x, ..] => (0x90..=0xA7).contains(x),
        [0xEF, 0xBC..=0xBF, ..] => true,
        _ => false,
    }
}

/// A CJK character (three-byte lead E3–E9 outside the punctuation block, or a supplementary
/// plane character) at the start of `b`.
fn is_cjk_char(b: &[u8]) -> bool {
    match b {
        [0xE3, 0x80, ..] => false,
        [0xE3..=0xE9, ..] => true,
        [0xF0, 0xA0..=0xBF, ..] => true,
        _ => false,
    }
}

#[cfg(test)]
#[allow(clippy::single_range_in_vec_init)]
mod tests {
    use super::*;

    fn math(src: &str) -> Vec<&str> {
        find(src, &[]).into_iter().map(|r| &src[r]).collect()
    }

    #[test]
    fn tex_delimiters() {
        assert_eq!(math(r"范围\({-\log} P(x)\)之内"), vec![r"\({-\log} P(x)\)"]);
        assert_eq!(math("式\\(a\nb\\)止"), vec!["\\(a\nb\\)"]);
        assert_eq!(math("式\\(a\n\nb\\)止"), Vec::<&str>::new());
        assert_eq!(math(r"\[\frac{1}{2}\]"), vec![r"\[\frac{1}{2}\]"]);
        // Escaped brackets in prose are not math.
        assert_eq!(math(r"见\[1\]和\[算术编码\]"), Vec::<&str>::new());
        // An escaped backslash does not open math.
        assert_eq!(math(r"\\(a\)"), Vec::<&str>::new());
    }

    #[test]
    fn dollars() {
        assert_eq!(math("设$x^2$为"), vec!["$x^2$"]);
        assert_eq!(math("$$\na_1\n$$"), vec!["$$\na_1\n$$"]);
        assert_eq!(math("$a*b*c$ 与"), vec!["$a*b*c$"]);
        // Prices are not math.
        assert_eq!(math("需NT$900，獲得NT$1000之額度"), Vec::<&str>::new());
        assert_eq!(math("派發$4,000，但$6,000計劃$是"), Vec::<&str>::new());
        assert_eq!(math("价格$5 和 $10"), Vec::<&str>::new());
        assert_eq!(math(r"\$x$ 不是"), Vec::<&str>::new());
        assert_eq!(math("$\\text{速度}=v$"), vec!["$\\text{速度}=v$"]);
        assert_eq!(math("$a\nb$"), Vec::<&str>::new());
    }

    #[test]
    fn skips_hide_delimiters() {
        let src = r"a\(b\)c";
        assert_eq!(find(src, &[1..3]), Vec::<Range<usize>>::new());
    }

    #[test]
    fn linear_on_hostile_input() {
        let src = r"\[ ".repeat(50_000) + r"\]";
        assert_eq!(find(&src, &[]), Vec::<Range<usize>>::new());
        let src = "$1 ".repeat(50_000);
        assert_eq!(find(&src, &[]), Vec::<Range<usize>>::new());
        let src = "$a，".repeat(50_000) + "$";
        assert_eq!(find(&src, &[]), Vec::<Range<usize>>::new());
    }
}
