//! `purge --db F [--before DATE] [--keep-phone-for-followup]`: removes the personal data of a
//! finished event (see [`crate::store::PurgeOptions`]) and prints what it did as JSON.

use std::path::Path;

use anyhow::{Result, anyhow};
use chrono::NaiveDate;
use clap::Args;

use super::common::{open, print_json, require_db};
use crate::api::FairApi;
use crate::store::PurgeOptions;

/// `purge` options.
#[derive(Debug, Args)]
pub struct PurgeArgs {
    /// Only people registered before this day (YYYY-MM-DD, the event's time zone)
    /// [default: everyone].
    #[arg(long)]
    pub before: Option<NaiveDate>,
    /// Keep phone numbers, for follow-up calls after the fair.
    #[arg(long)]
    pub keep_phone_for_followup: bool,
}

pub(super) fn run(db: &Path, args: PurgeArgs) -> Result<i32> {
    require_db(db)?;
    let fair = open(db)?;
    let event = fair.event()?;
    let before = match args.before {
        Some(day) => Some(
            day.and_hms_opt(0, 0, 0)
                .and_then(|midnight| {
                    midnight
                        .and_local_timezone(crate::domain::event::event_offset(
                            event.utc_offset_min,
                        ))
                        .single()
                })
                .map(|at| at.with_timezone(&chrono::Utc))
                .ok_or_else(|| anyhow!("--before {day}: not a day in the event's time zone"))?,
        ),
        None => None,
    };
    let options = PurgeOptions {
        before,
        keep_phone: args.keep_phone_for_followup,
    };
    let now = fair.now();
    let summary = fair
        .with_store(|store| store.purge(options, now))
        .map_err(|e| anyhow!("cannot purge (is the hub still running on this file?): {e}"))?;
    tracing::info!(attendees = summary.attendees, "personal data purged");
    print_json(&summary)?;
    Ok(0)
}
