//! What every request shares: the pipeline loaded at start-up, the body limit, and the gate
//! that keeps conversions off the async threads.
//!
//! Conversion is CPU-bound. Each one runs on tokio's blocking pool (`spawn_blocking`) after
//! taking a permit from a semaphore sized to the number of cores, so at most that many
//! conversions run at once and the rest wait their turn without holding a thread; the async
//! worker threads only move bytes and never stall behind a large article.

use std::sync::Arc;

use tokio::sync::Semaphore;

use crate::edition::EditionSpec;
use crate::pipeline::Pipeline;

use super::error::ApiError;

/// The default request body limit: 10 MiB.
pub const DEFAULT_MAX_BODY: usize = 10 * 1024 * 1024;

/// Shared state of a running service (cheap to clone).
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

struct Inner {
    pipeline: Pipeline,
    max_body: usize,
    workers: Arc<Semaphore>,
}

impl AppState {
    /// State for `pipeline` with a body limit of `max_body` bytes and one conversion slot per
    /// core.
    pub fn new(pipeline: Pipeline, max_body: usize) -> AppState {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        AppState::with_workers(pipeline, max_body, cores)
    }

    /// Like [`AppState::new`] with an explicit number of concurrent conversions (at least 1).
    pub fn with_workers(pipeline: Pipeline, max_body: usize, workers: usize) -> AppState {
        AppState {
            inner: Arc::new(Inner {
                pipeline,
                max_body,
                workers: Arc::new(Semaphore::new(workers.max(1))),
            }),
        }
    }

    pub fn pipeline(&self) -> &Pipeline {
        &self.inner.pipeline
    }

    /// The editions this service produces, in pipeline order.
    pub fn editions(&self) -> &[EditionSpec] {
        &self.inner.pipeline.editions
    }

    /// The largest request body accepted, in bytes.
    pub fn max_body(&self) -> usize {
        self.inner.max_body
    }

    /// Runs CPU-bound work on the blocking pool once a conversion slot is free.
    /// A panic inside `work` becomes a 500, never a dead server.
    pub async fn run_blocking<T, F>(&self, work: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce() -> T + Send + 'static,
    {
        let permit = Arc::clone(&self.inner.workers)
            .acquire_owned()
            .await
            .map_err(|_| ApiError::internal("the conversion pool is closed"))?;
        let task = tokio::task::spawn_blocking(move || {
            let out = work();
            drop(permit);
            out
        });
        task.await
            .map_err(|e| ApiError::internal(format!("conversion failed: {e}")))
    }
}
