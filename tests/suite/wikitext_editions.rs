//! Edition-level fixtures: the exact text of all eight editions for wikitext that exercises
//! the constructs (visible text converted span by span, protected bytes kept, bare links
//! relabelled, `-{ }-` shown as its display text).
//!
//! The expected outputs were computed with the official OpenCC 1.4.2 library (configs per
//! `Variant::default_configs`), converting each visible span on its own.
//!
//! Skips (loudly) while `edition::render` is still the identity stub.

use tongwen::edition::{EditionSpec, render};
use tongwen::markup::{ParseOptions, wikitext};
use tongwen::variant::Variant;

fn renderer_is_real() -> bool {
    let doc = wikitext::parse("软件", &ParseOptions::default());
    let out = render("软件", &doc, None, &EditionSpec::new(Variant::ZhTW)).text;
    assert_ne!(out, "软件", "edition::render converts");
    true
}

/// (source, [(edition tag, expected text)]).
const CASES: &[(&str, [(&str, &str); 8])] = &[
    (
        "[[计算机]]们使用'''软件'''和[[内存|内存]]。",
        [
            ("zh-Hans", "[[计算机]]们使用'''软件'''和[[内存|内存]]。"),
            (
                "zh-Hant",
                "[[计算机|計算機]]們使用'''軟件'''和[[内存|內存]]。",
            ),
            ("zh-CN", "[[计算机]]们使用'''软件'''和[[内存|内存]]。"),
            (
                "zh-TW",
                "[[计算机|計算機]]們使用'''軟體'''和[[内存|記憶體]]。",
            ),
            (
                "zh-HK",
                "[[计算机|計算機]]們使用'''軟件'''和[[内存|內存]]。",
            ),
            (
                "zh-MO",
                "[[计算机|計算機]]們使用'''軟件'''和[[内存|內存]]。",
            ),
            ("zh-SG", "[[计算机]]们使用'''软件'''和[[内存|内存]]。"),
            ("zh-MY", "[[计算机]]们使用'''软件'''和[[内存|内存]]。"),
        ],
    ),
    (
        "{{Infobox 软件|名称=软件|标志=软件.png|说明=头发}}<ref name=\"软件\">软件</ref>",
        [
            (
                "zh-Hans",
                "{{Infobox 软件|名称=软件|标志=软件.png|说明=头发}}<ref name=\"软件\">软件</ref>",
            ),
            (
                "zh-Hant",
                "{{Infobox 软件|名称=軟件|标志=软件.png|说明=頭髮}}<ref name=\"软件\">軟件</ref>",
            ),
            (
                "zh-CN",
                "{{Infobox 软件|名称=软件|标志=软件.png|说明=头发}}<ref name=\"软件\">软件</ref>",
            ),
            (
                "zh-TW",
                "{{Infobox 软件|名称=軟體|标志=软件.png|说明=頭髮}}<ref name=\"软件\">軟體</ref>",
            ),
            (
                "zh-HK",
                "{{Infobox 软件|名称=軟件|标志=软件.png|说明=頭髮}}<ref name=\"软件\">軟件</ref>",
            ),
            (
                "zh-MO",
                "{{Infobox 软件|名称=軟件|标志=软件.png|说明=頭髮}}<ref name=\"软件\">軟件</ref>",
            ),
            (
                "zh-SG",
                "{{Infobox 软件|名称=软件|标志=软件.png|说明=头发}}<ref name=\"软件\">软件</ref>",
            ),
            (
                "zh-MY",
                "{{Infobox 软件|名称=软件|标志=软件.png|说明=头发}}<ref name=\"软件\">软件</ref>",
            ),
        ],
    ),
    (
        "[[File:软件.jpg|thumb|alt=软件图标|软件界面]][[Category:软件]][[:Category:软件]]",
        [
            (
                "zh-Hans",
                "[[File:软件.jpg|thumb|alt=软件图标|软件界面]][[Category:软件]][[:Category:软件]]",
            ),
            (
                "zh-Hant",
                "[[File:软件.jpg|thumb|alt=軟件圖標|軟件界面]][[Category:软件]][[:Category:软件|Category:軟件]]",
            ),
            (
                "zh-CN",
                "[[File:软件.jpg|thumb|alt=软件图标|软件界面]][[Category:软件]][[:Category:软件]]",
            ),
            (
                "zh-TW",
                "[[File:软件.jpg|thumb|alt=軟體圖示|軟體介面]][[Category:软件]][[:Category:软件|Category:軟體]]",
            ),
            (
                "zh-HK",
                "[[File:软件.jpg|thumb|alt=軟件圖標|軟件界面]][[Category:软件]][[:Category:软件|Category:軟件]]",
            ),
            (
                "zh-MO",
                "[[File:软件.jpg|thumb|alt=軟件圖標|軟件界面]][[Category:软件]][[:Category:软件|Category:軟件]]",
            ),
            (
                "zh-SG",
                "[[File:软件.jpg|thumb|alt=软件图标|软件界面]][[Category:软件]][[:Category:软件]]",
            ),
            (
                "zh-MY",
                "[[File:软件.jpg|thumb|alt=软件图标|软件界面]][[Category:软件]][[:Category:软件]]",
            ),
        ],
    ),
    (
        "<span title=\"软件\">软件</span><!-- 软件 --><code>软件</code>&nbsp;后台",
        [
            (
                "zh-Hans",
                "<span title=\"软件\">软件</span><!-- 软件 --><code>软件</code>&nbsp;后台",
            ),
            (
                "zh-Hant",
                "<span title=\"軟件\">軟件</span><!-- 软件 --><code>软件</code>&nbsp;後臺",
            ),
            (
                "zh-CN",
                "<span title=\"软件\">软件</span><!-- 软件 --><code>软件</code>&nbsp;后台",
            ),
            (
                "zh-TW",
                "<span title=\"軟體\">軟體</span><!-- 软件 --><code>软件</code>&nbsp;後臺",
            ),
            (
                "zh-HK",
                "<span title=\"軟件\">軟件</span><!-- 软件 --><code>软件</code>&nbsp;後台",
            ),
            (
                "zh-MO",
                "<span title=\"軟件\">軟件</span><!-- 软件 --><code>软件</code>&nbsp;後台",
            ),
            (
                "zh-SG",
                "<span title=\"软件\">软件</span><!-- 软件 --><code>软件</code>&nbsp;后台",
            ),
            (
                "zh-MY",
                "<span title=\"软件\">软件</span><!-- 软件 --><code>软件</code>&nbsp;后台",
            ),
        ],
    ),
    (
        "[https://x.org/软件 软件官网] https://x.org/软件 见",
        [
            (
                "zh-Hans",
                "[https://x.org/软件 软件官网] https://x.org/软件 见",
            ),
            (
                "zh-Hant",
                "[https://x.org/软件 軟件官網] https://x.org/软件 見",
            ),
            (
                "zh-CN",
                "[https://x.org/软件 软件官网] https://x.org/软件 见",
            ),
            (
                "zh-TW",
                "[https://x.org/软件 軟體官網] https://x.org/软件 見",
            ),
            (
                "zh-HK",
                "[https://x.org/软件 軟件官網] https://x.org/软件 見",
            ),
            (
                "zh-MO",
                "[https://x.org/软件 軟件官網] https://x.org/软件 見",
            ),
            (
                "zh-SG",
                "[https://x.org/软件 软件官网] https://x.org/软件 见",
            ),
            (
                "zh-MY",
                "[https://x.org/软件 软件官网] https://x.org/软件 见",
            ),
        ],
    ),
    (
        "== 软件 ==\n* 软件\n{|\n! 软件\n|-\n| style=\"a\" | 软件\n|}",
        [
            (
                "zh-Hans",
                "== 软件 ==\n* 软件\n{|\n! 软件\n|-\n| style=\"a\" | 软件\n|}",
            ),
            (
                "zh-Hant",
                "== 軟件 ==\n* 軟件\n{|\n! 軟件\n|-\n| style=\"a\" | 軟件\n|}",
            ),
            (
                "zh-CN",
                "== 软件 ==\n* 软件\n{|\n! 软件\n|-\n| style=\"a\" | 软件\n|}",
            ),
            (
                "zh-TW",
                "== 軟體 ==\n* 軟體\n{|\n! 軟體\n|-\n| style=\"a\" | 軟體\n|}",
            ),
            (
                "zh-HK",
                "== 軟件 ==\n* 軟件\n{|\n! 軟件\n|-\n| style=\"a\" | 軟件\n|}",
            ),
            (
                "zh-MO",
                "== 軟件 ==\n* 軟件\n{|\n! 軟件\n|-\n| style=\"a\" | 軟件\n|}",
            ),
            (
                "zh-SG",
                "== 软件 ==\n* 软件\n{|\n! 软件\n|-\n| style=\"a\" | 软件\n|}",
            ),
            (
                "zh-MY",
                "== 软件 ==\n* 软件\n{|\n! 软件\n|-\n| style=\"a\" | 软件\n|}",
            ),
        ],
    ),
    (
        "[[軟體]]與[[記憶體|記憶體]]的頭髮",
        [
            ("zh-Hans", "[[軟體|软体]]与[[記憶體|记忆体]]的头发"),
            ("zh-Hant", "[[軟體]]與[[記憶體|記憶體]]的頭髮"),
            ("zh-CN", "[[軟體|软件]]与[[記憶體|内存]]的头发"),
            ("zh-TW", "[[軟體]]與[[記憶體|記憶體]]的頭髮"),
            ("zh-HK", "[[軟體]]與[[記憶體|記憶體]]的頭髮"),
            ("zh-MO", "[[軟體]]與[[記憶體|記憶體]]的頭髮"),
            ("zh-SG", "[[軟體|软件]]与[[記憶體|内存]]的头发"),
            ("zh-MY", "[[軟體|软件]]与[[記憶體|内存]]的头发"),
        ],
    ),
    (
        "-{软件}-软件北-{}-韓",
        [
            ("zh-Hans", "软件软件北韩"),
            ("zh-Hant", "软件軟件北韓"),
            ("zh-CN", "软件软件北韩"),
            ("zh-TW", "软件軟體北韓"),
            ("zh-HK", "软件軟件北韓"),
            ("zh-MO", "软件軟件北韓"),
            ("zh-SG", "软件软件北韩"),
            ("zh-MY", "软件软件北韩"),
        ],
    ),
];

#[test]
fn every_edition_of_every_case() {
    if !renderer_is_real() {
        return;
    }
    let options = ParseOptions::default();
    let mut failures = Vec::new();
    for (src, editions) in CASES {
        let doc = wikitext::parse(src, &options);
        for (tag, want) in editions {
            let v: Variant = tag.parse().unwrap();
            let got = render(src, &doc, None, &EditionSpec::new(v)).text;
            if got != *want {
                failures.push(format!("{tag} {src:?}\n  want {want:?}\n  got  {got:?}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn no_content_conversion_keeps_the_source() {
    if !renderer_is_real() {
        return;
    }
    let src = "__NOCC__[[计算机]]软件";
    let doc = wikitext::parse(src, &ParseOptions::default());
    assert!(doc.meta.no_content_conversion);
    for v in Variant::EDITIONS {
        assert_eq!(
            render(src, &doc, None, &EditionSpec::new(v)).text,
            src,
            "{v}"
        );
    }
}
