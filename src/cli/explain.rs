//! `tongwen explain --to VARIANT [--pipeline FILE] [--glossary FILE…] [--format human|json]
//! FILE`: every converted span of one edition with where it came from.
//!
//! Exit status: 0, or 2 on usage, configuration or input errors.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use crate::document::Format;
use crate::review::{explain_source, human};

use super::check::{color, editions, format_of, parse_format, read_source};

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutputFormat {
    Human,
    Json,
}

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The edition to explain: zh-Hans zh-Hant zh-CN zh-TW zh-HK zh-MO zh-SG zh-MY.
    #[arg(long = "to", short = 't', value_name = "VARIANT")]
    pub to: String,
    /// pipeline.yaml: the edition's OpenCC configs, CGroup files, glossaries and protection
    /// rules (default: the default pipeline).
    #[arg(long, value_name = "FILE")]
    pub pipeline: Option<PathBuf>,
    /// A glossary YAML file in force (repeatable), besides the pipeline's.
    #[arg(long = "glossary", short = 'g', value_name = "FILE")]
    pub glossary: Vec<PathBuf>,
    /// Output: human or json.
    #[arg(long, value_enum, default_value = "human")]
    pub format: OutputFormat,
    /// Source format (default: from the extension).
    #[arg(long = "input-format", value_name = "FORMAT", value_parser = parse_format)]
    pub input_format: Option<Format>,
    /// The file to explain (`-` for stdin).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
}

pub fn main(args: Args) -> ExitCode {
    let (editions, parse) = match editions(
        args.pipeline.as_deref(),
        std::slice::from_ref(&args.to),
        &args.glossary,
    ) {
        Ok(x) => x,
        Err(e) => return super::fail(e),
    };
    let Some(edition) = editions.first() else {
        return super::fail(format!("no edition {}", args.to));
    };
    let (name, text) = match read_source(&args.file) {
        Ok(x) => x,
        Err(e) => return super::fail(e),
    };
    let format = format_of(&args.file, args.input_format);
    let report = explain_source(&name, &text, format, edition, &parse);
    let out = match args.format {
        OutputFormat::Human => human::explain_report(&report, color()),
        OutputFormat::Json => serde_json::to_string_pretty(&report).unwrap_or_default() + "\n",
    };
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(out.as_bytes())
        .and_then(|_| stdout.flush())
    {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => super::fail(e),
        _ => ExitCode::SUCCESS,
    }
}
