//! A booth's token names another booth's tickets, desks, booth and candidates in every
//! spelling a hostile station might try — other case, spaces around, fullwidth digits, a
//! Cyrillic letter, a zero-width or non-breaking space inside — on every route that takes a
//! code (issue 12, item 1). The hub and the engine read codes with the same function, so each
//! spelling is either the other booth's code (403) or no code at all (404), and the database
//! is exactly as it was afterwards.

mod hub_common;

use fairdesk::api::{CheckinRequest, FairApi};
use fairdesk::hub::auth::Role;
use hub_common::*;
use serde_json::{Value, json};

/// A spelling of a code, and whether it names the same code (the hub then refuses it as
/// another booth's, 403) or nothing (404).
struct Spelling {
    text: String,
    same_code: bool,
}

impl Spelling {
    /// `probe` with the status it must get for this spelling.
    fn expect(&self, probe: Probe) -> (Probe, u16) {
        let status = if self.same_code {
            probe.same
        } else {
            probe.other
        };
        (probe, status)
    }
}

fn fullwidth(code: &str) -> String {
    code.chars()
        .map(|c| char::from_u32(c as u32 + 0xFEE0).unwrap())
        .collect()
}

/// The Cyrillic capital that looks like `c`, if there is one.
fn cyrillic(c: char) -> Option<char> {
    let pairs = [
        ('A', 'А'),
        ('B', 'В'),
        ('C', 'С'),
        ('E', 'Е'),
        ('H', 'Н'),
        ('K', 'К'),
        ('M', 'М'),
        ('P', 'Р'),
        ('T', 'Т'),
        ('X', 'Х'),
        ('Y', 'У'),
    ];
    pairs.iter().find(|(l, _)| *l == c).map(|(_, k)| *k)
}

fn spellings(code: &str) -> Vec<Spelling> {
    let same = |text: String| Spelling {
        text,
        same_code: true,
    };
    let other = |text: String| Spelling {
        text,
        same_code: false,
    };
    let (head, tail) = code.split_at(1);
    let mut all = vec![
        same(code.to_string()),
        same(code.to_lowercase()),
        same(format!("  {code} ")),
        same(format!("\t{}\r\n", code.to_lowercase())),
        same(format!("\u{a0}{code}\u{a0}")),
        other(fullwidth(code)),
        other(format!("{head}\u{200b}{tail}")),
        // Inside a code a no-break space is no whitespace to trim; after a one-letter code it is.
        Spelling {
            text: format!("{head}\u{a0}{tail}"),
            same_code: tail.is_empty(),
        },
        other(format!("\u{feff}{code}")),
        other(format!("{code}\u{200d}")),
    ];
    let lookalike = code
        .char_indices()
        .find_map(|(i, c)| cyrillic(c).map(|k| (i, k)));
    if let Some((i, k)) = lookalike {
        let mut text = code.to_string();
        text.replace_range(i..i + 1, &k.to_string());
        all.push(other(text));
    }
    all
}

/// One request a booth-B station sends about booth A.
struct Probe {
    method: &'static str,
    path: String,
    body: Option<Value>,
    /// The status when the spelling names A's code (the permission refuses it).
    same: u16,
    /// The status when it names nothing.
    other: u16,
}

/// The probes made from one spelling.
struct Group {
    what: String,
    probes: Vec<(Probe, u16)>,
}

#[test]
fn another_booths_codes_in_any_spelling_act_on_nothing() {
    let fair = TestFair::new();
    let hub = fair.start();
    let agent = raw_agent();
    let base = hub.url();
    let kiosk = client(&hub, &fair.token(Role::Kiosk, None));
    let booth_a = client(&hub, &fair.token(Role::Booth, Some("A")));

    // Booth A's morning: three candidates queued, the first called to desk A1; desk A2 idle
    // with two waiting, so "call", "pause" and every ticket action would change something.
    let mut queued = Vec::new();
    for id in [3, 4, 6] {
        let person = fair.attendee(id);
        kiosk
            .checkin(CheckinRequest::entry(
                person.id_number.clone().unwrap(),
                "k",
            ))
            .unwrap();
        queued.push(kiosk.issue_ticket(&person.code, "A", None).unwrap().ticket);
    }
    let called = booth_a.call_next("A1").unwrap().unwrap().ticket;
    assert_eq!(called, queued[0]);
    // Someone who only ever queued at A.
    let candidate = fair.attendee(3).code;
    // A checked-in attendee with no ticket anywhere, for the "issue at A" attempts.
    let free = fair.attendee(9);
    kiosk
        .checkin(CheckinRequest::entry(free.id_number.clone().unwrap(), "k"))
        .unwrap();

    let before = snapshot(&fair.db);
    let counter_before = fair.fair().change_counter().unwrap();

    let mut groups: Vec<Group> = Vec::new();
    // Tickets by number: A's called ticket and a waiting one, every action that changes it.
    for number in [&queued[0], &queued[1]] {
        for spelling in spellings(number) {
            let path = format!("/api/v1/tickets/{}/act", segment(&spelling.text));
            let bodies = [
                json!({"action": "cancel"}),
                json!({"action": "start"}),
                json!({"action": "recall"}),
                json!({"action": "no_show"}),
                json!({"action": "finish", "outcome": "hired"}),
                json!({"action": "transfer", "booth": "B"}),
            ];
            let group = bodies
                .into_iter()
                .map(|body| Probe {
                    method: "POST",
                    path: path.clone(),
                    body: Some(body),
                    same: 403,
                    other: 404,
                })
                .map(|probe| spelling.expect(probe))
                .collect();
            groups.push(Group {
                what: format!("ticket {:?}", spelling.text),
                probes: group,
            });
        }
    }
    // Desks: the busy A1 and the idle A2, every desk route.
    for desk in ["A1", "A2"] {
        for spelling in spellings(desk) {
            let at = |route: &str| format!("/api/v1/desks/{}{route}", segment(&spelling.text));
            let mut group = vec![Probe {
                method: "GET",
                path: at(""),
                body: None,
                same: 403,
                other: 404,
            }];
            for (route, body) in [
                ("/call", None),
                ("/recall", None),
                ("/start", None),
                ("/no-show", None),
                ("/finish", Some(json!({"outcome": "hired", "note": "x"}))),
                ("/act", Some(json!({"action": "cancel"}))),
                ("/pause", None),
                ("/open", None),
            ] {
                group.push(Probe {
                    method: "POST",
                    path: at(route),
                    body,
                    same: 403,
                    other: 404,
                });
            }
            groups.push(Group {
                what: format!("desk {:?}", spelling.text),
                probes: group.into_iter().map(|p| spelling.expect(p)).collect(),
            });
        }
    }
    // Issuing a ticket at booth A.
    for spelling in spellings("A") {
        let probe = Probe {
            method: "POST",
            path: "/api/v1/tickets".into(),
            body: Some(json!({"attendee": free.code, "booth": spelling.text})),
            same: 403,
            other: 404,
        };
        groups.push(Group {
            what: format!("issue at {:?}", spelling.text),
            probes: vec![spelling.expect(probe)],
        });
    }
    // A's candidate's profile, suggestions and profile update.
    for spelling in spellings(&candidate) {
        let at = |route: &str| format!("/api/v1/attendees/{}{route}", segment(&spelling.text));
        let probes = vec![
            // Not B's candidate: as unknown to B as a code that does not exist.
            Probe {
                method: "GET",
                path: at(""),
                body: None,
                same: 404,
                other: 404,
            },
            // Roles that may never do this are refused before any code is read.
            Probe {
                method: "GET",
                path: at("/suggestions"),
                body: None,
                same: 403,
                other: 403,
            },
            Probe {
                method: "PATCH",
                path: at(""),
                body: Some(json!({"full_name": "Kẻ Mạo Danh", "phone": "0912345678"})),
                same: 403,
                other: 403,
            },
        ];
        groups.push(Group {
            what: format!("attendee {:?}", spelling.text),
            probes: probes.into_iter().map(|p| spelling.expect(p)).collect(),
        });
    }

    let mut sent = 0;
    for Group { what, probes } in &groups {
        // A fresh token per group keeps the miss throttle (item 7) out of this test's way.
        let token = fair.token(Role::Booth, Some("B"));
        for (probe, expected) in probes {
            let reply = send(
                &agent,
                &base,
                probe.method,
                &probe.path,
                Some(&token),
                probe.body.clone(),
            );
            assert_eq!(
                reply.status, *expected,
                "{what}: {} {} -> {}",
                probe.method, probe.path, reply.body
            );
            assert!(reply.body["code"].is_string(), "{what}: {}", reply.body);
            sent += 1;
        }
    }
    println!("{sent} requests from booth B about booth A refused");

    assert_eq!(
        snapshot(&fair.db),
        before,
        "no request changed the database"
    );
    assert_eq!(fair.fair().change_counter().unwrap(), counter_before);

    // The same spellings from booth A's own token reach its own things, in both the
    // permission check and the engine: they read a code the same way.
    let token_a = fair.token(Role::Booth, Some("A"));
    for spelling in spellings("A1") {
        let reply = send(
            &agent,
            &base,
            "GET",
            &format!("/api/v1/desks/{}", segment(&spelling.text)),
            Some(&token_a),
            None,
        );
        let expected = if spelling.same_code { 200 } else { 404 };
        assert_eq!(
            reply.status, expected,
            "{:?}: {}",
            spelling.text, reply.body
        );
        if expected == 200 {
            assert_eq!(reply.body["desk"]["code"], "A1");
            assert_eq!(reply.body["current"]["ticket"], called.as_str());
        }
    }
    hub.stop();
}
