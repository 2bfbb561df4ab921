//! The parts every conversion request shares: the source format, the editions asked for, and
//! a glossary added to each of them.

use std::sync::Arc;

use crate::document::Format;
use crate::edition::EditionSpec;
use crate::variant::{UnknownVariant, Variant};

use super::error::ApiError;
use super::glossary::GlossaryField;
use super::state::AppState;

/// The format when a request names none: the service is for wiki articles.
pub const DEFAULT_FORMAT: Format = Format::Wikitext;

/// Reads a `format` value (`wikitext`, `markdown`, `plain` and their aliases).
pub fn format(name: Option<&str>) -> Result<Format, ApiError> {
    match name {
        None => Ok(DEFAULT_FORMAT),
        Some(n) => Format::parse(n).ok_or_else(|| {
            ApiError::bad_request(format!(
                "unknown format `{n}` (expected wikitext, markdown or plain)"
            ))
        }),
    }
}

/// Reads one variant tag that must be an edition of the service's pipeline.
pub fn edition<'a>(state: &'a AppState, tag: &str) -> Result<&'a EditionSpec, ApiError> {
    let v = Variant::parse_edition(tag)
        .ok_or_else(|| ApiError::bad_request(UnknownVariant(tag.to_string()).to_string()))?;
    state
        .editions()
        .iter()
        .find(|e| e.variant == v)
        .ok_or_else(|| {
            let have: Vec<&str> = state.editions().iter().map(|e| e.variant.tag()).collect();
            ApiError::bad_request(format!(
                "variant `{tag}` is not an edition of this server's pipeline (editions: {})",
                have.join(", ")
            ))
        })
}

/// The editions named by `tags` (all of the pipeline's when `None`), in the order given,
/// each with the request's glossary appended to its own.
pub fn editions(
    state: &AppState,
    tags: Option<&[String]>,
    glossary: Option<&GlossaryField>,
) -> Result<Vec<EditionSpec>, ApiError> {
    let mut specs: Vec<EditionSpec> = match tags {
        None => state.editions().to_vec(),
        Some([]) => return Err(ApiError::bad_request("`variants` is empty")),
        Some(tags) => {
            let mut out: Vec<EditionSpec> = Vec::with_capacity(tags.len());
            for t in tags {
                let spec = edition(state, t)?;
                if out.iter().any(|s| s.variant == spec.variant) {
                    return Err(ApiError::bad_request(format!(
                        "variant {} is listed twice",
                        spec.variant
                    )));
                }
                out.push(spec.clone());
            }
            out
        }
    };
    with_glossary(&mut specs, glossary)?;
    Ok(specs)
}

/// Appends the request's glossary (if any) to every spec.
pub fn with_glossary(
    specs: &mut [EditionSpec],
    glossary: Option<&GlossaryField>,
) -> Result<(), ApiError> {
    if let Some(field) = glossary {
        let g = Arc::new(field.load()?);
        for s in specs {
            s.glossaries.push(Arc::clone(&g));
        }
    }
    Ok(())
}
