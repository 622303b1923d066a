//! Party members, activities and points, claims of micro-wishes and units'
//! projects, volunteer teams and 金拐杖 pairs: from the store and from the
//! command line, with the privacy of party membership and the audit trail.

mod common;

use chrono::{Duration, NaiveDate, TimeZone};
use common::{bin, small_db, stderr, stdout};
use griddesk::domain::calendar::tz;
use griddesk::domain::lifecycle::{Channel, Role};
use griddesk::domain::warning::Warning;
use griddesk::store::claim::Claimant;
use griddesk::store::party::{MemberFilter, NewActivity, NewMember};
use griddesk::store::request::NewRequest;
use griddesk::store::staff::NewStaff;
use griddesk::store::team::{HelpKind, NewHelp};
use griddesk::store::{Error, Store};
use std::path::Path;
use std::process::Output;

fn gd(db: &Path, args: &[&str]) -> Output {
    bin()
        .arg("--db")
        .arg(db)
        .arg("--lang")
        .arg("en")
        .args(args)
        .output()
        .unwrap()
}

fn ok(db: &Path, args: &[&str]) -> String {
    let o = gd(db, args);
    assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
    stdout(&o)
}

fn refused(db: &Path, args: &[&str]) -> String {
    let o = gd(db, args);
    assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stdout(&o));
    let e = stderr(&o);
    assert_eq!(e.trim().lines().count(), 1, "one line: {e}");
    e
}

fn count(db: &Path, sql: &str) -> i64 {
    let c = rusqlite::Connection::open(db).unwrap();
    c.query_row(sql, [], |r| r.get(0)).unwrap()
}

/// Rows of every table this feature writes, and of the event log.
fn written(db: &Path) -> Vec<i64> {
    [
        "party_member",
        "party_unit",
        "activity",
        "attendance",
        "points_entry",
        "claim",
        "team",
        "team_member",
        "team_family",
        "help",
        "elderly_pair",
        "pair_visit",
        "event",
    ]
    .iter()
    .map(|t| count(db, &format!("SELECT count(*) FROM {t}")))
    .collect()
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

struct Hall {
    _dir: tempfile::TempDir,
    db: std::path::PathBuf,
    store: Store,
    boss: i64,
    /// Communities (id, name).
    communities: Vec<(i64, String)>,
}

fn hall() -> Hall {
    let dir = tempfile::tempdir().unwrap();
    let db = small_db(dir.path());
    let mut store = Store::open(&db).unwrap();
    store.set_now(Some(tz().with_ymd_and_hms(2026, 11, 27, 10, 0, 0).unwrap()));
    let boss = store
        .read(|c| {
            Ok(
                griddesk::store::staff::by_login(c, &griddesk::cli::config::os_login())?
                    .unwrap()
                    .id,
            )
        })
        .unwrap();
    let communities = store
        .read(|c| griddesk::store::grid::by_level(c, griddesk::store::grid::NodeLevel::Community))
        .unwrap()
        .into_iter()
        .map(|n| (n.id, n.name))
        .collect();
    Hall {
        _dir: dir,
        db,
        store,
        boss,
        communities,
    }
}

fn member(h: &mut Hall, name: &str, community: usize, workplace: &str) -> i64 {
    let c = h.communities[community].0;
    h.store
        .add_member(
            h.boss,
            &NewMember {
                name: name.into(),
                workplace: Some(workplace.into()),
                community_id: c,
                reported_on: day(2026, 3, 1),
                phone: Some("13812345678".into()),
                ..Default::default()
            },
        )
        .unwrap()
}

/// A counter clerk of community `i`.
fn clerk(h: &mut Hall, login: &str, community: usize) -> i64 {
    let c = h.communities[community].0;
    h.store
        .add_staff(
            h.boss,
            &NewStaff {
                login,
                name: login,
                role: Role::Counter,
                node_id: Some(c),
            },
        )
        .unwrap()
}

fn wish(h: &mut Hall, text: &str) -> (i64, String) {
    let r = h
        .store
        .register(
            h.boss,
            &NewRequest::new(Channel::WalkIn, "micro_wish", text),
        )
        .unwrap();
    (r.id, r.ticket)
}

#[test]
fn members_are_seen_by_their_community_and_supervisors_only_and_a_reveal_is_logged() {
    let mut h = hall();
    let a = member(&mut h, "欧阳志远", 0, "区测试一局");
    let b = member(&mut h, "司马静", 1, "区测试二局");
    let mine = clerk(&mut h, "clerk_a", 0);
    let other = clerk(&mut h, "clerk_b", 1);
    // The clerk of A sees A's member, not B's.
    assert_eq!(h.store.member(mine, a).unwrap().name, "欧阳志远");
    assert!(matches!(
        h.store.member(mine, b),
        Err(Error::OtherCommunity(_))
    ));
    assert!(matches!(
        h.store.find_member(mine, "司马静"),
        Err(Error::NotFound { .. })
    ));
    let ours = |w: &str| MemberFilter {
        workplace: Some(w.into()),
        ..Default::default()
    };
    let list = h.store.members(mine, &ours("区测试")).unwrap();
    assert_eq!(
        list.iter().map(|x| x.member.id).collect::<Vec<_>>(),
        vec![a]
    );
    // Asking for another community's list is refused, not emptied.
    assert!(matches!(
        h.store.members(
            mine,
            &MemberFilter {
                community_id: Some(h.communities[1].0),
                ..Default::default()
            }
        ),
        Err(Error::OtherCommunity(_))
    ));
    // The supervisor sees both; the other clerk only theirs.
    assert_eq!(h.store.members(h.boss, &ours("区测试")).unwrap().len(), 2);
    assert!(h.store.reveal_member_phone(other, a).is_err());
    // A reveal gives the phone in full, and is an event with its actor.
    let before = count(
        &h.db,
        "SELECT count(*) FROM event WHERE entity = 'party_member' AND kind = 'reveal'",
    );
    assert_eq!(before, 0, "the refused reveal left no trace of a look");
    let p = h.store.reveal_member_phone(mine, a).unwrap();
    assert_eq!(p.as_deref(), Some("13812345678"));
    let who: i64 = rusqlite::Connection::open(&h.db)
        .unwrap()
        .query_row(
            "SELECT staff_id FROM event WHERE entity = 'party_member' AND entity_id = ?1 AND kind = 'reveal'",
            [a],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(who, mine);
    // Registering a member of another community is refused too.
    let c1 = h.communities[1].0;
    assert!(matches!(
        h.store.add_member(
            mine,
            &NewMember {
                name: "诸葛六".into(),
                community_id: c1,
                reported_on: day(2026, 3, 1),
                ..Default::default()
            }
        ),
        Err(Error::OtherCommunity(_))
    ));
}

#[test]
fn member_commands_mask_phones_log_changes_and_refuse_bad_input_writing_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_db(dir.path());
    let c = count(
        &db,
        "SELECT count(*) FROM grid_node WHERE level = 'community' AND name = '锦华家园社区'",
    );
    assert_eq!(c, 1);
    let out = ok(
        &db,
        &[
            "member",
            "add",
            "欧阳志远",
            "--community",
            "锦华家园社区",
            "--workplace",
            "区住建局",
            "--party-org",
            "区住建局机关党委",
            "--phone",
            "13812345678",
            "--reported",
            "2026-03-05",
        ],
    );
    assert!(out.starts_with('#') && out.contains("\t欧阳志远"), "{out}");
    let list = ok(&db, &["member", "list"]);
    assert!(list.contains("138****5678"), "{list}");
    assert!(
        !list.contains("13812345678"),
        "phones masked in lists: {list}"
    );
    let show = ok(&db, &["member", "show", "欧阳志远"]);
    assert!(show.contains("138****5678") && show.contains("区住建局机关党委"));
    ok(
        &db,
        &["member", "edit", "欧阳志远", "--branch", "第一党支部"],
    );
    let (before, after): (String, String) = rusqlite::Connection::open(&db)
        .unwrap()
        .query_row(
            "SELECT before, after FROM event WHERE entity = 'party_member' AND kind = 'update'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert!(after.contains("第一党支部") && !before.contains("第一党支部"));
    assert!(!after.contains("13812345678"), "events hold masked phones");
    let start = written(&db);
    for (args, names) in [
        (
            vec!["member", "add", "  ", "--community", "锦华家园社区"],
            "name",
        ),
        (
            vec![
                "member",
                "add",
                "王五",
                "--community",
                "锦华家园社区",
                "--phone",
                "12345",
            ],
            "phone",
        ),
        (
            vec![
                "member",
                "add",
                "王五",
                "--community",
                "锦华家园社区",
                "--reported",
                "2026-13-01",
            ],
            "--reported",
        ),
        (
            vec![
                "member",
                "add",
                "王五",
                "--community",
                "锦华家园社区",
                "--reported",
                "2099-01-01",
            ],
            "date",
        ),
        (
            vec!["member", "add", "王五", "--community", "火星社区"],
            "grid node",
        ),
        (
            vec!["member", "add", "王五\u{7}", "--community", "锦华家园社区"],
            "name",
        ),
        (
            vec!["member", "leave", "欧阳志远", "--reason", " "],
            "reason",
        ),
        (vec!["member", "show", "不存在"], "party member"),
        (
            vec![
                "activity",
                "add",
                "--community",
                "锦华家园社区",
                "--kind",
                "跳舞",
                "--title",
                "x",
                "--hours",
                "2",
            ],
            "kind",
        ),
        (
            vec![
                "activity",
                "add",
                "--community",
                "锦华家园社区",
                "--kind",
                "volunteer",
                "--title",
                "x",
                "--hours",
                "25",
            ],
            "--hours",
        ),
        (vec!["claim", "20261127-0001"], "--member"),
    ] {
        let e = refused(&db, &args);
        assert!(e.contains(names), "{args:?}: {e}");
        assert_eq!(written(&db), start, "{args:?} wrote something");
    }
    ok(
        &db,
        &[
            "member",
            "leave",
            "欧阳志远",
            "--reason",
            "工作调动",
            "--date",
            "2026-11-01",
        ],
    );
    let list = ok(&db, &["member", "list"]);
    assert!(
        !list.contains("欧阳志远"),
        "who left is out of the list: {list}"
    );
    let all = ok(&db, &["member", "list", "--all"]);
    assert!(all.contains("欧阳志远") && all.contains("(left)"), "{all}");
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM party_member WHERE name = '欧阳志远'"
        ),
        1,
        "kept"
    );
}

#[test]
fn attendance_gives_the_kinds_points_and_the_ledger_is_append_only() {
    let mut h = hall();
    let a = member(&mut h, "欧阳志远", 0, "区住建局");
    let b = member(&mut h, "司马静", 0, "区教育局");
    let c0 = h.communities[0].0;
    let act = h
        .store
        .add_activity(
            h.boss,
            &NewActivity {
                day: day(2026, 11, 20),
                community_id: c0,
                kind: "志愿服务".into(),
                title: "清理楼道".into(),
                hours: 2.0,
            },
        )
        .unwrap();
    assert_eq!(h.store.attend(h.boss, act, &[a]).unwrap(), 1);
    // Taken twice: counted once.
    assert_eq!(h.store.attend(h.boss, act, &[a]).unwrap(), 0);
    assert_eq!(h.store.points(h.boss, a).unwrap().1, 2, "志愿服务 is 2");
    // The points per kind are data: a supervisor changes them, a clerk cannot.
    let clerk_a = clerk(&mut h, "clerk_a", 0);
    assert!(matches!(
        h.store.set_points(clerk_a, "volunteer", 5),
        Err(Error::Role(_))
    ));
    h.store.set_points(h.boss, "volunteer", 5).unwrap();
    assert_eq!(h.store.attend(clerk_a, act, &[b]).unwrap(), 1);
    assert_eq!(h.store.points(h.boss, b).unwrap().1, 5);
    assert_eq!(h.store.points(h.boss, a).unwrap().1, 2, "old entries kept");
    // A correction is a new entry with a reason; the old one stays.
    let (ledger, _) = h.store.points(h.boss, a).unwrap();
    assert!(matches!(
        h.store
            .correct_points(clerk_a, a, -2, "重复登记", Some(ledger[0].id)),
        Err(Error::Role(_))
    ));
    assert!(matches!(
        h.store
            .correct_points(h.boss, a, -2, "  ", Some(ledger[0].id)),
        Err(Error::Empty(_))
    ));
    h.store
        .correct_points(h.boss, a, -2, "重复登记", Some(ledger[0].id))
        .unwrap();
    let (ledger, total) = h.store.points(h.boss, a).unwrap();
    assert_eq!((ledger.len(), total), (2, 0));
    assert_eq!(ledger[1].correction_of, Some(ledger[0].id));
    assert_eq!(ledger[1].reason, "重复登记");
    let c = rusqlite::Connection::open(&h.db).unwrap();
    assert!(c.execute("UPDATE points_entry SET points = 9", []).is_err());
    assert!(c.execute("DELETE FROM points_entry", []).is_err());
    // A member who left before the day cannot attend.
    h.store
        .member_leaves(h.boss, b, day(2026, 11, 1), "工作调动")
        .unwrap();
    let act2 = h
        .store
        .add_activity(
            h.boss,
            &NewActivity {
                day: day(2026, 11, 25),
                community_id: c0,
                kind: "meeting".into(),
                title: "例会".into(),
                hours: 1.0,
            },
        )
        .unwrap();
    assert!(h.store.attend(h.boss, act2, &[a, b]).is_err());
    assert_eq!(
        count(
            &h.db,
            &format!("SELECT count(*) FROM attendance WHERE activity_id = {act2}")
        ),
        0,
        "all or nothing"
    );
}

#[test]
fn active_means_an_activity_in_the_period() {
    let mut h = hall();
    let a = member(&mut h, "欧阳志远", 0, "区测试局");
    let b = member(&mut h, "司马静", 0, "区测试局");
    let c0 = h.communities[0].0;
    let act = h
        .store
        .add_activity(
            h.boss,
            &NewActivity {
                day: day(2026, 6, 1),
                community_id: c0,
                kind: "theme_day".into(),
                title: "主题党日".into(),
                hours: 3.0,
            },
        )
        .unwrap();
    h.store.attend(h.boss, act, &[a]).unwrap();
    let ids = |h: &Hall, active: Option<bool>, from: NaiveDate| -> Vec<i64> {
        h.store
            .members(
                h.boss,
                &MemberFilter {
                    active,
                    workplace: Some("测试".into()),
                    period: Some((from, day(2026, 11, 27))),
                    ..Default::default()
                },
            )
            .unwrap()
            .into_iter()
            .map(|x| x.member.id)
            .collect()
    };
    assert_eq!(ids(&h, Some(true), day(2026, 1, 1)), vec![a]);
    assert_eq!(ids(&h, Some(false), day(2026, 1, 1)), vec![b]);
    assert_eq!(ids(&h, Some(true), day(2026, 7, 1)), Vec::<i64>::new());
    let wp = h
        .store
        .members(
            h.boss,
            &MemberFilter {
                workplace: Some("区测试二局".into()),
                ..Default::default()
            },
        )
        .unwrap();
    assert!(wp.is_empty());
}

#[test]
fn a_wish_is_claimed_delivered_thanked_and_a_withdrawn_claim_puts_it_back() {
    let mut h = hall();
    let a = member(&mut h, "欧阳志远", 0, "区住建局");
    let b = member(&mut h, "司马静", 0, "区住建局");
    let (id, ticket) = wish(&mut h, "孩子想要一个新书包");
    let unclaimed = |h: &mut Hall| -> bool {
        h.store
            .unclaimed_wishes(10_000)
            .unwrap()
            .iter()
            .any(|(r, _)| r.id == id)
    };
    assert!(unclaimed(&mut h));
    h.store
        .claim(h.boss, id, Claimant::Member(a), None)
        .unwrap();
    assert!(!unclaimed(&mut h));
    // One open claim per wish.
    assert!(matches!(
        h.store.claim(h.boss, id, Claimant::Member(b), None),
        Err(Error::Claimed { .. })
    ));
    // Withdrawn with a reason: free again, and claimed by another.
    assert!(h.store.withdraw_claim(h.boss, id, " ").is_err());
    h.store.withdraw_claim(h.boss, id, "党员外出学习").unwrap();
    assert!(unclaimed(&mut h));
    h.store
        .claim(h.boss, id, Claimant::Member(b), None)
        .unwrap();
    let r = h.store.deliver(h.boss, id, "书包已送到").unwrap();
    assert_eq!(r.status.code(), "resolved");
    h.store.thank(h.boss, id, "孩子很喜欢").unwrap();
    // A delivered wish keeps its claim.
    assert!(h.store.withdraw_claim(h.boss, id, "改主意").is_err());
    let kinds: Vec<String> = h
        .store
        .timeline(id)
        .unwrap()
        .into_iter()
        .map(|e| e.kind)
        .collect();
    for k in ["claim", "claim_withdraw", "resolve", "thanks"] {
        assert!(kinds.iter().any(|x| x == k), "{k} in {kinds:?}");
    }
    let withdraw = h
        .store
        .timeline(id)
        .unwrap()
        .into_iter()
        .find(|e| e.kind == "claim_withdraw")
        .unwrap();
    assert_eq!(withdraw.reason.as_deref(), Some("党员外出学习"));
    // The letter counts the wish for the member who delivered it.
    let l = h
        .store
        .letter(h.boss, b, day(2026, 1, 1), day(2026, 12, 31))
        .unwrap();
    assert_eq!(l.wishes.len(), 1);
    assert_eq!(l.wishes[0].0, ticket);
    let la = h
        .store
        .letter(h.boss, a, day(2026, 1, 1), day(2026, 12, 31))
        .unwrap();
    assert!(
        la.wishes.is_empty(),
        "the withdrawn claim is not a wish fulfilled"
    );
}

#[test]
fn a_wish_unclaimed_for_ten_working_days_is_yellow() {
    let mut h = hall();
    // Registered Monday 2026-11-02 09:00; touched every day so the
    // general rules stay quiet; 30 days' limit.
    h.store
        .set_now(Some(tz().with_ymd_and_hms(2026, 11, 2, 9, 0, 0).unwrap()));
    let (id, _) = wish(&mut h, "想要一台收音机");
    h.store.assign(h.boss, id, h.boss, None).unwrap();
    let note_at = |h: &mut Hall, t: chrono::DateTime<chrono::FixedOffset>| {
        h.store.set_now(Some(t));
        h.store
            .note(
                h.boss,
                id,
                griddesk::store::request::NoteKind::Note,
                "联系党员",
            )
            .unwrap();
    };
    // Nine working days later (Friday 13th, 10:00): not yet.
    let nine = tz().with_ymd_and_hms(2026, 11, 13, 10, 0, 0).unwrap();
    note_at(&mut h, nine - Duration::hours(1));
    let r = h.store.request(id).unwrap();
    let cal = h.store.calendar().unwrap().clone();
    assert_eq!(r.warning(nine, &cal), Warning::None);
    let w = h.store.unclaimed_wishes(100).unwrap();
    assert_eq!(w.iter().find(|(x, _)| x.id == id).unwrap().1, Warning::None);
    // Ten working days (Monday 16th, 10:00): yellow.
    let ten = tz().with_ymd_and_hms(2026, 11, 16, 10, 0, 0).unwrap();
    note_at(&mut h, ten - Duration::hours(1));
    // The one rule: the request's own warning, as every screen and report
    // shows it.
    let r = h.store.request(id).unwrap();
    assert!(
        r.warning(ten, &cal).is_yellow(),
        "{:?}",
        r.warning(ten, &cal)
    );
    let w = h.store.unclaimed_wishes(100).unwrap();
    let got = w.iter().find(|(x, _)| x.id == id).unwrap().1;
    assert!(got.is_yellow(), "{got:?}");
    // Claimed: no longer.
    let a = member(&mut h, "欧阳志远", 0, "区住建局");
    h.store
        .claim(h.boss, id, Claimant::Member(a), None)
        .unwrap();
    h.store.set_now(Some(ten));
    let r = h.store.request(id).unwrap();
    assert_eq!(r.warning(ten, &cal), Warning::None);
}

#[test]
fn units_claim_projects_with_a_promised_date_and_are_done_when_resolved() {
    let mut h = hall();
    let unit = h
        .store
        .add_unit(h.boss, "区测试工程局", "区测试工程局党组")
        .unwrap();
    let a = member(&mut h, "欧阳志远", 0, "区住建局");
    let r = h
        .store
        .register(
            h.boss,
            &NewRequest::new(Channel::WalkIn, "repair", "小巷路面坑洼，请求硬化"),
        )
        .unwrap();
    // A member does not claim a repair; a unit needs a promised date.
    assert!(
        h.store
            .claim(h.boss, r.id, Claimant::Member(a), None)
            .is_err()
    );
    assert!(matches!(
        h.store.claim(h.boss, r.id, Claimant::Unit(unit), None),
        Err(Error::Empty(_))
    ));
    assert!(
        h.store
            .claim(h.boss, r.id, Claimant::Unit(unit), Some(day(2026, 1, 1)))
            .is_err(),
        "a promised date in the past"
    );
    assert_eq!(
        count(
            &h.db,
            &format!("SELECT count(*) FROM claim WHERE request_id = {}", r.id)
        ),
        0
    );
    h.store
        .claim(h.boss, r.id, Claimant::Unit(unit), Some(day(2026, 12, 31)))
        .unwrap();
    let ours = |h: &Hall| -> Vec<(String, i64, i64)> {
        h.store
            .read(griddesk::store::claim::unit_projects)
            .unwrap()
            .into_iter()
            .filter(|x| x.0 == "区测试工程局")
            .collect()
    };
    assert_eq!(ours(&h), vec![("区测试工程局".to_string(), 1, 0)]);
    h.store.deliver(h.boss, r.id, "路面已硬化").unwrap();
    assert_eq!(ours(&h), vec![("区测试工程局".to_string(), 1, 1)]);
}

#[test]
fn claims_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_db(dir.path());
    let ticket = ok(
        &db,
        &[
            "register",
            "--household",
            "1",
            "--category",
            "micro_wish",
            "--text",
            "想要一副老花镜",
        ],
    )
    .split_whitespace()
    .next()
    .unwrap()
    .to_string();
    ok(
        &db,
        &["member", "add", "欧阳志远", "--community", "锦华家园社区"],
    );
    ok(
        &db,
        &[
            "team",
            "add",
            "锦华家园志愿服务队",
            "--community",
            "锦华家园社区",
            "--leader",
            "欧阳志远",
        ],
    );
    let start = written(&db);
    let e = refused(
        &db,
        &["claim", &ticket, "--member", "欧阳志远", "--team", "锦华"],
    );
    assert!(e.contains("exactly one"), "{e}");
    refused(&db, &["claim", &ticket, "--member", "王不在"]);
    refused(&db, &["claim", &ticket, "--withdraw", "没有认领"]);
    assert_eq!(written(&db), start);
    let out = ok(&db, &["claim", &ticket, "--team", "锦华家园志愿服务队"]);
    assert!(out.contains("锦华家园志愿服务队"), "{out}");
    let e = refused(&db, &["claim", &ticket, "--member", "欧阳志远"]);
    assert!(e.contains("claimed by 锦华家园志愿服务队"), "{e}");
    let out = ok(&db, &["claim", &ticket, "--delivered", "老花镜已送到"]);
    assert!(out.contains("resolved"), "{out}");
    ok(&db, &["claim", &ticket, "--thanks", "谢谢志愿者"]);
    let thanks = count(
        &db,
        "SELECT count(*) FROM event WHERE kind = 'thanks' AND staff_id IS NOT NULL",
    );
    assert_eq!(thanks, 1);
}

#[test]
fn teams_help_families_in_difficulty_and_pairs_visit_empty_nests() {
    let mut h = hall();
    let c0 = h.communities[0].0;
    let a = member(&mut h, "欧阳志远", 0, "区住建局");
    let team = h
        .store
        .add_team(
            h.boss,
            "锦华家园志愿服务队",
            c0,
            "欧阳志远",
            Some(a),
            day(2026, 2, 1),
        )
        .unwrap();
    assert!(matches!(
        h.store.add_team(
            h.boss,
            "锦华家园志愿服务队",
            c0,
            "李四",
            None,
            day(2026, 2, 1)
        ),
        Err(Error::Duplicate { .. })
    ));
    h.store.join_team(h.boss, team, Some(a), None).unwrap();
    assert!(h.store.join_team(h.boss, team, Some(a), None).is_err());
    let c = rusqlite::Connection::open(&h.db).unwrap();
    let poor: i64 = c
        .query_row(
            "SELECT id FROM household h WHERE tags LIKE '%低保%' AND voided_at IS NULL
               AND NOT EXISTS (SELECT 1 FROM help x WHERE x.household_id = h.id) LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let plain: i64 = c
        .query_row(
            "SELECT h.id FROM household h WHERE h.tags = '' AND voided_at IS NULL
               AND NOT EXISTS (SELECT 1 FROM resident r WHERE r.household_id = h.id
                 AND (r.tags LIKE '%残疾%' OR r.tags LIKE '%低保%' OR r.tags LIKE '%特困%' OR r.tags LIKE '%空巢%' OR r.tags LIKE '%独居%'))
             LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let empty_nest: i64 = c
        .query_row(
            "SELECT id FROM household h WHERE tags LIKE '%空巢%' AND voided_at IS NULL
               AND NOT EXISTS (SELECT 1 FROM elderly_pair p WHERE p.household_id = h.id) LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let help = |kind, household, job: Option<&str>| NewHelp {
        team_id: team,
        household_id: household,
        day: day(2026, 11, 20),
        kind,
        hours: 2.0,
        note: "代购米面油".into(),
        job: job.map(str::to_string),
    };
    // A family with no difficulty tag is not one a team helps.
    assert!(matches!(
        h.store
            .record_help(h.boss, &help(HelpKind::Living, plain, None)),
        Err(Error::Invalid { .. })
    ));
    // A job found goes with 就业帮扶 only.
    assert!(
        h.store
            .record_help(h.boss, &help(HelpKind::Living, poor, Some("保洁员")))
            .is_err()
    );
    let of_team = |t: &str| format!("SELECT count(*) FROM {t} WHERE team_id = {team}");
    assert_eq!(count(&h.db, &of_team("help")), 0);
    assert_eq!(count(&h.db, &of_team("team_family")), 0);
    h.store
        .record_help(
            h.boss,
            &help(HelpKind::Employment, poor, Some("物业保洁员")),
        )
        .unwrap();
    h.store
        .record_help(h.boss, &help(HelpKind::Living, poor, None))
        .unwrap();
    let helps = h
        .store
        .read(|c| griddesk::store::team::helps_for_household(c, poor))
        .unwrap();
    assert_eq!(helps.len(), 2);
    assert!(helps.iter().any(|x| x.job.as_deref() == Some("物业保洁员")));
    let fam = h
        .store
        .read(|c| griddesk::store::team::families(c, team))
        .unwrap();
    assert_eq!(fam.len(), 1, "one family, two helps");
    // 金拐杖: an empty-nest household only, one open pair each.
    assert!(
        h.store
            .add_pair(h.boss, "欧阳志远", Some(a), plain, day(2026, 3, 1))
            .is_err()
    );
    let p = h
        .store
        .add_pair(h.boss, "欧阳志远", Some(a), empty_nest, day(2026, 3, 1))
        .unwrap();
    assert!(
        h.store
            .add_pair(h.boss, "李四", None, empty_nest, day(2026, 3, 1))
            .is_err()
    );
    h.store
        .pair_visit(h.boss, p, day(2026, 11, 20), "陪老人就医")
        .unwrap();
    let pairs: Vec<_> = h
        .store
        .read(griddesk::store::team::pairs)
        .unwrap()
        .into_iter()
        .filter(|x| x.household_id == empty_nest)
        .collect();
    assert_eq!(pairs.len(), 1);
    assert_eq!(pairs[0].visits, 1);
    // Every change is an event with its actor.
    assert_eq!(
        count(
            &h.db,
            "SELECT count(*) FROM event WHERE entity IN ('team','help','elderly_pair','pair_visit') AND staff_id IS NULL"
        ),
        0
    );
    assert!(
        count(
            &h.db,
            "SELECT count(*) FROM event WHERE entity IN ('team','help','elderly_pair','pair_visit')"
        ) >= 6
    );
}

#[test]
fn the_feedback_letter_fits_80_columns_in_both_languages() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_db(dir.path());
    ok(
        &db,
        &[
            "member",
            "add",
            "欧阳长名字",
            "--community",
            "锦华家园社区",
            "--workplace",
            "周口市川汇区住房和城乡建设局城市建设管理服务中心第二科室",
            "--party-org",
            "周口市川汇区住房和城乡建设局机关党委第三党总支部委员会",
            "--reported",
            "2026-01-05",
        ],
    );
    let id = ok(
        &db,
        &[
            "activity",
            "add",
            "--community",
            "锦华家园社区",
            "--kind",
            "opinion",
            "--title",
            &"征集居民对老旧小区改造加装电梯和停车位规划的意见建议".repeat(3),
            "--hours",
            "1.5",
            "--date",
            "2026-10-10",
        ],
    );
    ok(
        &db,
        &["activity", "attend", id.trim(), "--member", "欧阳长名字"],
    );
    for lang in ["zh", "en"] {
        let o = bin()
            .arg("--db")
            .arg(&db)
            .args([
                "--lang",
                lang,
                "letter",
                "欧阳长名字",
                "--from",
                "2026-01-01",
                "--to",
                "2026-12-31",
            ])
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let text = stdout(&o);
        use unicode_width::UnicodeWidthStr;
        for line in text.lines() {
            assert!(line.width() <= 80, "{lang}: {} cells: {line}", line.width());
        }
        assert!(text.contains("1.5"), "{text}");
        assert!(text.contains(if lang == "zh" {
            "意见征集"
        } else {
            "collecting opinions"
        }));
        assert!(
            text.contains(if lang == "zh" {
                "获得积分 1"
            } else {
                "1 points"
            }),
            "{text}"
        );
    }
    // A member with no activity: no hours, written as 0.0.
    ok(
        &db,
        &[
            "member",
            "add",
            "欧阳无活动",
            "--community",
            "锦华家园社区",
            "--reported",
            "2026-01-05",
        ],
    );
    let none = ok(
        &db,
        &[
            "letter",
            "欧阳无活动",
            "--from",
            "2026-01-01",
            "--to",
            "2026-12-31",
        ],
    );
    assert!(none.contains("0 activities, 0.0 hours"), "{none}");
    let e = refused(
        &db,
        &[
            "letter",
            "欧阳长名字",
            "--from",
            "2026-12-31",
            "--to",
            "2026-01-01",
        ],
    );
    assert!(e.contains("date"), "{e}");
}

#[test]
fn the_demo_report_gives_the_source_figures_in_proportion() {
    let mut h = hall();
    let from = day(2026, 1, 1);
    let to = common::as_of();
    let (r, kids) = h.store.report_with_children(from, to, None).unwrap();
    // The small scale is 500 of the district's 30,000 households.
    let n = |x: f64| (x * 500.0 / 30000.0).round() as i64;
    assert_eq!(r.party_members_reported, n(3747.0));
    assert_eq!(r.party_members_active, n(3218.0));
    assert_eq!(r.unit_projects_claimed, n(256.0));
    assert_eq!(r.volunteer_teams, n(132.0));
    assert_eq!(r.families_helped, n(1550.0));
    assert_eq!(r.jobs_found, n(716.0));
    assert_eq!(r.elderly_pairs, n(85.0));
    assert!(r.unit_projects_done <= r.unit_projects_claimed);
    // Every micro-wish not cancelled is claimed.
    let wishes = count(
        &h.db,
        "SELECT count(*) FROM request WHERE category_code = 'micro_wish' AND status <> 'cancelled'",
    );
    assert!(wishes > 0);
    assert_eq!(r.micro_wishes_claimed, wishes);
    // The rate is computed from the figures, not copied.
    let rate = r.party_member_rate().unwrap();
    assert!((rate - 100.0 * n(3218.0) as f64 / n(3747.0) as f64).abs() < 1e-9);
    // The communities add up to the district.
    let sum = |f: fn(&griddesk::store::views::Report) -> i64| kids.iter().map(f).sum::<i64>();
    assert_eq!(sum(|k| k.party_members_reported), r.party_members_reported);
    assert_eq!(sum(|k| k.families_helped), r.families_helped);
    assert_eq!(sum(|k| k.micro_wishes_claimed), r.micro_wishes_claimed);
    // Through the store calls: every record has its event with an actor.
    assert_eq!(
        count(
            &h.db,
            "SELECT count(*) FROM party_member m WHERE NOT EXISTS (SELECT 1 FROM event e
               WHERE e.entity = 'party_member' AND e.entity_id = m.id AND e.kind = 'created' AND e.staff_id IS NOT NULL)"
        ),
        0
    );
    // Reported to their own community's staff or supervisors: each list
    // is the community's.
    let clerk = clerk(&mut h, "clerk_a", 0);
    let mine = h.store.members(clerk, &MemberFilter::default()).unwrap();
    assert!(!mine.is_empty());
    assert!(
        mine.iter()
            .all(|x| x.member.community_id == h.communities[0].0)
    );
}

#[test]
fn the_report_as_json_is_an_object_of_codes_and_values() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_db(dir.path());
    let out = ok(
        &db,
        &[
            "export",
            "report",
            "--from",
            "2026-01-01",
            "--to",
            "2026-11-27",
            "--format",
            "json",
        ],
    );
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let get = |k: &str| v[k].as_i64().unwrap_or_else(|| panic!("{k} in {out}"));
    assert_eq!(get("party_members_reported"), 62);
    assert_eq!(get("party_members_active"), 54);
    assert_eq!(v["party_member_rate"].as_f64(), Some(87.1), "54 / 62");
    for k in [
        "micro_wishes_claimed",
        "unit_projects_claimed",
        "unit_projects_done",
        "volunteer_teams",
        "families_helped",
        "jobs_found",
        "elderly_pairs",
        "visits",
        "requests",
    ] {
        get(k);
    }
    let csv = ok(
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
    let head = csv.lines().next().unwrap();
    assert!(
        head.contains("party_members_reported,party_members_active,party_member_rate,micro_wishes_claimed,unit_projects_claimed,unit_projects_done,volunteer_teams,families_helped,jobs_found,elderly_pairs"),
        "{head}"
    );
    let md = ok(&db, &["export", "report", "--to", "2026-11-27"]);
    assert!(md.contains("| party_member_rate | 87.1 |"), "{md}");
}

/// The one search box finds members by name, pinyin, initials, phone and
/// workplace, for staff of their community and supervisors only; the
/// phone shown masked; a member who left is not found.
#[test]
fn the_search_finds_members_for_those_who_may_see_them() {
    let mut h = hall();
    let a = member(&mut h, "欧阳志远", 0, "区测试工程局");
    let clerk_a = clerk(&mut h, "clerk_a", 0);
    let clerk_b = clerk(&mut h, "clerk_b", 1);
    let finds = |h: &Hall, who: i64, q: &str| -> bool {
        h.store
            .search_members(who, q, 20)
            .unwrap()
            .iter()
            .any(|x| x.kind == griddesk::store::search::HitKind::Member && x.id == a)
    };
    for q in [
        "欧阳志远",
        "志远",
        "ouyangzhiyuan",
        "oyzy",
        "13812345678",
        "5678",
        "测试工程",
    ] {
        assert!(finds(&h, h.boss, q), "supervisor, {q}");
        assert!(finds(&h, clerk_a, q), "their community's clerk, {q}");
        assert!(!finds(&h, clerk_b, q), "another community's clerk, {q}");
    }
    assert!(!finds(&h, h.boss, "欧阳志强"));
    let hit = h
        .store
        .search_members(h.boss, "oyzy", 20)
        .unwrap()
        .into_iter()
        .find(|x| x.id == a)
        .unwrap();
    assert!(!hit.detail.contains("13812345678"), "{}", hit.detail);
    assert!(hit.detail.contains("138****5678"), "{}", hit.detail);
    h.store
        .member_leaves(h.boss, a, day(2026, 11, 27), "工作调动")
        .unwrap();
    assert!(!finds(&h, h.boss, "欧阳志远"), "a member who left");
}

/// `griddesk find` lists the party members the operator may see, from the
/// screens' search, labelled member (党员), phones masked, in `--json`
/// too; a counter clerk gets their own community's members only.
#[test]
fn find_lists_members_the_operator_may_see() {
    let mut h = hall();
    let a = member(&mut h, "欧阳志远", 0, "区测试工程局");
    let b = member(&mut h, "欧阳志刚", 1, "区测试工程局");
    let lines = ok(&h.db, &["find", "测试工程"]);
    for name in ["欧阳志远", "欧阳志刚"] {
        let line = lines
            .lines()
            .find(|l| l.contains(name))
            .unwrap_or_else(|| panic!("{name}: {lines}"));
        assert!(line.starts_with("member\t"), "{line}");
        assert!(line.contains("138****5678"), "{line}");
    }
    assert!(!lines.contains("13812345678"), "{lines}");
    let zh = bin()
        .arg("--db")
        .arg(&h.db)
        .args(["--lang", "zh", "find", "oyzy"])
        .output()
        .unwrap();
    assert_eq!(zh.status.code(), Some(0), "{}", stderr(&zh));
    assert!(
        stdout(&zh).lines().any(|l| l.starts_with("党员\t欧阳志远")),
        "{}",
        stdout(&zh)
    );
    let json: serde_json::Value =
        serde_json::from_str(&ok(&h.db, &["find", "测试工程", "--json"])).unwrap();
    let ids: Vec<i64> = json
        .as_array()
        .unwrap()
        .iter()
        .filter(|x| x["kind"] == "member")
        .map(|x| x["id"].as_i64().unwrap())
        .collect();
    assert!(ids.contains(&a) && ids.contains(&b), "{json}");
    assert!(!json.to_string().contains("13812345678"), "{json}");
    // The operator becomes a clerk of the first community (another
    // supervisor makes the change): the other community's member is gone.
    let me = h.boss;
    let other = h
        .store
        .add_staff(
            me,
            &NewStaff {
                login: "boss2",
                name: "boss2",
                role: Role::Supervisor,
                node_id: None,
            },
        )
        .unwrap();
    h.store
        .edit_staff(
            other,
            me,
            &griddesk::store::staff::StaffEdit {
                role: Some(Role::Counter),
                hall: Some(Some(h.communities[0].0)),
                ..Default::default()
            },
        )
        .unwrap();
    let lines = ok(&h.db, &["find", "测试工程"]);
    assert!(lines.contains("欧阳志远"), "{lines}");
    assert!(!lines.contains("欧阳志刚"), "{lines}");
}

/// A version 7 file (no member keys) is upgraded when opened: the keys
/// written for every member are the ones the store writes when it
/// registers them, and the search finds members by them.
#[test]
fn a_version_7_database_gets_the_members_keys() {
    let dir = tempfile::TempDir::new().unwrap();
    let db = small_db(dir.path());
    let rows = |c: &rusqlite::Connection| -> Vec<(String, i64, i64)> {
        c.prepare("SELECT key, kind, member_id FROM member_key ORDER BY 1, 2, 3")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .map(|r| r.unwrap())
            .collect()
    };
    let written = {
        let c = rusqlite::Connection::open(&db).unwrap();
        let v = rows(&c);
        let members: i64 = c
            .query_row("SELECT count(*) FROM party_member", [], |r| r.get(0))
            .unwrap();
        assert!(members > 0 && v.len() as i64 >= 2 * members, "{}", v.len());
        c.execute_batch("DROP TABLE member_key; PRAGMA user_version = 7;")
            .unwrap();
        v
    };
    let s = Store::open(&db).unwrap();
    let version: i64 = s
        .conn()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, griddesk::store::schema::LATEST);
    assert_eq!(rows(s.conn()), written);
    let (name, sup): (String, i64) = s
        .conn()
        .query_row(
            "SELECT (SELECT name FROM party_member WHERE left_on IS NULL ORDER BY id LIMIT 1),
                    (SELECT id FROM staff WHERE role = 'supervisor' AND active = 1 LIMIT 1)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let initials = griddesk::domain::names::name_keys(&name).initials;
    let hits = s.search_members(sup, &initials, 100).unwrap();
    assert!(hits.iter().any(|h| h.label == name), "{initials}: {hits:?}");
}

/// `member list` starts with a header row naming the columns in the
/// user's language, one name per column of the rows below.
#[test]
fn the_member_list_has_a_header_row_in_the_users_language() {
    let dir = tempfile::TempDir::new().unwrap();
    let db = small_db(dir.path());
    for (lang, head) in [
        ("zh", "编号\t姓名\t社区\t工作单位\t电话\t活动次数"),
        ("en", "id\tname\tcommunity\tworkplace\tphone\tactivities"),
    ] {
        let o = bin()
            .arg("--db")
            .arg(&db)
            .args(["--lang", lang, "member", "list"])
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", stderr(&o));
        let out = stdout(&o);
        let mut lines = out.lines();
        assert_eq!(lines.next(), Some(head), "{out}");
        let row = lines.next().expect("a member");
        assert!(row.starts_with('#'), "{row}");
        assert_eq!(row.split('\t').count(), head.split('\t').count(), "{row}");
    }
}
