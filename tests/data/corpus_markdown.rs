//! The Markdown parser over the real exports in ../shared/corpus/markdown (skipped, loudly,
//! when absent; `TONGWEN_SHARED` overrides the ../shared path).
//!
//! For every file: the spans tile the source and the identity rendering is the source. For
//! every edition of every file: each protected item — link and image destinations with their
//! titles, URLs, code spans and fenced blocks, HTML attributes (but the converted `title=` and
//! `alt=` values), comments, math — occurs in the edition at least as often as in the source.
//! The items are found by the simple regular expressions below, independently of the parser;
//! items inside a `-{ }-` block are left out, since the edition writes a block's display text.

use crate::helpers::shared_data::{shared, skipped};
use std::path::PathBuf;

use regex::Regex;
use tongwen::Variant;
use tongwen::document::{Document, Span};
use tongwen::edition::{EditionSpec, render, render_identity};
use tongwen::markup::ParseOptions;
use tongwen::markup::markdown::parse;

fn corpus_dir() -> Option<PathBuf> {
    let shared = shared();
    let dir = shared.join("corpus/markdown");
    if dir.is_dir() {
        Some(dir)
    } else {
        skipped(format_args!(
            "SKIPPED corpus_markdown: {} not found (set TONGWEN_SHARED to the shared folder)",
            dir.display()
        ));
        None
    }
}

fn corpus() -> Vec<(String, String)> {
    let Some(dir) = corpus_dir() else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("read corpus dir")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no .md files in {}", dir.display());
    files
        .into_iter()
        .map(|p| {
            let text =
                std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            (p.file_name().unwrap().to_string_lossy().into_owned(), text)
        })
        .collect()
}

/// The source with every `-{ … }-` block (no braces inside, which holds in the corpus)
/// blanked out, so items inside blocks are not counted.
fn without_blocks(src: &str) -> String {
    let re = Regex::new(r"(?s)-\{[^{}]*?\}-").unwrap();
    re.replace_all(src, "\u{1}").into_owned()
}

struct Extractors {
    simple: Vec<Regex>,
    tag: Regex,
    attr: Regex,
}

impl Extractors {
    fn new() -> Extractors {
        let simple = [
            // `](destination "title")` of links and images.
            r#"\]\((?:\\.|[^()\s\\])+(?: "[^"]*")?\)"#,
            // URLs.
            r#"(?:https?|ftp)://[^\s<>"\[\]{}|\\^`()\u{3000}-\u{303F}\u{2010}-\u{2027}\u{FF00}-\u{FFEF}]+"#,
            // Code spans on one line, fenced code blocks.
            r"`[^`\n]+`",
            r"(?s)```.*?```",
            // Comments.
            r"(?s)<!--.*?-->",
            // Math.
            r"\\\(.*?\\\)",
            r"(?s)\$\$.+?\$\$",
            r"(?s)<math>.*?</math>",
        ];
        Extractors {
            simple: simple.iter().map(|r| Regex::new(r).unwrap()).collect(),
            tag: Regex::new(r"<[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?>").unwrap(),
            attr: Regex::new(r#"([a-zA-Z-]+)\s*=\s*"([^"]*)""#).unwrap(),
        }
    }

    /// Every protected item of `src`, with repeats.
    fn items<'a>(&self, src: &'a str) -> Vec<&'a str> {
        let mut items = Vec::new();
        for re in &self.simple {
            items.extend(re.find_iter(src).map(|m| m.as_str()));
        }
        for tag in self.tag.find_iter(src) {
            for cap in self.attr.captures_iter(tag.as_str()) {
                let name = cap[1].to_ascii_lowercase();
                let value = &cap[2];
                let converted = (name == "title" || name == "alt")
                    && !value.contains("://")
                    && !value.is_ascii();
                if !converted {
                    items.push(cap.get(0).unwrap().as_str());
                }
            }
        }
        items
    }
}

/// The edition a converter would write that replaces every visible character by `□` and
/// every `-{ }-` block by nothing: whatever survives this is protected by the parser alone.
fn hostile_rendering(src: &str, doc: &Document) -> String {
    let mut out = String::with_capacity(src.len());
    for span in &doc.spans {
        match span {
            Span::Text(r) => out.extend(src[r.clone()].chars().map(|_| '□')),
            Span::Keep(r) => out.push_str(&src[r.clone()]),
            _ => {}
        }
    }
    out
}

fn count(haystack: &str, needle: &str) -> usize {
    haystack.matches(needle).count()
}

#[test]
fn corpus_tiles_and_round_trips() {
    let files = corpus();
    for (name, src) in &files {
        let doc = parse(src, &ParseOptions::default());
        if let Err(at) = doc.check_tiling(src) {
            panic!("{name}: spans do not tile the source at byte {at}");
        }
        assert_eq!(
            render_identity(src, &doc),
            *src,
            "{name}: identity rendering"
        );
    }
    eprintln!("corpus_markdown: {} files tile and round-trip", files.len());
}

#[test]
fn corpus_protected_items_survive_every_edition() {
    let files = corpus();
    if files.is_empty() {
        return;
    }
    let ex = Extractors::new();
    let specs: Vec<EditionSpec> = Variant::EDITIONS
        .iter()
        .map(|&v| EditionSpec::new(v))
        .collect();
    let mut checked = 0usize;
    for (name, src) in &files {
        let doc = parse(src, &ParseOptions::default());
        let outside = without_blocks(src);
        let items = ex.items(&outside);
        for spec in &specs {
            let edition = render(src, &doc, None, spec).text;
            for item in &items {
                let want = count(&outside, item);
                let got = count(&edition, item);
                assert!(
                    got >= want,
                    "{name} {}: {item:?} occurs {got} times, the source has it {want} times",
                    spec.variant
                );
                checked += 1;
            }
        }
    }
    eprintln!("corpus_markdown: {checked} protected item checks passed");
}

/// Independent of the engine: even a converter that rewrites every visible character leaves
/// every protected item in place.
#[test]
fn corpus_protected_items_are_never_visible() {
    let files = corpus();
    let ex = Extractors::new();
    for (name, src) in &files {
        let doc = parse(src, &ParseOptions::default());
        let outside = without_blocks(src);
        let edition = hostile_rendering(src, &doc);
        for item in ex.items(&outside) {
            let want = count(&outside, item);
            let got = count(&edition, item);
            assert!(
                got >= want,
                "{name}: {item:?} occurs {got} times after rewriting visible text, the source has it {want} times"
            );
        }
    }
}
