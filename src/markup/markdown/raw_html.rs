//! Raw HTML inside Markdown (notes M5): inline tags and HTML blocks, read with the shared tag
//! tokenizer ([`crate::markup::html`], CommonMark's tag grammar).
//!
//! - Tags are kept, attributes included, except the values of `title=` and `alt=`, which are
//!   visible (MediaWiki converts them) unless they contain `://` or are plain ASCII (nothing to
//!   convert; this keeps the export's `title="wikilink"` marker a kept byte).
//! - Comments, declarations (`<!DOCTYPE …>`), processing instructions and CDATA are kept.
//! - The content of a verbatim element ([`VERBATIM`]: `<script>`, `<style>`, `<math>`, `<pre>`,
//!   `<code>`, `<nowiki>`, `<syntaxhighlight>` …) is kept up to its closing tag, or to the end
//!   of the Markdown block it opened in when it is not closed.
//! - Inside HTML blocks (where Markdown is not parsed) the text between tags is visible, split
//!   at line breaks and at entities (`&amp;`, `&#x8F6F;`), which are kept.
//! - A `<` that starts no well-formed tag is read with MediaWiki's looser grammar (up to the
//!   first `>`); failing that it is text, except that in an HTML block a tag cut by the end of
//!   a line (a block quote's `> ` prefix inside it) is kept up to its `>` on a later line.
//!
//! State (an open comment or verbatim element) carries across the pieces of one block:
//! pulldown-cmark gives an HTML block line by line, and an inline element as separate events.
//! Work is linear: every byte of a piece is looked at a bounded number of times.

use std::ops::Range;

use memchr::{memchr, memchr2, memmem};

use crate::markup::html::{Syntax, Tag, close_tag_named, tag_at};

use super::events::Classified;

/// Elements whose content is never converted.
pub(super) const VERBATIM: &[&str] = &[
    "script",
    "style",
    "math",
    "chem",
    "ce",
    "pre",
    "code",
    "nowiki",
    "syntaxhighlight",
    "source",
    "score",
    "timeline",
    "templatedata",
    "graph",
    "mapframe",
    "textarea",
];

#[derive(Debug, Default)]
enum Open {
    #[default]
    None,
    /// Inside `<!-- … ` since this offset.
    Comment(usize),
    /// Inside a verbatim element named `name` whose content starts at `content`.
    Verbatim { name: &'static str, content: usize },
    /// Inside a tag cut by the end of a line of an HTML block in a container (`> <b` …
    /// `> title="x">`): kept up to the next `>`.
    Tag,
}

#[derive(Debug, Default)]
pub(super) struct HtmlState {
    open: Open,
    /// An HTML block's lines, gathered while contiguous.
    pending: Option<Range<usize>>,
    in_block: bool,
    /// Visible attribute values inside the tag just read.
    holes: Vec<Range<usize>>,
}

impl HtmlState {
    /// An `Html` (block line) or `InlineHtml` event.
    pub(super) fn piece(&mut self, src: &str, range: Range<usize>, out: &mut Classified) {
        if self.in_block {
            match &mut self.pending {
                Some(p) if p.end == range.start => p.end = range.end,
                _ => {
                    self.flush(src, out);
                    self.pending = Some(range);
                }
            }
        } else {
            self.scan(src, range, false, out);
        }
    }

    pub(super) fn start_block(&mut self) {
        self.in_block = true;
    }

    /// The end of a Markdown block (an HTML block, a paragraph, a heading, a cell…): pending
    /// lines are read, and a comment or verbatim element still open is kept to `end`.
    pub(super) fn end_block(&mut self, src: &str, end: usize, out: &mut Classified) {
        self.flush(src, out);
        self.in_block = false;
        match std::mem::take(&mut self.open) {
            Open::None => {}
            Open::Comment(from) => out.keep_opaque(from..end.max(from)),
            Open::Verbatim { content, .. } => out.keep_opaque(content..end.max(content)),
            Open::Tag => {}
        }
    }

    fn flush(&mut self, src: &str, out: &mut Classified) {
        if let Some(r) = self.pending.take() {
            self.scan(src, r, true, out);
        }
    }

    /// Classifies `range`; `block` says whether its text is HTML-block text (visible here) or
    /// lies outside it (inline HTML: the text around is Markdown, classified by the caller).
    fn scan(&mut self, src: &str, range: Range<usize>, block: bool, out: &mut Classified) {
        let b = src.as_bytes();
        let end = range.end.min(b.len());
        let mut i = range.start;
        // Start of text not yet classified.
        let mut text = i;
        while i < end {
            match self.open {
                Open::Comment(from) => match memmem::find(&b[i..end], b"-->") {
                    Some(o) => {
                        let close = i + o + 3;
                        out.keep_opaque(from..close);
                        self.open = Open::None;
                        i = close;
                        text = close;
                    }
                    None => {
                        i = end;
                        text = end;
                    }
                },
                Open::Tag => {
                    let close = memchr(b'>', &b[i..end]).map(|o| i + o + 1);
                    let stop = close.unwrap_or(end);
                    out.keep_opaque(i..stop);
                    if close.is_some() {
                        self.open = Open::None;
                    }
                    i = stop;
                    text = stop;
                }
                Open::Verbatim { name, content } => {
                    let mut at = i;
                    let mut closed = None;
                    while let Some(o) = memmem::find(&b[at..end], b"</") {
                        let start = at + o;
                        if let Some(close_end) = close_tag_named(&b[..end], start, name.as_bytes())
                        {
                            closed = Some((start, close_end));
                            break;
                        }
                        at = start + 2;
                    }
                    match closed {
                        Some((_, close_end)) => {
                            out.keep_opaque(content..close_end);
                            self.open = Open::None;
                            i = close_end;
                            text = close_end;
                        }
                        None => {
                            i = end;
                            text = end;
                        }
                    }
                }
                Open::None => {
                    let Some(o) = memchr2(b'<', b'&', &b[i..end]) else {
                        break;
                    };
                    let at = i + o;
                    let kept = if b[at] == b'&' {
                        if block { entity_len(&b[at..end]) } else { None }.map(|n| at..at + n)
                    } else {
                        self.markup_at(src, at, end, block)
                    };
                    match kept {
                        Some(k) => {
                            if block {
                                visible_lines(b, text..k.start, out);
                            }
                            self.push_kept(k.clone(), out);
                            i = k.end.max(at + 1);
                            text = i;
                        }
                        None => i = at + 1,
                    }
                }
            }
        }
        if block && matches!(self.open, Open::None) {
            visible_lines(b, text..end, out);
        }
    }

    /// Keeps `k` but for the visible attribute values in `self.holes`.
    fn push_kept(&mut self, k: Range<usize>, out: &mut Classified) {
        let mut from = k.start;
        for hole in self.holes.drain(..) {
            if from < hole.start {
                out.keep_opaque(from..hole.start);
            }
            super::events::push_visible(&mut out.visible, hole.clone());
            from = hole.end;
        }
        if from < k.end {
            out.keep_opaque(from..k.end);
        }
    }

    /// The kept extent of the markup starting with `<` at `at` (a comment, declaration or
    /// tag), with the tag's visible attribute values left in `self.holes`; `None` when the `<`
    /// is text.
    fn markup_at(&mut self, src: &str, at: usize, end: usize, block: bool) -> Option<Range<usize>> {
        let b = &src.as_bytes()[..end];
        let rest = &b[at..];
        if rest.starts_with(b"<!--") {
            return match memmem::find(&rest[4..], b"-->") {
                Some(o) => Some(at..at + 4 + o + 3),
                None => {
                    // Open until a later piece closes it; kept from here on.
                    self.open = Open::Comment(at);
                    Some(at..at)
                }
            };
        }
        if rest.starts_with(b"<![CDATA[") {
            let close = memmem::find(rest, b"]]>").map_or(end, |o| at + o + 3);
            return Some(at..close);
        }
        if rest.starts_with(b"<!") || rest.starts_with(b"<?") {
            let close = memchr(b'>', rest).map_or(end, |o| at + o + 1);
            return Some(at..close);
        }
        let src = &src[..end];
        let Some(tag) = tag_at(src, at, Syntax::Html).or_else(|| tag_at(src, at, Syntax::Wiki))
        else {
            // In an HTML block, a tag name running into the end of the piece is a tag cut by
            // a container's line prefix.
            let name_at = if rest.get(1) == Some(&b'/') { 2 } else { 1 };
            let starts_tag = rest.get(name_at).is_some_and(u8::is_ascii_alphabetic);
            if block && starts_tag && memchr2(b'<', b'>', &rest[1..]).is_none() {
                self.open = Open::Tag;
                return Some(at..end);
            }
            return None;
        };
        self.visible_attrs(src, &tag);
        if !tag.closing
            && !tag.self_closing
            && let Some(name) = verbatim(&src.as_bytes()[tag.name.clone()])
        {
            self.open = Open::Verbatim {
                name,
                content: tag.range.end,
            };
        }
        Some(tag.range)
    }

    /// Records the `title=` and `alt=` values with something to convert as holes in the tag.
    fn visible_attrs(&mut self, src: &str, tag: &Tag) {
        if tag.closing {
            return;
        }
        for attr in tag.attrs(src) {
            let name = &src[attr.name.clone()];
            let Some(value) = attr.value else { continue };
            if !(name.eq_ignore_ascii_case("title") || name.eq_ignore_ascii_case("alt")) {
                continue;
            }
            let v = &src[value.clone()];
            if v.is_ascii() || v.contains("://") || value.is_empty() {
                continue;
            }
            self.holes.push(value);
        }
    }
}

/// The [`VERBATIM`] entry naming this element, if any.
fn verbatim(name: &[u8]) -> Option<&'static str> {
    // Most tags (`p`, `td`, `a`, `span`…) are ruled out by their length or first letter.
    if !(2..=15).contains(&name.len())
        || !matches!(
            name[0].to_ascii_lowercase(),
            b's' | b'm' | b'c' | b'p' | b'n' | b't' | b'g'
        )
    {
        return None;
    }
    VERBATIM
        .iter()
        .copied()
        .find(|v| v.as_bytes().eq_ignore_ascii_case(name))
}

/// Pushes the lines of `r` as visible ranges (line breaks are kept boundaries).
fn visible_lines(b: &[u8], r: Range<usize>, out: &mut Classified) {
    let mut start = r.start;
    while start < r.end {
        let line_end = memchr(b'\n', &b[start..r.end]).map_or(r.end, |o| start + o);
        let (s, e) = trim_cr(b, start, line_end);
        if s < e {
            super::events::push_visible(&mut out.visible, s..e);
        }
        start = line_end + 1;
    }
}

fn trim_cr(b: &[u8], s: usize, mut e: usize) -> (usize, usize) {
    if e > s && b[e - 1] == b'\r' {
        e -= 1;
    }
    (s, e)
}

/// The length of an entity reference at the start of `b` (`&name;`, `&#123;`, `&#x1F;`).
fn entity_len(b: &[u8]) -> Option<usize> {
    let semi = memchr(b';', &b[..b.len().min(34)])?;
    let body = &b[1..semi];
    let ok = match body {
        [b'#', b'x' | b'X', hex @ ..] => {
            (1..=6).contains(&hex.len()) && hex.iter().all(u8::is_ascii_hexdigit)
        }
        [b'#', dec @ ..] => (1..=7).contains(&dec.len()) && dec.iter().all(u8::is_ascii_digit),
        [first, rest @ ..] => {
            first.is_ascii_alphabetic() && rest.iter().all(u8::is_ascii_alphanumeric)
        }
        [] => false,
    };
    ok.then_some(semi + 1)
}
