//! How SLA figures look to people: countdowns, state symbols. Shared by the command
//! line and the dashboard.

use crate::sla::{ClockState, ClockStatus};

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

/// How urgent a clock is, worst first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Urgency {
    Breached,
    /// Past the last warning threshold.
    Critical,
    /// Past the first warning threshold.
    Warning,
    Fine,
    Paused,
    Done,
}

impl Urgency {
    /// A symbol that carries the meaning without colour.
    #[must_use]
    pub fn symbol(self) -> &'static str {
        match self {
            Urgency::Breached => "✖",
            Urgency::Critical => "▲",
            Urgency::Warning => "△",
            Urgency::Fine => "●",
            Urgency::Paused => "⏸",
            Urgency::Done => "✔",
        }
    }

    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Urgency::Breached => "breached",
            Urgency::Critical => "critical",
            Urgency::Warning => "warning",
            Urgency::Fine => "ok",
            Urgency::Paused => "paused",
            Urgency::Done => "done",
        }
    }
}

/// The urgency of one clock from its state and the thresholds crossed.
#[must_use]
pub fn urgency(c: &ClockStatus) -> Urgency {
    match c.state {
        ClockState::Breached => Urgency::Breached,
        ClockState::Met | ClockState::MetLate => Urgency::Done,
        ClockState::Paused => Urgency::Paused,
        ClockState::Running => {
            let warns: Vec<_> = c.crossings.iter().filter(|x| x.fraction < 1.0).collect();
            let crossed = warns.iter().filter(|x| x.crossed_at.is_some()).count();
            if crossed == 0 {
                Urgency::Fine
            } else if crossed == warns.len() {
                Urgency::Critical
            } else {
                Urgency::Warning
            }
        }
    }
}

/// Text from users made safe for a terminal: control characters (ESC, C0, C1) and
/// bidirectional overrides become visible `�`/nothing, and long text is cut to
/// `max` characters with `…`.
#[must_use]
pub fn inert(s: &str, max: usize) -> String {
    let mut out = String::with_capacity(s.len().min(max * 4));
    let mut n = 0;
    for c in s.chars() {
        if n == max {
            out.pop();
            out.push('…');
            break;
        }
        match c {
            '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200B}'..='\u{200F}' | '\u{FEFF}' => {
                continue;
            }
            '\n' | '\t' | '\r' => out.push(' '),
            c if c.is_control() => out.push('\u{FFFD}'),
            c => out.push(c),
        }
        n += 1;
    }
    out
}

/// Text safe inside HTML or notification markup: `& < > " '` escaped.
#[must_use]
pub fn escape_markup(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
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
