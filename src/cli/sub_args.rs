//! The clap model of the own arguments of the forecast, policy, calendar, report and
//! completions commands (the rest is in `args.rs`).

use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};

#[derive(Debug, Subcommand)]
pub enum ForecastCmd {
    /// Replay history: forecast each job logged in the range at each of its stages from
    /// what was known then, and score "at risk" against the breaches that happened.
    Backtest {
        /// First day (or instant) of the range, in the policy's display zone.
        #[arg(long, value_name = "DATE")]
        from: String,
        /// Last day of the range, included (or an instant, excluded).
        #[arg(long, value_name = "DATE")]
        to: String,
        /// Samples a tier+type (or tier) needs before its figures are used.
        #[arg(long, default_value_t = 20, value_name = "N")]
        min_samples: usize,
        /// Leave out the work queued ahead for the technician.
        #[arg(long)]
        no_queue: bool,
        /// Also list every prediction.
        #[arg(long)]
        details: bool,
        /// Print the scores as JSON.
        #[arg(long)]
        json: bool,
    },
    /// For the dashboard: the worst at-risk forecast of each open job, as JSON. Run as a
    /// child process so the store-wide history pass never swells the dashboard itself.
    #[command(hide = true)]
    Worst,
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
        /// The customer, as the policy's contracts name it.
        #[arg(long)]
        customer: String,
        /// The priority, one of the policy's (e.g. P1).
        #[arg(long)]
        priority: String,
        /// The job type (e.g. onsite).
        #[arg(long = "type", value_name = "TYPE")]
        job_type: Option<String>,
        /// The asset concerned.
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
    /// Before switching policy: every open job whose tier, deadline or state would change.
    Diff {
        /// The new policy file.
        new: PathBuf,
        /// Print the changes as JSON.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum CalendarCmd {
    /// The deadline after N business minutes, N business days or a window from START.
    Add {
        /// A calendar of the policy's [calendars].
        #[arg(long)]
        calendar: String,
        /// RFC 3339, or `YYYY-MM-DD HH:MM` in the policy's display zone.
        #[arg(long, value_name = "TIME")]
        start: String,
        /// Business minutes (decimals allowed: 1.5 = 1m30s).
        #[arg(
            long,
            value_name = "N",
            conflicts_with_all = ["business_days", "window"],
            required_unless_present_any = ["business_days", "window"]
        )]
        minutes: Option<String>,
        /// Until the closing time of the Nth business day after START's day.
        #[arg(long, value_name = "N", conflicts_with = "window")]
        business_days: Option<u32>,
        /// A window as the policy writes one: `4h`, `1h30m`, `90s` or `1bd`.
        #[arg(long, value_name = "WINDOW")]
        window: Option<String>,
    },
    /// Business minutes between two times (decimal when there are seconds).
    Elapsed {
        /// A calendar of the policy's [calendars].
        #[arg(long)]
        calendar: String,
        /// Start: RFC 3339, or `YYYY-MM-DD HH:MM` in the policy's display zone.
        #[arg(long, value_name = "TIME")]
        from: String,
        /// End, in the same forms.
        #[arg(long, value_name = "TIME")]
        to: String,
    },
    /// Answer one request per stdin line: `add START MINUTES`, `addbd START N`,
    /// `elapsed FROM TO`; one answer per line, `error: …` for a bad line.
    Batch {
        /// A calendar of the policy's [calendars].
        #[arg(long)]
        calendar: String,
    },
}

/// `slawatch report`.
#[derive(Debug, Args, Clone)]
pub struct ReportArgs {
    /// First day (or instant) of the range, in the policy's display zone.
    #[arg(
        long,
        value_name = "DATE",
        requires = "to",
        required_unless_present_any = ["month", "last_month"]
    )]
    pub from: Option<String>,
    /// Last day of the range, included (or an instant, excluded).
    #[arg(long, value_name = "DATE", requires = "from")]
    pub to: Option<String>,
    /// A whole calendar month, `YYYY-MM`, in the policy's display zone (instead of
    /// --from/--to).
    #[arg(long, value_name = "YYYY-MM", conflicts_with_all = ["from", "to", "last_month"])]
    pub month: Option<String>,
    /// The calendar month before the current one, in the policy's display zone.
    #[arg(long, conflicts_with_all = ["from", "to"])]
    pub last_month: bool,
    /// Only this customer's jobs.
    #[arg(long)]
    pub customer: Option<String>,
    /// Only jobs under this contract id.
    #[arg(long)]
    pub contract: Option<String>,
    /// Only jobs of this tier.
    #[arg(long)]
    pub tier: Option<String>,
    /// Only jobs assigned to this technician.
    #[arg(long, value_name = "TECH")]
    pub tech: Option<String>,
    /// customer, contract, tier, tech, priority, week or month.
    #[arg(long, default_value = "customer")]
    pub by: String,
    /// table, csv, json, md or html.
    #[arg(long, default_value = "table")]
    pub format: String,
    /// For csv: summary, breaches or credits.
    #[arg(long, default_value = "summary")]
    pub section: String,
    /// Write to FILE (created readable by you only) instead of stdout.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Skip checking the event chain (the report then says it is not verified).
    #[arg(long)]
    pub no_verify: bool,
}

/// The shells `slawatch completions` writes for.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
}
