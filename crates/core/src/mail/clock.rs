//! The receipt instant and the clock's start, with the reason recorded.

use crate::policy::mail::{MailPolicy, MailStart};

/// Where the receipt instant came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReceiptFrom {
    /// The topmost `Received` header: our own server's stamp.
    Received,
    /// What the source knew (IMAP INTERNALDATE, Maildir delivery time, ingest time).
    Source,
}

/// Why the clock starts where it does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StartWhy {
    /// `start = "received"`.
    Policy,
    /// `start = "date"` and the Date lies within `max_skew` of receipt.
    DateTrusted,
    /// `start = "date"` but the mail has no (readable) Date.
    NoDate,
    /// `start = "date"` but the Date lies further than `max_skew` from receipt.
    DateSkewed,
}

/// The longest a mail server keeps retrying a mail before it bounces it (RFC 5321
/// §4.5.4.1 suggests 4–5 days): a topmost Received older than that before the source's
/// own time is not a receipt.
pub const MAX_QUEUED: i64 = 5 * 86_400;

/// The instants a mail job records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct ClockStart {
    pub receipt: i64,
    pub receipt_from: ReceiptFrom,
    pub date: Option<i64>,
    /// The instant the clocks start at: receipt or date.
    pub start: i64,
    /// `true` when `start` is the Date header's.
    pub from_date: bool,
    pub why: StartWhy,
}

/// Receipt is the topmost Received date, unless absent, more than `max_skew` after `now`
/// (a forged or wrong stamp cannot start a clock in the future; within the skew it is
/// `now`), or more than [`MAX_QUEUED`] before `fallback` (no server queues a mail that
/// long, so a 1970 stamp is forged or a broken clock: the clock would start decades
/// ago, past every deadline), else `fallback` (never after `now` either). With
/// `start = "date"`, Date is used within `max_skew` of receipt.
#[must_use]
pub fn clock_start(
    p: &MailPolicy,
    received: Option<i64>,
    date: Option<i64>,
    fallback: i64,
    now: i64,
) -> ClockStart {
    let fallback = fallback.min(now);
    let (receipt, receipt_from) = match received {
        Some(r) if r <= now + p.max_skew && r >= fallback - MAX_QUEUED => (r.min(now), ReceiptFrom::Received),
        _ => (fallback.min(now), ReceiptFrom::Source),
    };
    let (start, from_date, why) = match (p.start, date) {
        (MailStart::Received, _) => (receipt, false, StartWhy::Policy),
        (MailStart::Date, None) => (receipt, false, StartWhy::NoDate),
        (MailStart::Date, Some(d)) if (d - receipt).abs() <= p.max_skew => {
            (d.min(now), true, StartWhy::DateTrusted)
        }
        (MailStart::Date, Some(_)) => (receipt, false, StartWhy::DateSkewed),
    };
    ClockStart {
        receipt,
        receipt_from,
        date,
        start,
        from_date,
        why,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(start: MailStart) -> MailPolicy {
        MailPolicy {
            start,
            ..MailPolicy::default()
        }
    }

    #[test]
    fn receipt_from_received_header_else_source() {
        let c = clock_start(&policy(MailStart::Received), Some(1000), Some(900), 2000, 3000);
        assert_eq!(
            (c.start, c.receipt_from, c.why),
            (1000, ReceiptFrom::Received, StartWhy::Policy)
        );
        let c = clock_start(&policy(MailStart::Received), None, Some(900), 2000, 3000);
        assert_eq!((c.start, c.receipt_from), (2000, ReceiptFrom::Source));
    }

    #[test]
    fn a_received_stamp_in_the_future_is_not_trusted() {
        let c = clock_start(&policy(MailStart::Received), Some(99_999), None, 2000, 3000);
        assert_eq!((c.receipt, c.receipt_from), (2000, ReceiptFrom::Source));
        // A server clock a little fast: within max_skew, the receipt is now.
        let c = clock_start(&policy(MailStart::Received), Some(3060), None, 2000, 3000);
        assert_eq!((c.receipt, c.receipt_from), (3000, ReceiptFrom::Received));
    }

    #[test]
    fn a_received_stamp_older_than_any_queue_is_not_trusted() {
        let now = 2_000_000_000;
        let c = clock_start(&policy(MailStart::Received), Some(1), None, now, now);
        assert_eq!((c.receipt, c.receipt_from), (now, ReceiptFrom::Source));
        // A mail queued four days behind a broken link keeps its receipt.
        let queued = now - 4 * 86_400;
        let c = clock_start(&policy(MailStart::Received), Some(queued), None, now, now);
        assert_eq!((c.receipt, c.receipt_from), (queued, ReceiptFrom::Received));
    }

    #[test]
    fn date_within_skew_starts_the_clock() {
        let c = clock_start(
            &policy(MailStart::Date),
            Some(10_000),
            Some(10_000 - 600),
            0,
            20_000,
        );
        assert_eq!(
            (c.start, c.from_date, c.why),
            (9_400, true, StartWhy::DateTrusted)
        );
    }

    #[test]
    fn date_outside_skew_or_missing_falls_back_to_receipt() {
        let c = clock_start(
            &policy(MailStart::Date),
            Some(10_000),
            Some(10_000 - 3600),
            0,
            20_000,
        );
        assert_eq!((c.start, c.why), (10_000, StartWhy::DateSkewed));
        let c = clock_start(
            &policy(MailStart::Date),
            Some(10_000),
            Some(10_000 + 3600),
            0,
            20_000,
        );
        assert_eq!((c.start, c.why), (10_000, StartWhy::DateSkewed));
        let c = clock_start(&policy(MailStart::Date), Some(10_000), None, 0, 20_000);
        assert_eq!((c.start, c.why), (10_000, StartWhy::NoDate));
    }
}
