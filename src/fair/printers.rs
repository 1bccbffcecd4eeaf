//! Kiosk printers for the dashboard (issue 15): what each kiosk last said of its printer,
//! kept by the engine's clock.

use super::Fair;
use crate::api::{FairResult, PrinterReport, PrinterUpdate};

/// The station a local kiosk reports as when it names none.
const LOCAL_STATION: &str = "kiosk";

impl Fair {
    /// Keeps `update` as `station`'s printer (a hub passes the token's station; a local
    /// kiosk its own name, or `kiosk`).
    pub fn put_printer(
        &self,
        station: Option<String>,
        update: PrinterUpdate,
    ) -> FairResult<PrinterReport> {
        update.check_limits()?;
        let now = self.now();
        let station = station
            .or_else(|| update.station.clone())
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| LOCAL_STATION.to_string());
        self.write(move |tx| tx.put_printer(&station, &update, now))
    }

    pub(super) fn printers_impl(&self) -> FairResult<Vec<PrinterReport>> {
        self.read(|tx| tx.printers())
    }
}
