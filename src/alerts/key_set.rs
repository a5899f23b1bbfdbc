//! The alert keys a process knows are recorded, held small: the dashboard on 100,000
//! open jobs knows about 300,000 of them for as long as it runs, and the key as the
//! store names it (job, clock name, threshold, cycle) is 40 bytes. Almost every key
//! fits 16 (the job, and the rest packed in one word); any that does not is kept whole.

use std::collections::HashSet;

use slawatch_core::alerts::AlertKey;

/// A set of [`AlertKey`]s.
#[derive(Debug, Default)]
pub struct KeySet {
    packed: HashSet<(i64, u64)>,
    whole: HashSet<AlertKey>,
}

/// The names a key's second part takes: the clocks and the escalations.
const NAMES: [&str; 4] = ["respond", "attend", "resolve", "escalation"];

/// `(job, name, value, cycle)` as `(job, name << 56 | value << 32 | cycle)` when the
/// name is one of [`NAMES`], `value` (a threshold in thousandths, or a level) is below
/// 2^24 and `cycle` below 2^32, none negative: then distinct keys pack distinctly.
fn pack(key: &AlertKey) -> Option<(i64, u64)> {
    let (job, name, value, cycle) = *key;
    let name = u64::try_from(NAMES.iter().position(|n| *n == name)?).ok()?;
    let value = u64::try_from(value).ok().filter(|v| *v < 1 << 24)?;
    let cycle = u64::try_from(cycle).ok().filter(|c| *c < 1 << 32)?;
    Some((job, name << 56 | value << 32 | cycle))
}

impl KeySet {
    pub fn insert(&mut self, key: AlertKey) {
        match pack(&key) {
            Some(p) => self.packed.insert(p),
            None => self.whole.insert(key),
        };
    }

    #[must_use]
    pub fn contains(&self, key: &AlertKey) -> bool {
        match pack(key) {
            Some(p) => self.packed.contains(&p),
            None => self.whole.contains(key),
        }
    }

    #[must_use]
    pub fn len(&self) -> usize {
        self.packed.len() + self.whole.len()
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl Extend<AlertKey> for KeySet {
    fn extend<I: IntoIterator<Item = AlertKey>>(&mut self, keys: I) {
        for k in keys {
            self.insert(k);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_read_back_as_they_went_in_packed_or_whole() {
        let keys: Vec<AlertKey> = vec![
            (1, "respond", 500, 0),
            (1, "respond", 750, 0),
            (1, "resolve", 1000, 0),
            (1, "respond", 500, 1),
            (2, "escalation", 1, 0),
            (-7, "attend", (1 << 24) - 1, (1 << 32) - 1),
            // Not packable: kept whole, still found.
            (3, "respond", 1 << 24, 0),
            (3, "respond", -1, 0),
            (3, "respond", 0, 1 << 32),
            (3, "respond", 0, -1),
            (3, "lunch", 500, 0),
        ];
        let mut set = KeySet::default();
        for (i, k) in keys.iter().enumerate() {
            assert!(!set.contains(k), "{k:?} before it went in");
            set.insert(*k);
            assert!(set.contains(k), "{k:?}");
            assert_eq!(set.len(), i + 1, "no two keys share a place: {k:?}");
        }
        assert_eq!(set.whole.len(), 5);
        for k in &keys {
            assert!(set.contains(k), "{k:?}");
        }
        for other in [
            (1, "attend", 500, 0),
            (1, "respond", 500, 2),
            (2, "escalation", 2, 0),
            (4, "respond", 500, 0),
            (3, "respond", (1 << 24) + 1, 0),
        ] {
            assert!(!set.contains(&other), "{other:?}");
        }
        set.insert((1, "respond", 500, 0));
        assert_eq!(set.len(), keys.len(), "inserting again changes nothing");
    }

    #[test]
    fn every_name_a_due_gives_packs() {
        use slawatch_core::policy::ClockKind;
        for c in ClockKind::ALL {
            assert!(pack(&(1, c.name(), 1000, 0)).is_some(), "{}", c.name());
        }
    }
}
