//! The one translation table (DESIGN §1): every string a user sees — on a screen, in an
//! exported workbook or on a registration slip — is looked up here by key, in Vietnamese (the
//! default) or English. Export keys start with `report.`; the export code looks them up through
//! [`crate::report::i18n`], so a report can be made without the UI.
//!
//! Placeholders are written `{name}` and filled by [`trf`]. A key missing from the table shows
//! the key itself (so a slip is visible on screen, never a crash); a unit test checks that every
//! key the UI uses exists.

use serde::{Deserialize, Serialize};

/// The language of the interface and of exports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
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
    (
        "booth.no_show_in",
        "Vắng mặt (sau {s} giây)",
        "No-show (in {s} s)",
    ),
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
    // ---- Exports: the workbook and the slips (read through `report::i18n`). ----
    // Sheet names (Excel allows at most 31 characters and no `/ \ ? * [ ] :`).
    ("report.sheet.summary", "Tổng hợp", "Summary"),
    ("report.sheet.commune", "Theo xã", "By commune"),
    ("report.sheet.household", "Theo diện hộ", "By household"),
    ("report.sheet.gender", "Theo giới tính", "By gender"),
    ("report.sheet.age", "Theo độ tuổi", "By age band"),
    ("report.sheet.ethnic", "Dân tộc thiểu số", "Ethnic minority"),
    ("report.sheet.booths", "Theo gian", "By booth"),
    (
        "report.sheet.arrivals",
        "Lượt đến 15 phút",
        "Arrivals per 15 min",
    ),
    (
        "report.sheet.attendees",
        "Danh sách theo dõi",
        "Follow-up list",
    ),
    // Summary.
    (
        "report.title",
        "BÁO CÁO KẾT QUẢ NGÀY HỘI VIỆC LÀM",
        "JOB FAIR RESULTS REPORT",
    ),
    ("report.event", "Sự kiện", "Event"),
    ("report.date", "Ngày", "Date"),
    ("report.range", "Thời gian", "Time range"),
    ("report.range.all", "Cả ngày", "Whole day"),
    ("report.generated", "Lập lúc", "Generated at"),
    ("report.item", "Chỉ tiêu", "Item"),
    ("report.value", "Số lượng", "Number"),
    ("report.people", "Số người tham gia", "People checked in"),
    (
        "report.checkins",
        "Số lượt vào cổng",
        "Check-ins (incl. re-entries)",
    ),
    (
        "report.visits",
        "Số lượt người đến gian",
        "Visits to booths",
    ),
    ("report.walk_ins", "Đăng ký tại chỗ", "Walk-ins"),
    ("report.pre_registered", "Đăng ký trước", "Pre-registered"),
    (
        "report.counselled",
        "Số người được tư vấn",
        "People counselled",
    ),
    (
        "report.interviewed",
        "Số người được phỏng vấn",
        "People interviewed",
    ),
    ("report.hired", "Trúng tuyển tại chỗ", "Hired on the spot"),
    (
        "report.training",
        "Giới thiệu học nghề",
        "Referred to training",
    ),
    (
        "report.vacancies_offered",
        "Số chỉ tiêu tuyển dụng",
        "Vacancies offered",
    ),
    ("report.employers", "Số doanh nghiệp", "Employers"),
    ("report.on_site_now", "Đang có mặt", "On site now"),
    ("report.unit.people", "người", "people"),
    ("report.unit.visits", "lượt", "visits"),
    // Breakdowns.
    ("report.commune", "Xã/Phường", "Commune"),
    ("report.household", "Diện hộ", "Household"),
    ("report.gender", "Giới tính", "Gender"),
    ("report.age_band", "Độ tuổi", "Age band"),
    ("report.count.people", "Số người", "People"),
    ("report.total", "Tổng cộng", "Total"),
    ("report.unknown", "Không rõ", "Unknown"),
    ("report.outside", "Ngoài danh sách", "Outside the list"),
    ("report.age.under_15", "Dưới 15", "Under 15"),
    ("report.ethnic.yes", "Dân tộc thiểu số", "Ethnic minority"),
    ("report.ethnic.no", "Dân tộc Kinh", "Not a minority"),
    // Booths.
    ("report.booth.code", "Mã gian", "Booth"),
    ("report.booth.name", "Đơn vị", "Name"),
    ("report.booth.kind", "Loại", "Kind"),
    ("report.kind.employer", "Nhà tuyển dụng", "Employer"),
    ("report.kind.counselling", "Tư vấn", "Counselling"),
    ("report.kind.service", "Dịch vụ", "Service"),
    ("report.issued", "Số phiếu", "Tickets issued"),
    ("report.served", "Đã phục vụ", "Served"),
    ("report.cancelled", "Đã huỷ", "Cancelled"),
    ("report.transferred", "Chuyển gian", "Transferred"),
    ("report.waiting", "Đang chờ", "Waiting now"),
    (
        "report.median_wait",
        "Chờ trung vị (phút)",
        "Median wait (min)",
    ),
    ("report.p90_wait", "Chờ 90% (phút)", "90th pct wait (min)"),
    (
        "report.median_service",
        "Phục vụ trung vị (phút)",
        "Median service (min)",
    ),
    ("report.vacancies", "Chỉ tiêu", "Vacancies"),
    // Arrivals.
    ("report.slot", "Khung giờ", "From"),
    (
        "report.arrivals.people",
        "Người đến lần đầu",
        "People arriving",
    ),
    ("report.arrivals.checkins", "Lượt vào cổng", "Check-ins"),
    (
        "report.arrivals.chart",
        "Lượt đến theo 15 phút",
        "Arrivals per 15 minutes",
    ),
    // Follow-up list.
    ("report.no.", "STT", "No."),
    ("report.reg_code", "Mã đăng ký", "Registration code"),
    ("report.full_name", "Họ và tên", "Full name"),
    ("report.phone", "Số điện thoại", "Phone"),
    ("report.birth_year", "Năm sinh", "Birth year"),
    ("report.source", "Nguồn", "Source"),
    (
        "report.source.pre_registered",
        "Đăng ký trước",
        "Pre-registered",
    ),
    ("report.source.walk_in", "Tại chỗ", "Walk-in"),
    ("report.first_entry", "Giờ đến", "Arrived"),
    ("report.booths_visited", "Gian đã đến", "Booths visited"),
    ("report.results", "Kết quả", "Outcomes"),
    ("report.state.waiting", "đang chờ", "waiting"),
    ("report.state.called", "đang gọi", "called"),
    ("report.state.serving", "đang phục vụ", "serving"),
    ("report.state.done", "hoàn thành", "done"),
    ("report.state.no_show", "vắng mặt", "no-show"),
    ("report.state.cancelled", "đã huỷ", "cancelled"),
    ("report.state.transferred", "chuyển gian", "transferred"),
    // Slips.
    ("report.slip.title", "PHIẾU ĐĂNG KÝ", "REGISTRATION SLIP"),
    (
        "report.slip.hint",
        "Mang phiếu này đến quét tại cổng",
        "Bring this slip and scan it at the entrance",
    ),
    // The follow-up columns of the follow-up list, filled by staff who call people weeks after
    // the fair (issue 16), and read back by `fairdesk followup import`.
    (
        "report.followup.result",
        "Kết quả liên hệ",
        "Follow-up result",
    ),
    (
        "report.followup.employer",
        "Nơi làm việc (nếu đã đi làm)",
        "Employer (if started work)",
    ),
    ("report.followup.date", "Ngày liên hệ", "Date contacted"),
    ("report.followup.started_work", "Đã đi làm", "Started work"),
    (
        "report.followup.in_training",
        "Đang học nghề",
        "In training",
    ),
    (
        "report.followup.still_looking",
        "Đang tìm việc",
        "Still looking",
    ),
    (
        "report.followup.not_reached",
        "Không liên lạc được",
        "Not reached",
    ),
    ("report.followup.event_code", "Mã sự kiện", "Event code"),
    (
        "report.followup.pick",
        "Chọn một kết quả trong danh sách",
        "Pick a result from the list",
    ),
    // The programme report's workbook and CSV (issue 16); JSON keys stay English.
    (
        "report.sheet.programme",
        "Tổng hợp chương trình",
        "Programme summary",
    ),
    ("report.sheet.fairs", "Các phiên", "Fairs"),
    ("report.sheet.education", "Theo trình độ", "By education"),
    ("report.sheet.sector", "Theo ngành nghề", "By sector"),
    (
        "report.sheet.jobs_month",
        "Việc làm theo tháng",
        "Jobs by month",
    ),
    (
        "report.sheet.jobs_employer",
        "Việc làm theo đơn vị",
        "Jobs by employer",
    ),
    (
        "report.programme.title",
        "BÁO CÁO KẾT QUẢ CHƯƠNG TRÌNH HỖ TRỢ VIỆC LÀM",
        "EMPLOYMENT PROGRAMME REPORT",
    ),
    ("report.programme.from", "Từ ngày", "From"),
    ("report.programme.to", "Đến ngày", "To"),
    (
        "report.programme.fairs",
        "Số phiên đã tổ chức",
        "Fairs held",
    ),
    (
        "report.programme.visits",
        "Lượt người tham gia",
        "Visits (every person at every fair)",
    ),
    (
        "report.programme.people",
        "Số người tham gia (mỗi người một lần)",
        "People (each once across fairs)",
    ),
    (
        "report.programme.matched_by_id_number",
        "Nhận diện theo số CCCD",
        "Matched by ID number",
    ),
    (
        "report.programme.matched_by_phone",
        "Nhận diện theo số điện thoại",
        "Matched by phone",
    ),
    (
        "report.programme.unmatched",
        "Không nhận diện được (tính theo từng phiên)",
        "Unmatched (counted per fair)",
    ),
    (
        "report.programme.booth_visits",
        "Lượt đến gian",
        "Booth visits",
    ),
    (
        "report.programme.shortlisted",
        "Hẹn phỏng vấn vòng sau",
        "Shortlisted",
    ),
    (
        "report.programme.target_group_people",
        "Người thuộc nhóm đối tượng",
        "Target-group people",
    ),
    (
        "report.programme.target_group_reached",
        "Trong đó được tư vấn hoặc gặp nhà tuyển dụng",
        "Of them counselled or met an employer",
    ),
    (
        "report.programme.target_group_share",
        "Tỷ lệ tiếp cận nhóm đối tượng",
        "Target-group share reached",
    ),
    ("report.programme.jobs", "Việc làm tạo ra", "Jobs created"),
    (
        "report.programme.jobs_started_work",
        "Trong đó: đã đi làm (theo dõi sau phiên)",
        "Of which: started work (follow-up)",
    ),
    (
        "report.programme.jobs_hired_on_the_spot",
        "Trong đó: trúng tuyển tại chỗ, chưa theo dõi",
        "Of which: hired on the spot, not yet followed up",
    ),
    ("report.programme.section", "Bảng", "Table"),
    ("report.programme.label", "Nhóm", "Group"),
    ("report.programme.visits_col", "Lượt người", "Visits"),
    ("report.programme.people_col", "Số người", "People"),
    ("report.programme.month", "Tháng", "Month"),
    ("report.programme.employer", "Đơn vị tuyển dụng", "Employer"),
    ("report.programme.jobs_col", "Việc làm", "Jobs"),
    ("report.programme.code", "Mã phiên", "Code"),
    ("report.programme.name", "Tên phiên", "Name"),
    ("report.programme.kind", "Loại hình", "Kind"),
    ("report.programme.place", "Xã/Phường tổ chức", "Place"),
    ("report.programme.organiser", "Đơn vị tổ chức", "Organiser"),
    ("report.programme.education", "Trình độ", "Education"),
    ("report.programme.sector", "Ngành nghề", "Sector"),
    // Short on purpose: the full words are often part of an event's own name, which the
    // screens show in either language (tests/lang_walk.rs would read them as untranslated).
    ("report.kind.ngay_hoi", "Ngày hội", "Job fair day"),
    (
        "report.kind.phien_gd",
        "Phiên GDVL",
        "Job-transaction session",
    ),
    ("report.kind.other", "Khác", "Other"),
    // ---- List imports: why a row was rejected (`import::Reason`). ----
    (
        "import.no_name_column",
        "thiếu cột họ tên: dòng tiêu đề cần có 'Họ và tên' (hoặc 'full_name')",
        "no name column: the header needs 'Họ và tên' (or 'full_name')",
    ),
    (
        "import.no_rows",
        "tệp có dòng tiêu đề nhưng không có dòng nào",
        "the file has a header but no rows",
    ),
    (
        "import.duplicate_in_file",
        "số CCCD này đã có ở dòng {first}",
        "the same ID number is already on line {first}",
    ),
    (
        "import.gender",
        "giới tính phải là Nam hoặc Nữ",
        "gender must be Nam or Nữ",
    ),
    (
        "import.household",
        "diện hộ phải là nghèo, cận nghèo, mới thoát nghèo hoặc khác",
        "household must be nghèo, cận nghèo, mới thoát nghèo or khác",
    ),
    // `fairdesk followup import`: why a follow-up row was rejected.
    (
        "import.followup_person",
        "không có người mang mã đăng ký {code} trong phiên này",
        "no person with registration code {code} at this fair",
    ),
    (
        "import.followup_result",
        "kết quả không có trong danh sách: {value}",
        "unknown result: {value}",
    ),
    (
        "import.followup_no_result",
        "có nơi làm việc hoặc ngày nhưng chưa chọn kết quả",
        "an employer or date is filled in but no result",
    ),
    (
        "import.followup_date",
        "ngày liên hệ không hợp lệ (dd/mm/yyyy, không trước ngày tổ chức phiên)",
        "bad date (dd/mm/yyyy, not before the fair's date)",
    ),
    (
        "import.followup_employer",
        "đã đi làm nhưng thiếu nơi làm việc",
        "started work but no employer",
    ),
    (
        "import.followup_twice",
        "mã đăng ký {code} có ở hai dòng",
        "registration code {code} is on two rows",
    ),
    (
        "import.followup_employer_too_long",
        "tên nơi làm việc quá dài (tối đa 200 ký tự)",
        "the employer's name is too long (at most 200 characters)",
    ),
    ("import.name_empty", "họ tên trống", "the name is empty"),
    (
        "import.name_too_long",
        "họ tên dài quá 100 ký tự",
        "the name is longer than 100 characters",
    ),
    (
        "import.birth_date",
        "ngày sinh không đúng dạng ngày (dd/mm/yyyy)",
        "the birth date is not a date (use dd/mm/yyyy)",
    ),
    (
        "import.birth_future",
        "ngày sinh ở tương lai",
        "the birth date is in the future",
    ),
    (
        "import.birth_year",
        "năm sinh không hợp lệ",
        "the birth year is not a year",
    ),
    (
        "import.id_malformed",
        "số CCCD phải có đúng 12 chữ số",
        "the ID number must have 12 digits",
    ),
    (
        "import.old_id_number",
        "đây là số CMND cũ 9 số: cần số CCCD 12 số",
        "this is an old 9-digit ID: a 12-digit ID number is needed",
    ),
    (
        "import.id_not_living",
        "số CCCD không thể là của người đang sống (kiểm tra chữ số thứ 4–6)",
        "the ID number cannot belong to a living person (check digits 4–6)",
    ),
    (
        "import.id_dob_mismatch",
        "năm sinh không khớp với số CCCD",
        "the birth year does not match the ID number",
    ),
    (
        "import.id_gender_mismatch",
        "giới tính không khớp với số CCCD",
        "the gender does not match the ID number",
    ),
    (
        "import.phone",
        "số điện thoại không phải số di động Việt Nam",
        "the phone number is not a Vietnamese mobile number",
    ),
    (
        "import.commune",
        "xã/phường không có trong danh sách xã của ngày hội",
        "the commune is not in this event's commune list",
    ),
    (
        "import.already_registered",
        "người có số CCCD này đã đăng ký (chọn cập nhật để ghi đè)",
        "an attendee with this ID number is already registered (use the update option to overwrite)",
    ),
    (
        "import.booth_header",
        "dòng tiêu đề cần có mã gian ('Mã gian'/'code') và tên đơn vị ('Đơn vị'/'name')",
        "the header needs a booth code ('Mã gian'/'code') and a name ('Đơn vị'/'name')",
    ),
    (
        "import.booth_kind",
        "loại gian phải là nhà tuyển dụng, tư vấn hoặc dịch vụ",
        "kind must be employer, counselling or service",
    ),
    (
        "import.booth_code",
        "mã gian phải là chữ in hoa, có thể kèm số, ví dụ A hoặc T1",
        "the booth code must be capital letters then optional digits, e.g. A or T1",
    ),
    (
        "import.desks",
        "số bàn phải từ 1 đến 20",
        "desks must be a number from 1 to 20",
    ),
    (
        "import.vacancy_count",
        "số lượng tuyển phải là số nguyên",
        "the vacancy count must be a whole number",
    ),
    (
        "import.booth_other_name",
        "gian {code} có tên khác ở dòng trước",
        "booth {code} has another name on an earlier line",
    ),
    (
        "import.booth_name_empty",
        "tên đơn vị trống",
        "the booth name is empty",
    ),
    (
        "import.booth_exists",
        "gian {code} đã có",
        "booth {code} already exists",
    ),
    // ---- Staff and organiser screens (issue 4: booth, board, dashboard, setup). ----
    ("booth.title", "{place} · {desk}", "{place} · {desk}"),
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
    ("board.booth", "Gian", "Booth"),
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
    ("dash.export_xlsx", "Xuất Excel", "Export Excel"),
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
        "Danh sách người đăng ký (Excel, CSV)",
        "Attendee list (Excel, CSV)",
    ),
    (
        "setup.import_booths",
        "Danh sách quầy (Excel, CSV)",
        "Booth list (Excel, CSV)",
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
    // Setup screen, full (issue 4 Setup, issue 6 import).
    ("setup.tab_lists", "Danh sách", "Lists"),
    ("setup.tab_pin", "Mã PIN", "PIN"),
    ("setup.kind", "Loại", "Kind"),
    ("setup.kind_employer", "Nhà tuyển dụng", "Employer"),
    ("setup.kind_counselling", "Tư vấn", "Counselling"),
    ("setup.kind_service", "Dịch vụ", "Service"),
    ("setup.booth_open", "Đang nhận số", "Taking tickets"),
    ("setup.booth_closed", "Đã đóng", "Closed"),
    ("setup.edit_booth", "Sửa quầy {code}", "Edit booth {code}"),
    (
        "setup.close_booth",
        "Đóng quầy {code}",
        "Close booth {code}",
    ),
    (
        "setup.reopen_booth",
        "Mở lại quầy {code}",
        "Reopen booth {code}",
    ),
    (
        "setup.add_desk",
        "Thêm bàn cho {code}",
        "Add a desk to {code}",
    ),
    (
        "setup.add_vacancy",
        "Thêm vị trí tuyển cho {code}",
        "Add a vacancy to {code}",
    ),
    ("setup.save", "Lưu", "Save"),
    ("setup.cancel", "Huỷ", "Cancel"),
    ("setup.desk_closed", "Đã đóng", "Closed"),
    (
        "setup.reopen_desk",
        "Mở lại bàn {desk}",
        "Reopen desk {desk}",
    ),
    ("setup.desk_label", "Tên bàn", "Desk name"),
    (
        "setup.rename_desk",
        "Đổi tên bàn {desk}",
        "Rename desk {desk}",
    ),
    ("setup.close_desk", "Đóng bàn {desk}", "Close desk {desk}"),
    (
        "setup.no_vacancies",
        "Chưa có vị trí tuyển dụng.",
        "No vacancies yet.",
    ),
    ("setup.vacancies", "Vị trí tuyển dụng", "Vacancies"),
    ("setup.edit_vacancy", "Sửa: {title}", "Edit: {title}"),
    ("setup.remove_vacancy", "Xoá: {title}", "Remove: {title}"),
    ("setup.vac_title", "Chức danh", "Title"),
    ("setup.vac_count", "Số lượng", "Count"),
    ("setup.vac_requirements", "Yêu cầu", "Requirements"),
    ("setup.vac_wage", "Mức lương", "Wage range"),
    (
        "setup.vac_wage_hint",
        "6–8 triệu/tháng",
        "6–8 million VND/month",
    ),
    ("setup.save_vacancy", "Lưu vị trí", "Save vacancy"),
    ("setup.event_name", "Tên sự kiện", "Event name"),
    ("setup.venue", "Địa điểm", "Venue"),
    ("setup.date", "Ngày (dd/mm/yyyy)", "Date (dd/mm/yyyy)"),
    (
        "setup.save_event",
        "Lưu thông tin sự kiện",
        "Save the event",
    ),
    ("setup.pin_old", "Mã PIN hiện tại", "Current PIN"),
    (
        "setup.pin_new",
        "Mã PIN mới (4–12 số)",
        "New PIN (4–12 digits)",
    ),
    ("setup.pin_repeat", "Nhập lại mã PIN mới", "New PIN again"),
    ("setup.pin_change", "Đổi mã PIN", "Change the PIN"),
    (
        "setup.pin_changed",
        "Đã đổi mã PIN.",
        "The PIN was changed.",
    ),
    (
        "setup.update_existing",
        "Cập nhật người đã có (cùng số CCCD) thay vì báo lỗi",
        "Update existing records (same ID number) instead of rejecting them",
    ),
    ("setup.checking", "Đang kiểm tra tệp…", "Checking the file…"),
    (
        "setup.files_here",
        "Tệp Excel/CSV trong thư mục dữ liệu",
        "Excel/CSV files in the database's folder",
    ),
    ("setup.refresh", "Làm mới", "Refresh"),
    (
        "setup.no_files",
        "Không có tệp .xlsx hay .csv nào.",
        "No .xlsx or .csv files.",
    ),
    (
        "setup.updated",
        "Đã cập nhật {n} người.",
        "Updated {n} records.",
    ),
    (
        "setup.more_rejected",
        "… và {n} dòng lỗi khác.",
        "… and {n} more rejected rows.",
    ),
    (
        "setup.import_on_hub_laptop",
        "Danh sách được nhập trên máy chủ: chạy fairdesk app --station setup --db TỆP trên máy đó.",
        "Lists are imported on the hub laptop: run fairdesk app --station setup --db FILE there.",
    ),
    (
        "setup.import_failed",
        "Không đọc được tệp: {reason}",
        "Cannot read the file: {reason}",
    ),
    ("setup.saved", "Đã lưu.", "Saved."),
    (
        "setup.booth_reopened",
        "Đã mở lại quầy {code}.",
        "Booth {code} is open again.",
    ),
    (
        "setup.booth_closed_done",
        "Đã đóng quầy {code}: không nhận số mới, các số đã phát vẫn giữ.",
        "Booth {code} is closed: no new tickets; tickets already issued stay.",
    ),
    (
        "setup.desk_added",
        "Đã thêm bàn cho quầy {code}.",
        "Added a desk to booth {code}.",
    ),
    (
        "setup.desk_closed_done",
        "Đã đóng bàn {desk}.",
        "Desk {desk} is closed.",
    ),
    (
        "setup.desk_reopened",
        "Đã mở lại bàn {desk}.",
        "Desk {desk} is open again.",
    ),
    (
        "setup.err.no_file",
        "Hãy nhập đường dẫn tệp hoặc chọn một tệp.",
        "Type a file path or pick a file.",
    ),
    (
        "setup.err.empty_name",
        "Tên không được để trống.",
        "The name must not be empty.",
    ),
    (
        "setup.err.too_long",
        "Nội dung quá dài (tối đa 200 ký tự).",
        "The text is too long (at most 200 characters).",
    ),
    (
        "setup.err.bad_code",
        "Mã quầy “{code}” không hợp lệ: 1–4 ký tự, chữ in hoa rồi đến số (A, B, T1).",
        "Booth code “{code}” is not valid: 1–4 characters, capital letters then digits (A, B, T1).",
    ),
    (
        "setup.err.booth_exists",
        "Đã có quầy mã {code}.",
        "There is already a booth {code}.",
    ),
    (
        "setup.err.desk_count",
        "Mỗi quầy có từ 1 đến 20 bàn.",
        "A booth has 1 to 20 desks.",
    ),
    (
        "setup.err.no_booth",
        "Không có quầy {code}.",
        "There is no booth {code}.",
    ),
    (
        "setup.err.no_desk",
        "Không có bàn {desk}.",
        "There is no desk {desk}.",
    ),
    (
        "setup.err.no_vacancy",
        "Vị trí này không còn nữa.",
        "That vacancy no longer exists.",
    ),
    (
        "setup.err.desk_serving",
        "Bàn {desk} đang phục vụ số {ticket}: hãy hoàn thành trước khi đóng bàn.",
        "Desk {desk} is serving ticket {ticket}: finish it before closing the desk.",
    ),
    (
        "setup.err.not_employer",
        "Quầy {code} không phải nhà tuyển dụng nên không có vị trí tuyển.",
        "Booth {code} is not an employer, so it has no vacancies.",
    ),
    (
        "setup.err.empty_title",
        "Vị trí tuyển dụng cần có chức danh.",
        "A vacancy needs a title.",
    ),
    (
        "setup.err.bad_count",
        "Số lượng tuyển phải từ 1 đến 100000.",
        "The number of vacancies must be between 1 and 100000.",
    ),
    (
        "setup.err.bad_date",
        "“{text}” không phải là ngày: hãy viết theo dạng ngày/tháng/năm, ví dụ 27/11/2026.",
        "“{text}” is not a date: write it as day/month/year, e.g. 27/11/2026.",
    ),
    (
        "setup.err.date_range",
        "Năm phải từ 2000 đến 2100 (viết đủ 4 chữ số).",
        "The year must be between 2000 and 2100 (write all 4 digits).",
    ),
    (
        "setup.err.pin_format",
        "Mã PIN mới phải có từ 4 đến 12 chữ số.",
        "The new PIN must be 4 to 12 digits.",
    ),
    (
        "setup.err.pin_mismatch",
        "Hai lần nhập mã PIN mới không khớp.",
        "The two new PINs differ.",
    ),
    (
        "setup.err.wrong_pin",
        "Mã PIN hiện tại không đúng.",
        "The current PIN is wrong.",
    ),
    // ---- A new fair from the menu (issue 18). ----
    ("new_fair.title", "Tạo ngày hội mới", "Create a new fair"),
    (
        "new_fair.intro",
        "Tạo một tệp ngày hội mới trên máy này; các trạm trên máy sẽ chuyển sang ngày hội mới.",
        "Creates a new fair file on this laptop; the stations on this laptop switch to it.",
    ),
    ("new_fair.name", "Tên ngày hội", "Fair name"),
    (
        "new_fair.code",
        "Mã ngày hội (trong mã QR, vd. PL27)",
        "Fair code (in QR codes, e.g. PL27)",
    ),
    ("new_fair.date", "Ngày (dd/mm/yyyy)", "Date (dd/mm/yyyy)"),
    ("new_fair.venue", "Địa điểm", "Venue"),
    ("new_fair.kind", "Loại sự kiện", "Kind of event"),
    // Short: the event names organisers give already say "Ngày hội việc làm …".
    ("new_fair.kind.ngay_hoi", "Ngày hội", "Job fair day"),
    (
        "new_fair.kind.phien_gd",
        "Phiên giao dịch",
        "Job-transaction session",
    ),
    ("new_fair.kind.other", "Khác", "Other"),
    (
        "new_fair.communes",
        "Xã, phường (mỗi dòng một tên)",
        "Communes (one name a line)",
    ),
    (
        "new_fair.import_path",
        "Tệp danh sách xã (.txt, .csv, .xlsx)",
        "Commune list file (.txt, .csv, .xlsx)",
    ),
    (
        "new_fair.import",
        "Nhập danh sách xã",
        "Import the communes",
    ),
    (
        "new_fair.imported",
        "Đã nhập {n} xã, phường.",
        "Imported {n} communes.",
    ),
    (
        "new_fair.pin",
        "Mã PIN mới (4–12 chữ số)",
        "New PIN (4–12 digits)",
    ),
    ("new_fair.pin_again", "Nhập lại mã PIN", "The PIN again"),
    ("new_fair.create", "Tạo ngày hội", "Create the fair"),
    ("new_fair.cancel", "Huỷ", "Cancel"),
    (
        "new_fair.created",
        "Đã tạo ngày hội {name} ({path}). Các trạm trên máy này đã chuyển sang ngày hội mới.",
        "Created {name} ({path}). The stations on this laptop now use the new fair.",
    ),
    (
        "new_fair.err.name",
        "Hãy nhập tên ngày hội.",
        "Enter the fair's name.",
    ),
    (
        "new_fair.err.code",
        "Mã ngày hội gồm 1–12 chữ cái hoặc chữ số, không dấu.",
        "The fair code is 1–12 letters or digits, without accents.",
    ),
    (
        "new_fair.err.date",
        "Ngày không hợp lệ: hãy viết dd/mm/yyyy.",
        "Not a date: write dd/mm/yyyy.",
    ),
    (
        "new_fair.err.communes",
        "Hãy nhập ít nhất một xã, phường.",
        "Enter at least one commune.",
    ),
    (
        "new_fair.err.commune_twice",
        "Xã {name} có hai lần trong danh sách.",
        "{name} is listed twice.",
    ),
    (
        "new_fair.err.too_many",
        "Danh sách quá dài (tối đa {max} xã, mỗi tên tối đa {len} ký tự).",
        "The list is too long (at most {max} communes of {len} characters each).",
    ),
    (
        "new_fair.err.pin",
        "Mã PIN phải có từ 4 đến 12 chữ số.",
        "The PIN must be 4 to 12 digits.",
    ),
    (
        "new_fair.err.pin_mismatch",
        "Hai lần nhập mã PIN không khớp.",
        "The two PINs differ.",
    ),
    (
        "new_fair.err.file",
        "Không đọc được tệp {path}: {why}",
        "Cannot read {path}: {why}",
    ),
    (
        "new_fair.err.failed",
        "Không tạo được ngày hội: {why}",
        "The fair was not created: {why}",
    ),
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
    (
        "phone_invalid",
        "Số điện thoại chưa đúng. Xin nhập lại hoặc xoá đi.",
        "That phone number is not valid. Please retype or clear it.",
    ),
    ("q.phone_enter", "Nhập số điện thoại", "Enter phone number"),
    ("save", "Lưu", "Save"),
    // Choose.
    ("cancel", "Huỷ", "Cancel"),
    (
        "get_tickets",
        "NHẬN SỐ THỨ TỰ ({n})",
        "GET QUEUE NUMBERS ({n})",
    ),
    ("vacancies", "cần tuyển {n} người", "hiring {n}"),
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
    (
        "choose_auto",
        "hoặc chọn đủ {n} nơi là nhận số ngay",
        "or choose {n} and your numbers come at once",
    ),
    // Tickets.
    (
        "rescan_hint",
        "Quét lại mã này hoặc phiếu in để xem lượt",
        "Scan this code or your slip again to see your turns",
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
    (
        "auto_issued",
        "Bạn đã chọn đủ nên được cấp {n} số ngay.",
        "You chose all you may, so your {n} numbers were issued at once.",
    ),
    // Errors (by reason code).
    (
        "reason.unknown_reg_code",
        "Chưa tìm thấy mã đăng ký này. Xin kiểm tra lại, hoặc mời đến bàn hướng dẫn.",
        "This registration code was not found. Please check it, or go to the help desk.",
    ),
    (
        "reason.unknown_id_number",
        "Chưa có trong danh sách. Bạn có thể quét mã QR trên thẻ căn cước để đăng ký, hoặc mời đến bàn hướng dẫn.",
        "Not on the list yet. Scan the QR code on your ID card to register, or please go to the help desk.",
    ),
    (
        "reason.unknown_phone",
        "Số điện thoại này chưa có trong danh sách. Bạn có thể quét mã QR trên thẻ căn cước, hoặc mời đến bàn hướng dẫn.",
        "This phone number is not on the list yet. Scan the QR code on your ID card, or please go to the help desk.",
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
        "Đây là số CMND cũ (9 số). Mời đến bàn hướng dẫn: nhân viên sẽ đăng ký giúp bạn.",
        "This is an old 9-digit ID. Please go to the help desk: staff will register you.",
    ),
    (
        "reason.phone_malformed",
        "Số điện thoại không hợp lệ.",
        "This phone number is not valid.",
    ),
    (
        "reason.cccd_malformed",
        "Thẻ chưa đọc được. Xin quét lại; nếu vẫn không được, mời đến bàn hướng dẫn.",
        "The card could not be read. Please scan again; if it still fails, please go to the help desk.",
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
    // ---- Every screen, tried (issue 13). ----
    (
        "walk.countdown",
        "Sắp trở về màn hình đầu sau {n} giây",
        "Going back to the start in {n} s",
    ),
    (
        "walk.more_time",
        "Tôi cần thêm thời gian",
        "I need more time",
    ),
    ("walk.no_wait", "không phải chờ", "no wait"),
    ("walk.people", "{n} người", "{n} people"),
    (
        "walk.next_step",
        "Bây giờ: theo dõi màn hình lớn và nghe loa gọi số của bạn.",
        "Now: watch the big screen and listen for your number.",
    ),
    ("walk.go_to", "Khi được mời, đến:", "When called, go to:"),
    (
        "walk.one_at_a_time",
        "Hai gian cùng đến lượt? Bạn được mời từng gian một; gian kia vẫn giữ chỗ cho bạn.",
        "Two booths at once? You are called to one at a time; the other keeps your place.",
    ),
    ("walk.leave", "Về màn hình đầu", "Back to start"),
    (
        "walk.name_flagged",
        "Tên trên thẻ đọc chưa rõ. Bạn cứ tiếp tục; bàn hỗ trợ sẽ kiểm tra lại tên giúp bạn.",
        "The name on your card did not read clearly. Just carry on; the help desk will check it for you.",
    ),
    ("walk.name_to_check", "tên cần kiểm tra", "name to check"),
    ("walk.board_recall", "gọi lại", "called again"),
    (
        "walk.pin_locked",
        "Nhập sai quá nhiều lần — thử lại sau {n} giây",
        "Too many wrong PINs — try again in {n} s",
    ),
    // "Choose again" on the tickets screen (item 6).
    (
        "walk.choose_again",
        "Huỷ các số này, chọn lại",
        "Cancel these, choose again",
    ),
    (
        "walk.undone",
        "Đã huỷ số {numbers}. Mời chọn lại.",
        "Cancelled: {numbers}. Please choose again.",
    ),
    (
        "walk.undo_kept",
        "Số {numbers} đã được gọi nên vẫn giữ: khi được mời, đến đúng gian đó.",
        "{numbers} has already been called and stays: go to that booth when invited.",
    ),
    (
        "walk.slip_void",
        "Phiếu vừa in không còn giá trị. Phiếu mới sẽ in khi bạn nhận số.",
        "The slip just printed no longer counts. A new one prints with your new numbers.",
    ),
    (
        "walk.undo_failed",
        "Không huỷ được: gian đã gọi số của bạn. Mời đến gian theo số trên, hoặc đến bàn hướng dẫn.",
        "Could not cancel: the booth has called your number. Please go to the booth shown, or to the help desk.",
    ),
    (
        "walk.undo_offline",
        "Máy đang mất kết nối nên chưa huỷ được. Các số trên vẫn giữ; nếu cần, mời đến bàn hướng dẫn.",
        "This kiosk has lost its connection, so nothing was cancelled. The numbers above stand; the help desk can help.",
    ),
    // Correcting an outcome at the booth (item 12).
    (
        "booth.recent",
        "Kết quả vừa ghi (sửa được {n} số gần nhất)",
        "Outcomes just recorded (the last {n} can be corrected)",
    ),
    ("booth.amend", "Sửa", "Correct"),
    (
        "booth.amend_to",
        "Sửa kết quả số {ticket} thành:",
        "Change the outcome of {ticket} to:",
    ),
    (
        "booth.amended",
        "Đã sửa kết quả số {ticket}: {outcome}",
        "Outcome of {ticket} corrected: {outcome}",
    ),
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
    // ---- Help desk (issue 14). ----
    ("hd.reprint", "In lại phiếu", "Reprint the slip"),
    ("hd.reprinted", "Đã in lại phiếu.", "Slip reprinted."),
    (
        "hd.print_failed",
        "Máy in đang lỗi: chưa in được phiếu.",
        "The printer failed: the slip was not printed.",
    ),
    (
        "hd.no_printer",
        "Bàn này chưa có máy in.",
        "This desk has no printer.",
    ),
    ("hd.title", "BÀN HƯỚNG DẪN", "HELP DESK"),
    ("hd.search", "Tìm:", "Find:"),
    (
        "hd.search_hint",
        "Tên (không dấu cũng được), 4 số cuối CCCD, số điện thoại, mã đăng ký, năm sinh, xã",
        "Name (accents optional), last 4 ID digits, phone, registration code, birth year, commune",
    ),
    ("hd.new_registration", "+ Đăng ký mới", "+ New registration"),
    (
        "hd.no_results",
        "Không tìm thấy ai. Thử gõ ít chữ hơn, hoặc đăng ký mới.",
        "Nobody found. Try typing less, or register them.",
    ),
    ("hd.checked_in_at", "đã vào {time}", "in at {time}"),
    ("hd.not_checked_in", "chưa vào", "not in yet"),
    ("hd.open", "Mở {name}", "Open {name}"),
    ("hd.back", "Quay lại", "Back"),
    ("hd.age", "{age} tuổi", "age {age}"),
    ("hd.check_in", "Cho vào", "Check in"),
    ("hd.check_out", "Cho ra", "Check out"),
    ("hd.checked_in", "Đã cho vào.", "Checked in."),
    ("hd.re_entry", "Đã cho vào lại.", "Checked in again."),
    ("hd.checked_out", "Đã cho ra.", "Checked out."),
    (
        "hd.ticket_line",
        "{ticket} · {location} · trước {ahead} người",
        "{ticket} · {location} · {ahead} ahead",
    ),
    ("hd.cancel", "Huỷ số {ticket}", "Cancel {ticket}"),
    ("hd.take_ticket", "Lấy số:", "Take a number:"),
    (
        "hd.ticket_at",
        "{booth} ({waiting} người chờ)",
        "{booth} ({waiting} waiting)",
    ),
    (
        "hd.ticket_issued",
        "Đã cấp số {ticket}, trước {ahead} người.",
        "Ticket {ticket} issued, {ahead} ahead.",
    ),
    (
        "hd.ticket_cancelled",
        "Đã huỷ số {ticket}.",
        "Ticket {ticket} cancelled.",
    ),
    ("hd.correct", "Sửa thông tin", "Correct the details"),
    ("hd.f.name", "Họ và tên", "Full name"),
    (
        "hd.f.birth",
        "Ngày sinh (dd/mm/yyyy) hoặc năm sinh",
        "Date of birth (dd/mm/yyyy) or year",
    ),
    ("hd.f.gender", "Giới tính", "Gender"),
    ("hd.male", "Nam", "Male"),
    ("hd.female", "Nữ", "Female"),
    (
        "hd.f.commune",
        "Xã / phường (trong danh sách hoặc ngoài danh sách)",
        "Commune (on the list or outside it)",
    ),
    (
        "hd.from_list",
        "Chọn trong danh sách:",
        "Pick from the list:",
    ),
    ("hd.f.phone", "Số điện thoại", "Phone number"),
    ("hd.f.new_phone", "Số điện thoại mới", "New phone number"),
    ("hd.f.id_number", "Số CCCD (nếu có)", "ID number (if any)"),
    ("hd.f.household", "Hộ gia đình", "Household"),
    ("hd.yes", "Có", "Yes"),
    ("hd.no", "Không", "No"),
    ("hd.skip", "Bỏ qua", "Skip"),
    ("hd.save", "Lưu", "Save"),
    ("hd.saved", "Đã lưu.", "Saved."),
    ("hd.register", "Đăng ký và cho vào", "Register and check in"),
    (
        "hd.registered",
        "Đã đăng ký và cho vào.",
        "Registered and checked in.",
    ),
    (
        "hd.duplicates",
        "Có thể người này đã có trong danh sách. Chọn đúng người, hoặc vẫn đăng ký mới.",
        "This person may already be on the list. Pick them, or register anyway.",
    ),
    ("hd.this_is_them", "Đúng là {name}", "That is {name}"),
    (
        "hd.register_anyway",
        "Vẫn đăng ký người mới",
        "Register a new person anyway",
    ),
    ("hd.err.required", "Cần điền mục này.", "This is required."),
    ("hd.err.too_long", "Quá dài.", "Too long."),
    (
        "hd.err.impossible",
        "Ngày sinh không hợp lệ.",
        "Not a possible date of birth.",
    ),
    (
        "hd.err.not_vietnamese",
        "Không phải số di động Việt Nam.",
        "Not a Vietnamese mobile number.",
    ),
    (
        "hd.err.old_id_number",
        "Số CMND cũ (9 số) không dùng được: để trống hoặc nhập số CCCD 12 số.",
        "An old 9-digit ID cannot be used: leave it empty or type the 12-digit number.",
    ),
    (
        "hd.err.id_malformed",
        "Số CCCD phải có 12 chữ số.",
        "An ID number has 12 digits.",
    ),
    (
        "hd.err.id_century",
        "Số CCCD không hợp lệ.",
        "Not a valid ID number.",
    ),
    (
        "hd.err.id_future_year",
        "Số CCCD không hợp lệ.",
        "Not a valid ID number.",
    ),
    (
        "hd.err.id_birth_mismatch",
        "Năm sinh không khớp với số CCCD.",
        "The birth year does not match the ID number.",
    ),
    (
        "hd.err.id_gender_mismatch",
        "Giới tính không khớp với số CCCD.",
        "The gender does not match the ID number.",
    ),
    ("hd.err.invalid", "Không hợp lệ.", "Not valid."),
    (
        "hd.err.too_many_tickets",
        "Đã giữ đủ {max} số. Huỷ một số trước khi lấy số mới.",
        "Already holding {max} numbers. Cancel one first.",
    ),
    (
        "hd.err.already_queued",
        "Đã có số {ticket} ở gian này.",
        "Already has {ticket} at this booth.",
    ),
    (
        "hd.err.not_checked_in",
        "Cần cho vào trước khi lấy số.",
        "Check them in before taking a number.",
    ),
    // ---- Help desk: the rest of the correction form, outside communes, saved slips. ----
    ("hd.f.education", "Trình độ học vấn", "Education"),
    (
        "hd.f.interests",
        "Quan tâm (cách nhau bởi dấu phẩy)",
        "Interests (separated by commas)",
    ),
    ("hd.outside_list", "Ngoài danh sách", "Outside the list"),
    (
        "hd.f.commune_other",
        "Tên xã / phường (ngoài danh sách)",
        "Commune name (outside the list)",
    ),
    (
        "hd.slip_saved",
        "Chưa có máy in: đã lưu phiếu vào {path}",
        "No printer: the slip was saved to {path}",
    ),
    // ---- The dashboard's printers (issue 15): one row per kiosk or help desk. ----
    (
        "dash.printers",
        "Máy in ở kiosk và bàn hướng dẫn",
        "Kiosk and help desk printers",
    ),
    (
        "dash.no_printers",
        "Chưa có máy nào báo tình trạng máy in.",
        "No station has reported a printer yet.",
    ),
    ("dash.col.station", "Máy", "Station"),
    ("dash.col.printer", "Máy in", "Printer"),
    ("dash.col.since", "Từ lúc", "Since"),
    ("dash.col.last_slip", "Phiếu in gần nhất", "Last slip"),
    (
        "dash.printer_silent",
        "máy im lặng, có thể đã tắt",
        "station silent, maybe switched off",
    ),
    ("printer.ready", "Bình thường", "OK"),
    ("printer.paper_low", "Sắp hết giấy", "Paper low"),
    (
        "printer.unknown",
        "Không rõ (máy in không trả lời)",
        "Unknown (no answer)",
    ),
    ("printer.paper_out", "Hết giấy", "Out of paper"),
    ("printer.cover_open", "Nắp đang mở", "Cover open"),
    ("printer.offline", "Mất kết nối / tắt", "Offline"),
    ("printer.none", "Chưa cài máy in", "None configured"),
    // ---- Pairing a station at its first start (issue 17). ----
    ("pair.title", "Kết nối với máy chủ", "Connect to the hub"),
    (
        "pair.hint",
        "Quét mã QR kết nối (in ra bởi lệnh fairdesk token trên máy chủ) bằng máy quét, hoặc dán chuỗi fairdesk://… rồi nhấn Enter.",
        "Scan the pairing QR code (printed by fairdesk token on the hub) with the scanner, or paste the fairdesk://… string and press Enter.",
    ),
    ("pair.field", "Chuỗi kết nối", "Pairing string"),
    ("pair.connect", "Kết nối", "Connect"),
    ("pair.connecting", "Đang kết nối…", "Connecting…"),
    (
        "pair.bad_string",
        "Đây không phải chuỗi kết nối fairdesk://…: {reason}",
        "This is not a fairdesk://… pairing string: {reason}",
    ),
    (
        "pair.failed",
        "Không kết nối được với máy chủ: {reason}",
        "Cannot connect to the hub: {reason}",
    ),
    (
        "pair.local",
        "Hoặc dùng máy này một mình (không có máy chủ)",
        "Or use this machine on its own (no hub)",
    ),
    // ---- The hub (issue 5): a kiosk without its hub, staff screens reconnecting. ----
    (
        "hub.offline",
        "Đang mất kết nối với máy chủ. Máy vẫn nhận quét thẻ; lấy số thứ tự cần có kết nối.",
        "No connection to the hub. Scans are still accepted; queue numbers need the connection.",
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
        "Mất kết nối: chỉ mã PIN đã dùng được ở máy này khi có mạng mới mở được.",
        "Offline: only a PIN already accepted at this kiosk while online works.",
    ),
    ("hub.reconnecting", "Đang kết nối lại…", "Reconnecting…"),
    // ---- Personal data (issue 17). ----
    (
        "privacy.purpose",
        "Hộ gia đình và dân tộc: để báo cáo chương trình hỗ trợ việc làm; không bắt buộc.",
        "Household and ethnicity: for the employment-support programme's report; optional.",
    ),
    (
        "privacy.insecure_banner",
        "Kết nối tới máy chủ KHÔNG được mã hoá (--insecure-http): người dùng chung mạng Wi-Fi có thể đọc tên, số giấy tờ và mã của máy này.",
        "The connection to the hub is NOT encrypted (--insecure-http): anyone on this Wi-Fi can read names, ID numbers and this station's token.",
    ),
    // ---- Printed tickets (issue 15): the kiosk's slip, its printer, the printer test. ----
    (
        "print.failed",
        "Máy in đang lỗi — mời nhận phiếu tại bàn hướng dẫn",
        "The printer is not working — please collect your slip at the help desk",
    ),
    ("print.printing", "Đang in phiếu…", "Printing your slip…"),
    (
        "print.printed",
        "Mời nhận phiếu ở khe máy in.",
        "Please take your slip from the printer.",
    ),
    ("print.ahead", "trước bạn {n} người", "{n} ahead of you"),
    ("print.next_up", "bạn là người kế tiếp", "you are next"),
    ("print.wait", "chờ khoảng {n} phút", "about {n} min wait"),
    (
        "print.called",
        "đang được mời, xin đến ngay",
        "being called: please go now",
    ),
    (
        "print.code",
        "Mã đăng ký: {code}",
        "Registration code: {code}",
    ),
    (
        "print.next",
        "Theo dõi màn hình và loa gọi số; khi được mời, đến đúng gian ghi trên phiếu.",
        "Watch the screen and listen for your number; when it is called, go to the booth on this slip.",
    ),
    ("print.test_title", "IN THỬ MÁY IN", "PRINTER TEST"),
    (
        "print.test_width",
        "Khổ in {dots} điểm ({mm} mm)",
        "Print width {dots} dots ({mm} mm)",
    ),
    (
        "print.test_letters",
        "Đủ chữ tiếng Việt, đủ dấu:",
        "Every Vietnamese letter and tone:",
    ),
    (
        "print.test_qr",
        "Máy quét ở kiosk phải đọc được mã này.",
        "The kiosk's scanner must read this code.",
    ),
];

/// The string for `key` in `lang`, if the table has it.
pub fn lookup(lang: Lang, key: &str) -> Option<&'static str> {
    TABLE
        .iter()
        .find(|(k, _, _)| *k == key)
        .map(|(_, vi, en)| match lang {
            Lang::Vi => *vi,
            Lang::En => *en,
        })
}

/// The string for `key` in `lang`; the key itself when missing.
pub fn tr(lang: Lang, key: &str) -> &str {
    lookup(lang, key).unwrap_or(key)
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
    fn sheet_names_fit_excel() {
        // Excel allows at most 31 characters in a sheet name.
        for (key, vi, en) in TABLE
            .iter()
            .filter(|(k, _, _)| k.starts_with("report.sheet."))
        {
            assert!(
                vi.chars().count() <= 31 && en.chars().count() <= 31,
                "{key}"
            );
        }
    }

    #[test]
    fn the_design_wording_serves_screens_and_exports() {
        assert_eq!(tr(Lang::Vi, "hh.near_poor"), "Hộ cận nghèo");
        use crate::report::i18n::t;
        assert_eq!(t(Lang::Vi, "outcome.hired"), "Trúng tuyển tại chỗ");
        assert_eq!(t(Lang::En, "outcome.hired"), "Hired on the spot");
        assert_eq!(t(Lang::Vi, "sheet.summary"), "Tổng hợp");
        assert_eq!(t(Lang::En, "no.such.key"), "?");
    }

    #[test]
    fn the_letter_list_has_all_178_vietnamese_letters() {
        // 29 base letters, of which the 12 vowels a ă â e ê i o ô ơ u ư y carry five tone
        // marks each: 89 lower-case letters and their capitals.
        assert_eq!(VIETNAMESE_LETTERS.chars().count(), 178);
    }
}
