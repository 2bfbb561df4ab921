//! Parsers from source text to a [`Document`]: wikitext, the Markdown export of wiki articles,
//! and plain text. Parsers never fail and never panic: malformed markup is kept verbatim.

pub mod markdown;
pub mod plain;
pub mod wikitext;

use crate::document::{Document, Format};

/// Parses `source` in the given format.
pub fn parse(source: &str, format: Format) -> Document {
    match format {
        Format::Wikitext => wikitext::parse(source),
        Format::Markdown => markdown::parse(source),
        Format::Plain => plain::parse(source),
    }
}
