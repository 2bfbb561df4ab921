//! The wikitext corpus (`../shared/corpus/wikitext`, or `$TONGWEN_SHARED/corpus/wikitext`):
//! every article tiles and round-trips, and in every edition of every article the protected
//! items are byte-identical to the source.
//!
//! The protected items are found by an extractor that does not use the parser (plain regular
//! expressions): link targets, template names, template parameter names, URLs, file names,
//! ref names, comments and math/code blocks. An edition must contain each item at least as
//! often as the source does outside `-{ }-` blocks (whose display text is the renderer's
//! business).
//!
//! Every article is checked against the eight real editions (`edition::render`) and against
//! a worst case: a rendering in which every non-ASCII character of every visible text span is
//! replaced, so that anything the parser wrongly calls visible text shows up.
//!
//! Skips (loudly) when the corpus is absent.

use crate::helpers::shared_data::{shared, skipped};
use crate::helpers::support;

use std::path::PathBuf;
use std::sync::OnceLock;

use regex::Regex;
use tongwen::document::{Document, Span};
use tongwen::edition::{EditionSpec, render};
use tongwen::variant::Variant;

fn corpus_dir() -> Option<PathBuf> {
    let shared = shared();
    let dir = shared.join("corpus/wikitext");
    dir.is_dir().then_some(dir)
}

fn articles() -> Option<Vec<(String, String)>> {
    let Some(dir) = corpus_dir() else {
        skipped(format_args!(
            "SKIPPED corpus_wikitext: no corpus at ../shared/corpus/wikitext (set TONGWEN_SHARED)"
        ));
        return None;
    };
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "wiki"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no .wiki files in {}", dir.display());
    Some(
        files
            .into_iter()
            .map(|p| {
                let name = p.file_name().unwrap().to_string_lossy().into_owned();
                let text =
                    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
                (name, text)
            })
            .collect(),
    )
}

/// The extractor's patterns: (kind, regex); a pattern's first group, if any, is the item.
fn patterns() -> &'static Vec<(&'static str, Regex)> {
    static P: OnceLock<Vec<(&'static str, Regex)>> = OnceLock::new();
    P.get_or_init(|| {
        let mut v: Vec<(&'static str, Regex)> = [
            ("link target", r"\[\[[^\[\]|{}<>\n]+"),
            ("template name", r"\{\{[^{}|<>\[\]]+"),
            ("parameter name", r"\|[ \t]*[\w \-]{1,40}?[ \t]*="),
            ("url", r#"(?i)(?:https?|ftp)://[^\s\[\]<>"|{}']+"#),
            (
                "file name",
                r"(?im)(?:^|[:=|])[ \t]*([^|=\[\]{}<>\n:]+?\.(?:jpe?g|png|gif|svg|tiff?|webp|ogg|ogv|webm|pdf))[ \t]*(?:$|[|\]}])",
            ),
            ("ref name", r#"(?i)<ref\s+name\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>/]+)"#),
            ("comment", r"(?s)<!--.*?-->"),
        ]
        .iter()
        .map(|(k, p)| (*k, Regex::new(p).unwrap()))
        .collect();
        for tag in [
            "math",
            "code",
            "syntaxhighlight",
            "source",
            "pre",
            "nowiki",
            "chem",
            "ce",
            "score",
            "timeline",
            "templatedata",
            "graph",
            "mapframe",
        ] {
            let re = Regex::new(&format!(r"(?is)<{tag}(?:\s[^>]*)?>.*?</{tag}\s*>")).unwrap();
            v.push(("math/code block", re));
        }
        v
    })
}

/// The protected items of a source text, by kind.
fn protected_items(src: &str) -> Vec<(&'static str, String)> {
    let mut items = Vec::new();
    for (kind, re) in patterns() {
        for c in re.captures_iter(src) {
            let m = c.get(1).unwrap_or_else(|| c.get(0).unwrap());
            items.push((*kind, m.as_str().to_string()));
        }
    }
    items.sort();
    items.dedup();
    items
}

/// `src` without its `-{ … }-` blocks (innermost first, a few levels).
fn without_conversion_blocks(src: &str) -> String {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| Regex::new(r"(?s)-\{(?:[^{}]|\{[^{}]*\})*?\}-").unwrap());
    let mut s = src.to_string();
    for _ in 0..4 {
        let next = re.replace_all(&s, "").into_owned();
        if next == s {
            break;
        }
        s = next;
    }
    s
}

/// A rendering in which every non-ASCII character of visible text is replaced by `〇` (or
/// `〆` where it already was `〇`), bare links get their `|label`, and `-{ }-` blocks are
/// copied.
fn worst_case(src: &str, doc: &Document) -> String {
    let scramble = |t: &str| -> String {
        t.chars()
            .map(|c| match c {
                c if c.is_ascii() => c,
                '〇' => '〆',
                _ => '〇',
            })
            .collect()
    };
    let mut out = String::new();
    for s in &doc.spans {
        match s {
            Span::Text(r) => out += &scramble(&src[r.clone()]),
            Span::Keep(r) => out += &src[r.clone()],
            Span::Markup(m) => out += &src[m.range.clone()],
            Span::LinkLabel { shown } => {
                let t = scramble(&src[shown.clone()]);
                if t != src[shown.clone()] {
                    out.push('|');
                    out += &t;
                }
            }
            Span::NoteTA(_) => {}
        }
    }
    out
}

fn check_items(
    name: &str,
    edition: &str,
    src_outside_blocks: &str,
    items: &[(&str, String)],
    out: &str,
) -> Vec<String> {
    let mut failures = Vec::new();
    for (kind, item) in items {
        let want = src_outside_blocks.matches(item.as_str()).count();
        let got = out.matches(item.as_str()).count();
        if got < want {
            failures.push(format!(
                "{name} [{edition}]: {kind} {item:?} appears {got} times, source has {want}"
            ));
        }
    }
    failures
}

#[test]
fn corpus_tiles_and_round_trips() {
    let Some(articles) = articles() else { return };
    for (name, src) in &articles {
        let doc = tongwen::markup::wikitext::parse(src, &Default::default());
        assert_eq!(doc.check_tiling(src), Ok(()), "{name}: spans do not tile");
        assert_eq!(&doc.reassemble(src), src, "{name}: identity");
    }
    eprintln!(
        "corpus_wikitext: {} articles tile and round-trip",
        articles.len()
    );
}

#[test]
fn corpus_protected_items_survive_every_edition() {
    let Some(articles) = articles() else { return };
    let specs: Vec<EditionSpec> = Variant::EDITIONS
        .iter()
        .map(|&v| EditionSpec::new(v))
        .collect();
    let mut failures = Vec::new();
    let mut checked = 0;
    for (name, src) in &articles {
        let doc = support::parse(src);
        let items = protected_items(src);
        let outside = without_conversion_blocks(src);
        checked += items.len();
        failures.extend(check_items(
            name,
            "worst case",
            &outside,
            &items,
            &worst_case(src, &doc),
        ));
        for spec in &specs {
            let out = render(src, &doc, None, spec).text;
            failures.extend(check_items(
                name,
                spec.variant.tag(),
                &outside,
                &items,
                &out,
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} protected items changed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    eprintln!(
        "corpus_wikitext: {checked} protected items in {} articles survive 8 editions and the worst case",
        articles.len()
    );
}
