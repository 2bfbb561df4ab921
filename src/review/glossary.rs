//! Glossary conflicts: edition text that a glossary in force says should read differently.
//!
//! An entry puts pairs `key → target` into an edition's table, exactly as the renderer applies
//! it ([`pairs_for`]): for an entry with forms, every form maps to the edition's form; a
//! `keep` word maps to itself. Each edition with glossaries is rendered with provenance and
//! its visible pieces are searched (dictionary output, page-rule output, `-{ }-` display
//! text; never protected text, never the glossary's own replacements):
//! 1. *source side*: an occurrence of a key in the piece's source whose output does not
//!    contain the target (for a rule or `-{ }-` piece, which stands as a whole, only the first
//!    such occurrence per target; a block that shows nothing, such as `-{H|…}-`, is skipped). This is text the glossary did not reach: a longer dictionary phrase
//!    or an earlier one won (leftmost-longest), a page rule or NoteTA overrides it, or
//!    `-{ }-` markup shows something else. For dictionary pieces the output is that of the
//!    trace segments the occurrence touches.
//! 2. *output side*: an occurrence in the output of a key ≠ target, or of such a key as the
//!    edition's dictionaries convert it, not inside an occurrence of the target and not
//!    already reported by (1): text that reads like another variant's form.
//!
//! Finding: at the source range of the occurrence (2: of the trace segments that wrote it),
//! severity warning, candidates `[target]`, suggestion the entry as inline markup
//! (`-{zh-cn:软件;zh-tw:軟體;zh-hk:軟件;}-`), or `-{W}-` for a `keep` word.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use daachorse::CharwiseDoubleArrayAhoCorasick;

use super::check::{Context, EditionView, RawFinding};
use super::{Kind, Severity};
use crate::edition::{Origin, Piece};
use crate::rules::{GlossaryEntry, RuleOrigin};
use crate::variant::Variant;

/// What one key must become in an edition, and the entry that says so.
struct Want<'e> {
    target: String,
    entry: &'e GlossaryEntry,
}

pub fn find(ctx: &Context<'_>, out: &mut Vec<RawFinding>) {
    for view in &ctx.views {
        let Some(pieces) = &view.pieces else {
            continue;
        };
        if view.spec.glossaries.is_empty() {
            continue;
        }
        let variant = view.spec.variant;
        // key → want; later entries and files win, as in the renderer.
        let mut wants: Vec<(String, Want<'_>)> = Vec::new();
        let mut slot: HashMap<String, usize> = HashMap::new();
        for entry in view.spec.glossaries.iter().flat_map(|g| g.entries.iter()) {
            for (key, target) in pairs_for(entry, variant) {
                let w = Want { target, entry };
                match slot.get(&key) {
                    Some(&i) => wants[i].1 = w,
                    None => {
                        slot.insert(key.clone(), wants.len());
                        wants.push((key, w));
                    }
                }
            }
        }
        if wants.is_empty() {
            continue;
        }
        // Output side: keys ≠ target, literally and as the edition converts them.
        let mut wrong: Vec<(String, u32)> = Vec::new();
        let mut wrong_slot: HashMap<String, usize> = HashMap::new();
        for (i, (key, w)) in wants.iter().enumerate() {
            if *key == w.target {
                continue;
            }
            let converted = ctx.cache.convert(view.chain, &view.chain_key, key);
            for form in [key.clone(), converted.as_ref().clone()] {
                if form == w.target || form.is_empty() {
                    continue;
                }
                match wrong_slot.get(&form) {
                    Some(&j) => wrong[j].1 = i as u32,
                    None => {
                        wrong_slot.insert(form.clone(), wrong.len());
                        wrong.push((form, i as u32));
                    }
                }
            }
        }
        let keys = CharwiseDoubleArrayAhoCorasick::<u32>::with_values(
            wants
                .iter()
                .enumerate()
                .map(|(i, (k, _))| (k.as_str(), i as u32)),
        )
        .ok();
        let outs = if wrong.is_empty() {
            None
        } else {
            CharwiseDoubleArrayAhoCorasick::<u32>::with_values(
                wrong.iter().map(|(k, i)| (k.as_str(), *i)),
            )
            .ok()
        };
        for piece in pieces.iter() {
            let visible = match &piece.origin {
                Origin::Dictionary { .. } | Origin::Markup => true,
                Origin::Rule(RuleOrigin::Glossary { .. }) => false,
                Origin::Rule(_) => true,
                Origin::Kept | Origin::Synthesised => false,
            };
            if !visible || piece.source.is_empty() {
                continue;
            }
            let mut reported: Vec<Range<usize>> = Vec::new();
            if let Some(ac) = &keys {
                source_side(ctx, view, piece, ac, &wants, &mut reported, out);
            }
            if let Some(ac) = &outs {
                output_side(ctx, view, piece, ac, &wants, &reported, out);
            }
        }
    }
}

/// The pairs an entry puts into `v`'s table: the renderer's own
/// [`crate::rules::layers::glossary_pairs`].
pub fn pairs_for(entry: &GlossaryEntry, v: Variant) -> Vec<(String, String)> {
    crate::rules::layers::glossary_pairs(entry, v)
}

/// The entry's form for an edition, through the fallback chain.
pub fn form_for(entry: &GlossaryEntry, variant: Variant) -> Option<&str> {
    variant.lookup_order().find_map(|v| {
        entry
            .forms
            .iter()
            .find(|(fv, _)| *fv == v)
            .map(|(_, f)| f.as_str())
    })
}

fn finding(range: Range<usize>, variant: Variant, w: &Want<'_>) -> RawFinding {
    RawFinding {
        range,
        kind: Kind::GlossaryConflict,
        severity: Severity::Warning,
        editions: vec![variant],
        candidates: Arc::new(vec![w.target.clone()]),
        suggestion: match &w.entry.keep {
            Some(word) => format!("-{{{word}}}-"),
            None => entry_markup(w.entry),
        }
        .into(),
    }
}

fn source_side(
    ctx: &Context<'_>,
    view: &EditionView<'_>,
    piece: &Piece,
    ac: &CharwiseDoubleArrayAhoCorasick<u32>,
    wants: &[(String, Want<'_>)],
    reported: &mut Vec<Range<usize>>,
    out: &mut Vec<RawFinding>,
) {
    let Some(src) = ctx.source.get(piece.source.clone()) else {
        return;
    };
    // A block that shows nothing (`-{H|…}-`) contradicts nothing.
    if piece.output.is_empty() {
        return;
    }
    let base = piece.source.start;
    // A rule's or block's whole output stands for its whole source: one finding per target.
    let mut targets_done: Vec<&str> = Vec::new();
    let trace = match piece.origin {
        Origin::Dictionary { .. } => Some(ctx.cache.trace(
            view.chain,
            &view.chain_key,
            ctx.source,
            piece.source.clone(),
        )),
        _ => None,
    };
    for m in ac.find_overlapping_iter(src) {
        let w = &wants[m.value() as usize].1;
        let occ = base + m.start()..base + m.end();
        let shown: String = match &trace {
            Some(t) => t
                .segments
                .iter()
                .filter(|s| s.source.start < occ.end && occ.start < s.source.end)
                .map(|s| s.output.as_str())
                .collect(),
            None => piece.output.clone(),
        };
        if !shown.contains(&w.target) {
            if trace.is_none() {
                if targets_done.contains(&w.target.as_str()) {
                    continue;
                }
                targets_done.push(&w.target);
            }
            reported.push(occ.clone());
            out.push(finding(occ, view.spec.variant, w));
        }
    }
}

fn output_side(
    ctx: &Context<'_>,
    view: &EditionView<'_>,
    piece: &Piece,
    ac: &CharwiseDoubleArrayAhoCorasick<u32>,
    wants: &[(String, Want<'_>)],
    reported: &[Range<usize>],
    out: &mut Vec<RawFinding>,
) {
    let output = &piece.output;
    let trace = match piece.origin {
        Origin::Dictionary { .. } => {
            let t = ctx.cache.trace(
                view.chain,
                &view.chain_key,
                ctx.source,
                piece.source.clone(),
            );
            (t.output() == *output).then_some(t)
        }
        _ => None,
    };
    for m in ac.find_overlapping_iter(output.as_str()) {
        let w = &wants[m.value() as usize].1;
        let inside_target = output
            .match_indices(w.target.as_str())
            .any(|(i, t)| i <= m.start() && m.end() <= i + t.len());
        if inside_target {
            continue;
        }
        let range = match &trace {
            Some(t) => t.source_of_output(m.start()..m.end()),
            None => piece.source.clone(),
        };
        if reported
            .iter()
            .any(|r| r.start < range.end && range.start < r.end)
        {
            continue;
        }
        out.push(finding(range, view.spec.variant, w));
    }
}

/// An entry as inline markup listing its forms.
pub fn entry_markup(entry: &GlossaryEntry) -> String {
    let mut s = String::from("-{");
    for (v, f) in &entry.forms {
        s.push_str(v.code());
        s.push(':');
        s.push_str(f);
        s.push(';');
    }
    s.push_str("}-");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry() -> GlossaryEntry {
        GlossaryEntry {
            line: 1,
            forms: vec![
                (Variant::ZhCN, "软件".into()),
                (Variant::ZhTW, "軟體".into()),
                (Variant::ZhHK, "軟件".into()),
            ],
            keep: None,
            note: None,
        }
    }

    #[test]
    fn forms_follow_fallbacks() {
        let e = entry();
        assert_eq!(form_for(&e, Variant::ZhMO), Some("軟件"));
        assert_eq!(form_for(&e, Variant::ZhSG), Some("软件"));
        assert_eq!(entry_markup(&e), "-{zh-cn:软件;zh-tw:軟體;zh-hk:軟件;}-");
    }

    #[test]
    fn pairs_per_edition() {
        let e = entry();
        let p = |k: &str, t: &str| (k.to_string(), t.to_string());
        assert_eq!(
            pairs_for(&e, Variant::ZhTW),
            vec![p("软件", "軟體"), p("軟體", "軟體"), p("軟件", "軟體")]
        );
        // The script editions take only a form written for them.
        assert_eq!(pairs_for(&e, Variant::ZhHant), vec![]);
        let keep = GlossaryEntry {
            keep: Some("乾隆".into()),
            ..Default::default()
        };
        assert_eq!(pairs_for(&keep, Variant::ZhHans), vec![p("乾隆", "乾隆")]);
    }
}
