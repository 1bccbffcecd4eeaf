//! `init`: a new event database, from a TOML description of the event or as the demo fair.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow, bail};
use chrono::NaiveDate;
use clap::Args;
use serde_json::json;

use super::common::{print_json, today_in_vietnam};
use crate::api::FairApi;
use crate::fair::{EventSetup, Fair};

/// `init` options.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// Create the Phú Lương demo fair.
    #[arg(long, conflicts_with = "event")]
    pub demo: bool,
    /// Create the event described in a TOML file.
    #[arg(long)]
    pub event: Option<PathBuf>,
    /// The demo's date (default: today in Vietnam).
    #[arg(long)]
    pub date: Option<NaiveDate>,
}

pub(super) fn run(db: &Path, args: InitArgs) -> Result<i32> {
    let fair = if args.demo {
        crate::demo::create(db, args.date.unwrap_or_else(today_in_vietnam))?
    } else if let Some(file) = &args.event {
        let text = std::fs::read_to_string(file)
            .with_context(|| format!("cannot read {}", file.display()))?;
        let setup: EventSetup =
            toml::from_str(&text).map_err(|e| anyhow!("{}: {}", file.display(), e.message()))?;
        Fair::init(db, &setup)?
    } else {
        bail!("say what to create: --demo or --event event.toml");
    };
    let event = fair.event()?;
    let attendees = fair.with_store(|s| s.read(|tx| tx.attendee_count()))?;
    let mut out = json!({
        "db": db.display().to_string(),
        "event": event.name,
        "code": event.code,
        "date": event.date,
        "attendees": attendees,
    });
    if args.demo {
        out["pin"] = json!(crate::demo::DEMO_PIN);
        out["try"] = demo_hints(&fair)?;
    }
    print_json(&out)?;
    Ok(0)
}

/// Demo codes worth trying, printed by `init --demo`.
fn demo_hints(fair: &Fair) -> Result<serde_json::Value> {
    let people: Vec<_> = fair.with_store(|s| {
        s.read(|tx| {
            let mut rows = Vec::new();
            for id in [1, 2, 3] {
                if let Some(r) = tx.attendee(id)? {
                    rows.push(r);
                }
            }
            Ok(rows)
        })
    })?;
    let event = fair.event()?;
    Ok(json!({
        "reg_codes": people.iter().map(|p| crate::domain::regcode::qr_payload(&event.code, &p.code)).collect::<Vec<_>>(),
        "id_numbers": people.iter().filter_map(|p| p.id_number.clone()).collect::<Vec<_>>(),
        "phones": people.iter().filter_map(|p| p.phone.clone()).collect::<Vec<_>>(),
    }))
}
