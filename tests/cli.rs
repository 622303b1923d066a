//! The real binary: demo, find, register, show, check, backup, exit codes,
//! where the database is looked for, and four processes registering at once.

mod common;

use common::{bin, run, stderr, stdout};
use std::collections::HashSet;
use tempfile::TempDir;

#[test]
fn demo_small_then_find_register_show() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("d.db");
    let o = run(
        &db,
        &[
            "demo",
            "--scale",
            "small",
            "--seed",
            "3",
            "--as-of",
            "2026-11-27",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("500 households"), "{}", stdout(&o));

    let o = run(&db, &["find", "锦华家园 1-1-101", "--json"]);
    assert!(o.status.success());
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let hits = v.as_array().unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0]["kind"], "household");
    assert!(hits[0]["id"].as_i64().unwrap() > 0);
    assert!(
        hits[0]["label"]
            .as_str()
            .unwrap()
            .contains("锦华家园社区 1-1-101")
    );

    let o = run(
        &db,
        &[
            "register",
            "--household",
            "锦华家园 1-1-101",
            "--category",
            "repair",
            "--text",
            "楼道灯不亮",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let ticket = stdout(&o).trim().to_string();
    assert_eq!(ticket.len(), 13, "{ticket}");
    assert_eq!(&ticket[8..9], "-");

    let o = run(&db, &["show", &ticket]);
    assert!(o.status.success(), "{}", stderr(&o));
    let s = stdout(&o);
    assert!(
        s.contains("楼道灯不亮") && s.contains("锦华家园社区 1-1-101") && s.contains("created"),
        "{s}"
    );

    let o = run(&db, &["show", &ticket, "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["request"]["ticket"], ticket.as_str());
    assert_eq!(v["request"]["status"], "registered");
    assert_eq!(v["timeline"][0]["kind"], "created");

    // The ticket is found by search, too.
    let o = run(&db, &["find", &ticket, "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v[0]["kind"], "request");

    let o = run(&db, &["check"]);
    assert!(o.status.success(), "{}", stdout(&o));
    assert!(stdout(&o).contains("integrity_check: ok"));
}

#[test]
fn register_by_resident_id() {
    let dir = TempDir::new().unwrap();
    let db = common::small_db(dir.path());
    let c = rusqlite::Connection::open(&db).unwrap();
    let id: String = c
        .query_row("SELECT id_number FROM resident WHERE id = 5", [], |r| {
            r.get(0)
        })
        .unwrap();
    drop(c);
    let o = run(
        &db,
        &[
            "register",
            "--resident",
            &id.to_lowercase(),
            "--category",
            "errand.pension_cert",
            "--text",
            "养老认证",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let ticket = stdout(&o).trim().to_string();
    let o = run(&db, &["show", &ticket, "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["request"]["resident_id"], 5);
    assert_eq!(v["errand"]["service_item"], "errand.pension_cert");
}

/// Bad input: one line naming the problem, exit 2, nothing written.
#[test]
fn bad_input_exits_2_and_writes_nothing() {
    let dir = TempDir::new().unwrap();
    let db = common::small_db(dir.path());
    let count = || -> i64 {
        rusqlite::Connection::open(&db)
            .unwrap()
            .query_row("SELECT count(*) FROM request", [], |r| r.get(0))
            .unwrap()
    };
    let before = count();
    let cases: &[(&[&str], &str)] = &[
        (
            &[
                "register",
                "--household",
                "锦华家园 1-1-101",
                "--category",
                "repiar",
                "--text",
                "x",
            ],
            "did you mean repair",
        ),
        (
            &[
                "register",
                "--household",
                "锦华家园 1-1-199",
                "--category",
                "repair",
                "--text",
                "x",
            ],
            "closest: 锦华家园社区 1-1-",
        ),
        (
            &[
                "register",
                "--household",
                "1-1-101",
                "--category",
                "repair",
                "--text",
                "x",
            ],
            "several",
        ),
        (
            &[
                "register",
                "--household",
                "锦华家园 1-1-101",
                "--category",
                "repair",
                "--text",
                "   ",
            ],
            "description is empty",
        ),
        (
            &[
                "register",
                "--resident",
                "11010519491231002Y",
                "--category",
                "repair",
                "--text",
                "x",
            ],
            "resident ID",
        ),
        (
            &[
                "register",
                "--resident",
                "110105194912310021",
                "--category",
                "repair",
                "--text",
                "x",
            ],
            "check character",
        ),
        (
            &[
                "register",
                "--resident",
                "11010519491231002X",
                "--category",
                "repair",
                "--text",
                "x",
            ],
            "no resident matches",
        ),
        (
            &[
                "register",
                "--household",
                "no such place",
                "--category",
                "repair",
                "--text",
                "x",
            ],
            "not a valid address",
        ),
        (
            &["register", "--category", "repair", "--text", "x"],
            "--household",
        ),
        (&["show", "20990101-0001"], "no ticket number matches"),
        (&["show", "hello"], "not a valid ticket number"),
    ];
    for (args, want) in cases {
        let o = run(&db, args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        let err = stderr(&o);
        assert!(err.contains(want), "{args:?}: {err}");
        assert_eq!(err.trim().lines().count(), 1, "one line: {err}");
        assert!(
            !err.to_lowercase().contains("sqlite") && !err.contains("SELECT"),
            "no SQL: {err}"
        );
        assert!(!err.contains("panicked"));
    }
    assert_eq!(count(), before);
    // Messages in Chinese where asked.
    let o = bin()
        .arg("--db")
        .arg(&db)
        .args([
            "--lang",
            "zh",
            "register",
            "--household",
            "锦华家园 1-1-101",
            "--category",
            "repiar",
            "--text",
            "x",
        ])
        .output()
        .unwrap();
    assert!(stderr(&o).contains("没有这个类别"), "{}", stderr(&o));
    let o = bin()
        .env("LANG", "zh_CN.UTF-8")
        .arg("--db")
        .arg(&db)
        .args(["show", "hello"])
        .output()
        .unwrap();
    assert!(stderr(&o).contains("受理编号无效"), "{}", stderr(&o));
}

#[test]
fn foreign_and_newer_files_are_refused_with_exit_2() {
    let dir = TempDir::new().unwrap();
    let p = dir.path().join("notes.txt");
    std::fs::write(&p, "not a database").unwrap();
    let o = run(&p, &["find", "x"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("not a griddesk database"));
    assert_eq!(std::fs::read_to_string(&p).unwrap(), "not a database");

    let db = common::small_db(dir.path());
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute_batch("PRAGMA user_version = 42")
        .unwrap();
    let o = run(
        &db,
        &[
            "register",
            "--household",
            "锦华家园 1-1-101",
            "--category",
            "repair",
            "--text",
            "x",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("schema version 42"), "{}", stderr(&o));
}

#[test]
fn usage_errors_exit_2() {
    let o = bin().args(["register", "--bogus"]).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    let o = bin().args(["demo", "--scale", "huge"]).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn the_database_is_found_flag_env_config_in_that_order() {
    let dir = TempDir::new().unwrap();
    let db = common::small_db(dir.path());
    let other = dir.path().join("other.db");
    griddesk::store::Store::open(&other).unwrap().close();
    let cfg = dir.path().join("config.toml");
    std::fs::write(
        &cfg,
        format!("db_path = {:?}\nlang = \"zh\"\n", db.display().to_string()),
    )
    .unwrap();
    // Config only: finds the demo's households, and speaks Chinese.
    let o = bin()
        .env("GRIDDESK_CONFIG", &cfg)
        .args(["find", "锦华家园 1-1-101"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("住户"), "{}", stdout(&o));
    // GRIDDESK_DB wins over the config: an empty database, no hits.
    let o = bin()
        .env("GRIDDESK_CONFIG", &cfg)
        .env("GRIDDESK_DB", &other)
        .args(["--lang", "en", "check"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("households 0"), "{}", stdout(&o));
    // --db wins over both.
    let o = bin()
        .env("GRIDDESK_CONFIG", &cfg)
        .env("GRIDDESK_DB", &other)
        .arg("--db")
        .arg(&db)
        .args(["--lang", "en", "check"])
        .output()
        .unwrap();
    assert!(stdout(&o).contains("households 500"), "{}", stdout(&o));
    // A broken config is named, exit 2.
    std::fs::write(&cfg, "db_pth = 1\n").unwrap();
    let o = bin()
        .env("GRIDDESK_CONFIG", &cfg)
        .args(["check"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("config.toml"), "{}", stderr(&o));
}

#[test]
fn backup_is_consistent_while_others_write() {
    let dir = TempDir::new().unwrap();
    let db = common::small_db(dir.path());
    let writer = {
        let db = db.clone();
        std::thread::spawn(move || {
            for i in 0..30 {
                let o = run(
                    &db,
                    &[
                        "register",
                        "--household",
                        "锦华家园 1-1-101",
                        "--category",
                        "consult",
                        "--text",
                        &format!("咨询 {i}"),
                    ],
                );
                assert!(o.status.success(), "{}", stderr(&o));
            }
        })
    };
    let mut copies = Vec::new();
    for k in 0..3 {
        let dest = dir.path().join(format!("copy{k}.db"));
        let o = run(&db, &["backup", dest.to_str().unwrap()]);
        assert!(o.status.success(), "{}", stderr(&o));
        copies.push(dest);
    }
    writer.join().unwrap();
    for c in &copies {
        let o = run(c, &["check"]);
        assert!(o.status.success(), "{}", stdout(&o));
    }
    // An existing destination is never overwritten.
    let o = run(&db, &["backup", copies[0].to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
}

/// Four processes registering 100 requests each at once: 400 distinct
/// tickets, no error.
#[test]
fn four_processes_register_400_distinct_tickets() {
    let dir = TempDir::new().unwrap();
    let db = common::small_db(dir.path());
    let handles: Vec<_> = (0..4)
        .map(|p| {
            let db = db.clone();
            std::thread::spawn(move || {
                let mut tickets = Vec::new();
                for i in 0..100 {
                    let o = run(
                        &db,
                        &[
                            "register",
                            "--household",
                            "高庄 1-1-101",
                            "--category",
                            "opinion",
                            "--text",
                            &format!("进程{p} 第{i}件"),
                        ],
                    );
                    assert!(o.status.success(), "process {p} #{i}: {}", stderr(&o));
                    tickets.push(stdout(&o).trim().to_string());
                }
                tickets
            })
        })
        .collect();
    let all: Vec<String> = handles
        .into_iter()
        .flat_map(|h| h.join().unwrap())
        .collect();
    assert_eq!(all.len(), 400);
    let distinct: HashSet<&String> = all.iter().collect();
    assert_eq!(distinct.len(), 400, "tickets repeated");
    let c = rusqlite::Connection::open(&db).unwrap();
    let n: i64 = c
        .query_row(
            "SELECT count(*) FROM request WHERE description LIKE '进程%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 400);
}

/// Restoring: copy the backup over the database (with no -wal/-shm left
/// beside it); the copy checks clean and holds what was there.
#[test]
fn a_backup_restores() {
    let dir = TempDir::new().unwrap();
    let db = common::small_db(dir.path());
    let o = run(
        &db,
        &[
            "register",
            "--household",
            "高庄 1-1-101",
            "--category",
            "repair",
            "--text",
            "备份前",
        ],
    );
    let ticket = stdout(&o).trim().to_string();
    let copy = dir.path().join("backup.db");
    assert!(
        run(&db, &["backup", copy.to_str().unwrap()])
            .status
            .success()
    );
    // Later work, then a disaster: the file is damaged.
    run(
        &db,
        &[
            "register",
            "--household",
            "高庄 1-1-101",
            "--category",
            "repair",
            "--text",
            "备份后",
        ],
    );
    std::fs::write(&db, b"garbage").unwrap();
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
    }
    assert!(!run(&db, &["check"]).status.success());
    std::fs::copy(&copy, &db).unwrap();
    let o = run(&db, &["check"]);
    assert!(o.status.success(), "{}", stdout(&o));
    let o = run(&db, &["show", &ticket]);
    assert!(o.status.success() && stdout(&o).contains("备份前"));
}

/// A reader that goes away (`griddesk … | head`) ends the command quietly.
#[test]
fn a_closed_pipe_is_not_a_panic() {
    let dir = TempDir::new().unwrap();
    let db = common::small_db(dir.path());
    for args in [
        &["export", "households"][..],
        &["keys"][..],
        &["export", "requests", "--format", "json"][..],
    ] {
        let mut child = common::bin()
            .arg("--db")
            .arg(&db)
            .args(args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let o = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(!err.contains("panicked"), "{args:?}: {err}");
    }
}
