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

    let o = run(&db, &["--lang", "en", "show", &ticket]);
    assert!(o.status.success(), "{}", stderr(&o));
    let s = stdout(&o);
    // The timeline in words, the first entry the registration.
    let timeline = s.split("timeline:").nth(1).unwrap_or_default();
    assert!(
        s.contains("楼道灯不亮")
            && s.contains("锦华家园社区 1-1-101")
            && timeline.contains("registered"),
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

// ---- The command line says what it means ----------------------------------

/// Every file and directory under `dir`, for "nothing was created".
fn tree(dir: &std::path::Path) -> Vec<String> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        out.push(p.display().to_string());
        if p.is_dir() {
            out.extend(tree(&p));
        }
    }
    out.sort();
    out
}

fn code(o: &std::process::Output) -> Option<i32> {
    o.status.code()
}

/// `find` exits as grep does: 0 found, 1 nothing matches (also with
/// `--json`, which prints `[]`), 2 for an empty query or `--limit 0`.
#[test]
fn find_says_empty_query_zero_limit_and_no_match_by_its_exit_code() {
    let dir = TempDir::new().unwrap();
    let db = common::small_db(dir.path());
    for q in ["", "   ", "\u{3000}", "\t"] {
        let o = run(&db, &["find", q]);
        assert_eq!(code(&o), Some(2), "{q:?}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("QUERY is empty"),
            "{q:?}: {}",
            stderr(&o)
        );
        assert!(o.stdout.is_empty());
    }
    let o = run(&db, &["--lang", "zh", "find", " "]);
    assert_eq!(code(&o), Some(2));
    assert!(stderr(&o).contains("QUERY 为空"), "{}", stderr(&o));

    let o = run(&db, &["find", "张", "--limit", "0"]);
    assert_eq!(code(&o), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("--limit 0"), "{}", stderr(&o));

    let o = run(&db, &["find", "zzqqxxjj"]);
    assert_eq!(code(&o), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("nothing matches \"zzqqxxjj\""),
        "{}",
        stderr(&o)
    );
    assert!(o.stdout.is_empty(), "{}", stdout(&o));

    let o = run(&db, &["find", "zzqqxxjj", "--json"]);
    assert_eq!(code(&o), Some(1), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v, serde_json::json!([]));
    assert!(stderr(&o).contains("nothing matches"), "{}", stderr(&o));

    let o = run(&db, &["find", "锦华家园 1-1-101", "--limit", "1"]);
    assert_eq!(code(&o), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o).lines().count(), 1, "{}", stdout(&o));
}

/// Only `demo` makes a database: every other command, and the screens,
/// refuse a missing `--db` with exit 2 and create no file, no directory.
#[test]
fn only_demo_makes_a_database() {
    let dir = TempDir::new().unwrap();
    let csv = dir.path().join("in.csv");
    std::fs::copy("tests/fixtures/import/sample.csv", &csv).unwrap();
    let holidays = dir.path().join("h.csv");
    std::fs::copy("tests/fixtures/import/holidays.csv", &holidays).unwrap();
    let backup = dir.path().join("copy.db");
    let before = tree(dir.path());
    let db = dir.path().join("new").join("sub").join("hall.db");
    let csv_s = csv.to_str().unwrap();
    let hol_s = holidays.to_str().unwrap();
    let backup_s = backup.to_str().unwrap();
    let commands: &[&[&str]] = &[
        &["find", "张"],
        &[
            "register",
            "--household",
            "锦华家园 1-1-101",
            "--category",
            "repair",
            "--text",
            "x",
        ],
        &["show", "20261127-0001"],
        &["categories"],
        &["check"],
        &["handover"],
        &["backup", backup_s],
        &["import", "households", csv_s],
        &["import", "households", csv_s, "--dry-run"],
        &["import", "holidays", hol_s],
        &["export", "requests"],
        &["export", "households"],
        &["export", "report"],
        &["export", "open311"],
    ];
    for args in commands {
        let o = run(&db, args);
        assert_eq!(code(&o), Some(2), "{args:?}: {}", stderr(&o));
        let err = stderr(&o);
        assert!(
            err.contains(&format!("no database at {}", db.display()))
                && err.contains("griddesk demo --db"),
            "{args:?}: {err}"
        );
        assert!(o.stdout.is_empty(), "{args:?}: {}", stdout(&o));
        assert_eq!(tree(dir.path()), before, "{args:?} created something");
    }
    let o = run(&db, &["--lang", "zh", "check"]);
    assert_eq!(code(&o), Some(2));
    assert!(stderr(&o).contains("处没有数据库"), "{}", stderr(&o));

    // The screens, on a terminal (script(1) gives them one).
    let mut child = std::process::Command::new("script")
        .args(["-qec"])
        .arg(format!(
            "{} --db {}",
            env!("CARGO_BIN_EXE_griddesk"),
            db.display()
        ))
        .arg("/dev/null")
        .env("GRIDDESK_CONFIG", "/nonexistent/griddesk.toml")
        .env_remove("GRIDDESK_DB")
        .env("LANG", "C.UTF-8")
        .env("HOME", dir.path())
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("script(1) runs (util-linux)");
    let started = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() && started.elapsed().as_secs() < 20 {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let _ = child.kill();
    let o = child.wait_with_output().unwrap();
    let screen = format!("{}{}", stdout(&o), stderr(&o));
    assert_eq!(code(&o), Some(2), "the screens: {screen}");
    assert!(screen.contains("no database at"), "{screen}");
    // The draft directory may live under HOME; nothing else is made.
    assert!(!dir.path().join("new").exists(), "{:?}", tree(dir.path()));

    // `demo` makes one, directories included, and then the rest work.
    let o = run(&db, &["demo", "--scale", "small", "--as-of", "2026-11-27"]);
    assert_eq!(code(&o), Some(0), "{}", stderr(&o));
    assert!(db.is_file());
    let o = run(&db, &["check"]);
    assert_eq!(code(&o), Some(0), "{}", stderr(&o));
}

/// A 0-byte file is "empty, not a griddesk database", for readers and
/// writers alike, and stays 0 bytes with no -wal or -shm beside it.
#[test]
fn an_empty_file_is_not_a_database_and_stays_empty() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("empty.db");
    std::fs::write(&db, b"").unwrap();
    let commands: &[&[&str]] = &[
        &["find", "张"],
        &["check"],
        &["export", "requests"],
        &["export", "households"],
        &[
            "register",
            "--household",
            "锦华家园 1-1-101",
            "--category",
            "repair",
            "--text",
            "x",
        ],
    ];
    for args in commands {
        let o = run(&db, args);
        assert_eq!(code(&o), Some(2), "{args:?}: {}", stderr(&o));
        assert!(
            stderr(&o).contains(&format!(
                "{} is empty, not a griddesk database",
                db.display()
            )),
            "{args:?}: {}",
            stderr(&o)
        );
        assert_eq!(std::fs::metadata(&db).unwrap().len(), 0, "{args:?}");
        assert_eq!(tree(dir.path()), vec![db.display().to_string()], "{args:?}");
    }
    let o = run(&db, &["--lang", "zh", "find", "张"]);
    assert!(stderr(&o).contains("是空文件"), "{}", stderr(&o));
}

/// A directory where a file belongs is named as a directory (exit 2); a
/// backup into a missing directory names that directory. Nothing is made.
#[test]
fn directories_and_missing_directories_are_named() {
    let dir = TempDir::new().unwrap();
    let db = common::small_db(dir.path());
    let folder = dir.path().join("folder");
    std::fs::create_dir(&folder).unwrap();
    let f = folder.to_str().unwrap();
    let o = run(&folder, &["find", "张"]);
    assert_eq!(code(&o), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains(&format!("{f} is a directory")),
        "{}",
        stderr(&o)
    );
    let o = run(&folder, &["export", "requests"]);
    assert_eq!(code(&o), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains(&format!("{f} is a directory")));
    for args in [
        &["import", "households", f][..],
        &["import", "holidays", f][..],
        &["backup", f][..],
    ] {
        let o = run(&db, args);
        assert_eq!(code(&o), Some(2), "{args:?}: {}", stderr(&o));
        assert!(
            stderr(&o).contains(&format!("{f} is a directory")),
            "{args:?}: {}",
            stderr(&o)
        );
    }
    assert_eq!(std::fs::read_dir(&folder).unwrap().count(), 0);

    let missing = dir.path().join("no").join("such");
    let dest = missing.join("copy.db");
    let o = run(&db, &["backup", dest.to_str().unwrap()]);
    assert_eq!(code(&o), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains(&format!("no such directory: {}", missing.display())),
        "{}",
        stderr(&o)
    );
    assert!(!dir.path().join("no").exists());
    let o = run(&db, &["--lang", "zh", "backup", dest.to_str().unwrap()]);
    assert!(stderr(&o).contains("目录不存在"), "{}", stderr(&o));

    let gone = dir.path().join("gone.csv");
    let o = run(&db, &["import", "holidays", gone.to_str().unwrap()]);
    assert_eq!(code(&o), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("gone.csv: no such file"),
        "{}",
        stderr(&o)
    );
}

/// `--from` after `--to` is refused naming both dates; a rate over no
/// dispute is "—" in Markdown and on the screen, an empty cell in CSV.
#[test]
fn a_report_refuses_reversed_dates_and_has_no_rate_over_nothing() {
    let dir = TempDir::new().unwrap();
    let db = common::small_db(dir.path());
    for args in [
        &[
            "export",
            "report",
            "--from",
            "2026-05-01",
            "--to",
            "2026-04-01",
        ][..],
        &[
            "export",
            "requests",
            "--from",
            "2026-05-01",
            "--to",
            "2026-04-01",
        ][..],
        &[
            "export",
            "open311",
            "--from",
            "2026-05-01",
            "--to",
            "2026-04-01",
        ][..],
    ] {
        let o = run(&db, args);
        assert_eq!(code(&o), Some(2), "{args:?}: {}", stderr(&o));
        let err = stderr(&o);
        assert!(
            err.contains("--from 2026-05-01") && err.contains("--to 2026-04-01"),
            "{args:?}: {err}"
        );
        assert!(o.stdout.is_empty(), "{args:?}");
    }
    // A month with no request at all: no rate anywhere.
    let quiet = ["--from", "2020-01-01", "--to", "2020-01-31"];
    let o = run(
        &db,
        &[
            &[
                "export",
                "report",
                "--format",
                "csv",
                "--codes",
                "--encoding",
                "utf-8",
            ][..],
            &quiet[..],
        ]
        .concat(),
    );
    assert_eq!(code(&o), Some(0), "{}", stderr(&o));
    let text = stdout(&o);
    let mut rows = text.lines();
    let head: Vec<&str> = rows.next().unwrap().split(',').collect();
    let col = |name: &str| head.iter().position(|h| *h == name).unwrap();
    let (found, rate) = (col("disputes_found"), col("dispute_rate"));
    let mut n = 0;
    for r in rows {
        let cells: Vec<&str> = r.split(',').collect();
        assert_eq!(cells[found], "0", "{r}");
        assert_eq!(cells[rate], "", "no rate over nothing: {r}");
        n += 1;
    }
    assert!(n >= 2, "the district and its children: {text}");
    let o = run(&db, &[&["export", "report"][..], &quiet[..]].concat());
    assert!(
        stdout(&o).contains("| dispute_rate | — |"),
        "{}",
        stdout(&o)
    );
    assert!(!stdout(&o).contains("0.0"), "{}", stdout(&o));
    // Over the demo's year the district found disputes: a number, as counted.
    let o = run(
        &db,
        &[
            "export",
            "report",
            "--format",
            "csv",
            "--from",
            "2026-01-01",
            "--to",
            "2026-11-27",
        ],
    );
    let text = stdout(&o);
    let whole: Vec<&str> = text.lines().nth(1).unwrap().split(',').collect();
    let (f, r): (f64, f64) = (
        whole[found].parse().unwrap(),
        whole[col("disputes_resolved")].parse().unwrap(),
    );
    assert!(f > 0.0, "{text}");
    assert_eq!(whole[rate], format!("{:.1}", 100.0 * r / f), "{text}");
    // The Reports screen draws the same text.
    let empty = griddesk::store::views::Report::default();
    let screen = griddesk::printout::report_text(&empty, griddesk::i18n::Lang::En);
    assert!(screen.contains("0 / 0 / —"), "{screen}");
    assert!(!screen.contains("0.0%"), "{screen}");
}

/// A node name many share is refused with the candidates, each written so
/// that it resolves; the qualified forms resolve; a misspelling gets the
/// closest name.
#[test]
fn a_shared_node_name_lists_candidates_and_qualified_forms_resolve() {
    let dir = TempDir::new().unwrap();
    let db = common::small_db(dir.path());
    let range = [
        "--from",
        "2026-01-01",
        "--to",
        "2026-11-27",
        "--format",
        "csv",
    ];
    let report = |node: &str| {
        run(
            &db,
            &[&["export", "report", "--node", node][..], &range[..]].concat(),
        )
    };
    let o = report("第一片区");
    assert_eq!(code(&o), Some(2), "{}", stdout(&o));
    let err = stderr(&o);
    for c in [
        "锦华家园社区/第一片区",
        "高庄社区/第一片区",
        "联盟新城社区/第一片区",
    ] {
        assert!(err.contains(c), "{c}: {err}");
    }
    assert!(o.stdout.is_empty());
    let o = run(
        &db,
        &["--lang", "zh", "export", "report", "--node", "第一片区"],
    );
    assert!(stderr(&o).contains("对应多个社区/片区"), "{}", stderr(&o));

    // Every listed candidate, and the other ways of writing it, resolve to
    // the same area: the 第一片区 row of 锦华家园's own report.
    let parent = report("锦华家园");
    assert_eq!(code(&parent), Some(0), "{}", stderr(&parent));
    let parent = stdout(&parent);
    let child_row = parent
        .lines()
        .skip(2)
        .find(|l| l.starts_with("第一片区,"))
        .unwrap_or_else(|| panic!("{parent}"))
        .to_string();
    for form in [
        "锦华家园 第一片区",
        "锦华家园社区/第一片区",
        "锦华家园社区第一片区",
        "锦华家园第一片区",
        " 锦华家园社区  第一片区 ",
    ] {
        let o = report(form);
        assert_eq!(code(&o), Some(0), "{form}: {}", stderr(&o));
        assert_eq!(
            stdout(&o).lines().nth(1),
            Some(child_row.as_str()),
            "{form}"
        );
    }
    // Resolved to that very node, not another of the same name.
    let c = rusqlite::Connection::open(&db).unwrap();
    let (area, community) = {
        let n = griddesk::store::grid::resolve(&c, "锦华家园 第一片区").unwrap();
        let p = griddesk::store::grid::get(&c, n.parent_id.unwrap())
            .unwrap()
            .unwrap();
        (n, p)
    };
    assert_eq!(
        (area.name.as_str(), community.name.as_str()),
        ("第一片区", "锦华家园社区")
    );
    let other = griddesk::store::grid::resolve(&c, "高庄/第一片区").unwrap();
    assert_ne!(other.id, area.id);

    for (typed, closest) in [("第一片去", "第一片区"), ("锦华家圆社区", "锦华家园社区")]
    {
        let o = report(typed);
        assert_eq!(code(&o), Some(2), "{typed}");
        assert!(
            stderr(&o).contains(&format!("closest: {closest}")),
            "{typed}: {}",
            stderr(&o)
        );
    }
}

/// The Reports screen's `/` filter resolves names the same way.
#[test]
fn the_reports_screen_filter_resolves_node_names_the_same_way() {
    use griddesk::tui::app::{App, Input};
    use griddesk::tui::effects::Runner;
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let dir = TempDir::new().unwrap();
    let db = common::small_db(dir.path());
    let mut store = griddesk::store::Store::open(&db).unwrap();
    let op = griddesk::store::staff::by_login(store.conn(), &griddesk::cli::config::os_login())
        .unwrap()
        .unwrap();
    let mut app = App::new(
        griddesk::i18n::Lang::En,
        griddesk::tui::keymap::Keymap::default_map(),
        Some(op.clone()),
    );
    let key = |c: KeyCode| Input::Key(KeyEvent::new(c, KeyModifiers::NONE));
    let press = |app: &mut App, store: &mut griddesk::store::Store, i: Input| {
        let e = app.handle(i);
        let mut r = Runner {
            store,
            lang: griddesk::i18n::Lang::En,
            operator: Some(op.id),
        };
        griddesk::tui::drain(app, &mut r, e);
    };
    press(&mut app, &mut store, key(KeyCode::F(6)));
    let filter = |app: &mut App, store: &mut griddesk::store::Store, text: &str| {
        press(app, store, key(KeyCode::Char('/')));
        press(app, store, Input::Paste(text.into()));
        press(app, store, key(KeyCode::Enter));
    };
    filter(&mut app, &mut store, "第一片区");
    let (msg, is_error) = app.status.clone().expect("a message");
    assert!(is_error, "{msg}");
    assert!(
        msg.contains("锦华家园社区/第一片区") && msg.contains("高庄社区/第一片区"),
        "{msg}"
    );
    assert!(app.reports.node.is_none());
    filter(&mut app, &mut store, "锦华家园 第一片区");
    let n = app.reports.node.clone().expect("resolved");
    let parent = griddesk::store::grid::get(store.conn(), n.parent_id.unwrap())
        .unwrap()
        .unwrap();
    assert_eq!(
        (n.name.as_str(), parent.name.as_str()),
        ("第一片区", "锦华家园社区")
    );
    assert_eq!(
        app.reports.report.as_ref().map(|r| r.node.as_str()),
        Some("第一片区")
    );
}

/// English counts agree with their number: "1 row", "1 problem".
#[test]
fn english_counts_agree_with_their_number() {
    let dir = TempDir::new().unwrap();
    let db = common::small_db(dir.path());
    let one = dir.path().join("one.csv");
    std::fs::write(
        &one,
        "社区,楼栋,单元,室,姓名,身份证号,电话,与户主关系\n锦华家园,3,2,1801,曾国藩,411602195603123014,13812340001,户主\n",
    )
    .unwrap();
    let o = run(
        &db,
        &["import", "households", one.to_str().unwrap(), "--dry-run"],
    );
    assert_eq!(code(&o), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains(": 1 row ("), "{}", stdout(&o));
    let bad = dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        "社区,楼栋,单元,室,姓名,身份证号,电话,与户主关系\n锦华家园,3,2,1802,张三,41160219800101002Y,13800000001,户主\n",
    )
    .unwrap();
    let o = run(&db, &["import", "households", bad.to_str().unwrap()]);
    assert_eq!(code(&o), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains(": 1 problem; nothing imported"),
        "{}",
        stderr(&o)
    );
    use griddesk::i18n::{Lang, Msg, tr};
    let s = tr(
        &Msg::DemoSummary {
            communities: 1,
            areas: 1,
            buildings: 1,
            households: 1,
            residents: 1,
            staff: 1,
            requests: 1,
            visits: 2,
        },
        Lang::En,
    );
    assert_eq!(
        s,
        "1 community, 1 area, 1 building/group, 1 household, 1 resident, 1 staff, 1 request, 2 visits"
    );
    let s = tr(
        &Msg::BackupDone {
            path: "b.db".into(),
            bytes: 1,
        },
        Lang::En,
    );
    assert!(s.contains("(1 byte)"), "{s}");
    assert_eq!(
        griddesk::i18n::import_progress(griddesk::store::import::Stage::Write, 1, Lang::En),
        "importing: 1 row written"
    );
}

/// A day's tickets are numbered 0001–9999, then 10000 on; the five-digit
/// ticket is shown and found like any other.
#[test]
fn the_ten_thousandth_ticket_of_a_day_is_shown_and_found() {
    let dir = TempDir::new().unwrap();
    let db = common::small_db(dir.path());
    let reg = |text: &str| {
        let o = run(
            &db,
            &[
                "register",
                "--household",
                "高庄 1-1-101",
                "--category",
                "consult",
                "--text",
                text,
            ],
        );
        assert_eq!(code(&o), Some(0), "{}", stderr(&o));
        stdout(&o).trim().to_string()
    };
    let first = reg("当天第一件");
    let day = first[..8].to_string();
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute(
            "UPDATE ticket_counter SET last = 9999 WHERE day = ?1",
            [&day],
        )
        .unwrap();
    let ticket = reg("第一万件");
    // (Unless midnight passed between the two registrations.)
    if !ticket.starts_with(&day) {
        eprintln!("SKIPPED: the day changed during the test");
        return;
    }
    assert_eq!(ticket, format!("{day}-10000"));
    let o = run(&db, &["show", &ticket]);
    assert_eq!(code(&o), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("第一万件"), "{}", stdout(&o));
    let o = run(&db, &["show", &ticket, "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["request"]["ticket"], ticket.as_str());
    let o = run(&db, &["find", &ticket, "--json"]);
    assert_eq!(code(&o), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v[0]["kind"], "request");
    assert!(v[0]["label"].as_str().unwrap().contains(&ticket), "{v}");
    // The next one goes on from there.
    assert_eq!(reg("第一万零一件"), format!("{day}-10001"));
}
