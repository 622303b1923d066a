//! Shared helpers: a `small` demo database in a temporary directory, and
//! the real binary.
#![allow(dead_code)]

use chrono::NaiveDate;
use griddesk::store::demo::{self, Options, Scale};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub const AS_OF: (i32, u32, u32) = (2026, 11, 27);

pub fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(AS_OF.0, AS_OF.1, AS_OF.2).unwrap()
}

/// A fresh `small` demo database; the operator running the tests is a
/// supervisor in it.
pub fn small_db(dir: &Path) -> PathBuf {
    let path = dir.join("small.db");
    let opts = Options {
        scale: Scale::Small,
        seed: 7,
        as_of: as_of(),
        operator_login: Some(griddesk::cli::config::os_login()),
    };
    demo::generate(&path, &opts).expect("demo generates");
    path
}

/// The real binary, seeing neither the machine's config nor the user's
/// database, and with a private home (see `private_home`).
pub fn bin() -> Command {
    bin_at_home(&private_home())
}

/// The real binary with `home` as its home: data (drafts, printouts, the
/// default database) and config go under it, never to the real
/// `~/.local/share` or `~/.config`.
pub fn bin_at_home(home: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_griddesk"));
    private_env(&mut c, home);
    c.env("GRIDDESK_CONFIG", "/nonexistent/griddesk.toml")
        .env_remove("GRIDDESK_DB")
        .env("LANG", "C.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES");
    c
}

/// The home the tests' processes share: under cargo's temporary directory
/// for tests (`target/tmp`), never the user's.
pub fn private_home() -> PathBuf {
    let home = Path::new(env!("CARGO_TARGET_TMPDIR")).join("home");
    std::fs::create_dir_all(&home).expect("private home");
    home
}

/// The variables that place a user's files, each pointed under `home`.
pub fn home_vars(home: &Path) -> Vec<(&'static str, PathBuf)> {
    vec![
        ("HOME", home.to_path_buf()),
        ("XDG_DATA_HOME", home.join(".local/share")),
        ("XDG_CONFIG_HOME", home.join(".config")),
        ("XDG_STATE_HOME", home.join(".local/state")),
        ("XDG_CACHE_HOME", home.join(".cache")),
    ]
}

pub fn private_env(c: &mut Command, home: &Path) {
    for (k, v) in home_vars(home) {
        c.env(k, v);
    }
}

/// The same variables as a shell prefix, for command lines run by tmux.
pub fn shell_env(home: &Path) -> String {
    home_vars(home)
        .into_iter()
        .map(|(k, v)| format!("{k}='{}' ", v.display()))
        .collect()
}

/// Whether this run is CI (`CI=true`, as CI services set it): there, a test
/// that cannot run fails instead of skipping.
pub fn ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !matches!(v.trim(), "" | "0" | "false" | "no"))
}

/// A test that cannot run here: under CI it fails; otherwise it says
/// `SKIPPED: <test>: <reason>` on the real stderr (not the captured one,
/// so `cargo test` shows it) and the caller returns.
pub fn skip(test: &str, reason: &str) {
    skip_or_fail(ci(), test, reason, &mut std::io::stderr());
}

pub fn skip_or_fail(ci: bool, test: &str, reason: &str, out: &mut dyn std::io::Write) {
    if ci {
        panic!("{test} cannot run: {reason} (CI=true: .ci/run installs what tests need)");
    }
    let _ = writeln!(out, "SKIPPED: {test}: {reason}");
}

/// Whether a tool runs at all.
pub fn have(tool: &str, arg: &str) -> bool {
    Command::new(tool)
        .arg(arg)
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Makes a file immutable (`chattr +i`; even root cannot write it) until
/// the guard is dropped. `None` when that cannot be done here, after
/// `skip` said so (or failed the test under CI).
pub fn immutable(path: &Path, test: &str) -> Option<Immutable> {
    let o = match Command::new("chattr").arg("+i").arg(path).output() {
        Ok(o) => o,
        Err(e) => {
            skip(
                test,
                &format!("chattr cannot run ({e}); it is in e2fsprogs"),
            );
            return None;
        }
    };
    if !o.status.success() {
        skip(
            test,
            &format!(
                "chattr +i {} refused (needs root and a file system with the immutable flag): {}",
                path.display(),
                String::from_utf8_lossy(&o.stderr).trim()
            ),
        );
        return None;
    }
    Some(Immutable(path.to_path_buf()))
}

pub struct Immutable(PathBuf);

impl Immutable {
    /// Writable again now, rather than at the end of the scope.
    pub fn release(self) {}
}

impl Drop for Immutable {
    fn drop(&mut self) {
        let _ = Command::new("chattr").arg("-i").arg(&self.0).status();
    }
}

/// Rows of every table of a database, by table: "nothing written" means
/// this is the same before and after.
pub fn row_counts(c: &rusqlite::Connection) -> Vec<(String, i64)> {
    let tables: Vec<String> = c
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    tables
        .into_iter()
        .map(|t| {
            let n = c
                .query_row(&format!("SELECT count(*) FROM \"{t}\""), [], |r| r.get(0))
                .unwrap();
            (t, n)
        })
        .collect()
}

pub fn run(db: &Path, args: &[&str]) -> Output {
    bin()
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .expect("binary runs")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The index definitions of a database, by name.
pub fn index_sql(db: &Path) -> Vec<(String, String)> {
    let c = rusqlite::Connection::open(db).unwrap();
    let mut st = c
        .prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL ORDER BY name")
        .unwrap();
    st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(|r| r.unwrap())
        .collect()
}

/// The id of the staff member the tests run as (a supervisor in the
/// small demo).
pub fn supervisor(s: &griddesk::store::Store) -> i64 {
    griddesk::store::staff::by_login(s.conn(), &griddesk::cli::config::os_login())
        .unwrap()
        .expect("the tests' login is staff")
        .id
}
