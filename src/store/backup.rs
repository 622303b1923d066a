//! Consistent copies of a live database, and the integrity check.

use super::{Error, Result, Store, schema};
use std::path::Path;

#[derive(Debug, Clone, serde::Serialize)]
pub struct CheckReport {
    pub schema_version: i64,
    pub supported_version: i64,
    /// `ok`, or SQLite's list of problems.
    pub integrity: Vec<String>,
    /// Rows whose foreign keys point nowhere: (table, rowid).
    pub foreign_key_errors: Vec<(String, i64)>,
    pub households: i64,
    pub residents: i64,
    pub requests: i64,
    pub events: i64,
}

impl CheckReport {
    pub fn ok(&self) -> bool {
        self.integrity == ["ok"]
            && self.foreign_key_errors.is_empty()
            && self.schema_version == self.supported_version
    }
}

impl Store {
    /// Households, residents, requests, events.
    pub fn check_counts(&self) -> Result<(i64, i64, i64, i64)> {
        let c = &self.conn;
        let count = |t: &str| -> Result<i64> {
            Ok(c.query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0))?)
        };
        Ok((
            count("household")?,
            count("resident")?,
            count("request")?,
            count("event")?,
        ))
    }

    /// `integrity_check`, `foreign_key_check`, the schema version and counts.
    pub fn check(&self) -> Result<CheckReport> {
        let c = &self.conn;
        let integrity = c
            .prepare("PRAGMA integrity_check")?
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let fk = c
            .prepare("PRAGMA foreign_key_check")?
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, Option<i64>>(1)?.unwrap_or(0),
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let count = |t: &str| -> Result<i64> {
            Ok(c.query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0))?)
        };
        Ok(CheckReport {
            schema_version: c.query_row("PRAGMA user_version", [], |r| r.get(0))?,
            supported_version: schema::LATEST,
            integrity,
            foreign_key_errors: fk,
            households: count("household")?,
            residents: count("resident")?,
            requests: count("request")?,
            events: count("event")?,
        })
    }

    /// Writes a consistent copy to `dest` with `VACUUM INTO`, which reads
    /// one snapshot while other processes go on writing. The copy is made
    /// under a temporary name, checked, then renamed into place.
    pub fn backup(&self, dest: &Path) -> Result<u64> {
        if dest.exists() {
            return Err(Error::Exists(dest.to_path_buf()));
        }
        let mut partial = dest.as_os_str().to_owned();
        partial.push(".partial");
        let partial = std::path::PathBuf::from(partial);
        let _ = std::fs::remove_file(&partial);
        let dest_str = partial
            .to_str()
            .ok_or_else(|| Error::Io(format!("{}: not a UTF-8 path", dest.display())))?;
        self.conn.execute("VACUUM INTO ?1", [dest_str])?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&partial, std::fs::Permissions::from_mode(0o600))?;
        }
        let copy = rusqlite::Connection::open_with_flags(
            &partial,
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
        )?;
        let qc: String = copy.query_row("PRAGMA quick_check", [], |r| r.get(0))?;
        drop(copy);
        if qc != "ok" {
            let _ = std::fs::remove_file(&partial);
            return Err(Error::Corrupt(partial));
        }
        std::fs::rename(&partial, dest)?;
        Ok(std::fs::metadata(dest)?.len())
    }
}
