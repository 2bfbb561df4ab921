//! Helpers shared by the wikitext tests.
#![allow(dead_code)]

use tongwen::document::{Document, Span};
use tongwen::markup::ParseOptions;
use tongwen::markup::wikitext;

/// Parses with the default options and checks tiling and identity.
pub fn parse(src: &str) -> Document {
    parse_with(src, &ParseOptions::default())
}

pub fn parse_with(src: &str, options: &ParseOptions) -> Document {
    let doc = wikitext::parse(src, options);
    assert_eq!(doc.check_tiling(src), Ok(()), "tiling of {src:?}");
    assert_eq!(doc.reassemble(src), src);
    doc
}

/// The spans in a compact notation: `T«text»` visible text, `K«kept»`, `L«shown»` a bare-link
/// label, `M«-{…}-»` conversion markup, `N«T=…;1=…;G=…»` NoteTA ranges.
pub fn show(src: &str, doc: &Document) -> String {
    let mut out = String::new();
    for s in &doc.spans {
        match s {
            Span::Text(r) => out += &format!("T«{}»", &src[r.clone()]),
            Span::Keep(r) => out += &format!("K«{}»", &src[r.clone()]),
            Span::LinkLabel { shown } => out += &format!("L«{}»", &src[shown.clone()]),
            Span::Markup(m) => out += &format!("M«{}»", &src[m.range.clone()]),
            Span::NoteTA(n) => {
                let mut parts = Vec::new();
                if let Some(t) = &n.title {
                    parts.push(format!("T={}", &src[t.clone()]));
                }
                for r in &n.rules {
                    parts.push(format!("R={}", &src[r.clone()]));
                }
                for g in &n.groups {
                    parts.push(format!("G={}", &src[g.clone()]));
                }
                out += &format!("N«{}»", parts.join(";"));
            }
        }
    }
    out
}

/// Parses `src` and returns its spans in the compact notation.
pub fn spans(src: &str) -> String {
    show(src, &parse(src))
}
