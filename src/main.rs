use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = slawatch::cli::Cli::parse();
    match slawatch::cli::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("slawatch: {e}");
            e.exit_code()
        }
    }
}
