//! Party members reporting to their community (在职党员进社区报到): the
//! members, their workplaces (units with a party organisation), the
//! activities they take part in, the points per kind of activity (data,
//! edited by supervisors), the append-only points ledger and the feedback
//! letter to the workplace (双向反馈).
//!
//! Party membership is personal data: a member is seen by the staff of
//! the member's community and by supervisors only; phones are masked and a
//! reveal is logged. Every change is an event with its actor.

use super::event::{NewEvent, append, created};
use super::staff::{self, Staff};
use super::{Error, Field, Result, Store, Time, fmt_time, optional_text, typed_text};
use crate::domain::lifecycle::{Permission, Role};
use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, params};

/// `YYYY-MM-DD`.
pub(crate) fn day_text(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

pub(crate) fn parse_day(s: &str) -> rusqlite::Result<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| {
        rusqlite::Error::FromSqlConversionFailure(
            0,
            rusqlite::types::Type::Text,
            format!("bad date {s}").into(),
        )
    })
}

/// A party member as the counter sees them; the phone as stored (callers
/// show it masked, see [`Member::masked_phone`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    pub id: i64,
    pub name: String,
    pub resident_id: Option<i64>,
    pub unit_id: Option<i64>,
    /// The workplace (工作单位).
    pub workplace: Option<String>,
    /// The workplace's party organisation.
    pub party_org: Option<String>,
    /// The member's party branch (党支部).
    pub branch: String,
    pub community_id: i64,
    pub community: String,
    pub reported_on: NaiveDate,
    pub phone: Option<String>,
    pub left_on: Option<NaiveDate>,
    pub left_reason: Option<String>,
    pub version: i64,
}

impl Member {
    pub fn masked_phone(&self) -> String {
        self.phone
            .as_deref()
            .map(crate::domain::ident::mask_phone)
            .unwrap_or_default()
    }
    /// Reported and not left on `day`.
    pub fn in_service_on(&self, day: NaiveDate) -> bool {
        self.reported_on <= day && self.left_on.is_none_or(|l| l > day)
    }
}

const MEMBER_SELECT: &str =
    "SELECT m.id, m.name, m.resident_id, m.unit_id, u.name, u.party_org, m.branch,
        m.community_id, g.name, m.reported_on, m.phone, m.left_on, m.left_reason, m.version
   FROM party_member m JOIN grid_node g ON g.id = m.community_id
   LEFT JOIN party_unit u ON u.id = m.unit_id";

fn member_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Member> {
    let reported: String = r.get(9)?;
    let left: Option<String> = r.get(11)?;
    Ok(Member {
        id: r.get(0)?,
        name: r.get(1)?,
        resident_id: r.get(2)?,
        unit_id: r.get(3)?,
        workplace: r.get(4)?,
        party_org: r.get(5)?,
        branch: r.get(6)?,
        community_id: r.get(7)?,
        community: r.get(8)?,
        reported_on: parse_day(&reported)?,
        phone: r.get(10)?,
        left_on: left.as_deref().map(parse_day).transpose()?,
        left_reason: r.get(12)?,
        version: r.get(13)?,
    })
}

pub fn member_by_id(conn: &Connection, id: i64) -> Result<Member> {
    conn.prepare_cached(&format!("{MEMBER_SELECT} WHERE m.id = ?1"))?
        .query_row([id], member_row)
        .optional()?
        .ok_or(Error::NotFound {
            what: Field::Member,
            query: id.to_string(),
            closest: None,
        })
}

/// The community a member of staff works for: their node's community, if
/// their hall is one.
pub(crate) fn staff_community(conn: &Connection, s: &Staff) -> Result<Option<i64>> {
    match s.node_id {
        Some(n) => Ok(super::grid::community_of(conn, n)?.map(|c| c.id)),
        None => Ok(None),
    }
}

/// Whether `s` may see the members of `community`: its own staff and
/// supervisors only.
pub fn may_see(conn: &Connection, s: &Staff, community: i64) -> Result<bool> {
    Ok(s.role == Role::Supervisor || staff_community(conn, s)? == Some(community))
}

fn refuse(conn: &Connection, community: i64) -> Error {
    match super::grid::get(conn, community) {
        Ok(Some(n)) => Error::OtherCommunity(n.name),
        Ok(None) => Error::OtherCommunity(community.to_string()),
        Err(e) => e,
    }
}

/// An active member of staff allowed to see `community`'s members.
pub(crate) fn check_sees(conn: &Connection, actor: i64, community: i64) -> Result<Staff> {
    let s = active_staff(conn, actor)?;
    if may_see(conn, &s, community)? {
        Ok(s)
    } else {
        Err(refuse(conn, community))
    }
}

pub(crate) fn active_staff(conn: &Connection, actor: i64) -> Result<Staff> {
    let s = staff::by_id(conn, actor)?;
    if !s.active {
        return Err(Error::NotFound {
            what: Field::Staff,
            query: s.login,
            closest: None,
        });
    }
    Ok(s)
}

/// A community by id: it must be a community node.
pub(crate) fn check_community(conn: &Connection, id: i64) -> Result<()> {
    let level: Option<String> = conn
        .prepare_cached("SELECT level FROM grid_node WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?;
    match level.as_deref() {
        Some("community") => Ok(()),
        Some(_) => Err(Error::Invalid {
            what: Field::Node,
            value: super::grid::get(conn, id)?
                .map(|n| n.name)
                .unwrap_or_else(|| id.to_string()),
        }),
        None => Err(Error::NotFound {
            what: Field::Node,
            query: id.to_string(),
            closest: None,
        }),
    }
}

/// The spellings a member is found by (table `member_key`): the full
/// pinyin of the likely reading (kind 0), its initials (kind 1), every
/// stored spelling of every reading (kind 2).
pub(crate) fn member_keys(name: &str) -> Vec<(String, i64)> {
    let k = crate::domain::names::name_keys(name);
    let mut v = vec![(k.pinyin, 0), (k.initials, 1)];
    v.extend(k.keys.into_iter().map(|(w, _)| (w, 2)));
    v
}

/// A member's spellings written anew (registered or renamed).
pub(crate) fn write_member_keys(conn: &Connection, member: i64, name: &str) -> Result<()> {
    conn.prepare_cached("DELETE FROM member_key WHERE member_id = ?1")?
        .execute([member])?;
    let mut ins = conn.prepare_cached(
        "INSERT OR IGNORE INTO member_key(key, kind, member_id) VALUES (?1, ?2, ?3)",
    )?;
    for (k, kind) in member_keys(name) {
        ins.execute(params![k, kind, member])?;
    }
    Ok(())
}

/// A unit (单位) and its party organisation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    pub id: i64,
    pub name: String,
    pub party_org: String,
}

pub fn unit_named(conn: &Connection, name: &str) -> Result<Option<Unit>> {
    Ok(conn
        .prepare_cached("SELECT id, name, party_org FROM party_unit WHERE name = ?1")?
        .query_row([name.trim()], |r| {
            Ok(Unit {
                id: r.get(0)?,
                name: r.get(1)?,
                party_org: r.get(2)?,
            })
        })
        .optional()?)
}

/// Every unit, by name.
pub fn units(conn: &Connection) -> Result<Vec<Unit>> {
    let v = conn
        .prepare_cached("SELECT id, name, party_org FROM party_unit ORDER BY name")?
        .query_map([], |r| {
            Ok(Unit {
                id: r.get(0)?,
                name: r.get(1)?,
                party_org: r.get(2)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(v)
}

/// Finds a unit by its exact name, or names the closest.
pub fn find_unit(conn: &Connection, typed: &str) -> Result<Unit> {
    if typed.trim().is_empty() {
        return Err(Error::Empty(Field::Unit));
    }
    if let Some(u) = unit_named(conn, typed)? {
        return Ok(u);
    }
    let names: Vec<String> = conn
        .prepare_cached("SELECT name FROM party_unit ORDER BY name")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let close: Vec<&String> = names.iter().filter(|n| n.contains(typed.trim())).collect();
    if close.len() == 1 {
        return unit_named(conn, close[0])?.ok_or(Error::Conflict);
    }
    if close.len() > 1 {
        return Err(Error::Ambiguous {
            what: Field::Unit,
            query: typed.to_string(),
            candidates: close.into_iter().take(8).cloned().collect(),
        });
    }
    Err(Error::NotFound {
        what: Field::Unit,
        query: typed.to_string(),
        closest: crate::domain::text::closest(typed.trim(), names.iter().map(String::as_str))
            .map(str::to_string),
    })
}

/// The unit named `name`, made (and logged) when new; its party
/// organisation set when given and not yet known.
fn unit_in(
    tx: &Connection,
    now: Time,
    actor: i64,
    name: &str,
    party_org: Option<&str>,
) -> Result<i64> {
    let name = typed_text(name, Field::Unit)?;
    let org = optional_text(party_org.unwrap_or(""), Field::Unit)?;
    if let Some(u) = unit_named(tx, &name)? {
        if !org.is_empty() && u.party_org.is_empty() {
            tx.execute(
                "UPDATE party_unit SET party_org = ?1 WHERE id = ?2",
                params![org, u.id],
            )?;
            append(
                tx,
                now,
                &NewEvent {
                    staff_id: Some(actor),
                    entity: "party_unit",
                    entity_id: u.id,
                    kind: "update",
                    after: Some(serde_json::json!({"party_org": org}).to_string()),
                    ..Default::default()
                },
            )?;
        }
        return Ok(u.id);
    }
    tx.prepare_cached("INSERT INTO party_unit(name, party_org, created_at) VALUES (?1, ?2, ?3)")?
        .execute(params![name, org, fmt_time(now)])?;
    let id = tx.last_insert_rowid();
    created(
        tx,
        now,
        Some(actor),
        "party_unit",
        id,
        serde_json::json!({"name": name, "party_org": org}).to_string(),
    )?;
    Ok(id)
}

/// A member as registered at the counter.
#[derive(Debug, Clone, Default)]
pub struct NewMember {
    pub name: String,
    /// The resident record, when the member lives in the district.
    pub resident_id: Option<i64>,
    pub workplace: Option<String>,
    pub party_org: Option<String>,
    pub branch: String,
    pub community_id: i64,
    pub reported_on: NaiveDate,
    pub phone: Option<String>,
}

fn parse_phone(p: Option<&str>) -> Result<Option<String>> {
    match p.map(str::trim).filter(|p| !p.is_empty()) {
        Some(p) => Ok(Some(
            crate::domain::ident::parse_phone(p)
                .map_err(Error::BadPhone)?
                .0,
        )),
        None => Ok(None),
    }
}

fn member_json(m: &Member) -> String {
    serde_json::json!({"name": m.name, "resident_id": m.resident_id, "workplace": m.workplace,
        "branch": m.branch, "community": m.community_id, "reported_on": day_text(m.reported_on),
        "phone": m.phone.as_deref().map(crate::domain::ident::mask_phone),
        "left_on": m.left_on.map(day_text), "left_reason": m.left_reason})
    .to_string()
}

/// A change to a member: each `Some` field is set.
#[derive(Debug, Clone, Default)]
pub struct MemberEdit {
    pub name: Option<String>,
    pub workplace: Option<String>,
    pub party_org: Option<String>,
    pub branch: Option<String>,
    pub community_id: Option<i64>,
    pub phone: Option<Option<String>>,
    pub resident_id: Option<Option<i64>>,
}

/// Which members a list shows.
#[derive(Debug, Clone, Default)]
pub struct MemberFilter {
    pub community_id: Option<i64>,
    /// Part of the workplace's name.
    pub workplace: Option<String>,
    /// Active (took part in an activity) in `period`, or not.
    pub active: Option<bool>,
    /// The period for `active`; default: this year up to today.
    pub period: Option<(NaiveDate, NaiveDate)>,
    /// Include members who left.
    pub all: bool,
}

/// A member in a list: the record and their activities in the period.
#[derive(Debug, Clone)]
pub struct MemberLine {
    pub member: Member,
    pub activities: i64,
}

/// A kind of activity and its points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PointsKind {
    pub kind: String,
    pub name_zh: String,
    pub name_en: String,
    pub points: i64,
}

pub fn points_kinds(conn: &Connection) -> Result<Vec<PointsKind>> {
    let v = conn
        .prepare_cached(
            "SELECT kind, name_zh, name_en, points FROM points_kind ORDER BY sort, kind",
        )?
        .query_map([], |r| {
            Ok(PointsKind {
                kind: r.get(0)?,
                name_zh: r.get(1)?,
                name_en: r.get(2)?,
                points: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(v)
}

/// A kind of activity by code, Chinese or English name.
pub fn points_kind(conn: &Connection, typed: &str) -> Result<PointsKind> {
    let t = typed.trim();
    let all = points_kinds(conn)?;
    all.iter()
        .find(|k| k.kind == t || k.name_zh == t || k.name_en.eq_ignore_ascii_case(t))
        .cloned()
        .ok_or_else(|| Error::NotFound {
            what: Field::Kind,
            query: typed.to_string(),
            closest: crate::domain::text::closest(t, all.iter().map(|k| k.kind.as_str()))
                .map(str::to_string),
        })
}

/// An activity (志愿服务, 主题党日, 例会, 微心愿, 帮扶, 意见征集).
#[derive(Debug, Clone)]
pub struct NewActivity {
    pub day: NaiveDate,
    pub community_id: i64,
    pub kind: String,
    pub title: String,
    pub hours: f64,
}

#[derive(Debug, Clone)]
pub struct Activity {
    pub id: i64,
    pub day: NaiveDate,
    pub community_id: i64,
    pub community: String,
    pub kind: String,
    pub title: String,
    pub hours: f64,
    pub attended: i64,
}

pub fn activity(conn: &Connection, id: i64) -> Result<Activity> {
    conn.prepare_cached(&format!("{ACTIVITY_SELECT} WHERE a.id = ?1"))?
        .query_row([id], activity_row)
        .optional()?
        .ok_or(Error::NotFound {
            what: Field::Activity,
            query: id.to_string(),
            closest: None,
        })
}

const ACTIVITY_SELECT: &str =
    "SELECT a.id, a.day, a.community_id, g.name, a.kind, a.title, a.hours,
        (SELECT count(*) FROM attendance t WHERE t.activity_id = a.id)
   FROM activity a JOIN grid_node g ON g.id = a.community_id";

fn activity_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Activity> {
    let day: String = r.get(1)?;
    Ok(Activity {
        id: r.get(0)?,
        day: parse_day(&day)?,
        community_id: r.get(2)?,
        community: r.get(3)?,
        kind: r.get(4)?,
        title: r.get(5)?,
        hours: r.get(6)?,
        attended: r.get(7)?,
    })
}

/// Activities of a community (or all), newest first.
pub fn activities(
    conn: &Connection,
    community: Option<i64>,
    limit: usize,
) -> Result<Vec<Activity>> {
    let v = conn
        .prepare_cached(&format!(
            "{ACTIVITY_SELECT} WHERE ?1 IS NULL OR a.community_id = ?1 ORDER BY a.day DESC, a.id DESC LIMIT ?2"
        ))?
        .query_map(params![community, limit as i64], activity_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(v)
}

/// One line of the points ledger.
#[derive(Debug, Clone)]
pub struct PointsEntry {
    pub id: i64,
    pub day: NaiveDate,
    pub points: i64,
    pub activity_id: Option<i64>,
    pub reason: String,
    pub correction_of: Option<i64>,
    /// The activity's title, for an entry an activity gave.
    pub activity: Option<String>,
}

impl PointsEntry {
    /// What the entry is for, in words: the activity's title, else the
    /// reason given.
    pub fn what(&self) -> &str {
        self.activity.as_deref().unwrap_or(&self.reason)
    }
}

pub fn ledger(conn: &Connection, member: i64) -> Result<Vec<PointsEntry>> {
    let v = conn
        .prepare_cached(
            "SELECT p.id, p.day, p.points, p.activity_id, p.reason, p.correction_of, a.title
               FROM points_entry p LEFT JOIN activity a ON a.id = p.activity_id
              WHERE p.member_id = ?1 ORDER BY p.day, p.id",
        )?
        .query_map([member], |r| {
            let day: String = r.get(1)?;
            Ok(PointsEntry {
                id: r.get(0)?,
                day: parse_day(&day)?,
                points: r.get(2)?,
                activity_id: r.get(3)?,
                reason: r.get(4)?,
                correction_of: r.get(5)?,
                activity: r.get(6)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(v)
}

/// The feedback letter (双向反馈) to a member's workplace for a period.
#[derive(Debug, Clone)]
pub struct Letter {
    pub member: Member,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// (day, kind in Chinese, kind in English, title, hours)
    pub activities: Vec<(NaiveDate, String, String, String, f64)>,
    pub hours: f64,
    pub points: i64,
    /// (ticket, description, day delivered)
    pub wishes: Vec<(String, String, NaiveDate)>,
}

impl Store {
    /// Registers a unit (单位) with its party organisation, or sets the
    /// organisation of a known one. Any member of staff.
    pub fn add_unit(&mut self, actor: i64, name: &str, party_org: &str) -> Result<i64> {
        active_staff(&self.conn, actor)?;
        let now = self.now();
        let tx = self.conn.transaction()?;
        let id = unit_in(&tx, now, actor, name, Some(party_org))?;
        tx.commit()?;
        Ok(id)
    }

    /// Registers a party member reporting to their community (报到登记).
    /// Staff of that community or supervisors.
    pub fn add_member(&mut self, actor: i64, m: &NewMember) -> Result<i64> {
        let name = typed_text(&m.name, Field::Name)?;
        let branch = optional_text(&m.branch, Field::Branch)?;
        let phone = parse_phone(m.phone.as_deref())?;
        let now = self.now();
        if m.reported_on > now.date_naive() {
            return Err(Error::Invalid {
                what: Field::Date,
                value: day_text(m.reported_on),
            });
        }
        let tx = self.conn.transaction()?;
        check_community(&tx, m.community_id)?;
        check_sees(&tx, actor, m.community_id)?;
        if let Some(r) = m.resident_id {
            super::household::resident(&tx, r)?;
            let taken: Option<i64> = tx
                .prepare_cached(
                    "SELECT id FROM party_member WHERE resident_id = ?1 AND left_on IS NULL",
                )?
                .query_row([r], |x| x.get(0))
                .optional()?;
            if taken.is_some() {
                return Err(Error::Duplicate {
                    what: Field::Member,
                    value: name,
                });
            }
        }
        let unit = match m.workplace.as_deref().filter(|w| !w.trim().is_empty()) {
            Some(w) => Some(unit_in(&tx, now, actor, w, m.party_org.as_deref())?),
            None => None,
        };
        tx.prepare_cached(
            "INSERT INTO party_member(name, resident_id, unit_id, branch, community_id, reported_on, phone, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?
        .execute(params![
            name,
            m.resident_id,
            unit,
            branch,
            m.community_id,
            day_text(m.reported_on),
            phone,
            fmt_time(now)
        ])?;
        let id = tx.last_insert_rowid();
        write_member_keys(&tx, id, &name)?;
        let after = member_json(&member_by_id(&tx, id)?);
        created(&tx, now, Some(actor), "party_member", id, after)?;
        tx.commit()?;
        Ok(id)
    }

    /// Changes a member's record; the event holds before and after.
    /// Staff of the member's community (and of the new one) or supervisors.
    pub fn edit_member(&mut self, actor: i64, id: i64, e: &MemberEdit) -> Result<Member> {
        let name = e
            .name
            .as_deref()
            .map(|n| typed_text(n, Field::Name))
            .transpose()?;
        let branch = e
            .branch
            .as_deref()
            .map(|b| optional_text(b, Field::Branch))
            .transpose()?;
        let phone = match &e.phone {
            Some(p) => Some(parse_phone(p.as_deref())?),
            None => None,
        };
        let now = self.now();
        let tx = self.conn.transaction()?;
        let before = member_by_id(&tx, id)?;
        check_sees(&tx, actor, before.community_id)?;
        if let Some(c) = e.community_id {
            check_community(&tx, c)?;
            check_sees(&tx, actor, c)?;
        }
        if let Some(Some(r)) = e.resident_id {
            super::household::resident(&tx, r)?;
        }
        let unit = match e.workplace.as_deref() {
            Some(w) if w.trim().is_empty() => Some(None),
            Some(w) => Some(Some(unit_in(&tx, now, actor, w, e.party_org.as_deref())?)),
            None => None,
        };
        tx.prepare_cached(
            "UPDATE party_member SET name = ?1, unit_id = ?2, branch = ?3, community_id = ?4, phone = ?5,
                    resident_id = ?6, version = version + 1 WHERE id = ?7",
        )?
        .execute(params![
            name.unwrap_or_else(|| before.name.clone()),
            unit.unwrap_or(before.unit_id),
            branch.unwrap_or_else(|| before.branch.clone()),
            e.community_id.unwrap_or(before.community_id),
            phone.unwrap_or_else(|| before.phone.clone()),
            e.resident_id.unwrap_or(before.resident_id),
            id
        ])?;
        let after = member_by_id(&tx, id)?;
        if after.name != before.name {
            write_member_keys(&tx, id, &after.name)?;
        }
        append(
            &tx,
            now,
            &NewEvent {
                staff_id: Some(actor),
                entity: "party_member",
                entity_id: id,
                kind: "update",
                before: Some(member_json(&before)),
                after: Some(member_json(&after)),
                ..Default::default()
            },
        )?;
        tx.commit()?;
        Ok(after)
    }

    /// A member leaves the community's roll (moved, transferred), with the
    /// day and a reason; the record stays.
    pub fn member_leaves(
        &mut self,
        actor: i64,
        id: i64,
        day: NaiveDate,
        reason: &str,
    ) -> Result<()> {
        let reason = typed_text(reason, Field::Reason)?;
        let now = self.now();
        let tx = self.conn.transaction()?;
        let before = member_by_id(&tx, id)?;
        check_sees(&tx, actor, before.community_id)?;
        if before.left_on.is_some() || day < before.reported_on {
            return Err(Error::Invalid {
                what: Field::Date,
                value: day_text(day),
            });
        }
        tx.execute(
            "UPDATE party_member SET left_on = ?1, left_reason = ?2, version = version + 1 WHERE id = ?3",
            params![day_text(day), reason, id],
        )?;
        append(
            &tx,
            now,
            &NewEvent {
                staff_id: Some(actor),
                entity: "party_member",
                entity_id: id,
                kind: "leave",
                reason: Some(&reason),
                note: Some(&day_text(day)),
                ..Default::default()
            },
        )?;
        tx.commit()?;
        Ok(())
    }

    /// A member's record, if the actor may see it.
    pub fn member(&self, actor: i64, id: i64) -> Result<Member> {
        self.read(|c| {
            let m = member_by_id(c, id)?;
            check_sees(c, actor, m.community_id)?;
            Ok(m)
        })
    }

    /// A member's phone in full; the look is logged.
    pub fn reveal_member_phone(&mut self, actor: i64, id: i64) -> Result<Option<String>> {
        let now = self.now();
        let tx = self.conn.transaction()?;
        let m = member_by_id(&tx, id)?;
        check_sees(&tx, actor, m.community_id)?;
        append(
            &tx,
            now,
            &NewEvent {
                staff_id: Some(actor),
                entity: "party_member",
                entity_id: id,
                kind: "reveal",
                ..Default::default()
            },
        )?;
        tx.commit()?;
        Ok(m.phone)
    }

    /// Finds a member the actor may see: `#12`, or the exact name (with
    /// the workplace or community to tell namesakes apart:
    /// `张伟 区住建局`).
    pub fn find_member(&self, actor: i64, typed: &str) -> Result<Member> {
        self.read(|c| find_member_in(c, actor, typed))
    }

    /// The members the actor may see, by community then name.
    pub fn members(&self, actor: i64, f: &MemberFilter) -> Result<Vec<MemberLine>> {
        let today = self.now().date_naive();
        let jan1 = NaiveDate::from_ymd_opt(chrono::Datelike::year(&today), 1, 1).unwrap_or(today);
        let f = MemberFilter {
            period: Some(f.period.unwrap_or((jan1, today))),
            ..f.clone()
        };
        self.read(|c| members_in(c, actor, &f))
    }

    /// Records an activity of a community. Staff of that community or
    /// supervisors.
    pub fn add_activity(&mut self, actor: i64, a: &NewActivity) -> Result<i64> {
        let title = typed_text(&a.title, Field::Activity)?;
        if !(a.hours > 0.0 && a.hours <= 24.0) {
            return Err(Error::Invalid {
                what: Field::Hours,
                value: a.hours.to_string(),
            });
        }
        let now = self.now();
        let tx = self.conn.transaction()?;
        check_community(&tx, a.community_id)?;
        check_sees(&tx, actor, a.community_id)?;
        let kind = points_kind(&tx, &a.kind)?;
        tx.prepare_cached(
            "INSERT INTO activity(day, community_id, kind, title, hours, created_at, created_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?
        .execute(params![
            day_text(a.day),
            a.community_id,
            kind.kind,
            title,
            a.hours,
            fmt_time(now),
            actor
        ])?;
        let id = tx.last_insert_rowid();
        created(
            &tx,
            now,
            Some(actor),
            "activity",
            id,
            serde_json::json!({"day": day_text(a.day), "community": a.community_id,
                "kind": kind.kind, "title": title, "hours": a.hours})
            .to_string(),
        )?;
        tx.commit()?;
        Ok(id)
    }

    /// Takes attendance: each member not yet recorded gets the activity
    /// and its kind's points in the ledger. All or nothing; returns how
    /// many were newly recorded. The members must be in service on the
    /// day and visible to the actor.
    pub fn attend(&mut self, actor: i64, activity_id: i64, members: &[i64]) -> Result<usize> {
        let now = self.now();
        let tx = self.conn.transaction()?;
        let a = activity(&tx, activity_id)?;
        let who = check_sees(&tx, actor, a.community_id)?;
        let points: i64 = tx
            .prepare_cached("SELECT points FROM points_kind WHERE kind = ?1")?
            .query_row([&a.kind], |r| r.get(0))?;
        let mut n = 0;
        for &m in members {
            let mem = member_by_id(&tx, m)?;
            if !may_see(&tx, &who, mem.community_id)? {
                return Err(refuse(&tx, mem.community_id));
            }
            if !mem.in_service_on(a.day) {
                return Err(Error::Invalid {
                    what: Field::Member,
                    value: mem.name,
                });
            }
            let added = tx
                .prepare_cached(
                    "INSERT INTO attendance(activity_id, member_id) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
                )?
                .execute(params![activity_id, m])?;
            if added == 0 {
                continue;
            }
            n += 1;
            let reason = format!("activity {activity_id}");
            tx.prepare_cached(
                "INSERT INTO points_entry(member_id, at, day, points, activity_id, reason, staff_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(params![
                m,
                fmt_time(now),
                day_text(a.day),
                points,
                activity_id,
                reason,
                actor
            ])?;
            append(
                &tx,
                now,
                &NewEvent {
                    staff_id: Some(actor),
                    entity: "party_member",
                    entity_id: m,
                    kind: "attend",
                    note: Some(&reason),
                    after: Some(
                        serde_json::json!({"activity": activity_id, "points": points}).to_string(),
                    ),
                    ..Default::default()
                },
            )?;
        }
        tx.commit()?;
        Ok(n)
    }

    /// Sets the points of a kind of activity. Supervisors only
    /// (`Permission::EditPoints`); attendance already taken keeps its points.
    pub fn set_points(&mut self, actor: i64, kind: &str, points: i64) -> Result<()> {
        self.require(actor, Permission::EditPoints)?;
        if !(0..=100).contains(&points) {
            return Err(Error::Invalid {
                what: Field::Points,
                value: points.to_string(),
            });
        }
        let now = self.now();
        let tx = self.conn.transaction()?;
        let before = points_kind(&tx, kind)?;
        tx.execute(
            "UPDATE points_kind SET points = ?1 WHERE kind = ?2",
            params![points, before.kind],
        )?;
        append(
            &tx,
            now,
            &NewEvent {
                staff_id: Some(actor),
                entity: "points_kind",
                entity_id: 0,
                kind: "update",
                note: Some(&before.kind),
                before: Some(serde_json::json!({"points": before.points}).to_string()),
                after: Some(serde_json::json!({"points": points}).to_string()),
                ..Default::default()
            },
        )?;
        tx.commit()?;
        Ok(())
    }

    /// A correction of a member's points: a new ledger entry (plus or
    /// minus) with a reason, never a change to an old one. Supervisors.
    pub fn correct_points(
        &mut self,
        actor: i64,
        member: i64,
        points: i64,
        reason: &str,
        correction_of: Option<i64>,
    ) -> Result<i64> {
        self.require(actor, Permission::EditPoints)?;
        let reason = typed_text(reason, Field::Reason)?;
        if points == 0 || points.abs() > 1000 {
            return Err(Error::Invalid {
                what: Field::Points,
                value: points.to_string(),
            });
        }
        let now = self.now();
        let tx = self.conn.transaction()?;
        member_by_id(&tx, member)?;
        if let Some(c) = correction_of {
            let of: Option<i64> = tx
                .query_row(
                    "SELECT member_id FROM points_entry WHERE id = ?1",
                    [c],
                    |r| r.get(0),
                )
                .optional()?;
            if of != Some(member) {
                return Err(Error::NotFound {
                    what: Field::Points,
                    query: c.to_string(),
                    closest: None,
                });
            }
        }
        tx.execute(
            "INSERT INTO points_entry(member_id, at, day, points, reason, correction_of, staff_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                member,
                fmt_time(now),
                day_text(now.date_naive()),
                points,
                reason,
                correction_of,
                actor
            ],
        )?;
        let id = tx.last_insert_rowid();
        append(
            &tx,
            now,
            &NewEvent {
                staff_id: Some(actor),
                entity: "party_member",
                entity_id: member,
                kind: "points_correction",
                reason: Some(&reason),
                after: Some(
                    serde_json::json!({"points": points, "correction_of": correction_of})
                        .to_string(),
                ),
                ..Default::default()
            },
        )?;
        tx.commit()?;
        Ok(id)
    }

    /// A member's points ledger and total, if the actor may see them.
    pub fn points(&self, actor: i64, member: i64) -> Result<(Vec<PointsEntry>, i64)> {
        self.read(|c| {
            let m = member_by_id(c, member)?;
            check_sees(c, actor, m.community_id)?;
            let l = ledger(c, member)?;
            let total = l.iter().map(|e| e.points).sum();
            Ok((l, total))
        })
    }

    /// The feedback letter (双向反馈) for a member and a period.
    pub fn letter(
        &self,
        actor: i64,
        member: i64,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Letter> {
        if from > to {
            return Err(Error::Invalid {
                what: Field::Date,
                value: format!("{from} > {to}"),
            });
        }
        self.read(|c| {
            let m = member_by_id(c, member)?;
            check_sees(c, actor, m.community_id)?;
            letter_in(c, m, from, to)
        })
    }
}

fn letter_in(c: &Connection, member: Member, from: NaiveDate, to: NaiveDate) -> Result<Letter> {
    let (a, b) = (day_text(from), day_text(to));
    let activities: Vec<(NaiveDate, String, String, String, f64)> = c
        .prepare_cached(
            "SELECT a.day, k.name_zh, k.name_en, a.title, a.hours FROM attendance t JOIN activity a ON a.id = t.activity_id
               JOIN points_kind k ON k.kind = a.kind
              WHERE t.member_id = ?1 AND a.day BETWEEN ?2 AND ?3 ORDER BY a.day, a.id",
        )?
        .query_map(params![member.id, a, b], |r| {
            let d: String = r.get(0)?;
            Ok((parse_day(&d)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let points: i64 = c.query_row(
        "SELECT coalesce(sum(points), 0) FROM points_entry WHERE member_id = ?1 AND day BETWEEN ?2 AND ?3",
        params![member.id, a, b],
        |r| r.get(0),
    )?;
    let wishes: Vec<(String, String, NaiveDate)> = c
        .prepare_cached(
            "SELECT q.ticket, q.description, substr(q.resolved_at, 1, 10) FROM claim k JOIN request q ON q.id = k.request_id
              WHERE k.member_id = ?1 AND k.withdrawn_at IS NULL AND q.status IN ('resolved','closed')
                AND substr(q.resolved_at, 1, 10) BETWEEN ?2 AND ?3 ORDER BY q.resolved_at",
        )?
        .query_map(params![member.id, a, b], |r| {
            let d: String = r.get(2)?;
            Ok((r.get(0)?, r.get(1)?, parse_day(&d)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    // Folded from +0.0: an empty f64 sum is -0.0, printed "-0.0".
    let hours = activities.iter().map(|x| x.4).fold(0.0, |a, b| a + b);
    Ok(Letter {
        member,
        from,
        to,
        activities,
        hours,
        points,
        wishes,
    })
}

pub(crate) fn find_member_in(c: &Connection, actor: i64, typed: &str) -> Result<Member> {
    let who = active_staff(c, actor)?;
    let q = crate::domain::text::normalize(typed).trim().to_string();
    if q.is_empty() {
        return Err(Error::Empty(Field::Member));
    }
    if let Some(id) = q.strip_prefix('#').and_then(|n| n.parse::<i64>().ok()) {
        let m = member_by_id(c, id)?;
        if !may_see(c, &who, m.community_id)? {
            return Err(refuse(c, m.community_id));
        }
        return Ok(m);
    }
    let mut words = q.split_whitespace();
    let name = words.next().unwrap_or_default().to_string();
    let rest: Vec<&str> = words.collect();
    let all: Vec<Member> = c
        .prepare_cached(&format!(
            "{MEMBER_SELECT} WHERE m.name = ?1 ORDER BY m.left_on IS NOT NULL, m.id"
        ))?
        .query_map([&name], member_row)?
        .collect::<rusqlite::Result<_>>()?;
    let mut seen = Vec::new();
    for m in all {
        if may_see(c, &who, m.community_id)? {
            seen.push(m);
        }
    }
    let found: Vec<Member> = seen
        .into_iter()
        .filter(|m| {
            rest.iter().all(|w| {
                m.workplace.as_deref().is_some_and(|x| x.contains(w)) || m.community.contains(w)
            })
        })
        .collect();
    let current: Vec<&Member> = found.iter().filter(|m| m.left_on.is_none()).collect();
    match (found.len(), current.len()) {
        (0, _) => Err(Error::NotFound {
            what: Field::Member,
            query: typed.to_string(),
            closest: None,
        }),
        (1, _) => Ok(found.into_iter().next().expect("one")),
        (_, 1) => Ok(current[0].clone()),
        _ => Err(Error::Ambiguous {
            what: Field::Member,
            query: typed.to_string(),
            candidates: found
                .iter()
                .take(8)
                .map(|m| {
                    format!(
                        "#{} {} {} {}",
                        m.id,
                        m.name,
                        m.workplace.as_deref().unwrap_or("-"),
                        m.community
                    )
                })
                .collect(),
        }),
    }
}

fn members_in(c: &Connection, actor: i64, f: &MemberFilter) -> Result<Vec<MemberLine>> {
    let who = active_staff(c, actor)?;
    let mine = staff_community(c, &who)?;
    let community = match (who.role == Role::Supervisor, f.community_id, mine) {
        (true, x, _) => x,
        (false, Some(x), Some(m)) if x == m => Some(m),
        (false, None, Some(m)) => Some(m),
        (false, Some(x), _) => return Err(refuse(c, x)),
        (false, None, None) => return Err(Error::OtherCommunity(String::from("-"))),
    };
    let (from, to) = f.period.ok_or(Error::Empty(Field::Date))?;
    let wp = f
        .workplace
        .as_deref()
        .map(str::trim)
        .filter(|w| !w.is_empty())
        .map(|w| {
            format!(
                "%{}%",
                w.replace('\\', "\\\\")
                    .replace('%', "\\%")
                    .replace('_', "\\_")
            )
        });
    let v: Vec<MemberLine> = c
        .prepare_cached(&format!(
            "SELECT * FROM (SELECT x.*, (SELECT count(*) FROM attendance t JOIN activity a ON a.id = t.activity_id
                     WHERE t.member_id = x.id AND a.day BETWEEN ?3 AND ?4) AS n
               FROM ({MEMBER_SELECT}
                      WHERE (?1 IS NULL OR m.community_id = ?1)
                        AND (?2 IS NULL OR u.name LIKE ?2 ESCAPE '\\')
                        AND (?5 OR m.left_on IS NULL)) x)
              WHERE ?6 IS NULL OR (n > 0) = ?6
              ORDER BY 9, 2, 1"
        ))?
        .query_map(
            params![community, wp, day_text(from), day_text(to), f.all, f.active],
            |r| {
                Ok(MemberLine {
                    member: member_row(r)?,
                    activities: r.get(14)?,
                })
            },
        )?
        .collect::<rusqlite::Result<_>>()?;
    Ok(v)
}
