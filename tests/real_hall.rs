//! A real hall from an empty directory with only the binary's commands:
//! init, the grid file, the staff file, the grid again (leaders), the
//! household file; a walk-in registered by one clerk, handled by the agent
//! to closed, the shift ended by that clerk and accepted by another on
//! their own OS login; a clerk of another community sees none of it. And
//! every bad input of the grid and staff imports refused, naming the line
//! and column, with nothing written.

mod common;

use common::{bin_at_home, row_counts, stderr, stdout};
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::Output;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/hall");

fn fixture(name: &str) -> PathBuf {
    Path::new(FIXTURES).join(name)
}

/// The binary as the test's own user, in English.
fn gd(db: &Path, args: &[&str]) -> Output {
    bin_at_home(&common::private_home())
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
    assert_eq!(
        o.status.code(),
        Some(0),
        "{args:?}: {}{}",
        stdout(&o),
        stderr(&o)
    );
    stdout(&o)
}

/// The rows of every table but SQLite's statistics (which `optimize`
/// refreshes at the end of any command that opened the file to write).
fn rows(c: &rusqlite::Connection) -> Vec<(String, i64)> {
    row_counts(c)
        .into_iter()
        .filter(|(t, _)| !t.starts_with("sqlite_stat"))
        .collect()
}

/// Refused with exit 2; the rows of every table as they were.
fn refused(db: &Path, args: &[&str]) -> String {
    let c = rusqlite::Connection::open(db).unwrap();
    let before = rows(&c);
    drop(c);
    let o = gd(db, args);
    assert_eq!(
        o.status.code(),
        Some(2),
        "{args:?}: {}{}",
        stdout(&o),
        stderr(&o)
    );
    let c = rusqlite::Connection::open(db).unwrap();
    assert_eq!(rows(&c), before, "{args:?} wrote something");
    stderr(&o)
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

fn one(db: &Path, sql: &str) -> String {
    let c = rusqlite::Connection::open(db).unwrap();
    c.query_row(sql, [], |r| {
        Ok(match r.get_ref(0)? {
            rusqlite::types::ValueRef::Null => "NULL".to_string(),
            rusqlite::types::ValueRef::Integer(i) => i.to_string(),
            v => v.as_str().unwrap_or("").to_string(),
        })
    })
    .unwrap()
}

/// An OS account's uid and gid, from the system's user database.
fn account(login: &str) -> Option<(u32, u32)> {
    let name = std::ffi::CString::new(login).ok()?;
    // SAFETY: getpwnam returns NULL or a pointer to a static entry, read
    // at once; the tests of this file do not call it concurrently with
    // another getpw* on the same entry they read.
    let p = unsafe { libc::getpwnam(name.as_ptr()) };
    if p.is_null() {
        return None;
    }
    // SAFETY: non-NULL, so it points at a valid passwd entry.
    let p = unsafe { &*p };
    Some((p.pw_uid, p.pw_gid))
}

/// The binary run as the OS account `login`, with a home of its own in
/// `dir` (drafts and printouts go there).
fn as_user(dir: &Path, db: &Path, login: &str, args: &[&str]) -> Output {
    let (uid, gid) = account(login).unwrap_or_else(|| panic!("no OS account {login}"));
    let home = dir.join(format!("home-{login}"));
    if !home.exists() {
        std::fs::create_dir_all(&home).unwrap();
        std::fs::set_permissions(&home, std::fs::Permissions::from_mode(0o777)).unwrap();
    }
    bin_at_home(&home)
        .arg("--db")
        .arg(db)
        .arg("--lang")
        .arg("en")
        .args(args)
        .uid(uid)
        .gid(gid)
        .output()
        .unwrap()
}

fn ok_as(dir: &Path, db: &Path, login: &str, args: &[&str]) -> String {
    let o = as_user(dir, db, login, args);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{login} {args:?}: {}{}",
        stdout(&o),
        stderr(&o)
    );
    stdout(&o)
}

/// Every file of the database writable by the staff accounts.
fn share(db: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let mut p = db.as_os_str().to_owned();
        p.push(suffix);
        let p = PathBuf::from(p);
        if p.exists() {
            std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o666)).unwrap();
        }
    }
}

/// The hall's Chinese names in the test's own fixtures, set up by `init`
/// and the three files as the README tells it.
fn set_up(dir: &Path) -> PathBuf {
    let db = dir.join("hall.db");
    let out = ok(&db, &["init", "--district", "川汇区", "--code", "411602"]);
    assert!(out.contains("hall.db"), "{out}");
    let out = ok(
        &db,
        &["import", "grid", fixture("grid.csv").to_str().unwrap()],
    );
    assert!(
        out.contains("subdistricts: 2 added, 0 updated, 0 unchanged")
            && out.contains("communities: 3 added, 0 updated, 0 unchanged")
            && out.contains("areas: 4 added, 0 updated, 0 unchanged")
            && out.contains("buildings and groups: 5 added, 0 updated, 0 unchanged"),
        "{out}"
    );
    // The leader is not staff yet: said, not refused, left unset.
    assert!(
        out.contains(
            "line 2: leader man is not staff yet: import the staff file, then this file again to set it"
        ),
        "{out}"
    );
    assert_eq!(
        one(&db, "SELECT leader_id FROM grid_node WHERE name = '1号楼'"),
        "NULL"
    );
    let out = ok(
        &db,
        &["import", "staff", fixture("staff.csv").to_str().unwrap()],
    );
    // root is init's supervisor: its name and hall are updated.
    assert!(
        out.contains("staff: 5 added, 1 updated, 0 unchanged"),
        "{out}"
    );
    let out = ok(
        &db,
        &["import", "grid", fixture("grid.csv").to_str().unwrap()],
    );
    assert!(
        out.contains("buildings and groups: 0 added, 1 updated, 4 unchanged")
            && out.contains("communities: 0 added, 0 updated, 3 unchanged")
            && !out.contains("not staff yet"),
        "{out}"
    );
    assert_eq!(
        one(
            &db,
            "SELECT s.login FROM grid_node g JOIN staff s ON s.id = g.leader_id WHERE g.name = '1号楼'"
        ),
        "man"
    );
    let out = ok(
        &db,
        &[
            "import",
            "households",
            fixture("households.csv").to_str().unwrap(),
        ],
    );
    assert!(
        out.contains("+3 ~0 =0") && out.contains("+4 ~0 =0"),
        "{out}"
    );
    db
}

#[test]
fn a_hall_from_an_empty_directory_with_the_binary_alone() {
    // SAFETY: geteuid cannot fail.
    if unsafe { libc::geteuid() } != 0 {
        common::skip(
            "a_hall_from_an_empty_directory_with_the_binary_alone",
            "runs the clerks' commands as the OS accounts daemon, bin, sys and games, which needs root",
        );
        return;
    }
    for login in ["daemon", "bin", "sys", "games"] {
        if account(login).is_none() {
            common::skip(
                "a_hall_from_an_empty_directory_with_the_binary_alone",
                &format!("no OS account {login}"),
            );
            return;
        }
    }
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    // The staff accounts read and write the database and its -wal/-shm
    // (SQLite makes those with the database file's mode).
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o777)).unwrap();
    let db = set_up(dir);
    share(&db);

    // 王芳 (daemon), a counter clerk of 锦华家园社区, opens her shift and
    // registers a walk-in.
    let out = ok_as(dir, &db, "daemon", &["shift", "start"]);
    assert!(
        out.contains("王芳") && out.contains("锦华家园社区"),
        "{out}"
    );
    // 陈静 (games), a clerk of 高庄社区, is at work too.
    ok_as(dir, &db, "games", &["shift", "start"]);
    let out = ok_as(
        dir,
        &db,
        "daemon",
        &[
            "register",
            "--household",
            "锦华家园 1-1-101",
            "--category",
            "errand.certificate",
            "--text",
            "开具居住证明",
        ],
    );
    let ticket = out.trim().to_string();
    assert_eq!(ticket.len(), "20261129-0001".len(), "{out}");
    // The agent 刘强 (sys) takes it through to resolved; the clerk closes it
    // with the resident's rating.
    ok_as(dir, &db, "daemon", &["assign", &ticket, "--to", "sys"]);
    ok_as(dir, &db, "sys", &["start", &ticket]);
    ok_as(
        dir,
        &db,
        "sys",
        &["resolve", &ticket, "--result", "证明已开具并送达"],
    );
    ok_as(dir, &db, "daemon", &["follow-up", &ticket, "--rating", "5"]);
    let shown: serde_json::Value =
        serde_json::from_str(&ok_as(dir, &db, "bin", &["show", &ticket, "--json"])).unwrap();
    assert_eq!(shown["request"]["status"], "closed", "{shown}");
    // Each step under its own login.
    let by = |kind: &str| {
        one(
            &db,
            &format!(
                "SELECT s.login FROM event e JOIN staff s ON s.id = e.staff_id
                  WHERE e.request_id = (SELECT id FROM request WHERE ticket = '{ticket}')
                    AND e.to_status = '{kind}' ORDER BY e.id LIMIT 1"
            ),
        )
    };
    assert_eq!(
        [
            by("registered"),
            by("assigned"),
            by("in_progress"),
            by("resolved"),
            by("closed")
        ],
        ["daemon", "daemon", "sys", "sys", "daemon"]
    );

    // 王芳 ends her shift; 赵敏 (bin) accepts it on her own login. 王芳
    // cannot accept her own.
    ok_as(
        dir,
        &db,
        "daemon",
        &["shift", "end", "--note", "公章在二号柜"],
    );
    let o = as_user(dir, &db, "daemon", &["shift", "accept"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    // Nor can the other community's clerk: the shift is 锦华家园社区's.
    let o = as_user(dir, &db, "games", &["shift", "accept"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let handover = ok_as(dir, &db, "bin", &["handover"]);
    assert!(
        handover.contains(&ticket) && handover.contains("公章在二号柜"),
        "{handover}"
    );
    let out = ok_as(dir, &db, "bin", &["shift", "accept"]);
    assert!(out.contains("王芳"), "{out}");
    assert_eq!(
        one(
            &db,
            "SELECT a.login || ' accepted ' || s.login FROM shift JOIN staff a ON a.id = shift.accepted_by
               JOIN staff s ON s.id = shift.staff_id WHERE shift.ended_at IS NOT NULL"
        ),
        "bin accepted daemon"
    );
    // 赵敏's Today shows what her hall registered today.
    let today: serde_json::Value =
        serde_json::from_str(&ok_as(dir, &db, "bin", &["today", "--json"])).unwrap();
    let tickets = |v: &serde_json::Value, list: &str| -> Vec<String> {
        v[list]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["ticket"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        tickets(&today, "registered_today"),
        vec![ticket.to_string()]
    );

    // 陈静 of 高庄社区 sees none of it: not on Today, not in her handover
    // (her own shift, open through the whole walk-in).
    let today: serde_json::Value =
        serde_json::from_str(&ok_as(dir, &db, "games", &["today", "--json"])).unwrap();
    for list in ["mine", "overdue", "due_today", "registered_today"] {
        assert!(tickets(&today, list).is_empty(), "{list}: {today}");
    }
    let handover = ok_as(dir, &db, "games", &["handover"]);
    assert!(handover.contains("陈静"), "her own shift: {handover}");
    assert!(!handover.contains(&ticket), "{handover}");
    let text = ok_as(dir, &db, "games", &["today"]);
    assert!(!text.contains(&ticket), "{text}");

    // A clerk may not change the grid or the staff: the store says so.
    let o = as_user(
        dir,
        &db,
        "daemon",
        &["import", "grid", fixture("grid.csv").to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("supervisor"), "{}", stderr(&o));
    let o = as_user(
        dir,
        &db,
        "bin",
        &["import", "staff", fixture("staff.csv").to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("supervisor"), "{}", stderr(&o));
    let out = ok(&db, &["check"]);
    assert!(!out.is_empty());
}

#[test]
fn the_grid_round_trips_and_a_rename_is_explicit() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let db = set_up(dir);
    // Export → import: all unchanged, in either language's headers.
    for lang in ["zh", "en"] {
        let o = bin_at_home(&common::private_home())
            .args([
                "--db",
                db.to_str().unwrap(),
                "--lang",
                lang,
                "export",
                "grid",
            ])
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        assert!(o.stdout.starts_with(b"\xEF\xBB\xBF"), "a BOM for Excel");
        let text = stdout(&o);
        let head = text.trim_start_matches('\u{feff}').lines().next().unwrap();
        assert_eq!(
            head,
            if lang == "zh" {
                "街道,社区,片区,楼栋,楼栋长,单元数,层数,每层户数"
            } else {
                "subdistrict,community,area,building,leader,units,floors,rooms_per_floor"
            }
        );
        assert!(
            text.contains("陈州回族街道,锦华家园社区,第一片区,1号楼,man,3,6,2"),
            "{text}"
        );
        assert!(text.contains("小桥街道,高庄社区,第二片区,,,,,"), "{text}");
        let file = write(dir, &format!("export-{lang}.csv"), &text);
        let events = one(&db, "SELECT count(*) FROM event");
        let out = ok(&db, &["import", "grid", file.to_str().unwrap()]);
        for level in [
            "subdistricts",
            "communities",
            "areas",
            "buildings and groups",
        ] {
            assert!(
                out.contains(&format!("{level}: 0 added, 0 updated,")),
                "{out}"
            );
        }
        assert_eq!(
            one(&db, "SELECT count(*) FROM event"),
            events,
            "nothing logged"
        );
    }
    // The same file saved by WPS as GBK with tabs imports the same way.
    let text = std::fs::read_to_string(fixture("grid.csv")).unwrap();
    let text = text.trim_start_matches('\u{feff}').replace(',', "\t");
    let (gbk, _, bad) = encoding_rs::GBK.encode(&text);
    assert!(!bad);
    let file = dir.join("grid-gbk.tsv");
    std::fs::write(&file, &gbk).unwrap();
    let out = ok(&db, &["import", "grid", file.to_str().unwrap()]);
    assert!(
        out.contains("GBK")
            && out.contains("buildings and groups: 0 added, 0 updated, 5 unchanged"),
        "{out}"
    );

    // A similar name is a new community, never a rename guessed…
    let typo = write(dir, "typo.csv", "街道,社区\n陈州回族街道,七一路东社区\n");
    let out = ok(
        &db,
        &["import", "grid", typo.to_str().unwrap(), "--dry-run"],
    );
    assert!(
        out.contains("communities: 1 added, 0 updated, 0 unchanged"),
        "{out}"
    );
    assert_eq!(
        one(
            &db,
            "SELECT count(*) FROM grid_node WHERE name = '七一路东社区'"
        ),
        "0",
        "a dry run writes nothing"
    );
    // … a rename is said: the node keeps its id, its buildings, and the
    // change is an event.
    let id = one(&db, "SELECT id FROM grid_node WHERE name = '七一路社区'");
    let out = ok(
        &db,
        &[
            "import",
            "grid",
            typo.to_str().unwrap(),
            "--rename",
            "七一路社区=七一路东社区",
        ],
    );
    assert!(
        out.contains("communities: 0 added, 1 updated, 0 unchanged"),
        "{out}"
    );
    assert_eq!(
        one(&db, "SELECT id FROM grid_node WHERE name = '七一路东社区'"),
        id
    );
    assert_eq!(
        one(
            &db,
            &format!(
                "SELECT note || '→' || json_extract(after, '$.name') FROM event WHERE entity = 'grid_node' AND kind = 'rename' AND entity_id = {id}"
            )
        ),
        "七一路社区→七一路东社区"
    );
    // A group written 第三居民小组, 第3居民小组 or 3组 is the same group.
    let groups = write(
        dir,
        "groups.csv",
        "街道,社区,片区,居民小组\n小桥街道,高庄社区,第一片区,3组\n小桥街道,高庄社区,第一片区,4\n",
    );
    let out = ok(&db, &["import", "grid", groups.to_str().unwrap()]);
    assert!(
        out.contains("buildings and groups: 1 added, 1 updated, 0 unchanged"),
        "{out}"
    );
    assert_eq!(
        one(
            &db,
            "SELECT group_concat(name || ':' || num || ':' || is_group, ' ') FROM (SELECT * FROM grid_node WHERE is_group = 1 ORDER BY num)"
        ),
        "3组:3:1 第4居民小组:4:1"
    );
}

#[test]
fn every_bad_grid_line_is_refused_with_its_line_and_column_and_nothing_is_written() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let db = set_up(dir);
    let head = "街道,社区,片区,楼栋,楼栋长,单元数,层数,每层户数\n";
    let good = "小桥街道,新社区,,8,,,,\n";
    let long = "长".repeat(51);
    let cases: Vec<(String, Vec<String>, &str)> = vec![
        (
            "街道,片区,楼栋\n小桥街道,第一片区,1\n".into(),
            vec![],
            "line 1, community: the header lacks this column",
        ),
        (
            format!("{head}{good},锦华家园社区,第一片区,9,,,,\n"),
            vec![],
            "line 3, subdistrict: is empty",
        ),
        (
            format!("{head}{good}陈州回族街道,锦华家园社区,第一片区,三号院东,,,,\n"),
            vec![],
            "line 3, building: \"三号院东\" is not a building",
        ),
        (
            format!("{head}{good}陈州回族街道,锦华家园社区,第一片区,9,,0,,\n"),
            vec![],
            "line 3, units: \"0\" is not a whole number from 1 to 999",
        ),
        (
            format!("{head}{good}陈州回族街道,锦华家园社区,第一片区,9,,,2.5,\n"),
            vec![],
            "line 3, floors: \"2.5\" is not a whole number",
        ),
        (
            format!("{head}{good}陈州回族街道,锦华家园社区,第一片区,,,3,,\n"),
            vec![],
            "line 3, units: belongs to a building or group, and this line has none",
        ),
        (
            format!("{head}{good}小桥街道,锦华家园社区,第一片区,9,,,,\n"),
            vec![],
            "line 3, subdistrict: 锦华家园社区 is registered under 陈州回族街道, this line says 小桥街道; an import never moves it",
        ),
        (
            format!("{head}{good}陈州回族街道,锦华家园社区,第二片区,1,,,,\n"),
            vec![],
            "line 3, area: 1号楼 is registered under 陈州回族街道/锦华家园社区/第一片区",
        ),
        (
            format!("{head}{good}小桥街道,新社区,,8号楼,,,,\n"),
            vec![],
            "line 3, building: the same building as line 2",
        ),
        (
            format!("{head}{good}小桥街道,高庄社区,第一片区,3,,,,\n"),
            vec![],
            "line 3, building: 3号楼 clashes with 第三居民小组",
        ),
        (
            format!("{head}{good}陈州回族街道,锦华家园社区,第一片区,9,,,,,多余\n"),
            vec![],
            "line 3: 9 columns, the header has 8",
        ),
        (
            format!("{head}{good}陈州回族街道,{long},,,,,,\n"),
            vec![],
            "line 3, community: at most 50 characters, this has 51",
        ),
        (
            format!("{head}{good}"),
            vec!["--rename".into(), "七一路社区".into()],
            "--rename 七一路社区: write it OLD=NEW",
        ),
        (
            format!("{head}{good}"),
            vec!["--rename".into(), "第一片区=东片区".into()],
            "--rename 第一片区: \"第一片区\" matches several",
        ),
        (
            format!("{head}{good}"),
            vec!["--rename".into(), "不存在社区=新名".into()],
            "--rename 不存在社区: no",
        ),
        (
            format!("{head}{good}"),
            vec!["--rename".into(), "七一路社区=锦华家园社区".into()],
            "--rename: 锦华家园社区 clashes with 锦华家园社区",
        ),
    ];
    for (i, (text, extra, want)) in cases.iter().enumerate() {
        let file = write(dir, &format!("bad-{i}.csv"), text);
        let mut args = vec!["import", "grid", file.to_str().unwrap()];
        args.extend(extra.iter().map(String::as_str));
        let err = refused(&db, &args);
        assert!(err.contains(want), "case {i}: want {want:?} in:\n{err}");
        assert!(err.contains("nothing imported"), "case {i}: {err}");
        // Each problem is one line.
        assert_eq!(err.lines().count(), 2, "case {i}: {err}");
    }
    // Every bad line listed, not just the first.
    let file = write(
        dir,
        "many.csv",
        &format!("{head}{good}小桥街道,,,,,,,\n小桥街道,高庄社区,,x y,,,,\n"),
    );
    let err = refused(&db, &["import", "grid", file.to_str().unwrap()]);
    assert!(
        err.contains("line 3, community: is empty") && err.contains("line 4, building:"),
        "{err}"
    );
    assert!(err.contains("2 problems; nothing imported"), "{err}");
    // In Chinese too, naming the line and the column.
    let o = bin_at_home(&common::private_home())
        .args([
            "--db",
            db.to_str().unwrap(),
            "--lang",
            "zh",
            "import",
            "grid",
        ])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("第3行 社区：不能为空"),
        "{}",
        stderr(&o)
    );
    // A file that is not there.
    let err = refused(&db, &["import", "grid", "/nonexistent/grid.csv"]);
    assert!(err.contains("/nonexistent/grid.csv"), "{err}");
}

#[test]
fn every_bad_staff_line_is_refused_with_its_line_and_column_and_nothing_is_written() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let db = set_up(dir);
    let me = griddesk::cli::config::os_login();
    let head = "登录名,姓名,角色,所属服务站,电话\n";
    let good = "newclerk,周新,窗口,七一路社区,\n";
    let cases: Vec<(String, &str)> = vec![
        (
            "登录名,姓名,所属服务站\nx,y,七一路社区\n".into(),
            "line 1, role: the header lacks this column",
        ),
        (
            format!("{head}{good}clerk2,吴二,保安,七一路社区,\n"),
            "line 3, role: \"保安\" is not a role",
        ),
        (
            format!("{head}{good}clerk2,吴二,窗口,第一片区,\n"),
            "line 3, hall: \"第一片区\" matches several",
        ),
        (
            format!("{head}{good}clerk2,吴二,窗口,锦华家园社区/第一片区,\n"),
            "line 3, hall: not a valid hall: \"第一片区\"",
        ),
        (
            format!("{head}{good}clerk2,吴二,窗口,火星社区,\n"),
            "line 3, hall: no",
        ),
        (
            format!("{head}{good}clerk2,吴二,窗口,七一路社区,12ab\n"),
            "line 3, phone:",
        ),
        (
            format!("{head}{good}newclerk,周新,代办员,七一路社区,\n"),
            "line 3, login: the same login as line 2",
        ),
        (
            format!("{head}{good}zhang san,张三,窗口,七一路社区,\n"),
            "line 3, login: \"zhang san\" is not a login",
        ),
        (
            format!("{head}{good}clerk2,,窗口,七一路社区,\n"),
            "line 3, name: is empty",
        ),
        (
            format!("{head}{good}{me},李站长,窗口,川汇区,\n"),
            "line 3, role:",
        ),
    ];
    for (i, (text, want)) in cases.iter().enumerate() {
        let file = write(dir, &format!("bad-staff-{i}.csv"), text);
        let err = refused(&db, &["import", "staff", file.to_str().unwrap()]);
        assert!(err.contains(want), "case {i}: want {want:?} in:\n{err}");
        assert!(err.contains("nothing imported"), "case {i}: {err}");
        assert_eq!(err.lines().count(), 2, "case {i}: {err}");
    }
    // The last supervisor is named as such.
    let file = write(
        dir,
        "demote.csv",
        &format!("{head}{me},李站长,窗口,川汇区,\n"),
    );
    let err = refused(&db, &["import", "staff", file.to_str().unwrap()]);
    assert!(err.contains(&me) && err.contains("supervisor"), "{err}");
    // A good file: the same again is all unchanged; a change is an update
    // logged with before and after, the phone masked.
    let out = ok(
        &db,
        &["import", "staff", fixture("staff.csv").to_str().unwrap()],
    );
    assert!(
        out.contains("staff: 0 added, 0 updated, 6 unchanged"),
        "{out}"
    );
    let events = one(&db, "SELECT count(*) FROM event WHERE entity = 'staff'");
    let file = write(
        dir,
        "move.csv",
        &format!("{head}games,陈静,window,七一路社区,13803940005\n"),
    );
    refused(&db, &["import", "staff", file.to_str().unwrap()]);
    let file = write(
        dir,
        "move.csv",
        &format!("{head}games,陈静,counter,七一路社区,13803940005\n"),
    );
    let out = ok(
        &db,
        &["import", "staff", file.to_str().unwrap(), "--dry-run"],
    );
    assert!(
        out.contains("staff: 0 added, 1 updated, 0 unchanged"),
        "{out}"
    );
    assert_eq!(
        one(&db, "SELECT count(*) FROM event WHERE entity = 'staff'"),
        events,
        "a dry run writes nothing"
    );
    ok(&db, &["import", "staff", file.to_str().unwrap()]);
    assert_eq!(
        one(
            &db,
            "SELECT g.name || ' ' || s.phone FROM staff s JOIN grid_node g ON g.id = s.node_id WHERE s.login = 'games'"
        ),
        "七一路社区 13803940005"
    );
    let after = one(
        &db,
        "SELECT after FROM event WHERE entity = 'staff' AND kind = 'update' ORDER BY id DESC LIMIT 1",
    );
    assert!(
        !after.contains("13803940005"),
        "phone masked in the log: {after}"
    );
}

#[test]
fn only_a_supervisor_imports_the_grid_or_staff_in_the_store() {
    use griddesk::domain::lifecycle::Role;
    use griddesk::store::{Error, Store, staff::NewStaff};
    let tmp = tempfile::tempdir().unwrap();
    let db = set_up(tmp.path());
    let mut s = Store::open(&db).unwrap();
    let me = griddesk::store::staff::by_login(s.conn(), &griddesk::cli::config::os_login())
        .unwrap()
        .unwrap();
    let clerk = s
        .add_staff(
            me.id,
            &NewStaff {
                login: "clerk9",
                name: "试用",
                role: Role::Counter,
                node_id: None,
            },
        )
        .unwrap();
    let before = rows(s.conn());
    match s.import_grid(clerk, &fixture("grid.csv"), &[], false) {
        Err(Error::Role(e)) => assert_eq!((e.needs, e.has), (Role::Supervisor, Role::Counter)),
        other => panic!("{other:?}"),
    }
    match s.import_staff(clerk, &fixture("staff.csv"), false) {
        Err(Error::Role(e)) => assert_eq!((e.needs, e.has), (Role::Supervisor, Role::Counter)),
        other => panic!("{other:?}"),
    }
    assert_eq!(rows(s.conn()), before);
    // The supervisor may.
    assert!(matches!(
        s.import_grid(me.id, &fixture("grid.csv"), &[], true),
        Ok(Ok(_))
    ));
}
