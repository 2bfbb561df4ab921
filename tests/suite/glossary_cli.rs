//! `tongwen convert --glossary FILE` (repeatable): house forms in the converted text; a bad
//! glossary is a usage error naming file:line:column.

use std::process::{Command, Output};

fn tongwen(dir: &std::path::Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tongwen"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run tongwen")
}

#[test]
fn convert_applies_glossaries_in_order() {
    let d = tempfile::tempdir().expect("temp dir");
    let w = |name: &str, text: &str| std::fs::write(d.path().join(name), text).expect("write");
    w("a.txt", "软件很好。\n");
    w("a.wiki", "[[软件]]很好。\n");
    // OpenCC's s2twp says 軟體; the house says 軟件; a later file says 軟體 again.
    w("house.yaml", "entries:\n  - zh-cn: 软件\n    zh-tw: 軟件\n");
    w("later.yaml", "entries:\n  - zh-cn: 软件\n    zh-tw: 軟體\n");
    w(
        "bad.yaml",
        "entries:\n  - zh-cn: 软件\n    zh-tw: 軟件\n    zh-xx: 軟件\n",
    );
    let out = |args: &[&str]| {
        let o = tongwen(d.path(), args);
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        String::from_utf8(o.stdout).expect("UTF-8")
    };
    assert_eq!(out(&["convert", "--to", "zh-TW", "a.txt"]), "軟體很好。\n");
    assert_eq!(
        out(&[
            "convert",
            "--to",
            "zh-TW",
            "--glossary",
            "house.yaml",
            "a.txt"
        ]),
        "軟件很好。\n"
    );
    assert_eq!(
        out(&[
            "convert",
            "--to",
            "zh-TW",
            "-g",
            "house.yaml",
            "-g",
            "later.yaml",
            "a.txt"
        ]),
        "軟體很好。\n"
    );
    // Wikitext: the link target is kept, the label shows the house form.
    assert_eq!(
        out(&["convert", "--to", "zh-TW", "-g", "house.yaml", "a.wiki"]),
        "[[软件|軟件]]很好。\n"
    );
    let o = tongwen(
        d.path(),
        &["convert", "--to", "zh-TW", "-g", "bad.yaml", "a.txt"],
    );
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(o.stdout, b"");
    assert_eq!(
        String::from_utf8_lossy(&o.stderr),
        "tongwen: bad.yaml:4:5: unknown key `zh-xx` (expected a variant such as zh-cn, zh-tw, zh-hk, zh-hans, zh-hant, or `keep`, `note`)\n"
    );
}
