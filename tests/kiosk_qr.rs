//! The QR code on the ticket screen decodes back to the attendee's registration payload.

use fairdesk::ui::qr::qr_image;

fn decode(image: &egui::ColorImage) -> String {
    let [w, h] = image.size;
    let mut prepared =
        rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| image.pixels[y * w + x].r());
    let grids = prepared.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code");
    let (_, text) = grids[0].decode().expect("decodes");
    text
}

#[test]
fn the_ticket_qr_decodes_to_the_registration_code() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("fair.db");
    let fair = fairdesk::demo::create(&path, fairdesk::cli::today_in_vietnam()).expect("demo");
    let row = fair
        .with_store(|s| s.read(|tx| tx.attendee(1)))
        .expect("read")
        .expect("attendee");
    let event = fairdesk::api::FairApi::event(&fair).expect("event");
    let payload = fairdesk::domain::regcode::qr_payload(&event.code, &row.code);
    let profile = fairdesk::api::FairApi::attendee(&fair, &row.code).expect("profile");
    assert_eq!(profile.qr, payload);
    // The same function the ticket screen uses to build its texture.
    let image = qr_image(&profile.qr).expect("qr");
    assert_eq!(decode(&image), payload);
}
