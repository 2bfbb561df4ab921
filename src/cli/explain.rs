//! `tongwen explain` (not implemented yet).

use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct Args {}

pub fn main(_args: Args) -> ExitCode {
    super::fail("`explain` is not implemented yet")
}
