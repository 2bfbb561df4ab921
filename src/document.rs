//! The document model: a source text as an ordered list of spans.
//!
//! A parser (`markup::*`) turns source bytes into a [`Document`]; an edition renderer
//! (`edition`) walks the spans once per variant. The spans' source ranges tile the input
//! exactly, in order, so reassembly is concatenation and an identity renderer gives back the
//! input byte for byte, whatever the markup looks like.
//!
//! Every [`Span::Text`] is converted on its own: a phrase never matches across a span boundary,
//! as MediaWiki never matches a phrase across a tag, link, bold/italic or entity boundary.

use std::ops::Range;

use crate::rules::markup::ConvMarkup;

/// Source format of an article.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Wikitext,
    Markdown,
    Plain,
}

impl Format {
    /// The format for a file name: `.wiki .wikitext .mediawiki` → wikitext, `.md .markdown` →
    /// markdown, anything else → plain.
    pub fn from_path(path: &std::path::Path) -> Format {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(|e| e.to_ascii_lowercase());
        match ext.as_deref() {
            Some("wiki" | "wikitext" | "mediawiki") => Format::Wikitext,
            Some("md" | "markdown") => Format::Markdown,
            _ => Format::Plain,
        }
    }

    pub fn parse(name: &str) -> Option<Format> {
        match name.to_ascii_lowercase().as_str() {
            "wikitext" | "wiki" | "mediawiki" => Some(Format::Wikitext),
            "markdown" | "md" => Some(Format::Markdown),
            "plain" | "text" | "txt" => Some(Format::Plain),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Format::Wikitext => "wikitext",
            Format::Markdown => "markdown",
            Format::Plain => "plain",
        }
    }
}

/// One piece of a document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Span {
    /// Visible text, converted for each edition. Its ends are phrase boundaries.
    Text(Range<usize>),
    /// Protected bytes (markup, link targets, names, URLs, comments, code…), copied verbatim.
    Keep(Range<usize>),
    /// Covers no source bytes. Stands right before the `]]` of an internal link written without
    /// a label (`[[计算机]]`): the edition shows the converted title text while the link must keep
    /// its target, so when `shown` converts to something different the renderer emits
    /// `|` + the converted text, giving `[[计算机|計算機]]`; otherwise it emits nothing.
    LinkLabel { shown: Range<usize> },
    /// A `-{ … }-` conversion markup; covers `markup.range`.
    Markup(Box<ConvMarkup>),
    /// Page rules from a `{{NoteTA}}` template (whose text itself is in `Keep` spans).
    /// Covers no source bytes; takes effect at its position.
    NoteTA(Box<NoteTA>),
}

/// The contents of one `{{NoteTA|…}}` template, as source ranges of the argument values.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NoteTA {
    /// Byte offset of the `{{` that opens the template (for messages and provenance).
    pub at: usize,
    /// `T=` value: the display-title rule body.
    pub title: Option<Range<usize>>,
    /// `1=`, `2=`, … values in order: rule bodies (same syntax as a `-{H|…}-` body).
    pub rules: Vec<Range<usize>>,
    /// `G1=`, `G2=`, … values in order: CGroup names.
    pub groups: Vec<Range<usize>>,
}

/// Something a parser noticed that an editor may want to know (used by `check`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Byte offset in the source.
    pub at: usize,
    pub kind: DiagnosticKind,
    pub message: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DiagnosticKind {
    /// `-{` with no matching `}-`.
    UnclosedConversion,
    /// Another unclosed construct (`[[`, `{{`, `<ref>`, a table…) that the parser kept verbatim.
    Unclosed,
    /// `-{ }-` nested deeper than MediaWiki's limit of 10.
    TooDeep,
}

/// Page-level switches found by the parser.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DocMeta {
    /// `__NOCC__` / `__NOCONTENTCONVERT__` / `__不转换内容__`: every edition equals the source.
    pub no_content_conversion: bool,
    /// `__NOTC__` / `__NOTITLECONVERT__` / `__不转换标题__`: titles are not converted.
    pub no_title_conversion: bool,
    /// The text of a `{{DISPLAYTITLE:…}}`, which disables automatic title conversion.
    pub display_title: Option<Range<usize>>,
}

/// A parsed source text. Holds ranges into the source, not the source itself.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Document {
    pub spans: Vec<Span>,
    pub meta: DocMeta,
    pub diagnostics: Vec<Diagnostic>,
}

impl Span {
    /// The source bytes this span covers (empty for spans that cover none).
    pub fn source_range(&self) -> Option<Range<usize>> {
        match self {
            Span::Text(r) | Span::Keep(r) => Some(r.clone()),
            Span::Markup(m) => Some(m.outer()),
            Span::LinkLabel { .. } | Span::NoteTA(_) => None,
        }
    }
}

impl Document {
    /// Checks the tiling invariant: the spans' source ranges are contiguous, in order, on char
    /// boundaries, and cover `source` exactly. Returns the first offset where it fails.
    pub fn check_tiling(&self, source: &str) -> Result<(), usize> {
        let mut at = 0;
        for span in &self.spans {
            if let Some(r) = span.source_range() {
                if r.start != at
                    || r.end < r.start
                    || !source.is_char_boundary(r.start)
                    || !source.is_char_boundary(r.end)
                {
                    return Err(at);
                }
                at = r.end;
            }
        }
        if at == source.len() { Ok(()) } else { Err(at) }
    }

    /// Concatenates the source bytes of every span: the identity rendering.
    pub fn reassemble(&self, source: &str) -> String {
        let mut out = String::with_capacity(source.len());
        for span in &self.spans {
            if let Some(r) = span.source_range() {
                out.push_str(&source[r]);
            }
        }
        out
    }
}

/// 1-based line and column (in characters) of a byte offset, for messages.
pub fn line_col(source: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(source.len());
    let before = &source.as_bytes()[..offset];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    let col = source
        .get(line_start..offset)
        .map_or(offset - line_start, |s| s.chars().count())
        + 1;
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_from_extension() {
        use std::path::Path;
        assert_eq!(Format::from_path(Path::new("a/b.wiki")), Format::Wikitext);
        assert_eq!(
            Format::from_path(Path::new("b.MediaWiki")),
            Format::Wikitext
        );
        assert_eq!(Format::from_path(Path::new("b.md")), Format::Markdown);
        assert_eq!(Format::from_path(Path::new("b.markdown")), Format::Markdown);
        assert_eq!(Format::from_path(Path::new("b.txt")), Format::Plain);
        assert_eq!(Format::from_path(Path::new("README")), Format::Plain);
    }

    #[test]
    fn tiling_and_reassembly() {
        let src = "ab软件";
        let doc = Document {
            spans: vec![
                Span::Keep(0..2),
                Span::LinkLabel { shown: 2..8 },
                Span::Text(2..8),
            ],
            ..Default::default()
        };
        assert_eq!(doc.check_tiling(src), Ok(()));
        assert_eq!(doc.reassemble(src), src);
        let bad = Document {
            spans: vec![Span::Keep(0..3)],
            ..Default::default()
        };
        assert_eq!(bad.check_tiling(src), Err(0));
    }

    #[test]
    fn line_and_column() {
        let src = "一二\n三四五\nx";
        assert_eq!(line_col(src, 0), (1, 1));
        assert_eq!(line_col(src, 3), (1, 2));
        assert_eq!(line_col(src, 7), (2, 1));
        assert_eq!(line_col(src, 13), (2, 3));
        assert_eq!(line_col(src, src.len()), (3, 2));
    }
}
