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

pub fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_griddesk"));
    // Tests see neither the machine's config nor the user's database.
    c.env("GRIDDESK_CONFIG", "/nonexistent/griddesk.toml")
        .env_remove("GRIDDESK_DB")
        .env("LANG", "C.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES");
    c
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
