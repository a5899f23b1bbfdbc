//! Reading `jobs.clock_log`, the JSON list of clock-relevant events kept on every job.
//!
//! Reports, the forecast and `list` decode it for every row they read, and serde's
//! general JSON path was half of a report's instructions. The log is written by
//! slawatch alone (serde_json, fields in declaration order, no whitespace), so a
//! scanner for exactly that form reads it directly; anything else — an escaped string,
//! another field order, a number serde would write differently, a hand-edited row —
//! goes to serde_json, so the result is always what serde_json gives.

use super::model::{ClockEntry, Outcome, name};

/// The entries of a stored clock log.
///
/// # Errors
/// The text is not a clock log (serde_json's error).
#[cfg(test)]
fn decode(text: &str) -> Result<Vec<ClockEntry>, serde_json::Error> {
    let mut out = Vec::new();
    decode_into(text, &mut out)?;
    Ok(out)
}

/// [`decode`] into `out` (cleared first), reusing its space.
///
/// # Errors
/// The text is not a clock log (serde_json's error).
pub(crate) fn decode_into(text: &str, out: &mut Vec<ClockEntry>) -> Result<(), serde_json::Error> {
    out.clear();
    if Scan::new(text).log_into(out).is_none() {
        *out = serde_json::from_str(text)?;
    }
    Ok(())
}

/// A cursor over the canonical form; every method returns `None` on the first byte it
/// does not expect.
struct Scan<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Scan<'a> {
    fn new(text: &'a str) -> Self {
        Self { text, at: 0 }
    }

    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }

    fn eat(&mut self, lit: &str) -> Option<()> {
        self.text[self.at..]
            .starts_with(lit)
            .then(|| self.at += lit.len())
    }

    /// A string without escapes or control characters (serde writes those escaped).
    fn string(&mut self) -> Option<&'a str> {
        self.eat("\"")?;
        let rest = &self.text.as_bytes()[self.at..];
        let len = rest.iter().position(|&b| b == b'"' || b == b'\\' || b < 0x20)?;
        if rest[len] != b'"' {
            return None;
        }
        let s = &self.text[self.at..self.at + len];
        self.at += len + 1;
        Some(s)
    }

    /// An integer as serde writes an `i64`: an optional minus, no leading zeros.
    fn int(&mut self) -> Option<i64> {
        let bytes = self.text.as_bytes();
        let negative = self.peek() == Some(b'-');
        if negative {
            self.at += 1;
        }
        let start = self.at;
        // Accumulated on the negative side, where i64::MIN fits.
        let mut value: i64 = 0;
        while let Some(&b) = bytes.get(self.at) {
            if !b.is_ascii_digit() {
                break;
            }
            value = value.checked_mul(10)?.checked_sub(i64::from(b - b'0'))?;
            self.at += 1;
        }
        let digits = self.at - start;
        if digits == 0 || (digits > 1 && bytes[start] == b'0') {
            return None;
        }
        if matches!(self.peek(), Some(b'.' | b'e' | b'E')) {
            return None;
        }
        if negative {
            Some(value)
        } else {
            value.checked_neg()
        }
    }

    #[cfg(test)]
    fn log(self) -> Option<Vec<ClockEntry>> {
        let mut out = Vec::new();
        self.log_into(&mut out).map(|()| out)
    }

    /// Appends the entries to `out`; `None` (with `out` partly filled) when the text is
    /// not in the canonical form.
    fn log_into(mut self, out: &mut Vec<ClockEntry>) -> Option<()> {
        self.eat("[")?;
        if self.eat("]").is_none() {
            loop {
                out.push(self.entry()?);
                if self.eat(",").is_none() {
                    self.eat("]")?;
                    break;
                }
            }
        }
        (self.at == self.text.len()).then_some(())
    }

    /// `{"k":…,"at":…}` then the optional fields, each at most once and in the order
    /// they are declared (the order serde writes them).
    fn entry(&mut self) -> Option<ClockEntry> {
        self.eat("{\"k\":")?;
        let k = self.string()?;
        self.eat(",\"at\":")?;
        let mut e = ClockEntry::new(k, self.int()?);
        // The optional fields in the order they are declared (and written).
        let mut next = 0;
        while self.eat(",").is_some() {
            let key = self.string()?;
            self.eat(":")?;
            let place = match key {
                "reason" => 0,
                "priority" => 1,
                "type" => 2,
                "from_priority" => 3,
                "from_type" => 4,
                "out" => 5,
                _ => return None,
            };
            if place < next {
                return None;
            }
            next = place + 1;
            if place == 5 {
                e.out = self.outcomes()?;
                if e.out.is_empty() {
                    return None; // serde skips an empty list: not canonical
                }
                continue;
            }
            let value = Some(self.string()?.to_owned());
            match place {
                0 => e.reason = value,
                1 => e.priority = value,
                2 => e.job_type = value,
                3 => e.from_priority = value,
                _ => e.from_type = value,
            }
        }
        self.eat("}")?;
        Some(e)
    }

    fn outcomes(&mut self) -> Option<Vec<Outcome>> {
        self.eat("[")?;
        let mut out = Vec::new();
        if self.eat("]").is_some() {
            return Some(out);
        }
        loop {
            self.eat("{\"clock\":")?;
            let clock = name(self.string()?);
            self.eat(",\"state\":")?;
            let state = name(self.string()?);
            self.eat(",\"deadline\":")?;
            let deadline = if self.eat("null").is_some() {
                None
            } else {
                Some(self.int()?)
            };
            self.eat(",\"target\":")?;
            let target = self.int()?;
            self.eat(",\"elapsed\":")?;
            let elapsed = self.int()?;
            self.eat("}")?;
            out.push(Outcome {
                clock,
                state,
                deadline,
                target,
                elapsed,
            });
            if self.eat(",").is_none() {
                self.eat("]")?;
                return Some(out);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn agree(text: &str) {
        let fast = Scan::new(text).log();
        let serde: Result<Vec<ClockEntry>, _> = serde_json::from_str(text);
        if let Some(fast) = &fast {
            assert_eq!(Some(fast), serde.as_ref().ok(), "{text}");
        }
        assert_eq!(decode(text).ok(), serde.ok(), "{text}");
    }

    #[test]
    fn the_canonical_form_is_read_without_serde() {
        let text = r#"[{"k":"responded","at":1764517426,"out":[{"clock":"respond","state":"met","deadline":1764586800,"target":14400,"elapsed":0}]},{"k":"paused","at":1764519826,"reason":"customer unreachable"},{"k":"resumed","at":-5},{"k":"reprioritized","at":7,"priority":"P1","type":"malfunction","from_priority":"P3","from_type":"service"},{"k":"resolved","at":9,"out":[{"clock":"resolve","state":"breached","deadline":null,"target":1,"elapsed":2}]}]"#;
        let entries = Scan::new(text).log().expect("canonical");
        assert_eq!(entries.len(), 5);
        assert_eq!(entries[1].reason.as_deref(), Some("customer unreachable"));
        assert_eq!(entries[3].from_type.as_deref(), Some("service"));
        assert_eq!(entries[4].out[0].deadline, None);
        assert_eq!(entries[2].at, -5);
        agree(text);
        assert_eq!(Scan::new("[]").log(), Some(Vec::new()));
        for (text, at) in [
            (r#"[{"k":"x","at":-9223372036854775808}]"#, i64::MIN),
            (r#"[{"k":"x","at":9223372036854775807}]"#, i64::MAX),
            (r#"[{"k":"x","at":0}]"#, 0),
        ] {
            assert_eq!(Scan::new(text).log().expect("canonical")[0].at, at, "{text}");
            agree(text);
        }
        // The known names are kept without an allocation.
        assert!(matches!(entries[0].k, std::borrow::Cow::Borrowed("responded")));
    }

    #[test]
    fn anything_else_is_left_to_serde() {
        for text in [
            r#"[{"k":"paused","at":1,"reason":"a \"quoted\" reason"}]"#,
            r#"[ {"k":"paused","at":1} ]"#,
            r#"[{"at":1,"k":"paused"}]"#,
            r#"[{"k":"paused","at":1,"priority":"P1","reason":"x"}]"#,
            r#"[{"k":"paused","at":1,"reason":"x","reason":"y"}]"#,
            r#"[{"k":"paused","at":01}]"#,
            r#"[{"k":"paused","at":1.0}]"#,
            r#"[{"k":"paused","at":99999999999999999999}]"#,
            r#"[{"k":"resolved","at":1,"out":[]}]"#,
            r#"[{"k":"paused","at":1,"colour":"red"}]"#,
            r#"[{"k":"paused","at":1}"#,
            r#"[{"k":"paused","at":1}]x"#,
            "",
            "not json",
        ] {
            assert_eq!(Scan::new(text).log(), None, "{text}");
            agree(text);
        }
    }

    fn text() -> impl Strategy<Value = String> {
        prop_oneof![
            "[a-z ]{0,12}",
            any::<String>(),
            Just("\"\\\u{1}é\u{202E}".to_owned())
        ]
    }

    fn outcome() -> impl Strategy<Value = Outcome> {
        (
            text(),
            text(),
            proptest::option::of(any::<i64>()),
            any::<i64>(),
            any::<i64>(),
        )
            .prop_map(|(clock, state, deadline, target, elapsed)| Outcome {
                clock: clock.into(),
                state: state.into(),
                deadline,
                target,
                elapsed,
            })
    }

    fn entry() -> impl Strategy<Value = ClockEntry> {
        let opt = || proptest::option::of(text());
        (
            text(),
            any::<i64>(),
            (opt(), opt(), opt(), opt(), opt()),
            proptest::collection::vec(outcome(), 0..3),
        )
            .prop_map(
                |(k, at, (reason, priority, job_type, from_priority, from_type), out)| ClockEntry {
                    reason,
                    priority,
                    job_type,
                    from_priority,
                    from_type,
                    out,
                    ..ClockEntry::new(&k, at)
                },
            )
    }

    proptest! {
        #[test]
        fn whatever_slawatch_writes_reads_back_the_same(
            log in proptest::collection::vec(entry(), 0..6)
        ) {
            let text = serde_json::to_string(&log).expect("serialises");
            prop_assert_eq!(decode(&text).expect("decodes"), log);
            // Without escapes it is the canonical form: read by the scanner itself.
            prop_assert_eq!(Scan::new(&text).log().is_some(), !text.contains('\\'));
            agree(&text);
        }

        #[test]
        fn damaged_logs_decode_as_serde_decodes_them(
            log in proptest::collection::vec(entry(), 1..4),
            cut in any::<prop::sample::Index>(),
            junk in "[\\[\\]{}\",:0-9a-z\\\\ -]{0,3}",
        ) {
            let text = serde_json::to_string(&log).expect("serialises");
            let mut at = cut.index(text.len());
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            agree(&format!("{}{junk}{}", &text[..at], &text[at..]));
        }
    }
}
