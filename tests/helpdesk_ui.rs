//! The help desk as staff use it (issue 14): egui_kittest drives the real `HelpdeskStation`
//! over a real temporary database holding the demo fair; a second engine checks what it did.

mod common;
mod screen;

use std::sync::Arc;

use common::TestFair;
use fairdesk::api::*;
use fairdesk::domain::Method;
use fairdesk::fair::Fair;
use fairdesk::ui::helpdesk::{HelpdeskStation, Page};
use screen::*;

impl Screen for HelpdeskStation {
    fn frame(&mut self, ui: &mut egui::Ui) {
        self.ui(ui)
    }
    fn in_flight(&self) -> usize {
        HelpdeskStation::in_flight(self)
    }
}

fn station(t: &TestFair) -> egui_kittest::Harness<'static, HelpdeskStation> {
    let api: Arc<dyn FairApi> =
        Arc::new(Fair::open_with_clock(&t.path(), t.clock.clone()).expect("open"));
    let mut harness = staff_harness_sized(HelpdeskStation::new(api), 1700.0);
    settle(&mut harness);
    harness
}

fn search(h: &mut egui_kittest::Harness<'static, HelpdeskStation>, text: &str) {
    fill(h, vi("hd.search"), text);
    settle(h);
}

fn open(h: &mut egui_kittest::Harness<'static, HelpdeskStation>, name: &str) {
    press(h, &vif("hd.open", &[("name", name)]));
    assert_eq!(h.state().state.page, Page::Person, "{:?}", all_text(h));
}

/// Fills the registration form the way staff do (the commune from the list).
/// The code of the person whose page is open.
fn open_code(h: &egui_kittest::Harness<'static, HelpdeskStation>) -> String {
    h.state()
        .state
        .person
        .as_ref()
        .unwrap()
        .profile
        .code
        .clone()
}

fn fill_form(h: &mut egui_kittest::Harness<'static, HelpdeskStation>, name: &str, birth: &str) {
    fill(h, vi("hd.f.name"), name);
    fill(h, vi("hd.f.birth"), birth);
    press_exact(h, "Xã Yên Ninh");
}

#[test]
fn an_unaccented_or_damaged_name_finds_the_person_and_staff_check_them_in() {
    let t = TestFair::new();
    // One person whose card a keyboard-mode scanner damaged; one registered earlier.
    let damaged = "019095001234||Nguyn Vn n|15031995|Nam|Xã Yên Ninh, Huyện Phú Lương, Tỉnh Thái Nguyên|20042021";
    let code = t
        .fair
        .checkin(CheckinRequest {
            direction: fairdesk::domain::Direction::Out,
            ..CheckinRequest::entry(damaged, "kiosk-1")
        })
        .unwrap()
        .attendee
        .unwrap()
        .code;
    let mut h = station(&t);
    search(&mut h, "nguyen van an");
    assert!(shows(&h, "Nguyn Vn n"), "{:?}", all_text(&h));
    assert!(shows(&h, "019******234"));
    open(&mut h, "Nguyn Vn n");
    press(&mut h, vi("hd.check_in"));
    assert!(shows(&h, vi("hd.checked_in")), "{:?}", all_text(&h));
    let person = t.fair.helpdesk_person(&code).unwrap();
    assert!(person.on_site && person.checked_in_today.is_some());
    // Staff fix the damaged name on the same page.
    fill(&mut h, vi("hd.f.name"), "Nguyễn Văn Ân");
    press(&mut h, vi("hd.save"));
    assert!(shows(&h, vi("hd.saved")));
    assert_eq!(t.fair.attendee(&code).unwrap().name, "Nguyễn Văn Ân");
    t.report_rebuilt_from_log();
}

#[test]
fn a_person_with_no_card_is_registered_checked_in_and_a_second_time_is_a_duplicate() {
    let t = TestFair::new();
    let people = t.report_rebuilt_from_log().people;
    let mut h = station(&t);
    press(&mut h, vi("hd.new_registration"));
    fill_form(&mut h, "Hoàng Thị Ư", "02/08/1968");
    press(&mut h, vi("hd.register"));
    assert!(shows(&h, vi("hd.registered")), "{:?}", all_text(&h));
    assert_eq!(h.state().state.page, Page::Person);
    let code = open_code(&h);
    let report = t.report_rebuilt_from_log();
    assert_eq!(report.people, people + 1);
    let hits = t.fair.search_attendees("hoang thi u", 5).unwrap().results;
    assert_eq!(hits[0].code, code);
    assert!(hits[0].checked_in.is_some());

    // The same person again: the desk shows who is on file before creating anyone.
    press(&mut h, vi("hd.back"));
    press(&mut h, vi("hd.new_registration"));
    fill_form(&mut h, "hoang thi u", "1968");
    press(&mut h, vi("hd.register"));
    assert!(shows(&h, vi("hd.duplicates")), "{:?}", all_text(&h));
    assert_eq!(
        t.report_rebuilt_from_log().people,
        people + 1,
        "nothing written"
    );
    press(&mut h, &vif("hd.this_is_them", &[("name", "Hoàng Thị Ư")]));
    assert_eq!(
        h.state().state.person.as_ref().unwrap().profile.code,
        code,
        "staff picked the one on file"
    );
}

#[test]
fn bad_input_is_said_next_to_the_field_and_nothing_is_written() {
    let t = TestFair::new();
    let log = t.fair.log().unwrap().len();
    let mut h = station(&t);
    press(&mut h, vi("hd.new_registration"));
    fill_form(&mut h, "Lường Văn Ý", "31/02/2005");
    fill(&mut h, vi("hd.f.phone"), "0212345678");
    press(&mut h, vi("hd.register"));
    assert!(shows(&h, vi("hd.err.impossible")), "{:?}", all_text(&h));
    assert!(shows(&h, vi("hd.err.not_vietnamese")));
    assert_eq!(t.fair.log().unwrap().len(), log);
    // Fixed, it goes through with what was typed kept.
    fill(&mut h, vi("hd.f.birth"), "30/11/2005");
    fill(&mut h, vi("hd.f.phone"), "0987 654 321");
    press(&mut h, vi("hd.register"));
    assert!(shows(&h, vi("hd.registered")), "{:?}", all_text(&h));
    let code = open_code(&h);
    let out = t.fair.helpdesk_person(&code).unwrap();
    assert_eq!(out.profile.name, "Lường Văn Ý");
    assert_eq!(out.masked_phone.as_deref(), Some("098****321"));
}

#[test]
fn a_correction_of_the_commune_changes_the_report_count() {
    let t = TestFair::new();
    let code = t.checked_in(3);
    let name = t.fair.attendee(&code).unwrap().name;
    let count = |label: &str| {
        t.report_rebuilt_from_log()
            .by_commune
            .iter()
            .find(|c| c.label == label)
            .map_or(0, |c| c.people)
    };
    let before = t.fair.attendee(&code).unwrap().commune.unwrap();
    let target = if before == "Xã Phú Đô" {
        "Thị trấn Đu"
    } else {
        "Xã Phú Đô"
    };
    let (from, to) = (count(&before), count(target));
    let mut h = station(&t);
    search(&mut h, &code);
    open(&mut h, &name);
    press_exact(&mut h, target);
    press(&mut h, vi("hd.save"));
    assert!(shows(&h, vi("hd.saved")), "{:?}", all_text(&h));
    assert_eq!(count(&before), from - 1);
    assert_eq!(count(target), to + 1);
}

#[test]
fn tickets_from_the_help_desk_keep_the_kiosk_limits_and_can_be_cancelled() {
    let t = TestFair::new();
    let code = t.checked_in(5);
    let name = t.fair.attendee(&code).unwrap().name;
    let max = t.fair.event().unwrap().max_open_tickets as usize;
    let employers = t.fair.suggestions(&code).unwrap().employers;
    let mut h = station(&t);
    search(&mut h, &code);
    open(&mut h, &name);
    for booth in employers.iter().take(max + 1) {
        let label = vif(
            "hd.ticket_at",
            &[
                ("booth", booth.name.as_str()),
                ("waiting", &booth.waiting.to_string()),
            ],
        );
        press(&mut h, &label);
    }
    assert!(
        shows(
            &h,
            &vif("hd.err.too_many_tickets", &[("max", &max.to_string())])
        ),
        "{:?}",
        all_text(&h)
    );
    let open_now = t.fair.attendee(&code).unwrap().open_tickets;
    assert_eq!(open_now.len(), max);
    let first = open_now[0].ticket.clone();
    press(&mut h, &vif("hd.cancel", &[("ticket", first.as_str())]));
    assert_eq!(t.fair.attendee(&code).unwrap().open_tickets.len(), max - 1);
    let issued = t.fair.log().unwrap();
    assert!(issued.iter().any(|r| r.kind == "cancelled"));
    let _ = Method::Helpdesk;
}

#[test]
fn staff_reprint_a_persons_slip_with_their_tickets_and_qr() {
    let t = TestFair::new();
    let code = t.checked_in(6);
    let name = t.fair.attendee(&code).unwrap().name;
    let booth = t.fair.suggestions(&code).unwrap().employers[0].code.clone();
    t.fair.issue_ticket(&code, &booth, None).unwrap();
    let out = tempfile::tempdir().unwrap();
    let mut h = station(&t);
    h.state_mut()
        .use_printer(fairdesk::print::open(&fairdesk::print::PrinterConfig {
            spec: fairdesk::print::PrinterSpec::Preview(out.path().to_path_buf()),
            options: fairdesk::print::PrintOptions::default(),
        }));
    search(&mut h, &name);
    open(&mut h, &name);
    press(&mut h, vi("hd.reprint"));
    // A `preview:` printer is a folder: the desk says which file the slip went to.
    step_until(&mut h, "the slip", |h| {
        all_text(h).iter().any(|t| t.contains(".png"))
    });
    let slips: Vec<_> = std::fs::read_dir(out.path()).unwrap().collect();
    assert_eq!(slips.len(), 1);
    // The slip's QR is the person's registration code, to re-scan at a kiosk.
    let path = slips[0].as_ref().unwrap().path();
    let img = image::open(&path).unwrap().to_luma8();
    let (w, h) = (img.width() as usize, img.height() as usize);
    let mut prepared = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| {
        img.get_pixel(x as u32, y as u32).0[0]
    });
    let grids = prepared.detect_grids();
    let (_, text) = grids[0].decode().unwrap();
    assert!(text.ends_with(&code), "{text}");
}

/// The consent column and basis the engine keeps beside a sensitive answer.
fn consent(t: &TestFair, code: &str) -> Option<String> {
    t.fair.with_store(|s| {
        s.connection()
            .query_row(
                "SELECT sensitive_consent_basis FROM attendee WHERE code = ?1
                   AND sensitive_consent_at IS NOT NULL",
                [code],
                |r| r.get(0),
            )
            .ok()
    })
}

fn outside_count(t: &TestFair) -> u32 {
    t.report_rebuilt_from_log()
        .by_commune
        .iter()
        .find(|c| c.key == "outside")
        .map_or(0, |c| c.people)
}

#[test]
fn a_correction_sets_education_interests_and_ethnicity_with_its_consent_and_checks_gender() {
    let t = TestFair::new();
    let code = t.checked_in(4);
    let before = t.fair.attendee(&code).unwrap();
    let mut h = station(&t);
    search(&mut h, &code);
    open(&mut h, &before.name);
    // The purpose line stands over the sensitive answers.
    assert!(shows(&h, vi("privacy.purpose")), "{:?}", all_text(&h));
    let (wrong, right) = match before.gender {
        Some(fairdesk::domain::Gender::Male) => ("hd.female", "hd.male"),
        _ => ("hd.male", "hd.female"),
    };
    press_exact(&mut h, vi(wrong));
    fill(&mut h, vi("hd.f.education"), "Tốt nghiệp THPT");
    fill(&mut h, vi("hd.f.interests"), "May mặc, điện tử ; lái xe");
    let ethnic = if before.ethnic_minority == fairdesk::domain::YesNo::Yes {
        "hd.no"
    } else {
        "hd.yes"
    };
    press_exact(&mut h, vi(ethnic));
    press(&mut h, vi("hd.save"));
    // A gender against the card's number is a slip of the mouse: said, and nothing written.
    assert!(
        shows(&h, vi("hd.err.id_gender_mismatch")),
        "{:?}",
        all_text(&h)
    );
    assert_eq!(t.fair.attendee(&code).unwrap(), before);
    assert_eq!(consent(&t, &code), None);
    press_exact(&mut h, vi(right));
    press(&mut h, vi("hd.save"));
    assert!(shows(&h, vi("hd.saved")), "{:?}", all_text(&h));
    let after = t.fair.attendee(&code).unwrap();
    assert_eq!(after.gender, before.gender);
    assert_eq!(after.education.as_deref(), Some("Tốt nghiệp THPT"));
    assert_eq!(after.interests, vec!["May mặc", "điện tử", "lái xe"]);
    assert_ne!(after.ethnic_minority, before.ethnic_minority);
    assert_eq!(consent(&t, &code).as_deref(), Some("answer"));
    // The form shows what is now on file, so saving again changes nothing.
    press(&mut h, vi("hd.save"));
    assert_eq!(t.fair.attendee(&code).unwrap(), after);
    t.report_rebuilt_from_log();
}

#[test]
fn a_commune_outside_the_list_is_typed_and_counted_as_outside_the_list() {
    let t = TestFair::new();
    let outside = outside_count(&t);
    // Registering: "Ngoài danh sách" opens the free-text field.
    let mut h = station(&t);
    press(&mut h, vi("hd.new_registration"));
    fill(&mut h, vi("hd.f.name"), "Vàng A Dình");
    fill(&mut h, vi("hd.f.birth"), "1990");
    assert!(
        !shows(&h, vi("hd.f.commune_other")),
        "the free-text field waits for the choice"
    );
    press_exact(&mut h, vi("hd.outside_list"));
    // Chosen but left empty: refused next to the field, nothing written.
    press(&mut h, vi("hd.register"));
    assert!(shows(&h, vi("hd.err.required")), "{:?}", all_text(&h));
    assert_eq!(outside_count(&t), outside);
    fill(&mut h, vi("hd.f.commune_other"), "Xã Nà Hẩu");
    press(&mut h, vi("hd.register"));
    assert!(shows(&h, vi("hd.registered")), "{:?}", all_text(&h));
    let code = open_code(&h);
    let person = t.fair.helpdesk_person(&code).unwrap();
    assert_eq!(person.commune_id, None);
    assert_eq!(person.commune_outside.as_deref(), Some("Xã Nà Hẩu"));
    assert_eq!(outside_count(&t), outside + 1);
    // Its page starts on "outside the list" with the name; a listed commune moves it back.
    assert_eq!(
        h.state().state.correction.commune,
        fairdesk::ui::helpdesk::CommuneChoice::Outside
    );
    assert_eq!(h.state().state.correction.commune_other, "Xã Nà Hẩu");
    press_exact(&mut h, "Xã Yên Ninh");
    press(&mut h, vi("hd.save"));
    assert!(shows(&h, vi("hd.saved")), "{:?}", all_text(&h));
    let person = t.fair.helpdesk_person(&code).unwrap();
    assert!(person.commune_id.is_some());
    assert_eq!(person.commune_outside, None);
    assert_eq!(outside_count(&t), outside);

    // Correcting a listed person to a commune outside the list.
    let listed = t.checked_in(7);
    let name = t.fair.attendee(&listed).unwrap().name;
    press(&mut h, vi("hd.back"));
    search(&mut h, &listed);
    open(&mut h, &name);
    press_exact(&mut h, vi("hd.outside_list"));
    fill(&mut h, vi("hd.f.commune_other"), "Xã Sín Chải (Lào Cai)");
    press(&mut h, vi("hd.save"));
    assert!(shows(&h, vi("hd.saved")), "{:?}", all_text(&h));
    let person = t.fair.helpdesk_person(&listed).unwrap();
    assert_eq!(person.commune_id, None);
    assert_eq!(
        person.commune_outside.as_deref(),
        Some("Xã Sín Chải (Lào Cai)")
    );
    assert_eq!(outside_count(&t), outside + 1);
}

#[test]
fn a_desk_without_a_printer_saves_the_slip_as_png_and_pdf_and_says_where() {
    let t = TestFair::new();
    let code = t.checked_in(8);
    let name = t.fair.attendee(&code).unwrap().name;
    let out = tempfile::tempdir().unwrap();
    let folder = out.path().join("slips");
    let mut h = station(&t);
    // As `fairdesk app --station helpdesk` sets up a desk started without --printer.
    h.state_mut().save_slips_in(folder.clone());
    h.state_mut()
        .use_printer(fairdesk::print::open(&fairdesk::print::PrinterConfig {
            spec: fairdesk::print::PrinterSpec::Preview(folder.clone()),
            options: fairdesk::print::PrintOptions::default(),
        }));
    search(&mut h, &code);
    open(&mut h, &name);
    press(&mut h, vi("hd.reprint"));
    let notice = |h: &egui_kittest::Harness<'static, HelpdeskStation>| match &h.state().state.notice
    {
        Some(fairdesk::ui::booth::Notice::Info(text)) => text.clone(),
        _ => String::new(),
    };
    step_until(&mut h, "both files", |h| {
        let text = notice(h);
        text.contains(".pdf") && text.contains(".png")
    });
    let mut files: Vec<_> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert_eq!(files.len(), 2, "{files:?}");
    let pdf = files
        .iter()
        .find(|p| p.extension().unwrap() == "pdf")
        .unwrap();
    // The screen names the very file, so staff can open and print it.
    assert!(
        notice(&h).contains(&pdf.display().to_string()),
        "{}",
        notice(&h)
    );
    assert!(shows(&h, &notice(&h)));
    let bytes = std::fs::read(pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(pdf).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "it holds a name");
    }
    // A second reprint is a second file, not an overwrite.
    press(&mut h, vi("hd.reprint"));
    step_until(&mut h, "four files", |_| {
        std::fs::read_dir(&folder).unwrap().count() == 4
    });
}
