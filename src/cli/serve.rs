//! `tongwen serve`: runs the HTTP API and the review page (see [`crate::serve`]).
//!
//! Prints `tongwen serve: listening on http://ADDR` to stderr once the socket is bound (with
//! `--listen 127.0.0.1:0` that line tells the port chosen), and `tongwen serve: SIGNAL received,
//! finishing requests in flight` when asked to stop; exits 0 after the last request is answered.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::pipeline::Pipeline;
use crate::serve::AppState;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Address and port to listen on (port 0 picks a free one).
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    /// pipeline.yaml giving the editions, glossaries and protection (default, as for `run`:
    /// ./pipeline.yaml when it exists, else the built-in pipeline with all eight editions).
    #[arg(long)]
    pub pipeline: Option<PathBuf>,
    /// Largest request body: bytes, or with a unit: 512KB, 10MB, 1GB (KB = 1024 bytes).
    #[arg(long, default_value = "10MB", value_parser = parse_size)]
    pub max_body: usize,
    /// Conversions run at once (default: one per core); more requests wait their turn.
    #[arg(long)]
    pub workers: Option<usize>,
}

/// Parses a size such as `10MB`, `512 KiB`, `1g` or `1048576` (K, M, G are powers of 1024).
pub fn parse_size(s: &str) -> Result<usize, String> {
    let t = s.trim();
    let digits = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (num, unit) = t.split_at(digits);
    let n: usize = num
        .parse()
        .map_err(|_| format!("`{s}` is not a size (e.g. 10MB, 512KB, 1048576)"))?;
    let mult: usize = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" | "kib" => 1 << 10,
        "m" | "mb" | "mib" => 1 << 20,
        "g" | "gb" | "gib" => 1 << 30,
        _ => return Err(format!("`{s}`: unknown unit (use B, KB, MB or GB)")),
    };
    match n.checked_mul(mult) {
        Some(0) => Err("the body limit must be more than 0 bytes".to_string()),
        Some(v) => Ok(v),
        None => Err(format!("`{s}` is too large")),
    }
}

/// Writes `tongwen serve: …` to stderr, ignoring a closed stderr (a server must not die
/// because whoever started it stopped listening).
fn note(message: std::fmt::Arguments) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr().lock(), "tongwen serve: {message}");
}

pub fn main(args: Args) -> ExitCode {
    let loaded = match &args.pipeline {
        Some(p) => Pipeline::load(p),
        None if Path::new("pipeline.yaml").is_file() => Pipeline::load(Path::new("pipeline.yaml")),
        None => Ok(Pipeline::default_pipeline()),
    };
    let pipeline = match loaded {
        Ok(p) => p,
        Err(e) => return super::fail(e),
    };
    let state = match args.workers {
        Some(n) => AppState::with_workers(pipeline, args.max_body, n),
        None => AppState::new(pipeline, args.max_body),
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => return super::fail(format!("cannot start the async runtime: {e}")),
    };
    runtime.block_on(async move {
        let listener = match tokio::net::TcpListener::bind(args.listen).await {
            Ok(l) => l,
            Err(e) => return super::fail(format!("cannot listen on {}: {e}", args.listen)),
        };
        // Before the announcement: a signal sent right after it must not be lost.
        let signal = match crate::serve::shutdown_signal() {
            Ok(s) => s,
            Err(e) => return super::fail(format!("cannot install signal handlers: {e}")),
        };
        let addr = listener.local_addr().map_or(args.listen, |a| a);
        let editions: Vec<&str> = state.editions().iter().map(|e| e.variant.tag()).collect();
        note(format_args!(
            "listening on http://{addr} (editions {}; body limit {} bytes)",
            editions.join(" "),
            state.max_body()
        ));
        let shutdown = async {
            let name = signal.await;
            note(format_args!(
                "{name} received, finishing requests in flight"
            ));
        };
        match crate::serve::serve(listener, state, shutdown).await {
            Ok(()) => {
                note(format_args!("stopped"));
                ExitCode::SUCCESS
            }
            Err(e) => super::fail(format!("server error: {e}")),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::parse_size;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("10MB"), Ok(10 * 1024 * 1024));
        assert_eq!(parse_size("512 KiB"), Ok(512 * 1024));
        assert_eq!(parse_size("1g"), Ok(1 << 30));
        assert_eq!(parse_size("1048576"), Ok(1048576));
        assert_eq!(parse_size("7b"), Ok(7));
        assert_eq!(
            parse_size("ten"),
            Err("`ten` is not a size (e.g. 10MB, 512KB, 1048576)".to_string())
        );
        assert_eq!(
            parse_size("3TB"),
            Err("`3TB`: unknown unit (use B, KB, MB or GB)".to_string())
        );
        assert!(parse_size("0").is_err());
        assert!(parse_size("99999999999999999999GB").is_err());
    }
}
