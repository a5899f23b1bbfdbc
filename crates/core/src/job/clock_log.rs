//! Reading `jobs.clock_log`, the JSON list of clock-relevant events kept on every job.
//!
//! Reports, the forecast and `list` decode it for every row they read, and serde's
//! general JSON path was half of a report's instructions. The log is written by
//! slawatch alone (serde_json, fields in declaration order, no whitespace), so a
//! scanner for exactly that form reads it directly; anything else — an escaped string,
//! another field order, a number serde would write differently, a hand-edited row —
//! goes to serde_json, so the result is always what serde_json gives.

use super::EventKind;
use super::model::{ClockEntry, ClockText, Outcome};
use crate::policy::ClockKind;
use crate::sla::ClockState;

/// The entries of a stored clock log.
///
/// # Errors
/// The text is not a clock log (serde_json's error).
#[cfg(test)]
fn decode(text: &str) -> Result<Vec<ClockEntry>, serde_json::Error> {
    let mut out = Vec::new();
    decode_into(text.as_bytes(), &mut out)?;
    Ok(out)
}

/// [`decode`] into `out`, reusing its entries and their strings: a report decodes a
/// million logs, and freeing and allocating them again was a tenth of its time. Works
/// on the stored bytes, so only the few strings kept are checked for UTF-8.
///
/// # Errors
/// The text is not a clock log (serde_json's error).
pub fn decode_into(text: &[u8], out: &mut Vec<ClockEntry>) -> Result<(), serde_json::Error> {
    if Scan::new(text).log_into(out).is_none() {
        *out = serde_json::from_slice(text)?;
    }
    Ok(())
}

/// A cursor over the canonical form; every method returns `None` on the first byte it
/// does not expect.
struct Scan<'a> {
    text: &'a [u8],
    at: usize,
}

/// Sets `dst` to `value`, keeping `dst`'s allocation when it has one.
fn put(dst: &mut Option<String>, value: &str) {
    match dst {
        Some(d) => {
            d.clear();
            d.push_str(value);
        }
        None => *dst = Some(value.to_owned()),
    }
}

impl<'a> Scan<'a> {
    fn new(text: &'a [u8]) -> Self {
        Self { text, at: 0 }
    }

    fn peek(&self) -> Option<u8> {
        self.text.get(self.at).copied()
    }

    /// Steps over `lit` if it comes next. Its length is known when compiled, so the
    /// comparison is a few word compares rather than a call to `memcmp`.
    fn eat<const N: usize>(&mut self, lit: &[u8; N]) -> Option<()> {
        let next: &[u8; N] = self.text.get(self.at..self.at + N)?.try_into().ok()?;
        (next == lit).then(|| self.at += N)
    }

    /// A string without escapes or control characters (serde writes those escaped), as
    /// its bytes: names and keys are matched as bytes, only kept text is checked.
    fn bytes(&mut self) -> Option<&'a [u8]> {
        self.eat(b"\"")?;
        let rest = &self.text[self.at..];
        let len = rest.iter().position(|&b| b == b'"' || b == b'\\' || b < 0x20)?;
        if rest[len] != b'"' {
            return None;
        }
        self.at += len + 1;
        Some(&rest[..len])
    }

    fn string(&mut self) -> Option<&'a str> {
        std::str::from_utf8(self.bytes()?).ok()
    }

    /// An event kind, matched on its bytes (anything else goes to serde_json).
    fn event_kind(&mut self) -> Option<EventKind> {
        EventKind::parse_bytes(self.bytes()?)
    }

    fn clock_kind(&mut self) -> Option<ClockKind> {
        ClockKind::parse(self.string()?)
    }

    fn clock_state(&mut self) -> Option<ClockState> {
        ClockState::parse(self.string()?)
    }

    /// An integer as serde writes an `i64`: an optional minus, no leading zeros.
    fn int(&mut self) -> Option<i64> {
        let bytes = self.text;
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

    /// Reads the entries into `out`, overwriting the ones it holds; `None` (with `out`
    /// in an unspecified state) when the text is not in the canonical form.
    fn log_into(mut self, out: &mut Vec<ClockEntry>) -> Option<()> {
        self.eat(b"[")?;
        let mut n = 0;
        if self.eat(b"]").is_none() {
            loop {
                if n == out.len() {
                    out.push(ClockEntry::new(EventKind::Created, 0));
                }
                self.entry(&mut out[n])?;
                n += 1;
                if self.eat(b",").is_none() {
                    self.eat(b"]")?;
                    break;
                }
            }
        }
        out.truncate(n);
        (self.at == self.text.len()).then_some(())
    }

    /// `{"k":…,"at":…}` then the optional fields, each at most once and in the order
    /// they are declared (the order serde writes them), into `e`.
    fn entry(&mut self, e: &mut ClockEntry) -> Option<()> {
        self.eat(b"{\"k\":")?;
        e.k = self.event_kind()?;
        self.eat(b",\"at\":")?;
        e.at = self.int()?;
        // Fields seen, by their place in the declaration order.
        let mut seen = [false; 6];
        let mut next = 0;
        while self.eat(b",").is_some() {
            let key = self.bytes()?;
            self.eat(b":")?;
            let place = match key {
                b"reason" => 0,
                b"priority" => 1,
                b"type" => 2,
                b"from_priority" => 3,
                b"from_type" => 4,
                b"out" => 5,
                _ => return None,
            };
            if place < next {
                return None;
            }
            next = place + 1;
            seen[place] = true;
            if place == 5 {
                self.outcomes(&mut e.out)?;
                if e.out.is_empty() {
                    return None; // serde skips an empty list: not canonical
                }
                continue;
            }
            let value = self.string()?;
            put(e.text_mut().field(place), value);
        }
        if seen[..5].contains(&true) {
            let text = e.text_mut();
            for (place, seen) in seen.iter().enumerate().take(5) {
                if !seen {
                    *text.field(place) = None;
                }
            }
        } else {
            e.set_text(ClockText::default());
        }
        if !seen[5] {
            e.out.clear();
        }
        self.eat(b"}")
    }

    /// The outcome list into `out` (cleared first).
    fn outcomes(&mut self, out: &mut Vec<Outcome>) -> Option<()> {
        out.clear();
        self.eat(b"[")?;
        if self.eat(b"]").is_some() {
            return Some(());
        }
        loop {
            self.eat(b"{\"clock\":")?;
            let clock = self.clock_kind()?;
            self.eat(b",\"state\":")?;
            let state = self.clock_state()?;
            self.eat(b",\"deadline\":")?;
            let deadline = if self.eat(b"null").is_some() {
                None
            } else {
                Some(self.int()?)
            };
            self.eat(b",\"target\":")?;
            let target = self.int()?;
            self.eat(b",\"elapsed\":")?;
            let elapsed = self.int()?;
            self.eat(b"}")?;
            out.push(Outcome {
                clock,
                state,
                deadline,
                target,
                elapsed,
            });
            if self.eat(b",").is_none() {
                self.eat(b"]")?;
                return Some(());
            }
        }
    }
}

impl ClockText {
    /// The optional text fields by their declaration order (`reason`, `priority`,
    /// `type`, `from_priority`, `from_type`).
    fn field(&mut self, place: usize) -> &mut Option<String> {
        match place {
            0 => &mut self.reason,
            1 => &mut self.priority,
            2 => &mut self.job_type,
            3 => &mut self.from_priority,
            _ => &mut self.from_type,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn agree(text: &str) {
        let fast = Scan::new(text.as_bytes()).log();
        let serde: Result<Vec<ClockEntry>, _> = serde_json::from_str(text);
        if let Some(fast) = &fast {
            assert_eq!(Some(fast), serde.as_ref().ok(), "{text}");
        }
        assert_eq!(decode(text).ok(), serde.ok(), "{text}");
    }

    #[test]
    fn the_canonical_form_is_read_without_serde() {
        let text = r#"[{"k":"responded","at":1764517426,"out":[{"clock":"respond","state":"met","deadline":1764586800,"target":14400,"elapsed":0}]},{"k":"paused","at":1764519826,"reason":"customer unreachable"},{"k":"resumed","at":-5},{"k":"reprioritized","at":7,"priority":"P1","type":"malfunction","from_priority":"P3","from_type":"service"},{"k":"resolved","at":9,"out":[{"clock":"resolve","state":"breached","deadline":null,"target":1,"elapsed":2}]}]"#;
        let entries = Scan::new(text.as_bytes()).log().expect("canonical");
        assert_eq!(entries.len(), 5);
        assert_eq!(entries[1].reason(), Some("customer unreachable"));
        assert_eq!(entries[3].from_type(), Some("service"));
        assert_eq!(entries[4].out[0].deadline, None);
        assert_eq!(entries[2].at, -5);
        agree(text);
        assert_eq!(Scan::new(b"[]").log(), Some(Vec::new()));
        for (text, at) in [
            (r#"[{"k":"note","at":-9223372036854775808}]"#, i64::MIN),
            (r#"[{"k":"note","at":9223372036854775807}]"#, i64::MAX),
            (r#"[{"k":"note","at":0}]"#, 0),
        ] {
            assert_eq!(
                Scan::new(text.as_bytes()).log().expect("canonical")[0].at,
                at,
                "{text}"
            );
            agree(text);
        }
        assert_eq!(entries[0].k, EventKind::Responded);
        assert_eq!(entries[4].out[0].state, ClockState::Breached);
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
            r#"[{"k":"unknown","at":1}]"#,
            r#"[{"k":"resolved","at":1,"out":[{"clock":"fix","state":"met","deadline":null,"target":1,"elapsed":2}]}]"#,
            "",
            "not json",
        ] {
            assert_eq!(Scan::new(text.as_bytes()).log(), None, "{text}");
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
            prop::sample::select(ClockKind::ALL.to_vec()),
            prop::sample::select(ClockState::ALL.to_vec()),
            proptest::option::of(any::<i64>()),
            any::<i64>(),
            any::<i64>(),
        )
            .prop_map(|(clock, state, deadline, target, elapsed)| Outcome {
                clock,
                state,
                deadline,
                target,
                elapsed,
            })
    }

    fn entry() -> impl Strategy<Value = ClockEntry> {
        let opt = || proptest::option::of(text());
        (
            prop::sample::select(EventKind::ALL.to_vec()),
            any::<i64>(),
            (opt(), opt(), opt(), opt(), opt()),
            proptest::collection::vec(outcome(), 0..3),
        )
            .prop_map(
                |(k, at, (reason, priority, job_type, from_priority, from_type), out)| {
                    let mut e = ClockEntry::with_text(
                        k,
                        at,
                        ClockText {
                            reason,
                            priority,
                            job_type,
                            from_priority,
                            from_type,
                        },
                    );
                    e.out = out;
                    e
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
            prop_assert_eq!(Scan::new(text.as_bytes()).log().is_some(), !text.contains('\\'));
            agree(&text);
        }

        #[test]
        fn a_reused_list_reads_as_a_fresh_one(
            first in proptest::collection::vec(entry(), 0..6),
            second in proptest::collection::vec(entry(), 0..6),
        ) {
            let mut reused = Vec::new();
            decode_into(serde_json::to_string(&first).expect("serialises").as_bytes(), &mut reused)
                .expect("decodes");
            let text = serde_json::to_string(&second).expect("serialises");
            decode_into(text.as_bytes(), &mut reused).expect("decodes");
            prop_assert_eq!(reused, second);
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
