//! `tongwen convert` end to end: inputs, outputs, errors, streaming of large inputs.

use std::path::Path;
use std::process::{Command, Output};

use tongwen::engine::Converter;

use crate::helpers::runner_util::{stderr, tongwen_stdin};

fn tongwen(args: &[&str], stdin: Option<&[u8]>) -> Output {
    tongwen_stdin(Path::new("."), args, stdin)
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn file_or_stdin_to_stdout_or_file() {
    let d = tempfile::tempdir().unwrap();
    let f = d.path().join("in.txt");
    std::fs::write(&f, "头发和鼠标\n").unwrap();
    let o = tongwen(&["convert", "--config", "s2t", path(&f)], None);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(o.stdout, "頭髮和鼠標\n".as_bytes());
    let o = tongwen(&["convert", "-c", "s2twp"], Some("头发和鼠标".as_bytes()));
    assert_eq!(o.stdout, "頭髮和滑鼠".as_bytes());
    let out = d.path().join("out.txt");
    let o = tongwen(
        &["convert", "--to", "zh-Hans", "-o", path(&out)],
        Some("頭髮".as_bytes()),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(o.stdout.is_empty());
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "头发");
    // No temporary file is left behind.
    assert_eq!(std::fs::read_dir(d.path()).unwrap().count(), 2);
}

#[test]
fn variant_spellings_map_to_their_configs() {
    for to in ["zh-TW", "zh-tw", "zh_TW", "zh-Hant-TW"] {
        let o = tongwen(&["convert", "--to", to], Some("鼠标软件".as_bytes()));
        assert_eq!(o.stdout, "滑鼠軟體".as_bytes(), "{to}");
    }
    let o = tongwen(&["convert", "--to", "zh-cn"], Some("滑鼠軟體".as_bytes()));
    assert_eq!(o.stdout, "鼠标软件".as_bytes());
    let o = tongwen(&["convert", "--to", "zh-HK"], Some("头发".as_bytes()));
    assert_eq!(o.stdout, "頭髮".as_bytes());
}

#[test]
fn invalid_utf8_names_file_and_offset_and_writes_nothing() {
    let d = tempfile::tempdir().unwrap();
    let f = d.path().join("bad.txt");
    let mut bytes = "头发\n".repeat(10).into_bytes();
    let at = bytes.len();
    bytes.extend_from_slice(b"ok\xff\xfe more");
    std::fs::write(&f, &bytes).unwrap();
    let out = d.path().join("out.txt");
    std::fs::write(&out, "previous").unwrap();
    let o = tongwen(&["convert", "-c", "s2t", "-o", path(&out), path(&f)], None);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o).trim_end(),
        format!(
            "tongwen: {}: invalid UTF-8 at byte offset {}",
            f.display(),
            at + 2
        )
    );
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "previous");
    assert_eq!(std::fs::read_dir(d.path()).unwrap().count(), 2);
    // On stdout too, nothing is written.
    let o = tongwen(&["convert", "-c", "s2t"], Some(&bytes));
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty());
    assert_eq!(
        stderr(&o).trim_end(),
        format!("tongwen: <stdin>: invalid UTF-8 at byte offset {}", at + 2)
    );
    // Past the first read block, with -o: the offset is absolute and OUT stays untouched.
    let mut big = "头发\n".repeat(800_000).into_bytes();
    let at = big.len();
    big.extend_from_slice(b"\xc0\x80 tail");
    std::fs::write(&f, &big).unwrap();
    let o = tongwen(&["convert", "-c", "s2t", "-o", path(&out), path(&f)], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).ends_with(&format!("invalid UTF-8 at byte offset {at}\n")),
        "{}",
        stderr(&o)
    );
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "previous");
    assert_eq!(std::fs::read_dir(d.path()).unwrap().count(), 2);
    // A truncated character at the very end is invalid too.
    let o = tongwen(&["convert", "-c", "s2t"], Some(b"ab\xe5\xa4"));
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("byte offset 2"));
}

#[test]
fn usage_errors_are_one_line_with_status_2() {
    let d = tempfile::tempdir().unwrap();
    let missing = d.path().join("missing.txt");
    for args in [
        vec!["convert", "-c", "s2t", path(&missing)],
        vec!["convert", "-c", "s2x"],
        vec!["convert", "--to", "zh-XX"],
        vec!["convert"],
        vec!["convert", "-c", "s2t", "--format", "docx"],
    ] {
        let o = tongwen(&args, Some(b""));
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let e = stderr(&o);
        assert_eq!(e.lines().count(), 1, "{args:?}: {e}");
        assert!(e.starts_with("tongwen: "), "{e}");
    }
}

#[test]
fn large_input_streams_exactly() {
    // Several read blocks; phrases, CRLF and an IDS spanning a newline everywhere.
    let unit = "头发干燥的人出了问题，鼠标和软件⿰发\n发。正则表达式\r\n";
    let text = unit.repeat(9 << 20 >> 7); // ~9.4 MB
    let d = tempfile::tempdir().unwrap();
    let f = d.path().join("big.txt");
    std::fs::write(&f, &text).unwrap();
    for config in ["s2twp", "t2s"] {
        let want = Converter::builtin(config).unwrap().convert(&text);
        let out = d.path().join(format!("{config}.txt"));
        let o = tongwen(&["convert", "-c", config, "-o", path(&out), path(&f)], None);
        assert!(o.status.success(), "{}", stderr(&o));
        assert!(std::fs::read(&out).unwrap() == want.as_bytes(), "{config}");
    }
}

#[test]
fn markup_formats_follow_the_extension_unless_told() {
    let d = tempfile::tempdir().unwrap();
    let f = d.path().join("a.wiki");
    std::fs::write(&f, "头发 -{鼠标}- 软件\n").unwrap();
    let o = tongwen(&["convert", "--to", "zh-tw", path(&f)], None);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(String::from_utf8(o.stdout).unwrap(), "頭髮 鼠标 軟體\n");
    let o = tongwen(
        &["convert", "--to", "zh-tw", "--format", "plain", path(&f)],
        None,
    );
    assert_eq!(String::from_utf8(o.stdout).unwrap(), "頭髮 -{滑鼠}- 軟體\n");
}

/// `-o` naming a device or pipe writes into it: renaming a finished file over it (the atomic
/// write used for regular files) would replace `/dev/null` with a regular file.
#[cfg(unix)]
#[test]
fn output_to_a_pipe_is_written_in_place() {
    use std::os::unix::fs::FileTypeExt;
    let d = tempfile::tempdir().unwrap();
    let fifo = d.path().join("pipe");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read(&fifo).unwrap())
    };
    let o = tongwen(
        &["convert", "-c", "s2t", "-o", path(&fifo)],
        Some("头发和鼠标\n".as_bytes()),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    // Checked before joining the reader, which would wait forever on a replaced pipe.
    let kind = std::fs::metadata(&fifo).unwrap().file_type();
    assert!(kind.is_fifo(), "the pipe is still a pipe");
    assert_eq!(reader.join().unwrap(), "頭髮和鼠標\n".as_bytes());
    // Nothing else was created beside it.
    assert_eq!(std::fs::read_dir(d.path()).unwrap().count(), 1);
}
