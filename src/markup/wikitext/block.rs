//! Regions and lines: `#REDIRECT`, headings, lists, horizontal rules, tables (`{|` … `|}`,
//! cell attributes), leading-space preformatted lines, and galleries line by line.
//!
//! A "line" ends at a newline that is not inside a node (a template or comment may span lines
//! and then belongs to the line it starts on).

use std::ops::Range;

use super::Parser;
use super::names;
use super::scan::{self, Kind, Tree};
use crate::markup::html::{self, Syntax};

/// Where a region's text sits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RegionKind {
    /// The page itself: `#REDIRECT` and leading-space preformatted lines are recognised.
    Page,
    /// The content of `<ref>`, `<poem>`, `<references>` …
    Nested,
}

/// Index of the first node at or after `limit` at this level, starting from `ni`.
pub fn skip_nodes(t: &Tree, mut ni: usize, limit: usize) -> usize {
    while ni < t.nodes.len() && t.nodes[ni].start < limit {
        ni = t.nodes[ni].skip;
    }
    ni
}

/// Start of the node at `ni` if it starts before `limit`, else `limit`.
pub fn next_node_start(t: &Tree, ni: usize, limit: usize) -> usize {
    t.nodes.get(ni).map_or(limit, |n| n.start.min(limit))
}

impl Parser<'_, '_> {
    /// Scans and classifies one region.
    pub(super) fn region(&mut self, r: Range<usize>, kind: RegionKind) {
        let tree = self.scan(r.clone());
        self.block(&tree, r, kind);
        self.trees.push(tree);
    }

    /// The structure of `r`, in a tree from the pool (give it back with `self.trees.push`).
    pub(super) fn scan(&mut self, r: Range<usize>) -> scan::Tree {
        let mut tree = self.trees.pop().unwrap_or_default();
        scan::scan_into(&mut tree, self.src, r, &self.closes, &mut self.diags);
        tree
    }

    fn block(&mut self, t: &Tree, r: Range<usize>, kind: RegionKind) {
        let mut pos = r.start;
        let mut ni = 0;
        let mut table = 0usize;
        if kind == RegionKind::Page
            && let Some((end, next)) = self.redirect(t, pos, r.end)
        {
            self.keep(pos..end);
            pos = end;
            ni = next;
        }
        while pos < r.end {
            let le = self.line_end(t, pos, r.end, ni);
            let next = if le < r.end { le + 1 } else { le };
            ni = self.line(t, pos, le, next, ni, kind, &mut table);
            pos = next;
        }
    }

    /// The newline ending the line that starts at `pos` (or `end`), skipping nodes.
    fn line_end(&self, t: &Tree, pos: usize, end: usize, mut k: usize) -> usize {
        let mut i = pos;
        loop {
            let nl = memchr::memchr(b'\n', &self.b[i..end]).map_or(end, |p| i + p);
            while k < t.nodes.len() && t.nodes[k].start < nl && t.nodes[k].end <= nl {
                k = t.nodes[k].skip;
            }
            if k < t.nodes.len() && t.nodes[k].start < nl {
                i = t.nodes[k].end;
                k = t.nodes[k].skip;
                continue;
            }
            return nl;
        }
    }

    /// `#REDIRECT [[…]]` / `#重定向 [[…]]` at the start of the page: (end, next node index).
    fn redirect(&self, t: &Tree, pos: usize, end: usize) -> Option<(usize, usize)> {
        let b = self.b;
        let mut s = pos;
        while s < end && b[s].is_ascii_whitespace() {
            s += 1;
        }
        let rest = &b[s..end];
        let zh = "#重定向".as_bytes();
        if rest.len() >= 9 && rest[..9].eq_ignore_ascii_case(b"#redirect") {
            s += 9;
        } else if rest.starts_with(zh) {
            s += zh.len();
        } else {
            return None;
        }
        while s < end && (b[s] == b' ' || b[s] == b'\t') {
            s += 1;
        }
        if s < end && b[s] == b':' {
            s += 1;
            while s < end && (b[s] == b' ' || b[s] == b'\t') {
                s += 1;
            }
        }
        let n = t.nodes.first()?;
        (n.start == s && n.kind == Kind::Link).then_some((n.end, n.skip))
    }

    /// Classifies the line `pos..le` (`next` is past its newline).
    #[allow(clippy::too_many_arguments)]
    fn line(
        &mut self,
        t: &Tree,
        pos: usize,
        le: usize,
        next: usize,
        ni: usize,
        kind: RegionKind,
        table: &mut usize,
    ) -> usize {
        let b = self.b;
        let mut s = pos;
        while s < le && (b[s] == b' ' || b[s] == b'\t') {
            s += 1;
        }
        let starts = |p: &[u8]| b[s..le].starts_with(p);
        // `{|` may follow indentation colons (`:{|`).
        let mut c = s;
        while c < le && b[c] == b':' {
            c += 1;
        }
        while c < le && (b[c] == b' ' || b[c] == b'\t') {
            c += 1;
        }
        if b[c..le].starts_with(b"{|") {
            *table += 1;
            self.keep(pos..next);
            return skip_nodes(t, ni, next);
        }
        if *table > 0 || starts(b"|-") {
            if starts(b"|}") {
                *table = table.saturating_sub(1);
                self.keep(pos..s + 2);
                return self.inline(t, s + 2..next, ni);
            }
            if starts(b"|-") {
                *table = (*table).max(1);
                self.keep(pos..next);
                return skip_nodes(t, ni, next);
            }
            if starts(b"|+") {
                self.keep(pos..s + 2);
                let ni = self.cells(t, s + 2..le, b'|', ni);
                self.keep(le..next);
                return ni;
            }
            if *table > 0 && (starts(b"|") || starts(b"!")) {
                self.keep(pos..s + 1);
                let ni = self.cells(t, s + 1..le, b[s], ni);
                self.keep(le..next);
                return ni;
            }
        }
        if kind == RegionKind::Page && *table == 0 && b[pos] == b' ' && self.is_pre_line(pos, le) {
            self.keep(pos..next);
            return skip_nodes(t, ni, next);
        }
        if b[pos] == b'='
            && let Some(ni) = self.heading(t, pos, le, next, ni)
        {
            return ni;
        }
        let stop = next_node_start(t, ni, le);
        let mut m = pos;
        while m < stop && matches!(b[m], b'*' | b'#' | b':' | b';') {
            m += 1;
        }
        if m == pos && b[pos..stop].starts_with(b"----") {
            while m < stop && b[m] == b'-' {
                m += 1;
            }
        }
        self.keep(pos..m);
        self.inline(t, m..next, ni)
    }

    /// A line that starts with a space, has something else on it, spans no multi-line node and
    /// holds no block-level tag is preformatted text (kept).
    fn is_pre_line(&self, pos: usize, le: usize) -> bool {
        let line = &self.b[pos..le];
        if line.iter().all(|c| c.is_ascii_whitespace()) || memchr::memchr(b'\n', line).is_some() {
            return false;
        }
        let mut i = pos;
        while let Some(p) = memchr::memchr(b'<', &self.b[i..le]) {
            let p = i + p;
            if let Some(tag) = html::tag_at(self.src, p, Syntax::Wiki)
                && names::is_block_tag(&self.b[tag.name.clone()])
            {
                return false;
            }
            i = p + 1;
        }
        true
    }

    /// `== text ==` (trailing spaces and comments allowed). `None` if the line is no heading.
    fn heading(
        &mut self,
        t: &Tree,
        pos: usize,
        le: usize,
        next: usize,
        ni: usize,
    ) -> Option<usize> {
        let b = self.b;
        let mut comments: Vec<Range<usize>> = Vec::new();
        let mut k = ni;
        while k < t.nodes.len() && t.nodes[k].start < le {
            let n = &t.nodes[k];
            if n.kind == Kind::Comment {
                comments.push(n.start..n.end);
            } else {
                comments.clear();
            }
            k = n.skip;
        }
        let mut e = le;
        loop {
            while e > pos && matches!(b[e - 1], b' ' | b'\t' | b'\r') {
                e -= 1;
            }
            match comments.last() {
                Some(c) if c.end == e => {
                    e = c.start;
                    comments.pop();
                }
                _ => break,
            }
        }
        let mut n = 0;
        while pos + n < e && b[pos + n] == b'=' {
            n += 1;
        }
        if pos + n == e {
            self.keep(pos..next);
            return Some(skip_nodes(t, ni, next));
        }
        let mut m = 0;
        while e - m > pos + n && b[e - m - 1] == b'=' {
            m += 1;
        }
        if m == 0 {
            return None;
        }
        self.keep(pos..pos + n);
        let ni = self.inline(t, pos + n..e - m, ni);
        self.keep(e - m..next);
        Some(skip_nodes(t, ni, next))
    }

    /// The cells of a table line after its marker (`|`, `!` or `|+`), split at `||` (and `!!`
    /// on header lines), each with an optional `attributes |` prefix.
    fn cells(&mut self, t: &Tree, r: Range<usize>, marker: u8, mut ni: usize) -> usize {
        let mut cs = r.start;
        loop {
            let ce = self.find_at_level(t, cs, r.end, ni, |b, i| {
                i + 1 < b.len()
                    && ((b[i] == b'|' && b[i + 1] == b'|')
                        || (marker == b'!' && b[i] == b'!' && b[i + 1] == b'!'))
            });
            ni = self.cell(t, cs..ce, ni);
            if ce >= r.end {
                return ni;
            }
            self.keep(ce..ce + 2);
            ni = skip_nodes(t, ni, ce + 2);
            cs = ce + 2;
        }
    }

    fn cell(&mut self, t: &Tree, r: Range<usize>, ni: usize) -> usize {
        let bar = self.find_at_level(t, r.start, r.end, ni, |b, i| b[i] == b'|');
        if bar < r.end {
            let mut k = ni;
            let mut has_link = false;
            while k < t.nodes.len() && t.nodes[k].start < bar {
                has_link |= t.nodes[k].kind == Kind::Link;
                k = t.nodes[k].skip;
            }
            if !has_link {
                self.keep(r.start..bar + 1);
                let ni = skip_nodes(t, ni, bar + 1);
                return self.inline(t, bar + 1..r.end, ni);
            }
        }
        self.inline(t, r, ni)
    }

    /// First position in `from..end`, outside nodes, where `pred` holds (or `end`).
    pub(super) fn find_at_level(
        &self,
        t: &Tree,
        from: usize,
        end: usize,
        mut k: usize,
        pred: impl Fn(&[u8], usize) -> bool,
    ) -> usize {
        let b = &self.b[..end];
        let mut i = from;
        while i < end {
            if k < t.nodes.len() && t.nodes[k].start <= i {
                i = i.max(t.nodes[k].end);
                k = t.nodes[k].skip;
                continue;
            }
            if pred(b, i) {
                return i;
            }
            i += 1;
        }
        end
    }

    /// `<gallery>` content: one image per line, `File:Name.jpg|options|caption`.
    pub(super) fn gallery(&mut self, content: Range<usize>) {
        let mut pos = content.start;
        while pos < content.end {
            let le =
                memchr::memchr(b'\n', &self.b[pos..content.end]).map_or(content.end, |p| pos + p);
            self.gallery_line(pos..le);
            if le < content.end {
                self.keep(le..le + 1);
            }
            pos = le + 1;
        }
    }

    fn gallery_line(&mut self, r: Range<usize>) {
        if self.trim(r.clone()).is_empty() {
            self.keep(r);
            return;
        }
        let t = self.scan(r.clone());
        let mut bars = Vec::new();
        let mut at = r.start;
        let mut k = 0;
        loop {
            let bar = self.find_at_level(&t, at, r.end, k, |b, i| b[i] == b'|');
            if bar >= r.end {
                break;
            }
            bars.push(bar);
            at = bar + 1;
            k = skip_nodes(&t, k, at);
        }
        let Some(&first) = bars.first() else {
            self.keep(r);
            self.trees.push(t);
            return;
        };
        self.keep(r.start..first);
        let parts: Vec<(usize, Range<usize>)> = bars
            .iter()
            .enumerate()
            .map(|(k, &p)| (p, p + 1..bars.get(k + 1).copied().unwrap_or(r.end)))
            .collect();
        let ni = skip_nodes(&t, 0, first);
        self.depth += 1;
        self.options_and_caption(&t, &parts, ni);
        self.depth -= 1;
        self.trees.push(t);
    }
}
