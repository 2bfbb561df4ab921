//! Fuzz target: any UTF-8 text, parsed as wikitext, Markdown and plain text.
//!
//! For each format: the spans tile the input, the identity rendering is the input, and each
//! of the eight editions renders without panicking, with every piece the renderer reports as
//! kept equal to its source bytes, the kept pieces covering every `Keep` span, and the kept
//! pieces identical across the eight editions.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use tongwen::document::{Format, Span};
use tongwen::edition::{EditionSpec, Origin, render_identity, render_traced};
use tongwen::markup::{self, ParseOptions};
use tongwen::variant::Variant;

fn editions() -> &'static Vec<EditionSpec> {
    static SPECS: OnceLock<Vec<EditionSpec>> = OnceLock::new();
    SPECS.get_or_init(|| {
        Variant::EDITIONS
            .iter()
            .map(|&v| EditionSpec::new(v))
            .collect()
    })
}

fn check(src: &str, format: Format) {
    let doc = markup::parse_with(src, format, &ParseOptions::default());
    assert_eq!(
        doc.check_tiling(src),
        Ok(()),
        "{format:?}: spans do not tile"
    );
    assert_eq!(render_identity(src, &doc), src, "{format:?}: identity");
    let keeps: Vec<_> = doc
        .spans
        .iter()
        .filter_map(|s| match s {
            Span::Keep(r) if !r.is_empty() => Some(r.clone()),
            _ => None,
        })
        .collect();
    let mut first: Option<Vec<(std::ops::Range<usize>, String)>> = None;
    for spec in editions() {
        let (rendered, pieces) = render_traced(src, &doc, None, spec);
        let joined: String = pieces.iter().map(|p| p.output.as_str()).collect();
        assert_eq!(joined, rendered.text, "{format:?} {}: pieces", spec.variant);
        let mut kept: Vec<(std::ops::Range<usize>, String)> = pieces
            .iter()
            .filter(|p| p.origin == Origin::Kept)
            .map(|p| (p.source.clone(), p.output.clone()))
            .collect();
        for (r, out) in &kept {
            assert_eq!(
                out.as_str(),
                &src[r.clone()],
                "{format:?} {}: kept piece changed",
                spec.variant
            );
        }
        kept.sort_by_key(|k| k.0.start);
        let mut k = 0;
        for r in &keeps {
            let mut at = r.start;
            while k < kept.len() && kept[k].0.end <= at {
                k += 1;
            }
            while k < kept.len() && kept[k].0.start <= at && at < r.end {
                at = at.max(kept[k].0.end);
                k += 1;
            }
            assert!(
                at >= r.end,
                "{format:?} {}: Keep {r:?} not kept",
                spec.variant
            );
        }
        match &first {
            None => first = Some(kept),
            Some(f) => assert_eq!(
                f, &kept,
                "{format:?} {}: kept pieces differ between editions",
                spec.variant
            ),
        }
    }
}

fuzz_target!(|data: &[u8]| {
    if let Ok(src) = std::str::from_utf8(data) {
        for format in [Format::Wikitext, Format::Markdown, Format::Plain] {
            check(src, format);
        }
    }
});
