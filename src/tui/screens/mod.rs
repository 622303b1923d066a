//! One module per screen: its state, its actions, its answers to prompts
//! and store results, and its draw.

pub mod admin;
pub mod chart;
pub mod decisions;
pub mod handover;
pub mod help;
pub mod lookup;
pub mod party;
pub mod register;
pub mod reports;
pub mod requests;
pub mod today;
