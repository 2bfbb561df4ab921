//! Converting one text with several configs that share their first stage.
//!
//! The S→T configs (s2t, s2tw, s2twp, s2hk, s2hkp) all start with the same stage: the group
//! of STPhrases and STCharacters, which is also their segmentation dictionary (see `plan`,
//! *fusion*). For s2t that stage is the whole conversion; for a fused config the output is,
//! segment by segment: a phrase's precomputed chain output, or — for the run of text
//! between two phrases — the run's stage-1 output put through stages 2.. . The stage-1 scan
//! is the same scan in every one of them (same trie, same text, same max-match decisions),
//! so it is done once, recording where its phrase matches landed in the stage-1 output, and
//! each fused config is then made from that output: runs through its later stages, phrases
//! from its precomputed table. The results equal each config's own conversion.

use std::sync::Arc;

use super::dat::{PHRASE, Trie};
use super::fast;
use super::plan::Plan;
use super::scan::{self, Sink};
use super::{Converter, Engine};

/// Where a phrase match of the stage-1 scan landed: output range and entry.
#[derive(Clone, Copy)]
struct Phrase {
    start: u32,
    end: u32,
    entry: u32,
}

/// The stage-1 scan's sink: stage-1 output plus the phrase records.
struct Recorder<'a> {
    trie: &'a Trie,
    t: &'a [u8],
    out: &'a mut Vec<u8>,
    phrases: &'a mut Vec<Phrase>,
}

impl Sink for Recorder<'_> {
    #[inline(always)]
    fn matched(&mut self, pending: usize, start: usize, _end: usize, entry: u32) {
        if pending < start {
            self.out.extend_from_slice(&self.t[pending..start]);
        }
        let at = self.out.len();
        self.trie.push_value(entry, self.out);
        if entry & PHRASE != 0 {
            self.phrases.push(Phrase {
                start: at as u32,
                end: self.out.len() as u32,
                entry,
            });
        }
    }
}

/// How a member of a family uses the shared stage 1.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    /// The stage is the whole conversion (s2t).
    Whole,
    /// A fused config: later stages on runs, precomputed phrases.
    Fused,
}

/// The role of `e`'s plan in a family, if it can share its first stage.
fn role(e: &Engine) -> Option<Role> {
    let p: &Plan = &e.plan;
    if p.chain.is_empty() {
        None
    } else if p.fused {
        Some(Role::Fused)
    } else if p.seg.is_none() && p.chain.len() == 1 {
        Some(Role::Whole)
    } else {
        None
    }
}

/// True when two plans normalize with the same tries and start with the same stage trie.
fn same_family(a: &Plan, b: &Plan) -> bool {
    a.norm.len() == b.norm.len()
        && a.norm.iter().zip(&b.norm).all(|(x, y)| Arc::ptr_eq(x, y))
        && Arc::ptr_eq(&a.chain[0], &b.chain[0])
}

/// Converts `text` with each converter, appending to the matching output; converters of one
/// family (at least one fused member and one other member with the same normalization and
/// first-stage trie) share the first stage. Same result as [`Converter::convert_into`] for
/// each.
pub fn convert_many(convs: &[&Converter], text: &str, outs: &mut [&mut String]) {
    assert_eq!(convs.len(), outs.len(), "one output per converter");
    let members_of: Vec<Option<(&Engine, Role)>> = convs
        .iter()
        .map(|c| match &c.backend {
            super::Backend::Native(e) => role(e).map(|r| (&**e, r)),
            #[cfg(feature = "libopencc")]
            super::Backend::System(_) => None,
        })
        .collect();
    let mut done = vec![false; convs.len()];
    for i in 0..convs.len() {
        if done[i] {
            continue;
        }
        let members: Vec<(usize, &Engine, Role)> = match members_of[i] {
            Some((lead, _)) => (i..convs.len())
                .filter_map(|j| match members_of[j] {
                    Some((e, r)) if !done[j] && same_family(&lead.plan, &e.plan) => Some((j, e, r)),
                    _ => None,
                })
                .collect(),
            None => Vec::new(),
        };
        if members.len() < 2 || !members.iter().any(|m| m.2 == Role::Fused) {
            convs[i].convert_into(text, outs[i]);
            done[i] = true;
            continue;
        }
        for m in &members {
            done[m.0] = true;
        }
        family(&members, text, outs);
    }
}

/// Converts `text` for the `(output index, engine, role)` members of one family.
fn family(members: &[(usize, &Engine, Role)], text: &str, outs: &mut [&mut String]) {
    let lead = members[0].1;
    let plan = &*lead.plan;
    // Normalization, as `fast::convert` does it (the members share the tries).
    let normalized = fast::normalize(plan, &lead.norm_lead, text.as_bytes());
    let t: &[u8] = &normalized;
    let s1: &Trie = &plan.chain[0];
    let mut s1out = Vec::with_capacity(t.len() + t.len() / 16);
    let mut phrases = Vec::new();
    let mut rec = Recorder {
        trie: s1,
        t,
        out: &mut s1out,
        phrases: &mut phrases,
    };
    let tail = scan::scan_with(s1, t, &mut rec);
    s1out.extend_from_slice(&t[tail..]);
    let (mut a, mut b) = (Vec::new(), Vec::new());
    for &(j, e, role) in members {
        // SAFETY: the stage-1 output is slices of `t` cut at character boundaries and
        // dictionary values, and runs through stages and precomputed phrase outputs are
        // UTF-8 too.
        let out = unsafe { outs[j].as_mut_vec() };
        match role {
            Role::Whole => out.extend_from_slice(&s1out),
            Role::Fused => {
                let p = &*e.plan;
                let rest = &p.chain[1..];
                out.reserve(s1out.len() + s1out.len() / 16);
                let mut prev = 0usize;
                for ph in &phrases {
                    let (s, e) = (ph.start as usize, ph.end as usize);
                    if prev < s {
                        scan::stages(rest, &s1out[prev..s], out, &mut a, &mut b);
                    }
                    p.push_phrase(ph.entry, out);
                    prev = e;
                }
                if prev < s1out.len() {
                    scan::stages(rest, &s1out[prev..], out, &mut a, &mut b);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn family_members_equal_their_own_conversions() {
        let names = ["s2t", "s2twp", "s2hkp", "s2tw", "s2hk", "t2s", "tw2sp"];
        let convs: Vec<Converter> = names
            .iter()
            .map(|n| Converter::builtin(n).unwrap())
            .collect();
        let texts = [
            "",
            "头发",
            "鼠标和软件，内存与打印机。头发干了，面条很好吃；乾隆年间的后台程序。",
            "⿰木木信息技术，⿱艹头发\n第二行：计算机网络\u{F900}。",
            "abc 123 没有 key 的 ASCII 与 emoji 😀 以及 \r\n 换行",
        ];
        for text in texts {
            let long = text.repeat(300);
            for t in [text, long.as_str()] {
                let refs: Vec<&Converter> = convs.iter().collect();
                let mut outs: Vec<String> = vec![String::from("前"); convs.len()];
                {
                    let mut o: Vec<&mut String> = outs.iter_mut().collect();
                    convert_many(&refs, t, &mut o);
                }
                for (k, c) in convs.iter().enumerate() {
                    assert_eq!(
                        outs[k],
                        format!("前{}", c.convert(t)),
                        "{} on {t:?}",
                        names[k]
                    );
                }
            }
        }
    }
}
