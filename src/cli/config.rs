//! Where the database is, which language, and who is at the counter.

use crate::i18n::Lang;
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// The hall's config file (`/etc/griddesk/config.toml`).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub db_path: Option<PathBuf>,
    pub lang: Option<String>,
    /// A shared server: new database files are made 0660 for the staff group.
    #[serde(default)]
    pub shared: bool,
}

pub const SYSTEM_CONFIG: &str = "/etc/griddesk/config.toml";

/// The config file in force: `GRIDDESK_CONFIG` names another (for tests and
/// for halls that keep it elsewhere).
pub fn config_path() -> PathBuf {
    std::env::var_os("GRIDDESK_CONFIG")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(SYSTEM_CONFIG))
}

/// Reads the config; a missing file is an empty config, a broken one an
/// error naming the file and the problem.
pub fn load(path: &Path) -> Result<Config, String> {
    match std::fs::read_to_string(path) {
        Ok(text) => toml::from_str(&text)
            .map_err(|e| format!("{}: {}", path.display(), e.to_string().trim())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Config::default()),
        Err(e) => Err(format!("{}: {e}", path.display())),
    }
}

/// `--lang`, then the config's `lang`, then `LANG`.
pub fn lang(flag: Option<&str>, cfg: &Config) -> Lang {
    flag.and_then(Lang::parse)
        .or_else(|| cfg.lang.as_deref().and_then(Lang::parse))
        .unwrap_or_else(Lang::from_env)
}

/// The user's data directory for griddesk (XDG on Linux).
pub fn data_dir() -> PathBuf {
    use etcetera::BaseStrategy;
    match etcetera::choose_base_strategy() {
        Ok(s) => s.data_dir().join("griddesk"),
        Err(_) => PathBuf::from(".griddesk"),
    }
}

/// `--db`, then `GRIDDESK_DB`, then the config's `db_path`, then the data directory.
pub fn db_path(flag: Option<&Path>, cfg: &Config) -> PathBuf {
    if let Some(p) = flag {
        return p.to_path_buf();
    }
    if let Some(p) = std::env::var_os("GRIDDESK_DB").filter(|p| !p.is_empty()) {
        return PathBuf::from(p);
    }
    if let Some(p) = &cfg.db_path {
        return p.clone();
    }
    data_dir().join("griddesk.db")
}

pub fn demo_path() -> PathBuf {
    data_dir().join("demo.db")
}

/// The login of the real user running the program, from the kernel's uid
/// (not `$USER`, which anyone can set), looked up in `/etc/passwd`.
pub fn os_login() -> String {
    #[cfg(target_os = "linux")]
    if let Some(uid) = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("Uid:"))
                .and_then(|l| l.split_whitespace().nth(1).map(str::to_string))
        })
        && let Ok(passwd) = std::fs::read_to_string("/etc/passwd")
    {
        for line in passwd.lines() {
            let f: Vec<&str> = line.split(':').collect();
            if f.len() > 2 && f[2] == uid {
                return f[0].to_string();
            }
        }
        return format!("uid{uid}");
    }
    std::env::var("USER")
        .or_else(|_| std::env::var("LOGNAME"))
        .unwrap_or_else(|_| "unknown".into())
}
