//! The rules of OpenCC 1.4.2's conversion, one test each, on the built-in configs.
//! Expected outputs are what the official library gives for these inputs (checked with the
//! Python binding), except where a test says tongwen deliberately differs (NUL bytes).

use tongwen::engine::reference::Reference;
use tongwen::engine::{BUILTIN_CONFIGS, Converter};

fn conv(config: &str, text: &str) -> String {
    Converter::builtin(config).unwrap().convert(text)
}

#[test]
fn phrases_beat_characters_and_first_values_are_used() {
    // 头发 is a phrase (髮); 干 alone takes its first value 幹, 干净 is a phrase (乾淨).
    assert_eq!(conv("s2t", "头发和面条都很干净"), "頭髮和麪條都很乾淨");
    assert_eq!(conv("s2t", "干"), "幹");
    assert_eq!(conv("t2s", "乾淨的頭髮"), "干净的头发");
}

#[test]
fn empty_input() {
    for c in BUILTIN_CONFIGS {
        assert_eq!(conv(c, ""), "", "{c}");
    }
}

#[test]
fn text_without_keys_passes_through() {
    let s = "Hello, world! 123 — “quotes” 「括弧」 😀👍🏽 \t tab";
    for c in BUILTIN_CONFIGS {
        assert_eq!(conv(c, s), s, "{c}");
    }
    // Punctuation is never converted; only the characters around it.
    assert_eq!(conv("s2t", "“引号”、（括号）。"), "“引號”、（括號）。");
}

#[test]
fn line_ends_are_kept() {
    assert_eq!(conv("s2t", "头发\r\n头发\r\n"), "頭髮\r\n頭髮\r\n");
    assert_eq!(conv("s2twp", "软件\r\n\r\n鼠标\r"), "軟體\r\n\r\n滑鼠\r");
}

#[test]
fn non_bmp_characters() {
    // U+20BB7 is in no dictionary and is copied; the library keeps 面 as is in s2t.
    assert_eq!(conv("s2t", "𠮷野家的面"), "𠮷野家的面");
    // TSCharactersExt (tofu-risk, included like the library does): U+346E → U+2B748.
    assert_eq!(conv("t2s", "\u{346E}"), "\u{2B748}");
}

#[test]
fn compatibility_ideographs_are_normalized_first() {
    // U+F900 → U+8C48, U+F901 → U+66F4, then converted as usual.
    assert_eq!(conv("s2t", "\u{F900}\u{F901}干"), "\u{8C48}\u{66F4}幹");
    for c in BUILTIN_CONFIGS {
        assert!(!conv(c, "\u{F900}").contains('\u{F900}'), "{c}");
    }
}

#[test]
fn variation_selectors_are_copied_after_the_converted_base() {
    assert_eq!(conv("s2t", "发\u{FE00}"), "發\u{FE00}");
}

#[test]
fn ideographic_description_sequences_are_single_units() {
    // A complete IDS is copied whole: its operands are not converted.
    assert_eq!(conv("s2t", "⿰氵发头发"), "⿰氵发頭髮");
    // Operands can be any code point, a newline included.
    assert_eq!(conv("s2t", "⿰发\n发"), "⿰发\n發");
    // Nested: ⿰ ⿱发发 发 is complete, the last 发 is outside it.
    assert_eq!(conv("s2t", "⿰⿱发发发发"), "⿰⿱发发发發");
    // Incomplete: the operator is an ordinary character and the operand converts.
    assert_eq!(conv("s2t", "⿰发"), "⿰發");
    // In a segmented config, an IDS swallows what would have been a phrase.
    assert_eq!(conv("s2twp", "⿰鼠标鼠标"), "⿰鼠标滑鼠");
    assert_eq!(
        conv("s2twp", "出了问题 abc  def 头发⿰氵发"),
        "出了問題 abc  def 頭髮⿰氵发"
    );
}

#[test]
fn later_stages_do_not_cross_segment_boundaries() {
    // Segmentation cuts 一个数|组 (or similar) so TWPhrases' 數組 → 陣列 cannot apply…
    assert_eq!(conv("s2twp", "一个数组"), "一個數組");
    assert_eq!(conv("s2twp", "最高级别"), "最高級別");
    // …while inside one unmatched run it does.
    assert_eq!(
        conv("s2twp", "我的鼠标和软件出了问题"),
        "我的滑鼠和軟體出了問題"
    );
    assert_eq!(conv("s2twp", "正则表达式"), "正規表示式");
    assert_eq!(conv("s2twp", "用户数据报"), "使用者資料報");
}

#[test]
fn keys_with_ascii() {
    assert_eq!(conv("s2twp", "SQL注入攻击"), "SQL隱碼攻擊");
}

#[test]
fn regional_and_japanese_configs() {
    assert_eq!(conv("tw2sp", "滑鼠和軟體"), "鼠标和软件");
    assert_eq!(conv("s2hk", "头发和面条"), "頭髮和麪條");
    assert_eq!(conv("jp2t", "広い図書館"), "廣い圖書館");
    assert_eq!(conv("t2jp", "廣い圖書館"), "広い図書館");
}

#[test]
fn nul_bytes_are_kept() {
    // Deliberate divergence: OpenCC's library gives "abc頭髮" for s2tw (it drops the rest of
    // a segment after a NUL in segmented configs); tongwen keeps every byte.
    assert_eq!(conv("s2tw", "abc\0def头发"), "abc\0def頭髮");
    assert_eq!(conv("s2t", "abc\0def头发"), "abc\0def頭髮");
    assert_eq!(conv("tw2sp", "\0滑鼠\0"), "\0鼠标\0");
}

#[test]
fn names_and_suffixes() {
    assert_eq!(Converter::builtin("s2twp.json").unwrap().name(), "s2twp");
    assert!(Converter::builtin("s2x").is_err());
    assert_eq!(Converter::from_spec("t2s").unwrap().name(), "t2s");
    let e = Converter::from_spec("no-such-config")
        .unwrap_err()
        .to_string();
    assert!(e.starts_with("unknown config `no-such-config`"), "{e}");
}

#[test]
fn convert_into_appends() {
    let c = Converter::builtin("s2t").unwrap();
    let mut out = String::from("前：");
    c.convert_into("头发", &mut out);
    assert_eq!(out, "前：頭髮");
}

#[test]
fn long_text_crosses_scan_windows() {
    // Longer than the scanner's windows; phrases straddle every offset.
    let unit = "头发干燥的人出了问题，鼠标和软件\n";
    let text = unit.repeat(500);
    for c in ["s2t", "s2twp", "s2hk", "t2s", "tw2sp"] {
        let whole = conv(c, &text);
        let one = conv(c, unit);
        assert_eq!(whole, one.repeat(500), "{c}");
    }
}

#[test]
fn fast_engine_agrees_with_the_literal_reference() {
    let samples = [
        "头发和面条都很干净，鼠标和软件出了问题。",
        "乾淨的頭髮 滑鼠 軟體 ⿰氵发 \u{F900}",
        "一个数组 最高级别 正则表达式 SQL注入攻击\r\n",
        "広い図書館の廣い圖書館",
        "⿰⿱发发发发 ⿲彳亍丁 ⿰ 发\u{FE00}",
    ];
    for c in BUILTIN_CONFIGS {
        let r = Reference::builtin(c).unwrap();
        let f = Converter::builtin(c).unwrap();
        for s in samples {
            assert_eq!(f.convert(s), r.convert(s), "{c}: {s}");
        }
    }
}

#[test]
fn converters_are_send_sync_and_cheap_to_clone() {
    fn check<T: Send + Sync + Clone + 'static>() {}
    check::<Converter>();
    let a = Converter::builtin("s2twp").unwrap();
    let b = a.clone();
    let h = std::thread::spawn(move || b.convert("鼠标"));
    assert_eq!(h.join().unwrap(), a.convert("鼠标"));
}

#[test]
fn split_points_avoid_sequences_across_newlines() {
    let c = Converter::builtin("s2t").unwrap();
    // The last newlines sit inside or after the IDS "⿰\n发" (within its reach): cut before it.
    assert_eq!(c.split_point("abc\n⿰\n发\nxyz"), 4);
    assert_eq!(c.split_point("头发\n头发\n头"), "头发\n头发\n".len());
    // Any character in no key will do, the last one included.
    assert_eq!(c.split_point("no newline"), "no newline".len());
    assert_eq!(c.split_point("头发头发"), 0);
}
