//! `-{ }-` forms, flags, fallbacks, scope and precedence, per edition, exact output.
//! These run with no converters (only page rules change text), so they hold whatever the
//! engine does; engine interplay is in `edition_engine.rs`.

use crate::helpers::common;

use common::*;
use tongwen::Variant;

const HANS_SIDE: &[Variant] = &[ZhHans, ZhCN, ZhSG, ZhMY];
const HANT_SIDE: &[Variant] = &[ZhHant, ZhTW, ZhHK, ZhMO];

#[test]
fn raw_forms_show_their_text_unconverted() {
    for src in ["甲-{乙丙}-丁", "甲-{R|乙丙}-丁"] {
        expect_bare(src, &[(&ALL, "甲乙丙丁")]);
    }
    expect_bare("-{R|zh-cn:甲;zh-tw:乙}-", &[(&ALL, "zh-cn:甲;zh-tw:乙")]);
    expect_bare("-{|空的旗标}-", &[(&ALL, "空的旗标")]);
    expect_bare("-{R|R|R}-", &[(&ALL, "R|R")]);
    // Unknown flags are ignored; a body with no variant is raw.
    expect_bare("-{X;Y|文本}-", &[(&ALL, "文本")]);
    // An entry naming an unknown variant makes the whole body raw.
    expect_bare(
        "-{http://example.org/a}-",
        &[(&ALL, "http://example.org/a")],
    );
    expect_bare("-{xx:甲;zh-cn:乙}-", &[(&ALL, "xx:甲;zh-cn:乙")]);
    // `=&gt;` stays encoded under R.
    expect_bare("-{R|a=&gt;b}-", &[(&ALL, "a=&gt;b")]);
}

#[test]
fn variant_lists_follow_mediawiki_fallbacks() {
    expect_bare(
        "[-{zh-hans:简;zh-hant:繁}-]",
        &[(HANS_SIDE, "[简]"), (HANT_SIDE, "[繁]")],
    );
    // zh-mo falls back to zh-hk first (MediaWiki), not to zh-hant.
    let src = "-{zh-hant:乙;zh-hk:丁}-";
    expect_bare(src, &[(&[ZhHK, ZhMO], "丁"), (&[ZhHant, ZhTW], "乙")]);
    // zh-sg falls back to zh-my first.
    expect_bare(
        "-{zh-hans:甲;zh-my:戊}-",
        &[(&[ZhSG, ZhMY], "戊"), (&[ZhHans, ZhCN], "甲")],
    );
    // Every region given.
    expect_bare(
        "-{zh-cn:1;zh-tw:2;zh-hk:3;zh-mo:4;zh-sg:5;zh-my:6;zh-hans:7;zh-hant:8}-",
        &[
            (&[ZhCN], "1"),
            (&[ZhTW], "2"),
            (&[ZhHK], "3"),
            (&[ZhMO], "4"),
            (&[ZhSG], "5"),
            (&[ZhMY], "6"),
            (&[ZhHans], "7"),
            (&[ZhHant], "8"),
        ],
    );
    // BCP 47 codes, any case in the code itself.
    expect_bare(
        "-{zh-Hans:简;zh-Hant-TW:台}-",
        &[(&[ZhTW, ZhHant], "台"), (HANS_SIDE, "简")],
    );
    // Values are trimmed; whitespace around codes allowed.
    expect_bare(
        "-{ zh-cn : 甲 ; zh-tw :乙 }-",
        &[(&[ZhCN], "甲"), (&[ZhTW], "乙")],
    );
    // A value spanning lines.
    expect_bare(
        "-{zh-tw:* 一;\nzh-cn:* 二}-",
        &[(&[ZhTW], "* 一"), (&[ZhCN], "* 二")],
    );
}

#[test]
fn no_text_for_the_edition_keeps_the_markup_and_warns() {
    let src = "前-{zh:中;zh-tw:台}-后";
    let r = run(src, &bare(ZhCN));
    assert_eq!(r.text, "前-{zh:中;zh-tw:台}-后");
    assert_eq!(
        r.warnings,
        [
            "1:2: -{ }- has no text for zh-CN (MediaWiki shows an error here); the markup is kept as written"
        ]
    );
    let r = run(src, &bare(ZhTW));
    assert_eq!(r.text, "前台后");
    assert!(r.warnings.is_empty());
    // A unidirectional-only body shows nothing matching for other variants either.
    let r = run("-{甲=>zh-cn:乙}-", &bare(ZhTW));
    assert_eq!(r.text, "-{甲=>zh-cn:乙}-");
    assert_eq!(r.warnings.len(), 1);
    assert_eq!(bare_text("-{甲=>zh-cn:乙}-", ZhCN), "乙");
}

#[test]
fn separator_rule_entities_and_case() {
    // `;` inside CSS is not a separator.
    expect_bare(
        "-{zh-cn:<span style=\"color:red;\">红</span>;zh-tw:紅}-",
        &[
            (&[ZhCN, ZhSG], "<span style=\"color:red;\">红</span>"),
            (&[ZhTW, ZhHK], "紅"),
        ],
    );
    // The `;` of an entity never separates.
    expect_bare("-{zh-cn:甲&amp;zh-tw:乙}-", &[(&[ZhCN], "甲&amp;zh-tw:乙")]);
    expect_bare(
        "-{zh-cn:甲&#x3B;;zh-tw:乙}-",
        &[(&[ZhCN], "甲&#x3B;"), (&[ZhTW], "乙")],
    );
    // Only exact spellings separate: `zh-TW` after `;` is part of the zh-cn text.
    let r = run("-{zh-cn:甲;zh-TW:乙}-", &bare(ZhCN));
    assert_eq!(r.text, "甲;zh-TW:乙");
    // Text without a colon after a `;` belongs to the previous value.
    expect_bare(
        "-{zh-cn:金·米尔福特; zh-tw:金·米爾福特; 真·米爾福特;}-",
        &[(&[ZhTW], "金·米爾福特; 真·米爾福特")],
    );
}

#[test]
fn h_rules_apply_from_their_position_in_regional_editions_only() {
    let src = "Foo -{H|zh-cn:Foo;zh-tw:Bar}-Foo Bar";
    expect_bare(
        src,
        &[
            (&[ZhTW, ZhHK, ZhMO], "Foo Bar Bar"),
            (&[ZhCN, ZhSG, ZhMY], "Foo Foo Foo"),
            (&[ZhHans, ZhHant], "Foo Foo Bar"),
        ],
    );
    // Script texts feed the regional editions through the fallback chains.
    expect_bare(
        "-{H|zh-hant:電電電;zh-hans:气气气}-電電電 气气气",
        &[
            (&[ZhCN, ZhSG, ZhMY], "气气气 气气气"),
            (&[ZhTW, ZhHK, ZhMO], "電電電 電電電"),
            (&[ZhHans, ZhHant], "電電電 气气气"),
        ],
    );
}

#[test]
fn a_rules_show_and_apply() {
    let src = "-{A|zh-cn:甲甲;zh-hk:乙乙;zh-tw:丙丙;}-|甲甲,乙乙,丙丙";
    expect_bare(
        src,
        &[
            (&[ZhCN, ZhSG, ZhMY], "甲甲|甲甲,甲甲,甲甲"),
            (&[ZhHK, ZhMO], "乙乙|乙乙,乙乙,乙乙"),
            (&[ZhTW], "丙丙|丙丙,丙丙,丙丙"),
            // Script editions show via fallback but take no bidirectional pair.
            (&[ZhHans], "甲甲|甲甲,乙乙,丙丙"),
            (&[ZhHant], "丙丙|甲甲,乙乙,丙丙"),
        ],
    );
}

#[test]
fn remove_rules_delete_keys_from_their_position() {
    let src = "-{H|zh-cn:甲甲;zh-hk:乙乙;zh-tw:丙丙;}-+甲甲,乙乙 -{-|zh-cn:甲甲;zh-hk:乙乙;zh-tw:丙丙;}- -甲甲,乙乙";
    expect_bare(
        src,
        &[
            (&[ZhTW], "+丙丙,丙丙  -甲甲,乙乙"),
            (&[ZhCN], "+甲甲,甲甲  -甲甲,乙乙"),
            (&[ZhHans], "+甲甲,乙乙  -甲甲,乙乙"),
        ],
    );
}

#[test]
fn unidirectional_rules_are_not_inherited() {
    let src = "-{H|電電電=>zh-cn:气气气}-電電電";
    expect_bare(
        src,
        &[
            (&[ZhCN], "气气气"),
            (&[ZhSG, ZhMY, ZhHans, ZhHant, ZhTW, ZhHK, ZhMO], "電電電"),
        ],
    );
    let src = "-{H|電電電=>zh-hans:气气气}-電電電";
    expect_bare(
        src,
        &[(&[ZhHans], "气气气"), (&[ZhCN, ZhSG, ZhTW], "電電電")],
    );
    // `=&gt;` is decoded in rules.
    expect_bare(
        "-{H|甲=&gt;zh-tw:乙}-甲",
        &[(&[ZhTW], "乙"), (&[ZhCN], "甲")],
    );
    // Later rules override earlier ones; the last of repeated keys in one block wins.
    let src = "-{H|0=>zh-cn:B}--{H|0=>zh-cn:C;0=>zh-cn:D}--{H|0=>zh-hans:A}-012345-{A|zh-tw:0;zh-cn:E;}-012345";
    expect_bare(src, &[(&[ZhCN], "D12345EE12345")]);
}

#[test]
fn h_without_colon_protects_the_word_in_regional_editions() {
    let src = "-{H|zh-cn:China;zh-tw:Taiwan}-China -{H|China}-China";
    expect_bare(
        src,
        &[
            (&[ZhTW, ZhHK, ZhMO], "Taiwan China"),
            (&[ZhCN], "China China"),
        ],
    );
    // With no colon, A shows the word and protects it too.
    expect_bare(
        "-{H|zh-cn:甲;zh-tw:乙}-甲-{A|甲}-甲",
        &[(&[ZhTW], "乙甲甲"), (&[ZhCN], "甲甲甲")],
    );
    // An empty H adds nothing.
    expect_bare("-{H|}-foobar", &[(&ALL, "foobar")]);
    // Empty values and empty `from` are ignored.
    expect_bare(
        "-{H|zh-cn:foo;zh-tw:;}-foobar",
        &[(&[ZhCN, ZhTW], "foobar")],
    );
    expect_bare("-{H|=>zh-cn:foo;}-foobar", &[(&[ZhCN], "foobar")]);
}

#[test]
fn description_and_name_flags() {
    let src = "-{D|zh-cn:XA; zh-tw:YA}-/-{A;D|zh-cn:XB; zh-tw:YB}-/-{D;H|zh-cn:XC; zh-tw:YC}-/-{D;H|FOO=>zh-tw:BAR;FOO=>zh-cn:BAT}-/-{D|0=>zh-tw:1}-/-{A;D|2=>zh-tw:3}-/-{D;H|4=>zh-tw:5}-|XA XB XC FOO 012345";
    expect_bare(
        src,
        &[(
            &[ZhTW],
            "大陆：XA；臺灣：YA；//大陆：XC；臺灣：YC；/FOO⇒臺灣：BAR；FOO⇒大陆：BAT；/0⇒臺灣：1；//4⇒臺灣：5；|XA YB YC BAR 013355",
        )],
    );
    expect_bare(
        "-{N|zh-cn}-,-{N|zh-tw}-,-{N|zh-Hant-HK}-,-{N|zh}-,-{N|en}-,-{D;N|zh-sg}-",
        &[(&ALL, "大陆,臺灣,香港,原文,en,新加坡")],
    );
    // D with a word and H fills every variant.
    expect_bare(
        "-{D;H|词}-",
        &[(
            &ALL,
            "原文：词；简体：词；繁體：词；大陆：词；香港：词；澳門：词；大马：词；新加坡：词；臺灣：词；",
        )],
    );
}

#[test]
fn variant_filters_convert_to_the_listed_variant_with_its_rules() {
    let src = "-{H|Foo=>zh-hans:Hans;Foo=>zh-hant:Hant;Foo=>zh-tw:TW}-[-{zh-hans;zh-hant|Foo}-][-{zh-tw|Foo}-][Foo]";
    expect_bare(
        src,
        &[
            (&[ZhCN, ZhSG, ZhMY], "[Hans][Foo][Foo]"),
            (&[ZhHans], "[Hans][Foo][Hans]"),
            (&[ZhHant], "[Hant][TW][Hant]"),
            // zh-tw is not listed: its first listed fallback, zh-hant, converts.
            (&[ZhTW], "[Hant][TW][TW]"),
            (&[ZhHK, ZhMO], "[Hant][TW][Foo]"),
        ],
    );
    // `zh` is in no regional chain: a filter listing only zh shows the text raw.
    expect_bare("-{zh|Foo}-", &[(&ALL, "Foo")]);
    // BCP 47 filter.
    expect_bare(
        "-{zh-Hant-TW;|-{zh-tw:Taiwan;zh-hk:Hong Kong;zh-cn:China}-}-",
        &[
            (&[ZhTW], "Taiwan"),
            (&[ZhHK], "Hong Kong"),
            (&[ZhCN], "China"),
        ],
    );
}

#[test]
fn nesting_inner_first_to_depth_ten() {
    let src = "Nested: -{zh-hans:Hi -{zh-cn:China;zh-sg:Singapore;}-;zh-hant:Hello -{zh-tw:Taiwan;zh-hk:H-{ong}- K-{}-ong;}-;}-!";
    expect_bare(
        src,
        &[
            (&[ZhHK], "Nested: Hello Hong Kong!"),
            (&[ZhTW], "Nested: Hello Taiwan!"),
            (&[ZhCN], "Nested: Hi China!"),
            (&[ZhSG], "Nested: Hi Singapore!"),
        ],
    );
    expect_bare(
        "X-{ outer -{ inner }- outer }-X",
        &[(&ALL, "X outer  inner  outer X")],
    );
    expect_bare(
        "-{R|nested -{zh-hans:甲;zh-hant:乙}- nested}-",
        &[
            (HANS_SIDE, "nested 甲 nested"),
            (HANT_SIDE, "nested 乙 nested"),
        ],
    );
    // Rules inside an outer block take effect before the text after the block.
    expect_bare(
        "-{R|a-{H|zh-cn:K;zh-tw:V}-b}-K",
        &[(&[ZhTW], "abV"), (&[ZhCN], "abK")],
    );
    // Ten levels nest; the eleventh `-{` is literal text.
    let ten = format!("{}core{}", "-{".repeat(10), "}-".repeat(10));
    expect_bare(&ten, &[(&ALL, "core")]);
    let twelve = format!("{}core{}", "-{".repeat(12), "}-".repeat(12));
    expect_bare(&twelve, &[(&ALL, "-{-{core}-}-")]);
}

#[test]
fn empty_block_breaks_phrases() {
    let src = "-{H|AB=>zh-cn:X}-AB A-{}-B";
    expect_bare(src, &[(&[ZhCN], "X AB"), (&[ZhTW], "AB AB")]);
}

#[test]
fn leftmost_longest_between_rules() {
    let src = "-{H|ABC=>zh-tw:1;BC=>zh-tw:2;AB=>zh-tw:3;CD=>zh-tw:4}-ABCD ABD BCD";
    // At B of "BCD", BC starts first and wins over CD.
    expect_bare(src, &[(&[ZhTW], "1D 3D 2D")]);
}

#[test]
fn keep_markup_writes_reimportable_forms() {
    let keep = |v| tongwen::edition::EditionSpec {
        keep_markup: true,
        ..bare(v)
    };
    let src = "前-{zh-hans:简;zh-hant:繁}-|-{H|zh-cn:甲;zh-tw:乙}-甲|-{A|zh-cn:丙;zh-tw:丁}-|-{T|zh-cn:题;zh-tw:題}-|-{-|zh-cn:甲;zh-tw:乙}-|-{文字}-|-{}-|-{zh-tw:a -{R|b}-}-";
    let r = run(src, &keep(ZhTW));
    assert_eq!(
        r.text,
        "前-{R|繁}-|-{H|zh-cn:甲;zh-tw:乙}-乙|-{H|zh-cn:丙;zh-tw:丁}--{R|丁}-|-{T|zh-cn:题;zh-tw:題}-|-{-|zh-cn:甲;zh-tw:乙}-|-{R|文字}-|-{}-|-{R|a b}-"
    );
    assert_eq!(r.title.as_deref(), Some("題"));
    // Display text that contains `-{`/`}-` is written with entities inside the wrapper.
    let r = run("-{R|x -{zh-tw:y}- z}-", &keep(ZhCN));
    assert_eq!(r.text, "-{R|x -&#123;zh-tw:y&#125;- z}-");
    // An error block is kept as written.
    let r = run("-{zh-tw:y}-", &keep(ZhCN));
    assert_eq!(r.text, "-{zh-tw:y}-");
}

#[test]
fn quotes_are_localised_in_converted_text_only() {
    let spec = tongwen::edition::EditionSpec {
        localize_quotes: true,
        ..bare(ZhTW)
    };
    let r = run("他说“好”和‘行’-{R|“原样”}--{H|甲=>zh-tw:“乙”}-甲", &spec);
    assert_eq!(r.text, "他说「好」和『行』“原样”“乙”");
    // Off by default.
    assert_eq!(bare_text("“好”", ZhTW), "“好”");
}
