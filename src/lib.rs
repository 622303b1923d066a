//! griddesk: the counter terminal of a community service hall.
pub mod domain;
