//! `tongwen run [--pipeline FILE] --out DIR [--jobs N] [--resume] [--shard K/N] INPUT...`:
//! every edition of every article, as pipeline.yaml says.
//!
//! Exit status: 0 when every article was written, 1 when some could not be (they are listed in
//! `DIR/errors.jsonl`), 2 for usage and configuration errors (nothing is written).

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use crate::pipeline::Pipeline;
use crate::pipeline::progress::ProgressMode;
use crate::pipeline::runner::{self, RunOptions};
use crate::pipeline::shard::Shard;

#[derive(clap::Args, Debug)]
#[command(
    after_help = "INPUT: files and folders (walked recursively for the extensions in \
pipeline.yaml), *.jsonl files and - (JSONL on stdin) with {\"title\",\"text\",\"format\"?} per line, \
MediaWiki XML dumps *.xml and *.xml.bz2 (multistream too).\n\
Outputs: DIR/<variant>/<relative path> for files, DIR/<variant>.jsonl for JSONL, \
DIR/<variant>.xml[.bz2] for dumps; DIR/errors.jsonl lists articles that could not be converted.\n\
Exit status: 0 clean, 1 some articles failed, 2 usage or configuration error."
)]
pub struct Args {
    /// The pipeline (default: ./pipeline.yaml when it exists, else the built-in default).
    #[arg(long, value_name = "FILE")]
    pub pipeline: Option<PathBuf>,
    /// Output folder (default: output.dir of the pipeline).
    #[arg(long, short = 'o', value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Worker threads (default: the number of CPUs).
    #[arg(long, short = 'j', value_name = "N")]
    pub jobs: Option<usize>,
    /// Skip outputs that are newer than their input (and the pipeline file).
    #[arg(long)]
    pub resume: bool,
    /// Process only shard K of N (0 <= K < N): a deterministic share of the articles.
    #[arg(long, value_name = "K/N")]
    pub shard: Option<Shard>,
    /// Progress display on stderr.
    #[arg(long, value_enum, default_value_t = ProgressArg::Auto)]
    pub progress: ProgressArg,
    /// Files, folders, *.jsonl, - (stdin), *.xml, *.xml.bz2 (default: input.paths of the pipeline).
    #[arg(value_name = "INPUT")]
    pub inputs: Vec<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ProgressArg {
    /// A bar on a terminal, a line every few seconds otherwise.
    Auto,
    /// A bar (articles, MB, MB/s, ETA), even when stderr is not a terminal.
    Bar,
    /// One line every five seconds.
    Lines,
    /// Only the summary at the end.
    Off,
}

fn usage_error(message: &str) -> ExitCode {
    use clap::CommandFactory;
    let mut cmd = super::Cli::command();
    cmd.build();
    let usage = cmd
        .find_subcommand_mut("run")
        .map(|c| c.render_usage().to_string())
        .unwrap_or_default();
    eprintln!("tongwen: {message}\n\n{usage}\n\nFor more information, try 'tongwen run --help'.");
    ExitCode::from(2)
}

pub fn main(args: Args) -> ExitCode {
    let pipeline = match &args.pipeline {
        Some(p) => Pipeline::load(p),
        None if Path::new("pipeline.yaml").is_file() => Pipeline::load(Path::new("pipeline.yaml")),
        None => Ok(Pipeline::default_pipeline()),
    };
    let pipeline = match pipeline {
        Ok(p) => p,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let inputs: Vec<String> = if args.inputs.is_empty() {
        pipeline
            .input
            .paths
            .iter()
            .map(|p| p.display().to_string())
            .collect()
    } else {
        args.inputs.clone()
    };
    if inputs.is_empty() {
        return usage_error(
            "no input: name files, folders, *.jsonl, *.xml(.bz2) or - (stdin), or list them under input.paths in pipeline.yaml",
        );
    }
    let Some(out) = args.out.clone().or_else(|| pipeline.output.dir.clone()) else {
        return usage_error("no output folder: give --out DIR (or output.dir in pipeline.yaml)");
    };
    let jobs = args.jobs.unwrap_or_else(|| {
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
    });
    let progress = match args.progress {
        ProgressArg::Auto => ProgressMode::Auto,
        ProgressArg::Bar => ProgressMode::Bar,
        ProgressArg::Lines => ProgressMode::Lines,
        ProgressArg::Off => ProgressMode::Off,
    };
    let opts = RunOptions {
        inputs,
        out: out.clone(),
        jobs,
        resume: args.resume,
        shard: args.shard.unwrap_or(Shard::ALL),
        progress,
    };
    let summary = match runner::run(Arc::new(pipeline), &opts) {
        Ok(s) => s,
        Err(e) => return usage_error(&e.0),
    };
    for p in &summary.fresh_streams {
        eprintln!("tongwen: {} is up to date", p.display());
    }
    eprintln!("tongwen: {} → {}", summary.line(), out.display());
    if let Some(p) = &summary.warnings_file {
        eprintln!("tongwen: warnings are listed in {}", p.display());
    }
    if let Some(p) = &summary.errors_file {
        eprintln!("tongwen: errors are listed in {}", p.display());
    }
    if summary.errors() > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
