//! What a calendar says in local wall time, as read from the policy.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use chrono_tz::Tz;

/// An opening interval of one day in local wall time, in seconds from midnight.
/// `end` may be 86 400 (`"24:00"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LocalInterval {
    pub start: u32,
    pub end: u32,
}

impl LocalInterval {
    /// `"08:00-12:00"` style.
    #[must_use]
    pub fn label(&self) -> String {
        format!("{}-{}", hhmm(self.start), hhmm(self.end))
    }
}

fn hhmm(s: u32) -> String {
    if s.is_multiple_of(60) {
        format!("{:02}:{:02}", s / 3600, s / 60 % 60)
    } else {
        format!("{:02}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
    }
}

/// Why a date is closed, or what its special hours are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DayKind {
    Regular,
    Holiday(Option<String>),
    Special(Option<String>),
}

/// A business calendar as written in the policy.
#[derive(Debug, Clone)]
pub struct CalendarSpec {
    pub name: String,
    pub tz: Tz,
    /// Monday = 0 … Sunday = 6.
    pub week: [Vec<LocalInterval>; 7],
    /// Closed dates, with an optional name ("Christmas Day").
    pub holidays: BTreeMap<NaiveDate, Option<String>>,
    /// Dates with their own hours (an empty list closes the day), with an optional name.
    pub special: BTreeMap<NaiveDate, (Vec<LocalInterval>, Option<String>)>,
    /// Open around the clock (24x7).
    pub always: bool,
}

/// The hours of every day of a 24x7 calendar.
const ALL_DAY: [LocalInterval; 1] = [LocalInterval {
    start: 0,
    end: 86_400,
}];

pub const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

impl CalendarSpec {
    /// A 24x7 calendar in `tz`.
    #[must_use]
    pub fn always(name: &str, tz: Tz) -> Self {
        let all = vec![LocalInterval {
            start: 0,
            end: 86_400,
        }];
        Self {
            name: name.to_owned(),
            tz,
            week: std::array::from_fn(|_| all.clone()),
            holidays: BTreeMap::new(),
            special: BTreeMap::new(),
            always: true,
        }
    }

    /// The opening intervals of a local date and why they are what they are.
    #[must_use]
    pub fn hours_on(&self, date: NaiveDate, weekday: usize) -> (&[LocalInterval], DayKind) {
        if let Some(name) = self.holidays.get(&date) {
            return (&[], DayKind::Holiday(name.clone()));
        }
        if let Some((hours, name)) = self.special.get(&date) {
            return (hours, DayKind::Special(name.clone()));
        }
        if self.always {
            return (&ALL_DAY, DayKind::Regular);
        }
        (&self.week[weekday], DayKind::Regular)
    }

    /// The first date from which the calendar never opens again up to the end of the
    /// supported range (2299), when its holidays and closed special days cover every day
    /// it would open from its first such date on; `None` when it keeps opening.
    #[must_use]
    pub fn closed_for_good_from(&self) -> Option<NaiveDate> {
        use chrono::Datelike;
        let first = [self.holidays.keys().next(), self.special.keys().next()]
            .into_iter()
            .flatten()
            .min()
            .copied()?;
        let end = NaiveDate::from_ymd_opt(2299, 12, 31)?;
        let mut d = first;
        // Stops at the first open day: a real calendar opens within a week of its first
        // holiday; only one closed to the end walks the whole range (146,000 days, fast).
        while d <= end {
            let weekday = d.weekday().num_days_from_monday() as usize;
            if !self.hours_on(d, weekday).0.is_empty() {
                return None;
            }
            d = d.succ_opt()?;
        }
        Some(first)
    }

    /// True when the week has no open time at all and no special day opens either.
    #[must_use]
    pub fn never_open(&self) -> bool {
        !self.always
            && self.week.iter().all(Vec::is_empty)
            && self.special.values().all(|(h, _)| h.is_empty())
    }

    /// One line per weekday group, e.g. `mon-thu 08:00-12:00, 13:00-17:00`.
    #[must_use]
    pub fn describe_week(&self) -> Vec<String> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < 7 {
            let mut j = i;
            while j + 1 < 7 && self.week[j + 1] == self.week[i] {
                j += 1;
            }
            let days = if i == j {
                WEEKDAYS[i].to_owned()
            } else {
                format!("{}-{}", WEEKDAYS[i], WEEKDAYS[j])
            };
            let hours = if self.week[i].is_empty() {
                "closed".to_owned()
            } else {
                self.week[i]
                    .iter()
                    .map(LocalInterval::label)
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            out.push(format!("{days} {hours}"));
            i = j + 1;
        }
        out
    }
}
