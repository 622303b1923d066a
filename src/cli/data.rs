//! `griddesk import households|holidays` and `griddesk export
//! requests|report|open311`.

use super::{CliResult, Ctx, Failure, config};
use crate::domain::calendar::parse_date;
use crate::domain::lifecycle::{Permission, authorize};
use crate::i18n;
use crate::store::export::{self, Format};
use crate::store::{event, grid, staff};
use chrono::{Datelike, NaiveDate};
use std::io::{IsTerminal, Write};
use std::path::Path;

pub fn date(ctx: &Ctx, flag: &str, v: Option<&str>) -> Result<Option<NaiveDate>, Failure> {
    match v {
        None => Ok(None),
        Some(s) => parse_date(s).map(Some).ok_or_else(|| {
            Failure::usage(format!(
                "--{flag} {s}: {}",
                ctx.lang
                    .pick("日期格式应为 YYYY-MM-DD", "a date is YYYY-MM-DD")
            ))
        }),
    }
}

pub fn import_households(ctx: &Ctx, file: &Path, opts: crate::store::import::Options) -> CliResult {
    let dry_run = opts.dry_run;
    let l = ctx.lang;
    if !file.exists() {
        return Err(Failure::usage(format!(
            "{}: {}",
            file.display(),
            l.pick("文件不存在", "no such file")
        )));
    }
    let mut store = ctx.open()?;
    let actor = staff::by_login(store.conn(), &config::os_login())
        .map_err(|e| ctx.fail(e))?
        .map(|s| s.id);
    let tty = std::io::stderr().is_terminal();
    let mut progress = |stage: crate::store::import::Stage, n: usize| {
        if tty {
            eprint!("\r\x1b[K{} …", i18n::import_progress(stage, n, l));
        }
    };
    let started = std::time::Instant::now();
    let res = store
        .import_households_with(file, actor, opts, &mut progress)
        .map_err(|e| ctx.fail(e))?;
    if tty {
        eprint!("\r\x1b[K");
    }
    match res {
        Err(errs) => {
            for e in &errs {
                eprintln!("{}", i18n::import_error(e, l));
            }
            Err(Failure::usage(match l {
                i18n::Lang::Zh => {
                    format!("{}：{} 处错误，未导入任何内容", file.display(), errs.len())
                }
                i18n::Lang::En => format!(
                    "{}: {} problems; nothing imported",
                    file.display(),
                    errs.len()
                ),
            }))
        }
        Ok(s) => {
            let what = if dry_run {
                l.pick("试导入（未写入）", "dry run (nothing written)")
            } else {
                l.pick("已导入", "imported")
            };
            println!(
                "{what}: {} {} ({:.1} s, {})",
                s.rows,
                l.pick("行", "rows"),
                started.elapsed().as_secs_f64(),
                s.encoding
            );
            println!(
                "{} +{} ~{} ={}   {} +{} ~{} ={}",
                l.pick("住户 新增/更新/不变", "households added/updated/unchanged"),
                s.households_added,
                s.households_updated,
                s.households_unchanged,
                l.pick("居民 新增/更新/不变", "residents added/updated/unchanged"),
                s.residents_added,
                s.residents_updated,
                s.residents_unchanged
            );
            if opts.allow_move
                || opts.allow_rename
                || s.residents_moved + s.residents_renamed + s.new_heads + s.headless > 0
            {
                println!(
                    "{}",
                    i18n::tr(
                        &i18n::Msg::ImportMoved {
                            moved: s.residents_moved,
                            renamed: s.residents_renamed,
                            new_heads: s.new_heads,
                            headless: s.headless,
                        },
                        l
                    )
                );
            }
            if s.areas_created + s.buildings_created > 0 {
                println!(
                    "{} {}  {} {}",
                    l.pick("新建片区", "areas created"),
                    s.areas_created,
                    l.pick("新建楼栋", "buildings created"),
                    s.buildings_created
                );
            }
            if !s.ignored_columns.is_empty() {
                println!(
                    "{} {}",
                    l.pick("未用的列：", "columns not used:"),
                    s.ignored_columns.join(", ")
                );
            }
            store.close();
            Ok(())
        }
    }
}

pub fn import_holidays(ctx: &Ctx, file: &Path) -> CliResult {
    let l = ctx.lang;
    let mut store = ctx.open()?;
    match store.import_holidays(file).map_err(|e| ctx.fail(e))? {
        Ok(n) => {
            println!(
                "{} {n}",
                l.pick("已导入日历天数：", "calendar days imported:")
            );
            Ok(())
        }
        Err(errs) => {
            for (line, v) in &errs {
                eprintln!(
                    "{}",
                    match l {
                        i18n::Lang::Zh =>
                            format!("第{line}行：“{v}”不是日期或“holiday/workday（假/班）”"),
                        i18n::Lang::En =>
                            format!("line {line}: \"{v}\" is not a date or holiday/workday"),
                    }
                );
            }
            Err(Failure::usage(l.pick(
                "日历文件有误，未导入任何内容",
                "the calendar file has problems; nothing imported",
            )))
        }
    }
}

fn format(ctx: &Ctx, s: &str, allowed: &[&str]) -> Result<Format, Failure> {
    if !allowed.contains(&s) {
        return Err(Failure::usage(format!(
            "--format {s}: {}",
            allowed.join("|")
        )));
    }
    let _ = ctx;
    Ok(match s {
        "json" => Format::Json,
        "md" => Format::Md,
        _ => Format::Csv,
    })
}

/// Only supervisors export IDs and phones in full, and it is logged.
fn allow_unmasked(ctx: &Ctx, store: &crate::store::Store, what: &str) -> CliResult {
    let login = config::os_login();
    let who = staff::by_login(store.conn(), &login)
        .map_err(|e| ctx.fail(e))?
        .filter(|s| s.active)
        .ok_or_else(|| Failure::usage(i18n::tr(&i18n::Msg::NoStaff(login.clone()), ctx.lang)))?;
    authorize(who.role, Permission::ExportUnmasked)
        .map_err(|e| ctx.fail(crate::store::Error::Role(e)))?;
    let now = store.now();
    event::append(
        store.conn(),
        now,
        &event::NewEvent {
            staff_id: Some(who.id),
            entity: "database",
            entity_id: 0,
            kind: "export_unmasked",
            note: Some(what),
            ..Default::default()
        },
    )
    .map_err(|e| ctx.fail(e))?;
    Ok(())
}

pub fn export_households(ctx: &Ctx, unmasked: bool) -> CliResult {
    let store = ctx.open()?;
    if unmasked {
        allow_unmasked(ctx, &store, "households")?;
    }
    let out = std::io::stdout();
    let mut w = std::io::BufWriter::new(out.lock());
    store
        .export_households(&mut w, unmasked)
        .map_err(|e| ctx.fail(e))?;
    w.flush().map_err(|e| Failure::runtime(e.to_string()))?;
    Ok(())
}

pub fn export_requests(
    ctx: &Ctx,
    from: Option<&str>,
    to: Option<&str>,
    fmt: &str,
    unmasked: bool,
) -> CliResult {
    let (from, to) = (date(ctx, "from", from)?, date(ctx, "to", to)?);
    let fmt = format(ctx, fmt, &["csv", "json"])?;
    let mut store = ctx.open()?;
    if unmasked {
        allow_unmasked(ctx, &store, &format!("requests from {from:?} to {to:?}"))?;
    }
    let out = std::io::stdout();
    let mut w = std::io::BufWriter::new(out.lock());
    store
        .export_requests(&mut w, from, to, fmt, unmasked)
        .map_err(|e| ctx.fail(e))?;
    w.flush().map_err(|e| Failure::runtime(e.to_string()))?;
    Ok(())
}

pub fn export_open311(ctx: &Ctx, from: Option<&str>, to: Option<&str>) -> CliResult {
    let (from, to) = (date(ctx, "from", from)?, date(ctx, "to", to)?);
    let mut store = ctx.open_read()?;
    let out = std::io::stdout();
    let mut w = std::io::BufWriter::new(out.lock());
    store
        .export_open311(&mut w, from, to)
        .map_err(|e| ctx.fail(e))?;
    w.flush().map_err(|e| Failure::runtime(e.to_string()))?;
    Ok(())
}

pub fn export_report(
    ctx: &Ctx,
    from: Option<&str>,
    to: Option<&str>,
    node: Option<&str>,
    fmt: &str,
) -> CliResult {
    let fmt = format(ctx, fmt, &["md", "csv"])?;
    let store = ctx.open_read()?;
    let today = store.now().date_naive();
    let from = date(ctx, "from", from)?
        .unwrap_or_else(|| NaiveDate::from_ymd_opt(today.year(), 1, 1).unwrap_or(today));
    let to = date(ctx, "to", to)?.unwrap_or(today);
    let node_id = match node {
        None => None,
        Some(n) => {
            let found = grid::places_named(store.conn(), n).map_err(|e| ctx.fail(e))?;
            let exact = found.iter().find(|x| x.name == n).or(found.first());
            match exact {
                Some(x) => Some(x.id),
                None => {
                    return Err(ctx.fail(crate::store::Error::NotFound {
                        what: crate::store::Field::Address,
                        query: n.to_string(),
                        closest: None,
                    }));
                }
            }
        }
    };
    let (whole, kids) = store
        .report_with_children(from, to, node_id)
        .map_err(|e| ctx.fail(e))?;
    let out = std::io::stdout();
    let mut w = out.lock();
    export::write_report(&mut w, &whole, &kids, fmt)
        .map_err(|e| Failure::runtime(e.to_string()))?;
    Ok(())
}
