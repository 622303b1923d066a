//! Start-up of the screens: the first frame goes out before any database
//! work, so a counter whose colleague holds the write lock (a long import,
//! a slow disk) still sees the Today screen at once; and an open shift is
//! found without taking the write lock.

mod common;

use griddesk::store::{Error, Store, staff};
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

fn operator(store: &Store) -> i64 {
    staff::by_login(store.conn(), &griddesk::cli::config::os_login())
        .unwrap()
        .expect("the demo knows the operator")
        .id
}

/// Another process's writer: holds the write lock until dropped.
fn hold_write_lock(db: &Path) -> rusqlite::Connection {
    let c = rusqlite::Connection::open(db).unwrap();
    c.execute_batch("BEGIN IMMEDIATE").unwrap();
    c
}

#[test]
fn an_open_shift_is_found_while_another_counter_holds_the_write_lock() {
    let dir = tempfile::TempDir::new().unwrap();
    let db = common::small_db(dir.path());
    let mut store = Store::open(&db).unwrap();
    let me = operator(&store);
    let shift = store.start_shift(me).unwrap();
    let writer = hold_write_lock(&db);
    store.set_busy_timeout(Duration::from_millis(200)).unwrap();
    let again = store.start_shift(me);
    assert!(
        matches!(&again, Ok(s) if s.id == shift.id),
        "the open shift, found by reading: {again:?}"
    );
    // Starting a shift that is not open still needs the lock, and says so.
    store.end_shift(me, "交班").unwrap_err();
    drop(writer);
    store.end_shift(me, "交班").unwrap();
    let writer = hold_write_lock(&db);
    assert!(matches!(store.start_shift(me), Err(Error::Busy)));
    drop(writer);
    let new = store.start_shift(me).unwrap();
    assert_ne!(new.id, shift.id);
}

fn tmux_or_skip(test: &str) -> bool {
    let ok = Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(
            std::env::var_os("CI").is_none(),
            "{test}: CI must install tmux (.ci/run does)"
        );
        println!("SKIPPED: {test}: tmux is not installed");
    }
    ok
}

/// Runs the app in an 80×24 pane of a tmux server that ignores the
/// alternate screen (the last frame stays after the app left) and returns
/// its exit code, how long it took, and the pane.
fn run_in_pane(dir: &Path, db: &Path, exit_after: &str) -> (i32, Duration, String) {
    let socket = format!("griddesk-startup-{}-{exit_after}", std::process::id());
    let conf = dir.join("tmux.conf");
    std::fs::write(&conf, "set -g alternate-screen off\n").unwrap();
    let rc = dir.join(format!("rc-{exit_after}"));
    let script = format!(
        "HOME={home} XDG_DATA_HOME={home}/data LANG=C.UTF-8 GRIDDESK_CONFIG=/nonexistent GRIDDESK_KEYMAP=/nonexistent \
         GRIDDESK_EXIT_AFTER_FIRST_FRAME={exit_after} {bin} --db {db} 2>/dev/null; echo $? > {rc}; sleep 30",
        home = dir.display(),
        bin = env!("CARGO_BIN_EXE_griddesk"),
        db = db.display(),
        rc = rc.display()
    );
    let tmux = |args: &[&str]| {
        Command::new("tmux")
            .args(["-L", &socket, "-f"])
            .arg(&conf)
            .args(args)
            .output()
            .unwrap()
    };
    let t = Instant::now();
    assert!(
        tmux(&["new-session", "-d", "-x", "80", "-y", "24", &script])
            .status
            .success()
    );
    let code = loop {
        if let Some(n) = std::fs::read_to_string(&rc)
            .ok()
            .and_then(|s| s.trim().parse().ok())
        {
            break n;
        }
        if t.elapsed() > Duration::from_secs(30) {
            break -1;
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let took = t.elapsed();
    std::thread::sleep(Duration::from_millis(200));
    let screen = String::from_utf8_lossy(&tmux(&["capture-pane", "-p"]).stdout).into_owned();
    tmux(&["kill-server"]);
    (code, took, screen)
}

#[test]
fn the_first_frame_is_drawn_before_any_database_work() {
    if !tmux_or_skip("the_first_frame_is_drawn_before_any_database_work") {
        return;
    }
    let dir = tempfile::TempDir::new().unwrap();
    let db = common::small_db(dir.path());
    {
        // No shift open: starting the screens must write one.
        let mut store = Store::open(&db).unwrap();
        let me = operator(&store);
        store.start_shift(me).unwrap();
        store.end_shift(me, "交班").unwrap();
    }
    // Another counter holds the write lock: the shift start waits for it
    // (10 s, then fails), but the first frame is already out.
    let writer = hold_write_lock(&db);
    let (code, took, screen) = run_in_pane(dir.path(), &db, "1");
    drop(writer);
    assert_eq!(code, 0, "exit code; screen:\n{screen}");
    assert!(
        took < Duration::from_secs(5),
        "the first frame took {took:?}"
    );
    assert!(
        screen.contains("┌Today") && screen.contains("loading…"),
        "the first frame is the Today screen, loading:\n{screen}"
    );

    // Lock released: the next frame has the shift and the lists.
    let (code, _, screen) = run_in_pane(dir.path(), &db, "loaded");
    assert_eq!(code, 0, "exit code; screen:\n{screen}");
    assert!(
        screen.contains("shift:") && screen.contains("overdue (") && !screen.contains("loading…"),
        "the Today screen with its lists:\n{screen}"
    );
    let store = Store::open(&db).unwrap();
    let me = operator(&store);
    assert!(
        griddesk::store::views::current_shift(store.conn(), me)
            .unwrap()
            .is_some(),
        "the screens started a shift"
    );
}

/// Under a non-UTF-8 locale (zh_CN.GBK) the "not UTF-8" message is plain
/// ASCII — English and the settings to change — since UTF-8 Chinese would
/// be garbage on exactly that terminal; usage error, exit 2.
#[test]
fn a_gbk_locale_is_told_in_ascii_what_to_set() {
    let dir = tempfile::TempDir::new().unwrap();
    let db = common::small_db(dir.path());
    for (var, value) in [("LANG", "zh_CN.GBK"), ("LC_ALL", "zh_CN.GB18030")] {
        let out = common::bin()
            .env(var, value)
            .arg("--db")
            .arg(&db)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{var}={value}: {err}");
        assert!(out.stderr.is_ascii(), "{var}={value}: {err}");
        assert!(err.contains("UTF-8") && err.contains("LANG="), "{err}");
        assert!(err.contains(value), "names the setting found: {err}");
    }
}
