//! Properties every parser must keep for ANY input (wikitext, Markdown, plain text):
//! - no panic;
//! - the spans tile the input and the identity rendering gives the input back;
//! - rendering each of the eight editions keeps every protected byte: every piece the renderer
//!   reports as kept equals its source bytes, the kept pieces cover every `Keep` span, and
//!   they are the same pieces in every edition.
//!
//! Inputs are random concatenations of markup fragments (brackets, tags, tables, links, URLs,
//! `-{ }-`, entities, quotes …), CJK words and arbitrary strings, so malformed markup is the
//! common case.

use std::sync::OnceLock;

use proptest::prelude::*;
use tongwen::document::{Document, Format, Span};
use tongwen::edition::{EditionSpec, Origin, render, render_identity, render_traced};
use tongwen::markup::{self, ParseOptions};
use tongwen::variant::Variant;

const FRAGMENTS: &[&str] = &[
    "[[",
    "]]",
    "[",
    "]",
    "{{",
    "}}",
    "{{{",
    "}}}",
    "|",
    "||",
    "=",
    "-{",
    "}-",
    "-{{",
    ";",
    ":",
    "zh-hans:",
    "zh-hant:",
    "zh-tw:",
    "H|",
    "A|",
    "T|",
    "R|",
    "<ref>",
    "</ref>",
    "<ref name=\"软件\" />",
    "<!--",
    "-->",
    "<nowiki>",
    "</nowiki>",
    "<math>",
    "</math>",
    "<code>",
    "</code>",
    "<pre>",
    "</pre>",
    "<gallery>",
    "</gallery>",
    "<poem>",
    "</poem>",
    "<span title=\"软件\">",
    "</span>",
    "<br />",
    "<references />",
    "'''",
    "''",
    "'",
    "\n",
    "\n*",
    "\n#",
    "\n:",
    "\n;",
    "\n ",
    "\n==",
    "==",
    "\n{|",
    "\n|-",
    "\n|",
    "\n!",
    "!!",
    "\n|}",
    "\n|+",
    "http://x.org/软件",
    "https://例子.org",
    "//x.org",
    "mailto:a@b",
    "[http://x.org ",
    "&amp;",
    "&#x8F6F;",
    "&nbsp;",
    "&",
    "File:",
    "文件:",
    "Category:",
    "分类:",
    "en:",
    ":",
    "#",
    "NoteTA",
    "noteTA|G1=IT|1=zh-cn:内存;zh-tw:記憶體;",
    "#if:",
    "#switch:",
    "DISPLAYTITLE:",
    "DEFAULTSORT:",
    "__NOCC__",
    "__NOTOC__",
    "__",
    "#REDIRECT ",
    "#重定向 ",
    "thumb",
    "alt=",
    "link=",
    "200px",
    "软件",
    "计算机",
    "內存",
    "記憶體",
    "头发",
    "后台",
    "們",
    " ",
    "a",
    "x",
    "\t",
    "\r\n",
    "😀",
    "é",
    // Markdown (the export's links, pandoc's escapes, code, emphasis, math).
    "\\",
    "\\-{",
    "`",
    "**",
    "](",
    "(../Page/软件.md \"wikilink\")",
    "![",
    "\n```\n",
    "$",
    "$$",
    "<span title=\"内存\">",
];

fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => proptest::sample::select(FRAGMENTS).prop_map(str::to_string),
        1 => "\\PC{0,6}",
        1 => "[\\x00-\\x7f]{0,4}",
    ]
}

fn markupish() -> impl Strategy<Value = String> {
    proptest::collection::vec(fragment(), 0..48).prop_map(|v| v.concat())
}

fn editions() -> &'static Vec<EditionSpec> {
    static SPECS: OnceLock<Vec<EditionSpec>> = OnceLock::new();
    SPECS.get_or_init(|| {
        Variant::EDITIONS
            .iter()
            .map(|&v| EditionSpec::new(v))
            .collect()
    })
}

fn check(src: &str, format: Format) -> Result<(), TestCaseError> {
    let doc: Document = markup::parse_with(src, format, &ParseOptions::default());
    prop_assert_eq!(doc.check_tiling(src), Ok(()), "tiling ({:?})", format);
    prop_assert_eq!(render_identity(src, &doc), src);
    let keeps: Vec<_> = doc
        .spans
        .iter()
        .filter_map(|s| match s {
            Span::Keep(r) if !r.is_empty() => Some(r.clone()),
            _ => None,
        })
        .collect();
    let mut first_kept: Option<Vec<std::ops::Range<usize>>> = None;
    for spec in editions() {
        let plain = render(src, &doc, None, spec);
        let (traced, pieces) = render_traced(src, &doc, None, spec);
        prop_assert_eq!(&plain.text, &traced.text);
        let joined: String = pieces.iter().map(|p| p.output.as_str()).collect();
        prop_assert_eq!(&joined, &plain.text);
        let mut kept: Vec<_> = Vec::new();
        for p in &pieces {
            if p.origin == Origin::Kept {
                prop_assert_eq!(
                    p.output.as_str(),
                    &src[p.source.clone()],
                    "kept piece changed in {}",
                    spec.variant
                );
                kept.push(p.source.clone());
            }
        }
        // Every Keep span is covered by kept pieces, the same in every edition.
        kept.sort_by_key(|r| r.start);
        match &first_kept {
            None => first_kept = Some(kept.clone()),
            Some(f) => prop_assert_eq!(f, &kept, "kept pieces differ in {}", spec.variant),
        }
        let mut k = 0;
        for r in &keeps {
            let mut at = r.start;
            while k < kept.len() && kept[k].end <= at {
                k += 1;
            }
            while k < kept.len() && kept[k].start <= at && at < r.end {
                at = at.max(kept[k].end);
                k += 1;
            }
            prop_assert!(
                at >= r.end,
                "Keep {:?} ({:?}) not kept verbatim in {}",
                r,
                &src[r.clone()],
                spec.variant
            );
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn wikitext_invariants(src in markupish()) {
        check(&src, Format::Wikitext)?;
    }

    #[test]
    fn markdown_invariants(src in markupish()) {
        check(&src, Format::Markdown)?;
    }

    #[test]
    fn plain_invariants(src in markupish()) {
        check(&src, Format::Plain)?;
    }

    #[test]
    fn wikitext_arbitrary_text(src in "\\PC{0,200}") {
        check(&src, Format::Wikitext)?;
    }
}
