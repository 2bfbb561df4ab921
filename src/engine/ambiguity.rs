//! Where a conversion applies a dictionary entry that has more than one value (OpenCC's
//! one-to-many ambiguities), at close to conversion speed.
//!
//! [`Converter::ambiguities`] gives exactly the hits of [`Converter::trace`] whose `values`
//! hold more than one value, with the same `source` range and `stage`, without building the
//! trace: it runs OpenCC's layers the way the fast converter does (segmentation, fused or
//! not, then every chain stage inside each segment, using [`scan::scan`]), records for each
//! stage the pieces that map its input to its output, and looks each match up in a bitmap of
//! the trie entries whose leaf entry has several values. A match at stage k is mapped back
//! to the source through the earlier stages' pieces as the trace does: a copied stretch
//! maps offset by offset, a match maps to its whole key.
//!
//! Text that the normalization stages would change (CJK compatibility ideographs, for the
//! built-in configs) is not handled here: the function returns `None` and the caller uses
//! the trace. The bitmaps are computed once per compiled plan, from the leaf dictionaries'
//! multi-valued keys.

use std::borrow::Cow;
use std::ops::Range;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::{Arc, LazyLock, Mutex, OnceLock, Weak};

use super::dat::{PHRASE, Trie};
use super::ids::decode;
use super::plan::Plan;
use super::scan::scan;
use super::{Converter, Engine, builtin};

/// A dictionary entry with several values, applied during a conversion.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ambiguity {
    /// As [`super::DictHit::source`]: the smallest input range whose stage output contains
    /// the matched key.
    pub source: Range<usize>,
    /// The chain stage (1, 2, …).
    pub stage: usize,
}

impl Converter {
    /// The places where converting `text` applies a dictionary entry with more than one
    /// value: the hits of [`Converter::trace`] with `values.len() > 1`, as (source, stage),
    /// sorted by source start, then stage, then end. `None` when the text needs normalization
    /// or the converter has no native engine (then use the trace).
    pub fn ambiguities(&self, text: &str) -> Option<Vec<Ambiguity>> {
        let mut out = Vec::new();
        self.ambiguity_scanner()?
            .scan(text, 0, &mut out)
            .then_some(out)
    }

    /// A reusable scanner for [`Converter::ambiguities`] (buffers kept between texts);
    /// `None` when the converter has no native engine.
    pub fn ambiguity_scanner(&self) -> Option<AmbiguityScanner> {
        let engine = self.engine()?;
        let n = engine.plan.chain.len();
        Some(AmbiguityScanner {
            plan: engine.plan.clone(),
            marks: marks(engine),
            pieces: vec![Vec::new(); n],
            bufs: vec![Vec::new(); n],
            units: Vec::new(),
        })
    }
}

/// Scans texts for [`Ambiguity`]s with one converter, reusing its buffers.
pub struct AmbiguityScanner {
    plan: Arc<Plan>,
    marks: Arc<Marks>,
    /// Per stage, the pieces of the current segment (for mapping later hits back).
    pieces: Vec<Pieces>,
    /// Per stage, the current segment's output.
    bufs: Vec<Vec<u8>>,
    /// Units of the current run of a fused scan.
    units: Vec<Unit>,
}

/// A scan event: (pending, start, end, entry) as [`scan`] reports it.
type Unit = (usize, usize, usize, u32);

/// The state of a fused scan between stage-1 events: where the current run of units
/// started, and whether its stage-1 output may hold a later stage's multi-valued key.
#[derive(Default)]
struct FusedRun {
    run_start: usize,
    flagged: bool,
}

impl AmbiguityScanner {
    /// Appends to `out` the ambiguities of `text`, shifted by `base`, sorted by start, then
    /// stage, then end. Returns false (appending nothing) when the text needs normalization.
    pub fn scan(&mut self, text: &str, base: usize, out: &mut Vec<Ambiguity>) -> bool {
        let t = text.as_bytes();
        if needs_norm(&self.plan, &self.marks.norm_leads, t) {
            return false;
        }
        let from = out.len();
        let plan = self.plan.clone();
        let n = plan.chain.len();
        let mut run = Runner {
            chain: &plan.chain,
            marks: &self.marks,
            pieces: &mut self.pieces,
            bufs: &mut self.bufs,
            out,
            base,
        };
        if n == 0 {
        } else if plan.fused {
            run.fused(t, &mut self.units);
        } else if let Some(seg) = &plan.seg {
            let tail = scan(seg, t, |p, s, e, _entry| {
                if p < s {
                    run.stages_from(0, &t[p..s], p);
                }
                run.stages_from(0, &t[s..e], s);
            });
            if tail < t.len() {
                run.stages_from(0, &t[tail..], tail);
            }
        } else {
            run.stages_from(0, t, 0);
        }
        out[from..].sort_by_key(|a| (a.source.start, a.stage, a.source.end));
        true
    }
}

impl AmbiguityScanner {
    /// Whether this scanner and `other` can share one stage-1 scan: both plans fused, with
    /// the same stage-1 trie, the same normalization tries and the same stage-1 marks.
    fn shares_stage1(&self, other: &AmbiguityScanner) -> bool {
        let (a, b) = (&*self.plan, &*other.plan);
        a.fused
            && b.fused
            && matches!((a.chain.first(), b.chain.first()), (Some(x), Some(y)) if Arc::ptr_eq(x, y))
            && a.norm.len() == b.norm.len()
            && a.norm.iter().zip(&b.norm).all(|(x, y)| Arc::ptr_eq(x, y))
            && self.marks.stages.first() == other.marks.stages.first()
    }

    /// [`AmbiguityScanner::scan`] with several scanners: `outs[i]` gets what
    /// `scanners[i].scan(text, base, …)` appends. When the plans share their first stage
    /// (S→T configs fused with the same stage-1 trie, e.g. s2twp and s2hkp), stage 1 scans
    /// the text once and every scanner replays its matches. Returns false, appending
    /// nothing, when any scanner's normalization would change the text.
    pub fn scan_many(
        scanners: &mut [AmbiguityScanner],
        text: &str,
        base: usize,
        outs: &mut [Vec<Ambiguity>],
    ) -> bool {
        let t = text.as_bytes();
        if scanners
            .iter()
            .any(|sc| needs_norm(&sc.plan, &sc.marks.norm_leads, t))
        {
            return false;
        }
        let shared = match scanners {
            [first, rest @ ..] => !rest.is_empty() && rest.iter().all(|o| first.shares_stage1(o)),
            [] => false,
        };
        if !shared {
            for (sc, out) in scanners.iter_mut().zip(outs.iter_mut()) {
                sc.scan(text, base, out);
            }
            return true;
        }
        let mut events: Vec<Unit> = Vec::new();
        let tail = scan(&scanners[0].plan.chain[0], t, |p, s, e, entry| {
            events.push((p, s, e, entry));
        });
        for (sc, out) in scanners.iter_mut().zip(outs.iter_mut()) {
            let from = out.len();
            let plan = sc.plan.clone();
            let mut run = Runner {
                chain: &plan.chain,
                marks: &sc.marks,
                pieces: &mut sc.pieces,
                bufs: &mut sc.bufs,
                out,
                base,
            };
            run.fused_replay(t, &mut sc.units, &events, tail);
            out[from..].sort_by_key(|a| (a.source.start, a.stage, a.source.end));
        }
        true
    }
}

/// The index of a trie entry in its per-entry arrays.
#[inline(always)]
fn index(entry: u32) -> usize {
    ((entry & !PHRASE) - 1) as usize
}

/// True when a normalization stage has a key starting somewhere in `t` (`leads`: the lead
/// bytes of each stage's first characters, searched for with `memchr` when there are few).
fn needs_norm(plan: &Plan, leads: &[Arc<NormLead>], t: &[u8]) -> bool {
    plan.norm.iter().zip(leads).any(|(norm, lead)| {
        // The first two bytes rule most candidates out without decoding (U+FF0C ，shares
        // U+F900's lead byte, not its second byte).
        let check = |i: usize| {
            (t.get(i + 1).is_none_or(|&b| {
                lead.seconds
                    .binary_search(&((t[i] as u16) << 8 | b as u16))
                    .is_ok()
            })) && norm.starts_key(decode(t, i).0)
        };
        match &*lead.firsts {
            [] => false,
            &[a] => memchr::memchr_iter(a, t).any(check),
            &[a, b] => memchr::memchr2_iter(a, b, t).any(check),
            &[a, b, c] => memchr::memchr3_iter(a, b, c, t).any(check),
            _ => (0..t.len()).any(|i| (t[i] & 0xC0) != 0x80 && check(i)),
        }
    })
}

/// The first byte, and the first two bytes (as `first << 8 | second`), of the UTF-8 of
/// every character that starts a key of a normalization stage (sorted, distinct).
struct NormLead {
    firsts: Cow<'static, [u8]>,
    seconds: Cow<'static, [u16]>,
}

/// One stage's input→output correspondence: (input range, output start, copied?).
type Pieces = Vec<(Range<usize>, usize, bool)>;

/// One scan's state, borrowing the scanner's buffers.
struct Runner<'a> {
    chain: &'a [Arc<Trie>],
    marks: &'a Marks,
    pieces: &'a mut Vec<Pieces>,
    bufs: &'a mut Vec<Vec<u8>>,
    out: &'a mut Vec<Ambiguity>,
    /// Added to every source offset.
    base: usize,
}

impl Runner<'_> {
    fn push(&mut self, source: Range<usize>, stage: usize) {
        self.out.push(Ambiguity {
            source: source.start + self.base..source.end + self.base,
            stage,
        });
    }

    /// The fused shape (S→T): one scan with stage 1 gives the segments (its phrase entries)
    /// and stage 1's units; a segment goes through stages 2… only when its stage-1 output
    /// may hold a multi-valued key of a later stage (for two-stage chains, judged from the
    /// entries' values and the copied text without building the output).
    fn fused(&mut self, t: &[u8], units: &mut Vec<Unit>) {
        let mut st = FusedRun::default();
        units.clear();
        let tail = scan(&self.chain[0], t, |p, s, e, entry| {
            self.fused_event(&mut st, t, units, (p, s, e, entry));
        });
        self.fused_end(&mut st, t, units, tail);
    }

    /// [`Runner::fused`] from stage 1's recorded scan events and tail.
    fn fused_replay(&mut self, t: &[u8], units: &mut Vec<Unit>, events: &[Unit], tail: usize) {
        let mut st = FusedRun::default();
        units.clear();
        for &ev in events {
            self.fused_event(&mut st, t, units, ev);
        }
        self.fused_end(&mut st, t, units, tail);
    }

    /// One stage-1 match `(pending, start, end, entry)` of the fused shape.
    #[inline(always)]
    fn fused_event(&mut self, st: &mut FusedRun, t: &[u8], units: &mut Vec<Unit>, ev: Unit) {
        let (p, s, e, entry) = ev;
        let n = self.chain.len();
        if bit(&self.marks.stages[0], index(entry)) {
            self.push(s..e, 1);
        }
        if n == 1 {
            return;
        }
        if entry & PHRASE != 0 {
            st.flagged = st.flagged || self.copy_may_hit(&t[p..s]);
            if st.run_start < s && st.flagged {
                self.run_stage1(t, units, st.run_start..s);
            }
            units.clear();
            st.flagged = false;
            if n > 2 || self.feeds(entry) {
                self.pieces[0].clear();
                self.pieces[0].push((0..e - s, 0, false));
                let chain = self.chain;
                self.stages_from(1, chain[0].value(entry), s);
            }
            st.run_start = e;
        } else {
            st.flagged = st.flagged || self.feeds(entry) || self.copy_may_hit(&t[p..s]);
            units.push(ev);
        }
    }

    /// The end of the fused shape's stage-1 scan, whose unmatched tail starts at `tail`.
    fn fused_end(&mut self, st: &mut FusedRun, t: &[u8], units: &[Unit], tail: usize) {
        if self.chain.len() > 1 && st.run_start < t.len() {
            st.flagged = st.flagged || self.copy_may_hit(&t[tail..]);
            if st.flagged {
                self.run_stage1(t, units, st.run_start..t.len());
            }
        }
    }

    /// Builds a run's stage-1 output and pieces from its units, then runs stages 2….
    fn run_stage1(&mut self, t: &[u8], units: &[Unit], run: Range<usize>) {
        let s1 = &*self.chain[0];
        let mut out = std::mem::take(&mut self.bufs[0]);
        out.clear();
        let mut pieces = std::mem::take(&mut self.pieces[0]);
        pieces.clear();
        let base = run.start;
        let mut at = base;
        for &(p, s, e, entry) in units {
            if p < s {
                pieces.push((p - base..s - base, out.len(), true));
                out.extend_from_slice(&t[p..s]);
            }
            pieces.push((s - base..e - base, out.len(), false));
            out.extend_from_slice(s1.value(entry));
            at = e;
        }
        if at < run.end {
            pieces.push((at - base..run.end - base, out.len(), true));
            out.extend_from_slice(&t[at..run.end]);
        }
        self.pieces[0] = pieces;
        self.stages_from(1, &out, base);
        self.bufs[0] = out;
    }

    /// Whether stage 1's value for `entry` holds a character that starts a multi-valued key
    /// of stage 2 (two-stage chains; computed on first use).
    fn feeds(&self, entry: u32) -> bool {
        let Some(slot) = self.marks.feeds.get(index(entry)) else {
            return true;
        };
        match slot.load(Ordering::Relaxed) {
            1 => false,
            2 => true,
            _ => {
                let yes = self.may_hit(1, self.chain[0].value(entry));
                slot.store(if yes { 2 } else { 1 }, Ordering::Relaxed);
                yes
            }
        }
    }

    /// For two-stage chains: whether copied text may start a multi-valued key of stage 2
    /// (always true for longer chains).
    fn copy_may_hit(&self, text: &[u8]) -> bool {
        if self.chain.len() != 2 {
            return true;
        }
        !text.is_empty() && self.may_hit(1, text)
    }

    /// Runs stages `k0`… over `input`, the stage-`k0` input of a segment whose source starts
    /// at `seg_base` (the pieces of stages before `k0` are already in `self.pieces`).
    fn stages_from(&mut self, k0: usize, input: &[u8], seg_base: usize) {
        let n = self.chain.len();
        let chain = self.chain;
        let marks = self.marks;
        let mut bufs = std::mem::take(self.bufs);
        for k in k0..n {
            let (done, rest) = bufs.split_at_mut(k);
            let input: &[u8] = if k == k0 { input } else { &done[k - 1] };
            let last = k + 1 == n;
            if last && k > 0 && !self.may_hit(k, input) {
                break;
            }
            let trie = &*chain[k];
            let m = &marks.stages[k];
            let output = &mut rest[0];
            output.clear();
            let mut pieces = std::mem::take(&mut self.pieces[k]);
            pieces.clear();
            let mut hits: Vec<Range<usize>> = Vec::new();
            let tail = scan(trie, input, |p, s, e, entry| {
                if !last {
                    if p < s {
                        pieces.push((p..s, output.len(), true));
                        output.extend_from_slice(&input[p..s]);
                    }
                    pieces.push((s..e, output.len(), false));
                    output.extend_from_slice(trie.value(entry));
                }
                if bit(m, index(entry)) {
                    hits.push(s..e);
                }
            });
            if !last && tail < input.len() {
                pieces.push((tail..input.len(), output.len(), true));
                output.extend_from_slice(&input[tail..]);
            }
            self.pieces[k] = pieces;
            for h in hits {
                let r = self.back_map(k, h);
                self.push(r.start + seg_base..r.end + seg_base, k + 1);
            }
        }
        *self.bufs = bufs;
    }

    /// Whether a multi-valued key of stage `k` can start somewhere in `input`.
    fn may_hit(&self, k: usize, input: &[u8]) -> bool {
        let first = &self.marks.first[k];
        if first.is_empty() {
            return false;
        }
        let trie = &*self.chain[k];
        let mut i = 0;
        while i < input.len() {
            let (cp, l) = decode(input, i);
            let c = trie.code(cp) as usize;
            if c != 0 && bit(first, c) {
                return true;
            }
            i += l.max(1);
        }
        false
    }

    /// Maps a range of stage `k`'s input back to the segment's source.
    fn back_map(&self, k: usize, r: Range<usize>) -> Range<usize> {
        let (mut a, mut b) = (r.start, r.end);
        for pieces in self.pieces[..k].iter().rev() {
            a = map_start(pieces, a);
            b = map_end(pieces, b);
        }
        a..b
    }
}

/// The input offset for output offset `o` as a range start.
fn map_start(pieces: &Pieces, o: usize) -> usize {
    let i = pieces.partition_point(|p| p.1 <= o);
    if i == 0 {
        return 0;
    }
    let (r, out0, copied) = &pieces[i - 1];
    if *copied {
        (r.start + (o - out0)).min(r.end)
    } else {
        // At or inside a match's output: the match's whole key.
        r.start
    }
}

/// The input offset for output offset `o` as a range end.
fn map_end(pieces: &Pieces, o: usize) -> usize {
    let i = pieces.partition_point(|p| p.1 < o);
    if i == 0 {
        return pieces.first().map_or(0, |p| p.0.start);
    }
    let (r, out0, copied) = &pieces[i - 1];
    if *copied {
        (r.start + (o - out0)).min(r.end)
    } else {
        r.end
    }
}

/// Whether bit `i` of bitset `b` is set (bits past the end are clear).
#[inline(always)]
fn bit(b: &[u64], i: usize) -> bool {
    b.get(i / 64).is_some_and(|w| (w >> (i % 64)) & 1 != 0)
}

/// Per chain stage: which trie entries have several values in their leaf (a bitset by entry
/// index), and which character codes (of the stage's trie) start such an entry's key (a
/// bitset by code). Built-in configs read theirs from the binary (computed by build.rs with
/// the same rules as [`compute_marks`]).
struct Marks {
    stages: Vec<Cow<'static, [u64]>>,
    first: Vec<Cow<'static, [u64]>>,
    /// Per entry of stage 1: does its value hold a character that starts a multi-valued key
    /// of stage 2? (0: not known yet, 1: no, 2: yes; filled as entries are met.)
    feeds: Vec<AtomicU8>,
    /// Per normalization stage, the distinct lead bytes of its keys' first characters.
    norm_leads: Vec<Arc<NormLead>>,
}

/// Marks of every live plan seen so far.
type MarkCache = Mutex<Vec<(Weak<Plan>, Arc<OnceLock<Arc<Marks>>>)>>;

fn marks(engine: &Engine) -> Arc<Marks> {
    static CACHE: LazyLock<MarkCache> = LazyLock::new(|| Mutex::new(Vec::new()));
    // The cache lock is held only to find the plan's slot; the marks are computed in the
    // slot, so threads wanting the same plan wait for one computation and threads wanting
    // others do not wait.
    let slot = {
        let mut cache = CACHE.lock().unwrap_or_else(|e| e.into_inner());
        cache.retain(|(w, _)| w.strong_count() > 0);
        match cache
            .iter()
            .find(|(w, _)| std::ptr::eq(w.as_ptr(), Arc::as_ptr(&engine.plan)))
        {
            Some((_, slot)) => slot.clone(),
            None => {
                let slot = Arc::new(OnceLock::new());
                cache.push((Arc::downgrade(&engine.plan), slot.clone()));
                slot
            }
        }
    };
    slot.get_or_init(|| compute_marks(engine)).clone()
}

fn compute_marks(engine: &Engine) -> Arc<Marks> {
    let plan = &*engine.plan;
    let feeds = (0..plan.chain.first().map_or(0, |t| t.len()))
        .map(|_| AtomicU8::new(0))
        .collect();
    if engine.leaf_maps.is_none()
        && let Some(i) = builtin::config_of(&engine.plan)
    {
        let m = builtin::marks(i);
        return Arc::new(Marks {
            stages: m.stages.into_iter().map(Cow::Borrowed).collect(),
            first: m.firsts.into_iter().map(Cow::Borrowed).collect(),
            feeds,
            norm_leads: m
                .norm_firsts
                .into_iter()
                .zip(m.norm_seconds)
                .map(|(f, s)| {
                    Arc::new(NormLead {
                        firsts: Cow::Borrowed(f),
                        seconds: Cow::Borrowed(s),
                    })
                })
                .collect(),
        });
    }
    let (stages, firsts) = stage_marks(plan, |leaf| multi_keys(engine, leaf));
    let norm_leads = plan.norm.iter().map(norm_lead).collect();
    Arc::new(Marks {
        stages,
        first: firsts,
        feeds,
        norm_leads,
    })
}

/// Per chain stage: the entry bitset and first-code bitset of [`Marks`], from each leaf's
/// multi-valued keys.
#[allow(clippy::type_complexity)]
fn stage_marks(
    plan: &Plan,
    multi_keys: impl Fn(u32) -> Vec<String>,
) -> (Vec<Cow<'static, [u64]>>, Vec<Cow<'static, [u64]>>) {
    let n_norm = plan.norm.len();
    let mut stages = Vec::with_capacity(plan.chain.len());
    let mut firsts = Vec::with_capacity(plan.chain.len());
    for (k, trie) in plan.chain.iter().enumerate() {
        let mut m = vec![0u64; trie.len().div_ceil(64)];
        let mut first: Vec<u64> = Vec::new();
        for &leaf in plan
            .stage_leaves
            .get(n_norm + k)
            .map_or(&[][..], |v| &v[..])
        {
            for key in multi_keys(leaf) {
                if let Some(e) = trie.exact(&key)
                    && trie.leaf_of(e) == leaf
                {
                    let i = index(e);
                    m[i / 64] |= 1 << (i % 64);
                    if let Some(c) = key.chars().next() {
                        let code = trie.code(c as u32) as usize;
                        if first.len() <= code / 64 {
                            first.resize(code / 64 + 1, 0);
                        }
                        first[code / 64] |= 1 << (code % 64);
                    }
                }
            }
        }
        stages.push(Cow::Owned(m));
        firsts.push(Cow::Owned(first));
    }
    (stages, firsts)
}

/// The lead bytes of a normalization trie's first characters, computed once per trie (the
/// built-in configs share theirs).
fn norm_lead(t: &Arc<Trie>) -> Arc<NormLead> {
    type LeadCache = Mutex<Vec<(Weak<Trie>, Arc<NormLead>)>>;
    static CACHE: LazyLock<LeadCache> = LazyLock::new(|| Mutex::new(Vec::new()));
    let mut cache = CACHE.lock().unwrap_or_else(|e| e.into_inner());
    cache.retain(|(w, _)| w.strong_count() > 0);
    if let Some((_, lead)) = cache
        .iter()
        .find(|(w, _)| std::ptr::eq(w.as_ptr(), Arc::as_ptr(t)))
    {
        return lead.clone();
    }
    let mut firsts = Vec::new();
    let mut seconds = Vec::new();
    for c in t.first_chars().into_iter().filter_map(char::from_u32) {
        let mut b = [0u8; 4];
        let n = c.encode_utf8(&mut b).len();
        firsts.push(b[0]);
        // A one-byte character has no second byte: match any.
        if n == 1 {
            seconds.extend((0..=255u16).map(|x| (b[0] as u16) << 8 | x));
        } else {
            seconds.push((b[0] as u16) << 8 | b[1] as u16);
        }
    }
    firsts.sort_unstable();
    firsts.dedup();
    seconds.sort_unstable();
    seconds.dedup();
    let lead = Arc::new(NormLead {
        firsts: Cow::Owned(firsts),
        seconds: Cow::Owned(seconds),
    });
    cache.push((Arc::downgrade(t), lead.clone()));
    lead
}

/// The keys of leaf dictionary `leaf` that have more than one value.
fn multi_keys(engine: &Engine, leaf: u32) -> Vec<String> {
    match &engine.leaf_maps {
        Some(maps) => maps
            .get(leaf as usize)
            .map(|m| {
                m.iter()
                    .filter(|(_, v)| v.len() > 1)
                    .map(|(k, _)| k.clone())
                    .collect()
            })
            .unwrap_or_default(),
        None => builtin::leaf_map(leaf as usize)
            .iter()
            .filter(|(_, v)| v.len() > 1)
            .map(|(k, _)| k.clone())
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::BUILTIN_CONFIGS;

    /// The trace's multi-valued hits, in the same order.
    fn from_trace(c: &Converter, text: &str) -> Vec<Ambiguity> {
        let mut v: Vec<Ambiguity> = c
            .trace(text)
            .into_iter()
            .flat_map(|s| s.hits)
            .filter(|h| h.values.len() > 1)
            .map(|h| Ambiguity {
                source: h.source,
                stage: h.stage,
            })
            .collect();
        v.sort_by_key(|a| (a.source.start, a.stage, a.source.end));
        v
    }

    #[test]
    fn equals_the_trace() {
        let texts = [
            "他干了一杯。头发里面的后面，干燥的面条。",
            "乾隆皇帝著書立說，於是發現這個結論；頭髮、麵條、裡面。",
            "软件和内存，鼠标与硬盘，正则表达式，信息技术",
            "abc 123 ⿰氵发 干了 發 后 里 台 系 了",
            "",
        ];
        for name in BUILTIN_CONFIGS {
            let c = Converter::builtin(name).unwrap();
            for t in texts {
                assert_eq!(c.ambiguities(t), Some(from_trace(&c, t)), "{name} {t}");
            }
        }
    }

    #[test]
    fn a_shared_stage_1_scan_equals_separate_scans() {
        let texts = [
            "他干了一杯。头发里面的后面，干燥的面条。软件和内存，鼠标与硬盘\n台风后\n",
            "abc ⿰氵发 干了 發 后 里 台 系 了 只 么 么",
            "",
        ];
        for names in [["s2twp", "s2hkp"], ["s2tw", "s2hk"], ["s2twp", "t2s"]] {
            let convs = names.map(|n| Converter::builtin(n).unwrap());
            for t in texts {
                let mut scanners: Vec<AmbiguityScanner> = convs
                    .iter()
                    .map(|c| c.ambiguity_scanner().unwrap())
                    .collect();
                let mut outs = vec![Vec::new(); 2];
                assert!(AmbiguityScanner::scan_many(&mut scanners, t, 3, &mut outs));
                for (c, out) in convs.iter().zip(&outs) {
                    let mut alone = Vec::new();
                    assert!(c.ambiguity_scanner().unwrap().scan(t, 3, &mut alone));
                    assert_eq!(out, &alone, "{names:?} {t}");
                }
            }
        }
        let mut scanners: Vec<AmbiguityScanner> = ["s2twp", "s2hkp"]
            .map(|n| Converter::builtin(n).unwrap().ambiguity_scanner().unwrap())
            .into();
        assert!(scanners[0].shares_stage1(&scanners[1]));
        let mut outs = vec![Vec::new(); 2];
        assert!(!AmbiguityScanner::scan_many(
            &mut scanners,
            "\u{F900}干",
            0,
            &mut outs
        ));
        assert_eq!(outs, vec![Vec::new(); 2]);
    }

    #[test]
    fn leaf_lookup_by_binary_search_equals_the_map() {
        for i in 0..builtin::leaf_names().len() {
            let map = builtin::leaf_map(i);
            for (k, v) in map.iter() {
                assert_eq!(builtin::leaf_values(i, k).as_ref(), Some(v), "leaf {i} {k}");
            }
            for absent in ["", "a", "不存在的鍵詞", "\u{10FFFF}"] {
                assert_eq!(builtin::leaf_values(i, absent), map.get(absent).cloned());
            }
        }
    }

    #[test]
    fn builtin_marks_equal_the_run_time_computation() {
        for (i, name) in BUILTIN_CONFIGS.iter().enumerate() {
            let plan = builtin::plan(builtin::index(name).unwrap());
            assert_eq!(builtin::config_of(&plan), builtin::index(name), "{name}");
            let m = builtin::marks(builtin::index(name).unwrap());
            let (stages, firsts) = stage_marks(&plan, |leaf| {
                builtin::leaf_map(leaf as usize)
                    .iter()
                    .filter(|(_, v)| v.len() > 1)
                    .map(|(k, _)| k.clone())
                    .collect()
            });
            let stages: Vec<&[u64]> = stages.iter().map(|c| &**c).collect();
            let firsts: Vec<&[u64]> = firsts.iter().map(|c| &**c).collect();
            assert_eq!(m.stages, stages, "{name} ({i})");
            assert_eq!(m.firsts, firsts, "{name}");
            assert_eq!(m.norm_firsts.len(), plan.norm.len(), "{name}");
            for (k, t) in plan.norm.iter().enumerate() {
                let lead = norm_lead(t);
                assert_eq!(m.norm_firsts[k], &*lead.firsts, "{name}");
                assert_eq!(m.norm_seconds[k], &*lead.seconds, "{name}");
            }
        }
    }

    #[test]
    fn compatibility_ideographs_need_the_trace() {
        let c = Converter::builtin("s2t").unwrap();
        assert_eq!(c.ambiguities("\u{F900}干"), None);
    }
}
