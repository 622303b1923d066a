//! Claims (认领): a micro-wish (微心愿) claimed by a party member, a
//! volunteer team or a unit; a repair matter (paving an alley, a street
//! light, a drain: 民生实事) claimed by a unit with the date it promises.
//! The claim, the delivery (the request resolved) and the resident's
//! thanks are events in the request's timeline (the claim's own, and the
//! request's resolve); a claim withdrawn with a reason
//! (logged) puts the wish back. A wish unclaimed for 10 working days is
//! yellow, by the one warning rule (`Request::warning`).

use super::event::{NewEvent, append};
use super::party::{self, day_text};
use super::request::{self, Request};
use super::{Error, Field, Result, Store, Time, fmt_time, typed_text};
use crate::domain::calendar::WorkCalendar;
use crate::domain::lifecycle::Status;
use crate::domain::warning::Warning;
use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, params};

/// Working days a micro-wish may wait for a claim before it turns yellow
/// (the one warning rule, `domain::warning`).
pub const UNCLAIMED_WORKING_DAYS: i64 = crate::domain::warning::UNCLAIMED_WISH_WORKING_DAYS;

/// The category a member's, team's or unit's claim takes.
pub const WISH: &str = "micro_wish";
/// The category of the units' projects (民生实事).
pub const PROJECT: &str = "repair";

/// Who claims.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Claimant {
    Member(i64),
    Team(i64),
    Unit(i64),
}

/// A claim as read back.
#[derive(Debug, Clone)]
pub struct Claim {
    pub id: i64,
    pub request_id: i64,
    /// member, team or unit
    pub by_kind: String,
    /// The claimant's name.
    pub by: String,
    pub claimed_at: String,
    pub promised_date: Option<NaiveDate>,
    pub withdrawn_at: Option<String>,
    pub withdraw_reason: Option<String>,
}

const CLAIM_SELECT: &str = "SELECT k.id, k.request_id, k.by_kind,
        coalesce(m.name, t.name, u.name), k.claimed_at, k.promised_date, k.withdrawn_at, k.withdraw_reason
   FROM claim k LEFT JOIN party_member m ON m.id = k.member_id
   LEFT JOIN team t ON t.id = k.team_id LEFT JOIN party_unit u ON u.id = k.unit_id";

fn claim_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Claim> {
    let promised: Option<String> = r.get(5)?;
    Ok(Claim {
        id: r.get(0)?,
        request_id: r.get(1)?,
        by_kind: r.get(2)?,
        by: r.get(3)?,
        claimed_at: r.get(4)?,
        promised_date: promised.as_deref().map(party::parse_day).transpose()?,
        withdrawn_at: r.get(6)?,
        withdraw_reason: r.get(7)?,
    })
}

/// The request's open claim, if any.
pub fn open_claim(conn: &Connection, request_id: i64) -> Result<Option<Claim>> {
    Ok(conn
        .prepare_cached(&format!(
            "{CLAIM_SELECT} WHERE k.request_id = ?1 AND k.withdrawn_at IS NULL"
        ))?
        .query_row([request_id], claim_row)
        .optional()?)
}

/// Every claim of a request, withdrawn ones too, oldest first.
pub fn claims(conn: &Connection, request_id: i64) -> Result<Vec<Claim>> {
    let v = conn
        .prepare_cached(&format!(
            "{CLAIM_SELECT} WHERE k.request_id = ?1 ORDER BY k.id"
        ))?
        .query_map([request_id], claim_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(v)
}

/// Open micro-wishes with no open claim, oldest first, with their warning.
pub fn unclaimed_wishes(
    conn: &Connection,
    now: Time,
    cal: &WorkCalendar,
    limit: usize,
) -> Result<Vec<(Request, Warning)>> {
    let v: Vec<Request> = conn
        .prepare_cached(&format!(
            "{} WHERE q.category_code = 'micro_wish'
                AND q.status IN ('registered','assigned','in_progress','waiting')
                AND NOT EXISTS (SELECT 1 FROM claim k WHERE k.request_id = q.id AND k.withdrawn_at IS NULL)
              ORDER BY q.registered_at, q.id LIMIT ?1",
            request::REQUEST_SELECT
        ))?
        .query_map([limit as i64], request::request_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(v.into_iter()
        .map(|r| {
            let w = r.warning(now, cal);
            (r, w)
        })
        .collect())
}

/// The micro-wishes of a household, newest first, with who claimed each.
pub fn household_wishes(
    conn: &Connection,
    household: i64,
) -> Result<Vec<(Request, Option<Claim>)>> {
    let v: Vec<Request> = conn
        .prepare_cached(&format!(
            "{} WHERE q.household_id = ?1 AND q.category_code = 'micro_wish' ORDER BY q.registered_at DESC",
            request::REQUEST_SELECT
        ))?
        .query_map([household], request::request_row)?
        .collect::<rusqlite::Result<_>>()?;
    let mut out = Vec::with_capacity(v.len());
    for r in v {
        let c = open_claim(conn, r.id)?;
        out.push((r, c));
    }
    Ok(out)
}

/// Micro-wishes with an open claim, not yet closed: still to deliver,
/// or delivered (resolved) and waiting for their follow-up; the newest
/// claim first, with the claim.
pub fn claimed_wishes(conn: &Connection, limit: usize) -> Result<Vec<(Request, Claim)>> {
    let ids: Vec<i64> = conn
        .prepare_cached(
            "SELECT q.id FROM request q JOIN claim k ON k.request_id = q.id AND k.withdrawn_at IS NULL
              WHERE q.category_code = 'micro_wish'
                AND q.status IN ('registered','assigned','in_progress','waiting','resolved')
              ORDER BY k.id DESC LIMIT ?1",
        )?
        .query_map([limit as i64], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        let r = request::by_id(conn, id)?;
        if let Some(c) = open_claim(conn, id)? {
            out.push((r, c));
        }
    }
    Ok(out)
}

/// Per unit: projects claimed and done (民生实事).
pub fn unit_projects(conn: &Connection) -> Result<Vec<(String, i64, i64)>> {
    let v = conn
        .prepare_cached(
            "SELECT u.name, count(*), sum(q.status IN ('resolved','closed'))
               FROM claim k JOIN party_unit u ON u.id = k.unit_id JOIN request q ON q.id = k.request_id
              WHERE k.withdrawn_at IS NULL AND q.category_code = 'repair'
              GROUP BY u.id ORDER BY count(*) DESC, u.name",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(v)
}

fn claimant_name(conn: &Connection, who: Claimant) -> Result<String> {
    let (sql, id, what) = match who {
        Claimant::Member(id) => (
            "SELECT name FROM party_member WHERE id = ?1",
            id,
            Field::Member,
        ),
        Claimant::Team(id) => ("SELECT name FROM team WHERE id = ?1", id, Field::Team),
        Claimant::Unit(id) => ("SELECT name FROM party_unit WHERE id = ?1", id, Field::Unit),
    };
    conn.prepare_cached(sql)?
        .query_row([id], |r| r.get(0))
        .optional()?
        .ok_or(Error::NotFound {
            what,
            query: id.to_string(),
            closest: None,
        })
}

impl Store {
    /// Claims a request: a micro-wish by a member, a team or a unit; a
    /// repair matter by a unit, with the date it promises. One open claim
    /// per request; the claim is an event of the request.
    pub fn claim(
        &mut self,
        actor: i64,
        request_id: i64,
        who: Claimant,
        promised: Option<NaiveDate>,
    ) -> Result<i64> {
        let now = self.now();
        let tx = self.conn.transaction()?;
        let staff = party::active_staff(&tx, actor)?;
        let r = request::by_id(&tx, request_id)?;
        let wish = r.category == WISH;
        let project = r.category == PROJECT && matches!(who, Claimant::Unit(_));
        if !wish && !project {
            return Err(Error::Invalid {
                what: Field::Category,
                value: r.category.clone(),
            });
        }
        if project && promised.is_none() {
            return Err(Error::Empty(Field::Date));
        }
        if let Some(p) = promised
            && p < now.date_naive()
        {
            return Err(Error::Invalid {
                what: Field::Date,
                value: day_text(p),
            });
        }
        if r.status == Status::Cancelled {
            return Err(Error::Transition(
                crate::domain::lifecycle::TransitionError {
                    from: r.status,
                    to: Status::InProgress,
                },
            ));
        }
        if let Some(c) = open_claim(&tx, request_id)? {
            return Err(Error::Claimed {
                ticket: r.ticket,
                by: c.by,
            });
        }
        if let Claimant::Member(m) = who {
            let mem = party::member_by_id(&tx, m)?;
            if !party::may_see(&tx, &staff, mem.community_id)? {
                return Err(Error::OtherCommunity(mem.community));
            }
            if mem.left_on.is_some() {
                return Err(Error::Invalid {
                    what: Field::Member,
                    value: mem.name,
                });
            }
        }
        let name = claimant_name(&tx, who)?;
        let (kind, m, t, u) = match who {
            Claimant::Member(id) => ("member", Some(id), None, None),
            Claimant::Team(id) => ("team", None, Some(id), None),
            Claimant::Unit(id) => ("unit", None, None, Some(id)),
        };
        tx.prepare_cached(
            "INSERT INTO claim(request_id, by_kind, member_id, team_id, unit_id, claimed_at, promised_date, staff_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?
        .execute(params![
            request_id,
            kind,
            m,
            t,
            u,
            fmt_time(now),
            promised.map(day_text),
            actor
        ])?;
        let id = tx.last_insert_rowid();
        let note = format!("{kind}: {name}");
        append(
            &tx,
            now,
            &NewEvent {
                staff_id: Some(actor),
                entity: "claim",
                entity_id: id,
                request_id: Some(request_id),
                kind: "claim",
                note: Some(&note),
                after: Some(
                    serde_json::json!({"claim": id, "by_kind": kind, "by": name,
                        "promised_date": promised.map(day_text)})
                    .to_string(),
                ),
                ..Default::default()
            },
        )?;
        tx.commit()?;
        Ok(id)
    }

    /// Withdraws the open claim of a request with a reason (logged); the
    /// wish is free to claim again. A delivered wish keeps its claim.
    pub fn withdraw_claim(&mut self, actor: i64, request_id: i64, reason: &str) -> Result<()> {
        let reason = typed_text(reason, Field::Reason)?;
        let now = self.now();
        let tx = self.conn.transaction()?;
        party::active_staff(&tx, actor)?;
        let r = request::by_id(&tx, request_id)?;
        let Some(c) = open_claim(&tx, request_id)? else {
            return Err(Error::NotFound {
                what: Field::Ticket,
                query: r.ticket,
                closest: None,
            });
        };
        if !r.status.is_open() {
            return Err(Error::Transition(
                crate::domain::lifecycle::TransitionError {
                    from: r.status,
                    to: Status::Registered,
                },
            ));
        }
        tx.execute(
            "UPDATE claim SET withdrawn_at = ?1, withdraw_reason = ?2 WHERE id = ?3",
            params![fmt_time(now), reason, c.id],
        )?;
        let note = format!("{}: {}", c.by_kind, c.by);
        append(
            &tx,
            now,
            &NewEvent {
                staff_id: Some(actor),
                entity: "claim",
                entity_id: c.id,
                request_id: Some(request_id),
                kind: "claim_withdraw",
                reason: Some(&reason),
                note: Some(&note),
                ..Default::default()
            },
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The claimant delivered: the request is resolved with `result` (it
    /// is taken on by the actor and started first when still waiting for
    /// that). Needs an open claim.
    pub fn deliver(&mut self, actor: i64, request_id: i64, result: &str) -> Result<Request> {
        let result = typed_text(result, Field::Result)?;
        let (r, c) =
            self.read(|c| Ok((request::by_id(c, request_id)?, open_claim(c, request_id)?)))?;
        if c.is_none() {
            return Err(Error::NotFound {
                what: Field::Ticket,
                query: r.ticket,
                closest: None,
            });
        }
        if r.status == Status::Registered {
            self.assign(actor, request_id, actor, None)?;
        }
        let r = self.request(request_id)?;
        if matches!(r.status, Status::Assigned | Status::Waiting) {
            if r.status == Status::Waiting {
                self.resume(actor, request_id, None, None)?;
            } else {
                self.start(actor, request_id, None, None)?;
            }
        }
        self.resolve(actor, request_id, &result, None)
    }

    /// The resident's thanks for a claimed wish: an event of the request.
    pub fn thank(&mut self, actor: i64, request_id: i64, text: &str) -> Result<()> {
        let text = typed_text(text, Field::Note)?;
        let now = self.now();
        let tx = self.conn.transaction()?;
        party::active_staff(&tx, actor)?;
        let r = request::by_id(&tx, request_id)?;
        let Some(c) = open_claim(&tx, request_id)? else {
            return Err(Error::NotFound {
                what: Field::Ticket,
                query: r.ticket,
                closest: None,
            });
        };
        let note = format!("{} → {}: {text}", r.ticket, c.by);
        append(
            &tx,
            now,
            &NewEvent {
                staff_id: Some(actor),
                entity: "claim",
                entity_id: c.id,
                request_id: Some(request_id),
                kind: "thanks",
                note: Some(&note),
                ..Default::default()
            },
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The unclaimed micro-wishes, oldest first, with their warning.
    pub fn unclaimed_wishes(&mut self, limit: usize) -> Result<Vec<(Request, Warning)>> {
        let now = self.now();
        let cal = self.calendar()?.clone();
        self.read(|c| unclaimed_wishes(c, now, &cal, limit))
    }
}

/// A unit and its projects (民生实事): claimed, done (the request
/// resolved or closed), overdue (past the promised date and still open).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitLine {
    pub unit: party::Unit,
    pub claimed: i64,
    pub done: i64,
    pub overdue: i64,
}

/// Every unit with its projects counted on `today`, by name; units with
/// no project too.
pub fn unit_lines(conn: &Connection, today: NaiveDate) -> Result<Vec<UnitLine>> {
    let v = conn
        .prepare_cached(
            "SELECT u.id, u.name, u.party_org, count(q.id),
                    coalesce(sum(q.status IN ('resolved','closed')), 0),
                    coalesce(sum(q.status IN ('registered','assigned','in_progress','waiting')
                                 AND k.promised_date < ?1), 0)
               FROM party_unit u
               LEFT JOIN claim k ON k.unit_id = u.id AND k.withdrawn_at IS NULL
               LEFT JOIN request q ON q.id = k.request_id AND q.category_code = 'repair'
              GROUP BY u.id ORDER BY u.name",
        )?
        .query_map([day_text(today)], |r| {
            Ok(UnitLine {
                unit: party::Unit {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    party_org: r.get(2)?,
                },
                claimed: r.get(3)?,
                done: r.get(4)?,
                overdue: r.get(5)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(v)
}

/// A unit's projects, the newest claim first: the request and its claim.
pub fn unit_project_list(conn: &Connection, unit: i64) -> Result<Vec<(Request, Claim)>> {
    let ids: Vec<i64> = conn
        .prepare_cached(
            "SELECT k.request_id FROM claim k JOIN request q ON q.id = k.request_id
              WHERE k.unit_id = ?1 AND k.withdrawn_at IS NULL AND q.category_code = 'repair'
              ORDER BY k.id DESC",
        )?
        .query_map([unit], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        let r = request::by_id(conn, id)?;
        if let Some(c) = open_claim(conn, id)? {
            out.push((r, c));
        }
    }
    Ok(out)
}

/// Open repair matters no unit has claimed yet, oldest first: what a unit
/// may take on as a project.
pub fn open_projects(conn: &Connection, limit: usize) -> Result<Vec<Request>> {
    let v = conn
        .prepare_cached(&format!(
            "{} WHERE q.category_code = 'repair'
                AND q.status IN ('registered','assigned','in_progress','waiting')
                AND NOT EXISTS (SELECT 1 FROM claim k WHERE k.request_id = q.id AND k.withdrawn_at IS NULL)
              ORDER BY q.registered_at, q.id LIMIT ?1",
            request::REQUEST_SELECT
        ))?
        .query_map([limit as i64], request::request_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(v)
}

/// Whether a project is overdue on `today`: past its promised date, the
/// request still open.
pub fn overdue(r: &Request, c: &Claim, today: NaiveDate) -> bool {
    r.status.is_open() && c.promised_date.is_some_and(|p| p < today)
}
