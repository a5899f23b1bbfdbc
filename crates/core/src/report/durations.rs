//! The durations a report collects for each group and clock, to give their average,
//! median and 90th percentile. A year over a million jobs is millions of them, so each
//! is kept in 4 bytes when it fits (up to 136 years); the rare one that does not keeps
//! its 8, so no figure is ever clipped.

use super::figures::Spread;
use super::merge_sorted;

#[derive(Debug, Clone, Default)]
pub struct Durations {
    small: Vec<u32>,
    /// Negative or beyond `u32::MAX` seconds.
    wide: Vec<i64>,
}

impl Durations {
    pub fn push(&mut self, secs: i64) {
        match u32::try_from(secs) {
            Ok(s) => self.small.push(s),
            Err(_) => self.wide.push(secs),
        }
    }

    /// Sorts where the durations were collected (in each reading thread), so merging is
    /// linear and [`Durations::spread`] needs no sort.
    pub fn seal(&mut self) {
        self.small.sort_unstable();
        self.wide.sort_unstable();
    }

    /// Both must be sealed; the result is.
    pub fn merge(&mut self, other: &Durations) {
        self.small = merge_sorted(&self.small, &other.small);
        self.wide = merge_sorted(&self.wide, &other.wide);
    }

    /// The spread of sealed durations (unsealed ones give a wrong one).
    pub fn spread(&self) -> Option<Spread> {
        let n = self.small.len() + self.wide.len();
        // In ascending order: the negative wide ones, the small ones, the large wide ones.
        let below = self.wide.partition_point(|v| *v < 0);
        let at = |i: usize| {
            if i < below {
                self.wide[i]
            } else if i - below < self.small.len() {
                i64::from(self.small[i - below])
            } else {
                self.wide[i - self.small.len()]
            }
        };
        let sum = self.small.iter().map(|v| i128::from(*v)).sum::<i128>()
            + self.wide.iter().map(|v| i128::from(*v)).sum::<i128>();
        Spread::of_sorted(n, at, sum)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn sealed(values: &[i64]) -> Durations {
        let mut d = Durations::default();
        for v in values {
            d.push(*v);
        }
        d.seal();
        d
    }

    #[test]
    fn durations_beyond_four_bytes_keep_their_value() {
        let huge = i64::from(u32::MAX) + 10;
        let d = sealed(&[huge, 30, -5, 10, 20]);
        let s = d.spread().expect("five values");
        assert_eq!((s.median, s.p90), (20, huge));
        assert_eq!(s.avg, (huge + 55) / 5);
        assert_eq!(sealed(&[]).spread(), None);
    }

    proptest! {
        #[test]
        fn split_storage_gives_the_spread_of_all_values(
            a in proptest::collection::vec(prop_oneof![0i64..100_000, -1_000i64..0, 4_294_967_000i64..4_294_999_999], 0..40),
            b in proptest::collection::vec(0i64..100_000, 0..40),
        ) {
            let mut merged = sealed(&a);
            merged.merge(&sealed(&b));
            let mut all: Vec<i64> = a.iter().chain(&b).copied().collect();
            prop_assert_eq!(merged.spread(), Spread::of(&mut all));
        }
    }
}
