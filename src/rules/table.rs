//! An edition's page-rule table as it stands at one point of an article, and the matcher the
//! renderer uses to put those rules in front of the dictionaries.
//!
//! A [`Table`] is a stack of layers, searched top down: shared layers built once per process
//! and cached (a spec's glossaries, each conversion group, see [`super::layers`]) under one
//! mutable *page* layer (the article's own `-{H|…}-`, `-{A|…}-`, `-{-|…}-` and NoteTA rules).
//! An entry maps a source key to its replacement, or marks the key *removed* (`-{-|…}-`).
//! Later rules shadow earlier ones: the page layer is always the most recent, and a shared
//! layer that arrives while the page layer already holds rules is merged into it instead of
//! being stacked, so "later wins" holds whatever the order.
//!
//! Each layer has a leftmost-longest search over its keys: a layer of more than
//! [`SMALL_LAYER`] keys gets an automaton (daachorse); a smaller one — every page layer of a
//! typical article — gets a [`SmallIndex`] (a bit filter on first characters, then the keys
//! starting with that character, longest first), which finds the same matches and costs
//! nothing to build (an automaton build costs a table over the whole range of character codes
//! the keys use, a few hundred thousand instructions for CJK keys, paid per edition and per
//! article). The page layer is
//! kept as a few levels with their own search structures, built lazily when text is next scanned and
//! merged like a binary counter (see [`Table::prepare`]), so a block of rules at the top of
//! an article costs one build and rules interleaved with text stay O(n log n). [`Matcher`] finds, from a
//! position, the next position where any layer has a key, and resolves what applies there:
//! the longest effective (topmost) entry, and if that one is removed, the longest active key
//! shorter than it.

use std::collections::HashMap;
use std::sync::Arc;

use daachorse::{CharwiseDoubleArrayAhoCorasick, CharwiseDoubleArrayAhoCorasickBuilder, MatchKind};

use super::RuleOrigin;

/// Where an entry came from. Positions are byte offsets into the article source; they become
/// line and column only when provenance is asked for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RuleSource {
    /// A `-{ }-` block starting at this offset.
    Markup(usize),
    /// A numbered `{{NoteTA}}` rule (template at `at`, parameter `n`).
    NoteTA { at: usize, n: usize },
    /// A glossary or conversion-group entry (origin known when the layer was built).
    Listed(Arc<RuleOrigin>),
}

/// One table entry: the replacement (`None` = the key is removed) and its source.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub value: Option<Box<str>>,
    pub source: RuleSource,
}

/// Layers with at most this many keys are searched with a [`SmallIndex`], larger ones with an
/// automaton.
pub const SMALL_LAYER: usize = 256;

/// How a layer finds its keys in a text.
#[derive(Default)]
enum Search {
    /// No keys (or not prepared).
    #[default]
    None,
    Small(SmallIndex),
    Automaton(CharwiseDoubleArrayAhoCorasick<u32>),
}

/// Bits of the first-character filter of a [`SmallIndex`].
const FILTER_BITS: u32 = 1024;

/// A leftmost-longest search for a few keys: a character can start a match only if its bit
/// is set in `filter` (a hash of the character; a set bit may be a false alarm); the keys
/// starting with a character are a run of `order`, longest first, so the first key that
/// matches at a position is the longest one there.
struct SmallIndex {
    filter: [u64; (FILTER_BITS / 64) as usize],
    /// (first character, start, end of its run in `order`), sorted by character.
    firsts: Vec<(char, u32, u32)>,
    /// Entry indices grouped by first character, longest key first within a group.
    order: Vec<u32>,
}

#[inline]
fn filter_bit(c: char) -> (usize, u64) {
    let h = (c as u32).wrapping_mul(0x9E37_79B1) >> (32 - FILTER_BITS.trailing_zeros());
    ((h / 64) as usize, 1u64 << (h % 64))
}

impl SmallIndex {
    fn new(entries: &[(Box<str>, Entry)]) -> SmallIndex {
        let mut order: Vec<(char, usize, u32)> = entries
            .iter()
            .enumerate()
            .filter_map(|(i, (k, _))| Some((k.chars().next()?, k.len(), i as u32)))
            .collect();
        // By first character, then longest first (keys are distinct: no ties).
        order.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        let mut filter = [0u64; (FILTER_BITS / 64) as usize];
        let mut firsts: Vec<(char, u32, u32)> = Vec::new();
        for (at, &(c, _, _)) in order.iter().enumerate() {
            let at = at as u32;
            match firsts.last_mut() {
                Some(last) if last.0 == c => last.2 = at + 1,
                _ => {
                    let (w, b) = filter_bit(c);
                    filter[w] |= b;
                    firsts.push((c, at, at + 1));
                }
            }
        }
        SmallIndex {
            filter,
            firsts,
            order: order.into_iter().map(|(_, _, i)| i).collect(),
        }
    }

    /// The leftmost match at or after `pos`, the longest there: (start, end, entry index).
    fn find_from(
        &self,
        entries: &[(Box<str>, Entry)],
        text: &str,
        pos: usize,
    ) -> Option<(usize, usize, u32)> {
        let rest = text.get(pos..)?;
        for (off, c) in rest.char_indices() {
            let (w, b) = filter_bit(c);
            if self.filter[w] & b == 0 {
                continue;
            }
            let Ok(g) = self.firsts.binary_search_by(|f| f.0.cmp(&c)) else {
                continue;
            };
            let (_, from, to) = self.firsts[g];
            let here = &rest.as_bytes()[off..];
            for &i in &self.order[from as usize..to as usize] {
                let key = entries[i as usize].0.as_bytes();
                if here.starts_with(key) {
                    let start = pos + off;
                    return Some((start, start + key.len(), i));
                }
            }
        }
        None
    }
}

/// Keys and entries with a search structure over the keys.
#[derive(Default)]
pub struct Layer {
    entries: Vec<(Box<str>, Entry)>,
    index: HashMap<Box<str>, u32>,
    search: Search,
    /// Keys were added since the search structure was built.
    dirty: bool,
}

impl std::fmt::Debug for Layer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Layer")
            .field("entries", &self.entries)
            .finish_non_exhaustive()
    }
}

impl Layer {
    pub fn new() -> Layer {
        Layer::default()
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Sets `key` (later calls win). Empty keys are ignored.
    pub fn set(&mut self, key: &str, value: Option<&str>, source: RuleSource) {
        if key.is_empty() {
            return;
        }
        let entry = Entry {
            value: value.map(Box::from),
            source,
        };
        match self.index.get(key) {
            Some(&i) => self.entries[i as usize].1 = entry,
            None => {
                let Ok(i) = u32::try_from(self.entries.len()) else {
                    return;
                };
                self.index.insert(Box::from(key), i);
                self.entries.push((Box::from(key), entry));
                self.dirty = true;
            }
        }
    }

    pub fn get(&self, key: &str) -> Option<&Entry> {
        self.index.get(key).map(|&i| &self.entries[i as usize].1)
    }

    /// True when both layers hold the same keys with the same values in the same order
    /// (sources aside): pushed onto equal tables, they leave equal tables.
    pub fn same_pairs(&self, other: &Layer) -> bool {
        self.entries.len() == other.entries.len()
            && self
                .entries
                .iter()
                .zip(&other.entries)
                .all(|((k1, e1), (k2, e2))| k1 == k2 && e1.value == e2.value)
    }

    /// The entries in insertion order.
    pub fn entries(&self) -> impl Iterator<Item = (&str, &Entry)> {
        self.entries.iter().map(|(k, e)| (k.as_ref(), e))
    }

    /// Builds the search structure if keys were added since the last build.
    pub fn prepare(&mut self) {
        if !self.dirty {
            return;
        }
        self.dirty = false;
        self.search = if self.entries.is_empty() {
            Search::None
        } else if self.entries.len() <= SMALL_LAYER {
            Search::Small(SmallIndex::new(&self.entries))
        } else {
            CharwiseDoubleArrayAhoCorasickBuilder::new()
                .match_kind(MatchKind::LeftmostLongest)
                .build_with_values(
                    self.entries
                        .iter()
                        .enumerate()
                        .map(|(i, (k, _))| (k.as_ref(), i as u32)),
                )
                .map_or(Search::None, Search::Automaton)
        };
    }

    /// A finished layer (search structure built).
    pub fn finish(mut self) -> Layer {
        self.prepare();
        self
    }

    fn find_from(&self, text: &str, pos: usize) -> Option<(usize, usize, u32)> {
        match &self.search {
            Search::None => None,
            Search::Small(s) => s.find_from(&self.entries, text, pos),
            Search::Automaton(auto) => {
                let m = auto.leftmost_find_iter(&text[pos..]).next()?;
                Some((pos + m.start(), pos + m.end(), m.value()))
            }
        }
    }
}

/// The rules in force for one edition at one point of an article.
#[derive(Debug, Default)]
pub struct Table {
    shared: Vec<Arc<Layer>>,
    /// The page rules with automata, in levels of decreasing size; a key is in one level only.
    levels: Vec<Layer>,
    /// Page keys added since the last [`Table::prepare`] (no automaton yet).
    pending: Layer,
}

impl Table {
    pub fn new() -> Table {
        Table::default()
    }

    /// True when no rule is in force: text converts with the dictionaries alone.
    pub fn is_empty(&self) -> bool {
        self.shared.is_empty() && self.levels.is_empty() && self.pending.is_empty()
    }

    fn page_is_empty(&self) -> bool {
        self.levels.is_empty() && self.pending.is_empty()
    }

    /// Puts a shared layer on top of the rules so far.
    pub fn push_shared(&mut self, layer: Arc<Layer>) {
        if layer.is_empty() {
            return;
        }
        if self.page_is_empty() {
            self.shared.push(layer);
        } else {
            for (k, e) in layer.entries() {
                self.set(k, e.value.as_deref(), e.source.clone());
            }
        }
    }

    /// Sets a page rule (`None` removes the key, built-in dictionary phrases included).
    pub fn set(&mut self, key: &str, value: Option<&str>, source: RuleSource) {
        if key.is_empty() {
            return;
        }
        for level in &mut self.levels {
            if let Some(&i) = level.index.get(key) {
                level.entries[i as usize].1 = Entry {
                    value: value.map(Box::from),
                    source,
                };
                return;
            }
        }
        self.pending.set(key, value, source);
    }

    /// The effective entry for `key` (topmost layer that has it).
    pub fn get(&self, key: &str) -> Option<&Entry> {
        self.pending
            .get(key)
            .or_else(|| self.levels.iter().find_map(|l| l.get(key)))
            .or_else(|| self.shared.iter().rev().find_map(|l| l.get(key)))
    }

    /// Builds pending automata; call before scanning text.
    ///
    /// New keys become a level of their own; adjacent levels are merged while the newer is
    /// at least half the size of the older (a binary counter), so rules interleaved with text
    /// cost O(n log n) key insertions in all, and a block of rules costs one build.
    pub fn prepare(&mut self) {
        if self.pending.is_empty() {
            return;
        }
        let fresh = std::mem::take(&mut self.pending).finish();
        self.levels.push(fresh);
        while self.levels.len() >= 2 {
            let n = self.levels.len();
            if self.levels[n - 2].len() >= 2 * self.levels[n - 1].len() {
                break;
            }
            let newer = self.levels.pop().expect("two levels");
            let older = self.levels.pop().expect("two levels");
            let mut merged = Layer {
                index: older.index,
                entries: older.entries,
                search: Search::None,
                dirty: true,
            };
            for (k, e) in newer.entries {
                let i = merged.entries.len() as u32;
                merged.index.insert(k.clone(), i);
                merged.entries.push((k, e));
            }
            self.levels.push(merged.finish());
        }
    }

    fn layer(&self, i: usize) -> &Layer {
        if i < self.shared.len() {
            &self.shared[i]
        } else {
            &self.levels[i - self.shared.len()]
        }
    }

    fn layer_count(&self) -> usize {
        self.shared.len() + self.levels.len()
    }
}

/// Per-layer search state while scanning one text.
#[derive(Clone, Copy, Debug, Default)]
pub struct Cursor {
    /// The next match at or after the last search position: (start, end, entry index).
    next: Option<(usize, usize, u32)>,
    /// No match at or after the last search position.
    exhausted: bool,
    searched: bool,
}

/// What applies at a candidate position.
#[derive(Debug, PartialEq, Eq)]
pub struct Resolved<'t> {
    /// The longest active key starting here: its byte length and entry.
    pub active: Option<(usize, &'t Entry)>,
    /// The length of a removed key that is longer than `active` (the longest key here).
    pub removed: Option<usize>,
}

/// Finds rule keys in one text. Borrow the cursors from a reusable vector.
pub struct Matcher<'t, 'c> {
    table: &'t Table,
    cursors: &'c mut Vec<Cursor>,
}

impl<'t, 'c> Matcher<'t, 'c> {
    /// A matcher over `table` (which must be [`Table::prepare`]d).
    pub fn new(table: &'t Table, cursors: &'c mut Vec<Cursor>) -> Self {
        cursors.clear();
        cursors.resize(table.layer_count(), Cursor::default());
        Matcher { table, cursors }
    }

    /// The first position at or after `pos` where some layer has a key.
    pub fn next_candidate(&mut self, text: &str, pos: usize) -> Option<usize> {
        let mut best: Option<usize> = None;
        for (i, c) in self.cursors.iter_mut().enumerate() {
            if c.exhausted {
                continue;
            }
            let stale = !c.searched || c.next.is_none_or(|(s, _, _)| s < pos);
            if stale {
                c.searched = true;
                c.next = self.table.layer(i).find_from(text, pos);
                if c.next.is_none() {
                    c.exhausted = true;
                    continue;
                }
            }
            if let Some((s, _, _)) = c.next {
                best = Some(best.map_or(s, |b| b.min(s)));
            }
        }
        best
    }

    /// What applies at `at`, a position returned by [`Matcher::next_candidate`].
    pub fn resolve(&self, text: &str, at: usize) -> Resolved<'t> {
        // The longest key at `at`, and the topmost layer that has it.
        let mut longest: Option<(usize, usize, u32)> = None; // (len, layer, entry)
        for (i, c) in self.cursors.iter().enumerate() {
            if let Some((s, e, idx)) = c.next
                && s == at
                && longest.is_none_or(|(l, _, _)| e - s >= l)
            {
                longest = Some((e - s, i, idx));
            }
        }
        let Some((len, layer, idx)) = longest else {
            return Resolved {
                active: None,
                removed: None,
            };
        };
        let entry = &self.table.layer(layer).entries[idx as usize].1;
        if entry.value.is_some() {
            return Resolved {
                active: Some((len, entry)),
                removed: None,
            };
        }
        // The longest key is removed: look for a shorter active key (a prefix of it).
        let key = &text[at..at + len];
        let mut active = None;
        for (b, _) in key.char_indices().rev() {
            if b == 0 {
                break;
            }
            if let Some(e) = self.table.get(&key[..b])
                && e.value.is_some()
            {
                active = Some((b, e));
                break;
            }
        }
        Resolved {
            active,
            removed: Some(len),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src() -> RuleSource {
        RuleSource::Markup(0)
    }

    fn layer(pairs: &[(&str, Option<&str>)]) -> Arc<Layer> {
        let mut l = Layer::new();
        for (k, v) in pairs {
            l.set(k, *v, src());
        }
        Arc::new(l.finish())
    }

    fn scan_all(t: &mut Table, text: &str) -> Vec<(usize, Option<usize>, Option<usize>)> {
        t.prepare();
        let mut cursors = Vec::new();
        let mut m = Matcher::new(t, &mut cursors);
        let mut pos = 0;
        let mut out = Vec::new();
        while let Some(c) = m.next_candidate(text, pos) {
            let r = m.resolve(text, c);
            out.push((c, r.active.map(|(l, _)| l), r.removed));
            pos = c + text[c..].chars().next().map_or(1, char::len_utf8);
        }
        out
    }

    #[test]
    fn leftmost_longest_across_layers() {
        let mut t = Table::new();
        t.push_shared(layer(&[("软件", Some("軟體"))]));
        t.set("软件包", Some("套件"), src());
        assert_eq!(
            scan_all(&mut t, "用软件包和软件"),
            [(3, Some(9), None), (15, Some(6), None)]
        );
    }

    #[test]
    fn removal_shadows_and_exposes_shorter_keys() {
        let mut t = Table::new();
        t.push_shared(layer(&[("内存", Some("記憶體")), ("内", Some("內"))]));
        t.set("内存", None, src());
        assert_eq!(scan_all(&mut t, "内存"), [(0, Some(3), Some(6))]);
        // Re-adding after removal wins again.
        t.set("内存", Some("RAM"), src());
        let text = "内存";
        t.prepare();
        let mut cursors = Vec::new();
        let mut m = Matcher::new(&t, &mut cursors);
        let c = m.next_candidate(text, 0).unwrap();
        let r = m.resolve(text, c);
        assert_eq!(r.active.unwrap().1.value.as_deref(), Some("RAM"));
    }

    #[test]
    fn shared_layer_after_page_rules_is_merged_so_later_wins() {
        let mut t = Table::new();
        t.set("甲", Some("page"), src());
        t.push_shared(layer(&[("甲", Some("group"))]));
        assert_eq!(t.get("甲").unwrap().value.as_deref(), Some("group"));
        t.set("甲", Some("later"), src());
        assert_eq!(t.get("甲").unwrap().value.as_deref(), Some("later"));
    }

    /// The small index finds exactly what the automaton finds, from every position.
    #[test]
    fn small_index_matches_the_automaton() {
        use proptest::prelude::*;
        let keys = proptest::collection::vec("[软件内存体a-c]{1,4}", 0..40);
        let text = "[软件内存体a-c ]{0,40}";
        proptest!(|(keys in keys, text in text)| {
            let mut l = Layer::new();
            for k in &keys {
                l.set(k, Some("x"), src());
            }
            let small = SmallIndex::new(&l.entries);
            let auto = CharwiseDoubleArrayAhoCorasickBuilder::new()
                .match_kind(MatchKind::LeftmostLongest)
                .build_with_values(
                    l.entries.iter().enumerate().map(|(i, (k, _))| (k.as_ref(), i as u32)),
                )
                .ok();
            for (pos, _) in text.char_indices().chain([(text.len(), ' ')]) {
                let want = auto.as_ref().and_then(|a| {
                    let m = a.leftmost_find_iter(&text[pos..]).next()?;
                    Some((pos + m.start(), pos + m.end(), m.value()))
                });
                prop_assert_eq!(small.find_from(&l.entries, &text, pos), want);
            }
        });
    }

    #[test]
    fn large_layers_use_the_automaton() {
        let mut l = Layer::new();
        for i in 0..=SMALL_LAYER {
            l.set(&format!("键{i}"), Some("v"), src());
        }
        let l = l.finish();
        assert!(matches!(l.search, Search::Automaton(_)));
        assert_eq!(l.find_from("甲键25乙", 0), Some((3, 8, 25)));
    }

    #[test]
    fn empty_table() {
        let mut t = Table::new();
        assert!(t.is_empty());
        assert_eq!(scan_all(&mut t, "abc"), []);
        t.set("", Some("x"), src());
        assert!(t.is_empty());
    }
}
