//! End to end: the real binary in tmux at 80×24 on a temporary `small`
//! database. Register a walk-in by keys, find it with `griddesk show`, quit:
//! exit code 0 and the terminal restored (off the alternate screen).
//! Every process runs with a private home: drafts and printouts land in the
//! test's directory, never in the real `~/.local/share`.

mod common;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

struct Tmux {
    socket: String,
    /// The home of everything tmux starts.
    home: std::path::PathBuf,
}

impl Tmux {
    fn new(socket: String, home: &Path) -> Tmux {
        Tmux {
            socket,
            home: home.to_path_buf(),
        }
    }
    fn cmd(&self) -> Command {
        let mut c = Command::new("tmux");
        c.args(["-L", &self.socket, "-f", "/dev/null"]);
        common::private_env(&mut c, &self.home);
        c
    }
    fn capture(&self) -> String {
        let o = self
            .cmd()
            .args(["capture-pane", "-p", "-t", "e2e"])
            .output()
            .unwrap();
        String::from_utf8_lossy(&o.stdout).into_owned()
    }
    fn keys(&self, keys: &[&str]) {
        for k in keys {
            assert!(
                self.cmd()
                    .args(["send-keys", "-t", "e2e", k])
                    .status()
                    .unwrap()
                    .success()
            );
            std::thread::sleep(Duration::from_millis(60));
        }
    }
    fn literal(&self, text: &str) {
        assert!(
            self.cmd()
                .args(["send-keys", "-t", "e2e", "-l", text])
                .status()
                .unwrap()
                .success()
        );
        std::thread::sleep(Duration::from_millis(150));
    }
    fn wait_for(&self, what: &[&str], secs: u64) -> String {
        let start = Instant::now();
        loop {
            let s = self.capture();
            if what.iter().any(|w| s.contains(w)) {
                return s;
            }
            assert!(
                start.elapsed() < Duration::from_secs(secs),
                "waited for {what:?}, screen:\n{s}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self
            .cmd()
            .arg("kill-server")
            .stderr(std::process::Stdio::null())
            .status();
    }
}

/// tmux is there, or the test says SKIPPED (and fails under CI).
fn tmux_or_skip(test: &str) -> bool {
    let ok = common::have("tmux", "-V");
    if !ok {
        common::skip(test, "tmux is not installed");
    }
    ok
}

/// The command line tmux runs: the app with a private home, no machine
/// config, the default keymap.
fn app_line(home: &Path, db: &Path) -> String {
    format!(
        "{}LANG=C.UTF-8 GRIDDESK_CONFIG=/nonexistent GRIDDESK_KEYMAP=/nonexistent TERM=xterm {} --db '{}'",
        common::shell_env(home),
        env!("CARGO_BIN_EXE_griddesk"),
        db.display()
    )
}

/// Files under a directory, relative to it.
fn files_under(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p.strip_prefix(dir).unwrap().display().to_string());
            }
        }
    }
    out.sort();
    out
}

/// The real data directory of the user running the tests (as the
/// program would find it with the tests' own environment): every file
/// there with its size and modification time.
fn real_data() -> Vec<(String, u64, Option<std::time::SystemTime>)> {
    let dir = griddesk::cli::config::data_dir();
    files_under(&dir)
        .into_iter()
        .map(|f| {
            let m = std::fs::metadata(dir.join(&f)).ok();
            (
                f,
                m.as_ref().map_or(0, |m| m.len()),
                m.and_then(|m| m.modified().ok()),
            )
        })
        .collect()
}

#[test]
fn register_a_walk_in_by_keys_then_show_it() {
    if !tmux_or_skip("register_a_walk_in_by_keys_then_show_it") {
        return;
    }
    let real_before = real_data();
    let dir = tempfile::TempDir::new().unwrap();
    let home = dir.path().join("home");
    // The TUI runs on the real clock: a demo ending today.
    let db = dir.path().join("e2e.db");
    let o = common::bin_at_home(&home)
        .arg("--db")
        .arg(&db)
        .args(["demo", "--scale", "small"])
        .output()
        .unwrap();
    assert!(o.status.success());
    let exit_file = dir.path().join("exit");
    let script = format!(
        "{}; echo $? > '{}'; sleep 30",
        app_line(&home, &db),
        exit_file.display()
    );
    let t = Tmux::new(format!("griddesk-e2e-{}", std::process::id()), &home);
    let ok = t
        .cmd()
        .args([
            "new-session",
            "-d",
            "-s",
            "e2e",
            "-x",
            "80",
            "-y",
            "24",
            &script,
        ])
        .status()
        .unwrap();
    assert!(ok.success());
    t.wait_for(&["F1 today"], 20);
    t.keys(&["F2"]);
    t.wait_for(&["household: address"], 5);
    t.literal("1-1-101");
    t.wait_for(&["> household"], 5);
    // The demo has 1-1-101 in several communities: the first Enter says
    // so, the second takes the one under the cursor.
    t.keys(&["Enter"]);
    t.wait_for(&["households here"], 5);
    t.keys(&["Enter", "Enter", "C-s"]);
    let s = t.wait_for(&["RECEIPT", "possible duplicates"], 5);
    if !s.contains("RECEIPT") {
        t.keys(&["C-s"]);
    }
    let s = t.wait_for(&["RECEIPT"], 5);
    let ticket = s
        .lines()
        .find_map(|l| l.split("ticket: ").nth(1))
        .map(|x| x.trim_end_matches(['│', ' ']).trim().to_string())
        .expect("ticket on the receipt");
    assert_eq!(ticket.len(), 13, "{ticket}");
    // Print the receipt: the copy goes to the private home's data folder.
    t.keys(&["p"]);
    t.wait_for(
        &[
            "saved (no printer)",
            "sent to the printer",
            "printing failed",
        ],
        5,
    );
    t.keys(&["F10"]);
    let start = Instant::now();
    while !exit_file.exists() {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "did not quit:\n{}",
            t.capture()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    std::thread::sleep(Duration::from_millis(200));
    assert_eq!(std::fs::read_to_string(&exit_file).unwrap().trim(), "0");
    // The terminal is back on the normal screen.
    let alt = t
        .cmd()
        .args(["display-message", "-p", "-t", "e2e", "#{alternate_on}"])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&alt.stdout).trim(), "0");
    // The request is in the database: the household typed, the channel.
    let o = common::run(Path::new(&db), &["show", &ticket]);
    assert!(o.status.success(), "{}", common::stderr(&o));
    assert!(
        common::stdout(&o).contains("1-1-101"),
        "{}",
        common::stdout(&o)
    );
    let s = griddesk::store::Store::open(&db).unwrap();
    let r = s.request_by_ticket(&ticket).unwrap();
    assert!(r.household.as_deref().unwrap().ends_with("1-1-101"));
    assert_eq!(r.channel, griddesk::domain::lifecycle::Channel::WalkIn);
    // The printout, in the test's home only.
    let copy = format!("griddesk/print/{ticket}-80.txt");
    let printed = std::fs::read_to_string(home.join(".local/share").join(&copy))
        .unwrap_or_else(|e| panic!("{copy} in the private home: {e}"));
    assert!(printed.contains(&ticket), "{printed}");
    assert_eq!(real_data(), real_before, "the real data directory changed");
}

/// The SSH connection drops mid-form (the terminal goes away: SIGHUP). The
/// form was on disk, in the private home; the next start offers it back,
/// and saving it registers what was typed before the drop.
#[test]
fn a_dropped_session_keeps_the_register_form() {
    if !tmux_or_skip("a_dropped_session_keeps_the_register_form") {
        return;
    }
    let real_before = real_data();
    let dir = tempfile::TempDir::new().unwrap();
    let db = dir.path().join("d.db");
    let home = dir.path().join("home");
    let o = common::bin_at_home(&home)
        .arg("--db")
        .arg(&db)
        .args(["demo", "--scale", "small"])
        .output()
        .unwrap();
    assert!(o.status.success());
    let line = app_line(&home, &db);
    let t = Tmux::new(format!("griddesk-e2e-hup-{}", std::process::id()), &home);
    let start = || {
        assert!(
            t.cmd()
                .args([
                    "new-session",
                    "-d",
                    "-s",
                    "e2e",
                    "-x",
                    "80",
                    "-y",
                    "24",
                    &line
                ])
                .status()
                .unwrap()
                .success()
        );
    };
    start();
    t.wait_for(&["F1 today"], 20);
    t.keys(&["F2"]);
    t.literal("2-1-101");
    t.wait_for(&["> household"], 5);
    t.keys(&["Enter"]); // several households at this address: said
    t.wait_for(&["households here"], 5);
    t.keys(&["Enter", "Enter"]); // the household, the most used category
    let typed = "断线前写的";
    t.literal(typed);
    t.wait_for(&[typed], 5);
    // Drop the terminal: tmux sends SIGHUP to the app.
    t.cmd()
        .args(["kill-session", "-t", "e2e"])
        .status()
        .unwrap();
    std::thread::sleep(Duration::from_millis(500));
    // The draft is in the private home's data folder, not the real one.
    let login = griddesk::cli::config::os_login();
    let draft = home
        .join(".local/share/griddesk/drafts")
        .join(format!("{login}.json"));
    let saved = std::fs::read_to_string(&draft)
        .unwrap_or_else(|e| panic!("draft {}: {e}", draft.display()));
    assert!(
        saved.contains(typed) && saved.contains("2-1-101"),
        "{saved}"
    );
    start();
    t.wait_for(&["Restore it?"], 20);
    t.keys(&["Enter"]);
    t.wait_for(&[typed], 5);
    t.keys(&["C-s"]);
    let s = t.wait_for(&["RECEIPT", "possible duplicates"], 5);
    if !s.contains("RECEIPT") {
        t.keys(&["C-s"]);
    }
    let s = t.wait_for(&["RECEIPT"], 5);
    let ticket = s
        .lines()
        .find_map(|l| l.split("ticket: ").nth(1))
        .map(|x| x.trim_end_matches(['│', ' ']).trim().to_string())
        .expect("ticket on the receipt");
    t.keys(&["Enter", "F10"]);
    let waited = Instant::now();
    while t
        .cmd()
        .args(["has-session", "-t", "e2e"])
        .output()
        .unwrap()
        .status
        .success()
    {
        assert!(
            waited.elapsed() < Duration::from_secs(10),
            "did not quit:\n{}",
            t.capture()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    // What was typed before the drop is what was registered.
    let s = griddesk::store::Store::open(&db).unwrap();
    let r = s.request_by_ticket(&ticket).unwrap();
    assert!(
        r.household.as_deref().unwrap().ends_with("2-1-101"),
        "{r:?}"
    );
    assert!(r.description.contains(typed), "{:?}", r.description);
    // Saved, the form is empty: no draft left to offer.
    assert!(!draft.exists(), "the draft outlived the save");
    assert_eq!(real_data(), real_before, "the real data directory changed");
}

/// What the terminal shows after a run of edits equals what it shows when
/// the same text is typed at once: the backend's shortcuts (re-printing
/// short unchanged gaps, runs of wide characters) leave no stale cells.
#[test]
fn edited_and_fresh_screens_are_the_same() {
    if !tmux_or_skip("edited_and_fresh_screens_are_the_same") {
        return;
    }
    let dir = tempfile::TempDir::new().unwrap();
    let db = dir.path().join("d.db");
    let home = dir.path().join("home");
    assert!(
        common::bin_at_home(&home)
            .arg("--db")
            .arg(&db)
            .args(["demo", "--scale", "small", "--seed", "5"])
            .output()
            .unwrap()
            .status
            .success()
    );
    let line = app_line(&home, &db);
    let screen = |keys: &[&str], tag: &str| -> String {
        let t = Tmux::new(format!("griddesk-e2e-{tag}-{}", std::process::id()), &home);
        assert!(
            t.cmd()
                .args([
                    "new-session",
                    "-d",
                    "-s",
                    "e2e",
                    "-x",
                    "80",
                    "-y",
                    "24",
                    &line
                ])
                .status()
                .unwrap()
                .success()
        );
        t.wait_for(&["F1 today"], 20);
        t.keys(&["F3"]);
        for k in keys {
            if k.len() == 1 || !k.is_ascii() || k.contains('-') {
                t.literal(k);
            } else {
                t.keys(&[k]);
            }
        }
        std::thread::sleep(Duration::from_millis(400));
        let s = t
            .capture()
            .lines()
            .map(|l| l.trim_end().to_string())
            .collect::<Vec<_>>()
            .join("\n");
        t.keys(&["F10"]);
        s
    };
    let edited = screen(
        &[
            "z", "h", "a", "n", "g", "BSpace", "BSpace", "n", "g", "w", "BSpace", "l", "BSpace",
            "w",
        ],
        "a",
    );
    let fresh = screen(&["zhangw"], "b");
    assert!(edited.contains("zhangw"), "{edited}");
    assert_eq!(edited, fresh);
    let edited = screen(&["1-1-10", "BSpace", "BSpace", "102"], "c");
    let fresh = screen(&["1-1-102"], "d");
    assert_eq!(edited, fresh);
}

/// Every spawned process gets a private home: `common::bin` sets each
/// variable that places a user's files, and the commands that write to the
/// data directory (a printout, the default database) write under the
/// test's home and nowhere in the real one.
#[test]
fn spawned_programs_write_under_a_private_home_only() {
    let real_before = real_data();
    let real_home = std::env::var_os("HOME").map(std::path::PathBuf::from);
    let c = common::bin();
    let envs: Vec<(String, Option<String>)> = c
        .get_envs()
        .map(|(k, v)| {
            (
                k.to_string_lossy().into_owned(),
                v.map(|v| v.to_string_lossy().into_owned()),
            )
        })
        .collect();
    let shared = common::private_home();
    for var in [
        "HOME",
        "XDG_DATA_HOME",
        "XDG_CONFIG_HOME",
        "XDG_STATE_HOME",
        "XDG_CACHE_HOME",
    ] {
        let v = envs
            .iter()
            .find(|(k, _)| k == var)
            .and_then(|(_, v)| v.clone())
            .unwrap_or_else(|| panic!("{var} is not set for spawned programs"));
        assert!(Path::new(&v).starts_with(&shared), "{var}={v}");
        if let Some(h) = &real_home {
            assert_ne!(Path::new(&v), h.as_path(), "{var} is the real home");
        }
    }

    let dir = tempfile::TempDir::new().unwrap();
    let home = dir.path().join("home");
    let db = common::small_db(dir.path());
    {
        let mut s = griddesk::store::Store::open(&db).unwrap();
        let op = griddesk::store::staff::by_login(s.conn(), &griddesk::cli::config::os_login())
            .unwrap()
            .unwrap();
        s.start_shift(op.id).unwrap();
    }
    let o = common::bin_at_home(&home)
        .arg("--db")
        .arg(&db)
        .args(["handover", "--print"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", common::stderr(&o));
    // With no --db, the demo goes to the data directory: the private one.
    let o = common::bin_at_home(&home)
        .args(["demo", "--scale", "small"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", common::stderr(&o));
    let written = files_under(&home);
    assert!(
        written.contains(&".local/share/griddesk/print/handover.txt".to_string()),
        "{written:?}"
    );
    assert!(
        written
            .iter()
            .any(|f| f.starts_with(".local/share/griddesk/") && f.ends_with(".db")),
        "{written:?}"
    );
    assert_eq!(real_data(), real_before, "the real data directory changed");
}

/// The skip helper: outside CI a test that cannot run says SKIPPED; under
/// CI it fails.
#[test]
fn a_test_that_cannot_run_fails_under_ci() {
    let mut out = Vec::new();
    common::skip_or_fail(false, "t", "no tool", &mut out);
    assert_eq!(String::from_utf8(out).unwrap(), "SKIPPED: t: no tool\n");
    let r =
        std::panic::catch_unwind(|| common::skip_or_fail(true, "t", "no tool", &mut Vec::new()));
    let e = r.expect_err("under CI a skip fails");
    let msg = e.downcast_ref::<String>().cloned().unwrap_or_default();
    assert!(msg.contains("t cannot run: no tool"), "{msg}");
}
