//! Wiring only: parse the command line and run the command.

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    orienteer::cli::main(orienteer::cli::args::Cli::parse())
}
