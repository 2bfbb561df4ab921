//! Sources and sinks: folders of article files, JSON Lines, MediaWiki XML export dumps
//! (`.xml`, `.xml.bz2` including multistream), and atomic output files.
//!
//! This module knows byte formats and file systems, nothing of conversion: the runner
//! (`pipeline::runner`) reads pieces here, converts them, and hands bytes back to be written.
//! Readers never hold more than one article (or dump page) plus one read block; writers go
//! through [`atomic::AtomicFile`], so a killed run never leaves a partial output.

pub mod atomic;
pub mod dump;
pub mod escape;
pub mod jsonl;
pub mod tree;
pub mod utf8;
