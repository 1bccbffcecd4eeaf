//! The dashboard's panels: the tiles, arrivals per 15 minutes, the per-booth table and the
//! breakdown bars, each drawn from the last snapshot.

use egui::{Color32, RichText, vec2};
use egui_plot::{AxisHints, Bar, BarChart, Plot};

use super::*;

/// The tile's accessible text is "title\nvalue", one label, so tests find a number by its tile.
pub fn tile_text(title: &str, value: &str) -> String {
    format!("{title}\n{value}")
}

pub(super) fn tiles_ui(ui: &mut egui::Ui, lang: Lang, snapshot: &Snapshot) {
    let report = &snapshot.report;
    let waiting: u32 = report.booths.iter().map(|b| b.waiting).sum();
    let served: u32 = report.booths.iter().map(|b| b.served).sum();
    let tiles = [
        ("dash.people", report.people.to_string()),
        ("dash.on_site", report.on_site_now.to_string()),
        ("dash.visits", report.totals.visits.to_string()),
        ("dash.waiting", waiting.to_string()),
        ("dash.served", served.to_string()),
        ("dash.hired", report.totals.hired.to_string()),
        (
            "dash.median_wait",
            minutes(lang, report.totals.median_wait_s),
        ),
    ];
    let spacing = ui.spacing().item_spacing.x;
    let width = (ui.available_width() - spacing * 6.0) / 7.0;
    ui.horizontal(|ui| {
        for (key, value) in tiles {
            egui::Frame::group(ui.style())
                .fill(Color32::from_rgb(235, 242, 252))
                .inner_margin(10.0)
                .show(ui, |ui| {
                    let inner = width - 22.0;
                    ui.set_width(inner);
                    // A value wider than its tile ("12 phút" at 1280×800) is drawn smaller
                    // rather than pushing the last tile off the screen.
                    let natural = ui
                        .painter()
                        .layout_no_wrap(
                            value.clone(),
                            egui::FontId::new(40.0, crate::ui::fonts::bold()),
                            Color32::BLACK,
                        )
                        .size()
                        .x;
                    let value_size = if natural > inner {
                        (40.0 * inner / natural).max(16.0)
                    } else {
                        40.0
                    };
                    let mut job = egui::text::LayoutJob::default();
                    job.append(
                        &format!("{}\n", tr(lang, key)),
                        0.0,
                        egui::TextFormat::simple(
                            egui::FontId::proportional(17.0),
                            Color32::from_gray(70),
                        ),
                    );
                    job.append(
                        &value,
                        0.0,
                        egui::TextFormat::simple(
                            egui::FontId::new(value_size, crate::ui::fonts::bold()),
                            Color32::from_rgb(10, 40, 90),
                        ),
                    );
                    ui.add(egui::Label::new(job).wrap());
                });
        }
    });
}

pub(super) fn arrivals_ui(ui: &mut egui::Ui, lang: Lang, report: &Report) {
    ui.label(RichText::new(tr(lang, "dash.arrivals")).size(22.0).strong());
    let labels: Vec<String> = report.arrivals.iter().map(|s| s.start.clone()).collect();
    let bars: Vec<Bar> = report
        .arrivals
        .iter()
        .enumerate()
        .map(|(i, slot)| {
            Bar::new(i as f64, f64::from(slot.people))
                .width(0.8)
                .name(&slot.start)
        })
        .collect();
    let tallest = report.arrivals.iter().map(|s| s.people).max().unwrap_or(0);
    let y_top = (f64::from(tallest) * 1.15).max(5.0);
    let chart = BarChart::new(tr(lang, "dash.people"), bars).color(Color32::from_rgb(0, 102, 204));
    Plot::new("arrivals")
        .height(200.0)
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .allow_double_click_reset(false)
        .show_grid([false, true])
        .include_y(0.0)
        // Room above the tallest bar, and at least 0–5, so the axis shows more than a lone 0
        // in a quiet first quarter-hour.
        .include_y(y_top)
        // A smaller tick font than the screen's body text: egui_plot drops a tick label taller
        // than the gap to the next one, which left only "0" on a 200-point chart.
        .custom_y_axes(vec![
            AxisHints::new_y()
                .tick_label_font(egui::FontId::proportional(13.0))
                .label_spacing(16.0..=24.0)
                .min_thickness(28.0)
                .formatter(|mark, _range| {
                    if mark.value.fract().abs() < 1e-6 && mark.value >= 0.0 {
                        format!("{}", mark.value as i64)
                    } else {
                        String::new()
                    }
                }),
        ])
        .x_axis_formatter(move |mark, _range| {
            let index = mark.value.round();
            if (mark.value - index).abs() > 1e-6 || index < 0.0 {
                return String::new();
            }
            labels.get(index as usize).cloned().unwrap_or_default()
        })
        .show(ui, |plot| plot.bar_chart(chart));
}

fn column_value(column: BoothColumn, row: &crate::report::BoothReport, serving: u32) -> i64 {
    let opt = |v: Option<u32>| v.map_or(-1, i64::from);
    match column {
        BoothColumn::Booth => 0,
        BoothColumn::Waiting => i64::from(row.waiting),
        BoothColumn::Serving => i64::from(serving),
        BoothColumn::Served => i64::from(row.served),
        BoothColumn::NoShow => i64::from(row.no_show),
        BoothColumn::MedianWait => opt(row.median_wait_s),
        BoothColumn::P90Wait => opt(row.p90_wait_s),
        BoothColumn::Hired => i64::from(row.outcomes.get("hired").copied().unwrap_or(0)),
    }
}

/// Width of the booth-name column of the booth table, in points.
const BOOTH_NAME_WIDTH: f32 = 160.0;

pub(super) fn booth_table_ui(
    ui: &mut egui::Ui,
    lang: Lang,
    snapshot: &Snapshot,
    sort: &mut (BoothColumn, bool),
) {
    ui.label(RichText::new(tr(lang, "dash.booths")).size(22.0).strong());
    let serving = |code: &str| {
        snapshot
            .booths
            .iter()
            .find(|b| b.code == code)
            .map_or(0, |b| b.serving)
    };
    let mut rows: Vec<(&crate::report::BoothReport, u32)> = snapshot
        .report
        .booths
        .iter()
        .map(|b| (b, serving(&b.code)))
        .collect();
    let (column, descending) = *sort;
    rows.sort_by(|a, b| {
        let order = if column == BoothColumn::Booth {
            a.0.code.cmp(&b.0.code)
        } else {
            column_value(column, a.0, a.1).cmp(&column_value(column, b.0, b.1))
        };
        let order = if descending { order.reverse() } else { order };
        order.then_with(|| a.0.code.cmp(&b.0.code))
    });
    egui::Grid::new("booth-table")
        .striped(true)
        .num_columns(BoothColumn::ALL.len() + 1)
        .spacing(vec2(10.0, 4.0))
        .show(ui, |ui| {
            for &col in BoothColumn::ALL {
                let arrow = match (col == column, descending) {
                    (true, true) => " v",
                    (true, false) => " ^",
                    _ => "",
                };
                let text = RichText::new(format!("{}{arrow}", tr(lang, col.key())))
                    .size(16.0)
                    .strong();
                if ui.add(egui::Button::new(text).frame(false)).clicked() {
                    *sort = if col == column {
                        (col, !descending)
                    } else {
                        // Numbers read best largest first; names A to Z.
                        (col, col != BoothColumn::Booth)
                    };
                }
            }
            ui.label(RichText::new(tr(lang, "col.outcomes")).size(16.0).strong());
            ui.end_row();
            for (row, serving) in rows {
                let cell = |ui: &mut egui::Ui, text: String| {
                    ui.label(RichText::new(text).size(16.0));
                };
                // A fixed width for the booth's name: enough to tell employers apart, while
                // the numbers keep their columns in half a laptop screen.
                ui.allocate_ui_with_layout(
                    vec2(BOOTH_NAME_WIDTH, 20.0),
                    egui::Layout::left_to_right(egui::Align::Center),
                    |ui| {
                        ui.set_width(BOOTH_NAME_WIDTH);
                        ui.add(
                            egui::Label::new(
                                RichText::new(format!("{} {}", row.code, row.name)).size(16.0),
                            )
                            .truncate(),
                        );
                    },
                );
                cell(ui, row.waiting.to_string());
                cell(ui, serving.to_string());
                cell(ui, row.served.to_string());
                cell(ui, row.no_show.to_string());
                cell(ui, minutes(lang, row.median_wait_s));
                cell(ui, minutes(lang, row.p90_wait_s));
                cell(
                    ui,
                    row.outcomes.get("hired").copied().unwrap_or(0).to_string(),
                );
                let outcomes: Vec<String> = row
                    .outcomes
                    .iter()
                    .filter(|(key, n)| **n > 0 && key.as_str() != "hired")
                    .map(|(key, n)| format!("{} {n}", tr(lang, &format!("outcome.{key}"))))
                    .collect();
                ui.add(egui::Label::new(RichText::new(outcomes.join(" · ")).size(14.0)).truncate());
                ui.end_row();
            }
        });
}

/// A breakdown label in `lang`: the report's keys are stable codes, translated here.
fn breakdown_label(lang: Lang, prefix: &str, count: &Count) -> String {
    let key = match (prefix, count.key.as_str()) {
        (_, "unknown") => "hh.unknown".to_string(),
        ("commune", "outside") => "hd.outside_list".to_string(),
        ("ethnic", "yes") => "yes".to_string(),
        ("ethnic", "no") => "no".to_string(),
        ("hh", k) => format!("hh.{k}"),
        ("gender", k) => format!("gender.{k}"),
        // Only "under_15" is a word; "15-24" and the other bands read the same in both.
        ("age", k) => format!("report.age.{k}"),
        _ => return count.label.clone(),
    };
    if crate::ui::i18n::has(&key) {
        tr(lang, &key).to_string()
    } else {
        count.label.clone()
    }
}

/// The accessible text of one breakdown bar: "label: people".
pub fn bar_text(label: &str, people: u32) -> String {
    format!("{label}: {people}")
}

fn bars_ui(ui: &mut egui::Ui, title: &str, rows: &[(String, u32)], color: Color32) {
    ui.label(RichText::new(title).size(20.0).strong());
    let max = rows.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1);
    let bar_width = (ui.available_width() * 0.45).max(60.0);
    for (label, people) in rows {
        ui.horizontal(|ui| {
            let (rect, _) = ui.allocate_exact_size(vec2(bar_width, 16.0), egui::Sense::hover());
            let filled = rect.width() * (*people as f32 / max as f32);
            ui.painter().rect_filled(rect, 2.0, Color32::from_gray(232));
            ui.painter().rect_filled(
                egui::Rect::from_min_size(rect.min, vec2(filled, rect.height())),
                2.0,
                color,
            );
            ui.label(RichText::new(bar_text(label, *people)).size(16.0));
        });
    }
    ui.add_space(6.0);
}

pub(super) fn breakdowns_ui(ui: &mut egui::Ui, lang: Lang, report: &Report) {
    let rows = |prefix: &str, counts: &[Count]| -> Vec<(String, u32)> {
        counts
            .iter()
            .map(|c| (breakdown_label(lang, prefix, c), c.people))
            .collect()
    };
    let blue = Color32::from_rgb(0, 102, 204);
    let green = Color32::from_rgb(0, 140, 90);
    let orange = Color32::from_rgb(220, 120, 0);
    bars_ui(
        ui,
        tr(lang, "dash.by_household"),
        &rows("hh", &report.by_household),
        orange,
    );
    bars_ui(
        ui,
        tr(lang, "dash.by_ethnic"),
        &rows("ethnic", &report.ethnic_minority),
        orange,
    );
    bars_ui(
        ui,
        tr(lang, "dash.by_gender"),
        &rows("gender", &report.by_gender),
        green,
    );
    bars_ui(
        ui,
        tr(lang, "dash.by_age"),
        &rows("age", &report.by_age_band),
        green,
    );
    bars_ui(
        ui,
        tr(lang, "dash.by_commune"),
        &rows("commune", &report.by_commune),
        blue,
    );
}
