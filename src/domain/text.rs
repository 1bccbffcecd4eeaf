//! Text normalisation for storage and for search (DESIGN §1).
//!
//! Vietnamese text reaches us in two Unicode shapes: precomposed (NFC, "ễ" as one code point)
//! and decomposed (NFD, "e" + circumflex + tilde), depending on the keyboard, the ID-card QR
//! generator or the spreadsheet an import came from. Two strings that look identical on screen can
//! therefore differ byte for byte. [`nfc`] gives the one form we store; [`fold`] gives the
//! diacritic- and case-free key we search on, because attendees and staff type names without
//! accents ("nguyen van an") as often as with them.
//!
//! Both also drop what is not text but steers a display or a terminal: C0/C1 control
//! characters, bidirectional overrides and isolates, zero-width characters and the byte-order
//! mark ([`is_invisible`]). A name with a right-to-left override shows reversed on a board, a
//! terminal escape in a log line can rewrite the operator's screen, and a zero-width space makes
//! two identical-looking names differ; none of them belongs in a name, an address or a note.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// The stored form of user-entered text: NFC-normalised, trimmed, and with every run of
/// whitespace (spaces, tabs, CR/LF, non-breaking spaces) collapsed to one ASCII space.
///
/// Whitespace is collapsed because scanners and spreadsheets introduce doubled or odd spaces that
/// would otherwise make equal names compare unequal.
pub fn nfc(s: &str) -> String {
    let composed: String = s.nfc().filter(|c| !is_invisible(*c)).collect();
    collapse_whitespace(&composed)
}

/// Whether `c` is a control or format character that has no place in stored text: C0 and C1
/// controls other than whitespace (NUL, ESC, DEL, …), bidirectional marks, embeddings,
/// overrides and isolates, zero-width spaces and joiners, word joiners and invisible
/// operators, the soft hyphen, the Mongolian vowel separator, the byte-order mark and the
/// interlinear annotation controls. Whitespace controls (tab, CR, LF, NEL) are not invisible
/// here: they separate words and are collapsed to a space instead.
pub fn is_invisible(c: char) -> bool {
    (c.is_control() && !c.is_whitespace())
        || matches!(
            c,
            '\u{00AD}'
                | '\u{061C}'
                | '\u{180E}'
                | '\u{200B}'..='\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2060}'..='\u{2064}'
                | '\u{2066}'..='\u{2069}'
                | '\u{FEFF}'
                | '\u{FFF9}'..='\u{FFFB}'
        )
}

/// Whether `s` holds any [`is_invisible`] character (before cleaning): a sign the text did not
/// come from a person typing or a card, which the ID-card reader treats as a damaged name.
pub fn has_invisible(s: &str) -> bool {
    s.chars().any(is_invisible)
}

/// The search key of a text: no diacritics, no case, single spaces, trimmed.
///
/// "Nguyễn Văn Ân", "NGUYEN VAN AN" and an NFD-encoded "Nguyễn Văn Ân" all fold to
/// "nguyen van an"; "Xã Yên Ninh" folds to "xa yen ninh". `đ`/`Đ` (a separate letter in
/// Vietnamese, not a `d` with a combining mark, so decomposition alone would keep it) fold to
/// `d`. The look-alike `ð`/`Ð` (U+00F0/U+00D0), which legacy Vietnamese encodings and
/// converters often emit in place of `đ`/`Đ`, folds to `d` as well.
///
/// Folding is idempotent: `fold(&fold(s)) == fold(s)`. To guarantee it we lowercase before
/// decomposing (some capitals lowercase to a letter plus a combining mark, e.g. "İ") and
/// decompose once more after lowercasing.
pub fn fold(s: &str) -> String {
    let lowered: String = s
        .chars()
        .filter(|c| !is_invisible(*c))
        .collect::<String>()
        .to_lowercase();
    let stripped: String = lowered
        .nfd()
        .filter(|c| !is_combining_mark(*c))
        .map(fold_letter)
        .collect::<String>()
        .to_lowercase()
        .nfd()
        .filter(|c| !is_combining_mark(*c))
        .collect();
    collapse_whitespace(&stripped)
}

/// Maps the Vietnamese letters that have no decomposition onto their base letter.
fn fold_letter(c: char) -> char {
    match c {
        'đ' | 'Đ' | 'ð' | 'Ð' => 'd',
        other => other,
    }
}

/// Trims and collapses every whitespace run to a single ASCII space.
fn collapse_whitespace(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_name_typed_with_or_without_accents_folds_to_the_same_key() {
        assert_eq!(fold("Nguyễn Văn Ân"), "nguyen van an");
        assert_eq!(fold("NGUYEN VAN AN"), "nguyen van an");
        assert_eq!(fold("nguyen van an"), "nguyen van an");
    }

    #[test]
    fn commune_names_fold_with_their_prefix() {
        assert_eq!(fold("Xã Yên Ninh"), "xa yen ninh");
        assert_eq!(fold("Thị trấn Đu"), "thi tran du");
        assert_eq!(fold("ĐÀM THỊ YẾN"), "dam thi yen");
    }

    #[test]
    fn decomposed_input_folds_like_precomposed_input() {
        let nfd: String = "Nguyễn Văn Ân".nfd().collect();
        assert_ne!(nfd, "Nguyễn Văn Ân");
        assert_eq!(fold(&nfd), "nguyen van an");
    }

    #[test]
    fn the_eth_look_alike_of_d_stroke_folds_to_d() {
        assert_eq!(fold("Ðàm Thị Yến"), "dam thi yen");
    }

    #[test]
    fn whitespace_runs_collapse_and_ends_are_trimmed() {
        assert_eq!(fold("  Lường\tVăn \u{a0} Ý\r\n"), "luong van y");
        assert_eq!(nfc("  Lường\tVăn \u{a0} Ý\r\n"), "Lường Văn Ý");
    }

    #[test]
    fn nfd_input_is_stored_as_nfc() {
        let nfd: String = "Đàm Thị Yến".nfd().collect();
        let stored = nfc(&nfd);
        assert_eq!(stored, "Đàm Thị Yến");
        assert_eq!(stored.chars().count(), "Đàm Thị Yến".chars().count());
    }

    #[test]
    fn controls_bidi_overrides_and_zero_width_characters_are_dropped() {
        // A right-to-left override, a zero-width space and joiner, a terminal escape, NUL,
        // a C1 control and a byte-order mark: none survives, the letters around them do.
        let hostile = "\u{FEFF}Nguy\u{200B}ễn\u{202E} Văn\u{0}\u{1b}[2J Â\u{200D}n\u{9b}";
        assert_eq!(nfc(hostile), "Nguyễn Văn[2J Ân");
        assert_eq!(fold(hostile), "nguyen van[2j an");
        assert!(has_invisible(hostile));
        assert!(!has_invisible("Nguyễn Văn Ân"));
        // Nothing visible left: empty, so every form treats it as a missing name.
        assert_eq!(nfc("\u{202E}\u{200B}\u{2066}\u{0}"), "");
        // Tabs and line breaks still separate words.
        assert_eq!(nfc("Lường\tVăn\u{85}Ý"), "Lường Văn Ý");
    }

    #[test]
    fn empty_and_blank_text_fold_to_empty() {
        assert_eq!(fold(""), "");
        assert_eq!(fold(" \t\r\n"), "");
        assert_eq!(nfc(" \t "), "");
    }

    #[test]
    fn capitals_that_lowercase_to_a_mark_still_fold_idempotently() {
        let once = fold("İstanbul");
        assert_eq!(once, "istanbul");
        assert_eq!(fold(&once), once);
    }

    proptest! {
        #[test]
        fn fold_is_idempotent(s in any::<String>()) {
            let once = fold(&s);
            prop_assert_eq!(fold(&once), once.clone());
        }

        #[test]
        fn nfc_is_idempotent(s in any::<String>()) {
            let once = nfc(&s);
            prop_assert_eq!(nfc(&once), once.clone());
        }

        #[test]
        fn fold_is_idempotent_on_vietnamese_like_text(s in "[a-zA-ZđĐăâêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ \t]{0,40}") {
            let once = fold(&s);
            prop_assert_eq!(fold(&once), once.clone());
            prop_assert!(once.is_ascii());
        }
    }
}
