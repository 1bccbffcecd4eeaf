//! The README's example ticket slip, printed through a `preview:` printer: the demo fair, one
//! pre-registered attendee checked in with three tickets, exactly as the kiosk prints them.
//!
//! `cargo run --example slip_example -- [FOLDER] [WIDTH]` writes `slip-….png` into FOLDER
//! (default `target/slip-example`) at WIDTH dots (default 384) and prints its path.

use anyhow::{Context, Result, bail};
use fairdesk::api::{CheckinRequest, FairApi};
use fairdesk::i18n::Lang;
use fairdesk::print::slip::{TicketSlip, render_tickets};
use fairdesk::print::{PrintOptions, PrinterConfig, PrinterSpec};

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let folder = args.next().unwrap_or_else(|| "target/slip-example".into());
    let width: u32 = args.next().map_or(Ok(384), |w| w.parse())?;
    let dir = tempfile_dir()?;
    let db = dir.join("fair.db");
    let fair = fairdesk::demo::create(&db, fairdesk::cli::today_in_vietnam())?;
    let code = fair
        .with_store(|s| s.read(|tx| tx.attendee(1)))?
        .context("the demo has attendees")?
        .code;
    let event = fair.event()?;
    let qr = fairdesk::domain::regcode::qr_payload(&event.code, &code);
    fair.checkin(CheckinRequest::entry(qr.clone(), "kiosk"))?;
    let suggestions = fair.suggestions(&code)?;
    let booths = [
        &suggestions.employers[0].code,
        &suggestions.employers[1].code,
        &suggestions.counselling[0].code,
    ];
    for booth in booths {
        fair.issue_ticket(&code, booth, Some("kiosk"))?;
    }
    let tickets = fair.attendee(&code)?.open_tickets;
    let slip = TicketSlip::new(&event, &qr, &code, &tickets, Lang::Vi);
    let config = PrinterConfig {
        spec: PrinterSpec::Preview(folder.into()),
        options: PrintOptions::new(width)?,
    };
    let drawn = render_tickets(&slip, config.options.width)?;
    let printed = fairdesk::print::open(&config).print(&drawn.raster)?;
    let Some(file) = printed.file else {
        bail!("the preview printer names its file");
    };
    println!("{}", file.display());
    std::fs::remove_dir_all(&dir).ok();
    Ok(())
}

fn tempfile_dir() -> Result<std::path::PathBuf> {
    let dir = std::env::temp_dir().join(format!("fairdesk-slip-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}
