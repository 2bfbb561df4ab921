//! Properties of the renderer on arbitrary input: no panic, identity, traced = plain, NOCC,
//! deep nesting, many brackets, and a linear-time check on pathological bodies.

use crate::helpers::common;

use common::*;
use proptest::prelude::*;
use tongwen::Variant;
use tongwen::document::{Document, Span};
use tongwen::edition::{EditionSpec, render, render_identity, render_traced};
use tongwen::rules::markup::{ConvMarkup, MarkupPart};

/// Text made of the characters that matter to `-{ }-` bodies.
fn body_text() -> impl Strategy<Value = String> {
    let atoms = prop::sample::select(vec![
        "-{",
        "}-",
        "|",
        ";",
        ":",
        "=>",
        "=&gt;",
        "&amp;",
        "zh-cn:",
        "zh-tw:",
        "zh-hk:",
        "zh-hans:",
        "zh-hant:",
        "zh-Hant-TW:",
        "zh:",
        "H|",
        "A|",
        "-|",
        "T|",
        "D|",
        "N|",
        "R|",
        "zh-hans;zh-hant|",
        "[[",
        "]]",
        "{{",
        "}}",
        "软件",
        "軟體",
        "内存",
        "x",
        " ",
        "\n",
        "“",
        "”",
        "0",
        "{{NoteTA|1=zh-cn:甲;zh-tw:乙;|G1=IT}}",
    ]);
    prop::collection::vec(atoms, 0..40).prop_map(|v| v.concat())
}

fn all_specs() -> Vec<EditionSpec> {
    let mut v = Vec::new();
    for e in Variant::EDITIONS {
        v.push(EditionSpec {
            keep_markup: false,
            localize_quotes: true,
            ..with_groups(
                spec(e),
                &[("it.yaml", "name: IT\nrules: [\"zh-cn:软件;zh-tw:軟體\"]\n")],
            )
        });
        v.push(EditionSpec {
            keep_markup: true,
            ..bare(e)
        });
    }
    v
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn arbitrary_bodies_render_without_panic(src in body_text()) {
        let d = doc(&src);
        prop_assert_eq!(render_identity(&src, &d), src.clone());
        for s in all_specs() {
            let r = render(&src, &d, Some("软件"), &s);
            let (t, pieces) = render_traced(&src, &d, Some("软件"), &s);
            prop_assert_eq!(&t, &r);
            let joined: String = pieces.iter().map(|p| p.output.as_str()).collect();
            prop_assert_eq!(joined, r.text.clone());
            let mut nocc = d.clone();
            nocc.meta.no_content_conversion = true;
            prop_assert_eq!(render(&src, &nocc, None, &s).text, src.clone());
        }
    }

    #[test]
    fn arbitrary_hand_built_documents_do_not_panic(
        src in body_text(),
        raw in prop::collection::vec((0u8..5, 0usize..80, 0usize..80), 0..12),
    ) {
        let spans = raw
            .into_iter()
            .map(|(k, a, b)| match k {
                0 => Span::Text(a..b),
                1 => Span::Keep(a..b),
                2 => Span::LinkLabel { shown: a..b },
                3 => Span::Markup(Box::new(ConvMarkup {
                    range: a..b,
                    escape: a % 2 == 1,
                    body: vec![MarkupPart::Text(b..a), MarkupPart::Text(a..b)],
                })),
                _ => Span::NoteTA(Box::new(tongwen::document::NoteTA {
                    at: a,
                    title: Some(a..b),
                    rules: vec![b..a, a..b],
                    groups: vec![a..b, b..a],
                })),
            })
            .collect();
        let d = Document { spans, ..Default::default() };
        for s in all_specs() {
            let _ = render(&src, &d, Some("x"), &s);
            let _ = render_traced(&src, &d, None, &s);
        }
    }
}

#[test]
fn deep_nesting_and_many_brackets() {
    // 10 levels evaluate; deeper levels stay literal.
    for depth in [1usize, 9, 10, 11, 50] {
        let src = format!("{}核心{}", "-{zh-tw:".repeat(depth), "}-".repeat(depth));
        for v in [ZhTW, ZhCN] {
            let r = run(&src, &bare(v));
            let (t, pieces) = render_traced(&src, &doc(&src), None, &bare(v));
            assert_eq!(t, r);
            assert_eq!(
                pieces.iter().map(|p| p.output.as_str()).collect::<String>(),
                r.text
            );
        }
    }
    assert_eq!(
        bare_text(
            &format!("{}核心{}", "-{zh-tw:".repeat(10), "}-".repeat(10)),
            ZhTW
        ),
        "核心"
    );
    // 100,000 unclosed `-{` and 100,000 empty blocks.
    let unclosed = "-{".repeat(100_000);
    assert_eq!(bare_text(&unclosed, ZhTW), unclosed);
    let empties = "甲-{}-".repeat(100_000);
    assert_eq!(bare_text(&empties, ZhTW), "甲".repeat(100_000));
    // 100,000 tiny rules, then text: one table build, linear scan.
    let rules: String = (0..20_000)
        .map(|i| format!("-{{H|k{i}=>zh-tw:v{i}}}-"))
        .collect();
    let src = format!("{rules}k1 k19999 k5");
    assert_eq!(bare_text(&src, ZhTW), "v1 v19999 v5");
    // Rules interleaved with text: the page layer is rebuilt lazily and stays correct.
    let src: String = (0..2_000)
        .map(|i| format!("-{{H|w{i}=>zh-tw:W}}-w{i} "))
        .collect();
    let want: String = (0..2_000).map(|_| "W ").collect();
    assert_eq!(bare_text(&src, ZhTW), want);
}
