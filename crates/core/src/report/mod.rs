//! Compliance reports, service credits and the breach forecast. Pure: jobs and `now`
//! (or the report's end) come in, figures go out; the renderers turn figures into text.

pub mod credits;
mod durations;
pub mod figures;
pub mod forecast;
pub mod render;

pub use credits::CreditLine;
pub use figures::{Breach, Builder, ClockFigures, Group, GroupBy, Report, Spec, Spread, Week};

/// Two ascending runs as one, in linear time (reports and the forecast merge the sorted
/// durations their reading threads collected).
#[must_use]
pub fn merge_sorted<T: Ord + Copy>(a: &[T], b: &[T]) -> Vec<T> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        if a[i] <= b[j] {
            out.push(a[i]);
            i += 1;
        } else {
            out.push(b[j]);
            j += 1;
        }
    }
    out.extend_from_slice(&a[i..]);
    out.extend_from_slice(&b[j..]);
    out
}
