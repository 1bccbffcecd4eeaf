//! The words of the exported workbook and slips, Vietnamese first (DESIGN §1 wording), in
//! one table. The app's screens have their own table; exports keep theirs here so a report
//! can be produced without the UI.

use serde::{Deserialize, Serialize};

/// The language of an export.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Tiếng Việt (the default).
    #[default]
    Vi,
    /// English.
    En,
}

/// key, Vietnamese, English.
const STRINGS: &[(&str, &str, &str)] = &[
    // Sheet names (Excel allows at most 31 characters and no `/ \ ? * [ ] :`).
    ("sheet.summary", "Tổng hợp", "Summary"),
    ("sheet.commune", "Theo xã", "By commune"),
    ("sheet.household", "Theo diện hộ", "By household"),
    ("sheet.gender", "Theo giới tính", "By gender"),
    ("sheet.age", "Theo độ tuổi", "By age band"),
    ("sheet.ethnic", "Dân tộc thiểu số", "Ethnic minority"),
    ("sheet.booths", "Theo gian", "By booth"),
    ("sheet.arrivals", "Lượt đến 15 phút", "Arrivals per 15 min"),
    ("sheet.attendees", "Danh sách theo dõi", "Follow-up list"),
    // Summary.
    (
        "title",
        "BÁO CÁO KẾT QUẢ NGÀY HỘI VIỆC LÀM",
        "JOB FAIR RESULTS REPORT",
    ),
    ("event", "Sự kiện", "Event"),
    ("date", "Ngày", "Date"),
    ("range", "Thời gian", "Time range"),
    ("range.all", "Cả ngày", "Whole day"),
    ("generated", "Lập lúc", "Generated at"),
    ("item", "Chỉ tiêu", "Item"),
    ("value", "Số lượng", "Number"),
    ("people", "Số người tham gia", "People checked in"),
    (
        "checkins",
        "Số lượt vào cổng",
        "Check-ins (incl. re-entries)",
    ),
    ("visits", "Số lượt người đến gian", "Visits to booths"),
    ("walk_ins", "Đăng ký tại chỗ", "Walk-ins"),
    ("pre_registered", "Đăng ký trước", "Pre-registered"),
    ("counselled", "Số người được tư vấn", "People counselled"),
    (
        "interviewed",
        "Số người được phỏng vấn",
        "People interviewed",
    ),
    ("hired", "Trúng tuyển tại chỗ", "Hired on the spot"),
    ("training", "Giới thiệu học nghề", "Referred to training"),
    (
        "vacancies_offered",
        "Số chỉ tiêu tuyển dụng",
        "Vacancies offered",
    ),
    ("employers", "Số doanh nghiệp", "Employers"),
    ("on_site_now", "Đang có mặt", "On site now"),
    ("unit.people", "người", "people"),
    ("unit.visits", "lượt", "visits"),
    // Breakdowns.
    ("commune", "Xã/Phường", "Commune"),
    ("household", "Diện hộ", "Household"),
    ("gender", "Giới tính", "Gender"),
    ("age_band", "Độ tuổi", "Age band"),
    ("ethnic_minority", "Dân tộc thiểu số", "Ethnic minority"),
    ("count.people", "Số người", "People"),
    ("total", "Tổng cộng", "Total"),
    ("unknown", "Không rõ", "Unknown"),
    ("hh.poor", "Hộ nghèo", "Poor"),
    ("hh.near_poor", "Hộ cận nghèo", "Near-poor"),
    ("hh.escaped", "Hộ mới thoát nghèo", "Newly out of poverty"),
    ("hh.other", "Khác", "Other"),
    ("gender.male", "Nam", "Male"),
    ("gender.female", "Nữ", "Female"),
    ("age.under_15", "Dưới 15", "Under 15"),
    ("yes", "Có", "Yes"),
    ("no", "Không", "No"),
    ("ethnic.yes", "Dân tộc thiểu số", "Ethnic minority"),
    ("ethnic.no", "Dân tộc Kinh", "Not a minority"),
    // Booths.
    ("booth.code", "Mã gian", "Booth"),
    ("booth.name", "Đơn vị", "Name"),
    ("booth.kind", "Loại", "Kind"),
    ("kind.employer", "Nhà tuyển dụng", "Employer"),
    ("kind.counselling", "Tư vấn", "Counselling"),
    ("kind.service", "Dịch vụ", "Service"),
    ("issued", "Số phiếu", "Tickets issued"),
    ("served", "Đã phục vụ", "Served"),
    ("no_show", "Vắng mặt", "No-show"),
    ("cancelled", "Đã huỷ", "Cancelled"),
    ("transferred", "Chuyển gian", "Transferred"),
    ("waiting", "Đang chờ", "Waiting now"),
    ("median_wait", "Chờ trung vị (phút)", "Median wait (min)"),
    ("p90_wait", "Chờ 90% (phút)", "90th pct wait (min)"),
    (
        "median_service",
        "Phục vụ trung vị (phút)",
        "Median service (min)",
    ),
    ("vacancies", "Chỉ tiêu", "Vacancies"),
    ("outcome.interviewed", "Đã phỏng vấn", "Interviewed"),
    ("outcome.hired", "Trúng tuyển tại chỗ", "Hired on the spot"),
    (
        "outcome.shortlisted",
        "Hẹn phỏng vấn vòng sau",
        "Shortlisted",
    ),
    ("outcome.not_suitable", "Chưa phù hợp", "Not suitable"),
    (
        "outcome.training",
        "Giới thiệu học nghề",
        "Referred to training",
    ),
    ("outcome.counselled", "Đã tư vấn", "Counselled"),
    // Arrivals.
    ("slot", "Khung giờ", "From"),
    ("arrivals.people", "Người đến lần đầu", "People arriving"),
    ("arrivals.checkins", "Lượt vào cổng", "Check-ins"),
    (
        "arrivals.chart",
        "Lượt đến theo 15 phút",
        "Arrivals per 15 minutes",
    ),
    // Follow-up list.
    ("no.", "STT", "No."),
    ("reg_code", "Mã đăng ký", "Registration code"),
    ("full_name", "Họ và tên", "Full name"),
    ("phone", "Số điện thoại", "Phone"),
    ("birth_year", "Năm sinh", "Birth year"),
    ("source", "Nguồn", "Source"),
    ("source.pre_registered", "Đăng ký trước", "Pre-registered"),
    ("source.walk_in", "Tại chỗ", "Walk-in"),
    ("first_entry", "Giờ đến", "Arrived"),
    ("booths_visited", "Gian đã đến", "Booths visited"),
    ("results", "Kết quả", "Outcomes"),
    ("state.waiting", "đang chờ", "waiting"),
    ("state.called", "đang gọi", "called"),
    ("state.serving", "đang phục vụ", "serving"),
    ("state.done", "hoàn thành", "done"),
    ("state.no_show", "vắng mặt", "no-show"),
    ("state.cancelled", "đã huỷ", "cancelled"),
    ("state.transferred", "chuyển gian", "transferred"),
    // Slips.
    ("slip.title", "PHIẾU ĐĂNG KÝ", "REGISTRATION SLIP"),
    (
        "slip.hint",
        "Mang phiếu này đến quét tại cổng",
        "Bring this slip and scan it at the entrance",
    ),
];

/// The text of `key` in `lang`, if the table has it.
pub fn lookup(lang: Lang, key: &str) -> Option<&'static str> {
    STRINGS
        .iter()
        .find(|(k, _, _)| *k == key)
        .map(|(_, vi, en)| match lang {
            Lang::Vi => *vi,
            Lang::En => *en,
        })
}

/// The text of `key` in `lang`; "?" when missing, so a gap shows rather than breaking an
/// export (the tests cover every key the exports use).
pub fn t(lang: Lang, key: &str) -> &'static str {
    lookup(lang, key).unwrap_or("?")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_unique_and_sheet_names_fit_excel() {
        let mut keys: Vec<&str> = STRINGS.iter().map(|(k, _, _)| *k).collect();
        keys.sort_unstable();
        let n = keys.len();
        keys.dedup();
        assert_eq!(keys.len(), n);
        for (k, vi, en) in STRINGS.iter().filter(|(k, _, _)| k.starts_with("sheet.")) {
            assert!(vi.chars().count() <= 31 && en.chars().count() <= 31, "{k}");
        }
    }

    #[test]
    fn uses_the_design_wording() {
        assert_eq!(t(Lang::Vi, "hh.near_poor"), "Hộ cận nghèo");
        assert_eq!(t(Lang::Vi, "outcome.hired"), "Trúng tuyển tại chỗ");
        assert_eq!(t(Lang::En, "outcome.hired"), "Hired on the spot");
    }
}
