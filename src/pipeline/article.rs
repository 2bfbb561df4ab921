//! One article → all its editions: parse once, render once per edition.
//!
//! This is the only place the runner touches conversion. A panic in a parser or renderer is
//! caught here and becomes an error for this article alone, so one pathological input cannot
//! stop a run over a whole dump.

use std::panic::{AssertUnwindSafe, catch_unwind};

use crate::document::Format;
use crate::edition::{Rendered, render};
use crate::markup::parse_with;

use super::Pipeline;

/// Parses `text` once and renders every edition of the pipeline, in order.
pub fn editions(
    pipeline: &Pipeline,
    text: &str,
    format: Format,
    title: Option<&str>,
) -> Result<Vec<Rendered>, String> {
    catch_unwind(AssertUnwindSafe(|| {
        let doc = parse_with(text, format, &pipeline.parse);
        pipeline
            .editions
            .iter()
            .map(|spec| render(text, &doc, title, spec))
            .collect::<Vec<_>>()
    }))
    .map_err(|payload| {
        let what = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".into());
        format!("internal error while converting (please report this input): {what}")
    })
}

/// Gives a Markdown text a YAML front matter `title:`. A text that already has front matter
/// gets the key added unless it has one; the rest of the text is unchanged.
pub fn with_front_matter(text: &str, title: &str) -> String {
    let quoted = serde_json::to_string(title).unwrap_or_else(|_| "\"\"".into());
    let line = format!("title: {quoted}\n");
    let body_start = text
        .strip_prefix("---\n")
        .map(|_| 4)
        .or_else(|| text.strip_prefix("---\r\n").map(|_| 5));
    if let Some(start) = body_start {
        // Find the closing `---` (or `...`) line.
        let mut has_title = false;
        for l in text[start..].split_inclusive('\n') {
            let trimmed = l.trim_end();
            if trimmed == "---" || trimmed == "..." {
                if has_title {
                    return text.to_string();
                }
                let mut out = String::with_capacity(text.len() + line.len());
                out.push_str(&text[..start]);
                out.push_str(&line);
                out.push_str(&text[start..]);
                return out;
            }
            if trimmed.starts_with("title:") {
                has_title = true;
            }
        }
        // An unclosed front matter is not front matter: fall through and prepend one.
    }
    let mut out = String::with_capacity(text.len() + line.len() + 9);
    out.push_str("---\n");
    out.push_str(&line);
    out.push_str("---\n\n");
    out.push_str(text);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_rendering_per_edition() {
        let p = Pipeline::default_pipeline();
        let r = editions(&p, "[[A|b]]", Format::Wikitext, Some("T")).unwrap();
        assert_eq!(r.len(), 8);
    }

    #[test]
    fn front_matter() {
        assert_eq!(
            with_front_matter("正文\n", "軟體"),
            "---\ntitle: \"軟體\"\n---\n\n正文\n"
        );
        assert_eq!(
            with_front_matter("---\nlang: zh\n---\n正文", "a\"b"),
            "---\ntitle: \"a\\\"b\"\nlang: zh\n---\n正文"
        );
        let has = "---\ntitle: 原\n---\n正文";
        assert_eq!(with_front_matter(has, "新"), has);
        assert_eq!(
            with_front_matter("---\nno end", "t"),
            "---\ntitle: \"t\"\n---\n\n---\nno end"
        );
    }
}
