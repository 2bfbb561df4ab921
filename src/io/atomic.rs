//! Output files that appear whole or not at all.
//!
//! Every output is written under a temporary name in its final folder
//! (`.<name>.tongwen-<pid>-<n>.tmp`) and renamed over the final name when complete. A run that is
//! killed leaves at worst a hidden temporary file, never a truncated output; a rename within one
//! folder is atomic on POSIX file systems. Dropping an [`AtomicFile`] without
//! [`AtomicFile::commit`] removes the temporary file.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};

static COUNTER: AtomicU64 = AtomicU64::new(0);
static PID: OnceLock<u32> = OnceLock::new();

/// The temporary name used for `path`.
fn temp_path(path: &Path) -> PathBuf {
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let pid = *PID.get_or_init(std::process::id);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.tongwen-{pid}-{n}.tmp"))
}

/// A buffered file that becomes visible under its name on [`AtomicFile::commit`].
pub struct AtomicFile {
    path: PathBuf,
    temp: PathBuf,
    out: Option<BufWriter<File>>,
}

impl AtomicFile {
    /// Creates the temporary file (and the parent folders).
    pub fn create(path: &Path) -> io::Result<AtomicFile> {
        if let Some(parent) = path.parent()
            && !parent.as_os_str().is_empty()
        {
            std::fs::create_dir_all(parent)?;
        }
        Self::create_in_existing(path)
    }

    /// Creates the temporary file in a folder that already exists (one system call fewer per
    /// file when writing many).
    pub fn create_in_existing(path: &Path) -> io::Result<AtomicFile> {
        let temp = temp_path(path);
        let file = File::create(&temp)?;
        Ok(AtomicFile {
            path: path.to_path_buf(),
            temp,
            out: Some(BufWriter::with_capacity(256 * 1024, file)),
        })
    }

    /// The final path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Flushes and renames the file to its final name.
    pub fn commit(mut self) -> io::Result<()> {
        let out = self.out.take().expect("not committed twice");
        let file = out.into_inner().map_err(|e| e.into_error())?;
        drop(file);
        std::fs::rename(&self.temp, &self.path)
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match &mut self.out {
            Some(o) => o.write(buf),
            None => Err(io::Error::other("file already committed")),
        }
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        match &mut self.out {
            Some(o) => o.write_all(buf),
            None => Err(io::Error::other("file already committed")),
        }
    }

    /// Vectored writes of at least the buffer's size go to the file directly (`writev`), not
    /// through the buffer.
    fn write_vectored(&mut self, bufs: &[io::IoSlice<'_>]) -> io::Result<usize> {
        match &mut self.out {
            Some(o) => o.write_vectored(bufs),
            None => Err(io::Error::other("file already committed")),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match &mut self.out {
            Some(o) => o.flush(),
            None => Ok(()),
        }
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if self.out.take().is_some() {
            let _ = std::fs::remove_file(&self.temp);
        }
    }
}

/// Writes `bytes` to `path` atomically (creating parent folders).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut f = AtomicFile::create(path)?;
    f.write_all(bytes)?;
    f.commit()
}

/// Like [`write_atomic`] in a folder that exists; small files skip the write buffer.
pub fn write_atomic_in_existing(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let temp = temp_path(path);
    let res = std::fs::write(&temp, bytes).and_then(|()| std::fs::rename(&temp, path));
    if res.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn appears_only_on_commit() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("sub/a.txt");
        let mut f = AtomicFile::create(&p).unwrap();
        f.write_all(b"hello").unwrap();
        assert!(!p.exists());
        f.commit().unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"hello");
        let mut g = AtomicFile::create(&p).unwrap();
        g.write_all(b"other").unwrap();
        drop(g);
        assert_eq!(std::fs::read(&p).unwrap(), b"hello");
        let left: Vec<_> = std::fs::read_dir(dir.path().join("sub"))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(left, ["a.txt"]);
    }
}
