//! The Phú Lương demo fair: 15 communes, 10 employers, 3 counselling queues and 200
//! pre-registered attendees with deterministic names, so every run shows the same fair.

use std::path::Path;

use chrono::NaiveDate;

use crate::api::{FairResult, Vacancy};
use crate::domain::{BoothKind, EventKind, Gender, Household, Source, YesNo};
use crate::fair::{BoothSetup, EventSetup, Fair};
use crate::store::NewAttendee;

/// The demo's organiser PIN (printed by `init --demo` and in the README).
pub const DEMO_PIN: &str = "2468";

/// How many pre-registered attendees the demo has.
pub const DEMO_ATTENDEES: usize = 200;

const COMMUNES: &[&str] = &[
    "Xã Yên Ninh",
    "Xã Yên Trạch",
    "Xã Yên Đổ",
    "Xã Yên Lạc",
    "Xã Ôn Lương",
    "Xã Phủ Lý",
    "Xã Hợp Thành",
    "Xã Phấn Mễ",
    "Xã Động Đạt",
    "Xã Vô Tranh",
    "Xã Tức Tranh",
    "Xã Cổ Lũng",
    "Xã Phú Đô",
    "Thị trấn Đu",
    "Thị trấn Giang Tiên",
];

fn vacancy(title: &str, count: u32, requirements: &str, wage: &str) -> Vacancy {
    Vacancy {
        title: title.into(),
        count,
        requirements: requirements.into(),
        wage: wage.into(),
    }
}

fn employer(
    code: &str,
    name: &str,
    location: &str,
    sector: &str,
    desks: u32,
    vacancies: Vec<Vacancy>,
) -> BoothSetup {
    BoothSetup {
        code: code.into(),
        kind: BoothKind::Employer,
        name: name.into(),
        location: location.into(),
        sectors: vec![sector.into()],
        topic: None,
        desks,
        vacancies,
    }
}

fn counselling(code: &str, name: &str, location: &str, topic: &str, desks: u32) -> BoothSetup {
    BoothSetup {
        code: code.into(),
        kind: BoothKind::Counselling,
        name: name.into(),
        location: location.into(),
        sectors: Vec::new(),
        topic: Some(topic.into()),
        desks,
        vacancies: Vec::new(),
    }
}

/// The demo event held on `date`.
pub fn setup(date: NaiveDate) -> EventSetup {
    EventSetup {
        code: "PL26".into(),
        name: "Ngày hội việc làm huyện Phú Lương 2026".into(),
        venue: "Nhà văn hoá thị trấn Đu".into(),
        date,
        kind: EventKind::NgayHoi,
        place: "Thị trấn Đu".into(),
        organiser: "Trung tâm Dịch vụ việc làm tỉnh Thái Nguyên".into(),
        utc_offset_min: 420,
        opens: "07:30".into(),
        closes: "11:30".into(),
        max_open_tickets: 3,
        idle_timeout_s: 20,
        default_service_s: 240,
        show_household_to_booths: false,
        pin: DEMO_PIN.into(),
        communes: COMMUNES.iter().map(|c| (*c).to_string()).collect(),
        aliases: Vec::new(),
        booths: vec![
            employer(
                "A",
                "Công ty TNHH Điện tử Yên Bình",
                "Gian 1",
                "Điện tử",
                2,
                vec![
                    vacancy(
                        "Công nhân lắp ráp điện tử",
                        120,
                        "Nam/nữ 18–35, tốt nghiệp THCS",
                        "7–9 triệu/tháng",
                    ),
                    vacancy(
                        "Kỹ thuật viên bảo trì",
                        10,
                        "Trung cấp điện trở lên",
                        "9–12 triệu/tháng",
                    ),
                ],
            ),
            employer(
                "B",
                "Công ty May Phú Lương",
                "Gian 2",
                "May mặc",
                1,
                vec![vacancy(
                    "Công nhân may",
                    40,
                    "Nữ 18–40, không cần kinh nghiệm",
                    "6–8 triệu/tháng",
                )],
            ),
            employer(
                "C",
                "HTX Chè Phú Đô",
                "Gian 3",
                "Chế biến chè",
                1,
                vec![vacancy(
                    "Công nhân sao chè",
                    15,
                    "Sức khoẻ tốt",
                    "5–7 triệu/tháng",
                )],
            ),
            employer(
                "D",
                "Công ty CP Xây dựng Thái Nguyên",
                "Gian 4",
                "Xây dựng",
                1,
                vec![
                    vacancy("Thợ nề", 20, "Có kinh nghiệm 1 năm", "8–10 triệu/tháng"),
                    vacancy("Phụ hồ", 30, "Nam 18–50", "6–7 triệu/tháng"),
                ],
            ),
            employer(
                "E",
                "Công ty TNHH Logistics Sông Công",
                "Gian 5",
                "Logistics",
                1,
                vec![
                    vacancy("Nhân viên kho", 25, "Tốt nghiệp THPT", "7–8 triệu/tháng"),
                    vacancy("Lái xe nâng", 5, "Có chứng chỉ xe nâng", "9–11 triệu/tháng"),
                ],
            ),
            employer(
                "F",
                "Công ty CP Cung ứng nhân lực quốc tế Thái Nguyên",
                "Gian 6",
                "Xuất khẩu lao động",
                1,
                vec![vacancy(
                    "Thực tập sinh kỹ năng Nhật Bản",
                    30,
                    "18–30 tuổi, tốt nghiệp THPT",
                    "28–32 triệu/tháng",
                )],
            ),
            employer(
                "G",
                "Công ty TNHH Giày da Phổ Yên",
                "Gian 7",
                "Da giày",
                1,
                vec![vacancy(
                    "Công nhân may giày",
                    60,
                    "Nam/nữ 18–45",
                    "6,5–8 triệu/tháng",
                )],
            ),
            employer(
                "H",
                "Công ty CP Khoáng sản Đại Từ",
                "Gian 8",
                "Khai khoáng",
                1,
                vec![vacancy(
                    "Công nhân vận hành",
                    12,
                    "Nam 20–45, sức khoẻ tốt",
                    "9–12 triệu/tháng",
                )],
            ),
            employer(
                "I",
                "Công ty TNHH Thương mại Đu",
                "Gian 9",
                "Bán lẻ",
                1,
                vec![vacancy(
                    "Nhân viên bán hàng",
                    8,
                    "Tốt nghiệp THPT",
                    "5–6 triệu/tháng",
                )],
            ),
            employer(
                "J",
                "Công ty TNHH Cơ khí Gia Sàng",
                "Gian 10",
                "Cơ khí",
                1,
                vec![
                    vacancy("Thợ hàn", 10, "Có chứng chỉ hàn", "9–13 triệu/tháng"),
                    vacancy("Công nhân cơ khí", 15, "Nam 18–40", "7–9 triệu/tháng"),
                ],
            ),
            counselling("T", "Tư vấn việc làm", "Bàn tư vấn 1–2", "job", 2),
            counselling("N", "Tư vấn học nghề", "Bàn tư vấn 3", "training", 1),
            counselling(
                "X",
                "Tư vấn xuất khẩu lao động",
                "Bàn tư vấn 4",
                "labour_export",
                1,
            ),
        ],
    }
}

const SECTORS: &[&str] = &[
    "Điện tử",
    "May mặc",
    "Chế biến chè",
    "Xây dựng",
    "Logistics",
    "Xuất khẩu lao động",
    "Da giày",
    "Khai khoáng",
    "Bán lẻ",
    "Cơ khí",
];
const FAMILY: &[&str] = &[
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Đỗ", "Dương", "Vũ", "Ma", "Lường", "Hà", "Triệu",
    "Đàm", "Nông", "Lục", "Mạc", "La", "Nguyễn", "Trần", "Hoàng",
];
/// Family names common among the Tày, Nùng, Dao and San Chay of Phú Lương.
const MINORITY_FAMILY: &[&str] = &[
    "Ma", "Lường", "Hà", "Triệu", "Đàm", "Nông", "Lục", "Mạc", "La",
];
const MIDDLE_MALE: &[&str] = &["Văn", "Đức", "Minh", "Quang", "Hữu", "Công", "Tiến"];
const MIDDLE_FEMALE: &[&str] = &["Thị", "Thu", "Ngọc", "Thanh", "Hồng", "Thị", "Kim"];
const GIVEN_MALE: &[&str] = &[
    "An", "Bình", "Cường", "Dũng", "Hải", "Hùng", "Khánh", "Long", "Nam", "Phúc", "Quân", "Sơn",
    "Thắng", "Tuấn", "Việt", "Ân", "Đạt", "Lộc", "Toàn", "Vĩnh",
];
const GIVEN_FEMALE: &[&str] = &[
    "Anh", "Chi", "Dung", "Hà", "Hằng", "Hoa", "Hương", "Lan", "Linh", "Mai", "Nga", "Ngọc",
    "Nhung", "Phương", "Thảo", "Trang", "Yến", "Xuân", "Duyên", "Huệ",
];
const EDUCATION: &[&str] = &["THCS", "THPT", "THPT", "Trung cấp", "Cao đẳng", "Đại học"];

/// A small deterministic generator (64-bit LCG, Knuth's constants): the demo must be the
/// same on every machine, and it needs no more than this.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next()).unwrap_or(0) % n.max(1)
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items.get(self.below(items.len())).copied().unwrap_or("")
    }
}

/// `count` deterministic attendees living in the communes `commune_ids`, born 1968–2007.
pub fn attendees(count: usize, commune_ids: &[i64], seed: u64) -> Vec<NewAttendee> {
    let mut rng = Lcg(seed);
    (0..count)
        .map(|i| {
            let gender = if rng.below(2) == 0 {
                Gender::Male
            } else {
                Gender::Female
            };
            let family = rng.pick(FAMILY);
            let (middle, given) = match gender {
                Gender::Male => (rng.pick(MIDDLE_MALE), rng.pick(GIVEN_MALE)),
                Gender::Female => (rng.pick(MIDDLE_FEMALE), rng.pick(GIVEN_FEMALE)),
            };
            let year = 1968 + i32::try_from(rng.below(40)).unwrap_or(0);
            let month = 1 + u32::try_from(rng.below(12)).unwrap_or(0);
            let day = 1 + u32::try_from(rng.below(28)).unwrap_or(0);
            let century_digit = match (year >= 2000, gender) {
                (false, Gender::Male) => 0,
                (false, Gender::Female) => 1,
                (true, Gender::Male) => 2,
                (true, Gender::Female) => 3,
            };
            // 019 is Thái Nguyên's province code; the serial keeps numbers unique.
            let id_number = format!("019{century_digit}{:02}{:06}", year % 100, 100_000 + i);
            let household = match rng.below(100) {
                0..12 => Household::Poor,
                12..27 => Household::NearPoor,
                27..35 => Household::Escaped,
                35..90 => Household::Other,
                _ => Household::Unknown,
            };
            let minority = MINORITY_FAMILY.contains(&family) || rng.below(10) == 0;
            let mut interests = vec![rng.pick(SECTORS).to_string()];
            if rng.below(2) == 0 {
                let second = rng.pick(SECTORS).to_string();
                if !interests.contains(&second) {
                    interests.push(second);
                }
            }
            let phone = (rng.below(10) < 7).then(|| format!("09{:08}", rng.next() % 100_000_000));
            NewAttendee {
                id_number: Some(id_number),
                phone,
                full_name: format!("{family} {middle} {given}"),
                birth_date: NaiveDate::from_ymd_opt(year, month, day),
                birth_year: Some(year),
                gender: Some(gender),
                commune_id: commune_ids.get(rng.below(commune_ids.len())).copied(),
                household,
                ethnic_minority: if minority { YesNo::Yes } else { YesNo::No },
                education: Some(rng.pick(EDUCATION).to_string()),
                interests,
                source: Source::PreRegistered,
                name_needs_confirmation: false,
            }
        })
        .collect()
}

/// Creates the demo fair at `path`, held on `date`.
pub fn create(path: &Path, date: NaiveDate) -> FairResult<Fair> {
    let fair = Fair::init(path, &setup(date))?;
    seed_attendees(&fair)?;
    Ok(fair)
}

/// Adds the demo's pre-registered attendees to `fair` in one transaction.
pub fn seed_attendees(fair: &Fair) -> FairResult<()> {
    use crate::api::FairApi;
    let ids: Vec<i64> = fair.event()?.commune_ids();
    fair.add_attendees(&attendees(DEMO_ATTENDEES, &ids, 2026), Some("demo"))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::idnum::parse_id_number;

    #[test]
    fn demo_attendees_are_deterministic_and_valid() {
        let a = attendees(200, &[1, 2, 3], 2026);
        assert_eq!(a, attendees(200, &[1, 2, 3], 2026));
        let today = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
        for person in &a {
            let number = person.id_number.as_deref().unwrap();
            assert!(number.starts_with("019"));
            let info = parse_id_number(number, today).unwrap();
            assert_eq!(Some(info.gender), person.gender);
            assert_eq!(Some(info.birth_year), person.birth_year);
        }
        let mut numbers: Vec<_> = a.iter().map(|p| p.id_number.clone()).collect();
        numbers.sort();
        numbers.dedup();
        assert_eq!(numbers.len(), 200);
    }
}
