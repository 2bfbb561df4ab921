//! Sources and sinks: files and trees, JSONL, MediaWiki XML dumps (.bz2).
