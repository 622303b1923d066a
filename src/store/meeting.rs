//! Community meetings: consultation meetings (协商议事会) of the residents'
//! committee with units, the property company, the owners' committee and
//! resident representatives, and the monthly joint meeting (联席会议)
//! chaired by the community's party secretary. A meeting settles issues;
//! an issue linked to a request resolves it with the meeting's decision
//! as its result.

use super::event::{NewEvent, append, created};
use super::matter::DecisionError;
use super::{Error, Field, Result, Store, fmt_time, optional_text, typed_text};
use crate::domain::calendar::tz;
use crate::domain::lifecycle::Status;
use crate::i18n::Lang;
use chrono::{Datelike, NaiveDate};
use rusqlite::{Connection, params};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MeetingKind {
    /// 协商议事会
    Consultation,
    /// 联席会议 (monthly)
    Joint,
}

impl MeetingKind {
    pub fn code(self) -> &'static str {
        match self {
            MeetingKind::Consultation => "consultation",
            MeetingKind::Joint => "joint",
        }
    }

    pub fn parse(s: &str) -> Option<MeetingKind> {
        match s.trim() {
            "consultation" | "协商议事会" | "议事会" => Some(MeetingKind::Consultation),
            "joint" | "联席会议" | "联席会" => Some(MeetingKind::Joint),
            _ => None,
        }
    }

    pub fn name(self, l: Lang) -> &'static str {
        match self {
            MeetingKind::Consultation => l.pick("协商议事会", "consultation"),
            MeetingKind::Joint => l.pick("联席会议", "joint meeting"),
        }
    }
}

/// A new meeting.
#[derive(Debug, Clone)]
pub struct NewMeeting<'a> {
    pub community: i64,
    pub kind: MeetingKind,
    pub day: NaiveDate,
    pub topic: &'a str,
    pub chair: &'a str,
    /// Units, the property company, the owners' committee, representatives,
    /// as typed.
    pub attendees: &'a str,
}

/// A meeting as listed.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Meeting {
    pub id: i64,
    pub community: String,
    pub kind: String,
    #[serde(serialize_with = "super::matter::ser_date")]
    pub day: NaiveDate,
    pub topic: String,
    pub chair: String,
    pub attendees: String,
    /// Issues settled: (issue, decision, ticket of the linked request).
    pub issues: Vec<(String, String, Option<String>)>,
}

impl Store {
    /// Records a meeting held (or planned) in a community.
    pub fn add_meeting(&mut self, actor: i64, m: &NewMeeting<'_>) -> Result<i64> {
        let who = super::staff::by_id(&self.conn, actor)?;
        if !who.active {
            return Err(Error::NotFound {
                what: Field::Staff,
                query: who.login,
                closest: None,
            });
        }
        let topic = typed_text(m.topic, Field::Meeting)?;
        let chair = optional_text(m.chair, Field::Name)?;
        let attendees = optional_text(m.attendees, Field::Attendees)?;
        let now = self.now();
        let tx = self.conn.transaction()?;
        super::matter::community(&tx, m.community)?;
        tx.prepare_cached(
            "INSERT INTO meeting(community_id, kind, day, topic, chair, attendees, created_at, created_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?
        .execute(params![
            m.community,
            m.kind.code(),
            m.day.to_string(),
            topic,
            chair,
            attendees,
            fmt_time(now),
            actor
        ])?;
        let id = tx.last_insert_rowid();
        let after = serde_json::json!({"community": m.community, "kind": m.kind.code(),
            "day": m.day.to_string(), "topic": topic, "chair": chair, "attendees": attendees})
        .to_string();
        created(&tx, now, Some(actor), "meeting", id, after)?;
        tx.commit()?;
        Ok(id)
    }

    /// An issue the meeting settled, with its decision. A linked request
    /// (in progress) is resolved with the decision as its result, through
    /// the request's own resolve; everything is checked before anything is
    /// written.
    pub fn settle_issue(
        &mut self,
        actor: i64,
        meeting: i64,
        issue: &str,
        decision: &str,
        request: Option<i64>,
    ) -> Result<i64> {
        let issue = typed_text(issue, Field::Issue)?;
        let decision = typed_text(decision, Field::Minutes)?;
        let today = self.now().with_timezone(&tz()).date_naive();
        let day: Option<String> = self
            .conn
            .prepare_cached("SELECT day FROM meeting WHERE id = ?1")?
            .query_row([meeting], |r| r.get(0))
            .ok();
        let day = day
            .and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok())
            .ok_or(Error::NotFound {
                what: Field::Meeting,
                query: meeting.to_string(),
                closest: None,
            })?;
        if day > today {
            return Err(Error::Decision(DecisionError::MeetingAhead(day)));
        }
        if let Some(r) = request {
            let q = super::request::by_id(&self.conn, r)?;
            crate::domain::lifecycle::check_move(q.status, Status::Resolved)
                .map_err(Error::Transition)?;
            self.resolve(actor, r, &decision, Some(q.version))?;
        } else {
            let who = super::staff::by_id(&self.conn, actor)?;
            if !who.active {
                return Err(Error::NotFound {
                    what: Field::Staff,
                    query: who.login,
                    closest: None,
                });
            }
        }
        let now = self.now();
        let tx = self.conn.transaction()?;
        tx.prepare_cached(
            "INSERT INTO meeting_issue(meeting_id, issue, decision, request_id, settled_at, settled_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?
        .execute(params![
            meeting,
            issue,
            decision,
            request,
            fmt_time(now),
            actor
        ])?;
        let id = tx.last_insert_rowid();
        append(
            &tx,
            now,
            &NewEvent {
                staff_id: Some(actor),
                entity: "meeting",
                entity_id: meeting,
                request_id: request,
                kind: "settle",
                note: Some(&issue),
                after: Some(serde_json::json!({"issue": issue, "decision": decision}).to_string()),
                ..Default::default()
            },
        )?;
        tx.commit()?;
        Ok(id)
    }
}

/// Meetings of a month (`from` its first day), by day; of one community
/// when given.
pub fn month(conn: &Connection, first: NaiveDate, community: Option<i64>) -> Result<Vec<Meeting>> {
    let last = next_month(first);
    let mut st = conn.prepare_cached(
        "SELECT m.id, g.name, m.kind, m.day, m.topic, m.chair, m.attendees
           FROM meeting m JOIN grid_node g ON g.id = m.community_id
          WHERE m.day >= ?1 AND m.day < ?2 AND (?3 IS NULL OR m.community_id = ?3)
          ORDER BY m.day, g.name, m.id",
    )?;
    let rows = st
        .query_map(
            params![first.to_string(), last.to_string(), community],
            |r| {
                let day: String = r.get(3)?;
                Ok(Meeting {
                    id: r.get(0)?,
                    community: r.get(1)?,
                    kind: r.get(2)?,
                    day: NaiveDate::parse_from_str(&day, "%Y-%m-%d").unwrap_or(first),
                    topic: r.get(4)?,
                    chair: r.get(5)?,
                    attendees: r.get(6)?,
                    issues: Vec::new(),
                })
            },
        )?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut is = conn.prepare_cached(
        "SELECT i.issue, i.decision, q.ticket FROM meeting_issue i LEFT JOIN request q ON q.id = i.request_id
          WHERE i.meeting_id = ?1 ORDER BY i.id",
    )?;
    rows.into_iter()
        .map(|mut m| {
            m.issues = is
                .query_map([m.id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(m)
        })
        .collect()
}

/// The first day of the month after `d`'s.
pub fn next_month(d: NaiveDate) -> NaiveDate {
    let (y, m) = if d.month() == 12 {
        (d.year() + 1, 1)
    } else {
        (d.year(), d.month() + 1)
    };
    NaiveDate::from_ymd_opt(y, m, 1).unwrap_or(d)
}

/// Active communities with no joint meeting in the month beginning
/// `first`, by name.
pub fn without_joint(conn: &Connection, first: NaiveDate) -> Result<Vec<String>> {
    let mut st = conn.prepare_cached(
        "SELECT g.name FROM grid_node g
          WHERE g.level = 'community' AND g.active = 1
            AND NOT EXISTS (SELECT 1 FROM meeting m WHERE m.community_id = g.id AND m.kind = 'joint'
                              AND m.day >= ?1 AND m.day < ?2)
          ORDER BY g.name",
    )?;
    let v = st
        .query_map(
            params![first.to_string(), next_month(first).to_string()],
            |r| r.get(0),
        )?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(v)
}
