//! The conversion engine: OpenCC 1.4.2's algorithm, byte for byte, on dictionaries compiled
//! into the binary at build time.
//!
//! CONTRACT (other modules rely on these signatures; the engine owner may add, not change):
//! - [`Converter`] is built once, is `Send + Sync + Clone` (cheap clone), and converts `&str`.
//! - [`Converter::phrase_len_at`] lets the edition layer put page rules in front of the
//!   dictionaries with MediaWiki's leftmost-longest semantics without breaking OpenCC's
//!   segmentation.
//! - [`Converter::trace`] and [`Converter::candidates`] feed `explain` and `check`.
//!
//! Design (see the module docs for each part):
//! - [`config`] reads OpenCC config files (JSONC, [`jsonc`]) into a tree of dictionaries;
//!   [`textdict`] reads text dictionaries; [`flatten`] turns each stage's group tree into one
//!   key set with the same longest-match behaviour; [`dat`] stores it as a character-wise
//!   double-array trie; [`plan`] compiles a config (fusion of segmentation with stage 1,
//!   precomputed phrase outputs). `build.rs` runs the same code on the 16 built-in configs
//!   and embeds the result ([`builtin`]), so nothing is read from disk at run time.
//! - [`scan`] is OpenCC's per-position greedy loop (IDS included); [`fast`] drives it for
//!   conversion; [`trace`] runs an instrumented copy of the same algorithm layer by layer for
//!   provenance and phrase boundaries; [`candidates`] mirrors `GetAllConversions`;
//!   [`reference`] is a literal slow transcription used as an oracle in tests.
//!
//! One deliberate divergence from OpenCC: NUL bytes are kept. OpenCC hands each segment of a
//! segmented config to its chain as a C string, dropping everything from a NUL to the end of
//! that segment; tongwen converts every byte.

pub mod ambiguity;
pub mod builtin;
pub mod candidates;
pub mod config;
pub mod dat;
pub mod family;
pub mod fast;
pub mod flatten;
pub mod ids;
pub mod jsonc;
#[cfg(feature = "libopencc")]
pub mod libopencc;
pub mod plan;
#[doc(hidden)]
pub mod reference;
pub mod scan;
pub mod stream;
pub mod textdict;
pub mod trace;

use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;
use std::sync::{Arc, OnceLock};

use plan::Plan;

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

/// Key → all values of one leaf dictionary.
pub(crate) type LeafMap = Arc<HashMap<String, Vec<String>>>;

/// A compiled config with what trace and candidates need.
pub(crate) struct Engine {
    pub(crate) plan: Arc<Plan>,
    /// Lead bytes of each normalization trie's key-initial characters (see `fast`).
    pub(crate) norm_lead: Vec<Option<fast::Trigger>>,
    /// Characters that stages 2.. of a fused plan act on (see [`fast::later_stops`]).
    pub(crate) later: Option<Box<[u64; 1024]>>,
    pub(crate) leaf_names: Vec<String>,
    /// `None` for the built-in leaves (parsed on demand from the embedded text).
    pub(crate) leaf_maps: Option<Vec<LeafMap>>,
    /// Facts for cutting streams, computed on first use.
    pub(crate) cut: OnceLock<stream::CutInfo>,
    /// [`Converter::newline_neutral`], computed on first use.
    neutral: OnceLock<bool>,
    /// [`fast::norm_folds`], computed on first use.
    norm_fold: OnceLock<bool>,
}

impl Engine {
    fn new(plan: Arc<Plan>, leaf_names: Vec<String>, leaf_maps: Option<Vec<LeafMap>>) -> Engine {
        let norm_lead = plan.norm.iter().map(|t| fast::Trigger::new(t)).collect();
        let later = fast::later_stops(&plan);
        Engine {
            plan,
            norm_lead,
            later,
            leaf_names,
            leaf_maps,
            cut: OnceLock::new(),
            neutral: OnceLock::new(),
            norm_fold: OnceLock::new(),
        }
    }

    /// All values of `key` in leaf `leaf`.
    pub(crate) fn leaf_values(&self, leaf: u32, key: &str) -> Option<Vec<String>> {
        match &self.leaf_maps {
            Some(maps) => maps.get(leaf as usize)?.get(key).cloned(),
            None => builtin::leaf_values(leaf as usize, key),
        }
    }

    pub(crate) fn leaf_name(&self, leaf: u32) -> &str {
        self.leaf_names
            .get(leaf as usize)
            .map(String::as_str)
            .unwrap_or("?")
    }

    pub(crate) fn convert_into(&self, text: &str, out: &mut String) {
        // SAFETY: the converter only appends whole UTF-8 sequences (slices of `text` cut at
        // character boundaries and dictionary values, which are `str`s), so `out` stays
        // valid UTF-8 after every append.
        let v = unsafe { out.as_mut_vec() };
        fast::with_scratch(|scratch| {
            fast::convert(
                &self.plan,
                &self.norm_lead,
                self.later.as_deref(),
                *self.norm_fold.get_or_init(|| fast::norm_folds(&self.plan)),
                text.as_bytes(),
                v,
                scratch,
            )
        });
    }
}

#[derive(Clone)]
enum Backend {
    Native(Arc<Engine>),
    #[cfg(feature = "libopencc")]
    System(Arc<libopencc::System>),
}

/// A converter for one OpenCC config.
#[derive(Clone)]
pub struct Converter {
    name: String,
    backend: Backend,
}

impl std::fmt::Debug for Converter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Converter")
            .field("name", &self.name)
            .finish()
    }
}

static BUILTIN_ENGINES: [OnceLock<Arc<Engine>>; 16] = [const { OnceLock::new() }; 16];

impl Converter {
    /// A built-in config by name (`s2twp`, also `s2twp.json`).
    pub fn builtin(name: &str) -> Result<Converter, EngineError> {
        let n = name.strip_suffix(".json").unwrap_or(name);
        let Some(i) = builtin::index(n) else {
            return Err(EngineError::UnknownConfig(name.to_string()));
        };
        let engine = BUILTIN_ENGINES[i]
            .get_or_init(|| Arc::new(Engine::new(builtin::plan(i), builtin::leaf_names(), None)))
            .clone();
        Ok(Converter {
            name: n.to_string(),
            backend: Backend::Native(engine),
        })
    }

    /// An OpenCC config file (JSON with comments and trailing commas) whose dictionaries are
    /// text files resolved relative to the config's folder. A dictionary file that does not
    /// exist there but is named like one of OpenCC's (`STPhrases.txt`, …) is taken from the
    /// built-in copy. Dictionaries marked `may_output_tofu` are included, like the library.
    pub fn from_config_file(path: &Path) -> Result<Converter, EngineError> {
        let engine = load_config_file(path)?;
        let name = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| path.display().to_string());
        Ok(Converter {
            name,
            backend: Backend::Native(Arc::new(engine)),
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

    /// A converter running the system's OpenCC library (libopencc, through opencc-rust) with
    /// the named config (`s2twp` or a path to a `.json`). Only `convert` and `convert_into`
    /// use the library; `trace` reports one segment without provenance, `candidates` is
    /// empty and `phrase_len_at` is the built-in engine's answer for the same config name.
    #[cfg(feature = "libopencc")]
    pub fn system(config: &str) -> Result<Converter, EngineError> {
        let sys = libopencc::System::new(config)?;
        let n = config.strip_suffix(".json").unwrap_or(config);
        Ok(Converter {
            name: n.to_string(),
            backend: Backend::System(Arc::new(sys)),
        })
    }

    /// True when both converters run the same loaded config (the same built-in, or clones of
    /// one loaded file), so they convert every text identically. (Added for the batch runner,
    /// which renders editions that share a chain once per article when no page rule can tell
    /// them apart.)
    pub fn same_config(&self, other: &Converter) -> bool {
        match (&self.backend, &other.backend) {
            (Backend::Native(a), Backend::Native(b)) => Arc::ptr_eq(a, b),
            #[cfg(feature = "libopencc")]
            (Backend::System(a), Backend::System(b)) => Arc::ptr_eq(a, b),
            #[cfg(feature = "libopencc")]
            _ => false,
        }
    }

    /// True when no key and no value of any of the config's dictionaries contains a newline,
    /// so `a + "\n" + b` converts to `convert(a) + "\n" + convert(b)` whenever neither `a`
    /// nor `b` holds an ideographic description operator (U+2FF0–U+2FFF, whose operands may
    /// be newlines). True for every built-in config; false for the system library backend.
    /// Callers use it to convert many short texts in one call.
    pub fn newline_neutral(&self) -> bool {
        match &self.backend {
            Backend::Native(e) => *e.neutral.get_or_init(|| {
                let p = &*e.plan;
                p.norm
                    .iter()
                    .chain(p.seg.iter())
                    .chain(p.chain.iter())
                    .all(|t| t.code(u32::from(b'\n')) == 0 && neutral_values(&t.arena))
                    && neutral_values(&p.phrase_arena)
            }),
            #[cfg(feature = "libopencc")]
            Backend::System(_) => false,
        }
    }

    /// Converts `text` with each of `convs`, appending to `outs[i]`: the same results as
    /// [`Converter::convert_into`] for each, but configs that share their first stage (the
    /// S→T configs s2t, s2tw, s2twp, s2hk, s2hkp) scan the text once (see [`family`]).
    pub fn convert_many(convs: &[&Converter], text: &str, outs: &mut [&mut String]) {
        family::convert_many(convs, text, outs)
    }

    /// The config's name (`s2twp`, or the file stem for a config file).
    pub fn name(&self) -> &str {
        &self.name
    }

    pub(crate) fn engine(&self) -> Option<&Engine> {
        match &self.backend {
            Backend::Native(e) => Some(e),
            #[cfg(feature = "libopencc")]
            Backend::System(s) => s.engine(),
        }
    }

    /// Converts `text` exactly as OpenCC 1.4.2's library does (but keeps NUL bytes).
    pub fn convert(&self, text: &str) -> String {
        let mut out = output_buffer(text.len() + text.len() / 8);
        self.convert_into(text, &mut out);
        out
    }

    /// Appends the conversion of `text` to `out`.
    pub fn convert_into(&self, text: &str, out: &mut String) {
        match &self.backend {
            Backend::Native(e) => e.convert_into(text, out),
            #[cfg(feature = "libopencc")]
            Backend::System(s) => out.push_str(&s.convert(text)),
        }
    }

    /// The length in bytes of the *atomic span* that starts at byte offset `pos`, when it is
    /// longer than one character; 0 otherwise (also when `pos` is not a character boundary).
    ///
    /// Precisely: assuming OpenCC's scans pass through `pos` (true at 0 and at every offset
    /// this walk reaches), the result is the distance to the next offset `q > pos` where every
    /// scan of the conversion passes through again — the normalization stages, the
    /// segmentation and each chain stage inside its segment. For unsegmented one-stage
    /// configs (s2t, t2s, …) that is the longest key of the stage's dictionary starting at
    /// `pos`; for segmented ones, the segmentation phrase starting at `pos` or, inside an
    /// unmatched run, the span that stage 2 and later keys bind together. A complete IDS
    /// also counts. Walking `p = 0; p += max(phrase_len_at(text, p), len of char at p)`
    /// visits only such offsets, and a text cut at any of them converts piecewise exactly as
    /// it converts whole.
    pub fn phrase_len_at(&self, text: &str, pos: usize) -> usize {
        match self.engine() {
            Some(e) => trace::phrase_len_at(e, text, pos),
            None => 0,
        }
    }

    /// Converts `text` and reports where each piece of output came from.
    /// The concatenated `output`s equal [`Converter::convert`]'s result.
    pub fn trace(&self, text: &str) -> Vec<TracedSegment> {
        match &self.backend {
            Backend::Native(e) => trace::trace(e, text),
            #[cfg(feature = "libopencc")]
            Backend::System(s) => {
                if text.is_empty() {
                    return vec![];
                }
                vec![TracedSegment {
                    source: 0..text.len(),
                    output: s.convert(text),
                    hits: vec![],
                }]
            }
        }
    }

    /// Every conversion of `word` the dictionaries allow, default first, like OpenCC's
    /// `GetAllConversions`: an exact key match at a stage yields all its values, otherwise the
    /// default conversion; duplicates removed; empty if no dictionary has the word.
    pub fn candidates(&self, word: &str) -> Vec<String> {
        match &self.backend {
            Backend::Native(e) => candidates::candidates(e, word),
            #[cfg(feature = "libopencc")]
            Backend::System(_) => vec![],
        }
    }

    /// The largest offset `p <= text.len()` such that `text[..p]` and `text[p..]` convert
    /// independently (their conversions concatenate to the whole conversion), found near
    /// the end of `text` (preferably just after a newline); 0 when none is found. Used to
    /// stream large inputs with bounded memory.
    pub fn split_point(&self, text: &str) -> usize {
        stream::split_point(std::slice::from_ref(self), text)
    }
}

/// An empty String with room for `cap` bytes. On Linux a large one (4 MiB or more) is marked
/// for transparent huge pages, so filling it takes a few page faults instead of one per
/// 4 KiB (on a 32 MB conversion the faults otherwise cost about a sixth of the time).
pub(crate) fn output_buffer(cap: usize) -> String {
    let s = String::with_capacity(cap);
    #[cfg(target_os = "linux")]
    if cap >= 4 << 20 {
        let page = 4096usize;
        let start = (s.as_ptr() as usize).div_ceil(page) * page;
        let end = (s.as_ptr() as usize + s.capacity()) / page * page;
        if end > start {
            // SAFETY: advice on whole pages inside this String's own allocation; the call
            // changes no memory contents and its failure is harmless (ignored).
            unsafe {
                libc::madvise(start as *mut libc::c_void, end - start, libc::MADV_HUGEPAGE);
            }
        }
    }
    s
}

/// True when UTF-8 `bytes` hold an ideographic description operator (U+2FF0–U+2FFF, encoded
/// E2 BF B0–BF). E2 alone is common (U+2000–U+2FFF: “ ” — …), so the search is for the
/// two-byte prefix.
pub fn has_ids_operator(bytes: &[u8]) -> bool {
    static FINDER: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new(b"\xE2\xBF"));
    FINDER.find_iter(bytes).any(|i| {
        bytes
            .get(i + 2)
            .is_some_and(|&b| (0xB0..=0xBF).contains(&b))
    })
}

/// True when no value in `arena` contains a newline or an IDS operator (which a later stage
/// could join with a newline).
fn neutral_values(arena: &[u8]) -> bool {
    memchr::memchr(b'\n', arena).is_none() && !has_ids_operator(arena)
}

fn load_config_file(path: &Path) -> Result<Engine, EngineError> {
    let shown = path.display().to_string();
    let text = std::fs::read(path).map_err(|e| EngineError::Io(format!("{shown}: {e}")))?;
    let text = String::from_utf8(text).map_err(|e| EngineError::Config {
        path: shown.clone(),
        message: format!(
            "invalid UTF-8 at byte offset {}",
            e.utf8_error().valid_up_to()
        ),
    })?;
    let dir = path.parent().unwrap_or(Path::new(""));
    let spec = config::parse(&text, dir, true).map_err(|e| EngineError::Dictionary {
        path: shown.clone(),
        line: e.line,
        message: e.message,
    })?;
    let mut entries: Vec<Vec<textdict::Entry>> = Vec::with_capacity(spec.leaves.len());
    for leaf in &spec.leaves {
        let list = match &leaf.source {
            config::LeafSource::Inline(pairs) => {
                let mut v: Vec<textdict::Entry> = pairs
                    .iter()
                    .map(|(k, val)| textdict::Entry {
                        key: k.clone(),
                        values: vec![val.clone()],
                    })
                    .collect();
                v.sort_by(|a, b| a.key.cmp(&b.key));
                v
            }
            config::LeafSource::File(p) => {
                let file_name = p.file_name().and_then(|f| f.to_str()).unwrap_or("");
                let bytes = match std::fs::read(p) {
                    Ok(b) => std::borrow::Cow::Owned(b),
                    Err(e) => match builtin::dictionary_file(file_name) {
                        Some(b) if !p.exists() => std::borrow::Cow::Borrowed(b),
                        _ => {
                            return Err(EngineError::Dictionary {
                                path: shown.clone(),
                                line: leaf.line,
                                message: format!("{}: {e}", p.display()),
                            });
                        }
                    },
                };
                textdict::parse(&bytes).map_err(|e| EngineError::Dictionary {
                    path: p.display().to_string(),
                    line: e.line,
                    message: e.message,
                })?
            }
        };
        entries.push(list);
    }
    let refs: Vec<&[textdict::Entry]> = entries.iter().map(|v| v.as_slice()).collect();
    let plan = Plan::compile(&spec, &refs, &mut plan::TrieCache::new()).map_err(|message| {
        EngineError::Config {
            path: shown.clone(),
            message,
        }
    })?;
    let names = spec.leaves.iter().map(|l| l.name.clone()).collect();
    let maps = entries
        .into_iter()
        .map(|v| Arc::new(v.into_iter().map(|e| (e.key, e.values)).collect()))
        .collect();
    Ok(Engine::new(Arc::new(plan), names, Some(maps)))
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
