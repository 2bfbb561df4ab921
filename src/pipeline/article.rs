//! One article → all its editions: parse once, render once per edition.
//!
//! This is the only place the runner touches conversion. A panic in a parser or renderer is
//! caught here and becomes an error for this article alone, so one pathological input cannot
//! stop a run over a whole dump.
//!
//! Editions that cannot differ are rendered once and share the rendering (see
//! [`crate::rules::alike`] for the exact conditions): editions with the same OpenCC chain
//! and output options whose page rules do the same thing (by default zh-CN/zh-SG/zh-MY share
//! `tw2sp` and zh-HK/zh-MO share `s2hkp`, so a page whose rules name no Singapore, Malaysia
//! or Macau form costs five renders instead of eight), and every edition of a `__NOCC__`
//! page. Signatures are computed only for editions that have a candidate twin.

use std::panic::{AssertUnwindSafe, catch_unwind};

use crate::document::Format;
use crate::edition::{Preconverted, Rendered, TextBatch, render, render_with};
use crate::engine::Converter;
use crate::markup::parse_with;
use crate::rules::alike::{self, Signature};

use super::Pipeline;

/// Every edition of one article, in the pipeline's order; editions rendered alike share one
/// rendering.
#[derive(Debug, PartialEq, Eq)]
pub struct Editions {
    /// The distinct renderings, in order of first use.
    pub renders: Vec<Rendered>,
    /// For each edition, the index of its rendering in `renders`.
    pub of: Vec<usize>,
}

impl Editions {
    /// The rendering of edition `i`.
    pub fn get(&self, i: usize) -> &Rendered {
        &self.renders[self.of[i]]
    }

    /// The renderings edition by edition.
    pub fn iter(&self) -> impl Iterator<Item = &Rendered> {
        self.of.iter().map(|&k| &self.renders[k])
    }

    /// The number of editions.
    pub fn len(&self) -> usize {
        self.of.len()
    }

    pub fn is_empty(&self) -> bool {
        self.of.is_empty()
    }
}

/// Parses `text` once and renders every edition of the pipeline, in order.
pub fn editions(
    pipeline: &Pipeline,
    text: &str,
    format: Format,
    title: Option<&str>,
) -> Result<Editions, String> {
    catch_unwind(AssertUnwindSafe(|| {
        let doc = parse_with(text, format, &pipeline.parse);
        let specs = &pipeline.editions;
        if alike::renders_as_source(&doc) && !specs.is_empty() {
            return Editions {
                renders: vec![render(text, &doc, title, &specs[0])],
                of: vec![0; specs.len()],
            };
        }
        let page_rules = alike::has_page_rules(&doc);
        let mut sigs: Vec<Option<Signature>> = (0..specs.len()).map(|_| None).collect();
        let mut out = Editions {
            renders: Vec::with_capacity(specs.len()),
            of: Vec::with_capacity(specs.len()),
        };
        // The edition that made each rendering.
        let mut makers: Vec<usize> = Vec::with_capacity(specs.len());
        // The document's text converted once per chain, shared by the renders using it.
        // Every distinct chain of an edition without glossaries renders at least once.
        let mut chains: Vec<&[Converter]> = Vec::new();
        for spec in specs.iter().filter(|s| s.glossaries.is_empty()) {
            if !chains.iter().any(|c| same_chain(c, &spec.converters)) {
                chains.push(&spec.converters);
            }
        }
        let batches: Vec<Option<Preconverted>> = match TextBatch::new(text, &doc) {
            Some(b) if !chains.is_empty() => Preconverted::many(&b, &chains),
            _ => Vec::new(),
        };
        for (i, spec) in specs.iter().enumerate() {
            let mut twin = None;
            for (k, &j) in makers.iter().enumerate() {
                if !alike::same_conversion(&specs[j], spec) {
                    continue;
                }
                if !page_rules && spec.glossaries.is_empty() && specs[j].glossaries.is_empty() {
                    twin = Some(k);
                    break;
                }
                for e in [i, j] {
                    if sigs[e].is_none() {
                        sigs[e] = Some(alike::signature(text, &doc, &specs[e]));
                    }
                }
                if let (Some(a), Some(b)) = (&sigs[i], &sigs[j])
                    && a.renders_like(b)
                {
                    twin = Some(k);
                    break;
                }
            }
            match twin {
                Some(k) => out.of.push(k),
                None => {
                    out.of.push(out.renders.len());
                    let pre = if spec.glossaries.is_empty() {
                        batches
                            .iter()
                            .flatten()
                            .find(|b| b.is_for(&spec.converters))
                    } else {
                        None
                    };
                    out.renders.push(render_with(text, &doc, title, spec, pre));
                    makers.push(i);
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

/// True when two chains are the same loaded configs in the same order.
fn same_chain(a: &[Converter], b: &[Converter]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.same_config(y))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edition::render;

    #[test]
    fn shared_renderings_equal_separate_ones() {
        let p = Pipeline::default_pipeline();
        let samples = [
            (
                "'''软件'''与[[内存]]，“鼠标”和打印机。",
                Format::Wikitext,
                5,
            ),
            (
                "-{zh-sg:软件;zh-my:软体;zh-cn:软件;}-与内存",
                Format::Wikitext,
                7,
            ),
            (
                "{{NoteTA|1=zh-hk:軟件;zh-mo:軟體;}}软件",
                Format::Wikitext,
                6,
            ),
            (
                "{{NoteTA|1=zh-cn:软件;zh-tw:軟體;}}软件",
                Format::Wikitext,
                5,
            ),
            (
                "-{H|zh-hans:内存;zh-hant:記憶體;}-内存",
                Format::Wikitext,
                5,
            ),
            ("-{T|zh-cn:甲;zh-sg:乙}-", Format::Wikitext, 6),
            ("-{zh-tw:軟體}-", Format::Wikitext, 7),
            ("__NOCC__-{zh-tw:軟體}-软件", Format::Wikitext, 1),
            ("**内存**与[网络](x.md)", Format::Markdown, 5),
        ];
        for (text, format, renders) in samples {
            let shared = editions(&p, text, format, Some("软件")).unwrap();
            let doc = parse_with(text, format, &p.parse);
            let separate: Vec<Rendered> = p
                .editions
                .iter()
                .map(|s| render(text, &doc, Some("软件"), s))
                .collect();
            assert_eq!(shared.len(), separate.len());
            assert_eq!(
                shared.iter().cloned().collect::<Vec<_>>(),
                separate,
                "{text}"
            );
            assert_eq!(shared.renders.len(), renders, "{text}");
        }
        // The rule-bearing samples do tell the shared-chain editions apart.
        let r = editions(&p, samples[1].0, Format::Wikitext, None).unwrap();
        assert_ne!(r.get(6).text, r.get(7).text);
    }

    #[test]
    fn twins_need_the_same_chain_and_options() {
        let p = Pipeline::default_pipeline();
        let e = &p.editions;
        // zh-CN, zh-SG, zh-MY share tw2sp; zh-HK and zh-MO share s2hkp.
        let same = alike::same_conversion;
        assert!(same(&e[2], &e[6]) && same(&e[6], &e[7]));
        assert!(same(&e[4], &e[5]));
        assert!(!same(&e[0], &e[2]) && !same(&e[3], &e[4]));
        let mut quoted = e[5].clone();
        quoted.localize_quotes = true;
        assert!(!same(&e[4], &quoted));
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
