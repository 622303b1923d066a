//! What the benchmarks share: the demo database they run on, made on
//! first use.

use griddesk::store::demo::{self, Options, Scale};
use std::path::{Path, PathBuf};
use std::time::Instant;

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
