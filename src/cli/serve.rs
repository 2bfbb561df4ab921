//! `tongwen serve` (not implemented yet).

use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct Args {}

pub fn main(_args: Args) -> ExitCode {
    super::fail("`serve` is not implemented yet")
}
