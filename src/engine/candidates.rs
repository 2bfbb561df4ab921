//! Every conversion the dictionaries allow for one word, as OpenCC's `GetAllConversions`
//! (a port of librime's `ConvertWord`): normalize the word, then for each chain stage and
//! each word so far: if the stage's dictionary has the word as an exact key (the first leaf,
//! depth first, that has it), take all its values; otherwise convert the word with the stage
//! (no segmentation). Duplicates are dropped, order kept. A word that no stage has as an
//! exact key gives no candidates.

use super::Engine;
use super::scan;

/// See [`super::Converter::candidates`].
pub(crate) fn candidates(engine: &Engine, word: &str) -> Vec<String> {
    let plan = &*engine.plan;
    if plan.chain.is_empty() || word.is_empty() {
        return Vec::new();
    }
    let mut w = word.as_bytes().to_vec();
    for t in &plan.norm {
        let mut o = Vec::with_capacity(w.len());
        scan::stage(t, &w, &mut o);
        w = o;
    }
    let mut current = vec![String::from_utf8_lossy(&w).into_owned()];
    let mut matched = false;
    for (k, trie) in plan.chain.iter().enumerate() {
        let leaves = &plan.stage_leaves[plan.norm.len() + k];
        let mut next: Vec<String> = Vec::new();
        let push = |s: String, next: &mut Vec<String>| {
            if !next.contains(&s) {
                next.push(s);
            }
        };
        for cw in &current {
            match leaves.iter().find_map(|&l| engine.leaf_values(l, cw)) {
                Some(values) => {
                    matched = true;
                    for v in values {
                        push(v, &mut next);
                    }
                }
                None => {
                    let mut o = Vec::with_capacity(cw.len());
                    scan::stage(trie, cw.as_bytes(), &mut o);
                    push(String::from_utf8_lossy(&o).into_owned(), &mut next);
                }
            }
        }
        current = next;
    }
    if matched { current } else { Vec::new() }
}
