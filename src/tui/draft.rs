//! The register form, kept on disk while it has something in it, so an SSH
//! connection that drops (SIGHUP kills the process) loses nothing: the next
//! start offers it back. The file is the operator's own, mode 0600. The form
//! makes its draft and takes it back (`screens::register`).

use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    /// The database it belongs to.
    pub db: String,
    pub query: String,
    pub household: Option<(i64, String)>,
    pub resident: Option<(i64, String)>,
    pub category: Option<String>,
    pub description: String,
    pub materials: Vec<(String, bool)>,
}

pub fn path(login: &str) -> PathBuf {
    let safe: String = login
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    crate::cli::config::data_dir()
        .join("drafts")
        .join(format!("{safe}.json"))
}

/// Writes (or, with `None`, removes) the draft. Errors are ignored: a draft
/// is a convenience, never a reason to stop work.
pub fn save(path: &Path, d: Option<&Draft>) {
    match d {
        None => {
            let _ = std::fs::remove_file(path);
        }
        Some(d) => {
            let Ok(text) = serde_json::to_string(d) else {
                return;
            };
            if let Some(dir) = path.parent() {
                let _ = std::fs::create_dir_all(dir);
            }
            let tmp = path.with_extension("tmp");
            let mut o = std::fs::OpenOptions::new();
            o.write(true).create(true).truncate(true);
            #[cfg(unix)]
            {
                use std::os::unix::fs::OpenOptionsExt;
                o.mode(0o600);
            }
            if let Ok(mut f) = o.open(&tmp) {
                use std::io::Write;
                if f.write_all(text.as_bytes())
                    .and_then(|_| f.sync_all())
                    .is_ok()
                {
                    let _ = std::fs::rename(&tmp, path);
                }
            }
        }
    }
}

pub fn load(path: &Path, db: &Path) -> Option<Draft> {
    let text = std::fs::read_to_string(path).ok()?;
    let d: Draft = serde_json::from_str(&text).ok()?;
    (d.db == db.display().to_string()).then_some(d)
}
