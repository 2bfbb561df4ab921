//! OpenCC config files (JSONC) as a tree of dictionary specs, read as OpenCC 1.4.2's library
//! reads them:
//! - `conversion_chain` (required array): each object element `{ "dict": … }` is a stage;
//!   non-object elements are ignored. `normalization` (optional) has the same shape and runs
//!   first on the whole text. `segmentation` (optional) must be `{ "type": "mmseg", "dict": … }`.
//!   `name` is ignored.
//! - A dict is `{"type":"text","file":…}`, `{"type":"inline","entries":{k:v,…}}` or
//!   `{"type":"group","match_policy":"short_circuit"|"union","dicts":[…]}` (short_circuit by
//!   default). Binary `ocd`/`ocd2` dictionaries are not supported (use their text form).
//! - `may_output_tofu: true` dictionaries are kept (the library default), except when the
//!   caller asks to drop them; a group left empty disappears, and so does a stage without a
//!   dictionary. The segmentation dictionary always keeps them.
//! - Text files are resolved relative to the config's folder.
//!
//! Self-contained (std only): `build.rs` includes this file too.

use std::path::{Path, PathBuf};

use super::jsonc::{self, Json, Value};

/// How a group combines its children.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Policy {
    /// The first child with any match wins (with its longest match).
    ShortCircuit,
    /// The longest match over all children wins; ties go to the earliest child.
    Union,
}

/// A dictionary: a leaf (index into [`ConfigSpec::leaves`]) or a group.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum DictNode {
    Leaf(usize),
    Group(Policy, Vec<DictNode>),
}

/// Where a leaf dictionary comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LeafSource {
    /// A text dictionary file (resolved path).
    File(PathBuf),
    /// Inline entries, each with a single value.
    Inline(Vec<(String, String)>),
}

/// A leaf dictionary and the name shown for it (file stem, or `inline`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LeafSpec {
    pub name: String,
    pub source: LeafSource,
    /// The config line where the dictionary is declared.
    pub line: usize,
}

/// A parsed config.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigSpec {
    pub normalization: Vec<DictNode>,
    pub segmentation: Option<DictNode>,
    pub chain: Vec<DictNode>,
    pub leaves: Vec<LeafSpec>,
}

/// An error at a 1-based line of the config file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    pub line: usize,
    pub message: String,
}

fn err(j: &Json, m: impl Into<String>) -> ConfigError {
    ConfigError {
        line: j.line,
        message: m.into(),
    }
}

/// Parses config text; `dir` is the config's folder (for relative dictionary paths).
pub fn parse(text: &str, dir: &Path, include_tofu: bool) -> Result<ConfigSpec, ConfigError> {
    let doc = jsonc::parse(text).map_err(|e| ConfigError {
        line: e.line,
        message: format!("invalid JSON: {}", e.message),
    })?;
    if !matches!(doc.value, Value::Object(_)) {
        return Err(err(&doc, "the config must be a JSON object"));
    }
    let mut p = SpecParser {
        dir,
        leaves: Vec::new(),
    };
    let segmentation = match doc.get("segmentation") {
        None => None,
        Some(seg) => {
            if !matches!(seg.value, Value::Object(_)) {
                return Err(err(seg, "`segmentation` must be an object"));
            }
            let ty = string_prop(seg, "type")?;
            if ty != "mmseg" {
                return Err(err(
                    seg,
                    format!("segmentation type `{ty}` is not supported (only `mmseg`)"),
                ));
            }
            let d = object_prop(seg, "dict")?;
            match p.dict(d, true)? {
                Some(node) => Some(node),
                None => return Err(err(d, "the segmentation dictionary is empty")),
            }
        }
    };
    let chain_json = doc
        .get("conversion_chain")
        .ok_or_else(|| err(&doc, "required property `conversion_chain` not found"))?;
    let chain = p.chain(chain_json, "conversion_chain", include_tofu)?;
    let normalization = match doc.get("normalization") {
        None => Vec::new(),
        Some(n) => p.chain(n, "normalization", include_tofu)?,
    };
    Ok(ConfigSpec {
        normalization,
        segmentation,
        chain,
        leaves: p.leaves,
    })
}

fn string_prop<'a>(j: &'a Json, name: &str) -> Result<&'a str, ConfigError> {
    match j.get(name) {
        None => Err(err(j, format!("required property `{name}` not found"))),
        Some(v) => v
            .as_str()
            .ok_or_else(|| err(v, format!("`{name}` must be a string, not {}", v.kind()))),
    }
}

fn object_prop<'a>(j: &'a Json, name: &str) -> Result<&'a Json, ConfigError> {
    match j.get(name) {
        None => Err(err(j, format!("required property `{name}` not found"))),
        Some(v) if matches!(v.value, Value::Object(_)) => Ok(v),
        Some(v) => Err(err(
            v,
            format!("`{name}` must be an object, not {}", v.kind()),
        )),
    }
}

struct SpecParser<'a> {
    dir: &'a Path,
    leaves: Vec<LeafSpec>,
}

impl SpecParser<'_> {
    fn chain(
        &mut self,
        j: &Json,
        name: &str,
        include_tofu: bool,
    ) -> Result<Vec<DictNode>, ConfigError> {
        let Value::Array(items) = &j.value else {
            return Err(err(
                j,
                format!("`{name}` must be an array, not {}", j.kind()),
            ));
        };
        let mut out = Vec::new();
        for item in items {
            // OpenCC silently skips stages that are not objects.
            if !matches!(item.value, Value::Object(_)) {
                continue;
            }
            let d = object_prop(item, "dict")?;
            if let Some(node) = self.dict(d, include_tofu)? {
                out.push(node);
            }
        }
        Ok(out)
    }

    fn dict(&mut self, j: &Json, include_tofu: bool) -> Result<Option<DictNode>, ConfigError> {
        let ty = string_prop(j, "type")?;
        if ty == "inline" {
            if j.get("may_output_tofu").is_some() {
                return Err(err(
                    j,
                    "an inline dictionary does not take `may_output_tofu`",
                ));
            }
            let entries = object_prop(j, "entries")?;
            let Value::Object(members) = &entries.value else {
                unreachable!("checked by object_prop")
            };
            let mut list = Vec::with_capacity(members.len());
            for (k, v) in members {
                if k.is_empty() {
                    return Err(err(v, "an inline dictionary key must not be empty"));
                }
                match v.as_str() {
                    Some(s) if !s.is_empty() => list.push((k.clone(), s.to_string())),
                    _ => {
                        return Err(err(
                            v,
                            format!("the value of inline key `{k}` must be a non-empty string"),
                        ));
                    }
                }
            }
            let mut sorted: Vec<&str> = list.iter().map(|(k, _)| k.as_str()).collect();
            sorted.sort_unstable();
            if let Some(w) = sorted.windows(2).find(|w| w[0] == w[1]) {
                return Err(err(
                    entries,
                    format!("inline dictionary has duplicate key `{}`", w[0]),
                ));
            }
            self.leaves.push(LeafSpec {
                name: "inline".into(),
                source: LeafSource::Inline(list),
                line: j.line,
            });
            return Ok(Some(DictNode::Leaf(self.leaves.len() - 1)));
        }
        let tofu = match j.get("may_output_tofu") {
            None => false,
            Some(v) => match v.value {
                Value::Bool(b) => b,
                _ => return Err(err(v, "`may_output_tofu` must be a boolean")),
            },
        };
        if tofu && !include_tofu {
            return Ok(None);
        }
        match ty {
            "group" => {
                let policy = match j.get("match_policy") {
                    None => Policy::ShortCircuit,
                    Some(v) => match v.as_str() {
                        Some("short_circuit") => Policy::ShortCircuit,
                        Some("union") => Policy::Union,
                        Some(o) => return Err(err(v, format!("unknown match_policy `{o}`"))),
                        None => return Err(err(v, "`match_policy` must be a string")),
                    },
                };
                let dicts = j
                    .get("dicts")
                    .ok_or_else(|| err(j, "required property `dicts` not found"))?;
                let Value::Array(items) = &dicts.value else {
                    return Err(err(dicts, "`dicts` must be an array"));
                };
                let mut children = Vec::new();
                for item in items {
                    if !matches!(item.value, Value::Object(_)) {
                        return Err(err(item, "every element of `dicts` must be an object"));
                    }
                    if let Some(c) = self.dict(item, include_tofu)? {
                        children.push(c);
                    }
                }
                Ok(match children.len() {
                    0 => None,
                    1 => children.pop(),
                    _ => Some(DictNode::Group(policy, children)),
                })
            }
            "text" => {
                let file = string_prop(j, "file")?;
                let path = self.dir.join(file);
                let name = Path::new(file)
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_else(|| file.to_string());
                let source = LeafSource::File(path);
                if let Some(i) = self.leaves.iter().position(|l| l.source == source) {
                    return Ok(Some(DictNode::Leaf(i)));
                }
                self.leaves.push(LeafSpec {
                    name,
                    source,
                    line: j.line,
                });
                Ok(Some(DictNode::Leaf(self.leaves.len() - 1)))
            }
            "ocd" | "ocd2" => Err(err(
                j,
                format!(
                    "binary `{ty}` dictionaries are not supported: use the text (.txt) form with \"type\": \"text\""
                ),
            )),
            other => Err(err(j, format!("unknown dictionary type `{other}`"))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_groups_tofu_and_inline() {
        let src = r#"{
          // comment
          "name": "x",
          "segmentation": {"type": "mmseg", "dict": {"type": "text", "file": "P.txt"}},
          "conversion_chain": [
            {"dict": {"type": "group", "dicts": [
               {"type": "text", "file": "P.txt"},
               {"type": "text", "file": "T.txt", "may_output_tofu": true},
               {"type": "text", "file": "C.txt"},
            ]}},
            "ignored",
            {"dict": {"type": "inline", "entries": {"“": "「"}}},
            {"dict": {"type": "group", "match_policy": "union", "dicts": [
               {"type": "text", "file": "T.txt", "may_output_tofu": true}]}},
          ],
        }"#;
        let c = parse(src, Path::new("/d"), true).unwrap();
        assert_eq!(c.segmentation, Some(DictNode::Leaf(0)));
        assert_eq!(c.chain.len(), 3);
        assert_eq!(
            c.chain[0],
            DictNode::Group(
                Policy::ShortCircuit,
                vec![DictNode::Leaf(0), DictNode::Leaf(1), DictNode::Leaf(2)]
            )
        );
        assert_eq!(c.chain[2], DictNode::Leaf(1));
        assert_eq!(c.leaves[0].source, LeafSource::File("/d/P.txt".into()));
        assert_eq!(c.leaves[0].name, "P");
        assert_eq!(
            c.leaves[3].source,
            LeafSource::Inline(vec![("“".into(), "「".into())])
        );
        let c = parse(src, Path::new("/d"), false).unwrap();
        assert_eq!(c.chain.len(), 2);
        assert_eq!(
            c.chain[0],
            DictNode::Group(
                Policy::ShortCircuit,
                vec![DictNode::Leaf(0), DictNode::Leaf(1)]
            )
        );
    }

    #[test]
    fn errors_name_lines() {
        let e = parse(
            "{\n\"conversion_chain\": [\n{\"dict\": {\"type\": \"ocd2\", \"file\": \"a.ocd2\"}}]}",
            Path::new("."),
            true,
        )
        .unwrap_err();
        assert_eq!(e.line, 3);
        let e = parse("{}", Path::new("."), true).unwrap_err();
        assert_eq!(e.message, "required property `conversion_chain` not found");
        let e = parse("{\"conversion_chain\": [{\"dict\": {\"type\": \"inline\", \"entries\": {\"a\": \"\"}}}]}", Path::new("."), true).unwrap_err();
        assert_eq!(
            e.message,
            "the value of inline key `a` must be a non-empty string"
        );
        let e = parse(
            "{\"segmentation\": {\"type\": \"jieba\"}, \"conversion_chain\": []}",
            Path::new("."),
            true,
        )
        .unwrap_err();
        assert_eq!(
            e.message,
            "segmentation type `jieba` is not supported (only `mmseg`)"
        );
        let e = parse("{\"conversion_chain\": [{\"dict\": {\"type\": \"inline\", \"entries\": {\"a\": \"b\", \"a\": \"c\"}}}]}", Path::new("."), true).unwrap_err();
        assert_eq!(e.message, "inline dictionary has duplicate key `a`");
    }
}
