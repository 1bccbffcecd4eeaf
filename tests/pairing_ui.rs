//! A station's first start (issue 17): with no `--hub`, `--pair` or `--db` and nothing in its
//! data folder, it shows "Kết nối với máy chủ"; the organiser scans the pairing QR code with
//! the station's USB scanner (keyboard mode: the string and Enter) and the station connects to
//! a real hub on loopback with the certificate pinned, remembers the pairing (owner-only) in
//! its data folder, and the next start (the real binary) uses it without being told.

mod hub_common;
mod screen;

use std::path::Path;
use std::process::{Command, Output};

use egui::accesskit::Role as A11y;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use fairdesk::data_folder::DataFolder;
use fairdesk::hub::auth::Role;
use fairdesk::hub::pairing::Pairing;
use fairdesk::hub::tls::Fingerprint;
use fairdesk::ui::Station;
use fairdesk::ui::pairing::{PairStatus, PairingOutcome, PairingScreen};
use hub_common::*;
use screen::*;

impl Screen for PairingScreen {
    fn frame(&mut self, ui: &mut egui::Ui) {
        self.ui(ui)
    }
    fn in_flight(&self) -> usize {
        PairingScreen::in_flight(self)
    }
}

/// What a keyboard-mode scanner does: types the QR code's text into the focused field, then
/// Enter.
fn scan(h: &mut Harness<'static, PairingScreen>, text: &str) {
    let field = h
        .query_all(egui_kittest::kittest::by().label(vi("pair.field")))
        .find(|n| n.accesskit_node().role() == A11y::PasswordInput)
        .expect("the pairing field");
    field.type_text(text);
    h.key_press(egui::Key::Enter);
    settle(h);
}

fn screen_for(folder: &DataFolder, station: Station, arg: &str) -> Harness<'static, PairingScreen> {
    let verify = fairdesk::cli::pairing_check(station, arg.into());
    let mut h = staff_harness(PairingScreen::new(folder.clone(), verify));
    settle(&mut h);
    h
}

fn failed(h: &Harness<'static, PairingScreen>) -> String {
    match &h.state().status {
        PairStatus::Failed(reason) => reason.clone(),
        other => panic!("expected a failure, got {other:?}; {:?}", all_text(h)),
    }
}

#[test]
fn a_first_start_pairs_by_scanning_the_hubs_qr_and_remembers_it() {
    let t = TestFair::new();
    let hub = t.start_tls();
    let home = tempfile::tempdir().unwrap();
    let folder = DataFolder::at(home.path().join(".local/share/fairdesk"));
    let pairing = Pairing {
        address: hub.addr().to_string(),
        fingerprint: hub.fingerprint().unwrap(),
        token: t.token(Role::Kiosk, None),
    };
    let mut h = screen_for(&folder, Station::Kiosk, "kiosk");
    assert!(shows(&h, vi("pair.title")), "{:?}", all_text(&h));

    // A half-read code: said on screen, nothing tried, the field empty for the next scan.
    scan(&mut h, "fairdesk://192.168.1.10?fp=00");
    assert!(
        matches!(&h.state().status, PairStatus::Bad(r) if r.contains("HOST:PORT")),
        "{:?} {:?}",
        h.state().status,
        h.state().text
    );
    assert!(h.state().text.is_empty());

    // Another hub's certificate (a look-alike on the hall's Wi-Fi): refused in one line.
    let impostor = Pairing {
        fingerprint: Fingerprint::of_der(b"someone else's certificate"),
        ..pairing.clone()
    };
    scan(&mut h, &impostor.to_string());
    let reason = failed(&h);
    assert!(!reason.contains('\n'), "{reason}");
    assert!(
        !reason.contains(&pairing.token),
        "the token is never shown: {reason}"
    );
    // A token for another station: the hub answers, but this kiosk cannot use it.
    let board = Pairing {
        token: t.token(Role::Board, None),
        ..pairing.clone()
    };
    scan(&mut h, &board.to_string());
    assert!(failed(&h).contains("kiosk token"), "{}", failed(&h));
    assert_eq!(folder.remembered_pairing().unwrap(), None, "nothing kept");

    // The right code: connected, remembered, and the station opens over the hub.
    scan(&mut h, &pairing.to_string());
    step_until(&mut h, "paired", |h| h.state().outcome.is_some());
    assert_eq!(
        h.state().outcome,
        Some(PairingOutcome::Paired(pairing.clone()))
    );
    assert_eq!(folder.remembered_pairing().unwrap(), Some(pairing.clone()));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(folder.pairing_file())
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "the token is the owner's only");
    }

    // The next start, the real binary with no hub options: it finds the remembered hub.
    let out = fairdesk_app(home.path(), &["app", "--station", "kiosk", "--check"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("accepts this kiosk token"), "{stdout}");
    assert!(String::from_utf8_lossy(&out.stderr).contains(&pairing.address));
}

#[test]
fn use_on_its_own_keeps_the_local_first_start_and_nothing_is_remembered() {
    let home = tempfile::tempdir().unwrap();
    let folder = DataFolder::at(home.path().join("fairdesk"));
    let mut h = screen_for(&folder, Station::Helpdesk, "helpdesk");
    press(&mut h, vi("pair.local"));
    assert_eq!(h.state().outcome, Some(PairingOutcome::Local));
    assert_eq!(folder.remembered_pairing().unwrap(), None);
    // Without a pairing or a fair, `--check` has nothing to check and says how to give one.
    let out = fairdesk_app(home.path(), &["app", "--station", "kiosk", "--check"]);
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("--pair"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The real binary with `home` as its home folder and no display.
fn fairdesk_app(home: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_fairdesk"))
        .current_dir(home)
        .args(args)
        .env("HOME", home)
        .env_remove("XDG_DATA_HOME")
        .env_remove("FAIRDESK_DB")
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .output()
        .expect("runs")
}

#[test]
fn a_remembered_pairing_that_no_longer_reads_is_asked_for_again_and_replaced() {
    let home = tempfile::tempdir().unwrap();
    let folder = DataFolder::at(home.path().join("fairdesk"));
    std::fs::create_dir_all(folder.path()).unwrap();
    // Half a file (a disk that filled up, a hand edit): as good as none, never a panic.
    std::fs::write(folder.pairing_file(), "fairdesk://10.0.0.1:7878?fp=ab").unwrap();
    assert_eq!(folder.remembered_pairing().unwrap(), None);
    let pairing = Pairing {
        address: "10.0.0.1:7878".into(),
        fingerprint: Fingerprint::of_der(b"hub"),
        token: "abc123".into(),
    };
    folder.remember_pairing(&pairing).unwrap();
    assert_eq!(folder.remembered_pairing().unwrap(), Some(pairing.clone()));
    // A temp file left by a crash does not stop the next pairing.
    std::fs::write(folder.path().join("hub-pairing.new"), "junk").unwrap();
    let again = Pairing {
        token: "def456".into(),
        ..pairing
    };
    folder.remember_pairing(&again).unwrap();
    assert_eq!(folder.remembered_pairing().unwrap(), Some(again));
    assert!(!folder.path().join("hub-pairing.new").exists());
}
