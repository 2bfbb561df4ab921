//! The fast converter: normalization (only when the text holds a character that starts a
//! normalization key), then one of three shapes:
//! - unsegmented: the chain's stages run over the whole text;
//! - fused (S→T): one scan with stage 1; phrase matches flush the pending run through stages
//!   2.. and emit the phrase's precomputed output; other matches and unmatched units extend
//!   the run with stage 1's output;
//! - segmented: a scan with the segmentation trie; runs go through all stages, phrases emit
//!   their precomputed output.
//!
//! Every path is OpenCC's own loop (see `scan`), so output is byte-identical, IDS included.

use std::borrow::Cow;

use super::dat::{PHRASE, Trie};
use super::ids::decode;
use super::plan::Plan;
use super::scan::{self, scan, stages};

/// Reusable buffers for one conversion.
#[derive(Default)]
pub struct Scratch {
    run: Vec<u8>,
    a: Vec<u8>,
    b: Vec<u8>,
}

/// True when `t` holds a character that starts a key of `trie` (`lead`: the distinct first
/// bytes of those characters, or `None` when there are too many to search for).
fn may_match(trie: &Trie, lead: Option<&[u8]>, t: &[u8]) -> bool {
    let Some(lead) = lead else {
        return true;
    };
    let check = |i: usize| trie.starts_key(decode(t, i).0);
    match *lead {
        [] => false,
        [a] => memchr::memchr_iter(a, t).any(check),
        [a, b] => memchr::memchr2_iter(a, b, t).any(check),
        [a, b, c] => memchr::memchr3_iter(a, b, c, t).any(check),
        _ => true,
    }
}

/// The distinct lead bytes of the characters that start a key of `trie` (at most 3), or
/// `None`.
pub fn lead_bytes(trie: &Trie) -> Option<Vec<u8>> {
    let mut v: Vec<u8> = trie
        .first_chars()
        .into_iter()
        .filter_map(char::from_u32)
        .map(|c| {
            let mut b = [0u8; 4];
            c.encode_utf8(&mut b);
            b[0]
        })
        .collect();
    v.sort_unstable();
    v.dedup();
    (v.len() <= 3).then_some(v)
}

/// Converts `text` with `plan` (whose normalization tries have lead bytes `norm_lead`),
/// appending to `out`.
pub fn convert(
    plan: &Plan,
    norm_lead: &[Option<Vec<u8>>],
    text: &[u8],
    out: &mut Vec<u8>,
    sc: &mut Scratch,
) {
    let mut cur: Cow<[u8]> = Cow::Borrowed(text);
    for (k, norm) in plan.norm.iter().enumerate() {
        if may_match(norm, norm_lead.get(k).and_then(|l| l.as_deref()), &cur) {
            let mut o = Vec::with_capacity(cur.len() + 16);
            scan::stage(norm, &cur, &mut o);
            cur = Cow::Owned(o);
        }
    }
    let t = &*cur;
    out.reserve(t.len() + t.len() / 16);
    let chain: Vec<&Trie> = plan.chain.iter().map(|t| &**t).collect();
    if plan.fused {
        fused(plan, &chain, t, out, sc);
    } else if let Some(seg) = &plan.seg {
        segmented(plan, seg, &chain, t, out, sc);
    } else {
        stages(&chain, t, out, &mut sc.a, &mut sc.b);
    }
}

fn fused(plan: &Plan, chain: &[&Trie], t: &[u8], out: &mut Vec<u8>, sc: &mut Scratch) {
    let s1 = chain[0];
    let rest = &chain[1..];
    if rest.is_empty() {
        let tail = scan(s1, t, |p, s, _e, entry| {
            out.extend_from_slice(&t[p..s]);
            if entry & PHRASE != 0 {
                out.extend_from_slice(plan.phrase(entry));
            } else {
                out.extend_from_slice(s1.value(entry));
            }
        });
        out.extend_from_slice(&t[tail..]);
        return;
    }
    let Scratch { run, a, b } = sc;
    run.clear();
    let tail = scan(s1, t, |p, s, _e, entry| {
        run.extend_from_slice(&t[p..s]);
        if entry & PHRASE != 0 {
            if !run.is_empty() {
                stages(rest, run, out, a, b);
                run.clear();
            }
            out.extend_from_slice(plan.phrase(entry));
        } else {
            run.extend_from_slice(s1.value(entry));
        }
    });
    run.extend_from_slice(&t[tail..]);
    if !run.is_empty() {
        stages(rest, run, out, a, b);
        run.clear();
    }
}

fn segmented(
    plan: &Plan,
    seg: &Trie,
    chain: &[&Trie],
    t: &[u8],
    out: &mut Vec<u8>,
    sc: &mut Scratch,
) {
    let Scratch { a, b, .. } = sc;
    let tail = scan(seg, t, |p, s, _e, entry| {
        if p < s {
            stages(chain, &t[p..s], out, a, b);
        }
        out.extend_from_slice(plan.phrase(entry));
    });
    if tail < t.len() {
        stages(chain, &t[tail..], out, a, b);
    }
}
