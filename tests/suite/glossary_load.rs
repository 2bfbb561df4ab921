//! Loading glossary files: the documented format, and errors that name file:line:column.

use std::io::Write;

use tongwen::rules::{Glossary, GlossaryEntry, RulesError};
use tongwen::variant::Variant;

fn write(text: &[u8]) -> tempfile::NamedTempFile {
    let mut f = tempfile::Builder::new()
        .suffix(".yaml")
        .tempfile()
        .expect("temp file");
    f.write_all(text).expect("write");
    f
}

/// The example of the README, as written there.
const EXAMPLE: &str = "\
# House glossary: one entry per decision.
entries:
  - zh-cn: 软件
    zh-tw: 軟體
    zh-hk: 軟件
    note: house style
  - zh-Hans: 内存          # any spelling of a variant: zh-Hans, zh_hans, zh-Hans-CN …
    zh-Hant: 記憶體
  - keep: 乾隆              # a reign name: never 干隆
    note: proper name
";

#[test]
fn loads_the_documented_example() {
    let f = write(EXAMPLE.as_bytes());
    let g = Glossary::load(f.path()).expect("valid glossary");
    assert_eq!(g.file, f.path().display().to_string());
    assert_eq!(
        g.entries,
        vec![
            GlossaryEntry {
                line: 3,
                forms: vec![
                    (Variant::ZhCN, "软件".into()),
                    (Variant::ZhTW, "軟體".into()),
                    (Variant::ZhHK, "軟件".into()),
                ],
                keep: None,
                note: Some("house style".into()),
            },
            GlossaryEntry {
                line: 7,
                forms: vec![
                    (Variant::ZhHans, "内存".into()),
                    (Variant::ZhHant, "記憶體".into()),
                ],
                keep: None,
                note: None,
            },
            GlossaryEntry {
                line: 9,
                forms: vec![],
                keep: Some("乾隆".into()),
                note: Some("proper name".into()),
            },
        ]
    );
}

#[test]
fn bad_entries_name_file_line_and_column() {
    let cases: [(&str, &str); 5] = [
        (
            "entries:\n  - zh-cn: 软件\n    zh-tw: 軟體\n  - zh-cn: 内存\n    zh-xx: 記憶體\n",
            "5:5: unknown key `zh-xx` (expected a variant such as zh-cn, zh-tw, zh-hk, zh-hans, zh-hant, or `keep`, `note`)",
        ),
        (
            "entries:\n  - keep: 乾隆\n    zh-tw: 乾隆\n",
            "2:5: entry 1 has both `keep` and variant forms: give one or the other",
        ),
        (
            "entries:\n  - note: nothing else\n",
            "2:5: entry 1 is empty: give variant forms or `keep`",
        ),
        (
            "entries:\n  - zh-tw: 軟體\n    color: red\n",
            "3:5: unknown key `color` (expected a variant such as zh-cn, zh-tw, zh-hk, zh-hans, zh-hant, or `keep`, `note`)",
        ),
        (
            "glossary:\n  - zh-tw: 軟體\n",
            "1:1: unknown field `glossary`, expected one of entries",
        ),
    ];
    for (text, want) in cases {
        let f = write(text.as_bytes());
        let err = Glossary::load(f.path()).expect_err(text);
        assert!(matches!(err, RulesError::Parse { .. }), "{err:?}");
        assert_eq!(err.to_string(), format!("{}:{want}", f.path().display()));
    }
}

#[test]
fn unreadable_and_non_utf8_files() {
    let err = Glossary::load(std::path::Path::new("/nonexistent/g.yaml")).expect_err("missing");
    assert!(
        matches!(&err, RulesError::Io { file, .. } if file == "/nonexistent/g.yaml"),
        "{err:?}"
    );
    let f = write(b"entries:\n  - zh-tw: \xff\n");
    let err = Glossary::load(f.path()).expect_err("bad UTF-8");
    assert_eq!(
        err.to_string(),
        format!(
            "{}:2:12: invalid UTF-8 at byte offset 20",
            f.path().display()
        )
    );
}
