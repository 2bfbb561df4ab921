//! The JSON API's handlers: `/v1/convert`, `/v1/check`, `/v1/explain`, `/v1/variants`,
//! `/healthz`. Each handler reads and validates the whole request on the async thread (cheap),
//! then does the parse and rendering in one [`AppState::run_blocking`] call.

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, Uri, header};
use axum::response::{IntoResponse, Response};
use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize, Serializer};

use crate::document::Format;
use crate::edition::{EditionSpec, render, render_traced};
use crate::markup::parse_with;
use crate::review::{CheckReport, ExplainReport, check_source, explain_source};

use super::body;
use super::error::ApiError;
use super::glossary::GlossaryField;
use super::request;
use super::spans::{SpanOut, spans};
use super::state::AppState;

/// The `file` reported in findings when a request names none.
pub const DEFAULT_FILE: &str = "input";

/// Pairs serialised as a JSON object, keeping their order (editions in the order asked).
#[derive(Debug, Default)]
pub struct Ordered<T>(pub Vec<(String, T)>);

impl<T: Serialize> Serialize for Ordered<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

impl<T> Ordered<T> {
    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// `POST /v1/convert` with a JSON body.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConvertRequest {
    pub text: String,
    pub format: Option<String>,
    pub variants: Option<Vec<String>>,
    pub glossary: Option<GlossaryField>,
    /// The article's title; each edition's display title comes back in `titles`.
    pub title: Option<String>,
    /// Also return each edition's pieces with their provenance.
    #[serde(default)]
    pub spans: bool,
}

#[derive(Debug, Default, Serialize)]
pub struct ConvertResponse {
    pub editions: Ordered<String>,
    #[serde(skip_serializing_if = "Ordered::is_empty")]
    pub titles: Ordered<String>,
    #[serde(skip_serializing_if = "Ordered::is_empty")]
    pub warnings: Ordered<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub spans: Option<Ordered<Vec<SpanOut>>>,
}

/// `POST /v1/convert` with a `text/*` body: the query names the edition.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PlainQuery {
    to: Option<String>,
    format: Option<String>,
    title: Option<String>,
}

/// `POST /v1/convert`: JSON in, JSON out; or text in (`?to=…`), text out.
pub async fn convert(
    State(state): State<AppState>,
    headers: HeaderMap,
    uri: Uri,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let body = body.map_err(|r| body::rejected(r, state.max_body()))?;
    if body::is_text(&headers) {
        return convert_plain(state, &uri, body).await;
    }
    if uri.query().is_some_and(|q| !q.is_empty()) {
        return Err(ApiError::bad_request(
            "query parameters (`to`, `format`, `title`) apply to text/plain bodies; put the options of a JSON request in its body",
        ));
    }
    let req: ConvertRequest = body::json(&body)?;
    let format = request::format(req.format.as_deref())?;
    let specs = request::editions(&state, req.variants.as_deref(), req.glossary.as_ref())?;
    let parse = state.pipeline().parse.clone();
    let out = state
        .run_blocking(move || {
            let doc = parse_with(&req.text, format, &parse);
            let mut out = ConvertResponse::default();
            let mut all_spans = Vec::new();
            for spec in &specs {
                let tag = spec.variant.tag().to_string();
                let rendered = if req.spans {
                    let (r, pieces) = render_traced(&req.text, &doc, req.title.as_deref(), spec);
                    all_spans.push((tag.clone(), spans(&req.text, pieces)));
                    r
                } else {
                    render(&req.text, &doc, req.title.as_deref(), spec)
                };
                if let Some(t) = rendered.title {
                    out.titles.0.push((tag.clone(), t));
                }
                if !rendered.warnings.is_empty() {
                    out.warnings.0.push((tag.clone(), rendered.warnings));
                }
                out.editions.0.push((tag, rendered.text));
            }
            if req.spans {
                out.spans = Some(Ordered(all_spans));
            }
            out
        })
        .await?;
    Ok(Json(out).into_response())
}

async fn convert_plain(state: AppState, uri: &Uri, body: Bytes) -> Result<Response, ApiError> {
    let Query(q) =
        Query::<PlainQuery>::try_from_uri(uri).map_err(|e| ApiError::bad_request(e.body_text()))?;
    let Some(to) = q.to.as_deref() else {
        return Err(ApiError::bad_request(
            "a text/plain body needs `?to=VARIANT` (e.g. ?to=zh-TW&format=wikitext)",
        ));
    };
    let spec = request::edition(&state, to)?.clone();
    let format = request::format(q.format.as_deref())?;
    let text = body::utf8(&body)?.to_string();
    let parse = state.pipeline().parse.clone();
    let rendered = state
        .run_blocking(move || {
            let doc = parse_with(&text, format, &parse);
            render(&text, &doc, q.title.as_deref(), &spec)
        })
        .await?;
    let mut res = rendered.text.into_response();
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    Ok(res)
}

/// `POST /v1/check`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckRequest {
    pub text: String,
    pub format: Option<String>,
    pub variants: Option<Vec<String>>,
    pub glossary: Option<GlossaryField>,
    /// The file name reported in findings (default `input`).
    pub file: Option<String>,
}

pub async fn check(
    State(state): State<AppState>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<CheckReport>, ApiError> {
    let body = body.map_err(|r| body::rejected(r, state.max_body()))?;
    let req: CheckRequest = body::json(&body)?;
    let format = request::format(req.format.as_deref())?;
    let specs = request::editions(&state, req.variants.as_deref(), req.glossary.as_ref())?;
    let parse = state.pipeline().parse.clone();
    let file = req.file.unwrap_or_else(|| DEFAULT_FILE.to_string());
    let report = state
        .run_blocking(move || check_source(&file, &req.text, format, &specs, &parse))
        .await?;
    Ok(Json(report))
}

/// `POST /v1/explain`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExplainRequest {
    pub text: String,
    pub format: Option<String>,
    /// The one edition to explain.
    pub variant: String,
    pub glossary: Option<GlossaryField>,
    pub file: Option<String>,
}

pub async fn explain(
    State(state): State<AppState>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<ExplainReport>, ApiError> {
    let body = body.map_err(|r| body::rejected(r, state.max_body()))?;
    let req: ExplainRequest = body::json(&body)?;
    let format = request::format(req.format.as_deref())?;
    let mut spec: [EditionSpec; 1] = [request::edition(&state, &req.variant)?.clone()];
    request::with_glossary(&mut spec, req.glossary.as_ref())?;
    let [spec] = spec;
    let parse = state.pipeline().parse.clone();
    let file = req.file.unwrap_or_else(|| DEFAULT_FILE.to_string());
    let report = state
        .run_blocking(move || explain_source(&file, &req.text, format, &spec, &parse))
        .await?;
    Ok(Json(report))
}

/// `GET /healthz`.
pub async fn healthz() -> Json<serde_json::Value> {
    Json(serde_json::json!({ "status": "ok", "version": env!("CARGO_PKG_VERSION") }))
}

/// One entry of `GET /v1/variants`.
#[derive(Debug, Serialize)]
pub struct VariantInfo {
    pub tag: &'static str,
    pub code: &'static str,
    pub name: &'static str,
    pub fallbacks: Vec<&'static str>,
    pub configs: Vec<String>,
    pub glossaries: Vec<String>,
}

/// `GET /v1/variants`.
#[derive(Debug, Serialize)]
pub struct VariantsResponse {
    pub variants: Vec<VariantInfo>,
    pub formats: [&'static str; 3],
    pub default_format: &'static str,
}

/// `GET /v1/variants`: the pipeline's editions.
pub async fn variants(State(state): State<AppState>) -> Json<VariantsResponse> {
    let variants: Vec<VariantInfo> = state
        .editions()
        .iter()
        .map(|e| VariantInfo {
            tag: e.variant.tag(),
            code: e.variant.code(),
            name: e.variant.display_name(),
            fallbacks: e.variant.fallbacks().iter().map(|v| v.tag()).collect(),
            configs: e.converters.iter().map(|c| c.name().to_string()).collect(),
            glossaries: e.glossaries.iter().map(|g| g.file.clone()).collect(),
        })
        .collect();
    Json(VariantsResponse {
        variants,
        formats: [Format::Wikitext, Format::Markdown, Format::Plain].map(Format::name),
        default_format: request::DEFAULT_FORMAT.name(),
    })
}
