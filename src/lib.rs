//! griddesk: the counter terminal of a community service hall.
pub mod chart_text;
pub mod cli;
pub mod domain;
pub mod i18n;
pub mod printout;
pub mod store;
pub mod tui;
