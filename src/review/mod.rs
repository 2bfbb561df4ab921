//! Editorial review: `check` findings and `explain` provenance.
//!
//! CONTRACT: [`check_source`] and [`explain_source`] return the same structures the CLI prints
//! with `--format json`; the HTTP service serialises them as they are.

use crate::document::Format;
use crate::edition::EditionSpec;
use crate::markup::ParseOptions;

/// One finding of `check` (the JSON schema: `{"findings":[…]}`).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Finding {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub kind: String,
    pub severity: String,
    pub text: String,
    pub editions: Vec<String>,
    pub candidates: Vec<String>,
    pub suggestion: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CheckReport {
    pub findings: Vec<Finding>,
}

/// Checks one source text for the given editions (stub until review lands).
pub fn check_source(
    file: &str,
    source: &str,
    format: Format,
    editions: &[EditionSpec],
    parse: &ParseOptions,
) -> CheckReport {
    let _ = (file, source, format, editions, parse);
    CheckReport::default()
}

/// `explain`'s result for one edition of one source text.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ExplainReport {
    pub file: String,
    pub edition: String,
    pub spans: Vec<serde_json::Value>,
}

/// Explains one edition of one source text (stub until review lands).
pub fn explain_source(
    file: &str,
    source: &str,
    format: Format,
    edition: &EditionSpec,
    parse: &ParseOptions,
) -> ExplainReport {
    let _ = (source, format, parse);
    ExplainReport {
        file: file.to_string(),
        edition: edition.variant.tag().to_string(),
        spans: Vec::new(),
    }
}
