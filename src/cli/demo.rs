//! `griddesk demo --db PATH [--scale …] [--seed N]` and the demo database
//! behind `griddesk --demo`.

use super::{CliResult, Ctx, Failure, config};
use crate::i18n::{Msg, tr};
use crate::store::demo::{self, Options, Scale, Summary};
use chrono::NaiveDate;
use std::path::Path;
use std::time::Instant;

pub fn summary_msg(s: &Summary) -> Msg {
    Msg::DemoSummary {
        communities: s.communities,
        areas: s.areas,
        buildings: s.buildings,
        households: s.households,
        residents: s.residents,
        staff: s.staff,
        requests: s.requests,
        visits: s.visits,
    }
}

pub fn make(
    ctx: &Ctx,
    path: &Path,
    scale: Scale,
    seed: u64,
    as_of: Option<NaiveDate>,
) -> CliResult {
    eprintln!(
        "{}",
        tr(&Msg::DemoBuilding(path.display().to_string()), ctx.lang)
    );
    let started = Instant::now();
    let as_of = as_of.unwrap_or_else(|| {
        chrono::Utc::now()
            .with_timezone(&crate::domain::calendar::tz())
            .date_naive()
    });
    let opts = Options {
        scale,
        seed,
        as_of,
        operator_login: Some(config::os_login()),
    };
    let s = demo::generate(path, &opts).map_err(|e| ctx.fail(e))?;
    let secs = started.elapsed().as_secs_f64();
    println!(
        "{}",
        tr(
            &Msg::DemoMade {
                path: path.display().to_string(),
                secs
            },
            ctx.lang
        )
    );
    println!("{}", tr(&summary_msg(&s), ctx.lang));
    Ok(())
}

/// The demo database in the data directory, made on first use.
pub fn ensure(ctx: &Ctx) -> Result<std::path::PathBuf, Failure> {
    let path = config::demo_path();
    if !path.exists() {
        make(ctx, &path, Scale::District, 1, None)?;
    }
    Ok(path)
}
