//! The conversion engine: OpenCC 1.4.2's algorithm, byte for byte, on dictionaries compiled
//! into the binary at build time.
//!
//! CONTRACT (other modules rely on these signatures; the engine owner may add, not change):
//! - [`Converter`] is built once, is `Send + Sync + Clone` (cheap clone), and converts `&str`.
//! - [`Converter::phrase_len_at`] lets the edition layer put page rules in front of the
//!   dictionaries with MediaWiki's leftmost-longest semantics without breaking OpenCC's
//!   segmentation.
//! - [`Converter::trace`] and [`Converter::candidates`] feed `explain` and `check`.

use std::ops::Range;
use std::path::Path;

/// The 16 configs built into the binary.
pub const BUILTIN_CONFIGS: [&str; 16] = [
    "s2t", "t2s", "s2tw", "tw2s", "s2twp", "tw2sp", "s2hk", "hk2s", "s2hkp", "hk2sp", "t2tw",
    "tw2t", "t2hk", "hk2t", "t2jp", "jp2t",
];

#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    #[error(
        "unknown config `{0}` (expected one of s2t t2s s2tw tw2s s2twp tw2sp s2hk hk2s s2hkp hk2sp t2tw tw2t t2hk hk2t t2jp jp2t, or a path to an OpenCC config .json)"
    )]
    UnknownConfig(String),
    #[error("{path}: {message}")]
    Config { path: String, message: String },
    #[error("{path}:{line}: {message}")]
    Dictionary {
        path: String,
        line: usize,
        message: String,
    },
    #[error("{0}")]
    Io(String),
}

/// A converter for one OpenCC config.
#[derive(Clone, Debug)]
pub struct Converter {
    name: String,
}

impl Converter {
    /// A built-in config by name (`s2twp`, also `s2twp.json`).
    pub fn builtin(name: &str) -> Result<Converter, EngineError> {
        let n = name.strip_suffix(".json").unwrap_or(name);
        if BUILTIN_CONFIGS.contains(&n) {
            Ok(Converter {
                name: n.to_string(),
            })
        } else {
            Err(EngineError::UnknownConfig(name.to_string()))
        }
    }

    /// An OpenCC config file (JSON with comments and trailing commas) whose dictionaries are
    /// text files resolved relative to the config's folder.
    pub fn from_config_file(path: &Path) -> Result<Converter, EngineError> {
        Err(EngineError::Config {
            path: path.display().to_string(),
            message: "not implemented yet".into(),
        })
    }

    /// A built-in name, or else a path to a config file.
    pub fn from_spec(spec: &str) -> Result<Converter, EngineError> {
        match Converter::builtin(spec) {
            Ok(c) => Ok(c),
            Err(e) if !Path::new(spec).exists() => Err(e),
            Err(_) => Converter::from_config_file(Path::new(spec)),
        }
    }

    /// The config's name (`s2twp`, or the file stem for a config file).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Converts `text` exactly as OpenCC 1.4.2's library does (but keeps NUL bytes).
    pub fn convert(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len() + text.len() / 8);
        self.convert_into(text, &mut out);
        out
    }

    /// Appends the conversion of `text` to `out`.
    pub fn convert_into(&self, text: &str, out: &mut String) {
        out.push_str(text);
    }

    /// The number of bytes OpenCC's first scan consumes as one phrase at byte offset `pos`:
    /// the longest key of the segmentation dictionary (for unsegmented configs, of the first
    /// stage's phrase dictionaries) that starts at `pos`; 0 when none does.
    /// A text cut only at offsets where no such phrase is running converts piecewise exactly
    /// as it converts whole.
    pub fn phrase_len_at(&self, text: &str, pos: usize) -> usize {
        let _ = (text, pos);
        0
    }

    /// Converts `text` and reports where each piece of output came from.
    /// The concatenated `output`s equal [`Converter::convert`]'s result.
    pub fn trace(&self, text: &str) -> Vec<TracedSegment> {
        vec![TracedSegment {
            source: 0..text.len(),
            output: text.to_string(),
            hits: vec![],
        }]
    }

    /// Every conversion of `word` the dictionaries allow, default first, like OpenCC's
    /// `GetAllConversions`: an exact key match at a stage yields all its values, otherwise the
    /// default conversion; duplicates removed; empty if no dictionary has the word.
    pub fn candidates(&self, word: &str) -> Vec<String> {
        let _ = word;
        vec![]
    }
}

/// A piece of output and the source text it came from.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct TracedSegment {
    /// Byte range in the input text.
    pub source: Range<usize>,
    /// What the converter wrote for it.
    pub output: String,
    /// The dictionary entries applied to it, in stage order.
    pub hits: Vec<DictHit>,
}

/// One dictionary entry applied during a conversion.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct DictHit {
    /// 0 for normalization, then 1, 2, … for the conversion chain's stages.
    pub stage: usize,
    /// The leaf dictionary's name, e.g. `STPhrases`, `TWVariants`.
    pub dict: String,
    /// The smallest input range whose stage output contains the matched key.
    pub source: Range<usize>,
    pub key: String,
    /// The value used (the entry's first value).
    pub value: String,
    /// All values of the entry, the used one first.
    pub values: Vec<String>,
}
