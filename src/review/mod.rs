//! Editorial review: `check` findings and `explain` provenance.
//!
//! CONTRACT: [`check_source`] and [`explain_source`] return the same structures the CLI prints
//! with `--format json`; the HTTP service serialises them as they are.
//!
//! # Design
//! A source is parsed once. Each edition is then looked at through the units of visible text
//! its renderer converts with the dictionaries: for a document with no `-{ }-` markup, no
//! NoteTA and an edition with no glossary, those are simply the visible spans (text and the
//! shown text of bare links), and editions that share a converter chain share one trace of
//! them (zh-CN/zh-SG/zh-MY and zh-HK/zh-MO by default); otherwise the edition is rendered with
//! [`crate::edition::render_traced`] and its dictionary pieces are the units, so text that a
//! page rule, NoteTA/CGroup entry or glossary entry converted (or that `-{ }-` markup shows)
//! is never reported as ambiguous: a rule already settled it. Protected spans are never
//! looked at. Traces are cached per chain and source range ([`trace::TraceCache`]).
//!
//! The detectors ([`ambiguous`], [`mixed`], [`glossary`], [`hazard`]) each produce findings
//! with a byte range; findings with the same range, kind, candidates and suggestion are merged
//! across editions, then sorted by position (then kind, then first edition). Positions are
//! 1-based lines and columns counted in characters (Unicode scalar values) of the source file.
//!
//! # JSON schema of `check --format json` ([`CheckReport`])
//! ```json
//! {"findings": [{
//!   "file": "a.wiki",          // as given on the command line
//!   "line": 3, "column": 5,    // 1-based; column in characters, not bytes
//!   "kind": "ambiguous",       // ambiguous | mixed-script | glossary-conflict | markup-hazard
//!   "severity": "warning",     // note | warning | error
//!   "text": "干",               // the source text the finding is about (exact bytes)
//!   "editions": ["zh-Hant", "zh-TW"],  // edition tags it concerns, in pipeline order
//!   "candidates": ["幹", "乾", "干", "榦"], // alternatives (ambiguous: every dictionary value,
//!                              // default first; glossary-conflict: the glossary's form)
//!   "suggestion": "-{zh-hans:干;zh-hant:幹;}-"  // markup or a glossary form to paste
//! }]}
//! ```

pub mod ambiguous;
pub mod batch;
mod check;
pub mod explain;
pub mod glossary;
pub mod hazard;
pub mod human;
pub mod mixed;
pub mod position;
pub mod sarif;
pub mod trace;

use crate::document::Format;
use crate::edition::EditionSpec;
use crate::markup::ParseOptions;

pub use explain::{ExplainSpan, ProtectedSummary, Why};

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

impl CheckReport {
    /// The number of findings of each kind, in [`Kind::ALL`] order.
    pub fn counts(&self) -> Vec<(Kind, usize)> {
        Kind::ALL
            .iter()
            .map(|k| {
                let n = self
                    .findings
                    .iter()
                    .filter(|f| f.kind == k.as_str())
                    .count();
                (*k, n)
            })
            .collect()
    }

    /// The most severe finding's severity.
    pub fn worst(&self) -> Option<Severity> {
        self.findings
            .iter()
            .filter_map(|f| Severity::parse(&f.severity))
            .max()
    }
}

/// What a finding is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// A source character or phrase with several dictionary values, converted by its default.
    Ambiguous,
    /// A paragraph written partly in Simplified and partly in Traditional characters.
    MixedScript,
    /// Edition text that a glossary says should read differently.
    GlossaryConflict,
    /// `-{ }-` markup or NoteTA that does not do what it seems to (unclosed, no valid variant…).
    MarkupHazard,
}

impl Kind {
    pub const ALL: [Kind; 4] = [
        Kind::Ambiguous,
        Kind::MixedScript,
        Kind::GlossaryConflict,
        Kind::MarkupHazard,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Ambiguous => "ambiguous",
            Kind::MixedScript => "mixed-script",
            Kind::GlossaryConflict => "glossary-conflict",
            Kind::MarkupHazard => "markup-hazard",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// One sentence for SARIF rule descriptions and help.
    pub fn description(self) -> &'static str {
        match self {
            Kind::Ambiguous => {
                "A character or phrase with several conversions in the OpenCC dictionaries was converted by its default value."
            }
            Kind::MixedScript => {
                "A paragraph is written partly in Simplified and partly in Traditional characters."
            }
            Kind::GlossaryConflict => "An edition contains a form that a glossary replaces.",
            Kind::MarkupHazard => {
                "Conversion markup that does not do what it seems to: an unclosed -{, a rule that names no valid variant, a missing conversion group."
            }
        }
    }
}

/// How much a finding matters: `note` < `warning` < `error`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Note,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "note" => Some(Severity::Note),
            "warning" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

/// Checks one source text for the given editions.
pub fn check_source(
    file: &str,
    source: &str,
    format: Format,
    editions: &[EditionSpec],
    parse: &ParseOptions,
) -> CheckReport {
    CheckReport {
        findings: check::check(file, source, format, editions, parse),
    }
}

/// `explain`'s result for one edition of one source text.
///
/// JSON schema (`explain --format json`):
/// ```json
/// {"file": "a.wiki", "edition": "zh-TW",
///  "spans": [
///    {"line": 1, "column": 3, "source": "头发", "output": "頭髮",
///     "why": {"kind": "dictionary", "config": "s2twp",
///             "steps": [{"stage": 1, "dict": "STPhrases", "key": "头发", "value": "頭髮",
///                        "values": ["頭髮"]}]}},
///    {"line": 2, "column": 1, "source": "软件", "output": "軟體",
///     "why": {"kind": "glossary", "file": "house.yaml", "line": 3}},
///    {"line": 4, "column": 7, "source": "内存", "output": "記憶體",
///     "why": {"kind": "rule", "line": 1, "column": 1}},
///    {"line": 5, "column": 2, "source": "-{zh-hans:…}-", "output": "…",
///     "why": {"kind": "markup"}}
///  ],
///  "protected": {"spans": 12, "bytes": 345}}
/// ```
/// `why.kind` is one of `dictionary`, `rule` (a `-{ }-` rule at line/column), `noteta`
/// (`line`, `n`), `cgroup` (`group`, `index`, `line`), `glossary` (`file`, `line`), `markup`
/// (the display text of `-{ }-` markup) and `synthesised` (text the renderer made up).
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ExplainReport {
    pub file: String,
    pub edition: String,
    pub spans: Vec<ExplainSpan>,
    /// Protected spans, copied unconverted: summarised, not listed.
    pub protected: ProtectedSummary,
}

/// Explains one edition of one source text.
pub fn explain_source(
    file: &str,
    source: &str,
    format: Format,
    edition: &EditionSpec,
    parse: &ParseOptions,
) -> ExplainReport {
    explain::explain(file, source, format, edition, parse)
}
