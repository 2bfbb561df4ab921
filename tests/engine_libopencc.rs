//! The `libopencc` backend (cargo test --features libopencc; needs the system library,
//! e.g. Debian's libopencc-dev 1.1.x). Its dictionaries are older than OpenCC 1.4.2's, so
//! only conversions that both versions agree on are asserted.
#![cfg(feature = "libopencc")]

use tongwen::engine::Converter;

#[test]
fn system_library_converts_stable_words() {
    for (config, input, want) in [
        ("s2t", "汉字和头发", "漢字和頭髮"),
        ("t2s", "漢字和頭髮", "汉字和头发"),
        ("s2tw", "汉字", "漢字"),
        ("s2twp", "鼠标", "滑鼠"),
        ("tw2sp", "滑鼠", "鼠标"),
        ("s2hk", "汉字", "漢字"),
    ] {
        let sys = Converter::system(config).unwrap();
        assert_eq!(sys.name(), config);
        assert_eq!(sys.convert(input), want, "{config}");
        assert_eq!(
            Converter::builtin(config).unwrap().convert(input),
            want,
            "{config}"
        );
        let mut out = String::from(">");
        sys.convert_into(input, &mut out);
        assert_eq!(out, format!(">{want}"));
        let t = sys.trace(input);
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].output, want);
        assert!(sys.candidates(input).is_empty());
        // Cutting follows the built-in engine of the same name.
        assert_eq!(
            sys.phrase_len_at(input, 0),
            Converter::builtin(config).unwrap().phrase_len_at(input, 0)
        );
    }
    assert!(Converter::system("no-such-config").is_err());
}
