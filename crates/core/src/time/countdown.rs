//! Countdowns and ages as people read them on the dashboard and in listings.

/// `-0:12:03` overdue, `1:45:10`, `2d 04h` beyond a day. Rounds down to the second.
#[must_use]
pub fn countdown(secs: i64) -> String {
    let sign = if secs < 0 { "-" } else { "" };
    let s = secs.unsigned_abs();
    if s >= 86_400 {
        format!("{sign}{}d {:02}h", s / 86_400, s / 3600 % 24)
    } else {
        format!("{sign}{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
    }
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

#[cfg(test)]
mod tests {
    use super::countdown;

    #[test]
    fn countdowns() {
        assert_eq!(countdown(-723), "-0:12:03");
        assert_eq!(countdown(6310), "1:45:10");
        assert_eq!(countdown(2 * 86_400 + 4 * 3600 + 59), "2d 04h");
        assert_eq!(countdown(0), "0:00:00");
        assert_eq!(countdown(-90_000), "-1d 01h");
    }
}
