//! The words of the exported workbook and slips: the `report.` keys of the one translation
//! table ([`crate::i18n`]), looked up without the prefix so the export code reads plainly.
//! Wording the screens already have (outcomes, household categories) is not repeated: a key
//! without a `report.` entry falls back to the screens' key of the same name.

pub use crate::i18n::Lang;

/// The export text of `key` (without its `report.` prefix) in `lang`, if the table has it.
pub fn lookup(lang: Lang, key: &str) -> Option<&'static str> {
    crate::i18n::lookup(lang, &format!("report.{key}")).or_else(|| crate::i18n::lookup(lang, key))
}

/// The export text of `key` in `lang`; "?" when missing, so a gap shows rather than breaking an
/// export (the tests cover every key the exports use).
pub fn t(lang: Lang, key: &str) -> &'static str {
    lookup(lang, key).unwrap_or("?")
}
