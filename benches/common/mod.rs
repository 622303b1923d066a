//! What the benchmarks share: the demo database they run on, made on
//! first use; the binary cargo built for this checkout; running a command
//! with its exit status checked; tmux panes timed from inside.
//!
//! Every timed command must succeed: a command that fails fast looks fast.
//! A missing tool fails the benchmark instead of timing "command not found".

// Each benchmark uses part of this module.
#![allow(dead_code)]

use griddesk::store::demo::{self, Options, Scale};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

pub fn db_path() -> PathBuf {
    if let Some(p) = std::env::var_os("GRIDDESK_BENCH_DB") {
        return PathBuf::from(p);
    }
    let scale = std::env::var("GRIDDESK_BENCH_SCALE").unwrap_or_else(|_| "large".into());
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("target")
        .join("bench")
        .join(format!("{scale}.db"))
}

pub fn ensure(path: &Path) {
    if path.exists() {
        return;
    }
    let scale = std::env::var("GRIDDESK_BENCH_SCALE").unwrap_or_else(|_| "large".into());
    let scale = Scale::parse(&scale).expect("GRIDDESK_BENCH_SCALE is small, district or large");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    eprintln!("making {} …", path.display());
    let t = Instant::now();
    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
    let s = demo::generate(
        path,
        &Options {
            scale,
            seed: 1,
            as_of,
            operator_login: None,
        },
    )
    .unwrap();
    eprintln!(
        "made in {:.1} s: {} households, {} residents, {} requests",
        t.elapsed().as_secs_f64(),
        s.households,
        s.residents,
        s.requests
    );
}

/// The griddesk binary cargo built for this checkout and this benchmark
/// (never a possibly stale `target/release/griddesk`).
pub fn bin() -> PathBuf {
    let p = PathBuf::from(env!("CARGO_BIN_EXE_griddesk"));
    assert!(
        p.exists(),
        "the griddesk binary is missing: {}",
        p.display()
    );
    p
}

/// Work files of the benchmarks: `target/bench/`.
pub fn work_dir() -> PathBuf {
    let d = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench");
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Fails the benchmark unless `tool` runs (`tool arg` exits 0).
pub fn require(tool: &str, arg: &str) {
    match Command::new(tool).arg(arg).output() {
        Ok(o) if o.status.success() => {}
        Ok(o) => panic!(
            "this benchmark needs {tool}: `{tool} {arg}` exited with {}: {}",
            o.status,
            String::from_utf8_lossy(&o.stderr)
        ),
        Err(e) => panic!("this benchmark needs {tool}, which cannot be run here: {e}"),
    }
}

/// Fails the benchmark, with what the command printed, unless it exited 0.
pub fn check(what: &str, o: &Output) {
    assert!(
        o.status.success(),
        "{what} failed ({}):\nstdout: {}\nstderr: {}",
        o.status,
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
}

/// Runs a command to its end; fails the benchmark unless it exited 0.
pub fn run_ok(what: &str, cmd: &mut Command) -> Output {
    let o = cmd
        .output()
        .unwrap_or_else(|e| panic!("{what}: cannot run: {e}"));
    check(what, &o);
    o
}

/// The value at fraction `p` (0.5 = median) of the sorted samples.
pub fn pct(v: &mut [Duration], p: f64) -> Duration {
    assert!(!v.is_empty(), "no samples");
    v.sort();
    v[((v.len() as f64 - 1.0) * p).round() as usize]
}

pub fn ms(d: Duration) -> String {
    format!("{:.2}", d.as_secs_f64() * 1000.0)
}

/// A private tmux server (its own socket), killed when dropped.
pub struct Tmux {
    socket: String,
    conf: PathBuf,
}

impl Tmux {
    /// `conf`: lines of tmux configuration for this server.
    pub fn new(name: &str, conf: &str) -> Tmux {
        // A new socket each time: a killed server may still be exiting.
        static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let socket = format!("griddesk-bench-{name}-{}-{n}", std::process::id());
        let path = work_dir().join(format!("{socket}.conf"));
        std::fs::write(&path, conf).unwrap();
        let t = Tmux { socket, conf: path };
        // A session that outlives the timed ones, so that the server does
        // not exit between them.
        t.cmd(&["new-session", "-d", "-s", "hold", "sleep 3600"]);
        t
    }

    pub fn cmd(&self, args: &[&str]) -> String {
        let o = run_ok(
            &format!("tmux {}", args.join(" ")),
            Command::new("tmux")
                .args(["-L", &self.socket, "-f"])
                .arg(&self.conf)
                .args(args),
        );
        String::from_utf8_lossy(&o.stdout).into_owned()
    }

    /// Runs `line` in a fresh 80×24 pane: its stdout and stdin are the
    /// pane's terminal, its stderr goes to a file. Returns the wall time
    /// measured inside the pane; fails the benchmark, with the stderr,
    /// unless the line exited 0. The pane stays open for `linger` after
    /// the line ended, so that it can be captured. Session names must be
    /// unique: a finished session may still be closing.
    pub fn timed(&self, session: &str, line: &str, linger: Duration) -> Duration {
        let dir = work_dir();
        let out = dir.join(format!("{}-{session}.out", self.socket));
        let err = dir.join(format!("{}-{session}.err", self.socket));
        let _ = std::fs::remove_file(&out);
        let script = format!(
            "s=$(date +%s%N); {line} 2>{err}; r=$?; e=$(date +%s%N); echo \"$((e-s)) $r\" > {out}.part && mv {out}.part {out}; sleep {linger}",
            err = err.display(),
            out = out.display(),
            linger = linger.as_secs_f64()
        );
        self.cmd(&[
            "new-session",
            "-d",
            "-s",
            session,
            "-x",
            "80",
            "-y",
            "24",
            &script,
        ]);
        let start = Instant::now();
        let text = loop {
            if let Ok(s) = std::fs::read_to_string(&out) {
                break s;
            }
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "`{line}` did not finish in 30 s in the pane"
            );
            std::thread::sleep(Duration::from_millis(2));
        };
        let mut it = text.split_whitespace();
        let ns: u64 = it.next().and_then(|n| n.parse().ok()).expect("a time");
        let rc: i32 = it
            .next()
            .and_then(|n| n.parse().ok())
            .expect("an exit code");
        assert_eq!(
            rc,
            0,
            "`{line}` exited with {rc} in the pane; stderr:\n{}",
            std::fs::read_to_string(&err).unwrap_or_default()
        );
        Duration::from_nanos(ns)
    }

    pub fn capture(&self, session: &str) -> String {
        self.cmd(&["capture-pane", "-p", "-t", session])
    }

    /// Waits up to 20 s for `text` in the pane; fails with the screen.
    pub fn wait_for(&self, session: &str, text: &str) -> String {
        let start = Instant::now();
        loop {
            let s = self.capture(session);
            if s.contains(text) {
                return s;
            }
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "waited for {text:?}; the pane shows:\n{s}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    pub fn kill_session(&self, session: &str) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-session", "-t", session])
            .output();
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .output();
        let _ = std::fs::remove_file(&self.conf);
    }
}
