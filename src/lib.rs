//! fairdesk: the event-day system of a district job fair.
//!
//! - [`domain`]: pure rules (identification, tickets, routing), no I/O.
//! - [`store`]: the SQLite database, the only place with SQL.
//! - [`fair`]: the [`fair::Fair`] service implementing [`api::FairApi`].
//! - [`report`]: the headcount report and its exports.
//! - [`hub`]: the HTTP hub, its client and the kiosk outbox.
//! - [`i18n`]: the one translation table (Vietnamese and English).
//! - [`demo`]: the Phú Lương demo fair.
//! - [`cli`]: the command line.
//! - [`data_folder`]: where the fair file lives when no `--db` is given.
//! - [`print`]: the kiosk's ticket slips on ESC/POS thermal printers.
//! - [`ui`]: the eframe app (kiosk).
//! - [`voice`]: the board's spoken calls, joined from short clips.

pub mod api;
pub mod central;
pub mod cli;
pub mod data_folder;
pub mod demo;
pub mod domain;
pub mod fair;
pub mod helpdesk_api;
pub mod hub;
pub mod i18n;
pub mod import;
pub mod print;
pub mod report;
pub mod slips;
pub mod store;
pub mod ui;
pub mod voice;
