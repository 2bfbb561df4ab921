//! End to end over the real articles in ../shared/corpus (override with TONGWEN_SHARED):
//! every file converts without an error into all eight editions, and the same article gives the
//! same editions whether it comes as a file, a JSONL record or a dump page.
//!
//! Skips (loudly) when the corpus is absent.

use crate::helpers::runner_util;
use crate::helpers::shared_data::{shared, skipped};

use std::path::PathBuf;

use runner_util::*;
use tongwen::io::dump::{Piece, Splitter, parse_page};

fn corpus() -> Option<PathBuf> {
    let shared = shared();
    let c = shared.join("corpus");
    if c.join("wikitext").is_dir() && c.join("markdown").is_dir() {
        Some(c)
    } else {
        skipped(format_args!(
            "SKIPPED corpus_run: no corpus at {} (set TONGWEN_SHARED to the shared folder)",
            c.display()
        ));
        None
    }
}

fn files(dir: &std::path::Path) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect();
    v.sort();
    v
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\r', "&#13;")
}

#[test]
fn corpus_converts_the_same_from_files_jsonl_and_dumps() {
    let Some(corpus) = corpus() else { return };
    let t = tempfile::tempdir().unwrap();
    let dir = t.path();
    let wiki = files(&corpus.join("wikitext"));
    let md = files(&corpus.join("markdown"));
    let wdir = corpus.join("wikitext").display().to_string();
    let mdir = corpus.join("markdown").display().to_string();

    // 1. The folders.
    let o = tongwen(dir, &["run", &wdir, &mdir, "--out", "tree", "--jobs", "2"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let n = wiki.len() + md.len();
    assert!(
        stderr(&o).contains(&format!("tongwen: {n} articles, ")),
        "{}",
        stderr(&o)
    );
    assert!(stderr(&o).contains(" 0 errors "), "{}", stderr(&o));
    for e in EDITIONS {
        for (name, _) in wiki.iter().chain(&md) {
            assert!(dir.join(format!("tree/{e}/{name}")).is_file(), "{e}/{name}");
        }
    }

    // 2. The same articles as JSONL records.
    let mut jsonl = String::new();
    for (name, text) in &wiki {
        jsonl.push_str(&serde_json::json!({"title": name, "text": text}).to_string());
        jsonl.push('\n');
    }
    for (name, text) in &md {
        jsonl.push_str(
            &serde_json::json!({"title": name, "text": text, "format": "markdown"}).to_string(),
        );
        jsonl.push('\n');
    }
    write(dir, "corpus.jsonl", &jsonl);
    let o = tongwen(dir, &["run", "corpus.jsonl", "--out", "jsonl"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));

    // 3. The wikitext articles as a dump.
    let pages: Vec<String> = wiki.iter().map(|(_, t)| xml_escape(t)).collect();
    let titles: Vec<String> = wiki.iter().map(|(n, _)| xml_escape(n)).collect();
    let spec: Vec<(&str, u32, u32, &str, &str)> = titles
        .iter()
        .zip(&pages)
        .enumerate()
        .map(|(i, (t, p))| (t.as_str(), 0, i as u32 + 1, "wikitext", p.as_str()))
        .collect();
    write(dir, "corpus.xml", dump(&spec));
    let o = tongwen(dir, &["run", "corpus.xml", "--out", "dump"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));

    for e in EDITIONS {
        let records: Vec<serde_json::Value> = read(dir, &format!("jsonl/{e}.jsonl"))
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(records.len(), n, "{e}");
        for ((name, _), rec) in wiki.iter().chain(&md).zip(&records) {
            assert_eq!(rec["title"], name.as_str());
            let tree = read(dir, &format!("tree/{e}/{name}"));
            assert!(
                rec["text"] == tree.as_str(),
                "{e}/{name}: JSONL and file editions differ"
            );
        }
        let xml = std::fs::read(dir.join(format!("dump/{e}.xml"))).unwrap();
        let mut seen = 0;
        for piece in Splitter::new(&xml[..]) {
            if let Piece::Page(chunk) = piece.unwrap() {
                let page = parse_page(&chunk.bytes).unwrap();
                let tree = read(dir, &format!("tree/{e}/{}", page.title));
                assert!(
                    page.revisions[0].text == tree,
                    "{e}/{}: dump and file editions differ",
                    page.title
                );
                seen += 1;
            }
        }
        assert_eq!(seen, wiki.len(), "{e}");
    }
}
