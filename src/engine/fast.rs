//! The fast converter: normalization (only when the text holds a character that starts a
//! normalization key), then one of three shapes:
//! - unsegmented: the chain's stages run over the whole text;
//! - fused (S→T): one scan with stage 1; phrase matches flush the pending run through stages
//!   2.. and emit the phrase's precomputed output; other matches and unmatched units extend
//!   the run with stage 1's output. With exactly one later stage, the run is buffered only
//!   from its first character that can start a stage-2 key (or an IDS): everything before
//!   it passes stage 2 unchanged, so it goes straight to the output;
//! - segmented: a scan with the segmentation trie; runs go through all stages, phrases emit
//!   their precomputed output.
//!
//! Every path is OpenCC's own loop (see `scan`), so output is byte-identical, IDS included.

use std::borrow::Cow;
use std::sync::Arc;

use super::dat::{PHRASE, Trie, code_pair_bit};
use super::plan::Plan;
use super::scan::decode;
use super::scan::{self, MAX_LOOKAHEAD, Sink, Window, scan, scan_with, stages};

/// Reusable buffers for one conversion.
#[derive(Default)]
pub struct Scratch {
    run: Vec<u8>,
    a: Vec<u8>,
    b: Vec<u8>,
}

impl Scratch {
    /// Drops buffers that grew past 1 MiB, so a thread does not keep a huge text's worth.
    fn trim(&mut self) {
        for v in [&mut self.run, &mut self.a, &mut self.b] {
            if v.capacity() > 1 << 20 {
                *v = Vec::new();
            }
        }
    }
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::default();
}

/// Runs `f` with this thread's scratch buffers (fresh ones if they are in use), so that
/// converting many short texts allocates nothing beyond the output.
pub fn with_scratch<R>(f: impl FnOnce(&mut Scratch) -> R) -> R {
    SCRATCH.with(|cell| match cell.try_borrow_mut() {
        Ok(mut sc) => {
            let r = f(&mut sc);
            sc.trim();
            r
        }
        Err(_) => f(&mut Scratch::default()),
    })
}

/// A cheap test for "this text may hold a character that starts a key": the distinct first
/// bytes of the key-initial characters (at most 3, searched with memchr) and, for each, the
/// set of bytes that can follow it.
#[derive(Clone, Debug)]
pub struct Trigger {
    leads: Vec<u8>,
    seconds: Vec<[bool; 256]>,
    /// Per lead: (lead, lowest second byte, highest − lowest), for the SIMD search.
    lanes: [(u8, u8, u8); 3],
}

impl Trigger {
    /// The trigger of `trie`'s key-initial characters, or `None` when they have more than
    /// three distinct first bytes (then the stage always runs).
    pub fn new(trie: &Trie) -> Option<Trigger> {
        let mut leads: Vec<u8> = Vec::new();
        let mut seconds: Vec<[bool; 256]> = Vec::new();
        for c in trie.first_chars().into_iter().filter_map(char::from_u32) {
            let mut b = [0u8; 4];
            let s = c.encode_utf8(&mut b).as_bytes();
            let k = match leads.iter().position(|&l| l == s[0]) {
                Some(k) => k,
                None => {
                    leads.push(s[0]);
                    seconds.push([false; 256]);
                    leads.len() - 1
                }
            };
            match s.get(1) {
                Some(&b1) => seconds[k][b1 as usize] = true,
                None => seconds[k] = [true; 256],
            }
        }
        if leads.len() > 3 {
            return None;
        }
        let mut lanes = [(0u8, 0u8, 0u8); 3];
        for (k, lane) in lanes.iter_mut().enumerate().take(leads.len()) {
            let set = &seconds[k];
            let lo = set.iter().position(|&b| b).unwrap_or(0) as u8;
            let hi = set.iter().rposition(|&b| b).unwrap_or(0) as u8;
            *lane = (leads[k], lo, hi.wrapping_sub(lo));
        }
        Some(Trigger {
            leads,
            seconds,
            lanes,
        })
    }

    fn fires(&self, trie: &Trie, t: &[u8]) -> bool {
        let check = |i: usize| {
            let k = self.leads.iter().position(|&l| l == t[i]).unwrap_or(0);
            let next = t.get(i + 1).copied().unwrap_or(0);
            self.seconds[k][next as usize] && trie.starts_key(decode(t, i).0)
        };
        #[cfg(target_arch = "x86_64")]
        if !self.leads.is_empty() {
            return self.pairs_sse2(t, check);
        }
        match *self.leads {
            [] => false,
            [a] => memchr::memchr_iter(a, t).any(check),
            [a, b] => memchr::memchr2_iter(a, b, t).any(check),
            [a, b, c] => memchr::memchr3_iter(a, b, c, t).any(check),
            _ => true,
        }
    }
}

impl Trigger {
    /// [`Trigger::fires`] 16 bytes at a time: positions whose byte is a lead and whose next
    /// byte is in that lead's second-byte range are handed to `check`. Most CJK text has
    /// many lead bytes of key-initial characters (e.g. 0xEF of full-width punctuation for
    /// the compatibility ideographs U+F900…) but few lead + second byte pairs.
    #[cfg(target_arch = "x86_64")]
    fn pairs_sse2(&self, t: &[u8], mut check: impl FnMut(usize) -> bool) -> bool {
        use std::arch::x86_64::*;
        let n = t.len();
        let lanes = self.lanes;
        let m = self.leads.len().min(3);
        // SAFETY (whole block): SSE2 is part of the x86_64 baseline; every load reads 16
        // bytes at `p` and `p + 1` where `p + 17` bytes are readable.
        unsafe {
            let consts: [(__m128i, __m128i, __m128i); 3] = lanes.map(|(l, lo, w)| {
                (
                    _mm_set1_epi8(l as i8),
                    _mm_set1_epi8(lo as i8),
                    _mm_set1_epi8(w as i8),
                )
            });
            // Bit k: byte `p[k]` is a lead and `p[k + 1]` is in its range.
            let block = |p: *const u8| -> u32 {
                let x = _mm_loadu_si128(p.cast());
                let y = _mm_loadu_si128(p.add(1).cast());
                let mut hit = _mm_setzero_si128();
                for &(l, lo, w) in &consts[..m] {
                    let d = _mm_sub_epi8(y, lo);
                    let in_range = _mm_cmpeq_epi8(_mm_min_epu8(d, w), d);
                    hit = _mm_or_si128(hit, _mm_and_si128(_mm_cmpeq_epi8(x, l), in_range));
                }
                _mm_movemask_epi8(hit) as u32
            };
            let mut i = 0;
            while i + 17 <= n {
                let mut bits = block(t.as_ptr().add(i));
                while bits != 0 {
                    if check(i + bits.trailing_zeros() as usize) {
                        return true;
                    }
                    bits &= bits - 1;
                }
                i += 16;
            }
            if i < n {
                // The last (at most 16) bytes, from a zero-padded copy; the byte after the
                // text reads as 0, as `check` reads it.
                let mut buf = [0u8; 32];
                buf[..n - i].copy_from_slice(&t[i..]);
                let mut bits = block(buf.as_ptr()) & ((1u32 << (n - i)) - 1);
                while bits != 0 {
                    if check(i + bits.trailing_zeros() as usize) {
                        return true;
                    }
                    bits &= bits - 1;
                }
            }
        }
        false
    }
}

/// True when `t` may hold a character that starts a key of `trie`.
fn may_match(trie: &Trie, trigger: Option<&Trigger>, t: &[u8]) -> bool {
    match trigger {
        Some(tr) => tr.fires(trie, t),
        None => true,
    }
}

/// Converts `text` with `plan` (whose normalization tries have lead bytes `norm_lead`),
/// appending to `out`.
pub fn convert(
    plan: &Plan,
    norm_lead: &[Option<Trigger>],
    later: Option<&[u64; 1024]>,
    fold: bool,
    text: &[u8],
    out: &mut Vec<u8>,
    sc: &mut Scratch,
) {
    // `fold` ([`norm_folds`]): the normalization check runs inside the direct loop, which
    // gives up at the first character that starts a normalization key (then the text is
    // converted as below).
    if fold
        && let ([norm], [only]) = (&plan.norm[..], &plan.chain[..])
        && let Some(d) = only.direct()
    {
        let start = out.len();
        if scan::direct_stage(only, d, text, out, Some(norm)) {
            return;
        }
        out.truncate(start);
    }
    let cur = normalize(plan, norm_lead, text);
    let t = &*cur;
    out.reserve(t.len() + t.len() / 16);
    let chain = &plan.chain[..];
    if plan.fused {
        fused(plan, chain, later, t, out, sc);
    } else if let Some(seg) = &plan.seg {
        segmented(plan, seg, chain, t, out, sc);
    } else {
        stages(chain, t, out, &mut sc.a, &mut sc.b);
    }
}

/// `text` after `plan`'s normalization stages (borrowed when none applies).
pub fn normalize<'t>(plan: &Plan, norm_lead: &[Option<Trigger>], text: &'t [u8]) -> Cow<'t, [u8]> {
    let mut cur: Cow<[u8]> = Cow::Borrowed(text);
    for (k, norm) in plan.norm.iter().enumerate() {
        if may_match(norm, norm_lead.get(k).and_then(|l| l.as_ref()), &cur) {
            let mut o = Vec::with_capacity(cur.len() + 16);
            scan::stage(norm, &cur, &mut o);
            cur = Cow::Owned(o);
        }
    }
    cur
}

/// True when `plan` is one normalization stage before a one-stage chain with a direct table
/// that classes every normalization key's first character as exact (or it is above U+FFFF):
/// then [`convert`] folds the normalization check into the direct loop.
pub fn norm_folds(plan: &Plan) -> bool {
    if let ([norm], [only], None, false) = (&plan.norm[..], &plan.chain[..], &plan.seg, plan.fused)
        && let Some(d) = only.direct()
    {
        norm.first_chars()
            .into_iter()
            .all(|cp| cp >= 0x10000 || d.cls.get(cp as usize) == Some(&super::dat::DIRECT_EXACT))
    } else {
        false
    }
}

fn fused(
    plan: &Plan,
    chain: &[Arc<Trie>],
    later: Option<&[u64; 1024]>,
    t: &[u8],
    out: &mut Vec<u8>,
    sc: &mut Scratch,
) {
    let s1 = &*chain[0];
    let rest = &chain[1..];
    if rest.is_empty() {
        let tail = scan(s1, t, |p, s, _e, entry| {
            if p < s {
                out.extend_from_slice(&t[p..s]);
            }
            if entry & PHRASE != 0 {
                plan.push_phrase(entry, out);
            } else {
                s1.push_value(entry, out);
            }
        });
        out.extend_from_slice(&t[tail..]);
        return;
    }
    let Scratch { run, a, b } = sc;
    run.clear();
    let mut sink = FusedSink {
        plan,
        s1,
        rest,
        // With one later stage, the part of a run before its first character that can start
        // a stage-2 key (or an IDS) passes stage 2 unchanged and goes straight to `out`.
        lazy: later,
        t,
        out,
        run,
        a,
        b,
        buffering: false,
        buf_from: 0,
    };
    let lookahead = s1.max_key as usize;
    if t.len() < 64 || lookahead > MAX_LOOKAHEAD || sink.lazy.is_none() {
        let tail = scan_with(s1, t, &mut sink);
        sink.span(tail, t.len());
        sink.flush();
        return;
    }
    fused_windowed(s1, t, &mut sink);
    sink.flush();
}

/// The fused scan unit by unit (as `scan::stage` does for one stage): each position is a
/// phrase (its precomputed output ends the run) or one character, emitted as its stage-1
/// value or itself into the run (which `FusedSink::unit` sends straight to `out` until
/// stage 2 has something to do). Windows with an IDS operator, and the last 16 bytes, go
/// through the exact per-position scan with the same sink.
fn fused_windowed(s1: &Trie, t: &[u8], sink: &mut FusedSink<'_>) {
    let n = t.len();
    let nfirst = s1.nfirst;
    let nodes = &*s1.nodes;
    let arena = &*s1.arena;
    let dummy = s1.dummy();
    let pairs = s1.code_pairs();
    let mut w = Window::new();
    let mut i = 0;
    while i < n {
        w.decode(s1, t, i);
        let (stop, total) = (w.stop, w.total);
        if w.has_op || i + w.offs[stop] as usize + 16 > n {
            let until = i + w.offs[stop] as usize;
            let (next, tail) = scan::scan_exact(s1, t, i, until, i, sink);
            sink.span(tail, next);
            i = next;
            continue;
        }
        let mut k = 0;
        while k < stop {
            let c = w.codes[k] as u32;
            let ce = std::hint::select_unpredictable(c <= nfirst, c, dummy);
            let nd = nodes[ce as usize];
            let mut entry = nd.entry;
            let mut next = k + 1;
            let child = nd.base + w.codes[k + 1] as u32;
            let bit = code_pair_bit(ce, w.codes[k + 1] as u32);
            if (pairs[bit >> 6] >> (bit & 63)) & 1 != 0 && nodes[child as usize].check == ce {
                (next, entry) = scan::walk_codes(nodes, ce, &w.codes[..total], k + 1, entry);
            }
            if entry & PHRASE != 0 {
                sink.flush();
                sink.plan.push_phrase(entry, sink.out);
            } else if entry != 0 {
                let (off, len) = s1.value_span(entry);
                sink.unit(&arena[off..], len);
            } else {
                let a = i + w.offs[k] as usize;
                sink.unit(&t[a..], (w.offs[k + 1] - w.offs[k]) as usize);
            }
            k = next;
        }
        i += w.offs[k] as usize;
    }
}

/// The fused scan's sink: phrase matches end the pending run; the run's stage-1 output goes
/// to `out` directly until a character relevant to stage 2 appears, then to `run`, which is
/// put through stages 2.. when the run ends.
struct FusedSink<'a> {
    plan: &'a Plan,
    s1: &'a Trie,
    rest: &'a [Arc<Trie>],
    /// [`later_stops`]; `None`: every run is buffered whole.
    lazy: Option<&'a [u64; 1024]>,
    t: &'a [u8],
    out: &'a mut Vec<u8>,
    run: &'a mut Vec<u8>,
    a: &'a mut Vec<u8>,
    b: &'a mut Vec<u8>,
    buffering: bool,
    /// Where buffering started, when it started at an unmatched character.
    buf_from: usize,
}

/// The union of the stop bitmaps of stages 2.. of a fused plan: the characters that start a
/// key of some later stage, and the IDS operators. Text of a run before its first such
/// character passes every later stage unchanged (each later stage copies it unit by unit
/// and is back in step at that character), so it goes straight to the output.
pub fn later_stops(plan: &Plan) -> Option<Box<[u64; 1024]>> {
    if !plan.fused || plan.chain.len() < 2 {
        return None;
    }
    let mut bits = Box::new([0u64; 1024]);
    for t in &plan.chain[1..] {
        for (w, s) in bits.iter_mut().zip(t.stop_table()) {
            *w |= s;
        }
    }
    Some(bits)
}

impl FusedSink<'_> {
    /// The first offset in `v` of a character that a later stage may act on (a key start or
    /// an IDS operator), if any; always 0 when the sink is not lazy.
    #[inline(always)]
    fn first_relevant(&self, v: &[u8]) -> Option<usize> {
        let Some(stops) = self.lazy else {
            return (!v.is_empty()).then_some(0);
        };
        let mut k = 0;
        while k < v.len() {
            let (cp, l) = decode(v, k);
            if cp >= 0x10000 || (stops[(cp >> 6) as usize] >> (cp & 63)) & 1 != 0 {
                return Some(k);
            }
            k += l;
        }
        None
    }

    /// Unmatched text `t[p..s]` of the current run.
    #[inline(always)]
    fn span(&mut self, p: usize, s: usize) {
        if p >= s {
            return;
        }
        if !self.buffering
            && let Some(k) = self.first_relevant(&self.t[p..s])
        {
            self.buffering = true;
            self.buf_from = p + k;
        }
        if self.buffering {
            let split = self.buf_from.clamp(p, s);
            if p < split {
                self.out.extend_from_slice(&self.t[p..split]);
            }
            self.run.extend_from_slice(&self.t[split..s]);
        } else {
            self.out.extend_from_slice(&self.t[p..s]);
        }
    }

    /// One unit of the run: `src[..len]` (with at least 16 readable bytes in `src`).
    #[inline(always)]
    fn unit(&mut self, src: &[u8], len: usize) {
        if !self.buffering && self.first_relevant(&src[..len]).is_some() {
            self.buffering = true;
            self.buf_from = 0;
        }
        let dst: &mut Vec<u8> = if self.buffering { self.run } else { self.out };
        if len <= 16 && src.len() >= 16 {
            if dst.capacity() - dst.len() < 16 {
                dst.reserve(4096);
            }
            super::dat::copy16(src, len, dst);
        } else {
            dst.extend_from_slice(&src[..len]);
        }
    }

    #[inline(always)]
    fn flush(&mut self) {
        if self.buffering {
            stages(self.rest, self.run, self.out, self.a, self.b);
            self.run.clear();
            self.buffering = false;
        }
    }
}

impl Sink for FusedSink<'_> {
    #[inline(always)]
    fn matched(&mut self, pending: usize, start: usize, _end: usize, entry: u32) {
        self.span(pending, start);
        if entry & PHRASE != 0 {
            self.flush();
            self.plan.push_phrase(entry, self.out);
            return;
        }
        if !self.buffering {
            let (off, len) = self.s1.value_span(entry);
            if self
                .first_relevant(&self.s1.arena[off..off + len])
                .is_some()
            {
                self.buffering = true;
                self.buf_from = 0;
            }
        }
        if self.buffering {
            self.s1.push_value(entry, self.run);
        } else {
            self.s1.push_value(entry, self.out);
        }
    }
}

fn segmented(
    plan: &Plan,
    seg: &Trie,
    chain: &[Arc<Trie>],
    t: &[u8],
    out: &mut Vec<u8>,
    sc: &mut Scratch,
) {
    let Scratch { a, b, .. } = sc;
    let tail = scan(seg, t, |p, s, _e, entry| {
        if p < s {
            stages(chain, &t[p..s], out, a, b);
        }
        plan.push_phrase(entry, out);
    });
    if tail < t.len() {
        stages(chain, &t[tail..], out, a, b);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Converter;

    /// The normalization trigger of a built-in config (CJK compatibility ideographs).
    fn norm_trigger() -> (std::sync::Arc<Trie>, Trigger) {
        let c = Converter::builtin("t2s").unwrap();
        let e = c.engine().unwrap();
        let trie = e.plan.norm[0].clone();
        let trigger = e.norm_lead[0].clone().expect("few lead bytes");
        (trie, trigger)
    }

    #[test]
    fn trigger_finds_a_key_character_anywhere_among_lookalike_bytes() {
        let (trie, trigger) = norm_trigger();
        // U+FF0C (EF BC 8C) shares the lead byte of U+F900 (EF A4 80) but starts no key.
        let filler = "，漢字，ab，";
        for n in 0..12 {
            let plain = filler.repeat(n);
            assert!(!trigger.fires(&trie, plain.as_bytes()), "{plain}");
            for at in [0, plain.len() / 2, plain.len()] {
                let at = (0..=at).rev().find(|&i| plain.is_char_boundary(i)).unwrap();
                for key in ["\u{F900}", "\u{FA0E}", "\u{2F800}"] {
                    let starts = trie.starts_key(key.chars().next().unwrap() as u32);
                    let mut s = plain.clone();
                    s.insert_str(at, key);
                    assert_eq!(trigger.fires(&trie, s.as_bytes()), starts, "{s}");
                }
            }
        }
    }

    #[test]
    fn compatibility_ideographs_are_normalized_wherever_they_stand() {
        let c = Converter::builtin("s2t").unwrap();
        let filler = "，计算机，ab，";
        for n in 0..8 {
            let s = format!("{}\u{F900}{}", filler.repeat(n), filler.repeat(n));
            let expect = format!(
                "{}\u{8C48}{}",
                c.convert(&filler.repeat(n)),
                c.convert(&filler.repeat(n))
            );
            assert_eq!(c.convert(&s), expect);
        }
    }

    #[test]
    fn direct_configs_normalize_wherever_the_ideograph_stands() {
        use crate::engine::reference::Reference;
        // Traditional text with phrase starts, ASCII and full-width punctuation, long enough
        // to cross the direct loop's 4096-byte chunks; a compatibility ideograph (U+F900,
        // U+FA0E, U+2F800) put at the start, near a chunk boundary and in the last 8 bytes.
        let unit = "於是，乾隆年間的頭髮和麵條abc。";
        let base = unit.repeat(200);
        for name in ["t2s", "tw2s", "hk2s", "jp2t"] {
            let c = Converter::builtin(name).unwrap();
            let r = Reference::builtin(name).unwrap();
            assert_eq!(c.convert(&base), r.convert(&base), "{name}");
            for key in ["\u{F900}", "\u{FA0E}", "\u{2F800}"] {
                for at in [0, 4090, 4100, base.len() - 6, base.len()] {
                    let at = (0..=at).rev().find(|&i| base.is_char_boundary(i)).unwrap();
                    let mut s = base.clone();
                    s.insert_str(at, key);
                    assert_eq!(c.convert(&s), r.convert(&s), "{name} {key:?} at {at}");
                }
            }
        }
    }
}
