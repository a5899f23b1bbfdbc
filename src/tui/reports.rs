//! The Reports view's state: which range and grouping, the latest figures, and the
//! requests for new ones. Computing runs off the UI (the runtime spawns it); results
//! carry a generation so a late answer to an old question is dropped.

use std::sync::Arc;

use chrono::{Datelike, Months, NaiveDate, TimeZone};
use chrono_tz::Tz;

use slawatch_core::report::{GroupBy, Report, Spec};

/// The ranges offered, relative to today.
pub const PRESETS: [&str; 5] = [
    "this month",
    "last month",
    "last 7 days",
    "last 30 days",
    "this year",
];

const GROUPINGS: [GroupBy; 7] = [
    GroupBy::Customer,
    GroupBy::Contract,
    GroupBy::Tier,
    GroupBy::Tech,
    GroupBy::Priority,
    GroupBy::Week,
    GroupBy::Month,
];

/// The Reports view.
#[derive(Debug, Clone)]
pub struct ReportState {
    /// Index into [`PRESETS`]; the last 30 days by default (`←` reaches last month, the
    /// monthly compliance report).
    pub preset: usize,
    pub by: GroupBy,
    /// The figures shown, or why there are none.
    pub result: Option<Result<Arc<Report>, String>>,
    /// The question the shown figures answer, or will once computed.
    pub spec: Option<Spec>,
    /// Bumped by every request; only its answer is taken.
    pub generation: u64,
    pub computing: bool,
    /// First summary row shown.
    pub scroll: usize,
}

impl Default for ReportState {
    fn default() -> Self {
        Self {
            preset: 3,
            by: GroupBy::Customer,
            result: None,
            spec: None,
            generation: 0,
            computing: false,
            scroll: 0,
        }
    }
}

fn midnight(d: NaiveDate, tz: &Tz) -> i64 {
    tz.from_local_datetime(&d.and_hms_opt(0, 0, 0).unwrap_or_default())
        .earliest()
        .map_or(0, |t| t.timestamp())
}

/// `[from, to)` of `preset` around `now`, in whole local days.
#[must_use]
pub fn range(preset: usize, now: i64, tz: &Tz) -> (i64, i64) {
    let today =
        chrono::DateTime::from_timestamp(now, 0).map_or(NaiveDate::MIN, |d| d.with_timezone(tz).date_naive());
    let month = today.with_day(1).unwrap_or(today);
    let next = |d: NaiveDate, m: u32| d.checked_add_months(Months::new(m)).unwrap_or(d);
    let back = |d: NaiveDate, m: u32| d.checked_sub_months(Months::new(m)).unwrap_or(d);
    let tomorrow = today.succ_opt().unwrap_or(today);
    let (from, to) = match preset {
        0 => (month, next(month, 1)),
        2 => (today - chrono::Days::new(6), tomorrow),
        3 => (today - chrono::Days::new(29), tomorrow),
        4 => {
            let jan = today.with_ordinal(1).unwrap_or(today);
            (jan, next(jan, 12))
        }
        _ => (back(month, 1), month),
    };
    (midnight(from, tz), midnight(to, tz))
}

impl ReportState {
    /// The question for the current range and grouping at `now`, as a new generation.
    pub fn request(&mut self, now: i64, tz: &Tz) -> (Spec, u64) {
        let (from, to) = range(self.preset, now, tz);
        let spec = Spec {
            from,
            to,
            by: self.by,
        };
        self.generation += 1;
        self.spec = Some(spec);
        self.computing = true;
        self.scroll = 0;
        (spec, self.generation)
    }

    /// Moves to the previous (-1) or next (+1) range.
    pub fn shift_range(&mut self, step: isize) {
        let n = PRESETS.len();
        self.preset = (self.preset + n).wrapping_add_signed(step) % n;
    }

    /// The next grouping.
    pub fn next_grouping(&mut self) {
        let i = GROUPINGS.iter().position(|g| *g == self.by).unwrap_or(0);
        self.by = GROUPINGS[(i + 1) % GROUPINGS.len()];
    }

    /// Takes the answer to request `generation`; older answers are dropped.
    pub fn answer(&mut self, generation: u64, result: Result<Arc<Report>, String>) -> bool {
        if generation != self.generation {
            return false;
        }
        self.computing = false;
        self.result = Some(result);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::Europe::Amsterdam;

    #[test]
    fn ranges_are_whole_local_days() {
        // Monday 2026-11-23 12:30 in Amsterdam (CET, +01:00).
        let now = 1_795_433_400;
        let day = |s: &str| {
            midnight(
                NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default(),
                &Amsterdam,
            )
        };
        assert_eq!(range(0, now, &Amsterdam), (day("2026-11-01"), day("2026-12-01")));
        assert_eq!(range(1, now, &Amsterdam), (day("2026-10-01"), day("2026-11-01")));
        assert_eq!(range(2, now, &Amsterdam), (day("2026-11-17"), day("2026-11-24")));
        assert_eq!(range(4, now, &Amsterdam), (day("2026-01-01"), day("2027-01-01")));
        // October has a DST change: 31 days are not 31 × 24 h.
        let (from, to) = range(1, now, &Amsterdam);
        assert_eq!(to - from, 31 * 86_400 + 3600);
    }

    #[test]
    fn a_late_answer_to_an_old_question_is_dropped() {
        let mut s = ReportState::default();
        let (_, first) = s.request(1_795_433_400, &Amsterdam);
        let (_, second) = s.request(1_795_433_400, &Amsterdam);
        assert!(!s.answer(first, Err("old".into())));
        assert!(s.computing);
        assert!(s.answer(second, Err("new".into())));
        assert_eq!(s.result, Some(Err("new".into())));
    }
}
