//! CSV, one table per file: the summary (default), the breach list or the credits.
//! Durations are in seconds, shares as fractions, so spreadsheets can compute; text that
//! a spreadsheet would run as a formula (`=`, `+`, `-`, `@` first) is quoted with `'`.
//! The last column of every table, `chain_head`, is the event chain's head (`N:HASH`)
//! the figures were read at: a column, not a comment line, so a spreadsheet shows it and
//! a script reading by header name (or by position, up to the old last column) still works.

use chrono_tz::Tz;

use super::Section;
use crate::job::ChainHead;
use crate::report::{Group, Report};
use crate::time::instant::rfc3339;

/// Text a spreadsheet cannot mistake for a formula, with no control sequence.
pub fn cell(s: &str) -> String {
    let neutral = crate::text::spreadsheet_text(s);
    if neutral.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", neutral.replace('"', "\"\""))
    } else {
        neutral
    }
}

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

fn group_rows(g: &Group, head: &str, out: &mut String) {
    for c in &g.clocks {
        let row = [
            cell(&g.key),
            c.clock.name().to_owned(),
            c.jobs.to_string(),
            c.met.to_string(),
            c.met_late.to_string(),
            c.breached_open.to_string(),
            c.open_within.to_string(),
            opt(c.adherence.map(|a| format!("{a:.4}"))),
            opt(c.business.map(|s| s.avg)),
            opt(c.business.map(|s| s.median)),
            opt(c.business.map(|s| s.p90)),
            opt(c.wall.map(|s| s.avg)),
            opt(c.wall.map(|s| s.median)),
            opt(c.wall.map(|s| s.p90)),
            c.excluded_secs.to_string(),
            head.to_owned(),
        ];
        out.push_str(&row.join(","));
        out.push('\n');
    }
}

pub fn render(r: &Report, section: Section, tz: &Tz, head: &ChainHead) -> String {
    let head = head.to_string();
    let head = head.as_str();
    let mut out = String::new();
    match section {
        Section::Summary => {
            out.push_str(&format!(
                "{},clock,jobs,met,met_late,breached_open,open_within,adherence,business_avg_s,\
                 business_median_s,business_p90_s,wall_avg_s,wall_median_s,wall_p90_s,excluded_s,chain_head\n",
                r.by
            ));
            for g in &r.groups {
                group_rows(g, head, &mut out);
            }
            group_rows(&r.total, head, &mut out);
        }
        Section::Breaches => {
            out.push_str(
                "job,customer,contract,priority,tier,clock,state,logged,deadline,target_s,actual_s,\
                 overrun_s,technician,paused,chain_head\n",
            );
            for b in &r.breaches {
                let row = [
                    b.job.to_string(),
                    cell(&b.customer),
                    cell(b.contract.as_deref().unwrap_or("")),
                    cell(&b.priority),
                    cell(&b.tier),
                    b.clock.name().to_owned(),
                    b.state.to_owned(),
                    rfc3339(b.logged, tz),
                    b.deadline.map(|d| rfc3339(d, tz)).unwrap_or_default(),
                    b.target.to_string(),
                    b.actual.to_string(),
                    b.overrun.to_string(),
                    cell(b.technician.as_deref().unwrap_or("")),
                    cell(&b.paused.join("; ")),
                    head.to_owned(),
                ];
                out.push_str(&row.join(","));
                out.push('\n');
            }
        }
        Section::Credits => {
            out.push_str(
                "account,month,terms,jobs,breaches,per_breach,cap,share,capped,monthly_fee,credit,chain_head\n",
            );
            for c in &r.credits {
                let row = [
                    cell(&c.account),
                    c.month.clone(),
                    cell(&c.terms),
                    c.jobs.to_string(),
                    c.breaches.to_string(),
                    c.per_breach.to_string(),
                    c.cap.to_string(),
                    format!("{:.4}", c.share),
                    c.capped.to_string(),
                    format!("{:.2}", c.monthly_fee),
                    format!("{:.2}", c.credit),
                    head.to_owned(),
                ];
                out.push_str(&row.join(","));
                out.push('\n');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::cell;

    #[test]
    fn formulas_are_neutralised_and_commas_quoted() {
        assert_eq!(cell("=cmd|' /C calc'!A0"), "'=cmd|' /C calc'!A0");
        assert_eq!(cell("+1"), "'+1");
        assert_eq!(cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(cell("Acme, Inc \"east\""), "\"Acme, Inc \"\"east\"\"\"");
        assert_eq!(cell("Globex"), "Globex");
    }
}
