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

/// The login of the real user running the program: the kernel's real uid
/// looked up through the system's user database (`getpwuid_r`, so NSS
/// sources such as LDAP or SSSD work), never `$USER`, which anyone can set.
/// A uid with no entry is `uid1234`.
pub fn os_login() -> String {
    #[cfg(unix)]
    {
        // SAFETY: getuid cannot fail.
        let uid = unsafe { libc::getuid() };
        login_of(uid).unwrap_or_else(|| format!("uid{uid}"))
    }
    #[cfg(not(unix))]
    {
        "unknown".into()
    }
}

/// The login name of `uid` from the system's user database.
#[cfg(unix)]
pub fn login_of(uid: libc::uid_t) -> Option<String> {
    let mut buf = vec![0u8; 1024];
    loop {
        // SAFETY: `pwd` and `result` are valid for writes; `buf` outlives
        // the call and its length is passed; getpwuid_r writes only there.
        let mut pwd: libc::passwd = unsafe { std::mem::zeroed() };
        let mut result: *mut libc::passwd = std::ptr::null_mut();
        let rc = unsafe {
            libc::getpwuid_r(
                uid,
                &mut pwd,
                buf.as_mut_ptr().cast(),
                buf.len(),
                &mut result,
            )
        };
        if rc == libc::ERANGE && buf.len() < 1 << 20 {
            buf.resize(buf.len() * 4, 0);
            continue;
        }
        if rc != 0 || result.is_null() || pwd.pw_name.is_null() {
            return None;
        }
        // SAFETY: on success pw_name points to a NUL-terminated string
        // inside `buf`.
        let name = unsafe { std::ffi::CStr::from_ptr(pwd.pw_name) };
        return Some(name.to_string_lossy().into_owned());
    }
}
