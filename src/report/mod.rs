//! Compliance reports, service credits and the breach forecast. Pure: jobs and `now`
//! (or the report's end) come in, figures go out; the renderers turn figures into text.

pub mod credits;
pub mod figures;
pub mod forecast;
pub mod render;

pub use credits::CreditLine;
pub use figures::{Breach, Builder, ClockFigures, Group, GroupBy, Report, Spec, Spread, Week};
