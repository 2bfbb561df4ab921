//! The shape of pipeline.yaml as serde sees it: every struct denies unknown keys, and every value
//! a later check may reject is wrapped in [`Spanned`] so the message can point at its line and
//! column. Nothing here is resolved yet (file names are as written, variants are strings);
//! [`super::validate`] turns this into a [`super::Pipeline`].

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_saphyr::Spanned;

/// The whole file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPipeline {
    /// The editions to write, in order (default: all eight).
    #[serde(default)]
    pub editions: Option<Spanned<Vec<RawEdition>>>,
    #[serde(default)]
    pub input: RawInput,
    #[serde(default)]
    pub output: RawOutput,
}

/// One entry of `editions:`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEdition {
    pub variant: Spanned<String>,
    /// OpenCC configs (built-in names or config files), applied in order.
    #[serde(default)]
    pub configs: Option<Spanned<Vec<Spanned<String>>>>,
    /// MediaWiki's fallback chain, for the reader; must equal the fixed chain when given.
    #[serde(default)]
    pub fallback: Option<Spanned<Vec<Spanned<String>>>>,
    #[serde(default)]
    pub glossaries: Vec<Spanned<String>>,
    /// Overrides `output.localize_quotes` for this edition.
    #[serde(default)]
    pub localize_quotes: Option<bool>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawInput {
    /// Inputs used when the command line names none.
    #[serde(default)]
    pub paths: Vec<Spanned<String>>,
    /// File extension → format, on top of the built-in table.
    #[serde(default)]
    pub formats: BTreeMap<String, Spanned<FormatChoice>>,
    /// Format of JSONL records that carry no `format` field.
    #[serde(default)]
    pub jsonl_format: Option<crate::document::Format>,
    #[serde(default)]
    pub protect: RawProtect,
    /// CGroup files that `{{NoteTA|G1=…}}` may name.
    #[serde(default)]
    pub cgroups: Vec<Spanned<String>>,
}

/// What a file extension maps to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FormatChoice {
    Wikitext,
    Markdown,
    Plain,
    /// Files with this extension are not articles (skipped when walking folders).
    Ignore,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawProtect {
    /// Start from tongwen's built-in lists (true) or from nothing (false).
    #[serde(default = "yes")]
    pub defaults: bool,
    #[serde(default)]
    pub keep_templates: Vec<String>,
    #[serde(default)]
    pub keep_params: Vec<String>,
    #[serde(default)]
    pub keep_patterns: Vec<Spanned<String>>,
}

impl Default for RawProtect {
    fn default() -> Self {
        RawProtect {
            defaults: true,
            keep_templates: Vec::new(),
            keep_params: Vec::new(),
            keep_patterns: Vec::new(),
        }
    }
}

fn yes() -> bool {
    true
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawOutput {
    /// Output folder used when `--out` is not given.
    #[serde(default)]
    pub dir: Option<String>,
    #[serde(default)]
    pub layout: super::Layout,
    #[serde(default)]
    pub markup: super::MarkupMode,
    #[serde(default = "yes")]
    pub titles: bool,
    #[serde(default)]
    pub front_matter: bool,
    #[serde(default)]
    pub localize_quotes: bool,
}

impl Default for RawOutput {
    fn default() -> Self {
        RawOutput {
            dir: None,
            layout: Default::default(),
            markup: Default::default(),
            titles: true,
            front_matter: false,
            localize_quotes: false,
        }
    }
}
