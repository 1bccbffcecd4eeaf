//! Form parts both help-desk forms share: the commune (one of the event's list, or "ngoài
//! danh sách" with the name typed), gender, and the household and ethnicity answers under
//! the line that says why they are asked (issue 17).

use crate::api::CommuneInfo;
use crate::domain::{Gender, Household, YesNo};
use crate::ui::booth::household_label;
use crate::ui::i18n::{Lang, tr};

use super::field_ui;

/// Width of a form row's label, so the fields line up.
pub(super) const LABEL_WIDTH: f32 = 160.0;

/// Where the person lives, as staff chose it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum CommuneChoice {
    /// Not chosen yet (a new form).
    #[default]
    Unset,
    /// One of the event's communes, by its listed name.
    Listed(String),
    /// Outside the event's list: the name is typed into the form's free-text field.
    Outside,
}

impl CommuneChoice {
    /// The text the engine gets: the listed name, or the name typed outside the list. The
    /// engine matches it against the list again and keeps anything unmatched as "outside the
    /// list" (`commune_id` empty, the text in `commune_other`), as imports and the kiosk do,
    /// so the report counts it under "ngoài danh sách".
    pub fn text(&self, other: &str) -> String {
        match self {
            Self::Unset => String::new(),
            Self::Listed(name) => name.clone(),
            Self::Outside => other.trim().to_string(),
        }
    }
}

/// The commune row: a button per listed commune and "Ngoài danh sách", which opens a text
/// field for the name. `id` keeps the two forms' widgets apart.
pub(super) fn commune_ui(
    ui: &mut egui::Ui,
    lang: Lang,
    communes: &[CommuneInfo],
    choice: &mut CommuneChoice,
    other: &mut String,
    error: Option<String>,
    id: &str,
) {
    ui.push_id(id, |ui| {
        ui.horizontal_wrapped(|ui| {
            ui.add_sized(
                [LABEL_WIDTH, 24.0],
                egui::Label::new(tr(lang, "hd.f.commune")),
            );
            for commune in communes {
                let picked = *choice == CommuneChoice::Listed(commune.name.clone());
                if ui.selectable_label(picked, &commune.name).clicked() {
                    *choice = CommuneChoice::Listed(commune.name.clone());
                }
            }
            let outside = *choice == CommuneChoice::Outside;
            if ui
                .selectable_label(outside, tr(lang, "hd.outside_list"))
                .clicked()
            {
                *choice = CommuneChoice::Outside;
            }
            if *choice != CommuneChoice::Outside {
                if let Some(error) = &error {
                    ui.colored_label(egui::Color32::from_rgb(200, 30, 30), error);
                }
            }
        });
        if *choice == CommuneChoice::Outside {
            field_ui(ui, tr(lang, "hd.f.commune_other"), other, error);
        }
    });
}

/// Male, female, or not said.
pub(super) fn gender_ui(ui: &mut egui::Ui, lang: Lang, gender: &mut Option<Gender>, id: &str) {
    ui.push_id(id, |ui| {
        ui.horizontal(|ui| {
            ui.add_sized(
                [LABEL_WIDTH, 24.0],
                egui::Label::new(tr(lang, "hd.f.gender")),
            );
            ui.selectable_value(gender, Some(Gender::Male), tr(lang, "hd.male"));
            ui.selectable_value(gender, Some(Gender::Female), tr(lang, "hd.female"));
        });
    });
}

/// The two sensitive answers under the one line that says what they are for and that they
/// are optional (issue 17); "unknown" (not asked, or skipped) is always one click away. The
/// engine records the person's consent, with its time, when an answer is saved.
pub(super) fn sensitive_ui(
    ui: &mut egui::Ui,
    lang: Lang,
    household: &mut Household,
    ethnic_minority: &mut YesNo,
    id: &str,
) {
    ui.push_id(id, |ui| {
        ui.label(
            egui::RichText::new(tr(lang, "privacy.purpose"))
                .size(16.0)
                .italics(),
        );
        ui.horizontal_wrapped(|ui| {
            ui.add_sized(
                [LABEL_WIDTH, 24.0],
                egui::Label::new(tr(lang, "hd.f.household")),
            );
            for h in Household::ALL {
                ui.selectable_value(household, *h, household_label(lang, *h));
            }
        });
        ui.horizontal(|ui| {
            ui.add_sized(
                [LABEL_WIDTH, 24.0],
                egui::Label::new(tr(lang, "ethnic_minority")),
            );
            ui.selectable_value(ethnic_minority, YesNo::Yes, tr(lang, "hd.yes"));
            ui.selectable_value(ethnic_minority, YesNo::No, tr(lang, "hd.no"));
            ui.selectable_value(ethnic_minority, YesNo::Unknown, tr(lang, "hd.skip"));
        });
    });
}

/// Interests as typed: one per comma or semicolon, blanks dropped.
pub fn parse_interests(text: &str) -> Vec<String> {
    text.split([',', ';'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interests_split_on_commas_and_semicolons() {
        assert_eq!(
            parse_interests(" May mặc, điện tử;; lái xe ,"),
            vec!["May mặc", "điện tử", "lái xe"]
        );
        assert!(parse_interests(" , ").is_empty());
    }

    #[test]
    fn the_engine_gets_the_listed_name_or_the_typed_one() {
        assert_eq!(CommuneChoice::Unset.text("x"), "");
        assert_eq!(
            CommuneChoice::Listed("Xã Yên Ninh".into()).text("ignored"),
            "Xã Yên Ninh"
        );
        assert_eq!(CommuneChoice::Outside.text("  Xã Nà Hẩu "), "Xã Nà Hẩu");
    }
}
