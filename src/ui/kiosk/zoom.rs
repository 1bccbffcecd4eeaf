//! Scaling the kiosk to its screen (issue 13, item 8). The screens are laid out for 1280×800
//! points; on a bigger screen everything — keypad, cards, tickets — is drawn larger by a zoom
//! chosen from the window's size, instead of leaving half the screen empty.

/// The size the kiosk's screens are laid out for, landscape.
const LANDSCAPE: (f32, f32) = (1280.0, 800.0);
/// A portrait screen gets the landscape layout's width (the cards' rows and the questions need
/// it), and the rest of its height for more cards.
const PORTRAIT: (f32, f32) = (1280.0, 1280.0);
/// Never smaller than the layout on a landscape screen (touch targets keep their size), never
/// absurdly large.
const ZOOM_RANGE: (f32, f32) = (1.0, 2.0);
/// A portrait 1080-wide screen must shrink the layout a little to hold its width: every touch
/// target is at least 76 points each way (`TOUCH_HEIGHT`), so at this zoom it is still 64 px
/// on the glass (`tests/kiosk_walk.rs` measures them at the four screen sizes).
const PORTRAIT_MIN_ZOOM: f32 = 0.84;

/// The zoom for a window of `size` points at zoom 1: the largest that still fits the layout.
pub fn zoom_for(size: egui::Vec2) -> f32 {
    let portrait = size.y > size.x;
    let (base_w, base_h) = if portrait { PORTRAIT } else { LANDSCAPE };
    let fit = (size.x / base_w).min(size.y / base_h);
    let least = if portrait {
        PORTRAIT_MIN_ZOOM
    } else {
        ZOOM_RANGE.0
    };
    if fit.is_finite() {
        fit.clamp(least, ZOOM_RANGE.1)
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
        let portrait = zoom(1080.0, 1920.0);
        assert!((portrait - 1080.0 / 1280.0).abs() < 1e-4, "{portrait}");
        assert_eq!(zoom(600.0, 1000.0), 0.84);
        assert_eq!(zoom(7680.0, 4320.0), 2.0);
        assert_eq!(zoom(0.0, 0.0), 1.0);
    }
}
