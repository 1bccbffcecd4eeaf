//! The authorisation matrix over raw HTTP: every route × every role, no token, a revoked
//! token and a booth acting on another booth, with exact status codes; and clean JSON 4xx
//! replies for malformed, oversized and misrouted requests.

mod hub_common;

use fairdesk::api::{CheckinRequest, FairApi};
use fairdesk::hub::auth::Role;
use hub_common::*;
use serde_json::{Value, json};

#[derive(Clone, Copy, Debug, PartialEq)]
enum Who {
    Kiosk,
    BoothA,
    BoothB,
    Board,
    Organiser,
    Helpdesk,
    NoToken,
    Revoked,
}

const EVERYONE: [Who; 8] = [
    Who::Kiosk,
    Who::BoothA,
    Who::BoothB,
    Who::Board,
    Who::Organiser,
    Who::Helpdesk,
    Who::NoToken,
    Who::Revoked,
];

struct Route {
    method: &'static str,
    path: String,
    body: Option<Value>,
    /// Who may use it, and the status they then get (the engine's answer in this state).
    allowed: &'static [Who],
    ok_status: u16,
}

fn send(agent: &ureq::Agent, base: &str, token: Option<&str>, route: &Route) -> (u16, Value) {
    let url = format!("{base}{}", route.path);
    let auth = token.map(|t| format!("Bearer {t}"));
    let response = match (route.method, &route.body) {
        ("GET", _) => {
            let mut r = agent.get(&url);
            if let Some(a) = &auth {
                r = r.header("Authorization", a);
            }
            r.call()
        }
        (method, body) => {
            let mut r = match method {
                "POST" => agent.post(&url),
                "PATCH" => agent.patch(&url),
                other => panic!("{other}"),
            };
            if let Some(a) = &auth {
                r = r.header("Authorization", a);
            }
            r.send_json(body.clone().unwrap_or(json!({})))
        }
    };
    let mut response = response.unwrap();
    let status = response.status().as_u16();
    let text = response.body_mut().read_to_string().unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

#[test]
fn every_route_answers_every_role_with_the_exact_status() {
    use Who::*;
    let fair = TestFair::new();
    let hub = fair.start();
    let tokens = [
        (Kiosk, Some(fair.token(Role::Kiosk, None))),
        (BoothA, Some(fair.token(Role::Booth, Some("A")))),
        (BoothB, Some(fair.token(Role::Booth, Some("B")))),
        (Board, Some(fair.token(Role::Board, None))),
        (Organiser, Some(fair.token(Role::Organiser, None))),
        (Helpdesk, Some(fair.token(Role::Helpdesk, None))),
        (NoToken, None),
        (Revoked, Some(fair.token(Role::Organiser, None))),
    ];
    let token_of = |who: Who| tokens.iter().find(|(w, _)| *w == who).unwrap().1.clone();
    let agent = raw_agent();
    let base = hub.url();
    // Revoke through the API, as an organiser would.
    let organiser = token_of(Organiser).unwrap();
    let listed: Vec<Value> = {
        let (s, v) = send(
            &agent,
            &base,
            Some(&organiser),
            &Route {
                method: "GET",
                path: "/api/v1/tokens".into(),
                body: None,
                allowed: &[],
                ok_status: 200,
            },
        );
        assert_eq!(s, 200);
        v.as_array().unwrap().clone()
    };
    let revoked_id = listed.last().unwrap()["id"].as_i64().unwrap();
    let spare_id = fairdesk::hub::auth::issue(
        &fairdesk::store::TokenStore::open(&fair.db).unwrap(),
        Role::Board,
        None,
        chrono::Utc::now(),
    )
    .unwrap()
    .id;
    let (s, _) = send(
        &agent,
        &base,
        Some(&organiser),
        &Route {
            method: "POST",
            path: format!("/api/v1/tokens/{revoked_id}/revoke"),
            body: None,
            allowed: &[],
            ok_status: 200,
        },
    );
    assert_eq!(s, 200);

    // A person on file who never checks in, so ticket issuing answers 409 not_checked_in.
    let absent = fair.attendee(7).code;
    // A person queued at booth B (A's desks must stay idle for the rows below).
    let holder = {
        let kiosk = client(&hub, &token_of(Kiosk).unwrap());
        let person = fair.attendee(5);
        kiosk
            .checkin(CheckinRequest::entry(person.id_number.unwrap(), "k"))
            .unwrap();
        kiosk.issue_ticket(&person.code, "B", None).unwrap();
        person.code
    };
    // A booth reads only the profiles of attendees who hold or held a ticket at it; to any
    // other booth a profile is 404, the very reply an unknown code gets.
    let hidden: [(String, &[Who]); 2] = [
        (format!("/api/v1/attendees/{absent}"), &[BoothA, BoothB]),
        (format!("/api/v1/attendees/{holder}"), &[BoothA]),
    ];
    let all_roles: &[Who] = &[Kiosk, BoothA, BoothB, Board, Organiser, Helpdesk];
    let routes = vec![
        ("GET", "/api/v1/whoami".to_string(), None, all_roles, 200),
        ("GET", "/api/v1/event".to_string(), None, all_roles, 200),
        (
            "POST",
            "/api/v1/checkin".into(),
            Some(json!({"scan": "hello"})),
            &[Kiosk, Organiser, Helpdesk][..],
            200,
        ),
        (
            "GET",
            format!("/api/v1/attendees/{absent}"),
            None,
            &[Kiosk, BoothA, BoothB, Organiser, Helpdesk][..],
            200,
        ),
        (
            "GET",
            format!("/api/v1/attendees/{holder}"),
            None,
            &[Kiosk, BoothA, BoothB, Organiser, Helpdesk][..],
            200,
        ),
        (
            "PATCH",
            format!("/api/v1/attendees/{absent}"),
            Some(json!({})),
            &[Kiosk, Organiser, Helpdesk][..],
            200,
        ),
        (
            "GET",
            format!("/api/v1/attendees/{absent}/suggestions"),
            None,
            &[Kiosk, Organiser, Helpdesk][..],
            200,
        ),
        (
            "GET",
            "/api/v1/booths".into(),
            None,
            &[Kiosk, BoothA, BoothB, Organiser, Helpdesk][..],
            200,
        ),
        (
            "POST",
            "/api/v1/printer".into(),
            Some(json!({"state": "paper_out", "printer": "tcp:10.0.0.9:9100"})),
            &[Kiosk, Organiser, Helpdesk][..],
            200,
        ),
        (
            "GET",
            "/api/v1/printers".into(),
            None,
            &[Organiser][..],
            200,
        ),
        (
            "POST",
            "/api/v1/tickets".into(),
            Some(json!({"attendee": absent, "booth": "A"})),
            &[Kiosk, BoothA, Organiser, Helpdesk][..],
            409,
        ),
        (
            "POST",
            "/api/v1/tickets/A999/act".into(),
            Some(json!({"action": "cancel"})),
            &[BoothA, BoothB, Organiser][..],
            404,
        ),
        (
            "GET",
            "/api/v1/desks/A1".into(),
            None,
            &[BoothA, Organiser][..],
            200,
        ),
        (
            "POST",
            "/api/v1/desks/A1/call".into(),
            None,
            &[BoothA, Organiser][..],
            200,
        ),
        (
            "POST",
            "/api/v1/desks/A1/recall".into(),
            None,
            &[BoothA, Organiser][..],
            409,
        ),
        (
            "POST",
            "/api/v1/desks/A1/start".into(),
            None,
            &[BoothA, Organiser][..],
            409,
        ),
        (
            "POST",
            "/api/v1/desks/A1/finish".into(),
            Some(json!({"outcome": "interviewed"})),
            &[BoothA, Organiser][..],
            409,
        ),
        (
            "POST",
            "/api/v1/desks/A1/no-show".into(),
            None,
            &[BoothA, Organiser][..],
            409,
        ),
        (
            "POST",
            "/api/v1/desks/A1/act".into(),
            Some(json!({"action": "start"})),
            &[BoothA, Organiser][..],
            409,
        ),
        (
            "POST",
            "/api/v1/desks/A1/pause".into(),
            None,
            &[BoothA, Organiser][..],
            200,
        ),
        (
            "POST",
            "/api/v1/desks/A1/open".into(),
            None,
            &[BoothA, Organiser][..],
            200,
        ),
        // A desk corrects only its own last outcomes: a ticket it never finished is 404.
        (
            "POST",
            "/api/v1/desks/A1/amend".into(),
            Some(json!({"ticket": "A999", "outcome": "hired"})),
            &[BoothA, Organiser][..],
            404,
        ),
        // "Choose again" at a kiosk; an empty list takes nothing back.
        (
            "POST",
            format!("/api/v1/attendees/{absent}/undo"),
            Some(json!({"tickets": []})),
            &[Kiosk, Organiser][..],
            200,
        ),
        ("GET", "/api/v1/board".into(), None, all_roles, 200),
        ("GET", "/api/v1/report".into(), None, &[Organiser][..], 200),
        ("GET", "/api/v1/changes".into(), None, all_roles, 200),
        (
            "POST",
            "/api/v1/pin".into(),
            // The right PIN: six roles of wrong ones would lock PIN checks (hub::limits).
            Some(json!({"pin": fairdesk::demo::DEMO_PIN})),
            all_roles,
            200,
        ),
        ("GET", "/api/v1/tokens".into(), None, &[Organiser][..], 200),
        (
            "POST",
            "/api/v1/tokens".into(),
            Some(json!({"role": "board"})),
            &[Organiser][..],
            200,
        ),
        (
            "POST",
            format!("/api/v1/tokens/{spare_id}/revoke"),
            None,
            &[Organiser][..],
            200,
        ),
        ("GET", "/api/v1/setup".into(), None, &[Organiser][..], 200),
        (
            "POST",
            "/api/v1/setup".into(),
            Some(json!({"change": "add_desk", "booth": "T"})),
            &[Organiser][..],
            200,
        ),
        // The help desk's routes (issue 14). Search results are personal data: no kiosk,
        // booth or board reads them.
        (
            "GET",
            "/api/v1/attendees?q=nguyen%20van&limit=5".into(),
            None,
            &[Helpdesk, Organiser][..],
            200,
        ),
        (
            "POST",
            "/api/v1/attendees".into(),
            Some(json!({"full_name": " ", "commune": ""})),
            &[Helpdesk, Organiser][..],
            422,
        ),
        (
            "GET",
            format!("/api/v1/attendees/{absent}/helpdesk"),
            None,
            &[Helpdesk, Organiser][..],
            200,
        ),
        (
            "PATCH",
            format!("/api/v1/attendees/{absent}/helpdesk"),
            Some(json!({"phone": "12"})),
            &[Helpdesk, Organiser][..],
            422,
        ),
        (
            "POST",
            "/api/v1/tickets/A999/cancel".into(),
            None,
            &[BoothA, BoothB, Helpdesk, Organiser][..],
            404,
        ),
        // Last: it records an exit of `absent`.
        (
            "POST",
            format!("/api/v1/attendees/{absent}/checkin"),
            Some(json!({"direction": "out"})),
            &[Helpdesk, Organiser][..],
            200,
        ),
        ("GET", "/api/v1/health".into(), None, &EVERYONE[..], 200),
    ];
    let mut checked = 0;
    for (method, path, body, allowed, ok_status) in routes {
        let route = Route {
            method,
            path,
            body,
            allowed,
            ok_status,
        };
        let hidden_from = hidden
            .iter()
            .find(|(path, _)| route.method == "GET" && *path == route.path)
            .map_or(&[][..], |(_, who)| *who);
        for who in EVERYONE {
            let expected = if route.allowed.contains(&who) && hidden_from.contains(&who) {
                404
            } else if route.allowed.contains(&who) {
                route.ok_status
            } else if matches!(who, NoToken | Revoked) {
                401
            } else {
                403
            };
            let (status, body) = send(&agent, &base, token_of(who).as_deref(), &route);
            assert_eq!(
                status, expected,
                "{} {} as {who:?}: {body}",
                route.method, route.path
            );
            if status >= 400 {
                assert!(
                    body["code"].is_string() && body["message"].is_string(),
                    "{body}"
                );
            }
            checked += 1;
        }
    }
    println!("authorisation matrix: {checked} route × caller pairs checked");

    // `whoami` names the token's role and booth, so a station can check before it opens.
    let whoami = Route {
        method: "GET",
        path: "/api/v1/whoami".into(),
        body: None,
        allowed: &[],
        ok_status: 0,
    };
    for (who, role, booth) in [
        (Kiosk, "kiosk", Value::Null),
        (BoothA, "booth", json!("A")),
        (BoothB, "booth", json!("B")),
        (Board, "board", Value::Null),
        (Organiser, "organiser", Value::Null),
        (Helpdesk, "helpdesk", Value::Null),
    ] {
        let (status, body) = send(&agent, &base, token_of(who).as_deref(), &whoami);
        assert_eq!(status, 200, "{who:?}");
        assert_eq!(body, json!({"role": role, "booth": booth}), "{who:?}");
    }

    // A booth acting on another booth's existing ticket, and on its own.
    let kiosk = client(&hub, &token_of(Kiosk).unwrap());
    let person = fair.attendee(3);
    let out = kiosk
        .checkin(CheckinRequest::entry(person.id_number.unwrap(), "k"))
        .unwrap();
    let ticket = kiosk
        .issue_ticket(&out.attendee.unwrap().code, "A", None)
        .unwrap()
        .ticket;
    let act = |who: Who| {
        send(
            &agent,
            &base,
            token_of(who).as_deref(),
            &Route {
                method: "POST",
                path: format!("/api/v1/tickets/{ticket}/act"),
                body: Some(json!({"action": "start"})),
                allowed: &[],
                ok_status: 0,
            },
        )
    };
    assert_eq!(act(BoothB).0, 403);
    assert_eq!(act(Kiosk).0, 403);
    assert_eq!(act(BoothA).0, 409); // waiting tickets must be called first
    let b_on_a = send(
        &agent,
        &base,
        token_of(BoothB).as_deref(),
        &Route {
            method: "POST",
            path: "/api/v1/desks/A1/call".into(),
            body: None,
            allowed: &[],
            ok_status: 0,
        },
    );
    assert_eq!(b_on_a.0, 403);
    assert_eq!(b_on_a.1["code"], "forbidden");
    hub.stop();
}

#[test]
fn malformed_oversized_and_misrouted_requests_get_clean_json_4xx() {
    let fair = TestFair::new();
    let hub = fair.start();
    let token = fair.token(Role::Organiser, None);
    let auth = format!("Bearer {token}");
    let agent = raw_agent();
    let base = hub.url();
    let check = |response: Result<ureq::http::Response<ureq::Body>, ureq::Error>,
                 status: u16,
                 code: &str| {
        let mut response = response.unwrap();
        assert_eq!(response.status().as_u16(), status, "{code}");
        let body: Value = serde_json::from_str(&response.body_mut().read_to_string().unwrap())
            .unwrap_or_else(|_| panic!("{code}: not JSON"));
        assert_eq!(body["code"], code);
        assert!(body["message"].is_string());
    };
    let post = |path: &str| {
        agent
            .post(&format!("{base}{path}"))
            .header("Authorization", &auth)
    };
    check(
        post("/api/v1/checkin")
            .header("Content-Type", "application/json")
            .send("{\"scan\": "),
        400,
        "malformed_json",
    );
    check(
        post("/api/v1/checkin").send_json(json!({"scanned": "x"})),
        422,
        "invalid",
    );
    check(
        post("/api/v1/checkin").send("{\"scan\": \"x\"}"),
        415,
        "unsupported_media_type",
    );
    // An oversized body is refused on its Content-Length, before it is read. (A client that
    // keeps writing may see the connection close instead, so send only the headers here.)
    {
        use std::io::{Read, Write};
        let mut stream = std::net::TcpStream::connect(hub.addr()).unwrap();
        write!(
            stream,
            "POST /api/v1/checkin HTTP/1.1\r\nHost: x\r\nAuthorization: {auth}\r\n\
             Content-Type: application/json\r\nContent-Length: 200000\r\n\r\n"
        )
        .unwrap();
        stream
            .set_read_timeout(Some(std::time::Duration::from_secs(5)))
            .unwrap();
        let mut reply = Vec::new();
        let _ = stream.read_to_end(&mut reply);
        let reply = String::from_utf8_lossy(&reply);
        assert!(reply.starts_with("HTTP/1.1 413"), "{reply}");
        assert!(reply.contains("\"code\":\"payload_too_large\""), "{reply}");
    }
    check(
        agent
            .get(&format!("{base}/api/v1/nowhere"))
            .header("Authorization", &auth)
            .call(),
        404,
        "not_found",
    );
    check(agent.get(&format!("{base}/")).call(), 404, "not_found");
    check(
        agent
            .get(&format!("{base}/api/v1/checkin"))
            .header("Authorization", &auth)
            .call(),
        405,
        "method_not_allowed",
    );
    check(
        post("/api/v1/desks/A1/finish").send_json(json!({"outcome": "promoted"})),
        422,
        "invalid",
    );
    check(
        agent
            .get(&format!("{base}/api/v1/report?from=yesterday"))
            .header("Authorization", &auth)
            .call(),
        400,
        "bad_request",
    );
    hub.stop();
}
