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
    // With a second supervisor, it can.
    ok(&db, &["staff", "edit", "wangfang", "--role", "supervisor"]);
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
