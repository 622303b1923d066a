//! Migrations by `PRAGMA user_version`, run inside one IMMEDIATE
//! transaction, and the seed data embedded from `db/`.

use super::{APPLICATION_ID, Error, Mode, Result};
use crate::domain::calendar::DayKind;
use rusqlite::{Connection, params};
use serde::Deserialize;

/// A migration: its script, then what the program does after it.
type Migration = (&'static str, Option<fn(&Connection) -> Result<()>>);

/// Migrations in order; version N is `MIGRATIONS[N-1]`.
const MIGRATIONS: &[Migration] = &[
    (include_str!("../../db/migrations/0001_init.sql"), None),
    (
        include_str!("../../db/migrations/0002_name_index.sql"),
        Some(fill_name_fts),
    ),
    (include_str!("../../db/migrations/0003_hall.sql"), None),
    (
        include_str!("../../db/migrations/0004_name_keys.sql"),
        Some(fill_name_keys),
    ),
    (include_str!("../../db/migrations/0005_party.sql"), None),
    (include_str!("../../db/migrations/0006_decisions.sql"), None),
    (
        include_str!("../../db/migrations/0007_short_names.sql"),
        Some(fill_short_names),
    ),
    (
        include_str!("../../db/migrations/0008_member_keys.sql"),
        Some(fill_member_keys),
    ),
];

/// The spellings of each party member's name (version 8), written in key
/// order.
fn fill_member_keys(conn: &Connection) -> Result<()> {
    let mut all: Vec<(String, i64, i64)> = Vec::new();
    {
        let mut st = conn.prepare("SELECT id, name FROM party_member")?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            let name: String = r.get(1)?;
            for (k, kind) in super::party::member_keys(&name) {
                all.push((k, kind, id));
            }
        }
    }
    all.sort_unstable();
    all.dedup();
    conn.execute("DELETE FROM member_key", [])?;
    let mut ins =
        conn.prepare("INSERT INTO member_key(key, kind, member_id) VALUES (?1, ?2, ?3)")?;
    for (k, kind, id) in &all {
        ins.execute(params![k, kind, id])?;
    }
    Ok(())
}

/// The seeded categories' short English names, on the categories still
/// named as seeded (version 7): a name a supervisor changed keeps no
/// short name that no longer matches it.
fn fill_short_names(conn: &Connection) -> Result<()> {
    let file: CategoryFile = toml::from_str(CATEGORIES)
        .map_err(|e| Error::Io(format!("db/seed/categories.toml: {e}")))?;
    let mut st = conn.prepare(
        "UPDATE category SET short_en = ?1 WHERE code = ?2 AND name_en = ?3 AND short_en IS NULL",
    )?;
    for c in &file.category {
        if let Some(short) = &c.en_short {
            st.execute(params![short, c.code, c.en])?;
        }
    }
    Ok(())
}

/// The character index of each known name (version 2).
fn fill_name_fts(conn: &Connection) -> Result<()> {
    let mut ins = conn.prepare("INSERT INTO name_fts(rowid, chars) VALUES (?1, ?2)")?;
    let mut st = conn.prepare("SELECT id, name FROM person_name")?;
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        let name: String = r.get(1)?;
        ins.execute(params![
            r.get::<_, i64>(0)?,
            crate::domain::names::spaced_chars(&name)
        ])?;
    }
    Ok(())
}

/// The ranked spellings of each known name (version 4), written in key
/// order: one sorted pass instead of scattered B-tree inserts.
fn fill_name_keys(conn: &Connection) -> Result<()> {
    let mut all: Vec<(i64, String, i64)> = Vec::new();
    {
        let mut st = conn.prepare("SELECT id, name FROM person_name")?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            let name: String = r.get(1)?;
            for (k, rank) in crate::domain::names::name_keys(&name).keys {
                all.push((rank.code(), k, id));
            }
        }
    }
    all.sort_unstable();
    let mut ins = conn.prepare("INSERT INTO name_key(rank, key, name_id) VALUES (?1, ?2, ?3)")?;
    for (rank, k, id) in &all {
        ins.execute(params![rank, k, id])?;
    }
    conn.execute("UPDATE person_name SET keyed = 1", [])?;
    Ok(())
}

/// The schema version this program writes.
pub const LATEST: i64 = MIGRATIONS.len() as i64;

const CATEGORIES: &str = include_str!("../../db/seed/categories.toml");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CategoryFile {
    category: Vec<CategorySeed>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CategorySeed {
    code: String,
    parent: Option<String>,
    zh: String,
    en: String,
    en_short: Option<String>,
    limit_days: u32,
    #[serde(default)]
    materials: Vec<String>,
    department: Option<String>,
}

/// application_id, user_version and whether the file has any schema, in
/// one statement (each statement costs a lock round on a WAL file).
fn header(conn: &Connection) -> Result<(i64, i64, i64)> {
    Ok(conn.query_row(
        "SELECT (SELECT application_id FROM pragma_application_id), (SELECT user_version FROM pragma_user_version),
                EXISTS (SELECT 1 FROM sqlite_schema)",
        [],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?)
}

/// Checks that the file is ours (or blank) and not newer; true when it
/// needs migrating. Reads only.
pub fn inspect(conn: &Connection, mode: Mode) -> Result<bool> {
    let (app, ver, objects) = header(conn)?;
    let ours = app == APPLICATION_ID;
    let blank = app == 0 && ver == 0 && objects == 0;
    if !ours && !blank {
        return Err(Error::NotOurs(Default::default()));
    }
    if ver > LATEST {
        return Err(Error::Newer {
            found: ver,
            supported: LATEST,
        });
    }
    if ver == LATEST {
        return Ok(false);
    }
    if mode == Mode::ReadOnly {
        return Err(Error::Older {
            path: Default::default(),
            found: ver,
            supported: LATEST,
        });
    }
    Ok(true)
}

/// Runs the missing migrations and seeds, in one IMMEDIATE transaction.
pub fn migrate(conn: &mut Connection) -> Result<()> {
    let tx = conn.transaction()?; // IMMEDIATE: set at open
    // Another process may have migrated while we waited for the lock.
    let (app, ver, objects) = header(&tx)?;
    if app != APPLICATION_ID && !(app == 0 && ver == 0 && objects == 0) {
        return Err(Error::NotOurs(Default::default()));
    }
    if ver > LATEST {
        return Err(Error::Newer {
            found: ver,
            supported: LATEST,
        });
    }
    for (i, (sql, then)) in MIGRATIONS.iter().enumerate().skip(ver as usize) {
        tx.execute_batch(sql)?;
        if let Some(f) = then {
            f(&tx)?;
        }
        tx.pragma_update(None, "user_version", (i + 1) as i64)?;
    }
    tx.pragma_update(None, "application_id", APPLICATION_ID)?;
    seed_categories(&tx)?;
    seed_calendar(&tx)?;
    tx.commit()?;
    Ok(())
}

/// Inserts the embedded categories that are not in the database yet.
fn seed_categories(conn: &Connection) -> Result<()> {
    let file: CategoryFile = toml::from_str(CATEGORIES)
        .map_err(|e| Error::Io(format!("db/seed/categories.toml: {e}")))?;
    let mut st = conn.prepare(
        "INSERT OR IGNORE INTO category(code, parent_code, name_zh, name_en, limit_days, materials, department, sort, short_en)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    for (i, c) in file.category.iter().enumerate() {
        let materials = serde_json::to_string(&c.materials).unwrap_or_else(|_| "[]".into());
        st.execute(params![
            c.code,
            c.parent,
            c.zh,
            c.en,
            c.limit_days,
            materials,
            c.department,
            i as i64,
            c.en_short
        ])?;
    }
    Ok(())
}

const CALENDAR: &str = include_str!("../../db/seed/calendar.toml");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CalendarFile {
    holiday: Vec<HolidaySeed>,
}

/// One festival of the State Council's notice: the days off, and the
/// weekend days worked instead (调休上班).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct HolidaySeed {
    name: String,
    from: String,
    to: String,
    #[serde(default)]
    workdays: Vec<String>,
}

/// The embedded calendar as (day, kind, note), days off first.
fn calendar_days() -> Result<Vec<(chrono::NaiveDate, DayKind, String)>> {
    let bad = |e: String| Error::Io(format!("db/seed/calendar.toml: {e}"));
    let file: CalendarFile = toml::from_str(CALENDAR).map_err(|e| bad(e.to_string()))?;
    let day = |s: &str| {
        chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|e| bad(format!("{s}: {e}")))
    };
    let mut out = Vec::new();
    for h in &file.holiday {
        let (from, to) = (day(&h.from)?, day(&h.to)?);
        if to < from || (to - from).num_days() > 31 {
            return Err(bad(format!("{}: {} .. {}", h.name, h.from, h.to)));
        }
        out.extend(
            from.iter_days()
                .take_while(|d| *d <= to)
                .map(|d| (d, DayKind::Holiday, h.name.clone())),
        );
        for w in &h.workdays {
            out.push((day(w)?, DayKind::Workday, format!("{}调休上班", h.name)));
        }
    }
    Ok(out)
}

/// Inserts the embedded holidays and make-up working days; a day the hall
/// already set stays as the hall set it.
fn seed_calendar(conn: &Connection) -> Result<()> {
    let mut st =
        conn.prepare("INSERT OR IGNORE INTO calendar_day(day, kind, note) VALUES (?1, ?2, ?3)")?;
    for (d, kind, note) in calendar_days()? {
        st.execute(params![d.format("%Y-%m-%d").to_string(), kind.code(), note])?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Datelike, NaiveDate, Weekday};

    #[test]
    fn the_embedded_calendar_is_the_state_councils() {
        let days = calendar_days().unwrap();
        let kind = |y, m, d| {
            let day = NaiveDate::from_ymd_opt(y, m, d).unwrap();
            days.iter().find(|x| x.0 == day).map(|x| x.1)
        };
        // Make-up working days are weekend days; days are listed once.
        for (d, k, note) in &days {
            if *k == DayKind::Workday {
                assert!(
                    matches!(d.weekday(), Weekday::Sat | Weekday::Sun),
                    "{d} {note}"
                );
            }
            assert_eq!(days.iter().filter(|x| x.0 == *d).count(), 1, "{d}");
        }
        let holidays = |y| {
            days.iter()
                .filter(|x| x.0.year() == y && x.1 == DayKind::Holiday)
                .count()
        };
        // 1 + 8 + 3 + 5 + 3 + 8 and 3 + 9 + 3 + 5 + 3 + 3 + 7 days off.
        assert_eq!(holidays(2025), 28);
        assert_eq!(holidays(2026), 33);
        assert_eq!(kind(2025, 1, 28), Some(DayKind::Holiday));
        assert_eq!(kind(2025, 1, 26), Some(DayKind::Workday));
        assert_eq!(kind(2025, 10, 8), Some(DayKind::Holiday));
        assert_eq!(kind(2025, 10, 11), Some(DayKind::Workday));
        assert_eq!(kind(2026, 1, 4), Some(DayKind::Workday));
        assert_eq!(kind(2026, 2, 14), Some(DayKind::Workday));
        assert_eq!(kind(2026, 2, 23), Some(DayKind::Holiday));
        assert_eq!(kind(2026, 9, 20), Some(DayKind::Workday));
        assert_eq!(kind(2026, 10, 10), Some(DayKind::Workday));
        assert_eq!(kind(2026, 10, 8), None);
    }

    #[test]
    fn the_embedded_seed_parses_and_parents_exist() {
        let file: CategoryFile = toml::from_str(CATEGORIES).unwrap();
        let codes: Vec<&str> = file.category.iter().map(|c| c.code.as_str()).collect();
        for code in [
            "errand",
            "dispute",
            "micro_wish",
            "repair",
            "property",
            "safety",
            "assistance",
            "opinion",
            "consult",
        ] {
            assert!(codes.contains(&code), "{code}");
        }
        for c in &file.category {
            if let Some(p) = &c.parent {
                assert!(
                    codes.contains(&p.as_str()),
                    "{} has unknown parent {p}",
                    c.code
                );
            }
        }
    }
}
