//! End to end: the real binary in tmux at 80×24 on a temporary `small`
//! database. Register a walk-in by keys, find it with `griddesk show`, quit:
//! exit code 0 and the terminal restored (off the alternate screen).

mod common;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

struct Tmux {
    socket: String,
}

impl Tmux {
    fn cmd(&self) -> Command {
        let mut c = Command::new("tmux");
        c.args(["-L", &self.socket, "-f", "/dev/null"]);
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
        let _ = self.cmd().arg("kill-server").status();
    }
}

fn have_tmux() -> bool {
    Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn register_a_walk_in_by_keys_then_show_it() {
    if !have_tmux() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must install tmux (.ci/run does)"
        );
        eprintln!("tmux not installed: end-to-end test skipped");
        return;
    }
    let dir = tempfile::TempDir::new().unwrap();
    // The TUI runs on the real clock: a demo ending today.
    let db = dir.path().join("e2e.db");
    let o = common::bin()
        .arg("--db")
        .arg(&db)
        .args(["demo", "--scale", "small"])
        .output()
        .unwrap();
    assert!(o.status.success());
    let exit_file = dir.path().join("exit");
    let bin = env!("CARGO_BIN_EXE_griddesk");
    let script = format!(
        "LANG=C.UTF-8 GRIDDESK_CONFIG=/nonexistent GRIDDESK_KEYMAP=/nonexistent TERM=xterm {bin} --db {} ; echo $? > {}; sleep 30",
        db.display(),
        exit_file.display()
    );
    let t = Tmux {
        socket: format!("griddesk-e2e-{}", std::process::id()),
    };
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
    t.wait_for(&["household (address"], 5);
    t.literal("1-1-101");
    t.wait_for(&["> hh"], 5);
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
    t.keys(&["Enter", "F10"]);
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
    let o = common::run(Path::new(&db), &["show", &ticket]);
    assert!(o.status.success(), "{}", common::stderr(&o));
    assert!(common::stdout(&o).contains("1-1-101"));
}

/// The SSH connection drops mid-form (the terminal goes away: SIGHUP). The
/// next start offers the form back.
#[test]
fn a_dropped_session_keeps_the_register_form() {
    if !have_tmux() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must install tmux (.ci/run does)"
        );
        return;
    }
    let dir = tempfile::TempDir::new().unwrap();
    let db = dir.path().join("d.db");
    let home = dir.path().join("home");
    let o = common::bin()
        .arg("--db")
        .arg(&db)
        .args(["demo", "--scale", "small"])
        .output()
        .unwrap();
    assert!(o.status.success());
    let bin = env!("CARGO_BIN_EXE_griddesk");
    // Drafts live in the user's data directory: a private one for the test.
    let line = format!(
        "LANG=C.UTF-8 XDG_DATA_HOME={} GRIDDESK_CONFIG=/nonexistent GRIDDESK_KEYMAP=/nonexistent {bin} --db {}",
        home.display(),
        db.display()
    );
    let t = Tmux {
        socket: format!("griddesk-e2e-hup-{}", std::process::id()),
    };
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
    t.keys(&["F2"]);
    t.literal("2-1-101");
    t.wait_for(&["> hh"], 5);
    t.keys(&["Enter"]);
    std::thread::sleep(Duration::from_millis(300));
    // Drop the terminal: tmux sends SIGHUP to the app.
    t.cmd()
        .args(["kill-session", "-t", "e2e"])
        .status()
        .unwrap();
    std::thread::sleep(Duration::from_millis(500));
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
    t.wait_for(&["Restore it?"], 20);
    t.keys(&["Enter"]);
    let s = t.wait_for(&["2-1-101"], 5);
    assert!(s.contains("✓") || s.contains("2-1-101"), "{s}");
    t.keys(&["F10"]);
}

/// What the terminal shows after a run of edits equals what it shows when
/// the same text is typed at once: the backend's shortcuts (re-printing
/// short unchanged gaps, runs of wide characters) leave no stale cells.
#[test]
fn edited_and_fresh_screens_are_the_same() {
    if !have_tmux() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must install tmux (.ci/run does)"
        );
        return;
    }
    let dir = tempfile::TempDir::new().unwrap();
    let db = dir.path().join("d.db");
    assert!(
        common::bin()
            .arg("--db")
            .arg(&db)
            .args(["demo", "--scale", "small", "--seed", "5"])
            .output()
            .unwrap()
            .status
            .success()
    );
    let bin = env!("CARGO_BIN_EXE_griddesk");
    let line = format!(
        "LANG=C.UTF-8 GRIDDESK_CONFIG=/nonexistent GRIDDESK_KEYMAP=/nonexistent XDG_DATA_HOME={} {bin} --db {}",
        dir.path().display(),
        db.display()
    );
    let screen = |keys: &[&str], tag: &str| -> String {
        let t = Tmux {
            socket: format!("griddesk-e2e-{tag}-{}", std::process::id()),
        };
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
