//! Scaling the kiosk to its screen (issue 13, item 8). The screens are laid out for 1280×800
//! points; on a bigger screen everything — keypad, cards, tickets — is drawn larger by a zoom
//! chosen from the window's size, instead of leaving half the screen empty.

/// The size the kiosk's screens are laid out for, landscape.
const LANDSCAPE: (f32, f32) = (1280.0, 800.0);
/// A portrait screen is laid out 1080 points wide: the choose screen puts its cards in two
/// columns there and the questions wrap, so nothing is shrunk to fit a 1280-wide layout (at
/// the zoom 0.84 that took, text was small and short answer buttons 54 px wide).
const PORTRAIT: (f32, f32) = (1080.0, 1600.0);
/// Never smaller than the layout (touch targets keep their 64 px; `tests/kiosk_walk.rs`
/// measures them at the four screen sizes), never absurdly large.
const ZOOM_RANGE: (f32, f32) = (1.0, 2.0);

/// The zoom for a window of `size` points at zoom 1: the largest that still fits the layout.
pub fn zoom_for(size: egui::Vec2) -> f32 {
    let portrait = size.y > size.x;
    let (base_w, base_h) = if portrait { PORTRAIT } else { LANDSCAPE };
    let fit = (size.x / base_w).min(size.y / base_h);
    if fit.is_finite() {
        fit.clamp(ZOOM_RANGE.0, ZOOM_RANGE.1)
    } else {
        ZOOM_RANGE.0
    }
}

/// Sets the context's zoom for its window. A real window's size in points shrinks as the
/// zoom grows, so the size at zoom 1 is the size times the zoom; the zoom only changes when
/// the window does (a changed zoom re-lays out everything).
pub fn fit_zoom(ctx: &egui::Context) {
    let zoom = ctx.zoom_factor();
    let wanted = zoom_for(ctx.content_rect().size() * zoom);
    if (wanted - zoom).abs() > 0.01 {
        ctx.set_zoom_factor(wanted);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bigger_screens_get_a_bigger_kiosk() {
        let zoom = |w: f32, h: f32| zoom_for(egui::vec2(w, h));
        assert_eq!(zoom(1280.0, 800.0), 1.0);
        assert_eq!(zoom(1366.0, 768.0), 1.0, "never below the layout's size");
        assert_eq!(zoom(1920.0, 1080.0), 1.35);
        assert_eq!(
            zoom(1080.0, 1920.0),
            1.0,
            "portrait has a layout of its own"
        );
        assert_eq!(zoom(1440.0, 2560.0), 1440.0 / 1080.0);
        assert_eq!(zoom(600.0, 1000.0), 1.0);
        assert_eq!(zoom(7680.0, 4320.0), 2.0);
        assert_eq!(zoom(0.0, 0.0), 1.0);
    }
}
