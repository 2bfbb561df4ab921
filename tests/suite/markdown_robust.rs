//! The Markdown parser on malformed and hostile input: no panic, exact tiling, identity
//! reassembly, and (by input size) no quadratic blow-up.

use proptest::prelude::*;
use tongwen::document::Span;
use tongwen::markup::ParseOptions;
use tongwen::markup::markdown::parse;

fn assert_lossless(src: &str) {
    let doc = parse(src, &ParseOptions::default());
    assert_eq!(doc.check_tiling(src), Ok(()), "tiling of {src:?}");
    assert_eq!(doc.reassemble(src), src);
    for span in &doc.spans {
        if let Span::Text(r) = span {
            assert!(r.start < r.end, "empty Text span in {src:?}");
        }
    }
}

/// Pieces that exercise every construct, including half-open ones.
const PIECES: &[&str] = &[
    "软件",
    "内存",
    " ",
    "\n",
    "\n\n",
    "  ",
    "*",
    "**",
    "_",
    "~~",
    "`",
    "```",
    "    ",
    "[",
    "]",
    "(",
    ")",
    "](",
    "![",
    "<",
    ">",
    "</",
    "<span title=\"软件\">",
    "</span>",
    "<!--",
    "-->",
    "<math>",
    "</math>",
    "<code>",
    "</code>",
    "&amp;",
    "&#x8F6F;",
    "&",
    "\\",
    "\\[",
    "\\]",
    "\\(",
    "\\)",
    "$",
    "$$",
    "-{",
    "}-",
    "|",
    ";",
    ":",
    "zh-cn:",
    "zh-tw:",
    "H|",
    "\\-{",
    "#",
    "## ",
    "> ",
    "- ",
    "1. ",
    "---",
    "[^1]",
    "[^1]: ",
    "http://x.org/软件",
    "<http://a.b>",
    "\"",
    "wikilink",
    "Category:",
    "\r\n",
    "\t",
    "é",
    "𠀀",
];

fn piece() -> impl Strategy<Value = &'static str> {
    proptest::sample::select(PIECES)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn tiles_any_mix_of_markup(pieces in proptest::collection::vec(piece(), 0..60)) {
        let src: String = pieces.concat();
        assert_lossless(&src);
    }

    #[test]
    fn tiles_any_string(src in "\\PC{0,200}") {
        assert_lossless(&src);
    }
}

#[test]
fn hostile_inputs() {
    let cases = [
        "-{".repeat(100_000),
        "}-".repeat(100_000),
        "-{a".repeat(30_000) + &"}-".repeat(30_000),
        "[".repeat(100_000),
        "[a](".repeat(20_000),
        ">".repeat(10_000) + " 软件",
        "*".repeat(100_000),
        "`".repeat(50_000),
        "\\[ ".repeat(50_000) + "\\]",
        "\\( ".repeat(50_000),
        "$a ".repeat(50_000),
        "<span ".repeat(20_000),
        "<!--".repeat(20_000),
        "<code>".repeat(20_000),
        "<a title=\"".repeat(20_000),
        "<div>\n".repeat(20_000) + "软件",
        "> <div>\n> <b\n".repeat(10_000),
        "a<math>".repeat(10_000) + &"</math>".repeat(10_000),
        "- ".repeat(5_000) + "软件",
        "软件".repeat(500_000),
        "http://x.org/".repeat(20_000),
        "| a ".repeat(10_000) + "|\n" + &"|---".repeat(10_000) + "|\n",
    ];
    for src in &cases {
        assert_lossless(src);
    }
}
