//! tongwen (同文) turns one Chinese wiki article into its regional editions.
//!
//! Data flows one way:
//! source → [`markup::parse`] → [`document::Document`] (spans) → [`edition::render`] per variant
//! → text. The [`engine`] is OpenCC 1.4.2's algorithm on dictionaries compiled into the binary;
//! [`rules`] holds MediaWiki's `-{ }-` rules, NoteTA, conversion groups and glossaries.

pub mod cli;
pub mod document;
pub mod edition;
pub mod engine;
pub mod io;
pub mod markup;
pub mod pipeline;
pub mod review;
pub mod rules;
pub mod serve;
pub mod variant;

pub use document::{Document, Format, Span};
pub use engine::Converter;
pub use variant::Variant;
