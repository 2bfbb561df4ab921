//! The zh wikitext-level cases of MediaWiki's language-converter parser tests, ported as our
//! own fixtures (`tests/fixtures/mediawiki_zh.txt`, format described at its top). Cases that
//! need the dictionaries skip loudly while the engine on this branch is the identity stub.

use crate::helpers::common;

use common::*;
use tongwen::Variant;
use tongwen::edition::render;

struct Case {
    name: String,
    title: Option<String>,
    meta: Vec<String>,
    source: String,
    /// (kind: "" text | "title" | "warnings", editions, expected)
    expect: Vec<(String, Vec<Variant>, String)>,
}

fn editions(list: &str) -> Vec<Variant> {
    if list.trim() == "*" {
        return Variant::EDITIONS.to_vec();
    }
    list.split(',')
        .map(|t| Variant::parse_edition(t.trim()).unwrap_or_else(|| panic!("bad edition {t}")))
        .collect()
}

fn parse(text: &str) -> Vec<Case> {
    let lines: Vec<&str> = text.lines().collect();
    let mut cases: Vec<Case> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        i += 1;
        let Some(name) = line.strip_prefix("=== ") else {
            continue;
        };
        let mut case = Case {
            name: name.to_string(),
            title: None,
            meta: Vec::new(),
            source: String::new(),
            expect: Vec::new(),
        };
        // Header lines.
        while i < lines.len() && !lines[i].starts_with("---") {
            let h = lines[i];
            if let Some(t) = h.strip_prefix("title: ") {
                case.title = Some(t.to_string());
            } else if let Some(m) = h.strip_prefix("meta: ") {
                case.meta.push(m.to_string());
            } else if !h.is_empty() {
                panic!("{}: unexpected header line {h:?}", case.name);
            }
            i += 1;
        }
        // Blocks.
        while i < lines.len() && lines[i].starts_with("--- ") {
            let head = &lines[i][4..];
            i += 1;
            let start = i;
            while i < lines.len()
                && !lines[i].starts_with("--- ")
                && !lines[i].starts_with("=== ")
                && !lines[i].starts_with("# ")
            {
                i += 1;
            }
            let mut body: Vec<&str> = lines[start..i].to_vec();
            let separator_follows = i >= lines.len() || !lines[i].starts_with("--- ");
            if separator_follows && body.last() == Some(&"") {
                body.pop();
            }
            let content = body.join("\n");
            if head == "source" {
                case.source = content;
            } else if let Some(list) = head.strip_prefix("title ") {
                case.expect.push(("title".into(), editions(list), content));
            } else if let Some(list) = head.strip_prefix("warnings ") {
                case.expect
                    .push(("warnings".into(), editions(list), content));
            } else {
                case.expect.push((String::new(), editions(head), content));
            }
        }
        assert!(!case.expect.is_empty(), "{}: no expectations", case.name);
        cases.push(case);
    }
    cases
}

#[test]
fn mediawiki_zh_cases() {
    let cases = parse(include_str!("../fixtures/mediawiki_zh.txt"));
    assert!(cases.len() >= 50, "{} cases", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let src = case.source.as_str();
        let mut d = doc(src);
        for m in &case.meta {
            match m.as_str() {
                "nocc" => d.meta.no_content_conversion = true,
                "notc" => d.meta.no_title_conversion = true,
                other => {
                    let t = other.strip_prefix("displaytitle=").expect("known meta");
                    let at = src.find(t).expect("display title in source");
                    d.meta.display_title = Some(at..at + t.len());
                }
            }
        }
        for (kind, vs, want) in &case.expect {
            for v in vs {
                let r = render(src, &d, case.title.as_deref(), &spec(*v));
                let got = match kind.as_str() {
                    "title" => r.title.clone().unwrap_or_default(),
                    "warnings" => r.warnings.len().to_string(),
                    _ => r.text.clone(),
                };
                if &got != want {
                    failures.push(format!(
                        "{} [{kind} {v}]:\n  want {want:?}\n  got  {got:?}\n  warnings {:?}",
                        case.name, r.warnings
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
