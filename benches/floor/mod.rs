//! The disk's floor the engine is measured against (issue 19): one fsync'd single-row INSERT
//! transaction, on a database with the pragmas the fair's own connections use. One copy for
//! every bench, so "the same pragmas" cannot drift between them.

use std::path::Path;

use rusqlite::Connection;

/// A fresh database at `path` with WAL and `synchronous=FULL`, and its one table.
pub fn open(path: &Path) -> Connection {
    let conn = Connection::open(path).unwrap();
    conn.pragma_update(None, "journal_mode", "WAL").unwrap();
    conn.pragma_update(None, "synchronous", "FULL").unwrap();
    conn.execute(
        "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL, at INTEGER)",
        [],
    )
    .unwrap();
    conn
}

/// One single-row INSERT transaction: the floor.
pub fn insert(conn: &Connection) {
    conn.execute_batch("BEGIN IMMEDIATE").unwrap();
    conn.prepare_cached("INSERT INTO t (v, at) VALUES (?1, ?2)")
        .unwrap()
        .execute(rusqlite::params!["019095001234", 1_700_000_000_000i64])
        .unwrap();
    conn.execute_batch("COMMIT").unwrap();
}

/// The ID numbers `sql` picks from `fair` (`SELECT id_number FROM attendee …`): the cards the
/// benches scan, so every check-in finds someone on file.
pub fn id_numbers(fair: &fairdesk::fair::Fair, sql: &str) -> Vec<String> {
    fair.with_store(|s| {
        let mut st = s.connection().prepare(sql).unwrap();
        st.query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    })
}
