//! Screens over a hub as a new user meets them (issue 12 leftovers in the UI): a PIN lockout
//! is said as such, translated, with the wait — never as "wrong PIN" or in English.

mod hub_common;
mod screen;

use std::sync::Arc;

use egui::accesskit::Role as AkRole;
use egui_kittest::kittest::Queryable;
use fairdesk::api::{FairApi, FairError};
use fairdesk::hub::HubClient;
use fairdesk::hub::auth::Role;
use fairdesk::ui::dashboard::DashboardScreen;
use fairdesk::ui::kiosk::{Kiosk, Overlay};
use hub_common::*;
use screen::*;

/// Five wrong PINs from this address and `token`: both are locked now.
fn lock_out(client: &HubClient) {
    for guess in ["0000", "0001", "0002", "0003", "0004"] {
        assert!(!client.verify_pin(guess).unwrap());
    }
    assert!(matches!(
        client.verify_pin(fairdesk::demo::DEMO_PIN),
        Err(FairError::TooManyAttempts { .. })
    ));
}

/// The lockout line, whatever the number of seconds left.
fn shows_lockout<S>(h: &egui_kittest::Harness<'static, S>) -> bool {
    let (before, _) = vi("walk.pin_locked").split_once("{n}").unwrap();
    all_text(h)
        .iter()
        .any(|t| t.contains(before) && t.contains("giây"))
}

#[test]
fn a_locked_out_kiosk_says_so_in_vietnamese_not_wrong_pin() {
    let fair = TestFair::new();
    let hub = fair.start();
    let token = fair.token(Role::Kiosk, None);
    lock_out(&HubClient::new(&hub.url(), &token));
    let api: Arc<dyn FairApi> = Arc::new(HubClient::new(&hub.url(), &token));
    let mut kiosk = harness_with(
        Kiosk::new(api, "kiosk-1"),
        (1280.0, 800.0),
        fairdesk::ui::setup_context,
    );
    settle(&mut kiosk);
    press(&mut kiosk, vi("organiser"));
    for digit in fairdesk::demo::DEMO_PIN.chars() {
        kiosk
            .get_by_role_and_label(AkRole::Button, &digit.to_string())
            .click();
        kiosk.run();
    }
    kiosk.get_by_role_and_label(AkRole::Button, "OK").click();
    settle(&mut kiosk);
    assert!(matches!(
        kiosk.state().state.overlay,
        Some(Overlay::Pin { wrong: false, .. })
    ));
    assert!(kiosk.state().state.pin_wait_s.is_some());
    assert!(shows_lockout(&kiosk), "{:?}", all_text(&kiosk));
    assert!(!shows(&kiosk, vi("pin_wrong")));
    hub.stop();
}

#[test]
fn a_locked_out_dashboard_says_so_in_the_screen_language() {
    let fair = TestFair::new();
    let hub = fair.start();
    let token = fair.token(Role::Organiser, None);
    lock_out(&HubClient::new(&hub.url(), &token));
    let api: Arc<dyn FairApi> = Arc::new(HubClient::new(&hub.url(), &token));
    let mut dash = staff_harness(DashboardScreen::new(api, fair.dir.path().to_path_buf()));
    unlock(&mut dash, fairdesk::demo::DEMO_PIN);
    assert!(shows_lockout(&dash), "{:?}", all_text(&dash));
    assert!(
        !all_text(&dash).iter().any(|t| t.contains("try again")),
        "no English left: {:?}",
        all_text(&dash)
    );
    hub.stop();
}

#[test]
fn a_locked_out_setup_screen_says_so_in_vietnamese() {
    let fair = TestFair::new();
    let hub = fair.start();
    let token = fair.token(Role::Organiser, None);
    lock_out(&HubClient::new(&hub.url(), &token));
    let api = Arc::new(HubClient::new(&hub.url(), &token));
    let mut setup = staff_harness(fairdesk::ui::setup::SetupScreen::over(api));
    unlock(&mut setup, fairdesk::demo::DEMO_PIN);
    assert!(shows_lockout(&setup), "{:?}", all_text(&setup));
    assert!(!all_text(&setup).iter().any(|t| t.contains("try again")));
    hub.stop();
}
