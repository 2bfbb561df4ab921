//! One article → all its editions: parse once, render once per edition.
//!
//! This is the only place the runner touches conversion. A panic in a parser or renderer is
//! caught here and becomes an error for this article alone, so one pathological input cannot
//! stop a run over a whole dump.
//!
//! Editions that cannot differ are rendered once: when the document has no `-{ }-` markup and
//! no NoteTA (the only sources of variant-specific page rules), two editions with the same
//! OpenCC chain, no glossaries and the same output options produce the same text, title and
//! warnings (by default zh-CN/zh-SG/zh-MY share `tw2sp` and zh-HK/zh-MO share `s2hkp`, so a
//! plain article costs five renders instead of eight).

use std::panic::{AssertUnwindSafe, catch_unwind};

use crate::document::{Format, Span};
use crate::edition::{EditionSpec, Preconverted, Rendered, render_with};
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
        let no_page_rules = !doc
            .spans
            .iter()
            .any(|s| matches!(s, Span::Markup(_) | Span::NoteTA(_)));
        let specs = &pipeline.editions;
        let mut out: Vec<Rendered> = Vec::with_capacity(specs.len());
        // The document's text converted once per chain, shared by the editions using it.
        let mut batches: Vec<Preconverted> = Vec::new();
        for (i, spec) in specs.iter().enumerate() {
            let twin = no_page_rules
                .then(|| (0..i).find(|&j| same_rendering(&specs[j], spec)))
                .flatten();
            match twin {
                Some(j) => {
                    let r = out[j].clone();
                    out.push(r);
                }
                None => {
                    let wanted = spec.glossaries.is_empty() && !doc.meta.no_content_conversion;
                    let mut pre = batches.iter().position(|b| b.is_for(&spec.converters));
                    if pre.is_none()
                        && wanted
                        && let Some(b) = Preconverted::new(text, &doc, &spec.converters)
                    {
                        batches.push(b);
                        pre = Some(batches.len() - 1);
                    }
                    let pre = pre.filter(|_| wanted).map(|k| &batches[k]);
                    out.push(render_with(text, &doc, title, spec, pre));
                }
            }
        }
        out
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

/// True when two editions render any document without page rules identically.
fn same_rendering(a: &EditionSpec, b: &EditionSpec) -> bool {
    a.glossaries.is_empty()
        && b.glossaries.is_empty()
        && a.keep_markup == b.keep_markup
        && a.localize_quotes == b.localize_quotes
        && a.converters.len() == b.converters.len()
        && a.converters
            .iter()
            .zip(&b.converters)
            .all(|(x, y)| x.same_config(y))
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
    use crate::edition::render;

    #[test]
    fn shared_renderings_equal_separate_ones() {
        let p = Pipeline::default_pipeline();
        let samples = [
            ("'''软件'''与[[内存]]，“鼠标”和打印机。", Format::Wikitext),
            (
                "-{zh-sg:软件;zh-my:软体;zh-cn:软件;}-与内存",
                Format::Wikitext,
            ),
            ("{{NoteTA|1=zh-hk:軟件;zh-mo:軟體;}}软件", Format::Wikitext),
            ("**内存**与[网络](x.md)", Format::Markdown),
        ];
        for (text, format) in samples {
            let shared = editions(&p, text, format, Some("软件")).unwrap();
            let doc = parse_with(text, format, &p.parse);
            let separate: Vec<Rendered> = p
                .editions
                .iter()
                .map(|s| render(text, &doc, Some("软件"), s))
                .collect();
            assert_eq!(shared, separate, "{text}");
        }
        // The rule-bearing samples do tell the shared-chain editions apart.
        let r = editions(&p, samples[1].0, Format::Wikitext, None).unwrap();
        assert_ne!(r[6].text, r[7].text);
    }

    #[test]
    fn twins_need_the_same_chain_and_options() {
        let p = Pipeline::default_pipeline();
        let e = &p.editions;
        // zh-CN, zh-SG, zh-MY share tw2sp; zh-HK and zh-MO share s2hkp.
        assert!(same_rendering(&e[2], &e[6]) && same_rendering(&e[6], &e[7]));
        assert!(same_rendering(&e[4], &e[5]));
        assert!(!same_rendering(&e[0], &e[2]) && !same_rendering(&e[3], &e[4]));
        let mut quoted = e[5].clone();
        quoted.localize_quotes = true;
        assert!(!same_rendering(&e[4], &quoted));
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
