//! Traces of visible text through an edition's converter chain, in source coordinates, cached
//! so that editions sharing a chain (zh-CN/zh-SG/zh-MY, zh-HK/zh-MO by default) and the
//! detectors sharing a text trace it once.
//!
//! A chain is the edition's list of OpenCC converters applied in order. For one converter the
//! engine's trace is used as it is (ranges shifted to the source). For several, each
//! converter's trace is composed with the previous one: a composed segment runs between two
//! offsets of the intermediate text that both traces have as segment boundaries, so each
//! composed segment maps a source range to exactly the output it produced. A later
//! converter's hit is mapped back to the union of the earlier segments it overlaps.
//!
//! Invariant: for every [`UnitTrace`], the segments tile the unit's source range in order and
//! their outputs concatenate to the chain's conversion of that text.

use std::cell::RefCell;
use std::collections::HashMap;
use std::ops::Range;
use std::rc::Rc;
use std::sync::{Arc, LazyLock, RwLock};

use crate::engine::{Converter, DictHit, TracedSegment};

/// A converter chain and the key that identifies it in caches (`s2twp`, `s2t+t2tw`).
#[derive(Clone, Copy)]
pub struct Chain<'a> {
    pub converters: &'a [Converter],
    /// Every converter is a built-in config (not a config file with a built-in's name).
    builtin: bool,
}

impl<'a> Chain<'a> {
    pub fn new(converters: &'a [Converter]) -> Chain<'a> {
        let ptr = |c: &Converter| c.engine().map(|e| e as *const _ as usize);
        let builtin = converters.iter().all(|c| {
            Converter::builtin(c.name()).is_ok_and(|b| ptr(&b) == ptr(c) && ptr(c).is_some())
        });
        Chain {
            converters,
            builtin,
        }
    }
}

impl Chain<'_> {
    pub fn key(&self) -> String {
        let names: Vec<&str> = self.converters.iter().map(|c| c.name()).collect();
        names.join("+")
    }

    /// True when every converter is a built-in config.
    pub fn is_builtin(&self) -> bool {
        self.builtin
    }

    pub fn convert(&self, text: &str) -> String {
        let mut cur = text.to_string();
        for c in self.converters {
            cur = c.convert(&cur);
        }
        cur
    }

    /// Every conversion of `word` the chain's dictionaries allow, default first: the first
    /// converter's candidates, each run through the next converter's candidates (or its
    /// conversion when it has none), duplicates removed. Empty when no converter's
    /// dictionaries know the word at any step.
    pub fn candidates(&self, word: &str) -> Vec<String> {
        let mut cur = vec![word.to_string()];
        let mut known = false;
        for c in self.converters {
            let mut next: Vec<String> = Vec::new();
            for w in &cur {
                let cands = c.candidates(w);
                if cands.is_empty() {
                    push_unique(&mut next, c.convert(w));
                } else {
                    known = true;
                    for x in cands {
                        push_unique(&mut next, x);
                    }
                }
            }
            cur = next;
        }
        if known { cur } else { Vec::new() }
    }

    /// Traces `text` (which starts at source offset `base`) through the chain.
    pub fn trace(&self, text: &str, base: usize) -> UnitTrace {
        let mut stages = self.converters.iter();
        let Some(first) = stages.next() else {
            return UnitTrace {
                segments: vec![Segment {
                    source: base..base + text.len(),
                    output: text.to_string(),
                    hits: Vec::new(),
                }],
            };
        };
        let name = first.name().to_string();
        let mut segs: Vec<Segment> = first
            .trace(text)
            .into_iter()
            .map(|s| Segment::from_traced(s, base, &name))
            .collect();
        for conv in stages {
            let mid: String = segs.iter().map(|s| s.output.as_str()).collect();
            let next = conv.trace(&mid);
            segs = compose(segs, next, conv.name());
        }
        UnitTrace { segments: segs }
    }
}

fn push_unique(v: &mut Vec<String>, s: String) {
    if !v.contains(&s) {
        v.push(s);
    }
}

/// A dictionary entry applied somewhere in a chain, in source coordinates.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    /// The OpenCC config it belongs to (`s2twp`).
    pub config: String,
    pub source: Range<usize>,
    pub hit: DictHit,
}

/// A piece of a chain's output and the source range it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Segment {
    pub source: Range<usize>,
    pub output: String,
    pub hits: Vec<Hit>,
}

impl Segment {
    fn from_traced(s: TracedSegment, base: usize, config: &str) -> Segment {
        Segment {
            source: s.source.start + base..s.source.end + base,
            output: s.output,
            hits: s
                .hits
                .into_iter()
                .map(|h| Hit {
                    config: config.to_string(),
                    source: h.source.start + base..h.source.end + base,
                    hit: h,
                })
                .collect(),
        }
    }
}

/// The trace of one unit of visible text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UnitTrace {
    pub segments: Vec<Segment>,
}

impl UnitTrace {
    pub fn hits(&self) -> impl Iterator<Item = &Hit> {
        self.segments.iter().flat_map(|s| s.hits.iter())
    }

    pub fn output(&self) -> String {
        self.segments.iter().map(|s| s.output.as_str()).collect()
    }

    /// The source range that produced the output bytes `out` (offsets into [`Self::output`]):
    /// the union of the segments they touch.
    pub fn source_of_output(&self, out: Range<usize>) -> Range<usize> {
        let mut at = 0;
        let mut range: Option<Range<usize>> = None;
        for s in &self.segments {
            let seg_out = at..at + s.output.len();
            at = seg_out.end;
            let touches = if out.is_empty() {
                seg_out.start <= out.start && out.start < seg_out.end.max(seg_out.start + 1)
            } else {
                seg_out.start < out.end && out.start < seg_out.end
            };
            if touches {
                range = Some(match range {
                    None => s.source.clone(),
                    Some(r) => r.start.min(s.source.start)..r.end.max(s.source.end),
                });
            }
        }
        range.unwrap_or_else(|| {
            let end = self.segments.last().map_or(0, |s| s.source.end);
            end..end
        })
    }
}

/// Composes `prev` (source → mid) with `next` (mid → out, ranges relative to the
/// concatenation of `prev`'s outputs).
fn compose(prev: Vec<Segment>, next: Vec<TracedSegment>, config: &str) -> Vec<Segment> {
    // Offsets of `prev` segments in the intermediate text.
    let mut mid_starts = Vec::with_capacity(prev.len() + 1);
    let mut at = 0;
    for s in &prev {
        mid_starts.push(at);
        at += s.output.len();
    }
    mid_starts.push(at);
    let src_of_mid = |r: &Range<usize>| -> Range<usize> {
        // prev segments overlapping r (or containing its start when empty).
        let first = mid_starts
            .partition_point(|&m| m <= r.start)
            .saturating_sub(1)
            .min(prev.len().saturating_sub(1));
        let mut last = first;
        while last + 1 < prev.len() && mid_starts[last + 1] < r.end {
            last += 1;
        }
        match (prev.get(first), prev.get(last)) {
            (Some(a), Some(b)) => a.source.start..b.source.end,
            _ => 0..0,
        }
    };
    let mut out: Vec<Segment> = Vec::new();
    let mut i = 0; // next prev segment to take
    let mut cur: Option<Segment> = None;
    for n in next {
        let group = cur.get_or_insert_with(|| Segment {
            source: prev.get(i).map_or(0..0, |p| p.source.start..p.source.start),
            output: String::new(),
            hits: Vec::new(),
        });
        group.output.push_str(&n.output);
        for h in n.hits {
            group.hits.push(Hit {
                config: config.to_string(),
                source: src_of_mid(&h.source),
                hit: h,
            });
        }
        // Take every prev segment that ends within this next segment.
        while i < prev.len() && mid_starts[i + 1] <= n.source.end {
            let p = &prev[i];
            group.source.end = p.source.end;
            group.hits.extend(p.hits.iter().cloned());
            i += 1;
        }
        // A common boundary: close the group.
        if mid_starts.get(i) == Some(&n.source.end) {
            let mut g = cur.take().unwrap_or_else(|| unreachable!());
            g.hits.sort_by_key(|h| (h.source.start, h.hit.stage));
            out.push(g);
        }
    }
    // Whatever is left (next trace shorter than expected: keep the tiling invariant).
    if i < prev.len() || cur.is_some() {
        let mut g = cur.unwrap_or_else(|| Segment {
            source: prev[i].source.start..prev[i].source.start,
            output: String::new(),
            hits: Vec::new(),
        });
        for p in &prev[i..] {
            g.source.end = p.source.end;
            g.hits.extend(p.hits.iter().cloned());
        }
        out.push(g);
    }
    out
}

/// FxHash (rustc's hasher): fast for the short keys the caches use; no DoS concern here.
#[derive(Default, Clone, Copy)]
pub struct FxHasher(u64);

impl std::hash::Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut b = [0u8; 8];
            b[..chunk.len()].copy_from_slice(chunk);
            self.add(u64::from_le_bytes(b));
        }
    }
    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(i as u64);
    }
    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
}

impl FxHasher {
    #[inline]
    fn add(&mut self, w: u64) {
        self.0 = (self.0.rotate_left(5) ^ w).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

pub type FxBuild = std::hash::BuildHasherDefault<FxHasher>;
pub type FxMap<K, V> = HashMap<K, V, FxBuild>;

/// Per chain key, per text: a memo of small computations (candidates, conversions).
type MemoMap<T> = FxMap<String, FxMap<String, Arc<T>>>;
type TextMemo<T> = RefCell<MemoMap<T>>;

/// Per (chain key, range start, range end).
type ByRange<T> = RefCell<FxMap<(String, usize, usize), Rc<T>>>;

/// Caches traces by chain and source range, and candidate lists and
/// plain conversions by chain and text, for the duration of one check (one source, one
/// thread).
#[derive(Default)]
pub struct TraceCache {
    traces: ByRange<UnitTrace>,
    candidates: TextMemo<Vec<String>>,
    conversions: TextMemo<String>,
}

fn memo<T>(m: &TextMemo<T>, key: &str, text: &str, f: impl FnOnce() -> T) -> Arc<T> {
    if let Some(v) = m.borrow().get(key).and_then(|inner| inner.get(text)) {
        return v.clone();
    }
    let v = Arc::new(f());
    m.borrow_mut()
        .entry(key.to_string())
        .or_default()
        .insert(text.to_string(), v.clone());
    v
}

/// Like [`memo`], shared between threads.
fn shared_memo<T>(m: &RwLock<MemoMap<T>>, key: &str, text: &str, f: impl FnOnce() -> T) -> Arc<T> {
    if let Ok(g) = m.read()
        && let Some(v) = g.get(key).and_then(|inner| inner.get(text))
    {
        return v.clone();
    }
    let v = Arc::new(f());
    if let Ok(mut g) = m.write() {
        g.entry(key.to_string())
            .or_default()
            .entry(text.to_string())
            .or_insert_with(|| v.clone());
    }
    v
}

impl TraceCache {
    pub fn trace(
        &self,
        chain: Chain<'_>,
        key: &str,
        source: &str,
        range: Range<usize>,
    ) -> Rc<UnitTrace> {
        let k = (key.to_string(), range.start, range.end);
        if let Some(t) = self.traces.borrow().get(&k) {
            return t.clone();
        }
        let t = Rc::new(chain.trace(&source[range.clone()], range.start));
        self.traces.borrow_mut().insert(k, t.clone());
        t
    }

    /// The chain's candidates for `word`, memoised (for the life of the process and shared
    /// between threads for chains of built-in configs, whose results never change).
    pub fn candidates(&self, chain: Chain<'_>, key: &str, word: &str) -> Arc<Vec<String>> {
        if chain.is_builtin() {
            shared_memo(&SHARED.candidates, key, word, || chain.candidates(word))
        } else {
            memo(&self.candidates, key, word, || chain.candidates(word))
        }
    }

    /// The chain's conversion of `text`, memoised like [`TraceCache::candidates`].
    pub fn convert(&self, chain: Chain<'_>, key: &str, text: &str) -> Arc<String> {
        if chain.is_builtin() {
            shared_memo(&SHARED.conversions, key, text, || chain.convert(text))
        } else {
            memo(&self.conversions, key, text, || chain.convert(text))
        }
    }
}

/// Memos for chains of built-in configs, for the life of the process: the same words recur
/// from one article to the next.
#[derive(Default)]
struct Shared {
    candidates: RwLock<MemoMap<Vec<String>>>,
    conversions: RwLock<MemoMap<String>>,
}

static SHARED: LazyLock<Shared> = LazyLock::new(Shared::default);

#[cfg(test)]
mod tests {
    use super::*;

    fn seg(src: Range<usize>, out: &str) -> Segment {
        Segment {
            source: src,
            output: out.to_string(),
            hits: vec![],
        }
    }

    fn tseg(src: Range<usize>, out: &str, hits: Vec<DictHit>) -> TracedSegment {
        TracedSegment {
            source: src,
            output: out.to_string(),
            hits,
        }
    }

    fn hit(src: Range<usize>, key: &str, value: &str) -> DictHit {
        DictHit {
            stage: 1,
            dict: "D".into(),
            source: src,
            key: key.into(),
            value: value.into(),
            values: vec![value.into()],
        }
    }

    #[test]
    fn compose_aligns_on_common_boundaries() {
        // source "ab" "c" at base 10 → mid "AB" "C"; next trace splits mid as "A" "BC".
        let prev = vec![seg(10..12, "AB"), seg(12..13, "C")];
        let next = vec![
            tseg(0..1, "x", vec![hit(0..1, "A", "x")]),
            tseg(1..3, "yz", vec![hit(1..3, "BC", "yz")]),
        ];
        let got = compose(prev, next, "c2");
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].source, 10..13);
        assert_eq!(got[0].output, "xyz");
        assert_eq!(got[0].hits[0].source, 10..12);
        assert_eq!(got[0].hits[1].source, 10..13);

        let prev = vec![seg(0..1, "A"), seg(1..2, "B")];
        let next = vec![tseg(0..1, "a", vec![]), tseg(1..2, "b", vec![])];
        let got = compose(prev, next, "c2");
        assert_eq!(got, vec![seg(0..1, "a"), seg(1..2, "b")]);
    }

    #[test]
    fn source_of_output_unions_segments() {
        let t = UnitTrace {
            segments: vec![seg(0..3, "AB"), seg(3..4, "C"), seg(4..6, "DEF")],
        };
        assert_eq!(t.source_of_output(1..3), 0..4);
        assert_eq!(t.source_of_output(3..6), 4..6);
        assert_eq!(t.output(), "ABCDEF");
    }
}
