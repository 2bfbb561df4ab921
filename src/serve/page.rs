//! The review page: plain HTML, CSS and JavaScript embedded in the binary (no CDN, no build
//! step, works offline). It talks to the JSON API only: `/v1/variants` for the edition list,
//! `/v1/convert` with `"spans": true` for the side-by-side view, `/v1/check` for the flags.

use axum::http::header;
use axum::response::IntoResponse;

pub const INDEX_HTML: &str = include_str!("page/index.html");
pub const APP_JS: &str = include_str!("page/app.js");
pub const STYLE_CSS: &str = include_str!("page/style.css");

fn asset(content_type: &'static str, body: &'static str) -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        body,
    )
}

pub async fn index() -> impl IntoResponse {
    asset("text/html; charset=utf-8", INDEX_HTML)
}

pub async fn script() -> impl IntoResponse {
    asset("text/javascript; charset=utf-8", APP_JS)
}

pub async fn style() -> impl IntoResponse {
    asset("text/css; charset=utf-8", STYLE_CSS)
}
