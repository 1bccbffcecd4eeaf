//! The app's screens against a real hub: the kiosk, a booth console and the board, driven with
//! egui_kittest over `HubClient` (each with its own station token) against `RunningHub` on a
//! loopback port; and `fairdesk app --hub` through the real binary, which must refuse a hub
//! that does not answer or a token that does not fit in one line, before any window opens.

mod hub_common;
mod screen;

use std::path::Path;
use std::process::{Command, Output};
use std::sync::Arc;
use std::time::Duration;

use egui::accesskit::Role as AkRole;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use fairdesk::api::FairApi;
use fairdesk::hub::auth::Role;
use fairdesk::hub::{HubClient, OfflineKiosk, RunningHub};
use fairdesk::ui::board::BoardScreen;
use fairdesk::ui::booth::BoothConsole;
use fairdesk::ui::chime::Chime;
use fairdesk::ui::i18n::{Lang, trf};
use fairdesk::ui::kiosk::{Kiosk, Phase};
use hub_common::*;
use screen::*;

/// A screen on a 1280×800 laptop with the app's context `setup`, after one frame.
fn laptop<S: Screen + 'static>(screen: S, setup: fn(&egui::Context)) -> Harness<'static, S> {
    harness_with(screen, (1280.0, 800.0), setup)
}

/// A scanner "types" the text and Enter into the kiosk's focused scan field.
fn scan(harness: &mut Harness<'static, Kiosk>, text: &str) {
    harness
        .get_by_role_and_label(AkRole::TextInput, vi("type_prompt"))
        .type_text(text);
    harness.key_press(egui::Key::Enter);
    settle(harness);
}

fn remote(hub_url: &str, token: &str) -> Arc<dyn FairApi> {
    Arc::new(HubClient::new(hub_url, token))
}

/// A station pinned to the hub's certificate, as a paired one is.
fn paired(hub_url: &str, token: &str, pin: fairdesk::hub::tls::Fingerprint) -> Arc<dyn FairApi> {
    Arc::new(HubClient::pinned(hub_url, token, pin).unwrap())
}

#[test]
fn kiosk_booth_and_board_share_a_fair_through_the_hub_and_the_kiosk_survives_an_outage() {
    let fair = TestFair::new();
    let hub = fair.start_tls();
    let pin = hub.fingerprint().unwrap();
    let addr = hub.addr();
    let url = hub.url();
    let event = fair.fair().event().unwrap();

    // Three stations, each with its own token, as three laptops would have.
    let kiosk_api = paired(&url, &fair.token(Role::Kiosk, None), pin);
    let outbox = Arc::new(
        OfflineKiosk::open(
            Arc::clone(&kiosk_api),
            &fair.dir.path().join("kiosk-outbox.db"),
        )
        .unwrap(),
    );
    let replayer = outbox.start_replayer(Duration::from_millis(200));
    let mut kiosk_screen = Kiosk::new(kiosk_api, "kiosk-1");
    kiosk_screen.use_outbox(Arc::clone(&outbox));
    let mut kiosk = laptop(kiosk_screen, fairdesk::ui::setup_context);
    let mut booth = laptop(
        BoothConsole::new(
            paired(&url, &fair.token(Role::Booth, Some("A")), pin),
            "A",
            None,
        ),
        fairdesk::ui::setup_staff_context,
    );
    let mut board = laptop(
        BoardScreen::new(
            paired(&url, &fair.token(Role::Board, None), pin),
            Chime::silent(),
        ),
        fairdesk::ui::setup_staff_context,
    );
    step_until(&mut kiosk, "the kiosk's welcome", |h| {
        h.state().state.phase == Phase::Welcome
    });
    step_until(&mut board, "the first board", |h| {
        h.state().state.board.is_some()
    });
    assert!(!shows(&kiosk, vi("hub.offline")));

    // A pre-registered attendee scans their slip at the kiosk and takes a ticket at booth A.
    let first = fair.attendee(1);
    let slip = fairdesk::domain::regcode::qr_payload(&event.code, &first.code);
    scan(&mut kiosk, &slip);
    step_until(&mut kiosk, "the booth choice", |h| {
        matches!(
            &h.state().state.phase,
            Phase::Choose {
                suggestions: Some(_),
                ..
            }
        )
    });
    assert!(shows(&kiosk, &first.full_name), "the kiosk greets them");
    let booth_a = match &kiosk.state().state.phase {
        Phase::Choose {
            suggestions: Some(s),
            ..
        } => s
            .employers
            .iter()
            .find(|b| b.code == "A")
            .unwrap()
            .name
            .clone(),
        other => panic!("{other:?}"),
    };
    press(&mut kiosk, &booth_a);
    press(&mut kiosk, &trf(Lang::Vi, "get_tickets", &[("n", "1")]));
    let ticket = match &kiosk.state().state.phase {
        Phase::Tickets { tickets, .. } => tickets[0].ticket.clone(),
        other => panic!("no ticket: {other:?}"),
    };
    assert!(ticket.starts_with('A'), "{ticket}");
    assert!(shows(&kiosk, &ticket));

    // The board hears of it: booth A has one waiting.
    step_until(&mut board, "booth A's waiting count on the board", |h| {
        h.state()
            .state
            .board
            .as_ref()
            .and_then(|b| b.queues.iter().find(|q| q.booth == "A"))
            .is_some_and(|q| q.waiting == 1)
    });

    // The booth console calls them; the board shows the ticket called to the desk.
    step_until(&mut booth, "booth A's queue on the console", |h| {
        h.state()
            .state
            .view
            .as_ref()
            .is_some_and(|v| v.booth.waiting == 1)
    });
    press(&mut booth, vi("call_next"));
    step_until(&mut booth, "the called candidate", |h| {
        h.state()
            .state
            .view
            .as_ref()
            .and_then(|v| v.current.as_ref())
            .is_some_and(|t| t.ticket == ticket)
    });
    assert!(shows(&booth, &first.full_name), "staff see who they called");
    step_until(&mut board, "the call on the board", |h| {
        h.state()
            .state
            .board
            .as_ref()
            .and_then(|b| b.calls.first())
            .is_some_and(|c| c.ticket == ticket)
    });
    assert!(shows(&board, &ticket));
    assert!(
        !shows(&board, &first.full_name),
        "no personal data on the board"
    );
    assert_eq!(people(&fair.fair()), 1);

    // The hub goes away.
    hub.stop();
    step_until(&mut booth, "\"reconnecting\" on the booth console", |h| {
        shows(h, vi("hub.reconnecting"))
    });
    assert!(
        booth
            .state()
            .state
            .view
            .as_ref()
            .and_then(|v| v.current.as_ref())
            .is_some_and(|t| t.ticket == ticket),
        "the console keeps its last view"
    );
    step_until(&mut board, "\"reconnecting\" on the board", |h| {
        shows(h, vi("hub.reconnecting"))
    });
    assert!(shows(&board, &ticket), "the board keeps its last calls");

    // The kiosk notices before anyone scans (its replayer probes the hub), and keeps taking
    // scans: saved, with a calm banner that counts what waits.
    step_until(&mut kiosk, "the offline banner", |h| {
        shows(h, vi("hub.offline"))
    });
    press(&mut kiosk, vi("finish"));
    assert_eq!(
        kiosk.state().state.phase,
        Phase::Welcome,
        "{:?}",
        all_text(&kiosk)
    );
    let second = fair.attendee(2);
    scan(&mut kiosk, second.id_number.as_deref().unwrap());
    assert_eq!(
        kiosk.state().state.phase,
        Phase::Message {
            key: "hub.saved".into()
        }
    );
    assert!(shows(&kiosk, vi("hub.saved")));
    assert!(shows(&kiosk, vi("hub.offline")));
    assert!(shows(&kiosk, &trf(Lang::Vi, "hub.waiting", &[("n", "1")])));
    assert!(
        !shows(&kiosk, &second.full_name),
        "an unconfirmed scan shows no name"
    );
    assert_eq!(outbox.pending().unwrap(), 1);

    // The hub returns on the same port and database: the outbox is replayed, once.
    let hub = RunningHub::start_tls(&fair.db, &addr.to_string()).unwrap();
    step_until(&mut kiosk, "the banner to go", |h| {
        h.state().state.hub.is_some_and(|link| link.is_clear()) && !shows(h, vi("hub.offline"))
    });
    assert_eq!(outbox.pending().unwrap(), 0);
    assert_eq!(
        outbox.replay().unwrap().delivered,
        0,
        "nothing left to send"
    );
    let engine = fair.fair();
    assert_eq!(
        checkins_of(&engine, &second.code),
        1,
        "delivered exactly once"
    );
    assert_eq!(people(&engine), 2, "the report counts both people once");
    step_until(&mut booth, "the console to reconnect", |h| {
        !shows(h, vi("hub.reconnecting"))
    });
    step_until(&mut board, "the board to reconnect", |h| {
        !shows(h, vi("hub.reconnecting"))
    });

    // Back online, a scan goes straight through again.
    if matches!(kiosk.state().state.phase, Phase::Message { .. }) {
        press(&mut kiosk, vi("back"));
    }
    let third = fair.attendee(3);
    scan(&mut kiosk, third.id_number.as_deref().unwrap());
    step_until(&mut kiosk, "the third attendee's greeting", |h| {
        matches!(h.state().state.phase, Phase::Choose { .. })
    });
    assert_eq!(people(&fair.fair()), 3);
    drop(replayer);
    hub.stop();
}

#[test]
fn a_kiosk_started_while_the_hub_is_away_loads_the_event_when_it_returns() {
    let fair = TestFair::new();
    let hub = fair.start();
    let addr = hub.addr();
    let token = fair.token(Role::Kiosk, None);
    hub.stop();
    let api = remote(&format!("http://{addr}"), &token);
    let outbox =
        Arc::new(OfflineKiosk::open(Arc::clone(&api), &fair.dir.path().join("o.db")).unwrap());
    let _replayer = outbox.start_replayer(Duration::from_millis(100));
    let mut screen = Kiosk::new(api, "kiosk-1");
    screen.use_outbox(outbox);
    let mut kiosk = laptop(screen, fairdesk::ui::setup_context);
    // (Not `settle`: the loading spinner never lets the UI be still.)
    step_until(&mut kiosk, "the first reply", |h| {
        h.state().in_flight() == 0
    });
    assert_eq!(kiosk.state().state.phase, Phase::Loading);
    step_until(&mut kiosk, "the banner", |h| shows(h, vi("hub.offline")));
    let hub = RunningHub::start(&fair.db, &addr.to_string()).unwrap();
    step_until(&mut kiosk, "the welcome screen", |h| {
        h.state().state.phase == Phase::Welcome && !shows(h, vi("hub.offline"))
    });
    hub.stop();
}

// ---- `fairdesk app --hub` through the real binary -------------------------------------------

/// Runs `fairdesk app --hub URL --token T --fingerprint FP ARGS…` with no display, in `dir`
/// (`url` is `https://ADDR FP`: the address and the certificate fingerprint).
fn app(dir: &Path, url: &str, token: &str, args: &[&str]) -> Output {
    let (url, fingerprint) = url.split_once(' ').unwrap();
    Command::new(env!("CARGO_BIN_EXE_fairdesk"))
        .current_dir(dir)
        .args([
            "app",
            "--hub",
            url,
            "--token",
            token,
            "--fingerprint",
            fingerprint,
        ])
        .args(args)
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .env_remove("RUST_LOG")
        .output()
        .unwrap()
}

/// Exit code 1 and exactly one line on stderr containing `expected`, without a panic or the
/// token.
fn refused(output: &Output, token: &str, expected: &str) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert_eq!(stderr.trim_end().lines().count(), 1, "one line: {stderr}");
    assert!(stderr.contains(expected), "{stderr}");
    assert!(!stderr.contains("panick") && !stderr.contains("internal error"));
    assert!(
        token.len() < 8 || !stderr.contains(token),
        "the token leaked"
    );
    assert!(output.stdout.is_empty());
}

#[test]
fn the_app_refuses_a_silent_hub_or_an_ill_fitting_token_in_one_line() {
    let fair = TestFair::new();
    let hub = fair.start_tls();
    let url = format!("{} {}", hub.url(), hub.fingerprint().unwrap());
    let dir = fair.dir.path();
    let kiosk = fair.token(Role::Kiosk, None);
    let board = fair.token(Role::Board, None);
    let booth_b = fair.token(Role::Booth, Some("B"));
    let organiser = fair.token(Role::Organiser, None);
    let revoked = {
        let store = fairdesk::store::TokenStore::open(&fair.db).unwrap();
        let issued =
            fairdesk::hub::auth::issue(&store, Role::Kiosk, None, chrono::Utc::now()).unwrap();
        store.revoke(issued.id, chrono::Utc::now()).unwrap();
        issued.token
    };

    // Tokens that fit: checked, and no window with --check.
    let ok = app(dir, &url, &kiosk, &["--station", "kiosk", "--check"]);
    assert_eq!(ok.status.code(), Some(0), "{ok:?}");
    assert!(String::from_utf8_lossy(&ok.stdout).starts_with("ok: "));
    for (token, station) in [
        (&organiser, "dashboard"),
        (&organiser, "setup"),
        (&organiser, "booth:A"),
        (&board, "board"),
    ] {
        let ok = app(dir, &url, token, &["--station", station, "--check"]);
        assert_eq!(ok.status.code(), Some(0), "{station}: {ok:?}");
    }
    let booth_a = fair.token(Role::Booth, Some("A"));
    let ok = app(
        dir,
        &url,
        &booth_a,
        &["--station", "booth:a", "--desk", "A2", "--check"],
    );
    assert_eq!(ok.status.code(), Some(0), "{ok:?}");

    refused(
        &app(dir, &url, "not-a-token", &["--station", "kiosk"]),
        "not-a-token",
        "refused the token",
    );
    refused(
        &app(dir, &url, &revoked, &["--station", "kiosk"]),
        &revoked,
        "revoked",
    );
    refused(
        &app(dir, &url, &board, &["--station", "kiosk"]),
        &board,
        "this is a board token, but --station kiosk needs a kiosk token",
    );
    refused(
        &app(dir, &url, &booth_b, &["--station", "booth:A"]),
        &booth_b,
        "a booth token for booth B, but --station booth:A needs a booth token for booth A",
    );
    refused(
        &app(dir, &url, &kiosk, &["--station", "dashboard"]),
        &kiosk,
        "needs an organiser token",
    );
    refused(
        &app(dir, &url, &kiosk, &["--station", "setup"]),
        &kiosk,
        "this is a kiosk token, but --station setup needs an organiser token",
    );

    // A hub that does not answer: nothing listens on the port any more.
    hub.stop();
    let silent = app(dir, &url, &kiosk, &["--station", "kiosk"]);
    refused(&silent, &kiosk, "cannot reach the hub");
    assert!(
        !dir.join(fairdesk::cli::DEFAULT_OUTBOX).exists(),
        "no outbox is made for a station that never started"
    );
}

#[test]
fn the_organiser_sets_up_the_fair_through_the_hub() {
    use fairdesk::api::FairError;
    use fairdesk::demo::DEMO_PIN;
    use fairdesk::domain::BoothKind;
    use fairdesk::fair::{Refusal, SetupApi, SetupChange, SetupError};
    use fairdesk::ui::setup::SetupScreen;

    let fair = TestFair::new();
    let hub = fair.start();
    let organiser = client(&hub, &fair.token(Role::Organiser, None));

    // The contract, for scripts too: a change says what it made; a refusal comes back as the
    // engine's own, so the screen can say it in the organiser's language.
    let done = organiser
        .apply_setup(SetupChange::AddDesk { booth: "A".into() })
        .unwrap();
    let desk = done.desk.expect("the new desk's code");
    assert!(fair.fair().desk_view(&desk).is_ok(), "{desk} is on the hub");
    let taken = organiser.apply_setup(SetupChange::CreateBooth {
        code: "A".into(),
        name: "Công ty khác".into(),
        location: String::new(),
        kind: BoothKind::Employer,
        desks: 1,
    });
    assert_eq!(
        taken,
        Err(SetupError::Refused(Refusal::BoothExists {
            code: "A".into()
        }))
    );
    let kiosk = client(&hub, &fair.token(Role::Kiosk, None));
    assert!(matches!(
        kiosk.apply_setup(SetupChange::AddDesk { booth: "A".into() }),
        Err(SetupError::Fair(FairError::Forbidden { .. }))
    ));
    assert!(matches!(
        kiosk.setup_view(),
        Err(FairError::Forbidden { .. })
    ));

    // The Setup screen at a station with an organiser token.
    let mut setup = harness_with(
        SetupScreen::over(Arc::new(organiser)),
        (1280.0, 2600.0),
        fairdesk::ui::setup_staff_context,
    );
    settle(&mut setup);
    unlock(&mut setup, DEMO_PIN);
    step_until(&mut setup, "the booth list", |h| {
        shows(h, &desk) && shows(h, &trf(Lang::Vi, "setup.edit_booth", &[("code", "A")]))
    });
    press_exact(&mut setup, vi("setup.event"));
    fill(
        &mut setup,
        vi("setup.event_name"),
        "Phiên giao dịch tháng 12",
    );
    press_exact(&mut setup, vi("setup.save_event"));
    step_until(&mut setup, "the change to reach the hub", |_| {
        fair.fair().event().unwrap().name == "Phiên giao dịch tháng 12"
    });
    // Lists are files on the hub laptop: the screen says where to import them.
    press_exact(&mut setup, vi("setup.tab_lists"));
    fill(&mut setup, vi("setup.file"), "danh_sach.xlsx");
    press_exact(&mut setup, vi("setup.import"));
    assert!(shows(&setup, vi("setup.import_on_hub_laptop")));
    hub.stop();
}
