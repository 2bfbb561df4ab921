//! `tongwen check` and `tongwen explain` as a user runs them: exit codes, the three output
//! formats, usage errors. Expected conversions are facts about OpenCC 1.4.2 (checked with the
//! official library).

use std::path::Path;
use std::process::{Command, Output};

fn tongwen(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tongwen"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("run tongwen")
}

fn dir_with(files: &[(&str, &str)]) -> tempfile::TempDir {
    let d = tempfile::tempdir().expect("temp dir");
    for (name, text) in files {
        std::fs::write(d.path().join(name), text).expect("write");
    }
    d
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("UTF-8 stdout")
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).expect("UTF-8 stderr")
}

/// 干了 has two values in STPhrases (幹了 乾了); s2t, s2twp and s2hkp pick 幹了.
const AMBIGUOUS: &str = "他干了一杯。\n";

#[test]
fn human_output_marks_the_span() {
    let d = dir_with(&[("t.txt", AMBIGUOUS)]);
    let o = tongwen(d.path(), &["check", "t.txt"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "t.txt:1:2: warning[ambiguous] `干了` has 2 conversions, the default is used: 幹了 乾了\n\
         \x201 | 他干了一杯。\n\
         \x20\x20\x20|   ^^^^\n\
         \x20\x20\x20= editions: zh-Hant zh-TW zh-HK zh-MO\n\
         \x20\x20\x20= suggestion: -{zh-hans:干了;zh-hant:幹了;}-\n\
         1 finding in 1 file: ambiguous 1, mixed-script 0, glossary-conflict 0, markup-hazard 0\n"
    );
}

#[test]
fn json_output_is_the_documented_schema() {
    let d = dir_with(&[("t.txt", AMBIGUOUS)]);
    let o = tongwen(d.path(), &["check", "--format", "json", "t.txt"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("JSON");
    assert_eq!(
        v,
        serde_json::json!({"findings": [{
            "file": "t.txt",
            "line": 1,
            "column": 2,
            "kind": "ambiguous",
            "severity": "warning",
            "text": "干了",
            "editions": ["zh-Hant", "zh-TW", "zh-HK", "zh-MO"],
            "candidates": ["幹了", "乾了"],
            "suggestion": "-{zh-hans:干了;zh-hant:幹了;}-",
        }]})
    );
    // Field order as documented.
    let text = stdout(&o);
    let keys = [
        "\"file\"",
        "\"line\"",
        "\"column\"",
        "\"kind\"",
        "\"severity\"",
        "\"text\"",
        "\"editions\"",
        "\"candidates\"",
        "\"suggestion\"",
    ];
    let at: Vec<usize> = keys.iter().map(|k| text.find(k).expect(k)).collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "{text}");
}

#[test]
fn sarif_output_has_the_required_fields() {
    let d = dir_with(&[("t.txt", AMBIGUOUS)]);
    let o = tongwen(
        d.path(),
        &["check", "--format", "sarif", "--to", "zh-TW", "t.txt"],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("JSON");
    assert_eq!(v["version"], "2.1.0");
    assert_eq!(
        v["$schema"],
        "https://json.schemastore.org/sarif-2.1.0.json"
    );
    let run = &v["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "tongwen");
    assert_eq!(run["tool"]["driver"]["version"], env!("CARGO_PKG_VERSION"));
    let ids: Vec<&str> = run["tool"]["driver"]["rules"]
        .as_array()
        .expect("rules")
        .iter()
        .map(|r| r["id"].as_str().expect("id"))
        .collect();
    assert_eq!(
        ids,
        [
            "ambiguous",
            "mixed-script",
            "glossary-conflict",
            "markup-hazard"
        ]
    );
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let results = run["results"].as_array().expect("results");
    assert_eq!(results.len(), 1);
    let r = &results[0];
    assert_eq!(r["ruleId"], "ambiguous");
    assert_eq!(r["level"], "warning");
    assert_eq!(
        r["message"]["text"],
        "`干了` has 2 conversions, the default is used: 幹了 乾了 Suggestion: -{zh-hant:幹了;}-"
    );
    let loc = &r["locations"][0]["physicalLocation"];
    assert_eq!(loc["artifactLocation"]["uri"], "t.txt");
    assert_eq!(
        loc["region"],
        serde_json::json!({"startLine": 1, "startColumn": 2, "endLine": 1, "endColumn": 4,
                           "snippet": {"text": "干了"}})
    );
    let rep = &r["fixes"][0]["artifactChanges"][0]["replacements"][0];
    assert_eq!(rep["insertedContent"]["text"], "-{zh-hant:幹了;}-");
    assert_eq!(rep["deletedRegion"]["startColumn"], 2);
    assert_eq!(rep["deletedRegion"]["endColumn"], 4);
    assert_eq!(
        r["properties"],
        serde_json::json!({"editions": ["zh-TW"], "candidates": ["幹了", "乾了"]})
    );
}

#[test]
fn exit_codes_follow_fail_on() {
    let d = dir_with(&[("t.txt", AMBIGUOUS), ("clean.txt", "abc 123\n")]);
    let code = |args: &[&str]| tongwen(d.path(), args).status.code();
    // The finding is a warning.
    assert_eq!(code(&["check", "t.txt"]), Some(1));
    assert_eq!(code(&["check", "--fail-on", "warning", "t.txt"]), Some(1));
    assert_eq!(code(&["check", "--fail-on", "note", "t.txt"]), Some(1));
    assert_eq!(code(&["check", "--fail-on", "error", "t.txt"]), Some(0));
    assert_eq!(code(&["check", "--fail-on", "none", "t.txt"]), Some(0));
    // zh-CN has nothing to say about 干了.
    assert_eq!(code(&["check", "--to", "zh-CN", "t.txt"]), Some(0));
    assert_eq!(code(&["check", "clean.txt"]), Some(0));
    let o = tongwen(d.path(), &["check", "clean.txt"]);
    assert_eq!(
        stdout(&o),
        "0 findings in 1 file: ambiguous 0, mixed-script 0, glossary-conflict 0, markup-hazard 0\n"
    );
}

#[test]
fn usage_and_input_errors_exit_2_and_print_nothing() {
    let d = dir_with(&[
        ("t.txt", AMBIGUOUS),
        ("bad.yaml", "entries:\n  - zh-cn: 软件\n    zh-xx: 軟體\n"),
    ]);
    std::fs::write(d.path().join("latin1.txt"), b"caf\xe9\n").expect("write");
    let cases: [(&[&str], &str); 6] = [
        (
            &["check", "--to", "zh-XX", "t.txt"],
            "tongwen: unknown variant `zh-XX` (expected one of zh-Hans, zh-Hant, zh-CN, zh-TW, zh-HK, zh-MO, zh-SG, zh-MY)\n",
        ),
        (
            &["check", "--glossary", "bad.yaml", "t.txt"],
            "tongwen: bad.yaml:3:5: unknown key `zh-xx` (expected a variant such as zh-cn, zh-tw, zh-hk, zh-hans, zh-hant, or `keep`, `note`)\n",
        ),
        (
            &["check", "latin1.txt"],
            "tongwen: latin1.txt: invalid UTF-8 at byte offset 3\n",
        ),
        (&["check", "--format", "xml", "t.txt"], ""),
        (&["check"], ""),
        (&["explain", "t.txt"], ""),
    ];
    for (args, err) in cases {
        let o = tongwen(d.path(), args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert_eq!(stdout(&o), "", "{args:?}");
        if !err.is_empty() {
            assert_eq!(stderr(&o), err, "{args:?}");
        }
    }
    let o = tongwen(d.path(), &["check", "missing.txt"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).starts_with("tongwen: missing.txt: "),
        "{}",
        stderr(&o)
    );
}

#[test]
fn explain_json_gives_dictionary_and_stage() {
    let d = dir_with(&[("h.txt", "头发\n")]);
    let o = tongwen(
        d.path(),
        &["explain", "--to", "zh-TW", "--format", "json", "h.txt"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("JSON");
    assert_eq!(
        v,
        serde_json::json!({
            "file": "h.txt",
            "edition": "zh-TW",
            "spans": [{
                "line": 1, "column": 1, "source": "头发", "output": "頭髮",
                "why": {"kind": "dictionary", "config": "s2twp", "steps": [{
                    "config": "s2twp", "stage": 1, "dict": "STPhrases",
                    "key": "头发", "value": "頭髮", "values": ["頭髮"]
                }]}
            }],
            "protected": {"spans": 0, "bytes": 0}
        })
    );
    let o = tongwen(d.path(), &["explain", "--to", "zh-TW", "h.txt"]);
    assert_eq!(
        stdout(&o),
        "h.txt → zh-TW\n    1:1    头发 → 頭髮   s2twp: STPhrases (stage 1) 头发→頭髮\n\
         1 converted span; protected (kept verbatim, not listed): 0 spans, 0 bytes\n"
    );
}
