//! Span-level fixtures: exactly how each wikitext construct is classified. One test per
//! construct of the research notes' §6 table (`cNN_…`), plus options and diagnostics.
//!
//! Notation (see `support::show`): `T«…»` visible text (one conversion unit), `K«…»` kept
//! bytes, `L«…»` the shown text of a bare link, `M«…»` a `-{ }-` block, `N«…»` NoteTA ranges.

use crate::helpers::support;

use support::{parse, parse_with, show, spans};
use tongwen::document::{DiagnosticKind, Span};
use tongwen::markup::ParseOptions;

#[test]
fn c01_piped_link() {
    assert_eq!(
        spans("见[[计算机程序|程序]]。"),
        "T«见»K«[[计算机程序|»T«程序»K«]]»T«。»"
    );
    // Everything after the first bar is the label.
    assert_eq!(spans("[[甲|乙|丙]]"), "K«[[甲|»T«乙|丙»K«]]»");
    // An empty label (pipe trick) is kept as written.
    assert_eq!(spans("[[软件 (书)|]]"), "K«[[软件 (书)|]]»");
}

#[test]
fn c02_unpiped_link() {
    assert_eq!(spans("[[计算机]]"), "K«[[计算机»L«计算机»K«]]»");
    // The colon is kept but not shown; the namespace is shown.
    assert_eq!(
        spans("[[:Category:软件]]"),
        "K«[[:Category:软件»L«Category:软件»K«]]»"
    );
    assert_eq!(spans("[[软件#历史]]"), "K«[[软件#历史»L«软件#历史»K«]]»");
    assert_eq!(spans("[[ 软件 ]]"), "K«[[ 软件 »L«软件»K«]]»");
    assert_eq!(spans("[[Help:软件]]"), "K«[[Help:软件»L«Help:软件»K«]]»");
    // A target built by a template has no plain shown text: kept.
    assert_eq!(spans("[[{{PAGENAME}}]]"), "K«[[{{PAGENAME}}]]»");
    let src = "[[计算机]]";
    let doc = parse(src);
    assert_eq!(doc.spans[1], Span::LinkLabel { shown: 2..11 });
}

#[test]
fn c03_no_link_trail() {
    assert_eq!(spans("[[计算机]]们"), "K«[[计算机»L«计算机»K«]]»T«们»");
    assert_eq!(spans("[[计算机|电脑]]们"), "K«[[计算机|»T«电脑»K«]]»T«们»");
}

#[test]
fn c04_section_links() {
    assert_eq!(spans("[[#历史|见下文]]"), "K«[[#历史|»T«见下文»K«]]»");
    assert_eq!(spans("[[#历史]]"), "K«[[#历史»L«#历史»K«]]»");
}

#[test]
fn c05_file_links() {
    assert_eq!(
        spans("[[File:软件.jpg|thumb|right|200px|alt=软件图标|link=软件|软件界面]]"),
        "K«[[File:软件.jpg|thumb|right|200px|alt=»T«软件图标»K«|link=软件|»T«软件界面»K«]]»"
    );
    // zh namespace and option names; a caption holding a link and a kept template.
    assert_eq!(
        spans("[[文件:软件.png|缩略图|左|说明[[计算机|电脑]]与{{lang|en|PC}}]]"),
        "K«[[文件:软件.png|缩略图|左|»T«说明»K«[[计算机|»T«电脑»K«]]»T«与»K«{{lang|en|PC}}]]»"
    );
    assert_eq!(
        spans("[[檔案:軟體.png|縮圖|x120px|upright=1.2|軟體]]"),
        "K«[[檔案:軟體.png|縮圖|x120px|upright=1.2|»T«軟體»K«]]»"
    );
    assert_eq!(spans("[[图像:软件.svg]]"), "K«[[图像:软件.svg]]»");
    assert_eq!(
        spans("[[image:软件.svg|替代=图|300像素]]"),
        "K«[[image:软件.svg|替代=»T«图»K«|300像素]]»"
    );
    // Only the last part that is no option is the caption (MediaWiki ignores the others).
    assert_eq!(
        spans("[[Image:A.jpg|frameless|软件|真正的说明]]"),
        "K«[[Image:A.jpg|frameless|软件|»T«真正的说明»K«]]»"
    );
    // Tags in captions: title= is shown text.
    assert_eq!(
        spans("[[File:a.png|thumb|<span title=\"软件\">说明</span>]]"),
        "K«[[File:a.png|thumb|<span title=\"»T«软件»K«\">»T«说明»K«</span>]]»"
    );
    // A colon link to a file page is an ordinary link; so is Media:.
    assert_eq!(
        spans("[[:File:软件.jpg]]"),
        "K«[[:File:软件.jpg»L«File:软件.jpg»K«]]»"
    );
    assert_eq!(
        spans("[[Media:软件.ogg|软件录音]]"),
        "K«[[Media:软件.ogg|»T«软件录音»K«]]»"
    );
}

#[test]
fn c06_gallery() {
    let src = "<gallery mode=\"packed\" caption=\"软件\">\nFile:软件.jpg|说明\n软件2.png|alt=图|link=软件|第二张\n\n文件:硬件.png\n</gallery>";
    assert_eq!(
        spans(src),
        "K«<gallery mode=\"packed\" caption=\"软件\">\nFile:软件.jpg|»T«说明»K«\n软件2.png|alt=»T«图»K«|link=软件|»T«第二张»K«\n\n文件:硬件.png\n</gallery>»"
    );
    // Captions with links, split only at top-level bars.
    assert_eq!(
        spans("<gallery>\nA.jpg|[[计算机|电脑]]图\n</gallery>"),
        "K«<gallery>\nA.jpg|[[计算机|»T«电脑»K«]]»T«图»K«\n</gallery>»"
    );
}

#[test]
fn c07_categories_and_sort_keys() {
    assert_eq!(
        spans("[[Category:软件|排序]][[分类:软件]][[分類:軟體]][[category:x]]"),
        "K«[[Category:软件|排序]][[分类:软件]][[分類:軟體]][[category:x]]»"
    );
    assert_eq!(spans("{{DEFAULTSORT:软件}}"), "K«{{DEFAULTSORT:软件}}»");
}

#[test]
fn c08_interlanguage_and_interwiki() {
    assert_eq!(
        spans("[[en:Software]][[ja:ソフトウェア]][[zh-yue:軟件]]"),
        "K«[[en:Software]][[ja:ソフトウェア]][[zh-yue:軟件]]»"
    );
    assert_eq!(
        spans("[[:en:Software|英文版]]"),
        "K«[[:en:Software|»T«英文版»K«]]»"
    );
    assert_eq!(spans("[[wikt:软件|软件]]"), "K«[[wikt:软件|»T«软件»K«]]»");
    assert_eq!(spans("[[wikt:软件]]"), "K«[[wikt:软件»L«wikt:软件»K«]]»");
}

#[test]
fn c09_external_links_and_bare_urls() {
    assert_eq!(
        spans("[https://x.org/软件 软件官网]"),
        "K«[https://x.org/软件 »T«软件官网»K«]»"
    );
    assert_eq!(spans("[//x.org 标签]"), "K«[//x.org »T«标签»K«]»");
    // A label that starts with a URL is kept.
    assert_eq!(
        spans("[https://x.org https://x.org/软件]"),
        "K«[https://x.org https://x.org/软件]»"
    );
    assert_eq!(spans("[https://x.org]"), "K«[https://x.org]»");
    assert_eq!(
        spans("[http://x.org 软件 [[计算机]] ''说明'']"),
        "K«[http://x.org »T«软件 »K«[[计算机»L«计算机»K«]]»T« »K«''»T«说明»K«'']»"
    );
    // No `]` on the line: not a link; the URL itself is still kept.
    assert_eq!(
        spans("[http://x.org 软件\n]"),
        "T«[»K«http://x.org»T« 软件\n»T«]»"
    );
    // Bare URLs run to a space or bracket (CJK included, as in MediaWiki); trailing ASCII
    // punctuation is not part of them (nor `)` unless the URL has a `(`).
    assert_eq!(
        spans("见 https://x.org/计算机 其后"),
        "T«见 »K«https://x.org/计算机»T« 其后»"
    );
    assert_eq!(
        spans("(http://x.org/a_(b)). mailto:a@b.org, ftp://h/x!"),
        "T«(»K«http://x.org/a_(b))»T«. »K«mailto:a@b.org»T«, »K«ftp://h/x»T«!»"
    );
    assert_eq!(spans("http://x.org/''b''"), "K«http://x.org/''»T«b»K«''»");
    // Not a URL: letters before the scheme, or nothing after it.
    assert_eq!(spans("xhttp://a http://"), "T«xhttp://a http://»");
}

#[test]
fn c10_templates() {
    assert_eq!(
        spans("{{Infobox 软件|名称=软件|标志=软件.png|网站={{URL|x.org}}|配图=软件 截图.jpg}}"),
        "K«{{Infobox 软件|名称=»T«软件»K«|标志=软件.png|网站={{URL|x.org}}|配图=软件 截图.jpg}}»"
    );
    // Positional values are shown; a bar inside -{ }- is no separator.
    assert_eq!(
        spans("{{模板|软件|2=硬件|-{zh-hans:软件;zh-hant:軟體}-}}"),
        "K«{{模板|»T«软件»K«|2=»T«硬件»K«|»M«-{zh-hans:软件;zh-hant:軟體}-»K«}}»"
    );
    // Recursion, lists in values, bare links in values.
    assert_eq!(
        spans("{{Infobox\n| 名称 = 软件\n| image = 软件.png\n| 列表 =\n* [[软件]]\n* 硬件\n}}"),
        "K«{{Infobox\n| 名称 =»T« 软件\n»K«| image = 软件.png\n| 列表 =»T«\n»K«*»T« »K«[[软件»L«软件»K«]]»T«\n»K«*»T« 硬件\n»K«}}»"
    );
    // Citation parameters: URLs and dates kept, titles shown.
    assert_eq!(
        spans(
            "{{cite web|url=http://x.org/软件|title=软件|date=2020年|archive-url=http://a/b|website=软件网}}"
        ),
        "K«{{cite web|url=http://x.org/软件|title=»T«软件»K«|date=2020年|archive-url=http://a/b|website=软件网}}»"
    );
    // Template arguments ({{{1}}}) are kept; so is a template whose name is a template.
    assert_eq!(spans("{{{1|软件}}}"), "K«{{{1|软件}}}»");
    assert_eq!(spans("{{ {{x}} |软件}}"), "K«{{ {{x}} |»T«软件»K«}}»");
    // A bar inside a link in a value is no separator.
    assert_eq!(spans("{{a|[[b|软件]]}}"), "K«{{a|[[b|»T«软件»K«]]}}»");
}

#[test]
fn c10_template_options() {
    let options = ParseOptions {
        keep_templates: vec!["Lang*".into(), "Coord".into()],
        keep_params: vec!["名称".into(), "isbn".into()],
        keep_patterns: vec![regex::Regex::new("[A-Z]{2,}[0-9]+").unwrap()],
    };
    let src = "{{lang-fr|软件}}{{coord|1|软件}}{{Coord X|软件}}{{a|名称1=软件|ISBN=软件|b=软件}}型号AB12软件";
    assert_eq!(
        show(src, &parse_with(src, &options)),
        "K«{{lang-fr|软件}}{{coord|1|软件}}{{Coord X|»T«软件»K«}}{{a|名称1=软件|ISBN=软件|b=»T«软件»K«}}»T«型号»K«AB12»T«软件»"
    );
    // Defaults keep image/url/date… values and lang/coord/url… templates.
    assert_eq!(
        spans("{{a|image=软件.png|caption=软件|Website=软件.org}}"),
        "K«{{a|image=软件.png|caption=»T«软件»K«|Website=软件.org}}»"
    );
}

#[test]
fn c11_variant_aware_templates() {
    assert_eq!(
        spans("{{NoteTA|G1=IT|1=zh-cn:内存;zh-tw:記憶體;}}正文"),
        "N«R=zh-cn:内存;zh-tw:記憶體;;G=IT»K«{{NoteTA|G1=IT|1=zh-cn:内存;zh-tw:記憶體;}}»T«正文»"
    );
    // Rules and groups in number order; T=; lower-case first letter; values trimmed.
    assert_eq!(
        spans(
            "{{noteTA\n|T=zh-cn:甲;zh-tw:乙\n|2=zh-cn:丙;zh-tw:丁\n|1= zh-cn:戊;zh-tw:己 \n|G2=Country|G1=IT|3=}}"
        ),
        "N«T=zh-cn:甲;zh-tw:乙;R=zh-cn:戊;zh-tw:己;R=zh-cn:丙;zh-tw:丁;G=IT;G=Country»K«{{noteTA\n|T=zh-cn:甲;zh-tw:乙\n|2=zh-cn:丙;zh-tw:丁\n|1= zh-cn:戊;zh-tw:己 \n|G2=Country|G1=IT|3=}}»"
    );
    let src = "ab{{NoteTA|T=x}}";
    match &parse(src).spans[1] {
        Span::NoteTA(n) => {
            assert_eq!(n.at, 2);
            assert_eq!(n.title, Some(13..14));
        }
        other => panic!("{other:?}"),
    }
    // Foreign-language templates are kept whole (default keep list).
    assert_eq!(
        spans("{{lang|ja|漢字}}{{lang-ja|漢字}}"),
        "K«{{lang|ja|漢字}}{{lang-ja|漢字}}»"
    );
}

#[test]
fn c12_parser_functions_and_magic_words() {
    assert_eq!(
        spans("{{#if:{{{x|}}}|软件|硬件}}"),
        "K«{{#if:{{{x|}}}|»T«软件»K«|»T«硬件»K«}}»"
    );
    assert_eq!(
        spans("{{#switch:a|a=软件|b|c=硬件|默认}}"),
        "K«{{#switch:a|a=»T«软件»K«|b|c=»T«硬件»K«|»T«默认»K«}}»"
    );
    assert_eq!(
        spans("{{#ifeq:软件|硬件|软件|硬件}}"),
        "K«{{#ifeq:软件|硬件|»T«软件»K«|»T«硬件»K«}}»"
    );
    assert_eq!(
        spans("{{#tag:ref|软件|name=软件}}"),
        "K«{{#tag:ref|»T«软件»K«|name=软件}}»"
    );
    assert_eq!(
        spans("{{#invoke:Mod|func|软件|k=硬件}}"),
        "K«{{#invoke:Mod|func|»T«软件»K«|k=»T«硬件»K«}}»"
    );
    assert_eq!(
        spans("{{#expr:1+1}}{{#time:Y年}}{{lc:软件}}{{PAGENAME}}"),
        "K«{{#expr:1+1}}{{#time:Y年}}{{lc:软件}}{{PAGENAME}}»"
    );
    // Magic words are kept; the switches are recorded.
    let src = "{{DISPLAYTITLE:''软件''}}__NOTOC__软件__NOCC__";
    let doc = parse(src);
    assert_eq!(
        show(src, &doc),
        "K«{{DISPLAYTITLE:''软件''}}__NOTOC__»T«软件»K«__NOCC__»"
    );
    assert_eq!(doc.meta.display_title, Some(15..25));
    assert!(doc.meta.no_content_conversion);
    assert!(!doc.meta.no_title_conversion);
    for s in ["__NOCONTENTCONVERT__", "__不转换内容__", "__不轉換內容__"] {
        assert!(parse(s).meta.no_content_conversion, "{s}");
    }
    for s in [
        "__NOTC__",
        "__NOTITLECONVERT__",
        "__不转换标题__",
        "__不轉換標題__",
    ] {
        let doc = parse(s);
        assert!(doc.meta.no_title_conversion, "{s}");
        assert_eq!(doc.spans, vec![Span::Keep(0..s.len())]);
    }
    // Unknown double-underscore words are text.
    assert_eq!(spans("__软件__"), "T«__软件__»");
}

#[test]
fn c13_references() {
    assert_eq!(
        spans("<ref name=\"软件\">《软件》一书</ref><ref name=a />"),
        "K«<ref name=\"软件\">»T«《软件》一书»K«</ref><ref name=a />»"
    );
    assert_eq!(
        spans("<references />{{Reflist}}"),
        "K«<references />{{Reflist}}»"
    );
    assert_eq!(
        spans("<references>\n<ref name=b>软件</ref>\n</references>"),
        "K«<references>»T«\n»K«<ref name=b>»T«软件»K«</ref>»T«\n»K«</references>»"
    );
    // Ref content is wikitext of its own: a template inside cannot close outside.
    assert_eq!(
        spans("<ref>{{cite|title=软件}}[[a|b]]</ref>"),
        "K«<ref>{{cite|title=»T«软件»K«}}[[a|»T«b»K«]]</ref>»"
    );
    // No closing tag: the open tag is kept, the rest is read as text.
    let doc = parse("<ref name=x>软件");
    assert_eq!(show("<ref name=x>软件", &doc), "K«<ref name=x>»T«软件»");
    assert_eq!(doc.diagnostics[0].kind, DiagnosticKind::Unclosed);
}

#[test]
fn c14_html_tags_and_attributes() {
    assert_eq!(
        spans("<span style=\"color:red\" title=\"软件\">软件</span>"),
        "K«<span style=\"color:red\" title=\"»T«软件»K«\">»T«软件»K«</span>»"
    );
    // A title holding a URL is kept; alt= is shown; entities in values are boundaries.
    assert_eq!(
        spans("<abbr title=\"http://x/软件\">软件</abbr>"),
        "K«<abbr title=\"http://x/软件\">»T«软件»K«</abbr>»"
    );
    assert_eq!(
        spans("<div title=\"软件&amp;硬件\" class=\"软件\" alt=软件>x</div>"),
        "K«<div title=\"»T«软件»K«&amp;»T«硬件»K«\" class=\"软件\" alt=»T«软件»K«>»T«x»K«</div>»"
    );
    // Elements MediaWiki does not allow are shown as text.
    assert_eq!(spans("<img alt=\"软件\">"), "T«<img alt=\"软件\">»");
}

#[test]
fn c15_tables() {
    assert_eq!(
        spans(
            "{| class=\"wikitable\"\n|+ 标题\n! 软件 !! 内存\n|-\n| style=\"text-align:center\" | 软件 || 内存\n|}"
        ),
        "K«{| class=\"wikitable\"\n|+»T« 标题»K«\n!»T« 软件 »K«!!»T« 内存»K«\n|-\n| style=\"text-align:center\" |»T« 软件 »K«||»T« 内存»K«\n|}»"
    );
    // Header attributes; links and `||` in header lines; a link before the first bar means
    // no attributes; multi-line cells; lists inside cells; no pre inside tables.
    assert_eq!(
        spans(
            "{| class=\"wikitable\"\n! scope=\"col\" | 软件 !! [[内存|内存]] || 硬件\n|-\n| [[a|b]] | 软件\n| 软件\n 多行\n* 列表\n|}"
        ),
        "K«{| class=\"wikitable\"\n! scope=\"col\" |»T« 软件 »K«!!»T« »K«[[内存|»T«内存»K«]]»T« »K«||»T« 硬件»K«\n|-\n|»T« »K«[[a|»T«b»K«]]»T« | 软件»K«\n|»T« 软件»K«\n»T« 多行\n»K«*»T« 列表\n»K«|}»"
    );
    // Indented tables; tables opened by a template (first `|-` line).
    assert_eq!(
        spans(":{| class=\"wikitable\"\n| 软件\n|}"),
        "K«:{| class=\"wikitable\"\n|»T« 软件»K«\n|}»"
    );
    assert_eq!(
        spans("{{Table start}}\n|-\n| 软件 || 硬件\n|}"),
        "K«{{Table start}}»T«\n»K«|-\n|»T« 软件 »K«||»T« 硬件»K«\n|}»"
    );
}

#[test]
fn c16_literal_and_code_regions() {
    assert_eq!(
        spans("<nowiki>软件</nowiki><pre>软件</pre><code>软件</code><code class=\"x\">软件</code>"),
        "K«<nowiki>软件</nowiki><pre>软件</pre><code>软件</code><code class=\"x\">软件</code>»"
    );
    assert_eq!(
        spans(
            "<syntaxhighlight lang=\"c\">软件</syntaxhighlight><source>软件</source><math>软件</math><chem>软件</chem><ce>软件</ce>"
        ),
        "K«<syntaxhighlight lang=\"c\">软件</syntaxhighlight><source>软件</source><math>软件</math><chem>软件</chem><ce>软件</ce>»"
    );
    assert_eq!(
        spans(
            "<score>软件</score><timeline>软件</timeline><templatedata>{\"软件\":1}</templatedata><mapframe>软件</mapframe><graph>软件</graph>"
        ),
        "K«<score>软件</score><timeline>软件</timeline><templatedata>{\"软件\":1}</templatedata><mapframe>软件</mapframe><graph>软件</graph>»"
    );
    // Markup inside is not markup.
    assert_eq!(
        spans("<nowiki>[[a]]{{b|</nowiki>软件"),
        "K«<nowiki>[[a]]{{b|</nowiki>»T«软件»"
    );
    // Leading-space lines are preformatted (kept), unless blank or holding a block tag.
    assert_eq!(
        spans("软件\n 软件\n \n 硬件 <div>块</div>\n"),
        "T«软件\n»K« 软件\n»T« \n»T« 硬件 »K«<div>»T«块»K«</div>»T«\n»"
    );
}

#[test]
fn c17_comments() {
    assert_eq!(spans("<!-- 软件 -->软件"), "K«<!-- 软件 -->»T«软件»");
    // An unclosed comment runs to the end.
    assert_eq!(spans("软件<!-- 软件"), "T«软件»K«<!-- 软件»");
}

#[test]
fn c18_entities() {
    assert_eq!(
        spans("&nbsp;软&amp;件&#x8F6F;&#36719;&bad &;"),
        "K«&nbsp;»T«软»K«&amp;»T«件»K«&#x8F6F;&#36719;»T«&bad &;»"
    );
}

#[test]
fn c19_conversion_markup() {
    assert_eq!(spans("-{软件}-北-{}-韓"), "M«-{软件}-»T«北»M«-{}-»T«韓»");
    assert_eq!(
        spans("-{A|zh-cn:软件;zh-tw:軟體}-软件-{T|zh-cn:甲;zh-tw:乙}-"),
        "M«-{A|zh-cn:软件;zh-tw:軟體}-»T«软件»M«-{T|zh-cn:甲;zh-tw:乙}-»"
    );
    assert_eq!(
        spans("-{H|-{zh-cn:a;zh-tw:b}-}-[[计算机程序|-{程序}-]]"),
        "M«-{H|-{zh-cn:a;zh-tw:b}-}-»K«[[计算机程序|»M«-{程序}-»K«]]»"
    );
    // The block keeps its nested structure.
    let src = "x-{H|-{zh-cn:a;zh-tw:b}-}-";
    match &parse(src).spans[1] {
        Span::Markup(m) => {
            assert_eq!(m.range, 1..src.len());
            assert_eq!(m.body.len(), 2);
        }
        other => panic!("{other:?}"),
    }
    // Unclosed: `-{` kept with a diagnostic, the rest is text.
    let doc = parse("软-{件");
    assert_eq!(show("软-{件", &doc), "T«软»K«-{»T«件»");
    assert_eq!(doc.diagnostics.len(), 1);
    assert_eq!(doc.diagnostics[0].kind, DiagnosticKind::UnclosedConversion);
    assert_eq!(doc.diagnostics[0].at, 3);
    // `-{{` is a hyphen and a template.
    assert_eq!(spans("-{{lang|en|x}}"), "T«-»K«{{lang|en|x}}»");
    // `}-` inside a comment or nowiki does not close.
    assert_eq!(spans("-{a<!-- }- -->b}-"), "M«-{a<!-- }- -->b}-»");
}

#[test]
fn c20_redirects() {
    assert_eq!(spans("#REDIRECT [[软件]]"), "K«#REDIRECT [[软件]]»");
    assert_eq!(
        spans("#重定向 [[软件#历史]]\n[[Category:重定向]]"),
        "K«#重定向 [[软件#历史]]»T«\n»K«[[Category:重定向]]»"
    );
    assert_eq!(spans("#redirect:[[软件]]"), "K«#redirect:[[软件]]»");
    // Not at the start: a numbered list item.
    assert_eq!(
        spans("软件\n#REDIRECT [[软件]]"),
        "T«软件\n»K«#»T«REDIRECT »K«[[软件»L«软件»K«]]»"
    );
}

#[test]
fn c21_headings() {
    assert_eq!(spans("== 软件历史 =="), "K«==»T« 软件历史 »K«==»");
    assert_eq!(
        spans("=== 软件 === <!-- c -->\n正文"),
        "K«===»T« 软件 »K«=== <!-- c -->\n»T«正文»"
    );
    assert_eq!(
        spans("== [[#历史|历史]] ==\n=软件\n==\n"),
        "K«==»T« »K«[[#历史|»T«历史»K«]]»T« »K«==\n»T«=软件\n»K«==\n»"
    );
}

#[test]
fn c22_bold_and_italic() {
    assert_eq!(
        spans("'''软'''件''软件''学'''''软件'''''"),
        "K«'''»T«软»K«'''»T«件»K«''»T«软件»K«''»T«学»K«'''''»T«软件»K«'''''»"
    );
    // A single apostrophe is text.
    assert_eq!(spans("l'软件"), "T«l'软件»");
}

#[test]
fn c23_lists_and_indents() {
    assert_eq!(
        spans("* 软件\n# 软件\n; 术语 : 定义\n: 缩进\n*#: 深\n----\n软件"),
        "K«*»T« 软件\n»K«#»T« 软件\n»K«;»T« 术语 : 定义\n»K«:»T« 缩进\n»K«*#:»T« 深\n»K«----»T«\n»T«软件»"
    );
}

#[test]
fn c24_transclusion_control_and_inline_tags() {
    assert_eq!(
        spans(
            "<noinclude>软件</noinclude><includeonly>软件</includeonly><onlyinclude>软件</onlyinclude>"
        ),
        "K«<noinclude>»T«软件»K«</noinclude><includeonly>软件</includeonly><onlyinclude>»T«软件»K«</onlyinclude>»"
    );
    assert_eq!(
        spans("<poem>\n软件\n 硬件\n</poem>"),
        "K«<poem>»T«\n»T«软件\n»T« 硬件\n»K«</poem>»"
    );
    assert_eq!(
        spans("软件<br />硬件<small>软件</small><sup>1</sup><BIG>大</BIG>"),
        "T«软件»K«<br />»T«硬件»K«<small>»T«软件»K«</small><sup>»T«1»K«</sup><BIG>»T«大»K«</BIG>»"
    );
    // Stray closing tags of extension elements are kept.
    assert_eq!(spans("软件</ref>"), "T«软件»K«</ref>»");
}

#[test]
fn malformed_input_is_kept_or_text() {
    // Unclosed brackets are text (MediaWiki shows them); the diagnostics say where.
    let doc = parse("{{a|软件 [[b|c");
    assert_eq!(show("{{a|软件 [[b|c", &doc), "T«{{a|软件 [[b|c»");
    assert_eq!(
        doc.diagnostics.iter().map(|d| d.at).collect::<Vec<_>>(),
        vec![0, 11]
    );
    // Stray closers.
    assert_eq!(spans("]] }} }- |}"), "T«]] }} }- |}»");
    // A close that does not match the innermost open is literal.
    // (`b}}` is no valid target, so the link is not a link either.)
    assert_eq!(spans("{{a|[[b}}]]"), "T«{{a|»K«[[»T«b}}»K«]]»");
    // Invalid link targets: not links; brackets kept, content read as text.
    assert_eq!(spans("[[a\nb]]"), "K«[[»T«a\nb»K«]]»");
    assert_eq!(spans("[[]]"), "K«[[]]»");
    // An unclosed table is fine.
    assert_eq!(spans("{|\n| 软件"), "K«{|\n|»T« 软件»");
}
