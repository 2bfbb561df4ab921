//! Inline text: splits visible text at bold/italic quote runs, entities, HTML tags (kept, but
//! `title=`/`alt=` values converted unless they hold a URL), external links (URL kept, label
//! converted unless it starts with a URL), bare URLs (kept), `__MAGIC__` words (kept) and
//! list markers after a newline; nodes (templates, links, comments, `-{ }-` …) are handed to
//! [`Parser::node`].

use std::ops::Range;

use super::Parser;
use super::block::skip_nodes;
use super::names::{self, Switch, TagClass};
use super::scan::{Cursor, Tree};
use crate::markup::html::{self, Syntax};

/// Bytes at which inline markup may start.
static SIG: super::scan::ByteSet = super::scan::ByteSet::new(b"'&<[:_\n");

/// Whether a URL ends before the byte at `i` (space, control, `[]<>"`, `''`, Unicode space
/// separators, U+FFFD).
fn url_stop(b: &[u8], i: usize) -> bool {
    let c = b[i];
    let at = |k: usize| b.get(i + k).copied().unwrap_or(0);
    match c {
        0..=0x20 | 0x7f | b'[' | b']' | b'<' | b'>' | b'"' => true,
        b'\'' => at(1) == b'\'',
        0xc2 => at(1) == 0xa0,
        0xe1 => at(1) == 0x9a && at(2) == 0x80,
        0xe2 => {
            (at(1) == 0x80 && ((0x80..=0x8a).contains(&at(2)) || at(2) == 0xaf))
                || (at(1) == 0x81 && at(2) == 0x9f)
        }
        0xe3 => at(1) == 0x80 && at(2) == 0x80,
        0xef => at(1) == 0xbf && at(2) == 0xbd,
        _ => false,
    }
}

/// Length of a Unicode space separator (or ASCII space/tab) at `i`, 0 if none.
fn zs_len(b: &[u8], i: usize) -> usize {
    match b.get(i) {
        Some(b' ') => 1,
        Some(0xc2) if b.get(i + 1) == Some(&0xa0) => 2,
        Some(0xe1..=0xe3) if url_stop(b, i) => 3,
        _ => 0,
    }
}

impl Parser<'_, '_> {
    /// Classifies `r` as inline text; `ni` is the first node at or after `r.start`. Returns the
    /// first node at or after `r.end`.
    pub(super) fn inline(&mut self, t: &Tree, r: Range<usize>, mut ni: usize) -> usize {
        let b = self.b;
        let end = r.end;
        let mut i = r.start;
        let mut ts = i;
        // An external link cannot start before this offset (no `]` before the line end).
        let mut no_close_before = 0;
        let mut c1 = Cursor::default();
        let mut c2 = Cursor::default();
        let mut c3 = Cursor::default();
        loop {
            let nstart = match t.nodes.get(ni) {
                Some(n) if n.start < end => n.start,
                _ => end,
            };
            if i < nstart {
                // Short stretches byte by byte; long ones with memchr.
                let near = nstart.min(i + 32);
                i = super::scan::scan_near(b, i, near, &SIG);
                if i == near && i < nstart {
                    let x = c1.next(b, i, nstart, |s| memchr::memchr3(b'\'', b'&', b'<', s));
                    let y = c2.next(b, i, nstart, |s| memchr::memchr3(b'[', b':', b'_', s));
                    let z = c3.next(b, i, nstart, |s| memchr::memchr(b'\n', s));
                    i = x.min(y).min(z);
                }
            }
            if i >= nstart {
                if nstart >= end {
                    break;
                }
                self.text(ts..nstart);
                ni = self.node(t, ni);
                i = self.at;
                ts = i;
                continue;
            }
            let next = match b[i] {
                b'\'' => self.quotes(i, ts, nstart),
                b'&' => self.entity(i, ts, nstart),
                b'<' => self.html_tag(t, i, ts, &mut ni, end),
                b'[' => self.external_link(t, i, ts, &mut ni, end, &mut no_close_before),
                b':' => self.free_url(i, ts, nstart),
                b'_' => self.magic_word(i, ts, nstart),
                _ => self.list_marker(i, ts, nstart),
            };
            match next {
                Some(p) => {
                    i = p;
                    ts = p;
                }
                None => i += 1,
            }
        }
        self.text(ts..end);
        ni
    }

    /// `''`, `'''`, `'''''` (any run of two or more apostrophes) is kept.
    fn quotes(&mut self, i: usize, ts: usize, stop: usize) -> Option<usize> {
        let mut e = i;
        while e < stop && self.b[e] == b'\'' {
            e += 1;
        }
        if e - i < 2 {
            return None;
        }
        self.text(ts..i);
        self.keep(i..e);
        Some(e)
    }

    /// Length of the entity at `i` (`&name;`, `&#123;`, `&#x1F;`), if any.
    fn entity_len(&self, i: usize, stop: usize) -> Option<usize> {
        let b = &self.b[..stop];
        let mut e = i + 1;
        if b.get(e) == Some(&b'#') {
            e += 1;
            let hex = matches!(b.get(e), Some(b'x' | b'X'));
            if hex {
                e += 1;
            }
            let ds = e;
            while e < b.len()
                && e - ds < 8
                && (if hex {
                    b[e].is_ascii_hexdigit()
                } else {
                    b[e].is_ascii_digit()
                })
            {
                e += 1;
            }
            if e == ds {
                return None;
            }
        } else {
            if !b.get(e).is_some_and(|c| c.is_ascii_alphabetic()) {
                return None;
            }
            while e < b.len() && e - i < 33 && b[e].is_ascii_alphanumeric() {
                e += 1;
            }
        }
        (b.get(e) == Some(&b';')).then_some(e + 1 - i)
    }

    fn entity(&mut self, i: usize, ts: usize, stop: usize) -> Option<usize> {
        let len = self.entity_len(i, stop)?;
        self.text(ts..i);
        self.keep(i..i + len);
        Some(i + len)
    }

    /// Text in which entities are kept (attribute values).
    fn text_with_entities(&mut self, r: Range<usize>) {
        let mut ts = r.start;
        let mut i = r.start;
        while let Some(p) = memchr::memchr(b'&', &self.b[i..r.end]) {
            let p = i + p;
            match self.entity_len(p, r.end) {
                Some(len) => {
                    self.text(ts..p);
                    self.keep(p..p + len);
                    ts = p + len;
                    i = ts;
                }
                None => i = p + 1,
            }
        }
        self.text(ts..r.end);
    }

    /// An HTML tag MediaWiki allows (or a stray extension tag): kept, except the values of
    /// `title=` and `alt=` without `://`, which are shown.
    fn html_tag(
        &mut self,
        t: &Tree,
        i: usize,
        ts: usize,
        ni: &mut usize,
        end: usize,
    ) -> Option<usize> {
        let tag = html::tag_at(self.src, i, Syntax::Wiki)?;
        if tag.range.end > end {
            return None;
        }
        let class = names::tag_class(&self.b[tag.name.clone()])?;
        // Nodes inside the tag (templates in attributes) must end inside it.
        let mut k = *ni;
        while k < t.nodes.len() && t.nodes[k].start < tag.range.end {
            if t.nodes[k].end > tag.range.end {
                return None;
            }
            k = t.nodes[k].skip;
        }
        self.text(ts..i);
        let mut at = i;
        if class == TagClass::Html && !tag.closing {
            for a in tag.attrs(self.src) {
                let Some(v) = a.value else { continue };
                let name = &self.src[a.name.clone()];
                let shown = (name.eq_ignore_ascii_case("title")
                    || name.eq_ignore_ascii_case("alt"))
                    && !v.is_empty()
                    && !self.src[v.clone()].contains("://")
                    && skip_nodes(t, *ni, v.start) == skip_nodes(t, *ni, v.end);
                if shown {
                    self.keep(at..v.start);
                    self.text_with_entities(v.clone());
                    at = v.end;
                }
            }
        }
        self.keep(at..tag.range.end);
        *ni = k;
        Some(tag.range.end)
    }

    /// `[url label]`: `[`, the URL and the spaces after it kept; the label shown unless it
    /// starts with a URL; `]` kept. `[//host …]` counts.
    fn external_link(
        &mut self,
        t: &Tree,
        i: usize,
        ts: usize,
        ni: &mut usize,
        end: usize,
        no_close_before: &mut usize,
    ) -> Option<usize> {
        let b = &self.b[..end];
        if i < *no_close_before || b.get(i + 1) == Some(&b'[') {
            return None;
        }
        let plen = names::protocol_len(&b[i + 1..], true)?;
        let mut u = i + 1 + plen;
        let mut k = *ni;
        while u < end {
            if k < t.nodes.len() && t.nodes[k].start == u {
                u = t.nodes[k].end;
                k = t.nodes[k].skip;
                continue;
            }
            if url_stop(b, u) {
                break;
            }
            u += 1;
        }
        let mut label_start = u;
        loop {
            let n = zs_len(b, label_start);
            if n == 0 {
                break;
            }
            label_start += n;
        }
        // The closing `]`, on the same line, outside nodes.
        let mut p = label_start;
        let mut kk = k;
        let close = loop {
            let q = memchr::memchr2(b']', b'\n', &b[p..]).map_or(end, |x| p + x);
            if kk < t.nodes.len() && t.nodes[kk].start < q {
                p = t.nodes[kk].end.max(p);
                kk = t.nodes[kk].skip;
                continue;
            }
            if q >= end || b[q] != b']' {
                *no_close_before = q;
                return None;
            }
            break q;
        };
        self.text(ts..i);
        self.keep(i..label_start);
        let label = label_start..close;
        if label.is_empty() || names::protocol_len(&b[label.clone()], true).is_some() {
            self.keep(label);
            *ni = skip_nodes(t, k, close);
        } else {
            *ni = self.inline(t, label, k);
        }
        self.keep(close..close + 1);
        Some(close + 1)
    }

    /// A bare URL whose protocol ends with the `:` at `i`: kept, minus trailing punctuation.
    fn free_url(&mut self, i: usize, ts: usize, stop: usize) -> Option<usize> {
        let b = &self.b[..stop];
        let mut s = i;
        while s > ts && i - s < 12 && b[s - 1].is_ascii_alphabetic() {
            s -= 1;
        }
        if s == i || (s > 0 && self.b[s - 1].is_ascii_alphanumeric()) {
            return None;
        }
        let plen = names::protocol_len(&b[s..], false)?;
        let body = s + plen;
        let mut u = body;
        while u < stop && !url_stop(b, u) {
            u += 1;
        }
        let url = &b[s..u];
        if let Some(p) = memchr::memmem::find(url, b"&lt;")
            .into_iter()
            .chain(memchr::memmem::find(url, b"&gt;"))
            .min()
        {
            u = s + p;
        }
        let paren = memchr::memchr(b'(', &b[s..u]).is_some();
        while u > body
            && (matches!(b[u - 1], b',' | b';' | b'.' | b':' | b'!' | b'?')
                || (!paren && b[u - 1] == b')'))
        {
            u -= 1;
        }
        if u <= body {
            return None;
        }
        self.text(ts..s);
        self.keep(s..u);
        Some(u)
    }

    /// `__NOTOC__`, `__NOCC__`, `__不转换内容__` … : kept; the conversion switches are recorded.
    fn magic_word(&mut self, i: usize, ts: usize, stop: usize) -> Option<usize> {
        let b = &self.b[..stop];
        if b.get(i + 1) != Some(&b'_') {
            return None;
        }
        let from = i + 2;
        let window = &b[from..stop.min(from + 64)];
        let q = from + memchr::memmem::find(window, b"__")?;
        let word = std::str::from_utf8(&b[from..q]).ok()?;
        match names::switch(word)? {
            Switch::NoContentConversion => self.meta.no_content_conversion = true,
            Switch::NoTitleConversion => self.meta.no_title_conversion = true,
            Switch::Other => {}
        }
        self.text(ts..i);
        self.keep(i..q + 2);
        Some(q + 2)
    }

    /// List markers (`*#:;`) at the start of a line inside a template value or label.
    fn list_marker(&mut self, i: usize, ts: usize, stop: usize) -> Option<usize> {
        let mut e = i + 1;
        while e < stop && matches!(self.b[e], b'*' | b'#' | b':' | b';') {
            e += 1;
        }
        if e == i + 1 {
            return None;
        }
        self.text(ts..i + 1);
        self.keep(i + 1..e);
        Some(e)
    }
}
