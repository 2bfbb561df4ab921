//! Exact editions of Markdown fixtures in all eight variants. The expected texts were
//! computed with OpenCC 1.4.2 (the official Python library) on the visible pieces, with each
//! variant's default configs (zh-Hans t2s, zh-Hant s2t, zh-CN/SG/MY tw2sp, zh-TW s2twp,
//! zh-HK/MO s2hkp), and MediaWiki's fallback chains for the `-{ }-` variant lists.

use tongwen::Variant;
use tongwen::document::{Document, Span};
use tongwen::edition::{EditionSpec, render};
use tongwen::markup::ParseOptions;
use tongwen::markup::markdown::parse;

/// The edition the spans give with the engine alone: kept bytes copied, each visible piece
/// through the variant's configs on its own. `None` when the document has `-{ }-` markup
/// (whose display text is the renderer's business).
fn engine_edition(src: &str, doc: &Document, spec: &EditionSpec) -> Option<String> {
    let mut out = String::new();
    for span in &doc.spans {
        match span {
            Span::Keep(r) => out.push_str(&src[r.clone()]),
            Span::Text(r) => {
                let text = spec
                    .converters
                    .iter()
                    .fold(src[r.clone()].to_string(), |t, c| c.convert(&t));
                out.push_str(&text);
            }
            Span::Markup(_) => return None,
            _ => {}
        }
    }
    Some(out)
}

fn check(src: &str, expected: &[(&str, &str)]) {
    let doc = parse(src, &ParseOptions::default());
    assert_eq!(expected.len(), 8);
    for (tag, want) in expected {
        let variant = Variant::parse_edition(tag).expect("edition tag");
        let spec = EditionSpec::new(variant);
        if let Some(got) = engine_edition(src, &doc, &spec) {
            assert_eq!(got, *want, "{tag} edition of {src:?} (spans + engine)");
        }
        let got = render(src, &doc, None, &spec).text;
        assert_eq!(got, *want, "{tag} edition of {src:?}");
    }
}

/// Headings, bold, an internal link (M1), a code span, an entity, escaped brackets (M8), TeX math,
/// an autolink and a bare URL: only the text between them is converted, each piece on its own.
#[test]
fn text_links_code_entities_escapes_math_urls() {
    check(
        "## 软件历史\n\n**软件**是[计算机程序](../Page/计算机程序.md \"wikilink\")与`内存`的总称&amp;内存\\[1\\]，公式\\(x_{软件}\\)。\n見<https://x.org/软件>和https://zh.wikipedia.org/wiki/软件。\n",
        &[
            (
                "zh-Hans",
                "## 软件历史\n\n**软件**是[计算机程序](../Page/计算机程序.md \"wikilink\")与`内存`的总称&amp;内存\\[1\\]，公式\\(x_{软件}\\)。\n见<https://x.org/软件>和https://zh.wikipedia.org/wiki/软件。\n",
            ),
            (
                "zh-Hant",
                "## 軟件歷史\n\n**軟件**是[計算機程序](../Page/计算机程序.md \"wikilink\")與`内存`的總稱&amp;內存\\[1\\]，公式\\(x_{软件}\\)。\n見<https://x.org/软件>和https://zh.wikipedia.org/wiki/软件。\n",
            ),
            (
                "zh-CN",
                "## 软件历史\n\n**软件**是[计算机进程](../Page/计算机程序.md \"wikilink\")与`内存`的总称&amp;内存\\[1\\]，公式\\(x_{软件}\\)。\n见<https://x.org/软件>和https://zh.wikipedia.org/wiki/软件。\n",
            ),
            (
                "zh-TW",
                "## 軟體歷史\n\n**軟體**是[計算機程式](../Page/计算机程序.md \"wikilink\")與`内存`的總稱&amp;記憶體\\[1\\]，公式\\(x_{软件}\\)。\n見<https://x.org/软件>和https://zh.wikipedia.org/wiki/软件。\n",
            ),
            (
                "zh-HK",
                "## 軟件歷史\n\n**軟件**是[計算機程序](../Page/计算机程序.md \"wikilink\")與`内存`的總稱&amp;內存\\[1\\]，公式\\(x_{软件}\\)。\n見<https://x.org/软件>和https://zh.wikipedia.org/wiki/软件。\n",
            ),
            (
                "zh-MO",
                "## 軟件歷史\n\n**軟件**是[計算機程序](../Page/计算机程序.md \"wikilink\")與`内存`的總稱&amp;內存\\[1\\]，公式\\(x_{软件}\\)。\n見<https://x.org/软件>和https://zh.wikipedia.org/wiki/软件。\n",
            ),
            (
                "zh-SG",
                "## 软件历史\n\n**软件**是[计算机进程](../Page/计算机程序.md \"wikilink\")与`内存`的总称&amp;内存\\[1\\]，公式\\(x_{软件}\\)。\n见<https://x.org/软件>和https://zh.wikipedia.org/wiki/软件。\n",
            ),
            (
                "zh-MY",
                "## 软件历史\n\n**软件**是[计算机进程](../Page/计算机程序.md \"wikilink\")与`内存`的总称&amp;内存\\[1\\]，公式\\(x_{软件}\\)。\n见<https://x.org/软件>和https://zh.wikipedia.org/wiki/软件。\n",
            ),
        ],
    );
}

/// Rules that survived the export (M3): a variant list in a heading link label, a
/// `zh-hans`/`zh-hant` list and a no-conversion block; the display text is not converted further.
#[test]
fn conversion_markup() {
    check(
        "## [-{zh-cn:宏;zh-tw:巨集}-](../Page/巨集.md \"wikilink\")\n\n从-{zh-hans:朴次茅斯;zh-hant:樸茨茅斯}-開始，-{软件}-的内存。\n",
        &[
            (
                "zh-Hans",
                "## [宏](../Page/巨集.md \"wikilink\")\n\n从朴次茅斯开始，软件的内存。\n",
            ),
            (
                "zh-Hant",
                "## [巨集](../Page/巨集.md \"wikilink\")\n\n從樸茨茅斯開始，软件的內存。\n",
            ),
            (
                "zh-CN",
                "## [宏](../Page/巨集.md \"wikilink\")\n\n从朴次茅斯开始，软件的内存。\n",
            ),
            (
                "zh-TW",
                "## [巨集](../Page/巨集.md \"wikilink\")\n\n從樸茨茅斯開始，软件的記憶體。\n",
            ),
            (
                "zh-HK",
                "## [巨集](../Page/巨集.md \"wikilink\")\n\n從樸茨茅斯開始，软件的內存。\n",
            ),
            (
                "zh-MO",
                "## [巨集](../Page/巨集.md \"wikilink\")\n\n從樸茨茅斯開始，软件的內存。\n",
            ),
            (
                "zh-SG",
                "## [宏](../Page/巨集.md \"wikilink\")\n\n从朴次茅斯开始，软件的内存。\n",
            ),
            (
                "zh-MY",
                "## [宏](../Page/巨集.md \"wikilink\")\n\n从朴次茅斯开始，软件的内存。\n",
            ),
        ],
    );
}

/// Front matter, block quote, list, footnote, image (alt converted, path and title kept), table,
/// fenced code and a category link (M6, kept whole).
#[test]
fn front_matter_quote_list_image_table_code_footnote_category() {
    check(
        "---\ntitle: 软件\n---\n\n> 鼠标和软件\n\n  - 打印机[^1]\n  - ![软件界面](img/软件.png \"软件截图\")\n\n| 软件 | 内存 |\n|---|---|\n| 硬盘 | 网络 |\n\n```\n软件\n```\n\n[^1]: 信息技术\n\n[Category:软件](https://zh.wikipedia.org/wiki/Category:软件 \"wikilink\")\n",
        &[
            (
                "zh-Hans",
                "---\ntitle: 软件\n---\n\n> 鼠标和软件\n\n  - 打印机[^1]\n  - ![软件界面](img/软件.png \"软件截图\")\n\n| 软件 | 内存 |\n|---|---|\n| 硬盘 | 网络 |\n\n```\n软件\n```\n\n[^1]: 信息技术\n\n[Category:软件](https://zh.wikipedia.org/wiki/Category:软件 \"wikilink\")\n",
            ),
            (
                "zh-Hant",
                "---\ntitle: 软件\n---\n\n> 鼠標和軟件\n\n  - 打印機[^1]\n  - ![軟件界面](img/软件.png \"软件截图\")\n\n| 軟件 | 內存 |\n|---|---|\n| 硬盤 | 網絡 |\n\n```\n软件\n```\n\n[^1]: 信息技術\n\n[Category:软件](https://zh.wikipedia.org/wiki/Category:软件 \"wikilink\")\n",
            ),
            (
                "zh-CN",
                "---\ntitle: 软件\n---\n\n> 鼠标和软件\n\n  - 打印机[^1]\n  - ![软件界面](img/软件.png \"软件截图\")\n\n| 软件 | 内存 |\n|---|---|\n| 硬盘 | 网络 |\n\n```\n软件\n```\n\n[^1]: 信息技术\n\n[Category:软件](https://zh.wikipedia.org/wiki/Category:软件 \"wikilink\")\n",
            ),
            (
                "zh-TW",
                "---\ntitle: 软件\n---\n\n> 滑鼠和軟體\n\n  - 印表機[^1]\n  - ![軟體介面](img/软件.png \"软件截图\")\n\n| 軟體 | 記憶體 |\n|---|---|\n| 硬碟 | 網路 |\n\n```\n软件\n```\n\n[^1]: 資訊科技\n\n[Category:软件](https://zh.wikipedia.org/wiki/Category:软件 \"wikilink\")\n",
            ),
            (
                "zh-HK",
                "---\ntitle: 软件\n---\n\n> 滑鼠和軟件\n\n  - 打印機[^1]\n  - ![軟件界面](img/软件.png \"软件截图\")\n\n| 軟件 | 內存 |\n|---|---|\n| 硬碟 | 網絡 |\n\n```\n软件\n```\n\n[^1]: 信息技術\n\n[Category:软件](https://zh.wikipedia.org/wiki/Category:软件 \"wikilink\")\n",
            ),
            (
                "zh-MO",
                "---\ntitle: 软件\n---\n\n> 滑鼠和軟件\n\n  - 打印機[^1]\n  - ![軟件界面](img/软件.png \"软件截图\")\n\n| 軟件 | 內存 |\n|---|---|\n| 硬碟 | 網絡 |\n\n```\n软件\n```\n\n[^1]: 信息技術\n\n[Category:软件](https://zh.wikipedia.org/wiki/Category:软件 \"wikilink\")\n",
            ),
            (
                "zh-SG",
                "---\ntitle: 软件\n---\n\n> 鼠标和软件\n\n  - 打印机[^1]\n  - ![软件界面](img/软件.png \"软件截图\")\n\n| 软件 | 内存 |\n|---|---|\n| 硬盘 | 网络 |\n\n```\n软件\n```\n\n[^1]: 信息技术\n\n[Category:软件](https://zh.wikipedia.org/wiki/Category:软件 \"wikilink\")\n",
            ),
            (
                "zh-MY",
                "---\ntitle: 软件\n---\n\n> 鼠标和软件\n\n  - 打印机[^1]\n  - ![软件界面](img/软件.png \"软件截图\")\n\n| 软件 | 内存 |\n|---|---|\n| 硬盘 | 网络 |\n\n```\n软件\n```\n\n[^1]: 信息技术\n\n[Category:软件](https://zh.wikipedia.org/wiki/Category:软件 \"wikilink\")\n",
            ),
        ],
    );
}

/// Raw HTML (M5): a table block with an internal `<a … title="wikilink">` link, an entity and a
/// line break, then inline tags with a converted `title=`, a kept `<code>` and a comment.
#[test]
fn raw_html() {
    check(
        "<table>\n<tr><td><a href=\"../Page/软件.md\" title=\"wikilink\">软件</a></td><td>鼠标&amp;内存<br />\n打印机</td></tr>\n</table>\n\n段落<span title=\"鼠标\">内存</span>和<code>软件</code>。<!-- 软件 -->\n",
        &[
            (
                "zh-Hans",
                "<table>\n<tr><td><a href=\"../Page/软件.md\" title=\"wikilink\">软件</a></td><td>鼠标&amp;内存<br />\n打印机</td></tr>\n</table>\n\n段落<span title=\"鼠标\">内存</span>和<code>软件</code>。<!-- 软件 -->\n",
            ),
            (
                "zh-Hant",
                "<table>\n<tr><td><a href=\"../Page/软件.md\" title=\"wikilink\">軟件</a></td><td>鼠標&amp;內存<br />\n打印機</td></tr>\n</table>\n\n段落<span title=\"鼠標\">內存</span>和<code>软件</code>。<!-- 软件 -->\n",
            ),
            (
                "zh-CN",
                "<table>\n<tr><td><a href=\"../Page/软件.md\" title=\"wikilink\">软件</a></td><td>鼠标&amp;内存<br />\n打印机</td></tr>\n</table>\n\n段落<span title=\"鼠标\">内存</span>和<code>软件</code>。<!-- 软件 -->\n",
            ),
            (
                "zh-TW",
                "<table>\n<tr><td><a href=\"../Page/软件.md\" title=\"wikilink\">軟體</a></td><td>滑鼠&amp;記憶體<br />\n印表機</td></tr>\n</table>\n\n段落<span title=\"滑鼠\">記憶體</span>和<code>软件</code>。<!-- 软件 -->\n",
            ),
            (
                "zh-HK",
                "<table>\n<tr><td><a href=\"../Page/软件.md\" title=\"wikilink\">軟件</a></td><td>滑鼠&amp;內存<br />\n打印機</td></tr>\n</table>\n\n段落<span title=\"滑鼠\">內存</span>和<code>软件</code>。<!-- 软件 -->\n",
            ),
            (
                "zh-MO",
                "<table>\n<tr><td><a href=\"../Page/软件.md\" title=\"wikilink\">軟件</a></td><td>滑鼠&amp;內存<br />\n打印機</td></tr>\n</table>\n\n段落<span title=\"滑鼠\">內存</span>和<code>软件</code>。<!-- 软件 -->\n",
            ),
            (
                "zh-SG",
                "<table>\n<tr><td><a href=\"../Page/软件.md\" title=\"wikilink\">软件</a></td><td>鼠标&amp;内存<br />\n打印机</td></tr>\n</table>\n\n段落<span title=\"鼠标\">内存</span>和<code>软件</code>。<!-- 软件 -->\n",
            ),
            (
                "zh-MY",
                "<table>\n<tr><td><a href=\"../Page/软件.md\" title=\"wikilink\">软件</a></td><td>鼠标&amp;内存<br />\n打印机</td></tr>\n</table>\n\n段落<span title=\"鼠标\">内存</span>和<code>软件</code>。<!-- 软件 -->\n",
            ),
        ],
    );
}

/// M3: a pandoc-escaped block `\-{T|…}-` (which shows nothing) takes its backslash with it:
/// no edition is left with a stray `\`. An escaped backslash (`\\-{…}-`) is no escape of the
/// block and stays, as does a backslash before a block with no text for the edition.
#[test]
fn escaped_block_drops_its_backslash() {
    let src = "\\-{T|zh-cn:RAM盘;zh-tw:RAM disk;}-内存\\-{zh-cn:软件;zh-tw:軟體;}-与\\\\-{zh-hans:硬件;zh-hant:硬體;}-\n";
    check(
        src,
        &[
            ("zh-Hans", "内存软件与\\\\硬件\n"),
            ("zh-Hant", "內存軟體與\\\\硬體\n"),
            ("zh-CN", "内存软件与\\\\硬件\n"),
            ("zh-TW", "記憶體軟體與\\\\硬體\n"),
            ("zh-HK", "內存軟體與\\\\硬體\n"),
            ("zh-MO", "內存軟體與\\\\硬體\n"),
            ("zh-SG", "内存软件与\\\\硬件\n"),
            ("zh-MY", "内存软件与\\\\硬件\n"),
        ],
    );
    let doc = parse(src, &ParseOptions::default());
    // The escaping backslashes belong to their blocks, not to kept bytes (which every edition
    // writes unchanged).
    let blocks: Vec<(std::ops::Range<usize>, bool)> = doc
        .spans
        .iter()
        .filter_map(|s| match s {
            Span::Markup(m) => Some((m.outer(), m.escape)),
            _ => None,
        })
        .collect();
    let third = src.find("-{zh-hans").unwrap();
    assert_eq!(
        blocks,
        vec![(0..35, true), (41..72, true), (third..src.len() - 1, false)]
    );
    // With the markup kept for re-import, the escape stays in front of it.
    let mut spec = EditionSpec::new(Variant::parse_edition("zh-TW").unwrap());
    spec.keep_markup = true;
    assert!(render(src, &doc, None, &spec).text.starts_with("\\-{"));
}
