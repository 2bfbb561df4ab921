//! OpenCC config files loaded from disk: groups, inline dictionaries, segmentation, JSONC,
//! errors naming file and line, and built-in dictionaries found by file name.

use std::path::{Path, PathBuf};

use tongwen::engine::{BUILTIN_CONFIGS, Converter};

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

fn chain_config(dicts: &str) -> String {
    format!("{{\"conversion_chain\": [{dicts}]}}")
}

#[test]
fn short_circuit_takes_the_first_child_with_a_match() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "a.txt", "A\t1\n");
    write(d.path(), "ab.txt", "AB\t2\nB\t3\n");
    let sc = write(
        d.path(),
        "sc.json",
        &chain_config(
            r#"{"dict": {"type": "group", "dicts": [
                {"type": "text", "file": "a.txt"}, {"type": "text", "file": "ab.txt"}]}}"#,
        ),
    );
    // A shorter match in the first dictionary beats a longer one in the second.
    assert_eq!(
        Converter::from_config_file(&sc).unwrap().convert("ABxB"),
        "13x3"
    );
    let un = write(
        d.path(),
        "union.json",
        &chain_config(
            r#"{"dict": {"type": "group", "match_policy": "union", "dicts": [
                {"type": "text", "file": "a.txt"}, {"type": "text", "file": "ab.txt"}]}}"#,
        ),
    );
    assert_eq!(
        Converter::from_config_file(&un).unwrap().convert("ABxB"),
        "2x3"
    );
}

#[test]
fn union_ties_go_to_the_earliest_child_and_groups_nest() {
    let d = tempfile::tempdir().unwrap();
    let cfg = write(
        d.path(),
        "nest.json",
        &chain_config(
            r#"{"dict": {"type": "group", "match_policy": "short_circuit", "dicts": [
                {"type": "group", "match_policy": "union", "dicts": [
                    {"type": "inline", "entries": {"PQ": "first"}},
                    {"type": "inline", "entries": {"PQ": "second", "XYZ": "xyz"}}
                ]},
                {"type": "inline", "entries": {"P": "p", "X": "x", "Y": "y"}}
            ]}}"#,
        ),
    );
    let c = Converter::from_config_file(&cfg).unwrap();
    assert_eq!(c.convert("PQ P XY XYZ"), "first p xy xyz");
    assert_eq!(c.name(), "nest");
}

#[test]
fn segmentation_bounds_later_stages() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "p.txt", "AB\tab\n");
    write(d.path(), "c.txt", "C\tc\n");
    write(d.path(), "s2.txt", "bc\tX\n");
    let body = r#"
      "conversion_chain": [
        {"dict": {"type": "group", "dicts": [
          {"type": "text", "file": "p.txt"}, {"type": "text", "file": "c.txt"}]}},
        {"dict": {"type": "text", "file": "s2.txt"}}
      ]"#;
    let seg = write(
        d.path(),
        "seg.json",
        &format!(
            r#"{{"segmentation": {{"type": "mmseg", "dict": {{"type": "text", "file": "p.txt"}}}}, {body}}}"#
        ),
    );
    let unseg = write(d.path(), "unseg.json", &format!("{{{body}}}"));
    // Segments "AB" | "C": stage 2's key "bc" would span them.
    assert_eq!(
        Converter::from_config_file(&seg).unwrap().convert("ABC"),
        "abc"
    );
    assert_eq!(
        Converter::from_config_file(&unseg).unwrap().convert("ABC"),
        "aX"
    );
    // Inside one unmatched run stage 2 applies: "xbC" → stage 1 "xbc" → "xX".
    assert_eq!(
        Converter::from_config_file(&seg).unwrap().convert("xbC"),
        "xX"
    );
}

#[test]
fn jsonc_comments_trailing_commas_multi_values_and_tofu() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "m.txt", "# comment line\n\n甲\t乙 丙\n");
    write(d.path(), "t.txt", "丁\t戊\n");
    let cfg = write(
        d.path(),
        "c.json",
        r#"{
          // a comment
          "name": "ignored",
          /* block */
          "conversion_chain": [
            {"dict": {"type": "group", "dicts": [
              {"type": "text", "file": "m.txt"},
              {"type": "text", "file": "t.txt", "may_output_tofu": true},
            ]}},
          ],
        }"#,
    );
    let c = Converter::from_config_file(&cfg).unwrap();
    assert_eq!(c.convert("甲丁"), "乙戊");
    assert_eq!(c.candidates("甲"), ["乙", "丙"]);
    let t = c.trace("甲");
    assert_eq!(t[0].hits[0].dict, "m");
    assert_eq!(t[0].hits[0].values, ["乙", "丙"]);
}

#[test]
fn builtin_dictionaries_are_found_by_file_name() {
    // A copy of s2twp whose dictionaries are not next to it: the embedded ones are used.
    let d = tempfile::tempdir().unwrap();
    let src = concat!(env!("CARGO_MANIFEST_DIR"), "/dictionaries/opencc/config");
    // (A representative subset: building the big tries at run time is slow in debug builds.)
    for name in ["s2twp", "tw2sp", "hk2s", "jp2t"] {
        assert!(BUILTIN_CONFIGS.contains(&name));
        let json = std::fs::read_to_string(format!("{src}/{name}.json")).unwrap();
        let cfg = write(d.path(), &format!("my-{name}.json"), &json);
        let mine = Converter::from_config_file(&cfg).unwrap();
        let builtin = Converter::builtin(name).unwrap();
        for s in [
            "我的鼠标和软件出了问题，一个数组 ⿰氵发 \u{F900} 乾淨的頭髮 広い図書館",
            "头发干燥\r\n正则表达式 SQL注入攻击",
        ] {
            assert_eq!(mine.convert(s), builtin.convert(s), "{name}: {s}");
            let a: Vec<_> = mine
                .trace(s)
                .into_iter()
                .map(|t| (t.source, t.output))
                .collect();
            let b: Vec<_> = builtin
                .trace(s)
                .into_iter()
                .map(|t| (t.source, t.output))
                .collect();
            assert_eq!(a, b, "{name}");
        }
    }
}

#[test]
fn errors_name_the_file_and_line() {
    let d = tempfile::tempdir().unwrap();
    let bad_json = write(
        d.path(),
        "bad.json",
        "{\n  \"conversion_chain\": [\n    {\"dict\": }\n  ]\n}",
    );
    let e = Converter::from_config_file(&bad_json)
        .unwrap_err()
        .to_string();
    assert!(
        e.starts_with(&format!("{}:3: invalid JSON", bad_json.display())),
        "{e}"
    );

    let missing = write(
        d.path(),
        "missing.json",
        "{\n\"conversion_chain\": [\n{\"dict\": {\"type\": \"text\", \"file\": \"nope.txt\"}}]}",
    );
    let e = Converter::from_config_file(&missing)
        .unwrap_err()
        .to_string();
    assert!(e.starts_with(&format!("{}:3: ", missing.display())), "{e}");
    assert!(e.contains("nope.txt"), "{e}");

    write(d.path(), "broken.txt", "a\tb\nno tab\n");
    let broken = write(
        d.path(),
        "broken.json",
        &chain_config(r#"{"dict": {"type": "text", "file": "broken.txt"}}"#),
    );
    let e = Converter::from_config_file(&broken)
        .unwrap_err()
        .to_string();
    assert_eq!(
        e,
        format!(
            "{}:2: no TAB between key and values",
            d.path().join("broken.txt").display()
        )
    );

    let ocd = write(
        d.path(),
        "ocd.json",
        &chain_config(r#"{"dict": {"type": "ocd2", "file": "STPhrases.ocd2"}}"#),
    );
    let e = Converter::from_config_file(&ocd).unwrap_err().to_string();
    assert!(
        e.contains("binary `ocd2` dictionaries are not supported"),
        "{e}"
    );

    let e = Converter::from_config_file(&d.path().join("absent.json"))
        .unwrap_err()
        .to_string();
    assert!(
        e.starts_with(&d.path().join("absent.json").display().to_string()),
        "{e}"
    );

    // from_spec: a path that exists is a config file; anything else is an unknown name.
    assert!(Converter::from_spec(&ocd.display().to_string()).is_err());
    let e = Converter::from_spec("s2x").unwrap_err().to_string();
    assert!(e.starts_with("unknown config `s2x`"), "{e}");
}

#[test]
fn inline_dictionaries_for_quotes() {
    let d = tempfile::tempdir().unwrap();
    let cfg = write(
        d.path(),
        "quotes.json",
        r#"{"conversion_chain": [
            {"dict": {"type": "text", "file": "STCharacters.txt"}},
            {"dict": {"type": "inline", "entries": {"“": "「", "”": "」", "‘": "『", "’": "』"}}}
        ]}"#,
    );
    let c = Converter::from_config_file(&cfg).unwrap();
    assert_eq!(c.convert("“说‘话’”"), "「說『話』」");
}
