//! Reports as text: an aligned table for the terminal, CSV and JSON for spreadsheets and
//! scripts, Markdown and a self-contained HTML page to send to a customer as they are.

mod csv;
mod html;
mod json;
mod markdown;
mod table;

pub use json::report_json;

use chrono_tz::Tz;

use super::Report;
use crate::job::ChainHead;
use crate::time::instant::rfc3339;

/// What the report proves about its own data, from the store (not pure).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Evidence {
    /// The event chain and the jobs' agreement with it were verified.
    pub chain_ok: bool,
    /// `verified — chain head 12345:ab12…: …`, or the first problem.
    pub chain: String,
    /// The chain head the report's data was read at (`N:HASH` in JSON).
    pub chain_head: ChainHead,
    /// When the report was made.
    pub generated_at: i64,
    /// The filters applied (`customer Acme Corp`), empty for all jobs.
    pub filters: Vec<String>,
    /// The events of the report's jobs taken back (`revoked`): the figures are computed
    /// without them, and the report says so.
    pub corrections: Vec<Correction>,
}

/// An event taken back by a `revoked` event.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Correction {
    pub job: i64,
    /// The revoked event: its id, kind, who recorded it and when it happened.
    pub event: i64,
    pub kind: String,
    pub by: String,
    pub at: i64,
    /// The `revoked` event: its id, who recorded it, when, and why.
    pub revoked_in: i64,
    pub revoked_by: String,
    pub revoked_at: i64,
    pub reason: String,
}

/// How many corrections the text formats list one by one (JSON lists them all).
const CORRECTIONS_LISTED: usize = 20;

/// The output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Table,
    Csv,
    Json,
    Markdown,
    Html,
}

impl Format {
    pub const NAMES: &[&str] = &["table", "csv", "json", "md", "html"];

    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "table" => Self::Table,
            "csv" => Self::Csv,
            "json" => Self::Json,
            "md" | "markdown" => Self::Markdown,
            "html" => Self::Html,
            _ => return None,
        })
    }
}

/// Which table a CSV holds (a CSV file is one table).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Summary,
    Breaches,
    Credits,
}

/// Renders `r` as `format`.
#[must_use]
pub fn render(r: &Report, ev: &Evidence, format: Format, section: Section, tz: &Tz) -> String {
    match format {
        Format::Table => table::render(r, ev, tz),
        Format::Csv => csv::render(r, section, tz, &ev.chain_head),
        Format::Json => json::render(r, ev, tz),
        Format::Markdown => markdown::render(r, ev, tz),
        Format::Html => html::render(r, ev, tz),
    }
}

/// `97.5 %`, or `—` when nothing was judged.
pub fn pct(p: Option<f64>) -> String {
    p.map_or_else(|| "—".to_owned(), |p| format!("{:.1} %", p * 100.0))
}

pub use crate::time::{dur, opt_dur};

/// `12,345.00`.
pub fn money(x: f64) -> String {
    let cents = (x.abs() * 100.0).round() as i64;
    let whole = (cents / 100).to_string();
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{}{grouped}.{:02}", if x < 0.0 { "-" } else { "" }, cents % 100)
}

/// The range as people read it: `2026-10-01 – 2026-10-31` (the end is exclusive, so the
/// last day shown is the one before it).
pub fn range(r: &Report, tz: &Tz) -> String {
    let day = |t: i64| {
        chrono::DateTime::from_timestamp(t, 0).map_or_else(
            || t.to_string(),
            |d| d.with_timezone(tz).format("%Y-%m-%d").to_string(),
        )
    };
    format!("{} – {}", day(r.from), day(r.to - 1))
}

/// The evidence lines every format states.
pub fn evidence_lines(r: &Report, ev: &Evidence, tz: &Tz) -> Vec<String> {
    let mut lines = vec![
        format!("Jobs logged {} ({}), grouped by {}.", range(r, tz), r.zone, r.by),
        format!(
            "Open clocks judged at {}; {} jobs.",
            rfc3339(r.judged_at, tz),
            r.jobs
        ),
    ];
    if !ev.filters.is_empty() {
        // Typed text (a customer, a technician): inert and cut in every format.
        let only: Vec<String> = ev.filters.iter().map(|f| crate::text::inert(f, 200)).collect();
        lines.push(format!("Only: {}.", only.join(", ")));
    }
    lines.push(format!("Event log: {}.", ev.chain));
    let hashes: Vec<String> = r
        .policy_hashes
        .iter()
        .map(|(h, n)| format!("{} ({n} jobs)", h.get(..12).unwrap_or(h)))
        .collect();
    lines.push(format!("Policy versions (SHA-256): {}.", hashes.join(", ")));
    if !r.unjudged.is_empty() {
        lines.push(format!(
            "{} jobs could not be judged under the policy in force (first: job {}: {}).",
            r.unjudged.len(),
            r.unjudged[0].0,
            r.unjudged[0].1
        ));
    }
    if !ev.corrections.is_empty() {
        let n = ev.corrections.len();
        let listed: Vec<String> = ev
            .corrections
            .iter()
            .take(CORRECTIONS_LISTED)
            .map(|c| {
                format!(
                    "job {} event {} ({} by {} at {}) revoked by {} at {} (event {}): {}",
                    c.job,
                    c.event,
                    c.kind,
                    crate::text::inert(&c.by, 80),
                    rfc3339(c.at, tz),
                    crate::text::inert(&c.revoked_by, 80),
                    rfc3339(c.revoked_at, tz),
                    c.revoked_in,
                    crate::text::inert(&c.reason, 200)
                )
            })
            .collect();
        lines.push(format!(
            "{n} event{} taken back in the event log, the figures computed without {}: {}{}.",
            if n == 1 { "" } else { "s" },
            if n == 1 { "it" } else { "them" },
            listed.join("; "),
            if n > CORRECTIONS_LISTED {
                format!(
                    "; and {} more (the JSON report lists all)",
                    n - CORRECTIONS_LISTED
                )
            } else {
                String::new()
            }
        ));
    }
    if !r.cancelled.is_empty() {
        let ids: Vec<String> = r.cancelled.iter().take(20).map(i64::to_string).collect();
        lines.push(format!(
            "{} cancelled job{} not judged (duplicates or mistakes, each cancelled in the event log): {}{}.",
            r.cancelled.len(),
            if r.cancelled.len() == 1 { "" } else { "s" },
            ids.join(", "),
            if r.cancelled.len() > 20 { ", …" } else { "" }
        ));
    }
    lines.push(format!("Generated {} by slawatch.", rfc3339(ev.generated_at, tz)));
    lines
}

/// The pause reasons of a breach, or `—`.
pub fn paused(p: &[String]) -> String {
    if p.is_empty() {
        "—".to_owned()
    } else {
        p.join("; ")
    }
}
