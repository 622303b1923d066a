//! A real hall from nothing: `init`, then staff kept by supervisors, every
//! change an event, the last supervisor kept.

mod common;

use common::{bin, stderr, stdout};
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
    stderr(&o)
}

fn staff_events(db: &Path) -> i64 {
    let c = rusqlite::Connection::open(db).unwrap();
    c.query_row(
        "SELECT count(*) FROM event WHERE entity = 'staff'",
        [],
        |r| r.get(0),
    )
    .unwrap()
}

#[test]
fn init_makes_a_hall_and_refuses_to_make_it_twice() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("hall.db");
    ok(
        &db,
        &[
            "init",
            "--district",
            "川汇区",
            "--code",
            "411602",
            "--name",
            "李站长",
        ],
    );
    let c = rusqlite::Connection::open(&db).unwrap();
    let (name, level): (String, String) = c
        .query_row(
            "SELECT name, level FROM grid_node WHERE parent_id IS NULL",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((name.as_str(), level.as_str()), ("川汇区", "district"));
    let (login, sname, role): (String, String, String) = c
        .query_row("SELECT login, name, role FROM staff", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .unwrap();
    assert_eq!(login, griddesk::cli::config::os_login());
    assert_eq!((sname.as_str(), role.as_str()), ("李站长", "supervisor"));
    let cats: i64 = c
        .query_row("SELECT count(*) FROM category WHERE active = 1", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert!(cats >= 9, "the seeded categories: {cats}");
    let code: String = c
        .query_row(
            "SELECT value FROM meta WHERE key = 'district_code'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(code, "411602");
    drop(c);
    // `check` works on it at once.
    ok(&db, &["check"]);

    // Again: refused, the file untouched.
    let before = std::fs::read(&db).unwrap();
    let err = refused(&db, &["init", "--district", "别的区"]);
    assert!(err.contains("exists already"), "{err}");
    assert_eq!(std::fs::read(&db).unwrap(), before);

    // A file of another program: refused untouched.
    let foreign = dir.path().join("notes.txt");
    std::fs::write(&foreign, "not a database, just notes\n").unwrap();
    let err = refused(&foreign, &["init", "--district", "川汇区"]);
    assert!(err.contains("not a griddesk database"), "{err}");
    assert_eq!(
        std::fs::read_to_string(&foreign).unwrap(),
        "not a database, just notes\n"
    );

    // A bad code: refused naming the field, and no file is left behind.
    let other = dir.path().join("other.db");
    let err = refused(&other, &["init", "--district", "川汇区", "--code", "4116"]);
    assert!(err.contains("district code"), "{err}");
    assert!(!other.exists());
    let err = refused(&other, &["init", "--district", "  "]);
    assert!(err.contains("grid node"), "{err}");
    assert!(!other.exists());
}

#[test]
fn supervisors_keep_the_staff_and_the_last_one_stays() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("hall.db");
    ok(&db, &["init", "--district", "川汇区"]);
    let me = griddesk::cli::config::os_login();
    let n0 = staff_events(&db);
    let line = ok(
        &db,
        &[
            "staff",
            "add",
            "wangfang",
            "--name",
            "王芳",
            "--role",
            "counter",
            "--phone",
            "13812345678",
        ],
    );
    assert!(line.starts_with("wangfang\t王芳\tcounter"), "{line}");
    assert_eq!(staff_events(&db), n0 + 1);
    // Lists mask the phone.
    let list = ok(&db, &["staff", "list"]);
    assert!(
        list.contains("138****5678") && !list.contains("13812345678"),
        "{list}"
    );
    // Bad input: one line naming the field, nothing written.
    let err = refused(
        &db,
        &["staff", "add", "li", "--name", "李", "--role", "boss"],
    );
    assert!(err.contains("--role boss"), "{err}");
    let err = refused(&db, &["staff", "add", "wangfang", "--name", "王芳"]);
    assert!(err.contains("wangfang"), "{err}");
    let err = refused(
        &db,
        &["staff", "add", "li", "--name", "李", "--phone", "12345"],
    );
    assert!(err.contains("phone"), "{err}");
    let err = refused(
        &db,
        &["staff", "add", "li", "--name", "李", "--hall", "没有的社区"],
    );
    assert!(err.contains("没有的社区"), "{err}");
    let err = refused(&db, &["staff", "edit", "nobody-here", "--name", "x"]);
    assert!(err.contains("nobody-here"), "{err}");
    let err = refused(&db, &["staff", "edit", "wangfang"]);
    assert!(err.contains("nothing to change"), "{err}");
    assert_eq!(staff_events(&db), n0 + 1);

    // The last active supervisor can be neither disabled nor demoted.
    let err = refused(&db, &["staff", "disable", &me]);
    assert!(err.contains("last active supervisor"), "{err}");
    let err = refused(&db, &["staff", "edit", &me, "--role", "counter"]);
    assert!(err.contains("last active supervisor"), "{err}");
    // With a second supervisor, it can — but not disable itself, which
    // would lock this login out at once.
    ok(&db, &["staff", "edit", "wangfang", "--role", "supervisor"]);
    let err = refused(&db, &["staff", "disable", &me]);
    assert!(err.contains("your own account"), "{err}");
    ok(&db, &["staff", "edit", &me, "--role", "counter"]);
    assert_eq!(staff_events(&db), n0 + 3);
    // Now a counter clerk: staff changes are refused, naming the role.
    let err = refused(&db, &["staff", "add", "li", "--name", "李"]);
    assert!(err.contains("supervisor"), "{err}");
    let err = refused(&db, &["staff", "disable", "wangfang"]);
    assert!(err.contains("supervisor"), "{err}");
    assert_eq!(staff_events(&db), n0 + 3);

    // Disabled members stay, with their history; enable brings them back.
    let c = rusqlite::Connection::open(&db).unwrap();
    c.execute(
        "UPDATE staff SET role = 'supervisor' WHERE login = ?1",
        [&me],
    )
    .unwrap();
    ok(&db, &["staff", "disable", "wangfang"]);
    let list = ok(&db, &["staff", "list"]);
    assert!(!list.contains("wangfang"), "{list}");
    let list = ok(&db, &["staff", "list", "--all"]);
    assert!(
        list.contains("wangfang") && list.contains("disabled"),
        "{list}"
    );
    ok(&db, &["staff", "enable", "wangfang"]);
    let (before, after): (String, String) = c
        .query_row(
            "SELECT before, after FROM event WHERE entity = 'staff' AND kind = 'update' ORDER BY id DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert!(before.contains("\"active\":false") && after.contains("\"active\":true"));
}

#[test]
fn the_store_refuses_staff_changes_by_others_than_supervisors() {
    use griddesk::domain::lifecycle::Role;
    use griddesk::store::staff::{NewStaff, StaffEdit};
    use griddesk::store::{Error, Store};
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("hall.db");
    ok(&db, &["init", "--district", "川汇区"]);
    let mut s = Store::open(&db).unwrap();
    let boss = griddesk::store::staff::by_login(s.conn(), &griddesk::cli::config::os_login())
        .unwrap()
        .unwrap()
        .id;
    let clerk = s
        .add_staff(
            boss,
            &NewStaff {
                login: "clerk",
                name: "窗口甲",
                role: Role::Counter,
                node_id: None,
            },
        )
        .unwrap();
    let e = s
        .add_staff(
            clerk,
            &NewStaff {
                login: "x",
                name: "x",
                role: Role::Supervisor,
                node_id: None,
            },
        )
        .unwrap_err();
    assert!(matches!(e, Error::Role(_)), "{e:?}");
    let e = s
        .edit_staff(
            clerk,
            clerk,
            &StaffEdit {
                role: Some(Role::Supervisor),
                ..Default::default()
            },
        )
        .unwrap_err();
    assert!(matches!(e, Error::Role(_)), "{e:?}");
    // A hall must be a community, a subdistrict or the district.
    let e = s
        .edit_staff(
            boss,
            clerk,
            &StaffEdit {
                hall: Some(Some(9999)),
                ..Default::default()
            },
        )
        .unwrap_err();
    assert!(matches!(e, Error::NotFound { .. }), "{e:?}");
}

#[test]
fn categories_go_out_as_toml_and_come_back_changed() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("hall.db");
    ok(&db, &["init", "--district", "川汇区"]);
    let file = dir.path().join("categories.toml");
    ok(&db, &["categories", "export", file.to_str().unwrap()]);
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("code = \"errand.pension_cert\""), "{text}");
    // The export imports back unchanged.
    let out = ok(&db, &["categories", "import", file.to_str().unwrap()]);
    assert!(out.starts_with("0 added, 0 updated,"), "{out}");

    // A limit changed, a category renamed, one taken out of use, one added.
    let edited = text
        .replace(
            "code = \"consult\"\nzh = \"政策咨询\"",
            "code = \"consult\"\nzh = \"政策解答\"",
        )
        .replacen("limit_days = 3\n", "limit_days = 5\n", 1)
        .replace(
            "code = \"opinion\"\nzh = \"意见建议\"\nen = \"opinion\"\nlimit_days = 10\nactive = true",
            "code = \"opinion\"\nzh = \"意见建议\"\nen = \"opinion\"\nlimit_days = 10\nactive = false",
        )
        + "\n[[category]]\ncode = \"repair.drain\"\nparent = \"repair\"\nzh = \"下水道疏通\"\nen = \"drain clearing\"\nlimit_days = 2\nmaterials = [\"现场照片\"]\n";
    assert_ne!(edited, text);
    std::fs::write(&file, &edited).unwrap();
    let out = ok(&db, &["categories", "import", file.to_str().unwrap()]);
    assert!(out.starts_with("1 added, 3 updated,"), "{out}");
    let c = rusqlite::Connection::open(&db).unwrap();
    let q = |sql: &str| -> String { c.query_row(sql, [], |r| r.get(0)).unwrap() };
    assert_eq!(
        q("SELECT name_zh FROM category WHERE code = 'consult'"),
        "政策解答"
    );
    assert_eq!(
        q("SELECT CAST(limit_days AS TEXT) FROM category WHERE code = 'errand.pension_cert'"),
        "5"
    );
    assert_eq!(
        q("SELECT CAST(active AS TEXT) FROM category WHERE code = 'opinion'"),
        "0"
    );
    assert_eq!(
        q("SELECT materials FROM category WHERE code = 'repair.drain'"),
        "[\"现场照片\"]"
    );
    let logged: i64 = c
        .query_row(
            "SELECT count(*) FROM event WHERE entity = 'category'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(logged, 4);
    // Taken out of use: not offered, never deleted.
    let list = ok(&db, &["categories"]);
    assert!(
        !list.contains("opinion") && list.contains("repair.drain"),
        "{list}"
    );
    assert_eq!(
        q("SELECT CAST(count(*) AS TEXT) FROM category WHERE code = 'opinion'"),
        "1"
    );

    // A bad file: every problem listed, nothing changed.
    let before = ok(&db, &["categories", "export"]);
    std::fs::write(
        &file,
        "[[category]]\ncode = \"Bad Code\"\nzh = \"\"\nen = \"x\"\nlimit_days = 999\n\n[[category]]\ncode = \"x\"\nparent = \"nowhere\"\nzh = \"某\"\nen = \"y\"\nlimit_days = 1\n",
    )
    .unwrap();
    let err = refused(&db, &["categories", "import", file.to_str().unwrap()]);
    for want in [
        "category 1 (Bad Code) code",
        "category 1 (Bad Code) zh: is empty",
        "over 365",
        "category 2 (x) parent: no parent category nowhere",
        "4 problems; nothing was changed",
    ] {
        assert!(err.contains(want), "{want}: {err}");
    }
    std::fs::write(
        &file,
        "[[category]]\ncode = \"x\"\nzh = \"某\"\nen = \"y\"\nlimit_days = 1\ncolour = \"red\"\n",
    )
    .unwrap();
    let err = refused(&db, &["categories", "import", file.to_str().unwrap()]);
    assert!(err.contains("line 6") && err.contains("colour"), "{err}");
    assert_eq!(ok(&db, &["categories", "export"]), before);
}

#[cfg(unix)]
#[test]
fn the_operator_is_the_real_uid_through_the_user_database_not_user() {
    use griddesk::cli::config::login_of;
    assert_eq!(login_of(0).as_deref(), Some("root"));
    assert_eq!(login_of(4_000_000_000), None);
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("hall.db");
    // $USER names someone else: the real uid decides who is made the
    // first supervisor.
    let o = bin()
        .arg("--db")
        .arg(&db)
        .args(["init", "--district", "川汇区"])
        .env("USER", "mallory")
        .env("LOGNAME", "mallory")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = gd(&db, &["staff", "list", "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(
        v[0]["login"].as_str(),
        login_of(unsafe { libc::getuid() }).as_deref()
    );
}

#[test]
fn the_store_checks_and_logs_an_unmasked_export() {
    use griddesk::domain::lifecycle::Role;
    use griddesk::store::export::{Disclosure, Format};
    use griddesk::store::staff::NewStaff;
    use griddesk::store::{Error, Store};
    let dir = tempfile::tempdir().unwrap();
    let db = common::small_db(dir.path());
    let mut s = Store::open(&db).unwrap();
    let boss = griddesk::store::staff::by_login(s.conn(), &griddesk::cli::config::os_login())
        .unwrap()
        .unwrap()
        .id;
    let clerk = s
        .add_staff(
            boss,
            &NewStaff {
                login: "clerk",
                name: "窗口甲",
                role: Role::Counter,
                node_id: None,
            },
        )
        .unwrap();
    let logged = |s: &Store| -> i64 {
        s.conn()
            .query_row(
                "SELECT count(*) FROM event WHERE kind = 'export_unmasked'",
                [],
                |r| r.get(0),
            )
            .unwrap()
    };
    let mut out = Vec::new();
    let e = s
        .export_households(&mut out, Disclosure::Unmasked { actor: clerk })
        .unwrap_err();
    assert!(matches!(e, Error::Role(_)), "{e:?}");
    let e = s
        .export_requests(
            &mut out,
            None,
            None,
            Format::Csv,
            Disclosure::Unmasked { actor: clerk },
        )
        .unwrap_err();
    assert!(matches!(e, Error::Role(_)), "{e:?}");
    assert!(out.is_empty(), "nothing written before the refusal");
    assert_eq!(logged(&s), 0);
    // Masked: anyone; unmasked: a supervisor, logged as theirs.
    s.export_households(&mut out, Disclosure::Masked).unwrap();
    let masked = String::from_utf8(std::mem::take(&mut out)).unwrap();
    assert!(masked.contains("********"));
    s.export_households(&mut out, Disclosure::Unmasked { actor: boss })
        .unwrap();
    let full = String::from_utf8(out).unwrap();
    assert!(!full.contains("********"));
    assert_eq!(logged(&s), 1);
}

/// The community a building belongs to (its area's parent, or itself).
fn community_of(c: &rusqlite::Connection, node: i64) -> i64 {
    c.query_row(
        "WITH RECURSIVE up(id, parent_id, level) AS (
             SELECT id, parent_id, level FROM grid_node WHERE id = ?1
             UNION ALL SELECT g.id, g.parent_id, g.level FROM grid_node g JOIN up ON g.id = up.parent_id)
         SELECT id FROM up WHERE level = 'community'",
        [node],
        |r| r.get(0),
    )
    .unwrap()
}

#[test]
fn today_the_queue_and_the_handover_cover_the_clerks_hall() {
    use chrono::TimeZone;
    use griddesk::domain::calendar::tz;
    use griddesk::domain::lifecycle::{Channel, Role};
    use griddesk::store::Store;
    use griddesk::store::request::NewRequest;
    use griddesk::store::staff::NewStaff;
    use griddesk::store::views::{self, QueueFilter};
    let dir = tempfile::tempdir().unwrap();
    let db = common::small_db(dir.path());
    let c = rusqlite::Connection::open(&db).unwrap();
    // Two communities, a household in each.
    let communities: Vec<i64> = {
        let mut st = c
            .prepare("SELECT id FROM grid_node WHERE level = 'community' ORDER BY id LIMIT 2")
            .unwrap();
        st.query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    let (ca, cb) = (communities[0], communities[1]);
    let household_in = |community: i64| -> i64 {
        let mut st = c
            .prepare("SELECT id, building_id FROM household WHERE voided_at IS NULL ORDER BY id")
            .unwrap();
        let rows: Vec<(i64, i64)> = st
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        rows.into_iter()
            .find(|(_, b)| community_of(&c, *b) == community)
            .unwrap()
            .0
    };
    let (ha, hb) = (household_in(ca), household_in(cb));
    let mut s = Store::open(&db).unwrap();
    let now = tz().with_ymd_and_hms(2026, 11, 30, 9, 0, 0).unwrap();
    s.set_now(Some(now));
    let boss = griddesk::store::staff::by_login(s.conn(), &griddesk::cli::config::os_login())
        .unwrap()
        .unwrap()
        .id;
    let add = |s: &mut Store, login: &str, hall: i64| {
        s.add_staff(
            boss,
            &NewStaff {
                login,
                name: login,
                role: Role::Counter,
                node_id: Some(hall),
            },
        )
        .unwrap()
    };
    // The supervisor works for the whole district.
    let district: i64 = c
        .query_row(
            "SELECT id FROM grid_node WHERE parent_id IS NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    s.edit_staff(
        boss,
        boss,
        &griddesk::store::staff::StaffEdit {
            hall: Some(Some(district)),
            ..Default::default()
        },
    )
    .unwrap();
    let a1 = add(&mut s, "a1", ca);
    let a2 = add(&mut s, "a2", ca);
    let b1 = add(&mut s, "b1", cb);
    s.start_shift(a1).unwrap();
    s.start_shift(b1).unwrap();
    s.set_now(Some(now + chrono::Duration::minutes(5)));
    let walk_in = |s: &mut Store, who: i64, hh: i64, text: &str| {
        let mut nr = NewRequest::new(Channel::WalkIn, "repair", text);
        nr.household_id = Some(hh);
        s.register(who, &nr).unwrap().ticket
    };
    let ta = walk_in(&mut s, a1, ha, "甲社区的路灯");
    let tb = walk_in(&mut s, b1, hb, "乙社区的下水道");
    s.set_now(Some(now + chrono::Duration::minutes(10)));
    let tickets = |v: &[griddesk::store::request::Request]| -> Vec<String> {
        v.iter().map(|r| r.ticket.clone()).collect()
    };
    let n = now + chrono::Duration::minutes(10);
    let (ta_today, tb_today) = s
        .read(|c| Ok((views::today(c, a1, n, 500)?, views::today(c, b1, n, 500)?)))
        .unwrap();
    assert!(tickets(&ta_today.registered_today).contains(&ta));
    assert!(
        !tickets(&ta_today.registered_today).contains(&tb),
        "a1 sees b's walk-in"
    );
    assert!(tickets(&tb_today.registered_today).contains(&tb));
    assert!(!tickets(&tb_today.registered_today).contains(&ta));
    // The district's supervisor sees both.
    let all = s.read(|c| views::today(c, boss, n, 500)).unwrap();
    assert!(tickets(&all.registered_today).contains(&ta));
    assert!(tickets(&all.registered_today).contains(&tb));
    // Every overdue item a1 sees is in a1's community.
    for r in &ta_today.overdue {
        assert_eq!(community_of(&c, r.node_id.unwrap()), ca, "{}", r.ticket);
    }
    // The queue's default view is the hall.
    let cal = s.calendar().unwrap().clone();
    let qa = s
        .read(|c| views::queue(c, &QueueFilter::default(), a1, n, &cal, 5000))
        .unwrap();
    assert!(qa.iter().any(|(r, _)| r.ticket == ta));
    assert!(
        qa.iter()
            .all(|(r, _)| community_of(&c, r.node_id.unwrap()) == ca)
    );

    // a1 ends the shift: it is a1's hall's to accept, by a2, not by b1.
    s.end_shift(a1, "甲社区交班").unwrap();
    let (for_a2, for_b1, for_a1) = s
        .read(|c| {
            Ok((
                views::shift_to_accept(c, a2)?,
                views::shift_to_accept(c, b1)?,
                views::shift_to_accept(c, a1)?,
            ))
        })
        .unwrap();
    let shift = for_a2.expect("a2 accepts a1's shift");
    assert_eq!(shift.hall, Some(ca));
    // b1 may have a shift of their own hall to accept (the demo's), never
    // a1's; a1 is never offered their own.
    assert!(
        for_b1
            .as_ref()
            .is_none_or(|s| s.id != shift.id && s.hall == Some(cb)),
        "b1 was offered another hall's shift: {for_b1:?}"
    );
    assert!(
        for_a1.as_ref().is_none_or(|s| s.staff_id != a1),
        "one does not accept one's own shift"
    );
    let h = s.read(|c| views::handover(c, &shift, n)).unwrap();
    assert!(tickets(&h.registered).contains(&ta));
    assert!(
        !tickets(&h.registered).contains(&tb),
        "another hall's walk-in in the handover"
    );
    s.accept_shift(a2, shift.id).unwrap();
}

#[test]
fn imports_take_the_acting_supervisor_and_are_logged() {
    use griddesk::domain::lifecycle::Role;
    use griddesk::store::staff::NewStaff;
    use griddesk::store::{Error, Store};
    let dir = tempfile::tempdir().unwrap();
    let db = common::small_db(dir.path());
    let mut s = Store::open(&db).unwrap();
    let boss = common::supervisor(&s);
    let clerk = s
        .add_staff(
            boss,
            &NewStaff {
                login: "clerk",
                name: "窗口甲",
                role: Role::Counter,
                node_id: None,
            },
        )
        .unwrap();
    let households = dir.path().join("h.csv");
    std::fs::write(
        &households,
        "社区,楼栋,单元,室,姓名\n锦华家园,3号楼,2,1801,新住户\n",
    )
    .unwrap();
    let holidays = dir.path().join("d.csv");
    std::fs::write(
        &holidays,
        "2027-01-01,holiday,元旦\n2027-01-04,workday,调休\n",
    )
    .unwrap();
    let count =
        |s: &Store, sql: &str| -> i64 { s.conn().query_row(sql, [], |r| r.get(0)).unwrap() };
    let residents = count(&s, "SELECT count(*) FROM resident");
    let days = count(&s, "SELECT count(*) FROM calendar_day");
    let e = s
        .import_households(&households, clerk, false, &mut |_, _| {})
        .unwrap_err();
    assert!(matches!(e, Error::Role(_)), "{e:?}");
    let e = s.import_holidays(&holidays, clerk).unwrap_err();
    assert!(matches!(e, Error::Role(_)), "{e:?}");
    assert_eq!(count(&s, "SELECT count(*) FROM resident"), residents);
    assert_eq!(count(&s, "SELECT count(*) FROM calendar_day"), days);
    // A supervisor's import: written, and every record is the supervisor's.
    s.import_households(&households, boss, false, &mut |_, _| {})
        .unwrap()
        .unwrap();
    let unsigned = count(
        &s,
        "SELECT count(*) FROM event WHERE entity IN ('household','resident') AND staff_id IS NULL
           AND at >= (SELECT max(at) FROM event WHERE entity = 'resident')",
    );
    assert_eq!(unsigned, 0, "an imported record with no one behind it");
    assert_eq!(s.import_holidays(&holidays, boss).unwrap().unwrap(), 2);
    let logged: String = s
        .conn()
        .query_row(
            "SELECT note FROM event WHERE entity = 'calendar' AND kind = 'import' AND staff_id = ?1",
            [boss],
            |r| r.get(0),
        )
        .unwrap();
    assert!(
        logged.contains("2027-01-01") && logged.contains("2027-01-04"),
        "{logged}"
    );
}

#[test]
fn the_grid_one_node_at_a_time_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::small_db(dir.path());
    let c = rusqlite::Connection::open(&db).unwrap();
    let community: String = c
        .query_row(
            "SELECT name FROM grid_node WHERE level = 'community' ORDER BY id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let nodes = |c: &rusqlite::Connection| -> i64 {
        c.query_row("SELECT count(*) FROM grid_node", [], |r| r.get(0))
            .unwrap()
    };
    let before = nodes(&c);
    ok(
        &db,
        &["grid", "add", "--under", &community, "--area", "第九片区"],
    );
    let area = format!("{community}/第九片区");
    ok(
        &db,
        &["grid", "add", "--under", &area, "--building", "12号楼"],
    );
    assert_eq!(nodes(&c), before + 2);
    let num: String = c
        .query_row(
            "SELECT b.num FROM grid_node b JOIN grid_node a ON a.id = b.parent_id WHERE a.name = '第九片区'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(num, "12");
    // Bad input: one line naming the field, nothing written.
    let err = refused(
        &db,
        &["grid", "add", "--under", &community, "--area", "第九片区"],
    );
    assert!(err.contains("第九片区"), "{err}");
    let err = refused(&db, &["grid", "add", "--under", &area, "--building", "楼"]);
    assert!(err.contains("--building"), "{err}");
    refused(&db, &["grid", "add", "--under", &community]);
    assert_eq!(nodes(&c), before + 2);
    // A rename needs a reason, which the log keeps.
    refused(
        &db,
        &["grid", "rename", &area, "--to", "第十片区", "--reason", " "],
    );
    ok(
        &db,
        &[
            "grid",
            "rename",
            &area,
            "--to",
            "第十片区",
            "--reason",
            "街道重新划片",
        ],
    );
    let reason: String = c
        .query_row(
            "SELECT reason FROM event WHERE entity = 'grid_node' AND kind = 'rename' ORDER BY id DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(reason, "街道重新划片");
    let renamed: i64 = c
        .query_row(
            "SELECT count(*) FROM grid_node WHERE name = '第十片区'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(renamed, 1);
}

/// The short English names go out with the categories and come back
/// changed; a short name is checked like the other names.
#[test]
fn categories_short_names_go_out_and_come_back() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("hall.db");
    ok(&db, &["init", "--district", "川汇区"]);
    let file = dir.path().join("categories.toml");
    ok(&db, &["categories", "export", file.to_str().unwrap()]);
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(
        text.contains("en = \"medical insurance claim\"\nen_short = \"medical claim\"\n"),
        "{text}"
    );
    std::fs::write(
        &file,
        text.replace("en_short = \"medical claim\"", "en_short = \"med. claim\""),
    )
    .unwrap();
    let out = ok(&db, &["categories", "import", file.to_str().unwrap()]);
    assert!(out.starts_with("0 added, 1 updated,"), "{out}");
    let c = rusqlite::Connection::open(&db).unwrap();
    let q = |sql: &str| -> String { c.query_row(sql, [], |r| r.get(0)).unwrap() };
    assert_eq!(
        q("SELECT short_en FROM category WHERE code = 'errand.medical_claim'"),
        "med. claim"
    );
    // A control character in a short name: refused, naming the field.
    std::fs::write(
        &file,
        text.replace("en_short = \"medical claim\"", "en_short = \"a\\u0007b\""),
    )
    .unwrap();
    let err = refused(&db, &["categories", "import", file.to_str().unwrap()]);
    assert!(err.contains("en_short"), "{err}");
    assert_eq!(
        q("SELECT short_en FROM category WHERE code = 'errand.medical_claim'"),
        "med. claim",
        "nothing written"
    );
}
