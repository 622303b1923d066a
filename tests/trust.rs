//! Trust: roles enforced below the screens, nothing hard-deleted, reveals
//! logged, many processes at once, writers killed mid-write, hostile files,
//! a full disk, and every input path under property tests.

mod common;

use common::{index_sql, run, stderr, stdout};
use griddesk::domain::lifecycle::{Channel, Rating, Role};
use griddesk::store::request::{FollowUp, NewRequest};
use griddesk::store::staff::{self, NewStaff};
use griddesk::store::trust::Record;
use griddesk::store::{Error, Store};
use proptest::prelude::*;
use std::collections::HashSet;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use tempfile::TempDir;

fn staff_id(s: &Store, login: &str) -> i64 {
    staff::by_login(s.conn(), login).unwrap().unwrap().id
}

/// A closed request and a staff member of each role.
fn setup(dir: &Path) -> (Store, Vec<(Role, i64)>, i64) {
    let db = common::small_db(dir);
    let mut s = Store::open(&db).unwrap();
    let sup = staff_id(&s, &griddesk::cli::config::os_login());
    let roles = vec![
        (Role::Counter, staff_id(&s, "counter001")),
        (Role::Agent, staff_id(&s, "agent001")),
        (Role::GridLeader, staff_id(&s, "leader001")),
        (Role::Supervisor, sup),
    ];
    let mut nr = NewRequest::new(Channel::WalkIn, "consult", "咨询");
    nr.household_id = Some(1);
    let id = s.register(sup, &nr).unwrap().id;
    s.assign(sup, id, sup, None).unwrap();
    s.start(sup, id, None, None).unwrap();
    s.resolve(sup, id, "已答复", None).unwrap();
    s.follow_up(sup, id, FollowUp::Rated(Rating::Satisfied), None)
        .unwrap();
    (s, roles, id)
}

fn refused(r: Result<impl std::fmt::Debug, Error>, role: Role, what: &str) {
    match r {
        Err(Error::Role(e)) => {
            assert_eq!(e.needs, Role::Supervisor, "{what}");
            assert_eq!(e.has, role, "{what}");
            let msg = griddesk::i18n::error(&Error::Role(e), griddesk::i18n::Lang::En);
            assert!(msg.contains("supervisor"), "{msg}");
        }
        other => panic!("{what} as {role:?}: {other:?}"),
    }
}

#[test]
fn every_role_rule_allowed_and_refused() {
    let dir = TempDir::new().unwrap();
    let (mut s, roles, closed) = setup(dir.path());
    for (role, id) in roles
        .iter()
        .copied()
        .filter(|(r, _)| *r != Role::Supervisor)
    {
        refused(
            s.reopen(id, closed, "再次来访", None),
            role,
            "reopen closed",
        );
        refused(s.void(id, Record::Resident(1), "迁出"), role, "void");
        refused(
            s.add_staff(
                id,
                &NewStaff {
                    login: "new1",
                    name: "新人",
                    role: Role::Counter,
                    node_id: None,
                },
            ),
            role,
            "add staff",
        );
        refused(
            s.set_staff(id, roles[0].1, Role::Agent, true),
            role,
            "edit staff",
        );
        refused(
            s.set_category(id, "consult", 1, true),
            role,
            "edit categories",
        );
        refused(
            s.accept_shift_for(id, 1, roles[0].1),
            role,
            "accept for another",
        );
    }
    let sup = roles[3].1;
    s.reopen(sup, closed, "再次来访", None).unwrap();
    s.add_staff(
        sup,
        &NewStaff {
            login: "new1",
            name: "新人",
            role: Role::Counter,
            node_id: None,
        },
    )
    .unwrap();
    s.set_staff(sup, roles[0].1, Role::Agent, true).unwrap();
    s.set_category(sup, "consult", 1, true).unwrap();
    s.void(sup, Record::Resident(1), "迁出").unwrap();
    // Accepting on someone's behalf: an ended shift of a third person.
    let c = roles[1].1;
    s.start_shift(c).unwrap();
    s.end_shift(c, "交班").unwrap();
    let shift: i64 = s
        .conn()
        .query_row("SELECT id FROM shift WHERE staff_id = ?1", [c], |r| {
            r.get(0)
        })
        .unwrap();
    s.accept_shift_for(sup, shift, roles[2].1).unwrap();
    // Every change left an event naming the operator: the request set up
    // (created), then the six changes above, one event each, in order.
    let mut st = s
        .conn()
        .prepare("SELECT kind, entity FROM event WHERE staff_id = ?1 AND kind IN ('reopen','created','update','void','shift_accept') ORDER BY id")
        .unwrap();
    let events: Vec<(String, String)> = st
        .query_map([sup], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    let kinds: Vec<&str> = events.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        kinds,
        [
            "created",
            "reopen",
            "created",
            "update",
            "update",
            "void",
            "shift_accept"
        ],
        "{events:?}"
    );
}

#[test]
fn unmasked_export_needs_a_supervisor() {
    let dir = TempDir::new().unwrap();
    let db = common::small_db(dir.path());
    let me = griddesk::cli::config::os_login();
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute("UPDATE staff SET role = 'counter' WHERE login = ?1", [&me])
        .unwrap();
    let o = run(&db, &["export", "requests", "--unmasked"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("needs the supervisor role"),
        "{}",
        stderr(&o)
    );
    let o = run(&db, &["export", "requests"]);
    assert!(o.status.success());
}

#[test]
fn voided_records_stay_but_leave_the_lists() {
    let dir = TempDir::new().unwrap();
    let (mut s, roles, _) = setup(dir.path());
    let sup = roles[3].1;
    let name: String = s
        .conn()
        .query_row("SELECT name FROM resident WHERE id = 2", [], |r| r.get(0))
        .unwrap();
    assert!(s.search(&name, 50).unwrap().iter().any(|h| h.id == 2));
    assert!(matches!(
        s.void(sup, Record::Resident(2), " "),
        Err(Error::Empty(_))
    ));
    s.void(sup, Record::Resident(2), "死亡注销").unwrap();
    assert!(
        !s.search(&name, 50)
            .unwrap()
            .iter()
            .any(|h| h.id == 2 && h.kind == griddesk::store::search::HitKind::Resident)
    );
    let (voided, reason): (Option<String>, Option<String>) = s
        .conn()
        .query_row(
            "SELECT voided_at, void_reason FROM resident WHERE id = 2",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert!(voided.is_some());
    assert_eq!(reason.as_deref(), Some("死亡注销"));
    // Revealing a masked ID is logged.
    let before: i64 = s
        .conn()
        .query_row(
            "SELECT count(*) FROM event WHERE kind = 'reveal'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let (id, _) = s.reveal(roles[0].1, 3).unwrap();
    assert_eq!(id.unwrap().len(), 18);
    let after: i64 = s
        .conn()
        .query_row(
            "SELECT count(*) FROM event WHERE kind = 'reveal' AND staff_id = ?1",
            [roles[0].1],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(after, before + 1);
}

/// Eight processes registering 200 requests each while four others look
/// things up in a loop: 1,600 distinct tickets, no error, every one readable.
#[test]
fn eight_writers_and_four_readers_at_once() {
    let dir = TempDir::new().unwrap();
    let db = common::small_db(dir.path());
    let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let readers: Vec<_> = (0..4)
        .map(|i| {
            let db = db.clone();
            let done = done.clone();
            std::thread::spawn(move || {
                let qs = ["张", "1-1-101", "zw", "5678"];
                let mut times = Vec::new();
                while !done.load(std::sync::atomic::Ordering::Relaxed) {
                    let t = Instant::now();
                    let o = run(&db, &["find", qs[(i + times.len()) % 4]]);
                    times.push(t.elapsed());
                    // 1: nothing matches (a phone tail may be nobody's).
                    assert!(
                        o.status.success()
                            || (o.status.code() == Some(1)
                                && stderr(&o).contains("nothing matches")),
                        "find: {}",
                        stderr(&o)
                    );
                }
                times
            })
        })
        .collect();
    let started = Instant::now();
    let writers: Vec<_> = (0..8)
        .map(|p| {
            let db = db.clone();
            std::thread::spawn(move || {
                (0..200)
                    .map(|i| {
                        let o = run(
                            &db,
                            &[
                                "register",
                                "--household",
                                "联盟新城 1-1-101",
                                "--category",
                                "safety",
                                "--text",
                                &format!("w{p}-{i}"),
                            ],
                        );
                        assert!(o.status.success(), "writer {p} #{i}: {}", stderr(&o));
                        stdout(&o).trim().to_string()
                    })
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    let tickets: Vec<String> = writers
        .into_iter()
        .flat_map(|w| w.join().unwrap())
        .collect();
    let secs = started.elapsed().as_secs_f64();
    done.store(true, std::sync::atomic::Ordering::Relaxed);
    let mut finds: Vec<Duration> = readers
        .into_iter()
        .flat_map(|r| r.join().unwrap())
        .collect();
    finds.sort();
    let p99 = finds[(finds.len() as f64 * 0.99) as usize];
    assert_eq!(tickets.len(), 1600);
    assert_eq!(
        tickets.iter().collect::<HashSet<_>>().len(),
        1600,
        "tickets repeated"
    );
    let s = Store::open(&db).unwrap();
    for t in &tickets {
        s.request_by_ticket(t).unwrap();
    }
    eprintln!(
        "1600 registrations by 8 processes in {secs:.1} s ({:.0}/s); {} finds alongside, p99 {:.1} ms (whole process)",
        1600.0 / secs,
        finds.len(),
        p99.as_secs_f64() * 1000.0
    );
}

/// Writers killed with SIGKILL at random moments: the file stays sound and
/// every ticket a writer printed is there. This proves an acknowledged
/// ticket survives the death of the process that wrote it (the commit
/// happened before the ticket was printed). It cannot prove survival of a
/// power cut: the operating system keeps a dead process's writes, so
/// `synchronous = OFF` would pass too. That the program commits with
/// `synchronous = FULL` is checked by
/// `every_connection_runs_with_full_sync_wal_and_foreign_keys`.
#[test]
fn an_acknowledged_ticket_survives_its_writer_being_killed() {
    let dir = TempDir::new().unwrap();
    let db = common::small_db(dir.path());
    let bin = env!("CARGO_BIN_EXE_griddesk");
    let rounds: u64 = std::env::var("GRIDDESK_CRASH_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20);
    let mut acknowledged = Vec::new();
    let mut seed = 0x2545F4914F6CDD1Du64;
    for round in 0..rounds {
        let out = dir.path().join(format!("tickets{round}"));
        let script = format!(
            "while true; do GRIDDESK_CONFIG=/nonexistent {bin} --db {} register --household '高庄 1-1-101' --category repair --text 'round {round}' >> {} 2>/dev/null; done",
            db.display(),
            out.display()
        );
        let mut child = Command::new("bash");
        common::private_env(&mut child, &common::private_home());
        let mut child = child
            .arg("-c")
            .arg(&script)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()
            .unwrap();
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        std::thread::sleep(Duration::from_millis(150 + seed % 400));
        // SIGKILL the whole group: the loop and the writer inside it.
        let pgid = child.id() as i32;
        Command::new("kill")
            .args(["-KILL", "--", &format!("-{pgid}")])
            .status()
            .unwrap();
        let waited = Instant::now();
        while child.try_wait().unwrap().is_none() {
            assert!(
                waited.elapsed() < Duration::from_secs(10),
                "the writer group did not die"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        let text = std::fs::read_to_string(&out).unwrap_or_default();
        acknowledged.extend(
            text.lines()
                .filter(|l| l.len() == 13 && l.as_bytes()[8] == b'-')
                .map(str::to_string),
        );
        let s = Store::open(&db).unwrap();
        let r = s.check().unwrap();
        assert!(r.ok(), "round {round}: {r:?}");
    }
    assert!(
        acknowledged.len() as u64 >= rounds,
        "the writers got some work done: {}",
        acknowledged.len()
    );
    let s = Store::open(&db).unwrap();
    for t in &acknowledged {
        assert!(
            s.request_by_ticket(t).is_ok(),
            "ticket {t} printed but lost"
        );
    }
    eprintln!(
        "{rounds} kill rounds, {} acknowledged tickets, 0 lost",
        acknowledged.len()
    );
}

use std::os::unix::process::CommandExt;

#[test]
fn hostile_database_files_get_a_message_and_stay_as_they_were() {
    let dir = TempDir::new().unwrap();
    // Empty: read commands say it is not a database yet; nothing written.
    let empty = dir.path().join("empty.db");
    std::fs::write(&empty, b"").unwrap();
    let o = run(&empty, &["find", "x"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert_eq!(std::fs::metadata(&empty).unwrap().len(), 0);
    // Truncated: refused as damaged, bytes unchanged.
    let full = common::small_db(dir.path());
    let bytes = std::fs::read(&full).unwrap();
    let cut = dir.path().join("cut.db");
    std::fs::write(&cut, &bytes[..bytes.len() / 3]).unwrap();
    let before = std::fs::read(&cut).unwrap();
    for args in [
        &["find", "张"][..],
        &[
            "register",
            "--household",
            "高庄 1-1-101",
            "--category",
            "repair",
            "--text",
            "x",
        ],
        &["check"],
    ] {
        let o = run(&cut, args);
        assert!(!o.status.success(), "{args:?}");
        let e = stderr(&o);
        assert!(
            !e.contains("panicked") && e.lines().count() == 1,
            "{args:?}: {e}"
        );
    }
    assert!(
        std::fs::read(&cut).unwrap() == before,
        "the damaged file is left as it was"
    );
    // Another program's database.
    let other = dir.path().join("other.db");
    rusqlite::Connection::open(&other)
        .unwrap()
        .execute_batch("CREATE TABLE notes(x)")
        .unwrap();
    let o = run(
        &other,
        &[
            "register",
            "--household",
            "高庄 1-1-101",
            "--category",
            "repair",
            "--text",
            "x",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("not a griddesk database"));
}

/// The disk fills up in the middle of registering: the registration that
/// meets the full disk writes nothing at all (every table as it was just
/// before it), the user is told "disk full", and the file stays sound.
#[test]
fn a_full_disk_writes_nothing_and_says_so() {
    let dir = TempDir::new().unwrap();
    let db = common::small_db(dir.path());
    let mut s = Store::open(&db).unwrap();
    let sup = staff_id(&s, &griddesk::cli::config::os_login());
    // Cap the file at its current size: the next page needed fails as a full disk.
    let pages: i64 = s
        .conn()
        .query_row("PRAGMA page_count", [], |r| r.get(0))
        .unwrap();
    s.conn()
        .query_row(&format!("PRAGMA max_page_count = {pages}"), [], |r| {
            r.get::<_, i64>(0)
        })
        .unwrap();
    let mut failed = None;
    let mut saved = 0;
    for i in 0..2000 {
        let before = common::row_counts(s.conn());
        let mut nr = NewRequest::new(Channel::WalkIn, "repair", &"很长的描述".repeat(200));
        nr.household_id = Some(1 + i % 50);
        match s.register(sup, &nr) {
            Ok(_) => saved += 1,
            Err(e) => {
                failed = Some((e, before));
                break;
            }
        }
    }
    let (e, before) = failed.expect("the cap is reached");
    assert!(matches!(e, Error::DiskFull), "{e:?}");
    assert!(griddesk::i18n::error(&e, griddesk::i18n::Lang::Zh).contains("磁盘已满"));
    // Still in this process (its cache) and in a fresh one (the file).
    assert_eq!(common::row_counts(s.conn()), before, "nothing written");
    drop(s);
    let s = Store::open(&db).unwrap();
    assert!(s.check().unwrap().ok());
    assert_eq!(
        common::row_counts(s.conn()),
        before,
        "nothing written, as the file says"
    );
    let orphans: i64 = s.conn().query_row("SELECT count(*) FROM request q WHERE NOT EXISTS (SELECT 1 FROM event e WHERE e.request_id = q.id)", [], |r| r.get(0)).unwrap();
    assert_eq!(orphans, 0, "every saved request has its event");
    eprintln!("{saved} registrations fitted before the disk was full");
}

#[test]
fn a_locale_that_is_not_utf8_gets_told_what_to_set() {
    let dir = TempDir::new().unwrap();
    let db = common::small_db(dir.path());
    let o = common::bin()
        .env("LANG", "zh_CN.GBK")
        .arg("--db")
        .arg(&db)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("LANG=zh_CN.UTF-8"), "{}", stderr(&o));
    let o = common::bin()
        .env("LANG", "C")
        .arg("--db")
        .arg(&db)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("UTF-8"), "{}", stderr(&o));
}

#[test]
fn a_shared_hall_gets_group_files() {
    use std::os::unix::fs::PermissionsExt;
    let dir = TempDir::new().unwrap();
    let cfg = dir.path().join("config.toml");
    let db = dir.path().join("hall.db");
    std::fs::write(
        &cfg,
        format!("db_path = {:?}\nshared = true\n", db.display().to_string()),
    )
    .unwrap();
    // Only `init` and `demo` make a database: `init` makes the shared
    // hall's; the program then works on it as the group.
    let o = common::bin()
        .env("GRIDDESK_CONFIG", &cfg)
        .args(["init", "--district", "川汇区"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let holidays = dir.path().join("h.csv");
    std::fs::write(&holidays, "date,kind\n").unwrap();
    let o = common::bin()
        .env("GRIDDESK_CONFIG", &cfg)
        .args(["import", "holidays", holidays.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        std::fs::metadata(&db).unwrap().permissions().mode() & 0o777,
        0o660
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn parsers_never_panic(s in "\\PC{0,40}") {
        let _ = griddesk::domain::address::parse(&s);
        let _ = griddesk::domain::address::parse_building(&s);
        let _ = griddesk::domain::ident::parse_resident_id(&s, chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap());
        let _ = griddesk::domain::ident::parse_phone(&s);
        let _ = griddesk::domain::ident::mask_phone(&s);
        let _ = griddesk::domain::ident::mask_id(&s);
        let _ = griddesk::domain::relation::parse(&s);
        let _ = griddesk::domain::calendar::parse_date(&s);
        let _ = griddesk::store::search::classify(&s);
        let _ = griddesk::domain::names::name_keys(&s);
    }

    #[test]
    fn address_forms_agree(b in 1u32..99, u in 1u32..9, r in 101u32..3000) {
        let dashed = griddesk::domain::address::parse(&format!("{b}-{u}-{r}")).unwrap();
        let chinese = griddesk::domain::address::parse(&format!("{b}号楼{u}单元{r}")).unwrap();
        prop_assert_eq!(dashed, chinese);
    }

    #[test]
    fn valid_ids_round_trip(y in 1920i32..2020, d in 0i64..365, seq in 0u32..1000) {
        let birth = chrono::NaiveDate::from_ymd_opt(y, 1, 1).unwrap() + chrono::Duration::days(d);
        let id = griddesk::domain::ident::make_resident_id("411602", birth, seq);
        let p = griddesk::domain::ident::parse_resident_id(&id, chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()).unwrap();
        prop_assert_eq!(p.birth_date, birth);
        // Any one changed digit is caught by the check character.
        let mut bad: Vec<u8> = id.clone().into_bytes();
        bad[10] = if bad[10] == b'0' { b'1' } else { b'0' };
        prop_assert!(griddesk::domain::ident::parse_resident_id(std::str::from_utf8(&bad).unwrap(), chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()).is_err());
    }

    #[test]
    fn keymap_and_config_loaders_never_panic(s in "\\PC{0,200}") {
        let _ = griddesk::tui::keymap::Keymap::with_user_file(Path::new("fuzz.toml"), &s);
        let f = std::env::temp_dir().join(format!("griddesk-cfg-{}.toml", std::process::id()));
        std::fs::write(&f, &s).unwrap();
        let _ = griddesk::cli::config::load(&f);
        let _ = std::fs::remove_file(&f);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]
    /// Random bytes and random near-CSV text: the importer never panics,
    /// never half-writes, and answers 0 or 2.
    #[test]
    fn the_importer_never_panics(body in prop::collection::vec(any::<u8>(), 0..400), text in "[社区,楼栋单元室姓名身份证号\\n0-9a-z锦华家园\"\t]{0,300}") {
        thread_local!(static DB: std::path::PathBuf = {
            let dir = Box::leak(Box::new(TempDir::new().unwrap()));
            common::small_db(dir.path())
        });
        let db = DB.with(|d| d.clone());
        let before: i64 = rusqlite::Connection::open(&db).unwrap().query_row("SELECT count(*) FROM resident", [], |r| r.get(0)).unwrap();
        for content in [body, format!("社区,楼栋,单元,室,姓名\n{text}").into_bytes()] {
            let f = db.with_extension(format!("fuzz{}.csv", std::process::id()));
            std::fs::write(&f, &content).unwrap();
            let mut s = Store::open(&db).unwrap();
            let r = s.import_households(&f, common::supervisor(&s), false, &mut |_, _| {});
            prop_assert!(r.is_ok() || matches!(r, Err(Error::Io(_))), "{r:?}");
            if let Ok(Err(errs)) = &r {
                prop_assert!(!errs.is_empty());
                let after: i64 = s.conn().query_row("SELECT count(*) FROM resident", [], |r| r.get(0)).unwrap();
                prop_assert_eq!(after, before, "a refused file writes nothing");
            }
            let _ = std::fs::remove_file(&f);
        }
    }
}

/// A read-only database file (immutable even for root): writes are refused
/// with the file named, reads still work, the file is unchanged.
#[test]
fn a_read_only_database_is_named_and_left_alone() {
    let dir = TempDir::new().unwrap();
    let db = common::small_db(dir.path());
    let before = std::fs::read(&db).unwrap();
    let Some(locked) = common::immutable(&db, "a_read_only_database_is_named_and_left_alone")
    else {
        return;
    };
    let o = run(
        &db,
        &[
            "register",
            "--household",
            "高庄 1-1-101",
            "--category",
            "repair",
            "--text",
            "x",
        ],
    );
    let found = run(&db, &["find", "1-1-101"]);
    locked.release();
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains(&format!("{} is read-only", db.display())),
        "{}",
        stderr(&o)
    );
    assert!(found.status.success(), "{}", stderr(&found));
    assert!(stdout(&found).contains("1-1-101"), "{}", stdout(&found));
    assert!(std::fs::read(&db).unwrap() == before, "unchanged");
}

/// A bulk import (its indexes dropped inside the transaction) cut off at its
/// most exposed moment, or killed with SIGKILL early, midway and late: the
/// register is as it was (or wholly imported), every index in place, the
/// file sound; then the same file goes in whole.
#[test]
fn a_bulk_import_killed_at_any_moment_leaves_the_register_as_it_was() {
    use griddesk::domain::ident::make_resident_id;
    use griddesk::store::import::Stage;
    let dir = TempDir::new().unwrap();
    let db = common::small_db(dir.path());
    let residents = |db: &Path| -> i64 {
        rusqlite::Connection::open(db)
            .unwrap()
            .query_row("SELECT count(*) FROM resident", [], |r| r.get(0))
            .unwrap()
    };
    let before = residents(&db);
    let indexes = index_sql(&db);
    // More rows than the register has residents: bulk mode. New buildings
    // of 高庄, four people a household.
    let n = 24_000usize;
    assert!(n as i64 > before);
    let surnames = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄'];
    let given = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋'];
    let relations = ["户主", "配偶", "子", "女"];
    let mut text = String::from("社区,楼栋,单元,室,姓名,身份证号,电话,与户主关系\n");
    for i in 0..n {
        let hh = i / 4;
        // Birth dates repeat every 2,100 rows; the sequence tells them
        // apart. Born elsewhere than the demo's people (411602).
        let birth = chrono::NaiveDate::from_ymd_opt(
            1950 + (i % 50) as i32,
            1 + (i % 12) as u32,
            1 + (i % 28) as u32,
        )
        .unwrap();
        let id = make_resident_id("110101", birth, (i / 2100) as u32);
        let name = format!(
            "{}{}{}",
            surnames[i % 8],
            given[(i / 8) % 10],
            given[(i / 80) % 10]
        );
        let phone = if i % 4 == 0 {
            format!("139{i:08}")
        } else {
            String::new()
        };
        text.push_str(&format!(
            "高庄,{},1,{},{name},{id},{phone},{}\n",
            101 + hh / 100,
            101 + hh % 100,
            relations[i % 4]
        ));
    }
    let csv = dir.path().join("register.csv");
    std::fs::write(&csv, text).unwrap();
    let import = || {
        let mut c = common::bin();
        c.arg("--db")
            .arg(&db)
            .args(["import", "households"])
            .arg(&csv)
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        c
    };
    // The most exposed moment, made exact: every row written and the
    // indexes dropped, nothing committed. A copy of the files taken then is
    // what a crash at that moment leaves behind.
    let exposed = dir.path().join("exposed.db");
    {
        let work = dir.path().join("work.db");
        std::fs::copy(&db, &work).unwrap();
        let mut store = Store::open(&work).unwrap();
        let mut copied = false;
        let mut at_index = |stage: Stage, _: usize| {
            if stage == Stage::Index {
                for suffix in ["", "-wal"] {
                    let from = format!("{}{suffix}", work.display());
                    if Path::new(&from).exists() {
                        std::fs::copy(&from, format!("{}{suffix}", exposed.display())).unwrap();
                    }
                }
                copied = true;
            }
        };
        let me = common::supervisor(&store);
        let summary = store
            .import_households(&csv, me, false, &mut at_index)
            .unwrap()
            .unwrap();
        assert!(copied, "the import went in by bulk");
        assert_eq!(summary.residents_added, n);
        assert_eq!(residents(&work), before + n as i64);
        assert_eq!(index_sql(&work), indexes);
    }
    let r = Store::open(&exposed).unwrap().check().unwrap();
    assert!(r.ok(), "{r:?}");
    assert_eq!(index_sql(&exposed), indexes, "every index is there");
    assert_eq!(residents(&exposed), before, "nothing of the import");

    // Whole processes killed early, midway and late (by the time a dry run
    // takes): each time the register is either as it was or wholly
    // imported, every index in place, the file sound.
    let t = Instant::now();
    let dry = import().arg("--dry-run").status().unwrap();
    assert!(dry.success());
    let whole = t.elapsed();
    assert_eq!(residents(&db), before);
    for fraction in [0.3, 0.6, 0.9] {
        let mut child = import().spawn().unwrap();
        std::thread::sleep(whole.mul_f64(fraction));
        let _ = child.kill();
        child.wait().unwrap();
        let s = Store::open(&db).unwrap();
        let r = s.check().unwrap();
        assert!(r.ok(), "killed at {fraction}: {r:?}");
        s.close();
        assert_eq!(index_sql(&db), indexes, "killed at {fraction}");
        let now = residents(&db);
        assert!(
            now == before || now == before + n as i64,
            "killed at {fraction}: {now} residents, neither {before} nor {}",
            before + n as i64
        );
    }
    let o = import().status().unwrap();
    assert!(o.success());
    assert_eq!(residents(&db), before + n as i64);
    assert_eq!(index_sql(&db), indexes);
    let o = run(&db, &["find", "13900000004"]);
    assert!(
        stdout(&o).contains("陈伟伟  高庄社区 101-1-102"),
        "{}",
        stdout(&o)
    );
}

/// What a connection runs with: `synchronous` (2 = FULL), `journal_mode`
/// and `foreign_keys`.
fn durability(s: &Store) -> (i64, String, i64) {
    let c = s.conn();
    let sync = c.query_row("PRAGMA synchronous", [], |r| r.get(0)).unwrap();
    let journal: String = c
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    let fk = c
        .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
        .unwrap();
    (sync, journal.to_ascii_lowercase(), fk)
}

/// Every connection the program opens commits with `synchronous = FULL`
/// (a committed request survives a power cut), in WAL (readers never block
/// the writer) and with foreign keys on: read-write and read-only opens as
/// the commands make them, a new file, a shared hall's file, the screens'
/// connection after a session of work, and the import's connection after an
/// import, a dry run and a refused file (its own settings put back).
#[test]
fn every_connection_runs_with_full_sync_wal_and_foreign_keys() {
    use griddesk::store::{Mode, OpenOptions};
    let want = (2, "wal".to_string(), 1);
    let dir = TempDir::new().unwrap();
    let db = common::small_db(dir.path());
    let open = |mode, shared| Store::open_with(&db, OpenOptions { mode, shared }).unwrap();
    assert_eq!(
        durability(&open(Mode::ReadWrite, false)),
        want,
        "read-write"
    );
    assert_eq!(durability(&open(Mode::ReadOnly, false)), want, "read-only");
    assert_eq!(durability(&open(Mode::ReadWrite, true)), want, "shared");
    let fresh = Store::open(&dir.path().join("new.db")).unwrap();
    assert_eq!(durability(&fresh), want, "a new file");
    drop(fresh);

    // The screens: opened as `griddesk` opens them, a shift started, the
    // short busy wait, a search, a registration.
    {
        use griddesk::tui::app::{App, Input};
        use griddesk::tui::effects::Runner;
        use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
        let mut store = open(Mode::ReadWrite, false);
        let op = staff::by_login(store.conn(), &griddesk::cli::config::os_login())
            .unwrap()
            .unwrap();
        store.start_shift(op.id).unwrap();
        store.set_busy_timeout(griddesk::tui::BUSY_WAIT).unwrap();
        let mut app = App::new(
            griddesk::i18n::Lang::En,
            griddesk::tui::keymap::Keymap::default_map(),
            Some(op.clone()),
        );
        let mut effects = app.start();
        let key = |c| Input::Key(KeyEvent::new(c, KeyModifiers::NONE));
        effects.extend(app.handle(key(KeyCode::F(2))));
        for c in "1-1-101".chars() {
            effects.extend(app.handle(key(KeyCode::Char(c))));
        }
        let mut r = Runner {
            store: &mut store,
            lang: griddesk::i18n::Lang::En,
            operator: Some(op.id),
        };
        griddesk::tui::drain(&mut app, &mut r, effects);
        let mut nr = NewRequest::new(Channel::WalkIn, "repair", "灯坏了");
        nr.household_id = Some(1);
        store.register(op.id, &nr).unwrap();
        assert_eq!(durability(&store), want, "the screens");
    }

    // The import's connection, after each way an import ends.
    let csv = dir.path().join("one.csv");
    std::fs::write(
        &csv,
        "社区,楼栋,单元,室,姓名,与户主关系\n高庄,88,1,101,王新来,户主\n",
    )
    .unwrap();
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, "社区,楼栋,单元,室,姓名\n高庄,x,,,\n").unwrap();
    let mut s = open(Mode::ReadWrite, false);
    let temp_store = |s: &Store| -> i64 {
        s.conn()
            .query_row("PRAGMA temp_store", [], |r| r.get(0))
            .unwrap()
    };
    let dry = s.import_households(&csv, common::supervisor(&s), true, &mut |_, _| {});
    assert!(matches!(dry, Ok(Ok(_))), "{dry:?}");
    assert_eq!(durability(&s), want, "after a dry run");
    let refused = s.import_households(&bad, common::supervisor(&s), false, &mut |_, _| {});
    assert!(matches!(refused, Ok(Err(_))), "{refused:?}");
    assert_eq!(durability(&s), want, "after a refused file");
    let done = s
        .import_households(&csv, common::supervisor(&s), false, &mut |_, _| {})
        .unwrap()
        .unwrap();
    assert_eq!(done.residents_added, 1);
    assert_eq!(durability(&s), want, "after an import");
    assert_eq!(temp_store(&s), 2, "temporary tables back in memory");
}
