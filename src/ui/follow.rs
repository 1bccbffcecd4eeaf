//! A window that follows the data folder's current fair: when "Tạo ngày hội mới" (in this
//! window or another one on the laptop) makes a new fair current, every station started
//! without `--db` switches to it within a second or so, without a restart.

use std::path::PathBuf;

use crate::data_folder::DataFolder;

/// How often `current-fair` is read: a small file, once a second.
const CHECK_EVERY_S: f64 = 1.0;

/// Watches which fair the data folder names.
#[derive(Debug, Clone)]
pub struct FollowFair {
    folder: DataFolder,
    open: PathBuf,
    next_check: f64,
}

impl FollowFair {
    /// Follows `folder`, whose fair `open` the window has open now.
    pub fn new(folder: DataFolder, open: PathBuf) -> Self {
        Self {
            folder,
            open,
            next_check: 0.0,
        }
    }

    /// The data folder followed.
    pub fn folder(&self) -> &DataFolder {
        &self.folder
    }

    /// The fair to switch to, when `current-fair` has named another since the last call
    /// (`now` is egui's clock, seconds). A folder that cannot be read keeps the open fair.
    pub fn changed(&mut self, now: f64) -> Option<PathBuf> {
        if now < self.next_check {
            return None;
        }
        self.next_check = now + CHECK_EVERY_S;
        let current = self.folder.current_fair().ok()?;
        if current == self.open || !current.exists() {
            return None;
        }
        self.open = current.clone();
        Some(current)
    }

    /// How long until the next look (to schedule a repaint).
    pub fn wait(&self, now: f64) -> std::time::Duration {
        std::time::Duration::from_secs_f64((self.next_check - now).clamp(0.05, CHECK_EVERY_S))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_current_fair_is_seen_once_and_a_missing_one_never() {
        let dir = tempfile::tempdir().expect("temp");
        let folder = DataFolder::at(dir.path());
        let demo = folder.current_fair().expect("current");
        let mut follow = FollowFair::new(folder.clone(), demo);
        assert_eq!(follow.changed(0.0), None);
        let new = dir.path().join("new.db");
        std::fs::write(&new, b"").expect("write");
        folder.switch_to(&new).expect("switch");
        assert_eq!(follow.changed(0.5), None, "not looked at yet");
        assert_eq!(follow.changed(1.0), Some(new));
        assert_eq!(follow.changed(2.0), None, "already open");
        folder
            .switch_to(&dir.path().join("gone.db"))
            .expect("switch");
        assert_eq!(
            follow.changed(3.0),
            None,
            "a file that is not there is not opened"
        );
    }
}
