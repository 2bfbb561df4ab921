//! Where a long text may be cut so that its pieces convert independently (for streaming
//! with bounded memory).
//!
//! A cut just after a *neutral* character — one that occurs in no key of any dictionary of
//! the config and is no IDS operator, like `\n` for every built-in config — is exact as long
//! as no ideographic description sequence can span it: the character is copied unchanged by
//! every stage, no match can contain it, so every scan has a unit boundary right after it.
//! An IDS starts at an operator, and operators only come from the input (checked: no
//! dictionary value contains one), so a cut is safe when no operator occurs in the piece
//! before it, or when the last one is farther back than any IDS can reach once the layers
//! have shrunk the text: 64 code points × 4 bytes × the product of every transforming
//! layer's longest key (in bytes). With an empty dictionary value the text can shrink
//! without bound, and then no cut is made after an operator.

use super::dat::Trie;
use super::{Converter, Engine, ids};

/// Per-config facts for cutting.
#[derive(Clone, Copy, Debug)]
pub struct CutInfo {
    /// How many input bytes an IDS (64 code points) can span after conversion; `None`:
    /// unbounded.
    reach: Option<usize>,
}

fn value_has_operator_or_empty(t: &Trie) -> bool {
    if t.vals.chunks(2).skip(1).any(|p| p[1] == 0) {
        return true;
    }
    super::has_ids_operator(&t.arena)
}

fn cut_info(e: &Engine) -> CutInfo {
    let plan = &*e.plan;
    let mut reach: Option<usize> = Some(4 * 64);
    for t in plan.norm.iter().chain(plan.chain.iter()) {
        if value_has_operator_or_empty(t) {
            reach = None;
            break;
        }
        reach = reach.and_then(|r| r.checked_mul((t.max_key as usize).max(1)));
    }
    CutInfo { reach }
}

impl Engine {
    fn cut_info(&self) -> CutInfo {
        *self.cut.get_or_init(|| cut_info(self))
    }

    fn neutral(&self, cp: u32) -> bool {
        let plan = &*self.plan;
        !plan
            .norm
            .iter()
            .chain(plan.seg.iter())
            .chain(plan.chain.iter())
            .any(|t| t.in_keys(cp))
    }
}

/// Offset of the last IDS operator in `t`, if any.
fn last_operator(t: &[u8]) -> Option<usize> {
    memchr::memmem::rfind_iter(t, b"\xE2\xBF")
        .find(|&i| t.get(i + 2).is_some_and(|&b| (0xB0..=0xBF).contains(&b)))
}

/// See [`Converter::split_point`]; `converters` are applied one after another.
pub fn split_point(converters: &[Converter], text: &str) -> usize {
    let t = text.as_bytes();
    let mut reach: Option<usize> = Some(0);
    let mut engines: Vec<&Engine> = Vec::new();
    for c in converters {
        match c.engine() {
            Some(e) => {
                engines.push(e);
                reach = match (reach, e.cut_info().reach) {
                    (Some(a), Some(b)) => a.max(1).checked_mul(b),
                    _ => None,
                };
            }
            // A converter whose dictionaries we cannot see: cut nowhere.
            None => return 0,
        }
    }
    let neutral = |cp: u32| !ids::is_operator(cp) && engines.iter().all(|e| e.neutral(cp));
    let op_ok = |p: usize| match last_operator(&t[..p]) {
        None => true,
        Some(o) => reach.is_some_and(|r| p - o > r),
    };
    if neutral('\n' as u32) {
        for n in memchr::memrchr_iter(b'\n', t).take(64) {
            if op_ok(n + 1) {
                return n + 1;
            }
        }
    }
    // No usable newline: any neutral character in the last 1 MiB.
    let floor = t.len().saturating_sub(1 << 20);
    let mut i = t.len();
    while i > floor {
        let mut s = i - 1;
        while s > 0 && (t[s] & 0xC0) == 0x80 {
            s -= 1;
        }
        let (cp, _) = ids::decode(t, s);
        if neutral(cp) && op_ok(i) {
            return i;
        }
        i = s;
    }
    0
}
