//! Compiles OpenCC's 16 configs and their text dictionaries (dictionaries/opencc) into tries
//! embedded in the binary. The engine's own modules (JSONC, text dictionaries, group
//! flattening, double-array tries, the scan loop, config compilation) are included here
//! verbatim, so build time and run time share one implementation.
//!
//! Output in OUT_DIR:
//! - `engine.bin`: every trie's arrays and every config's precomputed phrase outputs, each
//!   section 8-byte aligned, in the target's byte order (read in place at run time);
//! - `engine_index.rs`: tables of section offsets, config layouts and leaf dictionaries.
#![allow(dead_code)]

#[path = "src/engine/config.rs"]
mod config;
#[path = "src/engine/dat.rs"]
mod dat;
#[path = "src/engine/flatten.rs"]
mod flatten;
#[path = "src/engine/ids.rs"]
mod ids;
#[path = "src/engine/jsonc.rs"]
mod jsonc;
#[path = "src/engine/plan.rs"]
mod plan;
#[path = "src/engine/scan.rs"]
mod scan;
#[path = "src/engine/textdict.rs"]
mod textdict;

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;

const CONFIGS: [&str; 16] = [
    "s2t", "t2s", "s2tw", "tw2s", "s2twp", "tw2sp", "s2hk", "hk2s", "s2hkp", "hk2sp", "t2tw",
    "tw2t", "t2hk", "hk2t", "t2jp", "jp2t",
];

struct Blob {
    bytes: Vec<u8>,
    big_endian: bool,
}

impl Blob {
    fn align(&mut self) {
        while !self.bytes.len().is_multiple_of(8) {
            self.bytes.push(0);
        }
    }
    fn u32s(&mut self, v: &[u32]) -> String {
        self.align();
        let off = self.bytes.len();
        for &x in v {
            let b = if self.big_endian {
                x.to_be_bytes()
            } else {
                x.to_le_bytes()
            };
            self.bytes.extend_from_slice(&b);
        }
        format!("Sec {{ off: {off}, len: {} }}", v.len())
    }
    fn u64s(&mut self, v: &[u64]) -> String {
        self.align();
        let off = self.bytes.len();
        for &x in v {
            let b = if self.big_endian {
                x.to_be_bytes()
            } else {
                x.to_le_bytes()
            };
            self.bytes.extend_from_slice(&b);
        }
        format!("Sec {{ off: {off}, len: {} }}", v.len())
    }
    fn u16s(&mut self, v: &[u16]) -> String {
        self.align();
        let off = self.bytes.len();
        for &x in v {
            let b = if self.big_endian {
                x.to_be_bytes()
            } else {
                x.to_le_bytes()
            };
            self.bytes.extend_from_slice(&b);
        }
        format!("Sec {{ off: {off}, len: {} }}", v.len())
    }
    fn u8s(&mut self, v: &[u8]) -> String {
        self.align();
        let off = self.bytes.len();
        self.bytes.extend_from_slice(v);
        format!("Sec {{ off: {off}, len: {} }}", v.len())
    }
}

fn remap(node: &config::DictNode, map: &[usize]) -> config::DictNode {
    match node {
        config::DictNode::Leaf(i) => config::DictNode::Leaf(map[*i]),
        config::DictNode::Group(p, kids) => {
            config::DictNode::Group(*p, kids.iter().map(|k| remap(k, map)).collect())
        }
    }
}

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let data = root.join("dictionaries/opencc");
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").unwrap());
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=dictionaries/opencc");
    for m in [
        "config", "dat", "flatten", "ids", "jsonc", "plan", "scan", "textdict",
    ] {
        println!("cargo:rerun-if-changed=src/engine/{m}.rs");
    }

    // Parse the configs, giving every dictionary file one global leaf index.
    let mut leaf_paths: Vec<PathBuf> = Vec::new();
    let mut leaf_names: Vec<String> = Vec::new();
    let mut specs = Vec::new();
    for name in CONFIGS {
        let path = data.join("config").join(format!("{name}.json"));
        println!("cargo:rerun-if-changed={}", path.display());
        let text = std::fs::read_to_string(&path).unwrap();
        let spec = config::parse(&text, &data, true)
            .unwrap_or_else(|e| panic!("{}:{}: {}", path.display(), e.line, e.message));
        let mut map = Vec::new();
        for leaf in &spec.leaves {
            let config::LeafSource::File(p) = &leaf.source else {
                panic!("{name}: built-in configs use text files only");
            };
            let i = match leaf_paths.iter().position(|q| q == p) {
                Some(i) => i,
                None => {
                    leaf_paths.push(p.clone());
                    leaf_names.push(leaf.name.clone());
                    leaf_paths.len() - 1
                }
            };
            map.push(i);
        }
        let spec = config::ConfigSpec {
            normalization: spec.normalization.iter().map(|n| remap(n, &map)).collect(),
            segmentation: spec.segmentation.as_ref().map(|n| remap(n, &map)),
            chain: spec.chain.iter().map(|n| remap(n, &map)).collect(),
            leaves: Vec::new(),
        };
        specs.push(spec);
    }
    let entries: Vec<Vec<textdict::Entry>> = leaf_paths
        .iter()
        .map(|p| {
            let bytes = std::fs::read(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            textdict::parse(&bytes)
                .unwrap_or_else(|e| panic!("{}:{}: {}", p.display(), e.line, e.message))
        })
        .collect();
    let leaf_refs: Vec<&[textdict::Entry]> = entries.iter().map(|v| v.as_slice()).collect();

    // Segmented configs first, so that unsegmented ones reuse their stage-1 tries.
    let mut cache = plan::TrieCache::new();
    let mut order: Vec<usize> = (0..CONFIGS.len()).collect();
    order.sort_by_key(|&i| specs[i].segmentation.is_none());
    let mut compiled: Vec<Option<plan::Plan>> = (0..CONFIGS.len()).map(|_| None).collect();
    for i in order {
        let p = plan::Plan::compile(&specs[i], &leaf_refs, &mut cache)
            .unwrap_or_else(|e| panic!("{}: {e}", CONFIGS[i]));
        compiled[i] = Some(p);
    }
    let plans: Vec<plan::Plan> = compiled.into_iter().map(Option::unwrap).collect();

    // Serialize.
    let mut blob = Blob {
        bytes: Vec::new(),
        big_endian: std::env::var("CARGO_CFG_TARGET_ENDIAN").as_deref() == Ok("big"),
    };
    let mut trie_ids: HashMap<*const dat::Trie, usize> = HashMap::new();
    let mut tries_rs = String::new();
    let mut trie_index = |t: &Arc<dat::Trie>, blob: &mut Blob, tries_rs: &mut String| -> usize {
        let key = Arc::as_ptr(t);
        if let Some(&i) = trie_ids.get(&key) {
            return i;
        }
        let i = trie_ids.len();
        trie_ids.insert(key, i);
        let nodes: Vec<u32> = t
            .nodes
            .iter()
            .flat_map(|n| [n.base, n.check, n.entry])
            .collect();
        let _ = writeln!(
            tries_rs,
            "    TrieDesc {{ nfirst: {}, max_key: {}, stop_bits: {}, bmp: {}, astral: {}, nodes: {}, vals: {}, arena: {}, leaf: {} }},",
            t.nfirst,
            t.max_key,
            blob.u64s(&t.stop_bits),
            blob.u16s(&t.bmp),
            blob.u32s(&t.astral),
            blob.u32s(&nodes),
            blob.u32s(&t.vals),
            blob.u8s(&t.arena),
            blob.u32s(&t.leaf),
        );
        i
    };
    let mut configs_rs = String::new();
    for (p, name) in plans.iter().zip(CONFIGS) {
        let norm: Vec<String> = p
            .norm
            .iter()
            .map(|t| trie_index(t, &mut blob, &mut tries_rs).to_string())
            .collect();
        let chain: Vec<String> = p
            .chain
            .iter()
            .map(|t| trie_index(t, &mut blob, &mut tries_rs).to_string())
            .collect();
        let seg = match &p.seg {
            Some(t) => format!("Some({})", trie_index(t, &mut blob, &mut tries_rs)),
            None => "None".into(),
        };
        let offs = blob.u32s(&p.phrase_offs);
        let arena = blob.u8s(&p.phrase_arena);
        let stage_leaves: Vec<String> = p.stage_leaves.iter().map(|v| format!("&{v:?}")).collect();
        let _ = writeln!(
            configs_rs,
            "    ConfigDesc {{ name: {name:?}, norm: &[{}], seg: {seg}, fused: {}, chain: &[{}], phrase_offs: {offs}, phrase_arena: {arena}, stage_leaves: &[{}] }},",
            norm.join(", "),
            p.fused,
            chain.join(", "),
            stage_leaves.join(", "),
        );
    }
    // Per config, the ambiguity scan's marks (see `engine::ambiguity`).
    let mut marks_rs = String::new();
    for p in &plans {
        let n_norm = p.norm.len();
        let mut stages = Vec::new();
        let mut firsts = Vec::new();
        for (k, trie) in p.chain.iter().enumerate() {
            let (m, first) = stage_marks(trie, p.stage_leaves.get(n_norm + k), &entries);
            stages.push(blob.u64s(&m));
            firsts.push(blob.u64s(&first));
        }
        let mut norm_firsts = Vec::new();
        let mut norm_seconds = Vec::new();
        for t in &p.norm {
            let (f, s) = norm_lead(t);
            norm_firsts.push(blob.u8s(&f));
            norm_seconds.push(blob.u16s(&s));
        }
        let _ = writeln!(
            marks_rs,
            "    MarksDesc {{ stages: &[{}], firsts: &[{}], norm_firsts: &[{}], norm_seconds: &[{}] }},",
            stages.join(", "),
            firsts.join(", "),
            norm_firsts.join(", "),
            norm_seconds.join(", "),
        );
    }
    let mut leaves_rs = String::new();
    for (name, path) in leaf_names.iter().zip(&leaf_paths) {
        let text = std::fs::read(path).unwrap();
        let index = match line_index(&text) {
            Some(v) => format!(
                "Some({})",
                blob.u32s(
                    &v.iter()
                        .flat_map(|&(a, b, c)| [a, b, c])
                        .collect::<Vec<_>>()
                )
            ),
            None => "None".into(),
        };
        let _ = writeln!(
            leaves_rs,
            "    LeafDesc {{ name: {name:?}, file: {:?}, text: include_bytes!({:?}), lines: {index} }},",
            path.file_name().unwrap().to_string_lossy(),
            path.display().to_string()
        );
    }
    let index = format!(
        "// Generated by build.rs.\n\
         pub(super) const N_TRIES: usize = {};\n\
         pub(super) const N_CONFIGS: usize = {};\n\
         pub(super) const N_LEAVES: usize = {};\n\
         pub(super) static TRIES: [TrieDesc; N_TRIES] = [\n{tries_rs}];\n\
         pub(super) static CONFIGS: [ConfigDesc; N_CONFIGS] = [\n{configs_rs}];\n\
         pub(super) static LEAVES: [LeafDesc; N_LEAVES] = [\n{leaves_rs}];\n\
         pub(super) static MARKS: [MarksDesc; N_CONFIGS] = [\n{marks_rs}];\n",
        trie_ids.len(),
        plans.len(),
        leaf_names.len(),
    );
    write_if_changed(&out_dir.join("engine.bin"), &blob.bytes);
    write_if_changed(&out_dir.join("engine_index.rs"), index.as_bytes());
}

fn write_if_changed(path: &Path, bytes: &[u8]) {
    if std::fs::read(path).ok().as_deref() != Some(bytes) {
        std::fs::write(path, bytes).unwrap();
    }
}

/// Entry lines of a dictionary text as (key start, key end, line end) byte offsets, in key
/// order; `None` when the file is not strictly sorted by key (then run-time lookups use the
/// parsed map). Lines are read as `textdict::parse` reads them: a trailing CR is dropped,
/// `#` lines and empty lines are skipped, a line ends at its first CR or NUL.
fn line_index(text: &[u8]) -> Option<Vec<(u32, u32, u32)>> {
    let bom = if text.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    };
    let mut index: Vec<(u32, u32, u32)> = Vec::new();
    let mut at = bom;
    while at < text.len() {
        let nl = text[at..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(text.len(), |p| at + p);
        let line = &text[at..nl];
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let end = at
            + line
                .iter()
                .position(|&b| b == b'\r' || b == 0)
                .unwrap_or(line.len());
        if end > at && text[at] != b'#' {
            let tab = text[at..end].iter().position(|&b| b == b'\t')?;
            if let Some(&(ps, pe, _)) = index.last()
                && text[ps as usize..pe as usize] >= text[at..at + tab]
            {
                return None;
            }
            index.push((at as u32, (at + tab) as u32, end as u32));
        }
        at = nl + 1;
    }
    Some(index)
}

/// For one chain stage: the bitset of trie entries whose leaf entry has several values (by
/// entry index), and the bitset of the trie's character codes that start such a key.
fn stage_marks(
    trie: &dat::Trie,
    leaves: Option<&Vec<u32>>,
    entries: &[Vec<textdict::Entry>],
) -> (Vec<u64>, Vec<u64>) {
    let mut m = vec![0u64; trie.len().div_ceil(64)];
    let mut first: Vec<u64> = Vec::new();
    for &leaf in leaves.map_or(&[][..], |v| &v[..]) {
        for e in entries[leaf as usize].iter().filter(|e| e.values.len() > 1) {
            if let Some(x) = trie.exact(&e.key)
                && trie.leaf_of(x) == leaf
            {
                let i = ((x & !dat::PHRASE) - 1) as usize;
                m[i / 64] |= 1 << (i % 64);
                if let Some(c) = e.key.chars().next() {
                    let code = trie.code(c as u32) as usize;
                    if first.len() <= code / 64 {
                        first.resize(code / 64 + 1, 0);
                    }
                    first[code / 64] |= 1 << (code % 64);
                }
            }
        }
    }
    (m, first)
}

/// The distinct first bytes, and the distinct (first, second) byte pairs as `first << 8 |
/// second` (every second byte for a one-byte character), of the characters that start a key
/// of a normalization trie; both sorted.
fn norm_lead(t: &dat::Trie) -> (Vec<u8>, Vec<u16>) {
    let mut firsts = Vec::new();
    let mut seconds = Vec::new();
    for c in t.first_chars().into_iter().filter_map(char::from_u32) {
        let mut b = [0u8; 4];
        let n = c.encode_utf8(&mut b).len();
        firsts.push(b[0]);
        if n == 1 {
            seconds.extend((0..=255u16).map(|x| (b[0] as u16) << 8 | x));
        } else {
            seconds.push((b[0] as u16) << 8 | b[1] as u16);
        }
    }
    firsts.sort_unstable();
    firsts.dedup();
    seconds.sort_unstable();
    seconds.dedup();
    (firsts, seconds)
}
