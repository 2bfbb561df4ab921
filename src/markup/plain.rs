//! Plain text: everything is visible.

use crate::document::{Document, Span};

pub fn parse(source: &str) -> Document {
    let mut doc = Document::default();
    if !source.is_empty() {
        doc.spans.push(Span::Text(0..source.len()));
    }
    doc
}
