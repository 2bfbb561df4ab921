//! Glossaries sent with a request.
//!
//! A request's `glossary` field takes either
//! - a string: YAML in the glossary file format (`entries:` then a list), read by the same
//!   parser as glossary files ([`Glossary::parse`]) so the two never disagree; or
//! - JSON: a list of entries, or an object `{"entries": [...]}`, each entry an object whose
//!   keys are variant codes (`zh-cn`, `zh-tw`, …, any spelling [`Variant::parse`] accepts,
//!   also bare `zh`, as in glossary files), `keep` or `note`, with string values.
//!
//! Either way the result is one [`Glossary`] named `request` (that name shows up in `explain`
//! provenance and in messages); JSON entries are numbered from 1 in place of line numbers.

use std::fmt;

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use crate::rules::{Glossary, GlossaryEntry, RulesError};
use crate::variant::Variant;

use super::error::ApiError;

/// The file name given to a request's glossary.
pub const REQUEST_GLOSSARY: &str = "request";

/// A request's `glossary` field as sent (entries keep their keys in the order written).
#[derive(Clone, Debug, PartialEq)]
pub enum GlossaryField {
    Yaml(String),
    Entries(Vec<RawEntry>),
}

/// One JSON entry: its keys and values in the order written.
#[derive(Clone, Debug, PartialEq)]
pub struct RawEntry(pub Vec<(String, Value)>);

impl GlossaryField {
    /// Builds the glossary (see the module docs).
    pub fn load(&self) -> Result<Glossary, ApiError> {
        match self {
            GlossaryField::Yaml(yaml) => from_yaml(yaml),
            GlossaryField::Entries(entries) => from_entries(entries),
        }
    }
}

impl<'de> serde::Deserialize<'de> for GlossaryField {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct FieldVisitor;
        impl<'de> Visitor<'de> for FieldVisitor {
            type Value = GlossaryField;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("glossary YAML text, a list of entries or {\"entries\": [...]}")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<GlossaryField, E> {
                Ok(GlossaryField::Yaml(v.to_string()))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<GlossaryField, A::Error> {
                let mut entries = Vec::new();
                while let Some(e) = seq.next_element::<RawEntry>()? {
                    entries.push(e);
                }
                Ok(GlossaryField::Entries(entries))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<GlossaryField, A::Error> {
                let mut entries = None;
                while let Some(key) = map.next_key::<String>()? {
                    if key != "entries" || entries.is_some() {
                        return Err(de::Error::custom(format!(
                            "unexpected key `{key}` in glossary (expected only `entries`)"
                        )));
                    }
                    entries = Some(map.next_value::<Vec<RawEntry>>()?);
                }
                entries
                    .map(GlossaryField::Entries)
                    .ok_or_else(|| de::Error::missing_field("entries"))
            }
        }
        d.deserialize_any(FieldVisitor)
    }
}

impl<'de> serde::Deserialize<'de> for RawEntry {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct EntryVisitor;
        impl<'de> Visitor<'de> for EntryVisitor {
            type Value = RawEntry;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a glossary entry such as {\"zh-cn\": \"软件\", \"zh-tw\": \"軟體\"}")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawEntry, A::Error> {
                let mut pairs = Vec::new();
                while let Some((k, v)) = map.next_entry::<String, Value>()? {
                    pairs.push((k, v));
                }
                Ok(RawEntry(pairs))
            }
        }
        d.deserialize_map(EntryVisitor)
    }
}

/// Entries given as JSON objects; entry `n` (from 1) stands at "line" `n`.
pub fn from_entries(items: &[RawEntry]) -> Result<Glossary, ApiError> {
    let mut entries = Vec::with_capacity(items.len());
    for (i, RawEntry(pairs)) in items.iter().enumerate() {
        let n = i + 1;
        let bad = |what: String| ApiError::bad_request(format!("glossary entry {n}: {what}"));
        let mut entry = GlossaryEntry {
            line: n,
            ..GlossaryEntry::default()
        };
        for (key, value) in pairs {
            let Value::String(text) = value else {
                return Err(bad(format!("`{key}` must be a string")));
            };
            if text.is_empty() {
                return Err(bad(format!("`{key}` is empty")));
            }
            match key.as_str() {
                "keep" => entry.keep = Some(text.clone()),
                "note" => entry.note = Some(text.clone()),
                _ => match Variant::parse(key) {
                    Some(v) if entry.forms.iter().any(|(w, _)| *w == v) => {
                        return Err(bad(format!("`{key}` names {v} twice")));
                    }
                    Some(v) => entry.forms.push((v, text.clone())),
                    None => {
                        return Err(bad(format!(
                            "unknown key `{key}` (expected a variant such as zh-cn or zh-tw, `keep` or `note`)"
                        )));
                    }
                },
            }
        }
        match (&entry.keep, entry.forms.is_empty()) {
            (Some(_), false) => {
                return Err(bad("`keep` cannot be combined with variant forms".into()));
            }
            (None, true) => return Err(bad("has neither variant forms nor `keep`".into())),
            _ => {}
        }
        entries.push(entry);
    }
    #[allow(clippy::needless_update)] // the rules module may add fields
    Ok(Glossary {
        file: REQUEST_GLOSSARY.to_string(),
        entries,
        ..Glossary::default()
    })
}

/// YAML in the glossary file format, read by the same parser as glossary files; messages
/// name the glossary `request` with the line and column in the YAML text.
pub fn from_yaml(yaml: &str) -> Result<Glossary, ApiError> {
    Glossary::parse(REQUEST_GLOSSARY, yaml).map_err(|e| match e {
        RulesError::Parse {
            line,
            column,
            message,
            ..
        } => ApiError::bad_request(format!("glossary:{line}:{column}: {message}")),
        RulesError::Io { message, .. } => ApiError::bad_request(format!("glossary: {message}")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(json: &str) -> Result<Glossary, ApiError> {
        let field: GlossaryField =
            serde_json::from_str(json).map_err(|e| ApiError::bad_request(e.to_string()))?;
        field.load()
    }

    #[test]
    fn json_entries_become_glossary_entries_in_written_order() {
        let g = load(
            r#"[{"zh-tw": "軟體", "zh-cn": "软件", "note": "house style"}, {"keep": "乾隆"}]"#,
        )
        .unwrap();
        assert_eq!(g.file, "request");
        assert_eq!(
            g.entries,
            vec![
                GlossaryEntry {
                    line: 1,
                    forms: vec![
                        (Variant::ZhTW, "軟體".to_string()),
                        (Variant::ZhCN, "软件".to_string())
                    ],
                    keep: None,
                    note: Some("house style".to_string()),
                },
                GlossaryEntry {
                    line: 2,
                    forms: vec![],
                    keep: Some("乾隆".to_string()),
                    note: None,
                },
            ]
        );
        let wrapped = load(r#"{"entries": [{"keep": "乾隆"}]}"#).unwrap();
        assert_eq!(wrapped.entries.len(), 1);
        assert_eq!(
            serde_json::from_str::<GlossaryField>(r#""entries: []""#).unwrap(),
            GlossaryField::Yaml("entries: []".to_string())
        );
    }

    #[test]
    fn bad_entries_are_named() {
        let msg = |json: &str| load(json).unwrap_err().message;
        assert_eq!(
            msg(r#"[{"keep": "乾隆"}, {"zh-xx": "a"}]"#),
            "glossary entry 2: unknown key `zh-xx` (expected a variant such as zh-cn or zh-tw, `keep` or `note`)"
        );
        assert_eq!(
            msg(r#"[{"note": "n"}]"#),
            "glossary entry 1: has neither variant forms nor `keep`"
        );
        assert_eq!(
            msg(r#"[{"keep": "a", "zh-tw": "b"}]"#),
            "glossary entry 1: `keep` cannot be combined with variant forms"
        );
        assert_eq!(
            msg(r#"[{"zh-tw": 3}]"#),
            "glossary entry 1: `zh-tw` must be a string"
        );
        assert_eq!(
            msg(r#"[{"zh-tw": "a", "zh_TW": "b"}]"#),
            "glossary entry 1: `zh_TW` names zh-TW twice"
        );
        assert_eq!(
            msg("7"),
            "invalid type: integer `7`, expected glossary YAML text, a list of entries or {\"entries\": [...]} at line 1 column 1"
        );
        assert_eq!(
            msg(r#"[["a"]]"#),
            "invalid type: sequence, expected a glossary entry such as {\"zh-cn\": \"软件\", \"zh-tw\": \"軟體\"} at line 1 column 1"
        );
    }
}
