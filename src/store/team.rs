//! Volunteer teams (志愿服务队): the team, its leader and members (party
//! members or residents), the families in difficulty it helps (households
//! tagged 低保, 特困, 残疾, 空巢 or 独居) and each help given; and the 金拐杖
//! pairs: a helper and an empty-nest household, with the visits made.

use super::event::{NewEvent, append, created};
use super::party::{self, day_text};
use super::{Error, Field, Result, Store, Time, fmt_time, optional_text, typed_text};
use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, params};

/// The tags of a family in difficulty.
pub const DIFFICULTY_TAGS: [&str; 5] = ["低保", "特困", "残疾", "空巢", "独居"];

/// The kinds of help.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HelpKind {
    /// 生活帮扶
    Living,
    /// 就业帮扶, with the job found
    Employment,
    /// 助老
    Elderly,
    /// 助学
    Study,
    /// 医疗
    Medical,
}

impl HelpKind {
    pub const ALL: [HelpKind; 5] = [
        HelpKind::Living,
        HelpKind::Employment,
        HelpKind::Elderly,
        HelpKind::Study,
        HelpKind::Medical,
    ];
    pub fn code(self) -> &'static str {
        match self {
            HelpKind::Living => "living",
            HelpKind::Employment => "employment",
            HelpKind::Elderly => "elderly",
            HelpKind::Study => "study",
            HelpKind::Medical => "medical",
        }
    }
    pub fn zh(self) -> &'static str {
        match self {
            HelpKind::Living => "生活帮扶",
            HelpKind::Employment => "就业帮扶",
            HelpKind::Elderly => "助老",
            HelpKind::Study => "助学",
            HelpKind::Medical => "医疗",
        }
    }
    pub fn en(self) -> &'static str {
        match self {
            HelpKind::Living => "daily living",
            HelpKind::Employment => "employment",
            HelpKind::Elderly => "elderly care",
            HelpKind::Study => "schooling",
            HelpKind::Medical => "medical",
        }
    }
    /// A code or a Chinese name.
    pub fn parse(s: &str) -> Option<HelpKind> {
        let s = s.trim();
        HelpKind::ALL
            .into_iter()
            .find(|k| k.code() == s || k.zh() == s || k.en().eq_ignore_ascii_case(s))
    }
}

/// A team in a list.
#[derive(Debug, Clone)]
pub struct Team {
    pub id: i64,
    pub name: String,
    pub community_id: i64,
    pub community: String,
    pub leader: String,
    pub members: i64,
    pub families: i64,
}

const TEAM_SELECT: &str = "SELECT t.id, t.name, t.community_id, g.name, t.leader,
        (SELECT count(*) FROM team_member x WHERE x.team_id = t.id),
        (SELECT count(*) FROM team_family f WHERE f.team_id = t.id)
   FROM team t JOIN grid_node g ON g.id = t.community_id";

fn team_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Team> {
    Ok(Team {
        id: r.get(0)?,
        name: r.get(1)?,
        community_id: r.get(2)?,
        community: r.get(3)?,
        leader: r.get(4)?,
        members: r.get(5)?,
        families: r.get(6)?,
    })
}

pub fn teams(conn: &Connection, community: Option<i64>) -> Result<Vec<Team>> {
    let v = conn
        .prepare_cached(&format!(
            "{TEAM_SELECT} WHERE ?1 IS NULL OR t.community_id = ?1 ORDER BY g.name, t.name"
        ))?
        .query_map([community], team_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(v)
}

pub fn team_by_id(conn: &Connection, id: i64) -> Result<Team> {
    conn.prepare_cached(&format!("{TEAM_SELECT} WHERE t.id = ?1"))?
        .query_row([id], team_row)
        .optional()?
        .ok_or(Error::NotFound {
            what: Field::Team,
            query: id.to_string(),
            closest: None,
        })
}

/// A team by its exact name, or the one whose name contains the text.
pub fn find_team(conn: &Connection, typed: &str) -> Result<Team> {
    let q = typed.trim();
    if q.is_empty() {
        return Err(Error::Empty(Field::Team));
    }
    let all = teams(conn, None)?;
    if let Some(t) = all.iter().find(|t| t.name == q) {
        return Ok(t.clone());
    }
    let found: Vec<&Team> = all.iter().filter(|t| t.name.contains(q)).collect();
    match found.len() {
        1 => Ok(found[0].clone()),
        0 => Err(Error::NotFound {
            what: Field::Team,
            query: typed.to_string(),
            closest: crate::domain::text::closest(q, all.iter().map(|t| t.name.as_str()))
                .map(str::to_string),
        }),
        _ => Err(Error::Ambiguous {
            what: Field::Team,
            query: typed.to_string(),
            candidates: found.iter().map(|t| t.name.clone()).collect(),
        }),
    }
}

/// The difficulty tags of a household: its own and its residents'.
pub fn difficulty_tags(conn: &Connection, household: i64) -> Result<Vec<&'static str>> {
    let tags: String = conn
        .prepare_cached(
            "SELECT h.tags || ';' || coalesce((SELECT group_concat(r.tags, ';') FROM resident r
                     WHERE r.household_id = h.id AND r.voided_at IS NULL), '')
               FROM household h WHERE h.id = ?1 AND h.voided_at IS NULL",
        )?
        .query_row([household], |r| r.get(0))
        .optional()?
        .ok_or(Error::NotFound {
            what: Field::Household,
            query: household.to_string(),
            closest: None,
        })?;
    let mine: Vec<&str> = tags
        .split([';', ',', '；', '，', ' '])
        .map(str::trim)
        .collect();
    Ok(DIFFICULTY_TAGS
        .into_iter()
        .filter(|t| mine.contains(t))
        .collect())
}

/// A help given to a family.
#[derive(Debug, Clone)]
pub struct NewHelp {
    pub team_id: i64,
    pub household_id: i64,
    pub day: NaiveDate,
    pub kind: HelpKind,
    pub hours: f64,
    pub note: String,
    /// The job found (就业帮扶 only).
    pub job: Option<String>,
}

/// A help as read back, for the household file and the team's page.
#[derive(Debug, Clone)]
pub struct Help {
    pub id: i64,
    pub team: String,
    pub household_id: i64,
    pub day: NaiveDate,
    pub kind: String,
    pub hours: f64,
    pub note: String,
    pub job: Option<String>,
}

/// The helps a household received, newest first.
pub fn helps_for_household(conn: &Connection, household: i64) -> Result<Vec<Help>> {
    let v = conn
        .prepare_cached(
            "SELECT x.id, t.name, x.household_id, x.day, x.kind, x.hours, x.note, x.job
               FROM help x JOIN team t ON t.id = x.team_id
              WHERE x.household_id = ?1 ORDER BY x.day DESC, x.id DESC",
        )?
        .query_map([household], |r| {
            let d: String = r.get(3)?;
            Ok(Help {
                id: r.get(0)?,
                team: r.get(1)?,
                household_id: r.get(2)?,
                day: party::parse_day(&d)?,
                kind: r.get(4)?,
                hours: r.get(5)?,
                note: r.get(6)?,
                job: r.get(7)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(v)
}

/// The families a team helps: (household id, address label, tags).
pub fn families(conn: &Connection, team: i64) -> Result<Vec<(i64, String, String)>> {
    let ids: Vec<i64> = conn
        .prepare_cached(
            "SELECT household_id FROM team_family WHERE team_id = ?1 ORDER BY since, household_id",
        )?
        .query_map([team], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        let h = super::household::get(conn, id)?;
        let tags = difficulty_tags(conn, id)?.join(" ");
        out.push((id, h.label(), tags));
    }
    Ok(out)
}

/// A 金拐杖 pair as read back.
#[derive(Debug, Clone)]
pub struct Pair {
    pub id: i64,
    pub helper: String,
    pub household_id: i64,
    pub since: NaiveDate,
    pub visits: i64,
}

pub fn pairs(conn: &Connection) -> Result<Vec<Pair>> {
    let v = conn
        .prepare_cached(
            "SELECT p.id, p.helper, p.household_id, p.since, (SELECT count(*) FROM pair_visit v WHERE v.pair_id = p.id)
               FROM elderly_pair p WHERE p.ended_on IS NULL ORDER BY p.since, p.id",
        )?
        .query_map([], |r| {
            let d: String = r.get(3)?;
            Ok(Pair {
                id: r.get(0)?,
                helper: r.get(1)?,
                household_id: r.get(2)?,
                since: party::parse_day(&d)?,
                visits: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(v)
}

fn check_hours(h: f64) -> Result<()> {
    if (0.0..=24.0).contains(&h) {
        Ok(())
    } else {
        Err(Error::Invalid {
            what: Field::Hours,
            value: h.to_string(),
        })
    }
}

/// Adds the household to the team's families (if not yet), checking it is
/// in difficulty.
fn family_in(tx: &Connection, now: Time, actor: i64, team: i64, household: i64) -> Result<bool> {
    if difficulty_tags(tx, household)?.is_empty() {
        let h = super::household::get(tx, household)?;
        return Err(Error::Invalid {
            what: Field::Household,
            value: h.label(),
        });
    }
    let n = tx
        .prepare_cached(
            "INSERT INTO team_family(team_id, household_id, since) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING",
        )?
        .execute(params![team, household, fmt_time(now)])?;
    if n > 0 {
        append(
            tx,
            now,
            &NewEvent {
                staff_id: Some(actor),
                entity: "team",
                entity_id: team,
                kind: "family",
                note: Some(&household.to_string()),
                ..Default::default()
            },
        )?;
    }
    Ok(n > 0)
}

impl Store {
    /// A new volunteer team of a community with its leader (a member's
    /// name, or anyone's). Staff of that community or supervisors.
    pub fn add_team(
        &mut self,
        actor: i64,
        name: &str,
        community: i64,
        leader: &str,
        leader_member: Option<i64>,
        day: NaiveDate,
    ) -> Result<i64> {
        let name = typed_text(name, Field::Team)?;
        let leader = typed_text(leader, Field::Name)?;
        let now = self.now();
        let tx = self.conn.transaction()?;
        party::check_community(&tx, community)?;
        party::check_sees(&tx, actor, community)?;
        if let Some(m) = leader_member {
            party::member_by_id(&tx, m)?;
        }
        let exists: Option<i64> = tx
            .prepare_cached("SELECT id FROM team WHERE name = ?1")?
            .query_row([&name], |r| r.get(0))
            .optional()?;
        if exists.is_some() {
            return Err(Error::Duplicate {
                what: Field::Team,
                value: name,
            });
        }
        tx.prepare_cached(
            "INSERT INTO team(name, community_id, leader, leader_member_id, created_on, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?
        .execute(params![
            name,
            community,
            leader,
            leader_member,
            day_text(day),
            fmt_time(now)
        ])?;
        let id = tx.last_insert_rowid();
        created(
            &tx,
            now,
            Some(actor),
            "team",
            id,
            serde_json::json!({"name": name, "community": community, "leader": leader,
                "created_on": day_text(day)})
            .to_string(),
        )?;
        tx.commit()?;
        Ok(id)
    }

    /// A party member (`member`) or a resident (`resident`) joins a team.
    pub fn join_team(
        &mut self,
        actor: i64,
        team: i64,
        member: Option<i64>,
        resident: Option<i64>,
    ) -> Result<i64> {
        let now = self.now();
        let tx = self.conn.transaction()?;
        party::active_staff(&tx, actor)?;
        let t = team_by_id(&tx, team)?;
        let who = match (member, resident) {
            (Some(m), None) => {
                party::member_by_id(&tx, m)?;
                format!("member {m}")
            }
            (None, Some(r)) => {
                super::household::resident(&tx, r)?;
                format!("resident {r}")
            }
            _ => return Err(Error::Empty(Field::Member)),
        };
        let n = tx
            .prepare_cached(
                "INSERT INTO team_member(team_id, member_id, resident_id, joined_at) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT DO NOTHING",
            )?
            .execute(params![team, member, resident, fmt_time(now)])?;
        if n == 0 {
            return Err(Error::Duplicate {
                what: Field::Team,
                value: t.name,
            });
        }
        let id = tx.last_insert_rowid();
        append(
            &tx,
            now,
            &NewEvent {
                staff_id: Some(actor),
                entity: "team",
                entity_id: team,
                kind: "join",
                note: Some(&who),
                ..Default::default()
            },
        )?;
        tx.commit()?;
        Ok(id)
    }

    /// Adds a family in difficulty to a team's families.
    pub fn add_family(&mut self, actor: i64, team: i64, household: i64) -> Result<bool> {
        let now = self.now();
        let tx = self.conn.transaction()?;
        party::active_staff(&tx, actor)?;
        team_by_id(&tx, team)?;
        let added = family_in(&tx, now, actor, team, household)?;
        tx.commit()?;
        Ok(added)
    }

    /// Records a help a team gave a family (which becomes one of the
    /// team's families if it was not). A job found only with 就业帮扶.
    pub fn record_help(&mut self, actor: i64, h: &NewHelp) -> Result<i64> {
        let note = optional_text(&h.note, Field::Note)?;
        let job = match h.job.as_deref().filter(|j| !j.trim().is_empty()) {
            Some(j) if h.kind == HelpKind::Employment => Some(typed_text(j, Field::Note)?),
            Some(j) => {
                return Err(Error::Invalid {
                    what: Field::Kind,
                    value: format!("{} + {j}", h.kind.zh()),
                });
            }
            None => None,
        };
        check_hours(h.hours)?;
        let now = self.now();
        if h.day > now.date_naive() {
            return Err(Error::Invalid {
                what: Field::Date,
                value: day_text(h.day),
            });
        }
        let tx = self.conn.transaction()?;
        party::active_staff(&tx, actor)?;
        team_by_id(&tx, h.team_id)?;
        family_in(&tx, now, actor, h.team_id, h.household_id)?;
        tx.prepare_cached(
            "INSERT INTO help(team_id, household_id, day, kind, hours, note, job, created_at, staff_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )?
        .execute(params![
            h.team_id,
            h.household_id,
            day_text(h.day),
            h.kind.code(),
            h.hours,
            note,
            job,
            fmt_time(now),
            actor
        ])?;
        let id = tx.last_insert_rowid();
        created(
            &tx,
            now,
            Some(actor),
            "help",
            id,
            serde_json::json!({"team": h.team_id, "household": h.household_id, "day": day_text(h.day),
                "kind": h.kind.code(), "hours": h.hours, "note": note, "job": job})
            .to_string(),
        )?;
        tx.commit()?;
        Ok(id)
    }

    /// A 金拐杖 pair: a helper (a member, or anyone named) and an
    /// empty-nest household (tagged 空巢), one open pair per household.
    pub fn add_pair(
        &mut self,
        actor: i64,
        helper: &str,
        member: Option<i64>,
        household: i64,
        since: NaiveDate,
    ) -> Result<i64> {
        let helper = typed_text(helper, Field::Name)?;
        let now = self.now();
        let tx = self.conn.transaction()?;
        party::active_staff(&tx, actor)?;
        if let Some(m) = member {
            party::member_by_id(&tx, m)?;
        }
        let h = super::household::get(&tx, household)?;
        if !difficulty_tags(&tx, household)?.contains(&"空巢") {
            return Err(Error::Invalid {
                what: Field::Household,
                value: h.label(),
            });
        }
        let open: Option<i64> = tx
            .prepare_cached(
                "SELECT id FROM elderly_pair WHERE household_id = ?1 AND ended_on IS NULL",
            )?
            .query_row([household], |r| r.get(0))
            .optional()?;
        if open.is_some() {
            return Err(Error::Duplicate {
                what: Field::Pair,
                value: h.label(),
            });
        }
        tx.prepare_cached(
            "INSERT INTO elderly_pair(helper, member_id, household_id, since, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute(params![helper, member, household, day_text(since), fmt_time(now)])?;
        let id = tx.last_insert_rowid();
        created(
            &tx,
            now,
            Some(actor),
            "elderly_pair",
            id,
            serde_json::json!({"helper": helper, "household": household, "since": day_text(since)})
                .to_string(),
        )?;
        tx.commit()?;
        Ok(id)
    }

    /// A visit a 金拐杖 helper made.
    pub fn pair_visit(&mut self, actor: i64, pair: i64, day: NaiveDate, note: &str) -> Result<i64> {
        let note = optional_text(note, Field::Note)?;
        let now = self.now();
        let tx = self.conn.transaction()?;
        party::active_staff(&tx, actor)?;
        let ok: Option<i64> = tx
            .prepare_cached("SELECT id FROM elderly_pair WHERE id = ?1 AND ended_on IS NULL")?
            .query_row([pair], |r| r.get(0))
            .optional()?;
        if ok.is_none() {
            return Err(Error::NotFound {
                what: Field::Pair,
                query: pair.to_string(),
                closest: None,
            });
        }
        tx.prepare_cached(
            "INSERT INTO pair_visit(pair_id, day, note, created_at, staff_id) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute(params![pair, day_text(day), note, fmt_time(now), actor])?;
        let id = tx.last_insert_rowid();
        created(
            &tx,
            now,
            Some(actor),
            "pair_visit",
            id,
            serde_json::json!({"pair": pair, "day": day_text(day), "note": note}).to_string(),
        )?;
        tx.commit()?;
        Ok(id)
    }
}
