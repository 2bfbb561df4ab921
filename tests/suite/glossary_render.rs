//! Glossaries through the renderer: precedence over the dictionaries, fallback chains, the
//! script editions, leftmost-longest, `keep`, and the order of files. Expected texts are
//! OpenCC 1.4.2's conversions (checked with the official library) with the glossary's forms
//! in place.

use std::sync::Arc;

use tongwen::document::Format;
use tongwen::edition::{EditionSpec, render};
use tongwen::markup::parse;
use tongwen::rules::Glossary;
use tongwen::variant::Variant;

fn glossary(name: &str, yaml: &str) -> Arc<Glossary> {
    Arc::new(Glossary::parse(name, yaml).expect("valid glossary"))
}

fn edition(src: &str, v: Variant, glossaries: &[Arc<Glossary>]) -> String {
    let spec = EditionSpec {
        glossaries: glossaries.to_vec(),
        ..EditionSpec::new(v)
    };
    render(src, &parse(src, Format::Plain), None, &spec).text
}

const HOUSE: &str = "\
entries:
  - zh-cn: 软件      # OpenCC's zh-TW phrase table says 軟體; the house keeps 軟件
    zh-tw: 軟件
  - zh-cn: 网络      # only a zh-hant form: the script edition takes it too
    zh-hant: 網路
  - zh-cn: 开发
    zh-tw: 研發
  - zh-cn: 软体      # OpenCC's zh-CN reverse table says 软件
    zh-tw: 軟體
";

const TEXT: &str = "软件很好。网络和开发工具。軟體也好。\n";

#[test]
fn glossary_forms_beat_dictionary_entries_and_follow_fallbacks() {
    let g = [glossary("house.yaml", HOUSE)];
    use Variant::*;
    let cases = [
        // zh-tw forms; 网络 falls back zh-tw → zh-hant.
        (ZhTW, "軟件很好。網路和研發工具。軟體也好。\n"),
        // zh-hk → zh-mo → zh-hant → zh-tw.
        (ZhHK, "軟件很好。網路和研發工具。軟體也好。\n"),
        (ZhMO, "軟件很好。網路和研發工具。軟體也好。\n"),
        // The script edition takes only forms written for it (網路); the rest is s2t.
        (ZhHant, "軟件很好。網路和開發工具。軟體也好。\n"),
        // zh-cn forms (軟體 → 软体, where OpenCC's tw2sp says 软件).
        (ZhCN, "软件很好。网络和开发工具。软体也好。\n"),
        // zh-sg → zh-my → zh-hans → zh-cn.
        (ZhSG, "软件很好。网络和开发工具。软体也好。\n"),
        (ZhMY, "软件很好。网络和开发工具。软体也好。\n"),
        // No zh-hans form anywhere: t2s alone.
        (ZhHans, "软件很好。网络和开发工具。软体也好。\n"),
    ];
    for (v, want) in cases {
        assert_eq!(edition(TEXT, v, &g), want, "{v}");
    }
    // Without the glossary: OpenCC's own choices.
    assert_eq!(
        edition(TEXT, ZhTW, &[]),
        "軟體很好。網路和開發工具。軟體也好。\n"
    );
    assert_eq!(
        edition(TEXT, ZhCN, &[]),
        "软件很好。网络和开发工具。软件也好。\n"
    );
}

#[test]
fn leftmost_longest_still_applies() {
    let g = [glossary("house.yaml", HOUSE)];
    // 软件开发 is one dictionary phrase, longer than the glossary's 软件 at the same place
    // and starting before its 开发: the phrase wins (and zh-TW's phrase table then makes
    // 軟件 軟體).
    assert_eq!(edition("软件开发。\n", Variant::ZhTW, &g), "軟體開發。\n");
    // Alone, 开发 takes the glossary's form.
    assert_eq!(edition("开发。\n", Variant::ZhTW, &g), "研發。\n");
}

#[test]
fn keep_words_stay_in_every_edition() {
    let g = [glossary("keep.yaml", "entries:\n  - keep: 发\n")];
    // s2t, s2twp and s2hkp would write 發.
    for v in Variant::EDITIONS {
        assert_eq!(edition("发。\n", v, &g), "发。\n", "{v}");
    }
    assert_eq!(edition("发。\n", Variant::ZhHant, &[]), "發。\n");
    // Inside a longer dictionary phrase (发了) the phrase wins.
    assert_eq!(edition("发了。\n", Variant::ZhHant, &g), "發了。\n");
}

#[test]
fn later_files_and_entries_win() {
    let a = glossary("a.yaml", "entries:\n  - zh-cn: 软件\n    zh-tw: 軟體\n");
    let b = glossary("b.yaml", "entries:\n  - zh-cn: 软件\n    zh-tw: 軟件\n");
    assert_eq!(
        edition("软件\n", Variant::ZhTW, &[a.clone(), b.clone()]),
        "軟件\n"
    );
    assert_eq!(edition("软件\n", Variant::ZhTW, &[b, a]), "軟體\n");
}
