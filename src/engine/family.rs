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
enum Role {
    /// The stage is the whole conversion (s2t).
    Whole,
    /// A fused config: later stages on runs, precomputed phrases.
    Fused,
}

/// The family key and role of `e`, if it can share: its normalization tries and its first
/// stage's trie identify the family.
fn role(e: &Engine) -> Option<(Vec<usize>, usize, Role)> {
    let p: &Plan = &e.plan;
    let first = p.chain.first()?;
    let norm: Vec<usize> = p
        .norm
        .iter()
        .map(|t| &**t as *const Trie as usize)
        .collect();
    let key = &**first as *const Trie as usize;
    if p.fused {
        Some((norm, key, Role::Fused))
    } else if p.seg.is_none() && p.chain.len() == 1 {
        Some((norm, key, Role::Whole))
    } else {
        None
    }
}

/// Converts `text` with each converter, appending to the matching output; converters of one
/// family (at least one fused member and one other member with the same normalization and
/// first-stage trie) share the first stage. Same result as [`Converter::convert_into`] for
/// each.
pub fn convert_many(convs: &[&Converter], text: &str, outs: &mut [&mut String]) {
    assert_eq!(convs.len(), outs.len(), "one output per converter");
    let roles: Vec<Option<(Vec<usize>, usize, Role)>> = convs
        .iter()
        .map(|c| match &c.backend {
            super::Backend::Native(e) => role(e),
            #[cfg(feature = "libopencc")]
            super::Backend::System(_) => None,
        })
        .collect();
    let mut done = vec![false; convs.len()];
    for i in 0..convs.len() {
        if done[i] {
            continue;
        }
        let members: Vec<usize> = match &roles[i] {
            Some((norm, key, _)) => (i..convs.len())
                .filter(|&j| {
                    !done[j] && matches!(&roles[j], Some((n2, k2, _)) if n2 == norm && k2 == key)
                })
                .collect(),
            None => vec![i],
        };
        let fused = members
            .iter()
            .filter(|&&j| matches!(roles[j], Some((_, _, Role::Fused))))
            .count();
        if members.len() < 2 || fused == 0 {
            convs[i].convert_into(text, outs[i]);
            done[i] = true;
            continue;
        }
        for &j in &members {
            done[j] = true;
        }
        family(convs, &roles, &members, text, outs);
    }
}

fn family(
    convs: &[&Converter],
    roles: &[Option<(Vec<usize>, usize, Role)>],
    members: &[usize],
    text: &str,
    outs: &mut [&mut String],
) {
    let engine = |j: usize| match &convs[j].backend {
        super::Backend::Native(e) => &**e,
        #[cfg(feature = "libopencc")]
        super::Backend::System(_) => unreachable!("only native engines share"),
    };
    let lead = engine(members[0]);
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
    for &j in members {
        match roles[j] {
            Some((_, _, Role::Whole)) => {
                // SAFETY: the stage-1 output is slices of `t` cut at character boundaries
                // and dictionary values: valid UTF-8.
                unsafe { outs[j].as_mut_vec() }.extend_from_slice(&s1out);
            }
            Some((_, _, Role::Fused)) => {
                let p = &*engine(j).plan;
                let rest = &p.chain[1..];
                // SAFETY: runs through stages and precomputed phrase outputs are UTF-8.
                let out = unsafe { outs[j].as_mut_vec() };
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
            None => unreachable!("members have roles"),
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
