//! The clap model of the command line.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// slawatch — every service job against its contracted SLA.
#[derive(Debug, Parser)]
#[command(name = "slawatch", version, about, propagate_version = true)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

/// Options every command understands.
#[derive(Debug, Args)]
pub struct Global {
    /// The SLA policy file [default: $XDG_CONFIG_HOME/slawatch/sla.toml]
    #[arg(long, global = true, env = "SLAWATCH_POLICY", value_name = "FILE")]
    pub policy: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check a policy file, or see which tier and deadlines a job would get.
    #[command(subcommand)]
    Policy(PolicyCmd),
    /// Business-hours arithmetic on a policy's calendars, for people and scripts.
    #[command(subcommand)]
    Calendar(CalendarCmd),
}

#[derive(Debug, Subcommand)]
pub enum PolicyCmd {
    /// Validate a policy: every problem as FILE:LINE:COL, exit 2 if any.
    Check {
        /// The policy file [default: --policy, SLAWATCH_POLICY, or the config dir]
        file: Option<PathBuf>,
    },
    /// Which contract, rule and tier a job gets, and its deadlines if logged at TIME.
    Explain {
        #[arg(long)]
        customer: String,
        #[arg(long)]
        priority: String,
        #[arg(long = "type", value_name = "TYPE")]
        job_type: Option<String>,
        #[arg(long)]
        asset: Option<String>,
        /// A contract id, when the customer holds several.
        #[arg(long)]
        contract: Option<String>,
        /// When the job would be logged: RFC 3339 or `YYYY-MM-DD HH:MM` [default: now]
        #[arg(long, value_name = "TIME")]
        at: Option<String>,
        /// Machine-readable output.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum CalendarCmd {
    /// The deadline after N business minutes (or N business days) from START.
    Add {
        #[arg(long)]
        calendar: String,
        /// RFC 3339, or `YYYY-MM-DD HH:MM` in the policy's display zone.
        #[arg(long, value_name = "TIME")]
        start: String,
        /// Business minutes (decimals allowed: 1.5 = 1m30s).
        #[arg(
            long,
            value_name = "N",
            conflicts_with = "business_days",
            required_unless_present = "business_days"
        )]
        minutes: Option<String>,
        /// Until the closing time of the Nth business day after START's day.
        #[arg(long, value_name = "N")]
        business_days: Option<u32>,
    },
    /// Business minutes between two times (decimal when there are seconds).
    Elapsed {
        #[arg(long)]
        calendar: String,
        #[arg(long, value_name = "TIME")]
        from: String,
        #[arg(long, value_name = "TIME")]
        to: String,
    },
    /// Answer one request per stdin line: `add START MINUTES`, `addbd START N`,
    /// `elapsed FROM TO`; one answer per line, `error: …` for a bad line.
    Batch {
        #[arg(long)]
        calendar: String,
    },
}
