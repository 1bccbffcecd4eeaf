//! The help desk's command-line contract (issue 14): `search` and `register` as the real
//! binary on a temp database.

mod cli_common;

use cli_common::Cli;

const REGISTER: &[&str] = &[
    "register",
    "--name",
    "Nguyễn Văn Ân",
    "--birth",
    "15/03/1995",
    "--commune",
    "Yên Ninh",
    "--gender",
    "nam",
    "--phone",
    "+84 912 345 678",
    "--household",
    "near_poor",
    "--ethnic-minority",
    "no",
];

#[test]
fn register_prints_the_checkin_and_search_finds_the_person() {
    let cli = Cli::demo();
    let (code, v, err) = cli.json_and_stderr(REGISTER);
    assert_eq!(code, 0, "{err}");
    assert_eq!(v["status"], "registered");
    assert_eq!(v["method"], "helpdesk");
    let reg = v["attendee"]["code"].as_str().unwrap().to_string();

    let (code, v, _) = cli.json_and_stderr(&["search", "an nguyen", "--limit", "3"]);
    assert_eq!(code, 0);
    let results = v["results"].as_array().unwrap();
    assert!(results.len() <= 3);
    let first = &results[0];
    assert_eq!(first["code"], reg.as_str());
    assert_eq!(first["name"], "Nguyễn Văn Ân");
    assert_eq!(first["birth_year"], 1995);
    assert_eq!(first["commune"], "Xã Yên Ninh");
    assert!(first["masked_id"].is_null());
    assert!(first["checked_in"].is_string());
    let keys: Vec<&str> = first
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let mut keys = keys;
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "birth_year",
            "checked_in",
            "code",
            "commune",
            "masked_id",
            "name"
        ]
    );
    let (_, v, _) = cli.json_and_stderr(&["search", "0912345678"]);
    assert_eq!(v["results"][0]["code"], reg.as_str());
}

#[test]
fn register_exits_5_on_possible_duplicates_and_writes_nothing_unless_forced() {
    let cli = Cli::demo();
    assert_eq!(cli.json_and_stderr(REGISTER).0, 0);
    let (code, v, _) = cli.json_and_stderr(REGISTER);
    assert_eq!(code, 5);
    assert_eq!(v["status"], "duplicates");
    assert_eq!(v["candidates"].as_array().unwrap().len(), 1);
    assert_eq!(v["candidates"][0]["name"], "Nguyễn Văn Ân");
    let (_, found, _) = cli.json_and_stderr(&["search", "nguyen van an"]);
    assert_eq!(found["results"].as_array().unwrap().len(), 1);
    let mut forced = REGISTER.to_vec();
    forced.push("--force");
    let (code, v, _) = cli.json_and_stderr(&forced);
    assert_eq!(code, 0);
    assert_eq!(v["status"], "registered");
}

#[test]
fn bad_input_is_one_line_naming_the_field() {
    let cli = Cli::demo();
    let (code, _, err) = cli.json_and_stderr(&[
        "register",
        "--name",
        "Lê Văn Cường",
        "--birth",
        "31/02/1990",
        "--commune",
        "Phú Đô",
    ]);
    assert_ne!(code, 0);
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(err.contains("--birth"), "{err}");
    let (code, _, err) = cli.json_and_stderr(&[
        "register",
        "--name",
        "Lê Văn Cường",
        "--birth-year",
        "1990",
        "--commune",
        "Phú Đô",
        "--id-number",
        "019095001234",
    ]);
    assert_ne!(code, 0);
    assert!(err.contains("id_number"), "{err}");
    assert!(
        !err.contains("019095001234"),
        "the ID must not be echoed: {err}"
    );
}
