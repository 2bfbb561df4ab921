//! Progress of a run, on stderr: an indicatif bar on a terminal (articles, MB of source, MB/s,
//! ETA from the bytes of input read — compressed bytes for `.bz2` dumps), otherwise one line
//! every few seconds; and the counters behind the final summary.
//!
//! The runner only bumps atomic counters; a reporter thread reads them on its own clock, so
//! progress costs the conversion nothing measurable.

use std::io::IsTerminal;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// How progress is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProgressMode {
    /// A bar when stderr is a terminal, lines otherwise.
    Auto,
    Bar,
    /// One line every `LINE_INTERVAL`.
    Lines,
    Off,
}

/// Seconds between progress lines when stderr is not a terminal.
pub const LINE_INTERVAL: Duration = Duration::from_secs(5);

/// Counters shared by the runner's threads.
#[derive(Debug, Default)]
pub struct Counters {
    /// Input bytes read (file bytes; compressed bytes for dumps).
    pub raw_read: AtomicU64,
    /// Total input bytes, when known (0 = unknown, e.g. stdin).
    pub raw_total: AtomicU64,
    /// Articles converted.
    pub articles: AtomicU64,
    /// Articles skipped because their outputs were up to date (`--resume`).
    pub skipped: AtomicU64,
    /// Source bytes converted (decompressed).
    pub bytes_in: AtomicU64,
    pub warnings: AtomicU64,
    pub errors: AtomicU64,
}

/// The reporter thread.
pub struct Reporter {
    stop: Arc<AtomicBool>,
    handle: Option<JoinHandle<()>>,
}

impl Reporter {
    pub fn start(mode: ProgressMode, counters: Arc<Counters>, started: Instant) -> Reporter {
        let mode = match mode {
            ProgressMode::Auto if std::io::stderr().is_terminal() => ProgressMode::Bar,
            ProgressMode::Auto => ProgressMode::Lines,
            m => m,
        };
        let stop = Arc::new(AtomicBool::new(false));
        let handle = match mode {
            ProgressMode::Off | ProgressMode::Auto => None,
            ProgressMode::Bar => {
                let stop = stop.clone();
                Some(std::thread::spawn(move || bar(&counters, &stop, started)))
            }
            ProgressMode::Lines => {
                let stop = stop.clone();
                Some(std::thread::spawn(move || lines(&counters, &stop, started)))
            }
        };
        Reporter { stop, handle }
    }

    pub fn finish(mut self) {
        self.stop_now();
    }

    fn stop_now(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(h) = self.handle.take() {
            h.thread().unpark();
            let _ = h.join();
        }
    }
}

impl Drop for Reporter {
    fn drop(&mut self) {
        self.stop_now();
    }
}

fn mb(bytes: u64) -> f64 {
    bytes as f64 / 1e6
}

/// `812 B`, `12.3 KB`, `45.67 MB`, `1.23 GB` (decimal units).
pub fn size(bytes: u64) -> String {
    let b = bytes as f64;
    if bytes < 1_000 {
        format!("{bytes} B")
    } else if bytes < 1_000_000 {
        format!("{:.1} KB", b / 1e3)
    } else if bytes < 1_000_000_000 {
        format!("{:.2} MB", b / 1e6)
    } else {
        format!("{:.2} GB", b / 1e9)
    }
}

/// `12 articles, 3.4 MB, 5.6 MB/s`
fn status(c: &Counters, started: Instant) -> String {
    let secs = started.elapsed().as_secs_f64().max(1e-9);
    let bytes = c.bytes_in.load(Ordering::Relaxed);
    let mut s = format!(
        "{} articles, {}, {:.1} MB/s",
        c.articles.load(Ordering::Relaxed),
        size(bytes),
        mb(bytes) / secs
    );
    let errors = c.errors.load(Ordering::Relaxed);
    if errors > 0 {
        s.push_str(&format!(", {errors} errors"));
    }
    s
}

fn bar(c: &Counters, stop: &AtomicBool, started: Instant) {
    let total = c.raw_total.load(Ordering::Relaxed);
    let pb = if total > 0 {
        let pb = indicatif::ProgressBar::new(total);
        if let Ok(style) =
            indicatif::ProgressStyle::with_template("{bar:30} {percent:>3}% {msg} · ETA {eta}")
        {
            pb.set_style(style);
        }
        pb
    } else {
        indicatif::ProgressBar::new_spinner()
    };
    while !stop.load(Ordering::Relaxed) {
        pb.set_position(c.raw_read.load(Ordering::Relaxed));
        pb.set_message(status(c, started));
        std::thread::park_timeout(Duration::from_millis(200));
    }
    pb.finish_and_clear();
}

fn lines(c: &Counters, stop: &AtomicBool, started: Instant) {
    let mut next = Instant::now() + LINE_INTERVAL;
    while !stop.load(Ordering::Relaxed) {
        let now = Instant::now();
        if now >= next {
            let total = c.raw_total.load(Ordering::Relaxed);
            let read = c.raw_read.load(Ordering::Relaxed);
            let pct = if total > 0 {
                format!(", {:.0}% of input read", 100.0 * read as f64 / total as f64)
            } else {
                String::new()
            };
            eprintln!("tongwen: {}{pct}", status(c, started));
            next = now + LINE_INTERVAL;
        }
        std::thread::park_timeout(next.saturating_duration_since(Instant::now()));
    }
}

/// The final summary line (without the `tongwen: ` prefix).
pub fn summary(c: &Counters, elapsed: Duration, editions: usize) -> String {
    let secs = elapsed.as_secs_f64();
    let bytes = c.bytes_in.load(Ordering::Relaxed);
    let rate = if secs > 0.0 { mb(bytes) / secs } else { 0.0 };
    let mut s = format!(
        "{} articles, {} in, {:.2} s, {:.1} MB/s, {} editions",
        c.articles.load(Ordering::Relaxed),
        size(bytes),
        secs,
        rate,
        editions
    );
    let skipped = c.skipped.load(Ordering::Relaxed);
    if skipped > 0 {
        s.push_str(&format!(", {skipped} up to date"));
    }
    s.push_str(&format!(
        ", {} warnings, {} errors",
        c.warnings.load(Ordering::Relaxed),
        c.errors.load(Ordering::Relaxed)
    ));
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(size(812), "812 B");
        assert_eq!(size(12_345), "12.3 KB");
        assert_eq!(size(45_670_000), "45.67 MB");
        assert_eq!(size(1_234_000_000), "1.23 GB");
    }

    #[test]
    fn summary_line() {
        let c = Counters::default();
        c.articles.store(3, Ordering::Relaxed);
        c.bytes_in.store(2_000_000, Ordering::Relaxed);
        c.skipped.store(2, Ordering::Relaxed);
        c.errors.store(1, Ordering::Relaxed);
        assert_eq!(
            summary(&c, Duration::from_millis(500), 8),
            "3 articles, 2.00 MB in, 0.50 s, 4.0 MB/s, 8 editions, 2 up to date, 0 warnings, 1 errors"
        );
    }
}
