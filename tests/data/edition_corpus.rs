//! Every article of the corpus (`../shared/corpus`, or `$TONGWEN_SHARED/corpus`), parsed and
//! rendered for the eight editions: traced pieces concatenate to the text, the identity
//! rendering is the source, every warning is one of the two documented kinds, `__NOCC__`
//! articles come out unchanged, and a CGroup file silences the missing-group warning for the
//! groups it defines. Prints a summary. Skips loudly when the corpus is absent.

use crate::helpers::shared_data::{shared, skipped};
use std::path::PathBuf;

use regex::Regex;
use tongwen::Variant;
use tongwen::document::{Format, Span};
use tongwen::edition::{
    EditionSpec, Preconverted, render, render_identity, render_traced, render_with,
};
use tongwen::rules::CGroups;

fn corpus() -> Option<Vec<(String, Format, String)>> {
    let shared = shared();
    let mut out = Vec::new();
    for (sub, ext, format) in [
        ("wikitext", "wiki", Format::Wikitext),
        ("markdown", "md", Format::Markdown),
    ] {
        let dir = shared.join("corpus").join(sub);
        let Ok(rd) = std::fs::read_dir(&dir) else {
            skipped(format_args!(
                "SKIPPED edition_corpus: no corpus at {} (set TONGWEN_SHARED)",
                dir.display()
            ));
            return None;
        };
        let mut files: Vec<PathBuf> = rd
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == ext))
            .collect();
        files.sort();
        for p in files {
            let text = std::fs::read_to_string(&p).unwrap();
            out.push((p.display().to_string(), format, text));
        }
    }
    Some(out)
}

#[test]
fn every_edition_of_every_article() {
    let Some(articles) = corpus() else { return };
    let warning = Regex::new(
        r"^\d+:\d+: (-\{ \}- has no text for zh-\w+ \(MediaWiki shows an error here\); the markup is kept as written|NoteTA names conversion group `[^`]+`, which no CGroup file defines; its rules are not applied)$",
    )
    .unwrap();
    let specs: Vec<EditionSpec> = Variant::EDITIONS
        .iter()
        .map(|v| EditionSpec::new(*v))
        .collect();
    let (mut blocks, mut notes, mut warned) = (0, 0, 0);
    for (name, format, src) in &articles {
        let doc = tongwen::markup::parse(src, *format);
        assert_eq!(render_identity(src, &doc), *src, "{name}");
        blocks += doc
            .spans
            .iter()
            .filter(|s| matches!(s, Span::Markup(_)))
            .count();
        notes += doc
            .spans
            .iter()
            .filter(|s| matches!(s, Span::NoteTA(_)))
            .count();
        for spec in &specs {
            let plain = render(src, &doc, Some("标题"), spec);
            // The batched conversion of the text spans renders the same edition.
            let pre = Preconverted::of(src, &doc, &spec.converters);
            assert!(pre.is_some(), "{name}: the built-in chains batch");
            let batched = render_with(src, &doc, Some("标题"), spec, pre.as_ref());
            assert_eq!(batched, plain, "{name} {} (batched)", spec.variant);
            let (traced, pieces) = render_traced(src, &doc, Some("标题"), spec);
            assert_eq!(traced, plain, "{name} {}", spec.variant);
            let joined: String = pieces.iter().map(|p| p.output.as_str()).collect();
            assert!(
                joined == plain.text,
                "{name} {}: pieces differ from text",
                spec.variant
            );
            if doc.meta.no_content_conversion {
                assert_eq!(plain.text, *src, "{name}");
            }
            for w in &plain.warnings {
                assert!(warning.is_match(w), "{name} {}: {w}", spec.variant);
                warned += 1;
            }
        }
    }
    eprintln!(
        "edition_corpus: {} articles × 8 editions, {blocks} -{{ }}- blocks, {notes} NoteTA, {warned} warnings",
        articles.len()
    );
}

#[test]
fn a_cgroup_file_supplies_the_groups_notes_name() {
    let Some(articles) = corpus() else { return };
    let Some((name, format, src)) = articles
        .iter()
        .find(|(_, f, s)| *f == Format::Wikitext && s.contains("G1=IT"))
    else {
        skipped(format_args!("SKIPPED: no article names G1=IT"));
        return;
    };
    let mut groups = CGroups::default();
    groups
        .add_text(
            "it.yaml",
            "IT",
            "name: IT\nrules:\n  - zh-cn:软件; zh-tw:軟體; zh-hk:軟件;\n",
        )
        .unwrap();
    let spec = EditionSpec {
        cgroups: std::sync::Arc::new(groups),
        ..EditionSpec::new(Variant::ZhTW)
    };
    let doc = tongwen::markup::parse(src, *format);
    let r = render(src, &doc, None, &spec);
    assert!(
        r.warnings.iter().all(|w| !w.contains("`IT`")),
        "{name}: {:?}",
        r.warnings
    );
}
