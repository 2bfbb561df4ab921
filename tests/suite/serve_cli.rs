//! `tongwen serve` start-up: the pipeline it serves and its usage errors (exit 2).
#![cfg(unix)]

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

fn tongwen() -> Command {
    Command::new(env!("CARGO_BIN_EXE_tongwen"))
}

#[test]
fn a_pipeline_with_fewer_editions_is_what_the_server_announces() {
    let dir = tempfile::tempdir().unwrap();
    let pipeline = dir.path().join("two.yaml");
    std::fs::write(
        &pipeline,
        "editions:\n  - variant: zh-TW\n    configs: [s2twp]\n  - variant: zh-HK\n    configs: [s2hkp]\n",
    )
    .unwrap();
    let mut child = tongwen()
        .args([
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--max-body",
            "2KB",
            "--pipeline",
        ])
        .arg(&pipeline)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stderr.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let _ = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
    assert!(child.wait().unwrap().success());
    let port = line
        .split("127.0.0.1:")
        .nth(1)
        .and_then(|r| r.split(' ').next())
        .unwrap_or_else(|| panic!("{line:?}"));
    assert_eq!(
        line,
        format!(
            "tongwen serve: listening on http://127.0.0.1:{port} (editions zh-TW zh-HK; body limit 2048 bytes)\n"
        )
    );
}

#[test]
fn usage_errors_exit_2() {
    let out = tongwen()
        .args(["serve", "--pipeline", "/nonexistent/pipeline.yaml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .starts_with("tongwen: /nonexistent/pipeline.yaml: cannot read the pipeline"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = tongwen()
        .args(["serve", "--max-body", "ten"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("`ten` is not a size (e.g. 10MB, 512KB, 1048576)"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = tongwen()
        .args(["serve", "--listen", "nowhere"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    // The port is taken: a clear message, exit 2.
    let busy = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = busy.local_addr().unwrap().to_string();
    let out = tongwen()
        .args(["serve", "--listen", &addr])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .starts_with(&format!("tongwen: cannot listen on {addr}: ")),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
