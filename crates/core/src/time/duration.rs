//! SLA window lengths: `"30m"`, `"4h"`, `"1h30m"`, `"90s"`, and business days `"5bd"`.

use std::fmt;

/// How long a clock may run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Window {
    /// Business time in seconds on the tier's calendar.
    Business(i64),
    /// Until the closing time of the Nth business day after the start day.
    BusinessDays(u32),
}

/// A window or duration text could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DurationError {
    #[error("`{0}` is empty — write a duration like `30m`, `4h`, `1h30m` or `5bd`")]
    Empty(String),
    #[error("`{text}` has an unknown unit `{unit}` — use s, m, h, or bd for business days{hint}")]
    UnknownUnit {
        text: String,
        unit: String,
        hint: &'static str,
    },
    #[error("`{0}` has a number without a unit — write e.g. `30m` or `4h`")]
    MissingUnit(String),
    #[error("`{0}` is not a duration — write e.g. `30m`, `4h`, `1h30m` or `5bd`")]
    Malformed(String),
    #[error("`{0}` mixes business days with hours — use either `5bd` or `1h30m`")]
    MixedBusinessDays(String),
    #[error("`{0}` is too long — at most 100000 hours or 10000 business days")]
    TooLong(String),
}

const MAX_SECS: i64 = 100_000 * 3600;

/// Parses a window text.
///
/// # Errors
/// [`DurationError`] quoting the text and showing the accepted shapes.
pub fn parse_window(text: &str) -> Result<Window, DurationError> {
    let s = text.trim();
    if s.is_empty() {
        return Err(DurationError::Empty(text.to_owned()));
    }
    let b = s.as_bytes();
    let mut i = 0;
    let mut secs: i64 = 0;
    let mut bd: Option<u32> = None;
    let mut parts = 0;
    while i < b.len() {
        while i < b.len() && b[i] == b' ' {
            i += 1;
        }
        if i == b.len() {
            break;
        }
        let n0 = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == n0 {
            return Err(DurationError::Malformed(s.to_owned()));
        }
        let n: i64 = s[n0..i]
            .parse()
            .map_err(|_| DurationError::TooLong(s.to_owned()))?;
        while i < b.len() && b[i] == b' ' {
            i += 1;
        }
        let u0 = i;
        while i < b.len() && b[i].is_ascii_alphabetic() {
            i += 1;
        }
        let unit = &s[u0..i];
        parts += 1;
        let mult = match unit {
            "" => return Err(DurationError::MissingUnit(s.to_owned())),
            "s" => 1,
            "m" | "min" => 60,
            "h" => 3600,
            "bd" => {
                if parts > 1 || bd.is_some() {
                    return Err(DurationError::MixedBusinessDays(s.to_owned()));
                }
                let n = u32::try_from(n)
                    .ok()
                    .filter(|n| *n <= 10_000)
                    .ok_or_else(|| DurationError::TooLong(s.to_owned()))?;
                bd = Some(n);
                continue;
            }
            other => {
                let hint = match other {
                    "d" | "day" | "days" => " (`1d` is ambiguous: write `24h` of business time or `1bd`)",
                    "w" | "wk" => " (write weeks as business days, e.g. `5bd`)",
                    "hr" | "hrs" | "hours" => " (write hours as `h`)",
                    "mins" | "minutes" => " (write minutes as `m`)",
                    _ => "",
                };
                return Err(DurationError::UnknownUnit {
                    text: s.to_owned(),
                    unit: other.to_owned(),
                    hint,
                });
            }
        };
        if bd.is_some() {
            return Err(DurationError::MixedBusinessDays(s.to_owned()));
        }
        secs = n
            .checked_mul(mult)
            .and_then(|v| v.checked_add(secs))
            .filter(|v| *v <= MAX_SECS)
            .ok_or_else(|| DurationError::TooLong(s.to_owned()))?;
    }
    Ok(match bd {
        Some(n) => Window::BusinessDays(n),
        None => Window::Business(secs),
    })
}

/// Parses a plain duration (no business days), in seconds.
///
/// # Errors
/// As [`parse_window`]; business days are refused here.
pub fn parse_secs(text: &str) -> Result<i64, DurationError> {
    match parse_window(text)? {
        Window::Business(s) => Ok(s),
        Window::BusinessDays(_) => Err(DurationError::UnknownUnit {
            text: text.trim().to_owned(),
            unit: "bd".to_owned(),
            hint: " (business days are only allowed for SLA windows)",
        }),
    }
}

/// Compact display of seconds: `1h30m`, `45m`, `2h`, `30s`, `1h00m05s`; negative with `-`.
#[must_use]
pub fn format_secs(secs: i64) -> String {
    let sign = if secs < 0 { "-" } else { "" };
    let s = secs.unsigned_abs();
    let (h, m, sec) = (s / 3600, s / 60 % 60, s % 60);
    let mut out = String::from(sign);
    if h > 0 {
        out.push_str(&format!("{h}h"));
    }
    if m > 0 || (h > 0 && sec > 0) {
        if h > 0 {
            out.push_str(&format!("{m:02}m"));
        } else {
            out.push_str(&format!("{m}m"));
        }
    }
    if sec > 0 {
        if h > 0 || m > 0 {
            out.push_str(&format!("{sec:02}s"));
        } else {
            out.push_str(&format!("{sec}s"));
        }
    }
    if h == 0 && m == 0 && sec == 0 {
        out.push_str("0m");
    }
    out
}

impl fmt::Display for Window {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Window::Business(s) => write!(f, "{}", format_secs(*s)),
            Window::BusinessDays(n) => write!(f, "{n}bd"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_documented_shapes() {
        assert_eq!(parse_window("30m"), Ok(Window::Business(1800)));
        assert_eq!(parse_window("4h"), Ok(Window::Business(14_400)));
        assert_eq!(parse_window("1h30m"), Ok(Window::Business(5400)));
        assert_eq!(parse_window("1h 30m"), Ok(Window::Business(5400)));
        assert_eq!(parse_window("90s"), Ok(Window::Business(90)));
        assert_eq!(parse_window("5bd"), Ok(Window::BusinessDays(5)));
        assert_eq!(parse_window(" 2h "), Ok(Window::Business(7200)));
    }

    #[test]
    fn refuses_with_reasons() {
        assert!(matches!(parse_window(""), Err(DurationError::Empty(_))));
        assert!(matches!(parse_window("30"), Err(DurationError::MissingUnit(_))));
        assert!(matches!(
            parse_window("30 20m"),
            Err(DurationError::MissingUnit(_))
        ));
        assert!(
            parse_window("4 hours")
                .unwrap_err()
                .to_string()
                .contains("write hours as `h`")
        );
        let e = parse_window("1d").unwrap_err();
        assert!(e.to_string().contains("1bd"), "{e}");
        assert!(matches!(
            parse_window("2bd4h"),
            Err(DurationError::MixedBusinessDays(_))
        ));
        assert!(matches!(
            parse_window("4h2bd"),
            Err(DurationError::MixedBusinessDays(_))
        ));
        assert!(matches!(parse_window("h"), Err(DurationError::Malformed(_))));
        assert!(matches!(parse_window("-3h"), Err(DurationError::Malformed(_))));
        assert!(matches!(
            parse_window("99999999999999999999h"),
            Err(DurationError::TooLong(_))
        ));
        assert!(parse_secs("5bd").is_err());
    }

    #[test]
    fn formats_compactly() {
        assert_eq!(format_secs(5400), "1h30m");
        assert_eq!(format_secs(7200), "2h");
        assert_eq!(format_secs(1800), "30m");
        assert_eq!(format_secs(45), "45s");
        assert_eq!(format_secs(3605), "1h00m05s");
        assert_eq!(format_secs(0), "0m");
        assert_eq!(format_secs(-90), "-1m30s");
        assert_eq!(Window::BusinessDays(5).to_string(), "5bd");
    }
}
