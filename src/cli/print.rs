//! The ticket printer on the command line: the kiosk's `--printer` options and
//! `print-test`, which prints every Vietnamese letter and a QR code to check a printer.

use anyhow::{Result, anyhow};
use clap::Args;
use serde_json::json;

use super::common::print_json;
use crate::i18n::Lang;
use crate::print::{self, Cut, PrintOptions, PrinterConfig, PrinterSpec};

/// The kiosk's ticket printer (`app --station kiosk`).
#[derive(Debug, Clone, Args)]
pub struct PrinterArgs {
    /// Print each attendee's tickets: file:/dev/usb/lp0, tcp:192.168.1.50:9100,
    /// serial:/dev/ttyUSB0:9600, or preview:FOLDER (PNG files, no printer).
    #[arg(long, value_name = "SPEC")]
    pub printer: Option<PrinterSpec>,
    /// Print width in dots: 384 for 58 mm paper, 576 for 80 mm, or a width in between.
    #[arg(long, value_name = "DOTS", default_value_t = print::MAX_WIDTH, value_parser = parse_width)]
    pub paper_width: u32,
    /// What the cutter does after each slip: full, partial or none.
    #[arg(long, value_name = "CUT", default_value_t = Cut::Partial)]
    pub cut: Cut,
    /// Lines fed after each slip, to bring it past the cutter.
    #[arg(long, value_name = "LINES", default_value_t = print::DEFAULT_FEED)]
    pub feed: u8,
}

impl Default for PrinterArgs {
    /// No printer; the same widths, cut and feed as the command line's defaults.
    fn default() -> Self {
        Self {
            printer: None,
            paper_width: print::MAX_WIDTH,
            cut: Cut::default(),
            feed: print::DEFAULT_FEED,
        }
    }
}

impl PrinterArgs {
    /// The printer set up, if `--printer` was given.
    pub fn config(&self) -> Option<PrinterConfig> {
        self.printer.clone().map(|spec| PrinterConfig {
            spec,
            options: PrintOptions {
                width: self.paper_width,
                feed_lines: self.feed,
                cut: self.cut,
            },
        })
    }
}

/// `print-test` options.
#[derive(Debug, Args)]
pub struct PrintTestArgs {
    /// The printer: file:/dev/usb/lp0, tcp:192.168.1.50:9100, serial:/dev/ttyUSB0:9600 or
    /// preview:FOLDER.
    #[arg(long, value_name = "SPEC")]
    pub printer: PrinterSpec,
    /// Print width in dots: 384 for 58 mm paper, 576 for 80 mm, or a width in between.
    #[arg(long, alias = "paper-width", value_name = "DOTS", default_value_t = print::MAX_WIDTH, value_parser = parse_width)]
    pub width: u32,
    /// What the cutter does after the slip: full, partial or none.
    #[arg(long, value_name = "CUT", default_value_t = Cut::Partial)]
    pub cut: Cut,
    /// Lines fed after the slip.
    #[arg(long, value_name = "LINES", default_value_t = print::DEFAULT_FEED)]
    pub feed: u8,
}

fn parse_width(text: &str) -> Result<u32, String> {
    let dots: u32 = text
        .trim()
        .parse()
        .map_err(|_| format!("{text:?} is not a number of dots"))?;
    print::paper_width(dots).map_err(|e| e.to_string())
}

/// Prints the test slip; JSON says how many bytes went out and what the printer said.
pub(super) fn print_test(args: PrintTestArgs) -> Result<i32> {
    let config = PrinterConfig {
        spec: args.printer,
        options: PrintOptions {
            width: args.width,
            feed_lines: args.feed,
            cut: args.cut,
        },
    };
    let drawn = print::slip::render_test(config.options.width, Lang::Vi)?;
    let mut printer = print::open(&config);
    let printed = printer
        .print(&drawn.raster)
        .map_err(|e| anyhow!("the test slip was not printed: {e}"))?;
    let mut out = json!({
        "printed": true,
        "printer": config.spec.to_string(),
        "width": config.options.width,
        "bytes": printed.bytes,
        "status": printed.status.as_str(),
    });
    if let Some(file) = &printed.file {
        out["file"] = json!(file.display().to_string());
    }
    print_json(&out)?;
    Ok(0)
}
