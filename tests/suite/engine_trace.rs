//! Provenance (`trace`), atomic spans (`phrase_len_at`) and `candidates`.

use tongwen::engine::{Converter, DictHit, TracedSegment};

fn c(name: &str) -> Converter {
    Converter::builtin(name).unwrap()
}

fn hit(
    stage: usize,
    dict: &str,
    source: std::ops::Range<usize>,
    key: &str,
    values: &[&str],
) -> DictHit {
    DictHit {
        stage,
        dict: dict.into(),
        source,
        key: key.into(),
        value: values[0].into(),
        values: values.iter().map(|v| v.to_string()).collect(),
    }
}

fn seg(source: std::ops::Range<usize>, output: &str, hits: Vec<DictHit>) -> TracedSegment {
    TracedSegment {
        source,
        output: output.into(),
        hits,
    }
}

#[test]
fn trace_of_phrases_and_characters() {
    assert_eq!(
        c("s2t").trace("头发和面条"),
        vec![
            seg(
                0..6,
                "頭髮",
                vec![hit(1, "STPhrases", 0..6, "头发", &["頭髮"])]
            ),
            seg(
                6..12,
                "和麪",
                vec![hit(1, "STPhrases", 6..12, "和面", &["和麪"])]
            ),
            seg(
                12..15,
                "條",
                vec![hit(1, "STCharacters", 12..15, "条", &["條"])]
            ),
        ]
    );
    // All values of a one-to-many character, the used one first.
    assert_eq!(
        c("s2t").trace("干"),
        vec![seg(
            0..3,
            "幹",
            vec![hit(
                1,
                "STCharacters",
                0..3,
                "干",
                &["幹", "乾", "干", "榦"]
            )]
        )]
    );
    assert_eq!(c("s2t").trace(""), vec![]);
}

#[test]
fn trace_follows_later_stages_back_to_the_source() {
    assert_eq!(
        c("s2twp").trace("我的鼠标"),
        vec![
            seg(0..6, "我的", vec![]),
            seg(
                6..12,
                "滑鼠",
                vec![
                    hit(1, "STCharacters", 9..12, "标", &["標"]),
                    hit(2, "TWPhrases", 6..12, "鼠標", &["滑鼠"]),
                ]
            ),
        ]
    );
    // Normalization is stage 0.
    let t = c("tw2sp").trace("\u{F900}");
    assert_eq!(t.len(), 1);
    assert_eq!(t[0].output, "岂");
    assert_eq!(t[0].hits[0].stage, 0);
    assert_eq!(t[0].hits[0].dict, "CJK_Compatibility_Ideographs");
    assert_eq!(t[0].hits[0].value, "\u{8C48}");
    assert_eq!(t[0].hits[1].stage, 2);
    assert_eq!(t[0].hits[1].dict, "TSCharacters");
}

#[test]
fn trace_keeps_unmatched_text_together() {
    let t = c("s2t").trace("abc 123\n⿰氵发");
    assert_eq!(t, vec![seg(0..t[0].source.end, "abc 123\n⿰氵发", vec![])]);
}

#[test]
fn phrase_len_at_reports_atomic_spans() {
    let s2t = c("s2t");
    let s = "头发和面条";
    assert_eq!(s2t.phrase_len_at(s, 0), 6);
    assert_eq!(s2t.phrase_len_at(s, 6), 6);
    assert_eq!(s2t.phrase_len_at(s, 12), 0); // one character
    assert_eq!(s2t.phrase_len_at(s, 1), 0); // not a character boundary
    assert_eq!(s2t.phrase_len_at(s, 15), 0); // end
    assert_eq!(s2t.phrase_len_at(s, 99), 0);
    // In a segmented config, a stage-2 phrase inside an unmatched run is atomic too.
    let tw = c("s2twp");
    let s = "我的鼠标和软件";
    let walk: Vec<(usize, usize)> = [0, 3, 6, 12, 15]
        .iter()
        .map(|&p| (p, tw.phrase_len_at(s, p)))
        .collect();
    assert_eq!(walk, [(0, 0), (3, 0), (6, 6), (12, 0), (15, 6)]);
    // A complete ideographic description sequence is one unit.
    assert_eq!(s2t.phrase_len_at("⿰氵发x", 0), "⿰氵发".len());
    assert_eq!(s2t.phrase_len_at("abc", 0), 0);
}

#[test]
fn cutting_at_walk_offsets_is_exact() {
    let text = "我的鼠标和软件出了问题，一个数组与最高级别的正则表达式。头发干燥\r\n⿰氵发";
    for name in tongwen::engine::BUILTIN_CONFIGS {
        let conv = c(name);
        let mut p = 0;
        let mut pieces = String::new();
        while p < text.len() {
            let l = conv.phrase_len_at(text, p);
            let step = l.max(text[p..].chars().next().unwrap().len_utf8());
            pieces.push_str(&conv.convert(&text[p..p + step]));
            p += step;
        }
        assert_eq!(pieces, conv.convert(text), "{name}");
    }
}

#[test]
fn candidates_like_get_all_conversions() {
    let tw = c("s2twp");
    assert_eq!(tw.candidates("干"), ["幹", "乾", "干", "榦"]);
    assert_eq!(tw.candidates("后"), ["後", "后"]);
    assert_eq!(tw.candidates("头发"), ["頭髮"]);
    // Stage 1 gives 數組, which stage 2 has as a key.
    assert_eq!(tw.candidates("数组"), ["陣列"]);
    assert!(tw.candidates("xyz").is_empty());
    assert!(tw.candidates("").is_empty());
    // A word in no dictionary of the chain: nothing, even if characters would convert.
    assert!(c("t2s").candidates("头发").is_empty());
    assert_eq!(c("t2s").candidates("乾"), ["干", "乾"]);
}
