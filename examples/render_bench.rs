//! Throughput of edition rendering: all eight editions of one text, against the converters
//! alone on the same text.
//!
//! ```text
//! cargo run --release --example render_bench -- FILE [REPEAT] [--glossary FILE.yaml]
//! ```
//! The text becomes a document the way a parser would cut it (each line a `Text` span, each
//! newline a `Keep` span, each `-{ }-` block a `Markup` span), repeated REPEAT times (default
//! 1). Reports (best of five runs) MB/s of source for each edition and for the eight together (source bytes ÷ the
//! time to render all eight), and the same for the bare converters (`convert` on the whole
//! text). Suggested inputs: ../shared/bench/data3185k.txt (no rules) and
//! ../shared/bench/wikitext.txt (many `-{H|…}-` rules).

use std::sync::Arc;
use std::time::Instant;

use tongwen::Variant;
use tongwen::document::{Document, Span};
use tongwen::edition::{EditionSpec, render};
use tongwen::rules::Glossary;
use tongwen::rules::markup::BlockFinder;

fn document(src: &str) -> Document {
    let finder = BlockFinder::new(src);
    let bytes = src.as_bytes();
    let mut spans = Vec::new();
    let mut text_start = 0;
    let mut i = 0;
    let flush = |spans: &mut Vec<Span>, a: usize, b: usize| {
        if a < b {
            spans.push(Span::Text(a..b));
        }
    };
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => {
                flush(&mut spans, text_start, i);
                spans.push(Span::Keep(i..i + 1));
                i += 1;
                text_start = i;
            }
            b'-' if bytes.get(i + 1) == Some(&b'{') => match finder.block_at(i) {
                Some(m) => {
                    flush(&mut spans, text_start, i);
                    i = m.range.end;
                    spans.push(Span::Markup(Box::new(m)));
                    text_start = i;
                }
                None => i += 2,
            },
            _ => i += 1,
        }
    }
    flush(&mut spans, text_start, bytes.len());
    Document {
        spans,
        ..Default::default()
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.first() else {
        eprintln!("usage: render_bench FILE [REPEAT] [--glossary FILE.yaml]");
        std::process::exit(2);
    };
    let repeat: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(1);
    let glossary = args
        .iter()
        .position(|a| a == "--glossary")
        .and_then(|i| args.get(i + 1))
        .map(|p| Arc::new(Glossary::load(std::path::Path::new(p)).expect("glossary")));
    let one = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(2);
        }
    };
    let src = one.repeat(repeat);
    let doc = document(&src);
    let mb = src.len() as f64 / 1e6;
    println!("{path} ×{repeat}: {:.1} MB, {} spans", mb, doc.spans.len());
    let specs: Vec<EditionSpec> = Variant::EDITIONS
        .iter()
        .map(|v| {
            let mut s = EditionSpec::new(*v);
            if let Some(g) = &glossary {
                s.glossaries.push(g.clone());
            }
            s
        })
        .collect();
    // Warm up (builds the dictionaries once).
    let mut cut = one.len().min(1000);
    while !one.is_char_boundary(cut) {
        cut -= 1;
    }
    let head = &one[..cut];
    for s in &specs {
        let _ = render(head, &document(head), None, s);
    }
    // Best of five runs each (the machine may be shared).
    let best = |f: &mut dyn FnMut()| {
        (0..5)
            .map(|_| {
                let t = Instant::now();
                f();
                t.elapsed().as_secs_f64()
            })
            .fold(f64::INFINITY, f64::min)
    };
    let mut total = 0.0;
    let mut bare_total = 0.0;
    for s in &specs {
        let mut out = None;
        let dt = best(&mut || out = Some(render(&src, &doc, None, s)));
        let r = out.expect("rendered");
        total += dt;
        let bare = best(&mut || {
            for c in &s.converters {
                std::hint::black_box(c.convert(&src));
            }
        });
        bare_total += bare;
        println!(
            "{:8} render {:7.1} MB/s   converters alone {:7.1} MB/s   ({} bytes out, {} warnings)",
            s.variant.tag(),
            mb / dt,
            mb / bare,
            r.text.len(),
            r.warnings.len()
        );
    }
    println!(
        "all eight: render {:.1} MB/s of source, converters alone {:.1} MB/s",
        mb / total,
        mb / bare_total
    );
}
