//! `tongwen run` over each kind of input: a folder tree, JSONL (file and stdin), MediaWiki
//! XML dumps (plain and bzip2 multistream), and the forced layouts.
//!
//! Expected texts were computed with the official OpenCC 1.4.2 library on each visible piece
//! (t2s, s2t, tw2sp, s2twp, s2hkp as `Variant::default_configs` says); markup is asserted
//! byte for byte.

use crate::helpers::runner_util;

use std::io::{Read, Write};

use runner_util::*;

const PLAIN: &str = "用户把文档发送到打印机。\n鼠标和内存都很便宜。\n";
const PLAIN_OUT: [(&str, &str); 8] = [
    (
        "zh-Hans",
        "用户把文档发送到打印机。\n鼠标和内存都很便宜。\n",
    ),
    (
        "zh-Hant",
        "用戶把文檔發送到打印機。\n鼠標和內存都很便宜。\n",
    ),
    ("zh-CN", "用户把文档发送到打印机。\n鼠标和内存都很便宜。\n"),
    (
        "zh-TW",
        "使用者把文件傳送到印表機。\n滑鼠和記憶體都很便宜。\n",
    ),
    ("zh-HK", "用户把文檔發送到打印機。\n滑鼠和內存都很便宜。\n"),
    ("zh-MO", "用户把文檔發送到打印機。\n滑鼠和內存都很便宜。\n"),
    ("zh-SG", "用户把文档发送到打印机。\n鼠标和内存都很便宜。\n"),
    ("zh-MY", "用户把文档发送到打印机。\n鼠标和内存都很便宜。\n"),
];

const MD: &str =
    "# 内存\n\n**内存**是[计算机](../Page/计算机.md \"wikilink\")的重要部件，`内存` 代码不转换。\n";
const MD_OUT: [(&str, &str); 8] = [
    (
        "zh-Hans",
        "# 内存\n\n**内存**是[计算机](../Page/计算机.md \"wikilink\")的重要部件，`内存` 代码不转换。\n",
    ),
    (
        "zh-Hant",
        "# 內存\n\n**內存**是[計算機](../Page/计算机.md \"wikilink\")的重要部件，`内存` 代碼不轉換。\n",
    ),
    (
        "zh-CN",
        "# 内存\n\n**内存**是[计算机](../Page/计算机.md \"wikilink\")的重要部件，`内存` 代码不转换。\n",
    ),
    (
        "zh-TW",
        "# 記憶體\n\n**記憶體**是[計算機](../Page/计算机.md \"wikilink\")的重要部件，`内存` 程式碼不轉換。\n",
    ),
    (
        "zh-HK",
        "# 內存\n\n**內存**是[計算機](../Page/计算机.md \"wikilink\")的重要部件，`内存` 代碼不轉換。\n",
    ),
    (
        "zh-MO",
        "# 內存\n\n**內存**是[計算機](../Page/计算机.md \"wikilink\")的重要部件，`内存` 代碼不轉換。\n",
    ),
    (
        "zh-SG",
        "# 内存\n\n**内存**是[计算机](../Page/计算机.md \"wikilink\")的重要部件，`内存` 代码不转换。\n",
    ),
    (
        "zh-MY",
        "# 内存\n\n**内存**是[计算机](../Page/计算机.md \"wikilink\")的重要部件，`内存` 代码不转换。\n",
    ),
];

const WIKI: &str = "'''软件'''是程序和数据的集合。<ref name=\"src\">软件工程导论</ref>\n[[内存]]和[[硬盘|硬盘]]保存数据。{{Infobox|图像=软件.png|名称=软件}}\n<!-- 软件 -->-{zh-hans:鼠标;zh-hant:滑鼠;}-\n";
const WIKI_OUT: [(&str, &str); 8] = [
    (
        "zh-Hans",
        "'''软件'''是程序和数据的集合。<ref name=\"src\">软件工程导论</ref>\n[[内存]]和[[硬盘|硬盘]]保存数据。{{Infobox|图像=软件.png|名称=软件}}\n<!-- 软件 -->鼠标\n",
    ),
    (
        "zh-Hant",
        "'''軟件'''是程序和數據的集合。<ref name=\"src\">軟件工程導論</ref>\n[[内存|內存]]和[[硬盘|硬盤]]保存數據。{{Infobox|图像=软件.png|名称=軟件}}\n<!-- 软件 -->滑鼠\n",
    ),
    (
        "zh-CN",
        "'''软件'''是进程和数据的集合。<ref name=\"src\">软件工程导论</ref>\n[[内存]]和[[硬盘|硬盘]]保存数据。{{Infobox|图像=软件.png|名称=软件}}\n<!-- 软件 -->鼠标\n",
    ),
    (
        "zh-TW",
        "'''軟體'''是程式和資料的集合。<ref name=\"src\">軟體工程導論</ref>\n[[内存|記憶體]]和[[硬盘|硬碟]]儲存資料。{{Infobox|图像=软件.png|名称=軟體}}\n<!-- 软件 -->滑鼠\n",
    ),
    (
        "zh-HK",
        "'''軟件'''是程序和數據的集合。<ref name=\"src\">軟件工程導論</ref>\n[[内存|內存]]和[[硬盘|硬碟]]保存數據。{{Infobox|图像=软件.png|名称=軟件}}\n<!-- 软件 -->滑鼠\n",
    ),
    (
        "zh-MO",
        "'''軟件'''是程序和數據的集合。<ref name=\"src\">軟件工程導論</ref>\n[[内存|內存]]和[[硬盘|硬碟]]保存數據。{{Infobox|图像=软件.png|名称=軟件}}\n<!-- 软件 -->滑鼠\n",
    ),
    (
        "zh-SG",
        "'''软件'''是进程和数据的集合。<ref name=\"src\">软件工程导论</ref>\n[[内存]]和[[硬盘|硬盘]]保存数据。{{Infobox|图像=软件.png|名称=软件}}\n<!-- 软件 -->鼠标\n",
    ),
    (
        "zh-MY",
        "'''软件'''是进程和数据的集合。<ref name=\"src\">软件工程导论</ref>\n[[内存]]和[[硬盘|硬盘]]保存数据。{{Infobox|图像=软件.png|名称=软件}}\n<!-- 软件 -->鼠标\n",
    ),
];

/// Display titles of 软件 数据 网络 (the titles' own conversions).
const TITLES: [(&str, [&str; 3]); 8] = [
    ("zh-Hans", ["软件", "数据", "网络"]),
    ("zh-Hant", ["軟件", "數據", "網絡"]),
    ("zh-CN", ["软件", "数据", "网络"]),
    ("zh-TW", ["軟體", "資料", "網路"]),
    ("zh-HK", ["軟件", "數據", "網絡"]),
    ("zh-MO", ["軟件", "數據", "網絡"]),
    ("zh-SG", ["软件", "数据", "网络"]),
    ("zh-MY", ["软件", "数据", "网络"]),
];

/// Texts of the JSONL records: `[[软件|软件]]与信息。`, `数据` (plain), `**网络**` (markdown).
const JSONL_TEXTS: [(&str, [&str; 3]); 8] = [
    ("zh-Hans", ["[[软件|软件]]与信息。", "数据", "**网络**"]),
    ("zh-Hant", ["[[软件|軟件]]與信息。", "數據", "**網絡**"]),
    ("zh-CN", ["[[软件|软件]]与信息。", "数据", "**网络**"]),
    ("zh-TW", ["[[软件|軟體]]與資訊。", "資料", "**網路**"]),
    ("zh-HK", ["[[软件|軟件]]與信息。", "數據", "**網絡**"]),
    ("zh-MO", ["[[软件|軟件]]與信息。", "數據", "**網絡**"]),
    ("zh-SG", ["[[软件|软件]]与信息。", "数据", "**网络**"]),
    ("zh-MY", ["[[软件|软件]]与信息。", "数据", "**网络**"]),
];

fn jsonl_input() -> String {
    [
        r#"{"title":"软件","text":"[[软件|软件]]与信息。","id":1}"#,
        "",
        r#"{"title":"数据","text":"数据","format":"plain","source":{"rev":2}}"#,
        r#"{"title":"网络","text":"**网络**","format":"markdown"}"#,
    ]
    .join("\n")
        + "\n"
}

fn tree_fixture(dir: &std::path::Path) {
    write(dir, "in/a/软件.wiki", WIKI);
    write(dir, "in/b/内存.md", MD);
    write(dir, "in/note.txt", PLAIN);
    write(dir, "in/picture.png", b"\x89PNG not an article");
    write(dir, "in/.hidden/x.wiki", "软件");
}

#[test]
fn folder_tree_writes_every_edition_of_every_file() {
    let t = tempfile::tempdir().unwrap();
    let dir = t.path();
    tree_fixture(dir);
    let o = tongwen(dir, &["run", "in", "--out", "out", "--progress", "off"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("tongwen: 3 articles, "), "{err}");
    assert!(
        err.contains(", 8 editions, 0 warnings, 0 errors → out"),
        "{err}"
    );
    let files: Vec<String> = snapshot(&dir.join("out"))
        .into_iter()
        .map(|(p, _)| p)
        .collect();
    let mut expected = Vec::new();
    for e in EDITIONS {
        for f in ["a/软件.wiki", "b/内存.md", "note.txt"] {
            expected.push(format!("{e}/{f}"));
        }
    }
    expected.sort();
    assert_eq!(files, expected);
}

#[test]
fn folder_tree_contents_are_the_editions() {
    let t = tempfile::tempdir().unwrap();
    let dir = t.path();
    tree_fixture(dir);
    let o = tongwen(dir, &["run", "in", "--out", "out", "--jobs", "2"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    for e in EDITIONS {
        assert_eq!(
            read(dir, &format!("out/{e}/note.txt")),
            expect(&PLAIN_OUT, e),
            "{e} plain"
        );
        assert_eq!(
            read(dir, &format!("out/{e}/b/内存.md")),
            expect(&MD_OUT, e),
            "{e} markdown"
        );
        assert_eq!(
            read(dir, &format!("out/{e}/a/软件.wiki")),
            expect(&WIKI_OUT, e),
            "{e} wikitext"
        );
    }
}

#[test]
fn single_files_on_the_command_line() {
    let t = tempfile::tempdir().unwrap();
    let dir = t.path();
    write(dir, "x/note.txt", PLAIN);
    write(dir, "README", "软件");
    let o = tongwen(dir, &["run", "x/note.txt", "README", "--out", "out"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    for e in EDITIONS {
        assert_eq!(
            read(dir, &format!("out/{e}/note.txt")),
            expect(&PLAIN_OUT, e)
        );
    }
    assert_eq!(read(dir, "out/zh-TW/README"), "軟體");
}

fn check_jsonl(dir: &std::path::Path, out: &str) {
    for (e, titles) in TITLES {
        let text = read(dir, &format!("{out}/{e}.jsonl"));
        let lines: Vec<serde_json::Value> = text
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines.len(), 3, "{e}");
        let texts = JSONL_TEXTS.iter().find(|(x, _)| *x == e).unwrap().1;
        for (i, (l, src_title)) in lines.iter().zip(["软件", "数据", "网络"]).enumerate() {
            assert_eq!(l["title"], src_title, "{e} #{i}");
            assert_eq!(l["display_title"], titles[i], "{e} #{i}");
            assert_eq!(l["text"], texts[i], "{e} #{i}");
        }
        // Fields carried through, in the documented order.
        assert!(
            text.lines().next().unwrap().ends_with(",\"id\":1}"),
            "{e}: {text}"
        );
        assert_eq!(lines[1]["format"], "plain");
        assert_eq!(lines[1]["source"], serde_json::json!({"rev": 2}));
        assert_eq!(lines[2]["format"], "markdown");
        assert!(lines[0].get("format").is_none());
    }
}

#[test]
fn jsonl_file_and_stdin() {
    let t = tempfile::tempdir().unwrap();
    let dir = t.path();
    write(dir, "articles.jsonl", jsonl_input());
    let o = tongwen(dir, &["run", "articles.jsonl", "--out", "out"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(stderr(&o).contains("3 articles"), "{}", stderr(&o));
    let o = tongwen_stdin(
        dir,
        &["run", "-", "--out", "out2"],
        Some(jsonl_input().as_bytes()),
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(snapshot(&dir.join("out")), snapshot(&dir.join("out2")));
    let names: Vec<String> = snapshot(&dir.join("out"))
        .into_iter()
        .map(|(p, _)| p)
        .collect();
    let mut expected: Vec<String> = EDITIONS.iter().map(|e| format!("{e}.jsonl")).collect();
    expected.sort();
    assert_eq!(names, expected);
}

#[test]
fn jsonl_contents_are_the_editions() {
    let t = tempfile::tempdir().unwrap();
    let dir = t.path();
    write(dir, "articles.jsonl", jsonl_input());
    let o = tongwen(dir, &["run", "articles.jsonl", "--out", "out"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    check_jsonl(dir, "out");
}

const D1: &str = "[[软件|软件]]与信息。&lt;ref&gt;软件工程导论&lt;/ref&gt;";
const D1_OUT: [(&str, &str); 8] = [
    ("zh-Hans", "[[软件|软件]]与信息。<ref>软件工程导论</ref>"),
    ("zh-Hant", "[[软件|軟件]]與信息。<ref>軟件工程導論</ref>"),
    ("zh-CN", "[[软件|软件]]与信息。<ref>软件工程导论</ref>"),
    ("zh-TW", "[[软件|軟體]]與資訊。<ref>軟體工程導論</ref>"),
    ("zh-HK", "[[软件|軟件]]與信息。<ref>軟件工程導論</ref>"),
    ("zh-MO", "[[软件|軟件]]與信息。<ref>軟件工程導論</ref>"),
    ("zh-SG", "[[软件|软件]]与信息。<ref>软件工程导论</ref>"),
    ("zh-MY", "[[软件|软件]]与信息。<ref>软件工程导论</ref>"),
];
const D3_OUT: [(&str, &str); 8] = [
    ("zh-Hans", "数据很重要。"),
    ("zh-Hant", "數據很重要。"),
    ("zh-CN", "数据很重要。"),
    ("zh-TW", "資料很重要。"),
    ("zh-HK", "數據很重要。"),
    ("zh-MO", "數據很重要。"),
    ("zh-SG", "数据很重要。"),
    ("zh-MY", "数据很重要。"),
];
const CSS: &str = "body { color: red; } /* 软件 &amp; 数据 */";

fn dump_fixture() -> String {
    dump(&[
        ("软件 &amp; 信息", 0, 1, "wikitext", D1),
        ("MediaWiki:Common.css", 8, 2, "css", CSS),
        ("数据", 0, 3, "wikitext", "数据很重要。"),
    ])
}

/// The export tongwen must write for an edition: the input with each converted text (and its
/// `bytes`) replaced, `<sha1/>` for changed texts, everything else identical.
fn expected_dump(edition: &str) -> String {
    let input = dump_fixture();
    let mut out = String::new();
    let mut rest = input.as_str();
    for (old_escaped, new_text) in [
        (D1, expect(&D1_OUT, edition)),
        ("数据很重要。", expect(&D3_OUT, edition)),
    ] {
        let old_text = old_escaped.replace("&lt;", "<").replace("&gt;", ">");
        let tag_start = rest.find("<text bytes=").unwrap();
        let text_end = rest[tag_start..].find("</text>").unwrap() + tag_start;
        let sha_end = rest[text_end..].find("</sha1>").unwrap() + text_end + 7;
        out.push_str(&rest[..tag_start]);
        if old_text == new_text {
            out.push_str(&rest[tag_start..sha_end]);
        } else {
            let escaped = new_text.replace('<', "&lt;").replace('>', "&gt;");
            out.push_str(&format!(
                "<text bytes=\"{}\" xml:space=\"preserve\">{escaped}</text>\n      <sha1/>",
                new_text.len()
            ));
        }
        rest = &rest[sha_end..];
        // Skip the css page untouched after the first page.
        if old_escaped == D1 {
            let next = rest.find("<title>数据</title>").unwrap();
            out.push_str(&rest[..next]);
            rest = &rest[next..];
        }
    }
    out.push_str(rest);
    out
}

#[test]
fn xml_dump_structure_is_preserved() {
    let t = tempfile::tempdir().unwrap();
    let dir = t.path();
    let input = dump_fixture();
    write(dir, "wiki.xml", &input);
    let o = tongwen(dir, &["run", "wiki.xml", "--out", "out"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(stderr(&o).contains("tongwen: 2 articles"), "{}", stderr(&o));
    for e in EDITIONS {
        let out = read(dir, &format!("out/{e}.xml"));
        // Header (siteinfo) and the css page are copied byte for byte.
        let header_end = input.find("  <page>").unwrap();
        assert_eq!(&out[..header_end], &input[..header_end], "{e}");
        let css_page = &input[input.find("  <page>\n    <title>MediaWiki").unwrap()..];
        let css_page = &css_page[..css_page.find("</page>").unwrap() + 7];
        assert!(out.contains(css_page), "{e}");
        assert!(out.ends_with("  </page>\n</mediawiki>\n"), "{e}");
        assert_eq!(out.matches("<page>").count(), 3);
        for (title, id) in [
            ("软件 &amp; 信息", 1),
            ("MediaWiki:Common.css", 2),
            ("数据", 3),
        ] {
            assert!(
                out.contains(&format!("<title>{title}</title>\n    <ns>")),
                "{e} {title}"
            );
            assert!(
                out.contains(&format!("<id>{id}</id>\n    <revision>")),
                "{e} {id}"
            );
        }
    }
}

#[test]
fn xml_dump_contents_are_the_editions() {
    let t = tempfile::tempdir().unwrap();
    let dir = t.path();
    write(dir, "wiki.xml", dump_fixture());
    let o = tongwen(dir, &["run", "wiki.xml", "--out", "out"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    for e in EDITIONS {
        assert_eq!(read(dir, &format!("out/{e}.xml")), expected_dump(e), "{e}");
    }
}

fn bz2(data: &[u8]) -> Vec<u8> {
    let mut enc = bzip2::write::BzEncoder::new(Vec::new(), bzip2::Compression::default());
    enc.write_all(data).unwrap();
    enc.finish().unwrap()
}

#[test]
fn bz2_multistream_dump_gives_the_same_export_compressed() {
    let t = tempfile::tempdir().unwrap();
    let dir = t.path();
    let input = dump_fixture();
    write(dir, "wiki.xml", &input);
    // Two bzip2 streams back to back, cut inside a page, as multistream dumps are.
    let cut = input.find("<title>数据").unwrap();
    let mut compressed = bz2(&input.as_bytes()[..cut]);
    compressed.extend(bz2(&input.as_bytes()[cut..]));
    write(dir, "wiki-multistream.xml.bz2", &compressed);
    let o = tongwen(dir, &["run", "wiki.xml", "--out", "plain"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let o = tongwen(dir, &["run", "wiki-multistream.xml.bz2", "--out", "packed"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    for e in EDITIONS {
        let packed = std::fs::read(dir.join(format!("packed/{e}.xml.bz2"))).unwrap();
        let mut back = Vec::new();
        bzip2::read::MultiBzDecoder::new(&packed[..])
            .read_to_end(&mut back)
            .unwrap();
        assert_eq!(
            String::from_utf8(back).unwrap(),
            read(dir, &format!("plain/{e}.xml")),
            "{e}"
        );
    }
    assert!(!dir.join("packed/zh-TW.xml").exists());
}

#[test]
fn layout_jsonl_collects_files_and_pages() {
    let t = tempfile::tempdir().unwrap();
    let dir = t.path();
    write(dir, "p.yaml", "output:\n  layout: jsonl\n  titles: false\n");
    write(dir, "in/sub/note.txt", PLAIN);
    write(dir, "wiki.xml", dump_fixture());
    let o = tongwen(
        dir,
        &[
            "run",
            "--pipeline",
            "p.yaml",
            "in",
            "wiki.xml",
            "--out",
            "out",
        ],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let tw: Vec<serde_json::Value> = read(dir, "out/zh-TW.jsonl")
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    // The file, then the two wikitext pages (the css page is not an article).
    assert_eq!(tw.len(), 3);
    assert_eq!(tw[0]["title"], "sub/note");
    assert_eq!(tw[0]["path"], "sub/note.txt");
    assert_eq!(tw[0]["format"], "plain");
    assert_eq!(tw[1]["title"], "软件 & 信息");
    assert_eq!(tw[1]["id"], 1);
    assert_eq!(tw[1]["ns"], 0);
    assert_eq!(tw[2]["title"], "数据");
    assert!(tw.iter().all(|l| l.get("display_title").is_none()));
    assert!(!dir.join("out/zh-TW").exists());
    assert!(!dir.join("out/zh-TW.xml").exists());
}

#[test]
fn layout_xml_makes_an_export_of_files() {
    let t = tempfile::tempdir().unwrap();
    let dir = t.path();
    write(dir, "p.yaml", "output:\n  layout: xml\n");
    write(dir, "in/a.txt", "x < y & z");
    write(dir, "in/b.wiki", "'''b'''");
    let o = tongwen(dir, &["run", "--pipeline", "p.yaml", "in", "--out", "out"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let out = read(dir, "out/zh-HK.xml");
    assert!(
        out.starts_with("<mediawiki xmlns=\"http://www.mediawiki.org/xml/export-0.11/\""),
        "{out}"
    );
    assert!(
        out.contains(
            " xml:lang=\"zh-hk\">\n  <page>\n    <title>a</title>\n    <ns>0</ns>\n    <id>1</id>\n"
        ),
        "{out}"
    );
    assert!(out.contains("<model>text</model>\n      <format>text/plain</format>\n      <text bytes=\"9\" xml:space=\"preserve\">x &lt; y &amp; z</text>\n      <sha1/>"), "{out}");
    assert!(
        out.contains("<title>b</title>\n    <ns>0</ns>\n    <id>2</id>"),
        "{out}"
    );
    assert!(out.contains("<model>wikitext</model>\n      <format>text/x-wiki</format>\n      <text bytes=\"7\" xml:space=\"preserve\">'''b'''</text>"), "{out}");
    assert!(out.ends_with("  </page>\n</mediawiki>\n"), "{out}");
}

#[test]
fn layout_tree_from_a_dump_names_files_by_title() {
    let t = tempfile::tempdir().unwrap();
    let dir = t.path();
    write(dir, "p.yaml", "output:\n  layout: tree\n");
    write(dir, "wiki.xml", dump_fixture());
    let o = tongwen(
        dir,
        &["run", "--pipeline", "p.yaml", "wiki.xml", "--out", "out"],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let files: Vec<String> = snapshot(&dir.join("out/zh-TW"))
        .into_iter()
        .map(|(p, _)| p)
        .collect();
    assert_eq!(files, ["数据.wiki", "软件 & 信息.wiki"]);
}
