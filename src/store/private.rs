//! Files that hold personal data or keys are the owner's alone (issue 17): the database, its
//! `-wal` and `-shm`, backups, the kiosk's outbox and the hub's certificate key are created
//! with mode 0600 on Unix. Elsewhere the platform's defaults stand (a Windows profile folder is
//! already private to its user).

use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::Path;

/// The mode these files get.
pub const PRIVATE_MODE: u32 = 0o600;

/// Creates `path` (which must not exist) readable and writable by its owner only, and writes
/// `bytes` to it, synced.
pub fn write_new_private(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(PRIVATE_MODE);
    }
    let mut file = options.open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// Makes an existing file the owner's only. A missing file is not an error (SQLite creates
/// `-wal` and `-shm` lazily).
pub fn restrict_to_owner(path: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        match std::fs::set_permissions(path, std::fs::Permissions::from_mode(PRIVATE_MODE)) {
            Err(err) if err.kind() == io::ErrorKind::NotFound => Ok(()),
            other => other,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        Ok(())
    }
}

/// Creates an empty file at `path` owner-only if it does not exist yet, so that SQLite, which
/// creates a new database (and its `-wal` and `-shm`) with the same mode as the main file,
/// never makes a world-readable one.
pub fn precreate_private(path: &Path) -> io::Result<()> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(PRIVATE_MODE);
    }
    match options.open(path) {
        Ok(file) => drop::<File>(file),
        Err(err) if err.kind() == io::ErrorKind::AlreadyExists => {}
        Err(err) => return Err(err),
    }
    Ok(())
}

/// Opens (creating if needed) the SQLite database at `path` so that it and its `-wal` and
/// `-shm` are the owner's only: a new file is made 0600 before SQLite opens it (SQLite gives
/// the `-wal` and `-shm` the main file's mode), and an older, wider file is narrowed. A file
/// this user cannot narrow (someone else's) is opened as it is, with a warning.
pub fn open_database(path: &Path) -> rusqlite::Result<rusqlite::Connection> {
    let in_memory = path.as_os_str().is_empty() || path == Path::new(":memory:");
    if !in_memory {
        if let Err(err) = precreate_private(path) {
            // SQLite will say why it cannot open the file, in its own words.
            tracing::debug!(error = %err, "cannot pre-create the database file");
        }
    }
    let conn = rusqlite::Connection::open(path)?;
    if !in_memory {
        for file in [
            path.to_path_buf(),
            sidecar(path, "-wal"),
            sidecar(path, "-shm"),
        ] {
            if let Err(err) = restrict_to_owner(&file) {
                tracing::warn!(file = %file.display(), error = %err, "cannot make the file owner-only");
            }
        }
    }
    Ok(conn)
}

/// `fair.db` → `fair.db-wal`.
pub fn sidecar(path: &Path, suffix: &str) -> std::path::PathBuf {
    let mut name = path.as_os_str().to_os_string();
    name.push(suffix);
    name.into()
}
