//! Search benchmark on a `large` demo database (300,000 households,
//! ~1,000,000 residents): median and p99 latency of each search kind in
//! process, then `griddesk find` as a whole process beside the `sqlite3`
//! tool running the equivalent indexed query on the same file.
//!
//! `cargo bench --bench search` (needs sqlite3: without it the benchmark
//! fails) — the database is made on first run (`GRIDDESK_BENCH_DB` names
//! another; `GRIDDESK_BENCH_SCALE=small|district` for a quick run). The
//! binary is the one cargo built for this checkout; every run's exit code
//! is checked, and what each side printed is looked at once.

mod common;

use common::{bin, db_path, ensure, require, run_ok};
use griddesk::domain::names::name_keys;
use griddesk::store::Store;
use rusqlite::Connection;
use std::process::Command;
use std::time::{Duration, Instant};

fn pct(v: &mut [Duration], p: f64) -> Duration {
    v.sort();
    let i = ((v.len() as f64 - 1.0) * p).round() as usize;
    v[i]
}

fn ms(d: Duration) -> String {
    format!("{:.3}", d.as_secs_f64() * 1000.0)
}

/// Sample values to search for, drawn evenly from the file.
fn samples(c: &Connection, sql: &str, n: usize) -> Vec<String> {
    let mut st = c.prepare(sql).unwrap();
    let all: Vec<String> = st
        .query_map([], |r| r.get::<_, String>(0))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    let step = (all.len() / n).max(1);
    all.into_iter().step_by(step).take(n).collect()
}

fn main() {
    let path = db_path();
    ensure(&path);
    let c = Connection::open(&path).unwrap();
    let max_r: i64 = c
        .query_row("SELECT max(id) FROM resident", [], |r| r.get(0))
        .unwrap();
    let every = (max_r / 2000).max(1);
    let residents = format!("FROM resident WHERE id % {every} = 0");
    let names = samples(&c, &format!("SELECT name {residents}"), 200);
    let kinds: Vec<(&str, Vec<String>)> = vec![
        ("name (full)", names.clone()),
        ("name (surname, 1 char)", names.iter().map(|n| n.chars().take(1).collect()).collect()),
        ("name (given, 1 char)", names.iter().map(|n| n.chars().skip(1).take(1).collect()).collect()),
        ("name (2 chars, any position)", names.iter().map(|n| n.chars().skip(1).take(2).collect()).collect()),
        ("pinyin (full)", names.iter().map(|n| name_keys(n).pinyin).collect()),
        ("pinyin (initials)", names.iter().map(|n| name_keys(n).initials).collect()),
        ("mobile (full)", samples(&c, &format!("SELECT mobile {residents} AND mobile IS NOT NULL"), 200)),
        ("phone (last 4)", samples(&c, &format!("SELECT substr(mobile, -4) {residents} AND mobile IS NOT NULL"), 200)),
        ("resident ID (full)", samples(&c, &format!("SELECT id_number {residents}"), 200)),
        ("resident ID (last 4)", samples(&c, &format!("SELECT substr(id_number, -4) {residents}"), 200)),
        ("resident ID (last 6)", samples(&c, &format!("SELECT substr(id_number, -6) {residents}"), 200)),
        (
            "address 3-2-501",
            samples(&c, "SELECT b.num || '-' || h.unit || '-' || h.room FROM household h JOIN grid_node b ON b.id = h.building_id WHERE h.id % 1500 = 0", 200),
        ),
        (
            "address 锦华家园 3号楼2单元501",
            samples(
                &c,
                "SELECT replace(c.name, '社区', '') || ' ' || b.num || '号楼' || h.unit || '单元' || h.room FROM household h JOIN grid_node b ON b.id = h.building_id
                 JOIN grid_node a ON a.id = b.parent_id JOIN grid_node c ON c.id = a.parent_id WHERE h.id % 1500 = 0",
                200,
            ),
        ),
        ("ticket", samples(&c, "SELECT ticket FROM request WHERE id % 500 = 0", 200)),
    ];
    drop(c);

    members(&path);
    if std::env::var_os("GRIDDESK_BENCH_MEMBERS_ONLY").is_some() {
        return;
    }

    let store = Store::open(&path).unwrap();
    println!(
        "search in process, {} — 20 hits at most, each query run 5 times",
        path.display()
    );
    println!(
        "{:<32} {:>8} {:>10} {:>10} {:>10}",
        "kind", "queries", "median ms", "p99 ms", "max ms"
    );
    for (kind, qs) in &kinds {
        for q in qs {
            let _ = store.search(q, 20).unwrap(); // warm the cache
        }
        let mut t = Vec::new();
        let mut empty = 0;
        for _ in 0..5 {
            for q in qs {
                let s = Instant::now();
                let hits = store.search(q, 20).unwrap();
                t.push(s.elapsed());
                empty += usize::from(hits.is_empty());
            }
        }
        assert_eq!(empty, 0, "{kind}: some queries found nothing");
        let max = *t.iter().max().unwrap();
        println!(
            "{:<32} {:>8} {:>10} {:>10} {:>10}",
            kind,
            qs.len(),
            ms(pct(&mut t, 0.5)),
            ms(pct(&mut t, 0.99)),
            ms(max)
        );
    }
    drop(store);

    // Whole process: `griddesk find` against the sqlite3 tool.
    require("sqlite3", "-version");
    let bin = bin();
    let c = Connection::open(&path).unwrap();
    let name: String = c.query_row("SELECT name FROM resident WHERE id = 500000 OR id = (SELECT max(id) FROM resident) ORDER BY id LIMIT 1", [], |r| r.get(0)).unwrap();
    let mobile: String = c
        .query_row(
            "SELECT mobile FROM resident WHERE mobile IS NOT NULL AND id > 400000 LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    drop(c);
    let tail = mobile[mobile.len() - 4..].to_string();
    let initials = name_keys(&name).initials;
    let cases = [
        (
            "mobile",
            mobile.clone(),
            format!(
                "SELECT r.name, h.unit, h.room FROM resident r JOIN household h ON h.id = r.household_id WHERE substr(r.mobile, -4) = '{tail}' AND r.mobile >= '{mobile}' AND r.mobile <= '{mobile}' LIMIT 20;",
                tail = &mobile[mobile.len() - 4..]
            ),
        ),
        (
            "name",
            name.clone(),
            format!(
                "SELECT r.name, h.unit, h.room FROM resident r JOIN household h ON h.id = r.household_id WHERE r.name = '{name}' LIMIT 20;"
            ),
        ),
        (
            "initials",
            initials.clone(),
            format!(
                "SELECT r.name, h.unit, h.room FROM resident r JOIN household h ON h.id = r.household_id WHERE r.name IN
                   (SELECT n.name FROM name_key k JOIN person_name n ON n.id = k.name_id WHERE k.key = '{initials}' LIMIT 20) LIMIT 20;"
            ),
        ),
        (
            "phone tail",
            tail.clone(),
            format!(
                "SELECT r.name, h.unit, h.room FROM resident r JOIN household h ON h.id = r.household_id WHERE substr(r.mobile, -4) = '{tail}' AND r.mobile IS NOT NULL LIMIT 20;"
            ),
        ),
    ];
    println!();
    println!("whole process, median of 30 runs (ms):");
    println!(
        "{:<10} {:>14} {:>10} {:>8}",
        "query", "griddesk find", "sqlite3", "ratio"
    );
    for (kind, q, sql) in cases {
        let find = || {
            let mut c = Command::new(&bin);
            c.arg("--db").arg(&path).args(["--lang", "en", "find", &q]);
            c
        };
        let tool = || {
            let mut c = Command::new("sqlite3");
            c.arg(&path).arg(&sql);
            c
        };
        // What is timed, seen once: both print hits.
        let o = run_ok("griddesk find", &mut find());
        assert!(!o.stdout.is_empty(), "griddesk find {q} printed nothing");
        let o = run_ok("sqlite3", &mut tool());
        assert!(!o.stdout.is_empty(), "sqlite3 printed nothing for {kind}");
        // Interleaved, so that both see the same machine.
        let (mut g, mut s) = (Vec::new(), Vec::new());
        for _ in 0..30 {
            let t = Instant::now();
            run_ok("griddesk find", &mut find());
            g.push(t.elapsed());
            let t = Instant::now();
            run_ok("sqlite3", &mut tool());
            s.push(t.elapsed());
        }
        let (g, s) = (pct(&mut g, 0.5), pct(&mut s, 0.5));
        println!(
            "{:<10} {:>14} {:>10} {:>8.2}",
            kind,
            ms(g),
            ms(s),
            g.as_secs_f64() / s.as_secs_f64()
        );
    }
}

/// The party members' search by a supervisor (every member visible):
/// median and p99 latency of each kind of query, each run 5 times
/// (`GRIDDESK_BENCH_MEMBERS_ONLY=1` stops after it).
fn members(path: &std::path::Path) {
    let c = Connection::open(path).unwrap();
    let sup: Option<i64> = c
        .query_row(
            "SELECT id FROM staff WHERE role = 'supervisor' AND active = 1 ORDER BY id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .ok();
    let Some(sup) = sup else {
        panic!("no supervisor in {}", path.display());
    };
    let n: i64 = c
        .query_row(
            "SELECT count(*) FROM party_member WHERE left_on IS NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(n > 0, "no party members in {}", path.display());
    let live = "FROM party_member WHERE left_on IS NULL";
    let names = samples(&c, &format!("SELECT name {live}"), 100);
    let kinds: Vec<(&str, Vec<String>)> = vec![
        ("name (full)", names.clone()),
        (
            "pinyin (full)",
            names.iter().map(|n| name_keys(n).pinyin).collect(),
        ),
        (
            "pinyin (initials)",
            names.iter().map(|n| name_keys(n).initials).collect(),
        ),
        (
            "pinyin (first 3 letters)",
            names
                .iter()
                .map(|n| name_keys(n).pinyin.chars().take(3).collect())
                .collect(),
        ),
        (
            "phone (last 4)",
            samples(
                &c,
                &format!("SELECT substr(phone, -4) {live} AND phone IS NOT NULL"),
                100,
            ),
        ),
        (
            "workplace",
            samples(
                &c,
                "SELECT u.name FROM party_member m JOIN party_unit u ON u.id = m.unit_id WHERE m.left_on IS NULL",
                20,
            ),
        ),
    ];
    drop(c);
    let store = Store::open(path).unwrap();
    println!(
        "member search by a supervisor ({n} members in service), {} — 20 hits at most, each query run 5 times",
        path.display()
    );
    println!(
        "{:<32} {:>8} {:>10} {:>10} {:>10}",
        "kind", "queries", "median ms", "p99 ms", "max ms"
    );
    for (kind, qs) in &kinds {
        for q in qs {
            let _ = store.search_members(sup, q, 20).unwrap(); // warm the cache
        }
        let mut t = Vec::new();
        let mut empty = 0;
        for _ in 0..5 {
            for q in qs {
                let s = Instant::now();
                let hits = store.search_members(sup, q, 20).unwrap();
                t.push(s.elapsed());
                empty += usize::from(hits.is_empty());
            }
        }
        assert_eq!(empty, 0, "{kind}: some queries found nothing");
        let max = *t.iter().max().unwrap();
        println!(
            "{:<32} {:>8} {:>10} {:>10} {:>10}",
            kind,
            qs.len(),
            ms(pct(&mut t, 0.5)),
            ms(pct(&mut t, 0.99)),
            ms(max)
        );
    }
    println!();
}
