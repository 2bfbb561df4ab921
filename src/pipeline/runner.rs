//! The batch runner behind `tongwen run`: inputs → articles → editions → outputs.
//!
//! Threads and order:
//! - `--jobs 1` runs on the calling thread alone: read an item, convert it, write it, next. A
//!   one-job run uses one core, so several runs (`--shard K/N`) can share a machine.
//! - With more jobs, a reader thread walks the inputs in command-line order (folders sorted by
//!   path) and cuts them into items — one article file, one JSONL line, one dump page, or bytes
//!   a dump output copies — without decoding them. It holds one read block and one item at a
//!   time. The main thread hands every item to the worker pool (`--jobs` rayon threads) and
//!   keeps a FIFO of pending results, bounded by source bytes in flight ([`budget`]). It takes
//!   results from the front of the FIFO only, so everything is written in input order.
//! - Either way the items are read, cut and written in the same order: JSONL and XML outputs,
//!   `errors.jsonl` and `warnings.jsonl` are byte-identical for any number of jobs.
//! - Workers decode, parse once, render every edition (editions rendered alike share one
//!   rendering and one output buffer), and either write the article's tree files themselves
//!   (paths are unique, checked before the run) or return the bytes for the ordered streams.
//!
//! Memory is bounded by the reader's read-ahead ([`READ_AHEAD`] bytes of items waiting for the
//! dispatcher), the in-flight budget (source bytes × (1 + editions) for articles being converted
//! or waiting to be written), the compression queues of [`super::sinks`], and one dump page of at
//! most 64 MB: a 1 GB dump runs in the same memory as a 10 MB one.
//!
//! Faults (unreadable or invalid input, broken page, a panic while converting, an output that
//! cannot be written) are recorded in `errors.jsonl` and the run goes on; the caller exits 1.

use std::collections::{HashMap, HashSet, VecDeque};
use std::fs::File;
use std::io::{self, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError, channel, sync_channel};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant, SystemTime};

use serde_json::{Map, Value};

use super::article::{self, Editions};
use super::faults::{Fault, Warning, line_col_bytes};
use super::progress::{Counters, ProgressMode, Reporter};
use super::shard::{Shard, fnv1a};
use super::sinks::{EditionStream, Exec, PerEdition, ReportFile, XmlOut, XmlRaw, XmlWriter};
use super::{Layout, Pipeline};
use crate::document::Format;
use crate::edition::Rendered;
use crate::io::atomic::write_atomic_in_existing;
use crate::io::dump::{self, PageChunk, Piece};
use crate::io::jsonl::{self, Lines, RawLine};
use crate::io::tree::{self, outputs_fresh};

/// What `tongwen run` was asked to do.
#[derive(Clone, Debug)]
pub struct RunOptions {
    /// Inputs as given: files, folders, `*.jsonl`, `*.xml`, `*.xml.bz2`, `-` (JSONL on stdin).
    pub inputs: Vec<String>,
    pub out: PathBuf,
    pub jobs: usize,
    pub resume: bool,
    pub shard: Shard,
    pub progress: ProgressMode,
}

/// The result of a run that started.
#[derive(Debug)]
pub struct Summary {
    pub counters: Arc<Counters>,
    pub elapsed: Duration,
    pub editions: usize,
    /// Outputs that were up to date and left alone (`--resume`), for the closing message.
    pub fresh_streams: Vec<PathBuf>,
    pub errors_file: Option<PathBuf>,
    pub warnings_file: Option<PathBuf>,
}

impl Summary {
    pub fn errors(&self) -> u64 {
        self.counters.errors.load(Ordering::Relaxed)
    }

    pub fn line(&self) -> String {
        super::progress::summary(&self.counters, self.elapsed, self.editions)
    }
}

/// Why a run could not start (exit status 2).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

/// Where one input's articles go.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Sink {
    Tree,
    Jsonl,
    Xml,
}

/// A file article found on the command line or in a folder.
#[derive(Debug)]
struct FileEntry {
    path: PathBuf,
    /// Path relative to the walked folder (the file name for a file named directly).
    rel: String,
    format: Format,
    size: u64,
}

/// One input, planned.
#[derive(Debug)]
enum Source {
    Files(Vec<FileEntry>),
    Jsonl {
        name: String,
        path: Option<PathBuf>,
    },
    Dump {
        name: String,
        path: PathBuf,
        bz2: bool,
    },
}

/// Everything the workers share.
struct Ctx {
    pipeline: Arc<Pipeline>,
    out: PathBuf,
    resume: bool,
    shard: Shard,
    /// Modification time of the pipeline file (outputs older than it are redone).
    config_mtime: SystemTime,
    tags: Vec<&'static str>,
}

impl Ctx {
    fn tree_path(&self, tag: &str, rel: &str) -> PathBuf {
        let mut p = self.out.join(tag);
        for part in rel.split('/') {
            p.push(part);
        }
        p
    }

    fn fresh(&self, rel: &str, input_mtime: Option<SystemTime>) -> bool {
        let Some(m) = input_mtime else { return false };
        let newest = m.max(self.config_mtime);
        let outs: Vec<PathBuf> = self.tags.iter().map(|t| self.tree_path(t, rel)).collect();
        outputs_fresh(&outs, newest)
    }
}

/// An item for the workers (or, for `Raw` and `Fault`, straight for the writer).
enum Item {
    File {
        n: u64,
        name: String,
        entry: FileEntry,
        sink: Sink,
    },
    Line {
        n: u64,
        input: Arc<StreamInput>,
        line: RawLine,
    },
    Page {
        n: u64,
        input: Arc<StreamInput>,
        chunk: PageChunk,
    },
    Raw(XmlRaw),
    Fault(Fault),
}

/// A JSONL or dump input, as workers need it.
struct StreamInput {
    name: String,
    sink: Sink,
    mtime: Option<SystemTime>,
}

impl Item {
    fn cost(&self) -> u64 {
        match self {
            Item::File { entry, .. } => entry.size,
            Item::Line { line, .. } => line.bytes.len() as u64,
            Item::Page { chunk, .. } => chunk.bytes.len() as u64,
            Item::Raw(XmlRaw::Header(b) | XmlRaw::Between(b) | XmlRaw::Footer(b)) => b.len() as u64,
            Item::Fault(_) => 0,
        }
    }
}

/// What a worker hands back.
#[derive(Default)]
struct Outcome {
    articles: u64,
    skipped: u64,
    bytes_in: u64,
    jsonl: Option<PerEdition>,
    xml: Option<XmlOut>,
    /// Tree files for the writer to write (articles from streams): relative path and bytes.
    tree: Option<(String, PerEdition)>,
    faults: Vec<Fault>,
    warnings: Vec<Warning>,
}

impl Outcome {
    fn fault(f: Fault) -> Outcome {
        Outcome {
            faults: vec![f],
            ..Outcome::default()
        }
    }
}

enum Pending {
    /// The outcomes of a batch of jobs, in order, once its task is done.
    Batch(Receiver<Vec<Outcome>>),
    Done(Box<Outcome>),
    Raw(XmlRaw),
}

/// Source bytes in flight at once.
fn budget(jobs: usize) -> u64 {
    (4u64 << 20) + jobs as u64 * (512 << 10)
}

const MAX_PENDING: usize = 16_384;

fn is_dump(name: &str) -> Option<bool> {
    let l = name.to_ascii_lowercase();
    if l.ends_with(".xml") {
        Some(false)
    } else if l.ends_with(".xml.bz2") {
        Some(true)
    } else {
        None
    }
}

fn mtime_of(p: &Path) -> Option<SystemTime> {
    tree::mtime(p)
}

/// Plans the inputs: checks they exist, walks folders, and rejects two files that would be
/// written to the same place.
fn plan(
    pipeline: &Pipeline,
    inputs: &[String],
    out: &Path,
    walk_faults: &mut Vec<Fault>,
) -> Result<Vec<Source>, UsageError> {
    let out_canon = out.canonicalize().unwrap_or_else(|_| out.to_path_buf());
    let mut sources = Vec::new();
    let mut stdin_used = false;
    for input in inputs {
        if input == "-" {
            if stdin_used {
                return Err(UsageError("`-` (stdin) is given twice".into()));
            }
            stdin_used = true;
            sources.push(Source::Jsonl {
                name: "-".into(),
                path: None,
            });
            continue;
        }
        let path = PathBuf::from(input);
        let meta =
            std::fs::metadata(&path).map_err(|e| UsageError(format!("input `{input}`: {e}")))?;
        if meta.is_dir() {
            let mut errors = Vec::new();
            let found = tree::walk(
                &path,
                &|p: &Path| pipeline.walk_format(p).is_some(),
                std::slice::from_ref(&out_canon),
                &mut errors,
            );
            for (p, e) in errors {
                walk_faults.push(Fault::new(
                    p.display().to_string(),
                    format!("cannot read folder: {e}"),
                ));
            }
            let entries = found
                .into_iter()
                .filter_map(|f| {
                    let format = pipeline.walk_format(&f.path)?;
                    let size = std::fs::metadata(&f.path).map(|m| m.len()).unwrap_or(0);
                    Some(FileEntry {
                        path: f.path,
                        rel: f.rel,
                        format,
                        size,
                    })
                })
                .collect();
            sources.push(Source::Files(entries));
        } else if input.to_ascii_lowercase().ends_with(".jsonl") {
            sources.push(Source::Jsonl {
                name: input.clone(),
                path: Some(path),
            });
        } else if let Some(bz2) = is_dump(input) {
            sources.push(Source::Dump {
                name: input.clone(),
                path,
                bz2,
            });
        } else {
            let Some(format) = pipeline.file_format(&path) else {
                return Err(UsageError(format!(
                    "input `{input}`: its extension is marked `ignore` in input.formats"
                )));
            };
            let rel = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| input.clone());
            sources.push(Source::Files(vec![FileEntry {
                path,
                rel,
                format,
                size: meta.len(),
            }]));
        }
    }
    Ok(sources)
}

fn sink_for(layout: Layout, source: &Source) -> Sink {
    match (layout, source) {
        (Layout::Tree, _) => Sink::Tree,
        (Layout::Jsonl, _) => Sink::Jsonl,
        (Layout::Xml, _) => Sink::Xml,
        (Layout::Auto, Source::Files(_)) => Sink::Tree,
        (Layout::Auto, Source::Jsonl { .. }) => Sink::Jsonl,
        (Layout::Auto, Source::Dump { .. }) => Sink::Xml,
    }
}

fn source_mtime(s: &Source) -> Option<SystemTime> {
    match s {
        Source::Files(v) => v.iter().filter_map(|e| mtime_of(&e.path)).max(),
        Source::Jsonl { path: None, .. } => None,
        Source::Jsonl { path: Some(p), .. } | Source::Dump { path: p, .. } => mtime_of(p),
    }
}

/// The suffix of stream outputs and reports under `--shard` (so N shards can share a folder).
fn shard_suffix(shard: Shard) -> String {
    if shard.is_all() {
        String::new()
    } else {
        format!(".shard-{}-of-{}", shard.index, shard.count)
    }
}

/// Runs the pipeline. Returns `Err` only when the run could not start (exit 2); faults in
/// articles are counted in the summary (exit 1).
pub fn run(pipeline: Arc<Pipeline>, opts: &RunOptions) -> Result<Summary, UsageError> {
    let started = Instant::now();
    if opts.inputs.is_empty() {
        return Err(UsageError("no input".into()));
    }
    if opts.jobs == 0 {
        return Err(UsageError("--jobs must be at least 1".into()));
    }
    if pipeline.editions.is_empty() {
        return Err(UsageError("the pipeline has no editions".into()));
    }
    let mut walk_faults = Vec::new();
    let sources = plan(&pipeline, &opts.inputs, &opts.out, &mut walk_faults)?;
    let layout = pipeline.output.layout;
    let tags: Vec<&'static str> = pipeline.editions.iter().map(|e| e.variant.tag()).collect();

    // Two files must not land on the same tree path.
    let mut seen: HashMap<&str, &Path> = HashMap::new();
    for s in &sources {
        if let Source::Files(v) = s
            && sink_for(layout, s) == Sink::Tree
        {
            for e in v {
                if let Some(other) = seen.insert(e.rel.as_str(), e.path.as_path()) {
                    return Err(UsageError(format!(
                        "{} and {} would both be written to {}/<variant>/{}",
                        other.display(),
                        e.path.display(),
                        opts.out.display(),
                        e.rel
                    )));
                }
            }
        }
    }

    std::fs::create_dir_all(&opts.out).map_err(|e| {
        UsageError(format!(
            "cannot create the output folder {}: {e}",
            opts.out.display()
        ))
    })?;

    // Folders of tree outputs, made once here rather than checked for every file.
    if sources.iter().any(|s| sink_for(layout, s) == Sink::Tree) {
        let mut parents: HashSet<String> = HashSet::new();
        parents.insert(String::new());
        for s in &sources {
            if let Source::Files(v) = s
                && sink_for(layout, s) == Sink::Tree
            {
                for e in v {
                    if let Some((parent, _)) = e.rel.rsplit_once('/') {
                        parents.insert(parent.to_string());
                    }
                }
            }
        }
        for tag in &tags {
            for parent in &parents {
                let mut d = opts.out.join(tag);
                for part in parent.split('/').filter(|p| !p.is_empty()) {
                    d.push(part);
                }
                std::fs::create_dir_all(&d).map_err(|e| {
                    UsageError(format!(
                        "cannot create the output folder {}: {e}",
                        d.display()
                    ))
                })?;
            }
        }
    }

    let suffix = shard_suffix(opts.shard);
    let errors_path = opts.out.join(format!("errors{suffix}.jsonl"));
    let warnings_path = opts.out.join(format!("warnings{suffix}.jsonl"));
    let had_errors = errors_path.exists();
    let config_mtime = pipeline
        .file
        .as_deref()
        .and_then(mtime_of)
        .unwrap_or(SystemTime::UNIX_EPOCH);

    // Stream outputs and whether --resume may leave them alone.
    let compressed = sources
        .iter()
        .find_map(|s| match s {
            Source::Dump { bz2, .. } => Some(*bz2),
            _ => None,
        })
        .unwrap_or(false)
        && layout != Layout::Jsonl
        && layout != Layout::Tree;
    let stream_paths = |sink: Sink| -> Vec<PathBuf> {
        tags.iter()
            .map(|t| match sink {
                Sink::Jsonl => opts.out.join(format!("{t}{suffix}.jsonl")),
                _ => opts.out.join(format!(
                    "{t}{suffix}.xml{}",
                    if compressed { ".bz2" } else { "" }
                )),
            })
            .collect()
    };
    let mut fresh_streams = Vec::new();
    let mut skip_sink = HashSet::new();
    if opts.resume && !had_errors {
        for sink in [Sink::Jsonl, Sink::Xml] {
            let feeding: Vec<&Source> = sources
                .iter()
                .filter(|s| sink_for(layout, s) == sink)
                .collect();
            if feeding.is_empty() {
                continue;
            }
            let mut newest = config_mtime;
            let mut known = true;
            for s in &feeding {
                match source_mtime(s) {
                    Some(m) => newest = newest.max(m),
                    None => known = false,
                }
            }
            let paths = stream_paths(sink);
            if known && outputs_fresh(&paths, newest) {
                skip_sink.insert(sink);
                fresh_streams.extend(paths);
            }
        }
    }
    let sources: Vec<Source> = sources
        .into_iter()
        .filter(|s| !skip_sink.contains(&sink_for(layout, s)))
        .collect();

    let counters = Arc::new(Counters::default());
    let raw_total: u64 = sources
        .iter()
        .map(|s| match s {
            Source::Files(v) => v.iter().map(|e| e.size).sum(),
            Source::Jsonl { path: Some(p), .. } | Source::Dump { path: p, .. } => {
                std::fs::metadata(p).map(|m| m.len()).unwrap_or(0)
            }
            Source::Jsonl { path: None, .. } => 0,
        })
        .sum();
    if !sources
        .iter()
        .any(|s| matches!(s, Source::Jsonl { path: None, .. }))
    {
        counters.raw_total.store(raw_total, Ordering::Relaxed);
    }

    // One job: everything on this thread (one core). More: a reader thread, this thread as
    // dispatcher and ordered writer, and `jobs` workers.
    let exec = if opts.jobs == 1 {
        Exec::Inline
    } else {
        Exec::Pool(
            rayon::ThreadPoolBuilder::new()
                .num_threads(opts.jobs)
                .thread_name(|i| format!("tongwen-{i}"))
                .build()
                .map_err(|e| {
                    UsageError(format!("cannot start {} worker threads: {e}", opts.jobs))
                })?,
        )
    };

    // Writers for the streams this run produces.
    let wants = |sink: Sink| sources.iter().any(|s| sink_for(layout, s) == sink);
    let open_streams = |sink: Sink| -> Result<Vec<EditionStream>, UsageError> {
        stream_paths(sink)
            .iter()
            .map(|p| {
                EditionStream::create(p, sink == Sink::Xml && compressed)
                    .map_err(|e| UsageError(format!("cannot create {}: {e}", p.display())))
            })
            .collect()
    };
    let mut writer = Writer {
        ctx: Arc::new(Ctx {
            pipeline: pipeline.clone(),
            out: opts.out.clone(),
            resume: opts.resume,
            shard: opts.shard,
            config_mtime,
            tags: tags.clone(),
        }),
        jsonl: if wants(Sink::Jsonl) {
            Some(open_streams(Sink::Jsonl)?)
        } else {
            None
        },
        xml: if wants(Sink::Xml) {
            Some(XmlWriter::new(
                open_streams(Sink::Xml)?,
                pipeline
                    .editions
                    .iter()
                    .map(|e| e.variant.code().to_string())
                    .collect(),
            ))
        } else {
            None
        },
        tree_seen: HashSet::new(),
        errors: ReportFile::new(errors_path),
        warnings: ReportFile::new(warnings_path),
        counters: counters.clone(),
        shown: 0,
    };

    let reporter = Reporter::start(opts.progress, counters.clone(), started);

    let reader_ctx = (layout, opts.shard);
    if matches!(exec, Exec::Inline) {
        let mut feed = InlineFeed {
            writer: &mut writer,
            exec: &exec,
            raw: Arc::new(AtomicU64::new(0)),
        };
        read_all(sources, walk_faults, reader_ctx, &mut feed);
    } else {
        dispatch(
            sources,
            walk_faults,
            reader_ctx,
            &mut writer,
            &exec,
            opts.jobs,
        )?;
    }

    let (errors_file, warnings_file) = writer.finish(&exec);
    reporter.finish();
    Ok(Summary {
        counters,
        elapsed: started.elapsed(),
        editions: tags.len(),
        fresh_streams,
        errors_file,
        warnings_file,
    })
}

/// The threaded run (`--jobs` ≥ 2): a reader thread feeds this thread, which hands jobs to the
/// workers and writes their results in input order.
fn dispatch(
    sources: Vec<Source>,
    walk_faults: Vec<Fault>,
    reader_ctx: (Layout, Shard),
    writer: &mut Writer,
    exec: &Exec,
    jobs: usize,
) -> Result<(), UsageError> {
    let (sender, rx) = sync_channel::<(Item, u64)>(1024);
    let gate = Arc::new(Gate::new(READ_AHEAD));
    let tx = ChannelFeed {
        tx: sender,
        gate: gate.clone(),
        raw: Arc::new(AtomicU64::new(0)),
    };
    let reader = std::thread::Builder::new()
        .name("tongwen-reader".into())
        .spawn(move || {
            let mut tx = tx;
            read_all(sources, walk_faults, reader_ctx, &mut tx)
        })
        .map_err(|e| UsageError(format!("cannot start the reader thread: {e}")))?;

    let limit = budget(jobs);
    // Pending results in input order: batches of jobs (their outcomes arrive together, one
    // wake-up of this thread per batch) and items for the writer alone. Entry: result, source
    // bytes, input bytes read up to its last item.
    let mut fifo: VecDeque<(Pending, u64, u64)> = VecDeque::new();
    let mut in_flight = 0u64;
    // Jobs handed to the pool together: fewer tasks and fewer wake-ups than one per article.
    let mut batch = Batch::default();
    loop {
        let (item, mark) = match rx.try_recv() {
            Ok(x) => x,
            Err(TryRecvError::Empty) => {
                // Nothing more to read right now: start what is batched, then block.
                in_flight += batch.spawn(exec, &writer.ctx, &mut fifo);
                match rx.recv() {
                    Ok(x) => x,
                    Err(_) => break,
                }
            }
            Err(TryRecvError::Disconnected) => break,
        };
        let cost = item.cost();
        gate.release(cost);
        match item {
            Item::Fault(f) => {
                // Keeps its place: after the jobs batched before it.
                in_flight += batch.spawn(exec, &writer.ctx, &mut fifo);
                fifo.push_back((Pending::Done(Box::new(Outcome::fault(f))), 0, mark));
            }
            Item::Raw(r) => {
                in_flight += batch.spawn(exec, &writer.ctx, &mut fifo);
                fifo.push_back((Pending::Raw(r), cost, mark));
                in_flight += cost;
            }
            job => {
                batch.push(job, cost, mark);
                if batch.full() {
                    in_flight += batch.spawn(exec, &writer.ctx, &mut fifo);
                }
            }
        }
        // Write whatever is finished at the front; wait when too much is in flight.
        loop {
            let must_wait = in_flight > limit || fifo.len() > MAX_PENDING;
            let Some((front, _, _)) = fifo.front_mut() else {
                break;
            };
            let ready = match front {
                Pending::Batch(rx) if must_wait => Some(rx.recv()),
                Pending::Batch(rx) => match rx.try_recv() {
                    Ok(o) => Some(Ok(o)),
                    Err(TryRecvError::Empty) => None,
                    Err(TryRecvError::Disconnected) => Some(Err(std::sync::mpsc::RecvError)),
                },
                _ => Some(Ok(Vec::new())),
            };
            let Some(result) = ready else { break };
            let (p, c, mark) = fifo.pop_front().expect("front exists");
            in_flight -= c;
            writer.finish_pending(p, result, exec);
            writer.counters.raw_read.store(mark, Ordering::Relaxed);
        }
    }
    batch.spawn(exec, &writer.ctx, &mut fifo);
    while let Some((p, _, mark)) = fifo.pop_front() {
        let result = match &p {
            Pending::Batch(rx) => rx.recv(),
            _ => Ok(Vec::new()),
        };
        writer.finish_pending(p, result, exec);
        writer.counters.raw_read.store(mark, Ordering::Relaxed);
    }
    if reader.join().is_err() {
        writer.fault(Fault::new(
            "",
            "internal error in the reader (please report)",
        ));
    }

    Ok(())
}

/// Jobs waiting to be handed to the pool as one task.
#[derive(Default)]
struct Batch {
    jobs: Vec<Item>,
    cost: u64,
    /// Input bytes read up to the last job.
    mark: u64,
}

impl Batch {
    /// Source bytes and articles per task.
    const BYTES: u64 = 128 << 10;
    const ITEMS: usize = 64;

    fn push(&mut self, job: Item, cost: u64, mark: u64) {
        self.jobs.push(job);
        self.cost += cost;
        self.mark = mark;
    }

    fn full(&self) -> bool {
        self.cost >= Self::BYTES || self.jobs.len() >= Self::ITEMS
    }

    /// Hands the batched jobs to the pool as one task whose outcomes come back together, in
    /// order, and queues the task's entry; returns its source bytes (0 when empty).
    fn spawn(
        &mut self,
        exec: &Exec,
        ctx: &Arc<Ctx>,
        fifo: &mut VecDeque<(Pending, u64, u64)>,
    ) -> u64 {
        if self.jobs.is_empty() {
            return 0;
        }
        let jobs = std::mem::take(&mut self.jobs);
        let cost = std::mem::take(&mut self.cost);
        let ctx = ctx.clone();
        let (tx, rx) = channel();
        exec.spawn(move || {
            let outcomes: Vec<Outcome> = jobs.into_iter().map(|job| run_job(&ctx, job)).collect();
            let _ = tx.send(outcomes);
        });
        fifo.push_back((Pending::Batch(rx), cost, self.mark));
        cost
    }
}

/// One job, a panic included, to its outcome.
fn run_job(ctx: &Ctx, job: Item) -> Outcome {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| process(ctx, job))).unwrap_or_else(
        |_| {
            Outcome::fault(Fault::new(
                "",
                "internal error in the runner (please report)",
            ))
        },
    )
}

fn lost() -> Outcome {
    Outcome::fault(Fault::new(
        "",
        "internal error: a batch of conversion jobs was lost (please report)",
    ))
}

/// The ordered writer (main thread).
struct Writer {
    ctx: Arc<Ctx>,
    jsonl: Option<Vec<EditionStream>>,
    xml: Option<XmlWriter>,
    /// Hashes of tree paths written from streams (a second article with the same title is an
    /// error, not a silent overwrite).
    tree_seen: HashSet<u64>,
    errors: ReportFile,
    warnings: ReportFile,
    counters: Arc<Counters>,
    /// Faults echoed to stderr so far.
    shown: usize,
}

/// Faults echoed to stderr before the rest go to errors.jsonl only.
const SHOW_FAULTS: usize = 10;

impl Writer {
    /// Writes a finished FIFO entry; `result` is what its batch's task sent (unused for the
    /// other entries).
    fn finish_pending(
        &mut self,
        p: Pending,
        result: Result<Vec<Outcome>, std::sync::mpsc::RecvError>,
        exec: &Exec,
    ) {
        match p {
            Pending::Batch(_) => match result {
                Ok(outcomes) => {
                    for o in outcomes {
                        self.outcome(o, exec);
                    }
                }
                Err(_) => self.outcome(lost(), exec),
            },
            Pending::Done(o) => self.outcome(*o, exec),
            Pending::Raw(r) => self.raw(r, exec),
        }
    }

    /// Bytes copied from a dump, for the XML outputs.
    fn raw(&mut self, r: XmlRaw, exec: &Exec) {
        if let Some(x) = &mut self.xml {
            x.raw(r, exec);
        }
    }

    /// Writes one item's outcome.
    fn outcome(&mut self, o: Outcome, exec: &Exec) {
        let c = &self.counters;
        c.articles.fetch_add(o.articles, Ordering::Relaxed);
        c.skipped.fetch_add(o.skipped, Ordering::Relaxed);
        c.bytes_in.fetch_add(o.bytes_in, Ordering::Relaxed);
        if let (Some(per), Some(streams)) = (o.jsonl, &mut self.jsonl) {
            let per = Arc::new(per);
            for (k, s) in streams.iter_mut().enumerate() {
                s.write_shared(&per, k, exec);
            }
        }
        if let (Some(x), Some(w)) = (o.xml, &mut self.xml) {
            w.page(x, exec);
        }
        if let Some((rel, per)) = o.tree {
            if self.tree_seen.insert(fnv1a(rel.as_bytes())) {
                for f in write_tree(&self.ctx, &rel, &per) {
                    self.fault(f);
                }
            } else {
                self.fault(Fault {
                    file: Some(rel.clone()),
                    ..Fault::new(
                        self.ctx.out.display().to_string(),
                        "another article was already written to this file name (duplicate title)",
                    )
                });
            }
        }
        for f in o.faults {
            self.fault(f);
        }
        for w in o.warnings {
            self.counters.warnings.fetch_add(1, Ordering::Relaxed);
            self.warnings.record(&w);
        }
    }

    fn fault(&mut self, f: Fault) {
        self.counters.errors.fetch_add(1, Ordering::Relaxed);
        if self.shown < SHOW_FAULTS {
            eprintln!("tongwen: error: {}: {}", f.position(), f.message);
        } else if self.shown == SHOW_FAULTS {
            eprintln!(
                "tongwen: more errors are listed in {} only",
                self.errors.path().display()
            );
        }
        self.shown += 1;
        self.errors.record(&f);
    }

    /// Closes every output; returns the report files that were written.
    fn finish(mut self, exec: &Exec) -> (Option<PathBuf>, Option<PathBuf>) {
        let mut failures = Vec::new();
        if let Some(streams) = self.jsonl.take() {
            for s in streams {
                if let Err(e) = s.finish(exec) {
                    failures.push(e);
                }
            }
        }
        if let Some(x) = self.xml.take() {
            failures.extend(x.finish(exec));
        }
        for (path, e) in failures {
            self.fault(Fault::new(
                path.display().to_string(),
                format!("cannot write: {e}"),
            ));
        }
        let errors_path = (self.errors.count > 0).then(|| self.errors.path().to_path_buf());
        let warnings_path = (self.warnings.count > 0).then(|| self.warnings.path().to_path_buf());
        if let Err(e) = self.errors.finish() {
            eprintln!("tongwen: cannot write the error report: {e}");
        }
        if let Err(e) = self.warnings.finish() {
            eprintln!("tongwen: cannot write the warning report: {e}");
        }
        (errors_path, warnings_path)
    }
}

/// Source bytes the reader may have read ahead of the dispatcher.
const READ_AHEAD: u64 = 8 << 20;

/// Bounds the bytes waiting in the reader's channel (a single item larger than the bound still
/// passes, alone).
struct Gate {
    used: Mutex<u64>,
    freed: Condvar,
    cap: u64,
}

impl Gate {
    fn new(cap: u64) -> Gate {
        Gate {
            used: Mutex::new(0),
            freed: Condvar::new(),
            cap,
        }
    }

    fn acquire(&self, n: u64) {
        let mut used = self.used.lock().unwrap_or_else(|e| e.into_inner());
        while *used > 0 && *used + n > self.cap {
            used = self.freed.wait(used).unwrap_or_else(|e| e.into_inner());
        }
        *used += n;
    }

    fn release(&self, n: u64) {
        let mut used = self.used.lock().unwrap_or_else(|e| e.into_inner());
        *used = used.saturating_sub(n);
        self.freed.notify_all();
    }
}

/// Where [`read_all`] puts the items it cuts.
trait Feed {
    /// Input bytes read so far (compressed bytes for dumps).
    fn raw(&self) -> &Arc<AtomicU64>;
    /// Takes one item; `Err` when the run takes no more.
    fn send(&mut self, item: Item) -> Result<(), ()>;
}

/// The reader thread's end of the channel: sends an item once its bytes fit under the gate,
/// with the count of input bytes read up to it (what the progress display shows once it is
/// written).
struct ChannelFeed {
    tx: std::sync::mpsc::SyncSender<(Item, u64)>,
    gate: Arc<Gate>,
    raw: Arc<AtomicU64>,
}

impl Feed for ChannelFeed {
    fn raw(&self) -> &Arc<AtomicU64> {
        &self.raw
    }

    fn send(&mut self, item: Item) -> Result<(), ()> {
        self.gate.acquire(item.cost());
        let mark = self.raw.load(Ordering::Relaxed);
        self.tx.send((item, mark)).map_err(|_| ())
    }
}

/// `--jobs 1`: every item is converted and written as soon as it is read, on this thread.
struct InlineFeed<'a> {
    writer: &'a mut Writer,
    exec: &'a Exec,
    raw: Arc<AtomicU64>,
}

impl Feed for InlineFeed<'_> {
    fn raw(&self) -> &Arc<AtomicU64> {
        &self.raw
    }

    fn send(&mut self, item: Item) -> Result<(), ()> {
        let mark = self.raw.load(Ordering::Relaxed);
        match item {
            Item::Fault(f) => self.writer.outcome(Outcome::fault(f), self.exec),
            Item::Raw(r) => self.writer.raw(r, self.exec),
            job => {
                let o = run_job(&self.writer.ctx, job);
                self.writer.outcome(o, self.exec);
            }
        }
        self.writer.counters.raw_read.store(mark, Ordering::Relaxed);
        Ok(())
    }
}

/// Counts bytes read from an input file (compressed bytes for dumps).
struct Counting<R> {
    inner: R,
    raw: Arc<AtomicU64>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.raw.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// The reader: every input in order, cut into items.
fn read_all(
    sources: Vec<Source>,
    walk_faults: Vec<Fault>,
    (layout, shard): (Layout, Shard),
    tx: &mut impl Feed,
) {
    for f in walk_faults {
        if tx.send(Item::Fault(f)).is_err() {
            return;
        }
    }
    let mut n = 0u64;
    for source in sources {
        let sink = sink_for(layout, &source);
        let mtime = source_mtime(&source);
        match source {
            Source::Files(entries) => {
                for entry in entries {
                    n += 1;
                    tx.raw().fetch_add(entry.size, Ordering::Relaxed);
                    if !shard.contains(&entry.rel) {
                        continue;
                    }
                    let name = entry.path.display().to_string();
                    if tx
                        .send(Item::File {
                            n,
                            name,
                            entry,
                            sink,
                        })
                        .is_err()
                    {
                        return;
                    }
                }
            }
            Source::Jsonl { name, path } => {
                let input = Arc::new(StreamInput {
                    name: name.clone(),
                    sink,
                    mtime,
                });
                let reader: Box<dyn Read + Send> = match &path {
                    None => Box::new(io::stdin()),
                    Some(p) => match File::open(p) {
                        Ok(f) => Box::new(f),
                        Err(e) => {
                            if tx
                                .send(Item::Fault(Fault::new(name, format!("cannot read: {e}"))))
                                .is_err()
                            {
                                return;
                            }
                            continue;
                        }
                    },
                };
                let counting = Counting {
                    inner: reader,
                    raw: tx.raw().clone(),
                };
                for line in Lines::new(BufReader::with_capacity(1 << 20, counting)) {
                    match line {
                        Ok(line) => {
                            n += 1;
                            if tx
                                .send(Item::Line {
                                    n,
                                    input: input.clone(),
                                    line,
                                })
                                .is_err()
                            {
                                return;
                            }
                        }
                        Err(e) => {
                            let _ = tx.send(Item::Fault(Fault::new(
                                name.clone(),
                                format!("read error: {e}"),
                            )));
                            break;
                        }
                    }
                }
            }
            Source::Dump { name, path, bz2 } => {
                let input = Arc::new(StreamInput {
                    name: name.clone(),
                    sink,
                    mtime,
                });
                let file = match File::open(&path) {
                    Ok(f) => f,
                    Err(e) => {
                        if tx
                            .send(Item::Fault(Fault::new(name, format!("cannot read: {e}"))))
                            .is_err()
                        {
                            return;
                        }
                        continue;
                    }
                };
                let counting = Counting {
                    inner: file,
                    raw: tx.raw().clone(),
                };
                let reader: Box<dyn Read + Send> = if bz2 {
                    Box::new(bzip2::read::MultiBzDecoder::new(counting))
                } else {
                    Box::new(counting)
                };
                for piece in dump::Splitter::new(reader) {
                    let item = match piece {
                        Ok(Piece::Page(chunk)) => {
                            n += 1;
                            Item::Page {
                                n,
                                input: input.clone(),
                                chunk,
                            }
                        }
                        Ok(Piece::Header(b)) => Item::Raw(XmlRaw::Header(b)),
                        Ok(Piece::Between(b)) => Item::Raw(XmlRaw::Between(b)),
                        Ok(Piece::Footer(b)) => Item::Raw(XmlRaw::Footer(b)),
                        Err(f) => Item::Fault(Fault {
                            offset: Some(f.offset),
                            line: Some(f.line),
                            ..Fault::new(name.clone(), f.message)
                        }),
                    };
                    if matches!(item, Item::Raw(_)) && sink != Sink::Xml {
                        continue;
                    }
                    if tx.send(item).is_err() {
                        return;
                    }
                }
            }
        }
    }
}

/// Worker: one item → its outcome.
fn process(ctx: &Ctx, item: Item) -> Outcome {
    match item {
        Item::File {
            n,
            name,
            entry,
            sink,
        } => process_file(ctx, n, name, entry, sink),
        Item::Line { n, input, line } => process_line(ctx, n, &input, line),
        Item::Page { n, input, chunk } => process_page(ctx, n, &input, chunk),
        Item::Raw(_) | Item::Fault(_) => Outcome::default(),
    }
}

fn rel_title(rel: &str) -> &str {
    match rel.rfind('.') {
        Some(i) if i > rel.rfind('/').map_or(0, |s| s + 1) => &rel[..i],
        _ => rel,
    }
}

/// Warnings of all editions of one article, one record per distinct message.
fn collect_warnings(
    ctx: &Ctx,
    rendered: &Editions,
    input: &str,
    file: Option<&str>,
    title: Option<&str>,
) -> Vec<Warning> {
    let mut out: Vec<Warning> = Vec::new();
    for (r, tag) in rendered.iter().zip(&ctx.tags) {
        for m in &r.warnings {
            match out.iter_mut().find(|w| &w.message == m) {
                Some(w) => w.editions.push(tag.to_string()),
                None => out.push(Warning {
                    input: input.to_string(),
                    file: file.map(str::to_string),
                    title: title.map(str::to_string),
                    editions: vec![tag.to_string()],
                    message: m.clone(),
                }),
            }
        }
    }
    out
}

/// The tree files of an article: the text of each rendering, with a front matter title when
/// `front`.
fn tree_bytes(rendered: Editions, front: bool, title: &str) -> PerEdition {
    let Editions { renders, of } = rendered;
    let bufs = renders
        .into_iter()
        .map(|r| {
            if front {
                article::with_front_matter(&r.text, r.title.as_deref().unwrap_or(title))
                    .into_bytes()
            } else {
                r.text.into_bytes()
            }
        })
        .collect();
    PerEdition { bufs, of }
}

/// Writes an article's tree files (one per edition) under `rel`; returns the failures.
fn write_tree(ctx: &Ctx, rel: &str, files: &PerEdition) -> Vec<Fault> {
    let mut faults = Vec::new();
    for (tag, bytes) in ctx.tags.iter().zip(files.iter()) {
        let path = ctx.tree_path(tag, rel);
        // The folders were made before the run; make them again only if they went.
        let res = match write_atomic_in_existing(&path, bytes) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                crate::io::atomic::write_atomic(&path, bytes)
            }
            other => other,
        };
        if let Err(e) = res {
            faults.push(Fault::new(
                path.display().to_string(),
                format!("cannot write: {e}"),
            ));
        }
    }
    faults
}

/// Room for one output record: the text grows a little when escaped (line ends), the titles
/// a little more.
fn record_capacity(r: &Rendered, title: &str) -> usize {
    r.text.len() + r.text.len() / 16 + 2 * title.len() + 128
}

fn display_title<'a>(ctx: &Ctx, r: &'a Rendered, title: &'a str) -> Option<&'a str> {
    ctx.pipeline
        .output
        .titles
        .then(|| r.title.as_deref().unwrap_or(title))
}

fn utf8_fault(
    input: &str,
    file: Option<&str>,
    bytes: &[u8],
    e: std::str::Utf8Error,
    base: u64,
) -> Fault {
    let at = e.valid_up_to();
    let (line, column) = line_col_bytes(bytes, at);
    Fault {
        file: file.map(str::to_string),
        offset: Some(base + at as u64),
        line: Some(line),
        column: Some(column),
        ..Fault::new(input, "invalid UTF-8")
    }
}

fn process_file(ctx: &Ctx, n: u64, name: String, entry: FileEntry, sink: Sink) -> Outcome {
    let mut o = Outcome::default();
    let mtime = mtime_of(&entry.path);
    if ctx.resume && sink == Sink::Tree && ctx.fresh(&entry.rel, mtime) {
        o.skipped = 1;
        return o;
    }
    let bytes = match std::fs::read(&entry.path) {
        Ok(b) => b,
        Err(e) => {
            o.faults.push(Fault {
                file: Some(entry.rel),
                ..Fault::new(name, format!("cannot read: {e}"))
            });
            return o;
        }
    };
    let text = match crate::io::utf8::from_utf8(&bytes) {
        Ok(t) => t,
        Err(e) => {
            o.faults
                .push(utf8_fault(&name, Some(&entry.rel), &bytes, e, 0));
            return o;
        }
    };
    let title = rel_title(&entry.rel);
    let rendered = match article::editions(&ctx.pipeline, text, entry.format, Some(title)) {
        Ok(r) => r,
        Err(m) => {
            o.faults.push(Fault {
                file: Some(entry.rel),
                ..Fault::new(name, m)
            });
            return o;
        }
    };
    o.articles = 1;
    o.bytes_in = text.len() as u64;
    o.warnings = collect_warnings(ctx, &rendered, &name, Some(&entry.rel), Some(title));
    match sink {
        Sink::Tree => {
            let front = ctx.pipeline.output.front_matter && entry.format == Format::Markdown;
            let files = tree_bytes(rendered, front, title);
            o.faults.extend(write_tree(ctx, &entry.rel, &files));
        }
        Sink::Jsonl => {
            let mut extra = Map::new();
            extra.insert("path".into(), Value::String(entry.rel.clone()));
            o.jsonl = Some(PerEdition::build(&rendered.renders, &rendered.of, |r| {
                let mut b = Vec::with_capacity(record_capacity(r, title));
                jsonl::write_record(
                    &mut b,
                    title,
                    display_title(ctx, r, title),
                    Some(entry.format),
                    &r.text,
                    &extra,
                );
                b
            }));
        }
        Sink::Xml => {
            let ts = dump::iso8601(unix_secs(mtime));
            o.xml = Some(XmlOut::PerEdition(Arc::new(PerEdition::build(
                &rendered.renders,
                &rendered.of,
                |r| {
                    let mut b = Vec::with_capacity(r.text.len() + r.text.len() / 16 + 512);
                    dump::synth_page(
                        &mut b,
                        title,
                        n,
                        &ts,
                        entry.format == Format::Wikitext,
                        &r.text,
                    );
                    b
                },
            ))));
        }
    }
    o
}

fn unix_secs(t: Option<SystemTime>) -> i64 {
    t.and_then(|t| t.duration_since(SystemTime::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_secs() as i64)
}

fn process_line(ctx: &Ctx, n: u64, input: &StreamInput, line: RawLine) -> Outcome {
    let mut o = Outcome::default();
    let rec = match jsonl::parse_record(&line.bytes) {
        Ok(r) => r,
        Err(e) => {
            if ctx.shard.contains(&format!("{}:{}", input.name, line.line)) {
                // The decoder counts columns in bytes; report characters, like everywhere else.
                let byte_col = e.column.map(|c| c.clamp(1, line.bytes.len() + 1));
                let column = byte_col.map(|c| line_col_bytes(&line.bytes, c - 1).1);
                o.faults.push(Fault {
                    line: Some(line.line),
                    column,
                    offset: Some(line.offset + byte_col.map_or(0, |c| c as u64 - 1)),
                    ..Fault::new(input.name.clone(), e.message)
                });
            }
            return o;
        }
    };
    if !ctx.shard.contains(&rec.title) {
        return o;
    }
    let format = rec.format.unwrap_or(ctx.pipeline.input.jsonl_format);
    emit_article(
        ctx,
        &mut o,
        n,
        input,
        &rec.title,
        &rec.text,
        format,
        rec.format,
        &rec.extra,
        Some(line.line),
    );
    o
}

/// Converts one article from a stream and fills the outcome for the input's sink.
#[allow(clippy::too_many_arguments)]
fn emit_article(
    ctx: &Ctx,
    o: &mut Outcome,
    n: u64,
    input: &StreamInput,
    title: &str,
    text: &str,
    format: Format,
    given_format: Option<Format>,
    extra: &Map<String, Value>,
    line: Option<u64>,
) {
    let tree_rel = (input.sink == Sink::Tree)
        .then(|| tree::title_file_name(title, tree::extension_for(format)));
    if let Some(rel) = &tree_rel
        && ctx.resume
        && ctx.fresh(rel, input.mtime)
    {
        o.skipped += 1;
        return;
    }
    let rendered = match article::editions(&ctx.pipeline, text, format, Some(title)) {
        Ok(r) => r,
        Err(m) => {
            o.faults.push(Fault {
                title: Some(title.to_string()),
                line,
                ..Fault::new(input.name.clone(), m)
            });
            return;
        }
    };
    o.articles += 1;
    o.bytes_in += text.len() as u64;
    o.warnings.extend(collect_warnings(
        ctx,
        &rendered,
        &input.name,
        None,
        Some(title),
    ));
    match input.sink {
        Sink::Jsonl => {
            o.jsonl = Some(PerEdition::build(&rendered.renders, &rendered.of, |r| {
                let mut b = Vec::with_capacity(record_capacity(r, title));
                jsonl::write_record(
                    &mut b,
                    title,
                    display_title(ctx, r, title),
                    given_format,
                    &r.text,
                    extra,
                );
                b
            }));
        }
        Sink::Tree => {
            let front = ctx.pipeline.output.front_matter && format == Format::Markdown;
            o.tree = Some((
                tree_rel.unwrap_or_default(),
                tree_bytes(rendered, front, title),
            ));
        }
        Sink::Xml => {
            let ts = match extra.get("timestamp") {
                Some(Value::String(s)) => s.clone(),
                _ => dump::iso8601(unix_secs(input.mtime)),
            };
            o.xml = Some(XmlOut::PerEdition(Arc::new(PerEdition::build(
                &rendered.renders,
                &rendered.of,
                |r| {
                    let mut b = Vec::with_capacity(r.text.len() + r.text.len() / 16 + 512);
                    dump::synth_page(&mut b, title, n, &ts, format == Format::Wikitext, &r.text);
                    b
                },
            ))));
        }
    }
}

fn process_page(ctx: &Ctx, n: u64, input: &StreamInput, chunk: PageChunk) -> Outcome {
    let mut o = Outcome::default();
    let quick = dump::quick_title(&chunk.bytes);
    let key = quick
        .clone()
        .unwrap_or_else(|| format!("{}@{}", input.name, chunk.offset));
    if !ctx.shard.contains(&key) {
        return o;
    }
    let page = match dump::parse_page(&chunk.bytes) {
        Ok(p) => p,
        Err(e) => {
            let (l, c) = line_col_bytes(&chunk.bytes, e.at);
            o.faults.push(Fault {
                title: quick,
                offset: Some(chunk.offset + e.at as u64),
                line: Some(chunk.line + l - 1),
                column: Some(c),
                ..Fault::new(input.name.clone(), format!("broken page: {}", e.message))
            });
            return o;
        }
    };
    if input.sink != Sink::Xml {
        // Tree and JSONL take the page's last revision, when it is wikitext.
        let Some(rev) = page.revisions.last() else {
            return o;
        };
        if rev.model != "wikitext" {
            return o;
        }
        let mut extra = Map::new();
        if let Some(id) = page
            .id
            .as_deref()
            .and_then(|s| s.trim().parse::<u64>().ok())
        {
            extra.insert("id".into(), Value::from(id));
        }
        if let Some(ns) = page
            .ns
            .as_deref()
            .and_then(|s| s.trim().parse::<i64>().ok())
        {
            extra.insert("ns".into(), Value::from(ns));
        }
        emit_article(
            ctx,
            &mut o,
            n,
            input,
            &page.title,
            &rev.text,
            Format::Wikitext,
            Some(Format::Wikitext),
            &extra,
            Some(chunk.line),
        );
        return o;
    }
    // XML: convert every wikitext revision, then rebuild the page once per edition.
    let mut per_rev: Vec<Option<Editions>> = Vec::with_capacity(page.revisions.len());
    for rev in &page.revisions {
        if rev.model != "wikitext" {
            per_rev.push(None);
            continue;
        }
        match article::editions(
            &ctx.pipeline,
            &rev.text,
            Format::Wikitext,
            Some(&page.title),
        ) {
            Ok(r) => {
                o.bytes_in += rev.text.len() as u64;
                o.warnings.extend(collect_warnings(
                    ctx,
                    &r,
                    &input.name,
                    None,
                    Some(&page.title),
                ));
                per_rev.push(Some(r));
            }
            Err(m) => {
                o.faults.push(Fault {
                    title: Some(page.title.clone()),
                    offset: Some(chunk.offset),
                    line: Some(chunk.line),
                    ..Fault::new(input.name.clone(), m)
                });
                return o;
            }
        }
    }
    if per_rev.iter().all(Option::is_none) {
        o.xml = Some(XmlOut::Same(chunk.bytes));
        return o;
    }
    o.articles = 1;
    // Editions whose every revision shares a rendering share the page.
    let mut out = PerEdition::default();
    let mut keys: Vec<Vec<usize>> = Vec::new();
    for i in 0..ctx.tags.len() {
        let key: Vec<usize> = per_rev
            .iter()
            .map(|r| r.as_ref().map_or(0, |e| e.of[i]))
            .collect();
        if let Some(k) = keys.iter().position(|k| *k == key) {
            out.of.push(k);
            continue;
        }
        let texts: Vec<Option<&str>> = per_rev
            .iter()
            .map(|r| r.as_ref().map(|e| e.get(i).text.as_str()))
            .collect();
        out.of.push(out.bufs.len());
        out.bufs
            .push(dump::rewrite_page(&chunk.bytes, &page, &texts));
        keys.push(key);
    }
    o.xml = Some(XmlOut::PerEdition(Arc::new(out)));
    let _ = n;
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_from_paths() {
        assert_eq!(rel_title("a/香港.wiki"), "a/香港");
        assert_eq!(rel_title("x.md"), "x");
        assert_eq!(rel_title("a.b/README"), "a.b/README");
        assert_eq!(rel_title(".x"), ".x");
    }

    #[test]
    fn dumps_by_extension() {
        assert_eq!(is_dump("a.XML"), Some(false));
        assert_eq!(is_dump("a.xml.bz2"), Some(true));
        assert_eq!(is_dump("a.bz2"), None);
    }
}
