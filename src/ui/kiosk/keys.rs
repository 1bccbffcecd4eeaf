//! Telling a scanner from a person on the welcome keypad (issue 13, item 2). A keyboard-mode
//! scanner types a whole code within a few tens of milliseconds and ends it with Enter; a
//! person types one key every tenth of a second or slower, or touches the on-screen keypad
//! (which sends no key events at all). A fast run of keys ending in Enter is therefore a scan
//! of its own, whatever half-typed digits were already in the field.

/// Keys closer together than this (seconds) belong to one burst. A fast typist needs about
/// 0.1 s a key; a scanner a few milliseconds.
pub const BURST_GAP_S: f64 = 0.06;
/// The shortest burst taken for a scan: shorter than any ID number or registration QR.
pub const MIN_BURST_CHARS: usize = 8;

/// The run of typed text that arrived in one burst, and when its last key came.
///
/// Keys reach the kiosk a frame at a time, stamped with the frame's time. When software
/// rendering is slow (a large screen on a CPU), a scanner's keys pile up while a frame is
/// drawn, so the frames that carry them are further apart than [`BURST_GAP_S`] although the
/// keys were not. A burst therefore only ends after a *quiet* frame — one with no key event at
/// all — and a gap longer than [`BURST_GAP_S`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct KeyBurst {
    text: String,
    last_at: f64,
    quiet_since_last_key: bool,
}

impl KeyBurst {
    /// One frame at `now`: the text it typed, and whether it had any key event at all (a key
    /// release, Enter) besides.
    pub fn frame(&mut self, typed: &[&str], any_key: bool, now: f64) {
        if typed.is_empty() && !any_key {
            self.quiet_since_last_key = true;
            return;
        }
        if !typed.is_empty() && self.quiet_since_last_key && now - self.last_at > BURST_GAP_S {
            self.text.clear();
        }
        for text in typed {
            self.text.push_str(text);
        }
        self.last_at = now;
        self.quiet_since_last_key = false;
    }

    /// Enter pressed at `now` (after [`KeyBurst::frame`] for this frame): the burst's text if
    /// it was a scanner's, which empties the burst; `None` for a person's typing.
    pub fn scan_at(&mut self, now: f64) -> Option<String> {
        let fast = !self.quiet_since_last_key || now - self.last_at <= BURST_GAP_S;
        let text = std::mem::take(&mut self.text);
        (fast && text.trim().chars().count() >= MIN_BURST_CHARS).then_some(text)
    }

    /// Forgets the burst (the field was cleared or submitted).
    pub fn clear(&mut self) {
        self.text.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A key pressed at `at` and released 5 ms later, each in a frame of its own, and a
    /// cursor-blink frame `quiet_after` later (if any).
    fn key(burst: &mut KeyBurst, c: char, at: f64, quiet_after: Option<f64>) {
        burst.frame(&[&c.to_string()], true, at);
        burst.frame(&[], true, at + 0.005);
        if let Some(after) = quiet_after {
            burst.frame(&[], false, at + after);
        }
    }

    #[test]
    fn a_fast_run_after_slow_digits_is_its_own_scan() {
        let mut burst = KeyBurst::default();
        key(&mut burst, '1', 1.0, Some(0.3));
        key(&mut burst, '2', 1.5, Some(0.3));
        for (i, c) in "FD1:HN:ABC123".chars().enumerate() {
            key(&mut burst, c, 3.0 + 0.01 * i as f64, None);
        }
        burst.frame(&[], true, 3.13);
        assert_eq!(burst.scan_at(3.13).as_deref(), Some("FD1:HN:ABC123"));
    }

    #[test]
    fn keys_piled_up_behind_slow_frames_are_still_one_burst() {
        let mut burst = KeyBurst::default();
        key(&mut burst, '7', 0.0, Some(0.5));
        // Four frames of 150 ms, each carrying the keys that arrived while it was drawn.
        for (i, chunk) in ["0340990", "00777||T", "ran Van B", "inh|0101"]
            .iter()
            .enumerate()
        {
            burst.frame(&[chunk], true, 2.0 + 0.15 * i as f64);
        }
        assert_eq!(
            burst.scan_at(2.45).as_deref(),
            Some("034099000777||Tran Van Binh|0101")
        );
    }

    #[test]
    fn slow_typing_and_short_bursts_are_not_scans() {
        let mut burst = KeyBurst::default();
        for (i, c) in "034099111222".chars().enumerate() {
            key(&mut burst, c, 0.2 * i as f64, Some(0.1));
        }
        burst.frame(&[], true, 2.4);
        assert_eq!(burst.scan_at(2.4), None);
        burst.frame(&[], false, 4.0);
        burst.frame(&["123"], true, 5.0);
        assert_eq!(burst.scan_at(5.0), None);
    }
}
