//! Community decisions by the "4+2" method (四议两公开): a matter goes
//! through four deliberations in order — the party branch proposes, the
//! two committees discuss, the party members' meeting reviews, the
//! residents' representatives decide — then two publications: the decision
//! is posted, the outcome is posted. No step is skipped or recorded twice;
//! a vote without quorum or majority stops the matter's round at that
//! step, and a new round may start. Every change is an event.

use super::event::{NewEvent, append, created};
use super::{Error, Field, Result, Store, Time, fmt_time, optional_text, time_col, typed_text};
use crate::domain::calendar::{WorkCalendar, tz};
use crate::domain::lifecycle::{Permission, Role};
use crate::i18n::Lang;
use chrono::{NaiveDate, NaiveTime, TimeZone};
use rusqlite::{Connection, OptionalExtension, params};
use unicode_width::UnicodeWidthStr;

/// A publication not made this many working days after its step is overdue.
pub const PUBLISH_WITHIN_DAYS: u32 = 10;
/// A notice stays posted at least this many days.
pub const MIN_POSTED_DAYS: u32 = 7;

/// The six steps, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Step {
    /// 党支部提议
    Propose = 1,
    /// 两委会商议
    Discuss = 2,
    /// 党员大会审议
    Review = 3,
    /// 居民代表会议决议
    Decide = 4,
    /// 决议公开
    PostDecision = 5,
    /// 实施结果公开
    PostOutcome = 6,
}

impl Step {
    pub const ALL: [Step; 6] = [
        Step::Propose,
        Step::Discuss,
        Step::Review,
        Step::Decide,
        Step::PostDecision,
        Step::PostOutcome,
    ];

    pub fn n(self) -> u8 {
        self as u8
    }

    pub fn from_n(n: i64) -> Option<Step> {
        Step::ALL.get((n as usize).wrapping_sub(1)).copied()
    }

    pub fn code(self) -> &'static str {
        match self {
            Step::Propose => "propose",
            Step::Discuss => "discuss",
            Step::Review => "review",
            Step::Decide => "decide",
            Step::PostDecision => "post-decision",
            Step::PostOutcome => "post-outcome",
        }
    }

    pub fn zh(self) -> &'static str {
        match self {
            Step::Propose => "党支部提议",
            Step::Discuss => "两委会商议",
            Step::Review => "党员大会审议",
            Step::Decide => "居民代表会议决议",
            Step::PostDecision => "决议公开",
            Step::PostOutcome => "实施结果公开",
        }
    }

    pub fn en(self) -> &'static str {
        match self {
            Step::Propose => "branch proposes",
            Step::Discuss => "committees discuss",
            Step::Review => "members review",
            Step::Decide => "representatives decide",
            Step::PostDecision => "decision posted",
            Step::PostOutcome => "outcome posted",
        }
    }

    pub fn name(self, l: Lang) -> &'static str {
        l.pick(self.zh(), self.en())
    }

    /// A code, a number 1–6, or the Chinese name (or its short form:
    /// 提议, 商议, 审议, 决议, 结果公开).
    pub fn parse(s: &str) -> Option<Step> {
        let t = crate::domain::text::normalize(s).trim().to_lowercase();
        let short = ["提议", "商议", "审议", "决议", "决议公开", "结果公开"];
        Step::ALL.into_iter().find(|st| {
            t == st.code()
                || t == st.code().replace('-', "_")
                || t == st.n().to_string()
                || t == st.zh()
                || t == short[st.n() as usize - 1]
        })
    }

    /// The four deliberations meet, with attendance and quorum.
    pub fn deliberates(self) -> bool {
        self.n() <= 4
    }

    /// The steps that vote: discuss, review, decide.
    pub fn votes(self) -> bool {
        matches!(self, Step::Discuss | Step::Review | Step::Decide)
    }

    pub fn publishes(self) -> bool {
        !self.deliberates()
    }
}

/// Why a vote stopped a matter's round.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StopReason {
    /// Not more than half of those expected were present.
    NoQuorum { present: u32, expected: u32 },
    /// Not more than half of those present voted for.
    NoMajority { votes_for: u32, present: u32 },
}

impl StopReason {
    pub fn code(self) -> &'static str {
        match self {
            StopReason::NoQuorum { .. } => "no_quorum",
            StopReason::NoMajority { .. } => "no_majority",
        }
    }

    pub fn text(self, l: Lang) -> String {
        match (self, l) {
            (StopReason::NoQuorum { present, expected }, Lang::Zh) => {
                format!("未达法定人数：应到 {expected} 人，实到 {present} 人（须过半数）")
            }
            (StopReason::NoQuorum { present, expected }, Lang::En) => {
                format!("no quorum: {present} of {expected} present (more than half needed)")
            }
            (StopReason::NoMajority { votes_for, present }, Lang::Zh) => {
                format!("未获通过：实到 {present} 人，同意 {votes_for} 票（须过半数）")
            }
            (StopReason::NoMajority { votes_for, present }, Lang::En) => {
                format!("not carried: {votes_for} for of {present} present (more than half needed)")
            }
        }
    }
}

/// A rule of decisions, meetings or weekly reports that the input broke.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecisionError {
    /// The next step of the round is `next`; `asked` comes later.
    OutOfOrder { next: Step, asked: Step },
    /// This step of the round is recorded already.
    AlreadyRecorded(Step),
    /// The round stopped at this step; a new round must start first.
    Stopped(Step),
    /// All six steps are recorded.
    Finished,
    /// A new round starts only after a failed vote.
    NotStopped,
    /// More present than expected, or none expected.
    Attendance { present: u32, expected: u32 },
    /// More votes than people present.
    Votes { total: u32, present: u32 },
    /// Attendance or votes given to a step that does not take them.
    NotForStep { what: Field, step: Step },
    /// A notice posted for fewer than 7 days.
    PostedDays(u32),
    /// A step dated before the step it follows.
    Before { day: NaiveDate, previous: NaiveDate },
    /// A date after today.
    Future(NaiveDate),
    /// A week that has not begun.
    FutureWeek(String),
    /// This member of staff leads no building or group.
    NotLeader(String),
    /// Only the leader (or a supervisor) confirms a leader's week.
    NotYourWeek(String),
    /// A meeting's issue can be settled only by a meeting held.
    MeetingAhead(NaiveDate),
}

/// A kind of major matter (seeded; supervisors edit).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct MatterKind {
    pub code: String,
    pub zh: String,
    pub en: String,
    pub active: bool,
}

pub fn kinds(conn: &Connection) -> Result<Vec<MatterKind>> {
    let mut st = conn.prepare_cached(
        "SELECT code, name_zh, name_en, active FROM matter_kind ORDER BY sort, code",
    )?;
    let v = st
        .query_map([], |r| {
            Ok(MatterKind {
                code: r.get(0)?,
                zh: r.get(1)?,
                en: r.get(2)?,
                active: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(v)
}

/// A kind by its code or its Chinese or English name; the closest named
/// when none matches.
pub fn kind(conn: &Connection, typed: &str) -> Result<MatterKind> {
    let t = typed.trim();
    let all = kinds(conn)?;
    if let Some(k) = all
        .iter()
        .find(|k| k.code == t || k.zh == t || k.en.eq_ignore_ascii_case(t))
    {
        return Ok(k.clone());
    }
    let closest =
        crate::domain::text::closest(t, all.iter().map(|k| k.code.as_str())).map(|c| c.to_string());
    Err(Error::NotFound {
        what: Field::MatterKind,
        query: typed.to_string(),
        closest,
    })
}

/// One recorded step.
#[derive(Debug, Clone, serde::Serialize)]
pub struct StepRow {
    #[serde(serialize_with = "ser_step")]
    pub step: Step,
    pub round: i64,
    #[serde(serialize_with = "ser_date")]
    pub day: NaiveDate,
    pub meeting: String,
    pub present: Option<u32>,
    pub expected: Option<u32>,
    pub votes: Option<(u32, u32, u32)>,
    pub minutes: String,
    pub posted_where: Option<String>,
    pub posted_days: Option<u32>,
    pub passed: bool,
    pub reason: Option<String>,
    pub recorder: Option<String>,
    #[serde(serialize_with = "super::ser_time")]
    pub recorded_at: Time,
}

pub(crate) fn ser_date<S: serde::Serializer>(
    d: &NaiveDate,
    ser: S,
) -> std::result::Result<S::Ok, S::Error> {
    ser.serialize_str(&d.to_string())
}

fn ser_step<S: serde::Serializer>(s: &Step, ser: S) -> std::result::Result<S::Ok, S::Error> {
    ser.serialize_str(s.code())
}

impl StepRow {
    /// Why this step stopped the round, from its figures.
    pub fn stop_reason(&self) -> Option<StopReason> {
        if self.passed {
            return None;
        }
        let (present, expected) = (self.present.unwrap_or(0), self.expected.unwrap_or(0));
        match self.reason.as_deref() {
            Some("no_quorum") => Some(StopReason::NoQuorum { present, expected }),
            _ => Some(StopReason::NoMajority {
                votes_for: self.votes.map(|v| v.0).unwrap_or(0),
                present,
            }),
        }
    }
}

/// Where a matter stands in its current round.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// This step is the next to record.
    Next(Step),
    /// A vote failed at this step.
    Stopped(Step, StopReason),
    /// Both publications are made.
    Done,
}

/// A matter with its current round's steps.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Matter {
    pub id: i64,
    pub community_id: i64,
    pub community: String,
    pub kind: String,
    pub kind_zh: String,
    pub kind_en: String,
    pub title: String,
    pub round: i64,
    #[serde(serialize_with = "super::ser_time")]
    pub created_at: Time,
    /// The tickets of the requests it came from.
    pub requests: Vec<String>,
    /// The steps of the current round, in order.
    pub steps: Vec<StepRow>,
    /// Stopped steps of earlier rounds.
    pub earlier: Vec<StepRow>,
}

impl Matter {
    pub fn stage(&self) -> Stage {
        match self.steps.last() {
            None => Stage::Next(Step::Propose),
            Some(s) if !s.passed => Stage::Stopped(
                s.step,
                s.stop_reason().unwrap_or(StopReason::NoMajority {
                    votes_for: 0,
                    present: 0,
                }),
            ),
            Some(s) => match Step::from_n(s.step.n() as i64 + 1) {
                Some(n) => Stage::Next(n),
                None => Stage::Done,
            },
        }
    }

    pub fn step(&self, s: Step) -> Option<&StepRow> {
        self.steps.iter().find(|x| x.step == s)
    }

    pub fn kind_name(&self, l: Lang) -> &str {
        l.pick(&self.kind_zh, &self.kind_en)
    }

    /// When the pending publication falls due: 10 working days after the
    /// step before it. `None` when no publication is pending.
    pub fn publication_due(&self, cal: &WorkCalendar) -> Option<Time> {
        let Stage::Next(next) = self.stage() else {
            return None;
        };
        if !next.publishes() {
            return None;
        }
        let prev = self.steps.last()?;
        let noon = NaiveTime::from_hms_opt(12, 0, 0).expect("noon");
        let start = tz()
            .from_local_datetime(&prev.day.and_time(noon))
            .single()?;
        Some(cal.due(start, PUBLISH_WITHIN_DAYS))
    }

    /// A publication pending past its due time (shown red).
    pub fn overdue(&self, now: Time, cal: &WorkCalendar) -> bool {
        self.publication_due(cal).is_some_and(|d| now > d)
    }
}

fn step_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<StepRow> {
    let n: i64 = r.get(0)?;
    let day: String = r.get(2)?;
    let bad = |i: usize, what: &str| {
        rusqlite::Error::FromSqlConversionFailure(
            i,
            rusqlite::types::Type::Text,
            format!("bad {what}").into(),
        )
    };
    let votes = match (
        r.get::<_, Option<u32>>(6)?,
        r.get::<_, Option<u32>>(7)?,
        r.get::<_, Option<u32>>(8)?,
    ) {
        (Some(a), Some(b), Some(c)) => Some((a, b, c)),
        _ => None,
    };
    Ok(StepRow {
        step: Step::from_n(n).ok_or_else(|| bad(0, "step"))?,
        round: r.get(1)?,
        day: NaiveDate::parse_from_str(&day, "%Y-%m-%d").map_err(|_| bad(2, "day"))?,
        meeting: r.get(3)?,
        present: r.get(4)?,
        expected: r.get(5)?,
        votes,
        minutes: r.get(9)?,
        posted_where: r.get(10)?,
        posted_days: r.get(11)?,
        passed: r.get(12)?,
        reason: r.get(13)?,
        recorder: r.get(14)?,
        recorded_at: time_col(r, 15)?,
    })
}

const STEP_SELECT: &str = "SELECT t.step, t.round, t.day, t.meeting, t.present, t.expected, t.votes_for,
        t.votes_against, t.votes_abstain, t.minutes, t.posted_where, t.posted_days, t.passed, t.reason,
        s.name, t.recorded_at
   FROM matter_step t LEFT JOIN staff s ON s.id = t.recorded_by";

/// A matter with its steps and requests.
pub fn get(conn: &Connection, id: i64) -> Result<Matter> {
    let mut st = conn.prepare_cached(
        "SELECT m.id, m.community_id, g.name, m.kind_code, k.name_zh, k.name_en, m.title, m.round, m.created_at
           FROM matter m JOIN grid_node g ON g.id = m.community_id JOIN matter_kind k ON k.code = m.kind_code
          WHERE m.id = ?1",
    )?;
    let m = st
        .query_row([id], |r| {
            Ok(Matter {
                id: r.get(0)?,
                community_id: r.get(1)?,
                community: r.get(2)?,
                kind: r.get(3)?,
                kind_zh: r.get(4)?,
                kind_en: r.get(5)?,
                title: r.get(6)?,
                round: r.get(7)?,
                created_at: time_col(r, 8)?,
                requests: Vec::new(),
                steps: Vec::new(),
                earlier: Vec::new(),
            })
        })
        .optional()?;
    let mut m = m.ok_or(Error::NotFound {
        what: Field::Matter,
        query: id.to_string(),
        closest: None,
    })?;
    let mut st = conn.prepare_cached(&format!(
        "{STEP_SELECT} WHERE t.matter_id = ?1 ORDER BY t.round, t.step"
    ))?;
    let all = st
        .query_map([id], step_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for s in all {
        if s.round == m.round {
            m.steps.push(s);
        } else {
            m.earlier.push(s);
        }
    }
    let mut st = conn.prepare_cached(
        "SELECT q.ticket FROM matter_request x JOIN request q ON q.id = x.request_id
          WHERE x.matter_id = ?1 ORDER BY q.ticket",
    )?;
    m.requests = st
        .query_map([id], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(m)
}

/// Matters of a community (or all), newest first.
pub fn list(conn: &Connection, community: Option<i64>) -> Result<Vec<Matter>> {
    let mut st = conn.prepare_cached(
        "SELECT id FROM matter WHERE ?1 IS NULL OR community_id = ?1 ORDER BY id DESC",
    )?;
    let ids = st
        .query_map([community], |r| r.get::<_, i64>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    ids.into_iter().map(|id| get(conn, id)).collect()
}

/// What is recorded for one step.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StepInput {
    pub day: Option<NaiveDate>,
    pub meeting: String,
    pub present: Option<u32>,
    pub expected: Option<u32>,
    /// For, against, abstain.
    pub votes: Option<(u32, u32, u32)>,
    /// The minutes' summary; at the decision, the decision; at the
    /// outcome's publication, the outcome.
    pub minutes: String,
    pub posted_where: String,
    pub posted_days: Option<u32>,
}

/// What recording a step did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepOutcome {
    Passed(Step),
    Stopped(Step, StopReason),
}

/// A new matter.
#[derive(Debug, Clone, Default)]
pub struct NewMatter<'a> {
    pub community: i64,
    pub kind: &'a str,
    pub title: &'a str,
    /// Request ids it came from.
    pub requests: Vec<i64>,
}

fn bad(e: DecisionError) -> Error {
    Error::Decision(e)
}

/// The quorum and majority rule: more than half of those expected present,
/// and (where the step votes) more than half of those present for.
pub fn verdict(step: Step, present: u32, expected: u32, votes_for: u32) -> Option<StopReason> {
    if 2 * u64::from(present) <= u64::from(expected) {
        return Some(StopReason::NoQuorum { present, expected });
    }
    if step.votes() && 2 * u64::from(votes_for) <= u64::from(present) {
        return Some(StopReason::NoMajority { votes_for, present });
    }
    None
}

impl Store {
    /// The active staff member `actor`.
    fn decision_actor(&self, actor: i64) -> Result<super::staff::Staff> {
        let s = super::staff::by_id(&self.conn, actor)?;
        if !s.active {
            return Err(Error::NotFound {
                what: Field::Staff,
                query: s.login,
                closest: None,
            });
        }
        Ok(s)
    }

    /// A new matter in a community, from the requests it came from.
    pub fn add_matter(&mut self, actor: i64, m: &NewMatter<'_>) -> Result<i64> {
        self.decision_actor(actor)?;
        let title = typed_text(m.title, Field::Title)?;
        let now = self.now();
        let tx = self.conn.transaction()?;
        let k = kind(&tx, m.kind)?;
        if !k.active {
            return Err(Error::Invalid {
                what: Field::MatterKind,
                value: k.code,
            });
        }
        community(&tx, m.community)?;
        tx.execute(
            "INSERT INTO matter(community_id, kind_code, title, created_at, created_by) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![m.community, k.code, title, fmt_time(now), actor],
        )?;
        let id = tx.last_insert_rowid();
        for r in &m.requests {
            super::request::by_id(&tx, *r)?;
            tx.execute(
                "INSERT OR IGNORE INTO matter_request(matter_id, request_id) VALUES (?1, ?2)",
                params![id, r],
            )?;
        }
        let after = serde_json::json!({"community": m.community, "kind": k.code, "title": title,
            "requests": m.requests})
        .to_string();
        created(&tx, now, Some(actor), "matter", id, after)?;
        tx.commit()?;
        Ok(id)
    }

    /// Records the next step of a matter's round. A failed vote is
    /// recorded too, and stops the round with its reason.
    pub fn record_step(
        &mut self,
        actor: i64,
        matter: i64,
        step: Step,
        input: &StepInput,
    ) -> Result<StepOutcome> {
        self.decision_actor(actor)?;
        let now = self.now();
        let today = now.with_timezone(&tz()).date_naive();
        let meeting = optional_text(&input.meeting, Field::Meeting)?;
        let minutes = optional_text(&input.minutes, Field::Minutes)?;
        let tx = self.conn.transaction()?;
        let m = get(&tx, matter)?;
        match m.stage() {
            Stage::Done => return Err(bad(DecisionError::Finished)),
            Stage::Stopped(s, _) => return Err(bad(DecisionError::Stopped(s))),
            Stage::Next(next) if step < next => {
                return Err(bad(DecisionError::AlreadyRecorded(step)));
            }
            Stage::Next(next) if step > next => {
                return Err(bad(DecisionError::OutOfOrder { next, asked: step }));
            }
            Stage::Next(_) => {}
        }
        let day = input.day.ok_or(Error::Empty(Field::Date))?;
        if day > today {
            return Err(bad(DecisionError::Future(day)));
        }
        if let Some(prev) = m.steps.last()
            && day < prev.day
        {
            return Err(bad(DecisionError::Before {
                day,
                previous: prev.day,
            }));
        }
        let mut stop = None;
        let mut posted_where = None;
        let mut posted_days = None;
        if step.deliberates() {
            let present = input.present.ok_or(Error::Empty(Field::Attendance))?;
            let expected = input.expected.ok_or(Error::Empty(Field::Attendance))?;
            if expected == 0 || present > expected {
                return Err(bad(DecisionError::Attendance { present, expected }));
            }
            let mut votes_for = 0;
            match (step.votes(), input.votes) {
                (true, None) => return Err(Error::Empty(Field::Votes)),
                (true, Some((f, a, b))) => {
                    let total = f + a + b;
                    if total > present {
                        return Err(bad(DecisionError::Votes { total, present }));
                    }
                    votes_for = f;
                }
                (false, Some(_)) => {
                    return Err(bad(DecisionError::NotForStep {
                        what: Field::Votes,
                        step,
                    }));
                }
                (false, None) => {}
            }
            if step == Step::Decide && minutes.is_empty() {
                return Err(Error::Empty(Field::Minutes));
            }
            stop = verdict(step, present, expected, votes_for);
        } else {
            if input.present.is_some() || input.expected.is_some() {
                return Err(bad(DecisionError::NotForStep {
                    what: Field::Attendance,
                    step,
                }));
            }
            if input.votes.is_some() {
                return Err(bad(DecisionError::NotForStep {
                    what: Field::Votes,
                    step,
                }));
            }
            posted_where = Some(typed_text(&input.posted_where, Field::Place)?);
            let days = input.posted_days.ok_or(Error::Empty(Field::Days))?;
            if days < MIN_POSTED_DAYS {
                return Err(bad(DecisionError::PostedDays(days)));
            }
            posted_days = Some(days);
            if step == Step::PostOutcome && minutes.is_empty() {
                return Err(Error::Empty(Field::Minutes));
            }
        }
        let (vf, va, vb) = match input.votes {
            Some((a, b, c)) => (Some(a), Some(b), Some(c)),
            None => (None, None, None),
        };
        tx.execute(
            "INSERT INTO matter_step(matter_id, round, step, day, meeting, present, expected, votes_for,
                    votes_against, votes_abstain, minutes, posted_where, posted_days, passed, reason,
                    recorded_by, recorded_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
            params![
                matter,
                m.round,
                step.n(),
                day.format("%Y-%m-%d").to_string(),
                meeting,
                input.present,
                input.expected,
                vf,
                va,
                vb,
                minutes,
                posted_where,
                posted_days,
                stop.is_none(),
                stop.map(|s| s.code()),
                actor,
                fmt_time(now)
            ],
        )?;
        tx.execute(
            "UPDATE matter SET version = version + 1 WHERE id = ?1",
            [matter],
        )?;
        let after =
            serde_json::json!({"round": m.round, "step": step.code(), "day": day.to_string(),
            "meeting": meeting, "present": input.present, "expected": input.expected,
            "votes": input.votes, "minutes": minutes, "posted_where": posted_where,
            "posted_days": posted_days})
            .to_string();
        append(
            &tx,
            now,
            &NewEvent {
                staff_id: Some(actor),
                entity: "matter",
                entity_id: matter,
                kind: if stop.is_some() { "stopped" } else { "step" },
                note: Some(step.code()),
                reason: stop.map(|s| s.code()),
                after: Some(after),
                ..Default::default()
            },
        )?;
        tx.commit()?;
        Ok(match stop {
            Some(r) => StepOutcome::Stopped(step, r),
            None => StepOutcome::Passed(step),
        })
    }

    /// Starts a new round of a matter stopped by a failed vote, with a
    /// reason; the steps start again from the proposal.
    pub fn new_round(&mut self, actor: i64, matter: i64, reason: &str) -> Result<i64> {
        self.decision_actor(actor)?;
        let reason = typed_text(reason, Field::Reason)?;
        let now = self.now();
        let tx = self.conn.transaction()?;
        let m = get(&tx, matter)?;
        if !matches!(m.stage(), Stage::Stopped(..)) {
            return Err(bad(DecisionError::NotStopped));
        }
        let round = m.round + 1;
        tx.execute(
            "UPDATE matter SET round = ?1, version = version + 1 WHERE id = ?2",
            params![round, matter],
        )?;
        append(
            &tx,
            now,
            &NewEvent {
                staff_id: Some(actor),
                entity: "matter",
                entity_id: matter,
                kind: "round",
                reason: Some(&reason),
                before: Some(serde_json::json!({"round": m.round}).to_string()),
                after: Some(serde_json::json!({"round": round}).to_string()),
                ..Default::default()
            },
        )?;
        tx.commit()?;
        Ok(round)
    }

    /// Renames a kind of matter or takes it out of use (or back).
    /// Supervisors only.
    pub fn set_matter_kind(
        &mut self,
        actor: i64,
        code: &str,
        zh: Option<&str>,
        en: Option<&str>,
        active: Option<bool>,
    ) -> Result<()> {
        self.require(actor, Permission::EditCategories)?;
        let zh = zh.map(|z| typed_text(z, Field::Name)).transpose()?;
        let en = en.map(|z| typed_text(z, Field::Name)).transpose()?;
        let now = self.now();
        let tx = self.conn.transaction()?;
        let before = kind(&tx, code)?;
        let after = MatterKind {
            zh: zh.unwrap_or_else(|| before.zh.clone()),
            en: en.unwrap_or_else(|| before.en.clone()),
            active: active.unwrap_or(before.active),
            ..before.clone()
        };
        tx.execute(
            "UPDATE matter_kind SET name_zh = ?1, name_en = ?2, active = ?3 WHERE code = ?4",
            params![after.zh, after.en, after.active, before.code],
        )?;
        append(
            &tx,
            now,
            &NewEvent {
                staff_id: Some(actor),
                entity: "matter_kind",
                entity_id: 0,
                kind: "update",
                note: Some(&before.code),
                before: serde_json::to_string(&before).ok(),
                after: serde_json::to_string(&after).ok(),
                ..Default::default()
            },
        )?;
        tx.commit()?;
        Ok(())
    }
}

/// The community a matter or meeting belongs to: a grid node of level
/// community.
pub(crate) fn community(conn: &Connection, id: i64) -> Result<String> {
    let row: Option<(String, String)> = conn
        .query_row(
            "SELECT level, name FROM grid_node WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    match row {
        Some((level, name)) if level == "community" => Ok(name),
        Some((_, name)) => Err(Error::Invalid {
            what: Field::Node,
            value: name,
        }),
        None => Err(Error::NotFound {
            what: Field::Node,
            query: id.to_string(),
            closest: None,
        }),
    }
}

/// Matters counted by stage for the screen's and the list's heads.
pub fn stage_name(s: Stage, l: Lang) -> String {
    match (s, l) {
        (Stage::Next(st), Lang::Zh) => format!("待{}", st.zh()),
        (Stage::Next(st), Lang::En) => format!("next: {}", st.en()),
        (Stage::Stopped(st, _), Lang::Zh) => format!("{}未通过", st.zh()),
        (Stage::Stopped(st, _), Lang::En) => format!("stopped at {}", st.en()),
        (Stage::Done, Lang::Zh) => "已办结".to_string(),
        (Stage::Done, Lang::En) => "done".to_string(),
    }
}

/// Cuts `text` into lines of at most `width` display cells.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    use unicode_width::UnicodeWidthChar;
    let mut out = Vec::new();
    for para in text.lines() {
        let mut line = String::new();
        let mut used = 0;
        for c in para.chars() {
            let w = c.width().unwrap_or(0);
            if used + w > width {
                out.push(std::mem::take(&mut line));
                used = 0;
            }
            line.push(c);
            used += w;
        }
        out.push(line);
    }
    if out.is_empty() {
        out.push(String::new());
    }
    out
}

/// The notice (公示) of a publication, at most 80 columns: community,
/// matter, the decision or the outcome, the votes that carried it, where
/// and from when to when it is posted.
pub fn notice(m: &Matter, step: Step, l: Lang) -> Option<String> {
    const W: usize = 80;
    let p = m.step(step).filter(|_| step.publishes())?;
    let decide = m.step(Step::Decide)?;
    let center = |s: &str| {
        let pad = W.saturating_sub(s.width()) / 2;
        format!("{}{s}", " ".repeat(pad))
    };
    let mut out = Vec::new();
    let title = match (step, l) {
        (Step::PostDecision, Lang::Zh) => "公  示（决议公开）",
        (Step::PostDecision, Lang::En) => "NOTICE: decision",
        (_, Lang::Zh) => "公  示（实施结果公开）",
        (_, Lang::En) => "NOTICE: outcome",
    };
    out.push(center(title));
    out.push(String::new());
    let mut field = |label: &str, text: &str| {
        let lw = label.width();
        for (i, line) in wrap(text, W - lw).into_iter().enumerate() {
            if i == 0 {
                out.push(format!("{label}{line}"));
            } else {
                out.push(format!("{}{line}", " ".repeat(lw)));
            }
        }
    };
    field(l.pick("社区：", "Community: "), &m.community);
    field(
        l.pick("事项：", "Matter: "),
        &format!("{}（{}）", m.title, m.kind_name(l)),
    );
    field(l.pick("决议：", "Decision: "), &decide.minutes);
    if let (Some(pr), Some(ex), Some((f, a, b))) = (decide.present, decide.expected, decide.votes) {
        let held = match l {
            Lang::Zh => format!("{} {}", decide.day, Step::Decide.zh()),
            Lang::En => format!("{} representatives' meeting", decide.day),
        };
        field(l.pick("会议：", "Meeting: "), &held);
        let v = match l {
            Lang::Zh => format!("应到 {ex} 人，实到 {pr} 人；同意 {f}，反对 {a}，弃权 {b}"),
            Lang::En => format!("{pr} of {ex} present; {f} for, {a} against, {b} abstaining"),
        };
        field(l.pick("表决：", "Vote: "), &v);
    }
    if step == Step::PostOutcome {
        field(l.pick("实施结果：", "Outcome: "), &p.minutes);
    }
    let days = p.posted_days.unwrap_or(MIN_POSTED_DAYS);
    let last = p.day + chrono::Duration::days(i64::from(days) - 1);
    field(
        l.pick("公示地点：", "Posted at: "),
        p.posted_where.as_deref().unwrap_or(""),
    );
    let period = match l {
        Lang::Zh => format!("{} 至 {}（{days} 天）", p.day, last),
        Lang::En => format!("{} to {} ({days} days)", p.day, last),
    };
    field(l.pick("公示期：", "Posted: "), &period);
    out.push(String::new());
    let sign = match l {
        Lang::Zh => format!("{}居民委员会", m.community),
        Lang::En => format!("{} residents' committee", m.community),
    };
    for s in [sign, p.day.to_string()] {
        let pad = W.saturating_sub(s.width() + 2);
        out.push(format!("{}{s}", " ".repeat(pad)));
    }
    Some(out.join("\n") + "\n")
}

/// Whether a member of staff may edit the kinds: supervisors.
pub fn may_edit_kinds(role: Role) -> bool {
    crate::domain::lifecycle::authorize(role, Permission::EditCategories).is_ok()
}

/// The report's figures of decisions, meetings and weekly reports for the
/// days `from`–`to` under `node` (the whole district when `None`):
/// matters begun; matters decided (the representatives' vote carried);
/// matters published (the decision posted); meetings held; issues settled
/// at them; leaders' weeks confirmed, and expected — every leader's every
/// week (Monday to Sunday) lying within the days and ended by `now`.
pub(crate) fn report_figures(
    conn: &Connection,
    from: NaiveDate,
    to: NaiveDate,
    node: Option<i64>,
    now: Time,
) -> Result<[i64; 7]> {
    use chrono::Datelike;
    let sub = "WITH RECURSIVE sub(id) AS (
          SELECT id FROM grid_node WHERE (?3 IS NULL AND parent_id IS NULL) OR id = ?3
          UNION ALL SELECT g.id FROM grid_node g JOIN sub ON g.parent_id = sub.id)";
    let (a, b) = (from.to_string(), to.to_string());
    let start = fmt_time(
        tz().from_local_datetime(&from.and_time(NaiveTime::MIN))
            .single()
            .expect("fixed offset"),
    );
    let end = fmt_time(
        tz().from_local_datetime(&(to + chrono::Duration::days(1)).and_time(NaiveTime::MIN))
            .single()
            .expect("fixed offset"),
    );
    let one = |sql: &str, x: &str, y: &str| -> Result<i64> {
        Ok(conn.query_row(&format!("{sub} {sql}"), params![x, y, node], |r| r.get(0))?)
    };
    let steps = |n: u8| {
        format!(
            "SELECT count(DISTINCT m.id) FROM matter m JOIN matter_step t ON t.matter_id = m.id
              WHERE m.community_id IN sub AND t.step = {n} AND t.passed = 1 AND t.day >= ?1 AND t.day <= ?2"
        )
    };
    let matters = one(
        "SELECT count(*) FROM matter m WHERE m.community_id IN sub AND m.created_at >= ?1 AND m.created_at < ?2",
        &start,
        &end,
    )?;
    let decided = one(&steps(Step::Decide.n()), &a, &b)?;
    let published = one(&steps(Step::PostDecision.n()), &a, &b)?;
    let meetings = one(
        "SELECT count(*) FROM meeting m WHERE m.community_id IN sub AND m.day >= ?1 AND m.day <= ?2",
        &a,
        &b,
    )?;
    let settled = one(
        "SELECT count(*) FROM meeting_issue i JOIN meeting m ON m.id = i.meeting_id
          WHERE m.community_id IN sub AND m.day >= ?1 AND m.day <= ?2",
        &a,
        &b,
    )?;
    // Whole weeks within the days, ended by today.
    let today = now.with_timezone(&tz()).date_naive();
    let first_monday =
        from + chrono::Duration::days(i64::from((7 - from.weekday().num_days_from_monday()) % 7));
    let last = to.min(today - chrono::Duration::days(1));
    let mut weeks = 0i64;
    let mut last_monday = first_monday;
    let mut m = first_monday;
    while m + chrono::Duration::days(6) <= last {
        weeks += 1;
        last_monday = m;
        m += chrono::Duration::days(7);
    }
    let leaders = one(
        "SELECT count(DISTINCT b.leader_id) FROM grid_node b JOIN staff s ON s.id = b.leader_id
          WHERE b.level = 'building' AND s.active = 1 AND b.id IN sub",
        &a,
        &b,
    )?;
    let confirmed = if weeks == 0 {
        0
    } else {
        one(
            "SELECT count(*) FROM week_report w
              WHERE w.monday >= ?1 AND w.monday <= ?2
                AND w.leader_id IN (SELECT b.leader_id FROM grid_node b JOIN staff s ON s.id = b.leader_id
                                     WHERE b.level = 'building' AND s.active = 1 AND b.id IN sub)",
            &first_monday.to_string(),
            &last_monday.to_string(),
        )?
    };
    Ok([
        matters,
        decided,
        published,
        meetings,
        settled,
        confirmed,
        leaders * weeks,
    ])
}
