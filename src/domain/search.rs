//! The help desk's search (issue 14): what a typed query asks for, and how well one attendee
//! answers it.
//!
//! Staff type whatever the person in front of them can tell: a name without accents and in any
//! order ("an nguyen"), the last digits of an ID card, a phone number in any of its forms, the
//! registration code from a slip, a birth year, a commune. The query is folded ([`fold`]) and
//! split into words; every word must match the attendee somewhere (name, commune, code) and
//! every number must match their birth year, ID number or phone. The store narrows the list with
//! SQL ([`crate::store`]); this module decides the exact match and the order, so the rules are
//! tested here without a database.
//!
//! Names a keyboard-mode scanner damaged ("Nguyn Vn n": every accented letter dropped) cannot be
//! found by their words, so for rows flagged `name_needs_confirmation` a query word also matches a
//! stored word that is the query word with some vowels (or `d`, from `đ`) left out.

use super::phone::parse_phone;
use super::regcode;
use super::text::fold;

/// The longest query accepted, in characters: a full name and a commune fit with room to spare.
pub const MAX_QUERY_CHARS: usize = 120;
/// The most results one search returns.
pub const MAX_RESULTS: u32 = 50;
/// The fewest digits that narrow by ID number or phone ("the last 4+ digits").
pub const MIN_DIGITS: usize = 4;

/// A parsed query.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchQuery {
    /// Folded words (letters and digits mixed, or letters only), each to match a name word,
    /// the commune or the registration code.
    pub words: Vec<String>,
    /// Runs of at least [`MIN_DIGITS`] digits: a birth year, or the end of an ID number or
    /// phone.
    pub numbers: Vec<String>,
    /// The whole query was a phone number: its stored form (`0912345678`).
    pub phone: Option<String>,
    /// Words that are valid registration codes, uppercased.
    pub codes: Vec<String>,
}

impl SearchQuery {
    /// Whether the query asks for nothing (blank, or only short digit runs).
    pub fn is_empty(&self) -> bool {
        self.words.is_empty() && self.numbers.is_empty() && self.phone.is_none()
    }
}

/// Reads a typed query. A query that is one phone number (`+84 912 345 678`, `0912.345.678`)
/// becomes [`SearchQuery::phone`]; otherwise the folded text is split at anything that is not a
/// letter or digit, digit runs shorter than [`MIN_DIGITS`] are dropped (they narrow nothing).
pub fn parse_query(text: &str) -> SearchQuery {
    let mut query = SearchQuery::default();
    if let Some(phone) = parse_phone(text) {
        query.phone = Some(phone);
        return query;
    }
    let folded = fold(text);
    // A number typed with separators ("019 095 001 234") is one number.
    let digits_only = folded
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '.' | '-'));
    if digits_only {
        let digits: String = folded.chars().filter(char::is_ascii_digit).collect();
        if digits.len() >= MIN_DIGITS {
            query.numbers.push(digits);
        }
        return query;
    }
    for token in folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
    {
        if token.chars().all(|c| c.is_ascii_digit()) {
            if token.len() >= MIN_DIGITS {
                query.numbers.push(token.to_string());
            }
            continue;
        }
        if let Ok(code) = regcode::validate(token) {
            query.codes.push(code);
        }
        query.words.push(token.to_string());
    }
    query
}

/// What the search compares of one attendee (all text already folded where noted).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Candidate<'a> {
    /// The folded full name.
    pub name_folded: &'a str,
    /// The name came from a damaged scan ([`crate::domain::cccd`]).
    pub damaged: bool,
    /// The folded commune name (listed or outside the list).
    pub commune_folded: Option<&'a str>,
    pub birth_year: Option<i32>,
    pub id_number: Option<&'a str>,
    /// Stored form `0xxxxxxxxx`.
    pub phone: Option<&'a str>,
    /// The registration code.
    pub code: &'a str,
}

/// How a query word met a name word, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum WordMatch {
    None,
    Commune,
    Damaged,
    Prefix,
    Exact,
    Code,
}

impl WordMatch {
    fn points(self) -> u32 {
        match self {
            Self::None => 0,
            Self::Commune => 2,
            Self::Damaged | Self::Prefix => 3,
            Self::Exact => 6,
            Self::Code => 50,
        }
    }
}

/// How well `candidate` answers `query`: `None` when it does not match at all, otherwise a
/// score where more is better. Callers sort by score, then by name.
///
/// Whole words beat prefixes ("an" ranks "Nguyễn Văn Ân" above "Nguyễn Văn Anh"); the given
/// name (the last word, which Vietnamese people are called by) counts extra; words in the
/// name's own order and a query that is the whole name count extra again.
pub fn score(query: &SearchQuery, candidate: &Candidate<'_>) -> Option<u32> {
    if query.is_empty() {
        return None;
    }
    let mut total = 0;
    if let Some(phone) = &query.phone {
        if candidate.phone != Some(phone.as_str()) {
            return None;
        }
        total += 100;
    }
    for number in &query.numbers {
        total += number_points(number, candidate)?;
    }
    let name_words: Vec<&str> = candidate.name_folded.split(' ').collect();
    let commune_words: Vec<&str> = candidate
        .commune_folded
        .map(|c| c.split(' ').collect())
        .unwrap_or_default();
    let mut positions = Vec::with_capacity(query.words.len());
    let mut exact_words = 0;
    for word in &query.words {
        let (best, position) = best_word_match(word, &name_words, &commune_words, candidate);
        let best = if query.codes.iter().any(|c| c.eq_ignore_ascii_case(word))
            && candidate.code.eq_ignore_ascii_case(word)
        {
            WordMatch::Code
        } else {
            best
        };
        if best == WordMatch::None {
            return None;
        }
        if best == WordMatch::Exact {
            exact_words += 1;
            if position == Some(name_words.len() - 1) {
                total += 2;
            }
        }
        if let Some(p) = position {
            positions.push(p);
        }
        total += best.points();
    }
    if positions.len() > 1 && positions.windows(2).all(|w| w[0] < w[1]) {
        total += 2;
    }
    if exact_words == name_words.len() && exact_words == query.words.len() {
        total += 10;
    }
    Some(total)
}

/// Points for one digit run, or `None` when it matches neither year, ID number nor phone.
fn number_points(number: &str, candidate: &Candidate<'_>) -> Option<u32> {
    if candidate.id_number == Some(number) {
        return Some(100);
    }
    let mut points = 0;
    if number.len() == 4
        && candidate
            .birth_year
            .is_some_and(|y| y.to_string() == number)
    {
        points = 5;
    }
    if candidate.id_number.is_some_and(|id| id.ends_with(number))
        || candidate.phone.is_some_and(|p| p.ends_with(number))
    {
        points = points.max(8);
    }
    (points > 0).then_some(points)
}

/// The best match of `word` among the name's words (with its position) or the commune's.
fn best_word_match(
    word: &str,
    name_words: &[&str],
    commune_words: &[&str],
    candidate: &Candidate<'_>,
) -> (WordMatch, Option<usize>) {
    let mut best = (WordMatch::None, None);
    for (i, name_word) in name_words.iter().enumerate() {
        let found = if *name_word == word {
            WordMatch::Exact
        } else if name_word.starts_with(word) {
            WordMatch::Prefix
        } else if candidate.damaged && damaged_form_of(name_word, word) {
            WordMatch::Damaged
        } else {
            WordMatch::None
        };
        if found > best.0 {
            best = (found, Some(i));
        }
    }
    if best.0 == WordMatch::None && candidate.damaged && word.chars().all(droppable) {
        // A word the scanner dropped whole ("Ý" in "Lường Văn Ý").
        best = (WordMatch::Damaged, None);
    }
    if best.0 < WordMatch::Commune && commune_words.iter().any(|c| c.starts_with(word)) {
        best = (WordMatch::Commune, None);
    }
    best
}

/// Letters a scanner that drops non-ASCII characters can lose from a folded word: every vowel
/// (each may have carried a mark) and `d` (from `đ`).
fn droppable(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y' | 'd')
}

/// Whether `stored` is `typed` with some [`droppable`] letters left out ("nguyn" of "nguyen",
/// "n" of "an"): `stored` must be non-empty and a subsequence of `typed` whose gaps hold only
/// droppable letters.
pub fn damaged_form_of(stored: &str, typed: &str) -> bool {
    if stored.is_empty() || stored.len() > typed.len() {
        return false;
    }
    let stored: Vec<char> = stored.chars().collect();
    let typed: Vec<char> = typed.chars().collect();
    // reach[j]: the first j stored letters can be made from the typed letters read so far.
    let mut reach = vec![false; stored.len() + 1];
    reach[0] = true;
    for &t in &typed {
        for j in (0..stored.len()).rev() {
            reach[j + 1] = reach[j + 1] && droppable(t) || reach[j] && stored[j] == t;
        }
        reach[0] = reach[0] && droppable(t);
    }
    reach[stored.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn an() -> Candidate<'static> {
        Candidate {
            name_folded: "nguyen van an",
            damaged: false,
            commune_folded: Some("xa yen ninh"),
            birth_year: Some(1995),
            id_number: Some("019095001234"),
            phone: Some("0912345678"),
            code: "KX7P3B",
        }
    }

    fn finds(query: &str, candidate: &Candidate<'_>) -> bool {
        score(&parse_query(query), candidate).is_some()
    }

    #[test]
    fn accents_case_and_word_order_do_not_matter() {
        for q in [
            "nguyen van an",
            "NGUYỄN VĂN ÂN",
            "an nguyen",
            "Ân",
            "van an",
            "nguy",
        ] {
            assert!(finds(q, &an()), "{q}");
        }
        assert!(!finds("nguyen van binh", &an()));
        assert!(!finds("tran", &an()));
    }

    #[test]
    fn d_stroke_folds_to_d() {
        let yen = Candidate {
            name_folded: "dam thi yen",
            ..an()
        };
        assert!(finds("Đàm Thị Yến", &yen));
        assert!(finds("dam yen", &yen));
    }

    #[test]
    fn the_last_digits_of_an_id_number_narrow_the_list() {
        assert!(finds("1234", &an()));
        assert!(finds("001234", &an()));
        assert!(finds("nguyen 1234", &an()));
        assert!(!finds("nguyen 9999", &an()));
        // Fewer than four digits narrow nothing, so they do not exclude either.
        assert!(finds("an 12", &an()));
        assert!(finds("019 095 001 234", &an()));
    }

    #[test]
    fn a_phone_number_is_found_in_any_of_its_forms() {
        for q in [
            "0912345678",
            "+84 912 345 678",
            "84912345678",
            "0912.345.678",
            "345678",
        ] {
            assert!(finds(q, &an()), "{q}");
        }
        assert!(!finds("0987654321", &an()));
    }

    #[test]
    fn a_birth_year_a_commune_and_a_code_narrow_the_list() {
        assert!(finds("an 1995", &an()));
        assert!(!finds("an 1996", &an()));
        assert!(finds("an yen ninh", &an()));
        assert!(finds("nguyen xa yen", &an()));
        assert!(!finds("an phu do", &an()));
        let code = regcode::encode(42);
        let slip = Candidate {
            code: &code,
            ..an()
        };
        assert!(finds(&code.to_lowercase(), &slip));
        assert!(!finds(&regcode::encode(43), &slip));
        assert_eq!(parse_query(&code).codes, vec![code.clone()]);
    }

    #[test]
    fn whole_words_rank_above_prefixes_and_the_whole_name_above_all() {
        let anh = Candidate {
            name_folded: "nguyen van anh",
            ..an()
        };
        let q = parse_query("nguyen van an");
        assert!(score(&q, &an()) > score(&q, &anh));
        let q = parse_query("an");
        assert!(score(&q, &an()) > score(&q, &anh));
        // "an nguyen": the given name exact beats a prefix, whatever the order.
        let q = parse_query("an nguyen");
        assert!(score(&q, &an()) > score(&q, &anh));
        // In the name's own order beats out of order.
        let thi_an = Candidate {
            name_folded: "an thi nguyen",
            ..an()
        };
        let q = parse_query("nguyen an");
        assert!(score(&q, &an()) > score(&q, &thi_an));
    }

    #[test]
    fn a_damaged_name_is_found_by_its_real_spelling() {
        let damaged = Candidate {
            name_folded: "nguyn vn n",
            damaged: true,
            ..an()
        };
        assert!(finds("nguyen van an", &damaged));
        assert!(finds("Nguyễn Văn Ân", &damaged));
        // The same stored words on a row not flagged damaged are taken at their word.
        assert!(!finds(
            "nguyen van an",
            &Candidate {
                damaged: false,
                ..damaged
            }
        ));
        // A whole word dropped: "Lường Văn Ý" read as "Lng Vn".
        let luong = Candidate {
            name_folded: "lng vn",
            damaged: true,
            ..an()
        };
        assert!(finds("luong van y", &luong));
        assert!(!finds("luong van tam", &luong));
    }

    #[test]
    fn damaged_forms_drop_only_vowels_and_d() {
        assert!(damaged_form_of("nguyn", "nguyen"));
        assert!(damaged_form_of("n", "an"));
        assert!(damaged_form_of("m", "dam"));
        assert!(damaged_form_of("ngyen", "nguyen"));
        assert!(!damaged_form_of("nguyn", "nguyet"));
        assert!(!damaged_form_of("vn", "van an"));
        assert!(!damaged_form_of("", "an"));
        assert!(!damaged_form_of("tn", "an"));
    }

    #[test]
    fn a_blank_query_finds_nobody() {
        assert!(parse_query("  ").is_empty());
        assert!(parse_query("12").is_empty());
        assert!(!finds("", &an()));
    }

    const SYLLABLES: &[&str] = &[
        "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý",
        "Văn", "Thị", "Đức", "Minh", "Thanh", "Ngọc", "Hữu", "Ân", "An", "Anh", "Bình", "Cường",
        "Dũng", "Giang", "Hà", "Hải", "Hòa", "Lan", "Mai", "Nam", "Phương", "Sơn", "Tâm", "Thư",
        "Tuấn", "Yến", "Ý", "Ư", "Lường", "Đàm", "Ma", "Nông", "Triệu", "Hoa",
    ];

    proptest! {
        #[test]
        fn searching_the_folded_name_finds_the_person(
            parts in proptest::collection::vec(0..SYLLABLES.len(), 2..5),
            shuffle in any::<u64>(),
        ) {
            let name: Vec<&str> = parts.iter().map(|&i| SYLLABLES[i]).collect();
            let name = name.join(" ");
            let folded = fold(&name);
            let person = Candidate { name_folded: &folded, ..an() };
            prop_assert!(score(&parse_query(&folded), &person).is_some(), "{}", name);
            prop_assert!(score(&parse_query(&name), &person).is_some(), "{}", name);
            // Any word order.
            let mut words: Vec<&str> = folded.split(' ').collect();
            let n = words.len();
            words.rotate_left(usize::try_from(shuffle % n as u64).unwrap_or(0));
            prop_assert!(score(&parse_query(&words.join(" ")), &person).is_some(), "{}", name);
        }
    }
}
