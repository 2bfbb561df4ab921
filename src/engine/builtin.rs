//! The 16 built-in configs, compiled by `build.rs` into one blob embedded in the binary.
//!
//! The blob's sections are read in place (no copy, no parsing): loading a config wraps a few
//! static slices in a [`Plan`], once per process (`OnceLock`). The raw text dictionaries are
//! embedded too, but only parsed on demand for `trace`'s list of all values and for
//! `candidates`.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use super::dat::{Node, Trie, TrieParts};
use super::plan::Plan;

/// A section of the blob: byte offset and number of elements.
#[derive(Clone, Copy)]
pub(super) struct Sec {
    off: usize,
    len: usize,
}

pub(super) struct TrieDesc {
    nfirst: u32,
    max_key: u32,
    stop_bits: Sec,
    bmp: Sec,
    astral: Sec,
    nodes: Sec,
    vals: Sec,
    arena: Sec,
    leaf: Sec,
}

pub(super) struct ConfigDesc {
    pub(super) name: &'static str,
    norm: &'static [usize],
    seg: Option<usize>,
    fused: bool,
    chain: &'static [usize],
    phrase_offs: Sec,
    phrase_arena: Sec,
    stage_leaves: &'static [&'static [u32]],
}

pub(super) struct LeafDesc {
    pub(super) name: &'static str,
    pub(super) file: &'static str,
    pub(super) text: &'static [u8],
    lines: Option<Sec>,
}

include!(concat!(env!("OUT_DIR"), "/engine_index.rs"));

#[repr(C, align(8))]
struct Aligned<B: ?Sized>(B);

static BLOB: &Aligned<[u8]> = &Aligned(*include_bytes!(concat!(env!("OUT_DIR"), "/engine.bin")));

fn bytes(s: Sec, elem: usize) -> &'static [u8] {
    &BLOB.0[s.off..s.off + s.len * elem]
}

fn u8s(s: Sec) -> &'static [u8] {
    bytes(s, 1)
}

fn u16s(s: Sec) -> &'static [u16] {
    let b = bytes(s, 2);
    assert_eq!(b.as_ptr().align_offset(std::mem::align_of::<u16>()), 0);
    // SAFETY: the slice lies inside the static blob, is aligned for u16 (checked above;
    // sections are 8-aligned in an 8-aligned blob), covers exactly `s.len` u16 values
    // written by build.rs in the target's byte order, and every bit pattern is a valid u16.
    unsafe { std::slice::from_raw_parts(b.as_ptr().cast::<u16>(), s.len) }
}

fn u32s(s: Sec) -> &'static [u32] {
    let b = bytes(s, 4);
    assert_eq!(b.as_ptr().align_offset(std::mem::align_of::<u32>()), 0);
    // SAFETY: as in `u16s`, for u32.
    unsafe { std::slice::from_raw_parts(b.as_ptr().cast::<u32>(), s.len) }
}

fn u64s(s: Sec) -> &'static [u64] {
    let b = bytes(s, 8);
    assert_eq!(b.as_ptr().align_offset(std::mem::align_of::<u64>()), 0);
    // SAFETY: as in `u16s`, for u64.
    unsafe { std::slice::from_raw_parts(b.as_ptr().cast::<u64>(), s.len) }
}

fn nodes(s: Sec) -> &'static [Node] {
    assert_eq!(s.len % 3, 0);
    let b = bytes(s, 4);
    assert_eq!(b.as_ptr().align_offset(std::mem::align_of::<Node>()), 0);
    // SAFETY: `Node` is `repr(C)` with three u32 fields (size 12, align 4, no padding);
    // build.rs wrote `s.len / 3` nodes as consecutive (base, check, entry) u32 triples.
    unsafe { std::slice::from_raw_parts(b.as_ptr().cast::<Node>(), s.len / 3) }
}

static TRIE_CACHE: [OnceLock<Arc<Trie>>; N_TRIES] = [const { OnceLock::new() }; N_TRIES];
static PLANS: [OnceLock<Arc<Plan>>; N_CONFIGS] = [const { OnceLock::new() }; N_CONFIGS];
type LeafMap = Arc<HashMap<String, Vec<String>>>;
static LEAF_MAPS: [OnceLock<LeafMap>; N_LEAVES] = [const { OnceLock::new() }; N_LEAVES];

fn trie(i: usize) -> Arc<Trie> {
    TRIE_CACHE[i]
        .get_or_init(|| {
            let d = &TRIES[i];
            let parts = TrieParts {
                nfirst: d.nfirst,
                bmp: Cow::Borrowed(u16s(d.bmp)),
                astral: Cow::Borrowed(u32s(d.astral)),
                nodes: Cow::Borrowed(nodes(d.nodes)),
                vals: Cow::Borrowed(u32s(d.vals)),
                arena: Cow::Borrowed(u8s(d.arena)),
                leaf: Cow::Borrowed(u32s(d.leaf)),
                max_key: d.max_key,
                stop_bits: Cow::Borrowed(u64s(d.stop_bits)),
            };
            // SAFETY: build.rs made these parts with `Trie::build`, which validates, and wrote
            // them into this binary unchanged (the test `builtin_tries_are_valid` checks them
            // again). Validating here would touch every page of every trie at start-up.
            Arc::new(unsafe { Trie::from_parts_unchecked(parts) })
        })
        .clone()
}

/// The index of a built-in config.
pub(super) fn index(name: &str) -> Option<usize> {
    CONFIGS.iter().position(|c| c.name == name)
}

/// The compiled plan of built-in config `i`.
pub(super) fn plan(i: usize) -> Arc<Plan> {
    PLANS[i]
        .get_or_init(|| {
            let d = &CONFIGS[i];
            Arc::new(Plan {
                norm: d.norm.iter().map(|&t| trie(t)).collect(),
                seg: d.seg.map(trie),
                fused: d.fused,
                chain: d.chain.iter().map(|&t| trie(t)).collect(),
                phrase_offs: Cow::Borrowed(u32s(d.phrase_offs)),
                phrase_arena: Cow::Borrowed(u8s(d.phrase_arena)),
                stage_leaves: d.stage_leaves.iter().map(|v| v.to_vec()).collect(),
            })
        })
        .clone()
}

/// Names of the built-in leaf dictionaries (leaf index order).
pub(super) fn leaf_names() -> Vec<String> {
    LEAVES.iter().map(|l| l.name.to_string()).collect()
}

/// The entries of built-in leaf `i` as key → all values (parsed on first use).
pub(super) fn leaf_map(i: usize) -> LeafMap {
    LEAF_MAPS[i]
        .get_or_init(|| {
            let entries = super::textdict::parse(LEAVES[i].text)
                .expect("built-in dictionaries were validated by build.rs");
            Arc::new(entries.into_iter().map(|e| (e.key, e.values)).collect())
        })
        .clone()
}

/// Entry lines of built-in leaf `i` as (key start, key end, line end) byte offsets into its
/// text, in key order (computed by build.rs); `None` when the file is not strictly sorted
/// by key (then lookups use the parsed map).
fn leaf_index(i: usize) -> Option<&'static [[u32; 3]]> {
    let s = LEAVES[i].lines?;
    let flat = u32s(s);
    assert_eq!(flat.len() % 3, 0);
    // SAFETY: `[u32; 3]` has the size and alignment of three consecutive u32 values, and
    // `flat` holds `flat.len() / 3` whole triples.
    Some(unsafe { std::slice::from_raw_parts(flat.as_ptr().cast::<[u32; 3]>(), flat.len() / 3) })
}

/// The ambiguity scan's marks of a built-in config, computed by build.rs (see
/// `ambiguity::Marks`): per chain stage, the bitset of entries with several values and the
/// bitset of character codes that start such an entry's key; per normalization stage, the
/// first bytes and (first, second) byte pairs of its key-initial characters.
pub(super) struct BuiltinMarks {
    pub(super) stages: Vec<&'static [u64]>,
    pub(super) firsts: Vec<&'static [u64]>,
    pub(super) norm_firsts: Vec<&'static [u8]>,
    pub(super) norm_seconds: Vec<&'static [u16]>,
}

pub(super) struct MarksDesc {
    stages: &'static [Sec],
    firsts: &'static [Sec],
    norm_firsts: &'static [Sec],
    norm_seconds: &'static [Sec],
}

/// The built-in config whose plan is `plan` (the same `Arc`), if any.
pub(super) fn config_of(plan: &Arc<Plan>) -> Option<usize> {
    PLANS
        .iter()
        .position(|p| p.get().is_some_and(|q| Arc::ptr_eq(q, plan)))
}

/// The precomputed marks of built-in config `i`.
pub(super) fn marks(i: usize) -> BuiltinMarks {
    let d = &MARKS[i];
    BuiltinMarks {
        stages: d.stages.iter().map(|&s| u64s(s)).collect(),
        firsts: d.firsts.iter().map(|&s| u64s(s)).collect(),
        norm_firsts: d.norm_firsts.iter().map(|&s| u8s(s)).collect(),
        norm_seconds: d.norm_seconds.iter().map(|&s| u16s(s)).collect(),
    }
}

/// All values of `key` in built-in leaf `i`, found by binary search in the embedded text
/// (no map is built); the same answer as [`leaf_map`].
pub(super) fn leaf_values(i: usize, key: &str) -> Option<Vec<String>> {
    let Some(index) = leaf_index(i) else {
        return leaf_map(i).get(key).cloned();
    };
    let text = LEAVES[i].text;
    let k = key.as_bytes();
    let pos = index
        .binary_search_by(|&[s, e, _]| text[s as usize..e as usize].cmp(k))
        .ok()?;
    let [_, e, end] = index[pos];
    let values = std::str::from_utf8(&text[e as usize + 1..end as usize]).ok()?;
    Some(values.split(' ').map(str::to_string).collect())
}

/// The embedded text of a built-in dictionary file, by file name (`STPhrases.txt`).
pub(super) fn dictionary_file(file: &str) -> Option<&'static [u8]> {
    LEAVES.iter().find(|l| l.file == file).map(|l| l.text)
}

/// The embedded JSON of a built-in config (for the reference implementation in tests).
pub(super) fn config_json(name: &str) -> Option<&'static str> {
    Some(match name {
        "s2t" => include_str!("../../dictionaries/opencc/config/s2t.json"),
        "t2s" => include_str!("../../dictionaries/opencc/config/t2s.json"),
        "s2tw" => include_str!("../../dictionaries/opencc/config/s2tw.json"),
        "tw2s" => include_str!("../../dictionaries/opencc/config/tw2s.json"),
        "s2twp" => include_str!("../../dictionaries/opencc/config/s2twp.json"),
        "tw2sp" => include_str!("../../dictionaries/opencc/config/tw2sp.json"),
        "s2hk" => include_str!("../../dictionaries/opencc/config/s2hk.json"),
        "hk2s" => include_str!("../../dictionaries/opencc/config/hk2s.json"),
        "s2hkp" => include_str!("../../dictionaries/opencc/config/s2hkp.json"),
        "hk2sp" => include_str!("../../dictionaries/opencc/config/hk2sp.json"),
        "t2tw" => include_str!("../../dictionaries/opencc/config/t2tw.json"),
        "tw2t" => include_str!("../../dictionaries/opencc/config/tw2t.json"),
        "t2hk" => include_str!("../../dictionaries/opencc/config/t2hk.json"),
        "hk2t" => include_str!("../../dictionaries/opencc/config/hk2t.json"),
        "t2jp" => include_str!("../../dictionaries/opencc/config/t2jp.json"),
        "jp2t" => include_str!("../../dictionaries/opencc/config/jp2t.json"),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn builtin_tries_are_valid() {
        for i in 0..super::N_TRIES {
            super::trie(i).validate().unwrap();
        }
        for i in 0..super::N_CONFIGS {
            let p = super::plan(i);
            if let Some(seg) = p.seg_trie() {
                assert_eq!(p.phrase_offs.len(), seg.len() * 2);
            }
        }
    }
}
