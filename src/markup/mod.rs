//! Parsers from source text to a [`Document`]: wikitext, the Markdown export of wiki articles,
//! and plain text. Parsers never fail and never panic: malformed markup is kept verbatim.

pub mod html;
pub mod markdown;
pub mod plain;
pub mod wikitext;

use crate::document::{Document, Format};

/// What, beyond the built-in rules, a parser must keep verbatim (from pipeline.yaml `input.protect`).
#[derive(Clone, Debug)]
pub struct ParseOptions {
    /// Templates whose arguments are all kept (names compared case-insensitively on the first
    /// letter, spaces and underscores equal, as MediaWiki does).
    pub keep_templates: Vec<String>,
    /// Template parameter names whose values are kept.
    pub keep_params: Vec<String>,
    /// Extra patterns: any match inside visible text is kept verbatim.
    pub keep_patterns: Vec<regex::Regex>,
}

/// Parameter names whose values are kept by default: file names, URLs, dates, coordinates.
pub const DEFAULT_KEEP_PARAMS: &[&str] = &[
    "image",
    "logo",
    "file",
    "url",
    "website",
    "homepage",
    "date",
    "coord",
    "coordinates",
    "image_map",
    "map_image",
    "caption_file",
    "signature",
    "flag",
    "archive-url",
    "archiveurl",
    "archive-date",
    "archivedate",
    "access-date",
    "accessdate",
    "doi",
    "isbn",
    "issn",
    "id",
    "图像",
    "圖像",
    "图片",
    "圖片",
    "标志",
    "標誌",
    "网站",
    "網站",
    "网址",
    "網址",
    "日期",
    "坐标",
    "坐標",
    "文件",
    "檔案",
];

/// Templates whose arguments are kept by default (their output is not prose).
pub const DEFAULT_KEEP_TEMPLATES: &[&str] = &[
    "coord",
    "url",
    "lang",
    "lang-en",
    "lang-ja",
    "lang-ko",
    "ja",
    "en",
    "cite doi",
    "isbn",
    "doi",
    "official website",
    "commons",
    "commons category",
    "wikisource",
    "defaultsort",
];

impl Default for ParseOptions {
    fn default() -> Self {
        ParseOptions {
            keep_templates: DEFAULT_KEEP_TEMPLATES
                .iter()
                .map(|s| s.to_string())
                .collect(),
            keep_params: DEFAULT_KEEP_PARAMS.iter().map(|s| s.to_string()).collect(),
            keep_patterns: Vec::new(),
        }
    }
}

/// Parses `source` in the given format with the default options.
pub fn parse(source: &str, format: Format) -> Document {
    parse_with(source, format, &ParseOptions::default())
}

/// Parses `source` in the given format.
pub fn parse_with(source: &str, format: Format, options: &ParseOptions) -> Document {
    match format {
        Format::Wikitext => wikitext::parse(source, options),
        Format::Markdown => markdown::parse(source, options),
        Format::Plain => plain::parse(source),
    }
}
