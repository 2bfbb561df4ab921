//! A character-wise double-array trie with OpenCC's longest-prefix lookup.
//!
//! Design:
//! - Every character that occurs in a key gets a dense code: characters that start some key
//!   get 1..=`nfirst`, the others `nfirst+1..`, each group ordered by how many keys contain
//!   the character (frequent first, for cache locality). Code 0 means "in no
//!   key", so such characters are skipped without touching the node array.
//! - The root is node 0 with base 0, so the child of the root for first-character code `c`
//!   is node `c` itself: the first step needs no `check` comparison.
//! - Node `n`'s child for code `c` is node `base[n] + c` when `check[base[n] + c] == n`.
//!   A non-root node with `base == 0` has no children.
//! - `entry` is 0 for "no key ends here", else `index + 1` of the key's entry, with bit 31
//!   set when the entry is a *phrase* (a key of the segmentation dictionary, see `plan`).
//! - Values (the first value of each entry) live in one byte arena; `vals` holds
//!   `(offset, length)` pairs indexed by entry index.
//!
//! The same layout is used owned (built at run time for config files) and borrowed (built by
//! `build.rs` and embedded in the binary). Self-contained (std only): `build.rs` includes it.

use std::borrow::Cow;

use super::ids::decode;

/// One double-array slot.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Node {
    pub base: u32,
    pub check: u32,
    pub entry: u32,
}

/// A per-character table for tries in which few key-initial characters start a longer key
/// (t2s's: 210 of 4266), so that most positions are decided by one lookup of the character:
/// copy it, or write its one-character key's value. Used by `scan::stage`'s direct loop.
#[derive(Clone, Debug)]
pub struct Direct {
    /// Per BMP code point: [`DIRECT_COPY`] (starts no key and is no IDS operator),
    /// [`DIRECT_EXACT`] (an IDS operator, or a value longer than 4 bytes: take the exact
    /// per-position scan), or an index `k >= 2` into `vals`; with [`DIRECT_WALK`] set when
    /// the character also starts a longer key (then `k` may be [`DIRECT_COPY`]: no value of
    /// its own).
    pub cls: Box<[u16]>,
    /// `k` → the value's bytes (little-endian, zero-padded to 4) | length << 32.
    pub vals: Box<[u64]>,
    /// A 65536-bit filter of the first two characters of the keys longer than one character
    /// ([`Direct::pair_bit`]): a walk is needed only where it is set.
    pub pairs: Box<[u64]>,
    /// Every ASCII character is [`DIRECT_COPY`] (then 8 ASCII bytes are copied at once).
    pub ascii_copy: bool,
}

/// [`Direct::cls`]: copy the character.
pub const DIRECT_COPY: u16 = 0;
/// [`Direct::cls`]: decide this position with the exact scan.
pub const DIRECT_EXACT: u16 = 1;
/// [`Direct::cls`] flag: look for a longer key first.
pub const DIRECT_WALK: u16 = 0x8000;

impl Direct {
    /// The filter bit of first character `cp1` followed by a character whose UTF-8 starts
    /// with `next` (4 bytes, little-endian; only the character's first one or two bytes count).
    #[inline(always)]
    pub fn pair_bit(cp1: u32, next: u32) -> usize {
        let key2 = if next & 0x80 == 0 {
            next & 0xFF
        } else {
            next & 0xFFFF
        };
        (((cp1 << 16) ^ key2).wrapping_mul(0x9E37_79B1) >> 16) as usize
    }

    /// The table of `t`, or `None` when more than a quarter of its key-initial characters
    /// start a longer key or it has fewer than 2000 of them (the windowed scan is faster then).
    fn build(t: &TrieParts) -> Option<Direct> {
        let nfirst = t.nfirst as usize;
        if nfirst < 2000 || t.bmp.len() != 0x10000 {
            return None;
        }
        let with_children = (1..=nfirst).filter(|&c| t.nodes[c].base != 0).count();
        if with_children * 4 > nfirst {
            return None;
        }
        let mut cls = vec![DIRECT_COPY; 0x10000].into_boxed_slice();
        let mut vals: Vec<u64> = vec![0, 0];
        for cp in 0..0x10000u32 {
            // IDS operators, and the CJK compatibility ideographs (which the built-in configs
            // normalize first: see `scan::direct_stage`'s `abort`).
            if super::ids::is_operator(cp) || (0xF900..=0xFAFF).contains(&cp) {
                cls[cp as usize] = DIRECT_EXACT;
                continue;
            }
            let c = t.bmp[cp as usize] as usize;
            if c == 0 || c > nfirst {
                continue;
            }
            let node = t.nodes[c];
            let i = (node.entry & !PHRASE) as usize;
            let (off, len) = (t.vals[2 * i] as usize, t.vals[2 * i + 1] as usize);
            let walk = if node.base != 0 { DIRECT_WALK } else { 0 };
            if node.entry == 0 {
                cls[cp as usize] = walk | DIRECT_COPY;
                continue;
            }
            if len > 4 || vals.len() >= DIRECT_WALK as usize {
                cls[cp as usize] = DIRECT_EXACT;
                continue;
            }
            let mut b = [0u8; 4];
            b[..len].copy_from_slice(&t.arena[off..off + len]);
            cls[cp as usize] = walk | vals.len() as u16;
            vals.push(u32::from_le_bytes(b) as u64 | (len as u64) << 32);
        }
        // Code → character, to name the second characters of the keys.
        let mut chars = vec![0u32; t.nodes.len().max(nfirst + 1)];
        let max_code = chars.len() as u32;
        for (cp, &c) in t.bmp.iter().enumerate() {
            if c != 0 && (c as u32) < max_code {
                chars[c as usize] = cp as u32;
            }
        }
        for pair in t.astral.chunks_exact(2) {
            if pair[1] < max_code {
                chars[pair[1] as usize] = pair[0];
            }
        }
        let mut pairs = vec![0u64; 1024].into_boxed_slice();
        for (x, node) in t.nodes.iter().enumerate() {
            let c = node.check as usize;
            if c == 0 || c > nfirst || x <= nfirst && x == c {
                continue;
            }
            let base = t.nodes[c].base as usize;
            if base == 0 || x < base {
                continue;
            }
            let (cp1, cp2) = (chars[c], chars.get(x - base).copied().unwrap_or(0));
            let mut b = [0u8; 4];
            let Some(ch) = char::from_u32(cp2) else {
                continue;
            };
            ch.encode_utf8(&mut b);
            let bit = Direct::pair_bit(cp1, u32::from_le_bytes(b));
            pairs[bit / 64] |= 1 << (bit % 64);
        }
        let ascii_copy = cls[..0x80].iter().all(|&k| k == DIRECT_COPY);
        Some(Direct {
            cls,
            vals: vals.into_boxed_slice(),
            pairs,
            ascii_copy,
        })
    }
}

/// Words of [`Trie::code_pairs`].
pub const CODE_PAIR_WORDS: usize = 1 << 14;

/// The bit of [`Trie::code_pairs`] for first code `c1` followed by code `c2`.
#[inline(always)]
pub fn code_pair_bit(c1: u32, c2: u32) -> usize {
    (((c1 << 16) | c2).wrapping_mul(0x9E37_79B1) >> 12) as usize
}

/// Bit set in [`Node::entry`] for phrase entries.
pub const PHRASE: u32 = 1 << 31;
const FREE: u32 = u32::MAX;

/// A trie. Its parts are readable (through `Deref`) but only [`Trie::build`],
/// [`Trie::from_parts`] (both validated) and the unsafe [`Trie::from_parts_unchecked`] make
/// one, so every `Trie` satisfies [`TrieParts::validate`] — which the scan loops rely on for
/// unchecked indexing.
#[derive(Clone, Debug)]
pub struct Trie {
    p: TrieParts,
    /// [`Direct`], built on first use (`None` inside: the trie does not qualify).
    direct: std::sync::OnceLock<Option<Box<Direct>>>,
    /// [`Trie::code_pairs`], built on first use.
    code_pairs: std::sync::OnceLock<Box<[u64]>>,
    /// [`Trie::first_chars`], computed on first use.
    firsts: std::sync::OnceLock<Vec<u32>>,
}

impl std::ops::Deref for Trie {
    type Target = TrieParts;
    fn deref(&self) -> &TrieParts {
        &self.p
    }
}

/// The arrays of a trie, owned or borrowed from static data.
#[derive(Clone, Debug)]
pub struct TrieParts {
    /// Number of codes given to key-initial characters (codes `1..=nfirst`).
    pub nfirst: u32,
    /// Code of each BMP character (index = code point), 0 when absent; 65536 entries.
    pub bmp: Cow<'static, [u16]>,
    /// Sorted `(code point, code)` pairs for characters above U+FFFF.
    pub astral: Cow<'static, [u32]>,
    pub nodes: Cow<'static, [Node]>,
    /// `(offset, length)` of each entry's first value in `arena`, at `2 * entry` (pair 0 is
    /// a placeholder `(0, 0)`).
    pub vals: Cow<'static, [u32]>,
    pub arena: Cow<'static, [u8]>,
    /// Index (in the config's leaf table) of the leaf dictionary each entry came from.
    pub leaf: Cow<'static, [u32]>,
    /// Length in bytes of the longest key.
    pub max_key: u32,
    /// One bit per BMP code point (1024 words): set for characters that start a key and for
    /// the IDS operators — the positions where the scan cannot simply copy. 8 KiB, so it
    /// stays in the L1 cache while the scan skips everything else.
    pub stop_bits: Cow<'static, [u64]>,
}

/// One key to put in a trie.
pub struct KeySpec<'a> {
    pub key: &'a str,
    pub value: &'a str,
    pub leaf: u32,
    pub phrase: bool,
}

impl Trie {
    /// Builds a trie from entries sorted by key and unique, non-empty keys.
    pub fn build(entries: &[KeySpec<'_>]) -> Result<Trie, String> {
        // Character codes, most frequent characters (in the keys) first: children of a node
        // sit at `base + code`, so small codes for common characters keep the slots that a
        // scan probes close together (fewer cache misses).
        let mut first: Vec<u32> = Vec::new();
        let mut all: Vec<u32> = Vec::new();
        let mut freq: std::collections::HashMap<u32, u32> = std::collections::HashMap::new();
        for e in entries {
            let mut chars = e.key.chars();
            match chars.next() {
                Some(c) => first.push(c as u32),
                None => return Err("empty key".into()),
            }
            all.extend(chars.map(|c| c as u32));
            for c in e.key.chars() {
                *freq.entry(c as u32).or_default() += 1;
            }
        }
        first.sort_unstable();
        first.dedup();
        all.sort_unstable();
        all.dedup();
        all.retain(|c| first.binary_search(c).is_err());
        let by_freq = |a: &u32, b: &u32| freq[b].cmp(&freq[a]).then(a.cmp(b));
        let stops = first.clone();
        first.sort_by(by_freq);
        all.sort_by(by_freq);
        let ncodes = first.len() + all.len();
        if ncodes >= u16::MAX as usize {
            return Err(format!(
                "too many distinct characters in keys ({ncodes}, at most 65534)"
            ));
        }
        let mut code_of = std::collections::HashMap::with_capacity(ncodes);
        for (i, &c) in first.iter().chain(all.iter()).enumerate() {
            code_of.insert(c, (i + 1) as u32);
        }
        let nfirst = first.len() as u32;
        let mut bmp = vec![0u16; 0x10000];
        let mut astral = Vec::new();
        let mut sorted: Vec<(u32, u32)> = code_of.iter().map(|(&c, &k)| (c, k)).collect();
        sorted.sort_unstable();
        for (c, k) in sorted {
            if c < 0x10000 {
                bmp[c as usize] = k as u16;
            } else {
                astral.push(c);
                astral.push(k);
            }
        }
        let keys: Vec<Vec<u32>> = entries
            .iter()
            .map(|e| e.key.chars().map(|c| code_of[&(c as u32)]).collect())
            .collect();

        // Values.
        // Pair 0 is a placeholder, so that entry `e` (1-based) has its pair at `2 * e`.
        let mut vals = Vec::with_capacity(entries.len() * 2 + 2);
        vals.extend_from_slice(&[0, 0]);
        let mut arena: Vec<u8> = Vec::new();
        for e in entries {
            vals.push(arena.len() as u32);
            vals.push(e.value.len() as u32);
            arena.extend_from_slice(e.value.as_bytes());
        }
        // Padding, so that a value can be copied with one fixed 16-byte move.
        arena.extend_from_slice(&[0u8; 16]);
        if arena.len() > u32::MAX as usize / 2 || entries.len() >= (PHRASE - 1) as usize {
            return Err("dictionary too large".into());
        }
        let entry_id = |i: usize| (i as u32 + 1) | if entries[i].phrase { PHRASE } else { 0 };

        // Double array.
        let mut b = Builder {
            nodes: vec![Node {
                base: 0,
                check: FREE,
                entry: 0,
            }],
            first_free: 1,
        };
        b.ensure(nfirst as usize + 1);
        // Root children are nodes 1..=nfirst.
        let mut queue: std::collections::VecDeque<(u32, usize, usize, usize)> =
            std::collections::VecDeque::new();
        {
            let mut lo = 0;
            while lo < keys.len() {
                let c = keys[lo][0];
                let mut hi = lo + 1;
                while hi < keys.len() && keys[hi][0] == c {
                    hi += 1;
                }
                b.nodes[c as usize].check = 0;
                queue.push_back((c, lo, hi, 1));
                lo = hi;
            }
            b.advance_first_free();
        }
        let mut child_codes: Vec<u32> = Vec::new();
        let mut groups: Vec<(u32, usize, usize)> = Vec::new();
        while let Some((node, mut lo, hi, depth)) = queue.pop_front() {
            if keys[lo].len() == depth {
                b.nodes[node as usize].entry = entry_id(lo);
                lo += 1;
            }
            if lo == hi {
                continue;
            }
            groups.clear();
            let mut s = lo;
            while s < hi {
                let c = keys[s][depth];
                let mut t = s + 1;
                while t < hi && keys[t][depth] == c {
                    t += 1;
                }
                groups.push((c, s, t));
                s = t;
            }
            child_codes.clear();
            child_codes.extend(groups.iter().map(|g| g.0));
            child_codes.sort_unstable();
            let base = b.place(&child_codes);
            b.nodes[node as usize].base = base;
            for &(c, s, t) in &groups {
                let slot = base + c;
                b.nodes[slot as usize].check = node;
                queue.push_back((slot, s, t, depth + 1));
            }
            b.advance_first_free();
        }
        // Unused slots keep check = FREE so that no lookup can land on them. Pad the array so
        // that `base + code` is always in bounds.
        let max_base = b.nodes.iter().map(|n| n.base as usize).max().unwrap_or(0);
        b.ensure(max_base.max(nfirst as usize) + ncodes + 1);
        // A last, childless node stands for "no key starts here" (see `Trie::dummy`).
        let len = b.nodes.len();
        b.ensure(len + 1);
        let max_key = entries.iter().map(|e| e.key.len()).max().unwrap_or(0) as u32;
        let t = TrieParts {
            nfirst,
            bmp: Cow::Owned(bmp),
            astral: Cow::Owned(astral),
            nodes: Cow::Owned(b.nodes),
            vals: Cow::Owned(vals),
            arena: Cow::Owned(arena),
            leaf: Cow::Owned(entries.iter().map(|e| e.leaf).collect()),
            max_key,
            stop_bits: Cow::Owned(stop_bits(&stops)),
        };
        Trie::from_parts(t)
    }

    /// A trie from its parts, checked with [`TrieParts::validate`].
    pub fn from_parts(p: TrieParts) -> Result<Trie, String> {
        p.validate()?;
        Ok(Trie {
            p,
            direct: std::sync::OnceLock::new(),
            code_pairs: std::sync::OnceLock::new(),
            firsts: std::sync::OnceLock::new(),
        })
    }

    /// A trie from parts known to be valid.
    ///
    /// # Safety
    /// `p.validate()` must succeed: the scan loops index the arrays without bounds checks
    /// where validity guarantees the index is in range.
    pub unsafe fn from_parts_unchecked(p: TrieParts) -> Trie {
        debug_assert!(p.validate().is_ok());
        Trie {
            p,
            direct: std::sync::OnceLock::new(),
            code_pairs: std::sync::OnceLock::new(),
            firsts: std::sync::OnceLock::new(),
        }
    }

    /// The trie's [`Direct`] table, if it qualifies (built on first use).
    pub fn direct(&self) -> Option<&Direct> {
        self.direct
            .get_or_init(|| Direct::build(&self.p).map(Box::new))
            .as_deref()
    }

    /// A filter of the first two characters (as codes) of the keys longer than one
    /// character: bit [`code_pair_bit`] is set for every such pair, so a clear bit means no
    /// key longer than one character starts with the pair and the child probe (a likely
    /// cache miss in a large node array) can be skipped. 2^20 bits (128 KiB).
    pub fn code_pairs(&self) -> &[u64; CODE_PAIR_WORDS] {
        let v = self.code_pairs.get_or_init(|| {
            let mut bits = vec![0u64; CODE_PAIR_WORDS].into_boxed_slice();
            let nfirst = self.nfirst as usize;
            for (x, node) in self.nodes.iter().enumerate() {
                let c1 = node.check as usize;
                if c1 == 0 || c1 > nfirst {
                    continue;
                }
                let base = self.nodes[c1].base as usize;
                if base == 0 || x < base || x - base > u16::MAX as usize {
                    continue;
                }
                let bit = code_pair_bit(c1 as u32, (x - base) as u32);
                bits[bit / 64] |= 1 << (bit % 64);
            }
            bits
        });
        match <&[u64; CODE_PAIR_WORDS]>::try_from(&v[..]) {
            Ok(b) => b,
            Err(_) => panic!("a code pair filter has {CODE_PAIR_WORDS} words"),
        }
    }

    /// An empty trie (matches nothing).
    pub fn empty() -> Trie {
        Trie::build(&[]).expect("empty trie")
    }

    /// The code of character `cp` (0 when it occurs in no key).
    #[inline(always)]
    pub fn code(&self, cp: u32) -> u32 {
        if cp < 0x10000 {
            self.bmp_table()[cp as usize] as u32
        } else {
            self.astral_code(cp)
        }
    }

    /// A childless node without entry (the last one): scanning a character that starts no
    /// key from it fails at once, without a branch on whether the character starts a key.
    #[inline(always)]
    pub fn dummy(&self) -> u32 {
        (self.nodes.len() - 1) as u32
    }

    /// The stop bitmap as a fixed-size array.
    #[inline(always)]
    pub fn stop_table(&self) -> &[u64; 1024] {
        match <&[u64; 1024]>::try_from(&self.stop_bits[..]) {
            Ok(t) => t,
            Err(_) => panic!("a trie's stop bitmap has 1024 words"),
        }
    }

    /// True when the scan must stop at character `cp` (it may start a key or an IDS).
    #[inline(always)]
    pub fn stops_at(&self, cp: u32) -> bool {
        if cp < 0x10000 {
            (self.stop_table()[(cp >> 6) as usize] >> (cp & 63)) & 1 != 0
        } else {
            true
        }
    }

    /// The BMP code table as a fixed-size array (so that indexing by a `u16` needs no check).
    #[inline(always)]
    pub fn bmp_table(&self) -> &[u16; 0x10000] {
        match <&[u16; 0x10000]>::try_from(&self.bmp[..]) {
            Ok(t) => t,
            Err(_) => panic!("a trie's BMP code table has 65536 entries"),
        }
    }

    /// Offset and length in `arena` of the first value of entry `e`.
    #[inline(always)]
    pub fn value_span(&self, e: u32) -> (usize, usize) {
        let i = (e & !PHRASE) as usize;
        (self.vals[i * 2] as usize, self.vals[i * 2 + 1] as usize)
    }

    /// Appends the first value of entry `e` to `out`.
    #[inline(always)]
    pub fn push_value(&self, e: u32, out: &mut Vec<u8>) {
        let (off, len) = self.value_span(e);
        push_span(&self.arena, off, len, out);
    }

    #[inline(never)]
    fn astral_code(&self, cp: u32) -> u32 {
        let a = &self.astral;
        let (mut lo, mut hi) = (0usize, a.len() / 2);
        while lo < hi {
            let mid = (lo + hi) / 2;
            let c = a[mid * 2];
            if c == cp {
                return a[mid * 2 + 1];
            } else if c < cp {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        0
    }

    /// True when character `cp` can start a key.
    #[inline(always)]
    pub fn starts_key(&self, cp: u32) -> bool {
        let c = self.code(cp);
        c != 0 && c <= self.nfirst
    }

    /// True when character `cp` occurs in some key.
    #[inline]
    pub fn in_keys(&self, cp: u32) -> bool {
        self.code(cp) != 0
    }

    /// Continues a match whose first character (code `first`, `first <= nfirst`) ended at
    /// byte `j` of `t`: returns the end of the longest key and its entry (entry 0: none).
    #[inline(always)]
    pub fn walk(&self, first: u32, t: &[u8], mut j: usize) -> (usize, u32) {
        let nodes = &*self.nodes;
        let mut node = first;
        let n0 = nodes[node as usize];
        let mut best = (j, n0.entry);
        let mut base = n0.base;
        while base != 0 && j < t.len() {
            let (cp, l) = decode(t, j);
            let c = self.code(cp);
            if c == 0 {
                break;
            }
            let child = base + c;
            match nodes.get(child as usize) {
                Some(n) if n.check == node => {
                    node = child;
                    j += l;
                    if n.entry != 0 {
                        best = (j, n.entry);
                    }
                    base = n.base;
                }
                _ => break,
            }
        }
        best
    }

    /// The longest key that starts at byte `i` of `t` (not looking past `t.len()`):
    /// `(end, entry, exhausted)`; `entry == 0` when none. `exhausted` is true when the lookup
    /// reached the end of `t` while a longer key was still possible.
    pub fn longest_at(&self, t: &[u8], i: usize) -> (usize, u32, bool) {
        let (cp, l) = decode(t, i);
        let c = self.code(cp);
        if c == 0 || c > self.nfirst {
            return (i, 0, false);
        }
        let nodes = &*self.nodes;
        let mut node = c;
        let mut j = i + l;
        let mut best = (j, nodes[node as usize].entry);
        if best.1 == 0 {
            best.0 = i;
        }
        loop {
            let base = nodes[node as usize].base;
            if base == 0 {
                return (best.0, best.1, false);
            }
            if j >= t.len() {
                return (best.0, best.1, true);
            }
            let (cp, l) = decode(t, j);
            let c = self.code(cp);
            if c == 0 {
                return (best.0, best.1, false);
            }
            let child = base + c;
            match nodes.get(child as usize) {
                Some(n) if n.check == node => {
                    node = child;
                    j += l;
                    if n.entry != 0 {
                        best = (j, n.entry);
                    }
                }
                _ => return (best.0, best.1, false),
            }
        }
    }

    /// The entry whose key is exactly `key`, if any.
    pub fn exact(&self, key: &str) -> Option<u32> {
        let t = key.as_bytes();
        if t.is_empty() {
            return None;
        }
        let (cp, l) = decode(t, 0);
        let c = self.code(cp);
        if c == 0 || c > self.nfirst {
            return None;
        }
        let nodes = &*self.nodes;
        let mut node = c;
        let mut j = l;
        while j < t.len() {
            let (cp, l) = decode(t, j);
            let c = self.code(cp);
            let base = nodes[node as usize].base;
            if c == 0 || base == 0 {
                return None;
            }
            let child = base + c;
            match nodes.get(child as usize) {
                Some(n) if n.check == node => node = child,
                _ => return None,
            }
            j += l;
        }
        match nodes[node as usize].entry {
            0 => None,
            e => Some(e),
        }
    }

    /// The first value of entry `e` (as stored in a node, phrase bit allowed).
    #[inline(always)]
    pub fn value(&self, e: u32) -> &[u8] {
        let (off, len) = self.value_span(e);
        &self.arena[off..off + len]
    }

    /// The leaf dictionary index of entry `e`.
    pub fn leaf_of(&self, e: u32) -> u32 {
        self.leaf[((e & !PHRASE) - 1) as usize]
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.leaf.len()
    }

    pub fn is_empty(&self) -> bool {
        self.leaf.is_empty()
    }

    /// Every character that starts a key, in code order.
    pub fn first_chars(&self) -> Vec<u32> {
        self.firsts
            .get_or_init(|| self.compute_first_chars())
            .clone()
    }

    fn compute_first_chars(&self) -> Vec<u32> {
        let mut v: Vec<(u32, u32)> = Vec::new();
        for (cp, &c) in self.bmp.iter().enumerate() {
            if c != 0 && c as u32 <= self.nfirst {
                v.push((c as u32, cp as u32));
            }
        }
        for p in self.astral.chunks(2) {
            if p[1] <= self.nfirst {
                v.push((p[1], p[0]));
            }
        }
        v.sort_unstable();
        v.into_iter().map(|(_, cp)| cp).collect()
    }
}

impl TrieParts {
    /// Checks the invariants the scan loop relies on (table sizes, codes and bases in range).
    pub fn validate(&self) -> Result<(), String> {
        if self.bmp.len() != 0x10000 || self.stop_bits.len() != 1024 {
            return Err("BMP table size".into());
        }
        let ncodes = self
            .bmp
            .iter()
            .map(|&c| c as usize)
            .chain(self.astral.chunks(2).map(|p| p[1] as usize))
            .max()
            .unwrap_or(0);
        let nentries = self.leaf.len();
        if self.vals.len() != nentries * 2 + 2
            || (self.nfirst as usize) > ncodes
            || self.arena.len() < 16
        {
            return Err("table sizes".into());
        }
        match self.nodes.last() {
            Some(d)
                if d.base == 0 && d.entry == 0 && self.nodes.len() > self.nfirst as usize + 1 => {}
            _ => return Err("missing final childless node".into()),
        }
        for n in self.nodes.iter() {
            if n.base as usize + ncodes >= self.nodes.len() {
                return Err("node base out of range".into());
            }
            if (n.entry & !PHRASE) as usize > nentries {
                return Err("entry out of range".into());
            }
        }
        for p in self.vals.chunks(2) {
            if p[0] as usize + (p[1] as usize).max(16) > self.arena.len() {
                return Err("value out of range".into());
            }
        }
        Ok(())
    }
}

/// The stop bitmap for key-initial characters `first` (see [`Trie::stop_bits`]).
fn stop_bits(first: &[u32]) -> Vec<u64> {
    let mut bits = vec![0u64; 1024];
    let ops = super::ids::IDS_FIRST..=super::ids::IDS_LAST;
    for cp in first.iter().copied().chain(ops) {
        if cp < 0x10000 {
            bits[(cp >> 6) as usize] |= 1 << (cp & 63);
        }
    }
    bits
}

/// Appends `arena[off..off + len]` to `out`; short spans are copied with one fixed 16-byte
/// move when the arena and `out` have room for it.
#[inline(always)]
pub fn push_span(arena: &[u8], off: usize, len: usize, out: &mut Vec<u8>) {
    if len <= 16 && off + 16 <= arena.len() && out.capacity() - out.len() >= 16 {
        copy16(&arena[off..], len, out);
    } else {
        out.extend_from_slice(&arena[off..off + len]);
    }
}

/// Appends `src[..len]` to `out` with one unaligned 16-byte load and store.
/// Requires `len <= 16`, `src.len() >= 16` and 16 bytes of spare capacity in `out`
/// (checked; a violated requirement panics instead of copying).
#[inline(always)]
pub fn copy16(src: &[u8], len: usize, out: &mut Vec<u8>) {
    let at = out.len();
    assert!(len <= 16 && src.len() >= 16 && out.capacity() - at >= 16);
    // SAFETY: `src` has 16 readable bytes and `out` 16 bytes of spare capacity after `at`
    // (asserted); they are distinct allocations; only the first `len` stored bytes — copies
    // of initialised source bytes — become part of `out`.
    unsafe {
        let v = std::ptr::read_unaligned(src.as_ptr().cast::<u128>());
        std::ptr::write_unaligned(out.as_mut_ptr().add(at).cast::<u128>(), v);
        out.set_len(at + len);
    }
}

struct Builder {
    nodes: Vec<Node>,
    first_free: usize,
}

impl Builder {
    fn ensure(&mut self, len: usize) {
        if self.nodes.len() < len {
            self.nodes.resize(
                len,
                Node {
                    base: 0,
                    check: FREE,
                    entry: 0,
                },
            );
        }
    }

    #[inline]
    fn used(&self, p: usize) -> bool {
        p == 0 || (p < self.nodes.len() && self.nodes[p].check != FREE)
    }

    fn advance_first_free(&mut self) {
        while self.used(self.first_free) {
            self.first_free += 1;
        }
    }

    /// Finds a base `b >= 1` such that every slot `b + c` is free; marks nothing.
    fn place(&mut self, codes: &[u32]) -> u32 {
        let c0 = codes[0] as usize;
        let mut p = self.first_free.max(c0 + 1);
        loop {
            while self.used(p) {
                p += 1;
            }
            let b = p - c0;
            if codes[1..].iter().all(|&c| !self.used(b + c as usize)) {
                let last = b + *codes.last().unwrap_or(&0) as usize;
                self.ensure(last + 1);
                // Reserve the slots now (check is set by the caller to the parent).
                for &c in codes {
                    self.nodes[b + c as usize].check = FREE - 1;
                }
                return b as u32;
            }
            p += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn trie(pairs: &[(&str, &str)]) -> Trie {
        let mut v: Vec<_> = pairs.to_vec();
        v.sort();
        let specs: Vec<KeySpec> = v
            .iter()
            .map(|(k, val)| KeySpec {
                key: k,
                value: val,
                leaf: 0,
                phrase: k.chars().count() > 1,
            })
            .collect();
        Trie::build(&specs).unwrap()
    }

    fn longest(t: &Trie, s: &str) -> Option<(usize, String)> {
        let (end, e, _) = t.longest_at(s.as_bytes(), 0);
        (e != 0).then(|| (end, String::from_utf8(t.value(e).to_vec()).unwrap()))
    }

    #[test]
    fn longest_prefix() {
        let t = trie(&[
            ("头", "頭"),
            ("头发", "頭髮"),
            ("发", "發"),
            ("发展中国家", "發展中國家"),
            ("a", "A"),
            ("𠀀", "X"),
            ("𠀀𠀁", "Y"),
        ]);
        assert_eq!(longest(&t, "头发长"), Some((6, "頭髮".into())));
        assert_eq!(longest(&t, "头"), Some((3, "頭".into())));
        assert_eq!(longest(&t, "发展中国"), Some((3, "發".into())));
        assert_eq!(longest(&t, "发展中国家的"), Some((15, "發展中國家".into())));
        assert_eq!(longest(&t, "中"), None);
        assert_eq!(longest(&t, "ab"), Some((1, "A".into())));
        assert_eq!(longest(&t, "𠀀𠀁"), Some((8, "Y".into())));
        assert_eq!(
            t.longest_at("发展中".as_bytes(), 0),
            (3, t.exact("发").unwrap(), true)
        );
        assert!(!t.longest_at("发x".as_bytes(), 0).2);
        assert!(t.exact("发展中国家").is_some());
        assert!(t.exact("发展中").is_none());
        assert!(t.exact("中").is_none());
        assert!(t.value(t.exact("头发").unwrap()) == "頭髮".as_bytes());
        assert_eq!(t.exact("头发").unwrap() & PHRASE, PHRASE);
    }

    #[test]
    fn many_keys_round_trip() {
        // Keys over a spread of code points; every key must be found exactly.
        let mut keys = Vec::new();
        for a in 0..60u32 {
            for b in 0..(a % 7 + 1) {
                let k: String = [
                    char::from_u32(0x4E00 + a * 97).unwrap(),
                    char::from_u32(0x4E00 + b * 331 + a).unwrap(),
                ]
                .iter()
                .collect();
                keys.push(k);
            }
            keys.push(char::from_u32(0x4E00 + a * 97).unwrap().to_string());
        }
        keys.sort();
        keys.dedup();
        let specs: Vec<KeySpec> = keys
            .iter()
            .map(|k| KeySpec {
                key: k,
                value: k,
                leaf: 0,
                phrase: false,
            })
            .collect();
        let t = Trie::build(&specs).unwrap();
        for k in &keys {
            let e = t.exact(k).unwrap();
            assert_eq!(t.value(e), k.as_bytes());
            let (end, e2, _) = t.longest_at(k.as_bytes(), 0);
            assert_eq!((end, e2), (k.len(), e));
        }
    }
}
