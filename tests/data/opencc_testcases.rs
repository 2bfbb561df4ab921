//! OpenCC 1.4.2's own expectations: the 556 config/input pairs of `testcases.json` and the
//! five golden files, byte for byte. Reads ../shared/opencc (or $TONGWEN_OPENCC_TESTCASES for
//! the JSON, $TONGWEN_SHARED for the shared folder); skips loudly when the data is absent.

use crate::helpers::shared_data::{shared, skipped};
use std::path::PathBuf;

use tongwen::engine::Converter;
use tongwen::engine::jsonc::{self, Value};

#[test]
fn all_testcases_pass() {
    let path = std::env::var_os("TONGWEN_OPENCC_TESTCASES")
        .map(PathBuf::from)
        .unwrap_or_else(|| shared().join("opencc/testcases.json"));
    let Ok(text) = std::fs::read_to_string(&path) else {
        skipped(format_args!(
            "SKIPPED all_testcases_pass: {} not found (set TONGWEN_OPENCC_TESTCASES or provide ../shared)",
            path.display()
        ));
        return;
    };
    let doc = jsonc::parse(&text).expect("testcases.json parses");
    let Some(Value::Array(cases)) = doc.get("cases").map(|c| &c.value) else {
        panic!("testcases.json has no `cases` array");
    };
    let mut total = 0;
    let mut failures = Vec::new();
    for case in cases {
        let input = case.get("input").and_then(|v| v.as_str()).expect("input");
        let Some(Value::Object(expected)) = case.get("expected").map(|e| &e.value) else {
            panic!("case without `expected`");
        };
        for (config, want) in expected {
            let want = want.as_str().expect("expected string");
            let got = Converter::builtin(config)
                .unwrap_or_else(|e| panic!("{e}"))
                .convert(input);
            total += 1;
            if got != want {
                failures.push(format!(
                    "{config}: {input:?}\n   want {want:?}\n    got {got:?}"
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {total} failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert_eq!(total, 556, "expected OpenCC 1.4.2's 556 expectations");
}

#[test]
fn golden_files_match_byte_for_byte() {
    let dir = shared().join("opencc/golden");
    let Ok(input) = std::fs::read_to_string(dir.join("us_constitution_zhs.txt")) else {
        skipped(format_args!(
            "SKIPPED golden_files_match_byte_for_byte: {} not found",
            dir.display()
        ));
        return;
    };
    for config in ["s2t", "s2tw", "s2twp", "s2hk", "s2hkp"] {
        let want = std::fs::read(dir.join(format!("us_constitution_zhs.{config}.txt")))
            .expect("golden output");
        let got = Converter::builtin(config).unwrap().convert(&input);
        assert!(
            got.as_bytes() == want.as_slice(),
            "{config}: golden output differs"
        );
    }
}
