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

/// Normalised template name for matching: trimmed, `_` as space, runs of spaces as one,
/// first letter lower-cased (MediaWiki ignores the case of the first letter only).
pub fn template_key(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut space = false;
    for c in name.trim().chars() {
        let c = if c == '_' { ' ' } else { c };
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        if out.is_empty() {
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// Normalised parameter name for matching: trimmed, `_` as space, ASCII lower case, trailing
/// digits dropped (`image2` matches `image`).
pub fn param_key(name: &str) -> String {
    let mut out: String = name
        .trim()
        .chars()
        .map(|c| {
            if c == '_' {
                ' '
            } else {
                c.to_ascii_lowercase()
            }
        })
        .collect();
    while out.ends_with(|c: char| c.is_ascii_digit()) && out.len() > 1 {
        out.pop();
    }
    let t = out.trim_end().len();
    out.truncate(t);
    out
}

fn listed(list: &[String], key: &str) -> bool {
    list.iter().any(|w| match w.strip_suffix('*') {
        Some(prefix) => key.starts_with(prefix),
        None => w == key,
    })
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
            let fname = f.split(':').next().unwrap_or("");
            return match names::function(fname) {
                Function::KeepAll => TplKind::KeepAll,
                f => TplKind::Function(f),
            };
        }
        for _ in 0..3 {
            let Some(colon) = name.find(':') else { break };
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
        let key = template_key(name);
        if key == "noteTA" {
            TplKind::NoteTA
        } else if listed(&self.opts.keep_templates, &key) {
            TplKind::KeepAll
        } else {
            TplKind::Plain
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
            arg.eq
                .is_some_and(|e| listed(&p.opts.keep_params, &param_key(&p.src[arg.bar + 1..e])))
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
        let (ns, lang) = match body_str.find(':') {
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

    #[test]
    fn keys() {
        assert_eq!(template_key("  lang_en  "), "lang en");
        assert_eq!(template_key("Cite   web"), "cite web");
        assert_eq!(template_key("NoteTA"), "noteTA");
        assert_eq!(template_key("軟體"), "軟體");
        assert_eq!(param_key(" Image_2 "), "image");
        assert_eq!(param_key("archive-url"), "archive-url");
        assert_eq!(param_key("2"), "2");
        assert_eq!(param_key("图像1"), "图像");
        assert!(listed(&["lang*".to_string()], "lang-ja"));
        assert!(!listed(&["lang".to_string()], "lang-ja"));
    }
}
