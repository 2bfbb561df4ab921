//! OpenCC's per-position greedy scan, the hot loop of every stage.
//!
//! At each position: the longest key of the (flattened) dictionary that starts there wins and
//! its first value is emitted; otherwise one *unit* is copied: a complete ideographic
//! description sequence if one starts there, else one character. This is OpenCC's
//! `Conversion::AppendConverted` / `MaxMatchSegmentation` loop exactly, IDS included, so no
//! separate slow path is needed.
//!
//! Speed: long texts are scanned in windows, decoding every character once into its code
//! and then matching on codes; characters that start no key cost one comparison.
//!
//! Self-contained (std only): `build.rs` includes this file too.

use super::dat::{
    DIRECT_COPY, DIRECT_EXACT, DIRECT_WALK, Direct, Node, PHRASE, Trie, code_pair_bit,
};
use super::ids;

/// Receives the scan's events.
pub trait Sink {
    /// A match of `entry` over `t[start..end]`; `t[pending..start]` is the unmatched text
    /// before it (since the previous match).
    fn matched(&mut self, pending: usize, start: usize, end: usize, entry: u32);
}

/// A closure as a sink.
pub struct OnMatch<F: FnMut(usize, usize, usize, u32)>(pub F);

impl<F: FnMut(usize, usize, usize, u32)> Sink for OnMatch<F> {
    #[inline(always)]
    fn matched(&mut self, pending: usize, start: usize, end: usize, entry: u32) {
        (self.0)(pending, start, end, entry)
    }
}

/// Decodes the character at `i` of valid UTF-8 `t`: (code point, length).
#[inline(always)]
pub fn decode(t: &[u8], i: usize) -> (u32, usize) {
    let b0 = t[i] as u32;
    if b0 < 0x80 {
        (b0, 1)
    } else if b0 < 0xE0 {
        let s = &t[i..i + 2];
        (((b0 & 0x1F) << 6) | (s[1] as u32 & 0x3F), 2)
    } else if b0 < 0xF0 {
        let s = &t[i..i + 3];
        (
            ((b0 & 0x0F) << 12) | ((s[1] as u32 & 0x3F) << 6) | (s[2] as u32 & 0x3F),
            3,
        )
    } else {
        let s = &t[i..i + 4];
        (
            ((b0 & 0x07) << 18)
                | ((s[1] as u32 & 0x3F) << 12)
                | ((s[2] as u32 & 0x3F) << 6)
                | (s[3] as u32 & 0x3F),
            4,
        )
    }
}

/// Characters matched per window of the two-pass scan.
pub const WINDOW: usize = 1024;
/// Longest key (in bytes, an upper bound of its length in characters) the windowed scan
/// handles; tries with longer keys use the per-position scan throughout.
pub const MAX_LOOKAHEAD: usize = 64;
/// Tries whose keys start with fewer distinct characters than this are scanned with the
/// per-position loop, whose 8 KiB stop bitmap skips most characters faster than decoding
/// every one into a window.
pub const DENSE: u32 = 2000;

/// One decoded window: codes (followed by a 0 sentinel) and byte offsets relative to the
/// window start.
pub struct Window {
    pub codes: [u16; WINDOW + MAX_LOOKAHEAD + 1],
    pub offs: [u32; WINDOW + MAX_LOOKAHEAD + 1],
    /// Characters decoded.
    pub total: usize,
    /// Characters whose scan positions this window handles (all of them at the text's end).
    pub stop: usize,
    /// The window holds an IDS operator.
    pub has_op: bool,
}

impl Window {
    pub fn new() -> Window {
        Window {
            codes: [0; WINDOW + MAX_LOOKAHEAD + 1],
            offs: [0; WINDOW + MAX_LOOKAHEAD + 1],
            total: 0,
            stop: 0,
            has_op: false,
        }
    }

    /// Decodes up to `WINDOW + trie.max_key` characters of `t` from byte `i`
    /// (requires `trie.max_key <= MAX_LOOKAHEAD`).
    #[inline(always)]
    pub fn decode(&mut self, trie: &Trie, t: &[u8], i: usize) {
        let n = t.len();
        let bmp = trie.bmp_table();
        let want = WINDOW + (trie.max_key as usize).min(MAX_LOOKAHEAD);
        let mut k = 0;
        let mut b = i;
        let mut has_op = false;
        let want = want.min(self.codes.len() - 1);
        while k < want && b < n {
            let (cp, l) = decode(t, b);
            let c = if cp < 0x10000 {
                bmp[cp as usize]
            } else {
                trie.code(cp) as u16
            };
            self.codes[k] = c;
            self.offs[k] = (b - i) as u32;
            has_op |= (cp & !0xF) == ids::IDS_FIRST;
            b += l;
            k += 1;
        }
        self.offs[k] = (b - i) as u32;
        self.codes[k] = 0;
        self.total = k;
        self.stop = if b >= n { k } else { WINDOW };
        self.has_op = has_op;
    }
}

impl Default for Window {
    fn default() -> Self {
        Window::new()
    }
}

/// Scans `t` (valid UTF-8), reporting to `sink`; returns the start of the unmatched tail.
///
/// Two passes per window of text: the first decodes up to `WINDOW + lookahead` characters
/// into their codes and offsets, the second walks the trie on codes only (every character is
/// decoded once, and unmatched characters cost one comparison). The lookahead is the longest
/// key, so a walk starting in the window never runs out of decoded characters before the
/// text does. A window holding an IDS operator is scanned by [`scan_exact`] instead, which
/// handles ideographic description sequences; both make the same decisions otherwise.
#[inline(always)]
pub fn scan_with<S: Sink>(trie: &Trie, t: &[u8], sink: &mut S) -> usize {
    let n = t.len();
    let lookahead = trie.max_key as usize;
    if n < 256 || lookahead > MAX_LOOKAHEAD || trie.nfirst < DENSE {
        return scan_exact(trie, t, 0, n, 0, sink).1;
    }
    let nfirst = trie.nfirst;
    let nodes = &*trie.nodes;
    let mut win = Window::new();
    let mut i = 0;
    let mut pend = 0;
    while i < n {
        win.decode(trie, t, i);
        let (codes, offs) = (&win.codes, &win.offs);
        let (total, stop, has_op) = (win.total, win.stop, win.has_op);
        if has_op {
            let until = i + offs[stop] as usize;
            (i, pend) = scan_exact(trie, t, i, until, pend, sink);
            continue;
        }
        // Pass 2: match on codes.
        let mut k = 0;
        while k < stop {
            let c = codes[k] as u32;
            if c.wrapping_sub(1) >= nfirst {
                k += 1;
                continue;
            }
            let mut node = c;
            let first = nodes[c as usize];
            let (mut best_k, mut best) = (k + 1, first.entry);
            let mut base = first.base;
            let mut kk = k + 1;
            while base != 0 && kk < total {
                // Code 0 lands on slot `base`, which is never a child of `node`.
                let child = base + codes[kk] as u32;
                let cn = nodes[child as usize];
                if cn.check != node {
                    break;
                }
                node = child;
                kk += 1;
                if cn.entry != 0 {
                    best_k = kk;
                    best = cn.entry;
                }
                base = cn.base;
            }
            if best != 0 {
                let start = i + offs[k] as usize;
                let end = i + offs[best_k] as usize;
                sink.matched(pend, start, end, best);
                pend = end;
                k = best_k;
            } else {
                k += 1;
            }
        }
        i += offs[k] as usize;
    }
    pend
}

/// The per-position scan over starting positions in `[i, until)` (matches and IDS may end
/// past `until`); `pend` is the pending start. Returns the next position and pending start.
#[inline(always)]
pub fn scan_exact<S: Sink>(
    trie: &Trie,
    t: &[u8],
    mut i: usize,
    until: usize,
    mut pend: usize,
    sink: &mut S,
) -> (usize, usize) {
    let n = t.len();
    let nfirst = trie.nfirst;
    let nodes = &*trie.nodes;
    let bmp = trie.bmp_table();
    let stop = trie.stop_table();
    let code = |cp: u32| -> u32 {
        if cp < 0x10000 {
            bmp[cp as usize] as u32
        } else {
            trie.code(cp)
        }
    };
    'outer: while i < until {
        // Leave pending every character that can start neither a key nor an IDS.
        let (cp, l) = loop {
            let (cp, l) = decode(t, i);
            if cp >= 0x10000 || (stop[(cp >> 6) as usize] >> (cp & 63)) & 1 != 0 {
                break (cp, l);
            }
            i += l;
            if i >= until {
                break 'outer;
            }
        };
        let c = code(cp);
        if c.wrapping_sub(1) < nfirst {
            let mut node = c;
            let first = nodes[c as usize];
            let mut j = i + l;
            let (mut best_end, mut best) = (j, first.entry);
            let mut base = first.base;
            while base != 0 && j < n {
                let (cp2, l2) = decode(t, j);
                let child = base + code(cp2);
                let cn = nodes[child as usize];
                if cn.check != node {
                    break;
                }
                node = child;
                j += l2;
                if cn.entry != 0 {
                    best_end = j;
                    best = cn.entry;
                }
                base = cn.base;
            }
            if best != 0 {
                sink.matched(pend, i, best_end, best);
                i = best_end;
                pend = best_end;
                continue;
            }
        }
        if ids::is_operator(cp) {
            let k = ids::len_at(t, i);
            if k > 0 {
                i += k;
                continue;
            }
        }
        i += l;
    }
    (i, pend)
}

/// Scans `t` (valid UTF-8) and calls `on_match(pending, start, end, entry)` for each match,
/// where `t[pending..start]` is the unmatched text before it. Returns the start of the
/// unmatched tail.
#[inline(always)]
pub fn scan<F: FnMut(usize, usize, usize, u32)>(trie: &Trie, t: &[u8], on_match: F) -> usize {
    scan_with(trie, t, &mut OnMatch(on_match))
}

/// Appends what a scan reports: unmatched text as is, matches as their values.
struct StageSink<'a> {
    trie: &'a Trie,
    t: &'a [u8],
    out: &'a mut Vec<u8>,
}

impl Sink for StageSink<'_> {
    #[inline(always)]
    fn matched(&mut self, pending: usize, start: usize, _end: usize, entry: u32) {
        if pending < start {
            self.out.extend_from_slice(&self.t[pending..start]);
        }
        self.trie.push_value(entry, self.out);
    }
}

/// One conversion stage over one segment: appends the converted `t` to `out`.
///
/// The same decisions as [`scan_with`], with output written unit by unit: after a window is
/// decoded, each position either starts a multi-character match (found by a full walk) or is
/// one character, emitted as its single-character value or as itself with one 16-byte copy
/// and no branch on which. Windows holding an IDS operator, and the last 16 bytes of the
/// text, go through [`scan_exact`].
pub fn stage(trie: &Trie, t: &[u8], out: &mut Vec<u8>) {
    if let Some(d) = trie.direct() {
        direct_stage(trie, d, t, out, None);
        return;
    }
    let n = t.len();
    let lookahead = trie.max_key as usize;
    // Short texts (e.g. the runs between phrases) take the per-position scan: the window
    // arrays are not worth initialising for them.
    if n < 256 || lookahead > MAX_LOOKAHEAD || trie.arena.len() < 16 || trie.nfirst < DENSE {
        let mut sink = StageSink { trie, t, out };
        let tail = scan_exact(trie, t, 0, n, 0, &mut sink).1;
        sink.out.extend_from_slice(&t[tail..]);
        return;
    }
    let nfirst = trie.nfirst;
    let nodes = &*trie.nodes;
    let vals = &*trie.vals;
    let arena = &*trie.arena;
    let dummy = trie.dummy();
    let pairs = trie.code_pairs();
    let mut win = Window::new();
    out.reserve(n + n / 8 + 64);
    let mut i = 0;
    while i < n {
        win.decode(trie, t, i);
        let (codes, offs) = (&win.codes, &win.offs);
        let (total, stop, has_op) = (win.total, win.stop, win.has_op);
        // Blind 16-byte reads of the text must stay inside it.
        if has_op || i + offs[stop] as usize + 16 > n {
            let until = i + offs[stop] as usize;
            let mut sink = StageSink {
                trie,
                t,
                out: &mut *out,
            };
            let (next, tail) = scan_exact(trie, t, i, until, i, &mut sink);
            sink.out.extend_from_slice(&t[tail..next]);
            i = next;
            continue;
        }
        // Pass 2, writing straight into `out`'s spare capacity. Invariant before every fast
        // write: `w + 16 <= cap` — at most `stop` units of at most 16 bytes follow the
        // reservation of `need`, and every slow path re-establishes it.
        let need = (stop + 1) * 16 + 64;
        out.reserve(need);
        let mut w = out.len();
        let mut dst = out.as_mut_ptr();
        let tp = t.as_ptr();
        let ap = arena.as_ptr();
        let mut k = 0;
        while k < stop {
            let c = codes[k] as u32;
            let ce = std::hint::select_unpredictable(c <= nfirst, c, dummy);
            // SAFETY: `ce <= nfirst` or `ce == dummy`, both `< nodes.len()` in a validated trie.
            let nd = unsafe { *nodes.get_unchecked(ce as usize) };
            let entry = nd.entry;
            // A childless node (base 0) probes a root child, whose check is never `ce`.
            let child = nd.base + codes[k + 1] as u32;
            let bit = code_pair_bit(ce, codes[k + 1] as u32);
            // SAFETY: `base + code < nodes.len()` in a validated trie.
            if (pairs[bit >> 6] >> (bit & 63)) & 1 != 0
                && unsafe { nodes.get_unchecked(child as usize) }.check == ce
            {
                {
                    let (next, e) = walk_codes(nodes, ce, &codes[..total], k + 1, entry);
                    if next > k + 1 {
                        // SAFETY: the first `w` bytes were written (initialised).
                        unsafe { out.set_len(w) };
                        trie.push_value(e, out);
                        out.reserve(need);
                        w = out.len();
                        dst = out.as_mut_ptr();
                        k = next;
                        continue;
                    }
                }
            }
            // One character: its value, or itself.
            let ei = (entry & !PHRASE) as usize;
            // SAFETY: entry indices are < vals.len() / 2 in a validated trie (pair 0 is the
            // placeholder for entry 0).
            let (aoff, alen) = unsafe {
                (
                    *vals.get_unchecked(2 * ei) as usize,
                    *vals.get_unchecked(2 * ei + 1) as usize,
                )
            };
            let toff = i + offs[k] as usize;
            let tlen = (offs[k + 1] - offs[k]) as usize;
            // SAFETY: `aoff + 16 <= arena.len()` in a validated trie; `toff + 16 <= n`,
            // checked for the whole window above.
            let (va, ta) = unsafe { (ap.add(aoff), tp.add(toff)) };
            let src = std::hint::select_unpredictable(entry != 0, va, ta);
            let len = std::hint::select_unpredictable(entry != 0, alen, tlen);
            if len > 16 {
                // SAFETY: the first `w` bytes were written (initialised).
                unsafe { out.set_len(w) };
                extend_cold(out, &arena[aoff..aoff + alen]);
                out.reserve(need);
                w = out.len();
                dst = out.as_mut_ptr();
            } else {
                // SAFETY: 16 readable bytes at `src` (see above), `w + 16 <= capacity`
                // (invariant above), distinct allocations; the `len` bytes kept are copies of
                // initialised bytes.
                unsafe {
                    let v = std::ptr::read_unaligned(src.cast::<u128>());
                    std::ptr::write_unaligned(dst.add(w).cast::<u128>(), v);
                }
                w += len;
            }
            k += 1;
        }
        // SAFETY: the first `w` bytes of `out` were written.
        unsafe { out.set_len(w) };
        i += offs[k] as usize;
    }
}

/// [`stage`] for a trie with a [`Direct`] table: one pass, one table lookup per character.
/// A character that starts a longer key ([`DIRECT_WALK`]) first walks the trie; one classed
/// [`DIRECT_EXACT`] (an IDS operator, a long value) and every character above U+FFFF is
/// decided by [`scan_exact`] for that one position, so the decisions are the per-position
/// scan's. The loop reads 4 bytes at each
/// character and writes 4 bytes for each, so it stops 4 bytes before the end of the text and
/// reserves 4 output bytes per input byte of each chunk; the tail goes through `scan_exact`.
///
/// With `abort`, gives up (returning false, with part of the output written) at the first
/// character that starts a key of that trie: the caller's normalization check, folded into
/// the loop (such characters are classed [`DIRECT_EXACT`]).
#[inline(never)]
pub fn direct_stage(
    trie: &Trie,
    d: &Direct,
    t: &[u8],
    out: &mut Vec<u8>,
    abort: Option<&Trie>,
) -> bool {
    const CHUNK: usize = 4096;
    let n = t.len();
    let tables = DirectTables::of(d);
    let mut i = 0;
    while i + 8 <= n {
        let end = (i + CHUNK).min(n - 7);
        out.reserve((end - i) * 4 + 16);
        let w = out.len();
        // SAFETY: `end <= n - 7`; the reservation above gives 4 bytes of room per input
        // byte in `i..end` plus 16.
        let (next, w) = unsafe { direct_run(&tables, t, i, end, out.as_mut_ptr(), w) };
        // SAFETY: `direct_run` initialised the first `w` bytes.
        unsafe { out.set_len(w) };
        i = next;
        if i < end {
            if abort.is_some_and(|a| a.starts_key(super::ids::decode(t, i).0)) {
                return false;
            }
            i = exact_step(trie, t, i, out);
        }
    }
    if let Some(a) = abort {
        let mut k = i;
        while k < n {
            let (cp, l) = super::ids::decode(t, k);
            if a.starts_key(cp) {
                return false;
            }
            k += l;
        }
    }
    let mut sink = StageSink { trie, t, out };
    let tail = scan_exact(trie, t, i, n, i, &mut sink).1;
    sink.out.extend_from_slice(&t[tail..]);
    true
}

/// A [`Direct`] table's arrays, sized for unchecked indexing.
struct DirectTables<'a> {
    ascii_copy: bool,
    cls: &'a [u16; 0x10000],
    vals: &'a [u64],
    pairs: &'a [u64; 1024],
}

impl DirectTables<'_> {
    fn of(d: &Direct) -> DirectTables<'_> {
        let (Ok(cls), Ok(pairs)) = (
            <&[u16; 0x10000]>::try_from(&d.cls[..]),
            <&[u64; 1024]>::try_from(&d.pairs[..]),
        ) else {
            panic!("a direct table has 65536 classes and a 1024-word pair filter");
        };
        DirectTables {
            ascii_copy: d.ascii_copy,
            cls,
            vals: &d.vals,
            pairs,
        }
    }
}

/// The direct loop over positions `i..end`, writing at `dst + w`: returns where it stopped
/// (`end`, or a position the exact scan must decide) and the new output length.
///
/// # Safety
/// `end + 7 <= t.len()`; `dst` has room for `w + 4 * (end - i) + 4` bytes.
#[inline(always)]
unsafe fn direct_run(
    d: &DirectTables<'_>,
    t: &[u8],
    mut i: usize,
    end: usize,
    dst: *mut u8,
    mut w: usize,
) -> (usize, usize) {
    let tp = t.as_ptr();
    while i < end {
        if d.ascii_copy {
            // SAFETY: `i + 8 <= t.len()`; 8 bytes of output for 8 of input is within the
            // room (4 per input byte).
            let q = unsafe { std::ptr::read_unaligned(tp.add(i).cast::<u64>()) };
            if q & 0x8080_8080_8080_8080 == 0 {
                unsafe { std::ptr::write_unaligned(dst.add(w).cast::<u64>(), q) };
                w += 8;
                i += 8;
                continue;
            }
        }
        // SAFETY: `i + 8 <= t.len()`.
        let word = unsafe { std::ptr::read_unaligned(tp.add(i).cast::<u32>()) }.to_le();
        let b0 = word & 0xFF;
        let (cp, l) = if b0 & 0xF0 == 0xE0 {
            (
                ((b0 & 0x0F) << 12) | ((word >> 2) & 0x0FC0) | ((word >> 16) & 0x3F),
                3,
            )
        } else if b0 < 0x80 {
            (b0, 1)
        } else if b0 < 0xE0 {
            (((b0 & 0x1F) << 6) | ((word >> 8) & 0x3F), 2)
        } else {
            return (i, w);
        };
        let k = d.cls[cp as usize];
        // SAFETY: `i + l + 4 <= i + 8 <= t.len()`.
        let next = unsafe { std::ptr::read_unaligned(tp.add(i + l).cast::<u32>()) }.to_le();
        let bit = Direct::pair_bit(cp, next);
        // A walk only where the character starts a longer key and the filter has the pair
        // (no branch on the first test alone, which is often true and unpredictable).
        let walk = (d.pairs[(bit >> 6) & 1023] >> (bit & 63)) as u16 & (k >> 15);
        if k == DIRECT_EXACT || walk != 0 {
            return (i, w);
        }
        let k = k & !DIRECT_WALK;
        debug_assert!((k as usize) < d.vals.len());
        // SAFETY: every class below `DIRECT_WALK` other than `DIRECT_EXACT` indexes `vals`
        // (`Direct::build` gives out only indices it pushed; 0 is a placeholder).
        let v = unsafe { *d.vals.get_unchecked(k as usize) };
        let copy = k == DIRECT_COPY;
        let val = std::hint::select_unpredictable(copy, word, v as u32);
        let len = std::hint::select_unpredictable(copy, l, (v >> 32) as usize);
        // SAFETY: one write of 4 bytes per position, each position at least one input byte,
        // within the room the caller guarantees; the `len` bytes kept are initialised.
        unsafe { std::ptr::write_unaligned(dst.add(w).cast::<u32>(), val.to_le()) };
        w += len;
        i += l;
    }
    (i, w)
}

/// Decides position `i` with the exact per-position scan, appending its output; returns
/// the next position.
#[cold]
#[inline(never)]
fn exact_step(trie: &Trie, t: &[u8], i: usize, out: &mut Vec<u8>) -> usize {
    let mut sink = StageSink { trie, t, out };
    let (next, tail) = scan_exact(trie, t, i, i + 1, i, &mut sink);
    sink.out.extend_from_slice(&t[tail..next]);
    next
}

/// The longest match on window codes from first-character node `first` (whose own entry
/// is `entry`), the next code being `codes[k]`: (end position, entry).
#[inline(always)]
pub fn walk_codes(
    nodes: &[Node],
    first: u32,
    codes: &[u16],
    mut k: usize,
    entry: u32,
) -> (usize, u32) {
    let mut node = first;
    let (mut best_k, mut best) = (k, entry);
    let mut base = nodes[first as usize].base;
    while base != 0 && k < codes.len() {
        let child = base + codes[k] as u32;
        let cn = nodes[child as usize];
        if cn.check != node {
            break;
        }
        node = child;
        k += 1;
        if cn.entry != 0 {
            best_k = k;
            best = cn.entry;
        }
        base = cn.base;
    }
    (best_k, best)
}

#[cold]
#[inline(never)]
fn extend_cold(out: &mut Vec<u8>, s: &[u8]) {
    out.extend_from_slice(s);
}

/// Runs `stages` one after another over one segment, appending the result to `out`.
/// `a` and `b` are scratch buffers.
pub fn stages<T: std::ops::Deref<Target = Trie>>(
    stages: &[T],
    t: &[u8],
    out: &mut Vec<u8>,
    a: &mut Vec<u8>,
    b: &mut Vec<u8>,
) {
    match stages {
        [] => out.extend_from_slice(t),
        [only] => stage(only, t, out),
        [first, middle @ .., last] => {
            a.clear();
            stage(first, t, a);
            for s in middle {
                b.clear();
                stage(s, a, b);
                std::mem::swap(a, b);
            }
            stage(last, a, out);
        }
    }
}
