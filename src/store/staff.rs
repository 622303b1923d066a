//! Staff records: login (mapped from the OS user), name, role, active.

use super::event::created;
use super::{Error, Field, Result, Time};
use crate::domain::lifecycle::Role;
use rusqlite::{Connection, OptionalExtension, params};

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Staff {
    pub id: i64,
    pub login: String,
    pub name: String,
    #[serde(serialize_with = "ser_role")]
    pub role: Role,
    pub node_id: Option<i64>,
    pub active: bool,
}

fn ser_role<S: serde::Serializer>(r: &Role, s: S) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_str(r.code())
}

const SELECT: &str = "SELECT id, login, name, role, node_id, active FROM staff";

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Staff> {
    let role: String = r.get(3)?;
    Ok(Staff {
        id: r.get(0)?,
        login: r.get(1)?,
        name: r.get(2)?,
        role: Role::parse(&role).unwrap_or(Role::Counter),
        node_id: r.get(4)?,
        active: r.get(5)?,
    })
}

pub fn by_login(conn: &Connection, login: &str) -> Result<Option<Staff>> {
    let mut st = conn.prepare_cached(&format!("{SELECT} WHERE login = ?1"))?;
    Ok(st.query_row([login], row).optional()?)
}

pub fn by_id(conn: &Connection, id: i64) -> Result<Staff> {
    let mut st = conn.prepare_cached(&format!("{SELECT} WHERE id = ?1"))?;
    st.query_row([id], row).optional()?.ok_or(Error::NotFound {
        what: Field::Staff,
        query: id.to_string(),
        closest: None,
    })
}

pub fn active(conn: &Connection) -> Result<Vec<Staff>> {
    let mut st = conn.prepare_cached(&format!("{SELECT} WHERE active = 1 ORDER BY role, login"))?;
    let v = st
        .query_map([], row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(v)
}

/// Finds an active staff member by login or exact name.
pub fn find(conn: &Connection, who: &str) -> Result<Staff> {
    if let Some(s) = by_login(conn, who)?.filter(|s| s.active) {
        return Ok(s);
    }
    let mut st =
        conn.prepare_cached(&format!("{SELECT} WHERE name = ?1 AND active = 1 LIMIT 5"))?;
    let v = st
        .query_map([who], row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    match v.len() {
        1 => Ok(v.into_iter().next().expect("one")),
        0 => Err(Error::NotFound {
            what: Field::Staff,
            query: who.to_string(),
            closest: None,
        }),
        _ => Err(Error::Ambiguous {
            what: Field::Staff,
            query: who.to_string(),
            candidates: v
                .into_iter()
                .map(|s| format!("{} ({})", s.name, s.login))
                .collect(),
        }),
    }
}

pub struct NewStaff<'a> {
    pub login: &'a str,
    pub name: &'a str,
    pub role: Role,
    pub node_id: Option<i64>,
}

/// Adds a staff record and logs it. Role checks happen in the caller that
/// knows the operator (only supervisors edit staff).
pub fn add(conn: &Connection, now: Time, actor: Option<i64>, s: &NewStaff<'_>) -> Result<i64> {
    if s.login.trim().is_empty() {
        return Err(Error::Empty(Field::Staff));
    }
    if s.name.trim().is_empty() {
        return Err(Error::Empty(Field::Name));
    }
    if by_login(conn, s.login)?.is_some() {
        return Err(Error::Duplicate {
            what: Field::Staff,
            value: s.login.to_string(),
        });
    }
    conn.prepare_cached("INSERT INTO staff(login, name, role, node_id) VALUES (?1, ?2, ?3, ?4)")?
        .execute(params![
            s.login.trim(),
            s.name.trim(),
            s.role.code(),
            s.node_id
        ])?;
    let id = conn.last_insert_rowid();
    let after =
        serde_json::json!({"login": s.login, "name": s.name, "role": s.role.code()}).to_string();
    created(conn, now, actor, "staff", id, after)?;
    Ok(id)
}
