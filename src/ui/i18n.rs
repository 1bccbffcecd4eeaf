//! The one translation table of the user interface (DESIGN §1): every string a user sees is
//! looked up here by key, in Vietnamese (the default) or English.
//!
//! Placeholders are written `{name}` and filled by [`trf`]. A key missing from the table shows
//! the key itself (so a slip is visible on screen, never a crash); a unit test checks that every
//! key the UI uses exists.

/// The interface language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// Vietnamese, the default.
    #[default]
    Vi,
    /// English.
    En,
}

/// `(key, vi, en)`. Keep keys sorted by screen; never reuse a key for another meaning.
pub const TABLE: &[(&str, &str, &str)] = &[
    // DESIGN §1 wording.
    (
        "welcome",
        "Chào mừng đến Ngày hội việc làm",
        "Welcome to the job fair",
    ),
    (
        "scan_prompt",
        "Quét mã QR trên thẻ căn cước hoặc phiếu đăng ký",
        "Scan the QR code on your ID card or registration slip",
    ),
    (
        "type_prompt",
        "Hoặc nhập số CCCD / số điện thoại",
        "Or type your ID or phone number",
    ),
    (
        "pick_employers",
        "Chọn nhà tuyển dụng muốn gặp (tối đa {n})",
        "Choose up to {n} employers to meet",
    ),
    (
        "counselling",
        "Tư vấn việc làm, học nghề",
        "Job and training counselling",
    ),
    ("your_tickets", "Số thứ tự của bạn", "Your queue numbers"),
    (
        "now_serving",
        "Mời số {ticket} đến {desk}",
        "Ticket {ticket}, please go to {desk}",
    ),
    ("call_next", "Gọi số tiếp theo", "Call next"),
    ("recall", "Gọi lại", "Call again"),
    ("no_show", "Vắng mặt", "No-show"),
    ("done", "Hoàn thành", "Done"),
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
    ("hh.poor", "Hộ nghèo", "Poor"),
    ("hh.near_poor", "Hộ cận nghèo", "Near-poor"),
    ("hh.escaped", "Hộ mới thoát nghèo", "Newly out of poverty"),
    ("hh.other", "Khác", "Other"),
    ("ethnic_minority", "Dân tộc thiểu số", "Ethnic minority"),
    // ---- Staff and organiser screens (issue 4: booth, board, dashboard, setup). ----
    (
        "booth.title",
        "Quầy {booth} · {desk}",
        "Booth {booth} · {desk}",
    ),
    ("booth.waiting", "Đang chờ: {n}", "Waiting: {n}"),
    ("booth.next", "Số tiếp theo:", "Next:"),
    (
        "booth.none_waiting",
        "Không có ai đang chờ.",
        "Nobody is waiting.",
    ),
    ("booth.idle", "Bàn đang trống.", "The desk is free."),
    ("booth.start", "Bắt đầu", "Start"),
    ("booth.transfer", "Chuyển quầy", "Transfer"),
    (
        "booth.transfer_to",
        "Chuyển sang quầy:",
        "Transfer to booth:",
    ),
    ("booth.pause", "Tạm dừng bàn", "Pause desk"),
    ("booth.resume", "Mở lại bàn", "Reopen desk"),
    (
        "booth.paused",
        "Bàn đang tạm dừng: không gọi số mới.",
        "This desk is paused: no new calls.",
    ),
    ("booth.outcome", "Kết quả:", "Outcome:"),
    ("booth.note", "Ghi chú", "Note"),
    (
        "booth.pick_outcome",
        "Chọn kết quả rồi bấm Hoàn thành.",
        "Choose an outcome, then Done.",
    ),
    (
        "booth.reinstate",
        "Xếp lại hàng: {ticket}",
        "Back in line: {ticket}",
    ),
    (
        "booth.no_show_done",
        "{ticket}: vắng mặt.",
        "{ticket}: no-show.",
    ),
    (
        "booth.finished",
        "{ticket}: {outcome}.",
        "{ticket}: {outcome}.",
    ),
    (
        "booth.transferred",
        "{ticket} đã chuyển sang quầy {booth} (số mới {new}).",
        "{ticket} moved to booth {booth} (new number {new}).",
    ),
    (
        "booth.reinstated",
        "{ticket} đã được xếp lại cuối hàng.",
        "{ticket} is back at the end of the line.",
    ),
    (
        "booth.nobody_to_call",
        "Không có ai để gọi.",
        "Nobody to call.",
    ),
    ("booth.state.called", "Đang mời", "Called"),
    (
        "booth.state.serving",
        "Đang phỏng vấn / tư vấn",
        "Being served",
    ),
    ("booth.recalls", "đã gọi lại {n} lần", "recalled {n}×"),
    ("booth.waited", "Đã chờ {n} phút", "Waited {n} min"),
    (
        "booth.unknown_booth",
        "Không có quầy {booth}.",
        "There is no booth {booth}.",
    ),
    ("p.age", "Tuổi", "Age"),
    ("p.gender", "Giới tính", "Gender"),
    ("p.commune", "Xã/phường", "Commune"),
    ("p.education", "Học vấn", "Education"),
    ("p.interests", "Ngành quan tâm", "Interests"),
    ("p.household", "Hộ gia đình", "Household"),
    ("p.source", "Đăng ký", "Registration"),
    ("p.pre_registered", "Đăng ký trước", "Pre-registered"),
    ("p.walk_in", "Đến trực tiếp", "Walk-in"),
    ("gender.male", "Nam", "Male"),
    ("gender.female", "Nữ", "Female"),
    ("hh.unknown", "Chưa rõ", "Unknown"),
    (
        "err.desk_busy",
        "Bàn {desk} đang bận với số {ticket}.",
        "Desk {desk} is busy with {ticket}.",
    ),
    (
        "err.desk_idle",
        "Bàn chưa mời ai.",
        "The desk has nobody called.",
    ),
    (
        "err.desk_paused",
        "Bàn đang tạm dừng.",
        "The desk is paused.",
    ),
    (
        "err.invalid_transition",
        "Số {ticket} không còn ở trạng thái này (có thể bàn khác đã nhận).",
        "Ticket {ticket} is no longer in that state (another desk may have taken it).",
    ),
    (
        "err.booth_closed",
        "Quầy {booth} đã đóng.",
        "Booth {booth} is closed.",
    ),
    (
        "err.unavailable",
        "Mất kết nối máy chủ.",
        "Cannot reach the hub.",
    ),
    (
        "err.other",
        "Không thực hiện được: {reason}",
        "Could not do that: {reason}",
    ),
    ("board.calling", "MỜI SỐ", "NOW CALLING"),
    ("board.to", "ĐẾN", "TO"),
    ("board.ticket", "Số", "Ticket"),
    ("board.desk", "Bàn", "Desk"),
    ("board.booth", "Gian / Quầy", "Booth"),
    ("board.waiting", "Đang chờ", "Waiting"),
    (
        "board.no_calls",
        "Chưa có số nào được mời.",
        "No tickets called yet.",
    ),
    ("dash.title", "Bảng điều hành", "Dashboard"),
    ("dash.people", "Người đã vào", "People checked in"),
    ("dash.on_site", "Đang có mặt", "On site now"),
    ("dash.visits", "Lượt gặp quầy", "Booth visits"),
    ("dash.waiting", "Đang chờ", "Waiting now"),
    ("dash.served", "Đã phục vụ", "Served"),
    ("dash.hired", "Trúng tuyển tại chỗ", "Hired on the spot"),
    ("dash.median_wait", "Chờ (trung vị)", "Median wait"),
    (
        "dash.arrivals",
        "Người đến mỗi 15 phút",
        "Arrivals per 15 minutes",
    ),
    ("dash.booths", "Theo quầy", "By booth"),
    ("dash.by_commune", "Theo xã/phường", "By commune"),
    ("dash.by_household", "Theo hộ gia đình", "By household"),
    ("dash.by_gender", "Theo giới tính", "By gender"),
    ("dash.by_age", "Theo độ tuổi", "By age band"),
    ("dash.by_ethnic", "Dân tộc thiểu số", "Ethnic minority"),
    ("dash.export_csv", "Xuất CSV", "Export CSV"),
    (
        "dash.export_xlsx",
        "Xuất Excel (sắp có)",
        "Export Excel (coming)",
    ),
    ("dash.export_path", "Lưu vào tệp", "Save to file"),
    ("dash.exported", "Đã lưu {path}", "Saved {path}"),
    (
        "dash.export_failed",
        "Không lưu được: {reason}",
        "Could not save: {reason}",
    ),
    ("dash.updated", "Cập nhật lúc {time}", "Updated at {time}"),
    ("col.booth", "Quầy", "Booth"),
    ("col.waiting", "Chờ", "Waiting"),
    ("col.serving", "Đang gặp", "Serving"),
    ("col.served", "Xong", "Served"),
    ("col.no_show", "Vắng", "No-show"),
    ("col.median_wait", "Chờ TB", "Median wait"),
    ("col.p90_wait", "Chờ P90", "P90 wait"),
    ("col.hired", "Tuyển", "Hired"),
    ("col.outcomes", "Kết quả", "Outcomes"),
    ("minutes", "{n} phút", "{n} min"),
    ("unlock", "Mở khoá", "Unlock"),
    ("setup.title", "Thiết lập", "Setup"),
    ("setup.event", "Sự kiện", "Event"),
    ("setup.booths", "Quầy và bàn", "Booths and desks"),
    ("setup.open", "Đang mở", "Open"),
    ("setup.paused", "Tạm dừng", "Paused"),
    (
        "setup.import_attendees",
        "Nhập danh sách đăng ký (CSV)",
        "Import the attendee list (CSV)",
    ),
    (
        "setup.import_booths",
        "Nhập danh sách quầy (CSV)",
        "Import the booth list (CSV)",
    ),
    ("setup.file", "Đường dẫn tệp", "File path"),
    ("setup.import", "Nhập", "Import"),
    ("setup.imported", "Đã nhập {n} dòng.", "Imported {n} rows."),
    (
        "setup.rejected",
        "Không nhập dòng nào: {n} dòng lỗi.",
        "Nothing imported: {n} rows rejected.",
    ),
    (
        "setup.line",
        "Dòng {line}: {reason}",
        "Line {line}: {reason}",
    ),
    ("setup.add_booth", "Thêm quầy", "Add booth"),
    ("setup.code", "Mã", "Code"),
    ("setup.name", "Tên", "Name"),
    ("setup.location", "Vị trí", "Location"),
    ("setup.desks", "Số bàn", "Desks"),
    ("setup.added", "Đã thêm quầy {code}.", "Added booth {code}."),
    ("setup.counselling", "Quầy tư vấn", "Counselling booth"),
    // ---- End of the staff and organiser block. ----
    // Welcome.
    (
        "help_line",
        "Cần hỗ trợ? Mời đến bàn hướng dẫn.",
        "Need help? Please go to the help desk.",
    ),
    ("key.delete", "Xoá", "Delete"),
    ("key.ok", "OK", "OK"),
    ("lang.vi", "VI", "VI"),
    ("lang.en", "EN", "EN"),
    ("organiser", "Ban tổ chức", "Organisers"),
    ("loading", "Đang tải…", "Loading…"),
    ("working", "Xin chờ một chút…", "One moment, please…"),
    // Greeting and questions.
    ("greeting", "Xin chào, {name}", "Hello, {name}"),
    (
        "questions_intro",
        "Xin trả lời nếu bạn muốn (có thể bỏ qua):",
        "Please answer if you like (you may skip):",
    ),
    ("q.household", "Hộ gia đình của bạn:", "Your household:"),
    (
        "q.ethnic_minority",
        "Bạn là người dân tộc thiểu số?",
        "Are you from an ethnic minority?",
    ),
    ("q.phone", "Số điện thoại:", "Phone number:"),
    ("yes", "Có", "Yes"),
    ("no", "Không", "No"),
    ("continue", "Tiếp tục", "Continue"),
    ("skip_all", "Bỏ qua", "Skip"),
    (
        "phone_invalid",
        "Số điện thoại chưa đúng. Xin nhập lại hoặc xoá đi.",
        "That phone number is not valid. Please retype or clear it.",
    ),
    // Damaged name.
    (
        "name_check",
        "Tên của bạn có đúng như sau không?",
        "Is this your name?",
    ),
    ("name_ok", "Đúng", "Yes, correct"),
    ("name_fix", "Sửa tên", "Correct it"),
    (
        "name_retype",
        "Nhập lại họ và tên của bạn:",
        "Type your full name:",
    ),
    ("save", "Lưu", "Save"),
    (
        "name_invalid",
        "Tên phải có từ 1 đến 100 ký tự.",
        "A name must be 1 to 100 characters.",
    ),
    // Choose.
    ("cancel", "Huỷ", "Cancel"),
    (
        "get_tickets",
        "NHẬN SỐ THỨ TỰ ({n})",
        "GET QUEUE NUMBERS ({n})",
    ),
    ("vacancies", "{n} chỉ tiêu", "{n} vacancies"),
    ("waiting", "{n} người chờ", "{n} waiting"),
    ("wait_min", "~{n} phút", "~{n} min"),
    (
        "choose_left",
        "Bạn có thể chọn thêm {n}",
        "You may choose {n} more",
    ),
    (
        "no_booths",
        "Hiện chưa có gian nào nhận thêm. Mời đến bàn hướng dẫn.",
        "No booth is taking people right now. Please go to the help desk.",
    ),
    // Tickets.
    (
        "rescan_hint",
        "Quét lại mã này để xem lượt của bạn",
        "Scan this code again to see your turns",
    ),
    ("position", "Trước bạn: {n} người", "{n} ahead of you"),
    ("ticket_called", "Đang được mời", "Being called now"),
    ("finish", "XONG", "DONE"),
    (
        "auto_return",
        "(tự quay lại sau {n} giây)",
        "(returns by itself in {n} s)",
    ),
    ("add_more", "Chọn thêm (còn {n})", "Choose more ({n} left)"),
    (
        "already_tickets",
        "Bạn đã có số thứ tự:",
        "You already have queue numbers:",
    ),
    (
        "some_failed",
        "Một số gian không nhận thêm được. Mời chọn gian khác.",
        "Some booths could not take you. Please choose another.",
    ),
    // Errors (by reason code).
    (
        "reason.unknown_reg_code",
        "Không tìm thấy mã đăng ký này.",
        "This registration code was not found.",
    ),
    (
        "reason.unknown_id_number",
        "Không tìm thấy số CCCD này trong danh sách. Bạn có thể quét mã QR trên thẻ căn cước để đăng ký.",
        "This ID number is not on the list. Scan the QR code on your ID card to register.",
    ),
    (
        "reason.unknown_phone",
        "Không tìm thấy số điện thoại này. Bạn có thể quét mã QR trên thẻ căn cước.",
        "This phone number was not found. You can scan the QR code on your ID card.",
    ),
    (
        "reason.phone_shared",
        "Số điện thoại này dùng cho nhiều người. Xin quét thẻ căn cước hoặc phiếu đăng ký.",
        "Several people share this phone number. Please scan your ID card or slip.",
    ),
    (
        "reason.reg_code_check",
        "Mã không hợp lệ: có thể bị nhập sai một ký tự. Xin kiểm tra lại.",
        "Invalid code: a character may be mistyped. Please check it.",
    ),
    (
        "reason.reg_code_malformed",
        "Mã không hợp lệ. Xin kiểm tra lại.",
        "Invalid code. Please check it.",
    ),
    (
        "reason.wrong_event",
        "Phiếu này dành cho một ngày hội khác.",
        "This slip is for another job fair.",
    ),
    (
        "reason.id_century",
        "Số CCCD không hợp lệ. Xin kiểm tra lại.",
        "This ID number is not valid. Please check it.",
    ),
    (
        "reason.id_future_year",
        "Số CCCD không hợp lệ. Xin kiểm tra lại.",
        "This ID number is not valid. Please check it.",
    ),
    (
        "reason.id_malformed",
        "Số CCCD phải có 12 chữ số.",
        "An ID number has 12 digits.",
    ),
    (
        "reason.old_id_number",
        "Đây là số CMND cũ (9 số). Xin dùng số CCCD 12 số hoặc quét thẻ.",
        "This is an old 9-digit ID. Please use the 12-digit number or scan the card.",
    ),
    (
        "reason.phone_malformed",
        "Số điện thoại không hợp lệ.",
        "This phone number is not valid.",
    ),
    (
        "reason.cccd_malformed",
        "Không đọc được mã trên thẻ. Xin quét lại.",
        "The card's code could not be read. Please scan again.",
    ),
    (
        "reason.too_long",
        "Mã không hợp lệ. Xin quét lại.",
        "Invalid code. Please scan again.",
    ),
    (
        "reason.other",
        "Mã không hợp lệ. Xin thử lại.",
        "Invalid code. Please try again.",
    ),
    (
        "reason.unavailable",
        "Máy đang tạm mất kết nối. Xin thử lại sau ít phút.",
        "This kiosk is briefly offline. Please try again in a moment.",
    ),
    (
        "get_help",
        "Nếu cần, mời đến bàn hướng dẫn ở cửa vào.",
        "If you need help, please go to the help desk at the entrance.",
    ),
    ("back", "Quay lại", "Back"),
    // Organiser lock.
    (
        "pin_prompt",
        "Nhập mã PIN của ban tổ chức",
        "Enter the organiser PIN",
    ),
    ("pin_wrong", "Sai mã PIN.", "Wrong PIN."),
    ("exit_app", "Thoát ứng dụng", "Quit the app"),
    (
        "organiser_menu",
        "Ban tổ chức: chọn việc",
        "Organisers: choose an action",
    ),
    // ---- The hub (issue 5): a kiosk without its hub, staff screens reconnecting. ----
    (
        "hub.offline",
        "Đang mất kết nối với máy chủ. Máy vẫn nhận quét thẻ; lấy số thứ tự và mã PIN cần có kết nối.",
        "No connection to the hub. Scans are still accepted; queue numbers and the PIN need the connection.",
    ),
    (
        "hub.waiting",
        "{n} lượt quét đang chờ gửi.",
        "{n} scans waiting to be sent.",
    ),
    (
        "hub.sending",
        "Đã có kết nối lại. Đang gửi {n} lượt quét đã lưu…",
        "Connected again. Sending {n} saved scans…",
    ),
    (
        "hub.saved",
        "Đã lưu lượt quét của bạn. Máy sẽ gửi đi khi có mạng trở lại. Muốn lấy số thứ tự, xin quét lại sau ít phút.",
        "Your scan is saved and will be sent when the network returns. For a queue number, please scan again in a few minutes.",
    ),
    (
        "hub.needs_hub",
        "Máy đang mất kết nối nên chưa lấy được số thứ tự. Bạn đã được ghi nhận đến; xin quét lại sau ít phút.",
        "This kiosk has lost its connection, so it cannot give queue numbers now. Your arrival is recorded; please scan again in a few minutes.",
    ),
    (
        "hub.pin_offline",
        "Cần kết nối máy chủ để kiểm tra mã PIN.",
        "Checking the PIN needs the connection to the hub.",
    ),
    ("hub.reconnecting", "Đang kết nối lại…", "Reconnecting…"),
];

/// The string for `key` in `lang`; the key itself when missing.
pub fn tr(lang: Lang, key: &str) -> &str {
    match TABLE.iter().find(|(k, _, _)| *k == key) {
        Some((_, vi, en)) => match lang {
            Lang::Vi => vi,
            Lang::En => en,
        },
        None => key,
    }
}

/// Whether the table has `key`.
pub fn has(key: &str) -> bool {
    TABLE.iter().any(|(k, _, _)| *k == key)
}

/// The string for `key` with `{name}` placeholders replaced.
pub fn trf(lang: Lang, key: &str, args: &[(&str, &str)]) -> String {
    let mut text = tr(lang, key).to_string();
    for (name, value) in args {
        text = text.replace(&format!("{{{name}}}"), value);
    }
    text
}

/// Every Vietnamese letter, lower and upper case, with every tone mark: the glyphs a font must
/// cover for names and wording (used by the glyph-coverage test and the font check).
pub const VIETNAMESE_LETTERS: &str = "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ\
AÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬBCDĐEÈÉẺẼẸÊỀẾỂỄỆGHIÌÍỈĨỊKLMNOÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢPQRSTUÙÚỦŨỤƯỪỨỬỮỰVXYỲÝỶỸỴ";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_unique_and_both_languages_are_filled() {
        for (i, (key, vi, en)) in TABLE.iter().enumerate() {
            assert!(!vi.is_empty() && !en.is_empty(), "{key} is empty");
            assert!(
                TABLE[i + 1..].iter().all(|(k, _, _)| k != key),
                "{key} twice"
            );
        }
    }

    #[test]
    fn placeholders_are_filled_in_both_languages() {
        assert_eq!(
            trf(Lang::Vi, "pick_employers", &[("n", "3")]),
            "Chọn nhà tuyển dụng muốn gặp (tối đa 3)"
        );
        assert_eq!(
            trf(
                Lang::En,
                "now_serving",
                &[("ticket", "A007"), ("desk", "A1")]
            ),
            "Ticket A007, please go to A1"
        );
        assert_eq!(tr(Lang::Vi, "no.such.key"), "no.such.key");
    }

    #[test]
    fn the_letter_list_has_all_178_vietnamese_letters() {
        // 29 base letters, of which the 12 vowels a ă â e ê i o ô ơ u ư y carry five tone
        // marks each: 89 lower-case letters and their capitals.
        assert_eq!(VIETNAMESE_LETTERS.chars().count(), 178);
    }
}
