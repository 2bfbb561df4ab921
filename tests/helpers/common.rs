//! Helpers shared by the edition/rules/mediawiki tests: hand-built documents (no dependency on
//! the wikitext parser) and one-line renderers.
#![allow(dead_code)]

use std::ops::Range;
use std::sync::Arc;

use tongwen::Variant;
use tongwen::document::{Document, NoteTA, Span};
use tongwen::edition::{EditionSpec, Rendered, render};
use tongwen::rules::markup::BlockFinder;
use tongwen::rules::{CGroups, Glossary};

/// The eight editions with short names for tables in tests.
pub const ALL: [Variant; 8] = Variant::EDITIONS;

/// `src` as a document: every closed `-{ }-` block a `Markup` span, each `{{NoteTA|…}}` a
/// `Keep` span followed by a `NoteTA` span (so its rules apply right after), any other
/// `{{…}}` template a `Keep` span, the rest `Text`.
pub fn doc(src: &str) -> Document {
    let finder = BlockFinder::new(src);
    let mut spans = Vec::new();
    let mut text_start = 0;
    let mut i = 0;
    let bytes = src.as_bytes();
    while i < bytes.len() {
        if src[i..].starts_with("{{NoteTA")
            && let Some(end) = find_template_end(src, i)
        {
            if text_start < i {
                spans.push(Span::Text(text_start..i));
            }
            spans.push(Span::Keep(i..end));
            spans.push(Span::NoteTA(Box::new(note_ta(src, i..end))));
            i = end;
            text_start = end;
            continue;
        }
        if src[i..].starts_with("{{")
            && let Some(end) = find_template_end(src, i)
        {
            // Any other template is protected as a whole.
            if text_start < i {
                spans.push(Span::Text(text_start..i));
            }
            spans.push(Span::Keep(i..end));
            i = end;
            text_start = end;
            continue;
        }
        if src[i..].starts_with("-{")
            && let Some(m) = finder.block_at(i)
        {
            if text_start < i {
                spans.push(Span::Text(text_start..i));
            }
            let end = m.range.end;
            spans.push(Span::Markup(Box::new(m)));
            i = end;
            text_start = end;
            continue;
        }
        i += src[i..].chars().next().map_or(1, char::len_utf8);
    }
    if text_start < src.len() {
        spans.push(Span::Text(text_start..src.len()));
    }
    let d = Document {
        spans,
        ..Default::default()
    };
    assert_eq!(d.check_tiling(src), Ok(()));
    d
}

fn find_template_end(src: &str, start: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut i = start;
    while i + 1 < src.len() {
        if src[i..].starts_with("{{") {
            depth += 1;
            i += 2;
        } else if src[i..].starts_with("}}") {
            depth -= 1;
            i += 2;
            if depth == 0 {
                return Some(i);
            }
        } else {
            i += src[i..].chars().next().map_or(1, char::len_utf8);
        }
    }
    None
}

/// Splits a `{{NoteTA|…}}` template into its parameters (`|` inside `-{ }-` does not split).
fn note_ta(src: &str, r: Range<usize>) -> NoteTA {
    let inner_start = r.start + 2;
    let inner_end = r.end - 2;
    let mut params = Vec::new();
    let mut depth = 0usize;
    let mut seg_start = None;
    let mut i = inner_start;
    while i < inner_end {
        let rest = &src[i..inner_end];
        if rest.starts_with("-{") {
            depth += 1;
            i += 2;
            continue;
        }
        if rest.starts_with("}-") && depth > 0 {
            depth -= 1;
            i += 2;
            continue;
        }
        if rest.starts_with('|') && depth == 0 {
            if let Some(s) = seg_start {
                params.push(s..i);
            }
            seg_start = Some(i + 1);
        }
        i += rest.chars().next().map_or(1, char::len_utf8);
    }
    if let Some(s) = seg_start {
        params.push(s..inner_end);
    }
    let mut n = NoteTA {
        at: r.start,
        ..Default::default()
    };
    for p in params {
        let text = &src[p.clone()];
        let Some(eq) = text.find('=') else { continue };
        let name = text[..eq].trim();
        let value = p.start + eq + 1..p.end;
        if name == "T" {
            n.title = Some(value);
        } else if let Some(g) = name.strip_prefix('G')
            && g.chars().all(|c| c.is_ascii_digit())
        {
            n.groups.push(value);
        } else if name.chars().all(|c| c.is_ascii_digit()) {
            n.rules.push(value);
        }
    }
    n
}

/// The default spec for `v` (built-in OpenCC configs).
pub fn spec(v: Variant) -> EditionSpec {
    EditionSpec::new(v)
}

/// A spec with no converters: only the page rules change text.
pub fn bare(v: Variant) -> EditionSpec {
    EditionSpec {
        converters: Vec::new(),
        ..EditionSpec::new(v)
    }
}

pub fn with_groups(mut s: EditionSpec, groups: &[(&str, &str)]) -> EditionSpec {
    let mut g = CGroups::default();
    for (file, text) in groups {
        g.add_text(file, file, text).expect("group file");
    }
    s.cgroups = Arc::new(g);
    s
}

pub fn with_glossary(mut s: EditionSpec, g: Glossary) -> EditionSpec {
    s.glossaries.push(Arc::new(g));
    s
}

/// Renders `src` with `spec`.
pub fn run(src: &str, spec: &EditionSpec) -> Rendered {
    render(src, &doc(src), None, spec)
}

/// The text of `src` rendered for `v` with no converters.
pub fn bare_text(src: &str, v: Variant) -> String {
    run(src, &bare(v)).text
}

/// Asserts the bare rendering for each listed edition.
#[track_caller]
pub fn expect_bare(src: &str, cases: &[(&[Variant], &str)]) {
    for (vs, want) in cases {
        for v in *vs {
            assert_eq!(bare_text(src, *v), *want, "edition {v} of {src:?}");
        }
    }
}

#[allow(unused_imports)]
pub use Variant::{ZhCN, ZhHK, ZhHans, ZhHant, ZhMO, ZhMY, ZhSG, ZhTW};
