//! `tongwen convert`: one file or stdin to one variant.

use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use crate::engine::Converter;
use crate::variant::Variant;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// An OpenCC config: one of the 16 built-in names or a path to a config .json.
    #[arg(long, short = 'c', conflicts_with = "to")]
    pub config: Option<String>,
    /// A variant (zh-Hans zh-Hant zh-CN zh-TW zh-HK zh-MO zh-SG zh-MY).
    #[arg(long, short = 't')]
    pub to: Option<String>,
    /// Output file (default: stdout).
    #[arg(long, short = 'o')]
    pub output: Option<PathBuf>,
    /// Input file (default: stdin).
    pub file: Option<PathBuf>,
}

pub fn main(args: Args) -> ExitCode {
    let converter = match (&args.config, &args.to) {
        (Some(c), _) => Converter::from_spec(c),
        (None, Some(t)) => match Variant::parse_edition(t) {
            Some(v) => Converter::builtin(v.default_configs()[0]),
            None => return super::fail(crate::variant::UnknownVariant(t.clone())),
        },
        (None, None) => return super::fail("give --config NAME|PATH or --to VARIANT"),
    };
    let converter = match converter {
        Ok(c) => c,
        Err(e) => return super::fail(e),
    };
    let mut input = Vec::new();
    let name = match &args.file {
        Some(p) => match std::fs::File::open(p).and_then(|mut f| f.read_to_end(&mut input)) {
            Ok(_) => p.display().to_string(),
            Err(e) => return super::fail(format!("{}: {e}", p.display())),
        },
        None => {
            if let Err(e) = std::io::stdin().read_to_end(&mut input) {
                return super::fail(format!("<stdin>: {e}"));
            }
            "<stdin>".to_string()
        }
    };
    let text = match std::str::from_utf8(&input) {
        Ok(t) => t,
        Err(e) => {
            return super::fail(format!(
                "{name}: invalid UTF-8 at byte offset {}",
                e.valid_up_to()
            ));
        }
    };
    let out = converter.convert(text);
    let res = match &args.output {
        Some(p) => std::fs::write(p, out.as_bytes()),
        None => std::io::stdout().lock().write_all(out.as_bytes()),
    };
    match res {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => super::fail(e),
    }
}
