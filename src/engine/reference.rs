//! A literal, slow transcription of OpenCC 1.4.2's algorithm over the *unflattened*
//! dictionary tree (hash maps, groups matched child by child, segmentation as a separate
//! pass), kept as an independent oracle for tests: the fast engine must agree with it on
//! every input. Not used by the converter itself.

use std::collections::HashMap;
use std::path::Path;

use super::EngineError;
use super::config::{ConfigSpec, DictNode, Policy};
use super::ids;

/// A config ready for the literal algorithm.
pub struct Reference {
    spec: ConfigSpec,
    leaves: Vec<(HashMap<String, String>, usize)>,
}

impl Reference {
    /// A built-in config.
    pub fn builtin(name: &str) -> Result<Reference, EngineError> {
        let json = super::builtin::config_json(name)
            .ok_or_else(|| EngineError::UnknownConfig(name.to_string()))?;
        let spec = super::config::parse(json, Path::new(""), true).map_err(|e| {
            EngineError::Dictionary {
                path: format!("{name}.json"),
                line: e.line,
                message: e.message,
            }
        })?;
        let leaves = spec
            .leaves
            .iter()
            .map(|l| {
                let super::config::LeafSource::File(p) = &l.source else {
                    unreachable!("built-in configs use files")
                };
                let file = p.file_name().and_then(|f| f.to_str()).unwrap_or("");
                let text = super::builtin::dictionary_file(file).expect("built-in dictionary");
                super::textdict::parse(text)
                    .expect("valid built-in dictionary")
                    .into_iter()
                    .map(|e| (e.key, e.values[0].clone()))
                    .collect::<HashMap<_, _>>()
            })
            .map(|m| {
                let max = m.keys().map(|k| k.len()).max().unwrap_or(0);
                (m, max)
            })
            .collect();
        Ok(Reference { spec, leaves })
    }

    fn match_at(&self, node: &DictNode, s: &[u8], i: usize) -> Option<(usize, String)> {
        match node {
            DictNode::Leaf(l) => {
                let (map, max) = &self.leaves[*l];
                let mut end = (i + max).min(s.len());
                while end > i {
                    if let Ok(k) = std::str::from_utf8(&s[i..end])
                        && let Some(v) = map.get(k)
                    {
                        return Some((end - i, v.clone()));
                    }
                    end -= 1;
                }
                None
            }
            DictNode::Group(Policy::ShortCircuit, kids) => {
                kids.iter().find_map(|k| self.match_at(k, s, i))
            }
            DictNode::Group(Policy::Union, kids) => {
                let mut best: Option<(usize, String)> = None;
                for k in kids {
                    if let Some(m) = self.match_at(k, s, i)
                        && best.as_ref().is_none_or(|b| m.0 > b.0)
                    {
                        best = Some(m);
                    }
                }
                best
            }
        }
    }

    fn unit(s: &[u8], i: usize) -> usize {
        match ids::len_at(s, i) {
            0 => ids::decode(s, i).1,
            n => n,
        }
    }

    fn stage(&self, node: &DictNode, s: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < s.len() {
            match self.match_at(node, s, i) {
                Some((n, v)) => {
                    out.extend_from_slice(v.as_bytes());
                    i += n;
                }
                None => {
                    let n = Self::unit(s, i);
                    out.extend_from_slice(&s[i..i + n]);
                    i += n;
                }
            }
        }
        out
    }

    /// Segments `s` (maximal matching), as OpenCC's `MaxMatchSegmentation`.
    fn segment<'a>(&self, node: &DictNode, s: &'a [u8]) -> Vec<&'a [u8]> {
        let mut segs = Vec::new();
        let (mut start, mut i) = (0, 0);
        while i < s.len() {
            match self.match_at(node, s, i) {
                Some((n, _)) => {
                    if start < i {
                        segs.push(&s[start..i]);
                    }
                    segs.push(&s[i..i + n]);
                    i += n;
                    start = i;
                }
                None => i += Self::unit(s, i),
            }
        }
        if start < s.len() {
            segs.push(&s[start..]);
        }
        segs
    }

    /// Converts `text` (NUL bytes kept, as tongwen does).
    pub fn convert(&self, text: &str) -> String {
        let mut s = text.as_bytes().to_vec();
        for n in &self.spec.normalization {
            s = self.stage(n, &s);
        }
        let segs = match &self.spec.segmentation {
            Some(seg) => self.segment(seg, &s),
            None => vec![&s[..]],
        };
        let mut out = Vec::new();
        for g in segs {
            let mut g = g.to_vec();
            for n in &self.spec.chain {
                g = self.stage(n, &g);
            }
            out.extend_from_slice(&g);
        }
        String::from_utf8(out).expect("conversion keeps UTF-8 valid")
    }
}
