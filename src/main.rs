use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    slawatch::service::stdio::fill_closed_std_fds();
    slawatch::service::clock::start();
    let cli = slawatch::cli::Cli::parse();
    let result = slawatch::cli::run(cli);
    // What the store did on its own (a migration's backup under an unusual name).
    for note in slawatch_store::take_notes() {
        slawatch::say!(
            "slawatch: note: {}",
            slawatch_core::text::inert_lines(&note, 2000)
        );
    }
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            slawatch::say!("slawatch: {e}");
            e.exit_code()
        }
    }
}
