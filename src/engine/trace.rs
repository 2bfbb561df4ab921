//! An instrumented run of the conversion, layer by layer, keeping every unit of every scan:
//! the normalization stages, the segmentation, and each chain stage inside its segments.
//!
//! A *sync point* is an input offset where every layer's scan passes (a unit boundary in
//! every layer, mapped through the layers' outputs). Cutting the input at a sync point does
//! not change the conversion, and no dictionary match of any layer spans one, so:
//! - [`trace`] reports one [`TracedSegment`] per stretch between sync points (stretches with
//!   no dictionary hit are merged), with the hits that fell in it;
//! - [`phrase_len_at`] returns the distance to the next sync point, computed on a window of
//!   the text that grows until the answer no longer depends on the text past the window.
//!
//! Windows: a layer's input may end before the true end of the text. A unit is *confirmed*
//! when it was decided without reaching the end of that input (or the input's end is the
//! true end of its segment); scanning stops at the first unconfirmed unit, and the next layer
//! only sees the confirmed output. Sync points are only taken among confirmed units.

use super::dat::{PHRASE, Trie};
use super::ids::{self, Ids};
use super::{DictHit, Engine, TracedSegment};

#[derive(Clone, Copy, Debug)]
struct Unit {
    i0: usize,
    i1: usize,
    o0: usize,
    o1: usize,
    entry: u32,
}

/// One layer's scan.
struct Layer<'a> {
    trie: Option<&'a Trie>,
    /// 0 for normalization, k for chain stage k; `usize::MAX` for segmentation.
    stage: usize,
    input: Vec<u8>,
    units: Vec<Unit>,
}

/// A segment in a layer's input: `[start, end)`, `closed` when `end` is its true end.
#[derive(Clone, Copy, Debug)]
struct Seg {
    start: usize,
    end: usize,
    closed: bool,
}

/// Scans `t[seg]` as one segment (`seg.closed`: its end is the true end); returns false if it stopped at an unconfirmed unit.
fn scan_units(
    trie: &Trie,
    seg_only_phrases: bool,
    t: &[u8],
    seg: Seg,
    units: &mut Vec<Unit>,
    out: &mut Vec<u8>,
) -> bool {
    let (a, b, complete) = (seg.start, seg.end, seg.closed);
    let s = &t[..b];
    let mut i = a;
    while i < b {
        let (end, mut e, exhausted) = trie.longest_at(s, i);
        if exhausted && !complete {
            return false;
        }
        if seg_only_phrases && e & PHRASE == 0 {
            e = 0;
        }
        let o0 = out.len();
        let i1 = if e != 0 {
            if !seg_only_phrases {
                out.extend_from_slice(trie.value(e));
            } else {
                out.extend_from_slice(&s[i..end]);
            }
            end
        } else {
            let (cp, l) = ids::decode(s, i);
            let n = if ids::is_operator(cp) {
                match ids::parse(s, i) {
                    Ids::Complete(n) => n,
                    Ids::Incomplete if !complete => return false,
                    _ => l,
                }
            } else {
                l
            };
            out.extend_from_slice(&s[i..i + n]);
            i + n
        };
        units.push(Unit {
            i0: i,
            i1,
            o0,
            o1: out.len(),
            entry: e,
        });
        i = i1;
    }
    true
}

/// All layers of a conversion of `text`; `complete` when `text` ends where the real text ends.
fn analyse<'a>(engine: &'a Engine, text: &[u8], complete: bool) -> Vec<Layer<'a>> {
    let plan = &*engine.plan;
    let mut layers: Vec<Layer<'a>> = Vec::new();
    let mut cur = text.to_vec();
    let mut cur_complete = complete;
    for t in &plan.norm {
        let mut units = Vec::new();
        let mut out = Vec::with_capacity(cur.len());
        let all = scan_units(
            t,
            false,
            &cur,
            Seg {
                start: 0,
                end: cur.len(),
                closed: cur_complete,
            },
            &mut units,
            &mut out,
        );
        cur_complete &= all;
        let input = std::mem::replace(&mut cur, out);
        layers.push(Layer {
            trie: Some(t),
            stage: 0,
            input,
            units,
        });
    }
    // Segmentation.
    let mut segs: Vec<Seg> = Vec::new();
    if let Some(st) = plan.seg_trie() {
        let mut units = Vec::new();
        let mut out = Vec::with_capacity(cur.len());
        let all = scan_units(
            st,
            true,
            &cur,
            Seg {
                start: 0,
                end: cur.len(),
                closed: cur_complete,
            },
            &mut units,
            &mut out,
        );
        let confirmed_end = units.last().map_or(0, |u| u.i1);
        let mut run_start: Option<usize> = None;
        for u in &units {
            if u.entry != 0 {
                if let Some(s) = run_start.take() {
                    segs.push(Seg {
                        start: s,
                        end: u.i0,
                        closed: true,
                    });
                }
                segs.push(Seg {
                    start: u.i0,
                    end: u.i1,
                    closed: true,
                });
            } else if run_start.is_none() {
                run_start = Some(u.i0);
            }
        }
        if let Some(s) = run_start {
            segs.push(Seg {
                start: s,
                end: confirmed_end,
                closed: all && cur_complete,
            });
        }
        cur.truncate(confirmed_end);
        layers.push(Layer {
            trie: None,
            stage: usize::MAX,
            input: cur.clone(),
            units,
        });
    } else if !cur.is_empty() {
        segs.push(Seg {
            start: 0,
            end: cur.len(),
            closed: cur_complete,
        });
    }
    // Chain stages, segment by segment.
    for (k, t) in plan.chain.iter().enumerate() {
        let mut units = Vec::new();
        let mut out = Vec::with_capacity(cur.len());
        let mut next: Vec<Seg> = Vec::with_capacity(segs.len());
        for s in &segs {
            let o_start = out.len();
            let before = units.len();
            let all = scan_units(t, false, &cur, *s, &mut units, &mut out);
            let end_in = units[before..].last().map_or(s.start, |u| u.i1);
            next.push(Seg {
                start: o_start,
                end: out.len(),
                closed: s.closed && all,
            });
            if !all || end_in < s.end {
                break;
            }
        }
        let input = std::mem::replace(&mut cur, out);
        segs = next;
        layers.push(Layer {
            trie: Some(t),
            stage: k + 1,
            input,
            units,
        });
    }
    layers.push(Layer {
        trie: None,
        stage: usize::MAX - 1,
        input: cur,
        units: Vec::new(),
    });
    layers
}

/// Boundary pairs `(input offset, output offset)` of a layer, strictly increasing in input.
fn boundaries(units: &[Unit]) -> Vec<(usize, usize)> {
    if units.is_empty() {
        return vec![(0, 0)];
    }
    let mut v = Vec::with_capacity(units.len() + 1);
    for u in units {
        if v.last().is_none_or(|&(i, _)| i < u.i0) {
            v.push((u.i0, u.o0));
        }
        v.push((u.i1, u.o1));
    }
    v
}

/// Input offsets (in the layer-0 input) that are sync points, ascending, and the boundary
/// tables of each scanning layer.
fn sync_points(layers: &[Layer<'_>]) -> (Vec<usize>, Vec<Vec<(usize, usize)>>) {
    let scanning = &layers[..layers.len() - 1];
    let tables: Vec<Vec<(usize, usize)>> = scanning.iter().map(|l| boundaries(&l.units)).collect();
    let Some(first) = tables.first() else {
        // No layer at all: every character boundary is a sync point.
        let t = &layers[0].input;
        let pts = (0..=t.len())
            .filter(|&i| i == t.len() || (t[i] & 0xC0) != 0x80)
            .collect();
        return (pts, tables);
    };
    let mut pts = Vec::new();
    'cand: for &(q, _) in first {
        let mut p = q;
        for tab in &tables {
            match tab.binary_search_by(|&(i, _)| i.cmp(&p)) {
                Ok(k) => p = tab[k].1,
                Err(_) => continue 'cand,
            }
        }
        pts.push(q);
    }
    (pts, tables)
}

/// Maps the range `r` of layer `k`'s input back to the smallest range of the original input
/// whose conversion through layers `0..k` contains it.
fn back_map(
    tables: &[Vec<(usize, usize)>],
    k: usize,
    r: std::ops::Range<usize>,
) -> std::ops::Range<usize> {
    let (mut a, mut b) = (r.start, r.end);
    for tab in tables[..k].iter().rev() {
        // Start: the last boundary whose output offset is <= a.
        let ia = tab.partition_point(|&(_, o)| o <= a);
        a = if ia == 0 { 0 } else { tab[ia - 1].0 };
        // End: the first boundary whose output offset is >= b.
        let ib = tab.partition_point(|&(_, o)| o < b);
        b = tab
            .get(ib)
            .map_or_else(|| tab.last().map_or(b, |x| x.0), |x| x.0);
    }
    a..b
}

/// See [`super::Converter::phrase_len_at`].
pub(crate) fn phrase_len_at(engine: &Engine, text: &str, pos: usize) -> usize {
    if pos >= text.len() || !text.is_char_boundary(pos) {
        return 0;
    }
    let bytes = text.as_bytes();
    let (cp, clen) = ids::decode(bytes, pos);
    let plan = &*engine.plan;
    let tries = plan
        .norm
        .iter()
        .chain(plan.seg.iter())
        .chain(plan.chain.iter());
    let mut neutral = !ids::is_operator(cp);
    for t in tries {
        if t.in_keys(cp) {
            neutral = false;
        }
    }
    if neutral {
        return 0;
    }
    // One stage over the whole text: the atomic span is that stage's unit at `pos` — unless a
    // normalization stage could change the characters the unit depends on.
    if plan.seg_trie().is_none() && plan.chain.len() == 1 {
        let t = &*plan.chain[0];
        let mut reach = (pos + t.max_key as usize + 4 * 64).min(text.len());
        while !text.is_char_boundary(reach) {
            reach -= 1;
        }
        let window = &bytes[pos..reach];
        let normalized = plan.norm.iter().any(|n| {
            let mut k = 0;
            while k < window.len() {
                if (window[k] & 0xC0) != 0x80 && n.starts_key(ids::decode(window, k).0) {
                    return true;
                }
                k += 1;
            }
            false
        });
        let (end, e, _) = t.longest_at(bytes, pos);
        // (A key holding an IDS operator could end inside a normalization stage's IDS unit.)
        let key_has_op = e != 0 && memchr::memmem::find(&bytes[pos..end], b"\xE2\xBF").is_some();
        if !normalized && !key_has_op {
            let len = if e != 0 {
                end - pos
            } else if ids::is_operator(cp) {
                ids::len_at(bytes, pos)
            } else {
                0
            };
            return if len > clen { len } else { 0 };
        }
    }
    let mut w = 96;
    loop {
        let mut end = (pos + w).min(text.len());
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let complete = end == text.len();
        let layers = analyse(engine, &bytes[pos..end], complete);
        let (pts, _) = sync_points(&layers);
        if let Some(&q) = pts.iter().find(|&&q| q > 0) {
            return if q > clen { q } else { 0 };
        }
        if complete {
            return 0;
        }
        w *= 4;
    }
}

/// See [`super::Converter::trace`].
pub(crate) fn trace(engine: &Engine, text: &str) -> Vec<TracedSegment> {
    if text.is_empty() {
        return Vec::new();
    }
    let layers = analyse(engine, text.as_bytes(), true);
    let (pts, tables) = sync_points(&layers);
    let out_bytes = &layers[layers.len() - 1].input;
    // Output offset of each sync point.
    let out_of = |q: usize| -> usize {
        let mut p = q;
        for tab in &tables {
            let k = tab
                .binary_search_by(|&(i, _)| i.cmp(&p))
                .expect("sync point");
            p = tab[k].1;
        }
        p
    };
    let mut hits: Vec<Vec<DictHit>> = vec![Vec::new(); pts.len().saturating_sub(1)];
    for (k, layer) in layers[..layers.len() - 1].iter().enumerate() {
        let Some(trie) = layer.trie else { continue };
        for u in layer.units.iter().filter(|u| u.entry != 0) {
            let source = back_map(&tables, k, u.i0..u.i1);
            let key = String::from_utf8_lossy(&layer.input[u.i0..u.i1]).into_owned();
            let value = String::from_utf8_lossy(trie.value(u.entry)).into_owned();
            let leaf = trie.leaf_of(u.entry);
            let values = engine
                .leaf_values(leaf, &key)
                .unwrap_or_else(|| vec![value.clone()]);
            let seg = pts
                .partition_point(|&q| q <= source.start)
                .saturating_sub(1);
            if let Some(h) = hits.get_mut(seg) {
                h.push(DictHit {
                    stage: layer.stage,
                    dict: engine.leaf_name(leaf).to_string(),
                    source,
                    key,
                    value,
                    values,
                });
            }
        }
    }
    let mut segs: Vec<TracedSegment> = Vec::new();
    let mut merge_open = false;
    for (w, h) in pts.windows(2).zip(hits) {
        let (a, b) = (w[0], w[1]);
        let output = String::from_utf8_lossy(&out_bytes[out_of(a)..out_of(b)]).into_owned();
        if h.is_empty()
            && merge_open
            && let Some(last) = segs.last_mut()
        {
            last.source.end = b;
            last.output.push_str(&output);
            continue;
        }
        merge_open = h.is_empty();
        let mut h = h;
        h.sort_by_key(|x| (x.stage, x.source.start));
        segs.push(TracedSegment {
            source: a..b,
            output,
            hits: h,
        });
    }
    segs
}
