//! pipeline.yaml (schema and validation) and the batch runner.
//!
//! A [`Pipeline`] says what to produce from each article: the editions (each an
//! [`EditionSpec`]: variant, OpenCC configs, glossaries, markup and quote options), what the
//! parsers keep verbatim, how input files are recognised and how outputs are laid out.
//!
//! Design:
//! - [`schema`] is the file's shape for serde (unknown keys denied, positions kept);
//!   [`validate`] resolves it — variants, configs, files relative to the pipeline's folder,
//!   regexes — and reports every problem with `file:line:col` and a hint before any work
//!   starts. A pipeline that loads is complete: the runner never meets a config error.
//! - [`runner`] streams articles from the inputs ([`crate::io`]), converts each one with one
//!   parse for all editions ([`article`]), in parallel but written in input order, so the
//!   output is byte-identical for any number of jobs.
//!
//! CONTRACT: [`Pipeline::load`] / [`Pipeline::default_pipeline`] and the public fields
//! `editions` and `parse` are used by the CLI and the HTTP service.

pub mod article;
pub mod faults;
pub mod progress;
pub mod runner;
pub mod schema;
pub mod shard;
pub mod sinks;
pub mod validate;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::document::Format;
use crate::edition::EditionSpec;
use crate::markup::ParseOptions;
use crate::rules::CGroups;
use crate::variant::Variant;

pub use schema::FormatChoice;

/// The default pipeline, as shipped at the repository root (also built into the binary).
pub const DEFAULT_PIPELINE_YAML: &str = include_str!("../../pipeline.yaml");

/// A loaded, validated pipeline: what to produce from each article.
#[derive(Clone)]
pub struct Pipeline {
    /// The editions to write, in order.
    pub editions: Vec<EditionSpec>,
    /// What the parsers keep verbatim.
    pub parse: ParseOptions,
    /// How inputs are found and read.
    pub input: InputSettings,
    /// How outputs are laid out.
    pub output: OutputSettings,
    /// The file this pipeline was loaded from (`None` for the built-in default).
    pub file: Option<PathBuf>,
}

/// `input:` of pipeline.yaml, resolved.
#[derive(Clone, Debug)]
pub struct InputSettings {
    /// Inputs used when the command line names none (resolved against the pipeline's folder).
    pub paths: Vec<PathBuf>,
    /// Lower-case file extension (no dot) → format; the built-ins plus pipeline overrides.
    pub formats: BTreeMap<String, FormatChoice>,
    /// Format of JSONL records without a `format` field.
    pub jsonl_format: Format,
    /// Conversion groups for `{{NoteTA|G1=…}}` (also in every [`EditionSpec`]).
    pub cgroups: Arc<CGroups>,
}

/// `output:` of pipeline.yaml, resolved.
#[derive(Clone, Debug)]
pub struct OutputSettings {
    /// Output folder used when `--out` is not given.
    pub dir: Option<PathBuf>,
    pub layout: Layout,
    pub markup: MarkupMode,
    /// Write each edition's display title where the layout has room for it.
    pub titles: bool,
    /// Give Markdown files of a tree a YAML front matter `title:` (needs `titles`).
    pub front_matter: bool,
}

/// Where editions go.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Layout {
    /// Each input's natural sink: files → tree, JSONL → JSONL, dumps → XML dump.
    #[default]
    Auto,
    /// Every article as a file under `DIR/<variant>/`.
    Tree,
    /// Every article as a line of `DIR/<variant>.jsonl`.
    Jsonl,
    /// Every article as a page of `DIR/<variant>.xml`.
    Xml,
}

/// What happens to `-{ }-` markup in an edition.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MarkupMode {
    /// Write the display text alone (what a reader sees).
    #[default]
    Strip,
    /// Write `-{R|display}-` so the edition can be imported back into MediaWiki.
    Keep,
}

/// A pipeline that did not load: every problem, one per paragraph, each with
/// `file:line:col`, the offending line and a hint.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct PipelineError(pub String);

/// The built-in extension table: `.wiki .wikitext .mediawiki` → wikitext, `.md .markdown` →
/// markdown, `.txt` → plain.
pub const BUILTIN_FORMATS: &[(&str, FormatChoice)] = &[
    ("wiki", FormatChoice::Wikitext),
    ("wikitext", FormatChoice::Wikitext),
    ("mediawiki", FormatChoice::Wikitext),
    ("md", FormatChoice::Markdown),
    ("markdown", FormatChoice::Markdown),
    ("txt", FormatChoice::Plain),
];

impl Pipeline {
    /// The default pipeline: the repository's pipeline.yaml as built into the binary (all
    /// eight editions with their default configs, default protection, `layout: auto`).
    pub fn default_pipeline() -> Pipeline {
        match Pipeline::from_yaml_str(DEFAULT_PIPELINE_YAML, "pipeline.yaml (built in)", None) {
            Ok(p) => p,
            // Unreachable while the unit test below passes; never panic on it anyway.
            Err(_) => Pipeline::hand_built_default(),
        }
    }

    /// The same defaults as pipeline.yaml, built without it.
    fn hand_built_default() -> Pipeline {
        let cgroups = Arc::new(CGroups::default());
        Pipeline {
            editions: Variant::EDITIONS
                .iter()
                .map(|v| EditionSpec::new(*v))
                .collect(),
            parse: ParseOptions::default(),
            input: InputSettings {
                paths: Vec::new(),
                formats: BUILTIN_FORMATS
                    .iter()
                    .map(|(e, f)| (e.to_string(), *f))
                    .collect(),
                jsonl_format: Format::Wikitext,
                cgroups,
            },
            output: OutputSettings {
                dir: None,
                layout: Layout::Auto,
                markup: MarkupMode::Strip,
                titles: true,
                front_matter: false,
            },
            file: None,
        }
    }

    /// Loads and validates a pipeline.yaml. Relative paths inside it are resolved against the
    /// file's folder.
    pub fn load(path: &Path) -> Result<Pipeline, PipelineError> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            PipelineError(format!(
                "{}: cannot read the pipeline: {e}\n  hint: give an existing file to --pipeline",
                path.display()
            ))
        })?;
        let base = path
            .parent()
            .map(|p| {
                if p.as_os_str().is_empty() {
                    Path::new(".")
                } else {
                    p
                }
            })
            .unwrap_or(Path::new("."));
        let mut p = Pipeline::from_yaml_str(&text, &path.display().to_string(), Some(base))?;
        p.file = Some(path.to_path_buf());
        Ok(p)
    }

    /// Parses and validates pipeline YAML. `name` is used in messages; relative paths are
    /// resolved against `base` (the current folder when `None`).
    pub fn from_yaml_str(
        text: &str,
        name: &str,
        base: Option<&Path>,
    ) -> Result<Pipeline, PipelineError> {
        validate::validate(text, name, base.unwrap_or(Path::new(".")))
    }

    /// The format of a file in a folder walk: `None` for extensions the pipeline does not
    /// know or marks `ignore`.
    pub fn walk_format(&self, path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        choice_format(*self.input.formats.get(&ext)?)
    }

    /// The format of a file named on the command line: as in a walk, plain text for an
    /// unknown extension, `None` only for `ignore`.
    pub fn file_format(&self, path: &Path) -> Option<Format> {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(|e| e.to_ascii_lowercase());
        match ext.and_then(|e| self.input.formats.get(&e).copied()) {
            Some(c) => choice_format(c),
            None => Some(Format::Plain),
        }
    }
}

fn choice_format(c: FormatChoice) -> Option<Format> {
    match c {
        FormatChoice::Wikitext => Some(Format::Wikitext),
        FormatChoice::Markdown => Some(Format::Markdown),
        FormatChoice::Plain => Some(Format::Plain),
        FormatChoice::Ignore => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_yaml_is_the_default() {
        let p = Pipeline::from_yaml_str(DEFAULT_PIPELINE_YAML, "pipeline.yaml", None)
            .unwrap_or_else(|e| panic!("{e}"));
        let h = Pipeline::hand_built_default();
        let vs = |p: &Pipeline| p.editions.iter().map(|e| e.variant).collect::<Vec<_>>();
        assert_eq!(vs(&p), Variant::EDITIONS);
        assert_eq!(vs(&p), vs(&h));
        for (a, b) in p.editions.iter().zip(&h.editions) {
            let names = |e: &EditionSpec| {
                e.converters
                    .iter()
                    .map(|c| c.name().to_string())
                    .collect::<Vec<_>>()
            };
            assert_eq!(names(a), names(b));
            assert_eq!(a.keep_markup, b.keep_markup);
            assert_eq!(a.localize_quotes, b.localize_quotes);
        }
        assert_eq!(p.input.formats, h.input.formats);
        assert_eq!(p.parse.keep_params, h.parse.keep_params);
        assert_eq!(p.parse.keep_templates, h.parse.keep_templates);
        assert_eq!(p.output.layout, Layout::Auto);
        assert!(p.output.titles);
        assert!(!p.output.front_matter);
    }

    #[test]
    fn formats_by_extension() {
        let p = Pipeline::default_pipeline();
        assert_eq!(p.walk_format(Path::new("a/b.WIKI")), Some(Format::Wikitext));
        assert_eq!(p.walk_format(Path::new("b.md")), Some(Format::Markdown));
        assert_eq!(p.walk_format(Path::new("b.txt")), Some(Format::Plain));
        assert_eq!(p.walk_format(Path::new("b.png")), None);
        assert_eq!(p.walk_format(Path::new("README")), None);
        assert_eq!(p.file_format(Path::new("README")), Some(Format::Plain));
    }
}
