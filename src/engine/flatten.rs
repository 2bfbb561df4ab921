//! Flattening a dictionary tree (groups of groups of leaves) into one key set whose plain
//! longest-prefix match equals OpenCC's group semantics at every position.
//!
//! - `union(c1, c2, …)`: the longest match over the children, ties to the earliest child.
//!   Flattened: the union of the key sets, a key present in several children taking the
//!   earliest child's entry.
//! - `short_circuit(c1, c2, …)`: the first child with any match, with its longest match.
//!   Flattened: c1 ∪ c2' ∪ c3' … where ci' drops every key that has a prefix (itself included)
//!   among the keys kept so far. Proof: if an earlier child matches at a position with key p,
//!   every later key k that also matches there either has p as a prefix (dropped) or is a
//!   proper prefix of p (shorter, so it loses); if no earlier child matches, no later key was
//!   dropped for a key that matches there, so the later child's own longest match wins.
//! - Groups nest; each flattened child behaves as one leaf, so the rules compose.
//!
//! Every flattened entry remembers its leaf dictionary and which top-level child of the
//! stage's dictionary it came from (used to recognise segmentation phrases, see `plan`).
//!
//! Self-contained (std only): `build.rs` includes this file too.

use std::collections::HashMap;

use super::config::{DictNode, Policy};
use super::textdict::Entry;

/// One entry of a flattened dictionary.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FlatEntry {
    pub key: String,
    /// The first value.
    pub value: String,
    /// Index of the leaf dictionary it came from.
    pub leaf: u32,
    /// Index of the top-level child of the root group it came from (0 for a leaf root).
    pub top: u32,
}

type Map = HashMap<String, (String, u32, u32)>;

/// Flattens `node`; `leaves[i]` are the entries of leaf `i`. The result is sorted by key.
pub fn flatten(node: &DictNode, leaves: &[&[Entry]]) -> Vec<FlatEntry> {
    let map = match node {
        DictNode::Leaf(_) => walk(node, leaves, 0),
        DictNode::Group(policy, children) => {
            let parts: Vec<Map> = children
                .iter()
                .enumerate()
                .map(|(i, c)| walk(c, leaves, i as u32))
                .collect();
            combine(*policy, parts)
        }
    };
    let mut v: Vec<FlatEntry> = map
        .into_iter()
        .map(|(key, (value, leaf, top))| FlatEntry {
            key,
            value,
            leaf,
            top,
        })
        .collect();
    v.sort_unstable_by(|a, b| a.key.cmp(&b.key));
    v
}

fn walk(node: &DictNode, leaves: &[&[Entry]], top: u32) -> Map {
    match node {
        DictNode::Leaf(i) => leaves[*i]
            .iter()
            .map(|e| (e.key.clone(), (e.values[0].clone(), *i as u32, top)))
            .collect(),
        DictNode::Group(policy, children) => {
            let parts = children.iter().map(|c| walk(c, leaves, top)).collect();
            combine(*policy, parts)
        }
    }
}

fn combine(policy: Policy, parts: Vec<Map>) -> Map {
    let mut acc: Map = HashMap::new();
    for part in parts {
        if acc.is_empty() {
            acc = part;
            continue;
        }
        let mut sorted: Vec<(String, (String, u32, u32))> = part.into_iter().collect();
        sorted.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let mut add = Vec::new();
        for (k, v) in sorted {
            let keep = match policy {
                Policy::Union => !acc.contains_key(&k),
                Policy::ShortCircuit => !has_prefix_in(&k, &acc),
            };
            if keep {
                add.push((k, v));
            }
        }
        acc.extend(add);
    }
    acc
}

fn has_prefix_in(k: &str, set: &Map) -> bool {
    k.char_indices()
        .map(|(i, c)| &k[..i + c.len_utf8()])
        .any(|p| set.contains_key(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leaf(pairs: &[(&str, &str)]) -> Vec<Entry> {
        pairs
            .iter()
            .map(|(k, v)| Entry {
                key: k.to_string(),
                values: vec![v.to_string()],
            })
            .collect()
    }

    fn keys(f: &[FlatEntry]) -> Vec<(String, String, u32)> {
        f.iter()
            .map(|e| (e.key.clone(), e.value.clone(), e.leaf))
            .collect()
    }

    fn k(a: &str, b: &str, l: u32) -> (String, String, u32) {
        (a.into(), b.into(), l)
    }

    #[test]
    fn short_circuit_drops_keys_behind_earlier_prefixes() {
        let a = leaf(&[("AB", "1")]);
        let b = leaf(&[("A", "2"), ("ABC", "3"), ("AB", "4"), ("B", "5")]);
        let leaves: Vec<&[Entry]> = vec![&a, &b];
        let sc = DictNode::Group(
            Policy::ShortCircuit,
            vec![DictNode::Leaf(0), DictNode::Leaf(1)],
        );
        // A is kept (shorter than AB: at "AB…" the earlier child wins; at "A…" alone only A).
        assert_eq!(
            keys(&flatten(&sc, &leaves)),
            [k("A", "2", 1), k("AB", "1", 0), k("B", "5", 1)]
        );
        let un = DictNode::Group(Policy::Union, vec![DictNode::Leaf(0), DictNode::Leaf(1)]);
        assert_eq!(
            keys(&flatten(&un, &leaves)),
            [
                k("A", "2", 1),
                k("AB", "1", 0),
                k("ABC", "3", 1),
                k("B", "5", 1)
            ]
        );
    }

    #[test]
    fn nested_groups_and_top_children() {
        let p = leaf(&[("PQ", "p")]);
        let g = leaf(&[("PQ", "g"), ("XYZ", "x")]);
        let c = leaf(&[("P", "c"), ("X", "cx"), ("Y", "cy")]);
        let leaves: Vec<&[Entry]> = vec![&p, &g, &c];
        let node = DictNode::Group(
            Policy::ShortCircuit,
            vec![
                DictNode::Group(Policy::Union, vec![DictNode::Leaf(0), DictNode::Leaf(1)]),
                DictNode::Leaf(2),
            ],
        );
        let f = flatten(&node, &leaves);
        assert_eq!(
            keys(&f),
            [
                k("P", "c", 2),
                k("PQ", "p", 0),
                k("X", "cx", 2),
                k("XYZ", "x", 1),
                k("Y", "cy", 2)
            ]
        );
        let tops: Vec<u32> = f.iter().map(|e| e.top).collect();
        assert_eq!(tops, [1, 0, 1, 0, 1]);
    }
}
