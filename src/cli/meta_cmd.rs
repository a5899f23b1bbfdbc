//! `slawatch completions SHELL` and `slawatch man`: the CLI describing itself.

use std::io::Write;

use clap::CommandFactory;

use super::args::{Cli, Shell};
use super::{CliResult, write_failure};

pub(crate) fn completions(shell: Shell) -> CliResult {
    let mut cmd = Cli::command();
    let shell = match shell {
        Shell::Bash => clap_complete::Shell::Bash,
        Shell::Zsh => clap_complete::Shell::Zsh,
        Shell::Fish => clap_complete::Shell::Fish,
    };
    // Into memory first: `generate` panics on a failed write (`| head`).
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut cmd, "slawatch", &mut script);
    let mut out = std::io::stdout().lock();
    out.write_all(&script)
        .and_then(|()| out.flush())
        .map_err(|e| write_failure("writing the completions", &e))
}

pub(crate) fn man() -> CliResult {
    let mut out = std::io::stdout().lock();
    clap_mangen::Man::new(Cli::command())
        .render(&mut out)
        .map_err(|e| write_failure("writing the man page", &e))
}
