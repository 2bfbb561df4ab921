//! Where the data tests find `../shared`, and how they say that they skip.

use std::path::PathBuf;

/// The shared folder: `$TONGWEN_SHARED`, else `../shared` beside the checkout.
pub fn shared() -> PathBuf {
    std::env::var_os("TONGWEN_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared")))
}

/// Prints why a test skips where `cargo test` shows it (the test harness captures
/// `eprintln!`, not writes to the stderr handle).
pub fn skipped(why: std::fmt::Arguments<'_>) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "{why}");
}
