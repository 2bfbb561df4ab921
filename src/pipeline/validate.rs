//! Turns pipeline YAML into a [`Pipeline`], or into a [`PipelineError`] that lists every
//! problem with `file:line:col`, the offending line with a caret, and a hint.
//!
//! Order: YAML syntax, unknown keys and wrong types come from serde-saphyr (it stops at the
//! first); then every semantic check runs and all its problems are reported together:
//! unknown variants, duplicate editions, a `fallback:` that differs from MediaWiki's,
//! unknown OpenCC configs, missing or invalid glossary/CGroup/config files, invalid regexes,
//! unusable extension keys. Relative paths are resolved against the pipeline file's folder.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_saphyr::{Location, Spanned};

use super::schema::{FormatChoice, RawEdition, RawPipeline};
use super::{BUILTIN_FORMATS, InputSettings, MarkupMode, OutputSettings, Pipeline, PipelineError};
use crate::document::Format;
use crate::edition::EditionSpec;
use crate::engine::Converter;
use crate::markup::ParseOptions;
use crate::rules::{CGroups, Glossary};
use crate::variant::Variant;

/// One thing wrong with the file.
struct Problem {
    /// 1-based line and column (in characters); 0 when unknown.
    line: u64,
    column: u64,
    /// Length of the offending text in characters (for the caret line), at least 1.
    len: u64,
    message: String,
    hint: Option<String>,
}

impl Problem {
    fn at(loc: Location, message: impl Into<String>, hint: impl Into<Option<String>>) -> Problem {
        Problem {
            line: loc.line(),
            column: loc.column(),
            len: loc.span().len().max(1),
            message: message.into(),
            hint: hint.into(),
        }
    }
}

struct Report<'a> {
    name: &'a str,
    text: &'a str,
    problems: Vec<Problem>,
}

impl Report<'_> {
    fn push(&mut self, p: Problem) {
        self.problems.push(p);
    }

    fn into_error(mut self) -> PipelineError {
        self.problems.sort_by_key(|p| (p.line, p.column));
        let mut out = String::new();
        for (i, p) in self.problems.iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            if p.line == 0 {
                out.push_str(&format!("{}: {}", self.name, p.message));
            } else {
                out.push_str(&format!(
                    "{}:{}:{}: {}",
                    self.name, p.line, p.column, p.message
                ));
                if let Some(line) = self.text.lines().nth(p.line as usize - 1) {
                    let num = p.line.to_string();
                    let pad = " ".repeat(num.len());
                    let caret_at: String = line
                        .chars()
                        .take(p.column.saturating_sub(1) as usize)
                        .map(|c| if c == '\t' { '\t' } else { ' ' })
                        .collect();
                    let carets = "^".repeat(p.len.min(80) as usize);
                    out.push_str(&format!(
                        "\n {pad} |\n {num} | {line}\n {pad} | {caret_at}{carets}"
                    ));
                }
            }
            if let Some(h) = &p.hint {
                out.push_str(&format!("\n  hint: {h}"));
            }
        }
        PipelineError(out)
    }
}

/// The message serde-saphyr gives, without its own position suffix.
fn bare_message(e: &serde_saphyr::Error) -> String {
    let m = e.without_snippet().to_string();
    match e.location() {
        Some(loc) => {
            let suffix = format!(" at line {}, column {}", loc.line(), loc.column());
            m.strip_suffix(&suffix).unwrap_or(&m).to_string()
        }
        None => m,
    }
}

fn serde_hint(message: &str) -> Option<String> {
    if message.starts_with("unknown field") {
        Some("keys are case-sensitive; the README's pipeline.yaml reference lists every key".into())
    } else if message.contains("boolean") {
        Some("write true or false".into())
    } else if message.starts_with("unknown variant") {
        Some("the value must be one of the names listed".into())
    } else if message.contains("expected a sequence") || message.contains("sequence") {
        Some("write a list: `[a, b]` or one `- item` per line".into())
    } else {
        Some("the README's pipeline.yaml reference gives every key with its type".into())
    }
}

pub fn validate(text: &str, name: &str, base: &Path) -> Result<Pipeline, PipelineError> {
    let mut report = Report {
        name,
        text,
        problems: Vec::new(),
    };
    let raw: RawPipeline = if text.trim().is_empty() {
        RawPipeline::default()
    } else {
        match serde_saphyr::from_str(text) {
            Ok(r) => r,
            Err(e) => {
                let message = bare_message(&e);
                let hint = serde_hint(&message);
                let p = match e.location() {
                    Some(loc) => Problem::at(loc, message, hint),
                    None => Problem {
                        line: 0,
                        column: 0,
                        len: 1,
                        message,
                        hint,
                    },
                };
                report.push(p);
                return Err(report.into_error());
            }
        }
    };

    let resolve = |p: &str| -> PathBuf {
        let path = Path::new(p);
        if path.is_absolute() {
            path.to_path_buf()
        } else {
            base.join(path)
        }
    };
    let relative_hint = || {
        format!(
            "relative paths are resolved against the pipeline's folder ({})",
            base.display()
        )
    };

    // input.protect → ParseOptions
    let protect = &raw.input.protect;
    let mut parse = if protect.defaults {
        ParseOptions::default()
    } else {
        ParseOptions {
            keep_templates: Vec::new(),
            keep_params: Vec::new(),
            keep_patterns: Vec::new(),
        }
    };
    for t in &protect.keep_templates {
        if !parse.keep_templates.contains(t) {
            parse.keep_templates.push(t.clone());
        }
    }
    for t in &protect.keep_params {
        if !parse.keep_params.contains(t) {
            parse.keep_params.push(t.clone());
        }
    }
    for pat in &protect.keep_patterns {
        match regex::Regex::new(&pat.value) {
            Ok(r) => parse.keep_patterns.push(r),
            Err(e) => {
                let last = e
                    .to_string()
                    .lines()
                    .last()
                    .unwrap_or("")
                    .trim()
                    .to_string();
                let first = last.strip_prefix("error: ").unwrap_or(&last).to_string();
                report.push(Problem::at(
                    pat.referenced,
                    format!("invalid regular expression `{}`: {first}", pat.value),
                    Some(
                        "the syntax is Rust's regex crate; quote patterns with backslashes in single quotes"
                            .to_string(),
                    ),
                ));
            }
        }
    }

    // input.formats
    let mut formats: BTreeMap<String, FormatChoice> = BUILTIN_FORMATS
        .iter()
        .map(|(e, f)| (e.to_string(), *f))
        .collect();
    for (ext, choice) in &raw.input.formats {
        let key = ext.trim().trim_start_matches('.').to_ascii_lowercase();
        if key.is_empty() || key.contains(['/', '\\']) {
            report.push(Problem::at(
                choice.referenced,
                format!("`{ext}` is not a file extension"),
                Some("write the extension without the dot, e.g. `wiki: wikitext`".into()),
            ));
            continue;
        }
        if matches!(key.as_str(), "jsonl" | "xml" | "bz2") {
            report.push(Problem::at(
                choice.referenced,
                format!("`.{key}` files are streams of articles, not one article"),
                Some("JSONL files and XML dumps are recognised by their extension; remove this entry".into()),
            ));
            continue;
        }
        formats.insert(key, choice.value);
    }

    // input.paths
    let paths: Vec<PathBuf> = raw.input.paths.iter().map(|p| resolve(&p.value)).collect();
    for (p, raw_p) in paths.iter().zip(&raw.input.paths) {
        if raw_p.value != "-" && !p.exists() {
            report.push(Problem::at(
                raw_p.referenced,
                format!("input `{}` does not exist ({})", raw_p.value, p.display()),
                Some(relative_hint()),
            ));
        }
    }

    // input.cgroups
    let mut cgroup_paths = Vec::new();
    for c in &raw.input.cgroups {
        let p = resolve(&c.value);
        if p.is_file() {
            cgroup_paths.push(p);
        } else {
            report.push(Problem::at(
                c.referenced,
                format!("CGroup file `{}` not found ({})", c.value, p.display()),
                Some(relative_hint()),
            ));
        }
    }
    let cgroups = if cgroup_paths.len() == raw.input.cgroups.len() {
        let refs: Vec<&Path> = cgroup_paths.iter().map(PathBuf::as_path).collect();
        match CGroups::load(&refs) {
            Ok(g) => Arc::new(g),
            Err(e) => {
                // Point at the entry that names the failing file.
                let file = match &e {
                    crate::rules::RulesError::Parse { file, .. }
                    | crate::rules::RulesError::Io { file, .. } => file.clone(),
                };
                let entry = raw
                    .input
                    .cgroups
                    .iter()
                    .zip(&cgroup_paths)
                    .find(|(_, p)| p.display().to_string() == file);
                let message = format!("CGroup file {e}");
                let hint = Some("the README describes the CGroup file format".to_string());
                report.push(match entry {
                    Some((c, _)) => Problem::at(c.referenced, message, hint),
                    None => Problem {
                        line: 0,
                        column: 0,
                        len: 1,
                        message,
                        hint,
                    },
                });
                Arc::new(CGroups::default())
            }
        }
    } else {
        Arc::new(CGroups::default())
    };

    // output
    let out = &raw.output;
    if out.front_matter && !out.titles {
        report.push(Problem {
            line: 0,
            column: 0,
            len: 1,
            message: "output.front_matter needs output.titles: true".into(),
            hint: Some("set titles: true, or drop front_matter".into()),
        });
    }

    // editions
    let mut editions = Vec::new();
    match &raw.editions {
        None => {
            for v in Variant::EDITIONS {
                let mut spec = EditionSpec::new(v);
                spec.cgroups = cgroups.clone();
                spec.keep_markup = out.markup == MarkupMode::Keep;
                spec.localize_quotes = out.localize_quotes && quotes_apply(v);
                editions.push(spec);
            }
        }
        Some(list) if list.value.is_empty() => report.push(Problem::at(
            list.referenced,
            "`editions` is empty",
            Some("list at least one variant, or remove the key for all eight".to_string()),
        )),
        Some(list) => {
            let mut seen = BTreeSet::new();
            for e in &list.value {
                if let Some(spec) = edition(e, &mut report, &resolve, &relative_hint, &mut seen) {
                    let mut spec = spec;
                    spec.cgroups = cgroups.clone();
                    spec.keep_markup = out.markup == MarkupMode::Keep;
                    spec.localize_quotes = e
                        .localize_quotes
                        .unwrap_or(out.localize_quotes && quotes_apply(spec.variant));
                    editions.push(spec);
                }
            }
        }
    }

    if !report.problems.is_empty() {
        return Err(report.into_error());
    }
    Ok(Pipeline {
        editions,
        parse,
        input: InputSettings {
            paths,
            formats,
            jsonl_format: raw.input.jsonl_format.unwrap_or(Format::Wikitext),
            cgroups,
        },
        output: OutputSettings {
            dir: out.dir.as_deref().map(resolve),
            layout: out.layout,
            markup: out.markup,
            titles: out.titles,
            front_matter: out.front_matter,
        },
        file: None,
    })
}

/// Quote localisation is meant for the editions that write 「」『』.
fn quotes_apply(v: Variant) -> bool {
    matches!(v, Variant::ZhTW | Variant::ZhHK | Variant::ZhMO)
}

fn variant_hint(s: &str) -> String {
    let t = s.to_ascii_lowercase();
    let guess = Variant::EDITIONS
        .iter()
        .find(|v| {
            let tag = v.tag().to_ascii_lowercase();
            tag.ends_with(t.trim_start_matches("zh").trim_start_matches(['-', '_']))
                && !t
                    .trim_start_matches("zh")
                    .trim_start_matches(['-', '_'])
                    .is_empty()
        })
        .map(|v| format!("did you mean `{}`? ", v.tag()))
        .unwrap_or_default();
    format!("{guess}the variants are zh-Hans zh-Hant zh-CN zh-TW zh-HK zh-MO zh-SG zh-MY")
}

fn edition(
    e: &RawEdition,
    report: &mut Report<'_>,
    resolve: &dyn Fn(&str) -> PathBuf,
    relative_hint: &dyn Fn() -> String,
    seen: &mut BTreeSet<Variant>,
) -> Option<EditionSpec> {
    let Some(variant) = Variant::parse_edition(&e.variant.value) else {
        report.push(Problem::at(
            e.variant.referenced,
            format!("unknown variant `{}`", e.variant.value),
            Some(variant_hint(&e.variant.value)),
        ));
        return None;
    };
    if !seen.insert(variant) {
        report.push(Problem::at(
            e.variant.referenced,
            format!("edition {} is listed twice", variant.tag()),
            Some("list each variant once".to_string()),
        ));
        return None;
    }
    let mut spec = EditionSpec::new(variant);
    let mut ok = true;

    if let Some(chain) = &e.fallback {
        check_fallback(variant, chain, report);
    }

    if let Some(configs) = &e.configs {
        if configs.value.is_empty() {
            report.push(Problem::at(
                configs.referenced,
                format!("edition {}: `configs` is empty", variant.tag()),
                Some(format!(
                    "remove the key for the default ({}) or name at least one config",
                    variant.default_configs().join(", ")
                )),
            ));
            ok = false;
        }
        let mut converters = Vec::new();
        for c in &configs.value {
            match load_config(&c.value, resolve) {
                Ok(conv) => converters.push(conv),
                Err((message, hint)) => {
                    report.push(Problem::at(c.referenced, message, Some(hint)));
                    ok = false;
                }
            }
        }
        spec.converters = converters;
    }

    for g in &e.glossaries {
        let p = resolve(&g.value);
        if !p.is_file() {
            report.push(Problem::at(
                g.referenced,
                format!("glossary `{}` not found ({})", g.value, p.display()),
                Some(relative_hint()),
            ));
            ok = false;
            continue;
        }
        match Glossary::load(&p) {
            Ok(gl) => spec.glossaries.push(Arc::new(gl)),
            Err(err) => {
                report.push(Problem::at(
                    g.referenced,
                    format!("glossary `{}`: {err}", g.value),
                    Some("the README describes the glossary format".to_string()),
                ));
                ok = false;
            }
        }
    }
    ok.then_some(spec)
}

fn load_config(
    spec: &str,
    resolve: &dyn Fn(&str) -> PathBuf,
) -> Result<Converter, (String, String)> {
    let hint = "a built-in config (s2t t2s s2tw tw2s s2twp tw2sp s2hk hk2s s2hkp hk2sp t2tw tw2t t2hk hk2t t2jp jp2t) or a path to an OpenCC config .json".to_string();
    if let Ok(c) = Converter::builtin(spec) {
        return Ok(c);
    }
    let looks_like_path = spec.contains(['/', '\\']) || spec.ends_with(".json");
    let path = resolve(spec);
    if path.is_file() {
        Converter::from_config_file(&path)
            .map_err(|e| (format!("OpenCC config `{spec}`: {e}"), hint))
    } else if looks_like_path {
        Err((
            format!("OpenCC config file `{spec}` not found ({})", path.display()),
            hint,
        ))
    } else {
        Err((format!("unknown OpenCC config `{spec}`"), hint))
    }
}

fn check_fallback(
    variant: Variant,
    chain: &Spanned<Vec<Spanned<String>>>,
    report: &mut Report<'_>,
) {
    let fixed: Vec<&str> = variant.fallbacks().iter().map(|v| v.code()).collect();
    let mut given = Vec::new();
    for item in &chain.value {
        match Variant::parse_edition(&item.value) {
            Some(v) => given.push(v),
            None => {
                report.push(Problem::at(
                    item.referenced,
                    format!("unknown variant `{}` in fallback", item.value),
                    Some(variant_hint(&item.value)),
                ));
                return;
            }
        }
    }
    if given.as_slice() != variant.fallbacks() {
        report.push(Problem::at(
            chain.referenced,
            format!(
                "edition {}: MediaWiki's fallback chain is [{}], not the one written here",
                variant.tag(),
                fixed.join(", ")
            ),
            Some(format!(
                "the chain is fixed by MediaWiki (it decides which text of a -{{ }}- rule each edition shows); write [{}] or remove the key",
                fixed.join(", ")
            )),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(yaml: &str) -> String {
        match validate(yaml, "p.yaml", Path::new("/nonexistent-base")) {
            Ok(_) => panic!("expected an error for:\n{yaml}"),
            Err(e) => e.0,
        }
    }

    #[test]
    fn empty_file_is_the_default() {
        let p = validate("# nothing\n", "p.yaml", Path::new(".")).unwrap();
        assert_eq!(p.editions.len(), 8);
        let p = validate("", "p.yaml", Path::new(".")).unwrap();
        assert_eq!(p.editions.len(), 8);
    }

    #[test]
    fn unknown_key_has_position_and_hint() {
        let e = err("editions:\n  - variant: zh-TW\n    confgs: [s2twp]\n");
        assert_eq!(
            e,
            "p.yaml:3:5: unknown field `confgs`, expected one of variant, configs, fallback, glossaries, localize_quotes\n   |\n 3 |     confgs: [s2twp]\n   |     ^^^^^^\n  hint: keys are case-sensitive; the README's pipeline.yaml reference lists every key"
        );
    }

    #[test]
    fn wrong_type_has_position() {
        let e = err("output:\n  titles: maybe\n");
        assert!(e.starts_with("p.yaml:2:11: invalid boolean\n"), "{e}");
        let e = err("output:\n  layout: zip\n");
        assert!(
            e.starts_with(
                "p.yaml:2:11: unknown variant `zip`, expected one of auto, tree, jsonl, xml\n"
            ),
            "{e}"
        );
    }

    #[test]
    fn semantic_problems_are_all_reported() {
        let e = err(concat!(
            "editions:\n",
            "  - variant: zh-XX\n",
            "  - variant: zh-TW\n",
            "    configs: [s2twp, nope]\n",
            "    glossaries: [missing.yaml]\n",
            "  - variant: zh-tw\n",
            "  - variant: zh-HK\n",
            "    fallback: [zh-hant, zh-mo]\n",
            "input:\n",
            "  protect:\n",
            "    keep_patterns: ['(unclosed']\n",
            "  cgroups: [groups/it.yaml]\n",
        ));
        let heads: Vec<&str> = e.lines().filter(|l| l.starts_with("p.yaml:")).collect();
        assert_eq!(
            heads,
            [
                "p.yaml:2:14: unknown variant `zh-XX`",
                "p.yaml:4:22: unknown OpenCC config `nope`",
                "p.yaml:5:18: glossary `missing.yaml` not found (/nonexistent-base/missing.yaml)",
                "p.yaml:6:14: edition zh-TW is listed twice",
                "p.yaml:8:15: edition zh-HK: MediaWiki's fallback chain is [zh-mo, zh-hant, zh-tw], not the one written here",
                "p.yaml:11:21: invalid regular expression `(unclosed`: unclosed group",
                "p.yaml:12:13: CGroup file `groups/it.yaml` not found (/nonexistent-base/groups/it.yaml)",
            ],
            "{e}"
        );
        assert!(e.contains(
            "  hint: relative paths are resolved against the pipeline's folder (/nonexistent-base)"
        ));
    }

    #[test]
    fn fewer_editions_and_options() {
        let p = validate(
            concat!(
                "editions:\n",
                "  - variant: zh-HK\n",
                "    fallback: [zh-mo, zh-hant, zh-tw]\n",
                "  - variant: zh-Hans\n",
                "    configs: [t2s]\n",
                "  - variant: zh-TW\n",
                "    localize_quotes: false\n",
                "input:\n",
                "  formats: {'.WK': wikitext, txt: ignore}\n",
                "  jsonl_format: markdown\n",
                "  protect:\n",
                "    defaults: false\n",
                "    keep_params: [圖片]\n",
                "output:\n",
                "  markup: keep\n",
                "  localize_quotes: true\n",
                "  layout: jsonl\n",
            ),
            "p.yaml",
            Path::new("."),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let vs: Vec<Variant> = p.editions.iter().map(|e| e.variant).collect();
        assert_eq!(vs, [Variant::ZhHK, Variant::ZhHans, Variant::ZhTW]);
        assert!(p.editions[0].localize_quotes);
        assert!(!p.editions[1].localize_quotes);
        assert!(!p.editions[2].localize_quotes);
        assert!(p.editions.iter().all(|e| e.keep_markup));
        assert_eq!(p.parse.keep_params, ["圖片"]);
        assert!(p.parse.keep_templates.is_empty());
        assert_eq!(p.input.formats.get("wk"), Some(&FormatChoice::Wikitext));
        assert_eq!(p.walk_format(Path::new("a.txt")), None);
        assert_eq!(p.input.jsonl_format, Format::Markdown);
        assert_eq!(p.output.layout, super::super::Layout::Jsonl);
    }
}
