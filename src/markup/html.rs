//! A small HTML tag tokenizer that reports byte ranges, for parsers that must keep tags and
//! attributes verbatim while converting the text around them (and the values of `title=` /
//! `alt=`).
//!
//! Two dialects:
//! - [`Syntax::Html`]: CommonMark's definition of a raw HTML tag (what a Markdown parser
//!   passes through): a name `[A-Za-z][A-Za-z0-9-]*`, attributes with quoted or unquoted
//!   values (a quoted value may contain `>`), then `/>` or `>`; a closing tag is `</name\s*>`.
//! - [`Syntax::Wiki`]: MediaWiki's looser reading: after `<name` (or `</name`) followed by a
//!   space, `/` or `>`, the tag runs to the first `>`; it may not contain `<`. Attributes are
//!   read leniently inside that extent; a quote left open ends at the `>`.
//!
//! Nothing here allocates: attributes are produced by an iterator over the tag's bytes.
//! Every function is linear in the bytes it looks at and never panics; positions that are not
//! on a `<` simply give `None`.

use std::ops::Range;

/// Which tag grammar to accept.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Syntax {
    /// CommonMark raw HTML.
    Html,
    /// MediaWiki wikitext (tag ends at the first `>`).
    Wiki,
}

/// One tag: `<name attrs>`, `<name attrs/>` or `</name>`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tag {
    /// The whole tag, `<` to `>` inclusive.
    pub range: Range<usize>,
    /// The element name as written (case preserved).
    pub name: Range<usize>,
    /// `</name>`.
    pub closing: bool,
    /// `<name … />`.
    pub self_closing: bool,
    /// Bytes between the name and the closing `>` (or `/>`); attributes live here.
    pub attrs: Range<usize>,
}

/// One attribute of a tag.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attr {
    /// The attribute name as written.
    pub name: Range<usize>,
    /// The value without its quotes (`None` for a bare attribute such as `hidden`).
    pub value: Option<Range<usize>>,
    /// The quote character around the value, if any.
    pub quote: Option<u8>,
    /// From the first byte of the name to the last byte of the value (closing quote included).
    pub range: Range<usize>,
}

impl Tag {
    /// The element name as written.
    pub fn name<'a>(&self, src: &'a str) -> &'a str {
        &src[self.name.clone()]
    }

    /// Whether the element name equals `name`, ASCII case-insensitively.
    pub fn is(&self, src: &str, name: &str) -> bool {
        self.name(src).eq_ignore_ascii_case(name)
    }

    /// The tag's attributes, in order.
    pub fn attrs<'a>(&self, src: &'a str) -> Attrs<'a> {
        Attrs {
            bytes: src.as_bytes(),
            at: self.attrs.start,
            end: self.attrs.end,
        }
    }

    /// The first attribute whose name equals `name` (ASCII case-insensitively).
    pub fn attr(&self, src: &str, name: &str) -> Option<Attr> {
        self.attrs(src)
            .find(|a| src[a.name.clone()].eq_ignore_ascii_case(name))
    }
}

/// Iterator over the attributes of a tag (see [`Tag::attrs`]).
pub struct Attrs<'a> {
    bytes: &'a [u8],
    at: usize,
    end: usize,
}

impl Iterator for Attrs<'_> {
    type Item = Attr;

    fn next(&mut self) -> Option<Attr> {
        let b = self.bytes;
        let end = self.end;
        let mut i = self.at;
        // Skip separators.
        while i < end && (b[i].is_ascii_whitespace() || b[i] == b'/') {
            i += 1;
        }
        if i >= end {
            self.at = end;
            return None;
        }
        let name_start = i;
        while i < end && !b[i].is_ascii_whitespace() && b[i] != b'=' && b[i] != b'/' {
            i += 1;
        }
        if i == name_start {
            // A stray `=`: skip it and its value as a nameless attribute.
            i += 1;
        }
        let name = name_start..i;
        let mut j = i;
        while j < end && b[j].is_ascii_whitespace() {
            j += 1;
        }
        if b[name.start] == b'=' || j >= end || b[j] != b'=' {
            self.at = i;
            return Some(Attr {
                name: name.clone(),
                value: None,
                quote: None,
                range: name,
            });
        }
        j += 1; // '='
        while j < end && b[j].is_ascii_whitespace() {
            j += 1;
        }
        let (value, quote, after) = if j < end && (b[j] == b'"' || b[j] == b'\'') {
            let q = b[j];
            let vs = j + 1;
            let ve = memchr::memchr(q, &b[vs..end]).map_or(end, |p| vs + p);
            let after = if ve < end { ve + 1 } else { end };
            (vs..ve, Some(q), after)
        } else {
            let vs = j;
            let mut ve = j;
            while ve < end && !b[ve].is_ascii_whitespace() {
                ve += 1;
            }
            (vs..ve, None, ve)
        };
        self.at = after;
        Some(Attr {
            name: name.clone(),
            value: Some(value),
            quote,
            range: name.start..after,
        })
    }
}

fn is_name_start(c: u8) -> bool {
    c.is_ascii_alphabetic()
}

/// The tag that starts at `pos` (where `src[pos]` is `<`), if it is well formed in `syntax`.
/// Comments (`<!--`) are not tags: see [`comment_at`].
pub fn tag_at(src: &str, pos: usize, syntax: Syntax) -> Option<Tag> {
    let b = src.as_bytes();
    if b.get(pos) != Some(&b'<') {
        return None;
    }
    let mut i = pos + 1;
    let closing = b.get(i) == Some(&b'/');
    if closing {
        i += 1;
    }
    if !b.get(i).copied().is_some_and(is_name_start) {
        return None;
    }
    let name_start = i;
    match syntax {
        Syntax::Html => {
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'-') {
                i += 1;
            }
        }
        Syntax::Wiki => {
            while i < b.len() && b[i].is_ascii_alphanumeric() {
                i += 1;
            }
        }
    }
    let name = name_start..i;
    match syntax {
        Syntax::Wiki => wiki_tag_rest(b, pos, name, closing),
        Syntax::Html => html_tag_rest(b, pos, name, closing),
    }
}

fn wiki_tag_rest(b: &[u8], pos: usize, name: Range<usize>, closing: bool) -> Option<Tag> {
    let i = name.end;
    match b.get(i) {
        Some(c) if c.is_ascii_whitespace() || *c == b'/' || *c == b'>' => {}
        _ => return None,
    }
    // The tag runs to the first '>' and may not contain '<'.
    let gt = i + memchr::memchr2(b'>', b'<', &b[i..])?;
    if b[gt] != b'>' {
        return None;
    }
    let self_closing = !closing && gt > i && b[gt - 1] == b'/';
    let attrs_end = if self_closing { gt - 1 } else { gt };
    Some(Tag {
        range: pos..gt + 1,
        name,
        closing,
        self_closing,
        attrs: i..attrs_end.max(i),
    })
}

fn html_tag_rest(b: &[u8], pos: usize, name: Range<usize>, closing: bool) -> Option<Tag> {
    let mut i = name.end;
    if closing {
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        return (b.get(i) == Some(&b'>')).then(|| Tag {
            range: pos..i + 1,
            name: name.clone(),
            closing: true,
            self_closing: false,
            attrs: name.end..name.end,
        });
    }
    let attrs_start = i;
    loop {
        let ws_start = i;
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        match b.get(i) {
            Some(b'>') => {
                return Some(Tag {
                    range: pos..i + 1,
                    name,
                    closing: false,
                    self_closing: false,
                    attrs: attrs_start..i,
                });
            }
            Some(b'/') if b.get(i + 1) == Some(&b'>') => {
                return Some(Tag {
                    range: pos..i + 2,
                    name,
                    closing: false,
                    self_closing: true,
                    attrs: attrs_start..i,
                });
            }
            Some(&c) if (c.is_ascii_alphabetic() || c == b'_' || c == b':') && i > ws_start => {
                i += 1;
                while i < b.len()
                    && (b[i].is_ascii_alphanumeric() || matches!(b[i], b'_' | b'.' | b':' | b'-'))
                {
                    i += 1;
                }
                // Optional value.
                let mut j = i;
                while j < b.len() && b[j].is_ascii_whitespace() {
                    j += 1;
                }
                if b.get(j) == Some(&b'=') {
                    j += 1;
                    while j < b.len() && b[j].is_ascii_whitespace() {
                        j += 1;
                    }
                    match b.get(j) {
                        Some(&q) if q == b'"' || q == b'\'' => {
                            let close = memchr::memchr(q, &b[j + 1..])?;
                            i = j + 1 + close + 1;
                        }
                        Some(_) => {
                            let vs = j;
                            while j < b.len()
                                && !b[j].is_ascii_whitespace()
                                && !matches!(b[j], b'"' | b'\'' | b'=' | b'<' | b'>' | b'`')
                            {
                                j += 1;
                            }
                            if j == vs {
                                return None;
                            }
                            i = j;
                        }
                        None => return None,
                    }
                }
            }
            _ => return None,
        }
    }
}

/// The comment that starts at `pos` (`<!--`), up to and including `-->`; an unclosed comment
/// runs to the end of `src` (as MediaWiki reads it). `None` if no comment starts at `pos`.
pub fn comment_at(src: &str, pos: usize) -> Option<Range<usize>> {
    comment_in(src, pos, src.len())
}

/// Like [`comment_at`], but an unclosed comment runs to `limit` and `-->` is only looked for
/// before `limit`.
pub fn comment_in(src: &str, pos: usize, limit: usize) -> Option<Range<usize>> {
    let b = src.as_bytes();
    let limit = limit.min(b.len());
    if pos + 4 > limit || &b[pos..pos + 4] != b"<!--" {
        return None;
    }
    let end = memchr::memmem::find(&b[pos + 4..limit], b"-->").map_or(limit, |p| pos + 4 + p + 3);
    Some(pos..end)
}

/// The first closing tag `</name\s*>` (name compared ASCII case-insensitively) at or after
/// `from`, as the range of the whole closing tag.
pub fn find_close_tag(src: &str, from: usize, name: &str) -> Option<Range<usize>> {
    let b = src.as_bytes();
    let n = name.as_bytes();
    let mut at = from.min(b.len());
    while let Some(p) = memchr::memmem::find(&b[at..], b"</") {
        let start = at + p;
        if let Some(end) = close_tag_named(b, start, n) {
            return Some(start..end);
        }
        at = start + 2;
    }
    None
}

/// If a closing tag `</name\s*>` starts at `start`, the offset just past its `>`.
pub fn close_tag_named(b: &[u8], start: usize, name: &[u8]) -> Option<usize> {
    let ns = start + 2;
    let ne = ns + name.len();
    if ne > b.len() || !b[ns..ne].eq_ignore_ascii_case(name) {
        return None;
    }
    let mut i = ne;
    while i < b.len() && b[i].is_ascii_whitespace() {
        i += 1;
    }
    (b.get(i) == Some(&b'>')).then_some(i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s<'a>(src: &'a str, r: &Range<usize>) -> &'a str {
        &src[r.clone()]
    }

    #[test]
    fn wiki_open_tag_with_attributes() {
        let src = r#"x<span style="color:red" title='软件' hidden data-x=1>"#;
        let t = tag_at(src, 1, Syntax::Wiki).unwrap();
        assert_eq!(t.range, 1..src.len());
        assert_eq!(t.name(src), "span");
        assert!(!t.closing && !t.self_closing);
        let attrs: Vec<Attr> = t.attrs(src).collect();
        assert_eq!(attrs.len(), 4);
        assert_eq!(s(src, &attrs[0].name), "style");
        assert_eq!(s(src, attrs[0].value.as_ref().unwrap()), "color:red");
        assert_eq!(attrs[0].quote, Some(b'"'));
        assert_eq!(s(src, &attrs[1].name), "title");
        assert_eq!(s(src, attrs[1].value.as_ref().unwrap()), "软件");
        assert_eq!(s(src, &attrs[1].range), "title='软件'");
        assert_eq!(s(src, &attrs[2].name), "hidden");
        assert_eq!(attrs[2].value, None);
        assert_eq!(s(src, attrs[3].value.as_ref().unwrap()), "1");
        assert_eq!(attrs[3].quote, None);
        assert_eq!(
            s(src, t.attr(src, "TITLE").unwrap().value.as_ref().unwrap()),
            "软件"
        );
    }

    #[test]
    fn wiki_self_closing_and_closing() {
        let src = "<ref name=a /></ref >";
        let t = tag_at(src, 0, Syntax::Wiki).unwrap();
        assert!(t.self_closing);
        assert_eq!(t.range, 0..14);
        assert_eq!(s(src, &t.attrs), " name=a ");
        let c = tag_at(src, 14, Syntax::Wiki).unwrap();
        assert!(c.closing);
        assert!(c.is(src, "REF"));
        assert_eq!(c.range, 14..src.len());
        let br = "<br/>";
        let t = tag_at(br, 0, Syntax::Wiki).unwrap();
        assert!(t.self_closing);
        assert_eq!(t.attrs, 3..3);
    }

    #[test]
    fn wiki_tag_ends_at_first_gt_and_rejects_lt() {
        let src = r#"<span title="a>b">"#;
        let t = tag_at(src, 0, Syntax::Wiki).unwrap();
        assert_eq!(s(src, &t.range), r#"<span title="a>"#);
        assert_eq!(
            s(src, t.attr(src, "title").unwrap().value.as_ref().unwrap()),
            "a"
        );
        assert_eq!(tag_at("<span <b>", 0, Syntax::Wiki), None);
        assert_eq!(tag_at("<span", 0, Syntax::Wiki), None);
        assert_eq!(tag_at("<spanx>", 0, Syntax::Wiki).unwrap().name, 1..6);
        assert_eq!(tag_at("<1>", 0, Syntax::Wiki), None);
        assert_eq!(tag_at("< b>", 0, Syntax::Wiki), None);
        assert_eq!(tag_at("<b-c>", 0, Syntax::Wiki), None);
        assert_eq!(tag_at("a", 0, Syntax::Wiki), None);
        assert_eq!(tag_at("<", 0, Syntax::Wiki), None);
        assert_eq!(tag_at("</", 0, Syntax::Wiki), None);
    }

    #[test]
    fn html_tags() {
        let src = r#"<a href="x>y" title=t>"#;
        let t = tag_at(src, 0, Syntax::Html).unwrap();
        assert_eq!(t.range, 0..src.len());
        let attrs: Vec<Attr> = t.attrs(src).collect();
        assert_eq!(s(src, attrs[0].value.as_ref().unwrap()), "x>y");
        assert_eq!(s(src, attrs[1].value.as_ref().unwrap()), "t");
        let sc = tag_at("<img src='a.png'/>", 0, Syntax::Html).unwrap();
        assert!(sc.self_closing);
        assert!(tag_at("</td >", 0, Syntax::Html).unwrap().closing);
        assert_eq!(tag_at("<a href=>", 0, Syntax::Html), None);
        assert_eq!(tag_at(r#"<a href="x>"#, 0, Syntax::Html), None);
        assert_eq!(tag_at("<a b=1c=2>", 0, Syntax::Html), None);
        assert_eq!(tag_at("<my-tag>", 0, Syntax::Html).unwrap().name, 1..7);
        assert_eq!(tag_at("</a x>", 0, Syntax::Html), None);
    }

    #[test]
    fn comments() {
        let src = "a<!-- 软件 -->b<!-- open";
        assert_eq!(comment_at(src, 1), Some(1..16));
        assert_eq!(comment_at(src, 17), Some(17..src.len()));
        assert_eq!(comment_at(src, 0), None);
        assert_eq!(comment_in(src, 17, 22), Some(17..22));
        assert_eq!(comment_at("<!-->", 0), Some(0..5));
        assert_eq!(comment_at("<!--", 0), Some(0..4));
    }

    #[test]
    fn close_tags() {
        let src = "<ref>a</reference></REF >b</ref>";
        assert_eq!(find_close_tag(src, 0, "ref"), Some(18..25));
        assert_eq!(find_close_tag(src, 25, "ref"), Some(26..32));
        assert_eq!(find_close_tag(src, 27, "ref"), None);
        assert_eq!(find_close_tag(src, 1000, "ref"), None);
    }
}
