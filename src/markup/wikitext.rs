//! wikitext parser (stub: everything visible until the parser lands).

use crate::document::Document;

use super::ParseOptions;

pub fn parse(source: &str, options: &ParseOptions) -> Document {
    let _ = options;
    super::plain::parse(source)
}
