//! The demo district, built from the source report's figures: 55
//! communities, 162 areas, 519 buildings or resident groups, about 30,000
//! households, 162 errand agents, and a year of work whose report gives
//! the source's figures — 8,300 households visited; 796 problems found on
//! visits, 733 handled, 63 being coordinated; 203 disputes, 195 resolved;
//! 6,500–6,599 errands handled by the 162 agents; about 3,700 micro-wishes.
//!
//! The register (grid, staff, households) is loaded in bulk, as a hall
//! imports it. The year — visits, requests and their every move, custody,
//! shifts — is done through the same `Store` calls as the screens, at
//! opening hours (08:30–17:30) of working days, never on a holiday. The
//! year runs from 1 January of the as-of date's year to the as-of date,
//! however short: the figures hold for any as-of date with a working day
//! since 1 January (every date but 1 January 2025 and 1–3 January 2026,
//! holidays; for those the year is the previous one). Deterministic for a
//! seed and an as-of date: the generator uses its own small random number
//! generator, never a crate's whose sequence could change between versions.

mod decisions;
mod hours;
mod party;
mod people;
mod register;
mod texts;
mod year;

pub use people::Rng;

use super::{Error, Field, Result, Store};
use hours::Hours;
use people::People;
use rusqlite::config::DbConfig;
use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    Small,
    District,
    Large,
}

impl Scale {
    pub fn parse(s: &str) -> Option<Scale> {
        match s {
            "small" => Some(Scale::Small),
            "district" => Some(Scale::District),
            "large" => Some(Scale::Large),
            _ => None,
        }
    }
}

pub(super) struct Sizes {
    pub subdistricts: usize,
    pub communities: usize,
    pub areas: usize,
    pub buildings: usize,
    pub households: usize,
    /// Multiplies the report's yearly request counts.
    pub factor: f64,
    pub agents: usize,
}

fn sizes(scale: Scale) -> Sizes {
    match scale {
        Scale::Small => Sizes {
            subdistricts: 1,
            communities: 3,
            areas: 6,
            buildings: 12,
            households: 500,
            factor: 500.0 / 30000.0,
            agents: 4,
        },
        Scale::District => Sizes {
            subdistricts: 9,
            communities: 55,
            areas: 162,
            buildings: 519,
            households: 30000,
            factor: 1.0,
            agents: 162,
        },
        Scale::Large => Sizes {
            subdistricts: 9,
            communities: 55,
            areas: 162,
            buildings: 5190,
            households: 300_000,
            factor: 100_000.0 / 11_905.0,
            agents: 400,
        },
    }
}

/// What the demo made, for the summary line.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Summary {
    pub communities: usize,
    pub areas: usize,
    pub buildings: usize,
    pub households: usize,
    pub residents: usize,
    pub staff: usize,
    pub requests: usize,
    pub events: usize,
    pub visits: usize,
}

pub struct Options {
    pub scale: Scale,
    pub seed: u64,
    /// The last day of the demo's year; its close (17:30) is the demo's
    /// "now".
    pub as_of: chrono::NaiveDate,
    /// The OS login to map to a supervisor, so the creator can work at once.
    pub operator_login: Option<String>,
}

/// Makes a demo database at `path`. It is built under a temporary name and
/// renamed into place at the end, so a half-made file never appears.
pub fn generate(path: &Path, opts: &Options) -> Result<Summary> {
    if path.exists() {
        return Err(Error::Exists(path.to_path_buf()));
    }
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".building");
    let tmp = std::path::PathBuf::from(tmp);
    let remove_tmp = || {
        for suffix in ["", "-wal", "-shm", "-journal"] {
            let mut p = tmp.as_os_str().to_owned();
            p.push(suffix);
            let _ = std::fs::remove_file(std::path::PathBuf::from(p));
        }
    };
    remove_tmp();
    let made = (|| {
        let mut store = Store::open(&tmp)?;
        // Nobody else sees the file while it is made: no syncs and no
        // journal file per transaction (a crash leaves only the temporary
        // file, removed here or by the next attempt). FULL and WAL are set
        // back at the end.
        store.conn.execute_batch(
            "PRAGMA locking_mode = EXCLUSIVE; PRAGMA journal_mode = MEMORY;
             PRAGMA synchronous = OFF; PRAGMA cache_size = -20000;",
        )?;
        // SQLite marks a statement whose plan looked at a bound value for
        // re-preparing whenever its bindings are cleared, which the
        // statement cache does after every use: a re-parse per store call.
        // The planner's stability guarantee turns that off.
        store
            .conn
            .set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG, true)?;
        let s = build(&mut store, opts)?;
        store.conn.execute_batch(
            "PRAGMA locking_mode = NORMAL; PRAGMA journal_mode = WAL;
             PRAGMA synchronous = FULL; ANALYZE;",
        )?;
        store.close();
        Ok(s)
    })();
    match made {
        Ok(summary) => {
            std::fs::rename(&tmp, path)?;
            Ok(summary)
        }
        Err(e) => {
            remove_tmp();
            Err(e)
        }
    }
}

/// The district as it is built: the register, then the year of work.
fn build(store: &mut Store, opts: &Options) -> Result<Summary> {
    let sizes = sizes(opts.scale);
    let hours = Hours::of_year(store.calendar()?, opts.as_of).ok_or(Error::Invalid {
        what: Field::Date,
        value: opts.as_of.to_string(),
    })?;
    let mut summary = Summary::default();
    let mut people = People::new(opts.seed, opts.as_of);
    // The register is loaded at the opening of the year's first working
    // day, before anything happens in it.
    let loaded = hours.at(0);
    let district = {
        let tx = store.conn.transaction()?;
        let d = register::build(
            &tx,
            &sizes,
            &mut people,
            loaded,
            opts.operator_login.as_deref(),
            opts.seed,
            &mut summary,
        )?;
        tx.commit()?;
        d
    };
    let made = year::live(store, &district, &sizes, &hours, &mut people.rng)?;
    party::live(store, &district, &sizes, &hours, &mut people)?;
    decisions::live(store, &district, &hours, &mut people)?;
    store.set_now(None);
    summary.requests = made.requests;
    summary.visits = made.visits;
    summary.events = store
        .conn
        .query_row("SELECT count(*) FROM event", [], |r| r.get::<_, i64>(0))?
        as usize;
    // The building and group leaders join the staff with the weekly
    // reports: the count is taken at the end.
    summary.staff = store
        .conn
        .query_row("SELECT count(*) FROM staff", [], |r| r.get::<_, i64>(0))?
        as usize;
    Ok(summary)
}
