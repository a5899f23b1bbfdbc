//! `slawatch calendar add|elapsed|batch`: the engine's arithmetic for scripts.

use std::io::{BufRead, Write};

use super::args::{CalendarCmd, Global};
use super::{CliResult, Failure, load_policy, parse_time, policy_path};
use slawatch_core::calendar::Calendar;
use slawatch_core::policy::{Policy, did_you_mean};
use slawatch_core::text::inert;
use slawatch_core::time::duration::{Window, parse_window};
use slawatch_core::time::instant::{offset_at, parse_instant, push_rfc3339};

fn calendar<'p>(policy: &'p Policy, name: &str) -> Result<&'p Calendar, Failure> {
    policy.calendars.get(name).map(AsRef::as_ref).ok_or_else(|| {
        let known: Vec<&str> = policy.calendars.keys().map(String::as_str).collect();
        let hint = did_you_mean(name, known.iter().copied()).map_or_else(
            || format!("the policy has: {}", known.join(", ")),
            |s| format!("did you mean `{s}`?"),
        );
        Failure::BadInput(format!("unknown calendar `{name}` — {hint}"))
    })
}

/// A request's longest line: a request is a verb and two times, under a hundred bytes.
pub const REQUEST_MAX: usize = 4096;

/// Request text quoted in an answer: inert (no terminal sequence gets through) and cut.
fn echo(s: &str) -> String {
    inert(s, 60)
}

/// Minutes as typed (`90`, `1.5`) to whole seconds.
fn minutes_to_secs(text: &str) -> Result<i64, String> {
    let t = text.trim();
    let bad = || format!("`{}` is not a number of minutes — write e.g. 90 or 1.5", echo(t));
    let f: f64 = match t.parse::<i64>() {
        // Whole numbers are read exactly; their range is checked below like decimals.
        Ok(n) => n as f64,
        Err(_) => t.parse().map_err(|_| bad())?,
    };
    if f.is_nan() || f.is_infinite() {
        return Err(bad());
    }
    if f < 0.0 {
        return Err(format!(
            "`{}` is negative — business time only runs forward",
            echo(t)
        ));
    }
    if f > 6_000_000.0 {
        return Err(format!(
            "`{}` minutes is more than slawatch counts — at most 6000000 (100000 hours)",
            echo(t)
        ));
    }
    Ok((f * 60.0).round() as i64)
}

/// Business seconds as minutes: whole when possible, decimal otherwise.
fn push_minutes(out: &mut String, secs: i64) {
    use std::fmt::Write as _;
    if secs % 60 == 0 {
        let _ = write!(out, "{}", secs / 60);
    } else {
        let _ = write!(out, "{}", secs as f64 / 60.0);
    }
}

fn push_instant(out: &mut String, cal: &Calendar, t: Option<i64>) {
    match t {
        Some(t) => push_rfc3339(out, t, offset_at(cal.tz(), t)),
        None => out.push_str("error: the deadline lies beyond the year 2299"),
    }
}

pub(crate) fn run(global: &Global, cmd: CalendarCmd) -> CliResult {
    let policy = load_policy(&policy_path(global.policy.as_deref())?)?;
    let mut out = String::new();
    match cmd {
        CalendarCmd::Add {
            calendar: name,
            start,
            minutes,
            business_days,
            window,
        } => {
            let cal = calendar(&policy, &name)?;
            let start = parse_time(&start, &policy, "--start")?;
            let t = match (minutes, business_days, window) {
                (_, _, Some(w)) => match parse_window(&w) {
                    Ok(Window::Business(secs)) => cal.add(start, secs),
                    Ok(Window::BusinessDays(0)) => {
                        return Err(Failure::BadInput("--window 0bd: at least 1bd".to_owned()));
                    }
                    Ok(Window::BusinessDays(n)) => cal.business_days_end(start, n),
                    Err(e) => {
                        return Err(Failure::BadInput(format!(
                            "--window: {}",
                            inert(&e.to_string(), 200)
                        )));
                    }
                },
                (_, Some(0), None) => {
                    return Err(Failure::BadInput("--business-days must be at least 1".to_owned()));
                }
                (_, Some(n), None) => cal.business_days_end(start, n),
                (Some(m), None, None) => cal.add(
                    start,
                    minutes_to_secs(&m).map_err(|e| Failure::BadInput(format!("--minutes: {e}")))?,
                ),
                (None, None, None) => {
                    return Err(Failure::BadInput(
                        "give --minutes N, --business-days N or --window W".to_owned(),
                    ));
                }
            };
            let t =
                t.ok_or_else(|| Failure::BadInput("the deadline lies beyond the year 2299".to_owned()))?;
            push_instant(&mut out, cal, Some(t));
            super::emit(&out)?;
        }
        CalendarCmd::Elapsed {
            calendar: name,
            from,
            to,
        } => {
            let cal = calendar(&policy, &name)?;
            let from = parse_time(&from, &policy, "--from")?;
            let to = parse_time(&to, &policy, "--to")?;
            if to < from {
                return Err(Failure::BadInput("--to is before --from — swap them".to_owned()));
            }
            push_minutes(&mut out, cal.elapsed(from, to));
            super::emit(&out)?;
        }
        CalendarCmd::Batch { calendar: name } => {
            let cal = calendar(&policy, &name)?;
            batch(cal, &policy, std::io::stdin().lock(), std::io::stdout().lock())
                .map_err(|e| Failure::Runtime(format!("batch: {e}")))?;
        }
    }
    Ok(())
}

/// Answers one request line into `out` (without the newline).
fn answer(cal: &Calendar, policy: &Policy, line: &str, out: &mut String) -> Result<(), String> {
    let mut words = line.split_ascii_whitespace();
    let verb = words
        .next()
        .ok_or("empty request — write `add START MINUTES` or `elapsed FROM TO`")?;
    let (a, b) = (words.next(), words.next());
    if words.next().is_some() {
        return Err(format!(
            "too many fields in `{}` — times must be RFC 3339 without spaces",
            echo(line)
        ));
    }
    let time = |s: Option<&str>| -> Result<i64, String> {
        let s = s.ok_or_else(|| format!("`{}` needs two fields", echo(verb)))?;
        // The error quotes the text: quoted inert and cut, like every echo.
        parse_instant(s, &policy.display_tz).map_err(|e| e.to_string().replace(s.trim(), &echo(s.trim())))
    };
    match verb {
        "add" => {
            let start = time(a)?;
            let secs = minutes_to_secs(b.ok_or("`add` needs START and MINUTES")?)?;
            push_instant(out, cal, cal.add(start, secs));
        }
        "addbd" => {
            let start = time(a)?;
            let n: u32 = b
                .and_then(|n| n.parse().ok())
                .filter(|n| *n >= 1)
                .ok_or("`addbd` needs START and a whole number of business days ≥ 1")?;
            push_instant(out, cal, cal.business_days_end(start, n));
        }
        "elapsed" => {
            let (from, to) = (time(a)?, time(b)?);
            if to < from {
                return Err("TO is before FROM".to_owned());
            }
            push_minutes(out, cal.elapsed(from, to));
        }
        other => {
            return Err(format!(
                "unknown request `{}` — use add, addbd or elapsed",
                echo(other)
            ));
        }
    }
    Ok(())
}

/// Reads one line (through its `\n`) into `line`, keeping at most `max` bytes of it: the
/// rest of a longer line is read and dropped, so a huge line costs `max`, not its size.
/// `Ok(None)` at the end of the input; `Ok(Some(true))` when the line was cut.
fn read_bounded(input: &mut impl BufRead, line: &mut Vec<u8>, max: usize) -> std::io::Result<Option<bool>> {
    line.clear();
    let (mut any, mut cut) = (false, false);
    loop {
        let buf = input.fill_buf()?;
        if buf.is_empty() {
            return Ok(any.then_some(cut));
        }
        any = true;
        let (take, done) = match buf.iter().position(|b| *b == b'\n') {
            Some(i) => (i + 1, true),
            None => (buf.len(), false),
        };
        let room = max.saturating_sub(line.len());
        line.extend_from_slice(&buf[..take.min(room)]);
        cut |= take > room;
        input.consume(take);
        if done {
            return Ok(Some(cut));
        }
    }
}

/// `slawatch calendar batch`: one answer line per request line, in order; a bad line answers
/// `error: …`. Public so that the fuzz targets drive the same code as the command.
///
/// # Errors
/// Reading `input` or writing `output` failed.
pub fn batch(
    cal: &Calendar,
    policy: &Policy,
    mut input: impl BufRead,
    output: impl Write,
) -> std::io::Result<()> {
    let mut w = std::io::BufWriter::with_capacity(1 << 16, output);
    let mut line = Vec::with_capacity(256);
    let mut out = String::with_capacity(64);
    while let Some(cut) = read_bounded(&mut input, &mut line, REQUEST_MAX)? {
        out.clear();
        // A line that is not UTF-8 is one bad request, not the end of the batch: the answers
        // must stay in step with the requests.
        let answered = if cut {
            Err(format!(
                "the request is longer than {REQUEST_MAX} bytes — a request is `add START MINUTES`, `addbd START N` or `elapsed FROM TO`"
            ))
        } else {
            match std::str::from_utf8(&line) {
                Ok(text) => answer(cal, policy, text.trim_end_matches(['\n', '\r']), &mut out),
                Err(e) => Err(format!(
                    "the request is not UTF-8 text (bad byte at column {}) — write it as UTF-8",
                    e.valid_up_to() + 1
                )),
            }
        };
        if let Err(e) = answered {
            out.clear();
            out.push_str("error: ");
            // Every echo is already inert; this keeps any other message so as well.
            out.push_str(&inert(&e, 1000));
        }
        out.push('\n');
        w.write_all(out.as_bytes())?;
    }
    w.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_read_to_a_bound_and_the_rest_dropped() {
        let mut input = std::io::BufReader::with_capacity(4, &b"abcdefgh\nxy\nlast"[..]);
        let mut line = Vec::new();
        assert_eq!(read_bounded(&mut input, &mut line, 5).unwrap(), Some(true));
        assert_eq!(line, b"abcde");
        assert_eq!(read_bounded(&mut input, &mut line, 5).unwrap(), Some(false));
        assert_eq!(line, b"xy\n");
        assert_eq!(read_bounded(&mut input, &mut line, 5).unwrap(), Some(false));
        assert_eq!(line, b"last");
        assert_eq!(read_bounded(&mut input, &mut line, 5).unwrap(), None);
    }
}
