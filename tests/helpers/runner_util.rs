//! Helpers for the integration tests that run the `tongwen` binary (run_*, pipeline_*, corpus_run).
#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The eight editions in the order tongwen writes them.
pub const EDITIONS: [&str; 8] = [
    "zh-Hans", "zh-Hant", "zh-CN", "zh-TW", "zh-HK", "zh-MO", "zh-SG", "zh-MY",
];

/// `tongwen` with the given arguments, run in `cwd`, progress off.
pub fn tongwen(cwd: &Path, args: &[&str]) -> Output {
    tongwen_stdin(cwd, args, None)
}

pub fn tongwen_stdin(cwd: &Path, args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tongwen"));
    cmd.current_dir(cwd)
        .args(args)
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("run tongwen");
    if let Some(data) = stdin {
        // From another thread: a large input would otherwise block on a full output pipe.
        let mut s = child.stdin.take().unwrap();
        let data = data.to_vec();
        std::thread::spawn(move || s.write_all(&data));
    }
    child.wait_with_output().expect("wait for tongwen")
}

pub fn code(o: &Output) -> i32 {
    o.status.code().unwrap_or(-1)
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn write(dir: &Path, rel: &str, content: impl AsRef<[u8]>) -> PathBuf {
    let p = dir.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(&p, content).unwrap();
    p
}

pub fn read(dir: &Path, rel: &str) -> String {
    let p = dir.join(rel);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// Every file under `dir` (relative path → bytes), sorted.
pub fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let e = e.unwrap();
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.push((rel, std::fs::read(&p).unwrap()));
            }
        }
    }
    out.sort();
    out
}

/// The expected text of an edition, from a table of (edition, text).
pub fn expect<'a>(table: &'a [(&str, &'a str)], edition: &str) -> &'a str {
    table
        .iter()
        .find(|(e, _)| *e == edition)
        .map(|(_, t)| *t)
        .unwrap_or_else(|| panic!("no expectation for {edition}"))
}

/// A small MediaWiki export with the given pages `(title, ns, id, model, escaped text)`.
pub fn dump(pages: &[(&str, u32, u32, &str, &str)]) -> String {
    let mut s = String::from(concat!(
        "<mediawiki xmlns=\"http://www.mediawiki.org/xml/export-0.11/\" version=\"0.11\" xml:lang=\"zh\">\n",
        "  <siteinfo>\n",
        "    <sitename>測試維基</sitename>\n",
        "    <dbname>testwiki</dbname>\n",
        "    <case>first-letter</case>\n",
        "    <namespaces>\n",
        "      <namespace key=\"0\" case=\"first-letter\" />\n",
        "      <namespace key=\"8\" case=\"first-letter\">MediaWiki</namespace>\n",
        "    </namespaces>\n",
        "  </siteinfo>\n",
    ));
    for (title, ns, id, model, text) in pages {
        let format = if *model == "wikitext" {
            "text/x-wiki"
        } else {
            "text/css"
        };
        s.push_str(&format!(
            "  <page>\n    <title>{title}</title>\n    <ns>{ns}</ns>\n    <id>{id}</id>\n    <revision>\n      <id>{}</id>\n      <timestamp>2024-01-02T03:04:05Z</timestamp>\n      <contributor>\n        <username>編者</username>\n        <id>7</id>\n      </contributor>\n      <model>{model}</model>\n      <format>{format}</format>\n      <text bytes=\"{}\" xml:space=\"preserve\">{text}</text>\n      <sha1>0123456789abcdefghijklmnopqrstu</sha1>\n    </revision>\n  </page>\n",
            id * 10,
            text.len(),
        ));
    }
    s.push_str("</mediawiki>\n");
    s
}
