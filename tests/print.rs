//! Ticket slips on captured printers: what a device file, a network printer and a preview
//! folder receive, read back into images; and printers that are missing, out of paper, silent
//! or stuck.

mod printer;

use std::time::{Duration, Instant};

use chrono::{TimeZone, Utc};
use fairdesk::api::{EventInfo, TicketView};
use fairdesk::domain::TicketState;
use fairdesk::i18n::Lang;
use fairdesk::print::slip::{Rendered, TicketSlip, render_test, render_tickets, test_payload};
use fairdesk::print::{
    self, Cut, PrintError, PrintOptions, Printed, Printer, PrinterConfig, PrinterSpec,
    PrinterStatus, Raster, Spool,
};
use printer::{Answers, FakePrinter, closed_port_spec, decode, qr_codes, qr_codes_gray};

const PAYLOAD: &str = "FD1:PL26:RHLRV7";

fn event() -> EventInfo {
    EventInfo {
        code: "PL26".into(),
        name: "Ngày hội việc làm huyện Phú Lương".into(),
        venue: "Nhà văn hoá xã Yên Ninh".into(),
        date: chrono::NaiveDate::from_ymd_opt(2026, 12, 1).expect("date"),
        kind: fairdesk::domain::EventKind::NgayHoi,
        place: "Xã Yên Ninh".into(),
        organiser: String::new(),
        utc_offset_min: 420,
        opens: "07:30".into(),
        closes: "11:30".into(),
        max_open_tickets: 3,
        noshow_grace_s: 120,
        idle_timeout_s: 20,
        default_service_s: 300,
        show_household_to_booths: false,
        communes: Vec::new(),
    }
}

fn ticket(number: &str, name: &str, location: &str, position: u32) -> TicketView {
    TicketView {
        ticket: number.into(),
        booth: number[..1].into(),
        booth_name: name.into(),
        location: location.into(),
        state: TicketState::Waiting,
        desk: None,
        position: Some(position),
        estimated_wait_s: Some(position * 150),
        // 01:42 UTC is 08:42 in Vietnam.
        issued_at: Utc.with_ymd_and_hms(2026, 12, 1, 1, 42, 0).unwrap(),
        called_at: None,
        recall_count: 0,
        outcome: None,
        note: None,
    }
}

fn three_tickets() -> TicketSlip {
    let tickets = [
        ticket("A014", "Cty TNHH Điện tử Yên Bình", "Gian 1", 7),
        ticket("D005", "Cty CP Xây dựng Thái Nguyên", "Gian 4", 2),
        ticket("T012", "Tư vấn việc làm, học nghề", "Bàn tư vấn", 1),
    ];
    TicketSlip::new(&event(), PAYLOAD, "RHLRV7", &tickets, Lang::Vi)
}

fn config(spec: PrinterSpec, width: u32, cut: Cut) -> PrinterConfig {
    PrinterConfig {
        spec,
        options: PrintOptions {
            width,
            feed_lines: 4,
            cut,
        },
    }
}

/// The slip's one image, checked the way paper would be: width, the QR code, the numbers.
fn check_slip(image: &Raster, expected: &Rendered, width: u32) {
    assert_eq!(image.width(), width, "width in dots");
    assert_eq!(image, &expected.raster, "the printer got the slip as drawn");
    assert_eq!(qr_codes(image), vec![PAYLOAD.to_string()]);
    assert_eq!(expected.numbers.len(), 3);
    for &(top, bottom) in &expected.numbers {
        let ink = image.ink_in_rows(top, bottom);
        assert!(
            ink > 3000,
            "the number rows {top}..{bottom} hold {ink} dots"
        );
    }
}

#[test]
fn the_slip_says_the_time_in_the_events_offset_and_who_is_ahead() {
    let slip = three_tickets();
    assert_eq!(slip.issued_at, "01/12/2026 · 08:42");
    assert_eq!(slip.tickets[0].ahead, Some(6));
    assert_eq!(slip.tickets[0].wait_min, Some(18));
    assert_eq!(slip.tickets[2].ahead, Some(0));
}

#[test]
fn a_slip_written_to_a_device_file_decodes_back_to_the_slip() {
    let dir = tempfile::tempdir().expect("dir");
    let device = dir.path().join("lp0");
    // A device exists before it is written; fairdesk never creates one.
    std::fs::write(&device, b"").expect("device");
    let spec: PrinterSpec = format!("file:{}", device.display()).parse().expect("spec");
    let mut printer = print::open(&config(spec, 384, Cut::Full));
    let expected = render_tickets(&three_tickets(), 384).expect("slip");
    let printed = printer.print(&expected.raster).expect("printed");
    assert_eq!(
        printed.status,
        PrinterStatus::Unknown,
        "a file cannot answer"
    );

    let bytes = std::fs::read(&device).expect("read");
    assert_eq!(printed.bytes, bytes.len());
    let job = decode(&bytes);
    assert_eq!(job.resets, 1);
    assert!(job.status_requests.is_empty(), "nothing asked of a file");
    assert_eq!(job.images.len(), 1, "one slip, one image");
    assert!(
        job.bands.len() > 1,
        "a slip this tall goes in several bands"
    );
    assert!(job.bands.iter().all(|&rows| rows <= 128));
    check_slip(&job.images[0], &expected, 384);
    assert_eq!(job.feeds, vec![4]);
    assert_eq!(job.cuts, vec![0], "a full cut");

    // A second slip follows the first in the same file.
    printer.print(&expected.raster).expect("printed again");
    let again = decode(&std::fs::read(&device).expect("read"));
    assert_eq!(again.images.len(), 2);
}

#[test]
fn a_missing_device_is_a_clear_error() {
    let spec: PrinterSpec = "file:/nonexistent/usb/lp9".parse().expect("spec");
    let mut printer = print::open(&config(spec, 384, Cut::Full));
    let err = printer.print(&Raster::new(384, 8)).expect_err("no device");
    let text = err.to_string();
    assert!(text.contains("file:/nonexistent/usb/lp9"), "{text}");
    assert!(text.contains("plugged in"), "{text}");
    assert!(!std::path::Path::new("/nonexistent/usb/lp9").exists());
}

#[test]
fn a_network_printer_is_asked_its_status_then_gets_the_slip() {
    let fake = FakePrinter::start(Answers::Ready);
    let mut printer = print::open(&config(fake.spec(), 576, Cut::Partial));
    let expected = render_tickets(&three_tickets(), 576).expect("slip");
    let printed = printer.print(&expected.raster).expect("printed");
    assert_eq!(printed.status, PrinterStatus::Ready);

    let job = decode(&fake.next_job());
    assert!(job.asked_before_image);
    // Printer and paper before the slip, and again after it.
    assert_eq!(job.status_requests, vec![1, 4, 1, 4]);
    assert_eq!(job.images.len(), 1);
    assert!(job.bands.iter().all(|&rows| rows <= 128));
    check_slip(&job.images[0], &expected, 576);
    assert_eq!(job.cuts, vec![1], "a partial cut");
}

#[test]
fn any_width_between_58_and_80_mm_prints_that_wide() {
    let fake = FakePrinter::start(Answers::Ready);
    let width = print::paper_width(500).expect("width");
    assert_eq!(width, 496);
    let mut printer = print::open(&config(fake.spec(), width, Cut::None));
    let expected = render_tickets(&three_tickets(), width).expect("slip");
    printer.print(&expected.raster).expect("printed");
    let job = decode(&fake.next_job());
    check_slip(&job.images[0], &expected, width);
    assert!(job.cuts.is_empty(), "no cutter, no cut");
}

#[test]
fn out_of_paper_is_an_error_and_no_image_is_sent() {
    let fake = FakePrinter::start(Answers::PaperOut);
    let mut printer = print::open(&config(fake.spec(), 384, Cut::Full));
    assert_eq!(printer.status().expect("answers"), PrinterStatus::PaperOut);
    fake.next_job();
    let err = printer
        .print(&render_tickets(&three_tickets(), 384).expect("slip").raster)
        .expect_err("no paper");
    assert!(matches!(
        err,
        PrintError::NotReady {
            status: PrinterStatus::PaperOut,
            ..
        }
    ));
    assert!(err.to_string().contains("paper_out"), "{err}");
    let job = decode(&fake.next_job());
    assert!(job.images.is_empty(), "nothing printed without paper");
}

#[test]
fn a_printer_that_does_not_answer_still_prints() {
    let fake = FakePrinter::start(Answers::Silent);
    let mut printer = print::open(&config(fake.spec(), 384, Cut::Full));
    let expected = render_tickets(&three_tickets(), 384).expect("slip");
    let started = Instant::now();
    let printed = printer.print(&expected.raster).expect("printed");
    assert_eq!(printed.status, PrinterStatus::Unknown);
    // One unanswered question, not one per request.
    assert!(started.elapsed() < Duration::from_secs(3));
    let job = decode(&fake.next_job());
    assert_eq!(job.status_requests, vec![1]);
    check_slip(&job.images[0], &expected, 384);
}

#[test]
fn a_printer_that_hangs_up_or_is_not_there_fails_quickly() {
    let slip = render_tickets(&three_tickets(), 384).expect("slip").raster;
    let hangs = FakePrinter::start(Answers::Hangs);
    for spec in [hangs.spec(), closed_port_spec()] {
        let mut printer = print::open(&config(spec.clone(), 384, Cut::Full));
        let started = Instant::now();
        let err = printer.print(&slip).expect_err("not printed");
        assert!(started.elapsed() < Duration::from_secs(5), "{spec}: slow");
        assert!(err.to_string().contains(&spec.to_string()), "{err}");
    }
}

#[test]
fn preview_writes_each_slip_as_a_png() {
    let dir = tempfile::tempdir().expect("dir");
    let folder = dir.path().join("slips");
    let spec: PrinterSpec = format!("preview:{}", folder.display())
        .parse()
        .expect("spec");
    let mut printer = print::open(&config(spec, 384, Cut::Full));
    let expected = render_tickets(&three_tickets(), 384).expect("slip");
    let first = printer.print(&expected.raster).expect("first");
    let second = printer.print(&expected.raster).expect("second");
    let (Some(a), Some(b)) = (first.file, second.file) else {
        panic!("preview names its files");
    };
    assert_ne!(a, b);
    let image = image::open(&a).expect("a png").to_luma8();
    assert_eq!(image.width(), 384);
    assert_eq!(qr_codes_gray(&image), vec![PAYLOAD.to_string()]);
    assert_eq!(std::fs::read_dir(&folder).expect("dir").count(), 2);
}

#[test]
fn the_test_slip_has_its_qr_code_and_a_large_number() {
    for width in [384, 576] {
        let drawn = render_test(width, Lang::Vi).expect("test slip");
        assert_eq!(drawn.raster.width(), width);
        assert_eq!(qr_codes(&drawn.raster), vec![test_payload(width)]);
        let (top, bottom) = drawn.numbers[0];
        assert!(drawn.raster.ink_in_rows(top, bottom) > 3000);
    }
}

/// A printer whose every slip waits until the test lets it go: a USB printer out of paper.
struct Stuck(std::sync::mpsc::Receiver<()>);

impl Printer for Stuck {
    fn width(&self) -> u32 {
        384
    }
    fn print(&mut self, _slip: &Raster) -> Result<Printed, PrintError> {
        let _ = self.0.recv();
        Ok(Printed {
            bytes: 0,
            status: PrinterStatus::Ready,
            file: None,
        })
    }
    fn status(&mut self) -> Result<PrinterStatus, PrintError> {
        Ok(PrinterStatus::Unknown)
    }
    fn name(&self) -> String {
        "stuck".into()
    }
}

#[test]
fn a_stuck_printer_is_given_up_on_and_holds_no_later_slip() {
    let (release, held) = std::sync::mpsc::channel();
    let mut spool =
        Spool::start(Box::new(Stuck(held)), || {}).with_patience(Duration::from_millis(300));
    let first = spool.submit(three_tickets());
    assert_eq!(spool.in_flight(), 1);
    let started = Instant::now();
    let outcome = loop {
        if let Some(outcome) = spool.poll().pop() {
            break outcome;
        }
        assert!(started.elapsed() < Duration::from_secs(5), "never gave up");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(outcome.job, first);
    assert!(outcome.result.is_err());
    assert_eq!(spool.in_flight(), 0);

    // While the printer is still stuck, the next slip fails at once rather than queue.
    let second = spool.submit(three_tickets());
    let outcomes = spool.poll();
    assert_eq!(outcomes.len(), 1);
    assert_eq!(outcomes[0].job, second);
    assert!(outcomes[0].result.is_err());

    // Once it comes back, slips print again.
    release.send(()).expect("release");
    std::thread::sleep(Duration::from_millis(100));
    assert!(
        spool.poll().is_empty(),
        "the late slip is not reported twice"
    );
    let third = spool.submit(three_tickets());
    release.send(()).expect("release");
    let started = Instant::now();
    loop {
        if let Some(outcome) = spool.poll().pop() {
            assert_eq!(outcome.job, third);
            assert!(outcome.result.is_ok());
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(5));
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn fairdesk(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_fairdesk"))
        .args(args)
        .output()
        .expect("the binary runs")
}

#[test]
fn print_test_prints_every_letter_and_a_qr_code_and_says_so_in_json() {
    let dir = tempfile::tempdir().expect("dir");
    let spec = format!("preview:{}", dir.path().display());
    let out = fairdesk(&["print-test", "--printer", &spec, "--width", "384"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(json["printed"], true);
    assert_eq!(json["width"], 384);
    assert!(json["bytes"].as_u64().expect("bytes") > 1000);
    let file = json["file"].as_str().expect("the preview file");
    let image = image::open(file).expect("png").to_luma8();
    assert_eq!(image.width(), 384);
    assert_eq!(qr_codes_gray(&image), vec![test_payload(384)]);

    // On a network printer the bytes are the ESC/POS job.
    let fake = FakePrinter::start(Answers::Ready);
    let spec = fake.spec().to_string();
    let out = fairdesk(&["print-test", "--printer", &spec, "--cut", "full"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(json["width"], 576, "80 mm unless told");
    assert_eq!(json["status"], "ready");
    let bytes = fake.next_job();
    assert_eq!(
        json["bytes"].as_u64(),
        Some(bytes.len() as u64 - 12),
        "less the status bytes"
    );
    let job = decode(&bytes);
    assert_eq!(job.images[0].width(), 576);
    assert_eq!(qr_codes(&job.images[0]), vec![test_payload(576)]);
    assert_eq!(job.cuts, vec![0]);
}

#[test]
fn print_test_fails_in_one_clear_line() {
    let spec = closed_port_spec().to_string();
    for (args, says) in [
        (
            vec!["print-test", "--printer", spec.as_str()],
            spec.as_str(),
        ),
        (
            vec!["print-test", "--printer", "usb:1"],
            "tcp:192.168.1.50:9100",
        ),
        (
            vec!["print-test", "--printer", "preview:x", "--width", "300"],
            "58 mm",
        ),
    ] {
        let out = fairdesk(&args);
        assert!(!out.status.success(), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(says), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
        assert!(out.stdout.is_empty(), "{args:?}: no JSON on failure");
    }
    let out = fairdesk(&["print-test", "--printer", &spec]);
    assert_eq!(String::from_utf8_lossy(&out.stderr).lines().count(), 1);
    // A printer belongs to a kiosk.
    let out = fairdesk(&["app", "--station", "board", "--printer", "preview:x"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--printer goes with --station kiosk"));
}

/// A serial printer on a pseudo-terminal: the far end answers status requests and records
/// the slip, as a printer on a USB-serial cable would.
#[cfg(unix)]
#[test]
fn a_serial_printer_gets_the_slip_raw_and_is_asked_its_status() {
    use std::io::{Read, Write};

    use serialport::SerialPort as _;

    let (mut far, near) = serialport::TTYPort::pair().expect("a pty");
    let path = near.name().expect("the pty has a name");
    // The kiosk opens the port itself by name; this end stays open (unread) so the pty is
    // not hung up in between.
    far.set_timeout(Duration::from_millis(100))
        .expect("timeout");
    let expected = render_tickets(&three_tickets(), 384).expect("slip");
    // The far end stays open until the kiosk has read its last answer: a pty whose far end
    // closes reads as hung up at once, answer or not.
    let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let finished = std::sync::Arc::clone(&done);
    let reader = std::thread::spawn(move || {
        let mut all = Vec::new();
        let mut buf = [0u8; 4096];
        let until = Instant::now() + Duration::from_secs(20);
        while Instant::now() < until && !finished.load(std::sync::atomic::Ordering::SeqCst) {
            match far.read(&mut buf) {
                Ok(n) => {
                    all.extend_from_slice(&buf[..n]);
                    if let [.., 0x10, 0x04, _] = all[..] {
                        far.write_all(&[0x12]).expect("answer");
                    }
                }
                // Until the kiosk opens its end, the far end reads as an I/O error.
                Err(_) => std::thread::sleep(Duration::from_millis(10)),
            }
        }
        all
    });
    let spec: PrinterSpec = format!("serial:{path}:115200").parse().expect("spec");
    let mut printer = print::open(&config(spec, 384, Cut::Full));
    let printed = printer.print(&expected.raster).expect("printed");
    assert_eq!(printed.status, PrinterStatus::Ready);
    done.store(true, std::sync::atomic::Ordering::SeqCst);
    let job = decode(&reader.join().expect("reader"));
    drop(near);
    assert_eq!(job.status_requests, vec![1, 4, 1, 4]);
    // Raw: no newline became CR LF on the way, or the image would not decode whole.
    check_slip(&job.images[0], &expected, 384);
}
