//! "Tạo ngày hội mới": a new fair file made from a form, without the command line, from the
//! kiosk's organiser menu and the Setup screen. The fair is written to its own file in the
//! data folder ([`crate::data_folder`]) and made current, so the stations on this laptop that
//! follow the data folder switch to it ([`crate::ui::FairdeskApp`] watches `current-fair`).
//! `fairdesk init` is still the way from a TOML file.
//!
//! The event's kind (ngày hội / phiên giao dịch / other) is asked too: the programme's annual
//! report groups fairs by it (issue 16).

mod communes;
mod view;

pub use communes::{MAX_COMMUNE_LEN, MAX_COMMUNES, read_communes};
pub use view::{NewFairAction, new_fair_ui};

use std::path::PathBuf;

use crate::data_folder::DataFolder;
use crate::fair::{EventSetup, Fair, parse_event_date, valid_pin};
use crate::ui::i18n::{Lang, tr, trf};

/// What the organiser typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewFairForm {
    /// The fair's name, e.g. "Ngày hội việc làm Phú Lương 2027".
    pub name: String,
    /// The short code printed in registration QR codes, e.g. "PL27".
    pub code: String,
    /// The date as typed, `dd/mm/yyyy` or `yyyy-mm-dd`.
    pub date: String,
    /// Where it is held.
    pub venue: String,
    /// A job fair day, a job-transaction session or another event.
    pub kind: crate::domain::EventKind,
    /// The communes, one a line.
    pub communes: String,
    /// A commune list file to import into `communes`.
    pub import_path: String,
    /// The new organiser PIN, twice.
    pub pin: String,
    /// The PIN again.
    pub pin_again: String,
    /// The last message (an error, or what an import did).
    pub message: Option<String>,
}

/// A fair that was created.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Created {
    /// Its name.
    pub name: String,
    /// Its file.
    pub path: PathBuf,
}

impl NewFairForm {
    /// The communes typed, trimmed, blank lines dropped.
    pub fn commune_lines(&self) -> Vec<String> {
        self.communes
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty())
            .map(str::to_string)
            .collect()
    }

    /// The event the form describes, or the message (in `lang`) saying what to fix.
    pub fn setup(&self, lang: Lang) -> Result<EventSetup, String> {
        let name = self.name.trim();
        if name.is_empty() {
            return Err(tr(lang, "new_fair.err.name").into());
        }
        let code = self.code.trim().to_uppercase();
        if code.is_empty() || code.len() > 12 || !code.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(tr(lang, "new_fair.err.code").into());
        }
        let date = parse_event_date(&self.date).map_err(|_| tr(lang, "new_fair.err.date"))?;
        let communes = self.commune_lines();
        if communes.is_empty() {
            return Err(tr(lang, "new_fair.err.communes").into());
        }
        if communes.len() > MAX_COMMUNES
            || communes.iter().any(|c| c.chars().count() > MAX_COMMUNE_LEN)
        {
            return Err(too_many(lang));
        }
        let mut seen = std::collections::HashSet::new();
        for commune in &communes {
            if !seen.insert(crate::domain::text::fold(commune)) {
                return Err(trf(
                    lang,
                    "new_fair.err.commune_twice",
                    &[("name", commune)],
                ));
            }
        }
        if !valid_pin(&self.pin) {
            return Err(tr(lang, "new_fair.err.pin").into());
        }
        if self.pin != self.pin_again {
            return Err(tr(lang, "new_fair.err.pin_mismatch").into());
        }
        let mut setup = EventSetup::with_defaults(code, name.to_string(), date, self.pin.clone());
        setup.venue = self.venue.trim().to_string();
        setup.kind = self.kind;
        setup.communes = communes;
        Ok(setup)
    }

    /// Replaces the commune lines with the list in `import_path`; the message says how many
    /// or why not (the typed lines stay when the file cannot be read).
    pub fn import_communes(&mut self, lang: Lang) {
        let path = self.import_path.trim().to_string();
        match read_communes(std::path::Path::new(&path)) {
            Ok(names) => {
                self.message = Some(trf(
                    lang,
                    "new_fair.imported",
                    &[("n", &names.len().to_string())],
                ));
                self.communes = names.join("\n");
            }
            Err(why) => {
                self.message = Some(trf(
                    lang,
                    "new_fair.err.file",
                    &[("path", &path), ("why", &why)],
                ));
            }
        }
    }

    /// Creates the fair in `folder` and makes it current. Nothing is left behind when it
    /// fails: the half-made file is removed and the current fair stays what it was.
    pub fn create(&self, lang: Lang, folder: &DataFolder) -> Result<Created, String> {
        let setup = self.setup(lang)?;
        let failed = |why: String| trf(lang, "new_fair.err.failed", &[("why", &why)]);
        let path = folder
            .new_fair_file(&setup.name, setup.date)
            .map_err(|e| failed(e.to_string()))?;
        let made = Fair::init(&path, &setup)
            .map_err(|e| e.to_string())
            .and_then(|fair| {
                drop(fair);
                folder.switch_to(&path).map_err(|e| e.to_string())
            });
        if let Err(why) = made {
            // The file is ours and new; a half-made fair must not be opened later.
            let _ = std::fs::remove_file(&path);
            return Err(failed(why));
        }
        tracing::info!("a new fair was created from the menu: {}", path.display());
        Ok(Created {
            name: setup.name,
            path,
        })
    }
}

fn too_many(lang: Lang) -> String {
    trf(
        lang,
        "new_fair.err.too_many",
        &[
            ("max", &MAX_COMMUNES.to_string()),
            ("len", &MAX_COMMUNE_LEN.to_string()),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filled() -> NewFairForm {
        NewFairForm {
            name: "Ngày hội việc làm Định Hoá".into(),
            code: "dh27".into(),
            date: "15/03/2027".into(),
            venue: "Nhà văn hoá huyện".into(),
            communes: "Xã Bảo Cường\n\n  Thị trấn Chợ Chu \nXã Phượng Tiến\n".into(),
            pin: "97531".into(),
            pin_again: "97531".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_filled_form_is_an_event() {
        let setup = filled().setup(Lang::Vi).expect("valid");
        assert_eq!(setup.code, "DH27");
        assert_eq!(
            setup.communes,
            ["Xã Bảo Cường", "Thị trấn Chợ Chu", "Xã Phượng Tiến"]
        );
        assert_eq!(setup.date.to_string(), "2027-03-15");
    }

    #[test]
    fn each_mistake_is_named() {
        let lang = Lang::Vi;
        type Spoil = fn(&mut NewFairForm);
        let cases: [(Spoil, &str); 6] = [
            (|f| f.name = " ".into(), "new_fair.err.name"),
            (|f| f.code = "ĐH".into(), "new_fair.err.code"),
            (|f| f.date = "31/02/2027".into(), "new_fair.err.date"),
            (|f| f.communes = "\n \n".into(), "new_fair.err.communes"),
            (|f| f.pin = "12".into(), "new_fair.err.pin"),
            (
                |f| f.pin_again = "97530".into(),
                "new_fair.err.pin_mismatch",
            ),
        ];
        for (spoil, key) in cases {
            let mut form = filled();
            spoil(&mut form);
            assert_eq!(form.setup(lang).unwrap_err(), tr(lang, key), "{key}");
        }
        let mut twice = filled();
        twice.communes = "Xã Bảo Cường\nXA BAO CUONG".into();
        assert!(twice.setup(lang).unwrap_err().contains("XA BAO CUONG"));
    }

    #[test]
    fn creating_writes_a_new_file_and_makes_it_current() {
        let dir = tempfile::tempdir().expect("temp");
        let folder = DataFolder::at(dir.path());
        let before = folder.current_fair().expect("current");
        let created = filled().create(Lang::Vi, &folder).expect("created");
        assert_ne!(created.path, before);
        assert_eq!(folder.current_fair().expect("current"), created.path);
        let fair = Fair::open(&created.path).expect("opens");
        use crate::api::FairApi;
        assert_eq!(
            fair.event().expect("event").name,
            "Ngày hội việc làm Định Hoá"
        );
        assert!(fair.verify_pin("97531").expect("pin"));
        // The same form again is a second file, not an overwrite.
        let again = filled().create(Lang::Vi, &folder).expect("again");
        assert_ne!(again.path, created.path);
    }

    #[test]
    fn a_refused_fair_leaves_nothing_and_keeps_the_current_one() {
        let dir = tempfile::tempdir().expect("temp");
        let folder = DataFolder::at(dir.path());
        let mut form = filled();
        form.pin_again = "1".into();
        assert!(form.create(Lang::Vi, &folder).is_err());
        assert_eq!(
            folder.current_fair().expect("current"),
            dir.path().join("fairdesk.db")
        );
        let fairs = std::fs::read_dir(dir.path())
            .map(|d| d.count())
            .unwrap_or(0);
        assert_eq!(fairs, 0, "nothing written");
    }
}
