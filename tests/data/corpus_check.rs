//! `check` over every article of ../shared/corpus (or $TONGWEN_SHARED/corpus), all eight
//! editions: no panic, and every finding is well formed:
//! - its line and column point at its text in the source, and the text is not empty;
//! - findings are sorted by position; editions are known tags in pipeline order;
//! - ambiguous findings lie inside visible text (never in a protected span) and have at least
//!   two candidates; severities and kinds are the documented ones;
//! - the JSON output round-trips.
//!
//! Skips loudly when the corpus is absent.

use crate::helpers::shared_data::{shared, skipped};
use std::path::{Path, PathBuf};

use tongwen::document::{Format, Span};
use tongwen::markup::{ParseOptions, parse_with};
use tongwen::pipeline::Pipeline;
use tongwen::review::{CheckReport, Kind, Severity, check_source};
use tongwen::variant::Variant;

fn corpus() -> Option<PathBuf> {
    let shared = shared();
    let c = shared.join("corpus");
    if c.join("wikitext").is_dir() {
        Some(c)
    } else {
        skipped(format_args!(
            "corpus_check: SKIPPED: no corpus at {} (set TONGWEN_SHARED)",
            c.display()
        ));
        None
    }
}

fn files(corpus: &Path) -> Vec<PathBuf> {
    let mut v = Vec::new();
    for dir in ["wikitext", "markdown"] {
        let mut f: Vec<PathBuf> = std::fs::read_dir(corpus.join(dir))
            .expect("corpus folder")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("wiki" | "md")))
            .collect();
        f.sort();
        v.extend(f);
    }
    v
}

/// Byte offset of a 1-based line and character column.
fn offset(src: &str, line: usize, column: usize) -> usize {
    let start: usize = src.split_inclusive('\n').take(line - 1).map(str::len).sum();
    let rest = &src[start..];
    rest.char_indices()
        .nth(column - 1)
        .map_or(src.len(), |(i, _)| start + i)
}

#[test]
fn every_finding_is_well_formed() {
    let Some(corpus) = corpus() else { return };
    let pipeline = Pipeline::default_pipeline();
    let tags: Vec<&str> = pipeline.editions.iter().map(|e| e.variant.tag()).collect();
    let mut totals = [0usize; 4];
    for path in files(&corpus) {
        let src = std::fs::read_to_string(&path).expect("UTF-8 corpus file");
        let format = Format::from_path(&path);
        let name = path.display().to_string();
        let report = check_source(&name, &src, format, &pipeline.editions, &pipeline.parse);
        let doc = parse_with(&src, format, &ParseOptions::default());
        let visible: Vec<std::ops::Range<usize>> = doc
            .spans
            .iter()
            .filter_map(|s| match s {
                Span::Text(r) => Some(r.clone()),
                Span::LinkLabel { shown } => Some(shown.clone()),
                _ => None,
            })
            .collect();
        let mut last = (0, 0);
        for f in &report.findings {
            assert_eq!(f.file, name);
            assert!(!f.text.is_empty(), "{f:?}");
            let at = offset(&src, f.line, f.column);
            assert!(
                src[at..].starts_with(&f.text),
                "{name}:{}:{}: text {:?} is not at its position",
                f.line,
                f.column,
                f.text
            );
            assert!((f.line, f.column) >= last, "unsorted at {f:?}");
            last = (f.line, f.column);
            let kind = Kind::parse(&f.kind).expect("known kind");
            assert!(Severity::parse(&f.severity).is_some(), "{f:?}");
            let pos: Vec<usize> = f
                .editions
                .iter()
                .map(|e| tags.iter().position(|t| t == e).expect("known edition"))
                .collect();
            assert!(pos.windows(2).all(|w| w[0] < w[1]), "editions order {f:?}");
            assert!(
                f.editions
                    .iter()
                    .all(|e| Variant::parse_edition(e).is_some())
            );
            if kind == Kind::Ambiguous {
                assert!(f.candidates.len() >= 2, "{f:?}");
                let end = at + f.text.len();
                assert!(
                    visible.iter().any(|r| r.start <= at && end <= r.end),
                    "{name}:{}:{}: ambiguous finding {:?} outside visible text",
                    f.line,
                    f.column,
                    f.text
                );
            }
            totals[Kind::ALL.iter().position(|k| *k == kind).unwrap_or(0)] += 1;
        }
        let json = serde_json::to_string(&report).expect("json");
        let back: CheckReport = serde_json::from_str(&json).expect("round trip");
        assert_eq!(back, report);
    }
    eprintln!(
        "corpus_check: ambiguous {}, mixed-script {}, glossary-conflict {}, markup-hazard {}",
        totals[0], totals[1], totals[2], totals[3]
    );
}

/// `Converter::ambiguities` (the fast scan `check` uses) equals the trace's multi-valued hits
/// on every corpus file, for all 16 configs.
#[test]
fn ambiguity_scan_equals_the_trace() {
    let Some(corpus) = corpus() else { return };
    for name in tongwen::engine::BUILTIN_CONFIGS {
        let c = tongwen::Converter::builtin(name).expect("built-in");
        for path in files(&corpus) {
            let src = std::fs::read_to_string(&path).expect("UTF-8 corpus file");
            let Some(fast) = c.ambiguities(&src) else {
                continue;
            };
            let mut slow: Vec<(usize, usize, usize)> = c
                .trace(&src)
                .into_iter()
                .flat_map(|s| s.hits)
                .filter(|h| h.values.len() > 1)
                .map(|h| (h.source.start, h.stage, h.source.end))
                .collect();
            slow.sort();
            let fast: Vec<(usize, usize, usize)> = fast
                .into_iter()
                .map(|a| (a.source.start, a.stage, a.source.end))
                .collect();
            assert_eq!(fast, slow, "{name} {}", path.display());
        }
    }
}

/// The corpus's deliberate markup edge cases are reported where they are.
#[test]
fn known_markup_hazards() {
    let Some(corpus) = corpus() else { return };
    let pipeline = Pipeline::default_pipeline();
    let cases = [
        (
            "wikitext/026.wiki",
            37,
            478,
            "-{zh-tw=阿蘭·史密斯; zh-hk:阿倫·史密夫;}-",
            "-{zh-tw:阿蘭·史密斯; zh-hk:阿倫·史密夫;}-",
        ),
        (
            "wikitext/059.wiki",
            13,
            25,
            "-{",
            "close the block with }- (or write &#45;{ for a literal -{)",
        ),
        (
            "markdown/036.md",
            6,
            16,
            "-{",
            "close the block with }- (or write &#45;{ for a literal -{)",
        ),
    ];
    for (file, line, column, text, suggestion) in cases {
        let path = corpus.join(file);
        let src = std::fs::read_to_string(&path).expect("corpus file");
        let report = check_source(
            file,
            &src,
            Format::from_path(&path),
            &pipeline.editions,
            &pipeline.parse,
        );
        let f = report
            .findings
            .iter()
            .find(|f| f.kind == "markup-hazard" && f.line == line && f.column == column)
            .unwrap_or_else(|| panic!("no hazard at {file}:{line}:{column}"));
        assert_eq!(
            (f.severity.as_str(), f.text.as_str(), f.suggestion.as_str()),
            ("error", text, suggestion),
            "{file}"
        );
    }
}

/// `check` takes s2t's multi-valued hits from an S→T config's stage-1 hits: they are equal.
#[test]
fn s2t_hits_are_the_stage_1_hits_of_every_s2t_based_config() {
    let Some(corpus) = corpus() else { return };
    let s2t = tongwen::Converter::builtin("s2t").expect("built-in");
    for other in ["s2tw", "s2twp", "s2hk", "s2hkp"] {
        let c = tongwen::Converter::builtin(other).expect("built-in");
        for path in files(&corpus) {
            let src = std::fs::read_to_string(&path).expect("UTF-8 corpus file");
            let (Some(a), Some(b)) = (s2t.ambiguities(&src), c.ambiguities(&src)) else {
                continue;
            };
            let b: Vec<_> = b.into_iter().filter(|h| h.stage == 1).collect();
            assert_eq!(a, b, "{other} {}", path.display());
        }
    }
}
