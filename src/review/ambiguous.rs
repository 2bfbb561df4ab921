//! Ambiguous conversions: a source character or phrase that an edition's dictionaries map to
//! several values, converted by the default (first) one.
//!
//! Per edition, every dictionary hit with more than one value in a unit of visible text (found
//! with the engine's ambiguity scan, which equals the trace's multi-valued hits) is a
//! candidate finding at the hit's source range (one per range, whatever the number of stages
//! that hit it). Its candidates are the chain's [`Chain::candidates`] for the source text,
//! like OpenCC's `GetAllConversions`: every value of every exact match along the chain. A hit
//! whose candidates collapse to fewer than two (the later stages map every value to the same
//! text) is not reported.
//!
//! The suggestion is an inline rule that spells out what each checked edition shows now (rules
//! and glossaries included), to paste in place of the text and edit to the right candidate:
//! editions of one script that agree are written with the script's code (`zh-hans`,
//! `zh-hant`), others with their own, e.g. `-{zh-hans:干了;zh-hant:幹了;}-`.
//!
//! [`Chain::candidates`]: super::trace::Chain::candidates

use std::ops::Range;
use std::rc::Rc;
use std::sync::{Arc, LazyLock, RwLock};

use super::batch::Batch;
use super::check::{Context, EditionView, RawFinding};
use super::trace::FxMap;
use super::{Kind, Severity};
use crate::engine::ambiguity::{Ambiguity, AmbiguityScanner};
use crate::variant::Variant;

pub fn find(ctx: &Context<'_>, out: &mut Vec<RawFinding>) {
    // What each edition shows depends on the text alone unless an edition was rendered with
    // rules: then on the position.
    let by_text = ctx.views.iter().all(|v| v.pieces.is_none());
    let mut by_range: FxMap<(usize, usize), Arc<str>> = FxMap::default();
    let mut by_word: FxMap<&str, Arc<str>> = FxMap::default();
    // With built-in chains only, suggestions by text hold for every source: share them.
    let shared_key = (by_text && ctx.views.iter().all(|v| v.chain.is_builtin())).then(|| {
        let parts: Vec<String> = ctx
            .views
            .iter()
            .map(|v| format!("{}={}", v.spec.variant.code(), v.chain_key))
            .collect();
        parts.join(",")
    });
    // Editions with the same chain and the same units have the same hits and candidates.
    let mut groups: Vec<(&EditionView<'_>, Vec<Variant>)> = Vec::new();
    for view in &ctx.views {
        match groups
            .iter_mut()
            .find(|(g, _)| g.chain_key == view.chain_key && Rc::ptr_eq(&g.units, &view.units))
        {
            Some((_, editions)) => editions.push(view.spec.variant),
            None => groups.push((view, vec![view.spec.variant])),
        }
    }
    // S→T configs with segmentation first: their stage-1 hits are s2t's hits (stage 1 of
    // every built-in S→T config is s2t's dictionary group, and segmentation does not change
    // its units), so s2t need not be scanned again.
    let fused = |v: &EditionView<'_>| {
        v.chain.is_builtin() && matches!(v.chain_key.as_str(), "s2tw" | "s2twp" | "s2hk" | "s2hkp")
    };
    groups.sort_by_key(|(v, _)| !fused(v));
    // Those with the same units share one stage-1 scan (their first stage is the same trie).
    let mut pre: Vec<Option<Hits>> = vec![None; groups.len()];
    let n_fused = groups.iter().take_while(|(v, _)| fused(v)).count();
    if n_fused > 1
        && groups[1..n_fused]
            .iter()
            .all(|(v, _)| Rc::ptr_eq(&v.units, &groups[0].0.units))
    {
        let views: Vec<&EditionView<'_>> = groups[..n_fused].iter().map(|(v, _)| *v).collect();
        if let Some(hits) = scan_units_together(ctx, &views) {
            for (slot, h) in pre.iter_mut().zip(hits) {
                *slot = Some(h);
            }
        }
    }
    let mut scanned: Vec<(&EditionView<'_>, Rc<Hits>)> = Vec::new();
    for ((view, editions), pre) in groups.into_iter().zip(pre) {
        let derived = pre.or_else(|| {
            (view.chain.is_builtin() && view.chain_key == "s2t")
                .then(|| {
                    scanned
                        .iter()
                        .find(|(v, _)| fused(v) && Rc::ptr_eq(&v.units, &view.units))
                        .map(|(_, h)| h.iter().filter(|(_, stage)| *stage == 1).cloned().collect())
                })
                .flatten()
        });
        let hits = Rc::new(derived.unwrap_or_else(|| scan_units(ctx, view)));
        scanned.push((view, hits.clone()));
        // Sorted by start within each unit: a range hit at several stages is reported once.
        let mut at_start: Vec<&Range<usize>> = Vec::new();
        for (range, _) in hits.iter() {
            if at_start.first().is_some_and(|r| r.start != range.start) {
                at_start.clear();
            }
            if range.is_empty() || at_start.contains(&range) {
                continue;
            }
            at_start.push(range);
            let Some(text) = ctx.source.get(range.clone()) else {
                continue;
            };
            let candidates = ctx.cache.candidates(view.chain, &view.chain_key, text);
            if candidates.len() < 2 {
                continue;
            }
            out.push(RawFinding {
                range: range.clone(),
                kind: Kind::Ambiguous,
                severity: Severity::Warning,
                editions: editions.clone(),
                candidates: candidates.clone(),
                suggestion: if by_text {
                    by_word
                        .entry(text)
                        .or_insert_with(|| match &shared_key {
                            Some(k) => {
                                shared_suggestion(k, text, || suggestion(ctx, range.clone()))
                            }
                            None => suggestion(ctx, range.clone()).into(),
                        })
                        .clone()
                } else {
                    by_range
                        .entry((range.start, range.end))
                        .or_insert_with(|| suggestion(ctx, range.clone()).into())
                        .clone()
                },
            });
        }
    }
}

/// Multi-valued hits: (source range, stage).
type Hits = Vec<(Range<usize>, usize)>;

/// The source ranges of the multi-valued hits in a view's units, in order: the engine's
/// ambiguity scan for one-converter chains, the trace otherwise (and for text the scan
/// declines: text the normalization stage changes).
fn scan_units(ctx: &Context<'_>, view: &EditionView<'_>) -> Hits {
    let mut scanner = match view.chain.converters {
        [only] => only.ambiguity_scanner(),
        _ => None,
    };
    let mut found: Vec<Ambiguity> = Vec::new();
    // All units in one scan when possible.
    let joined;
    let batch = match ctx.batch_of(&view.units) {
        Some(b) => Some(b),
        None => {
            joined = Batch::new(ctx.source, &view.units);
            joined.as_ref()
        }
    };
    if let Some(sc) = scanner.as_mut()
        && let Some(batch) = batch
        && sc.scan(&batch.text, 0, &mut found)
    {
        return found
            .iter()
            .map(|a| (batch.to_source(&a.source), a.stage))
            .collect();
    }
    let mut out = Vec::new();
    for unit in view.units.iter() {
        let text = &ctx.source[unit.clone()];
        found.clear();
        if let Some(sc) = scanner.as_mut()
            && sc.scan(text, unit.start, &mut found)
        {
            out.extend(found.iter().map(|a| (a.source.clone(), a.stage)));
            continue;
        }
        let trace = ctx
            .cache
            .trace(view.chain, &view.chain_key, ctx.source, unit.clone());
        let mut hits: Vec<(usize, usize, usize)> = trace
            .hits()
            .filter(|h| h.hit.values.len() > 1)
            .map(|h| (h.source.start, h.hit.stage, h.source.end))
            .collect();
        hits.sort_unstable();
        out.extend(hits.into_iter().map(|(s, stage, e)| (s..e, stage)));
    }
    out
}

/// [`scan_units`] for views with the same units whose one-converter chains may share a
/// stage-1 scan ([`AmbiguityScanner::scan_many`]), over the units joined in one batch;
/// `None` when a view has no native scanner, the units cannot be batched or the text needs
/// normalization (then scan each view alone).
fn scan_units_together(ctx: &Context<'_>, views: &[&EditionView<'_>]) -> Option<Vec<Hits>> {
    let mut scanners = views
        .iter()
        .map(|v| match v.chain.converters {
            [only] => only.ambiguity_scanner(),
            _ => None,
        })
        .collect::<Option<Vec<AmbiguityScanner>>>()?;
    let units = &views.first()?.units;
    let joined;
    let batch = match ctx.batch_of(units) {
        Some(b) => b,
        None => {
            joined = Batch::new(ctx.source, units)?;
            &joined
        }
    };
    let mut outs = vec![Vec::new(); views.len()];
    if !AmbiguityScanner::scan_many(&mut scanners, &batch.text, 0, &mut outs) {
        return None;
    }
    Some(
        outs.iter()
            .map(|found| {
                found
                    .iter()
                    .map(|a| (batch.to_source(&a.source), a.stage))
                    .collect()
            })
            .collect(),
    )
}

/// Suggestions by (editions and chains, text), for the life of the process.
type SuggestionMemo = RwLock<FxMap<String, FxMap<String, Arc<str>>>>;
static SUGGESTIONS: LazyLock<SuggestionMemo> = LazyLock::new(Default::default);

fn shared_suggestion(key: &str, text: &str, make: impl FnOnce() -> String) -> Arc<str> {
    if let Ok(m) = SUGGESTIONS.read()
        && let Some(s) = m.get(key).and_then(|inner| inner.get(text))
    {
        return s.clone();
    }
    let s: Arc<str> = make().into();
    if let Ok(mut m) = SUGGESTIONS.write() {
        m.entry(key.to_string())
            .or_default()
            .entry(text.to_string())
            .or_insert_with(|| s.clone());
    }
    s
}

/// The inline rule that spells out every checked edition's current text for `range`.
fn suggestion(ctx: &Context<'_>, range: Range<usize>) -> String {
    let outputs: Vec<(Variant, String)> = ctx
        .views
        .iter()
        .map(|v| (v.spec.variant, ctx.shown(v, range.clone())))
        .collect();
    inline_rule(&outputs)
}

const HANS: [Variant; 4] = [Variant::ZhHans, Variant::ZhCN, Variant::ZhSG, Variant::ZhMY];
const HANT: [Variant; 4] = [Variant::ZhHant, Variant::ZhTW, Variant::ZhHK, Variant::ZhMO];

/// `-{code:text;…}-` for per-edition texts: a script family whose editions all show the same
/// text is written once with the family's code.
pub fn inline_rule(outputs: &[(Variant, String)]) -> String {
    let mut parts: Vec<String> = Vec::new();
    for (family, code) in [(&HANS, "zh-hans"), (&HANT, "zh-hant")] {
        let members: Vec<&(Variant, String)> =
            outputs.iter().filter(|(v, _)| family.contains(v)).collect();
        let Some(first) = members.first() else {
            continue;
        };
        if members.iter().all(|(_, o)| *o == first.1) {
            parts.push(format!("{code}:{}", first.1));
        } else {
            for (v, o) in members {
                parts.push(format!("{}:{o}", v.code()));
            }
        }
    }
    let mut s = String::from("-{");
    for p in parts {
        s.push_str(&p);
        s.push(';');
    }
    s.push_str("}-");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_rule_groups_agreeing_scripts() {
        use Variant::*;
        let o = |v: Variant, s: &str| (v, s.to_string());
        assert_eq!(
            inline_rule(&[
                o(ZhHans, "干"),
                o(ZhHant, "幹"),
                o(ZhCN, "干"),
                o(ZhTW, "幹")
            ]),
            "-{zh-hans:干;zh-hant:幹;}-"
        );
        assert_eq!(
            inline_rule(&[o(ZhHant, "裏"), o(ZhTW, "裡"), o(ZhHK, "裏")]),
            "-{zh-hant:裏;zh-tw:裡;zh-hk:裏;}-"
        );
        assert_eq!(inline_rule(&[o(ZhTW, "幹")]), "-{zh-hant:幹;}-");
    }
}
