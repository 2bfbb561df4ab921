//! Renders a [`Document`] for one edition: protected spans verbatim, visible text through the
//! edition's OpenCC chain with the page rules in force at that point, `-{ }-` markup as the
//! display text MediaWiki would show.
//!
//! CONTRACT (other modules rely on these signatures; the rules/edition owner may add, not change).
//!
//! How an edition is made (details in the submodules):
//! - [`render`] walks the spans once (`render`): protected spans are copied, visible text goes
//!   through the edition's OpenCC chain with the page rules in force at that point (`scan`,
//!   `units`), `-{ }-` blocks are evaluated with MediaWiki's semantics
//!   ([`crate::rules::block`]) and replaced by their display text, `{{NoteTA}}`, conversion
//!   groups and glossaries feed the same rule table ([`crate::rules::table`]).
//! - Title: DISPLAYTITLE's text, else the source title under NOTC/NOCC, else the last
//!   `-{T|…}-`/NoteTA `T=`, else the source title converted with the page's final tables.
//! - Invariants: [`render_identity`] returns the source for any document whose spans tile it;
//!   the concatenated outputs of [`render_traced`]'s pieces equal [`render`]'s text; `__NOCC__`
//!   makes every edition equal the source; nothing panics, whatever the document holds.
//! - Decisions where MediaWiki has no equivalent: a block with no text for the edition (an
//!   error span in MediaWiki) is kept as written and reported in [`Rendered::warnings`];
//!   `keep_markup` writes hidden rule copies plus `-{R|display}-`; a removed key
//!   (`-{-|…}-`) converts character by character; glossary forms for `zh-hans`/`zh-hant` apply
//!   to the script editions; rules compete with the first scan's dictionary phrases.

mod batch;
mod lines;
mod render;
mod scan;
mod sink;
mod units;

use std::ops::Range;
use std::sync::Arc;

use crate::document::Document;

use crate::engine::{Converter, DictHit};
use crate::rules::{CGroups, Glossary, RuleOrigin};
use crate::variant::Variant;
pub use batch::{Preconverted, TextBatch};

/// Everything needed to render one edition. Build once, render many documents (thread-safe).
#[derive(Clone)]
pub struct EditionSpec {
    pub variant: Variant,
    /// OpenCC configs applied in order to visible text.
    pub converters: Vec<Converter>,
    /// Conversion groups that `{{NoteTA|G1=…}}` may name.
    pub cgroups: Arc<CGroups>,
    /// Glossaries, applied like `-{H|…}-` rules at the top of every article.
    pub glossaries: Vec<Arc<Glossary>>,
    /// Keep `-{ }-` markup in the output as `-{R|display}-` (for re-import into MediaWiki)
    /// instead of writing the display text alone.
    pub keep_markup: bool,
    /// Replace “ ” ‘ ’ in visible text by 「 」 『 』 (for zh-TW/zh-HK/zh-MO; off by default).
    pub localize_quotes: bool,
}

impl EditionSpec {
    /// The default spec for a variant: its default OpenCC configs, no groups, no glossaries.
    pub fn new(variant: Variant) -> EditionSpec {
        EditionSpec {
            variant,
            converters: variant
                .default_configs()
                .iter()
                .map(|n| Converter::builtin(n).expect("built-in config"))
                .collect(),
            cgroups: Arc::new(CGroups::default()),
            glossaries: Vec::new(),
            keep_markup: false,
            localize_quotes: false,
        }
    }
}

/// One rendered edition.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Rendered {
    pub text: String,
    /// The edition's display title, when a title was given or a `-{T|…}-`/NoteTA `T=` set one.
    pub title: Option<String>,
    /// Non-fatal problems (e.g. a NoteTA group that no CGroup file defines).
    pub warnings: Vec<String>,
}

/// [`render`] with the document's text already converted by the edition's chain (see
/// [`Preconverted`]; a batch made with another chain is ignored). The result is the same as
/// [`render`]'s.
pub fn render_with(
    source: &str,
    doc: &Document,
    title: Option<&str>,
    spec: &EditionSpec,
    pre: Option<&Preconverted>,
) -> Rendered {
    render::run(source, doc, title, spec, pre, &mut sink::NoTrace)
}

/// Renders `doc` (parsed from `source`) for the edition. `title` is the article's source title.
pub fn render(source: &str, doc: &Document, title: Option<&str>, spec: &EditionSpec) -> Rendered {
    render::run(source, doc, title, spec, None, &mut sink::NoTrace)
}

/// The identity rendering: every span's source bytes, markup included. Equals `source` for any
/// document a parser produced.
pub fn render_identity(source: &str, doc: &Document) -> String {
    doc.reassemble(source)
}

/// A piece of a rendered edition with its provenance (for `explain` and the review page).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Piece {
    /// Source bytes this piece stands for (empty range at the position for synthesised text).
    pub source: Range<usize>,
    pub output: String,
    pub origin: Origin,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// Protected markup, copied.
    Kept,
    /// Visible text converted by the dictionaries (`hits` empty when nothing matched).
    Dictionary { config: String, hits: Vec<DictHit> },
    /// A page rule, NoteTA/CGroup entry or glossary entry.
    Rule(RuleOrigin),
    /// The display text of `-{ }-` markup.
    Markup,
    /// Text the renderer made up, such as the `|label` of a bare link.
    Synthesised,
}

/// Renders like [`render`] and reports every piece's provenance. The concatenated outputs
/// equal `render(..).text`.
pub fn render_traced(
    source: &str,
    doc: &Document,
    title: Option<&str>,
    spec: &EditionSpec,
) -> (Rendered, Vec<Piece>) {
    let mut trace = sink::Trace::new(source);
    let rendered = render::run(source, doc, title, spec, None, &mut trace);
    (rendered, trace.pieces)
}

/// Like [`render_traced`], but each dictionary piece is a whole run of text the chain
/// converted in one call (between rule applications), with no hits: no engine trace, so it
/// costs about what [`render`] costs. Used by `check`, which scans the runs itself.
pub fn render_outline(
    source: &str,
    doc: &Document,
    title: Option<&str>,
    spec: &EditionSpec,
) -> (Rendered, Vec<Piece>) {
    let mut trace = sink::Trace::outline(source);
    let rendered = render::run(source, doc, title, spec, None, &mut trace);
    (rendered, trace.pieces)
}
