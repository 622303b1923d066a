//! The building leaders' weekly reports (楼栋长周报): per leader — the
//! leader of a building or resident group in the grid — and ISO week
//! (Monday–Sunday), counted from the records: households visited, visits,
//! problems found on visits, handled, passed up, still open. The leader
//! confirms their week; the confirmation keeps the figures as they stood.

use super::event::{NewEvent, append};
use super::matter::DecisionError;
use super::{Error, Field, Result, Store, Time, fmt_time, opt_time_col};
use crate::domain::calendar::tz;
use crate::domain::lifecycle::{Permission, Role, authorize};
use crate::i18n::Lang;
use chrono::{Datelike, Duration, NaiveDate, TimeZone, Weekday};
use rusqlite::{Connection, OptionalExtension, params};
use std::collections::HashMap;

/// An ISO week: its Monday.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Week(NaiveDate);

impl Week {
    pub fn of(d: NaiveDate) -> Week {
        Week(d - Duration::days(i64::from(d.weekday().num_days_from_monday())))
    }

    /// `2026-W48` (also lower case, or without the dash before W).
    pub fn parse(s: &str) -> Option<Week> {
        let t = crate::domain::text::normalize(s).trim().to_uppercase();
        let (y, w) = t.split_once('W')?;
        let y: i32 = y.trim_end_matches('-').parse().ok()?;
        let w: u32 = w.parse().ok()?;
        NaiveDate::from_isoywd_opt(y, w, Weekday::Mon).map(Week)
    }

    pub fn monday(self) -> NaiveDate {
        self.0
    }

    pub fn sunday(self) -> NaiveDate {
        self.0 + Duration::days(6)
    }

    pub fn next(self) -> Week {
        Week(self.0 + Duration::days(7))
    }

    pub fn prev(self) -> Week {
        Week(self.0 - Duration::days(7))
    }

    pub fn label(self) -> String {
        let iw = self.0.iso_week();
        format!("{}-W{:02}", iw.year(), iw.week())
    }

    /// The week's first and last instant as stored times (the end
    /// exclusive: next Monday 00:00).
    fn bounds(self) -> (String, String) {
        let at = |d: NaiveDate| {
            fmt_time(
                tz().from_local_datetime(&d.and_hms_opt(0, 0, 0).expect("midnight"))
                    .single()
                    .expect("fixed offset"),
            )
        };
        (at(self.0), at(self.0 + Duration::days(7)))
    }
}

/// A leader's week in figures.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Figures {
    /// 入户调查数: households visited (each counted once).
    pub households_visited: i64,
    pub visits: i64,
    /// Problems found on visits: requests of the visit channel registered.
    pub problems_found: i64,
    /// Visit-channel requests resolved in the week.
    pub handled: i64,
    /// Visit-channel requests escalated in the week (逐级上报).
    pub passed_up: i64,
    /// Visit-channel requests registered by the week's end, open now.
    pub still_open: i64,
}

/// Counts a leader's week from the records.
pub fn figures(conn: &Connection, leader: i64, week: Week) -> Result<Figures> {
    Ok(all_figures(conn, week)?.remove(&leader).unwrap_or_default())
}

/// Counts every leader's week from the records in one pass: three grouped
/// queries over the week's visits, the requests and the week's
/// escalations, whatever the number of leaders. A leader with nothing to
/// count has no entry.
pub fn all_figures(conn: &Connection, week: Week) -> Result<HashMap<i64, Figures>> {
    let (a, b) = week.bounds();
    let mut out: HashMap<i64, Figures> = HashMap::new();
    // The week's visits, by the leader of the household's building.
    let mut st = conn.prepare_cached(
        "SELECT b.leader_id, count(DISTINCT v.household_id), count(*)
           FROM visit v JOIN household h ON h.id = v.household_id
           JOIN grid_node b ON b.id = h.building_id
          WHERE b.level = 'building' AND b.leader_id IS NOT NULL
            AND v.at >= ?1 AND v.at < ?2
          GROUP BY b.leader_id",
    )?;
    let mut rows = st.query(params![a, b])?;
    while let Some(r) = rows.next()? {
        let f = out.entry(r.get(0)?).or_default();
        f.households_visited = r.get(1)?;
        f.visits = r.get(2)?;
    }
    // The visit channel's requests of the leader's buildings, in one pass:
    // registered in the week, resolved in the week, registered by its end
    // and open now.
    let mut st = conn.prepare_cached(
        "SELECT b.leader_id,
                coalesce(sum(q.registered_at >= ?1 AND q.registered_at < ?2), 0),
                coalesce(sum(q.resolved_at >= ?1 AND q.resolved_at < ?2), 0),
                coalesce(sum(q.registered_at < ?2
                    AND q.status IN ('registered','assigned','in_progress','waiting')), 0)
           FROM request q JOIN grid_node b ON b.id = q.node_id
          WHERE b.level = 'building' AND b.leader_id IS NOT NULL AND q.channel = 'visit'
          GROUP BY b.leader_id",
    )?;
    let mut rows = st.query(params![a, b])?;
    while let Some(r) = rows.next()? {
        let (found, handled, open): (i64, i64, i64) = (r.get(1)?, r.get(2)?, r.get(3)?);
        if found + handled + open == 0 {
            continue;
        }
        let f = out.entry(r.get(0)?).or_default();
        f.problems_found = found;
        f.handled = handled;
        f.still_open = open;
    }
    // Requests escalated in the week (逐级上报), each once: from the
    // week's events.
    let mut st = conn.prepare_cached(
        "SELECT b.leader_id, count(*)
           FROM (SELECT DISTINCT request_id FROM event
                  WHERE kind = 'escalate' AND at >= ?1 AND at < ?2
                    AND request_id IS NOT NULL) e
           JOIN request q ON q.id = e.request_id
           JOIN grid_node b ON b.id = q.node_id
          WHERE b.level = 'building' AND b.leader_id IS NOT NULL AND q.channel = 'visit'
          GROUP BY b.leader_id",
    )?;
    let mut rows = st.query(params![a, b])?;
    while let Some(r) = rows.next()? {
        out.entry(r.get(0)?).or_default().passed_up = r.get(1)?;
    }
    Ok(out)
}

/// A leader as the weekly sheet shows them.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Leader {
    pub id: i64,
    pub login: String,
    pub name: String,
    pub area_id: Option<i64>,
    pub area: String,
    pub community: String,
    /// Their buildings' and groups' names.
    pub buildings: Vec<String>,
}

/// Every active leader of a building or group, by community, area and
/// login; under `node` (an area, community, subdistrict) when given.
pub fn leaders(conn: &Connection, node: Option<i64>) -> Result<Vec<Leader>> {
    leaders_of(conn, node, None)
}

/// The leaders under `node`, or only the one member of staff `only`.
fn leaders_of(conn: &Connection, node: Option<i64>, only: Option<i64>) -> Result<Vec<Leader>> {
    let cols = "SELECT s.id, s.login, s.name, a.id, a.name, c.name, b.name
           FROM grid_node b JOIN staff s ON s.id = b.leader_id
           LEFT JOIN grid_node a ON a.id = b.parent_id
           LEFT JOIN grid_node c ON c.id = a.parent_id
          WHERE b.level = 'building' AND s.active = 1";
    let order = "ORDER BY c.name, a.name, s.login, b.name";
    let (sql, key) = match only {
        Some(id) => (format!("{cols} AND b.leader_id = ?1 {order}"), Some(id)),
        None => (
            format!(
                "WITH RECURSIVE sub(id) AS (
                    SELECT id FROM grid_node WHERE (?1 IS NULL AND parent_id IS NULL) OR id = ?1
                    UNION ALL SELECT g.id FROM grid_node g JOIN sub ON g.parent_id = sub.id)
                 {cols} AND b.id IN sub {order}"
            ),
            node,
        ),
    };
    let mut st = conn.prepare_cached(&sql)?;
    let rows = st
        .query_map([key], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Option<i64>>(3)?,
                r.get::<_, Option<String>>(4)?,
                r.get::<_, Option<String>>(5)?,
                r.get::<_, String>(6)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut out: Vec<Leader> = Vec::new();
    for (id, login, name, area_id, area, community, building) in rows {
        if let Some(l) = out.iter_mut().find(|l| l.id == id) {
            l.buildings.push(building);
            continue;
        }
        out.push(Leader {
            id,
            login,
            name,
            area_id,
            area: area.unwrap_or_default(),
            community: community.unwrap_or_default(),
            buildings: vec![building],
        });
    }
    // 第二 after 第一 and before 第十, which the names' code points do not give.
    use crate::domain::text::name_order;
    out.sort_by(|x, y| {
        (name_order(&x.community), name_order(&x.area))
            .cmp(&(name_order(&y.community), name_order(&y.area)))
    });
    Ok(out)
}

/// One line of the weekly sheet.
#[derive(Debug, Clone, serde::Serialize)]
pub struct WeekLine {
    pub leader: Leader,
    pub week: String,
    pub figures: Figures,
    #[serde(serialize_with = "ser_opt_time")]
    pub confirmed_at: Option<Time>,
}

fn ser_opt_time<S: serde::Serializer>(
    t: &Option<Time>,
    s: S,
) -> std::result::Result<S::Ok, S::Error> {
    match t {
        Some(t) => s.serialize_str(&fmt_time(*t)),
        None => s.serialize_none(),
    }
}

pub fn confirmed_at(conn: &Connection, leader: i64, week: Week) -> Result<Option<Time>> {
    let mut st = conn.prepare_cached(
        "SELECT confirmed_at FROM week_report WHERE leader_id = ?1 AND week = ?2",
    )?;
    Ok(st
        .query_row(params![leader, week.label()], |r| opt_time_col(r, 0))
        .optional()?
        .flatten())
}

/// The week of the given leaders, counted and with their confirmations.
pub fn sheet(conn: &Connection, leaders: Vec<Leader>, week: Week) -> Result<Vec<WeekLine>> {
    let mut all = all_figures(conn, week)?;
    leaders
        .into_iter()
        .map(|l| {
            Ok(WeekLine {
                figures: all.remove(&l.id).unwrap_or_default(),
                confirmed_at: confirmed_at(conn, l.id, week)?,
                week: week.label(),
                leader: l,
            })
        })
        .collect()
}

/// A leader's own buildings, refused when they lead none.
pub fn leader(conn: &Connection, id: i64) -> Result<Leader> {
    match leaders_of(conn, None, Some(id))?.into_iter().next() {
        Some(l) => Ok(l),
        None => {
            let s = super::staff::by_id(conn, id)?;
            Err(Error::Decision(DecisionError::NotLeader(s.login)))
        }
    }
}

impl Store {
    /// The leader (or a supervisor for them) confirms a week that has
    /// begun; its figures are kept as they stand. A week is confirmed once.
    pub fn confirm_week(&mut self, actor: i64, leader_id: i64, week: Week) -> Result<Figures> {
        Ok(self.confirm_weeks(&[(actor, leader_id)], week)?.remove(0))
    }

    /// Several confirmations of one week, `(actor, leader)` each, checked
    /// and kept as [`Store::confirm_week`] does, all or none: the figures
    /// counted in one pass, one event per confirmation with its actor.
    /// The figures, in the same order.
    pub fn confirm_weeks(&mut self, each: &[(i64, i64)], week: Week) -> Result<Vec<Figures>> {
        let mut actors: HashMap<i64, Role> = HashMap::new();
        for &(actor, _) in each {
            if actors.contains_key(&actor) {
                continue;
            }
            let who = super::staff::by_id(&self.conn, actor)?;
            if !who.active {
                return Err(Error::NotFound {
                    what: Field::Staff,
                    query: who.login,
                    closest: None,
                });
            }
            actors.insert(actor, who.role);
        }
        let now = self.now();
        let tx = self.conn.transaction()?;
        let mut all = all_figures(&tx, week)?;
        let mut out = Vec::with_capacity(each.len());
        for &(actor, leader_id) in each {
            let l = leader(&tx, leader_id)?;
            if actor != leader_id && authorize(actors[&actor], Permission::EditStaff).is_err() {
                return Err(Error::Decision(DecisionError::NotYourWeek(l.login)));
            }
            if week.monday() > now.with_timezone(&tz()).date_naive() {
                return Err(Error::Decision(DecisionError::FutureWeek(week.label())));
            }
            if confirmed_at(&tx, leader_id, week)?.is_some() {
                return Err(Error::Duplicate {
                    what: Field::Week,
                    value: format!("{} {}", l.login, week.label()),
                });
            }
            let f = all.remove(&leader_id).unwrap_or_default();
            let json = serde_json::to_string(&f).map_err(|e| Error::Io(e.to_string()))?;
            tx.prepare_cached(
                "INSERT INTO week_report(leader_id, week, monday, figures, confirmed_at, confirmed_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![
                leader_id,
                week.label(),
                week.monday().to_string(),
                json,
                fmt_time(now),
                actor
            ])?;
            let id = tx.last_insert_rowid();
            let note = format!("{} {}", l.login, week.label());
            append(
                &tx,
                now,
                &NewEvent {
                    staff_id: Some(actor),
                    entity: "week_report",
                    entity_id: id,
                    kind: "confirm",
                    note: Some(&note),
                    after: Some(json),
                    ..Default::default()
                },
            )?;
            out.push(f);
        }
        tx.commit()?;
        Ok(out)
    }

    /// Sets (or clears) the leader of a building or resident group: an
    /// active member of staff with the grid-leader role. Supervisors only.
    pub fn set_building_leader(
        &mut self,
        actor: i64,
        building: i64,
        leader: Option<i64>,
    ) -> Result<()> {
        self.require(actor, Permission::EditStaff)?;
        let now = self.now();
        let tx = self.conn.transaction()?;
        let row: Option<(String, Option<i64>)> = tx
            .query_row(
                "SELECT level, leader_id FROM grid_node WHERE id = ?1",
                [building],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let before = match row {
            Some((level, before)) if level == "building" => before,
            Some(_) | None => {
                return Err(Error::NotFound {
                    what: Field::Building,
                    query: building.to_string(),
                    closest: None,
                });
            }
        };
        if let Some(l) = leader {
            let s = super::staff::by_id(&tx, l)?;
            if !s.active || s.role != Role::GridLeader {
                return Err(Error::Invalid {
                    what: Field::Leader,
                    value: s.login,
                });
            }
        }
        tx.execute(
            "UPDATE grid_node SET leader_id = ?1 WHERE id = ?2",
            params![leader, building],
        )?;
        append(
            &tx,
            now,
            &NewEvent {
                staff_id: Some(actor),
                entity: "grid_node",
                entity_id: building,
                kind: "leader",
                before: Some(serde_json::json!({ "leader_id": before }).to_string()),
                after: Some(serde_json::json!({ "leader_id": leader }).to_string()),
                ..Default::default()
            },
        )?;
        tx.commit()?;
        Ok(())
    }
}

/// The figures' column heads, in the sheet's and the CSV's order.
pub const COLUMNS: [(&str, &str, &str); 6] = [
    ("households_visited", "入户", "homes"),
    ("visits", "走访", "visits"),
    ("problems_found", "发现", "found"),
    ("handled", "办理", "done"),
    ("passed_up", "上报", "up"),
    ("still_open", "未结", "open"),
];

fn values(f: &Figures) -> [i64; 6] {
    [
        f.households_visited,
        f.visits,
        f.problems_found,
        f.handled,
        f.passed_up,
        f.still_open,
    ]
}

/// The sheet for printing at 80 columns: by area, one line per leader,
/// with the unconfirmed marked.
pub fn text(lines: &[WeekLine], week: Week, l: Lang) -> String {
    use crate::printout::pad;
    use std::fmt::Write;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}",
        match l {
            Lang::Zh => format!(
                "楼栋长周报 {}（{} 至 {}）",
                week.label(),
                week.monday(),
                week.sunday()
            ),
            Lang::En => format!(
                "Building leaders' week {} ({} to {})",
                week.label(),
                week.monday(),
                week.sunday()
            ),
        }
    );
    let head = |out: &mut String| {
        let mut s = format!("  {}", pad(l.pick("楼栋长", "leader"), 22));
        for c in COLUMNS {
            s += &pad_left(l.pick(c.1, c.2), 7);
        }
        s += &format!("  {}", l.pick("确认", "confirmed"));
        let _ = writeln!(out, "{s}");
    };
    let mut area = None;
    let mut unconfirmed = 0;
    for w in lines {
        let key = (&w.leader.community, &w.leader.area);
        if area != Some(key) {
            let _ = writeln!(out, "\n{} {}", w.leader.community, w.leader.area);
            head(&mut out);
            area = Some(key);
        }
        let who = format!("{}（{}）", w.leader.name, w.leader.login);
        let mut s = format!("  {}", pad(&who, 22));
        for v in values(&w.figures) {
            s += &pad_left(&v.to_string(), 7);
        }
        let c = match w.confirmed_at {
            Some(t) => t.format("%m-%d").to_string(),
            None => {
                unconfirmed += 1;
                l.pick("未确认", "NOT YET").to_string()
            }
        };
        let _ = writeln!(out, "{s}  {c}");
    }
    let total = lines.iter().fold(Figures::default(), |mut t, w| {
        t.households_visited += w.figures.households_visited;
        t.visits += w.figures.visits;
        t.problems_found += w.figures.problems_found;
        t.handled += w.figures.handled;
        t.passed_up += w.figures.passed_up;
        t.still_open += w.figures.still_open;
        t
    });
    let mut s = format!("\n  {}", pad(l.pick("合计", "total"), 22));
    for v in values(&total) {
        s += &pad_left(&v.to_string(), 7);
    }
    let _ = writeln!(out, "{s}");
    let _ = writeln!(
        out,
        "{}",
        match l {
            Lang::Zh => format!(
                "共 {} 位楼栋长，{unconfirmed} 位未确认。入户=入户户数 走访=走访次数 发现=走访发现问题 办理=本周办结 上报=本周上报 未结=至周末登记仍未办结",
                lines.len()
            ),
            Lang::En => format!(
                "{} leaders, {unconfirmed} not confirmed. homes = households visited; found = problems found on visits; handled, up (escalated) in the week; open = registered by the week's end, open now",
                lines.len()
            ),
        }
    );
    // Long notes are wrapped to 80 columns.
    out.lines()
        .flat_map(|line| super::matter::wrap(line, 80))
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

fn pad_left(s: &str, w: usize) -> String {
    use unicode_width::UnicodeWidthStr;
    format!("{}{s}", " ".repeat(w.saturating_sub(s.width())))
}

/// The weekly sheet's export columns: `(code, 中文, English)`.
const EXPORT_HEADS: [(&str, &str, &str); 12] = [
    ("week", "周", "week"),
    ("community", "社区", "community"),
    ("area", "片区", "area"),
    ("leader", "登录名", "login"),
    ("name", "楼栋长", "leader"),
    ("households_visited", "入户户数", "households visited"),
    ("visits", "走访次数", "visits"),
    ("problems_found", "走访发现问题", "problems found"),
    ("handled", "本周办结", "handled"),
    ("passed_up", "本周上报", "passed up"),
    ("still_open", "至周末仍未办结", "still open"),
    ("confirmed_at", "确认时间", "confirmed at"),
];

/// The supervisors' view: per area, whose week is not confirmed.
const AREA_HEADS: [(&str, &str, &str); 7] = [
    ("week", "周", "week"),
    ("community", "社区", "community"),
    ("area", "片区", "area"),
    ("leaders", "楼栋长人数", "leaders"),
    ("confirmed", "已确认", "confirmed"),
    ("not_confirmed", "未确认", "not confirmed"),
    (
        "not_confirmed_leaders",
        "未确认的楼栋长",
        "leaders not confirmed",
    ),
];

/// One area's confirmations: `(community, area, leaders, confirmed, the
/// unconfirmed as 姓名（登录名）)`, in the sheet's order.
pub fn by_area(lines: &[WeekLine]) -> Vec<(String, String, usize, usize, Vec<String>)> {
    let mut out: Vec<(String, String, usize, usize, Vec<String>)> = Vec::new();
    for w in lines {
        let (c, a) = (&w.leader.community, &w.leader.area);
        if out.last().is_none_or(|l| (&l.0, &l.1) != (c, a)) {
            out.push((c.clone(), a.clone(), 0, 0, Vec::new()));
        }
        let last = out.last_mut().expect("pushed");
        last.2 += 1;
        match w.confirmed_at {
            Some(_) => last.3 += 1,
            None => last
                .4
                .push(format!("{}（{}）", w.leader.name, w.leader.login)),
        }
    }
    out
}

/// The sheet as CSV (one line per leader) or as a workbook of two sheets:
/// the leaders' weeks, and per area whose week is not confirmed. Headers
/// in the style's words, or the codes.
pub fn write(
    out: &mut dyn std::io::Write,
    lines: &[WeekLine],
    style: super::export::Style,
) -> Result<()> {
    use super::export::{Format, Kind, TableWriter};
    let head = |c: &(&str, &str, &str)| match style.words {
        None => c.0.to_string(),
        Some(l) => l.pick(c.1, c.2).to_string(),
    };
    let name = |code: &str, zh: &str, en: &str| match style.words {
        None => code.to_string(),
        Some(l) => l.pick(zh, en).to_string(),
    };
    let mut t = TableWriter::new(out, style)?;
    let mut kinds = vec![Kind::Text; 5];
    kinds.extend([Kind::Number; 6]);
    kinds.push(Kind::Text);
    t.table(
        &name("weeks", "楼栋长周报", "leaders' weeks"),
        &EXPORT_HEADS.iter().map(head).collect::<Vec<_>>(),
        &kinds,
    )?;
    for w in lines {
        let mut cells = vec![
            w.week.clone(),
            w.leader.community.clone(),
            w.leader.area.clone(),
            w.leader.login.clone(),
            w.leader.name.clone(),
        ];
        cells.extend(values(&w.figures).iter().map(|v| v.to_string()));
        cells.push(w.confirmed_at.map(fmt_time).unwrap_or_default());
        t.row(&cells)?;
    }
    if style.format == Format::Xlsx {
        t.table(
            &name("not_confirmed", "未确认（按片区）", "not confirmed by area"),
            &AREA_HEADS.iter().map(head).collect::<Vec<_>>(),
            &[
                Kind::Text,
                Kind::Text,
                Kind::Text,
                Kind::Number,
                Kind::Number,
                Kind::Number,
                Kind::Text,
            ],
        )?;
        let wk = lines.first().map(|w| w.week.clone()).unwrap_or_default();
        let sep = match style.words {
            Some(Lang::Zh) => "、",
            _ => ", ",
        };
        for (c, a, n, ok, missing) in by_area(lines) {
            t.row(&[
                wk.clone(),
                c,
                a,
                n.to_string(),
                ok.to_string(),
                missing.len().to_string(),
                missing.join(sep),
            ])?;
        }
    }
    t.finish()
}
