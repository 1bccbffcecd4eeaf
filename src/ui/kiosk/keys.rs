//! Telling a scanner from a person on the welcome keypad (issue 13, item 2). A keyboard-mode
//! scanner types a whole code within a few tens of milliseconds and ends it with Enter; a
//! person types one key every tenth of a second or slower, or touches the on-screen keypad
//! (which sends no key events at all). A fast run of keys ending in Enter is therefore a scan
//! of its own, whatever half-typed digits were already in the field.

/// Keys closer together than this (seconds) belong to one burst. A fast typist needs about
/// 0.1 s a key; a scanner a few milliseconds, and a busy frame bunches its keys together.
pub const BURST_GAP_S: f64 = 0.06;
/// The shortest burst taken for a scan: shorter than any ID number or registration QR.
pub const MIN_BURST_CHARS: usize = 8;

/// The run of typed text that arrived in one burst, and when its last key came.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct KeyBurst {
    text: String,
    last_at: f64,
}

impl KeyBurst {
    /// Text typed at `now`: it continues the burst if the last key was close enough, else
    /// starts a new one.
    pub fn typed(&mut self, text: &str, now: f64) {
        if now - self.last_at > BURST_GAP_S {
            self.text.clear();
        }
        self.text.push_str(text);
        self.last_at = now;
    }

    /// Enter pressed at `now`: the burst's text if it was a scanner's, which empties the
    /// burst; `None` for a person's typing.
    pub fn scan_at(&mut self, now: f64) -> Option<String> {
        let fast = now - self.last_at <= BURST_GAP_S;
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

    #[test]
    fn a_fast_run_after_slow_digits_is_its_own_scan() {
        let mut burst = KeyBurst::default();
        burst.typed("1", 1.0);
        burst.typed("2", 1.5);
        for (i, c) in "FD1:HN:ABC123".chars().enumerate() {
            burst.typed(&c.to_string(), 3.0 + 0.005 * i as f64);
        }
        assert_eq!(burst.scan_at(3.07).as_deref(), Some("FD1:HN:ABC123"));
    }

    #[test]
    fn slow_typing_and_short_bursts_are_not_scans() {
        let mut burst = KeyBurst::default();
        for (i, c) in "034099111222".chars().enumerate() {
            burst.typed(&c.to_string(), 0.2 * i as f64);
        }
        assert_eq!(burst.scan_at(2.4), None);
        burst.typed("123", 5.0);
        assert_eq!(burst.scan_at(5.01), None);
        burst.typed("034099111222", 6.0);
        assert_eq!(burst.scan_at(6.5), None, "Enter long after the keys");
    }
}
