//! The HTTP service (`tongwen serve`): a JSON API over the library and a review page.
//!
//! | route | what |
//! |---|---|
//! | `GET /` (+ `/app.js`, `/style.css`) | the review page ([`page`]) |
//! | `POST /v1/convert` | editions of one article (JSON), or one edition as text (`text/plain` + `?to=`) |
//! | `POST /v1/check` | `check` findings, the CLI's JSON |
//! | `POST /v1/explain` | `explain` provenance for one edition, the CLI's JSON |
//! | `GET /v1/variants` | the editions served: tags, fallback chains, OpenCC configs |
//! | `GET /healthz` | liveness |
//! | `GET /openapi.json` | the OpenAPI 3.1 description of all of the above |
//!
//! Design and invariants:
//! - One pipeline, loaded at start-up, serves every request; a request may narrow the editions
//!   and add a glossary, never change the pipeline.
//! - Parsing and rendering never run on the async threads: see [`state`] for the gate.
//! - Every error is JSON `{"error": …}`: 400 for bad JSON, bad UTF-8, unknown variants or
//!   formats, bad glossaries; 413 for a body over the limit; 404 for unknown routes (405 with an
//!   `Allow` header comes from axum for a known route with the wrong method).
//! - [`serve`] stops accepting on the shutdown signal and returns once every request in flight
//!   has been answered.

pub mod api;
pub mod body;
pub mod error;
pub mod glossary;
pub mod openapi;
pub mod page;
pub mod request;
pub mod spans;
pub mod state;

use std::future::Future;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{Method, Uri};
use axum::routing::{get, post};

pub use error::ApiError;
pub use state::{AppState, DEFAULT_MAX_BODY};

/// The service's routes over `state`.
pub fn router(state: AppState) -> Router {
    let limit = state.max_body();
    Router::new()
        .route("/", get(page::index))
        .route("/app.js", get(page::script))
        .route("/style.css", get(page::style))
        .route("/healthz", get(api::healthz))
        .route("/openapi.json", get(openapi::document))
        .route("/v1/variants", get(api::variants))
        .route("/v1/convert", post(api::convert))
        .route("/v1/check", post(api::check))
        .route("/v1/explain", post(api::explain))
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(limit))
        .with_state(state)
}

async fn not_found(method: Method, uri: Uri) -> ApiError {
    ApiError::new(
        axum::http::StatusCode::NOT_FOUND,
        format!("no route for {method} {}", uri.path()),
    )
}

/// Serves `router(state)` on `listener` until `shutdown` resolves, then stops accepting
/// connections, lets every request in flight finish, and returns.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router(state))
        .with_graceful_shutdown(shutdown)
        .await
}

/// Installs the handlers for Ctrl-C (SIGINT) and SIGTERM now, and returns a future that
/// resolves with the signal's name when one arrives. Installing before the server announces
/// itself means a signal sent right after the announcement is never lost (nor kills the
/// process outright). Must be called inside a tokio runtime.
#[cfg(unix)]
pub fn shutdown_signal() -> std::io::Result<impl Future<Output = &'static str> + Send + 'static> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut term = signal(SignalKind::terminate())?;
    let mut int = signal(SignalKind::interrupt())?;
    Ok(async move {
        tokio::select! {
            _ = term.recv() => "SIGTERM",
            _ = int.recv() => "SIGINT",
        }
    })
}

/// Ctrl-C only where there are no Unix signals.
#[cfg(not(unix))]
pub fn shutdown_signal() -> std::io::Result<impl Future<Output = &'static str> + Send + 'static> {
    Ok(async {
        match tokio::signal::ctrl_c().await {
            Ok(()) => "Ctrl-C",
            Err(_) => std::future::pending().await,
        }
    })
}
