//! Markdown parse + reassemble throughput on the corpus exports (../shared/corpus/markdown,
//! or `$TONGWEN_SHARED/corpus/markdown`). Skips, loudly, when the corpus is absent.
//!
//! `cargo bench --bench markdown` (add `-- --quick` for a short run).

use std::hint::black_box;
use std::path::PathBuf;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use tongwen::markup::ParseOptions;
use tongwen::markup::markdown::parse;

fn corpus() -> Option<Vec<String>> {
    let shared = std::env::var_os("TONGWEN_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared")));
    let dir = shared.join("corpus/markdown");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("SKIPPED markdown bench: {} not found", dir.display());
        return None;
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    Some(
        files
            .iter()
            .filter_map(|p| std::fs::read_to_string(p).ok())
            .collect(),
    )
}

fn bench(c: &mut Criterion) {
    let Some(files) = corpus() else {
        return;
    };
    let bytes: usize = files.iter().map(String::len).sum();
    let options = ParseOptions::default();
    let mut group = c.benchmark_group("markdown");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("parse+reassemble corpus", |b| {
        b.iter(|| {
            for src in &files {
                let doc = parse(black_box(src), &options);
                black_box(doc.reassemble(src));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
