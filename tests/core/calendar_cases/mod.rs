//! Hand-written cases for the business-hours calendar engine (DESIGN.md §3, Calendars).
//!
//! Every expectation is an exact RFC 3339 instant (or a count of seconds) with a
//! comment that says why it is right. The "office" calendar (Europe/Amsterdam):
//! mon-thu 08:00-12:00 + 13:00-17:00, fri 08:00-12:00 + 13:00-16:00, weekend closed,
//! holidays 2026-12-25 and 2026-12-26, special day 2026-12-24 08:00-12:00.
//!
//! Dates used: 2026-11-16 is a Monday, so 2026-11-17 Tue, 2026-11-20 Fri,
//! 2026-11-21/22 the weekend; 2026-12-24 is a Thursday, 2026-12-28 a Monday,
//! 2026-12-31 a Thursday; 2026-04-06 is Easter Monday.

use crate::common::calendars;

use calendars::{DAY, HOUR, MIN, at, daily, date, explicit_24x7, office, show};
use chrono_tz::Tz;
use chrono_tz::{America::New_York, Australia::Sydney, Europe::Amsterdam};
use slawatch_core::calendar::{Calendar, CalendarSpec, ClosedDay, DayKind};

mod add;
mod business_days;
mod closed_days;
mod dst;
mod edges;
mod elapsed;
mod is_open;

fn office_cal() -> Calendar {
    Calendar::new(office())
}

/// `cal.add(start, d)` printed in the calendar's zone; `start` is RFC 3339 or local wall time.
fn add(cal: &Calendar, start: &str, d: i64) -> String {
    let tz = cal.tz();
    show(cal.add(at(start, tz), d).unwrap(), tz)
}

fn elapsed(cal: &Calendar, a: &str, b: &str) -> i64 {
    let tz = cal.tz();
    cal.elapsed(at(a, tz), at(b, tz))
}

fn bd_end(cal: &Calendar, start: &str, n: u32) -> String {
    let tz = cal.tz();
    show(cal.business_days_end(at(start, tz), n).unwrap(), tz)
}

fn next_open(cal: &Calendar, t: &str) -> String {
    let tz = cal.tz();
    show(cal.next_open(at(t, tz)).unwrap(), tz)
}

fn is_open(cal: &Calendar, t: &str) -> bool {
    cal.is_open(at(t, cal.tz()))
}
