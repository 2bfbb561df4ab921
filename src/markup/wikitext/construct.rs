//! Nodes: templates (names and parameter names kept, displayed values converted), parser
//! functions and magic words (kept, branches converted), `{{NoteTA}}`, internal links (target
//! kept, label converted, bare links get a [`Span::LinkLabel`]), categories and interlanguage
//! links (kept), file links and gallery lines (name and options kept, caption and `alt=`
//! converted), extension elements and `-{ }-` blocks.

use std::ops::Range;

use super::block::{RegionKind, skip_nodes};
use super::names::{self, FileOption, Function, Namespace};
use super::scan::{Kind, Node, Tree};
use super::{MAX_NESTING, Parser};
use crate::document::{NoteTA, Span};

/// Longest name (in bytes) that can match an entry of a [`KeySet`].
pub const MAX_KEY: usize = 255;

/// The normalised template name used for matching, written into `buf`: trimmed, `_` as space,
/// runs of whitespace as one space, an ASCII first letter lower-cased (MediaWiki ignores the
/// case of the first letter only). `None` if longer than [`MAX_KEY`].
pub fn template_key<'b>(name: &str, buf: &'b mut [u8; MAX_KEY]) -> Option<&'b [u8]> {
    let mut n = 0;
    let mut space = false;
    for &c in name.as_bytes() {
        let c = if c == b'_' { b' ' } else { c };
        if c.is_ascii_whitespace() {
            space = n > 0;
            continue;
        }
        if space {
            *buf.get_mut(n)? = b' ';
            n += 1;
            space = false;
        }
        *buf.get_mut(n)? = if n == 0 { c.to_ascii_lowercase() } else { c };
        n += 1;
    }
    Some(&buf[..n])
}

/// The normalised parameter name used for matching, written into `buf`: trimmed, `_` as space,
/// ASCII lower case, trailing digits dropped (`image2` matches `image`). `None` if longer than
/// [`MAX_KEY`].
pub fn param_key<'b>(name: &str, buf: &'b mut [u8; MAX_KEY]) -> Option<&'b [u8]> {
    let t = name.trim_ascii().as_bytes();
    let out = buf.get_mut(..t.len())?;
    for (d, &c) in out.iter_mut().zip(t) {
        *d = if c == b'_' {
            b' '
        } else {
            c.to_ascii_lowercase()
        };
    }
    let mut n = t.len();
    while n > 1 && buf[n - 1].is_ascii_digit() {
        n -= 1;
    }
    while n > 0 && buf[n - 1] == b' ' {
        n -= 1;
    }
    Some(&buf[..n])
}

/// A set of normalised names; an entry ending in `*` matches every name it begins. Lookups
/// compare 64-bit hashes first, so a miss (the common case) costs one hash.
#[derive(Debug, Default)]
pub struct KeySet {
    /// (hash, range in `buf`) of exact entries, sorted by hash.
    exact: Vec<(u64, Range<usize>)>,
    /// Ranges in `buf` of prefix entries.
    prefixes: Vec<Range<usize>>,
    buf: Vec<u8>,
    /// First bytes and lengths (capped at 63) of the exact entries: a quick "no".
    firsts: [u64; 4],
    lens: u64,
}

fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

impl KeySet {
    pub fn new<'n>(
        names: impl Iterator<Item = &'n String>,
        normalise: for<'b> fn(&str, &'b mut [u8; MAX_KEY]) -> Option<&'b [u8]>,
    ) -> KeySet {
        let mut set = KeySet::default();
        let mut scratch = [0u8; MAX_KEY];
        for n in names {
            let (name, glob) = match n.strip_suffix('*') {
                Some(p) => (p, true),
                None => (n.as_str(), false),
            };
            if let Some(key) = normalise(name, &mut scratch) {
                let r = set.buf.len()..set.buf.len() + key.len();
                set.buf.extend_from_slice(key);
                if glob {
                    set.prefixes.push(r);
                } else {
                    set.exact.push((fnv(key), r));
                    if let Some(&b) = key.first() {
                        set.firsts[usize::from(b >> 6)] |= 1 << (b & 63);
                    }
                    set.lens |= 1 << key.len().min(63);
                }
            }
        }
        set.exact.sort_unstable_by_key(|e| e.0);
        set
    }

    /// Whether some entry could begin with byte `b` (a normalised name's first byte).
    pub fn may_start_with(&self, b: u8) -> bool {
        self.firsts[usize::from(b >> 6)] & (1 << (b & 63)) != 0 || !self.prefixes.is_empty()
    }

    pub fn contains(&self, key: &[u8]) -> bool {
        let maybe = key.first().is_some_and(|&b| {
            self.firsts[usize::from(b >> 6)] & (1 << (b & 63)) != 0
                && self.lens & (1 << key.len().min(63)) != 0
        });
        if maybe {
            let h = fnv(key);
            let i = self.exact.partition_point(|e| e.0 < h);
            if self.exact[i..]
                .iter()
                .take_while(|e| e.0 == h)
                .any(|e| &self.buf[e.1.clone()] == key)
            {
                return true;
            }
        }
        self.prefixes
            .iter()
            .any(|p| key.starts_with(&self.buf[p.clone()]))
    }
}

/// How a template's arguments are treated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum TplKind {
    /// An ordinary template: named values converted unless the parameter is listed.
    Plain,
    Function(Function),
    KeepAll,
    NoteTA,
    /// `{{DISPLAYTITLE:…}}` with the title's range.
    DisplayTitle(usize, usize),
}

/// One argument of a template: its `|`, optional `=`, and end.
#[derive(Clone, Copy)]
struct Arg {
    bar: usize,
    eq: Option<usize>,
    end: usize,
}

fn args(seps: &[super::scan::Sep], inner_end: usize) -> impl Iterator<Item = Arg> + '_ {
    let mut k = 0;
    std::iter::from_fn(move || {
        while k < seps.len() && seps[k].eq {
            k += 1;
        }
        let bar = seps.get(k)?.pos;
        k += 1;
        let eq = match seps.get(k) {
            Some(s) if s.eq => {
                k += 1;
                Some(s.pos)
            }
            _ => None,
        };
        let end = seps[k..]
            .iter()
            .find(|s| !s.eq)
            .map_or(inner_end, |s| s.pos);
        Some(Arg { bar, eq, end })
    })
}

impl Parser<'_, '_> {
    /// Emits the node at `ni`; returns the index of the next node at the same level.
    pub(super) fn node(&mut self, t: &Tree, ni: usize) -> usize {
        let n = &t.nodes[ni];
        if self.depth >= MAX_NESTING {
            self.keep(n.start..n.end);
            return n.skip;
        }
        match n.kind {
            Kind::Comment
            | Kind::UnclosedExt
            | Kind::IgnoredTag
            | Kind::TplArg
            | Kind::UnclosedConv => self.keep(n.start..n.end),
            Kind::Conv => {
                debug_assert_eq!(n.start, self.at);
                self.at = n.end;
                self.spans
                    .push(Span::Markup(Box::new(t.convs[n.aux].clone())));
            }
            Kind::Ext => self.ext(t, n),
            Kind::Template => {
                self.depth += 1;
                self.template(t, ni);
                self.depth -= 1;
            }
            Kind::Link => {
                self.depth += 1;
                self.link(t, ni);
                self.depth -= 1;
            }
        }
        n.skip
    }

    fn ext(&mut self, t: &Tree, n: &Node) {
        let tag = &t.tags[n.aux];
        match tag.class {
            names::TagClass::Region if !tag.content.is_empty() => {
                self.keep(tag.open.clone());
                self.depth += 1;
                self.region(tag.content.clone(), RegionKind::Nested);
                self.depth -= 1;
                self.keep(tag.close.clone());
            }
            names::TagClass::Gallery if !tag.content.is_empty() => {
                self.keep(tag.open.clone());
                self.gallery(tag.content.clone());
                self.keep(tag.close.clone());
            }
            _ => self.keep(n.start..n.end),
        }
    }

    fn template_kind(&self, name_at: usize, name_end: usize) -> TplKind {
        let raw = &self.src[name_at..name_end];
        let lead = raw.len() - raw.trim_start().len();
        let mut at = name_at + lead;
        let mut name = raw.trim();
        if let Some(f) = name.strip_prefix('#') {
            let fname = &f[..memchr::memchr(b':', f.as_bytes()).unwrap_or(f.len())];
            return match names::function(fname) {
                Function::KeepAll => TplKind::KeepAll,
                f => TplKind::Function(f),
            };
        }
        for _ in 0..3 {
            let Some(colon) = memchr::memchr(b':', name.as_bytes()) else {
                break;
            };
            let prefix = &name[..colon];
            if names::is_name_prefix(prefix) {
                let rest = &name[colon + 1..];
                at += colon + 1 + (rest.len() - rest.trim_start().len());
                name = rest.trim();
                continue;
            }
            if prefix.trim().eq_ignore_ascii_case("displaytitle")
                || prefix.trim() == "标题替换"
                || prefix.trim() == "標題替換"
            {
                let value = self.trim(at + colon + 1..at + name.len());
                return TplKind::DisplayTitle(value.start, value.end);
            }
            if names::is_magic_function(prefix) {
                return TplKind::KeepAll;
            }
            break;
        }
        let mut buf = [0u8; MAX_KEY];
        match template_key(name, &mut buf) {
            Some(b"noteTA") => TplKind::NoteTA,
            Some(key) if self.opts.keep_templates.contains(key) => TplKind::KeepAll,
            _ => TplKind::Plain,
        }
    }

    fn template(&mut self, t: &Tree, ni: usize) {
        let n = &t.nodes[ni];
        let seps = t.seps_of(n);
        let inner = n.start + 2..n.end - 2;
        let name_end = seps.first().map_or(inner.end, |s| s.pos);
        let mut j = ni + 1;
        let name_has_node = j < n.skip && t.nodes[j].start < name_end;
        let kind = if name_has_node {
            TplKind::Plain
        } else {
            self.template_kind(inner.start, name_end)
        };
        match kind {
            TplKind::KeepAll => return self.keep(n.start..n.end),
            TplKind::NoteTA => {
                let nt = self.noteta(n, seps, inner.end);
                self.marker(Span::NoteTA(Box::new(nt)));
                return self.keep(n.start..n.end);
            }
            TplKind::DisplayTitle(s, e) => {
                self.meta.display_title = Some(s..e);
                return self.keep(n.start..n.end);
            }
            _ => {}
        }
        self.keep(n.start..name_end);
        j = skip_nodes(t, j, name_end);
        let count = args(seps, inner.end).count();
        let mut positional = 0;
        for (k, arg) in args(seps, inner.end).enumerate() {
            if arg.eq.is_none() {
                positional += 1;
            }
            let (split, keep_value) = self.arg_mode(kind, k, count, arg, positional);
            let value_start = if split {
                arg.eq.map_or(arg.bar + 1, |e| e + 1)
            } else {
                arg.bar + 1
            };
            let value = value_start..arg.end;
            self.keep(arg.bar..value_start);
            j = skip_nodes(t, j, value.start);
            let keep_value = keep_value || self.is_file_value(t, j, value.clone());
            if keep_value {
                self.keep(value.clone());
                j = skip_nodes(t, j, value.end);
            } else {
                j = self.inline(t, value, j);
            }
        }
        self.keep(inner.end..n.end);
    }

    /// For argument `k` (of `count`): whether its `name=` is split off and kept, and whether its
    /// value is kept.
    fn arg_mode(
        &self,
        kind: TplKind,
        k: usize,
        count: usize,
        arg: Arg,
        positional: usize,
    ) -> (bool, bool) {
        let named_kept = |p: &Self| {
            arg.eq.is_some_and(|e| {
                let first = p.src.as_bytes()[arg.bar + 1..e]
                    .iter()
                    .find(|c| !c.is_ascii_whitespace())
                    .map_or(b' ', |c| c.to_ascii_lowercase());
                if !p.opts.keep_params.may_start_with(first) {
                    return false;
                }
                let mut buf = [0u8; MAX_KEY];
                param_key(&p.src[arg.bar + 1..e], &mut buf)
                    .is_some_and(|key| p.opts.keep_params.contains(key))
            })
        };
        match kind {
            TplKind::Function(Function::Branches) => (false, false),
            TplKind::Function(Function::IfEq) => (false, k == 0),
            TplKind::Function(Function::Tag) => (false, k != 0),
            TplKind::Function(Function::Switch) => (true, arg.eq.is_none() && k + 1 != count),
            TplKind::Function(Function::Invoke) => {
                (true, (k == 0 && positional == 1) || named_kept(self))
            }
            _ => (true, named_kept(self)),
        }
    }

    /// A value that is nothing but a media file name (`Foo.jpg`) is kept.
    fn is_file_value(&self, t: &Tree, j: usize, value: Range<usize>) -> bool {
        let has_node = j < t.nodes.len() && t.nodes[j].start < value.end;
        !has_node && names::is_media_file_name(&self.src[value])
    }

    /// The ranges of a `{{NoteTA}}`'s `T=`, numbered rules and `G` groups (trimmed, non-empty),
    /// rules and groups in the order of their numbers.
    fn noteta(&self, n: &Node, seps: &[super::scan::Sep], inner_end: usize) -> NoteTA {
        let mut nt = NoteTA {
            at: n.start,
            ..NoteTA::default()
        };
        let mut rules: Vec<(u32, Range<usize>)> = Vec::new();
        let mut groups: Vec<(u32, Range<usize>)> = Vec::new();
        let mut positional = 0u32;
        for arg in args(seps, inner_end) {
            match arg.eq {
                Some(e) => {
                    let key = self.src[arg.bar + 1..e].trim();
                    let value = self.trim(e + 1..arg.end);
                    if value.is_empty() {
                        continue;
                    }
                    if key == "T" {
                        nt.title = Some(value);
                    } else if let Ok(num) = key.parse::<u32>() {
                        rules.push((num, value));
                    } else if let Some(g) = key.strip_prefix(['G', 'g'])
                        && let Ok(num) = g.parse::<u32>()
                    {
                        groups.push((num, value));
                    }
                }
                None => {
                    positional += 1;
                    let value = self.trim(arg.bar + 1..arg.end);
                    if !value.is_empty() {
                        rules.push((positional, value));
                    }
                }
            }
        }
        rules.sort_by_key(|r| r.0);
        groups.sort_by_key(|g| g.0);
        nt.rules = rules.into_iter().map(|r| r.1).collect();
        nt.groups = groups.into_iter().map(|g| g.1).collect();
        nt
    }

    /// Whether `target` can be a link target: not empty, and outside nodes free of the bytes
    /// MediaWiki forbids in titles.
    fn valid_target(&self, t: &Tree, target: Range<usize>, j: usize) -> bool {
        if self.trim(target.clone()).is_empty() {
            return false;
        }
        let bad = self.find_at_level(t, target.start, target.end, j, |b, i| {
            matches!(b[i], b'\n' | b'[' | b']' | b'{' | b'}' | b'<' | b'>')
        });
        bad >= target.end
    }

    fn link(&mut self, t: &Tree, ni: usize) {
        let n = &t.nodes[ni];
        let whole = n.start..n.end;
        let inner = n.start + 2..n.end - 2;
        let seps = t.seps_of(n);
        let target_end = seps.first().map_or(inner.end, |s| s.pos);
        let target = inner.start..target_end;
        let j = ni + 1;
        if !self.valid_target(t, target.clone(), j) {
            // Not a link: brackets kept, the content read as text.
            self.keep(n.start..inner.start);
            self.inline(t, inner.clone(), j);
            return self.keep(inner.end..n.end);
        }
        let target_has_node = j < n.skip && t.nodes[j].start < target_end;
        let tt = self.trim(target.clone());
        let colon = self.b[tt.start] == b':';
        let body = if colon {
            self.trim(tt.start + 1..tt.end)
        } else {
            tt
        };
        let body_str = &self.src[body.clone()];
        let (ns, lang) = match memchr::memchr(b':', body_str.as_bytes()) {
            Some(c) => (
                names::namespace(&body_str[..c]),
                names::is_language(&body_str[..c]),
            ),
            None => (None, false),
        };
        if !colon && (ns == Some(Namespace::Category) || lang) {
            return self.keep(whole);
        }
        if !colon && ns == Some(Namespace::File) {
            self.keep(n.start..target_end);
            let parts: Vec<(usize, Range<usize>)> = seps
                .iter()
                .enumerate()
                .map(|(k, s)| {
                    (
                        s.pos,
                        s.pos + 1..seps.get(k + 1).map_or(inner.end, |x| x.pos),
                    )
                })
                .collect();
            let j = skip_nodes(t, j, target_end);
            self.options_and_caption(t, &parts, j);
            return self.keep(inner.end..n.end);
        }
        match seps.first() {
            None => {
                if target_has_node || body.is_empty() {
                    return self.keep(whole);
                }
                self.keep(n.start..target_end);
                self.marker(Span::LinkLabel { shown: body });
                self.keep(inner.end..n.end);
            }
            Some(bar) => {
                let label = bar.pos + 1..inner.end;
                if self.trim(label.clone()).is_empty() {
                    return self.keep(whole);
                }
                self.keep(n.start..label.start);
                let j = skip_nodes(t, j, label.start);
                self.inline(t, label, j);
                self.keep(inner.end..n.end);
            }
        }
    }

    /// File-link or gallery-line parts after the file name, each `(bar position, part)`:
    /// options kept (`alt=` values converted), the last part that is no option is the caption
    /// (converted), other non-options (ignored by MediaWiki) kept.
    pub(super) fn options_and_caption(
        &mut self,
        t: &Tree,
        parts: &[(usize, Range<usize>)],
        mut j: usize,
    ) -> usize {
        let caption = parts
            .iter()
            .rposition(|(_, r)| names::file_option(&self.src[r.clone()]).is_none());
        for (k, (bar, r)) in parts.iter().enumerate() {
            self.keep(*bar..bar + 1);
            match names::file_option(&self.src[r.clone()]) {
                Some(FileOption::Alt(off)) => {
                    let v = r.start + off..r.end;
                    self.keep(r.start..v.start);
                    j = skip_nodes(t, j, v.start);
                    j = self.inline(t, v, j);
                }
                None if caption == Some(k) => {
                    j = skip_nodes(t, j, r.start);
                    j = self.inline(t, r.clone(), j);
                }
                _ => {
                    self.keep(r.clone());
                    j = skip_nodes(t, j, r.end);
                }
            }
        }
        j
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tkey(s: &str) -> String {
        String::from_utf8(template_key(s, &mut [0; MAX_KEY]).unwrap().to_vec()).unwrap()
    }

    fn pkey(s: &str) -> String {
        String::from_utf8(param_key(s, &mut [0; MAX_KEY]).unwrap().to_vec()).unwrap()
    }

    #[test]
    fn keys() {
        assert_eq!(tkey("  lang_en  "), "lang en");
        assert_eq!(tkey("Cite   web"), "cite web");
        assert_eq!(tkey("NoteTA"), "noteTA");
        assert_eq!(tkey("軟體"), "軟體");
        assert_eq!(pkey(" Image_2 "), "image");
        assert_eq!(pkey("archive-url"), "archive-url");
        assert_eq!(pkey("2"), "2");
        assert_eq!(pkey("图像1"), "图像");
        assert_eq!(pkey("a 1"), "a");
        assert!(param_key(&"x".repeat(300), &mut [0; MAX_KEY]).is_none());
        assert_eq!(tkey("Ab\tc"), "ab c");
        let set = KeySet::new(
            ["Lang*".to_string(), "URL".to_string()].iter(),
            template_key,
        );
        assert!(set.contains(b"lang-ja"));
        assert!(set.contains(b"uRL"));
        assert!(!set.contains(b"url"));
    }
}
