//! Page rules combined with the OpenCC engine (built-in configs). Expected outputs of the
//! dictionaries come from OpenCC 1.4.2's own library. These skip loudly while the engine on
//! this branch is the identity stub.

use crate::helpers::common;

use common::*;
use tongwen::edition::{EditionSpec, Origin, render, render_traced};
use tongwen::rules::{Glossary, GlossaryEntry};
use tongwen::{Converter, Variant};

#[test]
fn dictionary_alone() {
    assert_eq!(run("头发", &spec(ZhTW)).text, "頭髮");
    assert_eq!(run("打印机", &spec(ZhTW)).text, "印表機");
    assert_eq!(run("打印机", &spec(ZhHK)).text, "打印機");
    assert_eq!(run("記憶體", &spec(ZhCN)).text, "内存");
}

#[test]
fn a_manual_rule_beats_the_dictionary_entry_of_the_same_key() {
    let src = "头发-{H|头发=>zh-tw:頭發}-头发";
    assert_eq!(run(src, &spec(ZhTW)).text, "頭髮頭發");
    // zh-hk has no such rule: dictionary.
    assert_eq!(run(src, &spec(ZhHK)).text, "頭髮頭髮");
}

#[test]
fn leftmost_longest_still_wins() {
    // A longer dictionary phrase starting at the same place beats the shorter rule.
    assert_eq!(
        run("-{H|头发=>zh-tw:頭發}-头发上指", &spec(ZhTW)).text,
        "頭髮上指"
    );
    // A dictionary phrase starting earlier covers the rule's start.
    assert_eq!(
        run("-{H|发上=>zh-tw:X}-我头发上", &spec(ZhTW)).text,
        "我頭髮上"
    );
    // A rule at a phrase boundary applies.
    assert_eq!(
        run("-{H|发展=>zh-tw:X}-干净发展", &spec(ZhTW)).text,
        "乾淨X"
    );
    // A rule longer than the dictionary phrase at the same place wins.
    assert_eq!(run("-{H|头发上=>zh-tw:Y}-头发上", &spec(ZhTW)).text, "Y");
}

#[test]
fn removed_keys_convert_character_by_character() {
    // 头发 is a dictionary phrase (頭髮); removed, its characters convert alone.
    assert_eq!(run("-{-|头发}-头发", &spec(ZhTW)).text, "頭發");
    // Only from the removal on.
    assert_eq!(run("头发-{-|头发}-头发", &spec(ZhTW)).text, "頭髮頭發");
    // A later-stage phrase (TWPhrases 內存→記憶體) is shielded too.
    assert_eq!(run("内存-{-|内存}-内存", &spec(ZhTW)).text, "記憶體內存");
    // zh-Hant takes no bidirectional rule, removals included.
    assert_eq!(run("-{-|头发}-头发", &spec(ZhHant)).text, "頭髮");
    // A longer dictionary phrase is not removed with the shorter key.
    assert_eq!(run("-{-|头发}-头发上指", &spec(ZhTW)).text, "頭髮上指");
    // Re-adding a removed key restores a rule.
    assert_eq!(
        run("-{-|头发}--{H|头发=>zh-tw:X}-头发", &spec(ZhTW)).text,
        "X"
    );
}

#[test]
fn glossary_entries_beat_dictionary_entries() {
    let g = Glossary {
        file: "g.yaml".into(),
        entries: vec![
            GlossaryEntry {
                line: 2,
                forms: vec![(ZhCN, "头发".into()), (ZhTW, "頭發".into())],
                keep: None,
                note: None,
            },
            GlossaryEntry {
                line: 5,
                forms: vec![],
                keep: Some("干净".into()),
                note: None,
            },
        ],
    };
    let tw = with_glossary(spec(ZhTW), g.clone());
    assert_eq!(run("头发干净", &tw).text, "頭發干净");
    // zh-Hant: no explicit zh-hant form for the first entry; `keep` applies everywhere.
    let hant = with_glossary(spec(ZhHant), g);
    assert_eq!(run("头发干净", &hant).text, "頭髮干净");
}

#[test]
fn chains_and_runs() {
    let s = EditionSpec {
        converters: vec![
            Converter::builtin("s2t").unwrap(),
            Converter::builtin("t2tw").unwrap(),
        ],
        ..spec(ZhTW)
    };
    assert_eq!(
        run("头发-{H|软件=>zh-tw:X}-头发软件头发", &s).text,
        "頭髮頭髮X頭髮"
    );
    // Without rules the chain converts each text span in one go.
    assert_eq!(run("头发软件", &s).text, "頭髮軟件");
}

#[test]
fn titles_quotes_and_filters_with_the_dictionaries() {
    let d = doc("正文");
    assert_eq!(
        render("正文", &d, Some("头发"), &spec(ZhTW))
            .title
            .as_deref(),
        Some("頭髮")
    );
    let q = EditionSpec {
        localize_quotes: true,
        ..spec(ZhTW)
    };
    assert_eq!(run("“头发”", &q).text, "「頭髮」");
    // A filter converts to the listed variant with that variant's dictionaries.
    let src = "-{zh-hans;zh-hant|頭髮与头发}-";
    assert_eq!(run(src, &spec(ZhTW)).text, "頭髮與頭髮");
    assert_eq!(run(src, &spec(ZhCN)).text, "头发与头发");
    assert_eq!(run(src, &spec(ZhHK)).text, "頭髮與頭髮");
    // Not listed (and no listed fallback): raw.
    assert_eq!(run("-{zh-tw|头发}-", &spec(ZhCN)).text, "头发");
}

#[test]
fn traced_dictionary_pieces() {
    let src = "我的头发-{H|干净=>zh-tw:净}-干净";
    let s = spec(ZhTW);
    let d = doc(src);
    let (r, pieces) = render_traced(src, &d, None, &s);
    assert_eq!(r.text, "我的頭髮净");
    assert_eq!(
        pieces.iter().map(|p| p.output.as_str()).collect::<String>(),
        r.text
    );
    let hair = pieces
        .iter()
        .find(|p| p.output == "頭髮")
        .expect("a piece for 头发");
    assert_eq!(&src[hair.source.clone()], "头发");
    match &hair.origin {
        Origin::Dictionary { config, hits } => {
            assert_eq!(config, "s2twp");
            assert!(
                hits.iter()
                    .any(|h| h.key == "头发" && h.value == "頭髮" && h.stage == 1),
                "{hits:?}"
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn every_edition_of_a_mixed_article() {
    let src =
        "{{NoteTA|1=zh-cn:打印机;zh-tw:印表機;zh-hk:打印機;}}打印机和头发-{zh-hans:简;zh-hant:繁}-";
    let tpl = "{{NoteTA|1=zh-cn:打印机;zh-tw:印表機;zh-hk:打印機;}}";
    let want: [(Variant, &str); 8] = [
        (ZhHans, "打印机和头发简"),
        (ZhHant, "打印機和頭髮繁"),
        (ZhCN, "打印机和头发简"),
        (ZhTW, "印表機和頭髮繁"),
        (ZhHK, "打印機和頭髮繁"),
        (ZhMO, "打印機和頭髮繁"),
        (ZhSG, "打印机和头发简"),
        (ZhMY, "打印机和头发简"),
    ];
    for (v, body) in want {
        assert_eq!(run(src, &spec(v)).text, format!("{tpl}{body}"), "{v}");
    }
}
