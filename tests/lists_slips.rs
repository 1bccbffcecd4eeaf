//! Registration slips: an A4 PDF to cut out, and a single slip's QR as PNG that a scanner
//! (here rqrr) reads back to the registration code.

mod common;

use std::process::Command;

use common::TestFair;
use fairdesk::domain::regcode;
use fairdesk::fair::SlipSelection;
use fairdesk::slips::{pdf, png};

/// The contents of every QR code a scanner finds in `image`.
fn decode_qr(image: &image::GrayImage) -> Vec<String> {
    let (w, h) = (image.width() as usize, image.height() as usize);
    let mut prepared = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| {
        image.get_pixel(x as u32, y as u32)[0]
    });
    prepared
        .detect_grids()
        .iter()
        .map(|g| g.decode().unwrap().1)
        .collect()
}

fn page_count(bytes: &[u8]) -> usize {
    let doc = lopdf::Document::load_mem(bytes).expect("a well-formed PDF");
    doc.get_pages().len()
}

#[test]
fn the_slips_pdf_has_ten_slips_a_page() {
    let t = TestFair::new();
    let slips = t.fair.slips(&SlipSelection::default()).unwrap();
    assert_eq!(slips.len(), fairdesk::demo::DEMO_ATTENDEES);
    let bytes = pdf::render(&slips).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    assert_eq!(page_count(&bytes), slips.len().div_ceil(10));
    // The font is embedded (subset), so Vietnamese prints without the reader's fonts.
    let doc = lopdf::Document::load_mem(&bytes).unwrap();
    let has_font_file = doc.objects.values().any(|o| {
        o.as_dict()
            .map(|d| d.has(b"FontFile2") || d.has(b"FontFile3"))
            .unwrap_or(false)
    });
    assert!(has_font_file);
}

#[test]
fn slips_for_one_commune_or_a_list_of_codes() {
    let t = TestFair::new();
    let all = t.fair.slips(&SlipSelection::default()).unwrap();
    let yen_ninh = t
        .fair
        .slips(&SlipSelection {
            commune: Some("yen ninh".into()),
            codes: None,
        })
        .unwrap();
    assert!(!yen_ninh.is_empty() && yen_ninh.len() < all.len());
    assert!(yen_ninh.iter().all(|s| s.commune == "Xã Yên Ninh"));

    let codes = vec![t.code(5), t.code(2)];
    let two = t
        .fair
        .slips(&SlipSelection {
            commune: None,
            codes: Some(codes.clone()),
        })
        .unwrap();
    assert_eq!(
        two.iter().map(|s| s.code.clone()).collect::<Vec<_>>(),
        codes
    );
    assert_eq!(two[0].qr_payload, format!("FD1:PL26:{}", codes[0]));
    assert_eq!(page_count(&pdf::render(&two).unwrap()), 1);

    let unknown = t.fair.slips(&SlipSelection {
        commune: Some("Xã Không Có".into()),
        codes: None,
    });
    assert!(unknown.is_err());
    let bad_code = t.fair.slips(&SlipSelection {
        commune: None,
        codes: Some(vec!["ZZZZZZ".into()]),
    });
    assert!(bad_code.is_err());
    assert!(pdf::render(&[]).is_err());
}

#[test]
fn a_png_slip_decodes_back_to_the_registration_code() {
    let t = TestFair::new();
    let code = t.code(7);
    let slips = t
        .fair
        .slips(&SlipSelection {
            commune: None,
            codes: Some(vec![code.clone()]),
        })
        .unwrap();
    let bytes = png::render(&slips[0]).unwrap();
    let image = image::load_from_memory(&bytes).unwrap().to_luma8();
    let found = decode_qr(&image);
    assert_eq!(found.len(), 1);
    let (event, decoded) = regcode::parse_payload(&found[0]).unwrap();
    assert_eq!((event.as_str(), decoded), ("PL26", code));
}

#[test]
fn the_cli_writes_pdf_and_png() {
    let t = TestFair::new();
    let db = t.path();
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_fairdesk"))
            .args(args)
            .arg("--db")
            .arg(&db)
            .output()
            .unwrap()
    };
    let pdf_path = t.dir.path().join("slips.pdf");
    let o = run(&[
        "slips",
        "--out",
        pdf_path.to_str().unwrap(),
        "--commune",
        "Phú Đô",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let bytes = std::fs::read(&pdf_path).unwrap();
    assert_eq!(page_count(&bytes) as u64, v["pages"].as_u64().unwrap());

    let code = t.code(3);
    let png_path = t.dir.path().join("slip.png");
    let o = run(&[
        "slips",
        "--code",
        &code,
        "--png",
        png_path.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let image = image::open(&png_path).unwrap().to_luma8();
    assert_eq!(decode_qr(&image), [format!("FD1:PL26:{code}")]);

    let o = run(&[
        "slips",
        "--out",
        pdf_path.to_str().unwrap(),
        "--commune",
        "Nowhere",
    ]);
    assert!(!o.status.success());
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
}
