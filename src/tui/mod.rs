//! The dispatcher dashboard: update/view over the job store, driven by one runtime.

pub mod app;
mod corrections;
mod form_names;
pub mod keys;
pub mod layout;
pub mod overlay;
mod prompts;
pub mod reports;
mod runtime;
pub mod update;
pub mod view;

pub use app::App;
pub use runtime::{Options, run};
pub use update::{Effect, Msg, update};
pub use view::view;
