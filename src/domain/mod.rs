//! Pure rules of the product, no I/O: text normalisation, address parsing,
//! resident ID and phone validation, the request lifecycle and escalation
//! ladder, the working-day clock, warnings and name search keys.

pub mod address;
pub mod calendar;
pub mod ident;
pub mod lifecycle;
pub mod names;
pub mod relation;
pub mod text;
pub mod warning;
