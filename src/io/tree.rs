//! Folders of article files: the recursive walk (sorted, deterministic), file names for titles,
//! and the freshness test behind `--resume`.
//!
//! The walk visits entries in byte order of their names, skips hidden entries (`.name`) and the
//! folders it is told to skip (the output folder), does not follow symbolic links to folders
//! (no cycles), and reports every file with its path relative to the walked root using `/`.

use std::io;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// A file found by [`walk`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    pub path: PathBuf,
    /// The path relative to the walked root, `/`-separated.
    pub rel: String,
}

/// Walks `root` recursively, keeping files for which `accept` is true. Folders in `skip`
/// (compared after canonicalisation) are not entered. Unreadable folders are reported in
/// `errors` and the walk goes on.
pub fn walk(
    root: &Path,
    accept: &dyn Fn(&Path) -> bool,
    skip: &[PathBuf],
    errors: &mut Vec<(PathBuf, io::Error)>,
) -> Vec<Found> {
    let mut found = Vec::new();
    let mut stack = vec![(root.to_path_buf(), String::new())];
    while let Some((dir, rel)) = stack.pop() {
        let rd = match std::fs::read_dir(&dir) {
            Ok(rd) => rd,
            Err(e) => {
                errors.push((dir, e));
                continue;
            }
        };
        let mut entries: Vec<(String, PathBuf, bool)> = Vec::new();
        for entry in rd {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    errors.push((dir.clone(), e));
                    continue;
                }
            };
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') {
                continue;
            }
            let path = entry.path();
            let is_dir = entry.file_type().map(|t| t.is_dir()).unwrap_or(false);
            entries.push((name, path, is_dir));
        }
        entries.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
        // Files of this folder first, in name order; sub-folders after, in name order.
        let mut dirs = Vec::new();
        for (name, path, is_dir) in entries {
            let child_rel = if rel.is_empty() {
                name.clone()
            } else {
                format!("{rel}/{name}")
            };
            if is_dir {
                let canon = path.canonicalize().unwrap_or_else(|_| path.clone());
                if !skip.contains(&canon) {
                    dirs.push((path, child_rel));
                }
            } else if accept(&path) {
                found.push(Found {
                    path,
                    rel: child_rel,
                });
            }
        }
        stack.extend(dirs.into_iter().rev());
    }
    // The stack order gives a pre-order walk; sort by relative path for a total order that
    // does not depend on how the walk was scheduled.
    found.sort_by(|a, b| a.rel.as_bytes().cmp(b.rel.as_bytes()));
    found
}

/// A file name for an article title: characters that file systems or shells treat specially
/// (`/ \ : * ? " < > |`, `%`, control characters, a leading `.`) are percent-encoded; names
/// longer than 200 bytes are cut and given a hash so they stay distinct.
pub fn title_file_name(title: &str, ext: &str) -> String {
    let mut name = String::with_capacity(title.len() + ext.len() + 1);
    for (i, c) in title.chars().enumerate() {
        let special = matches!(
            c,
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' | '%'
        ) || c.is_control()
            || (i == 0 && c == '.');
        if special {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                name.push_str(&format!("%{b:02X}"));
            }
        } else {
            name.push(c);
        }
    }
    if name.is_empty() {
        name.push('_');
    }
    if name.len() > 200 {
        let mut cut = 180;
        while !name.is_char_boundary(cut) {
            cut -= 1;
        }
        let hash = crate::pipeline::shard::fnv1a(title.as_bytes());
        name = format!("{}~{hash:016x}", &name[..cut]);
    }
    name.push('.');
    name.push_str(ext);
    name
}

/// The file extension tongwen writes for a format in a tree made from titles.
pub fn extension_for(format: crate::document::Format) -> &'static str {
    match format {
        crate::document::Format::Wikitext => "wiki",
        crate::document::Format::Markdown => "md",
        crate::document::Format::Plain => "txt",
    }
}

/// The modification time of a file, `None` when it does not exist or cannot be read.
pub fn mtime(path: &Path) -> Option<SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

/// True when every output exists and is strictly newer than `newest_input`.
pub fn outputs_fresh(outputs: &[PathBuf], newest_input: SystemTime) -> bool {
    outputs
        .iter()
        .all(|o| mtime(o).is_some_and(|t| t > newest_input))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walk_sorted_skipping_hidden_and_output() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for f in [
            "b.wiki",
            "a.md",
            "sub/z.wiki",
            "sub/deeper/y.md",
            ".hidden/x.wiki",
            "out/o.wiki",
            "c.png",
        ] {
            let p = root.join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(&p, "x").unwrap();
        }
        let mut errors = Vec::new();
        let skip = vec![root.join("out").canonicalize().unwrap()];
        let found = walk(
            root,
            &|p: &Path| p.extension().is_some_and(|e| e != "png"),
            &skip,
            &mut errors,
        );
        let rels: Vec<&str> = found.iter().map(|f| f.rel.as_str()).collect();
        assert_eq!(rels, ["a.md", "b.wiki", "sub/deeper/y.md", "sub/z.wiki"]);
        assert!(errors.is_empty());
    }

    #[test]
    fn title_names() {
        assert_eq!(title_file_name("香港", "wiki"), "香港.wiki");
        assert_eq!(title_file_name("AC/DC", "wiki"), "AC%2FDC.wiki");
        assert_eq!(title_file_name("../x", "md"), "%2E.%2Fx.md");
        assert_eq!(title_file_name("Help:目錄", "wiki"), "Help%3A目錄.wiki");
        assert_eq!(title_file_name("", "txt"), "_.txt");
        let long = "字".repeat(100);
        let n = title_file_name(&long, "wiki");
        assert!(n.len() <= 200 + 18 + 5, "{}", n.len());
        assert!(n.ends_with(".wiki") && n.contains('~'));
        assert_ne!(n, title_file_name(&"字".repeat(101), "wiki"));
    }
}
