//! The dispatcher dashboard: update/view over the job store, driven by one runtime.

pub mod app;
mod binding;
pub mod config;
mod corrections;
mod find;
mod form_names;
pub mod help;
mod key_action;
pub mod key_names;
pub mod keymap;
pub mod keys;
pub mod layout;
mod mail;
mod moves;
pub mod osc52;
pub mod overlay;
pub mod prefs;
mod prompts;
pub mod reports;
mod runtime;
pub mod search;
pub mod sort;
mod tabs;
pub mod theme;
pub mod update;
pub mod view;

pub use app::App;
pub use runtime::{Options, run};
pub use update::{Effect, Msg, update};
pub use view::view;
