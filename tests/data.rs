//! Getting data in and out: household import (UTF-8, BOM + tab, GBK), every
//! bad-line kind, idempotence, the round trip of the demo's own export,
//! holidays, request export, the report against independent counts, and
//! Open311 field by field.

mod common;

use common::{index_sql, run, stderr, stdout};
use std::path::{Path, PathBuf};
use tempfile::TempDir;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name)
}

fn count(db: &Path, sql: &str) -> i64 {
    rusqlite::Connection::open(db)
        .unwrap()
        .query_row(sql, [], |r| r.get(0))
        .unwrap()
}

#[test]
fn the_sample_imports_then_reimports_as_unchanged() {
    let dir = TempDir::new().unwrap();
    let db = common::small_db(dir.path());
    let before = count(&db, "SELECT count(*) FROM resident");
    let dry = run(
        &db,
        &[
            "import",
            "households",
            fixture("sample.csv").to_str().unwrap(),
            "--dry-run",
        ],
    );
    assert!(dry.status.success(), "{}", stderr(&dry));
    assert!(
        stdout(&dry).contains("+4 ~0 =0") && stdout(&dry).contains("+6 ~0 =0"),
        "{}",
        stdout(&dry)
    );
    assert_eq!(
        count(&db, "SELECT count(*) FROM resident"),
        before,
        "a dry run writes nothing"
    );

    let o = run(
        &db,
        &[
            "import",
            "households",
            fixture("sample.csv").to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("+4 ~0 =0") && stdout(&o).contains("+6 ~0 =0"),
        "{}",
        stdout(&o)
    );
    assert_eq!(count(&db, "SELECT count(*) FROM resident"), before + 6);
    // New area and building made under a named community.
    assert!(
        stdout(&o).contains("areas created 1  buildings created 3"),
        "{}",
        stdout(&o)
    );

    let again = run(
        &db,
        &[
            "import",
            "households",
            fixture("sample.csv").to_str().unwrap(),
        ],
    );
    assert!(again.status.success());
    assert!(
        stdout(&again).contains("+0 ~0 =4") && stdout(&again).contains("+0 ~0 =6"),
        "{}",
        stdout(&again)
    );
    assert_eq!(count(&db, "SELECT count(*) FROM resident"), before + 6);

    // What came in is right: full-width phone normalised, head's phone on the household,
    // blank relation → the first member is the head, tags split, quoted commas kept.
    let c = rusqlite::Connection::open(&db).unwrap();
    let (mobile, rel): (String, String) = c
        .query_row(
            "SELECT mobile, relation FROM resident WHERE name = '单田芳'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((mobile.as_str(), rel.as_str()), ("13812340002", "1"));
    let (tags, note): (String, String) = c
        .query_row(
            "SELECT tags, note FROM resident WHERE name = '覃斌'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(tags, "低保;残疾");
    assert_eq!(note, "备注, 含逗号");
    let phone: String = c.query_row("SELECT h.phone FROM household h JOIN resident r ON r.household_id = h.id WHERE r.name = '曾国藩'", [], |r| r.get(0)).unwrap();
    assert_eq!(phone, "13812340001");
    // Searchable at once, with the surname readings.
    let o = run(&db, &["find", "zgf"]);
    assert!(stdout(&o).contains("曾国藩"), "{}", stdout(&o));
    let o = run(&db, &["find", "锦华家园 3-2-1801"]);
    assert!(stdout(&o).contains("曾国藩"), "{}", stdout(&o));
    // Every change is in the log, with IDs masked.
    let n = count(
        &db,
        "SELECT count(*) FROM event WHERE entity = 'resident' AND kind = 'created' AND after LIKE '%********%'",
    );
    assert!(n >= 6);
}

#[test]
fn bom_tab_and_gbk_files_give_the_same_register() {
    let names = |db: &Path| -> Vec<String> {
        let c = rusqlite::Connection::open(db).unwrap();
        let mut st = c.prepare("SELECT r.name || '|' || h.unit || '|' || h.room || '|' || ifnull(r.mobile,'') || '|' || r.relation FROM resident r JOIN household h ON h.id = r.household_id WHERE r.id_number LIKE '4116021956%' OR r.created_at > '2026-11-27T12' ORDER BY r.name").unwrap();
        st.query_map([], |r| r.get(0))
            .unwrap()
            .map(|r| r.unwrap())
            .collect()
    };
    let mut seen = Vec::new();
    for f in ["sample.csv", "sample_bom_tab.csv", "sample_gbk.csv"] {
        let dir = TempDir::new().unwrap();
        let db = common::small_db(dir.path());
        let o = run(&db, &["import", "households", fixture(f).to_str().unwrap()]);
        assert!(o.status.success(), "{f}: {}", stderr(&o));
        assert!(stdout(&o).contains("+6 ~0 =0"), "{f}: {}", stdout(&o));
        let enc = if f.contains("gbk") {
            "GBK"
        } else if f.contains("bom") {
            "BOM"
        } else {
            "UTF-8"
        };
        assert!(stdout(&o).contains(enc), "{f}: {}", stdout(&o));
        let c = rusqlite::Connection::open(&db).unwrap();
        let n: i64 = c.query_row("SELECT count(*) FROM resident WHERE name IN ('曾国藩','单田芳','曾纪泽','覃斌','翟志刚','缪斯')", [], |r| r.get(0)).unwrap();
        assert_eq!(n, 6, "{f}");
        seen.push(names(&db));
    }
    assert_eq!(seen[0].len(), seen[1].len());
}

#[test]
fn every_bad_line_kind_is_reported_and_nothing_is_imported() {
    let dir = TempDir::new().unwrap();
    let db = common::small_db(dir.path());
    let before = count(&db, "SELECT count(*) FROM resident");
    let cases = [
        ("bad_id.csv", "line 3, id_number: the ID's check character"),
        ("bad_phone.csv", "line 3, phone: not a phone number"),
        (
            "bad_address.csv",
            "line 3, building: \"三\" is not an address",
        ),
        (
            "unknown_community.csv",
            "line 3, community: no such community: 锦花家园; closest: 锦华家园",
        ),
        (
            "bad_relation.csv",
            "line 3, relation: \"邻居\" is not a relation",
        ),
        (
            "duplicate_id.csv",
            "line 3, id_number: the same ID as line 2",
        ),
        ("missing_name.csv", "line 3, name: is empty"),
        (
            "missing_column.csv",
            "line 1, name: the header lacks this column",
        ),
        (
            "too_many_columns.csv",
            "line 3: 9 columns, the header has 8",
        ),
        (
            "future_birth.csv",
            "line 3, id_number: the ID's birth date is in the future",
        ),
    ];
    for (f, want) in cases {
        let o = run(&db, &["import", "households", fixture(f).to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(2), "{f}");
        let err = stderr(&o);
        assert!(err.contains(want), "{f}: {err}");
        assert!(err.contains("nothing imported"), "{f}: {err}");
        assert!(
            !err.contains("line 2,"),
            "{f}: the good line is not reported: {err}"
        );
    }
    assert_eq!(count(&db, "SELECT count(*) FROM resident"), before);
    // In Chinese too.
    let o = common::bin()
        .env("LANG", "zh_CN.UTF-8")
        .arg("--db")
        .arg(&db)
        .args([
            "import",
            "households",
            fixture("bad_id.csv").to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(
        stderr(&o).contains("第3行 身份证号：身份证号校验位不符"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn the_demo_export_round_trips() {
    let dir = TempDir::new().unwrap();
    let db = common::small_db(dir.path());
    let o = run(&db, &["export", "households", "--unmasked"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let csv = dir.path().join("households.csv");
    std::fs::write(&csv, &o.stdout).unwrap();
    let residents = count(&db, "SELECT count(*) FROM resident");
    let households = count(&db, "SELECT count(*) FROM household");
    assert_eq!(stdout(&o).lines().count() as i64, residents + 1);
    let o = run(&db, &["import", "households", csv.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains(&format!("+0 ~0 ={households}")),
        "{}",
        stdout(&o)
    );
    assert!(
        stdout(&o).contains(&format!("+0 ~0 ={residents}")),
        "{}",
        stdout(&o)
    );
    // The unmasked export was logged; a masked one hides IDs.
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM event WHERE kind = 'export_unmasked'"
        ),
        1
    );
    let masked = stdout(&run(&db, &["export", "households"]));
    assert!(
        masked.lines().skip(1).all(|l| l.contains("411602********")),
        "masked"
    );
}

/// A request registered on Wednesday 30 December 2026 at 10:00 in a
/// category due in 3 working days: its due time (the end of the third
/// working day), as the register stores it.
fn due_from_30_december(db: &Path, text: &str) -> String {
    use chrono::TimeZone;
    use griddesk::domain::lifecycle::Channel;
    use griddesk::store::request::NewRequest;
    let mut s = griddesk::store::Store::open(db).unwrap();
    s.set_now(Some(
        griddesk::domain::calendar::tz()
            .with_ymd_and_hms(2026, 12, 30, 10, 0, 0)
            .unwrap(),
    ));
    let op = griddesk::store::staff::by_login(s.conn(), &griddesk::cli::config::os_login())
        .unwrap()
        .unwrap();
    let mut nr = NewRequest::new(Channel::WalkIn, "safety", text);
    nr.household_id = Some(1);
    let reg = s.register(op.id, &nr).unwrap();
    let stored = s.request(reg.id).unwrap().due_at;
    assert_eq!(stored, reg.due_at);
    stored.format("%Y-%m-%d %H:%M").to_string()
}

#[test]
fn holidays_import_and_move_due_times() {
    let dir = TempDir::new().unwrap();
    let db = common::small_db(dir.path());
    // A new database carries the State Council's 2025–2026 days.
    let seeded = count(&db, "SELECT count(*) FROM calendar_day");
    // Thursday 31 Dec, Friday 1 Jan, Monday 4 Jan.
    assert_eq!(due_from_30_december(&db, "楼道堆物"), "2027-01-04 18:00");
    let o = run(
        &db,
        &[
            "import",
            "holidays",
            fixture("holidays.csv").to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(count(&db, "SELECT count(*) FROM calendar_day"), seeded + 2);
    // 1 January is now a holiday: Thursday, Monday, Tuesday 5 January.
    assert_eq!(due_from_30_december(&db, "楼道又堆物"), "2027-01-05 18:00");
    let o = run(
        &db,
        &[
            "import",
            "holidays",
            fixture("holidays_bad.csv").to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("line 3") && stderr(&o).contains("line 4"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        count(&db, "SELECT count(*) FROM calendar_day"),
        seeded + 2,
        "nothing half-written"
    );
}

#[test]
fn request_export_masks_phones_and_has_every_request() {
    let dir = TempDir::new().unwrap();
    let db = common::small_db(dir.path());
    let total = count(&db, "SELECT count(*) FROM request");
    let o = run(&db, &["export", "requests", "--format", "json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let a = v.as_array().unwrap();
    assert_eq!(a.len() as i64, total);
    for r in a {
        for k in ["ticket", "status", "level", "due_at", "warning"] {
            assert!(r[k].is_string(), "{k}: {r}");
        }
    }
    let o = run(
        &db,
        &[
            "export",
            "requests",
            "--from",
            "2026-11-01",
            "--to",
            "2026-11-27",
        ],
    );
    let n = count(
        &db,
        "SELECT count(*) FROM request WHERE registered_at >= '2026-11-01' AND registered_at < '2026-11-28'",
    );
    assert_eq!(stdout(&o).lines().count() as i64, n + 1);
    let o = run(&db, &["export", "requests", "--from", "2026-13-01"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn report_figures_match_independent_counts() {
    let dir = TempDir::new().unwrap();
    let db = common::small_db(dir.path());
    let o = run(
        &db,
        &[
            "export",
            "report",
            "--from",
            "2025-11-27",
            "--to",
            "2026-11-27",
            "--format",
            "csv",
            "--codes",
            "--encoding",
            "utf-8",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let mut lines = out.lines();
    let head: Vec<&str> = lines.next().unwrap().split(',').collect();
    let whole: Vec<&str> = lines.next().unwrap().split(',').collect();
    let get = |k: &str| -> i64 {
        whole[head.iter().position(|h| *h == k).unwrap()]
            .parse()
            .unwrap()
    };
    let range = "registered_at >= '2025-11-27' AND registered_at < '2026-11-28'";
    assert_eq!(
        get("disputes_found"),
        count(
            &db,
            &format!("SELECT count(*) FROM request WHERE category_code = 'dispute' AND {range}")
        )
    );
    assert_eq!(
        get("disputes_resolved"),
        count(
            &db,
            &format!(
                "SELECT count(*) FROM request WHERE category_code = 'dispute' AND status IN ('resolved','closed') AND {range}"
            )
        )
    );
    assert_eq!(
        get("problems_collected"),
        count(
            &db,
            &format!("SELECT count(*) FROM request WHERE channel = 'visit' AND {range}")
        )
    );
    assert_eq!(
        get("micro_wishes"),
        count(
            &db,
            &format!("SELECT count(*) FROM request WHERE category_code = 'micro_wish' AND {range}")
        )
    );
    assert_eq!(
        get("errands_handled"),
        count(
            &db,
            &format!(
                "SELECT count(*) FROM request WHERE category_code LIKE 'errand%' AND status IN ('resolved','closed') AND {range}"
            )
        )
    );
    assert_eq!(
        get("requests"),
        count(&db, &format!("SELECT count(*) FROM request WHERE {range}"))
    );
    assert_eq!(
        get("households_visited"),
        count(
            &db,
            "SELECT count(DISTINCT household_id) FROM visit WHERE at >= '2025-11-27' AND at < '2026-11-28'"
        )
    );
    // One row per subdistrict below the district; they add up.
    let kids: Vec<Vec<String>> = lines
        .map(|l| l.split(',').map(str::to_string).collect())
        .collect();
    assert!(!kids.is_empty());
    let col = head.iter().position(|h| *h == "requests").unwrap();
    let sum: i64 = kids.iter().map(|k| k[col].parse::<i64>().unwrap()).sum();
    assert_eq!(sum, get("requests"));
    // For one community, as Markdown.
    let o = run(&db, &["export", "report", "--node", "锦华家园社区"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).starts_with("# 锦华家园社区"), "{}", stdout(&o));
}

#[test]
fn open311_field_by_field() {
    let dir = TempDir::new().unwrap();
    let db = common::small_db(dir.path());
    let o = run(&db, &["export", "open311"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let a = v.as_array().unwrap();
    assert_eq!(a.len() as i64, count(&db, "SELECT count(*) FROM request"));
    let iso = |s: &str| chrono::DateTime::parse_from_rfc3339(s).is_ok();
    for r in a {
        let id = r["service_request_id"].as_str().unwrap();
        assert_eq!(id.len(), 13);
        let status = r["status"].as_str().unwrap();
        assert!(status == "open" || status == "closed");
        let db_status: String = rusqlite::Connection::open(&db)
            .unwrap()
            .query_row("SELECT status FROM request WHERE ticket = ?1", [id], |x| {
                x.get(0)
            })
            .unwrap();
        assert_eq!(
            status == "closed",
            ["resolved", "closed", "cancelled"].contains(&db_status.as_str()),
            "{id}"
        );
        for k in [
            "requested_datetime",
            "updated_datetime",
            "expected_datetime",
        ] {
            let t = r[k].as_str().unwrap();
            assert!(iso(t) && t.ends_with("+08:00"), "{k}: {t}");
        }
        assert!(
            r["service_code"].is_string()
                && r["service_name"].is_string()
                && r["description"].is_string()
        );
        assert!(
            r["agency_responsible"].is_string()
                && r["address"].is_string()
                && r["address_id"].is_string()
        );
        assert!(r.get("status_notes").is_some());
    }
    assert!(
        a.iter().any(|r| r["status_notes"].is_string()),
        "some requests have notes"
    );
}

#[test]
fn handover_prints_the_shift() {
    let dir = TempDir::new().unwrap();
    let db = common::small_db(dir.path());
    let o = run(&db, &["handover"]);
    assert!(o.status.success());
    // The demo's counters worked shifts: the last one is shown.
    assert!(
        stdout(&o).contains("shift of") && !stdout(&o).contains("演示值班员"),
        "{}",
        stdout(&o)
    );
    let s = griddesk::store::Store::open(&db).unwrap();
    drop(s);
    let mut s = griddesk::store::Store::open(&db).unwrap();
    let op = griddesk::store::staff::by_login(s.conn(), &griddesk::cli::config::os_login())
        .unwrap()
        .unwrap();
    s.start_shift(op.id).unwrap();
    drop(s);
    let o = run(&db, &["handover"]);
    assert!(
        stdout(&o).contains("shift of 演示值班员") && stdout(&o).contains("originals held"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn a_renamed_resident_is_updated_and_found_by_the_new_name() {
    let dir = TempDir::new().unwrap();
    let db = common::small_db(dir.path());
    assert!(
        run(
            &db,
            &[
                "import",
                "households",
                fixture("sample.csv").to_str().unwrap()
            ]
        )
        .status
        .success()
    );
    let renamed = std::fs::read_to_string(fixture("sample.csv"))
        .unwrap()
        .replace("曾纪泽", "曾纪鸿");
    let f = dir.path().join("renamed.csv");
    std::fs::write(&f, renamed).unwrap();
    // A rename is never silent: refused without --rename.
    let o = run(&db, &["import", "households", f.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("as 曾纪泽"), "{}", stderr(&o));
    let o = run(
        &db,
        &["import", "households", f.to_str().unwrap(), "--rename"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("+0 ~1 =3")
            && stdout(&o).contains("+0 ~0 =5")
            && stdout(&o).contains("renamed 1 resident"),
        "{}",
        stdout(&o)
    );
    assert!(stdout(&run(&db, &["find", "zengjihong"])).contains("曾纪鸿"));
    assert!(stdout(&run(&db, &["find", "纪鸿"])).contains("曾纪鸿"));
    let old: serde_json::Value =
        serde_json::from_slice(&run(&db, &["find", "曾纪泽", "--json"]).stdout).unwrap();
    assert!(
        old.as_array()
            .unwrap()
            .iter()
            .all(|h| !h["label"].as_str().unwrap().contains("曾纪泽")),
        "the old name is gone from the index: {old}"
    );
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM event WHERE entity = 'resident' AND kind = 'rename'"
        ),
        1
    );
}

/// An empty register with the small demo's communities, and the demo's
/// own export to load into it.
fn empty_register(dir: &Path) -> (PathBuf, PathBuf, Vec<String>) {
    let demo = common::small_db(dir);
    let o = run(&demo, &["export", "households", "--unmasked"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let lines: Vec<String> = stdout(&o).lines().map(str::to_string).collect();
    let db = dir.join("empty.db");
    griddesk::store::Store::open(&db).unwrap().close();
    let c = rusqlite::Connection::open(&db).unwrap();
    c.execute_batch(&format!(
        "ATTACH '{}' AS d;
         INSERT INTO main.grid_node SELECT * FROM d.grid_node WHERE level IN ('district','subdistrict','community');",
        demo.display()
    ))
    .unwrap();
    // The supervisor who imports, as `init` makes one.
    c.execute(
        "INSERT INTO main.staff SELECT * FROM d.staff WHERE login = ?1",
        [griddesk::cli::config::os_login()],
    )
    .unwrap();
    (db, demo, lines)
}

/// A file larger than the register goes in by bulk: the random-order
/// indexes are dropped and built again at the end. Residents already there
/// are matched by ID all the same, every index comes back as it was, and a
/// dry run leaves the register untouched.
#[test]
fn a_bulk_import_matches_residents_and_rebuilds_every_index() {
    let dir = TempDir::new().unwrap();
    let (db, demo, lines) = empty_register(dir.path());
    let schema = index_sql(&db);
    assert!(schema.iter().any(|(n, _)| n == "resident_id_number"));
    let total = lines.len() - 1;
    let third = dir.path().join("third.csv");
    std::fs::write(&third, lines[..=total / 3].join("\n")).unwrap();
    let all = dir.path().join("all.csv");
    std::fs::write(&all, lines.join("\n")).unwrap();

    let dry = run(
        &db,
        &["import", "households", all.to_str().unwrap(), "--dry-run"],
    );
    assert!(dry.status.success(), "{}", stderr(&dry));
    assert_eq!(count(&db, "SELECT count(*) FROM resident"), 0);
    assert_eq!(index_sql(&db), schema, "a dry run restores every index");

    let o = run(&db, &["import", "households", third.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let first = count(&db, "SELECT count(*) FROM resident");
    assert_eq!(first as usize, total / 3);
    assert_eq!(index_sql(&db), schema);

    // The whole file: a third is there already, matched by ID in memory.
    let o = run(&db, &["import", "households", all.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains(&format!("+{} ~0 ={first}", total as i64 - first)),
        "{}",
        stdout(&o)
    );
    assert_eq!(count(&db, "SELECT count(*) FROM resident") as usize, total);
    assert_eq!(index_sql(&db), schema, "every index is back");
    assert_eq!(
        count(&db, "SELECT count(*) FROM resident"),
        count(&demo, "SELECT count(*) FROM resident")
    );
    // The rebuilt indexes serve every kind of search.
    let c = rusqlite::Connection::open(&demo).unwrap();
    let (name, id, mobile): (String, String, String) = c
        .query_row(
            "SELECT name, id_number, mobile FROM resident WHERE mobile IS NOT NULL AND id_number IS NOT NULL ORDER BY id DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    let initials = griddesk::domain::names::name_keys(&name).initials;
    for q in [
        name.clone(),
        initials,
        id.clone(),
        id[12..].to_string(),
        id[14..].to_string(),
        mobile.clone(),
        mobile[7..].to_string(),
    ] {
        let o = run(&db, &["find", &q]);
        assert!(stdout(&o).contains(&name), "{q}: {}", stdout(&o));
    }
    let r = run(&db, &["check"]);
    assert!(r.status.success(), "{}", stderr(&r));
}
