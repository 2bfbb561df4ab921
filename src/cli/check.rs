//! `tongwen check [--pipeline FILE] [--to VARIANT…] [--glossary FILE…] [--format human|json|sarif]
//! [--fail-on LEVEL] FILE…`: editorial findings for each file and each edition.
//!
//! Exit status: 0 when no finding reaches `--fail-on` (default `warning`; levels
//! `note < warning < error`, or `none` to never fail), 1 otherwise, 2 on usage, configuration
//! or input errors (unknown variant, bad glossary or pipeline, unreadable file, invalid UTF-8),
//! in which case nothing is written to stdout.

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use rayon::prelude::*;

use crate::document::Format;
use crate::edition::EditionSpec;
use crate::markup::ParseOptions;
use crate::pipeline::Pipeline;
use crate::review::{CheckReport, Severity, check_source, human, sarif};
use crate::rules::Glossary;
use crate::variant::{UnknownVariant, Variant};

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutputFormat {
    Human,
    Json,
    Sarif,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum FailOn {
    None,
    Note,
    Warning,
    Error,
}

impl FailOn {
    fn level(self) -> Option<Severity> {
        match self {
            FailOn::None => None,
            FailOn::Note => Some(Severity::Note),
            FailOn::Warning => Some(Severity::Warning),
            FailOn::Error => Some(Severity::Error),
        }
    }
}

#[derive(clap::Args, Debug)]
pub struct Args {
    /// pipeline.yaml: the editions, their OpenCC configs, CGroup files, glossaries and
    /// protection rules (default: all eight editions with their default configs).
    #[arg(long, value_name = "FILE")]
    pub pipeline: Option<PathBuf>,
    /// Check only these editions (repeat, or separate with commas): zh-Hans zh-Hant zh-CN
    /// zh-TW zh-HK zh-MO zh-SG zh-MY.
    #[arg(
        long = "to",
        short = 't',
        value_name = "VARIANT",
        value_delimiter = ','
    )]
    pub to: Vec<String>,
    /// A glossary YAML file in force for every edition (repeatable), besides the pipeline's.
    #[arg(long = "glossary", short = 'g', value_name = "FILE")]
    pub glossary: Vec<PathBuf>,
    /// Output: human (excerpts, colour on a terminal), json ({"findings":[…]}) or sarif
    /// (SARIF 2.1.0).
    #[arg(long, value_enum, default_value = "human")]
    pub format: OutputFormat,
    /// Exit with status 1 when a finding is at least this severe.
    #[arg(
        long = "fail-on",
        value_enum,
        value_name = "LEVEL",
        default_value = "warning"
    )]
    pub fail_on: FailOn,
    /// Source format of the files (default: from the extension: .wiki .wikitext .mediawiki →
    /// wikitext, .md .markdown → markdown, else plain).
    #[arg(long = "input-format", value_name = "FORMAT", value_parser = parse_format)]
    pub input_format: Option<Format>,
    /// Files to check (`-` for stdin).
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
}

pub(super) fn parse_format(s: &str) -> Result<Format, String> {
    Format::parse(s)
        .ok_or_else(|| format!("unknown format `{s}` (expected wikitext, markdown or plain)"))
}

/// The editions and parse options to use: the pipeline's (or the default one), restricted to
/// `to` (in the pipeline's order), with extra glossaries added to every edition.
pub(super) fn editions(
    pipeline: Option<&Path>,
    to: &[String],
    glossaries: &[PathBuf],
) -> Result<(Vec<EditionSpec>, ParseOptions), String> {
    let p = match pipeline {
        Some(path) => Pipeline::load(path).map_err(|e| e.to_string())?,
        None => Pipeline::default_pipeline(),
    };
    let mut wanted = Vec::new();
    for t in to {
        let v = Variant::parse_edition(t).ok_or_else(|| UnknownVariant(t.clone()).to_string())?;
        if !p.editions.iter().any(|e| e.variant == v) {
            return Err(format!(
                "{} is not an edition of {}",
                v.tag(),
                pipeline.map_or("the default pipeline".to_string(), |p| p
                    .display()
                    .to_string())
            ));
        }
        wanted.push(v);
    }
    let mut extra = Vec::new();
    for g in glossaries {
        extra.push(Arc::new(Glossary::load(g).map_err(|e| e.to_string())?));
    }
    let editions = p
        .editions
        .into_iter()
        .filter(|e| wanted.is_empty() || wanted.contains(&e.variant))
        .map(|mut e| {
            e.glossaries.extend(extra.iter().cloned());
            e
        })
        .collect();
    Ok((editions, p.parse))
}

/// Reads a file (or stdin for `-`) as UTF-8: (name for messages, text).
pub(super) fn read_source(path: &Path) -> Result<(String, String), String> {
    let mut bytes = Vec::new();
    let name = if path.as_os_str() == "-" {
        std::io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|e| format!("<stdin>: {e}"))?;
        "<stdin>".to_string()
    } else {
        let name = path.display().to_string();
        bytes = std::fs::read(path).map_err(|e| format!("{name}: {e}"))?;
        name
    };
    match String::from_utf8(bytes) {
        Ok(t) => Ok((name, t)),
        Err(e) => Err(format!(
            "{name}: invalid UTF-8 at byte offset {}",
            e.utf8_error().valid_up_to()
        )),
    }
}

pub(super) fn format_of(path: &Path, given: Option<Format>) -> Format {
    given.unwrap_or_else(|| Format::from_path(path))
}

/// Colour when stdout is a terminal and `NO_COLOR` is unset.
pub(super) fn color() -> bool {
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

pub fn main(args: Args) -> ExitCode {
    let (editions, parse) = match editions(args.pipeline.as_deref(), &args.to, &args.glossary) {
        Ok(x) => x,
        Err(e) => return super::fail(e),
    };
    // Read and check in parallel; the first error (in the order given) stops everything
    // before anything is printed.
    // Each file's findings as JSON items, made in the workers (the items of the report's
    // `findings` array, pretty-printed at their depth).
    let json = args.format == OutputFormat::Json;
    type Checked = ((String, String), CheckReport, Vec<u8>);
    let results: Vec<Result<Checked, String>> = args
        .files
        .par_iter()
        .map(|f| {
            let (name, text) = read_source(f)?;
            let format = format_of(f, args.input_format);
            let report = check_source(&name, &text, format, &editions, &parse);
            let items = if json {
                json_items(&report)
            } else {
                Vec::new()
            };
            Ok(((name, text), report, items))
        })
        .collect();
    let mut sources = Vec::with_capacity(results.len());
    let mut reports = Vec::with_capacity(results.len());
    let mut items: Vec<Vec<u8>> = Vec::with_capacity(results.len());
    for r in results {
        match r {
            Ok((source, report, json)) => {
                sources.push(source);
                reports.push(report);
                if !json.is_empty() {
                    items.push(json);
                }
            }
            Err(e) => return super::fail(e),
        }
    }
    let report = CheckReport {
        findings: reports.into_iter().flat_map(|r| r.findings).collect(),
    };
    let mut stdout = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    let written = match args.format {
        OutputFormat::Human => {
            let lookup = |file: &str| {
                sources
                    .iter()
                    .find(|(n, _)| n == file)
                    .map(|(_, t)| t.as_str())
            };
            let text = human::check_report(&report, sources.len(), &lookup, color());
            stdout.write_all(text.as_bytes())
        }
        OutputFormat::Json => write_json(&mut stdout, &items),
        OutputFormat::Sarif => serde_json::to_writer_pretty(&mut stdout, &sarif::to_sarif(&report))
            .map_err(std::io::Error::from)
            .and_then(|()| stdout.write_all(b"\n")),
    };
    if let Err(e) = written.and_then(|()| stdout.flush())
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        return super::fail(e);
    }
    let code = match (args.fail_on.level(), report.worst()) {
        (Some(level), Some(worst)) if worst >= level => ExitCode::from(1),
        _ => ExitCode::SUCCESS,
    };
    // The process ends here: leave the memory to the system rather than free it piece by
    // piece.
    std::mem::forget((report, sources, items));
    code
}

/// A report's findings pretty-printed as items of the top-level `findings` array (indented
/// by four spaces, separated by `,\n`): the same text `serde_json::to_writer_pretty` writes
/// for them inside the whole report (written directly: the test below holds it to serde's).
fn json_items(report: &CheckReport) -> Vec<u8> {
    let mut out = Vec::with_capacity(report.findings.len() * 320);
    for (i, f) in report.findings.iter().enumerate() {
        if i > 0 {
            out.extend_from_slice(b",\n");
        }
        out.extend_from_slice(b"    {\n");
        let field = |out: &mut Vec<u8>, name: &str| {
            out.extend_from_slice(b"      \"");
            out.extend_from_slice(name.as_bytes());
            out.extend_from_slice(b"\": ");
        };
        field(&mut out, "file");
        json_str(&mut out, &f.file);
        out.extend_from_slice(b",\n");
        field(&mut out, "line");
        out.extend_from_slice(f.line.to_string().as_bytes());
        out.extend_from_slice(b",\n");
        field(&mut out, "column");
        out.extend_from_slice(f.column.to_string().as_bytes());
        out.extend_from_slice(b",\n");
        field(&mut out, "kind");
        json_str(&mut out, &f.kind);
        out.extend_from_slice(b",\n");
        field(&mut out, "severity");
        json_str(&mut out, &f.severity);
        out.extend_from_slice(b",\n");
        field(&mut out, "text");
        json_str(&mut out, &f.text);
        out.extend_from_slice(b",\n");
        field(&mut out, "editions");
        json_list(&mut out, &f.editions);
        out.extend_from_slice(b",\n");
        field(&mut out, "candidates");
        json_list(&mut out, &f.candidates);
        out.extend_from_slice(b",\n");
        field(&mut out, "suggestion");
        json_str(&mut out, &f.suggestion);
        out.extend_from_slice(b"\n    }");
    }
    out
}

/// A list of strings as a field value at depth 3, as serde_json's pretty printer writes it.
fn json_list(out: &mut Vec<u8>, items: &[String]) {
    if items.is_empty() {
        out.extend_from_slice(b"[]");
        return;
    }
    out.extend_from_slice(b"[\n");
    for (i, it) in items.iter().enumerate() {
        if i > 0 {
            out.extend_from_slice(b",\n");
        }
        out.extend_from_slice(b"        ");
        json_str(out, it);
    }
    out.extend_from_slice(b"\n      ]");
}

/// A JSON string escaped as serde_json escapes it: `"` `\\` and control characters only
/// (`\b \f \n \r \t`, others as `\u00xx`).
fn json_str(out: &mut Vec<u8>, s: &str) {
    out.push(b'"');
    let b = s.as_bytes();
    let mut start = 0;
    for (i, &c) in b.iter().enumerate() {
        let esc: &[u8] = match c {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            0x08 => b"\\b",
            0x0C => b"\\f",
            0..0x20 => b"",
            _ => continue,
        };
        out.extend_from_slice(&b[start..i]);
        if esc.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.extend_from_slice(b"\\u00");
            out.push(HEX[(c >> 4) as usize]);
            out.push(HEX[(c & 0xF) as usize]);
        } else {
            out.extend_from_slice(esc);
        }
        start = i + 1;
    }
    out.extend_from_slice(&b[start..]);
    out.push(b'"');
}

/// `{"findings":[…]}` from the items of every file, pretty-printed as serde_json does.
fn write_json(w: &mut impl Write, items: &[Vec<u8>]) -> std::io::Result<()> {
    if items.is_empty() {
        return w.write_all(b"{\n  \"findings\": []\n}\n");
    }
    w.write_all(b"{\n  \"findings\": [\n")?;
    for (i, it) in items.iter().enumerate() {
        if i > 0 {
            w.write_all(b",\n")?;
        }
        w.write_all(it)?;
    }
    w.write_all(b"\n  ]\n}\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::review::Finding;

    fn finding(file: &str, text: &str) -> Finding {
        Finding {
            file: file.into(),
            line: 1,
            column: 2,
            kind: "ambiguous".into(),
            severity: "warning".into(),
            text: text.into(),
            editions: vec!["zh-TW".into()],
            candidates: vec!["幹了".into(), "乾了\n".into()],
            suggestion: String::new(),
        }
    }

    #[test]
    fn strings_escape_as_serde_does() {
        let mut all: String = (0u8..0x80).map(char::from).collect();
        all.push_str("干\u{7f}\u{2028}\u{10FFFF}\"\\/end");
        for s in [all.as_str(), "", "plain", "\"", "a\u{1}b\u{1f}"] {
            let mut out = Vec::new();
            json_str(&mut out, s);
            assert_eq!(
                String::from_utf8(out).unwrap(),
                serde_json::to_string(s).unwrap()
            );
        }
    }

    #[test]
    fn stitched_json_equals_serde_pretty() {
        let a = CheckReport {
            findings: vec![finding("a", "干了"), finding("a", "x")],
        };
        let mut no_lists = finding("b\"\t", "y");
        no_lists.editions.clear();
        no_lists.candidates.clear();
        no_lists.suggestion = "-{zh-hans:干;}-\u{1}".into();
        no_lists.line = 123456;
        let b = CheckReport {
            findings: vec![finding("b", "y"), no_lists],
        };
        let empty = CheckReport::default();
        let mut out = Vec::new();
        write_json(&mut out, &[json_items(&a), json_items(&b)]).unwrap();
        let whole = CheckReport {
            findings: a.findings.iter().chain(&b.findings).cloned().collect(),
        };
        assert_eq!(
            String::from_utf8(out).unwrap(),
            serde_json::to_string_pretty(&whole).unwrap() + "\n"
        );
        let mut out = Vec::new();
        write_json(&mut out, &[]).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            serde_json::to_string_pretty(&empty).unwrap() + "\n"
        );
    }
}
