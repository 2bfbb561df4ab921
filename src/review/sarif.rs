//! SARIF 2.1.0 output of `check`, for code-review tools (GitHub code scanning and others).
//!
//! One run; the tool driver is `tongwen` with one rule per finding kind (`ruleId` = the kind).
//! Each result has `level` (= severity), a message, one physical location (the file as given,
//! as a relative URI; 1-based `startLine`/`startColumn`, `endLine`/`endColumn` just past the
//! span; columns count characters, declared with `columnKind: "unicodeCodePoints"`), and,
//! when the suggestion is markup to paste, a `fixes` entry that replaces the span with it.
//! The editions and candidates are in the result's `properties`.

use serde_json::{Value, json};

use super::human::{has_paste, message};
use super::{CheckReport, Finding, Kind};

pub const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

pub fn to_sarif(report: &CheckReport) -> Value {
    let rules: Vec<Value> = Kind::ALL
        .iter()
        .map(|k| {
            json!({
                "id": k.as_str(),
                "name": k.as_str(),
                "shortDescription": {"text": k.description()},
                "defaultConfiguration": {"level": default_level(*k)},
            })
        })
        .collect();
    let results: Vec<Value> = report.findings.iter().map(result).collect();
    json!({
        "version": "2.1.0",
        "$schema": SCHEMA,
        "runs": [{
            "tool": {"driver": {
                "name": "tongwen",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    })
}

fn default_level(k: Kind) -> &'static str {
    match k {
        Kind::Ambiguous | Kind::GlossaryConflict => "warning",
        Kind::MixedScript => "note",
        Kind::MarkupHazard => "error",
    }
}

/// Line and column just past `text` starting at (line, column).
fn end_of(line: usize, column: usize, text: &str) -> (usize, usize) {
    match text.rfind('\n') {
        None => (line, column + text.chars().count()),
        Some(i) => (
            line + text.matches('\n').count(),
            text[i + 1..].chars().count() + 1,
        ),
    }
}

/// Whether replacing the finding's text by its suggestion is a sound edit: the suggestion is
/// markup or text standing for exactly that text.
fn fixable(f: &Finding) -> bool {
    match Kind::parse(&f.kind) {
        Some(Kind::Ambiguous | Kind::MixedScript) => !f.suggestion.is_empty(),
        Some(Kind::MarkupHazard) => f.suggestion.starts_with("-{") && f.text.starts_with("-{"),
        Some(Kind::GlossaryConflict) => {
            f.suggestion.contains(&format!(":{};", f.text))
                || f.suggestion == format!("-{{{}}}-", f.text)
        }
        None => false,
    }
}

fn result(f: &Finding) -> Value {
    let (end_line, end_column) = end_of(f.line, f.column, &f.text);
    let region = json!({
        "startLine": f.line,
        "startColumn": f.column,
        "endLine": end_line,
        "endColumn": end_column,
        "snippet": {"text": f.text},
    });
    let uri = f.file.replace('\\', "/");
    let mut r = json!({
        "ruleId": f.kind,
        "level": f.severity,
        "message": {"text": if has_paste(f) {
            format!("{} Suggestion: {}", message(f), f.suggestion)
        } else {
            message(f)
        }},
        "locations": [{"physicalLocation": {
            "artifactLocation": {"uri": uri},
            "region": region,
        }}],
        "properties": {"editions": f.editions, "candidates": f.candidates},
    });
    if fixable(f) {
        r["fixes"] = json!([{
            "description": {"text": format!("Replace with {}", f.suggestion)},
            "artifactChanges": [{
                "artifactLocation": {"uri": uri},
                "replacements": [{
                    "deletedRegion": {
                        "startLine": f.line,
                        "startColumn": f.column,
                        "endLine": end_line,
                        "endColumn": end_column,
                    },
                    "insertedContent": {"text": f.suggestion},
                }],
            }],
        }]);
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ends() {
        assert_eq!(end_of(3, 5, "干"), (3, 6));
        assert_eq!(end_of(3, 5, "-{a\nbc"), (4, 3));
    }
}
