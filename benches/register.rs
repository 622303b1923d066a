//! Register benchmark: `griddesk register` as a whole process beside the
//! `sqlite3` tool committing one INSERT into the request table of the same
//! file, in WAL mode with `synchronous = FULL` as the app writes,
//! interleaved, median of 30, every exit code checked.
//!
//! `cargo bench --bench register` (needs sqlite3: without it the benchmark
//! fails). Both write to a copy of the demo database
//! (`target/bench/register.db`), made afresh each run, so the demo keeps
//! its figures; `GRIDDESK_BENCH_DB` names another demo.

mod common;

use common::{bin, db_path, ensure, ms, pct, require, run_ok, work_dir};
use rusqlite::Connection;
use std::process::Command;
use std::time::{Duration, Instant};

const ROUNDS: usize = 30;
const WARM: usize = 3;

fn main() {
    let demo = db_path();
    ensure(&demo);
    require("sqlite3", "-version");
    let bin = bin();

    // A fresh copy, made with SQLite's backup (the demo may have a WAL).
    let db = work_dir().join("register.db");
    for suffix in ["", "-wal", "-shm"] {
        let mut f = db.as_os_str().to_owned();
        f.push(suffix);
        let _ = std::fs::remove_file(std::path::PathBuf::from(f));
    }
    Connection::open(&demo)
        .unwrap()
        .backup(
            rusqlite::MAIN_DB,
            &db,
            None::<fn(rusqlite::backup::Progress)>,
        )
        .unwrap();

    let c = Connection::open(&db).unwrap();
    // A household by its address, as a counter types it, and the operator.
    let (household, address): (i64, String) = c
        .query_row(
            "SELECT h.id, replace(c.name, '社区', '') || ' ' || b.num || '号楼' || h.unit || '单元' || h.room
               FROM household h JOIN grid_node b ON b.id = h.building_id
               JOIN grid_node a ON a.id = b.parent_id JOIN grid_node c ON c.id = a.parent_id
              WHERE h.id = (SELECT max(id) / 2 FROM household)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let login = griddesk::cli::config::os_login();
    let staff: i64 = c
        .query_row(
            "SELECT id FROM staff WHERE login = ?1 AND active = 1",
            [&login],
            |r| r.get(0),
        )
        .unwrap_or_else(|_| panic!("the demo has no active staff with the login {login}"));
    let before: i64 = c
        .query_row("SELECT count(*) FROM request", [], |r| r.get(0))
        .unwrap();
    drop(c);

    let register = |i: usize| {
        let o = run_ok(
            "griddesk register",
            Command::new(&bin)
                .arg("--db")
                .arg(&db)
                .args(["--lang", "en", "register", "--household", &address])
                .args(["--category", "consult", "--text"])
                .arg(format!("基准测试登记 {i}")),
        );
        String::from_utf8(o.stdout).unwrap().trim().to_string()
    };
    // One INSERT of a request row, committed with the app's settings.
    let insert = |i: usize| {
        let sql = format!(
            "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;
             INSERT INTO request(ticket, channel, category_code, household_id, description, level, status,
                                 registered_at, registered_by, due_at, last_activity_at)
             VALUES ('bench-{pid}-{i}', 'walk-in', 'consult', {household}, '基准测试登记 {i}',
                     'community', 'registered', '2026-11-27T10:00:00+08:00', {staff},
                     '2026-11-30T18:00:00+08:00', '2026-11-27T10:00:00+08:00');",
            pid = std::process::id()
        );
        let o = run_ok("sqlite3 INSERT", Command::new("sqlite3").arg(&db).arg(sql));
        assert_eq!(String::from_utf8_lossy(&o.stdout).trim(), "wal");
    };

    let (mut app, mut tool) = (Vec::new(), Vec::new());
    let mut tickets = Vec::new();
    for i in 0..WARM + ROUNDS {
        let t = Instant::now();
        let ticket = register(i);
        let a = t.elapsed();
        let t = Instant::now();
        insert(i);
        let s = t.elapsed();
        tickets.push(ticket);
        if i >= WARM {
            app.push(a);
            tool.push(s);
        }
    }

    // What was timed, seen once: every ticket printed is a saved request,
    // and both sides added one row per run.
    let c = Connection::open(&db).unwrap();
    let after: i64 = c
        .query_row("SELECT count(*) FROM request", [], |r| r.get(0))
        .unwrap();
    assert_eq!(after - before, 2 * (WARM + ROUNDS) as i64, "rows added");
    for (i, t) in tickets.iter().enumerate() {
        let d: String = c
            .query_row(
                "SELECT description FROM request WHERE ticket = ?1",
                [t],
                |r| r.get(0),
            )
            .unwrap_or_else(|e| panic!("ticket {t:?} printed by register is not saved: {e}"));
        assert_eq!(d, format!("基准测试登记 {i}"));
    }
    drop(c);

    let spread = |v: &mut Vec<Duration>| {
        let m = pct(v, 0.5);
        format!("{} ms ({}–{})", ms(m), ms(v[0]), ms(v[v.len() - 1]))
    };
    let (a, s) = (pct(&mut app, 0.5), pct(&mut tool, 0.5));
    println!(
        "register, whole process, {} into {}, interleaved, median of {ROUNDS} (min–max):",
        address,
        db.display()
    );
    println!("  griddesk register      {}", spread(&mut app));
    println!("  sqlite3 one INSERT     {}", spread(&mut tool));
    println!(
        "  ratio {:.2} (target 1.5); last ticket {}",
        a.as_secs_f64() / s.as_secs_f64(),
        tickets.last().unwrap()
    );
}
