//! Where the fair file lives when no `--db` is given: the user's data folder
//! (`~/.local/share/fairdesk` on Linux, `%APPDATA%\fairdesk` on Windows,
//! `~/Library/Application Support/fairdesk` on macOS), never the folder the app was started
//! from.
//!
//! The folder holds the demo fair (`fairdesk.db`), the fairs created from the organiser menu
//! (`fairs/`), and `current-fair`, one line naming the fair file the stations on this laptop
//! open. `--db` and `FAIRDESK_DB` still win over all of it.

use std::path::{Path, PathBuf};

/// The environment variable that names the fair file, after `--db` and before the data folder.
pub const DB_ENV: &str = "FAIRDESK_DB";

/// The demo fair's file name in the data folder.
const DEMO_FILE: &str = "fairdesk.db";

/// The file in the data folder that names the fair the stations open.
const CURRENT_FILE: &str = "current-fair";

/// The file in the data folder that remembers the hub this station was paired with (issue
/// 17): the pairing string, token included, so owner-only like the database.
const PAIRING_FILE: &str = "hub-pairing";

/// What went wrong finding or writing the data folder.
#[derive(Debug, thiserror::Error)]
pub enum DataFolderError {
    /// The platform gave no home folder (a service account without one).
    #[error("no user data folder on this machine (no home folder); pass --db or set FAIRDESK_DB")]
    NoHome,
    /// Reading or writing in the data folder failed.
    #[error("{path}: {source}")]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
}

/// The fairdesk data folder: the user's ([`DataFolder::user`]) or a given one (tests).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataFolder(PathBuf);

impl DataFolder {
    /// The user's fairdesk data folder (not created).
    pub fn user() -> Result<Self, DataFolderError> {
        let dirs = directories::BaseDirs::new().ok_or(DataFolderError::NoHome)?;
        Ok(Self(dirs.data_dir().join("fairdesk")))
    }

    /// The data folder at `path` (tests).
    pub fn at(path: impl Into<PathBuf>) -> Self {
        Self(path.into())
    }

    /// The folder itself.
    pub fn path(&self) -> &Path {
        &self.0
    }

    /// The fair file the stations open when neither `--db` nor `FAIRDESK_DB` says: the one
    /// `current-fair` names, else the demo fair. Creates nothing.
    pub fn current_fair(&self) -> Result<PathBuf, DataFolderError> {
        let pointer = self.0.join(CURRENT_FILE);
        match std::fs::read_to_string(&pointer) {
            Ok(text) if !text.trim().is_empty() => {
                Ok(PathBuf::from(text.trim_end_matches(['\r', '\n'])))
            }
            Ok(_) => Ok(self.0.join(DEMO_FILE)),
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(self.0.join(DEMO_FILE)),
            Err(source) => Err(DataFolderError::Io {
                path: pointer,
                source,
            }),
        }
    }

    /// Makes `db` the fair the stations on this laptop open from now on (written whole or
    /// not at all: a temp file renamed over the old one).
    pub fn switch_to(&self, db: &Path) -> Result<(), DataFolderError> {
        create(&self.0)?;
        let pointer = self.0.join(CURRENT_FILE);
        let temp = self.0.join(format!("{CURRENT_FILE}.new"));
        let io = |path: &Path| {
            let path = path.to_path_buf();
            move |source| DataFolderError::Io { path, source }
        };
        let absolute = std::path::absolute(db).map_err(io(db))?;
        std::fs::write(&temp, format!("{}\n", absolute.display())).map_err(io(&temp))?;
        std::fs::rename(&temp, &pointer).map_err(io(&pointer))
    }

    /// Where the remembered pairing is kept.
    pub fn pairing_file(&self) -> PathBuf {
        self.0.join(PAIRING_FILE)
    }

    /// The hub this station was paired with at an earlier start, if any. A file that no longer
    /// reads as a pairing string is as good as none (the station asks again), and says so.
    pub fn remembered_pairing(
        &self,
    ) -> Result<Option<crate::hub::pairing::Pairing>, DataFolderError> {
        let path = self.pairing_file();
        match std::fs::read_to_string(&path) {
            Ok(text) => match text.parse() {
                Ok(pairing) => Ok(Some(pairing)),
                Err(err) => {
                    tracing::warn!("{}: {err}; pairing again", path.display());
                    Ok(None)
                }
            },
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(source) => Err(DataFolderError::Io { path, source }),
        }
    }

    /// Remembers `pairing` for the next start: written whole (a temp file renamed over the
    /// old one) and readable by the owner only, since it carries the station's token.
    pub fn remember_pairing(
        &self,
        pairing: &crate::hub::pairing::Pairing,
    ) -> Result<(), DataFolderError> {
        create(&self.0)?;
        let path = self.pairing_file();
        let temp = self.0.join(format!("{PAIRING_FILE}.new"));
        let io = |path: &Path| {
            let path = path.to_path_buf();
            move |source| DataFolderError::Io { path, source }
        };
        // A temp file left by a crash is stale: the new one must be created, never reused,
        // so its mode is ours.
        match std::fs::remove_file(&temp) {
            Err(err) if err.kind() != std::io::ErrorKind::NotFound => return Err(io(&temp)(err)),
            _ => {}
        }
        crate::store::private::write_new_private(&temp, format!("{pairing}\n").as_bytes())
            .map_err(io(&temp))?;
        std::fs::rename(&temp, &path).map_err(io(&path))
    }

    /// A new, unused file name for a fair created from the menu: `fairs/<name>-<date>.db`,
    /// with `-2`, `-3`… when that is taken. Creates the `fairs` folder.
    pub fn new_fair_file(
        &self,
        name: &str,
        date: chrono::NaiveDate,
    ) -> Result<PathBuf, DataFolderError> {
        let fairs = self.0.join("fairs");
        create(&fairs)?;
        let stem = format!("{}-{date}", slug(name));
        let mut candidate = fairs.join(format!("{stem}.db"));
        let mut n = 2;
        while candidate.exists() {
            candidate = fairs.join(format!("{stem}-{n}.db"));
            n += 1;
        }
        Ok(candidate)
    }
}

/// Creates `folder` and its parents.
pub fn create(folder: &Path) -> Result<(), DataFolderError> {
    std::fs::create_dir_all(folder).map_err(|source| DataFolderError::Io {
        path: folder.to_path_buf(),
        source,
    })
}

/// A file-name-safe ASCII form of a fair's name ("Ngày hội Phú Lương" → "ngay-hoi-phu-luong"),
/// valid on Windows too (no `\ / : * ? " < > |`).
fn slug(name: &str) -> String {
    let folded = crate::domain::text::fold(name);
    let mut out = String::new();
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-');
    let out: String = out.chars().take(40).collect();
    if out.is_empty() { "fair".into() } else { out }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_vietnamese_name_becomes_a_safe_file_name() {
        assert_eq!(
            slug("Ngày hội việc làm Phú Lương"),
            "ngay-hoi-viec-lam-phu-luong"
        );
        assert_eq!(slug("  Đợt 2 / 2026: *quý III*  "), "dot-2-2026-quy-iii");
        assert_eq!(slug("???"), "fair");
    }
}
