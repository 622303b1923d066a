//! Screen benchmark on a `large` demo database, side by side with the
//! `sqlite3` tool in the same run:
//! - start to the first frame of the Today screen (its lists "loading…"),
//!   and to the Today screen with its lists loaded, whole process, in an
//!   80×24 tmux pane whose terminal is the app's stdout, exit code checked,
//!   beside `sqlite3` opening the file and running one indexed query in the
//!   same pane (interleaved, median of 15); each screen captured once;
//! - keystroke-to-frame latency in the search box and bytes written to the
//!   terminal per search keystroke at 80×24 (in process);
//! - resident memory of the real binary after a search and the queue;
//!   binary size.
//!
//! `cargo bench --bench tui` (needs tmux and sqlite3: without either the
//! benchmark fails; the database is made on first run, as for the search
//! benchmark; `GRIDDESK_BENCH_DB` names another).

mod common;

use chrono::TimeZone;
use common::{Tmux, bin, db_path, ensure, ms, pct, require};
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
use std::time::{Duration, Instant};

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

/// The app's line in a pane: exits after the first frame (`mode` "1") or
/// after the frame with the start-up loads (`mode` "loaded").
fn app_line(bin: &std::path::Path, db: &std::path::Path, mode: &str) -> String {
    format!(
        "LANG=C.UTF-8 GRIDDESK_EXIT_AFTER_FIRST_FRAME={mode} {} --db {}",
        bin.display(),
        db.display()
    )
}

/// Runs the app once in a pane of a tmux server that ignores the alternate
/// screen, so that the last frame stays in the pane after the app left;
/// returns the captured pane.
fn capture_once(line: &str) -> String {
    let t = Tmux::new("capture", "set -g alternate-screen off\n");
    t.timed("c", line, Duration::from_secs(30));
    let screen = t.capture("c");
    t.kill_session("c");
    screen
}

fn main() {
    let path = db_path();
    ensure(&path);
    require("tmux", "-V");
    require("sqlite3", "-version");
    let bin = bin();

    // 1. Start to first frame, whole process, in a real terminal.
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
    // The reference: one indexed query for a mobile that is in the file, so
    // that sqlite3 prints a row as the app prints a screen.
    let mobile: String = rusqlite::Connection::open(&path)
        .unwrap()
        .query_row(
            "SELECT mobile FROM resident WHERE mobile IS NOT NULL AND id > 400000 LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let sql = format!(
        "SELECT r.name, h.unit, h.room FROM resident r JOIN household h ON h.id = r.household_id WHERE substr(r.mobile, -4) = '{tail}' AND r.mobile >= '{mobile}' AND r.mobile <= '{mobile}' LIMIT 20;",
        tail = &mobile[mobile.len() - 4..]
    );
    let sql_line = format!("sqlite3 {} \"{sql}\"", path.display());
    let first_line = app_line(&bin, &path, "1");
    let loaded_line = app_line(&bin, &path, "loaded");

    // What is timed, seen once: the Today screen, first "loading…", then
    // with its lists; and the row sqlite3 prints.
    let first = capture_once(&first_line);
    println!("first frame, as captured from the pane:\n{first}");
    assert!(
        first.contains("┌Today") && first.contains("loading…"),
        "the first frame is not the Today screen loading"
    );
    let loaded = capture_once(&loaded_line);
    println!("frame with the start-up loads, as captured from the pane:\n{loaded}");
    assert!(
        loaded.contains("┌Today") && loaded.contains("overdue (") && !loaded.contains("loading…"),
        "the loaded frame is not the Today screen with its lists"
    );
    let rows = capture_once(&sql_line);
    assert!(
        rows.lines().any(|l| l.contains('|')),
        "sqlite3 printed no row:\n{rows}"
    );

    let t = Tmux::new("start", "");
    let (mut first_t, mut loaded_t, mut sql_t) = (Vec::new(), Vec::new(), Vec::new());
    for i in 0..17 {
        // Interleaved; the first two rounds warm the caches.
        let f = t.timed(&format!("f{i}"), &first_line, Duration::ZERO);
        let l = t.timed(&format!("l{i}"), &loaded_line, Duration::ZERO);
        let s = t.timed(&format!("s{i}"), &sql_line, Duration::ZERO);
        if i >= 2 {
            first_t.push(f);
            loaded_t.push(l);
            sql_t.push(s);
        }
    }
    drop(t);
    let n = sql_t.len();
    let (f, l, s) = (
        pct(&mut first_t, 0.5),
        pct(&mut loaded_t, 0.5),
        pct(&mut sql_t, 0.5),
    );
    println!(
        "start, whole process, tmux 80x24, exit codes 0, interleaved, median of {n} (ms): \
         first frame {} (ratio {:.2}), with the lists loaded {} (ratio {:.2}); sqlite3 open + one indexed query {}",
        ms(f),
        f.as_secs_f64() / s.as_secs_f64(),
        ms(l),
        l.as_secs_f64() / s.as_secs_f64(),
        ms(s)
    );
    println!(
        "  ranges (ms): first frame {}–{}, loaded {}–{}, sqlite3 {}–{}",
        ms(first_t[0]),
        ms(first_t[n - 1]),
        ms(loaded_t[0]),
        ms(loaded_t[n - 1]),
        ms(sql_t[0]),
        ms(sql_t[n - 1])
    );

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

    // 3. Resident memory of the real binary after a search and the queue,
    // and its size.
    let t = Tmux::new("memory", "");
    let line = format!(
        "LANG=C.UTF-8 exec {} --db {}",
        bin.display(),
        path.display()
    );
    t.cmd(&[
        "new-session",
        "-d",
        "-s",
        "m",
        "-x",
        "80",
        "-y",
        "24",
        &line,
    ]);
    t.wait_for("m", "overdue (");
    t.cmd(&["send-keys", "-t", "m", "F3"]);
    t.cmd(&["send-keys", "-t", "m", "-l", "zhang"]);
    t.wait_for("m", "zhang");
    std::thread::sleep(Duration::from_millis(300));
    t.cmd(&["send-keys", "-t", "m", "F4"]);
    t.wait_for("m", "┌requests ·");
    let pid = t.cmd(&["list-panes", "-t", "m", "-F", "#{pane_pid}"]);
    let status = std::fs::read_to_string(format!("/proc/{}/status", pid.trim()))
        .expect("the app's /proc status");
    let get = |k: &str| -> u64 {
        status
            .lines()
            .find(|l| l.starts_with(k))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| panic!("no {k} in /proc status"))
    };
    println!(
        "resident memory after search and the queue: VmRSS {} kB, peak VmHWM {} kB",
        get("VmRSS:"),
        get("VmHWM:")
    );
    drop(t);
    println!(
        "griddesk binary ({}): {} bytes",
        bin.display(),
        std::fs::metadata(&bin).unwrap().len()
    );
}
