//! Structure of one region of wikitext: the things whose extent must be known before bytes can
//! be classified.
//!
//! Three linear passes, as MediaWiki's preprocessor does it:
//! 1. **Atoms**: comments, extension tags (`<ref>…</ref>`, `<nowiki>…</nowiki>` …, opaque to
//!    the bracket matcher; an extension tag without its closing tag is kept literally, except
//!    `<includeonly>` which runs to the end), and, for the `-{ }-` finder only, HTML tags and
//!    the `-` of `-{{` (MediaWiki reads `-{{` as `-` + `{{`).
//! 2. **Conversion blocks**: [`BlockFinder`] over the region with those ranges skipped; each
//!    outermost closed `-{ … }-` becomes an atom, so a `|` inside one never splits a template.
//! 3. **Brackets**: a stack of `{{`/`{{{`/`[[` pieces with MediaWiki's counting rules (a close
//!    matches only the top of the stack; `{{{{{x}}}}}` is `{{ {{{x}}} }}`), recording the
//!    top-level `|` of every piece and the first `=` of each template argument. Pieces still
//!    open at the end are unclosed: their brackets are literal text, their content stays.
//!
//! The result is a [`Tree`]: every node (atoms, templates, links) in document order with the
//! index just past its subtree, so a walker visits each node once.

use std::ops::Range;

use memchr::memmem;

use super::names::{self, TagClass};
use crate::document::{Diagnostic, DiagnosticKind};
use crate::markup::html::{self, Syntax};
use crate::rules::markup::{BlockFinder, ConvMarkup};

/// What a node is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// `{{…}}`.
    Template,
    /// `{{{…}}}`.
    TplArg,
    /// `[[…]]`.
    Link,
    /// `<!-- … -->`.
    Comment,
    /// An extension element (index into [`Tree::tags`]).
    Ext,
    /// An extension open tag with no closing tag: kept literally.
    UnclosedExt,
    /// `<noinclude>`/`<onlyinclude>` and their closing tags.
    IgnoredTag,
    /// A closed `-{ … }-` (index into [`Tree::convs`]).
    Conv,
    /// A `-{` with no matching `}-` (two bytes).
    UnclosedConv,
}

/// One node of a region, in document order.
#[derive(Clone, Debug)]
pub struct Node {
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
    /// Index of the first node after this node's subtree.
    pub skip: usize,
    /// Templates and links: start of their separators in [`Tree::seps`]; `Ext`/`Conv`: index
    /// into `tags`/`convs`.
    pub aux: usize,
    /// Number of separators (templates and links).
    pub aux_len: usize,
}

/// A top-level separator inside a template or link.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sep {
    pub pos: usize,
    /// `=` (name/value split of a template argument) rather than `|`.
    pub eq: bool,
}

/// An extension element.
#[derive(Clone, Debug)]
pub struct ExtTag {
    pub class: TagClass,
    pub open: Range<usize>,
    /// Empty for a self-closing tag.
    pub content: Range<usize>,
    /// Empty when the element runs to the end of the region (`<includeonly>`) or self-closes.
    pub close: Range<usize>,
}

/// The structure of one region.
#[derive(Debug, Default)]
pub struct Tree {
    pub nodes: Vec<Node>,
    pub seps: Vec<Sep>,
    pub tags: Vec<ExtTag>,
    pub convs: Vec<ConvMarkup>,
    /// Working storage, kept so that a reused tree allocates nothing.
    scratch: Scratch,
}

#[derive(Debug, Default)]
struct Scratch {
    skips: Vec<Range<usize>>,
    atoms: Vec<Atom>,
    stack: Vec<Piece>,
    pending: Vec<Sep>,
    open: Vec<usize>,
}

impl Tree {
    pub fn seps_of(&self, n: &Node) -> &[Sep] {
        match n.kind {
            Kind::Template | Kind::TplArg | Kind::Link => &self.seps[n.aux..n.aux + n.aux_len],
            _ => &[],
        }
    }
}

/// Positions of every closing tag of an extension element in the whole source, by name, so
/// that finding "the next `</ref>`" is a binary search (MediaWiki caches the same thing to
/// stay linear on `<ref><ref><ref>…`).
#[derive(Debug, Default)]
pub struct CloseIndex {
    /// (element id, closing-tag range), sorted by id then position.
    entries: Vec<(u8, Range<usize>)>,
}

impl CloseIndex {
    pub fn new(src: &str) -> CloseIndex {
        let b = src.as_bytes();
        let mut entries = Vec::new();
        for p in memmem::find_iter(b, b"</") {
            let ns = p + 2;
            let mut ne = ns;
            while ne < b.len() && ne - ns <= 16 && b[ne].is_ascii_alphanumeric() {
                ne += 1;
            }
            let name = &b[ns..ne];
            let Some(id) = names::extension_id(name) else {
                continue;
            };
            if let Some(end) = html::close_tag_named(b, p, name) {
                entries.push((id, p..end));
            }
        }
        entries.sort_by_key(|e| (e.0, e.1.start));
        CloseIndex { entries }
    }

    /// The first closing tag of `name` starting at or after `from`.
    pub fn next(&self, name: &[u8], from: usize) -> Option<Range<usize>> {
        let id = names::extension_id(name)?;
        let i = self
            .entries
            .partition_point(|(n, r)| (*n, r.start) < (id, from));
        self.entries
            .get(i)
            .filter(|(n, _)| *n == id)
            .map(|(_, r)| r.clone())
    }
}

/// Most diagnostics kept per document (malformed input can have one per byte).
pub const MAX_DIAGNOSTICS: usize = 1000;

pub fn diagnose(diags: &mut Vec<Diagnostic>, at: usize, kind: DiagnosticKind, message: &str) {
    if diags.len() < MAX_DIAGNOSTICS {
        diags.push(Diagnostic {
            at,
            kind,
            message: message.to_string(),
        });
    }
}

#[derive(Debug)]
struct Atom {
    range: Range<usize>,
    kind: Kind,
    aux: usize,
}

/// Builds the structure of `src[region]`.
#[cfg(test)]
pub fn scan(
    src: &str,
    region: Range<usize>,
    closes: &CloseIndex,
    diags: &mut Vec<Diagnostic>,
) -> Tree {
    let mut tree = Tree::default();
    scan_into(&mut tree, src, region, closes, diags);
    tree
}

/// Like [`scan`], reusing `tree`'s storage.
pub fn scan_into(
    tree: &mut Tree,
    src: &str,
    region: Range<usize>,
    closes: &CloseIndex,
    diags: &mut Vec<Diagnostic>,
) {
    tree.nodes.clear();
    tree.seps.clear();
    tree.tags.clear();
    tree.convs.clear();
    let mut sc = std::mem::take(&mut tree.scratch);
    sc.skips.clear();
    sc.atoms.clear();
    find_atoms(src, region.clone(), closes, tree, &mut sc, diags);
    if memmem::find(&src.as_bytes()[region.clone()], b"-{").is_some() {
        let atoms = std::mem::take(&mut sc.atoms);
        let skips = std::mem::take(&mut sc.skips);
        sc.atoms = add_conversion_blocks(src, region.clone(), atoms, skips, tree, diags);
    }
    match_brackets(src.as_bytes(), region, tree, &mut sc, diags);
    order(&mut tree.nodes, &mut sc.open);
    tree.scratch = sc;
}

/// Pass 1: comments, extension elements, and the ranges the `-{ }-` finder must not look at.
fn find_atoms(
    src: &str,
    region: Range<usize>,
    closes: &CloseIndex,
    tree: &mut Tree,
    sc: &mut Scratch,
    diags: &mut Vec<Diagnostic>,
) {
    let b = src.as_bytes();
    let end = region.end;
    let atoms = &mut sc.atoms;
    let skips = &mut sc.skips;
    let mut i = region.start;
    while let Some(p) = memchr::memchr(b'<', &b[i..end]) {
        let p = i + p;
        i = p + 1;
        if let Some(c) = html::comment_in(src, p, end) {
            skips.push(c.clone());
            i = c.end;
            atoms.push(Atom {
                range: c,
                kind: Kind::Comment,
                aux: 0,
            });
            continue;
        }
        let Some(tag) = html::tag_at(src, p, Syntax::Wiki) else {
            continue;
        };
        if tag.range.end > end {
            continue;
        }
        let Some(class) = names::tag_class(&b[tag.name.clone()]) else {
            continue;
        };
        i = tag.range.end;
        skips.push(tag.range.clone());
        if class == TagClass::Ignored {
            atoms.push(Atom {
                range: tag.range,
                kind: Kind::IgnoredTag,
                aux: 0,
            });
            continue;
        }
        if !class.is_extension() || tag.closing {
            continue;
        }
        if tag.self_closing {
            tree.tags.push(ExtTag {
                class,
                open: tag.range.clone(),
                content: tag.range.end..tag.range.end,
                close: tag.range.end..tag.range.end,
            });
            atoms.push(Atom {
                range: tag.range,
                kind: Kind::Ext,
                aux: tree.tags.len() - 1,
            });
            continue;
        }
        let close = closes
            .next(&b[tag.name.clone()], tag.range.end)
            .filter(|c| c.end <= end);
        let (content, close) = match close {
            Some(c) => (tag.range.end..c.start, c),
            None if class == TagClass::IncludeOnly => (tag.range.end..end, end..end),
            None => {
                diagnose(
                    diags,
                    p,
                    DiagnosticKind::Unclosed,
                    "extension tag has no closing tag; kept as written",
                );
                atoms.push(Atom {
                    range: tag.range,
                    kind: Kind::UnclosedExt,
                    aux: 0,
                });
                continue;
            }
        };
        let whole = tag.range.start..close.end.max(content.end);
        skips.pop();
        skips.push(whole.clone());
        i = whole.end;
        tree.tags.push(ExtTag {
            class,
            open: tag.range,
            content,
            close,
        });
        atoms.push(Atom {
            range: whole,
            kind: Kind::Ext,
            aux: tree.tags.len() - 1,
        });
    }
}

/// Pass 2: closed `-{ … }-` blocks (outermost only) and unclosed `-{` as atoms, merged with
/// the atoms of pass 1 (a block swallows the comments inside it).
fn add_conversion_blocks(
    src: &str,
    region: Range<usize>,
    atoms: Vec<Atom>,
    mut skips: Vec<Range<usize>>,
    tree: &mut Tree,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Atom> {
    let b = src.as_bytes();
    let body = &b[region.clone()];
    // `-{{` is `-` followed by `{{`.
    let mut hyphens: Vec<Range<usize>> = memmem::find_iter(body, b"-{{")
        .map(|p| region.start + p..region.start + p + 1)
        .collect();
    let mut all = Vec::with_capacity(skips.len() + hyphens.len() + 1);
    all.push(0..region.start);
    merge_sorted(&mut all, &mut skips, &mut hyphens);
    // The finder looks at every byte it is not told to skip; tell it to skip everything but
    // the `-{` and `}-` themselves (same pairing, a fraction of the work).
    let mut windows: Vec<Range<usize>> = Vec::new();
    let mut opens = memmem::find_iter(body, b"-{").peekable();
    let mut closes = memmem::find_iter(body, b"}-").peekable();
    loop {
        let p = match (opens.peek(), closes.peek()) {
            (Some(&o), Some(&c)) if o <= c => opens.next(),
            (Some(_), Some(_)) | (None, Some(_)) => closes.next(),
            (Some(_), None) => opens.next(),
            (None, None) => break,
        };
        let Some(p) = p else { break };
        let w = region.start + p..region.start + p + 2;
        match windows.last_mut() {
            Some(last) if w.start <= last.end => last.end = last.end.max(w.end),
            _ => windows.push(w),
        }
    }
    let mut gaps: Vec<Range<usize>> = Vec::with_capacity(windows.len() + 1);
    let mut at = region.start;
    for w in &windows {
        if at < w.start {
            gaps.push(at..w.start);
        }
        at = w.end;
    }
    if at < region.end {
        gaps.push(at..region.end);
    }
    let mut finder_skips = Vec::with_capacity(all.len() + gaps.len());
    let mut real = all.clone();
    merge_sorted(&mut finder_skips, &mut real, &mut gaps);
    let finder = BlockFinder::with_skips(&src[..region.end], &finder_skips);

    let mut blocks = Vec::new();
    let mut si = 0;
    let mut covered = region.start;
    for p in memmem::find_iter(body, b"-{") {
        let p = region.start + p;
        if p < covered {
            continue;
        }
        while si < all.len() && all[si].end <= p {
            si += 1;
        }
        if si < all.len() && all[si].start <= p {
            continue;
        }
        match finder.block_at(p) {
            Some(m) => {
                covered = m.range.end;
                tree.convs.push(m);
                let m = &tree.convs[tree.convs.len() - 1];
                blocks.push(Atom {
                    range: m.range.clone(),
                    kind: Kind::Conv,
                    aux: tree.convs.len() - 1,
                });
            }
            None => {
                covered = p + 2;
                diagnose(
                    diags,
                    p,
                    DiagnosticKind::UnclosedConversion,
                    "`-{` has no matching `}-`; kept literally and the text after it is converted",
                );
                blocks.push(Atom {
                    range: p..p + 2,
                    kind: Kind::UnclosedConv,
                    aux: 0,
                });
            }
        }
    }
    // Merge: blocks swallow the atoms they contain.
    let mut out = Vec::with_capacity(atoms.len() + blocks.len());
    let mut blocks = blocks.into_iter().peekable();
    let mut reach = 0;
    for a in atoms {
        while let Some(bk) = blocks.peek()
            && bk.range.start < a.range.start
        {
            reach = bk.range.end;
            out.push(blocks.next().unwrap());
        }
        if a.range.start >= reach {
            out.push(a);
        }
    }
    out.extend(blocks);
    out
}

/// Merges two sorted lists of ranges into `out` (which ends before both start), joining
/// overlapping ranges.
fn merge_sorted(out: &mut Vec<Range<usize>>, a: &mut Vec<Range<usize>>, b: &mut Vec<Range<usize>>) {
    let mut a = std::mem::take(a).into_iter().peekable();
    let mut b = std::mem::take(b).into_iter().peekable();
    loop {
        let next = match (a.peek(), b.peek()) {
            (Some(x), Some(y)) => {
                if x.start <= y.start {
                    a.next()
                } else {
                    b.next()
                }
            }
            (Some(_), None) => a.next(),
            (None, Some(_)) => b.next(),
            (None, None) => break,
        };
        let Some(r) = next else { break };
        match out.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => out.push(r),
        }
    }
}

/// The first offset in `i..end` whose byte is marked in `table`, or `end`. Eight bytes at a
/// time: a word of eight non-ASCII bytes (CJK text) is passed over at once. For short
/// stretches; long ones go through [`Cursor`].
#[inline]
pub fn scan_near(b: &[u8], mut i: usize, end: usize, bytes: &ByteSet) -> usize {
    let table = &bytes.table;
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::*;
        let n = bytes.n;
        let end16 = end.min(b.len());
        // SAFETY: SSE2 is part of the x86_64 baseline; each load reads `b[i..i + 16]` with
        // `i + 16 <= end16 <= b.len()`.
        unsafe {
            let needles: [__m128i; 8] = bytes.set.map(|c| _mm_set1_epi8(c as i8));
            while i + 16 <= end16 {
                let x = _mm_loadu_si128(b.as_ptr().add(i).cast());
                let mut hit = _mm_cmpeq_epi8(x, needles[0]);
                for nd in &needles[1..n] {
                    hit = _mm_or_si128(hit, _mm_cmpeq_epi8(x, *nd));
                }
                let bits = _mm_movemask_epi8(hit) as u32;
                if bits != 0 {
                    return i + bits.trailing_zeros() as usize;
                }
                i += 16;
            }
        }
    }
    while i + 8 <= end {
        let w = u64::from_le_bytes(b[i..i + 8].try_into().unwrap_or([0; 8]));
        if w & 0x8080_8080_8080_8080 != 0x8080_8080_8080_8080
            && let Some(p) = b[i..i + 8].iter().position(|&c| table[c as usize])
        {
            return i + p;
        }
        i += 8;
    }
    b[i..end]
        .iter()
        .position(|&c| table[c as usize])
        .map_or(end, |p| i + p)
}

/// A forward search for a few bytes that remembers how far it has looked, so that a scanner
/// asking "where is the next interesting byte?" over and over pays for each byte once (and
/// gets `memchr`'s SIMD speed between hits).
#[derive(Clone, Copy, Debug, Default)]
pub struct Cursor {
    /// No needle in `[last query, at)`; `at` is a needle if `hit`.
    at: usize,
    hit: bool,
}

impl Cursor {
    /// The first needle in `i..limit` (or `limit`), `find` returning the first needle's
    /// offset in a slice.
    #[inline]
    pub fn next(
        &mut self,
        b: &[u8],
        i: usize,
        limit: usize,
        find: impl Fn(&[u8]) -> Option<usize>,
    ) -> usize {
        if self.at >= i && (self.hit || self.at >= limit) {
            return self.at.min(limit);
        }
        let from = self.at.max(i).min(limit);
        match find(&b[from..limit]) {
            Some(p) => {
                self.at = from + p;
                self.hit = true;
            }
            None => {
                self.at = limit;
                self.hit = false;
            }
        }
        self.at
    }
}

/// A set of 1 to 8 bytes for [`scan_near`]: a table and the list.
pub struct ByteSet {
    table: [bool; 256],
    set: [u8; 8],
    n: usize,
}

impl ByteSet {
    /// The set of `bytes` (1 to 8 of them; panics at compile time otherwise).
    pub const fn new(bytes: &[u8]) -> ByteSet {
        assert!(!bytes.is_empty() && bytes.len() <= 8);
        let mut table = [false; 256];
        let mut set = [bytes[0]; 8];
        let mut k = 0;
        while k < bytes.len() {
            table[bytes[k] as usize] = true;
            set[k] = bytes[k];
            k += 1;
        }
        ByteSet {
            table,
            set,
            n: bytes.len(),
        }
    }
}

/// Bytes the bracket matcher stops at.
static BRACKET: ByteSet = ByteSet::new(b"{}[]|=");

#[derive(Debug)]
struct Piece {
    open: u8,
    start: usize,
    count: usize,
    sep_base: usize,
    parts: usize,
    has_eq: bool,
}

/// Pass 3: `{{ }}`, `{{{ }}}` and `[[ ]]`, atoms as leaves.
fn match_brackets(
    b: &[u8],
    region: Range<usize>,
    tree: &mut Tree,
    sc: &mut Scratch,
    diags: &mut Vec<Diagnostic>,
) {
    let end = region.end;
    let atoms = &sc.atoms;
    let stack = &mut sc.stack;
    let pending = &mut sc.pending;
    stack.clear();
    pending.clear();
    let mut ai = 0;
    let mut i = region.start;
    // Cached end of the current run of closing brackets (so that `}}}}…` is measured once).
    let mut run_end = 0;
    let mut braces = Cursor::default();
    let mut brackets = Cursor::default();
    loop {
        let next_atom = atoms.get(ai).map_or(end, |a| a.range.start);
        if i < next_atom {
            // Short stretches byte by byte; long ones with memchr.
            let near = next_atom.min(i + 32);
            i = scan_near(b, i, near, &BRACKET);
            if i == near && i < next_atom {
                let x = braces.next(b, i, next_atom, |s| memchr::memchr3(b'{', b'}', b'|', s));
                let y = brackets.next(b, i, next_atom, |s| memchr::memchr3(b'[', b']', b'=', s));
                i = x.min(y);
            }
        }
        if i >= next_atom {
            let Some(a) = atoms.get(ai) else { break };
            tree.nodes.push(Node {
                start: a.range.start,
                end: a.range.end,
                kind: a.kind,
                skip: 0,
                aux: a.aux,
                aux_len: 0,
            });
            i = a.range.end;
            ai += 1;
            continue;
        }
        let c = b[i];
        match c {
            b'{' | b'[' => {
                let mut j = i;
                while j < next_atom && b[j] == c {
                    j += 1;
                }
                let count = j - i;
                if count >= 2 {
                    stack.push(Piece {
                        open: c,
                        start: i,
                        count,
                        sep_base: pending.len(),
                        parts: 1,
                        has_eq: false,
                    });
                }
                i = j;
            }
            b'}' | b']' => {
                let open = if c == b'}' { b'{' } else { b'[' };
                let Some(top) = stack.last_mut() else {
                    i += 1;
                    continue;
                };
                if top.open != open {
                    i += 1;
                    continue;
                }
                if run_end <= i || b[run_end - 1] != c {
                    run_end = i;
                    while run_end < next_atom && b[run_end] == c {
                        run_end += 1;
                    }
                }
                let count = (run_end - i).min(top.count);
                let matching = match (open, count) {
                    (b'{', n) if n >= 3 => 3,
                    (b'{', 2) | (b'[', 2..) => 2,
                    _ => 0,
                };
                if matching == 0 {
                    i += count;
                    continue;
                }
                let start = top.start + top.count - matching;
                let kind = match (open, matching) {
                    (b'[', _) => Kind::Link,
                    (_, 3) => Kind::TplArg,
                    _ => Kind::Template,
                };
                let aux = tree.seps.len();
                tree.seps.extend(pending.drain(top.sep_base..));
                tree.nodes.push(Node {
                    start,
                    end: i + matching,
                    kind,
                    skip: 0,
                    aux,
                    aux_len: tree.seps.len() - aux,
                });
                i += matching;
                top.count -= matching;
                if top.count >= 2 {
                    top.parts = 1;
                    top.has_eq = false;
                } else {
                    stack.pop();
                }
            }
            b'|' => {
                if let Some(top) = stack.last_mut() {
                    pending.push(Sep { pos: i, eq: false });
                    top.parts += 1;
                    top.has_eq = false;
                }
                i += 1;
            }
            _ => {
                // '='
                if let Some(top) = stack.last_mut()
                    && top.open == b'{'
                    && top.parts > 1
                    && !top.has_eq
                {
                    pending.push(Sep { pos: i, eq: true });
                    top.has_eq = true;
                }
                i += 1;
            }
        }
    }
    for p in stack.drain(..) {
        let what = if p.open == b'{' {
            "unclosed `{{`; its brackets are kept as text"
        } else {
            "unclosed `[[`; its brackets are kept as text"
        };
        diagnose(diags, p.start, DiagnosticKind::Unclosed, what);
    }
}

/// Sorts nodes into document order (parents before children) and sets `skip`.
fn order(nodes: &mut [Node], open: &mut Vec<usize>) {
    // Nearly sorted already (children close before their parents): a stable sort finds the runs.
    nodes.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
    open.clear();
    for k in 0..nodes.len() {
        while let Some(&top) = open.last() {
            if nodes[top].end <= nodes[k].start {
                nodes[top].skip = k;
                open.pop();
            } else {
                break;
            }
        }
        open.push(k);
    }
    let n = nodes.len();
    for top in open.drain(..) {
        nodes[top].skip = n;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(src: &str) -> (Tree, Vec<Diagnostic>) {
        let closes = CloseIndex::new(src);
        let mut d = Vec::new();
        let t = scan(src, 0..src.len(), &closes, &mut d);
        (t, d)
    }

    fn shape(src: &str) -> Vec<(Kind, &str, usize)> {
        let (t, _) = tree(src);
        t.nodes
            .iter()
            .map(|n| (n.kind, &src[n.start..n.end], n.skip))
            .collect()
    }

    #[test]
    fn templates_links_and_separators() {
        let src = "a{{T|x=[[L|y]]|-{p|q}-}}b";
        let (t, d) = tree(src);
        assert!(d.is_empty());
        let kinds: Vec<_> = t.nodes.iter().map(|n| n.kind).collect();
        assert_eq!(kinds, vec![Kind::Template, Kind::Link, Kind::Conv]);
        assert_eq!(t.nodes[0].skip, 3);
        let seps: Vec<_> = t
            .seps_of(&t.nodes[0])
            .iter()
            .map(|s| (&src[s.pos..s.pos + 1], s.pos))
            .collect();
        assert_eq!(seps, vec![("|", 4), ("=", 6), ("|", 14)]);
        assert_eq!(t.seps_of(&t.nodes[1]).len(), 1);
    }

    #[test]
    fn brace_counting() {
        assert_eq!(
            shape("{{{{{x}}}}}"),
            vec![
                (Kind::Template, "{{{{{x}}}}}", 2),
                (Kind::TplArg, "{{{x}}}", 2)
            ]
        );
        assert_eq!(shape("{{{{x}}}}"), vec![(Kind::TplArg, "{{{x}}}", 1)]);
        assert_eq!(shape("{x}} {{y}"), vec![]);
        assert_eq!(shape("[[[x]]]"), vec![(Kind::Link, "[[x]]", 1)]);
    }

    #[test]
    fn close_matches_only_the_top() {
        // `}}` cannot close `{{` while `[[` is open; both stay unclosed.
        let (t, d) = tree("{{a [[b}} c");
        assert!(t.nodes.is_empty());
        assert_eq!(d.len(), 2);
        assert_eq!(
            shape("{{a [[b}} c]]}}"),
            vec![
                (Kind::Template, "{{a [[b}} c]]}}", 2),
                (Kind::Link, "[[b}} c]]", 2)
            ]
        );
    }

    #[test]
    fn equals_only_after_first_pipe() {
        let src = "{{a=b|c=d=e|[[f=g]]}}";
        let (t, _) = tree(src);
        let seps: Vec<_> = t.seps_of(&t.nodes[0]).iter().map(|s| s.pos).collect();
        assert_eq!(seps, vec![5, 7, 11]);
    }

    #[test]
    fn atoms_are_opaque() {
        assert_eq!(
            shape("{{a|<!--}}-->}}<nowiki>{{</nowiki>"),
            vec![
                (Kind::Template, "{{a|<!--}}-->}}", 2),
                (Kind::Comment, "<!--}}-->", 2),
                (Kind::Ext, "<nowiki>{{</nowiki>", 3),
            ]
        );
        assert_eq!(
            shape("<ref>a</ref><ref>b"),
            vec![
                (Kind::Ext, "<ref>a</ref>", 1),
                (Kind::UnclosedExt, "<ref>", 2)
            ]
        );
        assert_eq!(
            shape("<includeonly>x"),
            vec![(Kind::Ext, "<includeonly>x", 1)]
        );
        assert_eq!(
            shape("<noinclude>x</noinclude>"),
            vec![
                (Kind::IgnoredTag, "<noinclude>", 1),
                (Kind::IgnoredTag, "</noinclude>", 2)
            ]
        );
    }

    #[test]
    fn conversion_blocks() {
        assert_eq!(
            shape("-{{a}}-{b<!--x-->}- -{ -{{c}}"),
            vec![
                (Kind::Template, "{{a}}", 1),
                (Kind::Conv, "-{b<!--x-->}-", 2),
                (Kind::UnclosedConv, "-{", 3),
                (Kind::Template, "{{c}}", 4),
            ]
        );
        // A `}-` inside a comment does not close.
        assert_eq!(
            shape("-{a<!--}-->"),
            vec![
                (Kind::UnclosedConv, "-{", 1),
                (Kind::Comment, "<!--}-->", 2)
            ]
        );
        // A `-{` inside an HTML tag is not looked at.
        assert_eq!(shape("<span title=\"-{\">}-"), vec![]);
    }

    #[test]
    fn sparse_skips_pair_like_the_plain_finder() {
        // The scanner hands BlockFinder skips around everything but `-{`/`}-`; the blocks must
        // be the ones a plain BlockFinder finds (no comments or tags in these inputs).
        let pieces = [
            "-{", "}-", "-", "{", "}", "a", "}-{", "-{-", "{-", "-}", "x-{y}-z",
        ];
        let mut seed = 7u64;
        for _ in 0..3000 {
            let mut src = String::new();
            for _ in 0..(seed % 24) {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                src.push_str(pieces[(seed >> 33) as usize % pieces.len()]);
            }
            let (t, _) = tree(&src);
            let got: Vec<_> = t.convs.iter().map(|m| m.range.clone()).collect();
            // Outermost blocks of a plain finder (with `-{{` read as `-` + `{{`).
            let hyph: Vec<Range<usize>> = memmem::find_iter(src.as_bytes(), b"-{{")
                .map(|p| p..p + 1)
                .collect();
            let plain = BlockFinder::with_skips(&src, &hyph);
            let mut want = Vec::new();
            let mut covered = 0;
            for p in memmem::find_iter(src.as_bytes(), b"-{") {
                if p < covered || hyph.iter().any(|h| h.start == p) {
                    continue;
                }
                if let Some(m) = plain.block_at(p) {
                    covered = m.range.end;
                    want.push(m.range);
                }
            }
            assert_eq!(got, want, "{src:?}");
        }
    }

    #[test]
    fn regions_are_independent() {
        let src = "{{a|<ref>}}</ref>";
        let closes = CloseIndex::new(src);
        let mut d = Vec::new();
        let inner = scan(src, 9..11, &closes, &mut d);
        assert!(inner.nodes.is_empty());
        let outer = scan(src, 0..src.len(), &closes, &mut d);
        assert_eq!(outer.nodes.len(), 1);
        assert_eq!(outer.nodes[0].kind, Kind::Ext);
    }

    #[test]
    fn linear_on_runs() {
        let src = "{".repeat(100_000) + &"}".repeat(100_000);
        let (t, _) = tree(&src);
        assert_eq!(t.nodes.len(), 33_333);
        let src = "[[".repeat(50_000) + &"]]".repeat(50_000);
        let (t, d) = tree(&src);
        assert_eq!(t.nodes.len(), 50_000);
        assert!(d.is_empty());
    }
}
