//! The register form, kept on disk while it has something in it, so an SSH
//! connection that drops (SIGHUP kills the process) loses nothing: the next
//! start offers it back. The file is the operator's own, mode 0600.

use super::app::{RegFocus, RegisterForm};
use super::field::TextField;
use crate::store::request::Category;
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

impl Draft {
    pub fn of(form: &RegisterForm, db: &Path) -> Option<Draft> {
        form.is_dirty().then(|| Draft {
            db: db.display().to_string(),
            query: form.query.text(),
            household: form.household.clone(),
            resident: form.resident.clone(),
            category: form.category.as_ref().map(|c| c.code.clone()),
            description: form.description.text(),
            materials: form.materials.clone(),
        })
    }

    /// Puts the draft back into a fresh form.
    pub fn restore(&self, cats: &[Category]) -> RegisterForm {
        let mut f = RegisterForm {
            query: TextField::with(&self.query, 40),
            description: TextField::with(&self.description, 200),
            ..Default::default()
        };
        f.household = self.household.clone();
        f.resident = self.resident.clone();
        f.category = self
            .category
            .as_ref()
            .and_then(|c| cats.iter().find(|x| &x.code == c).cloned());
        f.materials = self.materials.clone();
        f.focus = if f.household.is_some() {
            RegFocus::Description
        } else {
            RegFocus::Household
        };
        f
    }
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
