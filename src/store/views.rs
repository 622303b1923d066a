//! Read models for the screens: the Today lists, the request queue, the
//! shift and its handover, the report indicators. Each reads with LIMIT
//! into a Vec; nothing holds a read snapshot while waiting for a key.

use super::request::{REQUEST_SELECT, Request, request_row};
use super::{Result, Time, fmt_time, time_col};
use crate::domain::calendar::{WorkCalendar, tz};
use crate::domain::lifecycle::Level;
use crate::domain::warning::Warning;
use chrono::{Duration, NaiveDate, TimeZone};
use rusqlite::{Connection, OptionalExtension, params};

fn day_start(d: NaiveDate) -> Time {
    tz().from_local_datetime(&d.and_hms_opt(0, 0, 0).expect("midnight"))
        .single()
        .expect("fixed offset")
}

fn requests(conn: &Connection, where_: &str, p: impl rusqlite::Params) -> Result<Vec<Request>> {
    let mut st = conn.prepare_cached(&format!("{REQUEST_SELECT} {where_}"))?;
    let v = st
        .query_map(p, request_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(v)
}

const OPEN: &str = "q.status IN ('registered','assigned','in_progress','waiting')";

/// A request at or under the hall bound to `?1` (NULL: the whole district).
const IN_HALL: &str = "(?1 IS NULL OR q.node_id IN (
      WITH RECURSIVE sub(id) AS (SELECT ?1 UNION ALL SELECT g.id FROM grid_node g JOIN sub ON g.parent_id = sub.id)
      SELECT id FROM sub))";

/// The part of the grid a member of staff works for: their hall — a
/// community's service station or a subdistrict's centre. `None` is the
/// whole district: the district's own staff, and staff with no hall.
/// Staff placed lower in the grid (a grid leader's area) work for the
/// community above them.
pub fn hall_of(conn: &Connection, staff_id: i64) -> Result<Option<i64>> {
    Ok(conn
        .query_row(
            "WITH RECURSIVE up(id, parent_id, level, depth) AS (
                 SELECT g.id, g.parent_id, g.level, 0 FROM staff s JOIN grid_node g ON g.id = s.node_id
                  WHERE s.id = ?1
                 UNION ALL SELECT g.id, g.parent_id, g.level, up.depth + 1
                   FROM grid_node g JOIN up ON g.id = up.parent_id)
             SELECT id FROM up WHERE level IN ('community', 'subdistrict') ORDER BY depth LIMIT 1",
            [staff_id],
            |r| r.get(0),
        )
        .optional()?)
}

/// The Today screen (今日).
#[derive(Debug, Clone, Default)]
pub struct Today {
    pub mine: Vec<Request>,
    pub overdue: Vec<Request>,
    pub due_today: Vec<Request>,
    pub registered_today: Vec<Request>,
    pub shift: Option<Shift>,
}

/// My open items anywhere; overdue, due today and registered today in my
/// hall's part of the grid.
pub fn today(conn: &Connection, staff_id: i64, now: Time, limit: usize) -> Result<Today> {
    let start = fmt_time(day_start(now.date_naive()));
    let end = fmt_time(day_start(now.date_naive()) + Duration::days(1));
    let n = fmt_time(now);
    let lim = limit as i64;
    let hall = hall_of(conn, staff_id)?;
    Ok(Today {
        mine: requests(
            conn,
            &format!("WHERE q.assignee_id = ?1 AND {OPEN} ORDER BY q.due_at LIMIT ?2"),
            params![staff_id, lim],
        )?,
        // The first rows are chosen on the status index alone, then joined:
        // ordering the joined rows read every overdue request's household
        // and nodes first (2,471 pages on the large demo, 75 this way).
        overdue: requests(
            conn,
            &format!(
                "WHERE q.id IN (SELECT q.id FROM request q WHERE {IN_HALL} AND {OPEN} AND q.status <> 'waiting' AND q.due_at < ?2
                                ORDER BY q.due_at, q.id LIMIT ?3)
                 ORDER BY q.due_at, q.id"
            ),
            params![hall, n, lim],
        )?,
        due_today: requests(
            conn,
            &format!(
                "WHERE q.id IN (SELECT q.id FROM request q WHERE {IN_HALL} AND {OPEN} AND q.status <> 'waiting' AND q.due_at >= ?2 AND q.due_at < ?3
                                ORDER BY q.due_at, q.id LIMIT ?4)
                 ORDER BY q.due_at, q.id"
            ),
            params![hall, n, end, lim],
        )?,
        registered_today: requests(
            conn,
            &format!(
                "WHERE {IN_HALL} AND q.registered_at >= ?2 AND q.registered_at < ?3 ORDER BY q.registered_at DESC LIMIT ?4"
            ),
            params![hall, start, end, lim],
        )?,
        shift: current_shift(conn, staff_id)?,
    })
}

/// Which requests the queue shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum View {
    #[default]
    Open,
    Mine,
    Red,
    Yellow,
    Waiting,
    Resolved,
    Closed,
    All,
}

impl View {
    pub const ALL: [View; 8] = [
        View::Open,
        View::Mine,
        View::Red,
        View::Yellow,
        View::Waiting,
        View::Resolved,
        View::Closed,
        View::All,
    ];
    pub fn next(self) -> View {
        let i = View::ALL.iter().position(|v| *v == self).unwrap_or(0);
        View::ALL[(i + 1) % View::ALL.len()]
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QueueFilter {
    pub view: View,
    pub category: Option<String>,
    pub level: Option<Level>,
    /// A grid node: the request's building is at or under it.
    pub node: Option<i64>,
    pub assignee: Option<i64>,
}

/// The queue (办件), most urgent first.
pub fn queue(
    conn: &Connection,
    f: &QueueFilter,
    me: i64,
    now: Time,
    cal: &WorkCalendar,
    limit: usize,
) -> Result<Vec<(Request, Warning)>> {
    let status = match f.view {
        View::Open | View::Red | View::Yellow | View::Mine => OPEN.to_string(),
        View::Waiting => "q.status = 'waiting'".into(),
        View::Resolved => "q.status = 'resolved'".into(),
        View::Closed => "q.status IN ('closed','cancelled')".into(),
        View::All => "1".into(),
    };
    let order = if matches!(f.view, View::Closed | View::Resolved | View::All) {
        "q.registered_at DESC"
    } else {
        "q.due_at"
    };
    let assignee = if f.view == View::Mine {
        Some(me)
    } else {
        f.assignee
    };
    // Warnings are computed here, so a warning view reads more and keeps some.
    let fetch = if matches!(f.view, View::Red | View::Yellow) {
        limit * 20
    } else {
        limit
    };
    let v = requests(
        conn,
        &format!(
            "WHERE {status} AND (?1 IS NULL OR q.category_code = ?1 OR q.category_code LIKE ?1 || '.%')
               AND (?2 IS NULL OR q.level = ?2) AND (?3 IS NULL OR q.assignee_id = ?3)
               AND (?4 IS NULL OR q.node_id IN (
                     WITH RECURSIVE sub(id) AS (SELECT ?4 UNION ALL SELECT g.id FROM grid_node g JOIN sub ON g.parent_id = sub.id)
                     SELECT id FROM sub))
             ORDER BY {order} LIMIT ?5"
        ),
        // With no node chosen, the queue is the operator's hall.
        params![
            f.category,
            f.level.map(Level::code),
            assignee,
            match f.node {
                Some(n) => Some(n),
                None => hall_of(conn, me)?,
            },
            fetch as i64
        ],
    )?;
    let out = v
        .into_iter()
        .map(|r| {
            let w = r.warning(now, cal);
            (r, w)
        })
        .filter(|(_, w)| match f.view {
            View::Red => w.is_red(),
            View::Yellow => w.is_yellow(),
            _ => true,
        })
        .take(limit)
        .collect();
    Ok(out)
}

/// Possible duplicates of a new request: the same household or building,
/// the same category (for an errand, the same errand item), the last 30
/// days.
pub fn likely_duplicates(
    conn: &Connection,
    household_id: i64,
    category: &str,
    now: Time,
) -> Result<Vec<Request>> {
    let since = fmt_time(now - Duration::days(30));
    requests(
        conn,
        "WHERE q.registered_at >= ?1 AND q.category_code = ?2
           AND (q.household_id = ?3 OR q.node_id = (SELECT building_id FROM household WHERE id = ?3))
         ORDER BY q.household_id = ?3 DESC, q.registered_at DESC LIMIT 10",
        params![since, category, household_id],
    )
}

/// A shift (班次).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Shift {
    pub id: i64,
    pub staff_id: i64,
    pub staff: String,
    #[serde(serialize_with = "super::ser_time")]
    pub started_at: Time,
    pub ended_at: Option<String>,
    pub note: String,
    pub accepted_by: Option<String>,
    pub accepted_at: Option<String>,
    /// The hall the shift was worked at (`None`: the district).
    pub hall: Option<i64>,
}

const SHIFT_SELECT: &str =
    "SELECT s.id, s.staff_id, st.name, s.started_at, s.ended_at, s.note, acc.name, s.accepted_at, s.node_id
   FROM shift s JOIN staff st ON st.id = s.staff_id LEFT JOIN staff acc ON acc.id = s.accepted_by";

fn shift_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Shift> {
    Ok(Shift {
        id: r.get(0)?,
        staff_id: r.get(1)?,
        staff: r.get(2)?,
        started_at: time_col(r, 3)?,
        ended_at: r.get(4)?,
        note: r.get(5)?,
        accepted_by: r.get(6)?,
        accepted_at: r.get(7)?,
        hall: r.get(8)?,
    })
}

pub fn current_shift(conn: &Connection, staff_id: i64) -> Result<Option<Shift>> {
    let mut st = conn.prepare_cached(&format!(
        "{SHIFT_SELECT} WHERE s.staff_id = ?1 AND s.ended_at IS NULL ORDER BY s.id DESC LIMIT 1"
    ))?;
    Ok(st.query_row([staff_id], shift_row).optional()?)
}

/// The last shift, open or ended, at a hall; `None` is the district, which
/// sees every hall's.
pub fn last_shift(conn: &Connection, hall: Option<i64>) -> Result<Option<Shift>> {
    let mut st = conn.prepare_cached(&format!(
        "{SHIFT_SELECT} WHERE ?1 IS NULL OR s.node_id = ?1 ORDER BY s.id DESC LIMIT 1"
    ))?;
    Ok(st.query_row([hall], shift_row).optional()?)
}

/// The last ended shift at my hall that nobody accepted yet, worked by
/// someone else: the incoming clerk accepts on their own login.
pub fn shift_to_accept(conn: &Connection, me: i64) -> Result<Option<Shift>> {
    let hall = hall_of(conn, me)?;
    let mut st = conn.prepare_cached(&format!(
        "{SHIFT_SELECT} WHERE s.node_id IS ?2 AND s.ended_at IS NOT NULL AND s.accepted_by IS NULL
           AND s.staff_id <> ?1 ORDER BY s.id DESC LIMIT 1"
    ))?;
    Ok(st.query_row(params![me, hall], shift_row).optional()?)
}

/// The shift the handover is about, for `me`: one ended at my hall and
/// waiting to be accepted (mine just ended, or the one I take over), else
/// my open shift, else the hall's last.
pub fn handover_shift(conn: &Connection, me: i64) -> Result<Option<Shift>> {
    let hall = hall_of(conn, me)?;
    let mut st = conn.prepare_cached(&format!(
        "{SHIFT_SELECT} WHERE s.node_id IS ?1 AND s.ended_at IS NOT NULL AND s.accepted_by IS NULL
          ORDER BY s.id DESC LIMIT 1"
    ))?;
    if let Some(s) = st.query_row([hall], shift_row).optional()? {
        return Ok(Some(s));
    }
    Ok(match current_shift(conn, me)? {
        Some(s) => Some(s),
        None => last_shift(conn, hall)?,
    })
}

/// The handover record of a shift (交接班).
#[derive(Debug, Clone, serde::Serialize)]
pub struct Handover {
    pub shift: Shift,
    pub registered: Vec<Request>,
    pub resolved: Vec<Request>,
    /// Open requests by assignee: (name, count).
    pub open_by_assignee: Vec<(String, i64)>,
    pub overdue: Vec<Request>,
    pub due_24h: Vec<Request>,
    /// Originals still held: (ticket, item, holder).
    pub custody: Vec<(String, String, String)>,
    /// How many there are of each list, however many were read: a list
    /// shorter than its count was cut.
    pub registered_total: i64,
    pub resolved_total: i64,
    pub overdue_total: i64,
    pub due_24h_total: i64,
    pub custody_total: i64,
    /// Open requests with an assignee, by assignee: (name, count), most
    /// first (at most 30 read).
    pub open_assigned: Vec<(String, i64)>,
    /// Open requests with no assignee yet (未派).
    pub open_unassigned: i64,
    /// All open requests, assigned or not.
    pub open_total: i64,
}

/// The handover of a shift, at its hall: what was registered and resolved
/// in it there, the hall's open items by assignee, overdue and due in the
/// next 24 hours, the originals held for the hall's requests.
pub fn handover(conn: &Connection, shift: &Shift, now: Time) -> Result<Handover> {
    handover_upto(conn, shift, now, 50)
}

/// The handover with up to `limit` rows in each list (four times that of
/// the shift's registered and resolved), and each list's true count.
pub fn handover_upto(
    conn: &Connection,
    shift: &Shift,
    now: Time,
    limit: usize,
) -> Result<Handover> {
    let lim = limit as i64;
    let from = fmt_time(shift.started_at);
    let to = shift.ended_at.clone().unwrap_or_else(|| fmt_time(now));
    let n = fmt_time(now);
    let soon = fmt_time(now + Duration::hours(24));
    let hall = shift.hall;
    let mut st = conn.prepare_cached(&format!(
        "SELECT ifnull(s.name, '-'), count(*) FROM request q LEFT JOIN staff s ON s.id = q.assignee_id
          WHERE {IN_HALL} AND {OPEN} GROUP BY q.assignee_id ORDER BY count(*) DESC LIMIT 30"
    ))?;
    let open_by_assignee = st
        .query_map([hall], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut st = conn.prepare_cached(&format!(
        "SELECT q.ticket, c.item, ifnull(s.name, '-') FROM custody c JOIN request q ON q.id = c.request_id
           LEFT JOIN staff s ON s.id = c.holder_id WHERE {IN_HALL} AND c.returned_at IS NULL
          ORDER BY c.checked_in_at DESC LIMIT ?2"
    ))?;
    let custody = st
        .query_map(params![hall, lim], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(Handover {
        shift: shift.clone(),
        registered: requests(
            conn,
            &format!(
                "WHERE {IN_HALL} AND q.registered_at >= ?2 AND q.registered_at <= ?3 ORDER BY q.registered_at LIMIT ?4"
            ),
            params![hall, from, to, lim * 4],
        )?,
        resolved: requests(
            conn,
            &format!(
                "WHERE {IN_HALL} AND q.resolved_at >= ?2 AND q.resolved_at <= ?3 ORDER BY q.resolved_at LIMIT ?4"
            ),
            params![hall, from, to, lim * 4],
        )?,
        open_by_assignee,
        overdue: requests(
            conn,
            &format!(
                "WHERE {IN_HALL} AND {OPEN} AND q.status <> 'waiting' AND q.due_at < ?2 ORDER BY q.due_at LIMIT ?3"
            ),
            params![hall, n, lim],
        )?,
        due_24h: requests(
            conn,
            &format!(
                "WHERE {IN_HALL} AND {OPEN} AND q.status <> 'waiting' AND q.due_at >= ?2 AND q.due_at < ?3 ORDER BY q.due_at LIMIT ?4"
            ),
            params![hall, n, soon, lim],
        )?,
        custody,
        registered_total: count(
            conn,
            &format!("{IN_HALL} AND q.registered_at >= ?2 AND q.registered_at <= ?3"),
            params![hall, from, to],
        )?,
        resolved_total: count(
            conn,
            &format!("{IN_HALL} AND q.resolved_at >= ?2 AND q.resolved_at <= ?3"),
            params![hall, from, to],
        )?,
        overdue_total: count(
            conn,
            &format!("{IN_HALL} AND {OPEN} AND q.status <> 'waiting' AND q.due_at < ?2"),
            params![hall, n],
        )?,
        due_24h_total: count(
            conn,
            &format!(
                "{IN_HALL} AND {OPEN} AND q.status <> 'waiting' AND q.due_at >= ?2 AND q.due_at < ?3"
            ),
            params![hall, n, soon],
        )?,
        custody_total: conn
            .prepare_cached(&format!(
                "SELECT count(*) FROM custody c JOIN request q ON q.id = c.request_id
                  WHERE {IN_HALL} AND c.returned_at IS NULL"
            ))?
            .query_row([hall], |r| r.get(0))?,
        open_assigned: conn
            .prepare_cached(&format!(
                "SELECT s.name, count(*) FROM request q JOIN staff s ON s.id = q.assignee_id
                  WHERE {IN_HALL} AND {OPEN} GROUP BY q.assignee_id ORDER BY count(*) DESC, s.name LIMIT 30"
            ))?
            .query_map([hall], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?,
        open_unassigned: count(
            conn,
            &format!("{IN_HALL} AND {OPEN} AND q.assignee_id IS NULL"),
            [hall],
        )?,
        open_total: count(conn, &format!("{IN_HALL} AND {OPEN}"), [hall])?,
    })
}

/// The source report's indicators for a date range and a grid node.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Report {
    pub from: String,
    pub to: String,
    pub node: String,
    pub households_visited: i64,
    pub visits: i64,
    pub problems_collected: i64,
    pub problems_handled: i64,
    pub problems_coordinating: i64,
    pub disputes_found: i64,
    pub disputes_resolved: i64,
    pub errands_handled: i64,
    pub errands_per_agent: Vec<(String, i64)>,
    pub micro_wishes: i64,
    pub micro_wishes_done: i64,
    pub requests: i64,
    /// Ratings 5..1: (score, count).
    pub ratings: Vec<(i64, i64)>,
    pub overdue_open: i64,
    /// Party members on the community's roll in the period (报到).
    pub party_members_reported: i64,
    /// Of them, those who took part in an activity in the period.
    pub party_members_active: i64,
    /// Micro-wishes claimed in the period (claims not withdrawn).
    pub micro_wishes_claimed: i64,
    /// Repair matters claimed by units in the period (民生实事).
    pub unit_projects_claimed: i64,
    /// Of them, those resolved.
    pub unit_projects_done: i64,
    /// Volunteer teams formed by the period's end.
    pub volunteer_teams: i64,
    /// Families in difficulty helped in the period.
    pub families_helped: i64,
    /// Jobs found through 就业帮扶 in the period (人次).
    pub jobs_found: i64,
    /// 金拐杖 pairs in force in the period.
    pub elderly_pairs: i64,
    /// Community decisions and weekly reports: see `matter::report_figures`.
    pub matters: i64,
    pub matters_decided: i64,
    pub matters_published: i64,
    pub meetings: i64,
    pub meeting_issues_settled: i64,
    pub weekly_reports_confirmed: i64,
    pub weekly_reports_expected: i64,
}

impl Report {
    /// Active party members per member reported, in percent; `None` when
    /// none reported.
    pub fn party_member_rate(&self) -> Option<f64> {
        (self.party_members_reported != 0)
            .then(|| 100.0 * self.party_members_active as f64 / self.party_members_reported as f64)
    }

    /// Disputes resolved per dispute found, in percent; `None` when none
    /// was found (a rate over nothing is no rate, shown as "—").
    pub fn dispute_rate(&self) -> Option<f64> {
        (self.disputes_found != 0)
            .then(|| 100.0 * self.disputes_resolved as f64 / self.disputes_found as f64)
    }
}

pub fn report(
    conn: &Connection,
    from: NaiveDate,
    to: NaiveDate,
    node: Option<i64>,
    now: Time,
) -> Result<Report> {
    let a = fmt_time(day_start(from));
    let b = fmt_time(day_start(to) + Duration::days(1));
    let node_name = match node {
        Some(id) => super::grid::get(conn, id)?
            .map(|n| n.name)
            .unwrap_or_default(),
        None => super::grid::children(conn, None)?
            .first()
            .map(|n| n.name.clone())
            .unwrap_or_default(),
    };
    // The node and everything under it; each query below starts with it.
    // A CTE, not a TEMP table: a report only reads.
    let sub = "WITH RECURSIVE sub(id) AS (
          SELECT id FROM grid_node WHERE (?3 IS NULL AND parent_id IS NULL) OR id = ?3
          UNION ALL SELECT g.id FROM grid_node g JOIN sub ON g.parent_id = sub.id)";
    let one = |sql: &str| -> Result<i64> {
        Ok(conn.query_row(&format!("{sub} {sql}"), params![a, b, node], |r| r.get(0))?)
    };
    let inq = "q.node_id IN sub AND q.registered_at >= ?1 AND q.registered_at < ?2";
    let done = "q.status IN ('resolved','closed')";
    let open = "q.status IN ('registered','assigned','in_progress','waiting')";
    let mut r = Report {
        from: from.to_string(),
        to: to.to_string(),
        node: node_name,
        households_visited: one(
            "SELECT count(DISTINCT v.household_id) FROM visit v JOIN household h ON h.id = v.household_id
              WHERE h.building_id IN sub AND v.at >= ?1 AND v.at < ?2",
        )?,
        visits: one("SELECT count(*) FROM visit v JOIN household h ON h.id = v.household_id WHERE h.building_id IN sub AND v.at >= ?1 AND v.at < ?2")?,
        problems_collected: one(&format!("SELECT count(*) FROM request q WHERE {inq} AND q.channel = 'visit'"))?,
        problems_handled: one(&format!("SELECT count(*) FROM request q WHERE {inq} AND q.channel = 'visit' AND {done}"))?,
        problems_coordinating: one(&format!("SELECT count(*) FROM request q WHERE {inq} AND q.channel = 'visit' AND {open}"))?,
        disputes_found: one(&format!("SELECT count(*) FROM request q WHERE {inq} AND q.category_code = 'dispute'"))?,
        disputes_resolved: one(&format!("SELECT count(*) FROM request q WHERE {inq} AND q.category_code = 'dispute' AND {done}"))?,
        errands_handled: one(&format!("SELECT count(*) FROM request q WHERE {inq} AND (q.category_code = 'errand' OR q.category_code LIKE 'errand.%') AND {done}"))?,
        micro_wishes: one(&format!("SELECT count(*) FROM request q WHERE {inq} AND q.category_code = 'micro_wish'"))?,
        micro_wishes_done: one(&format!("SELECT count(*) FROM request q WHERE {inq} AND q.category_code = 'micro_wish' AND {done}"))?,
        requests: one(&format!("SELECT count(*) FROM request q WHERE {inq}"))?,
        ..Default::default()
    };
    let mut st = conn.prepare(&format!(
        "{sub} SELECT s.name || ' (' || s.login || ')', count(*) FROM request q JOIN staff s ON s.id = q.assignee_id
          WHERE {inq} AND (q.category_code = 'errand' OR q.category_code LIKE 'errand.%') AND {done}
          GROUP BY q.assignee_id ORDER BY count(*) DESC, s.login"
    ))?;
    r.errands_per_agent = st
        .query_map(params![a, b, node], |x| Ok((x.get(0)?, x.get(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut st = conn.prepare(&format!("{sub} SELECT q.rating, count(*) FROM request q WHERE {inq} AND q.rating IS NOT NULL GROUP BY q.rating ORDER BY q.rating DESC"))?;
    r.ratings = st
        .query_map(params![a, b, node], |x| Ok((x.get(0)?, x.get(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    r.overdue_open = conn.query_row(
        &format!("{sub} SELECT count(*) FROM request q WHERE {inq} AND {open} AND q.status <> 'waiting' AND q.due_at < ?4"),
        params![a, b, node, fmt_time(now)],
        |x| x.get(0),
    )?;
    party_figures(conn, sub, from, to, node, &mut r)?;
    let f = super::matter::report_figures(conn, from, to, node, now)?;
    r.matters = f[0];
    r.matters_decided = f[1];
    r.matters_published = f[2];
    r.meetings = f[3];
    r.meeting_issues_settled = f[4];
    r.weekly_reports_confirmed = f[5];
    r.weekly_reports_expected = f[6];
    Ok(r)
}

/// The party members' and volunteers' figures of the report: members on
/// the roll and active, claims, teams, families, jobs and pairs.
fn party_figures(
    conn: &Connection,
    sub: &str,
    from: NaiveDate,
    to: NaiveDate,
    node: Option<i64>,
    r: &mut Report,
) -> Result<()> {
    let (a, b) = (
        from.format("%Y-%m-%d").to_string(),
        to.format("%Y-%m-%d").to_string(),
    );
    // Claim times are full times; a day's end is the next day's start.
    let (ta, tb) = (
        fmt_time(day_start(from)),
        fmt_time(day_start(to) + Duration::days(1)),
    );
    let days = |sql: &str| -> Result<i64> {
        Ok(conn.query_row(&format!("{sub} {sql}"), params![a, b, node], |x| x.get(0))?)
    };
    let times = |sql: &str| -> Result<i64> {
        Ok(conn.query_row(&format!("{sub} {sql}"), params![ta, tb, node], |x| x.get(0))?)
    };
    r.party_members_reported = days(
        "SELECT count(*) FROM party_member m WHERE m.community_id IN sub
            AND m.reported_on <= ?2 AND (m.left_on IS NULL OR m.left_on >= ?1)",
    )?;
    r.party_members_active = days(
        "SELECT count(DISTINCT t.member_id) FROM attendance t JOIN activity x ON x.id = t.activity_id
           JOIN party_member m ON m.id = t.member_id
          WHERE m.community_id IN sub AND x.day BETWEEN ?1 AND ?2",
    )?;
    r.micro_wishes_claimed = times(
        "SELECT count(DISTINCT k.request_id) FROM claim k JOIN request q ON q.id = k.request_id
          WHERE q.node_id IN sub AND q.category_code = 'micro_wish' AND k.withdrawn_at IS NULL
            AND k.claimed_at >= ?1 AND k.claimed_at < ?2",
    )?;
    let units = "FROM claim k JOIN request q ON q.id = k.request_id
          WHERE q.node_id IN sub AND q.category_code = 'repair' AND k.by_kind = 'unit'
            AND k.withdrawn_at IS NULL AND k.claimed_at >= ?1 AND k.claimed_at < ?2";
    r.unit_projects_claimed = times(&format!("SELECT count(DISTINCT k.request_id) {units}"))?;
    r.unit_projects_done = times(&format!(
        "SELECT count(DISTINCT k.request_id) {units} AND q.status IN ('resolved','closed')"
    ))?;
    r.volunteer_teams = days(
        "SELECT count(*) FROM team t WHERE t.community_id IN sub AND t.created_on <= ?2 AND ?1 <= ?2",
    )?;
    let helped = "FROM help x JOIN household h ON h.id = x.household_id
          WHERE h.building_id IN sub AND x.day BETWEEN ?1 AND ?2";
    r.families_helped = days(&format!("SELECT count(DISTINCT x.household_id) {helped}"))?;
    r.jobs_found = days(&format!(
        "SELECT count(*) {helped} AND x.kind = 'employment' AND x.job IS NOT NULL"
    ))?;
    r.elderly_pairs = days(
        "SELECT count(*) FROM elderly_pair p JOIN household h ON h.id = p.household_id
          WHERE h.building_id IN sub AND p.since <= ?2 AND (p.ended_on IS NULL OR p.ended_on >= ?1)",
    )?;
    Ok(())
}

/// The household file (一户一档): members, visits, requests.
#[derive(Debug, Clone)]
pub struct HouseholdFile {
    pub household: super::household::Household,
    pub members: Vec<super::household::Resident>,
    pub visits: Vec<(Time, String, String)>,
    pub requests: Vec<Request>,
    /// The helps the household received from volunteer teams, newest first.
    pub helps: Vec<super::team::Help>,
    /// Its micro-wishes, newest first, with the open claim of each.
    pub wishes: Vec<(Request, Option<super::claim::Claim>)>,
}

pub fn household_file(conn: &Connection, id: i64) -> Result<HouseholdFile> {
    let household = super::household::get(conn, id)?;
    let members = super::household::members(conn, id)?;
    let mut st = conn.prepare_cached(
        "SELECT v.at, ifnull(s.name, '-'), v.note FROM visit v LEFT JOIN staff s ON s.id = v.staff_id WHERE v.household_id = ?1 ORDER BY v.at DESC LIMIT 50",
    )?;
    let visits = st
        .query_map([id], |r| Ok((time_col(r, 0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let requests = super::request::for_household(conn, id, 100)?;
    Ok(HouseholdFile {
        household,
        members,
        visits,
        requests,
        helps: super::team::helps_for_household(conn, id)?,
        wishes: super::claim::household_wishes(conn, id)?,
    })
}

/// Categories for the register form, most used in the last 90 days first;
/// the parent `errand` is left out where its items are listed.
pub fn categories_by_use(conn: &Connection, now: Time) -> Result<Vec<super::request::Category>> {
    let since = fmt_time(now - Duration::days(90));
    let mut st = conn.prepare_cached("SELECT category_code, count(*) FROM request WHERE registered_at >= ?1 GROUP BY category_code")?;
    let counts: std::collections::HashMap<String, i64> = st
        .query_map([since], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut cats: Vec<super::request::Category> = super::request::categories(conn)?
        .into_iter()
        .filter(|c| c.code != "errand")
        .collect();
    // Stable: seed order among equals.
    cats.sort_by_key(|c| std::cmp::Reverse(counts.get(&c.code).copied().unwrap_or(0)));
    Ok(cats)
}

/// A request with everything about it: the detail screen, `griddesk show`
/// and the printout read this.
#[derive(Debug, Clone)]
pub struct RequestFile {
    pub request: Request,
    pub warning: crate::domain::warning::Warning,
    pub category: Option<super::request::Category>,
    pub timeline: Vec<super::event::Event>,
    pub custody: Vec<super::request::Custody>,
    pub errand: Option<super::request::Errand>,
}

pub fn request_file(
    conn: &Connection,
    request: Request,
    now: Time,
    cal: &WorkCalendar,
) -> Result<RequestFile> {
    let id = request.id;
    Ok(RequestFile {
        warning: request.warning(now, cal),
        category: super::request::category_by_code(conn, &request.category)?,
        timeline: super::event::for_request(conn, id)?,
        custody: super::request::custody(conn, id)?,
        errand: super::request::errand(conn, id)?,
        request,
    })
}

/// How many requests match `where_` (over `request q`): the true count
/// of a list read with LIMIT.
fn count(conn: &Connection, where_: &str, p: impl rusqlite::Params) -> Result<i64> {
    let mut st = conn.prepare_cached(&format!("SELECT count(*) FROM request q WHERE {where_}"))?;
    Ok(st.query_row(p, |r| r.get(0))?)
}

/// How many requests the queue holds for `f`, however many it shows: a
/// count of the same filter, or for the warning views (warnings are
/// worked out here, on the calendar) the number of matching requests
/// carrying that warning.
pub fn queue_count(
    conn: &Connection,
    f: &QueueFilter,
    me: i64,
    now: Time,
    cal: &WorkCalendar,
) -> Result<usize> {
    if matches!(f.view, View::Red | View::Yellow) {
        // Every open request of the filter is read: `queue` reads twenty
        // times its limit for these views.
        return Ok(queue(conn, f, me, now, cal, i64::MAX as usize / 40)?.len());
    }
    let status = match f.view {
        View::Waiting => "q.status = 'waiting'",
        View::Resolved => "q.status = 'resolved'",
        View::Closed => "q.status IN ('closed','cancelled')",
        View::All => "1",
        _ => OPEN,
    };
    let assignee = if f.view == View::Mine {
        Some(me)
    } else {
        f.assignee
    };
    let n = count(
        conn,
        &format!(
            "{status} AND (?1 IS NULL OR q.category_code = ?1 OR q.category_code LIKE ?1 || '.%')
               AND (?2 IS NULL OR q.level = ?2) AND (?3 IS NULL OR q.assignee_id = ?3)
               AND (?4 IS NULL OR q.node_id IN (
                     WITH RECURSIVE sub(id) AS (SELECT ?4 UNION ALL SELECT g.id FROM grid_node g JOIN sub ON g.parent_id = sub.id)
                     SELECT id FROM sub))"
        ),
        params![
            f.category,
            f.level.map(Level::code),
            assignee,
            match f.node {
                Some(n) => Some(n),
                None => hall_of(conn, me)?,
            },
        ],
    )?;
    Ok(n as usize)
}

/// Active staff working at or under the community of a request's place:
/// the ones offered first when it is assigned.
/// With them, the community's name, for the picker's title.
pub fn staff_near(conn: &Connection, request_id: i64) -> Result<(Option<String>, Vec<i64>)> {
    let mut st = conn.prepare_cached(
        "WITH RECURSIVE up(id, parent_id, level) AS (
              SELECT g.id, g.parent_id, g.level FROM request q JOIN grid_node g ON g.id = q.node_id WHERE q.id = ?1
              UNION ALL SELECT g.id, g.parent_id, g.level FROM grid_node g JOIN up ON g.id = up.parent_id),
           sub(id) AS (
              SELECT id FROM up WHERE level = 'community'
              UNION ALL SELECT g.id FROM grid_node g JOIN sub ON g.parent_id = sub.id)
         SELECT s.id FROM staff s WHERE s.active = 1 AND s.node_id IN (SELECT id FROM sub) ORDER BY s.id",
    )?;
    let v = st
        .query_map([request_id], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<i64>>>()?;
    let community = conn
        .prepare_cached(
            "WITH RECURSIVE up(id, parent_id, level, name) AS (
                  SELECT g.id, g.parent_id, g.level, g.name FROM request q JOIN grid_node g ON g.id = q.node_id WHERE q.id = ?1
                  UNION ALL SELECT g.id, g.parent_id, g.level, g.name FROM grid_node g JOIN up ON g.id = up.parent_id)
             SELECT name FROM up WHERE level = 'community'",
        )?
        .query_row([request_id], |r| r.get(0))
        .optional()?;
    Ok((community, v))
}
