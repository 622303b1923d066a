//! Store tests on a `small` demo database: search of every kind, the
//! request lifecycle with its events, tickets, refusals of foreign files.

mod common;

use chrono::TimeZone;
use griddesk::domain::address;
use griddesk::domain::calendar::{DayKind, tz};
use griddesk::domain::lifecycle::{Channel, Level, Rating, Status};
use griddesk::store::household::{self, NewHousehold, ResidentInput};
use griddesk::store::request::{FollowUp, NewRequest, NoteKind};
use griddesk::store::search::{HitKind, Matched};
use griddesk::store::{Error, Store, staff};
use tempfile::TempDir;

struct Fixture {
    _dir: TempDir,
    store: Store,
    op: i64,
    household: i64,
}

/// A small demo plus a household at 锦华家园社区 3-2-1501 with known people.
fn fixture() -> Fixture {
    let dir = TempDir::new().unwrap();
    let path = common::small_db(dir.path());
    let mut store = Store::open(&path).unwrap();
    store.set_now(Some(tz().with_ymd_and_hms(2026, 11, 27, 10, 0, 0).unwrap()));
    let op = staff::by_login(store.conn(), &griddesk::cli::config::os_login())
        .unwrap()
        .unwrap()
        .id;
    let building = {
        let a = address::parse("锦华家园 3号楼").unwrap();
        let h = household::at_address(store.conn(), &a, 1).unwrap();
        h[0].building_id
    };
    let now = store.now();
    let today = now.date_naive();
    let hid = household::add(
        store.conn(),
        now,
        Some(op),
        &NewHousehold {
            building_id: building,
            unit: "2",
            room: "1501",
            phone: Some("0394-8123456"),
            tags: "",
            note: "",
        },
    )
    .unwrap();
    let people = [
        ("曾国藩", "41160219650315211X", "13812345678", "户主"),
        ("单田芳", "411602196807120424", "13987654321", "配偶"),
        ("翟志刚", "411602199001013017", "", "子"),
        ("欧阳娜娜", "", "15611112222", "女"),
    ];
    for (name, id, mobile, rel) in people {
        let id = if id.is_empty() {
            String::new()
        } else {
            fix_check(id)
        };
        let input = ResidentInput {
            name: name.into(),
            id_number: id,
            mobile: mobile.into(),
            relation: rel.into(),
            ..Default::default()
        };
        let r = input.validate(today).unwrap();
        household::add_resident(store.conn(), now, Some(op), hid, &r).unwrap();
    }
    Fixture {
        _dir: dir,
        store,
        op,
        household: hid,
    }
}

/// Replaces the last character with the right check character.
fn fix_check(id: &str) -> String {
    let c = griddesk::domain::ident::check_char(&id[..17]).unwrap();
    format!("{}{c}", &id[..17])
}

fn labels(f: &Fixture, q: &str) -> Vec<(HitKind, String, Matched, bool)> {
    f.store
        .search(q, 20)
        .unwrap()
        .into_iter()
        .map(|h| (h.kind, h.label, h.matched, h.exact))
        .collect()
}

fn finds(f: &Fixture, q: &str, name: &str) -> bool {
    labels(f, q).iter().any(|(_, l, _, _)| l.contains(name))
}

#[test]
fn every_address_form_finds_the_household() {
    let f = fixture();
    for q in [
        "锦华家园 3-2-1501",
        "锦华家园3号楼2单元1501",
        "锦华家园 3栋2单元1501室",
        "锦华家园 ３－２－１５０１",
    ] {
        let hits = f.store.search(q, 20).unwrap();
        assert_eq!(hits.len(), 1, "{q}: {hits:?}");
        assert_eq!(hits[0].id, f.household, "{q}");
        assert_eq!(hits[0].kind, HitKind::Household);
        assert!(hits[0].exact);
        assert!(
            hits[0].label.contains("曾国藩"),
            "head shown: {}",
            hits[0].label
        );
    }
    // Without the place, every community's 3-2-1501 (only ours exists).
    let hits = f.store.search("3-2-1501", 20).unwrap();
    assert!(hits.iter().any(|h| h.id == f.household));
    // A partial address lists the building's households.
    assert!(f.store.search("锦华家园 3号楼", 50).unwrap().len() > 10);
}

#[test]
fn chinese_names_by_one_two_or_three_characters_anywhere() {
    let f = fixture();
    assert!(finds(&f, "曾国藩", "曾国藩"));
    assert!(finds(&f, "曾国", "曾国藩"));
    assert!(finds(&f, "国藩", "曾国藩"));
    assert!(finds(&f, "藩", "曾国藩"));
    assert!(finds(&f, "阳娜", "欧阳娜娜"));
    // Exact before partial.
    let hits = labels(&f, "曾国藩");
    assert!(hits[0].1.starts_with("曾国藩") && hits[0].3);
}

#[test]
fn pinyin_and_initials_with_surname_readings() {
    let f = fixture();
    assert!(finds(&f, "zengguofan", "曾国藩"));
    assert!(finds(&f, "zeng", "曾国藩"));
    assert!(finds(&f, "zgf", "曾国藩"));
    assert!(finds(&f, "stf", "单田芳"));
    assert!(finds(&f, "shantianfang", "单田芳"));
    assert!(finds(&f, "zhaizhigang", "翟志刚"));
    assert!(finds(&f, "ZZG", "翟志刚"));
    let hits = labels(&f, "zgf");
    let ours = hits.iter().find(|h| h.1.contains("曾国藩")).unwrap();
    assert_eq!(ours.2, Matched::Initials);
    assert!(ours.3, "an exact initials match");
}

#[test]
fn tricky_surnames_are_all_found_by_their_surname_reading() {
    let f = fixture();
    let now = f.store.now();
    let today = now.date_naive();
    let cases = [
        ("解放", "xf"),
        ("仇英", "qy"),
        ("区小玲", "oxl"),
        ("查良", "zl"),
        ("朴树", "ps"),
        ("覃斌", "qb"),
        ("缪斯", "ms"),
    ];
    for (name, init) in cases {
        let r = ResidentInput {
            name: name.into(),
            relation: "其他".into(),
            ..Default::default()
        }
        .validate(today)
        .unwrap();
        household::add_resident(f.store.conn(), now, Some(f.op), f.household, &r).unwrap();
        assert!(finds(&f, init, name), "{name} by {init}");
    }
    assert!(finds(&f, "xiefang", "解放"));
    assert!(finds(&f, "ouxiaoling", "区小玲"));
    assert!(finds(&f, "piaoshu", "朴树"));
}

#[test]
fn phones_ids_and_tickets() {
    let mut f = fixture();
    assert!(finds(&f, "13812345678", "曾国藩"));
    assert!(finds(&f, "138 1234 5678", "曾国藩"));
    assert!(finds(&f, "5678", "曾国藩"));
    let id = fix_check("41160219650315211X");
    assert!(finds(&f, &id, "曾国藩"));
    assert!(finds(&f, &id[14..], "曾国藩"));
    assert!(finds(&f, &id[12..], "曾国藩"));
    // The household's landline, as written on the form, without the dash,
    // and by its last 4: each finds the household.
    for q in ["0394-8123456", "03948123456", "3456"] {
        let hits = f.store.search(q, 20).unwrap();
        assert!(
            hits.iter()
                .any(|h| h.kind == HitKind::Household && h.id == f.household),
            "{q}: {:?}",
            hits.iter().map(|h| (&h.kind, &h.label)).collect::<Vec<_>>()
        );
    }
    // IDs and phones are masked in every hit.
    for h in f.store.search("曾国藩", 20).unwrap() {
        assert!(
            !h.detail.contains(&id) && !h.detail.contains("13812345678"),
            "{}",
            h.detail
        );
        assert!(h.detail.contains("138****5678"));
    }
    let mut nr = NewRequest::new(Channel::WalkIn, "consult", "咨询医保");
    nr.household_id = Some(f.household);
    let reg = f.store.register(f.op, &nr).unwrap();
    let hits = f.store.search(&reg.ticket, 5).unwrap();
    assert_eq!(hits[0].kind, HitKind::Request);
    assert_eq!(hits[0].id, reg.id);
    assert!(
        f.store
            .search(&reg.ticket.replace('-', ""), 5)
            .unwrap()
            .iter()
            .any(|h| h.id == reg.id)
    );
}

#[test]
fn results_are_limited() {
    let f = fixture();
    assert!(f.store.search("张", 5).unwrap().len() <= 5);
    assert_eq!(f.store.search("", 5).unwrap().len(), 0);
}

#[test]
fn the_whole_lifecycle_with_events_and_a_correction() {
    let mut f = fixture();
    let mut nr = NewRequest::new(Channel::WalkIn, "errand.dibao", "申请低保");
    nr.household_id = Some(f.household);
    nr.materials = vec!["户口本".into(), "身份证".into()];
    let reg = f.store.register(f.op, &nr).unwrap();
    assert!(reg.ticket.starts_with("20261127-"));
    let id = reg.id;
    let r = f.store.request(id).unwrap();
    assert_eq!(r.status, Status::Registered);
    assert_eq!(r.level, Level::Community);
    // 20 working days from Friday 2026-11-27.
    assert_eq!(
        r.due_at.format("%Y-%m-%d %H:%M").to_string(),
        "2026-12-25 18:00"
    );

    let agent = staff::by_login(f.store.conn(), "agent001")
        .unwrap()
        .unwrap()
        .id;
    let r = f.store.assign(f.op, id, agent, Some(r.version)).unwrap();
    assert_eq!(r.status, Status::Assigned);
    let r = f.store.start(agent, id, None, Some(r.version)).unwrap();
    assert_eq!(r.status, Status::InProgress);

    // Wait from Friday 10:00 to Tuesday 10:00: the due time moves by the
    // working time waited (Friday 14 h + Monday 24 h + Tuesday 10 h = 2 working days).
    let r = f
        .store
        .wait(agent, id, "等待居民补交收入证明", Some(r.version))
        .unwrap();
    assert_eq!(r.status, Status::Waiting);
    f.store
        .set_now(Some(tz().with_ymd_and_hms(2026, 12, 1, 10, 0, 0).unwrap()));
    let r = f.store.resume(agent, id, None, Some(r.version)).unwrap();
    assert_eq!(r.status, Status::InProgress);
    assert_eq!(
        r.due_at.format("%Y-%m-%d %H:%M").to_string(),
        "2026-12-29 18:00"
    );

    let r = f
        .store
        .escalate(agent, id, "需街道审批", Some(r.version))
        .unwrap();
    assert_eq!(r.level, Level::Subdistrict);
    let r = f
        .store
        .return_down(agent, id, "社区可办", Some(r.version))
        .unwrap();
    assert_eq!(r.level, Level::Community);
    assert!(matches!(
        f.store.escalate(agent, id, "  ", None),
        Err(Error::Empty(_))
    ));

    f.store
        .note(agent, id, NoteKind::Note, "已联系民政局")
        .unwrap();
    f.store
        .note(agent, id, NoteKind::Reply, "材料已提交，请等待审批")
        .unwrap();
    let r = f.store.request(id).unwrap();
    let r = f
        .store
        .resolve(agent, id, "低保已批准", Some(r.version))
        .unwrap();
    assert_eq!(r.status, Status::Resolved);
    assert_eq!(r.result.as_deref(), Some("低保已批准"));

    let (r, corr) = f
        .store
        .follow_up(
            f.op,
            id,
            FollowUp::Rated(Rating::Dissatisfied),
            Some(r.version),
        )
        .unwrap();
    assert_eq!(r.status, Status::Closed);
    assert_eq!(r.rating, Some(2));
    let corr = corr.expect("a poor rating opens a correction");
    let c = f.store.request(corr.id).unwrap();
    assert_eq!(c.correction_of, Some(id));
    assert_eq!(c.status, Status::Registered);
    // 15 working days from Tuesday 2026-12-01.
    assert_eq!(c.due_at.format("%Y-%m-%d").to_string(), "2026-12-22");

    let kinds: Vec<String> = f
        .store
        .timeline(id)
        .unwrap()
        .into_iter()
        .map(|e| e.kind)
        .collect();
    assert_eq!(
        kinds,
        [
            "created",
            "custody_in",
            "custody_in",
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
            "correction"
        ]
    );
}

#[test]
fn refused_moves_name_both_states_and_write_nothing() {
    let mut f = fixture();
    let mut nr = NewRequest::new(Channel::Phone, "repair", "路灯不亮");
    nr.household_id = Some(f.household);
    let reg = f.store.register(f.op, &nr).unwrap();
    let before = f.store.timeline(reg.id).unwrap().len();
    match f.store.resolve(f.op, reg.id, "done", None) {
        Err(Error::Transition(t)) => {
            assert_eq!(t.from, Status::Registered);
            assert_eq!(t.to, Status::Resolved);
            let msg = griddesk::i18n::error(&Error::Transition(t), griddesk::i18n::Lang::Zh);
            assert!(msg.contains("受理") && msg.contains("办结"), "{msg}");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(f.store.timeline(reg.id).unwrap().len(), before);
    f.store.cancel(f.op, reg.id, "重复登记", None).unwrap();
    assert!(matches!(
        f.store.start(f.op, reg.id, None, None),
        Err(Error::Transition(_))
    ));
}

#[test]
fn a_stale_version_is_a_conflict() {
    let mut f = fixture();
    let mut nr = NewRequest::new(Channel::WalkIn, "opinion", "建议增设座椅");
    nr.household_id = Some(f.household);
    let reg = f.store.register(f.op, &nr).unwrap();
    let v = f.store.request(reg.id).unwrap().version;
    f.store.assign(f.op, reg.id, f.op, Some(v)).unwrap();
    assert!(matches!(
        f.store.start(f.op, reg.id, None, Some(v)),
        Err(Error::Conflict)
    ));
}

#[test]
fn only_supervisors_reopen_closed_requests() {
    let mut f = fixture();
    let mut nr = NewRequest::new(Channel::WalkIn, "consult", "咨询");
    nr.household_id = Some(f.household);
    let id = f.store.register(f.op, &nr).unwrap().id;
    let counter = staff::by_login(f.store.conn(), "counter001")
        .unwrap()
        .unwrap()
        .id;
    f.store.assign(f.op, id, counter, None).unwrap();
    f.store.start(counter, id, None, None).unwrap();
    f.store.resolve(counter, id, "已答复", None).unwrap();
    f.store
        .follow_up(counter, id, FollowUp::Rated(Rating::Satisfied), None)
        .unwrap();
    match f.store.reopen(counter, id, "居民再次来访", None) {
        Err(Error::Role(r)) => assert_eq!(r.needs, griddesk::domain::lifecycle::Role::Supervisor),
        other => panic!("{other:?}"),
    }
    let r = f.store.reopen(f.op, id, "居民再次来访", None).unwrap();
    assert_eq!(r.status, Status::InProgress);
    assert_eq!(r.rating, None);
}

#[test]
fn events_cannot_be_changed_or_deleted() {
    let f = fixture();
    let c = f.store.conn();
    let n: i64 = c
        .query_row("SELECT count(*) FROM event", [], |r| r.get(0))
        .unwrap();
    assert!(n > 0);
    let e = c
        .execute("UPDATE event SET note = 'x' WHERE id = 1", [])
        .unwrap_err();
    assert!(e.to_string().contains("append-only"), "{e}");
    let e = c.execute("DELETE FROM event WHERE id = 1", []).unwrap_err();
    assert!(e.to_string().contains("append-only"), "{e}");
    let m: i64 = c
        .query_row("SELECT count(*) FROM event", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, m);
}

#[test]
fn unknown_category_names_the_closest() {
    let mut f = fixture();
    let mut nr = NewRequest::new(Channel::WalkIn, "disput", "x");
    nr.household_id = Some(f.household);
    match f.store.register(f.op, &nr) {
        Err(Error::UnknownCategory { closest, .. }) => {
            assert_eq!(closest.as_deref(), Some("dispute"))
        }
        other => panic!("{other:?}"),
    }
    let nr = NewRequest::new(Channel::WalkIn, "dispute", " \u{3000} ");
    assert!(matches!(f.store.register(f.op, &nr), Err(Error::Empty(_))));
}

#[test]
fn holidays_move_due_times() {
    let mut f = fixture();
    let d = |m, day| chrono::NaiveDate::from_ymd_opt(2026, m, day).unwrap();
    f.store
        .set_calendar_days(&[(d(11, 30), DayKind::Holiday, "test".into())])
        .unwrap();
    let mut nr = NewRequest::new(Channel::WalkIn, "safety", "楼道堆物");
    nr.household_id = Some(f.household);
    // 3 working days from Friday with Monday off: Thursday.
    let reg = f.store.register(f.op, &nr).unwrap();
    assert_eq!(reg.due_at.format("%Y-%m-%d").to_string(), "2026-12-03");
}

#[test]
fn resident_validation_names_the_field() {
    let today = common::as_of();
    let bad_id = ResidentInput {
        name: "张三".into(),
        id_number: "411602196503152110".into(),
        ..Default::default()
    };
    assert!(matches!(bad_id.validate(today), Err(Error::BadId(_))));
    let bad_phone = ResidentInput {
        name: "张三".into(),
        mobile: "12345".into(),
        ..Default::default()
    };
    assert!(matches!(bad_phone.validate(today), Err(Error::BadPhone(_))));
    let no_name = ResidentInput {
        name: " ".into(),
        ..Default::default()
    };
    assert!(matches!(no_name.validate(today), Err(Error::Empty(_))));
}

fn dump(path: &std::path::Path) -> Vec<String> {
    let c = rusqlite::Connection::open(path).unwrap();
    let mut out = Vec::new();
    for q in [
        "SELECT name || '|' || ifnull(num,'') FROM grid_node ORDER BY id",
        "SELECT name || '|' || ifnull(id_number,'') || '|' || ifnull(mobile,'') || '|' || tags FROM resident ORDER BY id",
        "SELECT ticket || '|' || category_code || '|' || status || '|' || due_at || '|' || description FROM request ORDER BY id",
        "SELECT count(*) FROM event",
    ] {
        let mut st = c.prepare(q).unwrap();
        out.extend(
            st.query_map([], |r| {
                r.get::<_, String>(0)
                    .or_else(|_| r.get::<_, i64>(0).map(|n| n.to_string()))
            })
            .unwrap()
            .map(|r| r.unwrap()),
        );
    }
    out
}

#[test]
fn the_demo_is_deterministic_for_a_seed() {
    let a = TempDir::new().unwrap();
    let b = TempDir::new().unwrap();
    let pa = common::small_db(a.path());
    let pb = common::small_db(b.path());
    assert_eq!(dump(&pa), dump(&pb));
    let c = TempDir::new().unwrap();
    let pc = c.path().join("other.db");
    let opts = griddesk::store::demo::Options {
        scale: griddesk::store::demo::Scale::Small,
        seed: 8,
        as_of: common::as_of(),
        operator_login: None,
    };
    griddesk::store::demo::generate(&pc, &opts).unwrap();
    assert_ne!(dump(&pa), dump(&pc));
}

#[test]
fn demo_ids_are_valid_and_of_the_district() {
    let dir = TempDir::new().unwrap();
    let path = common::small_db(dir.path());
    let c = rusqlite::Connection::open(path).unwrap();
    let mut st = c.prepare("SELECT id_number, mobile FROM resident").unwrap();
    let rows: Vec<(Option<String>, Option<String>)> = st
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    assert!(rows.len() > 1000);
    for (id, m) in rows {
        let id = id.unwrap();
        assert!(id.starts_with("411602"), "{id}");
        griddesk::domain::ident::parse_resident_id(&id, common::as_of()).unwrap();
        if let Some(m) = m {
            griddesk::domain::ident::parse_mobile(&m).unwrap();
        }
    }
}

#[test]
fn foreign_newer_and_broken_files_are_refused_untouched() {
    let dir = TempDir::new().unwrap();
    // Not SQLite at all.
    let p = dir.path().join("notes.db");
    std::fs::write(&p, "hello, not a database").unwrap();
    assert!(matches!(Store::open(&p), Err(Error::NotOurs(_))));
    assert_eq!(std::fs::read(&p).unwrap(), b"hello, not a database");
    // Another program's SQLite file.
    let p = dir.path().join("other.db");
    rusqlite::Connection::open(&p)
        .unwrap()
        .execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES (1);")
        .unwrap();
    let before = std::fs::read(&p).unwrap();
    assert!(matches!(Store::open(&p), Err(Error::NotOurs(_))));
    assert!(std::fs::read(&p).unwrap() == before, "file changed");
    assert!(!dir.path().join("other.db-wal").exists());
    // Ours but newer.
    let p = dir.path().join("newer.db");
    Store::open(&p).unwrap().close();
    rusqlite::Connection::open(&p)
        .unwrap()
        .execute_batch("PRAGMA user_version = 99;")
        .unwrap();
    let before = std::fs::read(&p).unwrap();
    assert!(matches!(
        Store::open(&p),
        Err(Error::Newer { found: 99, .. })
    ));
    assert!(std::fs::read(&p).unwrap() == before, "file changed");
    // Truncated.
    let p = dir.path().join("cut.db");
    let full = common::small_db(dir.path());
    let bytes = std::fs::read(&full).unwrap();
    std::fs::write(&p, &bytes[..100]).unwrap();
    assert!(Store::open(&p).is_err());
}

#[test]
fn a_new_file_is_private_and_migrated() {
    let dir = TempDir::new().unwrap();
    let p = dir.path().join("new.db");
    let s = Store::open(&p).unwrap();
    let r = s.check().unwrap();
    assert!(r.ok(), "{r:?}");
    assert_eq!(r.schema_version, griddesk::store::schema::LATEST);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&p).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
    let cats = griddesk::store::request::categories(s.conn()).unwrap();
    assert!(
        cats.iter()
            .any(|c| c.code == "micro_wish" && c.name_zh == "微心愿")
    );
}

/// A database written by version 1 (spellings per resident) is upgraded
/// when first opened, even by a reader, and everyone is found as before.
#[test]
fn a_version_1_database_is_upgraded_and_searches_as_before() {
    let dir = TempDir::new().unwrap();
    let p = dir.path().join("v1.db");
    {
        let c = rusqlite::Connection::open(&p).unwrap();
        c.execute_batch(include_str!("../db/migrations/0001_init.sql"))
            .unwrap();
        c.execute_batch(&format!(
            "PRAGMA user_version = 1; PRAGMA application_id = {};
             INSERT INTO grid_node(id, parent_id, level, name, num) VALUES
               (1, NULL, 'district', '示范区', NULL), (2, 1, 'subdistrict', '东街道', NULL),
               (3, 2, 'community', '锦华家园社区', NULL), (4, 3, 'building', '3号楼', '3');
             INSERT INTO household(id, building_id, unit, room, phone, created_at, updated_at)
               VALUES (1, 4, '2', '501', '13812345678', 't', 't');
             INSERT INTO resident(id, household_id, name, name_pinyin, name_initials, id_number, mobile, created_at, updated_at) VALUES
               (1, 1, '张伟', 'zhangwei', 'zw', NULL, '13812345678', 't', 't'),
               (2, 1, '吕小红', 'lvxiaohong', 'lxh', NULL, NULL, 't', 't'),
               (3, 1, '张伟', 'zhangwei', 'zw', NULL, NULL, 't', 't');
             INSERT INTO resident_key(key, resident_id) VALUES
               ('zhangwei', 1), ('zw', 1), ('lvxiaohong', 2), ('lxh', 2), ('zhangwei', 3), ('zw', 3);
             INSERT INTO resident_name_fts(rowid, chars) VALUES (1, '张 伟'), (2, '吕 小 红'), (3, '张 伟');",
            griddesk::store::APPLICATION_ID
        ))
        .unwrap();
    }
    let reader = griddesk::store::OpenOptions {
        mode: griddesk::store::Mode::ReadOnly,
        shared: false,
    };
    // A reader who may not write it is told why, and nothing changes.
    let before = std::fs::read(&p).unwrap();
    if let Some(locked) = common::immutable(
        &p,
        "a_version_1_database_is_upgraded_and_searches_as_before (the unwritable case)",
    ) {
        let r = Store::open_with(&p, reader);
        locked.release();
        match r {
            Err(e @ Error::Older { found: 1, .. }) => {
                let zh = griddesk::i18n::error(&e, griddesk::i18n::Lang::Zh);
                assert!(zh.contains("需要升级") && zh.contains("v1.db"), "{zh}");
            }
            Err(e) => panic!("expected Older, got {e:?}"),
            Ok(_) => panic!("an unwritable old file opened"),
        }
        assert!(std::fs::read(&p).unwrap() == before, "unchanged");
    }
    // A reader who may write it: upgraded first.
    let s = Store::open_with(&p, reader).unwrap();
    let version: i64 = s
        .conn()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, griddesk::store::schema::LATEST);
    let ids = |q: &str| {
        let mut v: Vec<i64> = s.search(q, 20).unwrap().iter().map(|h| h.id).collect();
        v.sort();
        v
    };
    assert_eq!(ids("zw"), vec![1, 3]);
    assert_eq!(ids("zhangwei"), vec![1, 3]);
    assert_eq!(ids("zhang"), vec![1, 3]);
    assert_eq!(ids("lxh"), vec![2]);
    assert_eq!(ids("小红"), vec![2]);
    assert_eq!(ids("伟"), vec![1, 3]);
    assert_eq!(
        ids("5678").len(),
        2,
        "the resident and the household by phone"
    );
    // Each name is indexed once.
    let names: i64 = s
        .conn()
        .query_row("SELECT count(*) FROM person_name", [], |r| r.get(0))
        .unwrap();
    assert_eq!(names, 2);
    let r = s.check().unwrap();
    assert!(r.ok(), "{r:?}");
}

/// Every kind of search reaches its rows through an index: no full scan on
/// the test database, so none on a district's (where a scan of a million
/// residents would take a hundred times the target).
#[test]
fn every_search_kind_uses_an_index() {
    let mut f = fixture();
    let id = fix_check("41160219650315211X");
    let mut nr = NewRequest::new(Channel::WalkIn, "consult", "咨询医保");
    nr.household_id = Some(f.household);
    let ticket = f.store.register(f.op, &nr).unwrap().ticket;
    let queries = [
        "曾国藩".to_string(),
        "曾".into(),
        "国藩".into(),
        "藩".into(),
        "zengguofan".into(),
        "zeng".into(),
        "zgf".into(),
        "13812345678".into(),
        "0394-8123456".into(),
        "5678".into(),
        id.clone(),
        id[14..].to_string(),
        id[12..].to_string(),
        ticket,
        // Local landline, a broad pinyin prefix, one letter, addresses.
        "8123456".into(),
        "03948123456".into(),
        "zh".into(),
        "s".into(),
        "zhang".into(),
        "3-2-1501室".into(),
        "锦华家园 3栋2-1501".into(),
        "锦华家园 3#2-1501".into(),
        "锦华家园社区 3幢2单元1501".into(),
    ];
    for q in &queries {
        let (hits, scans) =
            griddesk::store::search::search_with_scans(f.store.conn(), q, 20).unwrap();
        assert!(!hits.is_empty(), "{q}: nothing found");
        assert_eq!(scans, 0, "{q}: a full scan");
    }
}

/// A handling step is refused by the store on a request no longer open
/// (cancelled here), with nothing written; a note is still taken, and a
/// step on an open request is.
#[test]
fn a_step_on_a_closed_request_is_refused_by_the_store() {
    let mut f = fixture();
    let mut nr = NewRequest::new(Channel::WalkIn, "repair", "路灯不亮");
    nr.household_id = Some(f.household);
    let reg = f.store.register(f.op, &nr).unwrap();
    f.store
        .note(f.op, reg.id, NoteKind::Step, "已联系物业")
        .unwrap();
    f.store.cancel(f.op, reg.id, "重复登记", None).unwrap();
    let before = f.store.timeline(reg.id).unwrap().len();
    match f
        .store
        .note(f.op, reg.id, NoteKind::Step, "材料已送区民政局")
    {
        Err(e @ Error::StepOnClosed(Status::Cancelled)) => {
            let msg = griddesk::i18n::error(&e, griddesk::i18n::Lang::Zh);
            assert!(msg.contains("重办"), "{msg}");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(f.store.timeline(reg.id).unwrap().len(), before);
    f.store
        .note(f.op, reg.id, NoteKind::Note, "居民来电询问")
        .unwrap();
    assert_eq!(f.store.timeline(reg.id).unwrap().len(), before + 1);
}

/// A database of version 6 gains the categories' short English names on
/// opening, for the categories still named as seeded; one a supervisor
/// renamed keeps none (a short name of the old name would mislead).
#[test]
fn a_version_6_database_gains_short_names_for_unrenamed_categories() {
    let dir = TempDir::new().unwrap();
    let p = dir.path().join("v6.db");
    Store::open(&p).unwrap().close();
    rusqlite::Connection::open(&p)
        .unwrap()
        .execute_batch(
            "ALTER TABLE category DROP COLUMN short_en;
             UPDATE category SET name_en = 'pension proof of life' WHERE code = 'errand.pension_cert';
             PRAGMA user_version = 6;",
        )
        .unwrap();
    let s = Store::open(&p).unwrap();
    let cats = griddesk::store::request::categories(s.conn()).unwrap();
    let short = |code: &str| {
        cats.iter()
            .find(|c| c.code == code)
            .unwrap()
            .short_en
            .clone()
    };
    assert_eq!(
        short("errand.medical_claim").as_deref(),
        Some("medical claim")
    );
    assert_eq!(short("property").as_deref(), Some("property issue"));
    assert_eq!(short("errand.pension_cert"), None, "renamed: no short name");
    assert_eq!(short("dispute"), None, "short enough already");
}
