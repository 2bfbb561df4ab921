//! Exact spans for every Markdown construct the parser knows (CommonMark, GFM tables,
//! footnotes and strikethrough, and the wiki export's quirks M1–M9 from the research notes).
//! `T` = visible text (converted), `K` = kept bytes, `M` = a `-{ }-` block.

use tongwen::document::{DiagnosticKind, Document, Span};
use tongwen::markup::ParseOptions;
use tongwen::markup::markdown::parse;
use tongwen::rules::markup::MarkupPart;

fn parse_default(src: &str) -> Document {
    let doc = parse(src, &ParseOptions::default());
    assert_eq!(doc.check_tiling(src), Ok(()), "tiling of {src:?}");
    doc
}

fn kinds(src: &str, doc: &Document) -> Vec<(char, String)> {
    doc.spans
        .iter()
        .filter_map(|s| match s {
            Span::Text(r) => Some(('T', src[r.clone()].to_string())),
            Span::Keep(r) => Some(('K', src[r.clone()].to_string())),
            Span::Markup(m) => Some(('M', src[m.outer()].to_string())),
            _ => None,
        })
        .collect()
}

fn check(src: &str, expected: &[(char, &str)]) {
    let doc = parse_default(src);
    let got = kinds(src, &doc);
    let want: Vec<(char, String)> = expected.iter().map(|(k, s)| (*k, s.to_string())).collect();
    assert_eq!(got, want, "spans of {src:?}");
}

/// CommonMark paragraphs; M9: a soft line break is a phrase boundary.
#[test]
fn paragraph_softbreak() {
    check(
        "软件和内存\n硬盘与网络\n",
        &[
            ('T', "软件和内存"),
            ('K', "\n"),
            ('T', "硬盘与网络"),
            ('K', "\n"),
        ],
    );
}

/// ATX heading: markers kept, text converted.
#[test]
fn atx_heading() {
    check(
        "## 软件历史 ##\n\n正文\n",
        &[
            ('K', "## "),
            ('T', "软件历史"),
            ('K', " ##\n\n"),
            ('T', "正文"),
            ('K', "\n"),
        ],
    );
}

/// Setext heading: underline kept.
#[test]
fn setext_heading() {
    check(
        "软件历史\n========\n",
        &[('T', "软件历史"), ('K', "\n========\n")],
    );
}

/// Emphasis, strong, strikethrough: markers kept and each a phrase boundary.
#[test]
fn emphasis() {
    check(
        "**软**件与*内存*和~~硬盘~~。\n",
        &[
            ('K', "**"),
            ('T', "软"),
            ('K', "**"),
            ('T', "件与"),
            ('K', "*"),
            ('T', "内存"),
            ('K', "*"),
            ('T', "和"),
            ('K', "~~"),
            ('T', "硬盘"),
            ('K', "~~"),
            ('T', "。"),
            ('K', "\n"),
        ],
    );
}

/// M1: internal links, label converted, destination and `"wikilink"` title kept.
#[test]
fn inline_link() {
    check(
        "见[计算机程序](../Page/计算机程序.md \"wikilink\")与[网络](https://zh.wikipedia.org/wiki/网络 \"wikilink\")。\n",
        &[
            ('T', "见"),
            ('K', "["),
            ('T', "计算机程序"),
            ('K', "](../Page/计算机程序.md \"wikilink\")"),
            ('T', "与"),
            ('K', "["),
            ('T', "网络"),
            ('K', "](https://zh.wikipedia.org/wiki/网络 \"wikilink\")"),
            ('T', "。"),
            ('K', "\n"),
        ],
    );
}

/// M2: a label that swallowed trailing text is converted as text.
#[test]
fn label_swallowed() {
    check(
        "[平台独立性和](../Page/跨平台.md \"wikilink\")软件\n",
        &[
            ('K', "["),
            ('T', "平台独立性和"),
            ('K', "](../Page/跨平台.md \"wikilink\")"),
            ('T', "软件"),
            ('K', "\n"),
        ],
    );
}

/// M9: a label hard-wrapped over two lines; the line break is a boundary.
#[test]
fn label_split() {
    check(
        "[.NET\nFramework的新一代版本](../Page/.NET.md \"wikilink\")\n",
        &[
            ('K', "["),
            ('T', ".NET"),
            ('K', "\n"),
            ('T', "Framework的新一代版本"),
            ('K', "](../Page/.NET.md \"wikilink\")\n"),
        ],
    );
}

/// Reference link and reference definition: label converted, `][s]` and the definition kept.
#[test]
fn reference_link() {
    check(
        "见[软件][s]。\n\n[s]: https://x.org/软件 \"软件站\"\n",
        &[
            ('T', "见"),
            ('K', "["),
            ('T', "软件"),
            ('K', "][s]"),
            ('T', "。"),
            ('K', "\n\n[s]: https://x.org/软件 \"软件站\"\n"),
        ],
    );
}

/// Shortcut and collapsed reference links: the label is the definition's key, so kept.
#[test]
fn shortcut_link() {
    check(
        "见[软件]和[内存][]。\n\n[软件]: https://x.org/a\n[内存]: https://x.org/b\n",
        &[
            ('T', "见"),
            ('K', "[软件]"),
            ('T', "和"),
            ('K', "[内存][]"),
            ('T', "。"),
            (
                'K',
                "\n\n[软件]: https://x.org/a\n[内存]: https://x.org/b\n",
            ),
        ],
    );
}

/// M7: image alt converted, path and title kept; an alt that is the file name is kept.
#[test]
fn image() {
    check(
        "![软件界面](img/软件.png \"软件截图\")和![软件.png](img/软件.png)\n",
        &[
            ('K', "!["),
            ('T', "软件界面"),
            ('K', "](img/软件.png \"软件截图\")"),
            ('T', "和"),
            ('K', "![软件.png](img/软件.png)\n"),
        ],
    );
}

/// M6/M7: export figure links, a file-name label kept, a caption label converted.
#[test]
fn figure_link() {
    check(
        "[软件.jpg](https://zh.wikipedia.org/wiki/File:软件.jpg \"fig:软件.jpg\")[缩略图](https://zh.wikipedia.org/wiki/File:a.png \"fig:缩略图\")\n",
        &[
            (
                'K',
                "[软件.jpg](https://zh.wikipedia.org/wiki/File:软件.jpg \"fig:软件.jpg\")[",
            ),
            ('T', "缩略图"),
            (
                'K',
                "](https://zh.wikipedia.org/wiki/File:a.png \"fig:缩略图\")\n",
            ),
        ],
    );
}

/// Autolinks (URL and e-mail) kept.
#[test]
fn autolink() {
    check(
        "网站<https://x.org/软件>与<a@b.org>\n",
        &[
            ('T', "网站"),
            ('K', "<https://x.org/软件>"),
            ('T', "与"),
            ('K', "<a@b.org>\n"),
        ],
    );
}

/// M8: code spans, fenced and indented code blocks kept.
#[test]
fn code() {
    check(
        "用`软件`写\n\n```\n内存\n```\n\n    硬盘\n",
        &[
            ('T', "用"),
            ('K', "`软件`"),
            ('T', "写"),
            ('K', "\n\n```\n内存\n```\n\n    硬盘\n"),
        ],
    );
}

/// Entities kept and each a phrase boundary.
#[test]
fn entities() {
    check(
        "软&amp;件&#x8F6F;体&nbsp;好\n",
        &[
            ('T', "软"),
            ('K', "&amp;"),
            ('T', "件"),
            ('K', "&#x8F6F;"),
            ('T', "体"),
            ('K', "&nbsp;"),
            ('T', "好"),
            ('K', "\n"),
        ],
    );
}

/// M8: backslash escapes kept whole (backslash and escaped character).
#[test]
fn escapes() {
    check(
        "注\\[1\\]与C\\#语言\\~软\\*件\n",
        &[
            ('T', "注"),
            ('K', "\\["),
            ('T', "1"),
            ('K', "\\]"),
            ('T', "与C"),
            ('K', "\\#"),
            ('T', "语言"),
            ('K', "\\~"),
            ('T', "软"),
            ('K', "\\*"),
            ('T', "件"),
            ('K', "\n"),
        ],
    );
}

/// M8: footnote references and definition labels kept; the note text converted.
#[test]
fn footnote() {
    check(
        "软件[^1]好\n\n[^1]: 内存说明\n",
        &[
            ('T', "软件"),
            ('K', "[^1]"),
            ('T', "好"),
            ('K', "\n\n[^1]: "),
            ('T', "内存说明"),
            ('K', "\n"),
        ],
    );
}

/// GFM table: pipes and delimiter row kept, cells converted, `\|` kept.
#[test]
fn table() {
    check(
        "| 软件 | 内存 |\n|---|---|\n| 硬\\|盘 | 网络 |\n",
        &[
            ('K', "| "),
            ('T', "软件"),
            ('K', " | "),
            ('T', "内存"),
            ('K', " |\n|---|---|\n| "),
            ('T', "硬"),
            ('K', "\\|"),
            ('T', "盘"),
            ('K', " | "),
            ('T', "网络"),
            ('K', " |\n"),
        ],
    );
}

/// Block quote markers kept.
#[test]
fn blockquote() {
    check(
        "> 软件\n> 内存\n",
        &[
            ('K', "> "),
            ('T', "软件"),
            ('K', "\n> "),
            ('T', "内存"),
            ('K', "\n"),
        ],
    );
}

/// Bullet and ordered list markers (pandoc's indented style) kept.
#[test]
fn lists() {
    check(
        "  - 软件\n  - 内存\n\n1.  硬盘\n2.  网络\n",
        &[
            ('K', "  - "),
            ('T', "软件"),
            ('K', "\n  - "),
            ('T', "内存"),
            ('K', "\n\n1.  "),
            ('T', "硬盘"),
            ('K', "\n2.  "),
            ('T', "网络"),
            ('K', "\n"),
        ],
    );
}

/// Thematic break kept.
#[test]
fn thematic_break() {
    check(
        "软件\n\n---\n\n内存\n",
        &[
            ('T', "软件"),
            ('K', "\n\n---\n\n"),
            ('T', "内存"),
            ('K', "\n"),
        ],
    );
}

/// YAML front matter at the start kept.
#[test]
fn front_matter() {
    check(
        "---\ntitle: 软件\n---\n\n内存\n",
        &[
            ('K', "---\ntitle: 软件\n---\n\n"),
            ('T', "内存"),
            ('K', "\n"),
        ],
    );
}

/// Hard line breaks (two spaces, backslash) kept.
#[test]
fn hard_break() {
    check(
        "软件  \n内存\\\n硬盘\n",
        &[
            ('T', "软件"),
            ('K', "  \n"),
            ('T', "内存"),
            ('K', "\\\n"),
            ('T', "硬盘"),
            ('K', "\n"),
        ],
    );
}

/// HTML comments (`<!-- end list -->` block and inline) kept.
#[test]
fn comment() {
    check(
        "软件\n\n<!-- end list -->\n\n内存<!-- 注释 -->硬盘\n",
        &[
            ('T', "软件"),
            ('K', "\n\n<!-- end list -->\n\n"),
            ('T', "内存"),
            ('K', "<!-- 注释 -->"),
            ('T', "硬盘"),
            ('K', "\n"),
        ],
    );
}

/// M3: a `-{ }-` variant list that survived the export, inside a heading link label.
#[test]
fn conv_simple() {
    check(
        "## [-{zh-cn:宏;zh-tw:巨集}-](../Page/巨集.md \"wikilink\")\n",
        &[
            ('K', "## ["),
            ('M', "-{zh-cn:宏;zh-tw:巨集}-"),
            ('K', "](../Page/巨集.md \"wikilink\")\n"),
        ],
    );
}

/// M3 (corpus markdown/024): pandoc-escaped `\-{T|…}-` next to `-{H|…}-`; the backslash is a kept
/// byte here (editions drop it with the block: see markdown_editions.rs).
#[test]
fn conv_escaped() {
    check(
        "\\-{T|zh-cn:RAM盘;zh-tw:RAM disk;}- -{H|zh-cn:软件;zh-tw:軟體;}- **软件**是\n",
        &[
            ('M', "\\-{T|zh-cn:RAM盘;zh-tw:RAM disk;}-"),
            ('T', " "),
            ('M', "-{H|zh-cn:软件;zh-tw:軟體;}-"),
            ('T', " "),
            ('K', "**"),
            ('T', "软件"),
            ('K', "**"),
            ('T', "是"),
            ('K', "\n"),
        ],
    );
}

/// M3 (corpus markdown/031): a variant list whose values hold a link and bold text, split over
/// lines.
#[test]
fn conv_markdown_inside() {
    check(
        "从-{zh-hans:[朴次茅斯](https://zh.wikipedia.org/wiki/朴次茅斯 \"wikilink\");\nzh-hant:**樸茨茅斯**}-開始\n",
        &[
            ('T', "从"),
            (
                'M',
                "-{zh-hans:[朴次茅斯](https://zh.wikipedia.org/wiki/朴次茅斯 \"wikilink\");\nzh-hant:**樸茨茅斯**}-",
            ),
            ('T', "開始"),
            ('K', "\n"),
        ],
    );
}

/// `-{ }-` inside a code span is code, not a rule.
#[test]
fn conv_in_code() {
    check(
        "`-{软件}-`和-{软件}-\n",
        &[
            ('K', "`-{软件}-`"),
            ('T', "和"),
            ('M', "-{软件}-"),
            ('K', "\n"),
        ],
    );
}

/// M3 (corpus markdown/036): an unterminated `-{A` in a link label, then a multi-line `-{A|…}-`.
#[test]
fn conv_unclosed() {
    check(
        "相比[-{A](https://zh.wikipedia.org/wiki/自然进气 \"wikilink\")更-{A|zh-cn:自然进气;\nzh-tw:自然進氣;}-好\n",
        &[
            ('T', "相比"),
            ('K', "["),
            ('T', "-{A"),
            (
                'K',
                "](https://zh.wikipedia.org/wiki/自然进气 \"wikilink\")",
            ),
            ('T', "更"),
            ('M', "-{A|zh-cn:自然进气;\nzh-tw:自然進氣;}-"),
            ('T', "好"),
            ('K', "\n"),
        ],
    );
}

/// Nested `-{ }-`: one Markup span for the outermost block.
#[test]
fn conv_nested() {
    check(
        "-{H|-{zh-cn:内存;zh-tw:記憶體}-}-软件\n",
        &[
            ('M', "-{H|-{zh-cn:内存;zh-tw:記憶體}-}-"),
            ('T', "软件"),
            ('K', "\n"),
        ],
    );
}

/// Math (corpus markdown/038): `\(…\)`, TeX `$…$` and `$$…$$` kept; escaped brackets and prices are
/// prose.
#[test]
fn math() {
    check(
        "范围\\({-\\log} P(x)\\)内，见\\[1\\]与\\[算术编码\\]，设$x^2$，价格NT$300。\n\n$$\na*b*c\n$$\n",
        &[
            ('T', "范围"),
            ('K', "\\({-\\log} P(x)\\)"),
            ('T', "内，见"),
            ('K', "\\["),
            ('T', "1"),
            ('K', "\\]"),
            ('T', "与"),
            ('K', "\\["),
            ('T', "算术编码"),
            ('K', "\\]"),
            ('T', "，设"),
            ('K', "$x^2$"),
            ('T', "，价格NT$300。"),
            ('K', "\n\n$$\na*b*c\n$$\n"),
        ],
    );
}

/// M6: category links and interlanguage links kept whole (label too).
#[test]
fn category() {
    check(
        "[Category:電腦記憶體](https://zh.wikipedia.org/wiki/Category:電腦記憶體 \"wikilink\")\n[it:Video Graphics Array](https://zh.wikipedia.org/wiki/it:Video_Graphics_Array \"wikilink\")\n",
        &[(
            'K',
            "[Category:電腦記憶體](https://zh.wikipedia.org/wiki/Category:電腦記憶體 \"wikilink\")\n[it:Video Graphics Array](https://zh.wikipedia.org/wiki/it:Video_Graphics_Array \"wikilink\")\n",
        )],
    );
}

/// M4: template leftovers such as `{{-}}` are plain text.
#[test]
fn template_leftover() {
    check("{{-}}软件\n", &[('T', "{{-}}软件"), ('K', "\n")]);
}

/// Bare URLs in text kept (MediaWiki never converts free URLs).
#[test]
fn bare_url() {
    check(
        "见https://zh.wikipedia.org/wiki/软件。\n",
        &[
            ('T', "见"),
            ('K', "https://zh.wikipedia.org/wiki/软件"),
            ('T', "。"),
            ('K', "\n"),
        ],
    );
}

/// M5: inline raw HTML: tags and attributes kept, a `title=` value converted unless it holds `://`,
/// the text between tags converted.
#[test]
fn html_inline() {
    check(
        "段落<span title=\"鼠标\" data-x=\"软件\">内存</span>和<abbr title=\"http://x/软件\">软件</abbr>\n",
        &[
            ('T', "段落"),
            ('K', "<span title=\""),
            ('T', "鼠标"),
            ('K', "\" data-x=\"软件\">"),
            ('T', "内存"),
            ('K', "</span>"),
            ('T', "和"),
            ('K', "<abbr title=\"http://x/软件\">"),
            ('T', "软件"),
            ('K', "</abbr>\n"),
        ],
    );
}

/// Inline `<code>` and `<math>` content kept; `<kbd>` content converted (as MediaWiki does).
#[test]
fn html_inline_verbatim() {
    check(
        "用<code>软件</code>与<math>x*y*z</math>和<kbd>内存</kbd>\n",
        &[
            ('T', "用"),
            ('K', "<code>软件</code>"),
            ('T', "与"),
            ('K', "<math>x*y*z</math>"),
            ('T', "和"),
            ('K', "<kbd>"),
            ('T', "内存"),
            ('K', "</kbd>\n"),
        ],
    );
}

/// An unclosed inline `<code>` keeps the rest of its paragraph.
#[test]
fn html_inline_unclosed_verbatim() {
    check(
        "用<code>软件\n\n内存\n",
        &[
            ('T', "用"),
            ('K', "<code>软件\n\n"),
            ('T', "内存"),
            ('K', "\n"),
        ],
    );
}

/// M5: an HTML table block (corpus markdown/013): tags kept, `title="wikilink"` kept, cell text
/// converted per line, entities kept, `-{ }-` honoured.
#[test]
fn html_block_table() {
    check(
        "<table>\n<tr class=\"odd\">\n<td><p><a href=\"https://zh.wikipedia.org/wiki/石昌杰\" title=\"wikilink\">石昌-{杰}-</a></p></td>\n<td><p>台中站前<br />\n影城&amp;软件</p></td>\n</tr>\n</table>\n",
        &[
            (
                'K',
                "<table>\n<tr class=\"odd\">\n<td><p><a href=\"https://zh.wikipedia.org/wiki/石昌杰\" title=\"wikilink\">",
            ),
            ('T', "石昌"),
            ('M', "-{杰}-"),
            ('K', "</a></p></td>\n<td><p>"),
            ('T', "台中站前"),
            ('K', "<br />\n"),
            ('T', "影城"),
            ('K', "&amp;"),
            ('T', "软件"),
            ('K', "</p></td>\n</tr>\n</table>\n"),
        ],
    );
}

/// HTML blocks `<script>` (blank line inside) and `<pre>`: content kept, `-{ }-` inside not a rule.
#[test]
fn html_block_verbatim() {
    check(
        "<script>\nvar 软件 = \"-{x}-\";\n\nalert(1)\n</script>\n\n<pre>\n内存\n</pre>\n",
        &[(
            'K',
            "<script>\nvar 软件 = \"-{x}-\";\n\nalert(1)\n</script>\n\n<pre>\n内存\n</pre>\n",
        )],
    );
}

/// A multi-line comment block kept.
#[test]
fn html_block_comment() {
    check(
        "<!-- 软件\n\n内存 -->\n\n硬盘\n",
        &[
            ('K', "<!-- 软件\n\n内存 -->\n\n"),
            ('T', "硬盘"),
            ('K', "\n"),
        ],
    );
}

/// An `<img>` tag: `alt=` converted, `src=` and the ASCII `title=` kept.
#[test]
fn html_image_alt() {
    check(
        "<img src=\"软件.png\" alt=\"软件截图\" title=\"wikilink\">\n",
        &[
            ('K', "<img src=\"软件.png\" alt=\""),
            ('T', "软件截图"),
            ('K', "\" title=\"wikilink\">\n"),
        ],
    );
}

/// An HTML block in a block quote whose tag is cut by the `> ` prefix: the tag kept to its `>`.
#[test]
fn html_block_in_quote() {
    check(
        "> <div>\n> 引用<b\n> title=\"软件\">粗</b>\n> </div>\n",
        &[
            ('K', "> <div>\n> "),
            ('T', "引用"),
            ('K', "<b\n> title=\"软件\">"),
            ('T', "粗"),
            ('K', "</b>\n> </div>\n"),
        ],
    );
}

/// `<references />` kept; `<small>` text converted.
#[test]
fn html_references() {
    check(
        "## 参考\n\n<references />\n\n<small>注：软件</small>\n",
        &[
            ('K', "## "),
            ('T', "参考"),
            ('K', "\n\n<references />\n\n<small>"),
            ('T', "注：软件"),
            ('K', "</small>\n"),
        ],
    );
}

/// An image inside a link label: both destinations kept, alt and label converted.
#[test]
fn image_in_link() {
    check(
        "[![软件图标](img/软件.png \"图标\")软件](../Page/软件.md \"wikilink\")\n",
        &[
            ('K', "[!["),
            ('T', "软件图标"),
            ('K', "](img/软件.png \"图标\")"),
            ('T', "软件"),
            ('K', "](../Page/软件.md \"wikilink\")\n"),
        ],
    );
}

/// A link inside an image's alt text: both destinations kept.
#[test]
fn link_in_image() {
    check(
        "![图 [软件](../Page/软件.md) 说明](img/a.png)\n",
        &[
            ('K', "!["),
            ('T', "图 "),
            ('K', "["),
            ('T', "软件"),
            ('K', "](../Page/软件.md)"),
            ('T', " 说明"),
            ('K', "](img/a.png)\n"),
        ],
    );
}

#[test]
fn unclosed_conversion_is_diagnosed() {
    let src = "相比[-{A](u)更-{A|zh-cn:自然进气;}-好";
    let doc = parse_default(src);
    assert_eq!(doc.diagnostics.len(), 1);
    assert_eq!(doc.diagnostics[0].at, src.find("-{A").unwrap());
    assert_eq!(doc.diagnostics[0].kind, DiagnosticKind::UnclosedConversion);
}

/// `\|` in a rule body (pandoc's pipe escape inside table cells): the backslash stays in the
/// span but not in the body's text pieces.
#[test]
fn escaped_pipe_in_rule_body() {
    let src = "| -{H\\|zh-cn:芯片;zh-tw:晶片;}- | 软件 |\n|---|---|\n";
    let doc = parse_default(src);
    let markup = doc
        .spans
        .iter()
        .find_map(|s| match s {
            Span::Markup(m) => Some(m),
            _ => None,
        })
        .expect("a Markup span");
    assert_eq!(&src[markup.range.clone()], "-{H\\|zh-cn:芯片;zh-tw:晶片;}-");
    let body: String = markup
        .body
        .iter()
        .map(|p| match p {
            MarkupPart::Text(r) => &src[r.clone()],
            MarkupPart::Nested(_) => "<nested>",
        })
        .collect();
    assert_eq!(body, "H|zh-cn:芯片;zh-tw:晶片;");
}

/// `options.keep_patterns`: matches inside visible text are kept.
#[test]
fn keep_patterns() {
    let src = "乾隆年间的软件\n";
    let options = ParseOptions {
        keep_patterns: vec![regex::Regex::new("乾隆").unwrap()],
        ..ParseOptions::default()
    };
    let doc = parse(src, &options);
    assert_eq!(
        kinds(src, &doc),
        vec![
            ('K', "乾隆".to_string()),
            ('T', "年间的软件".to_string()),
            ('K', "\n".to_string()),
        ]
    );
}

#[test]
fn empty_and_blank_inputs() {
    assert!(parse_default("").spans.is_empty());
    check("\n\n", &[('K', "\n\n")]);
    check("软件", &[('T', "软件")]);
}
