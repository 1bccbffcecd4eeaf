//! The hub's background sync (`fairdesk serve --sync-to URL [--sync-every 60]`): while the
//! fair runs, copy what is new into the central database whenever the hall has a connection.
//!
//! It runs on its own thread with its own SQLite connection, reading in snapshots (WAL), so
//! it never holds the write lock check-ins need; the fair file is opened once, not on every
//! round, because opening migrates and that takes the write lock. A failed round (no
//! connection, server down) is logged without any personal data and tried again next
//! round; the batches already committed stay, and the next round carries on from them.

use std::path::PathBuf;
use std::thread::JoinHandle;
use std::time::Duration;

use postgres::Client;

use super::{CentralError, connect, schema, sync};
use crate::store::Store;

/// Starts the background sync of the fair at `db` into `url`, every `every`, sending people
/// as `options` says (identities or keyed hashes).
pub fn spawn(
    db: PathBuf,
    url: String,
    every: Duration,
    options: sync::SyncOptions,
) -> std::io::Result<JoinHandle<()>> {
    std::thread::Builder::new()
        .name("central-sync".into())
        .spawn(move || {
            let mut store: Option<Store> = None;
            let mut client: Option<Client> = None;
            loop {
                match round(&db, &url, &options, &mut store, &mut client) {
                    Ok(summary) if summary.batches > 0 => tracing::info!(
                        batches = summary.batches,
                        log_rows = summary.log_rows,
                        synced_seq = summary.synced_seq,
                        "copied to the central database"
                    ),
                    Ok(_) => {}
                    Err(err) => {
                        // Start again from a fresh connection next round.
                        client = None;
                        tracing::warn!(
                            "central sync failed, trying again in {} s: {err}",
                            every.as_secs()
                        );
                    }
                }
                std::thread::sleep(every);
            }
        })
}

fn round(
    db: &std::path::Path,
    url: &str,
    options: &sync::SyncOptions,
    store: &mut Option<Store>,
    client: &mut Option<Client>,
) -> Result<sync::SyncSummary, CentralError> {
    if store.is_none() {
        *store = Some(sync::open_fair(db)?);
    }
    if client.as_ref().is_none_or(Client::is_closed) {
        let mut fresh = connect(url)?;
        schema::migrate(&mut fresh)?;
        *client = Some(fresh);
    }
    match (store.as_mut(), client.as_mut()) {
        (Some(store), Some(client)) => sync::sync_store_with(store, client, options),
        _ => Err(CentralError::Fair("not open".into())),
    }
}
