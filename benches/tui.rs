//! Screen benchmark on a `large` demo database: start to first complete
//! frame beside `sqlite3` opening the file and running one indexed query;
//! keystroke-to-frame latency in the search box; bytes written to the
//! terminal per search keystroke at 80×24; resident memory; binary size.
//!
//! `cargo build --release && cargo bench --bench tui` (needs tmux and
//! sqlite3; the database is made on first run, as for the search
//! benchmark; `GRIDDESK_BENCH_DB` names another).

mod common;

use chrono::TimeZone;
use common::{db_path, ensure};
use griddesk::domain::calendar::tz;
use griddesk::i18n::Lang;
use griddesk::store::Store;
use griddesk::tui::app::{App, Input};
use griddesk::tui::effects::Runner;
use griddesk::tui::keymap::Keymap;
use griddesk::tui::{drain, view};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};
use std::io::Write;
use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

fn pct(v: &mut [Duration], p: f64) -> Duration {
    v.sort();
    v[((v.len() as f64 - 1.0) * p).round() as usize]
}

fn ms(d: Duration) -> String {
    format!("{:.2}", d.as_secs_f64() * 1000.0)
}

/// Counts bytes written, as the terminal would receive them.
#[derive(Default, Clone)]
struct Count(std::rc::Rc<std::cell::Cell<usize>>);

impl Write for Count {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0.set(self.0.get() + b.len());
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn tmux(socket: &str, args: &[&str]) -> String {
    let o = Command::new("tmux")
        .args(["-L", socket, "-f", "/dev/null"])
        .args(args)
        .output()
        .expect("tmux");
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Runs a shell line in an 80×24 tmux pane and returns its wall time in
/// nanoseconds, measured inside the pane.
fn timed_in_pane(socket: &str, line: &str, out: &std::path::Path) -> Option<u64> {
    let _ = std::fs::remove_file(out);
    let script = format!(
        "s=$(date +%s%N); {line} >/dev/null 2>&1; e=$(date +%s%N); echo $((e-s)) > {}",
        out.display()
    );
    tmux(
        socket,
        &["new-session", "-d", "-x", "80", "-y", "24", &script],
    );
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(20) {
        if let Ok(s) = std::fs::read_to_string(out)
            && let Ok(n) = s.trim().parse()
        {
            return Some(n);
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    None
}

fn main() {
    let path = db_path();
    ensure(&path);
    let bin = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/release/griddesk");
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench");
    std::fs::create_dir_all(&root).unwrap();

    // 1. Start to first complete frame, whole process, in a real terminal.
    let socket = format!("griddesk-bench-{}", std::process::id());
    let out = root.join("t.out");
    let user = griddesk::cli::config::os_login();
    {
        // The operator must be known, or the first frame is the staff picker.
        let s = Store::open(&path).unwrap();
        if griddesk::store::staff::by_login(s.conn(), &user)
            .unwrap()
            .is_none()
        {
            griddesk::store::staff::add(
                s.conn(),
                s.now(),
                None,
                &griddesk::store::staff::NewStaff {
                    login: &user,
                    name: "基准测试",
                    role: griddesk::domain::lifecycle::Role::Supervisor,
                    node_id: None,
                },
            )
            .unwrap();
        }
    }
    let sql = "SELECT r.name, h.unit, h.room FROM resident r JOIN household h ON h.id = r.household_id WHERE substr(r.mobile, -4) = '0000' AND r.mobile >= '13800000000' AND r.mobile <= '13800000000' LIMIT 20;";
    let (mut app_t, mut sql_t) = (Vec::new(), Vec::new());
    if bin.exists() && Command::new("tmux").arg("-V").output().is_ok() {
        for _ in 0..15 {
            let g = format!(
                "LANG=C.UTF-8 GRIDDESK_EXIT_AFTER_FIRST_FRAME=1 {} --db {}",
                bin.display(),
                path.display()
            );
            if let Some(n) = timed_in_pane(&socket, &g, &out) {
                app_t.push(Duration::from_nanos(n));
            }
            let s = format!("sqlite3 {} \"{sql}\"", path.display());
            if let Some(n) = timed_in_pane(&socket, &s, &out) {
                sql_t.push(Duration::from_nanos(n));
            }
        }
        tmux(&socket, &["kill-server"]);
        let (a, s) = (pct(&mut app_t, 0.5), pct(&mut sql_t, 0.5));
        println!(
            "start to first frame (whole process, tmux 80x24, median of {}): griddesk {} ms, sqlite3 open+query {} ms, ratio {:.2}",
            app_t.len(),
            ms(a),
            ms(s),
            a.as_secs_f64() / s.as_secs_f64()
        );
    } else {
        println!("(start-up comparison skipped: needs target/release/griddesk and tmux)");
    }

    // 2. Keystroke to frame in the search box, and bytes per keystroke.
    let mut store = Store::open(&path).unwrap();
    store.set_now(Some(tz().with_ymd_and_hms(2026, 11, 27, 10, 0, 0).unwrap()));
    let op = griddesk::store::staff::by_login(store.conn(), &user)
        .unwrap()
        .unwrap();
    let mut app = App::new(Lang::Zh, Keymap::default_map(), Some(op.clone()));
    let opts = TerminalOptions {
        viewport: Viewport::Fixed(Rect::new(0, 0, 80, 24)),
    };
    let counter = Count::default();
    let mut term =
        Terminal::with_options(griddesk::tui::backend::Thin::new(counter.clone()), opts).unwrap();
    let run = |app: &mut App, store: &mut Store, e| {
        let mut r = Runner {
            store,
            lang: Lang::Zh,
            operator: Some(op.id),
        };
        drain(app, &mut r, e);
    };
    // A cleared screen, as the app starts with (Terminal::clear needs a tty).
    ratatui::backend::Backend::clear_region(term.backend_mut(), ratatui::backend::ClearType::All)
        .unwrap();
    let first = app.start();
    run(&mut app, &mut store, first);
    let e = app.handle(Input::Key(KeyEvent::new(KeyCode::F(3), KeyModifiers::NONE)));
    run(&mut app, &mut store, e);
    term.draw(|f| view::draw(f, &app)).unwrap();
    let queries = [
        "zhangwei",
        "1-1-101",
        "13812345678",
        "wangfang",
        "3-2-501",
        "liming",
        "5678",
        "chenjing",
    ];
    let (mut lat, mut bytes) = (Vec::new(), Vec::new());
    for round in 0..5 {
        for q in queries {
            for c in q.chars() {
                let before = counter.0.get();
                let t = Instant::now();
                let e = app.handle(Input::Key(KeyEvent::new(
                    KeyCode::Char(c),
                    KeyModifiers::NONE,
                )));
                run(&mut app, &mut store, e);
                term.draw(|f| view::draw(f, &app)).unwrap();
                term.backend_mut().flush().unwrap();
                if round > 0 {
                    lat.push(t.elapsed());
                    bytes.push(counter.0.get() - before);
                }
            }
            for _ in 0..q.chars().count() {
                let e = app.handle(Input::Key(KeyEvent::new(
                    KeyCode::Backspace,
                    KeyModifiers::NONE,
                )));
                run(&mut app, &mut store, e);
                term.draw(|f| view::draw(f, &app)).unwrap();
            }
        }
    }
    let n = lat.len();
    let p50 = pct(&mut lat, 0.5);
    let p99 = pct(&mut lat, 0.99);
    bytes.sort();
    println!(
        "keystroke to frame in the search box ({n} keys): median {} ms, p99 {} ms",
        ms(p50),
        ms(p99)
    );
    println!(
        "bytes written per search keystroke at 80x24: median {}, p99 {}",
        bytes[bytes.len() / 2],
        bytes[(bytes.len() as f64 * 0.99) as usize]
    );
    drop(store);

    // 3. Resident memory of the real binary after a search, and its size.
    if bin.exists() && Command::new("tmux").arg("-V").output().is_ok() {
        let line = format!(
            "LANG=C.UTF-8 exec {} --db {}",
            bin.display(),
            path.display()
        );
        tmux(
            &socket,
            &[
                "new-session",
                "-d",
                "-s",
                "m",
                "-x",
                "80",
                "-y",
                "24",
                &line,
            ],
        );
        std::thread::sleep(Duration::from_millis(800));
        tmux(&socket, &["send-keys", "-t", "m", "F3"]);
        tmux(&socket, &["send-keys", "-t", "m", "-l", "zhang"]);
        std::thread::sleep(Duration::from_millis(500));
        tmux(&socket, &["send-keys", "-t", "m", "F4"]);
        std::thread::sleep(Duration::from_millis(500));
        let pid = tmux(&socket, &["list-panes", "-t", "m", "-F", "#{pane_pid}"]);
        let status =
            std::fs::read_to_string(format!("/proc/{}/status", pid.trim())).unwrap_or_default();
        let get = |k: &str| {
            status
                .lines()
                .find(|l| l.starts_with(k))
                .map(|l| l.split_whitespace().nth(1).unwrap_or("?").to_string())
                .unwrap_or_default()
        };
        println!(
            "resident memory after search and the queue: VmRSS {} kB, peak VmHWM {} kB",
            get("VmRSS:"),
            get("VmHWM:")
        );
        tmux(&socket, &["kill-server"]);
        println!(
            "release binary: {} bytes",
            std::fs::metadata(&bin).map(|m| m.len()).unwrap_or(0)
        );
    }
}
