//! How the board reads a call aloud in Vietnamese: pure functions from a ticket number, a desk
//! code and a number to the [`Word`]s (clips) that say them. No I/O, no audio.
//!
//! The rules, chosen for a hall where people hold a printed ticket and look at the board:
//!
//! - **Letters by their Vietnamese names** ([`LETTERS`]): A "a", B "bê", C "xê", D "dê",
//!   E "e", F "ép", G "giê", H "hát", I "i ngắn", J "di", K "ca", L "e-lờ", M "em-mờ",
//!   N "en-nờ", O "o", P "pê", Q "quy", R "e-rờ", S "ét-sì", T "tê", U "u", V "vê",
//!   W "vê kép", X "ích-xì", Y "i dài", Z "dét". Booth codes are ASCII capitals
//!   ([`crate::domain::booth::valid_booth_code`]), so Đ never occurs and has no clip. I is
//!   "i ngắn" so it never sounds like Y "i dài"; J is "di" as the letter is usually called.
//! - **Ticket numbers digit by digit**: `A007` is "a không không bảy", `T1-012` "tê một gạch
//!   không một hai". The ticket in the attendee's hand and the board both show the padded
//!   digits; reading each one lets a listener match what they hold digit for digit, says the
//!   zeros a number reading would hide ("A bảy" for `A007` could be `A7`, `A070` or `A700` to
//!   someone who only half heard), and is what Vietnamese banks and hospitals' queue systems
//!   say. The dash of a booth that ends in a digit is "gạch", so `T1-012` never reads like
//!   `T1012`.
//! - **Desks by their code, the number as a number**: desk `A1` is "a một", `A12` "a mười
//!   hai", `T1-2` "tê một gạch hai". A desk number is a small place number that people say
//!   as a number ("bàn mười hai"), not a code to match. The desk is introduced by the first
//!   word of the label the board shows — "bàn" or "quầy" — and when every other word of
//!   that label is a code or a number the voice reads the label itself ("Quầy 3" is "quầy
//!   ba"); a label with words the voice has no clip for ("Bàn tư vấn 1") reads "bàn" and
//!   the desk's code. See [`desk`].
//! - **Numbers** ([`number`]) by the usual rules: "mười" for ten, "mươi" for the other tens,
//!   "mốt" for a one after "mươi" (21 "hai mươi mốt", but 11 "mười một"), "tư" for a four
//!   after "mươi" (24 "hai mươi tư", but 14 "mười bốn"), "lăm" for a five after a ten
//!   (15 "mười lăm", 25 "hai mươi lăm", but 105 "một trăm linh năm"), "không trăm" inside a
//!   larger number (1005 "một nghìn không trăm linh năm"), groups of zero left out
//!   (1,000,005 "một triệu không trăm linh năm"). The [`Region`] picks the words that differ:
//!   northern "linh" and "nghìn", southern "lẻ" and "ngàn".
//!
//! A whole call is [`call`]: "Mời số A không không bảy, đến bàn A một".

use std::fmt;
use std::str::FromStr;

/// One spoken word: the clip that says it and how it is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Word {
    /// The clip's file name without `.wav` (`mot_sac`).
    pub clip: &'static str,
    /// The word as written (`mốt`), or a letter's name (`e-lờ`).
    pub text: &'static str,
}

const fn w(clip: &'static str, text: &'static str) -> Word {
    Word { clip, text }
}

/// "Mời": the first word of every call.
pub const MOI: Word = w("moi", "mời");
/// "Số": "ticket number …".
pub const SO: Word = w("so", "số");
/// "Đến": "… to …".
pub const DEN: Word = w("den", "đến");
/// "Bàn": a desk (the default label is "Bàn A1").
pub const BAN: Word = w("ban", "bàn");
/// "Quầy": a counter, for labels that say so.
pub const QUAY: Word = w("quay", "quầy");
/// "Gạch": the dash in `T1-012` and `T1-2`.
pub const GACH: Word = w("gach", "gạch");
/// "Mười": ten, and the tens word of 10–19.
pub const MUOI: Word = w("muoi", "mười");
/// "Mươi": the tens word of 20–99 ("hai mươi").
pub const MUOI_NGANG: Word = w("muoi_ngang", "mươi");
/// "Mốt": a one after "mươi" ("hai mươi mốt").
pub const MOT_SAC: Word = w("mot_sac", "mốt");
/// "Tư": a four after "mươi" ("hai mươi tư").
pub const TU: Word = w("tu", "tư");
/// "Lăm": a five after a ten ("mười lăm", "hai mươi lăm").
pub const LAM: Word = w("lam", "lăm");
/// "Linh": zero tens before a unit, northern ("một trăm linh một").
pub const LINH: Word = w("linh", "linh");
/// "Lẻ": zero tens before a unit, southern ("một trăm lẻ một").
pub const LE: Word = w("le", "lẻ");
/// "Trăm": hundred.
pub const TRAM: Word = w("tram", "trăm");
/// "Nghìn": thousand, northern.
pub const NGHIN: Word = w("nghin", "nghìn");
/// "Ngàn": thousand, southern.
pub const NGAN: Word = w("ngan", "ngàn");
/// "Triệu": million.
pub const TRIEU: Word = w("trieu", "triệu");
/// "Tỷ": thousand million.
pub const TY: Word = w("ty", "tỷ");

/// The digits 0–9 as said alone and in numbers.
pub const DIGITS: [Word; 10] = [
    w("khong", "không"),
    w("mot", "một"),
    w("hai", "hai"),
    w("ba", "ba"),
    w("bon", "bốn"),
    w("nam", "năm"),
    w("sau", "sáu"),
    w("bay", "bảy"),
    w("tam", "tám"),
    w("chin", "chín"),
];

/// The letters A–Z by their Vietnamese names (see the module doc for the choices).
pub const LETTERS: [Word; 26] = [
    w("chu_a", "a"),
    w("chu_b", "bê"),
    w("chu_c", "xê"),
    w("chu_d", "dê"),
    w("chu_e", "e"),
    w("chu_f", "ép"),
    w("chu_g", "giê"),
    w("chu_h", "hát"),
    w("chu_i", "i ngắn"),
    w("chu_j", "di"),
    w("chu_k", "ca"),
    w("chu_l", "e-lờ"),
    w("chu_m", "em-mờ"),
    w("chu_n", "en-nờ"),
    w("chu_o", "o"),
    w("chu_p", "pê"),
    w("chu_q", "quy"),
    w("chu_r", "e-rờ"),
    w("chu_s", "ét-sì"),
    w("chu_t", "tê"),
    w("chu_u", "u"),
    w("chu_v", "vê"),
    w("chu_w", "vê kép"),
    w("chu_x", "ích-xì"),
    w("chu_y", "i dài"),
    w("chu_z", "dét"),
];

/// Every word the readings use, in the order of the README's clip table: the call's words,
/// the number words, the digits, the letters.
pub fn all_words() -> impl Iterator<Item = Word> {
    [
        MOI, SO, DEN, BAN, QUAY, GACH, MUOI, MUOI_NGANG, MOT_SAC, TU, LAM, LINH, LE, TRAM, NGHIN,
        NGAN, TRIEU, TY,
    ]
    .into_iter()
    .chain(DIGITS)
    .chain(LETTERS)
}

/// Where the listeners are: the words for "zero tens" and "thousand" differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Region {
    /// "linh", "nghìn" (and the standard written form).
    #[default]
    North,
    /// "lẻ", "ngàn".
    South,
}

impl Region {
    fn zero_tens(self) -> Word {
        match self {
            Self::North => LINH,
            Self::South => LE,
        }
    }

    fn thousand(self) -> Word {
        match self {
            Self::North => NGHIN,
            Self::South => NGAN,
        }
    }
}

impl FromStr for Region {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "north" | "bac" => Ok(Self::North),
            "south" | "nam" => Ok(Self::South),
            other => Err(format!("unknown region {other:?}: use north or south")),
        }
    }
}

/// Why a text cannot be read aloud.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadError {
    /// Not a ticket number (`A007`, `T1-012`).
    Ticket(String),
    /// Not a desk code (`A1`, `T1-2`).
    Desk(String),
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Ticket(t) => write!(
                f,
                "{t:?} is not a ticket number (booth code and number, e.g. A007 or T1-012)"
            ),
            Self::Desk(d) => write!(
                f,
                "{d:?} is not a desk code (letters and digits, e.g. A1 or T1-2)"
            ),
        }
    }
}

impl std::error::Error for ReadError {}

/// `n` as a Vietnamese number (see the module doc for the rules).
pub fn number(n: u32, region: Region) -> Vec<Word> {
    if n == 0 {
        return vec![DIGITS[0]];
    }
    let groups = [
        (n / 1_000_000_000, Some(TY)),
        (n / 1_000_000 % 1000, Some(TRIEU)),
        (n / 1000 % 1000, Some(region.thousand())),
        (n % 1000, None),
    ];
    let mut words = Vec::new();
    for (group, unit) in groups {
        if group == 0 {
            continue;
        }
        // A group after a larger one says its zero hundreds: "một nghìn không trăm linh năm".
        let inner = !words.is_empty();
        three_digits(group, inner, region, &mut words);
        words.extend(unit);
    }
    words
}

/// One group of three digits (1–999); `inner` when a larger group came before it.
fn three_digits(group: u32, inner: bool, region: Region, words: &mut Vec<Word>) {
    let (hundreds, tens, units) = (group / 100, group / 10 % 10, group % 10);
    let with_hundreds = hundreds > 0 || inner;
    if with_hundreds {
        words.push(DIGITS[hundreds as usize]);
        words.push(TRAM);
    }
    match tens {
        0 if units == 0 => {}
        0 => {
            if with_hundreds {
                words.push(region.zero_tens());
            }
            words.push(DIGITS[units as usize]);
        }
        1 => {
            words.push(MUOI);
            match units {
                0 => {}
                5 => words.push(LAM),
                u => words.push(DIGITS[u as usize]),
            }
        }
        t => {
            words.push(DIGITS[t as usize]);
            words.push(MUOI_NGANG);
            match units {
                0 => {}
                1 => words.push(MOT_SAC),
                4 => words.push(TU),
                5 => words.push(LAM),
                u => words.push(DIGITS[u as usize]),
            }
        }
    }
}

/// Each digit of `digits` by itself ("không không bảy"); other characters are skipped.
pub fn digits(digits: &str) -> Vec<Word> {
    digits
        .bytes()
        .filter(u8::is_ascii_digit)
        .map(|b| DIGITS[usize::from(b - b'0')])
        .collect()
}

fn letter(c: char) -> Option<Word> {
    let c = c.to_ascii_uppercase();
    c.is_ascii_uppercase()
        .then(|| LETTERS[usize::from(c as u8 - b'A')])
}

/// A ticket number: the booth code's letters by name, every digit by itself, the dash as
/// "gạch" (`A007` "a không không bảy", `T1-012` "tê một gạch không một hai"). Lower case is
/// read as upper case.
pub fn ticket(number: &str) -> Result<Vec<Word>, ReadError> {
    let bad = || ReadError::Ticket(number.to_string());
    let upper = number.trim().to_ascii_uppercase();
    // Mirrors `domain::queue::ticket_number`: a booth code that ends in a digit has a dash.
    let (booth, seq) = match upper.split_once('-') {
        Some((booth, seq)) if booth.ends_with(|c: char| c.is_ascii_digit()) => (booth, seq),
        Some(_) => return Err(bad()),
        None => {
            let letters = upper.bytes().take_while(u8::is_ascii_uppercase).count();
            upper.split_at(letters)
        }
    };
    if !crate::domain::booth::valid_booth_code(booth)
        || seq.is_empty()
        || !seq.bytes().all(|b| b.is_ascii_digit())
    {
        return Err(bad());
    }
    let mut words = code_letters_and_digits(booth);
    if booth.ends_with(|c: char| c.is_ascii_digit()) {
        words.push(GACH);
    }
    words.extend(digits(seq));
    Ok(words)
}

/// A booth code's letters by name and its digits one by one (`T1` "tê một").
fn code_letters_and_digits(code: &str) -> Vec<Word> {
    code.chars()
        .filter_map(|c| letter(c).or_else(|| c.to_digit(10).map(|d| DIGITS[d as usize])))
        .collect()
}

/// A desk code or a code-like word of a label: letters by name, each run of digits as a
/// number ("A12" "a mười hai"; a run with a leading zero digit by digit), a dash as "gạch".
/// `None` for anything else (an empty word, other characters, a dash at either end).
pub fn code(word: &str, region: Region) -> Option<Vec<Word>> {
    let word = word.trim();
    if word.is_empty()
        || word.starts_with('-')
        || word.ends_with('-')
        || word.contains("--")
        || !word.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    {
        return None;
    }
    let mut words = Vec::new();
    let mut run = String::new();
    let flush = |run: &mut String, words: &mut Vec<Word>| {
        if run.is_empty() {
            return;
        }
        match run.parse::<u32>() {
            Ok(n) if !run.starts_with('0') || run.len() == 1 => words.extend(number(n, region)),
            _ => words.extend(digits(run)),
        }
        run.clear();
    };
    for c in word.chars() {
        if c.is_ascii_digit() {
            run.push(c);
            continue;
        }
        flush(&mut run, &mut words);
        words.extend(if c == '-' { Some(GACH) } else { letter(c) });
    }
    flush(&mut run, &mut words);
    Some(words)
}

/// The desk a ticket is called to, as the board names it: `label` itself when the voice can
/// say all of it (its first word "bàn" or "quầy", every other word a code or a number:
/// "Bàn A1" "bàn a một", "Quầy 3" "quầy ba"); otherwise "bàn" and the desk's `code` ("Bàn tư
/// vấn 1" at desk `T1` reads "bàn tê một").
pub fn desk(code_text: &str, label: &str, region: Region) -> Result<Vec<Word>, ReadError> {
    if let Some(words) = readable_label(label, region) {
        return Ok(words);
    }
    let mut words = vec![BAN];
    words.extend(code(code_text, region).ok_or_else(|| ReadError::Desk(code_text.to_string()))?);
    Ok(words)
}

fn readable_label(label: &str, region: Region) -> Option<Vec<Word>> {
    let mut parts = label.split_whitespace();
    let noun = match parts.next()?.to_lowercase().as_str() {
        "bàn" => BAN,
        "quầy" => QUAY,
        _ => return None,
    };
    let mut words = vec![noun];
    for part in parts {
        words.extend(code(part, region)?);
    }
    // "Bàn" alone would call people to no desk in particular.
    (words.len() > 1).then_some(words)
}

/// A whole call: "mời số" and the ticket, then "đến" and the desk.
pub fn call(
    ticket_number: &str,
    desk_code: &str,
    desk_label: &str,
    region: Region,
) -> Result<Vec<Word>, ReadError> {
    let mut words = vec![MOI, SO];
    words.extend(ticket(ticket_number)?);
    words.push(DEN);
    words.extend(desk(desk_code, desk_label, region)?);
    Ok(words)
}

/// The words as a sentence, the way a person would write down what they heard: "Mời số a
/// không không bảy, đến bàn a một".
pub fn sentence(words: &[Word]) -> String {
    let mut out = String::new();
    for word in words {
        if !out.is_empty() {
            out.push_str(if *word == DEN { ", " } else { " " });
        }
        out.push_str(word.text);
    }
    let mut chars = out.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => out,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Region::{North, South};

    fn said(words: &[Word]) -> String {
        words.iter().map(|w| w.text).collect::<Vec<_>>().join(" ")
    }

    /// Reads a number back from its words, to check every reading from 0 to a million.
    fn value(words: &[Word]) -> u32 {
        let digit = |w: &Word| DIGITS.iter().position(|d| d == w).map(|d| d as u32);
        let (mut total, mut group, mut last) = (0u32, 0u32, 0u32);
        for (i, word) in words.iter().enumerate() {
            let prev = i.checked_sub(1).map(|p| words[p]);
            match *word {
                TRAM => group += last * 100,
                MUOI => {
                    group += 10;
                    last = 0;
                    continue;
                }
                MUOI_NGANG => {
                    group += last * 10;
                    last = 0;
                    continue;
                }
                LINH | LE => {}
                MOT_SAC => group += 1,
                TU => group += 4,
                LAM => group += 5,
                NGHIN | NGAN | TRIEU | TY => {
                    let scale = match *word {
                        TY => 1_000_000_000,
                        TRIEU => 1_000_000,
                        _ => 1000,
                    };
                    total += group * scale;
                    group = 0;
                }
                other => {
                    let d = digit(&other).expect("a digit");
                    let next = words.get(i + 1);
                    if next == Some(&TRAM) || next == Some(&MUOI_NGANG) {
                        last = d;
                    } else {
                        assert!(prev != Some(MUOI_NGANG) || d != 1, "mươi một");
                        group += d;
                    }
                    continue;
                }
            }
            last = 0;
        }
        total + group
    }

    #[test]
    fn numbers_follow_the_vietnamese_rules() {
        let table: &[(u32, &str, &str)] = &[
            (0, "không", "không"),
            (1, "một", "một"),
            (4, "bốn", "bốn"),
            (5, "năm", "năm"),
            (7, "bảy", "bảy"),
            (10, "mười", "mười"),
            (11, "mười một", "mười một"),
            (14, "mười bốn", "mười bốn"),
            (15, "mười lăm", "mười lăm"),
            (19, "mười chín", "mười chín"),
            (20, "hai mươi", "hai mươi"),
            (21, "hai mươi mốt", "hai mươi mốt"),
            (24, "hai mươi tư", "hai mươi tư"),
            (25, "hai mươi lăm", "hai mươi lăm"),
            (31, "ba mươi mốt", "ba mươi mốt"),
            (55, "năm mươi lăm", "năm mươi lăm"),
            (99, "chín mươi chín", "chín mươi chín"),
            (100, "một trăm", "một trăm"),
            (101, "một trăm linh một", "một trăm lẻ một"),
            (104, "một trăm linh bốn", "một trăm lẻ bốn"),
            (105, "một trăm linh năm", "một trăm lẻ năm"),
            (110, "một trăm mười", "một trăm mười"),
            (111, "một trăm mười một", "một trăm mười một"),
            (115, "một trăm mười lăm", "một trăm mười lăm"),
            (121, "một trăm hai mươi mốt", "một trăm hai mươi mốt"),
            (124, "một trăm hai mươi tư", "một trăm hai mươi tư"),
            (205, "hai trăm linh năm", "hai trăm lẻ năm"),
            (999, "chín trăm chín mươi chín", "chín trăm chín mươi chín"),
            (1000, "một nghìn", "một ngàn"),
            (
                1001,
                "một nghìn không trăm linh một",
                "một ngàn không trăm lẻ một",
            ),
            (
                1015,
                "một nghìn không trăm mười lăm",
                "một ngàn không trăm mười lăm",
            ),
            (1100, "một nghìn một trăm", "một ngàn một trăm"),
            (
                2024,
                "hai nghìn không trăm hai mươi tư",
                "hai ngàn không trăm hai mươi tư",
            ),
            (10_000, "mười nghìn", "mười ngàn"),
            (21_000, "hai mươi mốt nghìn", "hai mươi mốt ngàn"),
            (1_000_000, "một triệu", "một triệu"),
            (
                1_000_005,
                "một triệu không trăm linh năm",
                "một triệu không trăm lẻ năm",
            ),
            (
                1_500_000_000,
                "một tỷ năm trăm triệu",
                "một tỷ năm trăm triệu",
            ),
        ];
        for &(n, north, south) in table {
            assert_eq!(said(&number(n, North)), north, "{n} in the north");
            assert_eq!(said(&number(n, South)), south, "{n} in the south");
        }
    }

    #[test]
    fn every_number_to_a_thousand_reads_back_to_itself_in_both_regions() {
        for n in 0..=1000 {
            for region in [North, South] {
                let words = number(n, region);
                assert_eq!(value(&words), n, "{n}: {}", said(&words));
                // The variant words only ever follow a ten, the zero-tens words a hundred.
                for (i, word) in words.iter().enumerate() {
                    let prev = i.checked_sub(1).map(|p| words[p]);
                    if [MOT_SAC, TU].contains(word) {
                        assert_eq!(prev, Some(MUOI_NGANG), "{n}: {}", said(&words));
                    }
                    if *word == LAM {
                        assert!(matches!(prev, Some(MUOI | MUOI_NGANG)), "{n}");
                    }
                    if [LINH, LE].contains(word) {
                        assert_eq!(prev, Some(TRAM), "{n}");
                    }
                }
                let other = if region == North {
                    [LE, NGAN]
                } else {
                    [LINH, NGHIN]
                };
                assert!(
                    !words.iter().any(|w| other.contains(w)),
                    "{n} in {region:?}"
                );
            }
        }
    }

    #[test]
    fn larger_numbers_read_back_to_themselves() {
        for n in (0..2_000_000)
            .step_by(997)
            .chain([u32::MAX, 1_000_000_000, 4_000_000_004])
        {
            assert_eq!(value(&number(n, North)), n, "{}", said(&number(n, North)));
        }
    }

    #[test]
    fn tickets_are_read_letter_by_name_and_digit_by_digit() {
        let table = [
            ("A007", "a không không bảy"),
            ("T012", "tê không một hai"),
            ("B031", "bê không ba một"),
            ("a007", "a không không bảy"),
            ("J100", "di một không không"),
            ("A1000", "a một không không không"),
            ("T1-012", "tê một gạch không một hai"),
            ("XY045", "ích-xì i dài không bốn năm"),
        ];
        for (number, reading) in table {
            assert_eq!(said(&ticket(number).unwrap()), reading, "{number}");
        }
    }

    #[test]
    fn anything_but_a_ticket_number_is_refused() {
        for bad in [
            "", "007", "A", "A-007", "T1012-", "T1-", "ABCDE001", "A 007", "Đ007", "A007x",
            "T1-0a2", "--", "A1-2-3", "A0-",
        ] {
            assert_eq!(ticket(bad), Err(ReadError::Ticket(bad.into())), "{bad:?}");
        }
    }

    #[test]
    fn desks_read_their_label_when_the_voice_can_say_it_and_their_code_otherwise() {
        let table = [
            ("A1", "Bàn A1", "bàn a một"),
            ("T1-2", "Bàn T1-2", "bàn tê một gạch hai"),
            ("A12", "Bàn A12", "bàn a mười hai"),
            ("C3", "Quầy 3", "quầy ba"),
            ("C3", "QUẦY C3", "quầy xê ba"),
            ("A1", "bàn a1", "bàn a một"),
            ("T1", "Bàn tư vấn 1", "bàn tê một"),
            ("N1", "Bàn", "bàn en-nờ một"),
            ("N1", "", "bàn en-nờ một"),
            ("A2", "Bàn 2–3", "bàn a hai"),
            ("A10", "Bàn A01", "bàn a không một"),
        ];
        for (code, label, reading) in table {
            assert_eq!(said(&desk(code, label, North).unwrap()), reading, "{label}");
        }
        assert_eq!(
            desk("Á1", "Bàn tư vấn", North),
            Err(ReadError::Desk("Á1".into()))
        );
    }

    #[test]
    fn a_whole_call_reads_as_the_hall_hears_it() {
        let words = call("A007", "A1", "Bàn A1", North).unwrap();
        assert_eq!(sentence(&words), "Mời số a không không bảy, đến bàn a một");
        let words = call("T1-012", "T1-2", "Bàn T1-2", South).unwrap();
        assert_eq!(
            sentence(&words),
            "Mời số tê một gạch không một hai, đến bàn tê một gạch hai"
        );
        assert!(call("007", "A1", "Bàn A1", North).is_err());
    }

    #[test]
    fn every_clip_name_is_one_word_and_unique() {
        let words: Vec<Word> = all_words().collect();
        let mut clips: Vec<&str> = words.iter().map(|w| w.clip).collect();
        clips.sort_unstable();
        clips.dedup();
        assert_eq!(clips.len(), words.len());
        assert!(
            clips
                .iter()
                .all(|c| c.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'))
        );
    }

    #[test]
    fn regions_parse_from_the_command_line() {
        assert_eq!("north".parse(), Ok(North));
        assert_eq!(" South ".parse(), Ok(South));
        assert!("west".parse::<Region>().is_err());
    }
}
