//! The clap model of the command line.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

pub use super::sub_args::{CalendarCmd, ForecastCmd, PolicyCmd, ReportArgs, Shell};

/// slawatch — every service job against its contracted SLA.
#[derive(Debug, Parser)]
#[command(name = "slawatch", version, about, propagate_version = true)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    /// Without a command: the dashboard on the configured store and policy.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Options every command understands.
#[derive(Debug, Args)]
pub struct Global {
    /// The SLA policy file [default: $XDG_CONFIG_HOME/slawatch/sla.toml]
    #[arg(long, global = true, env = "SLAWATCH_POLICY", value_name = "FILE")]
    pub policy: Option<PathBuf>,
    /// The job store [default: $XDG_DATA_HOME/slawatch/jobs.db]
    #[arg(long, global = true, env = "SLAWATCH_DB", value_name = "FILE")]
    pub db: Option<PathBuf>,
    /// The dashboard's own settings (theme, keys, view) [default: $XDG_CONFIG_HOME/slawatch/config.toml]
    #[arg(long, global = true, env = "SLAWATCH_CONFIG", value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Who is acting, recorded on every event [default: the OS user]
    #[arg(long, global = true, env = "SLAWATCH_USER", value_name = "NAME")]
    pub user: Option<String>,
}

/// `--at` and `--note`, shared by the actions.
#[derive(Debug, Args, Clone)]
pub struct When {
    /// When it happened, if earlier: RFC 3339 or `YYYY-MM-DD HH:MM` [default: now]
    #[arg(long, value_name = "TIME")]
    pub at: Option<String>,
    /// Print the result as JSON.
    #[arg(long)]
    pub json: bool,
}

/// A job action with an optional note.
#[derive(Debug, Args, Clone)]
pub struct NoteAction {
    /// The job id.
    pub job: i64,
    /// A note for the job's timeline (at most 64 KB).
    #[arg(long)]
    pub note: Option<String>,
    #[command(flatten)]
    pub when: When,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// First run: write a commented starter policy (sla.toml.example) to the policy
    /// path and create an empty store at the store path; refuses if either exists.
    Init,
    /// Print a shell completion script (e.g. `slawatch completions bash > ~/.local/share/bash-completion/completions/slawatch`).
    Completions {
        /// The shell to complete in.
        shell: Shell,
    },
    /// Print the man page (roff), e.g. `slawatch man | man -l -`.
    Man,
    /// The dashboard on a fresh demo store and the built-in example policy.
    Demo {
        /// Where to write the demo store [default: a new file in the temp directory]
        #[arg(long, value_name = "FILE")]
        store: Option<PathBuf>,
        /// How many demo jobs.
        #[arg(long, default_value_t = 300)]
        jobs: usize,
    },
    /// Check a policy file, or see which tier and deadlines a job would get.
    #[command(subcommand)]
    Policy(PolicyCmd),
    /// Business-hours arithmetic on a policy's calendars, for people and scripts.
    #[command(subcommand)]
    Calendar(CalendarCmd),
    /// Log a new job: matches its tier, records it, prints its deadlines.
    Log(LogArgs),
    /// Mark a job responded to (first response).
    Respond(NoteAction),
    /// Mark a job attended (technician on site; also answers the response).
    Attend(NoteAction),
    /// Mark a job resolved (stops every clock).
    Resolve(NoteAction),
    /// Reopen a resolved job (the resolve clock resumes).
    Reopen(NoteAction),
    /// Put a job on hold for a reason from the policy's pause_reasons.
    Pause {
        /// The job id.
        job: i64,
        /// One of the policy's pause reasons, e.g. "waiting on customer".
        #[arg(long)]
        reason: String,
        /// A note for the job's timeline (at most 64 KB).
        #[arg(long)]
        note: Option<String>,
        #[command(flatten)]
        when: When,
    },
    /// Resume a paused job.
    Resume(NoteAction),
    /// Assign a job to a technician.
    Assign {
        /// The job id.
        job: i64,
        /// The technician who takes the job.
        #[arg(long, value_name = "TECH")]
        to: String,
        /// TECH is a new technician, though close to a known one (else refused as a typo).
        #[arg(long)]
        new_tech: bool,
        #[command(flatten)]
        when: When,
    },
    /// Change a job's priority (and type); the tier is matched again.
    Reprioritize {
        /// The job id.
        job: i64,
        /// The new priority, one of the policy's (e.g. P2).
        #[arg(long)]
        priority: String,
        /// The new job type, if it changes too.
        #[arg(long = "type", value_name = "TYPE")]
        job_type: Option<String>,
        /// TYPE is new, though close to one the policy's rules name (else refused).
        #[arg(long)]
        new_type: bool,
        #[command(flatten)]
        when: When,
    },
    /// Add a note to a job's timeline.
    Note {
        /// The job id.
        job: i64,
        /// The note's text (at most 64 KB).
        text: String,
        #[command(flatten)]
        when: When,
    },
    /// Escalate a job (to the next level, or --level N).
    Escalate {
        /// The job id.
        job: i64,
        /// The escalation level to go to [default: the next one].
        #[arg(long)]
        level: Option<i64>,
        /// A note for the job's timeline (at most 64 KB).
        #[arg(long)]
        note: Option<String>,
        #[command(flatten)]
        when: When,
    },
    /// Acknowledge a job's escalation.
    Ack(NoteAction),
    /// Cancel a duplicate or mistaken job: it leaves the queue and is not judged.
    Cancel {
        /// The job id.
        job: i64,
        /// Why (e.g. "duplicate of 41"); kept in the record.
        #[arg(long)]
        reason: String,
        #[command(flatten)]
        when: When,
    },
    /// Take back an event recorded by mistake (a new `revoked` event; nothing is
    /// edited). Your own within the policy's revoke_window, any with a `revoke` role.
    Revoke {
        /// The job id.
        job: i64,
        /// The event's id (`slawatch show JOB` lists them).
        #[arg(long, value_name = "ID")]
        event: i64,
        /// Why; kept in the record.
        #[arg(long)]
        reason: String,
        #[command(flatten)]
        when: When,
    },
    /// Jobs with their most urgent clock, most overdue first.
    List(ListArgs),
    /// One job: its clocks and its timeline.
    Show {
        /// The job id.
        job: i64,
        /// Print the job as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Log many jobs from a CSV file (with a header row) or JSON lines.
    Import {
        /// The CSV or JSON-lines file to read.
        file: PathBuf,
        /// csv or jsonl [default: from the file extension]
        #[arg(long)]
        format: Option<String>,
        /// Print the summary as JSON.
        #[arg(long)]
        json: bool,
        /// A customer of the file that is new, though close to a known one (else its
        /// rows are refused as a typo). Repeat for several.
        #[arg(long, value_name = "NAME")]
        new_customer: Vec<String>,
        /// A technician of the file that is new, though close to a known one. Repeatable.
        #[arg(long, value_name = "NAME")]
        new_tech: Vec<String>,
        /// A job type of the file that is new, though close to a policy type. Repeatable.
        #[arg(long, value_name = "TYPE")]
        new_type: Vec<String>,
    },
    /// Export jobs (or events) as CSV or JSON lines.
    Export {
        /// Export the event log instead of the jobs.
        #[arg(long)]
        events: bool,
        /// Only jobs logged (events happened) at or after this time.
        #[arg(long, value_name = "TIME")]
        from: Option<String>,
        /// Only before this time.
        #[arg(long, value_name = "TIME")]
        to: Option<String>,
        /// csv or json (JSON lines)
        #[arg(long, default_value = "csv")]
        format: String,
        /// Write to FILE instead of stdout.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// The alert engine without a screen: records threshold crossings, notifies this
    /// user (desktop, terminal, command hook) and logs a line per alert.
    Watch {
        /// Evaluate, deliver and exit (for cron).
        #[arg(long)]
        once: bool,
        /// One JSON object per line.
        #[arg(long)]
        json: bool,
        /// Seconds between rounds.
        #[arg(long, default_value_t = 1, value_name = "SECS")]
        every: u64,
    },
    /// Compliance report over a date range: adherence per group and clock, breaches,
    /// service credits, evidence.
    Report(ReportArgs),
    /// The breach forecast: how well "at risk" would have predicted past breaches.
    #[command(subcommand)]
    Forecast(ForecastCmd),
    /// Work coming in: mail to job.
    #[command(subcommand)]
    Ingest(super::mail_args::IngestCmd),
    /// Mail to job: held mail and the ingest log.
    #[command(subcommand)]
    Mail(super::mail_args::MailCmd),
    /// Tokens of the HTTP API: create, list, revoke.
    #[command(subcommand)]
    Token(super::serve_args::TokenCmd),
    /// Serve the HTTP API (`/api/v1`): jobs in and out, actions, for tools around the desk.
    Serve(super::serve_args::ServeArgs),
    /// Webhooks out: send the webhook outbox, see what is pending and failing, retry.
    #[command(subcommand)]
    Webhooks(super::webhooks_cmd::WebhooksCmd),
    /// Check the event chain and that the jobs agree with their events (exit 1 if not);
    /// prints the chain head N:HASH to publish.
    Verify {
        /// Print the result as JSON.
        #[arg(long)]
        json: bool,
        /// A chain head published before (N:HASH): prove the first N events still hash
        /// to HASH.
        #[arg(long, value_name = "N:HASH", allow_hyphen_values = true)]
        head: Option<String>,
    },
    /// Fill a store with realistic demo jobs against the example policy.
    DemoData {
        /// How many demo jobs.
        #[arg(long, default_value_t = 200)]
        jobs: usize,
        /// Spread the jobs over the last D days.
        #[arg(long, default_value_t = 14)]
        days: u32,
        /// Random seed, for repeatable data.
        #[arg(long, default_value_t = 2026)]
        seed: u64,
    },
}

#[derive(Debug, Args)]
pub struct LogArgs {
    /// The customer, as the policy's contracts name it.
    #[arg(long)]
    pub customer: String,
    /// The priority, one of the policy's (e.g. P1).
    #[arg(long)]
    pub priority: String,
    /// The job type (e.g. onsite), when the contract's rules depend on it.
    #[arg(long = "type", value_name = "TYPE")]
    pub job_type: Option<String>,
    /// The asset concerned (e.g. a serial number).
    #[arg(long)]
    pub asset: Option<String>,
    /// Where the job is.
    #[arg(long)]
    pub site: Option<String>,
    /// A contract id, when the customer holds several.
    #[arg(long)]
    pub contract: Option<String>,
    /// What is wrong, in a few words (at most 4 KB; notes take up to 64 KB, names and
    /// codes 200 bytes).
    #[arg(long)]
    pub summary: String,
    /// Technician to assign.
    #[arg(long, value_name = "NAME")]
    pub tech: Option<String>,
    /// The customer is new, though close to a known one (else refused as a typo: a
    /// misspelt customer gets no contract and only the default tier).
    #[arg(long)]
    pub new_customer: bool,
    /// The technician is new, though close to a known one (else refused as a typo).
    #[arg(long)]
    pub new_tech: bool,
    /// The type is new, though close to one the policy's rules name (else refused).
    #[arg(long)]
    pub new_type: bool,
    #[command(flatten)]
    pub when: When,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only open jobs (the default).
    #[arg(long, conflicts_with = "all")]
    pub open: bool,
    /// Resolved jobs too.
    #[arg(long)]
    pub all: bool,
    /// Only jobs of customers whose name holds this (ignoring case, as the dashboard's `/`).
    #[arg(long)]
    pub customer: Option<String>,
    /// Only jobs of contracts whose id holds this (ignoring case).
    #[arg(long, value_name = "CONTRACT")]
    pub contract: Option<String>,
    /// Only jobs assigned to technicians whose name holds this (ignoring case).
    #[arg(long, value_name = "TECH")]
    pub tech: Option<String>,
    /// Only jobs with a breached clock.
    #[arg(long)]
    pub breached: bool,
    /// Only jobs the forecast expects to breach a clock not breached yet (from how long
    /// the same steps took before, and the technician's queue), with the expected overrun.
    #[arg(long, conflicts_with = "all")]
    pub at_risk: bool,
    /// due (most urgent first, the default) or id.
    #[arg(long, default_value = "due")]
    pub sort: String,
    /// Print the jobs as JSON.
    #[arg(long)]
    pub json: bool,
}
