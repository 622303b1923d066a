//! Every action on a request from the command line: a walk-in handled to
//! the end, each step one command, the same rules as the screens.

mod common;

use common::{run, small_db, stderr, stdout};
use std::path::Path;

fn ok(db: &Path, args: &[&str]) -> String {
    let o = run(db, args);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{args:?}: {}{}",
        stdout(&o),
        stderr(&o)
    );
    stdout(&o)
}

fn refused(db: &Path, args: &[&str]) -> String {
    let o = run(db, args);
    assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stdout(&o));
    stderr(&o)
}

fn events(db: &Path, ticket: &str) -> Vec<(String, Option<String>, Option<String>)> {
    let c = rusqlite::Connection::open(db).unwrap();
    let mut st = c
        .prepare(
            "SELECT e.kind, e.reason, e.note FROM event e JOIN request q ON q.id = e.request_id
              WHERE q.ticket = ?1 ORDER BY e.id",
        )
        .unwrap();
    st.query_map([ticket], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

fn field(db: &Path, ticket: &str, col: &str) -> Option<String> {
    let c = rusqlite::Connection::open(db).unwrap();
    c.query_row(
        &format!("SELECT CAST({col} AS TEXT) FROM request WHERE ticket = ?1"),
        [ticket],
        |r| r.get(0),
    )
    .unwrap()
}

fn agent_login(db: &Path) -> String {
    let c = rusqlite::Connection::open(db).unwrap();
    c.query_row(
        "SELECT login FROM staff WHERE role = 'agent' AND active = 1 ORDER BY id LIMIT 1",
        [],
        |r| r.get(0),
    )
    .unwrap()
}

#[test]
fn an_errand_is_handled_to_the_end_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_db(dir.path());
    let c = rusqlite::Connection::open(&db).unwrap();
    let household: i64 = c
        .query_row(
            "SELECT id FROM household WHERE voided_at IS NULL ORDER BY id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let hh = household.to_string();
    let out = ok(
        &db,
        &[
            "register",
            "--household",
            &hh,
            "--category",
            "pension_cert",
            "--text",
            "养老资格认证，老人行动不便",
        ],
    );
    let t = out.trim().to_string();
    let agent = agent_login(&db);
    let line = ok(&db, &["--lang", "en", "assign", &t, "--to", &agent]);
    assert!(line.contains("assigned"), "{line}");
    ok(&db, &["start", &t]);
    ok(&db, &["custody", "in", &t, "户口本"]);
    ok(&db, &["step", &t, "材料已送区人社局"]);
    ok(&db, &["note", &t, "老人下午在家"]);
    ok(&db, &["reply", &t, "已受理，三个工作日内办结"]);
    ok(&db, &["wait", &t, "--reason", "等人社局复核"]);
    assert_eq!(field(&db, &t, "status").as_deref(), Some("waiting"));
    ok(&db, &["resume", &t]);
    ok(&db, &["escalate", &t, "--reason", "需街道协调"]);
    assert_eq!(field(&db, &t, "level").as_deref(), Some("subdistrict"));
    ok(&db, &["return", &t, "--reason", "街道已协调，回社区办理"]);
    assert_eq!(field(&db, &t, "level").as_deref(), Some("community"));
    // An original still held is named when a wrong one is asked back.
    let err = refused(&db, &["--lang", "en", "custody", "out", &t, "身份证"]);
    assert!(err.contains("户口本"), "{err}");
    ok(&db, &["custody", "out", &t, "户口本"]);
    ok(&db, &["resolve", &t, "--result", "认证通过"]);
    let json = ok(&db, &["follow-up", &t, "--rating", "不满意", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["status"], "closed");
    assert_eq!(v["rating"], 2);
    // A poor rating opened a correction request.
    let correction: i64 = c
        .query_row(
            "SELECT count(*) FROM request WHERE correction_of = (SELECT id FROM request WHERE ticket = ?1)",
            [&t],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(correction, 1);

    let kinds: Vec<String> = events(&db, &t).into_iter().map(|e| e.0).collect();
    for k in [
        "created",
        "assign",
        "start",
        "custody_in",
        "step",
        "note",
        "reply",
        "wait",
        "resume",
        "escalate",
        "return",
        "custody_out",
        "resolve",
        "follow_up",
        "correction",
    ] {
        assert!(kinds.iter().any(|x| x == k), "no {k} event in {kinds:?}");
    }
    let ev = events(&db, &t);
    assert!(
        ev.iter()
            .any(|e| e.0 == "wait" && e.1.as_deref() == Some("等人社局复核"))
    );
    assert!(
        ev.iter()
            .any(|e| e.0 == "step" && e.2.as_deref() == Some("材料已送区人社局"))
    );

    // The same rules as the screens: a closed request cannot be cancelled
    // or resolved again; nothing is written.
    let n = events(&db, &t).len();
    let err = refused(&db, &["--lang", "en", "cancel", &t, "--reason", "x"]);
    assert!(err.contains("closed") && err.contains("cancelled"), "{err}");
    refused(&db, &["resolve", &t, "--result", "x"]);
    assert_eq!(events(&db, &t).len(), n);
}

#[test]
fn a_stale_version_missing_reasons_and_bad_ratings_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_db(dir.path());
    let c = rusqlite::Connection::open(&db).unwrap();
    let household: i64 = c
        .query_row(
            "SELECT id FROM household WHERE voided_at IS NULL ORDER BY id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let hh = household.to_string();
    let t = ok(
        &db,
        &[
            "register",
            "--household",
            &hh,
            "--category",
            "repair",
            "--text",
            "路灯不亮",
        ],
    )
    .trim()
    .to_string();
    let v0 = field(&db, &t, "version").unwrap();
    let agent = agent_login(&db);
    ok(&db, &["assign", &t, "--to", &agent, "--seen-version", &v0]);
    // Another counter acted since v0: refused, nothing written.
    let n = events(&db, &t).len();
    let err = refused(&db, &["--lang", "en", "start", &t, "--seen-version", &v0]);
    assert!(err.contains("another counter"), "{err}");
    let err = refused(&db, &["note", &t, "x", "--seen-version", &v0]);
    assert!(!err.is_empty());
    assert_eq!(events(&db, &t).len(), n);
    assert_eq!(field(&db, &t, "status").as_deref(), Some("assigned"));

    // Usage: a reason is required (clap), a rating must be one of five,
    // and a follow-up is a rating or a failure, not both.
    let o = run(&db, &["wait", &t]);
    assert_eq!(o.status.code(), Some(2));
    let err = refused(&db, &["--lang", "en", "follow-up", &t, "--rating", "7"]);
    assert!(err.contains("--rating 7"), "{err}");
    let err = refused(
        &db,
        &[
            "--lang",
            "en",
            "follow-up",
            &t,
            "--rating",
            "5",
            "--failed",
            "x",
        ],
    );
    assert!(err.contains("either"), "{err}");
    // An empty reason is refused by the store, naming the field.
    ok(&db, &["start", &t]);
    let err = refused(&db, &["--lang", "en", "wait", &t, "--reason", "  "]);
    assert!(err.contains("reason"), "{err}");
    let err = refused(&db, &["--lang", "en", "assign", &t, "--to", "nobody-here"]);
    assert!(err.contains("nobody-here"), "{err}");
    let err = refused(&db, &["--lang", "en", "start", "20991231-0001"]);
    assert!(err.contains("20991231-0001"), "{err}");
    assert_eq!(events(&db, &t).len(), n + 1);
}

#[test]
fn a_visit_and_a_shift_end_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_db(dir.path());
    let c = rusqlite::Connection::open(&db).unwrap();
    let household: i64 = c
        .query_row(
            "SELECT id FROM household WHERE voided_at IS NULL ORDER BY id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let visits = |c: &rusqlite::Connection| -> i64 {
        c.query_row(
            "SELECT count(*) FROM visit WHERE household_id = ?1 AND note = '老人独居，血压高（已提醒）'",
            [household],
            |r| r.get(0),
        )
        .unwrap()
    };
    assert_eq!(visits(&c), 0);
    ok(
        &db,
        &[
            "visit",
            &household.to_string(),
            "--note",
            "老人独居，血压高（已提醒）",
        ],
    );
    assert_eq!(visits(&c), 1);
    let err = refused(&db, &["--lang", "en", "visit", "9-9-999"]);
    assert!(err.contains("9-9-999"), "{err}");

    // No shift open: ending one is refused; after the screens (or the
    // store) opened one, it ends with its note and cannot be accepted by
    // the same login.
    let err = refused(&db, &["--lang", "en", "shift", "end", "--note", "x"]);
    assert!(err.contains("no shift open"), "{err}");
    assert!(!err.contains("staff member"), "{err}");
    let me = griddesk::cli::config::os_login();
    let mut s = griddesk::store::Store::open(&db).unwrap();
    let id = griddesk::store::staff::by_login(s.conn(), &me)
        .unwrap()
        .unwrap()
        .id;
    s.start_shift(id).unwrap();
    drop(s);
    ok(&db, &["shift", "end", "--note", "钥匙在抽屉：（二号柜）"]);
    let note: String = c
        .query_row("SELECT note FROM shift ORDER BY id DESC LIMIT 1", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(note, "钥匙在抽屉：（二号柜）");
    let err = refused(&db, &["--lang", "en", "shift", "accept"]);
    assert!(err.contains("next clerk"), "{err}");
}
