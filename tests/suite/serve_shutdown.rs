//! Graceful shutdown of `tongwen serve`: a request in flight when SIGTERM (or Ctrl-C's SIGINT)
//! arrives is answered in full, then the process exits 0.
//!
//! Ordering is established by messages, not by sleeping: the request carries
//! `Expect: 100-continue`, so the server's `100 Continue` proves the handler is running and
//! waiting for the body; the server's "SIGTERM received" line on stderr proves the signal has
//! been taken before the rest of the body is sent.
#![cfg(unix)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, ChildStderr, Command, Stdio};
use std::time::Duration;

struct Running {
    child: Child,
    stderr: BufReader<ChildStderr>,
    addr: SocketAddr,
}

fn start() -> Running {
    let mut child = Command::new(env!("CARGO_BIN_EXE_tongwen"))
        .args(["serve", "--listen", "127.0.0.1:0"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start tongwen serve");
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let line = read_line(&mut stderr);
    let addr = line
        .split("listening on http://")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap_or_else(|| panic!("no address in {line:?}"))
        .parse()
        .unwrap();
    Running {
        child,
        stderr,
        addr,
    }
}

fn read_line(r: &mut impl BufRead) -> String {
    let mut line = String::new();
    r.read_line(&mut line).expect("read server stderr");
    line
}

fn signal(child: &Child, name: &str) {
    let ok = Command::new("kill")
        .args([&format!("-{name}"), &child.id().to_string()])
        .status()
        .expect("run kill")
        .success();
    assert!(ok, "kill -{name} failed");
}

fn shutdown_finishes_the_request_in_flight(sig: &str) {
    let mut server = start();
    let body = "鼠标和内存".as_bytes();
    let mut conn = TcpStream::connect(server.addr).unwrap();
    conn.set_read_timeout(Some(Duration::from_secs(60)))
        .unwrap();
    write!(
        conn,
        "POST /v1/convert?to=zh-TW&format=plain HTTP/1.1\r\nHost: {}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {}\r\nExpect: 100-continue\r\n\r\n",
        server.addr,
        body.len()
    )
    .unwrap();
    // The handler is reading the body once the server says 100 Continue.
    let mut reader = BufReader::new(conn.try_clone().unwrap());
    assert_eq!(read_line(&mut reader), "HTTP/1.1 100 Continue\r\n");
    assert_eq!(read_line(&mut reader), "\r\n");

    signal(&server.child, sig);
    assert_eq!(
        read_line(&mut server.stderr),
        format!("tongwen serve: SIG{sig} received, finishing requests in flight\n")
    );

    conn.write_all(body).unwrap();
    let mut reply = Vec::new();
    reader.read_to_end(&mut reply).unwrap();
    let reply = String::from_utf8(reply).unwrap();
    assert!(reply.starts_with("HTTP/1.1 200 OK\r\n"), "{reply}");
    assert!(reply.ends_with("\r\n\r\n滑鼠和記憶體"), "{reply}");

    let status = server.child.wait().unwrap();
    assert!(status.success(), "{status}");
    assert_eq!(read_line(&mut server.stderr), "tongwen serve: stopped\n");
}

#[test]
fn sigterm_finishes_the_request_in_flight() {
    shutdown_finishes_the_request_in_flight("TERM");
}

#[test]
fn ctrl_c_finishes_the_request_in_flight() {
    shutdown_finishes_the_request_in_flight("INT");
}
