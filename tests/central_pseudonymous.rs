//! `sync --pseudonymous` (issue 17): the central database gets keyed hashes instead of
//! identities — none of the fairs' names, ID numbers, phones or birth dates — and the
//! programme report over it is the one a normal sync gives, people matched across fairs on
//! the hashes.

mod central;
mod pg;

use central::{demo_fair, fairdesk};
use pg::Pg;

fn sync(db: &std::path::Path, url: &str, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["--db", db.to_str().unwrap(), "sync", "--to", url];
    args.extend_from_slice(extra);
    fairdesk(&args)
}

fn report(url: &str) -> serde_json::Value {
    let out = fairdesk(&["programme", "report", "--pg", url]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    v.as_object_mut().unwrap().remove("generated_at");
    v
}

/// Every text value of every central table, one row a string.
fn everything(pg: &Pg, db: &str) -> Vec<String> {
    let mut client = pg.client(db);
    let tables: Vec<String> = client
        .query(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public'",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    let mut out = Vec::new();
    for table in tables {
        for row in client
            .query(&format!("SELECT to_jsonb(t)::text FROM {table} t"), &[])
            .unwrap()
        {
            out.push(row.get(0));
        }
    }
    out
}

#[test]
fn a_pseudonymous_sync_sends_no_identity_and_gives_the_same_programme_report() {
    let Some(pg) = Pg::start() else { return };
    let dir = tempfile::tempdir().unwrap();
    let fairs: Vec<_> = (0..3).map(|k| demo_fair(dir.path(), k)).collect();
    let key = dir.path().join("centre.key");
    std::fs::write(&key, "the-centre-key-for-2026-programme\n").unwrap();
    let plain = pg.create_db("plain");
    let hashed = pg.create_db("hashed");
    for f in &fairs {
        assert!(sync(&f.path, &plain, &[]).status.success());
        let out = sync(
            &f.path,
            &hashed,
            &[
                "--pseudonymous",
                "--pseudonym-key-file",
                key.to_str().unwrap(),
            ],
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    // The identities the fairs hold.
    let mut secrets: Vec<String> = Vec::new();
    for f in &fairs {
        let conn = rusqlite::Connection::open(&f.path).unwrap();
        let mut st = conn
            .prepare("SELECT full_name, id_number, phone, birth_date FROM attendee")
            .unwrap();
        let rows = st
            .query_map([], |r| {
                Ok([
                    r.get::<_, Option<String>>(0)?,
                    r.get::<_, Option<String>>(1)?,
                    r.get::<_, Option<String>>(2)?,
                    r.get::<_, Option<String>>(3)?,
                ])
            })
            .unwrap();
        for row in rows {
            secrets.extend(row.unwrap().into_iter().flatten());
        }
    }
    secrets.sort();
    secrets.dedup();
    assert!(secrets.len() > 300, "{}", secrets.len());
    let plain_rows = everything(&pg, "plain").join("\n");
    let hashed_rows = everything(&pg, "hashed").join("\n");
    // The check can fail: the normal sync does carry them.
    assert!(secrets.iter().any(|s| plain_rows.contains(s.as_str())));
    for s in &secrets {
        assert!(
            !hashed_rows.contains(s.as_str()),
            "{s} reached the central database"
        );
    }
    let named: i64 = pg
        .client("hashed")
        .query_one(
            "SELECT COUNT(*) FROM attendee WHERE full_name <> '' OR birth_date IS NOT NULL
               OR id_number NOT LIKE 'hmac1:%' OR phone NOT LIKE 'hmac1:%'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(named, 0);

    // The same report: people matched across fairs on the hashes, the same age bands.
    let (a, b) = (report(&plain), report(&hashed));
    assert_eq!(a["people"], 165);
    assert_eq!(a["visits"], b["visits"]);
    assert_eq!(a["people"], b["people"]);
    assert_eq!(a["matched_by"], b["matched_by"]);
    assert_eq!(a, b);

    // A fair keeps its mode: a plain sync into the pseudonymous database is refused.
    fairs[0].checked_in(199);
    let out = sync(&fairs[0].path, &hashed, &[]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("synced with --pseudonymous before"), "{err}");
    assert_eq!(err.trim().lines().count(), 1, "{err}");

    // Without a key, or with a short one, it says so.
    let out = sync(&fairs[0].path, &hashed, &["--pseudonymous"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("needs the centre's key"));
    std::fs::write(&key, "short").unwrap();
    let out = sync(
        &fairs[0].path,
        &hashed,
        &[
            "--pseudonymous",
            "--pseudonym-key-file",
            key.to_str().unwrap(),
        ],
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("too short"));
}
