//! `tongwen convert`: one file or stdin to one variant or through one OpenCC config.
//!
//! - Converters: `--config NAME|PATH.json` (one config), else `--to VARIANT`, which applies the
//!   variant's default configs in order (`Variant::default_configs`). With both, the config
//!   converts and the variant picks the text of `-{ }-` markup.
//! - Format: `--format`, else from FILE's extension (`.wiki .wikitext .mediawiki` → wikitext,
//!   `.md .markdown` → markdown, anything else and stdin → plain).
//! - Plain text is streamed: read in blocks, converted in pieces cut where the conversion is
//!   unaffected (`Converter::split_point`, normally just after a newline), so memory stays
//!   bounded whatever the input size. Wikitext and Markdown are read whole, parsed, and
//!   rendered for the edition.
//! - Invalid UTF-8: exit status 2 naming the file and the byte offset of the first bad byte,
//!   and nothing written: with `-o OUT` the output goes to a temporary file that is renamed
//!   to OUT only at the end (and removed on error); for stdout the whole input is checked
//!   before anything is converted.
//! - An OUT that exists and is not a regular file (`/dev/null`, a FIFO, a terminal) is written
//!   in place, like stdout (input checked first): renaming a file over it would replace the
//!   device or pipe.

use std::fs::File;
use std::io::{BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::document::Format;
use crate::engine::Converter;
use crate::engine::stream::split_point as stream_split_point;
use crate::variant::Variant;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// An OpenCC config: one of the 16 built-in names or a path to a config .json.
    #[arg(long, short = 'c')]
    pub config: Option<String>,
    /// A variant (zh-Hans zh-Hant zh-CN zh-TW zh-HK zh-MO zh-SG zh-MY; zh-tw, zh_TW and
    /// zh-Hant-TW spellings work too): its default configs, in order.
    #[arg(long, short = 't')]
    pub to: Option<String>,
    /// Input format: wikitext, markdown or plain (default: from the file extension).
    #[arg(long, short = 'f')]
    pub format: Option<String>,
    /// Output file (default: stdout).
    #[arg(long, short = 'o')]
    pub output: Option<PathBuf>,
    /// Input file (default: stdin).
    pub file: Option<PathBuf>,
    /// A glossary YAML file (repeatable; later files win): house forms applied like
    /// `-{H|…}-` rules for the whole text. Plain text is then read whole, not streamed.
    #[arg(long = "glossary", short = 'g', value_name = "FILE")]
    pub glossary: Vec<PathBuf>,
    /// Convert each of these files as plain text into --batch-out (for test scripts).
    #[arg(long, hide = true, num_args = 1..)]
    pub batch: Vec<PathBuf>,
    /// Folder for --batch outputs (same file names).
    #[arg(long, hide = true)]
    pub batch_out: Option<PathBuf>,
    /// Time the in-process conversion of FILE (read whole, converted N times, no output);
    /// prints `{"bytes":…,"best_s":…,"mb_s":…}` (for scripts/bench-vs-opencc).
    #[arg(long, hide = true, value_name = "N")]
    pub bench: Option<u32>,
}

/// Size of a read block when streaming.
const BLOCK: usize = 4 << 20;
/// Stdin larger than this is spooled to a temporary file (to be checked before converting).
const SPOOL_LIMIT: usize = 16 << 20;

/// The variant an OpenCC config converts to (for `-{ }-` markup when `--to` is not given).
pub fn config_variant(name: &str) -> Variant {
    match name {
        "s2tw" | "s2twp" | "t2tw" => Variant::ZhTW,
        "s2hk" | "s2hkp" | "t2hk" => Variant::ZhHK,
        "t2s" | "tw2s" | "hk2s" => Variant::ZhHans,
        "tw2sp" | "hk2sp" => Variant::ZhCN,
        _ => Variant::ZhHant,
    }
}

pub fn main(args: Args) -> ExitCode {
    let variant = match &args.to {
        Some(t) => match Variant::parse_edition(t) {
            Some(v) => Some(v),
            None => return super::fail(crate::variant::UnknownVariant(t.clone())),
        },
        None => None,
    };
    let converters: Vec<Converter> = match (&args.config, variant) {
        (Some(c), _) => match Converter::from_spec(c) {
            Ok(c) => vec![c],
            Err(e) => return super::fail(e),
        },
        (None, Some(v)) => {
            let mut list = Vec::new();
            for name in v.default_configs() {
                match Converter::builtin(name) {
                    Ok(c) => list.push(c),
                    Err(e) => return super::fail(e),
                }
            }
            list
        }
        (None, None) => return super::fail("give --config NAME|PATH or --to VARIANT"),
    };
    let variant = variant.unwrap_or_else(|| config_variant(converters[0].name()));
    let format = match &args.format {
        Some(f) => match Format::parse(f) {
            Some(f) => f,
            None => {
                return super::fail(format!(
                    "unknown format `{f}` (expected wikitext, markdown or plain)"
                ));
            }
        },
        None => args
            .file
            .as_deref()
            .map(Format::from_path)
            .unwrap_or(Format::Plain),
    };
    if !args.batch.is_empty() {
        return batch(&converters, &args.batch, args.batch_out.as_deref());
    }
    if let Some(n) = args.bench {
        return bench(&converters, args.file.as_deref(), n);
    }
    let mut glossaries = Vec::new();
    for g in &args.glossary {
        match crate::rules::Glossary::load(g) {
            Ok(g) => glossaries.push(std::sync::Arc::new(g)),
            Err(e) => return super::fail(e),
        }
    }
    let name = args
        .file
        .as_ref()
        .map_or_else(|| "<stdin>".to_string(), |p| p.display().to_string());
    // Output to stdout (or to a device or pipe) cannot be taken back: check the whole input
    // first. A file output is written to a temporary file, dropped if the input turns out to
    // be invalid.
    let precheck = args.output.as_deref().is_none_or(is_special);
    let mut source = match open_source(args.file.as_deref(), &name, precheck) {
        Ok(s) => s,
        Err(e) => return super::fail(e),
    };
    let mut sink = match Sink::new(args.output.as_deref()) {
        Ok(s) => s,
        Err(e) => return super::fail(e),
    };
    let res = match format {
        Format::Plain if glossaries.is_empty() => {
            stream(&converters, &mut source, &mut sink, &name)
        }
        f => markup(
            &converters,
            variant,
            &glossaries,
            f,
            &mut source,
            &mut sink,
            &name,
        ),
    };
    match res.and_then(|()| sink.finish()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            sink.abandon();
            super::fail(e)
        }
    }
}

/// A readable input, known to be valid UTF-8 and positioned at its start.
enum Source {
    Memory(std::io::Cursor<Vec<u8>>),
    File(File),
    Spool(File, PathBuf),
}

impl Read for Source {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        match self {
            Source::Memory(c) => c.read(buf),
            Source::File(f) | Source::Spool(f, _) => f.read(buf),
        }
    }
}

impl Drop for Source {
    fn drop(&mut self) {
        if let Source::Spool(_, p) = self {
            let _ = std::fs::remove_file(p);
        }
    }
}

/// Checks that everything `r` yields is UTF-8, copying it to `copy` if given.
fn check_utf8(
    r: &mut dyn Read,
    name: &str,
    mut copy: Option<&mut dyn Write>,
) -> Result<(), String> {
    let mut buf = vec![0u8; 1 << 16];
    let mut carry = 0usize;
    let mut offset = 0usize; // bytes of the input before buf[0]
    loop {
        let n = read_full(r, &mut buf[carry..]).map_err(|e| format!("{name}: {e}"))?;
        let end = carry + n;
        if let Some(w) = copy.as_deref_mut() {
            w.write_all(&buf[carry..end])
                .map_err(|e| format!("{name}: {e}"))?;
        }
        let eof = n == 0 || end < buf.len();
        match crate::io::utf8::from_utf8(&buf[..end]) {
            Ok(_) => carry = 0,
            Err(e) if e.error_len().is_none() && !eof => {
                let v = e.valid_up_to();
                buf.copy_within(v..end, 0);
                offset += v;
                carry = end - v;
                continue;
            }
            Err(e) => {
                return Err(format!(
                    "{name}: invalid UTF-8 at byte offset {}",
                    offset + e.valid_up_to()
                ));
            }
        }
        offset += end;
        if eof {
            return Ok(());
        }
    }
}

/// Reads until `buf` is full or the input ends; returns the number of bytes read.
fn read_full(r: &mut dyn Read, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match r.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

fn open_source(file: Option<&Path>, name: &str, precheck: bool) -> Result<Source, String> {
    match file {
        Some(p) => {
            let mut f = File::open(p).map_err(|e| format!("{name}: {e}"))?;
            if precheck {
                check_utf8(&mut f, name, None)?;
                f.seek(SeekFrom::Start(0))
                    .map_err(|e| format!("{name}: {e}"))?;
            }
            Ok(Source::File(f))
        }
        None => {
            // Keep stdin in memory while small; spool the rest to a temporary file.
            let mut stdin = std::io::stdin().lock();
            let mut head = Vec::new();
            (&mut stdin)
                .take(SPOOL_LIMIT as u64)
                .read_to_end(&mut head)
                .map_err(|e| format!("{name}: {e}"))?;
            if head.len() < SPOOL_LIMIT {
                if let Err(e) = std::str::from_utf8(&head) {
                    return Err(format!(
                        "{name}: invalid UTF-8 at byte offset {}",
                        e.valid_up_to()
                    ));
                }
                return Ok(Source::Memory(std::io::Cursor::new(head)));
            }
            let path = std::env::temp_dir().join(format!("tongwen-stdin-{}", std::process::id()));
            let mut f = File::options()
                .read(true)
                .write(true)
                .create_new(true)
                .open(&path)
                .map_err(|e| format!("{}: {e}", path.display()))?;
            let mut all = head.as_slice().chain(stdin);
            let checked = check_utf8(&mut all, name, Some(&mut f))
                .and_then(|()| f.seek(SeekFrom::Start(0)).map_err(|e| e.to_string()));
            match checked {
                Ok(_) => Ok(Source::Spool(f, path)),
                Err(e) => {
                    drop(f);
                    let _ = std::fs::remove_file(&path);
                    Err(e)
                }
            }
        }
    }
}

/// True when `path` exists and is not a regular file (a device, FIFO or socket).
fn is_special(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir())
}

/// Where output goes: stdout, a device or pipe written in place, or a temporary file renamed to
/// OUT at the end.
enum Sink {
    Stdout(BufWriter<std::io::StdoutLock<'static>>),
    Special(BufWriter<File>, PathBuf),
    File {
        w: Option<BufWriter<File>>,
        tmp: PathBuf,
        out: PathBuf,
    },
}

impl Sink {
    fn new(out: Option<&Path>) -> Result<Sink, String> {
        match out {
            None => Ok(Sink::Stdout(BufWriter::with_capacity(
                1 << 16,
                std::io::stdout().lock(),
            ))),
            Some(out) if is_special(out) => {
                let f = std::fs::OpenOptions::new()
                    .write(true)
                    .open(out)
                    .map_err(|e| format!("{}: {e}", out.display()))?;
                Ok(Sink::Special(
                    BufWriter::with_capacity(1 << 16, f),
                    out.to_path_buf(),
                ))
            }
            Some(out) => {
                let dir = out.parent().filter(|d| !d.as_os_str().is_empty());
                let file = out
                    .file_name()
                    .map_or_else(|| "out".into(), |f| f.to_string_lossy().into_owned());
                let tmp_name = format!(".{file}.tongwen-{}.tmp", std::process::id());
                let tmp = dir.map_or_else(|| PathBuf::from(&tmp_name), |d| d.join(&tmp_name));
                let f = File::create(&tmp).map_err(|e| format!("{}: {e}", out.display()))?;
                Ok(Sink::File {
                    w: Some(BufWriter::with_capacity(1 << 16, f)),
                    tmp,
                    out: out.to_path_buf(),
                })
            }
        }
    }

    fn write(&mut self, s: &str) -> Result<(), String> {
        let r = match self {
            Sink::Stdout(w) => w.write_all(s.as_bytes()),
            Sink::Special(w, _) => w.write_all(s.as_bytes()),
            Sink::File { w: Some(w), .. } => w.write_all(s.as_bytes()),
            Sink::File { w: None, .. } => Ok(()),
        };
        r.map_err(|e| self.describe(e))
    }

    fn describe(&self, e: std::io::Error) -> String {
        match self {
            Sink::Stdout(_) => format!("<stdout>: {e}"),
            Sink::Special(_, out) | Sink::File { out, .. } => format!("{}: {e}", out.display()),
        }
    }

    fn finish(&mut self) -> Result<(), String> {
        match self {
            Sink::Stdout(w) => w.flush().map_err(|e| format!("<stdout>: {e}")),
            Sink::Special(w, out) => w.flush().map_err(|e| format!("{}: {e}", out.display())),
            Sink::File { w, tmp, out } => {
                let Some(w) = w.take() else { return Ok(()) };
                let f = w
                    .into_inner()
                    .map_err(|e| format!("{}: {}", out.display(), e.error()))?;
                f.sync_all().ok();
                drop(f);
                std::fs::rename(&*tmp, &*out).map_err(|e| format!("{}: {e}", out.display()))
            }
        }
    }

    fn abandon(&mut self) {
        if let Sink::File { w, tmp, .. } = self {
            w.take();
            let _ = std::fs::remove_file(&*tmp);
        }
    }
}

fn convert_all(converters: &[Converter], text: &str) -> String {
    let mut cur = converters[0].convert(text);
    for c in &converters[1..] {
        cur = c.convert(&cur);
    }
    cur
}

/// Streams plain text through the converters in pieces cut at exact split points.
fn stream(
    converters: &[Converter],
    source: &mut Source,
    sink: &mut Sink,
    name: &str,
) -> Result<(), String> {
    let mut buf: Vec<u8> = Vec::new();
    let mut eof = false;
    let mut consumed = 0usize; // input bytes before buf[0]
    while !eof || !buf.is_empty() {
        if !eof {
            // Grows only as data arrives (no zero-filled 4 MiB for a short input).
            let n = (&mut *source)
                .take(BLOCK as u64)
                .read_to_end(&mut buf)
                .map_err(|e| format!("{name}: {e}"))?;
            eof = n < BLOCK;
        }
        let valid = match crate::io::utf8::from_utf8(&buf) {
            Ok(_) => buf.len(),
            // The input was checked: only a character cut by the block end can fail.
            Err(e) if e.error_len().is_none() && !eof => e.valid_up_to(),
            Err(e) => {
                return Err(format!(
                    "{name}: invalid UTF-8 at byte offset {}",
                    consumed + e.valid_up_to()
                ));
            }
        };
        let text = crate::io::utf8::from_utf8(&buf[..valid]).map_err(|e| e.to_string())?;
        let cut = if eof {
            valid
        } else {
            stream_split_point(converters, text)
        };
        if cut == 0 {
            continue; // no exact cut yet: read more
        }
        sink.write(&convert_all(converters, &text[..cut]))?;
        buf.drain(..cut);
        consumed += cut;
    }
    Ok(())
}

fn markup(
    converters: &[Converter],
    variant: Variant,
    glossaries: &[std::sync::Arc<crate::rules::Glossary>],
    format: Format,
    source: &mut Source,
    sink: &mut Sink,
    name: &str,
) -> Result<(), String> {
    let mut bytes = Vec::new();
    source
        .read_to_end(&mut bytes)
        .map_err(|e| format!("{name}: {e}"))?;
    let src = String::from_utf8(bytes).map_err(|e| {
        format!(
            "{name}: invalid UTF-8 at byte offset {}",
            e.utf8_error().valid_up_to()
        )
    })?;
    let doc = crate::markup::parse(&src, format);
    let spec = crate::edition::EditionSpec {
        converters: converters.to_vec(),
        glossaries: glossaries.to_vec(),
        ..crate::edition::EditionSpec::new(variant)
    };
    let rendered = crate::edition::render(&src, &doc, None, &spec);
    sink.write(&rendered.text)
}

/// The hidden batch mode used by scripts/diff-vs-opencc: each file converted whole, as plain
/// text, into `out_dir` under the same file name.
fn batch(converters: &[Converter], files: &[PathBuf], out_dir: Option<&Path>) -> ExitCode {
    let Some(out_dir) = out_dir else {
        return super::fail("--batch needs --batch-out DIR");
    };
    for f in files {
        let name = f.display().to_string();
        let bytes = match std::fs::read(f) {
            Ok(b) => b,
            Err(e) => return super::fail(format!("{name}: {e}")),
        };
        let text = match crate::io::utf8::from_utf8(&bytes) {
            Ok(t) => t,
            Err(e) => {
                return super::fail(format!(
                    "{name}: invalid UTF-8 at byte offset {}",
                    e.valid_up_to()
                ));
            }
        };
        let out = convert_all(converters, text);
        let target = out_dir.join(f.file_name().unwrap_or(f.as_os_str()));
        if let Err(e) = std::fs::write(&target, out) {
            return super::fail(format!("{}: {e}", target.display()));
        }
    }
    ExitCode::SUCCESS
}

/// The hidden timing mode used by scripts/bench-vs-opencc: converts FILE `n` times in
/// process (after one warm-up run) and prints the best time.
fn bench(converters: &[Converter], file: Option<&Path>, n: u32) -> ExitCode {
    let Some(file) = file else {
        return super::fail("--bench needs FILE");
    };
    let text = match std::fs::read_to_string(file) {
        Ok(t) => t,
        Err(e) => return super::fail(format!("{}: {e}", file.display())),
    };
    let mut out_len = convert_all(converters, &text).len();
    let mut best = f64::INFINITY;
    let mut best_cpu = f64::INFINITY;
    for _ in 0..n.max(1) {
        let c0 = thread_cpu_seconds();
        let t0 = std::time::Instant::now();
        let out = convert_all(converters, &text);
        best = best.min(t0.elapsed().as_secs_f64());
        if let (Some(a), Some(b)) = (c0, thread_cpu_seconds()) {
            best_cpu = best_cpu.min(b - a);
        }
        out_len = out.len();
    }
    let mb = text.len() as f64 / 1e6;
    println!(
        "{{\"bytes\":{},\"out_bytes\":{out_len},\"best_s\":{best:.6},\"mb_s\":{:.1},\"cpu_mb_s\":{:.1}}}",
        text.len(),
        mb / best.max(1e-9),
        if best_cpu.is_finite() && best_cpu > 0.0 {
            mb / best_cpu
        } else {
            0.0
        }
    );
    ExitCode::SUCCESS
}

/// CPU time of this thread in seconds (Linux `/proc/thread-self/schedstat`), if available.
fn thread_cpu_seconds() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: f64 = s.split_whitespace().next()?.parse().ok()?;
    Some(ns / 1e9)
}
