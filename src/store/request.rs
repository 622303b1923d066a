//! Requests (诉求/办件): registration with per-day ticket numbers, every
//! lifecycle move with its event, escalation, notes and replies, errands
//! and their custody ledger of residents' originals.

use super::event::{self, Event, NewEvent, append};
use super::staff;
use super::{Error, Field, Result, Store, Time, fmt_time, opt_time_col, time_col};
use crate::domain::calendar::WorkCalendar;
use crate::domain::lifecycle::{
    self, CORRECTION_DAYS, Channel, Level, Permission, Rating, Status, authorize,
};
use crate::domain::warning::{Clock, Warning, warning};
use rusqlite::{Connection, OptionalExtension, params};

fn ser_opt_time<S: serde::Serializer>(
    t: &Option<Time>,
    s: S,
) -> std::result::Result<S::Ok, S::Error> {
    match t {
        Some(t) => s.serialize_str(&fmt_time(*t)),
        None => s.serialize_none(),
    }
}

fn ser_code<S: serde::Serializer, T: std::fmt::Display>(
    v: &T,
    s: S,
) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_str(&v.to_string())
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Category {
    pub code: String,
    pub parent: Option<String>,
    pub name_zh: String,
    pub name_en: String,
    /// A shorter English name in whole words for narrow lists, if any.
    pub short_en: Option<String>,
    pub limit_days: u32,
    pub materials: Vec<String>,
    pub department: Option<String>,
}

impl Category {
    pub fn is_errand(&self) -> bool {
        self.code == "errand" || self.parent.as_deref() == Some("errand")
    }
}

fn category_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Category> {
    let m: String = r.get(5)?;
    let materials = serde_json::from_str(&m).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(5, rusqlite::types::Type::Text, Box::new(e))
    })?;
    Ok(Category {
        code: r.get(0)?,
        parent: r.get(1)?,
        name_zh: r.get(2)?,
        name_en: r.get(3)?,
        short_en: r.get(7)?,
        limit_days: r.get(4)?,
        materials,
        department: r.get(6)?,
    })
}

const CATEGORY_SELECT: &str = "SELECT code, parent_code, name_zh, name_en, limit_days, materials, department, short_en FROM category";

/// Active categories in seed order.
pub fn categories(conn: &Connection) -> Result<Vec<Category>> {
    let mut st = conn.prepare_cached(&format!(
        "{CATEGORY_SELECT} WHERE active = 1 ORDER BY sort, code"
    ))?;
    let v = st
        .query_map([], category_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(v)
}

/// A category by its exact code, active or not: old requests keep a
/// category that was later deactivated.
pub fn category_by_code(conn: &Connection, code: &str) -> Result<Option<Category>> {
    let mut st = conn.prepare_cached(&format!("{CATEGORY_SELECT} WHERE code = ?1"))?;
    Ok(st.query_row([code], category_row).optional()?)
}

/// A category by code or by its Chinese or English name; an unknown one is
/// refused with the closest code.
pub fn category(conn: &Connection, code: &str) -> Result<Category> {
    let code = crate::domain::text::normalize(code);
    let all = categories(conn)?;
    if let Some(c) = all
        .iter()
        .find(|c| c.code == code || c.name_zh == code || c.name_en.eq_ignore_ascii_case(&code))
    {
        return Ok(c.clone());
    }
    // A sub-item may be named without its prefix: `dibao` for `errand.dibao`.
    if let Some(c) = all
        .iter()
        .find(|c| c.code.rsplit('.').next() == Some(code.as_str()))
    {
        return Ok(c.clone());
    }
    let closest = crate::domain::text::closest(&code, all.iter().map(|c| c.code.as_str()))
        .map(str::to_string);
    Err(Error::UnknownCategory { code, closest })
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Request {
    pub id: i64,
    pub ticket: String,
    #[serde(serialize_with = "ser_code")]
    pub channel: Channel,
    pub category: String,
    pub household_id: Option<i64>,
    pub household: Option<String>,
    pub resident_id: Option<i64>,
    pub requester_name: Option<String>,
    pub requester_phone: Option<String>,
    pub description: String,
    pub node_id: Option<i64>,
    #[serde(serialize_with = "ser_code")]
    pub level: Level,
    pub assignee_id: Option<i64>,
    pub assignee: Option<String>,
    #[serde(serialize_with = "ser_code")]
    pub status: Status,
    #[serde(serialize_with = "super::ser_time")]
    pub registered_at: Time,
    pub registered_by: Option<i64>,
    #[serde(serialize_with = "super::ser_time")]
    pub due_at: Time,
    #[serde(serialize_with = "ser_opt_time")]
    pub waiting_since: Option<Time>,
    #[serde(serialize_with = "super::ser_time")]
    pub last_activity_at: Time,
    #[serde(serialize_with = "ser_opt_time")]
    pub resolved_at: Option<Time>,
    pub result: Option<String>,
    #[serde(serialize_with = "ser_opt_time")]
    pub closed_at: Option<Time>,
    pub rating: Option<u8>,
    pub correction_of: Option<i64>,
    pub version: i64,
    /// A micro-wish with no open claim (for the warning).
    #[serde(skip)]
    pub unclaimed_wish: bool,
}

impl Request {
    pub fn warning(&self, now: Time, cal: &WorkCalendar) -> Warning {
        warning(
            &Clock {
                status: self.status,
                registered_at: self.registered_at,
                due_at: self.due_at,
                last_activity_at: self.last_activity_at,
                unclaimed_wish: self.unclaimed_wish,
            },
            now,
            cal,
        )
    }
}

pub(crate) const REQUEST_SELECT: &str = "SELECT q.id, q.ticket, q.channel, q.category_code, q.household_id,
        CASE WHEN h.id IS NULL THEN NULL ELSE
          (CASE WHEN a.level = 'area' THEN c.name ELSE a.name END) || ' ' || b.num || '-' || h.unit || '-' || h.room END,
        q.resident_id, q.requester_name, q.requester_phone, q.description, q.node_id, q.level, q.assignee_id, st.name,
        q.status, q.registered_at, q.registered_by, q.due_at, q.waiting_since, q.last_activity_at, q.resolved_at,
        q.result, q.closed_at, q.rating, q.correction_of, q.version,
        (q.category_code = 'micro_wish' AND NOT EXISTS
          (SELECT 1 FROM claim k WHERE k.request_id = q.id AND k.withdrawn_at IS NULL))
   FROM request q
   LEFT JOIN household h ON h.id = q.household_id
   LEFT JOIN grid_node b ON b.id = h.building_id
   LEFT JOIN grid_node a ON a.id = b.parent_id
   LEFT JOIN grid_node c ON c.id = a.parent_id
   LEFT JOIN staff st ON st.id = q.assignee_id";

fn bad(i: usize, what: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        i,
        rusqlite::types::Type::Text,
        format!("unknown {what}").into(),
    )
}

pub(crate) fn request_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Request> {
    let channel: String = r.get(2)?;
    let level: String = r.get(11)?;
    let status: String = r.get(14)?;
    Ok(Request {
        id: r.get(0)?,
        ticket: r.get(1)?,
        channel: Channel::parse(&channel).ok_or_else(|| bad(2, "channel"))?,
        category: r.get(3)?,
        household_id: r.get(4)?,
        household: r.get(5)?,
        resident_id: r.get(6)?,
        requester_name: r.get(7)?,
        requester_phone: r.get(8)?,
        description: r.get(9)?,
        node_id: r.get(10)?,
        level: Level::parse(&level).ok_or_else(|| bad(11, "level"))?,
        assignee_id: r.get(12)?,
        assignee: r.get(13)?,
        status: Status::parse(&status).ok_or_else(|| bad(14, "status"))?,
        registered_at: time_col(r, 15)?,
        registered_by: r.get(16)?,
        due_at: time_col(r, 17)?,
        waiting_since: opt_time_col(r, 18)?,
        last_activity_at: time_col(r, 19)?,
        resolved_at: opt_time_col(r, 20)?,
        result: r.get(21)?,
        closed_at: opt_time_col(r, 22)?,
        rating: r.get(23)?,
        correction_of: r.get(24)?,
        version: r.get(25)?,
        unclaimed_wish: r.get(26)?,
    })
}

pub fn by_id(conn: &Connection, id: i64) -> Result<Request> {
    let mut st = conn.prepare_cached(&format!("{REQUEST_SELECT} WHERE q.id = ?1"))?;
    st.query_row([id], request_row)
        .optional()?
        .ok_or(Error::NotFound {
            what: Field::Ticket,
            query: id.to_string(),
            closest: None,
        })
}

/// Accepts `20261127-0001`, `202611270001` and full-width digits.
pub fn normalize_ticket(s: &str) -> Option<String> {
    let s = crate::domain::text::normalize(s);
    let b = s.as_bytes();
    let digits = |x: &[u8]| !x.is_empty() && x.iter().all(u8::is_ascii_digit);
    if b.len() == 12 && digits(b) {
        return Some(format!("{}-{}", &s[..8], &s[8..]));
    }
    if (13..=14).contains(&b.len()) && b[8] == b'-' && digits(&b[..8]) && digits(&b[9..]) {
        return Some(s);
    }
    None
}

pub fn by_ticket(conn: &Connection, ticket: &str) -> Result<Request> {
    let t = normalize_ticket(ticket).ok_or_else(|| Error::Invalid {
        what: Field::Ticket,
        value: ticket.to_string(),
    })?;
    let mut st = conn.prepare_cached(&format!("{REQUEST_SELECT} WHERE q.ticket = ?1"))?;
    st.query_row([&t], request_row)
        .optional()?
        .ok_or(Error::NotFound {
            what: Field::Ticket,
            query: t,
            closest: None,
        })
}

/// Requests of a household, newest first.
pub fn for_household(conn: &Connection, household_id: i64, limit: usize) -> Result<Vec<Request>> {
    let mut st = conn.prepare_cached(&format!(
        "{REQUEST_SELECT} WHERE q.household_id = ?1 ORDER BY q.registered_at DESC LIMIT ?2"
    ))?;
    let v = st
        .query_map(params![household_id, limit as i64], request_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(v)
}

/// One line of the custody ledger.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Custody {
    pub id: i64,
    pub request_id: i64,
    pub item: String,
    pub holder: Option<String>,
    #[serde(serialize_with = "super::ser_time")]
    pub checked_in_at: Time,
    #[serde(serialize_with = "ser_opt_time")]
    pub returned_at: Option<Time>,
}

pub fn custody(conn: &Connection, request_id: i64) -> Result<Vec<Custody>> {
    let mut st = conn.prepare_cached(
        "SELECT c.id, c.request_id, c.item, s.name, c.checked_in_at, c.returned_at
           FROM custody c LEFT JOIN staff s ON s.id = c.holder_id WHERE c.request_id = ?1 ORDER BY c.id",
    )?;
    let v = st
        .query_map([request_id], |r| {
            Ok(Custody {
                id: r.get(0)?,
                request_id: r.get(1)?,
                item: r.get(2)?,
                holder: r.get(3)?,
                checked_in_at: time_col(r, 4)?,
                returned_at: opt_time_col(r, 5)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(v)
}

/// The errand part of a request.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Errand {
    pub service_item: String,
    pub department: Option<String>,
    pub promised_date: Option<String>,
    pub agent: Option<String>,
}

pub fn errand(conn: &Connection, request_id: i64) -> Result<Option<Errand>> {
    let mut st = conn.prepare_cached(
        "SELECT e.service_item, e.department, e.promised_date, s.name FROM errand e
           LEFT JOIN staff s ON s.id = e.agent_id WHERE e.request_id = ?1",
    )?;
    Ok(st
        .query_row([request_id], |r| {
            Ok(Errand {
                service_item: r.get(0)?,
                department: r.get(1)?,
                promised_date: r.get(2)?,
                agent: r.get(3)?,
            })
        })
        .optional()?)
}

/// A request as registered at the counter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewRequest {
    pub channel: Channel,
    pub category: String,
    pub household_id: Option<i64>,
    pub resident_id: Option<i64>,
    pub requester_name: Option<String>,
    pub requester_phone: Option<String>,
    pub description: String,
    pub level: Option<Level>,
    /// Originals received now, checked into custody (errands).
    pub materials: Vec<String>,
    pub assignee_id: Option<i64>,
    /// The clerk confirmed registering again a request identical to one
    /// registered within `REPEAT_WINDOW_SECS`.
    pub again: bool,
}

/// Within this many seconds, a second identical registration (same
/// household or resident, category and description) is taken for a double
/// save — a paste whose line ends arrived as Enter, a key pressed twice —
/// and refused unless confirmed.
pub const REPEAT_WINDOW_SECS: i64 = 120;

/// The identical request registered within the repeat window, if any:
/// (ticket, seconds ago).
fn recent_identical(
    conn: &Connection,
    now: Time,
    r: &NewRequest,
    category: &str,
    description: &str,
) -> Result<Option<(String, i64)>> {
    if r.household_id.is_none() && r.resident_id.is_none() {
        return Ok(None);
    }
    let since = fmt_time(now - chrono::Duration::seconds(REPEAT_WINDOW_SECS));
    let found: Option<(String, String)> = conn
        .prepare_cached(
            "SELECT ticket, registered_at FROM request
              WHERE category_code = ?1 AND registered_at >= ?2 AND description = ?3
                AND ((?4 IS NOT NULL AND household_id = ?4) OR (?5 IS NOT NULL AND resident_id = ?5))
              ORDER BY registered_at DESC LIMIT 1",
        )?
        .query_row(
            params![category, since, description, r.household_id, r.resident_id],
            |x| Ok((x.get(0)?, x.get(1)?)),
        )
        .optional()?;
    match found {
        Some((ticket, at)) => {
            let at = super::parse_time(&at).ok_or_else(|| Error::Invalid {
                what: Field::Date,
                value: at.clone(),
            })?;
            Ok(Some((ticket, (now - at).num_seconds().max(0))))
        }
        None => Ok(None),
    }
}

/// A resident named with a household must live there.
fn check_resident_household(conn: &Connection, r: &NewRequest) -> Result<()> {
    let (Some(hid), Some(rid)) = (r.household_id, r.resident_id) else {
        return Ok(());
    };
    let res = super::household::resident(conn, rid)?;
    if res.household_id != hid {
        let label = |id: i64| -> Result<String> { Ok(super::household::get(conn, id)?.label()) };
        return Err(Error::NotAtHousehold {
            resident: res.name.clone(),
            household: label(hid)?,
            lives_at: label(res.household_id)?,
        });
    }
    Ok(())
}

impl NewRequest {
    pub fn new(channel: Channel, category: &str, description: &str) -> Self {
        NewRequest {
            channel,
            category: category.to_string(),
            household_id: None,
            resident_id: None,
            requester_name: None,
            requester_phone: None,
            description: description.to_string(),
            level: None,
            materials: Vec::new(),
            assignee_id: None,
            again: false,
        }
    }
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Registered {
    pub id: i64,
    pub ticket: String,
    #[serde(serialize_with = "super::ser_time")]
    pub due_at: Time,
}

/// Takes the next ticket number of the day. Runs inside the caller's
/// IMMEDIATE transaction, so two counters never get the same number, and
/// the counter only grows, so a number is never reused.
fn next_ticket(conn: &Connection, at: Time) -> Result<String> {
    let day = at.format("%Y%m%d").to_string();
    let n: i64 = conn
        .prepare_cached("INSERT INTO ticket_counter(day, last) VALUES (?1, 1) ON CONFLICT(day) DO UPDATE SET last = last + 1 RETURNING last")?
        .query_row([&day], |r| r.get(0))?;
    Ok(format!("{day}-{n:04}"))
}

/// What a follow-up call found.
#[derive(Debug, Clone)]
pub enum FollowUp {
    /// The resident confirmed; the request closes with this rating.
    Rated(Rating),
    /// The matter is not settled: the request is reopened.
    Failed(String),
}

/// Notes are internal; replies are what the resident is told; a step is
/// a stage of the handling recorded as it happens (an errand's materials
/// taken to the department, the department's answer).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoteKind {
    Note,
    Reply,
    Step,
}

fn require_text(s: &str, f: Field) -> Result<String> {
    super::typed_text(s, f)
}

/// A request ready to write: validated text, its category and time limit.
struct Draft<'a> {
    r: &'a NewRequest,
    cat: &'a Category,
    description: &'a str,
    correction_of: Option<i64>,
    limit_days: u32,
}

fn insert_request(
    conn: &Connection,
    now: Time,
    actor: i64,
    cal: &WorkCalendar,
    d: &Draft<'_>,
) -> Result<Registered> {
    let Draft {
        r,
        cat,
        description,
        correction_of,
        limit_days,
    } = *d;
    let node_id: Option<i64> = match r.household_id {
        Some(h) => Some(
            conn.query_row(
                "SELECT building_id FROM household WHERE id = ?1 AND voided_at IS NULL",
                [h],
                |x| x.get(0),
            )
            .optional()?
            .ok_or(Error::NotFound {
                what: Field::Household,
                query: h.to_string(),
                closest: None,
            })?,
        ),
        None => None,
    };
    let level = r.level.unwrap_or(match r.channel {
        Channel::Visit => Level::Building,
        _ => Level::Community,
    });
    let due = cal.due(now, limit_days);
    let ticket = next_ticket(conn, now)?;
    let t = fmt_time(now);
    let status = if r.assignee_id.is_some() {
        Status::Assigned
    } else {
        Status::Registered
    };
    conn.prepare_cached(
        "INSERT INTO request(ticket, channel, category_code, household_id, resident_id, requester_name, requester_phone,
                             description, node_id, level, assignee_id, status, registered_at, registered_by, due_at,
                             last_activity_at, correction_of)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?13, ?16)",
    )?
    .execute(params![
        ticket,
        r.channel.code(),
        cat.code,
        r.household_id,
        r.resident_id,
        r.requester_name,
        r.requester_phone,
        description,
        node_id,
        level.code(),
        r.assignee_id,
        Status::Registered.code(),
        t,
        actor,
        fmt_time(due),
        correction_of
    ])?;
    let id = conn.last_insert_rowid();
    let after = serde_json::json!({"ticket": ticket, "category": cat.code, "channel": r.channel.code(), "household_id": r.household_id, "level": level.code(), "due_at": fmt_time(due)});
    append(
        conn,
        now,
        &NewEvent {
            staff_id: Some(actor),
            entity: "request",
            entity_id: id,
            request_id: Some(id),
            kind: "created",
            to_status: Some(Status::Registered.code()),
            to_level: Some(level.code()),
            note: Some(description),
            after: Some(after.to_string()),
            ..Default::default()
        },
    )?;
    if status == Status::Assigned {
        conn.prepare_cached("UPDATE request SET status = 'assigned' WHERE id = ?1")?
            .execute([id])?;
        append(
            conn,
            now,
            &NewEvent {
                staff_id: Some(actor),
                entity: "request",
                entity_id: id,
                request_id: Some(id),
                kind: "assign",
                from_status: Some(Status::Registered.code()),
                to_status: Some(Status::Assigned.code()),
                after: r
                    .assignee_id
                    .map(|a| serde_json::json!({"assignee_id": a}).to_string()),
                ..Default::default()
            },
        )?;
    }
    if cat.is_errand() {
        conn.prepare_cached("INSERT INTO errand(request_id, service_item, department, promised_date, agent_id) VALUES (?1, ?2, ?3, ?4, ?5)")?
            .execute(params![id, cat.code, cat.department, due.format("%Y-%m-%d").to_string(), r.assignee_id])?;
    }
    for m in &r.materials {
        let item = require_text(m, Field::Item)?;
        conn.prepare_cached("INSERT INTO custody(request_id, item, holder_id, checked_in_at, checked_in_by) VALUES (?1, ?2, ?3, ?4, ?3)")?
            .execute(params![id, item, actor, t])?;
        let cid = conn.last_insert_rowid();
        append(
            conn,
            now,
            &NewEvent {
                staff_id: Some(actor),
                entity: "custody",
                entity_id: cid,
                request_id: Some(id),
                kind: "custody_in",
                note: Some(&item),
                ..Default::default()
            },
        )?;
    }
    Ok(Registered {
        id,
        ticket,
        due_at: due,
    })
}

/// A status move: the target, the event kind, the text typed with it and
/// the field that text fills (for messages).
struct Move {
    to: Status,
    kind: &'static str,
    text: Option<String>,
    field: Field,
}

/// What a change writes into its event.
struct Change {
    kind: &'static str,
    reason: Option<String>,
    note: Option<String>,
}

impl Store {
    fn actor(&self, actor: i64) -> Result<staff::Staff> {
        let s = staff::by_id(&self.conn, actor)?;
        if !s.active {
            return Err(Error::NotFound {
                what: Field::Staff,
                query: s.login,
                closest: None,
            });
        }
        Ok(s)
    }

    /// Registers a request: validated first, written in one transaction.
    pub fn register(&mut self, actor: i64, r: &NewRequest) -> Result<Registered> {
        let description = require_text(&r.description, Field::Description)?;
        let cat = category(&self.conn, &r.category)?;
        self.actor(actor)?;
        let now = self.now();
        let cal = self.calendar()?.clone();
        let tx = self.conn.transaction()?;
        check_resident_household(&tx, r)?;
        // Checked inside the write transaction, so two counters saving the
        // same walk-in at once are told too.
        if !r.again
            && let Some((ticket, seconds)) = recent_identical(&tx, now, r, &cat.code, &description)?
        {
            return Err(Error::Repeated { ticket, seconds });
        }
        let draft = Draft {
            r,
            cat: &cat,
            description: &description,
            correction_of: None,
            limit_days: cat.limit_days,
        };
        let reg = insert_request(&tx, now, actor, &cal, &draft)?;
        tx.commit()?;
        Ok(reg)
    }

    pub fn request(&self, id: i64) -> Result<Request> {
        by_id(&self.conn, id)
    }

    pub fn request_by_ticket(&self, ticket: &str) -> Result<Request> {
        by_ticket(&self.conn, ticket)
    }

    /// The custody ledger of a request: what is held and what went back.
    pub fn custody(&self, id: i64) -> Result<Vec<Custody>> {
        custody(&self.conn, id)
    }

    pub fn timeline(&self, id: i64) -> Result<Vec<Event>> {
        event::for_request(&self.conn, id)
    }

    /// Applies one move: reads the request inside an IMMEDIATE transaction,
    /// checks the version the caller saw, lets `f` change it, writes it
    /// back with the version bumped and appends the event.
    fn mutate<F>(&mut self, actor: i64, id: i64, seen_version: Option<i64>, f: F) -> Result<Request>
    where
        F: FnOnce(&mut Request, &staff::Staff, Time, &WorkCalendar, &Connection) -> Result<Change>,
    {
        let who = self.actor(actor)?;
        let now = self.now();
        let cal = self.calendar()?.clone();
        let tx = self.conn.transaction()?;
        let before = by_id(&tx, id)?;
        if let Some(v) = seen_version
            && v != before.version
        {
            return Err(Error::Conflict);
        }
        let mut after = before.clone();
        let change = f(&mut after, &who, now, &cal, &tx)?;
        after.last_activity_at = now;
        let n = tx
            .prepare_cached(
                "UPDATE request SET status = ?1, level = ?2, assignee_id = ?3, due_at = ?4, waiting_since = ?5,
                        last_activity_at = ?6, resolved_at = ?7, result = ?8, closed_at = ?9, rating = ?10,
                        version = version + 1
                  WHERE id = ?11 AND version = ?12",
            )?
            .execute(params![
                after.status.code(),
                after.level.code(),
                after.assignee_id,
                fmt_time(after.due_at),
                after.waiting_since.map(fmt_time),
                fmt_time(now),
                after.resolved_at.map(fmt_time),
                after.result,
                after.closed_at.map(fmt_time),
                after.rating,
                id,
                before.version
            ])?;
        if n == 0 {
            return Err(Error::Conflict);
        }
        let diff = |r: &Request| {
            serde_json::json!({"status": r.status.code(), "level": r.level.code(), "assignee_id": r.assignee_id,
                               "due_at": fmt_time(r.due_at), "result": r.result, "rating": r.rating})
            .to_string()
        };
        append(
            &tx,
            now,
            &NewEvent {
                staff_id: Some(actor),
                entity: "request",
                entity_id: id,
                request_id: Some(id),
                kind: change.kind,
                from_status: (before.status != after.status).then(|| before.status.code()),
                to_status: (before.status != after.status).then(|| after.status.code()),
                from_level: (before.level != after.level).then(|| before.level.code()),
                to_level: (before.level != after.level).then(|| after.level.code()),
                reason: change.reason.as_deref(),
                note: change.note.as_deref(),
                before: Some(diff(&before)),
                after: Some(diff(&after)),
            },
        )?;
        tx.commit()?;
        by_id(&self.conn, id)
    }

    /// 派遣: gives the request to a member of staff (or hands it on).
    pub fn assign(
        &mut self,
        actor: i64,
        id: i64,
        assignee: i64,
        seen: Option<i64>,
    ) -> Result<Request> {
        self.assign_with(actor, id, assignee, seen, None)
    }

    /// 改派: the request taken from its assignee and given to another,
    /// with the reason, which the timeline keeps.
    pub fn reassign(
        &mut self,
        actor: i64,
        id: i64,
        assignee: i64,
        reason: &str,
        seen: Option<i64>,
    ) -> Result<Request> {
        let reason = require_text(reason, Field::Reason)?;
        self.assign_with(actor, id, assignee, seen, Some(reason))
    }

    fn assign_with(
        &mut self,
        actor: i64,
        id: i64,
        assignee: i64,
        seen: Option<i64>,
        reason: Option<String>,
    ) -> Result<Request> {
        let target = self.actor(assignee)?;
        self.mutate(actor, id, seen, move |r, _, _, _, tx| {
            if r.status == Status::Registered {
                lifecycle::check_move(r.status, Status::Assigned).map_err(Error::Transition)?;
                r.status = Status::Assigned;
            } else if !r.status.is_open() {
                return Err(Error::Transition(lifecycle::TransitionError {
                    from: r.status,
                    to: Status::Assigned,
                }));
            }
            // 改派: taken from someone, with a reason; the note names both.
            let from = match (r.assignee.as_deref(), &reason) {
                (Some(before), Some(_)) if r.assignee_id != Some(target.id) => {
                    Some(before.to_string())
                }
                _ => None,
            };
            r.assignee_id = Some(target.id);
            tx.prepare_cached("UPDATE errand SET agent_id = ?1 WHERE request_id = ?2")?
                .execute(params![target.id, r.id])?;
            Ok(match from {
                Some(before) => Change {
                    kind: "reassign",
                    reason,
                    note: Some(format!("{before} → {}", target.name)),
                },
                None => Change {
                    kind: "assign",
                    reason,
                    note: Some(target.name),
                },
            })
        })
    }

    fn move_to(&mut self, actor: i64, id: i64, seen: Option<i64>, m: Move) -> Result<Request> {
        let Move {
            to,
            kind,
            text,
            field,
        } = m;
        let text = match text {
            Some(t) => Some(require_text(&t, field)?),
            None => None,
        };
        self.mutate(actor, id, seen, move |r, who, now, cal, _| {
            lifecycle::check_move(r.status, to).map_err(Error::Transition)?;
            if r.status == Status::Closed {
                authorize(who.role, Permission::ReopenClosed).map_err(Error::Role)?;
            }
            match to {
                Status::Waiting => r.waiting_since = Some(now),
                Status::InProgress if r.status == Status::Waiting => {
                    let since = r.waiting_since.unwrap_or(now);
                    r.due_at = cal.resume_due(r.due_at, since, now);
                    r.waiting_since = None;
                }
                Status::InProgress if matches!(r.status, Status::Resolved | Status::Closed) => {
                    r.resolved_at = None;
                    r.closed_at = None;
                    r.rating = None;
                }
                Status::Resolved => {
                    r.resolved_at = Some(now);
                    r.result = text.clone();
                }
                Status::Cancelled => r.closed_at = Some(now),
                _ => {}
            }
            r.status = to;
            let is_reason = matches!(kind, "wait" | "reopen" | "cancel");
            let (reason, note) = if is_reason {
                (text, None)
            } else {
                (None, text)
            };
            Ok(Change { kind, reason, note })
        })
    }

    /// 办理中: work starts.
    pub fn start(
        &mut self,
        actor: i64,
        id: i64,
        note: Option<String>,
        seen: Option<i64>,
    ) -> Result<Request> {
        self.move_to(
            actor,
            id,
            seen,
            Move {
                to: Status::InProgress,
                kind: "start",
                text: note,
                field: Field::Note,
            },
        )
    }

    /// 挂起: waiting for the resident or a department; the due clock stops.
    pub fn wait(
        &mut self,
        actor: i64,
        id: i64,
        reason: &str,
        seen: Option<i64>,
    ) -> Result<Request> {
        self.move_to(
            actor,
            id,
            seen,
            Move {
                to: Status::Waiting,
                kind: "wait",
                text: Some(reason.to_string()),
                field: Field::Reason,
            },
        )
    }

    /// Back to work after waiting; the due time moves by the time waited.
    pub fn resume(
        &mut self,
        actor: i64,
        id: i64,
        note: Option<String>,
        seen: Option<i64>,
    ) -> Result<Request> {
        self.move_to(
            actor,
            id,
            seen,
            Move {
                to: Status::InProgress,
                kind: "resume",
                text: note,
                field: Field::Note,
            },
        )
    }

    /// 办结: the result is recorded.
    pub fn resolve(
        &mut self,
        actor: i64,
        id: i64,
        result: &str,
        seen: Option<i64>,
    ) -> Result<Request> {
        self.move_to(
            actor,
            id,
            seen,
            Move {
                to: Status::Resolved,
                kind: "resolve",
                text: Some(result.to_string()),
                field: Field::Result,
            },
        )
    }

    /// 撤销, with a reason.
    pub fn cancel(
        &mut self,
        actor: i64,
        id: i64,
        reason: &str,
        seen: Option<i64>,
    ) -> Result<Request> {
        self.move_to(
            actor,
            id,
            seen,
            Move {
                to: Status::Cancelled,
                kind: "cancel",
                text: Some(reason.to_string()),
                field: Field::Reason,
            },
        )
    }

    /// Reopens a resolved request (or, for supervisors, a closed one).
    pub fn reopen(
        &mut self,
        actor: i64,
        id: i64,
        reason: &str,
        seen: Option<i64>,
    ) -> Result<Request> {
        self.move_to(
            actor,
            id,
            seen,
            Move {
                to: Status::InProgress,
                kind: "reopen",
                text: Some(reason.to_string()),
                field: Field::Reason,
            },
        )
    }

    /// 回访: closes with a rating, or reopens when the matter is not settled.
    /// A poor rating opens a correction request due in 15 working days; its
    /// ticket is returned.
    pub fn follow_up(
        &mut self,
        actor: i64,
        id: i64,
        outcome: FollowUp,
        seen: Option<i64>,
    ) -> Result<(Request, Option<Registered>)> {
        match outcome {
            FollowUp::Failed(reason) => Ok((self.reopen(actor, id, &reason, seen)?, None)),
            FollowUp::Rated(rating) => {
                let who = self.actor(actor)?;
                let now = self.now();
                let cal = self.calendar()?.clone();
                let tx = self.conn.transaction()?;
                let before = by_id(&tx, id)?;
                if seen.is_some_and(|v| v != before.version) {
                    return Err(Error::Conflict);
                }
                lifecycle::check_move(before.status, Status::Closed).map_err(Error::Transition)?;
                let n = tx
                    .prepare_cached(
                        "UPDATE request SET status = 'closed', closed_at = ?1, rating = ?2, last_activity_at = ?1,
                                version = version + 1 WHERE id = ?3 AND version = ?4",
                    )?
                    .execute(params![fmt_time(now), rating.score(), id, before.version])?;
                if n == 0 {
                    return Err(Error::Conflict);
                }
                append(
                    &tx,
                    now,
                    &NewEvent {
                        staff_id: Some(who.id),
                        entity: "request",
                        entity_id: id,
                        request_id: Some(id),
                        kind: "follow_up",
                        from_status: Some(before.status.code()),
                        to_status: Some(Status::Closed.code()),
                        note: Some(rating.zh()),
                        after: Some(serde_json::json!({"rating": rating.score()}).to_string()),
                        ..Default::default()
                    },
                )?;
                let correction = if rating.needs_correction() {
                    let cat = category(&tx, &before.category)?;
                    let nr = NewRequest {
                        channel: Channel::Referred,
                        category: before.category.clone(),
                        household_id: before.household_id,
                        resident_id: before.resident_id,
                        requester_name: before.requester_name.clone(),
                        requester_phone: before.requester_phone.clone(),
                        description: String::new(),
                        level: Some(before.level),
                        materials: Vec::new(),
                        assignee_id: None,
                        again: true,
                    };
                    let desc = format!(
                        "【整改】{} ({}): {}",
                        before.ticket,
                        rating.zh(),
                        before.description
                    );
                    let draft = Draft {
                        r: &nr,
                        cat: &cat,
                        description: &desc,
                        correction_of: Some(id),
                        limit_days: CORRECTION_DAYS,
                    };
                    let reg = insert_request(&tx, now, who.id, &cal, &draft)?;
                    append(
                        &tx,
                        now,
                        &NewEvent {
                            staff_id: Some(who.id),
                            entity: "request",
                            entity_id: id,
                            request_id: Some(id),
                            kind: "correction",
                            note: Some(&reg.ticket),
                            ..Default::default()
                        },
                    )?;
                    Some(reg)
                } else {
                    None
                };
                tx.commit()?;
                Ok((by_id(&self.conn, id)?, correction))
            }
        }
    }

    fn ladder(
        &mut self,
        actor: i64,
        id: i64,
        reason: &str,
        seen: Option<i64>,
        up: bool,
    ) -> Result<Request> {
        let reason = require_text(reason, Field::Reason)?;
        self.mutate(actor, id, seen, move |r, _, _, _, _| {
            r.level = if up {
                lifecycle::escalate(r.status, r.level, &reason)
            } else {
                lifecycle::return_down(r.status, r.level, &reason)
            }
            .map_err(Error::Ladder)?;
            Ok(Change {
                kind: if up { "escalate" } else { "return" },
                reason: Some(reason),
                note: None,
            })
        })
    }

    /// One level up the ladder, with a reason.
    pub fn escalate(
        &mut self,
        actor: i64,
        id: i64,
        reason: &str,
        seen: Option<i64>,
    ) -> Result<Request> {
        self.ladder(actor, id, reason, seen, true)
    }

    /// 回退: one level down, with a reason.
    pub fn return_down(
        &mut self,
        actor: i64,
        id: i64,
        reason: &str,
        seen: Option<i64>,
    ) -> Result<Request> {
        self.ladder(actor, id, reason, seen, false)
    }

    /// An internal note, a reply to the resident or a step; no status change.
    pub fn note(&mut self, actor: i64, id: i64, kind: NoteKind, text: &str) -> Result<()> {
        self.note_seen(actor, id, kind, text, None)
    }

    /// A note refused when the request changed since version `seen`.
    pub fn note_seen(
        &mut self,
        actor: i64,
        id: i64,
        kind: NoteKind,
        text: &str,
        seen: Option<i64>,
    ) -> Result<()> {
        let text = require_text(text, Field::Note)?;
        self.actor(actor)?;
        let now = self.now();
        let tx = self.conn.transaction()?;
        let before = by_id(&tx, id)?;
        if seen.is_some_and(|v| v != before.version) {
            return Err(Error::Conflict);
        }
        // Handling steps are taken on open requests; a closed one is
        // reopened first. Notes and replies stay possible.
        if matches!(kind, NoteKind::Step) && !before.status.is_open() {
            return Err(Error::StepOnClosed(before.status));
        }
        tx.prepare_cached("UPDATE request SET last_activity_at = ?1 WHERE id = ?2")?
            .execute(params![fmt_time(now), id])?;
        let kind = match kind {
            NoteKind::Note => "note",
            NoteKind::Reply => "reply",
            NoteKind::Step => "step",
        };
        append(
            &tx,
            now,
            &NewEvent {
                staff_id: Some(actor),
                entity: "request",
                entity_id: id,
                request_id: Some(id),
                kind,
                note: Some(&text),
                ..Default::default()
            },
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Checks an original into custody, held by the operator.
    pub fn custody_in(&mut self, actor: i64, id: i64, item: &str) -> Result<i64> {
        let item = require_text(item, Field::Item)?;
        self.actor(actor)?;
        let now = self.now();
        let tx = self.conn.transaction()?;
        by_id(&tx, id)?;
        tx.prepare_cached("INSERT INTO custody(request_id, item, holder_id, checked_in_at, checked_in_by) VALUES (?1, ?2, ?3, ?4, ?3)")?
            .execute(params![id, item, actor, fmt_time(now)])?;
        let cid = tx.last_insert_rowid();
        append(
            &tx,
            now,
            &NewEvent {
                staff_id: Some(actor),
                entity: "custody",
                entity_id: cid,
                request_id: Some(id),
                kind: "custody_in",
                note: Some(&item),
                ..Default::default()
            },
        )?;
        tx.commit()?;
        Ok(cid)
    }

    /// Hands an original back to the resident.
    pub fn custody_return(&mut self, actor: i64, custody_id: i64) -> Result<()> {
        self.actor(actor)?;
        let now = self.now();
        let tx = self.conn.transaction()?;
        let (rid, item): (i64, String) = tx
            .query_row(
                "SELECT request_id, item FROM custody WHERE id = ?1 AND returned_at IS NULL",
                [custody_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?
            .ok_or(Error::NotFound {
                what: Field::Item,
                query: custody_id.to_string(),
                closest: None,
            })?;
        tx.prepare_cached(
            "UPDATE custody SET returned_at = ?1, returned_by = ?2, holder_id = NULL WHERE id = ?3",
        )?
        .execute(params![fmt_time(now), actor, custody_id])?;
        append(
            &tx,
            now,
            &NewEvent {
                staff_id: Some(actor),
                entity: "custody",
                entity_id: custody_id,
                request_id: Some(rid),
                kind: "custody_out",
                note: Some(&item),
                ..Default::default()
            },
        )?;
        tx.commit()?;
        Ok(())
    }
}
