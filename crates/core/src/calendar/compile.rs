//! Turning a calendar's local wall-time rules into open intervals of UTC seconds.
//!
//! An instant is open when its local wall time falls inside one of the day's
//! intervals. Across a DST change the wall clock jumps, so one local interval can
//! become a shorter, longer or split set of UTC instants; this module resolves
//! that exactly, once per year, so `add` and `elapsed` never think about zones.

use chrono::NaiveDate;
use chrono_tz::Tz;

use super::spec::{CalendarSpec, LocalInterval};
use crate::time::civil::{DAY, civil_from_days, days_from_civil, weekday_from_days};
use crate::time::instant::offset_at;

/// The open time of one UTC year, with running totals.
#[derive(Debug, Default)]
pub struct Chunk {
    /// Open intervals `[starts[i], ends[i])`, sorted, disjoint, not touching.
    pub starts: Vec<i64>,
    pub ends: Vec<i64>,
    /// Business seconds from `start` up to `ends[i]`.
    pub cum_end: Vec<i64>,
    /// Business days whose closing time falls in this year: (local day number, closing instant).
    pub days: Vec<(i64, i64)>,
}

impl Chunk {
    pub fn total(&self) -> i64 {
        self.cum_end.last().copied().unwrap_or(0)
    }

    /// Business seconds in `[self.start, t)`, for `t` inside the chunk.
    #[inline]
    pub fn before(&self, t: i64) -> i64 {
        let i = self.ends.partition_point(|&e| e <= t);
        if i == self.ends.len() {
            return self.total();
        }
        let prior = if i == 0 { 0 } else { self.cum_end[i - 1] };
        prior + (t - self.starts[i]).max(0)
    }
}

/// Periods of constant UTC offset covering `[a, b)`: (from, to, offset seconds).
fn offset_periods(tz: &Tz, a: i64, b: i64, out: &mut Vec<(i64, i64, i64)>) {
    out.clear();
    let mut cur = a;
    while cur < b {
        let o = offset_at(tz, cur);
        if offset_at(tz, b - 1) == o {
            out.push((cur, b, i64::from(o)));
            return;
        }
        // The first second whose offset differs: bisect to the exact transition.
        let (mut lo, mut hi) = (cur, b - 1);
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2;
            if offset_at(tz, mid) == o {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        out.push((cur, hi, i64::from(o)));
        cur = hi;
    }
}

/// The UTC pieces of local wall time `[wall0, wall1)` (wall seconds as if UTC).
fn pieces(tz: &Tz, wall0: i64, wall1: i64, periods: &mut Vec<(i64, i64, i64)>, out: &mut Vec<(i64, i64)>) {
    // Offsets lie within -15h..+15h, so the instants wanted are inside this window.
    offset_periods(tz, wall0 - 15 * 3600, wall1 + 15 * 3600, periods);
    for &(p0, p1, o) in periods.iter() {
        let s = (wall0 - o).max(p0);
        let e = (wall1 - o).min(p1);
        if s < e {
            out.push((s, e));
        }
    }
}

/// Compiles the UTC year `year` of a calendar.
pub fn compile_year(spec: &CalendarSpec, year: i64) -> Chunk {
    let start = days_from_civil(year, 1, 1) * DAY;
    let end = days_from_civil(year + 1, 1, 1) * DAY;
    let mut raw: Vec<(i64, i64)> = Vec::with_capacity(800);
    let mut days = Vec::with_capacity(300);
    let mut periods = Vec::with_capacity(4);
    let mut day_pieces = Vec::with_capacity(8);
    // Local dates whose wall time can touch this UTC year.
    for day in (start / DAY - 2)..=(end / DAY + 1) {
        let (y, m, d) = civil_from_days(day);
        let Some(date) = NaiveDate::from_ymd_opt(y as i32, m, d) else {
            continue;
        };
        let (hours, _) = spec.hours_on(date, weekday_from_days(day));
        day_pieces.clear();
        for &LocalInterval { start: s, end: e } in hours {
            let base = day * DAY;
            pieces(
                &spec.tz,
                base + i64::from(s),
                base + i64::from(e),
                &mut periods,
                &mut day_pieces,
            );
        }
        if let Some(close) = day_pieces.iter().map(|p| p.1).max()
            && (start..end).contains(&close)
        {
            days.push((day, close));
        }
        raw.extend(day_pieces.iter().copied());
    }
    raw.sort_unstable();
    let mut chunk = Chunk {
        days,
        ..Chunk::default()
    };
    let mut total = 0;
    for (s, e) in raw {
        let (s, e) = (s.max(start), e.min(end));
        if s >= e {
            continue;
        }
        match chunk.ends.last_mut() {
            // Touching or overlapping pieces (24:00 then 00:00, a DST fold) become one.
            Some(last) if s <= *last => {
                if e > *last {
                    total += e - *last;
                    *last = e;
                    if let Some(c) = chunk.cum_end.last_mut() {
                        *c = total;
                    }
                }
            }
            _ => {
                total += e - s;
                chunk.starts.push(s);
                chunk.ends.push(e);
                chunk.cum_end.push(total);
            }
        }
    }
    chunk
}
