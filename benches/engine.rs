//! Criterion benchmark of the conversion engine alone (in process, no I/O):
//! `cargo bench --bench engine`. Uses ../shared/bench/data689k.txt (Simplified; its s2t
//! conversion for the Traditional-input configs) when present, else a text generated from the
//! dictionaries.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use tongwen::engine::Converter;

fn sample() -> String {
    let shared = std::env::var("TONGWEN_SHARED")
        .unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/../shared").to_string());
    if let Ok(t) = std::fs::read_to_string(format!("{shared}/bench/data689k.txt")) {
        return t;
    }
    eprintln!("../shared/bench/data689k.txt not found: benchmarking a generated text");
    let dict = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/dictionaries/opencc/STPhrases.txt"
    ))
    .unwrap();
    let mut s = String::new();
    for (i, line) in dict.lines().filter(|l| !l.starts_with('#')).enumerate() {
        if let Some((k, _)) = line.split_once('\t') {
            s.push_str(k);
            s.push_str(if i % 7 == 0 { "，" } else { "的" });
            if i % 40 == 0 {
                s.push('\n');
            }
        }
    }
    s
}

fn bench(c: &mut Criterion) {
    let simplified = sample();
    let traditional = Converter::builtin("s2t").unwrap().convert(&simplified);
    let mut g = c.benchmark_group("convert");
    g.sample_size(20);
    for (config, text) in [
        ("s2t", &simplified),
        ("s2tw", &simplified),
        ("s2twp", &simplified),
        ("s2hk", &simplified),
        ("t2s", &traditional),
        ("tw2sp", &traditional),
        ("t2tw", &traditional),
    ] {
        let conv = Converter::builtin(config).unwrap();
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_function(config, |b| b.iter(|| conv.convert(text)));
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
