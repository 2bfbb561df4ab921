//! Pathological inputs: every one is a few megabytes, so a scanner that were quadratic (or
//! recursed once per bracket) would not finish (or would overflow the stack). Each test also
//! checks the exact outcome, so they are not just "does not crash" tests.

use crate::helpers::support;

use tongwen::document::{DiagnosticKind, Span};

fn texts(doc: &tongwen::Document) -> usize {
    doc.spans
        .iter()
        .filter(|s| matches!(s, Span::Text(_)))
        .count()
}

#[test]
fn unclosed_brackets_by_the_hundred_thousand() {
    for unit in [
        "{{", "[[", "{{{", "-{", "{{a|", "[[a|", "<ref>", "<!--", "<span ", "<nowiki>",
    ] {
        let src = unit.repeat(100_000);
        let doc = support::parse(&src);
        // Diagnostics are capped.
        assert!(doc.diagnostics.len() <= 1000, "{unit}");
    }
    // Unclosed `-{` is kept two bytes at a time, with a (capped) diagnostic each.
    let src = "-{".repeat(100_000);
    let doc = support::parse(&src);
    assert_eq!(doc.spans, vec![Span::Keep(0..src.len())]);
    assert_eq!(doc.diagnostics.len(), 1000);
    assert!(
        doc.diagnostics
            .iter()
            .all(|d| d.kind == DiagnosticKind::UnclosedConversion)
    );
}

#[test]
fn deep_closed_nesting_is_capped_not_recursed() {
    let n = 200_000;
    // 3n braces each side: n nested `{{{…}}}`, kept.
    let src = "{{{".repeat(n) + &"}}}".repeat(n);
    let doc = support::parse(&src);
    assert_eq!(doc.spans, vec![Span::Keep(0..src.len())]);

    let src = "{{a|".repeat(n) + "软件" + &"}}".repeat(n);
    let doc = support::parse(&src);
    // Below the nesting cap the values are text; the innermost levels are kept whole.
    assert_eq!(texts(&doc), 0);

    let src = "[[a|".repeat(n) + "软件" + &"]]".repeat(n);
    let doc = support::parse(&src);
    assert_eq!(texts(&doc), 0);

    let src = "-{".repeat(n) + "软件" + &"}-".repeat(n);
    support::parse(&src);

    let src = "<ref>".repeat(1000) + &"x</ref>".repeat(1000);
    support::parse(&src);
}

#[test]
fn shallow_nesting_converts_the_innermost_value() {
    let n = 20;
    let src = "{{a|".repeat(n) + "软件" + &"}}".repeat(n);
    let doc = support::parse(&src);
    let inner = src.find("软件").unwrap();
    assert!(doc.spans.contains(&Span::Text(inner..inner + 6)));
}

#[test]
fn ten_megabyte_line() {
    let src = "软件".repeat(1_750_000);
    assert!(src.len() > 10_000_000);
    let doc = support::parse(&src);
    assert_eq!(doc.spans, vec![Span::Text(0..src.len())]);
}

#[test]
fn runs_that_could_rescan() {
    // External links without `]`, on one line.
    let src = "[http://x.org/ 软件 ".repeat(200_000);
    let doc = support::parse(&src);
    assert!(texts(&doc) > 0);
    // Bare URLs, colons, underscores, ampersands, apostrophes, equals, pipes, bangs.
    for unit in [
        "http://x.org/a ",
        ":",
        "a:",
        "__",
        "__x",
        "&",
        "&a",
        "'",
        "=",
        "|",
        "!",
        "<",
        "<b",
        "</",
        "[",
        "]",
        "}",
        "\n",
        "\n ",
        "\n*",
        "\n{|",
        "\n|",
        "\n!!",
        "\n=",
        "\n==a",
        "-",
    ] {
        let src = unit.repeat(1_000_000 / unit.len().max(1));
        support::parse(&src);
    }
    // Table cells.
    let src = "{|\n".to_string() + &"|a||b!!c|d\n".repeat(200_000) + "|}";
    support::parse(&src);
    // A gallery with many lines, and one line with many bars.
    let src = "<gallery>\n".to_string() + &"File:软件.png|说明\n".repeat(100_000) + "</gallery>";
    support::parse(&src);
    let src = "<gallery>\nFile:a.png".to_string() + &"|[[b]]".repeat(200_000) + "\n</gallery>";
    support::parse(&src);
    // A file link with many options.
    let src = "[[File:a.png".to_string() + &"|thumb|{{x}}".repeat(100_000) + "]]";
    support::parse(&src);
    // A template with many arguments, and many templates.
    let src = "{{a".to_string() + &"|b=软件".repeat(200_000) + "}}";
    support::parse(&src);
    let src = "{{a|b}}软件".repeat(200_000);
    support::parse(&src);
    // Many ext tags, each closed by the next, and many unmatched closing tags.
    let src = "<ref>a</ref>".repeat(200_000);
    support::parse(&src);
    let src = "</ref><ref>".repeat(200_000);
    support::parse(&src);
}

#[test]
fn a_large_article() {
    let unit = "== 历史 ==\n'''软件'''是[[计算机程序|程序]]和{{lang|en|software}}的总称<ref name=\"a\">{{cite web|url=https://x.org/软件|title=软件}}</ref>。\n* [[软件]]\n{| class=\"wikitable\"\n! 软件 !! 内存\n|-\n| style=\"x\" | 软件 || 内存\n|}\n";
    let src = unit.repeat(40_000);
    let doc = support::parse(&src);
    let per_unit = support::parse(unit).spans.len();
    assert_eq!(doc.spans.len(), per_unit * 40_000);
}
