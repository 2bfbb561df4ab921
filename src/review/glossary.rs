//! Glossary conflicts: edition text that a glossary in force says should read differently.
//!
//! For each edition with glossaries, the edition is rendered with provenance and every
//! visible piece of it (dictionary output, page-rule output, `-{ }-` display text; not
//! protected text and not the glossary's own replacements) is searched:
//! - *forms*: for an entry whose form for this edition (looked up through the edition's
//!   fallback chain, as for `-{H|…}-` rules) is F, any other form G ≠ F of the entry in the
//!   output is a conflict, unless that occurrence lies inside an occurrence of F. It happens
//!   when a longer dictionary phrase or an earlier match wins over the glossary
//!   (leftmost-longest), or a page rule or `-{ }-` markup says otherwise.
//!   Candidates: `[F]`; suggestion: the entry as inline markup, e.g.
//!   `-{zh-cn:软件;zh-tw:軟體;zh-hk:軟件;}-`.
//! - *keep*: a `keep` word W that occurs in the source of a piece whose output does not
//!   contain W. Candidates: `[W]`; suggestion: `-{W}-`.
//!
//! The finding's position is the source of the offending output: for dictionary pieces, the
//! union of the trace segments that wrote it; for other pieces, the piece's source.
//! Severity: warning.

use std::ops::Range;

use super::check::{Context, EditionView, RawFinding};
use super::{Kind, Severity};
use crate::edition::{Origin, Piece};
use crate::rules::{GlossaryEntry, RuleOrigin};
use crate::variant::Variant;

pub fn find(ctx: &Context<'_>, out: &mut Vec<RawFinding>) {
    for view in &ctx.views {
        let Some(pieces) = &view.pieces else {
            continue;
        };
        if view.spec.glossaries.is_empty() {
            continue;
        }
        let variant = view.spec.variant;
        let entries: Vec<&GlossaryEntry> = view
            .spec
            .glossaries
            .iter()
            .flat_map(|g| g.entries.iter())
            .collect();
        for piece in pieces {
            let visible = match &piece.origin {
                Origin::Dictionary { .. } | Origin::Markup => true,
                Origin::Rule(RuleOrigin::Glossary { .. }) => false,
                Origin::Rule(_) => true,
                Origin::Kept | Origin::Synthesised => false,
            };
            if !visible || piece.output.is_empty() {
                continue;
            }
            for entry in &entries {
                if let Some(keep) = &entry.keep {
                    check_keep(ctx, view, piece, keep, out);
                } else {
                    check_forms(ctx, view, piece, entry, variant, out);
                }
            }
        }
    }
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

fn check_forms(
    ctx: &Context<'_>,
    view: &EditionView<'_>,
    piece: &Piece,
    entry: &GlossaryEntry,
    variant: Variant,
    out: &mut Vec<RawFinding>,
) {
    let Some(expected) = form_for(entry, variant) else {
        return;
    };
    let good: Vec<Range<usize>> = occurrences(&piece.output, expected).collect();
    let mut reported: Vec<&str> = Vec::new();
    for (_, wrong) in &entry.forms {
        if wrong == expected || reported.contains(&wrong.as_str()) {
            continue;
        }
        reported.push(wrong);
        for occ in occurrences(&piece.output, wrong) {
            if good
                .iter()
                .any(|g| g.start <= occ.start && occ.end <= g.end)
            {
                continue;
            }
            out.push(RawFinding {
                range: source_of(ctx, view, piece, occ),
                kind: Kind::GlossaryConflict,
                severity: Severity::Warning,
                editions: vec![variant],
                candidates: vec![expected.to_string()],
                suggestion: entry_markup(entry),
            });
        }
    }
}

fn check_keep(
    ctx: &Context<'_>,
    view: &EditionView<'_>,
    piece: &Piece,
    keep: &str,
    out: &mut Vec<RawFinding>,
) {
    let Some(src) = ctx.source.get(piece.source.clone()) else {
        return;
    };
    if src.is_empty() || !src.contains(keep) || piece.output.contains(keep) {
        return;
    }
    for occ in occurrences(src, keep) {
        let range = piece.source.start + occ.start..piece.source.start + occ.end;
        let range = match &piece.origin {
            Origin::Dictionary { .. } => range,
            _ => piece.source.clone(),
        };
        out.push(RawFinding {
            range,
            kind: Kind::GlossaryConflict,
            severity: Severity::Warning,
            editions: vec![view.spec.variant],
            candidates: vec![keep.to_string()],
            suggestion: format!("-{{{keep}}}-"),
        });
    }
}

/// The source range that wrote `out` (byte offsets in the piece's output).
fn source_of(
    ctx: &Context<'_>,
    view: &EditionView<'_>,
    piece: &Piece,
    out: Range<usize>,
) -> Range<usize> {
    match &piece.origin {
        Origin::Dictionary { .. } if !piece.source.is_empty() => {
            let trace = ctx.cache.trace(
                view.chain,
                &view.chain_key,
                ctx.source,
                piece.source.clone(),
            );
            if trace.output() == piece.output {
                trace.source_of_output(out)
            } else {
                piece.source.clone()
            }
        }
        _ => piece.source.clone(),
    }
}

fn occurrences<'a>(hay: &'a str, needle: &'a str) -> impl Iterator<Item = Range<usize>> + 'a {
    hay.match_indices(needle)
        .map(move |(i, _)| i..i + needle.len())
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

    #[test]
    fn forms_follow_fallbacks() {
        let e = GlossaryEntry {
            line: 1,
            forms: vec![
                (Variant::ZhCN, "软件".into()),
                (Variant::ZhTW, "軟體".into()),
                (Variant::ZhHK, "軟件".into()),
            ],
            keep: None,
            note: None,
        };
        assert_eq!(form_for(&e, Variant::ZhMO), Some("軟件"));
        assert_eq!(form_for(&e, Variant::ZhHant), Some("軟體"));
        assert_eq!(form_for(&e, Variant::ZhSG), Some("软件"));
        assert_eq!(entry_markup(&e), "-{zh-cn:软件;zh-tw:軟體;zh-hk:軟件;}-");
    }
}
