//! The register keeps the truth: free text stored as typed, control
//! characters refused at input and escaped on output, limits, repeated
//! saves, a resident named with the wrong household, CSV cells Excel would
//! run, private print files, a calendar that follows other processes,
//! errors that reach the user, one guarded read path.

mod common;

use chrono::{Duration, TimeZone};
use common::{run, small_db, stderr, stdout};
use griddesk::domain::calendar::{DayKind, tz};
use griddesk::domain::lifecycle::{Channel, Rating};
use griddesk::store::request::{FollowUp, NewRequest, NoteKind};
use griddesk::store::{Error, Field, Store};
use std::path::Path;

/// The operator (a supervisor in the small demo), a household and one of
/// its residents, and a resident of another household.
struct Fixture {
    me: i64,
    household: i64,
    resident: i64,
    other_resident: i64,
    other_id_number: String,
}

fn fixture(db: &Path) -> Fixture {
    let c = rusqlite::Connection::open(db).unwrap();
    let me: i64 = c
        .query_row(
            "SELECT id FROM staff WHERE login = ?1",
            [griddesk::cli::config::os_login()],
            |r| r.get(0),
        )
        .unwrap();
    let (household, resident): (i64, i64) = c
        .query_row(
            "SELECT household_id, id FROM resident WHERE voided_at IS NULL ORDER BY id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let (other_resident, other_id_number): (i64, String) = c
        .query_row(
            "SELECT id, id_number FROM resident WHERE voided_at IS NULL AND household_id <> ?1
               AND id_number IS NOT NULL ORDER BY id LIMIT 1",
            [household],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    Fixture {
        me,
        household,
        resident,
        other_resident,
        other_id_number,
    }
}

fn open_at_noon(db: &Path) -> Store {
    let mut s = Store::open(db).unwrap();
    s.set_now(Some(tz().with_ymd_and_hms(2026, 11, 27, 10, 0, 0).unwrap()));
    s
}

fn count(db: &Path, table: &str) -> i64 {
    let c = rusqlite::Connection::open(db).unwrap();
    c.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

fn walk_in(f: &Fixture, text: &str) -> NewRequest {
    let mut nr = NewRequest::new(Channel::WalkIn, "repair", text);
    nr.household_id = Some(f.household);
    nr
}

#[test]
fn free_text_is_stored_as_typed_with_chinese_punctuation() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_db(dir.path());
    let f = fixture(&db);
    let mut s = open_at_noon(&db);
    let typed = "路灯不亮，已三天：（3号楼东侧）编号１２３";
    let reg = s.register(f.me, &walk_in(&f, typed)).unwrap();
    assert_eq!(s.request(reg.id).unwrap().description, typed);
    let note = "已联系物业：（王师傅）明天到";
    s.note(f.me, reg.id, NoteKind::Note, note).unwrap();
    s.note(f.me, reg.id, NoteKind::Reply, note).unwrap();
    s.assign(f.me, reg.id, f.me, None).unwrap();
    s.start(f.me, reg.id, None, None).unwrap();
    let wait = "等待配件，约２天（厂家）";
    s.wait(f.me, reg.id, wait, None).unwrap();
    s.resume(f.me, reg.id, None, None).unwrap();
    let result = "已更换灯泡，恢复照明。";
    let r = s.resolve(f.me, reg.id, result, None).unwrap();
    assert_eq!(r.result.as_deref(), Some(result));
    s.follow_up(f.me, reg.id, FollowUp::Rated(Rating::Satisfied), None)
        .unwrap();
    let timeline = s.timeline(reg.id).unwrap();
    let texts: Vec<&str> = timeline
        .iter()
        .flat_map(|e| [e.note.as_deref(), e.reason.as_deref()])
        .flatten()
        .collect();
    for want in [typed, note, wait, result] {
        assert!(texts.contains(&want), "{want:?} not in {texts:?}");
    }
    let visit = "入户走访：老人独居，需关注（血压高）";
    let vid = s.record_visit(f.me, f.household, visit).unwrap();
    let c = rusqlite::Connection::open(&db).unwrap();
    let stored: String = c
        .query_row("SELECT note FROM visit WHERE id = ?1", [vid], |r| r.get(0))
        .unwrap();
    assert_eq!(stored, visit);
}

#[test]
fn control_characters_are_refused_at_input_and_escaped_on_output() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_db(dir.path());
    let f = fixture(&db);
    let mut s = open_at_noon(&db);
    let before = count(&db, "request");
    let e = s
        .register(f.me, &walk_in(&f, "响铃\u{7}\u{1b}[2J清屏"))
        .unwrap_err();
    assert!(
        matches!(
            e,
            Error::ControlChar {
                what: Field::Description,
                at: 3,
                code: 7
            }
        ),
        "{e:?}"
    );
    drop(s);
    assert_eq!(count(&db, "request"), before);

    // From the command line: exit 2, the field named, nothing written.
    let o = run(
        &db,
        &[
            "--lang",
            "en",
            "register",
            "--household",
            &f.household.to_string(),
            "--category",
            "repair",
            "--text",
            "bell\u{7}",
        ],
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("description"), "{}", stderr(&o));
    assert!(stderr(&o).contains("U+0007"), "{}", stderr(&o));
    assert_eq!(count(&db, "request"), before);

    // Text written before the check existed is shown escaped, never sent
    // raw to the terminal.
    let mut s = open_at_noon(&db);
    let reg = s.register(f.me, &walk_in(&f, "旧数据")).unwrap();
    drop(s);
    let c = rusqlite::Connection::open(&db).unwrap();
    c.execute(
        "UPDATE request SET description = ?1 WHERE id = ?2",
        rusqlite::params!["旧\u{1b}[2J数据\u{7}", reg.id],
    )
    .unwrap();
    let o = run(&db, &["show", &reg.ticket]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(!o.stdout.contains(&0x1b) && !o.stdout.contains(&0x07));
    assert!(
        stdout(&o).contains("旧\\u{1b}[2J数据\\u{7}"),
        "{}",
        stdout(&o)
    );
    let o = run(&db, &["export", "requests"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(!o.stdout.contains(&0x1b) && !o.stdout.contains(&0x07));
    assert!(stdout(&o).contains("旧\\u{1b}[2J数据\\u{7}"));
}

#[test]
fn over_long_text_is_refused_naming_the_field_and_its_limit() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_db(dir.path());
    let f = fixture(&db);
    let before = count(&db, "request");
    // One argument may be 128 KiB: 100,000 ASCII characters fit.
    let long = "x".repeat(100_000);
    let o = run(
        &db,
        &[
            "--lang",
            "en",
            "register",
            "--household",
            &f.household.to_string(),
            "--category",
            "repair",
            "--text",
            &long,
        ],
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("description") && err.contains("2000") && err.contains("100000"),
        "{err}"
    );
    assert_eq!(count(&db, "request"), before);

    let mut s = open_at_noon(&db);
    let reg = s.register(f.me, &walk_in(&f, "路灯不亮")).unwrap();
    let e = s.wait(f.me, reg.id, &"因".repeat(501), None).unwrap_err();
    assert!(
        matches!(
            e,
            Error::TooLong {
                what: Field::Reason,
                limit: 500,
                len: 501
            }
        ),
        "{e:?}"
    );
    let e = s.custody_in(f.me, reg.id, &"证".repeat(101)).unwrap_err();
    assert!(
        matches!(
            e,
            Error::TooLong {
                what: Field::Item,
                ..
            }
        ),
        "{e:?}"
    );
    // At the limit is fine.
    s.custody_in(f.me, reg.id, &"证".repeat(100)).unwrap();
}

#[test]
fn the_same_request_twice_within_two_minutes_needs_a_yes() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_db(dir.path());
    let f = fixture(&db);
    let mut s = open_at_noon(&db);
    let first = s.register(f.me, &walk_in(&f, "楼道灯坏了")).unwrap();
    let before = count(&db, "request");
    match s.register(f.me, &walk_in(&f, "  楼道灯坏了 ")) {
        Err(Error::Repeated { ticket, seconds }) => {
            assert_eq!(ticket, first.ticket);
            assert_eq!(seconds, 0);
        }
        other => panic!("expected a repeat refusal, got {other:?}"),
    }
    assert_eq!(count(&db, "request"), before);
    // By the requester too, when the household is not named.
    let mut by_person = NewRequest::new(Channel::Phone, "dispute", "邻居噪音");
    by_person.resident_id = Some(f.resident);
    s.register(f.me, &by_person).unwrap();
    assert!(matches!(
        s.register(f.me, &by_person),
        Err(Error::Repeated { .. })
    ));
    // Another text, or another category, is another request.
    s.register(f.me, &walk_in(&f, "楼道灯坏了，二楼")).unwrap();
    let mut other = walk_in(&f, "楼道灯坏了");
    other.category = "property".into();
    s.register(f.me, &other).unwrap();
    // Confirmed: registered again.
    let mut again = walk_in(&f, "楼道灯坏了");
    again.again = true;
    let second = s.register(f.me, &again).unwrap();
    assert_ne!(second.ticket, first.ticket);
    // Past the window, no question.
    s.set_now(Some(
        tz().with_ymd_and_hms(2026, 11, 27, 10, 2, 1).unwrap() + Duration::seconds(0),
    ));
    s.register(f.me, &walk_in(&f, "楼道灯坏了")).unwrap();
    drop(s);

    // The command line: exit 2 naming the ticket, then --again.
    let args = |again: bool| {
        let mut v = vec![
            "--lang".to_string(),
            "en".into(),
            "register".into(),
            "--household".into(),
            f.household.to_string(),
            "--category".into(),
            "safety".into(),
            "--text".into(),
            "门禁坏了".into(),
        ];
        if again {
            v.push("--again".into());
        }
        v
    };
    let o = run(
        &db,
        &args(false).iter().map(String::as_str).collect::<Vec<_>>(),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let ticket = stdout(&o).trim().to_string();
    let n = count(&db, "request");
    let o = run(
        &db,
        &args(false).iter().map(String::as_str).collect::<Vec<_>>(),
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains(&ticket) && stderr(&o).contains("--again"),
        "{}",
        stderr(&o)
    );
    assert_eq!(count(&db, "request"), n);
    let o = run(
        &db,
        &args(true).iter().map(String::as_str).collect::<Vec<_>>(),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(count(&db, "request"), n + 1);
}

#[test]
fn a_resident_named_with_a_household_they_do_not_live_in_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_db(dir.path());
    let f = fixture(&db);
    let mut s = open_at_noon(&db);
    let mut nr = walk_in(&f, "开具证明");
    nr.resident_id = Some(f.other_resident);
    let e = s.register(f.me, &nr).unwrap_err();
    assert!(matches!(e, Error::NotAtHousehold { .. }), "{e:?}");
    let (hh_label, other_label, other_name) = {
        let c = s.read(|c| {
            let h = griddesk::store::household::get(c, f.household)?;
            let r = griddesk::store::household::resident(c, f.other_resident)?;
            let oh = griddesk::store::household::get(c, r.household_id)?;
            Ok((h.label(), oh.label(), r.name))
        });
        c.unwrap()
    };
    drop(s);
    let before = count(&db, "request");
    let o = run(
        &db,
        &[
            "--lang",
            "en",
            "register",
            "--household",
            &f.household.to_string(),
            "--resident",
            &f.other_id_number,
            "--category",
            "repair",
            "--text",
            "开具证明",
        ],
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains(&hh_label) && err.contains(&other_label) && err.contains(&other_name),
        "{err}"
    );
    assert_eq!(count(&db, "request"), before);
}

#[test]
fn csv_cells_excel_would_run_are_neutralised() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_db(dir.path());
    let f = fixture(&db);
    let mut s = open_at_noon(&db);
    for text in [
        "=HYPERLINK(\"http://x\",\"点我\")",
        "+1+1",
        "-2+3",
        "@SUM(A1)",
    ] {
        s.register(f.me, &walk_in(&f, text)).unwrap();
    }
    drop(s);
    let o = run(&db, &["export", "requests", "--from", "2026-11-27"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    let mut rdr = csv::ReaderBuilder::new().from_reader(out.as_bytes());
    let cells: Vec<String> = rdr
        .records()
        .flat_map(|r| r.unwrap().iter().map(str::to_string).collect::<Vec<_>>())
        .collect();
    for typed in [
        "=HYPERLINK(\"http://x\",\"点我\")",
        "+1+1",
        "-2+3",
        "@SUM(A1)",
    ] {
        assert!(
            cells.iter().any(|c| *c == format!("'{typed}")),
            "{typed} not guarded"
        );
    }
    for c in &cells {
        assert!(
            !c.starts_with(['=', '+', '-', '@', '\t', '\r']),
            "a cell Excel would run: {c}"
        );
    }
    assert_eq!(
        griddesk::store::table::unguard_cell("'=1+1"),
        "=1+1",
        "the guard comes off on the way back in"
    );
    assert_eq!(griddesk::store::table::unguard_cell("O'Neil"), "O'Neil");
    assert_eq!(griddesk::store::table::unguard_cell("'hello"), "'hello");
}

#[cfg(unix)]
#[test]
fn print_files_are_private_whatever_the_umask() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let db = small_db(dir.path());
    let f = fixture(&db);
    let mut s = Store::open(&db).unwrap();
    s.start_shift(f.me).unwrap();
    drop(s);
    let data = dir.path().join("data");
    let o = common::bin()
        .arg("--db")
        .arg(&db)
        .args(["handover", "--print"])
        .env("XDG_DATA_HOME", &data)
        .env("HOME", dir.path())
        .env("PATH", "/nonexistent") // no `lp`: the copy stays in the folder
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let folder = data.join("griddesk/print");
    let file = folder.join("handover.txt");
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert!(file.exists(), "{}", stderr(&o));
    assert_eq!(mode(&file), 0o600);
    assert_eq!(mode(&folder), 0o700);
    // A copy left readable by an older version is made private again.
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
    let o = common::bin()
        .arg("--db")
        .arg(&db)
        .args(["handover", "--print"])
        .env("XDG_DATA_HOME", &data)
        .env("HOME", dir.path())
        .env("PATH", "/nonexistent")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(mode(&file), 0o600);
}

#[test]
fn a_calendar_changed_by_another_process_is_seen_without_restarting() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_db(dir.path());
    let mut screen = Store::open(&db).unwrap();
    let monday = chrono::NaiveDate::from_ymd_opt(2027, 3, 1).unwrap();
    assert!(screen.calendar().unwrap().is_working(monday));
    // Another counter imports a holiday.
    let mut other = Store::open(&db).unwrap();
    other
        .set_calendar_days(&[(monday, DayKind::Holiday, "测试假日".into())])
        .unwrap();
    drop(other);
    assert!(
        !screen.calendar().unwrap().is_working(monday),
        "the open screen still has the old calendar"
    );
}

#[test]
fn malformed_stored_values_are_errors_not_blanks() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_db(dir.path());
    let f = fixture(&db);
    let mut s = open_at_noon(&db);
    let reg = s.register(f.me, &walk_in(&f, "路灯不亮")).unwrap();
    drop(s);
    let c = rusqlite::Connection::open(&db).unwrap();
    c.execute(
        "UPDATE request SET resolved_at = 'yesterday' WHERE id = ?1",
        [reg.id],
    )
    .unwrap();
    let s = Store::open(&db).unwrap();
    assert!(
        s.request(reg.id).is_err(),
        "a malformed time was read as 'not resolved'"
    );
    c.execute(
        "UPDATE request SET resolved_at = NULL WHERE id = ?1",
        [reg.id],
    )
    .unwrap();
    assert!(s.request(reg.id).unwrap().resolved_at.is_none());

    // A calendar row that is not a date.
    c.execute(
        "INSERT INTO calendar_day(day, kind) VALUES ('2027-02-30', 'holiday')",
        [],
    )
    .unwrap();
    let mut s = Store::open(&db).unwrap();
    match s.calendar() {
        Err(Error::Invalid { what, value }) => {
            assert_eq!(what, Field::Date);
            assert!(value.contains("2027-02-30"));
        }
        other => panic!("expected an invalid date, got {:?}", other.map(|_| ())),
    }
    c.execute("DELETE FROM calendar_day WHERE day = '2027-02-30'", [])
        .unwrap();

    // A request keeps its category after the category is deactivated.
    c.execute("UPDATE category SET active = 0 WHERE code = 'repair'", [])
        .unwrap();
    let mut s = Store::open(&db).unwrap();
    let r = s.request(reg.id).unwrap();
    let now = s.now();
    let cal = s.calendar().unwrap().clone();
    let file = s
        .read(|c| griddesk::store::views::request_file(c, r, now, &cal))
        .unwrap();
    assert_eq!(
        file.category.map(|c| c.name_zh),
        Some("设施报修".to_string())
    );
}

#[test]
fn a_read_that_fails_or_panics_leaves_no_transaction_open() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_db(dir.path());
    let f = fixture(&db);
    let mut s = open_at_noon(&db);
    let e = s.read(|_| -> griddesk::store::Result<()> { Err(Error::Conflict) });
    assert!(matches!(e, Err(Error::Conflict)));
    let panicked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let _ = s.read(|c| -> griddesk::store::Result<()> {
            let _: i64 = c.query_row("SELECT count(*) FROM request", [], |r| r.get(0))?;
            panic!("a bug inside a read");
        });
    }));
    assert!(panicked.is_err());
    // The connection is usable for writing: no transaction was left open.
    s.register(f.me, &walk_in(&f, "读后写")).unwrap();

    // The report only reads: no table of its own, not even a TEMP one.
    let from = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    let to = chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
    let (whole, kids) = s.report_with_children(from, to, None).unwrap();
    assert!(whole.requests > 0);
    assert_eq!(
        kids.iter().map(|k| k.requests).sum::<i64>(),
        whole.requests,
        "the children add up to the whole"
    );
    let temp: i64 = s
        .read(|c| Ok(c.query_row("SELECT count(*) FROM temp.sqlite_master", [], |r| r.get(0))?))
        .unwrap();
    assert_eq!(temp, 0);
}

#[test]
fn a_guarded_cell_imports_back_as_it_was_typed() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_db(dir.path());
    let csv = dir.path().join("in.csv");
    std::fs::write(
        &csv,
        "社区,楼栋,单元,室,姓名,身份证号,电话,与户主关系,备注\n\
         锦华家园,3号楼,2,1801,曾国藩,411602195603123014,13812340001,户主,=SUM(A1)+1\n\
         锦华家园,3号楼,2,1801,单田芳,411602195807074023,,配偶,-已搬走？\n",
    )
    .unwrap();
    let o = run(&db, &["import", "households", csv.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let c = rusqlite::Connection::open(&db).unwrap();
    let note = |name: &str| -> String {
        c.query_row("SELECT note FROM resident WHERE name = ?1", [name], |r| {
            r.get(0)
        })
        .unwrap()
    };
    assert_eq!(note("曾国藩"), "=SUM(A1)+1");
    assert_eq!(note("单田芳"), "-已搬走？");
    // Exported behind a guard…
    let o = run(&db, &["export", "households", "--unmasked"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains(",'=SUM(A1)+1") && out.contains(",'-已搬走？"),
        "{out}"
    );
    // …and back in unchanged, the guard taken off.
    let back = dir.path().join("back.csv");
    std::fs::write(&back, out).unwrap();
    let o = run(&db, &["import", "households", back.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(note("曾国藩"), "=SUM(A1)+1");
    assert_eq!(note("单田芳"), "-已搬走？");
    assert!(
        stdout(&o).matches("~0 =").count() == 2,
        "the round trip changed something: {}",
        stdout(&o)
    );
}
