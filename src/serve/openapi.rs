//! `GET /openapi.json`: the hand-written OpenAPI 3.1 description of the service, embedded from
//! `openapi.json` beside this file. A test checks that it is valid JSON, that every route the
//! router serves is described, and that every `$ref` resolves.

use axum::http::header;
use axum::response::IntoResponse;

/// The document's text.
pub const OPENAPI_JSON: &str = include_str!("openapi.json");

pub async fn document() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI_JSON)
}
