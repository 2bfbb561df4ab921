//! The writer side of a run: one stream per edition for JSONL and XML outputs, plain or bzip2,
//! and the lazily created report files (`errors.jsonl`, `warnings.jsonl`).
//!
//! Compressed streams are compressed in parallel without losing determinism: each edition's
//! bytes are cut into blocks of [`BZ2_BLOCK`] at fixed points of the ordered output, every block
//! becomes an independent bzip2 stream compressed on the worker pool, and the streams are
//! written in order. The file is a multistream bzip2 file (like Wikimedia's own multistream
//! dumps), which `bzip2 -d`, `bzcat` and tongwen read whole. Blocks are cut by output position
//! only, so the bytes do not depend on the number of jobs.

use std::collections::VecDeque;
use std::io::{self, IoSlice, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, channel};

use crate::io::atomic::AtomicFile;
use crate::io::dump;

/// Where background work (article jobs, bzip2 blocks) runs: on the worker pool, or with
/// `--jobs 1` on the calling thread, so that a one-job run uses one core.
pub enum Exec {
    Pool(rayon::ThreadPool),
    Inline,
}

impl Exec {
    /// Runs `f` on the pool, or now on this thread.
    pub fn spawn(&self, f: impl FnOnce() + Send + 'static) {
        match self {
            Exec::Pool(pool) => pool.spawn(f),
            Exec::Inline => f(),
        }
    }
}

/// Uncompressed bytes per bzip2 stream (one 900k block at level 9).
pub const BZ2_BLOCK: usize = 900_000;

/// Compressed blocks waiting to be written, per edition, before the writer waits for the oldest.
const BZ2_QUEUE: usize = 3;

/// Bytes of articles queued for an uncompressed stream before one vectored write.
const QUEUE_BYTES: usize = 256 << 10;

/// One output stream.
pub struct EditionStream {
    file: Option<AtomicFile>,
    /// Uncompressed bytes per bzip2 stream ([`BZ2_BLOCK`]; smaller in tests).
    block: usize,
    bz2: Option<Bz2State>,
    /// Articles' buffers not yet written (uncompressed streams): written with one `writev`
    /// from where the workers made them, instead of being copied into a write buffer first.
    queued: Vec<(Arc<PerEdition>, usize)>,
    queued_bytes: usize,
    failed: Option<io::Error>,
}

struct Bz2State {
    pending: Vec<u8>,
    queue: VecDeque<Receiver<io::Result<Vec<u8>>>>,
}

impl EditionStream {
    pub fn create(path: &Path, compressed: bool) -> io::Result<EditionStream> {
        Self::with_block(path, compressed, BZ2_BLOCK)
    }

    fn with_block(path: &Path, compressed: bool, block: usize) -> io::Result<EditionStream> {
        Ok(EditionStream {
            file: Some(AtomicFile::create(path)?),
            block,
            bz2: compressed.then(|| Bz2State {
                pending: Vec::with_capacity(block + block / 4),
                queue: VecDeque::new(),
            }),
            queued: Vec::new(),
            queued_bytes: 0,
            failed: None,
        })
    }

    pub fn path(&self) -> Option<&Path> {
        self.file.as_ref().map(|f| f.path())
    }

    fn raw_write(&mut self, bytes: &[u8]) {
        if self.failed.is_some() {
            return;
        }
        if let Some(f) = &mut self.file
            && let Err(e) = f.write_all(bytes)
        {
            self.failed = Some(e);
        }
    }

    /// Appends edition `i`'s bytes of an article (compression happens on `exec`).
    pub fn write_shared(&mut self, article: &Arc<PerEdition>, i: usize, exec: &Exec) {
        if self.bz2.is_some() {
            self.write(article.get(i), exec);
            return;
        }
        self.queued_bytes += article.get(i).len();
        self.queued.push((article.clone(), i));
        if self.queued_bytes >= QUEUE_BYTES {
            self.flush_queued();
        }
    }

    /// Writes the queued buffers with vectored writes.
    fn flush_queued(&mut self) {
        if self.queued.is_empty() {
            return;
        }
        let queued = std::mem::take(&mut self.queued);
        self.queued_bytes = 0;
        if self.failed.is_some() {
            return;
        }
        let Some(f) = &mut self.file else { return };
        let mut slices: Vec<IoSlice<'_>> = queued
            .iter()
            .map(|(a, i)| IoSlice::new(a.get(*i)))
            .filter(|s| !s.is_empty())
            .collect();
        let mut rest = &mut slices[..];
        while !rest.is_empty() {
            match f.write_vectored(rest) {
                Ok(0) => {
                    self.failed = Some(io::ErrorKind::WriteZero.into());
                    return;
                }
                Ok(n) => IoSlice::advance_slices(&mut rest, n),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => {
                    self.failed = Some(e);
                    return;
                }
            }
        }
    }

    /// Appends bytes (compression happens on `exec`).
    pub fn write(&mut self, bytes: &[u8], exec: &Exec) {
        if self.bz2.is_none() {
            self.flush_queued();
            self.raw_write(bytes);
            return;
        }
        let full = {
            let st = self.bz2.as_mut().expect("compressed stream");
            st.pending.extend_from_slice(bytes);
            st.pending.len() >= self.block
        };
        if full {
            self.spawn_block(exec);
            self.drain(BZ2_QUEUE);
        }
    }

    fn spawn_block(&mut self, exec: &Exec) {
        let Some(st) = self.bz2.as_mut() else { return };
        if st.pending.is_empty() {
            return;
        }
        let block = std::mem::replace(
            &mut st.pending,
            Vec::with_capacity(BZ2_BLOCK + BZ2_BLOCK / 4),
        );
        let (tx, rx) = channel();
        exec.spawn(move || {
            let _ = tx.send(compress(&block));
        });
        st.queue.push_back(rx);
    }

    /// Writes finished blocks until at most `keep` are queued.
    fn drain(&mut self, keep: usize) {
        loop {
            let Some(st) = self.bz2.as_mut() else { return };
            if st.queue.len() <= keep {
                return;
            }
            let rx = st.queue.pop_front().expect("non-empty queue");
            match rx.recv() {
                Ok(Ok(bytes)) => self.raw_write(&bytes),
                Ok(Err(e)) => self.failed = Some(e),
                Err(_) => self.failed = Some(io::Error::other("compression job lost")),
            }
        }
    }

    /// Flushes and renames the stream into place; returns the error that stopped it, if any.
    pub fn finish(mut self, exec: &Exec) -> Result<(), (PathBuf, io::Error)> {
        self.flush_queued();
        self.spawn_block(exec);
        self.drain(0);
        let file = self.file.take().expect("finished once");
        let path = file.path().to_path_buf();
        if let Some(e) = self.failed.take() {
            return Err((path, e));
        }
        file.commit().map_err(|e| (path, e))
    }
}

fn compress(block: &[u8]) -> io::Result<Vec<u8>> {
    let mut enc = bzip2::write::BzEncoder::new(
        Vec::with_capacity(block.len() / 3),
        bzip2::Compression::best(),
    );
    enc.write_all(block)?;
    enc.finish()
}

/// The XML export of every edition: header once, pages in order, footer once.
pub struct XmlWriter {
    pub streams: Vec<EditionStream>,
    /// `xml:lang` of a header tongwen has to make up, per edition.
    langs: Vec<String>,
    started: bool,
    footer: Option<Vec<u8>>,
    /// Whether the last byte written ends a line (a made-up footer starts on a new line).
    at_line_start: bool,
}

/// What goes into every edition's XML output.
pub enum XmlOut {
    /// The same bytes for every edition (header, bytes between pages, an unconverted page).
    Same(Vec<u8>),
    /// One page per edition.
    PerEdition(Arc<PerEdition>),
}

/// Bytes for every edition of an article, in the pipeline's order; editions whose bytes are
/// equal (editions rendered alike) share one buffer, made once.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct PerEdition {
    /// The distinct buffers.
    pub bufs: Vec<Vec<u8>>,
    /// For each edition, the index of its buffer in `bufs`.
    pub of: Vec<usize>,
}

impl PerEdition {
    /// Makes one buffer per distinct item: `of[i]` indexes `items`, `make` is called once
    /// per item, in order.
    pub fn build<T>(items: &[T], of: &[usize], make: impl FnMut(&T) -> Vec<u8>) -> PerEdition {
        PerEdition {
            bufs: items.iter().map(make).collect(),
            of: of.to_vec(),
        }
    }

    /// The bytes of edition `i`.
    pub fn get(&self, i: usize) -> &[u8] {
        &self.bufs[self.of[i]]
    }

    /// The bytes edition by edition.
    pub fn iter(&self) -> impl Iterator<Item = &[u8]> {
        self.of.iter().map(|&k| self.bufs[k].as_slice())
    }
}

/// The role of bytes copied from a dump.
pub enum XmlRaw {
    Header(Vec<u8>),
    Between(Vec<u8>),
    Footer(Vec<u8>),
}

impl XmlWriter {
    pub fn new(streams: Vec<EditionStream>, langs: Vec<String>) -> XmlWriter {
        XmlWriter {
            streams,
            langs,
            started: false,
            footer: None,
            at_line_start: true,
        }
    }

    fn note(&mut self, bytes: &[u8]) {
        if let Some(&b) = bytes.last() {
            self.at_line_start = b == b'\n';
        }
    }

    fn start(&mut self, exec: &Exec) {
        if !self.started {
            self.at_line_start = true;
            self.started = true;
            for (s, lang) in self.streams.iter_mut().zip(&self.langs) {
                s.write(&dump::synth_header(lang), exec);
            }
        }
    }

    /// Bytes copied from a dump. The first header is written, later ones (other dumps of the
    /// same wiki) are dropped; the last footer is written at the end.
    pub fn raw(&mut self, raw: XmlRaw, exec: &Exec) {
        match raw {
            XmlRaw::Header(h) => {
                if !self.started {
                    self.started = true;
                    self.note(&h);
                    for s in &mut self.streams {
                        s.write(&h, exec);
                    }
                }
            }
            XmlRaw::Between(b) => self.page(XmlOut::Same(b), exec),
            XmlRaw::Footer(f) => self.footer = Some(f),
        }
    }

    pub fn page(&mut self, out: XmlOut, exec: &Exec) {
        self.start(exec);
        match out {
            XmlOut::Same(b) => {
                self.note(&b);
                for s in &mut self.streams {
                    s.write(&b, exec);
                }
            }
            XmlOut::PerEdition(v) => {
                if let Some(first) = v.iter().next() {
                    self.note(first);
                }
                for (k, s) in self.streams.iter_mut().enumerate() {
                    s.write_shared(&v, k, exec);
                }
            }
        }
    }

    pub fn finish(mut self, exec: &Exec) -> Vec<(PathBuf, io::Error)> {
        self.start(exec);
        let footer = match self.footer.take() {
            Some(f) => f,
            None if self.at_line_start => dump::SYNTH_FOOTER.to_vec(),
            None => [b"\n", dump::SYNTH_FOOTER].concat(),
        };
        let mut errors = Vec::new();
        for mut s in self.streams {
            s.write(&footer, exec);
            if let Err(e) = s.finish(exec) {
                errors.push(e);
            }
        }
        errors
    }
}

/// A JSONL report file created on its first record; removed at the end of a run that had
/// nothing to report (so a stale report never outlives the problem).
pub struct ReportFile {
    path: PathBuf,
    file: Option<AtomicFile>,
    failed: Option<io::Error>,
    pub count: u64,
}

impl ReportFile {
    pub fn new(path: PathBuf) -> ReportFile {
        ReportFile {
            path,
            file: None,
            failed: None,
            count: 0,
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn record<T: serde::Serialize>(&mut self, rec: &T) {
        self.count += 1;
        if self.failed.is_some() {
            return;
        }
        if self.file.is_none() {
            match AtomicFile::create(&self.path) {
                Ok(f) => self.file = Some(f),
                Err(e) => {
                    self.failed = Some(e);
                    return;
                }
            }
        }
        let mut line = serde_json::to_vec(rec).unwrap_or_default();
        line.push(b'\n');
        if let Some(f) = &mut self.file
            && let Err(e) = f.write_all(&line)
        {
            self.failed = Some(e);
        }
    }

    pub fn finish(mut self) -> io::Result<()> {
        if let Some(e) = self.failed.take() {
            return Err(e);
        }
        match self.file.take() {
            Some(f) => f.commit(),
            None => match std::fs::remove_file(&self.path) {
                Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
                _ => Ok(()),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn compressed_stream_is_multistream_and_deterministic() {
        let dir = tempfile::tempdir().unwrap();
        let data: Vec<u8> = (0..100_000u32).map(|i| (i % 251) as u8).collect();
        let mut outs = Vec::new();
        for jobs in [1, 3] {
            let pool = if jobs == 1 {
                Exec::Inline
            } else {
                Exec::Pool(
                    rayon::ThreadPoolBuilder::new()
                        .num_threads(jobs)
                        .build()
                        .unwrap(),
                )
            };
            let path = dir.path().join(format!("o{jobs}.bz2"));
            let mut s = EditionStream::with_block(&path, true, 9_000).unwrap();
            for chunk in data.chunks(7_001) {
                s.write(chunk, &pool);
            }
            s.finish(&pool).unwrap();
            outs.push(std::fs::read(&path).unwrap());
        }
        assert_eq!(outs[0], outs[1]);
        // Several streams, one after the other.
        assert!(outs[0].windows(4).filter(|w| w == b"BZh9").count() >= 7);
        let mut back = Vec::new();
        bzip2::read::MultiBzDecoder::new(&outs[0][..])
            .read_to_end(&mut back)
            .unwrap();
        assert_eq!(back, data);
    }

    #[test]
    fn report_file_lifecycle() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("errors.jsonl");
        std::fs::write(&p, "stale\n").unwrap();
        ReportFile::new(p.clone()).finish().unwrap();
        assert!(!p.exists());
        let mut r = ReportFile::new(p.clone());
        r.record(&serde_json::json!({"a": 1}));
        r.finish().unwrap();
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "{\"a\":1}\n");
    }
}
