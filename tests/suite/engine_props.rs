//! Property tests: the engine never panics, text without keys passes through, the fast
//! engine equals the literal reference, and texts cut at the offsets `phrase_len_at` walks
//! through (or at `split_point`) convert piecewise exactly as whole.

use std::sync::OnceLock;

use proptest::prelude::*;
use tongwen::engine::reference::Reference;
use tongwen::engine::{BUILTIN_CONFIGS, Converter, textdict};

/// Words sampled from the dictionaries (keys and values), so that generated texts are dense
/// in matches, overlaps and phrase boundaries.
fn vocabulary() -> &'static Vec<String> {
    static V: OnceLock<Vec<String>> = OnceLock::new();
    V.get_or_init(|| {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/dictionaries/opencc");
        let mut v = Vec::new();
        for (file, step) in [
            ("STPhrases.txt", 97),
            ("STCharacters.txt", 11),
            ("TSPhrases.txt", 3),
            ("TSCharacters.txt", 11),
            ("TWPhrases.txt", 3),
            ("TWPhrasesRev.txt", 3),
            ("TWVariantsRevPhrases.txt", 7),
            ("HKPhrases.txt", 1),
            ("HKVariantsPhrases.txt", 3),
            ("JPShinjitaiPhrases.txt", 5),
            ("STPhrases_GeneratedFromRegionalPhrases.txt", 5),
        ] {
            let bytes = std::fs::read(format!("{dir}/{file}")).unwrap();
            for e in textdict::parse(&bytes).unwrap().iter().step_by(step) {
                v.push(e.key.clone());
                v.push(e.values[0].clone());
            }
        }
        v
    })
}

fn piece() -> impl Strategy<Value = String> {
    let n = vocabulary().len();
    prop_oneof![
        8 => (0..n).prop_map(|i| vocabulary()[i].clone()),
        // A prefix of a word: phrases that almost match.
        2 => (0..n, 1usize..4).prop_map(|(i, k)| vocabulary()[i].chars().take(k).collect()),
        1 => prop::sample::select(vec![
            " ", "\n", "\r\n", "，", "。", "a", "SQL", "😀", "\u{FE00}", "\u{F900}", "\u{2F800}",
            "\0", "𠮷", "·",
        ])
        .prop_map(str::to_string),
        1 => (0x2FF0u32..=0x2FFF).prop_map(|c| char::from_u32(c).unwrap().to_string()),
    ]
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..40).prop_map(|v| v.concat())
}

fn converters() -> &'static Vec<Converter> {
    static C: OnceLock<Vec<Converter>> = OnceLock::new();
    C.get_or_init(|| {
        BUILTIN_CONFIGS
            .iter()
            .map(|n| Converter::builtin(n).unwrap())
            .collect()
    })
}

fn references() -> &'static Vec<Reference> {
    static R: OnceLock<Vec<Reference>> = OnceLock::new();
    R.get_or_init(|| {
        BUILTIN_CONFIGS
            .iter()
            .map(|n| Reference::builtin(n).unwrap())
            .collect()
    })
}

/// The offsets `p = 0; p += max(phrase_len_at(p), char length)` visits.
fn walk(c: &Converter, s: &str) -> Vec<usize> {
    let mut pts = vec![0];
    let mut p = 0;
    while p < s.len() {
        let l = c.phrase_len_at(s, p);
        let cl = s[p..].chars().next().unwrap().len_utf8();
        p += l.max(cl);
        pts.push(p);
    }
    pts
}

proptest! {
    // 200 cases unless PROPTEST_CASES says otherwise.
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(200),
        ..ProptestConfig::default()
    })]

    #[test]
    fn fast_equals_reference(s in text(), k in 0..16usize) {
        let got = converters()[k].convert(&s);
        let want = references()[k].convert(&s);
        prop_assert_eq!(got, want, "{} on {:?}", BUILTIN_CONFIGS[k], s);
    }

    #[test]
    fn long_texts_equal_reference(v in prop::collection::vec(piece(), 300..1500), k in 0..16usize) {
        // Long enough to cross the scanner's windows (1024 characters) several times.
        let s = v.concat();
        prop_assert_eq!(converters()[k].convert(&s), references()[k].convert(&s), "{}", BUILTIN_CONFIGS[k]);
    }

    #[test]
    fn convert_many_equals_one_by_one(v in prop::collection::vec(piece(), 0..600)) {
        // All 16 configs at once: the S→T family shares its first stage.
        let s = v.concat();
        let convs: Vec<&Converter> = converters().iter().collect();
        let mut outs: Vec<String> = vec![String::new(); convs.len()];
        {
            let mut o: Vec<&mut String> = outs.iter_mut().collect();
            Converter::convert_many(&convs, &s, &mut o);
        }
        for (k, c) in convs.iter().enumerate() {
            prop_assert_eq!(&outs[k], &c.convert(&s), "{}", BUILTIN_CONFIGS[k]);
        }
    }

    #[test]
    fn never_panics_on_any_string(s in any::<String>(), k in 0..16usize) {
        let c = &converters()[k];
        let out = c.convert(&s);
        let traced: String = c.trace(&s).iter().map(|t| t.output.as_str()).collect();
        prop_assert_eq!(traced, out);
        for p in 0..=s.len() + 1 {
            let _ = c.phrase_len_at(&s, p);
        }
        let _ = c.candidates(&s);
        let _ = c.split_point(&s);
    }

    #[test]
    fn text_without_keys_passes_through(
        s in prop::collection::vec(prop::sample::select(vec![
            "0", "7", " ", "\n", "\r\n", "\t", ",", ".", "!", "?", "(", ")", "-", "\0",
            "😀", "👍🏽", "한국어", "Привет", "ü", "，", "。", "「", "」", "…",
        ]), 0..50).prop_map(|v| v.concat()),
        k in 0..16usize,
    ) {
        prop_assert_eq!(converters()[k].convert(&s), s);
    }

    #[test]
    fn trace_outputs_concatenate_to_the_conversion(s in text(), k in 0..16usize) {
        let c = &converters()[k];
        let segs = c.trace(&s);
        let joined: String = segs.iter().map(|t| t.output.as_str()).collect();
        prop_assert_eq!(joined, c.convert(&s));
        // Segments tile the input, and hits lie inside their segment.
        let mut at = 0;
        for seg in &segs {
            prop_assert_eq!(seg.source.start, at);
            prop_assert!(seg.source.end > seg.source.start);
            for h in &seg.hits {
                prop_assert!(h.source.start >= seg.source.start && h.source.end <= seg.source.end);
            }
            at = seg.source.end;
        }
        prop_assert_eq!(at, s.len());
    }

    #[test]
    fn pieces_between_phrase_walk_offsets_convert_as_whole(s in text(), k in 0..16usize) {
        let c = &converters()[k];
        let pts = walk(c, &s);
        let pieces: String = pts.windows(2).map(|w| c.convert(&s[w[0]..w[1]])).collect();
        prop_assert_eq!(pieces, c.convert(&s), "{} on {:?} cut at {:?}", BUILTIN_CONFIGS[k], s, pts);
    }

    #[test]
    fn split_point_is_exact(v in prop::collection::vec(text(), 1..6), k in 0..16usize) {
        let s = v.join("\n");
        let c = &converters()[k];
        let p = c.split_point(&s);
        prop_assert!(s.is_char_boundary(p));
        let mut pieces = c.convert(&s[..p]);
        pieces.push_str(&c.convert(&s[p..]));
        prop_assert_eq!(pieces, c.convert(&s));
    }
}
