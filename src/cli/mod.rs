//! The `tongwen` command line: parses arguments, calls the library, prints. Exit status: 0 ok,
//! 1 the job ran but found errors or findings, 2 usage, configuration or input errors.

pub mod check;
pub mod convert;
pub mod explain;
pub mod run;
pub mod serve;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser, Debug)]
#[command(
    name = "tongwen",
    version,
    about = "Turn one Chinese wiki article into its regional editions (OpenCC-exact)"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Convert one file or stdin to one variant.
    Convert(convert::Args),
    /// Produce every edition of a set of articles, as pipeline.yaml says.
    Run(run::Args),
    /// Report ambiguous conversions, mixed scripts, glossary conflicts and markup hazards.
    Check(check::Args),
    /// Show where each converted span of an edition came from.
    Explain(explain::Args),
    /// Serve the HTTP API and the review page.
    Serve(serve::Args),
}

pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    match cli.command {
        Command::Convert(a) => convert::main(a),
        Command::Run(a) => run::main(a),
        Command::Check(a) => check::main(a),
        Command::Explain(a) => explain::main(a),
        Command::Serve(a) => serve::main(a),
    }
}

/// Prints `tongwen: message` to stderr and returns exit status 2.
pub fn fail(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("tongwen: {message}");
    ExitCode::from(2)
}
