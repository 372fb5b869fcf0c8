//! `orienteer completions SHELL` and `orienteer man`: the shell completion
//! script and the man page, both generated from the one command-line
//! definition (`args::Cli`), so they cannot fall behind it.

use super::args::{Cli, Shell};
use super::Failure;
use clap::CommandFactory;
use std::io::Write;

/// Writes the completion script for `shell` to `out`.
pub(crate) fn completions(shell: Shell, out: &mut impl Write) -> Result<(), Failure> {
    let shell = match shell {
        Shell::Bash => clap_complete::Shell::Bash,
        Shell::Zsh => clap_complete::Shell::Zsh,
        Shell::Fish => clap_complete::Shell::Fish,
    };
    // Generated into memory first: the generator cannot report a closed
    // pipe, the write below can (`| head` ends the command quietly).
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "orienteer", &mut script);
    out.write_all(&script)?;
    Ok(())
}

/// Writes the man page (roff) to `out`.
pub(crate) fn man(out: &mut impl Write) -> Result<(), Failure> {
    let mut page = Vec::new();
    clap_mangen::Man::new(Cli::command()).render(&mut page)?;
    out.write_all(&page)?;
    Ok(())
}
