//! `check` findings of each kind, exactly, through the library API (the JSON the CLI prints).
//! Conversions and dictionary values are OpenCC 1.4.2's (checked with the official library
//! and the dictionaries in dictionaries/opencc).

use std::sync::Arc;

use tongwen::document::Format;
use tongwen::edition::EditionSpec;
use tongwen::markup::ParseOptions;
use tongwen::review::{Finding, check_source};
use tongwen::rules::Glossary;
use tongwen::variant::Variant;

fn editions(glossary: Option<&str>) -> Vec<EditionSpec> {
    let g = glossary.map(|y| Arc::new(Glossary::parse("house.yaml", y).expect("glossary")));
    Variant::EDITIONS
        .iter()
        .map(|v| EditionSpec {
            glossaries: g.iter().cloned().collect(),
            ..EditionSpec::new(*v)
        })
        .collect()
}

fn check(name: &str, src: &str, glossary: Option<&str>) -> Vec<Finding> {
    let format = Format::from_path(std::path::Path::new(name));
    check_source(
        name,
        src,
        format,
        &editions(glossary),
        &ParseOptions::default(),
    )
    .findings
}

fn of_kind(findings: Vec<Finding>, kind: &str) -> Vec<Finding> {
    findings.into_iter().filter(|f| f.kind == kind).collect()
}

#[allow(clippy::too_many_arguments)]
fn finding(
    file: &str,
    line: usize,
    column: usize,
    kind: &str,
    severity: &str,
    text: &str,
    editions: &[&str],
    candidates: &[&str],
    suggestion: &str,
) -> Finding {
    Finding {
        file: file.into(),
        line,
        column,
        kind: kind.into(),
        severity: severity.into(),
        text: text.into(),
        editions: editions.iter().map(|s| s.to_string()).collect(),
        candidates: candidates.iter().map(|s| s.to_string()).collect(),
        suggestion: suggestion.into(),
    }
}

const ALL: [&str; 8] = [
    "zh-Hans", "zh-Hant", "zh-CN", "zh-TW", "zh-HK", "zh-MO", "zh-SG", "zh-MY",
];

/// 干了 has two values in STPhrases (幹了 乾了); s2t, s2twp and s2hkp use 幹了; t2s and tw2sp
/// leave it.
#[test]
fn ambiguous_phrase_is_grouped_across_editions() {
    assert_eq!(
        check("a.txt", "他干了一杯。\n", None),
        vec![finding(
            "a.txt",
            1,
            2,
            "ambiguous",
            "warning",
            "干了",
            &["zh-Hant", "zh-TW", "zh-HK", "zh-MO"],
            &["幹了", "乾了"],
            "-{zh-hans:干了;zh-hant:幹了;}-",
        )]
    );
}

/// An `-{H|…}-` rule settles 干了 for the regional editions; zh-Hant takes no bidirectional
/// rule (MediaWiki), so it still uses the dictionary's default. The suggestion spells out
/// what every edition shows now.
#[test]
fn a_rule_in_force_settles_the_ambiguity() {
    assert_eq!(
        check("a.wiki", "-{H|zh-cn:干了;zh-tw:乾了;}-他干了一杯。\n", None),
        vec![finding(
            "a.wiki",
            1,
            26,
            "ambiguous",
            "warning",
            "干了",
            &["zh-Hant"],
            &["幹了", "乾了"],
            "-{zh-hans:干了;zh-hant:幹了;zh-tw:乾了;zh-hk:乾了;zh-mo:乾了;}-",
        )]
    );
}

/// Text inside `-{ }-` and protected spans (link targets, comments) is never a finding; the
/// label of a link is visible text. Columns count characters.
#[test]
fn markup_and_protected_spans_are_not_findings() {
    assert_eq!(check("b.wiki", "他-{干了}-一杯。\n", None), vec![]);
    assert_eq!(
        check("c.wiki", "[[干了|他干了]]<!-- 干了 -->\n", None),
        vec![finding(
            "c.wiki",
            1,
            7,
            "ambiguous",
            "warning",
            "干了",
            &["zh-Hant", "zh-TW", "zh-HK", "zh-MO"],
            &["幹了", "乾了"],
            "-{zh-hans:干了;zh-hant:幹了;}-",
        )]
    );
}

/// 9 Traditional-only characters (們討論這個問題時 難) and 6 Simplified-only ones (发现这个结论):
/// the first Simplified run, ended by the majority script's 難 (很 is in both scripts).
#[test]
fn mixed_script_paragraph() {
    assert_eq!(
        of_kind(
            check("d.txt", "我們討論這個問題時，发现这个结论很難。\n", None),
            "mixed-script"
        ),
        vec![finding(
            "d.txt",
            1,
            11,
            "mixed-script",
            "note",
            "发现这个结论",
            &ALL,
            &[],
            "發現這個結論",
        )]
    );
    // One stray character is not a mix; neither are two paragraphs in two scripts.
    assert_eq!(
        of_kind(
            check("d.txt", "我們討論這個問題时。\n", None),
            "mixed-script"
        ),
        vec![]
    );
    assert_eq!(
        of_kind(
            check("d.md", "我們討論這個問題。\n\n我们讨论这个问题。\n", None),
            "mixed-script"
        ),
        vec![]
    );
}

const SOFTWARE: &str = "entries:\n  - zh-cn: 软件\n    zh-tw: 軟體\n    zh-hk: 軟件\n";

/// A page rule that says otherwise than the glossary, after it, wins in zh-TW: reported there.
#[test]
fn glossary_conflict_with_a_page_rule() {
    assert_eq!(
        check(
            "e.wiki",
            "-{H|zh-cn:软件;zh-tw:軟件;}-软件很好。\n",
            Some(SOFTWARE)
        ),
        vec![finding(
            "e.wiki",
            1,
            25,
            "glossary-conflict",
            "warning",
            "软件",
            &["zh-TW"],
            &["軟體"],
            "-{zh-cn:软件;zh-tw:軟體;zh-hk:軟件;}-",
        )]
    );
    // Applied by the renderer: nothing to report.
    assert_eq!(check("e.txt", "软件很好。\n", Some(SOFTWARE)), vec![]);
}

/// 软件开发 is one dictionary phrase starting before the glossary's 开发 (leftmost-longest):
/// the editions whose form differs (zh-TW, and zh-HK and zh-MO through their fallbacks) are
/// told; zh-Hant takes only forms written for it.
#[test]
fn glossary_conflict_with_a_dictionary_phrase() {
    let g = "entries:\n  - zh-cn: 开发\n    zh-tw: 研發\n";
    assert_eq!(
        of_kind(
            check("f.txt", "软件开发很难。\n", Some(g)),
            "glossary-conflict"
        ),
        vec![finding(
            "f.txt",
            1,
            3,
            "glossary-conflict",
            "warning",
            "开发",
            &["zh-TW", "zh-HK", "zh-MO"],
            &["研發"],
            "-{zh-cn:开发;zh-tw:研發;}-",
        )]
    );
}

/// A `keep` word that markup shows otherwise.
#[test]
fn glossary_conflict_with_a_keep_word() {
    assert_eq!(
        check(
            "g.wiki",
            "-{zh-hans:干隆;zh-hant:乾隆;}-皇帝\n",
            Some("entries:\n  - keep: 乾隆\n")
        ),
        vec![finding(
            "g.wiki",
            1,
            22,
            "glossary-conflict",
            "warning",
            "乾隆",
            &["zh-Hans", "zh-CN", "zh-SG", "zh-MY"],
            &["乾隆"],
            "-{乾隆}-",
        )]
    );
}

#[test]
fn markup_hazards() {
    let src = "前-{zh-tw=軟體;zh-hk:軟件}-後\n-{zh:甲;zh-tw:乙}-\n未閉合-{abc\n";
    assert_eq!(
        of_kind(check("h.wiki", src, None), "markup-hazard"),
        vec![
            finding(
                "h.wiki",
                1,
                2,
                "markup-hazard",
                "error",
                "-{zh-tw=軟體;zh-hk:軟件}-",
                &ALL,
                &[],
                "-{zh-tw:軟體;zh-hk:軟件}-",
            ),
            finding(
                "h.wiki",
                2,
                1,
                "markup-hazard",
                "error",
                "-{zh:甲;zh-tw:乙}-",
                &["zh-Hans", "zh-CN", "zh-SG", "zh-MY"],
                &[],
                "add an entry for zh-hans, zh-cn, zh-sg, zh-my (or a variant it falls back to): without one MediaWiki shows an error there",
            ),
            finding(
                "h.wiki",
                3,
                4,
                "markup-hazard",
                "error",
                "-{",
                &ALL,
                &[],
                "close the block with }- (or write &#45;{ for a literal -{)",
            ),
        ]
    );
    // A NoteTA group no CGroup file defines.
    assert_eq!(
        check("i.wiki", "{{NoteTA|G1=IT}}\n", None),
        vec![finding(
            "i.wiki",
            1,
            13,
            "markup-hazard",
            "note",
            "IT",
            &ALL,
            &[],
            "conversion group `IT` is not loaded: give a CGroup file that defines it (pipeline.yaml cgroups)",
        )]
    );
}

/// `__NOCC__` turns conversion off: nothing is ambiguous, hazards still count.
#[test]
fn no_content_conversion() {
    assert_eq!(check("j.wiki", "__NOCC__他干了一杯。\n", None), vec![]);
}

#[test]
fn restricting_editions() {
    let specs: Vec<EditionSpec> = [Variant::ZhCN, Variant::ZhTW]
        .iter()
        .map(|v| EditionSpec::new(*v))
        .collect();
    let r = check_source(
        "a.txt",
        "他干了一杯。\n",
        Format::Plain,
        &specs,
        &ParseOptions::default(),
    );
    assert_eq!(
        r.findings,
        vec![finding(
            "a.txt",
            1,
            2,
            "ambiguous",
            "warning",
            "干了",
            &["zh-TW"],
            &["幹了", "乾了"],
            "-{zh-hans:干了;zh-hant:幹了;}-",
        )]
    );
}
