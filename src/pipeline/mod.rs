//! pipeline.yaml (schema and validation) and the batch runner.
//!
//! CONTRACT: [`Pipeline::load`] / [`Pipeline::default_pipeline`] and the public fields are used
//! by the CLI and the HTTP service.

use std::path::Path;

use crate::edition::EditionSpec;
use crate::markup::ParseOptions;
use crate::variant::Variant;

/// A loaded, validated pipeline: what to produce from each article.
#[derive(Clone)]
pub struct Pipeline {
    /// The editions to write, in order.
    pub editions: Vec<EditionSpec>,
    /// What the parsers keep verbatim.
    pub parse: ParseOptions,
}

#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct PipelineError(pub String);

impl Pipeline {
    /// All eight editions with their default configs, default protection.
    pub fn default_pipeline() -> Pipeline {
        Pipeline {
            editions: Variant::EDITIONS
                .iter()
                .map(|v| EditionSpec::new(*v))
                .collect(),
            parse: ParseOptions::default(),
        }
    }

    /// Loads and validates a pipeline.yaml (stub until the pipeline lands).
    pub fn load(path: &Path) -> Result<Pipeline, PipelineError> {
        let _ = path;
        Ok(Pipeline::default_pipeline())
    }
}
