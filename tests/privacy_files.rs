//! Files with personal data or keys are the owner's only (issue 17): the event database and
//! its `-wal` and `-shm`, a backup, the kiosk's outbox and the hub's certificate key are 0600,
//! and a database made before (wider) is narrowed when it is opened.
#![cfg(unix)]

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use fairdesk::cli::today_in_vietnam;
use fairdesk::store::private::sidecar;
use fairdesk::store::{OutboxStore, Store};

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .permissions()
        .mode()
        & 0o777
}

#[test]
fn the_database_its_wal_a_backup_the_outbox_and_the_hub_key_are_owner_only() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("fair.db");
    let fair = fairdesk::demo::create(&db, today_in_vietnam()).unwrap();
    for file in [db.clone(), sidecar(&db, "-wal"), sidecar(&db, "-shm")] {
        assert_eq!(mode(&file), 0o600, "{}", file.display());
    }
    let backup = dir.path().join("copy.db");
    fair.with_store(|s| s.backup(&backup)).unwrap();
    assert_eq!(mode(&backup), 0o600);
    drop(fair);

    let outbox = dir.path().join("outbox.db");
    let store = OutboxStore::open(&outbox).unwrap();
    assert_eq!(mode(&outbox), 0o600);
    drop(store);

    fairdesk::hub::tls::HubIdentity::load_or_create(&db).unwrap();
    assert_eq!(mode(&fairdesk::hub::tls::identity::key_path(&db)), 0o600);
}

#[test]
fn a_database_made_readable_by_others_is_narrowed_when_opened() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("old.db");
    drop(Store::open(&db).unwrap());
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o644)).unwrap();
    assert_eq!(mode(&db), 0o644);
    drop(Store::open(&db).unwrap());
    assert_eq!(mode(&db), 0o600);
}
