//! Command line: clap definitions and one file per subcommand group.

mod args;
mod calendar_cmd;
mod dashboard_cmd;
mod demo_cmd;
mod export_cmd;
mod forecast_cmd;
mod imap_cmd;
mod ingest_args;
mod init_cmd;
mod io_cmd;
mod job_cmd;
mod list_cmd;
mod mail_args;
mod mail_cmd;
mod meta_cmd;
mod names;
mod outbox_cmd;
mod policy_cmd;
mod report_cmd;
mod serve_args;
mod serve_cmd;
mod show_cmd;
mod sub_args;
mod token_cmd;
mod verify_cmd;
mod watch_cmd;
mod webhooks_cmd;

use crate::service::policy::LoadError;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub use args::{Cli, Command};
pub use calendar_cmd::batch as calendar_batch;

use slawatch_core::policy::Policy;

/// How a command failed: bad input (exit 2) or a runtime failure (exit 1).
#[derive(Debug, thiserror::Error)]
pub enum Failure {
    /// The user's input (policy, arguments, data) is wrong.
    #[error("{0}")]
    BadInput(String),
    /// Something outside the user's input failed (I/O, the store).
    #[error("{0}")]
    Runtime(String),
    /// The reader of our output went away (`| head`): not an error, just the end.
    #[error("output closed")]
    Closed,
}

impl Failure {
    /// The message for stderr.
    #[must_use]
    pub fn message(&self) -> &str {
        match self {
            Failure::BadInput(m) | Failure::Runtime(m) => m,
            Failure::Closed => "the output was closed",
        }
    }

    #[must_use]
    pub fn exit_code(&self) -> ExitCode {
        match self {
            Failure::BadInput(_) => ExitCode::from(2),
            Failure::Runtime(_) => ExitCode::from(1),
            Failure::Closed => ExitCode::SUCCESS,
        }
    }
}

pub type CliResult = Result<(), Failure>;

/// Runs a parsed command line.
///
/// # Errors
/// [`Failure`] with the message for stderr.
pub fn run(cli: Cli) -> CliResult {
    match run_command(cli) {
        Err(Failure::Closed) => Ok(()),
        // Messages echo what the user gave (a priority, a customer, a note): whatever
        // it held, stderr gets no escape sequence and no line of more than 2,000 characters.
        Err(Failure::BadInput(m)) => Err(Failure::BadInput(slawatch_core::text::inert_lines(&m, 2000))),
        Err(Failure::Runtime(m)) => Err(Failure::Runtime(slawatch_core::text::inert_lines(&m, 2000))),
        Ok(()) => Ok(()),
    }
}

fn run_command(cli: Cli) -> CliResult {
    let Some(command) = cli.command else {
        return dashboard_cmd::dashboard(&cli.global);
    };
    match command {
        Command::Init => init_cmd::init(&cli.global),
        Command::Completions { shell } => meta_cmd::completions(shell),
        Command::Man => meta_cmd::man(),
        Command::Demo { store, jobs } => dashboard_cmd::demo(&cli.global, store, jobs),
        Command::Policy(cmd) => policy_cmd::run(&cli.global, cmd),
        Command::Calendar(cmd) => calendar_cmd::run(&cli.global, cmd),
        Command::List(args) => list_cmd::list(&cli.global, &args),
        Command::Show { job, json } => show_cmd::show(&cli.global, job, json),
        Command::Import {
            file,
            format,
            json,
            new_customer,
            new_tech,
            new_type,
        } => io_cmd::import(
            &cli.global,
            &file,
            format.as_deref(),
            json,
            names::Confirmed {
                customers: new_customer,
                technicians: new_tech,
                types: new_type,
            },
        ),
        Command::Export {
            events,
            from,
            to,
            format,
            out,
        } => export_cmd::export(
            &cli.global,
            events,
            from.as_deref(),
            to.as_deref(),
            &format,
            out.as_deref(),
        ),
        Command::Verify { json, head } => verify_cmd::verify(&cli.global, json, head.as_deref()),
        Command::Watch { once, json, every } => watch_cmd::watch(&cli.global, once, json, every),
        Command::Report(args) => report_cmd::report(&cli.global, &args),
        Command::Forecast(args::ForecastCmd::Backtest {
            from,
            to,
            min_samples,
            no_queue,
            details,
            json,
        }) => forecast_cmd::run_backtest(
            &cli.global,
            &forecast_cmd::BacktestArgs {
                from,
                to,
                min_samples,
                no_queue,
                details,
                json,
            },
        ),
        Command::Forecast(args::ForecastCmd::Worst) => forecast_cmd::worst(&cli.global),
        Command::Ingest(cmd) => mail_cmd::ingest_cmd(&cli.global, &cmd),
        Command::Mail(cmd) => mail_cmd::mail_cmd(&cli.global, &cmd),
        Command::Token(cmd) => token_cmd::run(&cli.global, cmd),
        Command::Serve(args) => serve_cmd::serve(&cli.global, &args),
        Command::Webhooks(cmd) => webhooks_cmd::run(&cli.global, &cmd),
        Command::DemoData { jobs, days, seed } => demo_cmd::run(&cli.global, jobs, days, seed),
        other => job_cmd::run(&cli.global, other),
    }
}

impl From<slawatch_store::StoreError> for Failure {
    fn from(e: slawatch_store::StoreError) -> Self {
        if e.is_user_error() {
            Failure::BadInput(e.to_string())
        } else {
            Failure::Runtime(e.to_string())
        }
    }
}

impl From<slawatch_store::private_file::PrivateFileError> for Failure {
    fn from(e: slawatch_store::private_file::PrivateFileError) -> Self {
        if e.is_user_error() {
            Failure::BadInput(e.to_string())
        } else {
            Failure::Runtime(e.to_string())
        }
    }
}

/// The store file: `--db`, `SLAWATCH_DB`, or the XDG data dir.
pub(crate) fn db_path(global: &args::Global) -> Result<PathBuf, Failure> {
    if let Some(p) = &global.db {
        return Ok(p.clone());
    }
    dirs::data_dir()
        .map(|d| d.join("slawatch").join("jobs.db"))
        .ok_or_else(|| {
            Failure::BadInput(
                "no store given and no data directory known — pass --db FILE or set SLAWATCH_DB".to_owned(),
            )
        })
}

/// Who is acting: `--user`, `SLAWATCH_USER`, or the OS user.
pub(crate) fn actor(global: &args::Global) -> String {
    global
        .user
        .clone()
        .or_else(|| std::env::var("USER").ok())
        .or_else(|| std::env::var("LOGNAME").ok())
        .or_else(|| std::env::var("USERNAME").ok())
        .or_else(|| dirs::home_dir().and_then(|h| h.file_name().map(|n| n.to_string_lossy().into_owned())))
        .map(|u| u.trim().to_owned())
        .filter(|u| !u.is_empty())
        .unwrap_or_else(|| "unknown".to_owned())
}

/// Who is acting, refused when the name is longer than any name may be, or is the
/// name slawatch records its own actions under.
pub(crate) fn checked_actor(global: &args::Global) -> Result<String, Failure> {
    let who = actor(global);
    slawatch_core::job::identity::check(&who).map_err(Failure::BadInput)?;
    Ok(who)
}

/// Who logs new jobs (`log`, `import`): [`checked_actor`], and not the name that marks
/// demo jobs, so a real job is never taken for demo data (`demo-data` writes only among
/// its own jobs).
pub(crate) fn logging_actor(global: &args::Global) -> Result<String, Failure> {
    let who = checked_actor(global)?;
    if slawatch_core::job::identity::same(&who, crate::service::demo::DEMO_LOGGER) {
        return Err(Failure::BadInput(format!(
            "--user {who}: that name marks the jobs `demo-data` makes up, so it cannot log real ones — log as yourself (--user NAME or SLAWATCH_USER)"
        )));
    }
    Ok(who)
}

/// The configured policy, loaded and validated.
pub(crate) fn policy(global: &args::Global) -> Result<Policy, Failure> {
    load_policy(&policy_path(global.policy.as_deref())?)
}

/// The policy file to use: `--policy`, `SLAWATCH_POLICY`, or the XDG config dir.
pub(crate) fn policy_path(explicit: Option<&Path>) -> Result<PathBuf, Failure> {
    if let Some(p) = explicit {
        return Ok(p.to_path_buf());
    }
    dirs::config_dir()
        .map(|d| d.join("slawatch").join("sla.toml"))
        .ok_or_else(|| {
            Failure::BadInput(
                "no policy file given and no config directory known — pass --policy FILE or set SLAWATCH_POLICY".to_owned(),
            )
        })
}

/// Reads and validates a policy file.
pub(crate) fn load_policy(path: &Path) -> Result<Policy, Failure> {
    crate::service::policy::load(path).map_err(|e| match e {
        LoadError::Unreadable(e) => Failure::BadInput(format!(
            "cannot read policy file {}: {e} — run `slawatch init` to write a starter policy there, or pass --policy FILE / set SLAWATCH_POLICY",
            path.display()
        )),
        e @ (LoadError::NotAFile(_) | LoadError::TooBig(_)) => Failure::BadInput(e.describe(path)),
        LoadError::Invalid(e) => {
            let n = e.diagnostics.len();
            Failure::BadInput(format!(
                "{e}\n{}: {n} problem{} found",
                path.display(),
                if n == 1 { "" } else { "s" }
            ))
        }
    })
}

/// Parses a time from the command line in the policy's display zone.
pub(crate) fn parse_time(text: &str, policy: &Policy, what: &str) -> Result<i64, Failure> {
    slawatch_core::time::instant::parse_instant(text, &policy.display_tz)
        .map_err(|e| Failure::BadInput(format!("{what}: {e}")))
}

/// A failed write of our output: [`Failure::Closed`] when the reader went away.
pub(crate) fn write_failure(what: &str, e: &std::io::Error) -> Failure {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        Failure::Closed
    } else {
        Failure::Runtime(format!("{what}: {e}"))
    }
}

/// Writes `text` and a newline to stdout.
pub(crate) fn emit(text: &str) -> CliResult {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    writeln!(out, "{text}")
        .and_then(|()| out.flush())
        .map_err(|e| write_failure("writing", &e))
}

/// Writes `v` as JSON (indented if `pretty`) and a newline to stdout, with the text of
/// jobs kept exactly but every character a terminal would act on escaped.
pub(crate) fn emit_json(v: &serde_json::Value, pretty: bool) -> CliResult {
    let text = if pretty { format!("{v:#}") } else { v.to_string() };
    emit(&slawatch_core::text::json_safe(text))
}

/// Writes `items` as one compact JSON array and a newline to stdout, the same text as
/// [`emit_json`] of the array, one element at a time: a million listed jobs are never
/// one value tree and one string in memory.
pub(crate) fn emit_json_array(items: impl IntoIterator<Item = serde_json::Value>) -> CliResult {
    use std::io::Write;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let write = || -> std::io::Result<()> {
        out.write_all(b"[")?;
        for (i, v) in items.into_iter().enumerate() {
            if i > 0 {
                out.write_all(b",")?;
            }
            out.write_all(slawatch_core::text::json_safe(v.to_string()).as_bytes())?;
        }
        out.write_all(b"]\n")?;
        out.flush()
    };
    write().map_err(|e| write_failure("writing", &e))
}
