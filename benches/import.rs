//! Import benchmark: the demo's own household register (for `large`,
//! 300,000 households and ~1,000,000 residents), exported unmasked and
//! imported into a database holding only the demo's communities, by the
//! release binary as a whole process: wall time and peak resident memory.
//! Then the same file again, where every row is unchanged.
//!
//! `cargo bench --bench import` (the binary cargo built for this checkout;
//! its exit code is checked) — the demo
//! database is made on first run, as for the search benchmark
//! (`GRIDDESK_BENCH_DB` names another; `GRIDDESK_BENCH_SCALE=district` for
//! a quick run). Work files go to `target/bench/import/`.

mod common;

use common::{bin, db_path, ensure};
use griddesk::store::Store;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// Runs a command to its end: wall time, peak resident memory in MB, stdout.
/// The child is reaped by `wait4`, which also reports its own peak memory.
#[allow(clippy::zombie_processes)]
fn measure(cmd: &mut Command) -> (Duration, f64, String) {
    let out_path = std::env::temp_dir().join(format!("griddesk-bench-{}.out", std::process::id()));
    let out = std::fs::File::create(&out_path).unwrap();
    let t = Instant::now();
    let child = cmd.stdout(out).spawn().expect("spawn");
    let mut status = 0;
    // SAFETY: rusage is plain data; wait4 fills it for our own child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = unsafe { libc::wait4(child.id() as libc::pid_t, &mut status, 0, &mut usage) };
    let wall = t.elapsed();
    assert_eq!(pid, child.id() as libc::pid_t, "wait4");
    let text = std::fs::read_to_string(&out_path).unwrap_or_default();
    assert!(
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "the import failed (wait status {status}):\n{text}"
    );
    let _ = std::fs::remove_file(&out_path);
    // ru_maxrss is in kilobytes on Linux.
    (wall, usage.ru_maxrss as f64 / 1024.0, text)
}

fn remove_db(p: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let mut f = p.as_os_str().to_owned();
        f.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(f));
    }
}

fn main() {
    let demo = db_path();
    ensure(&demo);
    let bin = bin();
    let work = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench/import");
    std::fs::create_dir_all(&work).unwrap();

    // The register as a hall would hand it over.
    let csv = work.join("households.csv");
    let rows = {
        let mut store = Store::open(&demo).unwrap();
        // The demo's maker is its supervisor, who may export in full.
        let me = griddesk::store::staff::by_login(store.conn(), &griddesk::cli::config::os_login())
            .unwrap()
            .expect("the demo maps its maker to a supervisor")
            .id;
        let mut f = std::io::BufWriter::new(std::fs::File::create(&csv).unwrap());
        let n = store
            .export_households(
                &mut f,
                griddesk::store::export::Disclosure::Unmasked { actor: me },
            )
            .unwrap();
        store.close();
        n
    };

    // A database that knows the district's communities and nothing else.
    let db = work.join("register.db");
    remove_db(&db);
    Store::open(&db).unwrap().close();
    let c = rusqlite::Connection::open(&db).unwrap();
    c.execute("ATTACH ?1 AS d", [demo.to_str().expect("a UTF-8 path")])
        .unwrap();
    c.execute_batch(
        "INSERT INTO main.grid_node SELECT * FROM d.grid_node
          WHERE level IN ('district', 'subdistrict', 'community');",
    )
    .unwrap();
    // The supervisor who imports (the demo's maker), as `init` makes one.
    c.execute(
        "INSERT INTO main.staff SELECT * FROM d.staff WHERE login = ?1",
        [griddesk::cli::config::os_login()],
    )
    .unwrap();
    c.execute_batch("DETACH d;").unwrap();
    drop(c);

    println!(
        "import of {} ({} residents) into an empty register, release binary, whole process",
        demo.display(),
        rows
    );
    let run = || {
        let mut cmd = Command::new(&bin);
        cmd.arg("--db")
            .arg(&db)
            .args(["--lang", "en", "import", "households"])
            .arg(&csv);
        measure(&mut cmd)
    };
    let (wall, rss, out) = run();
    println!(
        "first import:  {:>7.1} s   peak RSS {:>6.1} MB   (targets for 1,000,000 residents: 60 s, 200 MB)",
        wall.as_secs_f64(),
        rss
    );
    print!("{out}");
    let (wall, rss, out) = run();
    println!(
        "same file again: {:>5.1} s   peak RSS {:>6.1} MB",
        wall.as_secs_f64(),
        rss
    );
    print!("{out}");
    let size = std::fs::metadata(&db).map(|m| m.len()).unwrap_or(0);
    println!("database file: {:.0} MB", size as f64 / 1e6);
}
