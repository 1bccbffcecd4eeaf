//! The fonts: Noto Sans (OFL, `assets/fonts`), installed first for every family so Vietnamese
//! renders with all its diacritics whatever the machine has installed. egui's bundled fonts stay
//! behind it as fallbacks (symbols, emoji).

use std::sync::Arc;

use egui::{FontData, FontDefinitions, FontFamily};

/// Noto Sans Regular, embedded.
pub const NOTO_SANS_REGULAR: &[u8] = include_bytes!("../../assets/fonts/NotoSans-Regular.ttf");
/// Noto Sans Bold, embedded.
pub const NOTO_SANS_BOLD: &[u8] = include_bytes!("../../assets/fonts/NotoSans-Bold.ttf");

/// The family name of the bold face (`FontFamily::Name(BOLD)`).
pub const BOLD: &str = "bold";

/// The bold font family, for headings and ticket numbers.
pub fn bold() -> FontFamily {
    FontFamily::Name(BOLD.into())
}

/// Font definitions with Noto Sans first in the proportional and monospace families and a
/// `bold` family of Noto Sans Bold.
pub fn definitions() -> FontDefinitions {
    let mut fonts = FontDefinitions::default();
    fonts.font_data.insert(
        "NotoSans-Regular".into(),
        Arc::new(FontData::from_static(NOTO_SANS_REGULAR)),
    );
    fonts.font_data.insert(
        "NotoSans-Bold".into(),
        Arc::new(FontData::from_static(NOTO_SANS_BOLD)),
    );
    let fallbacks = fonts
        .families
        .get(&FontFamily::Proportional)
        .cloned()
        .unwrap_or_default();
    for family in [FontFamily::Proportional, FontFamily::Monospace] {
        fonts
            .families
            .entry(family)
            .or_default()
            .insert(0, "NotoSans-Regular".into());
    }
    let mut bold_faces = vec!["NotoSans-Bold".to_string(), "NotoSans-Regular".to_string()];
    bold_faces.extend(fallbacks);
    fonts.families.insert(bold(), bold_faces);
    fonts
}

/// Installs the fonts into `ctx`.
pub fn install(ctx: &egui::Context) {
    ctx.set_fonts(definitions());
}
