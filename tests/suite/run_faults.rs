//! `tongwen run` when things go wrong or are split up: bad inputs among good ones, usage
//! errors, determinism across `--jobs`, `--resume` after a partial run, `--shard`.

use crate::helpers::runner_util;

use std::collections::BTreeSet;
use std::time::{Duration, SystemTime};

use runner_util::*;

fn errors(dir: &std::path::Path, rel: &str) -> Vec<serde_json::Value> {
    read(dir, rel)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn bad_file_among_good_ones() {
    let t = tempfile::tempdir().unwrap();
    let dir = t.path();
    write(dir, "in/a.txt", "软件");
    write(
        dir,
        "in/b.txt",
        b"\xe8\xbd\xaf\xe4\xbb\xb6\n\xe8\xbd\xaf\xff\xff",
    );
    write(dir, "in/c.wiki", "数据");
    let o = tongwen(dir, &["run", "in", "--out", "out"]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("tongwen: error: in/b.txt:2:2: invalid UTF-8"),
        "{err}"
    );
    assert!(err.contains("2 articles, "), "{err}");
    assert!(err.contains(", 0 warnings, 1 errors → out"), "{err}");
    assert!(
        err.contains("errors are listed in out/errors.jsonl"),
        "{err}"
    );
    let e = errors(dir, "out/errors.jsonl");
    assert_eq!(
        e,
        [
            serde_json::json!({"input": "in/b.txt", "file": "b.txt", "offset": 10, "line": 2, "column": 2, "message": "invalid UTF-8"})
        ]
    );
    for ed in EDITIONS {
        assert!(dir.join(format!("out/{ed}/a.txt")).exists());
        assert!(dir.join(format!("out/{ed}/c.wiki")).exists());
        assert!(!dir.join(format!("out/{ed}/b.txt")).exists());
    }
    // A clean run removes the stale report.
    write(dir, "in/b.txt", "好");
    let o = tongwen(dir, &["run", "in", "--out", "out"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(!dir.join("out/errors.jsonl").exists());
}

#[test]
fn broken_page_and_bad_jsonl_line() {
    let t = tempfile::tempdir().unwrap();
    let dir = t.path();
    let good = dump(&[
        ("甲", 0, 1, "wikitext", "软件"),
        ("丙", 0, 3, "wikitext", "数据"),
    ]);
    // A page whose <text> is never closed, between the two good ones.
    let broken = "  <page>\n    <title>乙</title>\n    <ns>0</ns>\n    <id>2</id>\n    <revision>\n      <id>20</id>\n      <text xml:space=\"preserve\">坏\n    </revision>\n  </page>\n";
    let at = good.find("  <page>\n    <title>丙").unwrap();
    let input = format!("{}{broken}{}", &good[..at], &good[at..]);
    write(dir, "wiki.xml", &input);
    write(
        dir,
        "a.jsonl",
        "{\"title\":\"一\",\"text\":\"软件\"}\n{\"title\":\"二\",\"text\":}\n{\"title\":\"三\",\"text\":\"数据\"}\n",
    );
    let o = tongwen(dir, &["run", "wiki.xml", "a.jsonl", "--out", "out"]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    let e = errors(dir, "out/errors.jsonl");
    assert_eq!(e.len(), 2, "{e:?}");
    let page_line = input[..at].matches('\n').count() as u64 + 1;
    assert_eq!(e[0]["input"], "wiki.xml");
    assert_eq!(e[0]["title"], "乙");
    assert_eq!(
        e[0]["offset"],
        at as u64 + input[at..].find("</revision>").unwrap() as u64
    );
    assert_eq!(e[0]["line"], page_line + 7);
    assert_eq!(e[0]["column"], 5);
    assert_eq!(e[0]["message"], "broken page: </revision> closes <text>");
    assert_eq!(
        e[1],
        serde_json::json!({"input": "a.jsonl", "offset": 54, "line": 2, "column": 21, "message": "invalid JSON: expected value"})
    );
    // The other pages and records are written; the export stays well-formed.
    let xml = read(dir, "out/zh-TW.xml");
    assert_eq!(xml.matches("<page>").count(), 2);
    assert!(xml.contains("<title>甲</title>") && xml.contains("<title>丙</title>"));
    assert!(!xml.contains("<title>乙</title>"));
    assert!(xml.ends_with("</mediawiki>\n"));
    let titles: Vec<String> = read(dir, "out/zh-TW.jsonl")
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["title"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(titles, ["一", "三"]);
}

#[test]
fn truncated_dump_still_gives_a_valid_export() {
    let t = tempfile::tempdir().unwrap();
    let dir = t.path();
    let full = dump(&[
        ("甲", 0, 1, "wikitext", "软件"),
        ("乙", 0, 2, "wikitext", "数据"),
    ]);
    let cut = full.find("<title>乙").unwrap() + 20;
    write(dir, "cut.xml", &full[..cut]);
    let o = tongwen(dir, &["run", "cut.xml", "--out", "out"]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    let e = errors(dir, "out/errors.jsonl");
    assert_eq!(e.len(), 1);
    assert_eq!(
        e[0]["message"],
        "the dump ends inside a page (truncated file?)"
    );
    let xml = read(dir, "out/zh-CN.xml");
    assert_eq!(xml.matches("<page>").count(), 1);
    assert!(xml.ends_with("  </page>\n</mediawiki>\n"), "{xml}");
}

#[test]
fn usage_errors_exit_2() {
    let t = tempfile::tempdir().unwrap();
    let dir = t.path();
    write(dir, "a.txt", "软件");
    let cases: &[(&[&str], &str)] = &[
        (&["run"], "tongwen: no input"),
        (&["run", "--out", "out"], "tongwen: no input"),
        (&["run", "a.txt"], "no output folder"),
        (
            &["run", "missing.txt", "--out", "out"],
            "input `missing.txt`",
        ),
        (
            &["run", "a.txt", "--out", "out", "--jobs", "0"],
            "--jobs must be at least 1",
        ),
        (
            &["run", "a.txt", "--out", "out", "--shard", "2/2"],
            "invalid shard `2/2`",
        ),
        (
            &["run", "a.txt", "--out", "out", "--bogus"],
            "unexpected argument '--bogus'",
        ),
        (
            &["run", "a.txt", "--out", "out", "--pipeline", "nope.yaml"],
            "nope.yaml: cannot read the pipeline",
        ),
    ];
    for (args, needle) in cases {
        let o = tongwen(dir, args);
        assert_eq!(code(&o), 2, "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).contains(needle), "{args:?}: {}", stderr(&o));
    }
    let o = tongwen(dir, &["run"]);
    assert!(stderr(&o).contains("Usage: tongwen run"), "{}", stderr(&o));
    assert!(!dir.join("out").exists());
}

#[test]
fn two_files_for_one_output_is_a_usage_error() {
    let t = tempfile::tempdir().unwrap();
    let dir = t.path();
    write(dir, "x/a.txt", "1");
    write(dir, "y/a.txt", "2");
    let o = tongwen(dir, &["run", "x", "y", "--out", "out"]);
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    assert!(
        stderr(&o).contains("x/a.txt and y/a.txt would both be written to out/<variant>/a.txt"),
        "{}",
        stderr(&o)
    );
}

/// A mixed input set: ~200 files, a JSONL file, a dump.
fn mixed_inputs(dir: &std::path::Path) -> Vec<String> {
    let words = [
        "软件",
        "内存",
        "数据",
        "网络",
        "打印机",
        "鼠标",
        "头发",
        "信息",
        "视频",
        "硬盘",
    ];
    for i in 0..200 {
        let w = words[i % words.len()];
        let text = format!("'''{w}'''第{i}篇，[[{w}]]与{w}。\n",);
        let ext = ["wiki", "md", "txt"][i % 3];
        write(
            dir,
            &format!("in/d{}/f{i:03}.{ext}", i % 7),
            text.repeat(1 + i % 5),
        );
    }
    let mut jsonl = String::new();
    let mut pages = Vec::new();
    for i in 0..120 {
        let w = words[(i * 3) % words.len()];
        jsonl.push_str(&format!(
            "{{\"title\":\"条目{i}\",\"text\":\"{w}和{w}，第{i}条。\"}}\n"
        ));
        pages.push((format!("页面{i}"), format!("[[{w}]]的第{i}页。")));
    }
    write(dir, "a.jsonl", jsonl);
    let pages: Vec<(&str, u32, u32, &str, &str)> = pages
        .iter()
        .enumerate()
        .map(|(i, (t, x))| (t.as_str(), 0, i as u32 + 1, "wikitext", x.as_str()))
        .collect();
    write(dir, "wiki.xml", dump(&pages));
    vec!["in".into(), "a.jsonl".into(), "wiki.xml".into()]
}

fn run_into(
    dir: &std::path::Path,
    inputs: &[String],
    out: &str,
    extra: &[&str],
) -> std::process::Output {
    let mut args: Vec<&str> = vec!["run"];
    args.extend(inputs.iter().map(String::as_str));
    args.extend(["--out", out]);
    args.extend(extra);
    tongwen(dir, &args)
}

#[test]
fn output_is_identical_for_any_number_of_jobs() {
    let t = tempfile::tempdir().unwrap();
    let dir = t.path();
    let inputs = mixed_inputs(dir);
    for (out, jobs) in [("j1", "1"), ("j4", "4")] {
        let o = run_into(dir, &inputs, out, &["--jobs", jobs]);
        assert_eq!(code(&o), 0, "{}", stderr(&o));
        assert!(
            stderr(&o).contains("tongwen: 440 articles"),
            "{}",
            stderr(&o)
        );
    }
    let a = snapshot(&dir.join("j1"));
    let b = snapshot(&dir.join("j4"));
    assert_eq!(a.len(), 200 * 8 + 16);
    assert!(a == b, "outputs differ between --jobs 1 and --jobs 4");
}

fn set_mtime(p: &std::path::Path, t: SystemTime) {
    let f = std::fs::File::options().write(true).open(p).unwrap();
    f.set_modified(t).unwrap();
}

#[test]
fn resume_finishes_a_partial_run() {
    let t = tempfile::tempdir().unwrap();
    let dir = t.path();
    let inputs = mixed_inputs(dir);
    let o = run_into(dir, &inputs, "full", &[]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let o = run_into(dir, &inputs, "out", &[]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    // Make the run partial: outputs of one file lost, one input edited after the run, one
    // stream output missing.
    let old = SystemTime::now() - Duration::from_secs(3600);
    std::fs::remove_file(dir.join("out/zh-HK/d0/f000.wiki")).unwrap();
    std::fs::remove_file(dir.join("out/zh-MY.xml")).unwrap();
    let untouched = dir.join("out/zh-TW/d1/f001.md");
    set_mtime(&untouched, old + Duration::from_secs(7200));
    let edited = dir.join("in/d2/f002.txt");
    set_mtime(&dir.join("out/zh-CN/d2/f002.txt"), old);
    set_mtime(&edited, old + Duration::from_secs(60));
    let before = std::fs::metadata(&untouched).unwrap().modified().unwrap();
    let o = run_into(dir, &inputs, "out", &["--resume"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let err = stderr(&o);
    // Two files and the dump (120 pages) are redone; the JSONL output is up to date.
    assert!(err.contains("tongwen: 122 articles, "), "{err}");
    assert!(err.contains(", 198 up to date, "), "{err}");
    assert!(err.contains("zh-TW.jsonl is up to date"), "{err}");
    assert_eq!(
        std::fs::metadata(&untouched).unwrap().modified().unwrap(),
        before
    );
    assert!(snapshot(&dir.join("full")) == snapshot(&dir.join("out")));
    // Nothing left to do.
    let o = run_into(dir, &inputs, "out", &["--resume"]);
    assert!(
        stderr(&o).contains("tongwen: 0 articles, "),
        "{}",
        stderr(&o)
    );
    assert!(stderr(&o).contains(", 200 up to date, "), "{}", stderr(&o));
}

#[test]
fn shards_split_the_work_and_cover_the_whole() {
    let t = tempfile::tempdir().unwrap();
    let dir = t.path();
    let inputs = mixed_inputs(dir);
    let o = run_into(dir, &inputs, "full", &[]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    for k in ["0/2", "1/2"] {
        let o = run_into(dir, &inputs, "shards", &["--shard", k]);
        assert_eq!(code(&o), 0, "{}", stderr(&o));
    }
    let full = snapshot(&dir.join("full"));
    let shards = snapshot(&dir.join("shards"));
    // Tree files: the union is the whole, with identical bytes.
    let tree = |s: &[(String, Vec<u8>)]| -> Vec<(String, Vec<u8>)> {
        s.iter().filter(|(p, _)| p.contains('/')).cloned().collect()
    };
    assert!(tree(&full) == tree(&shards));
    for e in EDITIONS {
        // JSONL: the two shards' lines are the whole, each once.
        let whole: BTreeSet<String> = read(dir, &format!("full/{e}.jsonl"))
            .lines()
            .map(String::from)
            .collect();
        let s0: Vec<String> = read(dir, &format!("shards/{e}.shard-0-of-2.jsonl"))
            .lines()
            .map(String::from)
            .collect();
        let s1: Vec<String> = read(dir, &format!("shards/{e}.shard-1-of-2.jsonl"))
            .lines()
            .map(String::from)
            .collect();
        assert!(!s0.is_empty() && !s1.is_empty());
        assert_eq!(s0.len() + s1.len(), whole.len());
        let union: BTreeSet<String> = s0.into_iter().chain(s1).collect();
        assert!(union == whole, "{e}");
        // XML: each shard is an export of its own pages; together they hold every page.
        let pages = |x: &str| -> Vec<String> {
            x.split("  <page>")
                .skip(1)
                .map(|p| p[..p.find("</page>").unwrap()].to_string())
                .collect()
        };
        let x0 = read(dir, &format!("shards/{e}.shard-0-of-2.xml"));
        let x1 = read(dir, &format!("shards/{e}.shard-1-of-2.xml"));
        assert!(x0.ends_with("</mediawiki>\n") && x1.ends_with("</mediawiki>\n"));
        let mut both: Vec<String> = pages(&x0).into_iter().chain(pages(&x1)).collect();
        let mut all = pages(&read(dir, &format!("full/{e}.xml")));
        both.sort();
        all.sort();
        assert_eq!(all.len(), 120);
        assert!(both == all, "{e}");
    }
}
