//! The hub: many stations on the hall's LAN sharing one fair (DESIGN §5, issue 5).
//!
//! - [`server`]: the hub's state around a [`crate::fair::Fair`] and serving it (axum on tokio).
//! - `routes`: the HTTP/JSON routes and their bodies.
//! - [`auth`]: station tokens and the role/booth permission matrix; [`address_range`] the
//!   addresses an organiser token may be limited to.
//! - [`client`]: [`HubClient`], which implements [`crate::api::FairApi`] over HTTP, on
//!   [`station_transport`]: one send and one receive per request.
//! - [`transport`]: the accept loop, connection cap and timeouts under the server.
//! - [`limits`]: lockout after wrong organiser PINs.
//! - [`outbox`]: a kiosk that keeps accepting check-ins while the hub is away.
//! - [`loadtest`]: a simulated fair for throughput and latency figures.
//! - [`tls`]: HTTPS pinned at pairing: the hub's certificate, its accept, the stations' pin.
//! - [`pairing`]: the `fairdesk://HOST:PORT?fp=…&t=…` string a station pairs with.
//! - [`throttle`]: slows down a station that keeps naming attendees who do not exist.

pub mod address_range;
pub mod auth;
pub mod client;
mod error;
pub mod limits;
pub mod loadtest;
pub mod outbox;
pub mod pairing;
mod routes;
pub mod server;
pub mod station_transport;
pub mod throttle;
pub mod tls;
pub mod transport;

pub use client::HubClient;
pub use error::{ApiError, status_of};
pub use outbox::{HubLink, KioskCheckin, OfflineKiosk};
pub use server::{Hub, RunningHub, ServeOptions};
