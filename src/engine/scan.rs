//! OpenCC's per-position greedy scan, the hot loop of every stage.
//!
//! At each position: the longest key of the (flattened) dictionary that starts there wins and
//! its first value is emitted; otherwise one *unit* is copied: a complete ideographic
//! description sequence if one starts there, else one character. This is OpenCC's
//! `Conversion::AppendConverted` / `MaxMatchSegmentation` loop exactly, IDS included, so no
//! separate slow path is needed. Characters that occur in no key (code 0) are copied in bulk.
//!
//! Self-contained (std only): `build.rs` includes this file too.

use super::dat::Trie;
use super::ids::{self, decode};

/// Scans `t` (valid UTF-8) and calls `on_match(pending, start, end, entry)` for each match,
/// where `t[pending..start]` is the unmatched text before it. Returns the start of the
/// unmatched tail.
#[inline(always)]
pub fn scan<F: FnMut(usize, usize, usize, u32)>(trie: &Trie, t: &[u8], mut on_match: F) -> usize {
    let n = t.len();
    let nfirst = trie.nfirst;
    let mut i = 0;
    let mut pend = 0;
    while i < n {
        let (cp, l) = decode(t, i);
        let c = trie.code(cp);
        if c != 0 && c <= nfirst {
            let (end, e) = trie.walk(c, t, i + l);
            if e != 0 {
                on_match(pend, i, end, e);
                i = end;
                pend = end;
                continue;
            }
        }
        if ids::is_operator(cp) {
            let k = ids::len_at(t, i);
            if k > 0 {
                i += k;
                continue;
            }
        }
        i += l;
    }
    pend
}

/// One conversion stage over one segment: appends the converted `t` to `out`.
pub fn stage(trie: &Trie, t: &[u8], out: &mut Vec<u8>) {
    let tail = scan(trie, t, |p, s, _e, entry| {
        out.extend_from_slice(&t[p..s]);
        out.extend_from_slice(trie.value(entry));
    });
    out.extend_from_slice(&t[tail..]);
}

/// Runs `stages` one after another over one segment, appending the result to `out`.
/// `a` and `b` are scratch buffers.
pub fn stages(stages: &[&Trie], t: &[u8], out: &mut Vec<u8>, a: &mut Vec<u8>, b: &mut Vec<u8>) {
    match stages {
        [] => out.extend_from_slice(t),
        [only] => stage(only, t, out),
        [first, middle @ .., last] => {
            a.clear();
            stage(first, t, a);
            for s in middle {
                b.clear();
                stage(s, a, b);
                std::mem::swap(a, b);
            }
            stage(last, a, out);
        }
    }
}
