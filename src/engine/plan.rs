//! A compiled config: one flattened trie per stage, and what the fast converter needs to
//! reproduce OpenCC's segment-bounded chain.
//!
//! OpenCC converts `normalize(text)` (whole text, no segmentation), then — when the config
//! has segmentation — cuts it into segments (each longest key of the segmentation dictionary
//! is a segment; the unmatched text between two such phrases is one segment) and runs every
//! chain stage on each segment separately.
//!
//! Two facts make that fast:
//! - A phrase segment's chain output depends on the phrase alone, so it is precomputed for
//!   every key of the segmentation dictionary (`phrase_out`).
//! - *Fusion*: when stage 1 is `short_circuit[S, rest…]` with S the segmentation dictionary
//!   and every surviving key of `rest` a single character that is no IDS operator (true for
//!   all S→T configs), stage 1 at any position matches an S key exactly when segmentation
//!   does, with the same length, and otherwise matches one character inside the unmatched
//!   run. So one scan with stage 1's trie, whose S entries carry the phrase bit, yields both
//!   the segments and stage 1's output of the runs.
//!
//! Self-contained (std only): `build.rs` includes this file too.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Arc;

use super::config::{ConfigSpec, DictNode, Policy};
use super::dat::{KeySpec, PHRASE, Trie};
use super::flatten::{FlatEntry, flatten};
use super::ids;
use super::scan;
use super::textdict::Entry;

/// A compiled config.
#[derive(Clone, Debug)]
pub struct Plan {
    /// Normalization stages (whole text, no segmentation).
    pub norm: Vec<Arc<Trie>>,
    /// The segmentation dictionary when it is not fused into stage 1.
    pub seg: Option<Arc<Trie>>,
    /// Stage 1 doubles as the segmentation dictionary (its phrase entries are the segments).
    pub fused: bool,
    /// Conversion chain stages.
    pub chain: Vec<Arc<Trie>>,
    /// `(offset, length)` in `phrase_arena` of the chain output of each entry of the
    /// segmentation trie (indexed by entry index; non-phrase entries are `(0, 0)`).
    pub phrase_offs: Cow<'static, [u32]>,
    pub phrase_arena: Cow<'static, [u8]>,
    /// For each stage (normalization stages first, then chain stages): its leaf dictionaries
    /// in depth-first order (the order in which OpenCC looks for an exact key).
    pub stage_leaves: Vec<Vec<u32>>,
}

/// Tries shared between the configs compiled with the same cache.
pub type TrieCache = HashMap<(DictNode, u8), Arc<Trie>>;

impl Plan {
    /// Compiles `spec`, whose leaf `i` has entries `leaves[i]`.
    pub fn compile(
        spec: &ConfigSpec,
        leaves: &[&[Entry]],
        cache: &mut TrieCache,
    ) -> Result<Plan, String> {
        // `phrases`: 0 none, 1 the entries of the first top-level child, 2 all entries.
        let mut trie = |node: &DictNode, phrases: u8| -> Result<Arc<Trie>, String> {
            let key = (node.clone(), phrases);
            if let Some(t) = cache.get(&key) {
                return Ok(t.clone());
            }
            // A trie built with stage-1 phrase bits serves as well where the bits are unused
            // (values mask them off).
            if phrases == 0
                && let Some(t) = cache.get(&(node.clone(), 1))
            {
                return Ok(t.clone());
            }
            let flat = flatten(node, leaves);
            let specs: Vec<KeySpec> = flat
                .iter()
                .map(|e| KeySpec {
                    key: &e.key,
                    value: &e.value,
                    leaf: e.leaf,
                    phrase: phrases == 2 || (phrases == 1 && e.top == 0),
                })
                .collect();
            let t = Arc::new(Trie::build(&specs)?);
            cache.insert(key, t.clone());
            Ok(t)
        };
        let norm = spec
            .normalization
            .iter()
            .map(|n| trie(n, 0))
            .collect::<Result<Vec<_>, _>>()?;
        let mut fused = false;
        if let (Some(seg), Some(DictNode::Group(Policy::ShortCircuit, kids))) =
            (&spec.segmentation, spec.chain.first())
            && kids.first() == Some(seg)
        {
            let flat = flatten(&spec.chain[0], leaves);
            fused = flat.iter().filter(|e| e.top != 0).all(|e| {
                let mut cs = e.key.chars();
                matches!((cs.next(), cs.next()), (Some(c), None) if !ids::is_operator(c as u32))
            });
        }
        let mut chain = Vec::with_capacity(spec.chain.len());
        for (i, n) in spec.chain.iter().enumerate() {
            chain.push(trie(n, if fused && i == 0 { 1 } else { 0 })?);
        }
        let seg = match (&spec.segmentation, fused) {
            (Some(s), false) => Some(trie(s, 2)?),
            _ => None,
        };
        let stage_leaves = spec
            .normalization
            .iter()
            .chain(spec.chain.iter())
            .map(|n| {
                let mut v = Vec::new();
                dfs_leaves(n, &mut v);
                v
            })
            .collect();
        let mut plan = Plan {
            norm,
            seg,
            fused,
            chain,
            phrase_offs: Cow::Borrowed(&[]),
            phrase_arena: Cow::Borrowed(&[]),
            stage_leaves,
        };
        match (&spec.segmentation, fused) {
            (Some(_), true) => {
                let flat = flatten(&spec.chain[0], leaves);
                plan.precompute_phrases(flat.iter().enumerate().filter(|(_, e)| e.top == 0));
            }
            (Some(s), false) => {
                let flat = flatten(s, leaves);
                plan.precompute_phrases(flat.iter().enumerate());
            }
            (None, _) => {}
        }
        Ok(plan)
    }

    /// The trie whose phrase entries are the segmentation's phrases, if the config segments.
    pub fn seg_trie(&self) -> Option<&Trie> {
        if self.fused {
            self.chain.first().map(|t| &**t)
        } else {
            self.seg.as_deref()
        }
    }

    /// The precomputed chain output of phrase entry `e` of [`Plan::seg_trie`].
    #[inline(always)]
    pub fn phrase(&self, e: u32) -> &[u8] {
        let i = ((e & !PHRASE) - 1) as usize;
        let off = self.phrase_offs[i * 2] as usize;
        let len = self.phrase_offs[i * 2 + 1] as usize;
        &self.phrase_arena[off..off + len]
    }

    /// Computes the chain output of the phrases `(entry index, entry)` of the seg trie.
    /// Appends the precomputed chain output of phrase entry `e` to `out`.
    #[inline(always)]
    pub fn push_phrase(&self, e: u32, out: &mut Vec<u8>) {
        let i = ((e & !PHRASE) - 1) as usize;
        let off = self.phrase_offs[i * 2] as usize;
        let len = self.phrase_offs[i * 2 + 1] as usize;
        super::dat::push_span(&self.phrase_arena, off, len, out);
    }

    fn precompute_phrases<'a>(&mut self, phrases: impl Iterator<Item = (usize, &'a FlatEntry)>) {
        let Some(seg) = self.seg_trie() else {
            return;
        };
        let chain: Vec<&Trie> = self.chain.iter().map(|t| &**t).collect();
        let mut offs = vec![0u32; seg.len() * 2];
        let mut arena = Vec::new();
        let (mut a, mut b) = (Vec::new(), Vec::new());
        for (i, e) in phrases {
            let key = &e.key;
            offs[i * 2] = arena.len() as u32;
            let before = arena.len();
            scan::stages(&chain, key.as_bytes(), &mut arena, &mut a, &mut b);
            offs[i * 2 + 1] = (arena.len() - before) as u32;
        }
        arena.extend_from_slice(&[0u8; 16]);
        self.phrase_offs = Cow::Owned(offs);
        self.phrase_arena = Cow::Owned(arena);
    }
}

fn dfs_leaves(n: &DictNode, out: &mut Vec<u32>) {
    match n {
        DictNode::Leaf(i) => out.push(*i as u32),
        DictNode::Group(_, kids) => kids.iter().for_each(|k| dfs_leaves(k, out)),
    }
}
