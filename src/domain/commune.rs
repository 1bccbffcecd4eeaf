//! Matching a commune named in free text against the event's commune list (DESIGN §2.1).
//!
//! The programme that funds a fair reports attendance by commune, so every attendee should land
//! on one of the event's communes. Names arrive in many shapes: "Xã Yên Ninh" on the ID card,
//! "Yen Ninh" typed at registration, "YÊN NINH" in a spreadsheet, or the name of a commune that
//! the 2025 reform merged into another one. Matching is on the folded name (see
//! [`super::text::fold`]) with or without its administrative prefix.

use std::collections::HashMap;

use super::registration::COMMUNE_TEXT;
use super::text::{fold, nfc};

/// Where an address's commune falls against the event's list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AddressCommune {
    Listed(i64),
    /// A commune part the list does not have, as written on the card (NFC, trimmed).
    Outside(String),
    /// No part of the address is a commune.
    Unknown,
}

impl AddressCommune {
    /// The listed commune's id, if the address names one.
    pub fn listed(&self) -> Option<i64> {
        match self {
            Self::Listed(id) => Some(*id),
            Self::Outside(_) | Self::Unknown => None,
        }
    }
}

/// Commune-level prefixes, folded, longest first so that "thi tran " is not mistaken for
/// something shorter. "tt" is the common abbreviation of "thị trấn".
const COMMUNE_PREFIXES: &[&str] = &["thi tran ", "phuong ", "tt. ", "xa ", "tt "];

/// Province- and district-level prefixes, folded: parts of an address that are above the
/// commune and must be skipped when looking for it. "thi xa " (district-level town) must be
/// tested here before the commune prefix "xa " could ever apply to it; it cannot, because
/// prefixes only match at the start of the part.
const UPPER_PREFIXES: &[&str] = &[
    "tinh ",
    "huyen ",
    "thanh pho ",
    "quan ",
    "thi xa ",
    "tp. ",
    "tp ",
];

/// Below-commune prefixes (hamlet, residential group, street number), folded. Such a part is
/// never the commune, even when its name happens to equal a commune's (a hamlet is often named
/// after the old commune it belonged to).
const HAMLET_PREFIXES: &[&str] = &["xom ", "thon ", "to dan pho ", "ap ", "khoi ", "so nha "];

/// Strips one leading commune-level prefix ("xa ", "phuong ", "thi tran ", "tt. ", "tt ") from a
/// folded name, so "xa yen ninh" and "yen ninh" compare equal.
///
/// The input must already be folded; a name that is nothing but a prefix word ("xa") is returned
/// unchanged because the prefix needs its trailing space.
pub fn strip_admin_prefix(folded: &str) -> &str {
    for prefix in COMMUNE_PREFIXES {
        if let Some(rest) = folded.strip_prefix(prefix) {
            return rest.trim_start();
        }
    }
    folded
}

/// Whether a folded address part starts with one of `prefixes`.
fn has_prefix(folded: &str, prefixes: &[&str]) -> bool {
    prefixes.iter().any(|p| folded.starts_with(p))
}

/// One key of the look-up tables: the commune it names, or a note that two communes share it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    /// Exactly one commune at the best priority seen so far.
    One { id: i64, priority: u8 },
    /// Two different communes share this key at the same priority: refuse to guess.
    Ambiguous { priority: u8 },
}

impl Slot {
    fn priority(self) -> u8 {
        match self {
            Slot::One { priority, .. } | Slot::Ambiguous { priority } => priority,
        }
    }
}

/// Priority of current communes' names over aliases (lower wins): when an old name equals a
/// current commune's name, the current commune is meant.
const PRIORITY_COMMUNE: u8 = 0;
/// Priority of alias (old commune) names.
const PRIORITY_ALIAS: u8 = 1;

/// Matches free-text commune names and CCCD addresses to the event's communes.
///
/// Built once per event from its commune list and alias list; matching is then two hash look-ups.
/// A full folded name ("xa tan thinh") is tried before the prefix-stripped one ("tan thinh"), so
/// that a province with both "Phường Tân Thịnh" and "Xã Tân Thịnh" still resolves the full names;
/// a bare name shared by two communes is treated as unknown rather than guessed.
#[derive(Debug, Clone, Default)]
pub struct CommuneMatcher {
    /// Folded full name → commune.
    full: HashMap<String, Slot>,
    /// Folded, prefix-stripped name → commune.
    bare: HashMap<String, Slot>,
}

impl CommuneMatcher {
    /// Builds a matcher from `(commune id, display name)` pairs, e.g. `(7, "Xã Yên Ninh")`,
    /// `(8, "Yên Đổ")`, `(9, "Thị trấn Đu")`, and `(old name, id of the merged commune)` aliases.
    ///
    /// Names that fold to nothing are ignored (they could only match empty text).
    pub fn new(communes: &[(i64, &str)], aliases: &[(&str, i64)]) -> Self {
        let mut matcher = CommuneMatcher::default();
        for &(id, name) in communes {
            matcher.add(name, id, PRIORITY_COMMUNE);
        }
        for &(name, id) in aliases {
            matcher.add(name, id, PRIORITY_ALIAS);
        }
        matcher
    }

    fn add(&mut self, name: &str, id: i64, priority: u8) {
        let folded = fold(name);
        let bare = strip_admin_prefix(&folded).to_string();
        if !bare.is_empty() {
            insert(&mut self.bare, bare, id, priority);
        }
        if !folded.is_empty() {
            insert(&mut self.full, folded, id, priority);
        }
    }

    /// The commune that `text` names: "Xã Yên Ninh", "Yen Ninh", "YÊN NINH" and "xa yen ninh"
    /// all match a commune listed as "Xã Yên Ninh" or "Yên Ninh"; "Đu" matches "Thị trấn Đu";
    /// an old commune name matches the commune it was merged into.
    ///
    /// Returns `None` for unknown names and for bare names that two listed communes share.
    pub fn match_name(&self, text: &str) -> Option<i64> {
        let folded = fold(text);
        // A trailing full stop or semicolon is punctuation of the surrounding text, not the name.
        let folded = folded.trim_end_matches(['.', ';', ':']).trim_end();
        if folded.is_empty() {
            return None;
        }
        // The full-name hit wins unless the bare-name hit is of better priority: typing
        // "Hợp Thành" means the current "Xã Hợp Thành", not an old commune once listed bare.
        let full = self.full.get(folded).copied();
        let bare = self.bare.get(strip_admin_prefix(folded)).copied();
        let best = match (full, bare) {
            (Some(f), Some(b)) if b.priority() < f.priority() => Some(b),
            (Some(f), _) => Some(f),
            (None, b) => b,
        };
        best.and_then(unique)
    }

    /// The commune of a CCCD address, e.g. "Xóm Na Mọn, Xã Yên Ninh, Huyện Phú Lương, Tỉnh Thái
    /// Nguyên" or, after the 2025 reform, "Thôn 3, Xã Yên Ninh, Tỉnh Thái Nguyên".
    ///
    /// The address is read from the right, because its tail is the most regular part: province
    /// and district parts are skipped, hamlet parts ("Xóm …", "Thôn …") are never matched, and
    /// the first remaining part that [`Self::match_name`] accepts wins. Once a part that is
    /// visibly a commune ("Xã …", "Phường …", "Thị trấn …") fails to match, the search stops:
    /// everything to its left is below commune level, and matching it could only put the attendee
    /// in the wrong commune.
    pub fn match_address(&self, address: &str) -> Option<i64> {
        self.place_address(address).listed()
    }

    /// [`Self::match_address`], telling apart an address whose commune part is visibly a
    /// commune the list does not have ("Xã Tân Hòa" from the next district) from one with no
    /// commune part at all: the report counts the first outside the list, not as unknown.
    pub fn place_address(&self, address: &str) -> AddressCommune {
        for part in address.rsplit(',') {
            let folded = fold(part);
            if folded.is_empty()
                || has_prefix(&folded, UPPER_PREFIXES)
                || has_prefix(&folded, HAMLET_PREFIXES)
            {
                continue;
            }
            if let Some(id) = self.match_name(part) {
                return AddressCommune::Listed(id);
            }
            if has_prefix(&folded, COMMUNE_PREFIXES) {
                let name: String = nfc(part.trim()).chars().take(COMMUNE_TEXT).collect();
                return AddressCommune::Outside(name);
            }
        }
        AddressCommune::Unknown
    }
}

/// Records `id` under `key`, keeping the best priority and marking real conflicts.
fn insert(map: &mut HashMap<String, Slot>, key: String, id: i64, priority: u8) {
    let new = Slot::One { id, priority };
    let slot = map.entry(key).or_insert(new);
    match *slot {
        // A better-priority name replaces whatever was there.
        existing if existing.priority() > priority => *slot = new,
        // Same priority, another commune: refuse to guess between them.
        Slot::One {
            id: existing,
            priority: p,
        } if p == priority && existing != id => *slot = Slot::Ambiguous { priority },
        _ => {}
    }
}

fn unique(slot: Slot) -> Option<i64> {
    match slot {
        Slot::One { id, .. } => Some(id),
        Slot::Ambiguous { .. } => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const YEN_NINH: i64 = 1;
    const YEN_DO: i64 = 2;
    const DU: i64 = 3;
    const PHU_DO: i64 = 4;
    const TAN_THINH_WARD: i64 = 5;
    const TAN_THINH_COMMUNE: i64 = 6;

    /// Phú Lương district, Thái Nguyên, with the old communes merged in 2025 as aliases.
    fn phu_luong() -> CommuneMatcher {
        CommuneMatcher::new(
            &[
                (YEN_NINH, "Xã Yên Ninh"),
                (YEN_DO, "Yên Đổ"),
                (DU, "Thị trấn Đu"),
                (PHU_DO, "Xã Phú Đô"),
                (TAN_THINH_WARD, "Phường Tân Thịnh"),
                (TAN_THINH_COMMUNE, "Xã Tân Thịnh"),
            ],
            &[("Xã Yên Trạch", YEN_NINH), ("Yên Lạc", YEN_DO)],
        )
    }

    #[test]
    fn prefixes_are_stripped_from_folded_names() {
        assert_eq!(strip_admin_prefix("xa yen ninh"), "yen ninh");
        assert_eq!(strip_admin_prefix("phuong tan thinh"), "tan thinh");
        assert_eq!(strip_admin_prefix("thi tran du"), "du");
        assert_eq!(strip_admin_prefix("tt. du"), "du");
        assert_eq!(strip_admin_prefix("tt du"), "du");
        assert_eq!(strip_admin_prefix("yen ninh"), "yen ninh");
        assert_eq!(strip_admin_prefix("xa"), "xa");
        assert_eq!(strip_admin_prefix("xuan phuong"), "xuan phuong");
    }

    #[test]
    fn a_commune_is_found_however_it_is_typed() {
        let m = phu_luong();
        for text in [
            "Xã Yên Ninh",
            "Yen Ninh",
            "YÊN NINH",
            "xa yen ninh",
            "  yên   ninh ",
        ] {
            assert_eq!(m.match_name(text), Some(YEN_NINH), "{text}");
        }
    }

    #[test]
    fn a_commune_listed_without_prefix_matches_with_one() {
        let m = phu_luong();
        assert_eq!(m.match_name("Xã Yên Đổ"), Some(YEN_DO));
        assert_eq!(m.match_name("yen do"), Some(YEN_DO));
    }

    #[test]
    fn a_town_matches_by_its_bare_name_or_abbreviation() {
        let m = phu_luong();
        assert_eq!(m.match_name("Đu"), Some(DU));
        assert_eq!(m.match_name("TT. Đu"), Some(DU));
        assert_eq!(m.match_name("thi tran du"), Some(DU));
    }

    #[test]
    fn an_old_commune_name_leads_to_the_merged_commune() {
        let m = phu_luong();
        assert_eq!(m.match_name("Xã Yên Trạch"), Some(YEN_NINH));
        assert_eq!(m.match_name("yen trach"), Some(YEN_NINH));
        assert_eq!(m.match_name("Xã Yên Lạc"), Some(YEN_DO));
    }

    #[test]
    fn a_current_name_beats_an_alias_with_the_same_name() {
        let m = CommuneMatcher::new(&[(1, "Xã Hợp Thành")], &[("Hợp Thành", 2)]);
        assert_eq!(m.match_name("Hợp Thành"), Some(1));
    }

    #[test]
    fn a_bare_name_shared_by_a_ward_and_a_commune_is_not_guessed() {
        let m = phu_luong();
        assert_eq!(m.match_name("Tân Thịnh"), None);
        assert_eq!(m.match_name("Phường Tân Thịnh"), Some(TAN_THINH_WARD));
        assert_eq!(m.match_name("Xã Tân Thịnh"), Some(TAN_THINH_COMMUNE));
    }

    #[test]
    fn unknown_or_empty_names_match_nothing() {
        let m = phu_luong();
        assert_eq!(m.match_name("Xã Động Đạt"), None);
        assert_eq!(m.match_name(""), None);
        assert_eq!(m.match_name("Xã"), None);
        assert_eq!(m.match_name("\u{0}\u{7}"), None);
    }

    #[test]
    fn a_pre_reform_card_address_finds_its_commune() {
        let m = phu_luong();
        let address = "Xóm Na Mọn, Xã Yên Ninh, Huyện Phú Lương, Tỉnh Thái Nguyên";
        assert_eq!(m.match_address(address), Some(YEN_NINH));
    }

    #[test]
    fn a_post_reform_card_address_without_district_finds_its_commune() {
        let m = phu_luong();
        assert_eq!(
            m.match_address("Thôn 3, Xã Yên Ninh, Tỉnh Thái Nguyên"),
            Some(YEN_NINH)
        );
        assert_eq!(
            m.match_address("Tổ dân phố 2, Thị trấn Đu, Tỉnh Thái Nguyên"),
            Some(DU)
        );
    }

    #[test]
    fn a_hamlet_named_like_a_listed_commune_does_not_match() {
        let m = phu_luong();
        // The attendee lives in Động Đạt, which is not on this fair's list; their hamlet is
        // named after Yên Ninh, which is.
        let address = "Xóm Yên Ninh, Xã Động Đạt, Huyện Phú Lương, Tỉnh Thái Nguyên";
        assert_eq!(m.match_address(address), None);
        // Without a hamlet prefix, a part left of an unmatched commune part is still ignored.
        let address = "Yên Ninh, Xã Động Đạt, Tỉnh Thái Nguyên";
        assert_eq!(m.match_address(address), None);
    }

    #[test]
    fn an_address_with_an_old_commune_name_finds_the_merged_commune() {
        let m = phu_luong();
        let address = "Xóm Đồng Tâm, Xã Yên Trạch, Huyện Phú Lương, Tỉnh Thái Nguyên";
        assert_eq!(m.match_address(address), Some(YEN_NINH));
    }

    #[test]
    fn an_address_with_a_city_or_country_tail_still_matches() {
        let m = phu_luong();
        let address =
            "Số nhà 12, Phường Tân Thịnh, Thành phố Thái Nguyên, Tỉnh Thái Nguyên, Việt Nam";
        assert_eq!(m.match_address(address), Some(TAN_THINH_WARD));
    }

    #[test]
    fn an_address_mangled_by_a_keyboard_mode_scanner_matches_nothing_rather_than_wrongly() {
        let m = phu_luong();
        let address = "Xm Na Mn, X Yn Ninh, Huyn Ph Lng, Tnh Thi Nguyn";
        assert_eq!(m.match_address(address), None);
    }

    #[test]
    fn an_address_of_another_province_matches_nothing() {
        let m = phu_luong();
        let address = "Thôn Nà Pài, Xã Bằng Lãng, Huyện Chợ Đồn, Tỉnh Bắc Kạn";
        assert_eq!(m.match_address(address), None);
        assert_eq!(m.match_address(""), None);
        assert_eq!(m.match_address(",,,"), None);
    }

    #[test]
    fn an_address_tells_a_commune_outside_the_list_from_no_commune_at_all() {
        let m = phu_luong();
        assert_eq!(
            m.place_address("Bản Nà Cọ, Xã  Tân Cương , Huyện Phú Bình, Tỉnh Thái Nguyên"),
            AddressCommune::Outside("Xã Tân Cương".into())
        );
        assert_eq!(
            m.place_address("Xóm Na Mọn, Xã Yên Ninh, Huyện Phú Lương, Tỉnh Thái Nguyên"),
            AddressCommune::Listed(YEN_NINH)
        );
        assert_eq!(
            m.place_address("Xóm Na Mọn, Tỉnh Thái Nguyên"),
            AddressCommune::Unknown
        );
        // A part below the commune that the list happens to name is never taken for it.
        assert_eq!(
            m.place_address("Xóm Yên Ninh, Phường Tích Lương, TP Thái Nguyên"),
            AddressCommune::Outside("Phường Tích Lương".into())
        );
    }
}
