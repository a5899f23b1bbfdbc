//! The chain head `N:HASH`: how many events the log held and the hash of the last one.
//! Published (printed on every report and export), it lets anyone check later that the
//! first N events are still exactly those (`slawatch verify --head N:HASH`).

use std::fmt;
use std::str::FromStr;

use super::GENESIS;

/// `events` events, the last of which hashes to `hash` (`GENESIS` for none).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainHead {
    pub events: i64,
    pub hash: String,
}

impl ChainHead {
    /// The head of an empty log.
    #[must_use]
    pub fn empty() -> Self {
        Self {
            events: 0,
            hash: GENESIS.to_owned(),
        }
    }
}

impl fmt::Display for ChainHead {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.events, self.hash)
    }
}

/// Written as `N:HASH` wherever it is read back (JSON and CSV too).
impl serde::Serialize for ChainHead {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// A head that is not `N:HASH`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "`{given}` is not a chain head: {why} — write it as N:HASH, the number of events and the 64 hex digits `slawatch verify` printed (e.g. 4120:{example}…)",
    example = &GENESIS[..8]
)]
pub struct HeadParseError {
    pub given: String,
    pub why: &'static str,
}

impl FromStr for ChainHead {
    type Err = HeadParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let fail = |why| HeadParseError {
            given: s.to_owned(),
            why,
        };
        let (n, hash) = s.trim().split_once(':').ok_or_else(|| fail("no `:`"))?;
        let events = n
            .parse::<i64>()
            .ok()
            .filter(|n| *n >= 0)
            .ok_or_else(|| fail("N is not a count of events (0 or more)"))?;
        let hash = hash.to_ascii_lowercase();
        if hash.len() != 64 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(fail("HASH is not 64 hex digits"));
        }
        Ok(Self { events, hash })
    }
}

#[cfg(test)]
mod tests {
    use super::ChainHead;

    #[test]
    fn written_and_read_back() {
        let h = ChainHead {
            events: 4120,
            hash: "ab".repeat(32),
        };
        assert_eq!(h.to_string().parse::<ChainHead>(), Ok(h));
        for bad in [
            "",
            "12",
            "x:ab",
            "-1:00",
            "3:abc",
            &format!("3:{}", "g".repeat(64)),
        ] {
            let e = bad.parse::<ChainHead>().unwrap_err().to_string();
            assert!(e.contains("N:HASH"), "{bad}: {e}");
        }
    }
}
