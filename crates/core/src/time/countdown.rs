//! Every way slawatch writes a span of time for people: countdowns, ages, durations to
//! the minute and overruns. (Window lengths as the policy writes them, `1h30m`, are
//! `duration::format_secs`, which these build on.)

use super::duration::format_secs;

/// `-0:12:03` overdue, `1:45:10`, `25:00:00`. Always hours: the spans counted down are
/// business time, and a "day" of 24 of its hours is no day anyone lives (25 business
/// hours on an office calendar are three days away).
#[must_use]
pub fn countdown(secs: i64) -> String {
    let sign = if secs < 0 { "-" } else { "" };
    let s = secs.unsigned_abs();
    format!("{sign}{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
}

/// How long ago, coarsely: `45m`, `5h`, `3d`.
#[must_use]
pub fn age(secs: i64) -> String {
    let s = secs.max(0);
    match s {
        0..3600 => format!("{}m", s / 60),
        3600..86_400 => format!("{}h", s / 3600),
        _ => format!("{}d", s / 86_400),
    }
}

/// Business or wall time to the minute (rounded down, like every display).
#[must_use]
pub fn dur(secs: i64) -> String {
    format_secs(secs / 60 * 60)
}

/// [`dur`], or `—` for none.
#[must_use]
pub fn opt_dur(s: Option<i64>) -> String {
    s.map_or_else(|| "—".to_owned(), dur)
}

/// An expected overrun: `+1h05m`, `+<1m` below a minute.
#[must_use]
pub fn late_by(secs: i64) -> String {
    if secs < 60 {
        "+<1m".to_owned()
    } else {
        format!("+{}", dur(secs))
    }
}

#[cfg(test)]
mod tests {
    use super::{countdown, dur, late_by};

    #[test]
    fn durations_round_down_to_the_minute() {
        assert_eq!(dur(5 * 3600 + 59), "5h");
        assert_eq!(dur(3_659), "1h");
        assert_eq!(dur(3_720), "1h02m");
        assert_eq!(late_by(59), "+<1m");
        assert_eq!(late_by(3_725), "+1h02m");
    }

    #[test]
    fn countdowns() {
        assert_eq!(countdown(-723), "-0:12:03");
        assert_eq!(countdown(6310), "1:45:10");
        assert_eq!(countdown(2 * 86_400 + 4 * 3600 + 59), "52:00:59");
        assert_eq!(countdown(0), "0:00:00");
        assert_eq!(countdown(-90_000), "-25:00:00");
    }
}
