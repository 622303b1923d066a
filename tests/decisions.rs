//! Community decisions (四议两公开), meetings and the building leaders'
//! weekly reports: the step order, quorum and majority, overdue
//! publications by working days, the notice, the weekly counts against
//! independent SQL, and bad input refused with nothing written.

mod common;

use chrono::{NaiveDate, TimeZone};
use common::{row_counts, small_db, stderr, stdout};
use griddesk::domain::calendar::tz;
use griddesk::domain::lifecycle::Role;
use griddesk::i18n::Lang;
use griddesk::store::matter::{
    self, DecisionError, NewMatter, Stage, Step, StepInput, StepOutcome, StopReason,
};
use griddesk::store::staff::NewStaff;
use griddesk::store::week::{self, Week};
use griddesk::store::{Error, Field, Store};
use std::path::Path;
use unicode_width::UnicodeWidthStr;

fn at(y: i32, m: u32, d: u32, h: u32, mi: u32) -> griddesk::domain::calendar::Time {
    tz().with_ymd_and_hms(y, m, d, h, mi, 0).unwrap()
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn me(s: &Store) -> i64 {
    let login = griddesk::cli::config::os_login();
    s.read(|c| griddesk::store::staff::by_login(c, &login))
        .unwrap()
        .expect("the tests' login is staff")
        .id
}

/// The first community of the demo, by name.
fn a_community(s: &Store) -> (i64, String) {
    s.read(|c| griddesk::store::grid::by_level(c, griddesk::store::grid::NodeLevel::Community))
        .unwrap()
        .into_iter()
        .map(|n| (n.id, n.name))
        .next()
        .unwrap()
}

fn new_matter(s: &mut Store, title: &str) -> i64 {
    let who = me(s);
    let (c, _) = a_community(s);
    s.add_matter(
        who,
        &NewMatter {
            community: c,
            kind: "拆迁改造",
            title,
            requests: vec![],
        },
    )
    .unwrap()
}

fn meeting(d: NaiveDate, present: u32, expected: u32, votes: Option<(u32, u32, u32)>) -> StepInput {
    StepInput {
        day: Some(d),
        meeting: "会议".into(),
        present: Some(present),
        expected: Some(expected),
        votes,
        minutes: "同意加装电梯，费用按楼层分摊".into(),
        ..Default::default()
    }
}

fn posting(d: NaiveDate, days: u32, outcome: &str) -> StepInput {
    StepInput {
        day: Some(d),
        posted_where: "社区公示栏".into(),
        posted_days: Some(days),
        minutes: outcome.into(),
        ..Default::default()
    }
}

fn decision_err(r: griddesk::store::Result<StepOutcome>) -> DecisionError {
    match r {
        Err(Error::Decision(e)) => e,
        other => panic!("expected a decision rule, got {other:?}"),
    }
}

/// Records the four deliberations, all carried, on `d`.
fn deliberate(s: &mut Store, id: i64, d: NaiveDate) {
    let who = me(s);
    s.record_step(who, id, Step::Propose, &meeting(d, 5, 7, None))
        .unwrap();
    for st in [Step::Discuss, Step::Review, Step::Decide] {
        assert_eq!(
            s.record_step(who, id, st, &meeting(d, 30, 40, Some((20, 6, 4))))
                .unwrap(),
            StepOutcome::Passed(st)
        );
    }
}

#[test]
fn steps_go_in_order_none_skipped_none_twice() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(&small_db(dir.path())).unwrap();
    s.set_now(Some(at(2026, 11, 27, 17, 0)));
    let who = me(&s);
    let id = new_matter(&mut s, "3号楼加装电梯");
    let d = day(2026, 11, 2);
    // Skipping ahead is refused, naming the step due.
    assert_eq!(
        decision_err(s.record_step(who, id, Step::Review, &meeting(d, 30, 40, Some((20, 6, 4))))),
        DecisionError::OutOfOrder {
            next: Step::Propose,
            asked: Step::Review
        }
    );
    assert_eq!(
        decision_err(s.record_step(who, id, Step::PostDecision, &posting(d, 7, ""))),
        DecisionError::OutOfOrder {
            next: Step::Propose,
            asked: Step::PostDecision
        }
    );
    s.record_step(who, id, Step::Propose, &meeting(d, 5, 7, None))
        .unwrap();
    // Twice is refused.
    assert_eq!(
        decision_err(s.record_step(who, id, Step::Propose, &meeting(d, 5, 7, None))),
        DecisionError::AlreadyRecorded(Step::Propose)
    );
    // A step dated before the one it follows is refused.
    assert!(matches!(
        decision_err(s.record_step(
            who,
            id,
            Step::Discuss,
            &meeting(day(2026, 11, 1), 30, 40, Some((20, 6, 4)))
        )),
        DecisionError::Before { .. }
    ));
    for st in [Step::Discuss, Step::Review, Step::Decide] {
        s.record_step(who, id, st, &meeting(d, 30, 40, Some((20, 6, 4))))
            .unwrap();
    }
    // A notice stays up 7 days at least.
    assert_eq!(
        decision_err(s.record_step(who, id, Step::PostDecision, &posting(d, 6, ""))),
        DecisionError::PostedDays(6)
    );
    s.record_step(
        who,
        id,
        Step::PostDecision,
        &posting(day(2026, 11, 3), 7, ""),
    )
    .unwrap();
    s.record_step(
        who,
        id,
        Step::PostOutcome,
        &posting(day(2026, 11, 20), 7, "电梯已完工验收"),
    )
    .unwrap();
    let m = s.read(|c| matter::get(c, id)).unwrap();
    assert_eq!(m.stage(), Stage::Done);
    assert_eq!(m.steps.len(), 6);
    assert_eq!(
        decision_err(s.record_step(who, id, Step::PostOutcome, &posting(d, 7, "x"))),
        DecisionError::Finished
    );
    // Each step an event with the actor.
    let steps: i64 = s
        .read(|c| {
            Ok(c.query_row(
                "SELECT count(*) FROM event WHERE entity = 'matter' AND entity_id = ?1 AND kind = 'step' AND staff_id = ?2",
                [id, who],
                |r| r.get(0),
            )?)
        })
        .unwrap();
    assert_eq!(steps, 6);
}

#[test]
fn quorum_and_majority_at_their_edges() {
    // Pure rule: more than half expected present, more than half present for.
    assert_eq!(
        matter::verdict(Step::Review, 5, 10, 5),
        Some(StopReason::NoQuorum {
            present: 5,
            expected: 10
        })
    );
    assert_eq!(matter::verdict(Step::Review, 6, 10, 4), None);
    assert_eq!(
        matter::verdict(Step::Decide, 6, 10, 3),
        Some(StopReason::NoMajority {
            votes_for: 3,
            present: 6
        })
    );
    // An odd expected: 4 of 7 is more than half, 3 is not.
    assert_eq!(matter::verdict(Step::Propose, 4, 7, 0), None);
    assert!(matter::verdict(Step::Propose, 3, 7, 0).is_some());

    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(&small_db(dir.path())).unwrap();
    s.set_now(Some(at(2026, 11, 27, 17, 0)));
    let who = me(&s);
    let d = day(2026, 11, 2);

    // Exactly half present: no quorum, the matter stops at that step.
    let a = new_matter(&mut s, "半数出席");
    s.record_step(who, a, Step::Propose, &meeting(d, 4, 7, None))
        .unwrap();
    assert_eq!(
        s.record_step(who, a, Step::Discuss, &meeting(d, 5, 10, Some((5, 0, 0))))
            .unwrap(),
        StepOutcome::Stopped(
            Step::Discuss,
            StopReason::NoQuorum {
                present: 5,
                expected: 10
            }
        )
    );
    // Nothing further in that round.
    assert_eq!(
        decision_err(s.record_step(who, a, Step::Review, &meeting(d, 30, 40, Some((30, 0, 0))))),
        DecisionError::Stopped(Step::Discuss)
    );
    let m = s.read(|c| matter::get(c, a)).unwrap();
    assert!(matches!(m.stage(), Stage::Stopped(Step::Discuss, _)));

    // A tie is no majority; abstentions count among those present.
    let b = new_matter(&mut s, "平票");
    s.record_step(who, b, Step::Propose, &meeting(d, 4, 7, None))
        .unwrap();
    s.record_step(who, b, Step::Discuss, &meeting(d, 6, 10, Some((4, 2, 0))))
        .unwrap();
    assert_eq!(
        s.record_step(who, b, Step::Review, &meeting(d, 6, 10, Some((3, 3, 0))))
            .unwrap(),
        StepOutcome::Stopped(
            Step::Review,
            StopReason::NoMajority {
                votes_for: 3,
                present: 6
            }
        )
    );
    let c = new_matter(&mut s, "弃权");
    s.record_step(who, c, Step::Propose, &meeting(d, 4, 7, None))
        .unwrap();
    assert!(matches!(
        s.record_step(who, c, Step::Discuss, &meeting(d, 6, 10, Some((3, 1, 2))))
            .unwrap(),
        StepOutcome::Stopped(_, StopReason::NoMajority { .. })
    ));

    // A new round starts from the proposal; before a failed vote it is refused.
    let round = s.new_round(who, b, "方案修改后再议").unwrap();
    assert_eq!(round, 2);
    assert!(matches!(
        s.new_round(who, b, "again"),
        Err(Error::Decision(DecisionError::NotStopped))
    ));
    let m = s.read(|c| matter::get(c, b)).unwrap();
    assert_eq!(m.stage(), Stage::Next(Step::Propose));
    assert_eq!(m.earlier.len(), 3);
    s.record_step(
        who,
        b,
        Step::Propose,
        &meeting(day(2026, 11, 9), 5, 7, None),
    )
    .unwrap();

    // Impossible figures are bad input, not a failed vote.
    let e = new_matter(&mut s, "错误人数");
    assert!(matches!(
        decision_err(s.record_step(who, e, Step::Propose, &meeting(d, 8, 7, None))),
        DecisionError::Attendance { .. }
    ));
    s.record_step(who, e, Step::Propose, &meeting(d, 5, 7, None))
        .unwrap();
    assert!(matches!(
        decision_err(s.record_step(who, e, Step::Discuss, &meeting(d, 6, 10, Some((5, 2, 0))))),
        DecisionError::Votes {
            total: 7,
            present: 6
        }
    ));
    assert!(matches!(
        s.record_step(who, e, Step::Discuss, &meeting(d, 6, 10, None)),
        Err(Error::Empty(Field::Votes))
    ));
}

#[test]
fn a_publication_is_overdue_ten_working_days_after_its_step() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(&small_db(dir.path())).unwrap();
    // Decided on Monday 28 September 2026, before the National Day
    // holiday (1–7 October) with Saturday 10 October worked: the 10th
    // working day after is Friday 16 October (Mon–Fri alone would give
    // the 12th, calendar days the 8th).
    s.set_now(Some(at(2026, 9, 28, 20, 0)));
    let id = new_matter(&mut s, "低保评议");
    deliberate(&mut s, id, day(2026, 9, 28));
    let cal = s.calendar().unwrap().clone();
    let m = s.read(|c| matter::get(c, id)).unwrap();
    assert_eq!(m.publication_due(&cal), Some(at(2026, 10, 16, 18, 0)));
    assert!(!m.overdue(at(2026, 10, 9, 9, 0), &cal));
    assert!(!m.overdue(at(2026, 10, 13, 9, 0), &cal));
    assert!(!m.overdue(at(2026, 10, 16, 17, 59), &cal));
    assert!(m.overdue(at(2026, 10, 16, 18, 1), &cal));
    // Once posted, nothing is pending until the outcome; the outcome's
    // clock runs from the decision's posting.
    s.set_now(Some(at(2026, 10, 19, 9, 0)));
    let who = me(&s);
    s.record_step(
        who,
        id,
        Step::PostDecision,
        &posting(day(2026, 10, 19), 7, ""),
    )
    .unwrap();
    let m = s.read(|c| matter::get(c, id)).unwrap();
    assert!(!m.overdue(at(2026, 10, 30, 17, 0), &cal));
    assert!(m.overdue(at(2026, 11, 2, 18, 1), &cal));
}

#[test]
fn the_notice_names_community_matter_decision_and_dates_within_80_columns() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(&small_db(dir.path())).unwrap();
    s.set_now(Some(at(2026, 11, 27, 17, 0)));
    let who = me(&s);
    let (_, community) = a_community(&s);
    let id = new_matter(&mut s, "3号楼加装电梯");
    deliberate(&mut s, id, day(2026, 11, 2));
    s.record_step(
        who,
        id,
        Step::PostDecision,
        &posting(day(2026, 11, 3), 7, ""),
    )
    .unwrap();
    let long = "电梯已于十一月完工并通过特种设备检验，".repeat(6);
    s.record_step(
        who,
        id,
        Step::PostOutcome,
        &posting(day(2026, 11, 20), 10, &long),
    )
    .unwrap();
    let m = s.read(|c| matter::get(c, id)).unwrap();
    let n = matter::notice(&m, Step::PostDecision, Lang::Zh).unwrap();
    assert!(n.contains("公  示"), "{n}");
    assert!(n.contains(&format!("社区：{community}")), "{n}");
    assert!(n.contains("事项：3号楼加装电梯（拆迁改造）"), "{n}");
    assert!(n.contains("决议：同意加装电梯，费用按楼层分摊"), "{n}");
    assert!(
        n.contains("应到 40 人，实到 30 人；同意 20，反对 6，弃权 4"),
        "{n}"
    );
    assert!(
        n.contains("公示期：2026-11-03 至 2026-11-09（7 天）"),
        "{n}"
    );
    let o = matter::notice(&m, Step::PostOutcome, Lang::Zh).unwrap();
    assert!(o.contains("2026-11-20 至 2026-11-29（10 天）"), "{o}");
    assert!(o.contains("实施结果：电梯已于十一月"), "{o}");
    let en = matter::notice(&m, Step::PostOutcome, Lang::En).unwrap();
    assert!(en.contains("2026-11-20 to 2026-11-29 (10 days)"), "{en}");
    for t in [&n, &o, &en] {
        for line in t.lines() {
            assert!(line.width() <= 80, "{} cells: {line}", line.width());
        }
    }
    // The long outcome is wrapped, not cut: every character is there.
    let joined: String = o.lines().map(str::trim).collect();
    assert!(joined.contains(&long), "{o}");
}

fn gd(db: &Path, args: &[&str]) -> std::process::Output {
    common::bin()
        .arg("--db")
        .arg(db)
        .arg("--lang")
        .arg("en")
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn the_command_line_records_steps_and_refuses_bad_input_writing_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_db(dir.path());
    let community = {
        let s = Store::open(&db).unwrap();
        a_community(&s).1
    };
    let o = gd(
        &db,
        &[
            "matter",
            "add",
            "--community",
            &community,
            "--kind",
            "demolition",
            "--title",
            "3号楼加装电梯",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let id = stdout(&o).trim().to_string();
    let counts = || row_counts(&rusqlite::Connection::open(&db).unwrap());
    let before = counts();
    let refused = |args: &[&str], says: &str| {
        let o = gd(&db, args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stdout(&o));
        let e = stderr(&o);
        assert!(e.contains(says), "{args:?}: {e}");
        assert_eq!(e.trim().lines().count(), 1, "{e}");
    };
    refused(
        &[
            "matter",
            "step",
            &id,
            "review",
            "--present",
            "30",
            "--expected",
            "40",
            "--votes",
            "20/6/4",
        ],
        "steps go in order",
    );
    refused(
        &[
            "matter",
            "step",
            &id,
            "propose",
            "--present",
            "8",
            "--expected",
            "7",
        ],
        "attendance",
    );
    refused(
        &[
            "matter",
            "step",
            &id,
            "propose",
            "--date",
            "2026-02-30",
            "--present",
            "5",
            "--expected",
            "7",
        ],
        "date",
    );
    refused(
        &[
            "matter",
            "step",
            &id,
            "sideways",
            "--present",
            "5",
            "--expected",
            "7",
        ],
        "step",
    );
    refused(
        &[
            "matter",
            "step",
            &id,
            "propose",
            "--present",
            "5",
            "--expected",
            "7",
            "--votes",
            "5/1",
        ],
        "votes",
    );
    refused(
        &[
            "matter",
            "step",
            &id,
            "propose",
            "--present",
            "5",
            "--expected",
            "7",
            "--minutes",
            "a\u{7}b",
        ],
        "control character",
    );
    refused(
        &[
            "matter",
            "add",
            "--community",
            &community,
            "--kind",
            "demolishing",
            "--title",
            "x",
        ],
        "kind of matter",
    );
    refused(
        &[
            "matter",
            "add",
            "--community",
            &community,
            "--kind",
            "demolition",
            "--title",
            "  ",
        ],
        "title",
    );
    refused(
        &["matter", "publish", &id, "--where", "公示栏", "--days", "7"],
        "steps go in order",
    );
    assert_eq!(counts(), before, "nothing written by refused input");
    // Good input records, and a failed vote is recorded with its reason.
    let o = gd(
        &db,
        &[
            "matter",
            "step",
            &id,
            "propose",
            "--date",
            "2026-11-02",
            "--present",
            "5",
            "--expected",
            "7",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = gd(
        &db,
        &[
            "matter",
            "step",
            &id,
            "discuss",
            "--date",
            "2026-11-03",
            "--present",
            "6",
            "--expected",
            "10",
            "--votes",
            "3/3/0",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("not carried: 3 for of 6 present"),
        "{}",
        stdout(&o)
    );
    let o = gd(&db, &["matter", "show", &id]);
    assert!(
        stdout(&o).contains("stopped at committees discuss"),
        "{}",
        stdout(&o)
    );
    let o = gd(&db, &["matter", "list"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("3号楼加装电梯"));
}

/// Makes `n` grid leaders and gives each a share of the demo's buildings.
fn with_leaders(s: &mut Store, n: usize) -> Vec<i64> {
    let who = me(s);
    let buildings = s
        .read(|c| griddesk::store::grid::by_level(c, griddesk::store::grid::NodeLevel::Building))
        .unwrap();
    let leaders: Vec<i64> = (0..n)
        .map(|i| {
            s.add_staff(
                who,
                &NewStaff {
                    login: &format!("testleader{i}"),
                    name: &format!("楼长{i}"),
                    role: Role::GridLeader,
                    node_id: None,
                },
            )
            .unwrap()
        })
        .collect();
    for (i, b) in buildings.iter().enumerate() {
        s.set_building_leader(who, b.id, Some(leaders[i % n]))
            .unwrap();
    }
    leaders
}

#[test]
fn weekly_counts_equal_independent_sql_over_the_records() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_db(dir.path());
    let mut s = Store::open(&db).unwrap();
    let leaders = with_leaders(&mut s, 3);
    let raw = rusqlite::Connection::open(&db).unwrap();
    // Independent: joins instead of sub-selects, days compared as dates.
    let count = |sql: &str, leader: i64, mon: &str, sun: &str| -> i64 {
        raw.query_row(sql, rusqlite::params![leader, mon, sun], |r| r.get(0))
            .unwrap()
    };
    let homes = "SELECT count(DISTINCT v.household_id) FROM visit v, household h, grid_node b
        WHERE v.household_id = h.id AND h.building_id = b.id AND b.leader_id = ?1
          AND date(substr(v.at, 1, 10)) BETWEEN ?2 AND ?3";
    let visits = "SELECT count(*) FROM visit v, household h, grid_node b
        WHERE v.household_id = h.id AND h.building_id = b.id AND b.leader_id = ?1
          AND date(substr(v.at, 1, 10)) BETWEEN ?2 AND ?3";
    let found =
        "SELECT count(*) FROM request q, grid_node b WHERE q.node_id = b.id AND b.leader_id = ?1
          AND q.channel = 'visit' AND date(substr(q.registered_at, 1, 10)) BETWEEN ?2 AND ?3";
    let handled =
        "SELECT count(*) FROM request q, grid_node b WHERE q.node_id = b.id AND b.leader_id = ?1
          AND q.channel = 'visit' AND date(substr(q.resolved_at, 1, 10)) BETWEEN ?2 AND ?3";
    let up = "SELECT count(DISTINCT q.id) FROM request q, grid_node b, event e
        WHERE q.node_id = b.id AND b.leader_id = ?1 AND q.channel = 'visit'
          AND e.request_id = q.id AND e.kind = 'escalate'
          AND date(substr(e.at, 1, 10)) BETWEEN ?2 AND ?3";
    let open =
        "SELECT count(*) FROM request q, grid_node b WHERE q.node_id = b.id AND b.leader_id = ?1
          AND q.channel = 'visit' AND date(substr(q.registered_at, 1, 10)) <= ?3 AND ?2 <> ''
          AND q.status NOT IN ('resolved', 'closed', 'cancelled')";
    let mut totals = [0i64; 6];
    let mut w = Week::of(day(2026, 1, 5));
    while w.monday() <= day(2026, 11, 23) {
        for &l in &leaders {
            let f = s.read(|c| week::figures(c, l, w)).unwrap();
            let (mon, sun) = (w.monday().to_string(), w.sunday().to_string());
            let want = [
                count(homes, l, &mon, &sun),
                count(visits, l, &mon, &sun),
                count(found, l, &mon, &sun),
                count(handled, l, &mon, &sun),
                count(up, l, &mon, &sun),
                count(open, l, &mon, &sun),
            ];
            let got = [
                f.households_visited,
                f.visits,
                f.problems_found,
                f.handled,
                f.passed_up,
                f.still_open,
            ];
            assert_eq!(got, want, "leader {l} week {}", w.label());
            for i in 0..6 {
                totals[i] += got[i];
            }
        }
        w = w.next();
    }
    // The comparison is over real records, not zeros.
    for (i, t) in totals.iter().enumerate() {
        assert!(*t > 0, "column {i} is all zeros: {totals:?}");
    }
}

#[test]
fn a_leader_confirms_their_own_week_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_db(dir.path());
    let mut s = Store::open(&db).unwrap();
    let leaders = with_leaders(&mut s, 2);
    s.set_now(Some(at(2026, 11, 27, 17, 0)));
    let w = Week::parse("2026-W47").unwrap();
    assert_eq!(w.monday(), day(2026, 11, 16));
    let f = s.confirm_week(leaders[0], leaders[0], w).unwrap();
    assert_eq!(f, s.read(|c| week::figures(c, leaders[0], w)).unwrap());
    assert!(matches!(
        s.confirm_week(leaders[0], leaders[0], w),
        Err(Error::Duplicate { .. })
    ));
    // Another leader may not confirm it for them; a supervisor may.
    assert!(matches!(
        s.confirm_week(leaders[0], leaders[1], w),
        Err(Error::Decision(DecisionError::NotYourWeek(_)))
    ));
    s.confirm_week(me(&s), leaders[1], w).unwrap();
    assert!(matches!(
        s.confirm_week(leaders[0], leaders[0], Week::parse("2026-W49").unwrap()),
        Err(Error::Decision(DecisionError::FutureWeek(_)))
    ));
    // Stored and evented, with the actor.
    let (rows, events): (i64, i64) = s
        .read(|c| {
            Ok(c.query_row(
                "SELECT (SELECT count(*) FROM week_report WHERE week = '2026-W47' AND leader_id IN (?1, ?2)),
                        (SELECT count(*) FROM event WHERE entity = 'week_report' AND kind = 'confirm'
                            AND staff_id IS NOT NULL AND note LIKE 'testleader% 2026-W47')",
                [leaders[0], leaders[1]],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?)
        })
        .unwrap();
    assert_eq!((rows, events), (2, 2));
    let lines = s
        .read(|c| week::sheet(c, week::leaders(c, None)?, w))
        .unwrap();
    assert_eq!(lines.iter().filter(|l| l.confirmed_at.is_some()).count(), 2);
    let text = week::text(&lines, w, Lang::Zh);
    for line in text.lines() {
        assert!(line.width() <= 80, "{line}");
    }
    assert!(text.contains("楼长0（testleader0）"), "{text}");
}

#[test]
fn the_small_demo_has_decisions_meetings_and_weekly_reports() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_db(dir.path());
    let mut s = Store::open(&db).unwrap();
    let all = s.read(|c| matter::list(c, None)).unwrap();
    let mut kinds: Vec<&str> = all.iter().map(|m| m.kind.as_str()).collect();
    kinds.sort();
    kinds.dedup();
    assert_eq!(kinds.len(), 11, "{kinds:?}");
    assert!(all.iter().any(|m| m.stage() == Stage::Done));
    assert!(all.iter().any(|m| matches!(m.stage(), Stage::Stopped(..))));
    assert!(all.iter().any(|m| m.round > 1));
    let cal = s.calendar().unwrap().clone();
    let now = at(2026, 11, 27, 17, 30);
    assert!(all.iter().any(|m| m.overdue(now, &cal)));
    // A joint meeting each month in each community.
    for m in 1..=11 {
        let first = day(2026, m, 1);
        let none = s
            .read(|c| griddesk::store::meeting::without_joint(c, first))
            .unwrap();
        assert!(none.is_empty(), "2026-{m:02}: {none:?}");
    }
    // Every building has its leader, a grid leader.
    let leaderless: i64 = s
        .read(|c| {
            Ok(c.query_row(
                "SELECT count(*) FROM grid_node b LEFT JOIN staff s ON s.id = b.leader_id
                  WHERE b.level = 'building' AND (s.id IS NULL OR s.role <> 'grid_leader')",
                [],
                |r| r.get(0),
            )?)
        })
        .unwrap();
    assert_eq!(leaderless, 0);
    // The report's figures.
    let o = common::run(
        &db,
        &[
            "export",
            "report",
            "--from",
            "2026-01-01",
            "--to",
            "2026-11-27",
            "--format",
            "csv",
            "--codes",
            "--encoding",
            "utf-8",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    let mut lines = out.lines();
    let head: Vec<&str> = lines.next().unwrap().split(',').collect();
    let row: Vec<&str> = lines.next().unwrap().split(',').collect();
    let get = |k: &str| -> i64 {
        let i = head
            .iter()
            .position(|h| *h == k)
            .unwrap_or_else(|| panic!("{k}"));
        row[i].parse().unwrap()
    };
    assert_eq!(get("matters"), all.len() as i64);
    assert!(get("matters_decided") >= 1 && get("matters_decided") <= get("matters"));
    assert!(get("matters_published") >= 1 && get("matters_published") <= get("matters_decided"));
    // 3 communities × 11 months of joint meetings, and consultation meetings.
    assert!(get("meetings") > 33, "{}", get("meetings"));
    assert!((1..=10).contains(&get("meeting_issues_settled")));
    let (confirmed, expected) = (
        get("weekly_reports_confirmed"),
        get("weekly_reports_expected"),
    );
    // 12 leaders; the weeks from Monday 5 January to Sunday 22 November.
    assert_eq!(expected, 12 * 46);
    let share = confirmed as f64 / expected as f64;
    assert!((0.8..0.97).contains(&share), "{confirmed}/{expected}");
}

#[test]
fn a_meeting_settles_an_issue_and_resolves_its_request_with_the_decision() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_db(dir.path());
    let (community, open_ticket, done_ticket) = {
        let s = Store::open(&db).unwrap();
        let c = a_community(&s).1;
        let t = |status: &str| -> String {
            s.read(|c| {
                Ok(c.query_row(
                    "SELECT ticket FROM request WHERE status = ?1 ORDER BY id LIMIT 1",
                    [status],
                    |r| r.get(0),
                )?)
            })
            .unwrap()
        };
        (c, t("in_progress"), t("closed"))
    };
    let o = gd(
        &db,
        &[
            "meeting",
            "add",
            "--community",
            &community,
            "--kind",
            "consultation",
            "--date",
            "2026-11-20",
            "--topic",
            "物业协商",
            "--attendees",
            "物业公司、业委会",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let id = stdout(&o).trim().to_string();
    let counts = || row_counts(&rusqlite::Connection::open(&db).unwrap());
    let before = counts();
    // A closed request cannot be resolved again: refused, nothing written.
    let o = gd(
        &db,
        &[
            "meeting",
            "settle",
            &id,
            "--issue",
            "停车",
            "--decision",
            "划线",
            "--request",
            &done_ticket,
        ],
    );
    assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
    let o = gd(
        &db,
        &[
            "meeting",
            "settle",
            &id,
            "--issue",
            " ",
            "--decision",
            "划线",
        ],
    );
    assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
    assert!(stderr(&o).contains("issue"), "{}", stderr(&o));
    assert_eq!(counts(), before);
    let o = gd(
        &db,
        &[
            "meeting",
            "settle",
            &id,
            "--issue",
            "小区停车难",
            "--decision",
            "划定夜间停车位40个",
            "--request",
            &open_ticket,
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let s = Store::open(&db).unwrap();
    let r = s
        .read(|c| griddesk::store::request::by_ticket(c, &open_ticket))
        .unwrap();
    assert_eq!(r.status.code(), "resolved");
    assert_eq!(r.result.as_deref(), Some("划定夜间停车位40个"));
    let o = gd(&db, &["meeting", "list", "--month", "2026-11"]);
    assert!(
        stdout(&o).contains("小区停车难 → 划定夜间停车位40个"),
        "{}",
        stdout(&o)
    );
}

/// `griddesk matter list`: one line per matter within 80 columns, in both
/// languages; a kind name that fits with a short title is never cut, and
/// the overdue mark always shows whole at the end of its line.
#[test]
fn the_matter_list_keeps_kinds_and_the_overdue_mark_whole_within_80_columns() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_db(dir.path());
    let mut s = Store::open(&db).unwrap();
    let all = s.read(|c| matter::list(c, None)).unwrap();
    let cal = s.calendar().unwrap().clone();
    for (lang, mark) in [("zh", "逾期"), ("en", "OVERDUE")] {
        let l = if lang == "zh" { Lang::Zh } else { Lang::En };
        let o = common::run(&db, &["--lang", lang, "matter", "list"]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let out = stdout(&o);
        let mut lines: Vec<&str> = out.lines().collect();
        // In English, the short kind labels' legend follows the list.
        if let Some(at) = lines.iter().position(|l| *l == "kinds:") {
            assert_eq!(lang, "en");
            lines.truncate(at);
        }
        assert_eq!(lines.len(), all.len(), "{out}");
        // The widest kind beside the number, community, a title of 14
        // columns and the widest stage with its mark: when that fits in 80
        // columns, no kind is cut (so in zh).
        let now = chrono::Local::now().with_timezone(&tz());
        let widest = |f: &dyn Fn(&matter::Matter) -> usize| all.iter().map(f).max().unwrap();
        let need = 18
            + widest(&|m| m.kind_name(l).width())
            + 2
            + 14
            + widest(&|m| {
                matter::stage_name(m.stage(), l).width()
                    + if m.overdue(now, &cal) {
                        mark.width() + 1
                    } else {
                        0
                    }
            });
        assert_eq!(need <= 80, lang == "zh", "{need}");
        let mut overdue = 0;
        for (line, m) in lines.iter().zip(&all) {
            assert!(line.width() <= 80, "{line}");
            assert!(line.trim_start().starts_with(&m.id.to_string()), "{line}");
            let stage = matter::stage_name(m.stage(), l);
            if need <= 80 {
                assert!(line.contains(m.kind_name(l)), "{lang}: {line}");
            }
            if line.contains('~') {
                assert!(!line.ends_with('~'), "{line}");
            }
            if line.ends_with(mark) {
                overdue += 1;
                assert!(line.ends_with(&format!("{stage} {mark}")), "{line}");
            }
        }
        assert!(overdue > 0, "{out}");
    }
}

/// Areas go by their number, 第一 → 第二 → 第三 → 第十, not by code point
/// (三 sorts before 二), in the leaders' list and in `griddesk week`.
#[test]
fn the_week_goes_by_area_number() {
    use griddesk::store::grid::NodeLevel;
    let dir = tempfile::tempdir().unwrap();
    let db = small_db(dir.path());
    let mut s = Store::open(&db).unwrap();
    let who = me(&s);
    let (c, cname) = a_community(&s);
    for (area, b) in [("第十片区", "十区1号楼"), ("第三片区", "三区1号楼")] {
        let a = s
            .add_grid_node(who, c, NodeLevel::Area, area, None)
            .unwrap();
        let b = s
            .add_grid_node(who, a, NodeLevel::Building, b, Some("1"))
            .unwrap();
        let l = s
            .add_staff(
                who,
                &NewStaff {
                    login: &format!("lead{b}"),
                    name: "测试楼长",
                    role: Role::GridLeader,
                    node_id: None,
                },
            )
            .unwrap();
        s.set_building_leader(who, b, Some(l)).unwrap();
    }
    let leaders = s.read(|c| week::leaders(c, None)).unwrap();
    let areas: Vec<&str> = leaders
        .iter()
        .filter(|l| l.community == cname)
        .map(|l| l.area.as_str())
        .collect();
    let mut seen: Vec<&str> = areas.clone();
    seen.dedup();
    assert_eq!(seen, ["第一片区", "第二片区", "第三片区", "第十片区"]);
    drop(s);
    let o = common::run(&db, &["--lang", "zh", "week"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    let heads: Vec<&str> = out.lines().filter(|l| l.starts_with(&cname)).collect();
    let want: Vec<String> = ["第一片区", "第二片区", "第三片区", "第十片区"]
        .iter()
        .map(|a| format!("{cname} {a}"))
        .collect();
    assert_eq!(heads, want, "{out}");
}

/// A sheet of a workbook as text cells, numbers without a fraction.
fn sheet_cells(path: &Path, n: usize) -> (String, Vec<Vec<String>>) {
    use calamine::{Data, Reader};
    let mut b = calamine::open_workbook_auto(path).unwrap();
    let name = b.sheet_names()[n].clone();
    let r = b.worksheet_range(&name).unwrap();
    let rows = r
        .rows()
        .map(|row| {
            row.iter()
                .map(|c| match c {
                    Data::Float(f) => format!("{f}"),
                    Data::Int(i) => i.to_string(),
                    Data::Empty => String::new(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect();
    (name, rows)
}

/// `griddesk week --format xlsx`: the leaders' sheet holds what the CSV
/// holds, the areas' sheet counts the unconfirmed as the records do, the
/// headers are in the user's language unless `--codes`; a file that
/// exists is refused before the week is confirmed.
#[test]
fn the_week_exports_a_workbook_with_the_csv_counts_and_the_unconfirmed_per_area() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_db(dir.path());
    let wk = "2026-W46";
    let csv = common::run(
        &db,
        &[
            "week",
            "--week",
            wk,
            "--format",
            "csv",
            "--codes",
            "--encoding",
            "utf-8",
        ],
    );
    assert_eq!(csv.status.code(), Some(0), "{}", stderr(&csv));
    let csv: Vec<Vec<String>> = stdout(&csv)
        .lines()
        .map(|l| l.split(',').map(str::to_string).collect())
        .collect();
    assert_eq!(csv[0][0], "week");
    assert_eq!(csv.len(), 13, "12 leaders and the header");
    let coded = dir.path().join("codes.xlsx");
    let o = common::run(
        &db,
        &[
            "week",
            "--week",
            wk,
            "--format",
            "xlsx",
            "--codes",
            "--out",
            coded.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let (name, book) = sheet_cells(&coded, 0);
    assert_eq!(name, "weeks");
    assert_eq!(book, csv, "the workbook's leaders' sheet is the CSV");
    // The figures are real: some leader visited somebody that week.
    assert!(book[1..].iter().any(|r| r[5] != "0"), "{book:?}");

    // Whose week is not confirmed, per area, against the records.
    let raw = rusqlite::Connection::open(&db).unwrap();
    let leaders: i64 = raw
        .query_row(
            "SELECT count(DISTINCT b.leader_id) FROM grid_node b JOIN staff s ON s.id = b.leader_id
              WHERE b.level = 'building' AND s.active = 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let confirmed: i64 = raw
        .query_row(
            "SELECT count(*) FROM week_report WHERE week = ?1",
            [wk],
            |r| r.get(0),
        )
        .unwrap();
    assert!(
        confirmed > 0 && confirmed < leaders,
        "{confirmed}/{leaders}"
    );
    let (name, areas) = sheet_cells(&coded, 1);
    assert_eq!(name, "not_confirmed");
    assert_eq!(areas[0][5], "not_confirmed");
    let col = |i: usize| -> i64 {
        areas[1..]
            .iter()
            .map(|r| r[i].parse::<i64>().unwrap())
            .sum()
    };
    assert_eq!(
        (col(3), col(4), col(5)),
        (leaders, confirmed, leaders - confirmed)
    );
    for r in &areas[1..] {
        let n: i64 = r[3].parse().unwrap();
        let ok: i64 = r[4].parse().unwrap();
        let missing: i64 = r[5].parse().unwrap();
        assert_eq!(n, ok + missing, "{r:?}");
        // The leaders named are the ones the CSV shows without a confirmation.
        let want: Vec<String> = csv[1..]
            .iter()
            .filter(|c| c[1] == r[1] && c[2] == r[2] && c[11].is_empty())
            .map(|c| format!("{}（{}）", c[4], c[3]))
            .collect();
        assert_eq!(r[6], want.join(", "), "{r:?}");
    }
    // The text says as many.
    let text = common::run(&db, &["--lang", "en", "week", "--week", wk]);
    assert!(
        stdout(&text).contains(&format!(
            "{leaders} leaders, {} not confirmed",
            leaders - confirmed
        )),
        "{}",
        stdout(&text)
    );

    // Headers and sheet names in the user's language without --codes.
    let zh = dir.path().join("周报.xlsx");
    let o = common::run(
        &db,
        &[
            "--lang",
            "zh",
            "week",
            "--week",
            wk,
            "--format",
            "xlsx",
            "--out",
            zh.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let (name, words) = sheet_cells(&zh, 0);
    assert_eq!(name, "楼栋长周报");
    assert_eq!(words[0][5], "入户户数");
    assert_eq!(words[1..], book[1..]);
    let (name, areas_zh) = sheet_cells(&zh, 1);
    assert_eq!(name, "未确认（按片区）");
    assert_eq!(areas_zh[0][6], "未确认的楼栋长");
    assert_eq!(areas_zh.len(), areas.len());

    // An existing file is refused before anything is confirmed.
    let leader = &csv[1..].iter().find(|c| c[11].is_empty()).unwrap()[3];
    let before = row_counts(&raw);
    let o = common::run(
        &db,
        &[
            "--lang",
            "en",
            "week",
            "--leader",
            leader,
            "--week",
            wk,
            "--confirm",
            "--format",
            "xlsx",
            "--out",
            zh.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert_eq!(stderr(&o).lines().count(), 1, "{}", stderr(&o));
    assert_eq!(row_counts(&raw), before, "nothing written");
}

/// Several confirmations of a week at once (the demo's leaders, a week
/// together): all or none, each with its actor and the leader's figures.
#[test]
fn confirmations_of_a_week_together_are_all_or_none() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_db(dir.path());
    let mut s = Store::open(&db).unwrap();
    let l = with_leaders(&mut s, 3);
    let sup = me(&s);
    s.set_now(Some(at(2026, 11, 27, 17, 0)));
    let w = Week::parse("2026-W45").unwrap();
    let raw = rusqlite::Connection::open(&db).unwrap();
    let before = row_counts(&raw);
    // The third may not confirm another's week: nothing is kept.
    assert!(matches!(
        s.confirm_weeks(&[(l[0], l[0]), (l[1], l[1]), (l[0], l[2])], w),
        Err(Error::Decision(DecisionError::NotYourWeek(_)))
    ));
    assert_eq!(row_counts(&raw), before, "nothing written");
    let got = s
        .confirm_weeks(&[(l[0], l[0]), (sup, l[1]), (l[2], l[2])], w)
        .unwrap();
    let want: Vec<_> = l
        .iter()
        .map(|&x| s.read(|c| week::figures(c, x, w)).unwrap())
        .collect();
    assert_eq!(got, want);
    assert!(got.iter().any(|f| f.visits > 0), "{got:?}");
    let by: Vec<(i64, i64, i64)> = raw
        .prepare(
            "SELECT r.leader_id, r.confirmed_by, (SELECT count(*) FROM event e
                WHERE e.entity = 'week_report' AND e.entity_id = r.id AND e.staff_id = r.confirmed_by)
               FROM week_report r WHERE r.week = '2026-W45' AND r.leader_id IN (?1, ?2, ?3)
              ORDER BY r.leader_id",
        )
        .unwrap()
        .query_map([l[0], l[1], l[2]], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let mut want = vec![(l[0], l[0], 1), (l[1], sup, 1), (l[2], l[2], 1)];
    want.sort();
    assert_eq!(by, want);
    // Once each.
    assert!(matches!(
        s.confirm_weeks(&[(l[1], l[1])], w),
        Err(Error::Duplicate { .. })
    ));
}

/// `griddesk matter list` in English at 80 columns: no kind is cut; the
/// short labels shown are explained below the list, each by its kind's
/// whole name.
#[test]
fn the_english_matter_list_explains_its_short_kind_labels() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_db(dir.path());
    let o = gd(&db, &["matter", "list"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    let s = Store::open(&db).unwrap();
    let all = s.read(|c| matter::list(c, None)).unwrap();
    // The list, then the legend: `kinds:` and one label a line.
    let at = out.find("\nkinds:\n").expect("a legend") + 1;
    let rows: Vec<&str> = out[..at].lines().collect();
    let legend: Vec<&str> = out[at..].lines().skip(1).map(str::trim).collect();
    for line in out.lines() {
        assert!(line.width() <= 80, "{line}");
    }
    let mut explained = 0;
    for m in &all {
        let row = rows
            .iter()
            .find(|r| r.starts_with(&format!("{:>4} ", m.id)))
            .unwrap_or_else(|| panic!("{}: {out}", m.id));
        assert!(!row.contains('~'), "{row}");
        if !row.contains(&m.kind_en) {
            // Its label, and the legend saying what it stands for.
            let entry = legend
                .iter()
                .find(|e| e.ends_with(&format!("= {}", m.kind_en)))
                .unwrap_or_else(|| panic!("{} unexplained: {legend:?}", m.kind_en));
            let label = entry.split(" = ").next().unwrap();
            assert!(row.contains(&format!(" {label} ")), "{row} / {entry}");
            explained += 1;
        }
    }
    assert!(explained > 0, "{out}");
}
