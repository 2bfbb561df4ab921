//! Parse + reassemble throughput (MB/s) of the markup parsers on the corpus: wikitext on
//! `../shared/corpus/wikitext` (group `markup`), Markdown on `../shared/corpus/markdown`
//! (group `markdown`), or `$TONGWEN_SHARED/corpus/…`; a generated article stands in when a
//! corpus is absent.
//!
//! `cargo bench --bench markup` (criterion reports the throughput in MiB/s or MB/s);
//! `cargo bench --bench markup -- markdown` for the Markdown group alone.

use std::path::PathBuf;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use tongwen::markup::{ParseOptions, markdown, wikitext};

fn corpus() -> Option<Vec<String>> {
    corpus_files("wikitext", "wiki")
}

/// The files of `../shared/corpus/<sub>` ending in `.<ext>`, sorted by name.
fn corpus_files(sub: &str, ext: &str) -> Option<Vec<String>> {
    let shared = std::env::var_os("TONGWEN_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared")));
    let dir = shared.join("corpus").join(sub);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect();
    files.sort();
    let texts: Vec<String> = files
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect();
    (!texts.is_empty()).then_some(texts)
}

/// An article-shaped text of about 400 KB with every common construct.
fn generated() -> Vec<String> {
    let unit = "{{NoteTA|G1=IT|1=zh-cn:内存;zh-tw:記憶體;}}\n== 软件历史 ==\n'''软件'''是[[计算机程序|程序]]和[[数据]]的总称{{lang|en|software}}，\
见[https://x.org/软件 官网]<ref name=\"a\">{{cite web|url=https://x.org/软件|title=软件的历史|date=2020-01-01}}</ref>。\n\
[[File:软件.png|thumb|right|200px|软件界面]]\n* 列表中的[[软件]]\n{| class=\"wikitable\"\n! 软件 !! 内存\n|-\n\
| style=\"x\" | 应用程序 || 记忆体\n|}\n<!-- 注释 -->-{zh-hans:软件;zh-hant:軟體}-与&nbsp;硬件。\n[[Category:软件]]\n";
    vec![unit.repeat(400_000 / unit.len())]
}

fn bench(c: &mut Criterion) {
    let (label, texts) = match corpus() {
        Some(t) => ("wikitext corpus", t),
        None => {
            eprintln!(
                "markup bench: no corpus at ../shared/corpus/wikitext; using a generated article"
            );
            ("wikitext generated", generated())
        }
    };
    let bytes: usize = texts.iter().map(String::len).sum();
    let options = ParseOptions::default();
    let mut group = c.benchmark_group("markup");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(20);
    group.bench_function(format!("{label} parse+reassemble"), |b| {
        b.iter(|| {
            let mut n = 0;
            for t in &texts {
                let doc = wikitext::parse(t, &options);
                n += doc.reassemble(t).len();
            }
            assert_eq!(n, bytes);
            n
        })
    });
    group.finish();
}

/// A Markdown export of about 400 KB with the constructs the corpus has.
fn generated_markdown() -> Vec<String> {
    let unit = "## 软件历史\n\n**软件**是[计算机程序](../Page/计算机程序.md \"wikilink\")和\
[数据](https://zh.wikipedia.org/wiki/数据 \"wikilink\")的总称\\[1\\]，见`代码`与&amp;\n\
-{zh-hans:软件;zh-hant:軟體}-与硬件\\(x^2\\)。\n\n  - 列表中的[软件](../Page/软件.md \"wikilink\")\n\n\
| 软件 | 内存 |\n|---|---|\n| 应用程序 | 记忆体 |\n\n<table>\n<tr><td><a href=\"../Page/软件.md\" \
title=\"wikilink\">软件</a></td></tr>\n</table>\n\n<!-- end list -->\n\n\
[Category:软件](https://zh.wikipedia.org/wiki/Category:软件 \"wikilink\")\n\n";
    vec![unit.repeat(400_000 / unit.len())]
}

fn bench_markdown(c: &mut Criterion) {
    let (label, texts) = match corpus_files("markdown", "md") {
        Some(t) => ("markdown corpus", t),
        None => {
            eprintln!(
                "markup bench: no corpus at ../shared/corpus/markdown; using a generated export"
            );
            ("markdown generated", generated_markdown())
        }
    };
    let bytes: usize = texts.iter().map(String::len).sum();
    let options = ParseOptions::default();
    let mut group = c.benchmark_group("markdown");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(20);
    group.bench_function(format!("{label} parse+reassemble"), |b| {
        b.iter(|| {
            let mut n = 0;
            for t in &texts {
                let doc = markdown::parse(t, &options);
                n += doc.reassemble(t).len();
            }
            assert_eq!(n, bytes);
            n
        })
    });
    group.finish();
}

criterion_group!(benches, bench, bench_markdown);
criterion_main!(benches);
