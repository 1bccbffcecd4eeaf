//! The pure core of fairdesk: types, parsing of what a kiosk reads, text folding, the ticket
//! state machine, routing and wait estimates.
//!
//! Nothing here does I/O or reads a clock: time and the event's date are passed in, so every
//! rule can be tested on its own.

pub mod booth;
pub mod cccd;
pub mod code;
pub mod commune;
pub mod event;
pub mod idnum;
pub mod limits;
pub mod log;
pub mod phone;
pub mod queue;
pub mod regcode;
pub mod registration;
pub mod reject;
pub mod routing;
pub mod scan;
pub mod search;
pub mod text;
pub mod types;

pub use types::*;
