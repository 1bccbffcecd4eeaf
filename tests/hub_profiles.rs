//! A booth's token reads only the profiles of its own candidates, and a token that keeps
//! naming attendees who are not there is slowed down (issue 12, item 7).

mod hub_common;

use fairdesk::api::*;
use fairdesk::domain::regcode;
use fairdesk::hub::auth::Role;
use fairdesk::hub::throttle::{MISSES_PER_WINDOW, WINDOW};
use hub_common::*;
use serde_json::json;

fn checked_in(fair: &TestFair, kiosk: &fairdesk::hub::HubClient, id: i64) -> String {
    let person = fair.attendee(id);
    kiosk
        .checkin(CheckinRequest::entry(person.id_number.unwrap(), "k"))
        .unwrap();
    person.code
}

#[test]
fn a_booth_reads_only_attendees_who_hold_or_held_a_ticket_there() {
    let fair = TestFair::new();
    let hub = fair.start();
    let agent = raw_agent();
    let base = hub.url();
    let kiosk_token = fair.token(Role::Kiosk, None);
    let kiosk = client(&hub, &kiosk_token);
    let token_a = fair.token(Role::Booth, Some("A"));
    let token_b = fair.token(Role::Booth, Some("B"));
    let organiser = fair.token(Role::Organiser, None);

    let at_a = checked_in(&fair, &kiosk, 3);
    kiosk.issue_ticket(&at_a, "A", None).unwrap();
    let at_b = checked_in(&fair, &kiosk, 4);
    kiosk.issue_ticket(&at_b, "B", None).unwrap();
    // Queued at A, then sent on to B: A held a ticket, B holds one now.
    let moved = checked_in(&fair, &kiosk, 5);
    let first = kiosk.issue_ticket(&moved, "A", None).unwrap().ticket;
    client(&hub, &token_a)
        .act(
            Target::Ticket(first),
            StaffAction::Transfer { booth: "B".into() },
        )
        .unwrap();
    let nowhere = checked_in(&fair, &kiosk, 6);
    let never_came = fair.attendee(7).code;
    let unknown = regcode::encode(90_000);

    let read = |token: &str, code: &str| {
        send(
            &agent,
            &base,
            "GET",
            &format!("/api/v1/attendees/{}", segment(code)),
            Some(token),
            None,
        )
    };
    let not_found = read(&kiosk_token, &unknown);
    assert_eq!(not_found.status, 404);
    for (token, code, visible) in [
        (&token_a, &at_a, true),
        (&token_a, &moved, true),
        (&token_a, &at_b, false),
        (&token_a, &nowhere, false),
        (&token_a, &never_came, false),
        (&token_b, &at_b, true),
        (&token_b, &moved, true),
        (&token_b, &at_a, false),
        (&token_b, &nowhere, false),
    ] {
        let reply = read(token, code);
        if visible {
            assert_eq!(reply.status, 200, "{}", reply.body);
            assert_eq!(reply.body["code"], code.as_str());
        } else {
            // Word for word what an unknown code gets: nothing to tell them apart.
            assert_eq!(reply.status, 404, "{}", reply.body);
            assert_eq!(reply.body, not_found.body);
            assert_eq!(reply.retry_after, None);
        }
    }
    // A lower-case code is the same code, to the permission as to the engine.
    assert_eq!(read(&token_a, &at_a.to_lowercase()).status, 200);
    assert_eq!(read(&token_b, &at_a.to_lowercase()).body, not_found.body);
    // The kiosk and the organiser still read anyone.
    for token in [&kiosk_token, &organiser] {
        for code in [&at_a, &at_b, &nowhere, &never_came] {
            assert_eq!(read(token, code).status, 200);
        }
    }
    // The desk console still shows the called candidate.
    let called = client(&hub, &token_a).call_next("A1").unwrap().unwrap();
    let view = client(&hub, &token_a).desk_view("A1").unwrap();
    assert_eq!(view.current.unwrap().ticket, called.ticket);
    assert_eq!(view.candidate.unwrap().code, at_a);
    hub.stop();
}

#[test]
fn a_token_that_keeps_naming_unknown_attendees_is_throttled() {
    let fair = TestFair::new();
    let hub = fair.start();
    let agent = raw_agent();
    let base = hub.url();
    let kiosk_token = fair.token(Role::Kiosk, None);
    let kiosk = client(&hub, &kiosk_token);
    let guesser = fair.token(Role::Booth, Some("B"));
    let colleague = fair.token(Role::Booth, Some("B"));
    let organiser = fair.token(Role::Organiser, None);
    let own = checked_in(&fair, &kiosk, 4);
    kiosk.issue_ticket(&own, "B", None).unwrap();

    let read = |token: &str, code: &str| {
        send(
            &agent,
            &base,
            "GET",
            &format!("/api/v1/attendees/{code}"),
            Some(token),
            None,
        )
    };
    // Codes of people on file (none of them B's), then a few that exist nowhere: all misses.
    let guesses: Vec<String> = (1..=MISSES_PER_WINDOW as u64)
        .map(|n| {
            if n % 2 == 0 {
                regcode::encode(n + 20)
            } else {
                regcode::encode(500_000 + n)
            }
        })
        .collect();
    for code in &guesses {
        assert_eq!(read(&guesser, code).status, 404, "{code}");
    }
    // From now on every lookup by that token waits, even of its own candidate.
    for code in [&regcode::encode(31), &own] {
        let reply = read(&guesser, code);
        assert_eq!(reply.status, 429, "{}", reply.body);
        assert_eq!(reply.body["code"], "throttled");
        let retry: u64 = reply.retry_after.as_deref().unwrap().parse().unwrap();
        assert!((1..=WINDOW.as_secs()).contains(&retry), "{retry}");
        assert_eq!(reply.body["retry_after_s"], retry);
    }
    let issue = send(
        &agent,
        &base,
        "POST",
        "/api/v1/tickets",
        Some(&guesser),
        Some(json!({"attendee": regcode::encode(40), "booth": "B"})),
    );
    assert_eq!(issue.status, 429, "issuing names an attendee too");
    // The station client sees the refusal as such, not as a lost hub.
    assert!(matches!(
        client(&hub, &guesser).attendee(&own),
        Err(FairError::Throttled { retry_after_s }) if retry_after_s >= 1
    ));
    // Other requests of that token are not held back; nor are other tokens.
    assert_eq!(
        send(&agent, &base, "GET", "/api/v1/booths", Some(&guesser), None).status,
        200
    );
    assert_eq!(read(&colleague, &own).status, 200);
    for n in 0..=MISSES_PER_WINDOW as u64 {
        let code = regcode::encode(700_000 + n);
        assert_eq!(
            read(&organiser, &code).status,
            404,
            "the organiser is not throttled"
        );
    }
    assert_eq!(read(&organiser, &own).status, 200);
    assert_eq!(read(&kiosk_token, &own).status, 200);
    hub.stop();
}
