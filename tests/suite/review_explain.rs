//! `explain`: provenance for each source of a conversion (OpenCC dictionary and stage, a
//! `-{ }-` rule, a NoteTA rule, a conversion group entry, a glossary entry, `-{ }-` display
//! text, renderer-made text) and the summary of protected spans. Conversions are OpenCC
//! 1.4.2's (checked with the official library).

use std::io::Write;
use std::sync::Arc;

use tongwen::document::Format;
use tongwen::edition::EditionSpec;
use tongwen::markup::ParseOptions;
use tongwen::review::explain::Step;
use tongwen::review::{ExplainReport, ExplainSpan, ProtectedSummary, Why, explain_source};
use tongwen::rules::{CGroups, Glossary};
use tongwen::variant::Variant;

const SOURCE: &str = "\
{{NoteTA|1=zh-cn:鼠标;zh-tw:滑鼠;|G1=IT}}
-{H|zh-cn:硬盘;zh-tw:硬碟;}-头发、鼠标、内存、硬盘、软件、程序。-{zh-hans:光盘;zh-hant:光碟}-[[光盘]]
";

fn spec() -> EditionSpec {
    let dir = tempfile::tempdir().expect("temp dir");
    let group = dir.path().join("it.yaml");
    let mut f = std::fs::File::create(&group).expect("create");
    f.write_all("name: IT\nrules:\n  - zh-cn:内存; zh-tw:記憶體; zh-hk:記憶體;\n".as_bytes())
        .expect("write");
    let cgroups = CGroups::load(&[group.as_path()]).expect("valid group file");
    let glossary = Glossary::parse("house.yaml", "entries:\n  - zh-cn: 程序\n    zh-tw: 程式\n")
        .expect("valid glossary");
    EditionSpec {
        cgroups: Arc::new(cgroups),
        glossaries: vec![Arc::new(glossary)],
        ..EditionSpec::new(Variant::ZhTW)
    }
}

fn span(column: usize, source: &str, output: &str, why: Why) -> ExplainSpan {
    ExplainSpan {
        line: 2,
        column,
        source: source.into(),
        output: output.into(),
        why,
    }
}

fn step(stage: usize, dict: &str, key: &str, value: &str, values: &[&str]) -> Step {
    Step {
        config: "s2twp".into(),
        stage,
        dict: dict.into(),
        key: key.into(),
        value: value.into(),
        values: values.iter().map(|v| v.to_string()).collect(),
    }
}

#[test]
fn every_source_of_a_conversion() {
    let r = explain_source(
        "a.wiki",
        SOURCE,
        Format::Wikitext,
        &spec(),
        &ParseOptions::default(),
    );
    let dict = |steps| Why::Dictionary {
        config: "s2twp".into(),
        steps,
    };
    assert_eq!(
        r,
        ExplainReport {
            file: "a.wiki".into(),
            edition: "zh-TW".into(),
            spans: vec![
                // A hidden rule block shows nothing.
                span(1, "-{H|zh-cn:硬盘;zh-tw:硬碟;}-", "", Why::Markup),
                span(
                    25,
                    "头发",
                    "頭髮",
                    dict(vec![step(1, "STPhrases", "头发", "頭髮", &["頭髮"])])
                ),
                span(28, "鼠标", "滑鼠", Why::NoteTA { line: 1, n: 1 }),
                span(
                    31,
                    "内存",
                    "記憶體",
                    Why::CGroup {
                        group: "IT".into(),
                        index: 0,
                        line: 3
                    }
                ),
                span(34, "硬盘", "硬碟", Why::Rule { line: 2, column: 1 }),
                // Stage 1 writes 軟件, zh-TW's phrase table (stage 2) makes it 軟體.
                span(
                    37,
                    "软件",
                    "軟體",
                    dict(vec![
                        step(1, "STCharacters", "软", "軟", &["軟"]),
                        step(2, "TWPhrases", "軟件", "軟體", &["軟體"]),
                    ])
                ),
                span(
                    40,
                    "程序",
                    "程式",
                    Why::Glossary {
                        file: "house.yaml".into(),
                        line: 2
                    }
                ),
                span(43, "-{zh-hans:光盘;zh-hant:光碟}-", "光碟", Why::Markup),
                // The bare link keeps its target and gets the converted label.
                span(72, "", "|光碟", Why::Synthesised),
            ],
            // The NoteTA template, the link's `[[光盘` and `]]`.
            protected: ProtectedSummary {
                spans: 3,
                bytes: "{{NoteTA|1=zh-cn:鼠标;zh-tw:滑鼠;|G1=IT}}".len()
                    + "[[光盘".len()
                    + "]]".len(),
            },
        }
    );
}

#[test]
fn json_schema() {
    let r = explain_source(
        "a.wiki",
        SOURCE,
        Format::Wikitext,
        &spec(),
        &ParseOptions::default(),
    );
    let v = serde_json::to_value(&r).expect("json");
    assert_eq!(v["file"], "a.wiki");
    assert_eq!(v["edition"], "zh-TW");
    assert_eq!(
        v["spans"][1],
        serde_json::json!({"line": 2, "column": 25, "source": "头发", "output": "頭髮",
            "why": {"kind": "dictionary", "config": "s2twp", "steps": [
                {"config": "s2twp", "stage": 1, "dict": "STPhrases", "key": "头发",
                 "value": "頭髮", "values": ["頭髮"]}]}})
    );
    assert_eq!(
        v["spans"][2]["why"],
        serde_json::json!({"kind": "noteta", "line": 1, "n": 1})
    );
    assert_eq!(
        v["spans"][3]["why"],
        serde_json::json!({"kind": "cgroup", "group": "IT", "index": 0, "line": 3})
    );
    assert_eq!(
        v["spans"][4]["why"],
        serde_json::json!({"kind": "rule", "line": 2, "column": 1})
    );
    assert_eq!(
        v["spans"][6]["why"],
        serde_json::json!({"kind": "glossary", "file": "house.yaml", "line": 2})
    );
    assert_eq!(v["spans"][7]["why"], serde_json::json!({"kind": "markup"}));
    assert_eq!(
        v["spans"][8]["why"],
        serde_json::json!({"kind": "synthesised"})
    );
    assert_eq!(v["protected"]["spans"], 3);
    let back: ExplainReport = serde_json::from_value(v).expect("round trip");
    assert_eq!(back, r);
}
