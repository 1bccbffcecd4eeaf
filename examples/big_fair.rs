//! Creates the demo fair with many pre-registered attendees, for load and memory figures:
//! `cargo run --release --example big_fair -- big.db 100000`.
//!
//! The demo's own 200 attendees are left out: their ID numbers would repeat the first 200 of
//! these (same generator, same serials).

use std::path::PathBuf;

use fairdesk::api::FairApi;
use fairdesk::fair::Fair;

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let path = PathBuf::from(args.next().unwrap_or_else(|| "big.db".into()));
    let count: usize = args.next().map_or(Ok(100_000), |n| n.parse())?;
    anyhow::ensure!(
        count <= 800_000,
        "the generator's serials allow at most 800,000"
    );
    anyhow::ensure!(!path.exists(), "{} already exists", path.display());
    let fair = Fair::init(
        &path,
        &fairdesk::demo::setup(fairdesk::cli::today_in_vietnam()),
    )?;
    let communes: Vec<i64> = fair.event()?.commune_ids();
    // In batches of 10,000, one transaction each.
    let all = fairdesk::demo::attendees(count, &communes, 2026);
    for batch in all.chunks(10_000) {
        fair.add_attendees(batch, Some("big_fair"))?;
    }
    let people = fair.with_store(|s| s.read(|tx| tx.attendee_count()))?;
    println!("{}: {people} attendees", path.display());
    Ok(())
}
