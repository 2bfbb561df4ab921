//! Human-readable output of `check` and `explain`: one block per finding with the source line
//! excerpt and the span marked, colour (ANSI) only when asked (the CLI asks on a TTY unless
//! `NO_COLOR` is set). Messages are built from the finding's fields alone, so JSON and SARIF
//! consumers can rebuild them.

use std::fmt::Write as _;

use super::position::{LineIndex, excerpt, str_width};
use super::{CheckReport, ExplainReport, Finding, Kind, Severity, Why};

/// Characters of context shown either side of a span.
const CONTEXT: usize = 24;

struct Paint {
    on: bool,
}

impl Paint {
    fn wrap(&self, code: &str, s: &str) -> String {
        if self.on {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
    fn severity(&self, sev: &str) -> String {
        let code = match Severity::parse(sev) {
            Some(Severity::Error) => "1;31",
            Some(Severity::Warning) => "1;33",
            _ => "1;36",
        };
        self.wrap(code, sev)
    }
}

/// The one-line message of a finding.
pub fn message(f: &Finding) -> String {
    match Kind::parse(&f.kind) {
        Some(Kind::Ambiguous) => format!(
            "`{}` has {} conversions, the default is used: {}",
            f.text,
            f.candidates.len(),
            f.candidates.join(" ")
        ),
        Some(Kind::MixedScript) => format!(
            "the paragraph mixes Simplified and Traditional: `{}` is in the other script (`{}`)",
            f.text, f.suggestion
        ),
        Some(Kind::GlossaryConflict) => format!(
            "a glossary says `{}` here, not `{}`",
            f.candidates.first().map_or("", String::as_str),
            f.text
        ),
        Some(Kind::MarkupHazard) => format!("`{}`: {}", f.text, f.suggestion),
        None => format!("`{}`", f.text),
    }
}

/// Whether the suggestion is something to paste (shown as `suggestion:`), not already the
/// message.
pub fn has_paste(f: &Finding) -> bool {
    match Kind::parse(&f.kind) {
        Some(Kind::MarkupHazard) => f.suggestion.starts_with("-{"),
        Some(_) => !f.suggestion.is_empty(),
        None => false,
    }
}

/// Writes findings, each with its excerpt, then a summary line. `source_of` gives a file's
/// text (findings of files it does not know are written without an excerpt).
pub fn check_report<'a>(
    report: &CheckReport,
    files: usize,
    source_of: &dyn Fn(&str) -> Option<&'a str>,
    color: bool,
) -> String {
    let paint = Paint { on: color };
    let mut out = String::new();
    let mut last_file: Option<(&str, LineIndex<'a>)> = None;
    for f in &report.findings {
        let _ = writeln!(
            out,
            "{}: {}[{}] {}",
            paint.wrap("1", &format!("{}:{}:{}", f.file, f.line, f.column)),
            paint.severity(&f.severity),
            f.kind,
            message(f)
        );
        if last_file.as_ref().map(|(n, _)| *n) != Some(f.file.as_str()) {
            last_file = source_of(&f.file).map(|t| (f.file.as_str(), LineIndex::new(t)));
        }
        if let Some((_, index)) = &last_file
            && let Some(start) = index.offset(f.line, f.column)
        {
            let (before, marked, after) = excerpt(index, start..start + f.text.len(), CONTEXT);
            let num = f.line.to_string();
            let pad = " ".repeat(num.len());
            let _ = writeln!(
                out,
                " {num} | {before}{}{after}",
                paint.wrap("1;31", &marked)
            );
            let _ = writeln!(
                out,
                " {pad} | {}{}",
                " ".repeat(str_width(&before)),
                paint.wrap("1;31", &"^".repeat(str_width(&marked).max(1)))
            );
        }
        if !f.editions.is_empty() {
            let _ = writeln!(out, "   = editions: {}", f.editions.join(" "));
        }
        if has_paste(f) {
            let _ = writeln!(out, "   = suggestion: {}", f.suggestion);
        }
    }
    let counts: Vec<String> = report
        .counts()
        .iter()
        .map(|(k, n)| format!("{} {n}", k.as_str()))
        .collect();
    let _ = writeln!(
        out,
        "{} finding{} in {files} file{}: {}",
        report.findings.len(),
        if report.findings.len() == 1 { "" } else { "s" },
        if files == 1 { "" } else { "s" },
        counts.join(", ")
    );
    out
}

/// Writes an explanation: one line per span, then the protected summary.
pub fn explain_report(r: &ExplainReport, color: bool) -> String {
    let paint = Paint { on: color };
    let mut out = String::new();
    let _ = writeln!(out, "{} → {}", r.file, r.edition);
    for s in &r.spans {
        let why = match &s.why {
            Why::Dictionary { config, steps } => {
                let parts: Vec<String> = steps
                    .iter()
                    .map(|st| {
                        let mut p = format!(
                            "{} (stage {}{}) {}→{}",
                            st.dict,
                            st.stage,
                            if config.contains('+') {
                                format!(", {}", st.config)
                            } else {
                                String::new()
                            },
                            st.key,
                            st.value
                        );
                        if st.values.len() > 1 {
                            let _ = write!(p, " [of {}]", st.values.join(" "));
                        }
                        p
                    })
                    .collect();
                format!("{config}: {}", parts.join("; "))
            }
            Why::Rule { line, column } => format!("-{{ }}- rule at line {line}, column {column}"),
            Why::NoteTA { line, n } => format!("NoteTA rule {n} at line {line}"),
            Why::CGroup { group, index, line } => {
                if *line > 0 {
                    format!(
                        "conversion group {group}, entry {} (line {line})",
                        index + 1
                    )
                } else {
                    format!("conversion group {group}, entry {}", index + 1)
                }
            }
            Why::Glossary { file, line } => format!("glossary {file}:{line}"),
            Why::Markup => "-{ }- markup".to_string(),
            Why::Synthesised => "added by the renderer".to_string(),
        };
        let shown = if s.output.is_empty() {
            "(nothing shown)".to_string()
        } else {
            s.output.replace('\n', "⏎")
        };
        let _ = writeln!(
            out,
            "{:>5}:{:<4} {} → {}   {}",
            s.line,
            s.column,
            s.source.replace('\n', "⏎"),
            paint.wrap("1", &shown),
            paint.wrap("2", &why)
        );
    }
    let _ = writeln!(
        out,
        "{} converted span{}; protected (kept verbatim, not listed): {} span{}, {} bytes",
        r.spans.len(),
        if r.spans.len() == 1 { "" } else { "s" },
        r.protected.spans,
        if r.protected.spans == 1 { "" } else { "s" },
        r.protected.bytes
    );
    out
}
