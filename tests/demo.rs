//! The demo district: its year's report gives the source report's figures,
//! computed by the report from records made through the store's own calls
//! at opening hours of working days; every new database carries the State
//! Council's holidays. The district demo is made once for this binary.

mod common;

use chrono::{NaiveDate, NaiveTime, TimeZone};
use common::{run, stdout};
use griddesk::domain::calendar::{Time, WorkCalendar, tz};
use griddesk::store::demo::{self, Options, Scale};
use griddesk::store::views::{self, Report};
use griddesk::store::{Store, parse_time};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use tempfile::TempDir;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// The district at its default seed, as of a day late in 2026.
fn district() -> &'static Path {
    static DB: OnceLock<(TempDir, PathBuf)> = OnceLock::new();
    let (_, path) = DB.get_or_init(|| {
        let dir = TempDir::new().unwrap();
        let path = dir.path().join("district.db");
        let started = std::time::Instant::now();
        demo::generate(&path, &options(Scale::District, 1, common::as_of())).unwrap();
        eprintln!(
            "district demo made in {:.1} s",
            started.elapsed().as_secs_f64()
        );
        (dir, path)
    });
    path
}

fn options(scale: Scale, seed: u64, as_of: NaiveDate) -> Options {
    Options {
        scale,
        seed,
        as_of,
        operator_login: None,
    }
}

fn small(dir: &Path, as_of: NaiveDate) -> PathBuf {
    let path = dir.join(format!("small-{as_of}.db"));
    demo::generate(&path, &options(Scale::Small, 7, as_of)).unwrap();
    path
}

fn report(db: &Path, from: NaiveDate, to: NaiveDate) -> Report {
    let store = Store::open(db).unwrap();
    views::report(store.conn(), from, to, None, store.now()).unwrap()
}

/// The report's figures that come from the year's records.
fn figures(r: &Report) -> Vec<(&'static str, i64)> {
    vec![
        ("households_visited", r.households_visited),
        ("visits", r.visits),
        ("problems_collected", r.problems_collected),
        ("problems_handled", r.problems_handled),
        ("problems_coordinating", r.problems_coordinating),
        ("disputes_found", r.disputes_found),
        ("disputes_resolved", r.disputes_resolved),
        ("errands_handled", r.errands_handled),
        ("errand_agents", r.errands_per_agent.len() as i64),
        ("micro_wishes", r.micro_wishes),
        ("micro_wishes_done", r.micro_wishes_done),
        ("requests", r.requests),
    ]
}

/// The working-day calendar the database itself holds.
fn calendar(db: &Path) -> WorkCalendar {
    let mut store = Store::open(db).unwrap();
    store.calendar().unwrap().clone()
}

fn at(date: NaiveDate, h: u32, m: u32) -> Time {
    tz().from_local_datetime(&date.and_time(NaiveTime::from_hms_opt(h, m, 0).unwrap()))
        .single()
        .unwrap()
}

/// Every event's time, with what it is about.
fn events(db: &Path) -> Vec<(i64, Time, String, String)> {
    let c = rusqlite::Connection::open(db).unwrap();
    let mut st = c
        .prepare("SELECT id, at, entity, kind FROM event ORDER BY id")
        .unwrap();
    st.query_map([], |r| {
        let at: String = r.get(1)?;
        Ok((
            r.get(0)?,
            parse_time(&at).unwrap_or_else(|| panic!("bad time {at}")),
            r.get(2)?,
            r.get(3)?,
        ))
    })
    .unwrap()
    .map(|r| r.unwrap())
    .collect()
}

/// Every event falls within the counter's opening hours (08:30–17:30) of
/// a working day of the database's own calendar, between `first` and the
/// close of `last`.
fn assert_in_opening_hours(db: &Path, first: NaiveDate, last: NaiveDate) {
    let cal = calendar(db);
    let evs = events(db);
    assert!(evs.len() > 1000, "{} events", evs.len());
    for (id, t, entity, kind) in &evs {
        let d = t.date_naive();
        let what = format!("event {id} ({entity} {kind}) at {t}");
        assert!(cal.is_working(d), "{what}: not a working day");
        assert!(
            *t >= at(d, 8, 30) && *t <= at(d, 17, 30),
            "{what}: outside opening hours"
        );
        assert!(d >= first && d <= last, "{what}: outside {first}..{last}");
    }
}

fn csv_report(db: &Path, from: &str, to: &str) -> HashMap<String, String> {
    let o = run(
        db,
        &[
            "export", "report", "--from", from, "--to", to, "--format", "csv", "--codes",
        ],
    );
    assert!(o.status.success(), "{}", common::stderr(&o));
    let text = stdout(&o);
    let mut lines = text.lines();
    let header = lines.next().unwrap().trim_start_matches('\u{feff}');
    let whole = lines.next().unwrap();
    let split = |s: &str| s.split(',').map(str::to_string).collect::<Vec<_>>();
    split(header).into_iter().zip(split(whole)).collect()
}

#[test]
fn the_district_report_for_its_year_gives_the_source_figures() {
    let db = district();
    let r = csv_report(db, "2026-01-01", &common::as_of().to_string());
    let n = |k: &str| -> i64 {
        r.get(k)
            .unwrap_or_else(|| panic!("no {k} in {r:?}"))
            .parse()
            .unwrap()
    };
    assert_eq!(r["node"], "川汇区");
    // 入户调查8300多户 — households, not visits.
    assert_eq!(n("households_visited"), 8300);
    assert!(n("visits") > 8300, "{r:?}");
    // 收集问题、意见796条，其中处理733条，正在协调处理63条。
    assert_eq!(n("problems_collected"), 796);
    assert_eq!(n("problems_handled"), 733);
    assert_eq!(n("problems_coordinating"), 63);
    // 排查出矛盾纠纷203件，调处化解195件，化解率达96.1%。
    assert_eq!(n("disputes_found"), 203);
    assert_eq!(n("disputes_resolved"), 195);
    assert_eq!(r["dispute_rate"], "96.1");
    // 162名代办员累计代办民生事项6500多件。
    assert!((6500..=6599).contains(&n("errands_handled")), "{r:?}");
    // 认领微心愿3700余件。
    assert!((3700..=3799).contains(&n("micro_wishes")), "{r:?}");
    assert!(
        (3700..=n("micro_wishes")).contains(&n("micro_wishes_done")),
        "{r:?}"
    );

    // The errands were handled by the 162 agents, each some.
    let whole = report(db, day(2026, 1, 1), common::as_of());
    assert_eq!(
        whole.errands_per_agent.len(),
        162,
        "{:?}",
        whole.errands_per_agent
    );
    assert!(
        whole
            .errands_per_agent
            .iter()
            .all(|(who, n)| who.contains("(agent") && *n > 0),
        "{:?}",
        whole.errands_per_agent
    );
    let by_agents: i64 = whole.errands_per_agent.iter().map(|x| x.1).sum();
    assert_eq!(by_agents, n("errands_handled"));
}

#[test]
fn every_event_of_the_district_falls_in_opening_hours_of_a_working_day() {
    assert_in_opening_hours(district(), day(2026, 1, 1), common::as_of());
}

#[test]
fn no_event_comes_before_its_request_was_registered() {
    let c = rusqlite::Connection::open(district()).unwrap();
    let bad: Vec<(String, String, String, String)> = c
        .prepare(
            "SELECT q.ticket, q.registered_at, e.kind, e.at FROM event e JOIN request q ON q.id = e.request_id
              WHERE e.at < q.registered_at LIMIT 5",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    assert!(bad.is_empty(), "{bad:?}");
    // And each request's history runs forward in time.
    let backwards: i64 = c
        .query_row(
            "SELECT count(*) FROM event a JOIN event b ON b.request_id = a.request_id AND b.id > a.id
              WHERE a.request_id IS NOT NULL AND b.at < a.at",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(backwards, 0);
}

/// A request as stored, and its events as the lifecycle wrote them.
struct Lived {
    ticket: String,
    category: String,
    status: String,
    registered_at: Time,
    due_at: Time,
    waiting_since: Option<String>,
    last_activity_at: Time,
    resolved_at: Option<String>,
    closed_at: Option<String>,
    rating: Option<i64>,
    correction_of: Option<i64>,
    assignee_id: Option<i64>,
    events: Vec<Move>,
}

/// One event of a request: entity, kind, from status, to status, time.
type Move = (String, String, Option<String>, Option<String>, Time);

fn lived(db: &Path) -> Vec<Lived> {
    let c = rusqlite::Connection::open(db).unwrap();
    let mut out: Vec<Lived> = Vec::new();
    let mut index = HashMap::new();
    let mut st = c
        .prepare(
            "SELECT id, ticket, category_code, status, registered_at, due_at, waiting_since, last_activity_at,
                    resolved_at, closed_at, rating, correction_of, assignee_id FROM request ORDER BY id",
        )
        .unwrap();
    let mut rows = st.query([]).unwrap();
    while let Some(r) = rows.next().unwrap() {
        let t = |i: usize| parse_time(&r.get::<_, String>(i).unwrap()).unwrap();
        index.insert(r.get::<_, i64>(0).unwrap(), out.len());
        out.push(Lived {
            ticket: r.get(1).unwrap(),
            category: r.get(2).unwrap(),
            status: r.get(3).unwrap(),
            registered_at: t(4),
            due_at: t(5),
            waiting_since: r.get(6).unwrap(),
            last_activity_at: t(7),
            resolved_at: r.get(8).unwrap(),
            closed_at: r.get(9).unwrap(),
            rating: r.get(10).unwrap(),
            correction_of: r.get(11).unwrap(),
            assignee_id: r.get(12).unwrap(),
            events: Vec::new(),
        });
    }
    let mut st = c
        .prepare(
            "SELECT request_id, entity, kind, from_status, to_status, at FROM event
              WHERE request_id IS NOT NULL ORDER BY id",
        )
        .unwrap();
    let mut rows = st.query([]).unwrap();
    while let Some(r) = rows.next().unwrap() {
        let q: i64 = r.get(0).unwrap();
        let at: String = r.get(5).unwrap();
        out[index[&q]].events.push((
            r.get(1).unwrap(),
            r.get(2).unwrap(),
            r.get(3).unwrap(),
            r.get(4).unwrap(),
            parse_time(&at).unwrap(),
        ));
    }
    out
}

#[test]
fn every_request_stands_where_its_lifecycle_took_it() {
    let db = district();
    let cal = calendar(db);
    let limits: HashMap<String, u32> = {
        let store = Store::open(db).unwrap();
        griddesk::store::request::categories(store.conn())
            .unwrap()
            .into_iter()
            .map(|c| (c.code, c.limit_days))
            .collect()
    };
    let all = lived(db);
    assert!(all.len() > 10_000, "{} requests", all.len());
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for q in &all {
        let who = format!("{} ({}, {})", q.ticket, q.category, q.status);
        // The status events chain from registration to where it stands.
        let moves: Vec<_> = q.events.iter().filter(|e| e.3.is_some()).collect();
        assert_eq!(moves[0].1, "created", "{who}");
        assert_eq!(moves[0].3.as_deref(), Some("registered"), "{who}");
        let mut status = "registered";
        for m in &moves[1..] {
            assert_eq!(m.2.as_deref(), Some(status), "{who}: {} from", m.1);
            status = m.3.as_deref().unwrap();
        }
        assert_eq!(status, q.status, "{who}");
        for e in &q.events {
            *seen.entry(e.1.as_str()).or_default() += 1;
        }
        let last = |kind: &str| {
            q.events
                .iter()
                .rev()
                .find(|e| e.1 == kind)
                .map(|e| griddesk::store::fmt_time(e.4))
        };
        match q.status.as_str() {
            "resolved" | "closed" => {
                assert!(q.resolved_at.is_some(), "{who}");
                assert_eq!(q.resolved_at, last("resolve"), "{who}");
            }
            _ => assert!(q.resolved_at.is_none(), "{who}"),
        }
        match q.status.as_str() {
            "closed" => {
                assert_eq!(q.closed_at, last("follow_up"), "{who}");
                assert!(q.rating.is_some(), "{who}");
            }
            "cancelled" => assert_eq!(q.closed_at, last("cancel"), "{who}"),
            _ => assert!(q.closed_at.is_none() && q.rating.is_none(), "{who}"),
        }
        assert_eq!(q.waiting_since.is_some(), q.status == "waiting", "{who}");
        if q.status != "registered" && q.status != "cancelled" {
            assert!(q.assignee_id.is_some(), "{who}");
        }
        // The last touch is the last change to the request itself.
        let touched = q
            .events
            .iter()
            .filter(|e| e.0 == "request")
            .map(|e| e.4)
            .max()
            .unwrap();
        assert_eq!(q.last_activity_at, touched, "{who}");
        // Due times follow the calendar, paused while waiting.
        let limit = if q.correction_of.is_some() {
            griddesk::domain::lifecycle::CORRECTION_DAYS
        } else {
            limits[&q.category]
        };
        let mut due = cal.due(q.registered_at, limit);
        let mut paused = None;
        for e in &q.events {
            match e.1.as_str() {
                "wait" => paused = Some(e.4),
                "resume" => {
                    due = cal.resume_due(due, paused.take().unwrap(), e.4);
                }
                _ => {}
            }
        }
        assert_eq!(q.due_at, due, "{who}");
    }
    // Every move of the lifecycle is in the demo.
    for kind in [
        "created",
        "assign",
        "start",
        "wait",
        "resume",
        "escalate",
        "return",
        "note",
        "reply",
        "resolve",
        "follow_up",
        "correction",
        "reopen",
        "cancel",
        "custody_in",
        "custody_out",
    ] {
        assert!(seen.contains_key(kind), "no {kind} event: {seen:?}");
    }
}

#[test]
fn a_short_year_gives_the_same_figures() {
    let dir = TempDir::new().unwrap();
    let late = report(
        &small(dir.path(), common::as_of()),
        day(2026, 1, 1),
        common::as_of(),
    );
    assert!(late.households_visited > 100, "{late:?}");
    // 4 January 2026 is a Sunday worked for 元旦; the 5th a Monday.
    let early = small(dir.path(), day(2026, 1, 5));
    assert_eq!(
        figures(&report(&early, day(2026, 1, 1), day(2026, 1, 5))),
        figures(&late)
    );
    assert_in_opening_hours(&early, day(2026, 1, 4), day(2026, 1, 5));
    // 1–3 January 2026 are holidays: nothing can happen in 2026 yet, so
    // the demo's year is 2025.
    let none = small(dir.path(), day(2026, 1, 2));
    assert_eq!(
        figures(&report(&none, day(2025, 1, 1), day(2025, 12, 31))),
        figures(&late)
    );
    assert_in_opening_hours(&none, day(2025, 1, 2), day(2025, 12, 31));
}

#[test]
fn a_new_database_carries_the_state_councils_holidays() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("new.db");
    let cal = calendar(&db);
    // 春节 2026: 15–23 February off, Saturday 14th and 28th worked.
    assert!(!cal.is_working(day(2026, 2, 16)));
    assert!(!cal.is_working(day(2026, 2, 23)));
    assert!(cal.is_working(day(2026, 2, 14)));
    assert!(cal.is_working(day(2026, 2, 28)));
    // 国庆 2025 with 中秋: 1–8 October off, Saturday 11th worked.
    assert!(!cal.is_working(day(2025, 10, 8)));
    assert!(cal.is_working(day(2025, 10, 11)));
    // 国庆 2026 is 1–7 October: Thursday the 8th is a working day.
    assert!(cal.is_working(day(2026, 10, 8)));
    assert!(!cal.is_working(day(2026, 10, 7)));
    let c = rusqlite::Connection::open(&db).unwrap();
    let count = |kind: &str, year: &str| -> i64 {
        c.query_row(
            "SELECT count(*) FROM calendar_day WHERE kind = ?1 AND day LIKE ?2 || '-%'",
            [kind, year],
            |r| r.get(0),
        )
        .unwrap()
    };
    assert_eq!(count("holiday", "2025"), 28);
    assert_eq!(count("workday", "2025"), 5);
    assert_eq!(count("holiday", "2026"), 33);
    assert_eq!(count("workday", "2026"), 6);
}
