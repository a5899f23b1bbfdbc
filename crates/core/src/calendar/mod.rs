//! Business-hours arithmetic: `add(start, d)` and `elapsed(a, b)` on a calendar.
//!
//! Each UTC year of a calendar is compiled once, on first use, into sorted open
//! intervals with running totals of business seconds (see `compile`). `add` and
//! `elapsed` are then binary searches inside a year plus a step per year boundary
//! crossed, so their cost does not grow with the window. Instants are Unix seconds.

mod compile;
pub mod spec;

use std::sync::OnceLock;

use chrono::NaiveDate;
use chrono_tz::Tz;

use crate::time::civil::{DAY, civil_from_days, days_from_civil, year_of};
use crate::time::instant::{FIRST_YEAR, LAST_YEAR, local_day};
use compile::{Chunk, compile_year};
pub use spec::{CalendarSpec, DayKind, LocalInterval};

const YEARS: usize = (LAST_YEAR - FIRST_YEAR + 1) as usize;
/// First instant the engine handles.
pub const HORIZON_START: i64 = days_from_civil(FIRST_YEAR, 1, 1) * DAY;
/// First instant past the engine's range.
pub const HORIZON_END: i64 = days_from_civil(LAST_YEAR + 1, 1, 1) * DAY;

/// A compiled business calendar.
pub struct Calendar {
    spec: CalendarSpec,
    /// 24x7 without exceptions: plain arithmetic, nothing to compile.
    plain: bool,
    years: Box<[OnceLock<Chunk>]>,
}

impl std::fmt::Debug for Calendar {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Calendar")
            .field("spec", &self.spec)
            .finish_non_exhaustive()
    }
}

/// A closed local date met between two instants, for explanations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClosedDay {
    pub date: NaiveDate,
    pub kind: DayKind,
}

impl Calendar {
    #[must_use]
    pub fn new(spec: CalendarSpec) -> Self {
        let plain = spec.always && spec.holidays.is_empty() && spec.special.is_empty();
        Self {
            spec,
            plain,
            years: (0..YEARS).map(|_| OnceLock::new()).collect(),
        }
    }

    #[must_use]
    pub fn spec(&self) -> &CalendarSpec {
        &self.spec
    }

    #[must_use]
    pub fn name(&self) -> &str {
        &self.spec.name
    }

    #[must_use]
    pub fn tz(&self) -> &Tz {
        &self.spec.tz
    }

    fn index(t: i64) -> Option<usize> {
        let y = year_of(t);
        (FIRST_YEAR..=LAST_YEAR)
            .contains(&y)
            .then(|| (y - FIRST_YEAR) as usize)
    }

    #[inline]
    fn chunk(&self, i: usize) -> &Chunk {
        self.years[i].get_or_init(|| compile_year(&self.spec, FIRST_YEAR + i as i64))
    }

    /// The earliest instant at which `d` seconds of business time have elapsed since
    /// `start`. Lands on closing time, not the next opening; `add(start, 0) == start`.
    /// `None` when that instant lies beyond the year 2299 (or `start` before 1900).
    #[must_use]
    pub fn add(&self, start: i64, d: i64) -> Option<i64> {
        if d <= 0 {
            return Some(start);
        }
        if self.plain {
            return start.checked_add(d).filter(|t| *t <= HORIZON_END);
        }
        let mut i = Self::index(start)?;
        let mut c = self.chunk(i);
        let mut need = c.before(start).checked_add(d)?;
        loop {
            if need <= c.total() {
                let k = c.cum_end.partition_point(|&v| v < need);
                return Some(c.ends[k] - (c.cum_end[k] - need));
            }
            need -= c.total();
            i += 1;
            if i >= YEARS {
                return None;
            }
            c = self.chunk(i);
        }
    }

    /// Business seconds inside `[a, b)`; 0 when `b <= a`. Instants outside
    /// 1900–2299 count as closed.
    #[must_use]
    pub fn elapsed(&self, a: i64, b: i64) -> i64 {
        let (a, b) = (a.max(HORIZON_START), b.min(HORIZON_END));
        if b <= a {
            return 0;
        }
        if self.plain {
            return b - a;
        }
        let (Some(ia), Some(ib)) = (Self::index(a), Self::index(b - 1)) else {
            return 0;
        };
        let ca = self.chunk(ia);
        if ia == ib {
            return ca.before(b) - ca.before(a);
        }
        let mut sum = ca.total() - ca.before(a);
        for i in ia + 1..ib {
            sum += self.chunk(i).total();
        }
        sum + self.chunk(ib).before(b)
    }

    /// True when `t` is inside business hours.
    #[must_use]
    pub fn is_open(&self, t: i64) -> bool {
        if self.plain {
            return (HORIZON_START..HORIZON_END).contains(&t);
        }
        let Some(i) = Self::index(t) else { return false };
        let c = self.chunk(i);
        let k = c.ends.partition_point(|&e| e <= t);
        k < c.ends.len() && c.starts[k] <= t
    }

    /// The next instant at or after `t` that is open (`t` itself when open).
    #[must_use]
    pub fn next_open(&self, t: i64) -> Option<i64> {
        if self.plain {
            return (t < HORIZON_END).then_some(t.max(HORIZON_START));
        }
        let mut i = Self::index(t)?;
        loop {
            let c = self.chunk(i);
            let k = c.ends.partition_point(|&e| e <= t);
            if k < c.ends.len() {
                return Some(c.starts[k].max(t));
            }
            i += 1;
            if i >= YEARS {
                return None;
            }
        }
    }

    /// Closing time of the `n`th business day after the local day of `start`
    /// (a business day is a local date with open time). `None` for `n == 0` or
    /// beyond the horizon.
    #[must_use]
    pub fn business_days_end(&self, start: i64, n: u32) -> Option<i64> {
        if n == 0 {
            return None;
        }
        let start_day = local_day(&self.spec.tz, start);
        let mut need = n as usize;
        let mut i = Self::index(start)?;
        loop {
            let c = self.chunk(i);
            let k = c.days.partition_point(|&(d, _)| d <= start_day);
            let avail = c.days.len() - k;
            if avail >= need {
                return Some(c.days[k + need - 1].1);
            }
            need -= avail;
            i += 1;
            if i >= YEARS {
                return None;
            }
        }
    }

    /// Whether the local day number `day` has any open time.
    fn is_business_day(&self, day: i64) -> bool {
        let Some(i) = Self::index(day * DAY) else {
            return false;
        };
        // A day's closing instant lies in its own UTC year or a neighbouring one.
        (i.saturating_sub(1)..=(i + 1).min(YEARS - 1))
            .any(|k| self.chunk(k).days.binary_search_by_key(&day, |&(d, _)| d).is_ok())
    }

    /// Local dates in `[a, b)` (by wall date in the calendar's zone) that are closed
    /// all day or have special hours, with the reason: for "why is this due Tuesday?".
    #[must_use]
    pub fn closed_days_between(&self, a: i64, b: i64) -> Vec<ClosedDay> {
        let mut out = Vec::new();
        if b <= a || self.plain {
            return out;
        }
        // `b` is exclusive: a deadline at midnight does not involve the day it opens.
        let (d0, d1) = (local_day(&self.spec.tz, a), local_day(&self.spec.tz, b - 1));
        // Explanations cover real windows; a cap keeps a hostile range cheap.
        for day in d0..=d1.min(d0 + 3660) {
            let (y, m, d) = civil_from_days(day);
            let Some(date) = NaiveDate::from_ymd_opt(y as i32, m, d) else {
                continue;
            };
            let (hours, kind) = self
                .spec
                .hours_on(date, crate::time::civil::weekday_from_days(day));
            match kind {
                // Hours that all fall into a DST gap open nothing either.
                DayKind::Regular if hours.is_empty() || !self.is_business_day(day) => {
                    out.push(ClosedDay { date, kind });
                }
                DayKind::Holiday(_) | DayKind::Special(_) => out.push(ClosedDay { date, kind }),
                DayKind::Regular => {}
            }
        }
        out
    }
}
