//! fairdesk: the event-day system of a district job fair.
//!
//! - [`domain`]: pure rules (identification, tickets, routing), no I/O.
//! - [`store`]: the SQLite database, the only place with SQL.
//! - [`fair`]: the [`fair::Fair`] service implementing [`api::FairApi`].
//! - [`report`]: the headcount report and its exports.
//! - [`demo`]: the Phú Lương demo fair.
//! - [`cli`]: the command line.
//! - [`ui`]: the eframe app (kiosk).

pub mod api;
pub mod cli;
pub mod demo;
pub mod domain;
pub mod fair;
pub mod import;
pub mod report;
pub mod store;
pub mod ui;
