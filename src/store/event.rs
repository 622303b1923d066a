//! The append-only event log: every change to any record. The database's
//! own triggers refuse UPDATE and DELETE on it.

use super::{Result, Time, fmt_time, time_col};
use rusqlite::{Connection, params};

/// One change, as written.
#[derive(Debug, Clone, Default)]
pub struct NewEvent<'a> {
    pub staff_id: Option<i64>,
    pub entity: &'a str,
    pub entity_id: i64,
    pub request_id: Option<i64>,
    pub kind: &'a str,
    pub from_status: Option<&'a str>,
    pub to_status: Option<&'a str>,
    pub from_level: Option<&'a str>,
    pub to_level: Option<&'a str>,
    pub reason: Option<&'a str>,
    pub note: Option<&'a str>,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// The event of a new record: who made it, and what it holds (IDs and
/// phones masked by the caller).
pub fn created(
    conn: &Connection,
    at: Time,
    actor: Option<i64>,
    entity: &str,
    id: i64,
    after: String,
) -> Result<i64> {
    append(
        conn,
        at,
        &NewEvent {
            staff_id: actor,
            entity,
            entity_id: id,
            kind: "created",
            after: Some(after),
            ..Default::default()
        },
    )
}

pub fn append(conn: &Connection, at: Time, e: &NewEvent<'_>) -> Result<i64> {
    let mut st = conn.prepare_cached(
        "INSERT INTO event(at, staff_id, entity, entity_id, request_id, kind, from_status, to_status,
                           from_level, to_level, reason, note, before, after)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
    )?;
    st.execute(params![
        fmt_time(at),
        e.staff_id,
        e.entity,
        e.entity_id,
        e.request_id,
        e.kind,
        e.from_status,
        e.to_status,
        e.from_level,
        e.to_level,
        e.reason,
        e.note,
        e.before,
        e.after
    ])?;
    Ok(conn.last_insert_rowid())
}

/// One event as read back for a timeline.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Event {
    pub id: i64,
    #[serde(serialize_with = "super::ser_time")]
    pub at: Time,
    pub staff: Option<String>,
    pub entity: String,
    pub entity_id: i64,
    pub request_id: Option<i64>,
    pub kind: String,
    pub from_status: Option<String>,
    pub to_status: Option<String>,
    pub from_level: Option<String>,
    pub to_level: Option<String>,
    pub reason: Option<String>,
    pub note: Option<String>,
}

const SELECT: &str =
    "SELECT e.id, e.at, s.name, e.entity, e.entity_id, e.request_id, e.kind, e.from_status,
        e.to_status, e.from_level, e.to_level, e.reason, e.note
   FROM event e LEFT JOIN staff s ON s.id = e.staff_id";

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Event> {
    Ok(Event {
        id: r.get(0)?,
        at: time_col(r, 1)?,
        staff: r.get(2)?,
        entity: r.get(3)?,
        entity_id: r.get(4)?,
        request_id: r.get(5)?,
        kind: r.get(6)?,
        from_status: r.get(7)?,
        to_status: r.get(8)?,
        from_level: r.get(9)?,
        to_level: r.get(10)?,
        reason: r.get(11)?,
        note: r.get(12)?,
    })
}

/// The timeline of one request, oldest first.
pub fn for_request(conn: &Connection, request_id: i64) -> Result<Vec<Event>> {
    let mut st = conn.prepare_cached(&format!("{SELECT} WHERE e.request_id = ?1 ORDER BY e.id"))?;
    let v = st
        .query_map([request_id], row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(v)
}

/// The history of any record, oldest first.
pub fn for_entity(conn: &Connection, entity: &str, id: i64) -> Result<Vec<Event>> {
    let mut st = conn.prepare_cached(&format!(
        "{SELECT} WHERE e.entity = ?1 AND e.entity_id = ?2 ORDER BY e.id"
    ))?;
    let v = st
        .query_map(params![entity, id], row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(v)
}
