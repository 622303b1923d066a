//! `griddesk import households|holidays` and `griddesk export
//! requests|report|open311`.

use super::{CliResult, Ctx, Failure};
use crate::domain::calendar::parse_date;
use crate::i18n;
use crate::store::export::{self, Disclosure, Format};
use crate::store::grid;
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

/// `--from` and `--to` as dates, the first not after the second.
pub fn range(
    ctx: &Ctx,
    from: Option<&str>,
    to: Option<&str>,
) -> Result<(Option<NaiveDate>, Option<NaiveDate>), Failure> {
    let (f, t) = (date(ctx, "from", from)?, date(ctx, "to", to)?);
    if let (Some(a), Some(b)) = (f, t)
        && a > b
    {
        return Err(Failure::usage(i18n::tr(
            &i18n::Msg::DatesReversed {
                from: a.to_string(),
                to: b.to_string(),
            },
            ctx.lang,
        )));
    }
    Ok((f, t))
}

/// A file every import can read: a workbook must have the sheet asked for
/// (exit 2 with the sheets it has), a CSV must not be asked for one.
fn table(ctx: &Ctx, file: &Path, sheet: Option<&str>) -> Result<(), Failure> {
    ctx.input_file(file)?;
    let sheets = crate::store::table::sheets(file).map_err(|e| table_failure(ctx, file, e))?;
    match sheet {
        Some(s) if sheets.is_empty() => Err(table_failure(
            ctx,
            file,
            crate::store::table::TableError::SheetOfCsv(s.to_string()),
        )),
        Some(s) if !sheets.iter().any(|n| n == s || n.trim() == s.trim()) => Err(table_failure(
            ctx,
            file,
            crate::store::table::TableError::NoSheet {
                asked: s.to_string(),
                sheets,
            },
        )),
        _ => Ok(()),
    }
}

fn table_failure(ctx: &Ctx, file: &Path, e: crate::store::table::TableError) -> Failure {
    let msg = format!("{}: {}", file.display(), i18n::table_error(&e, ctx.lang));
    match e {
        crate::store::table::TableError::Io(_) => Failure::runtime(msg),
        _ => Failure::usage(msg),
    }
}

pub fn import_households(
    ctx: &Ctx,
    file: &Path,
    sheet: Option<&str>,
    opts: crate::store::import::Options,
) -> CliResult {
    let dry_run = opts.dry_run;
    let l = ctx.lang;
    table(ctx, file, sheet)?;
    let mut store = ctx.open()?;
    let actor = ctx.operator(&store)?.id;
    let tty = std::io::stderr().is_terminal();
    let mut progress = |stage: crate::store::import::Stage, n: usize| {
        if tty {
            eprint!("\r\x1b[K{} …", i18n::import_progress(stage, n, l));
        }
    };
    let started = std::time::Instant::now();
    let res = store
        .import_households_with(
            crate::store::table::Source::new(file, sheet),
            actor,
            opts,
            &mut progress,
        )
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
                    "{}: {}; nothing imported",
                    file.display(),
                    i18n::count(errs.len() as u64, "problem", "problems")
                ),
            }))
        }
        Ok(s) => {
            let took = format!("{:.1} s, {}", started.elapsed().as_secs_f64(), s.encoding);
            println!("{}", import_head(l, dry_run, s.rows, &took));
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

pub fn import_holidays(ctx: &Ctx, file: &Path, sheet: Option<&str>) -> CliResult {
    let l = ctx.lang;
    table(ctx, file, sheet)?;
    let mut store = ctx.open()?;
    let op = ctx.operator(&store)?;
    match store
        .import_holidays(crate::store::table::Source::new(file, sheet), op.id)
        .map_err(|e| ctx.fail(e))?
    {
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

/// Masked, or in full for the operator (the store checks the role and
/// logs it).
fn disclosure(
    ctx: &Ctx,
    store: &crate::store::Store,
    unmasked: bool,
) -> Result<Disclosure, Failure> {
    if !unmasked {
        return Ok(Disclosure::Masked);
    }
    Ok(Disclosure::Unmasked {
        actor: ctx.operator(store)?.id,
    })
}

pub fn export_households(ctx: &Ctx, unmasked: bool) -> CliResult {
    let mut store = ctx.open()?;
    let d = disclosure(ctx, &store, unmasked)?;
    let out = std::io::stdout();
    let mut w = std::io::BufWriter::new(out.lock());
    store
        .export_households(&mut w, d)
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
    let (from, to) = range(ctx, from, to)?;
    let fmt = format(ctx, fmt, &["csv", "json"])?;
    let mut store = ctx.open()?;
    let d = disclosure(ctx, &store, unmasked)?;
    let out = std::io::stdout();
    let mut w = std::io::BufWriter::new(out.lock());
    store
        .export_requests(&mut w, from, to, fmt, d)
        .map_err(|e| ctx.fail(e))?;
    w.flush().map_err(|e| Failure::runtime(e.to_string()))?;
    Ok(())
}

pub fn export_open311(ctx: &Ctx, from: Option<&str>, to: Option<&str>) -> CliResult {
    let (from, to) = range(ctx, from, to)?;
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
    let (from, to) = range(ctx, from, to)?;
    let store = ctx.open_read()?;
    let today = store.now().date_naive();
    let to = to.unwrap_or(today);
    // The default range is the year up to `--to` (or today).
    let from = from.unwrap_or_else(|| NaiveDate::from_ymd_opt(to.year(), 1, 1).unwrap_or(to));
    if from > to {
        return Err(Failure::usage(i18n::tr(
            &i18n::Msg::DatesReversed {
                from: from.to_string(),
                to: to.to_string(),
            },
            ctx.lang,
        )));
    }
    let node_id = match node {
        None => None,
        Some(n) => Some(grid::resolve(store.conn(), n).map_err(|e| ctx.fail(e))?.id),
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

/// The summary line of one level of the grid: `街道 新增 2，修改 0，未变 1`.
fn grid_counts(zh: &str, en: &str, c: crate::store::grid_import::Counts, l: i18n::Lang) -> String {
    match l {
        i18n::Lang::Zh => format!(
            "{zh} 新增 {}，修改 {}，未变 {}",
            c.added, c.updated, c.unchanged
        ),
        i18n::Lang::En => format!(
            "{en}: {} added, {} updated, {} unchanged",
            c.added, c.updated, c.unchanged
        ),
    }
}

/// The last line of an import with problems: how many, nothing imported.
/// The first line of every import's summary: what happened to how many
/// rows, and how the file was read.
fn import_head(l: i18n::Lang, dry_run: bool, rows: usize, how: &str) -> String {
    let what = if dry_run {
        l.pick("试导入（未写入）", "dry run (nothing written)")
    } else {
        l.pick("已导入", "imported")
    };
    let n = match l {
        i18n::Lang::Zh => format!("{rows} 行"),
        i18n::Lang::En => i18n::count(rows as u64, "row", "rows"),
    };
    format!("{what}: {n} ({how})")
}

fn nothing_imported(file: &Path, n: usize, l: i18n::Lang) -> Failure {
    Failure::usage(match l {
        i18n::Lang::Zh => format!("{}：{n} 处错误，未导入任何内容", file.display()),
        i18n::Lang::En => format!(
            "{}: {}; nothing imported",
            file.display(),
            i18n::count(n as u64, "problem", "problems")
        ),
    })
}

/// `griddesk import grid FILE [--dry-run] [--rename OLD=NEW]…`
pub fn import_grid(
    ctx: &Ctx,
    file: &Path,
    sheet: Option<&str>,
    renames: &[String],
    dry_run: bool,
) -> CliResult {
    let l = ctx.lang;
    table(ctx, file, sheet)?;
    let mut store = ctx.open()?;
    let op = ctx.operator(&store)?;
    let res = store
        .import_grid(
            op.id,
            crate::store::table::Source::new(file, sheet),
            renames,
            dry_run,
        )
        .map_err(|e| ctx.fail(e))?;
    match res {
        Err(problems) => {
            for p in &problems {
                eprintln!("{}", i18n::grid_problem(p, l));
            }
            Err(nothing_imported(file, problems.len(), l))
        }
        Ok(s) => {
            println!("{}", import_head(l, dry_run, s.rows, &s.encoding));
            println!("{}", grid_counts("街道", "subdistricts", s.subdistricts, l));
            println!("{}", grid_counts("社区", "communities", s.communities, l));
            println!("{}", grid_counts("片区", "areas", s.areas, l));
            println!(
                "{}",
                grid_counts("楼栋/居民小组", "buildings and groups", s.buildings, l)
            );
            for (line, login) in &s.leaders_not_staff {
                println!("{}", i18n::leader_not_staff(*line, login, l));
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

/// `griddesk export grid [--format csv]`: the import's format, headers in
/// the user's language.
pub fn export_grid(ctx: &Ctx, fmt: &str) -> CliResult {
    format(ctx, fmt, &["csv"])?;
    let store = ctx.open_read()?;
    let out = std::io::stdout();
    let mut w = std::io::BufWriter::new(out.lock());
    store
        .export_grid(&mut w, ctx.lang == i18n::Lang::Zh)
        .map_err(|e| ctx.fail(e))?;
    w.flush().map_err(|e| Failure::runtime(e.to_string()))?;
    Ok(())
}

/// `griddesk import staff FILE [--dry-run]`
pub fn import_staff(ctx: &Ctx, file: &Path, sheet: Option<&str>, dry_run: bool) -> CliResult {
    let l = ctx.lang;
    table(ctx, file, sheet)?;
    let mut store = ctx.open()?;
    let op = ctx.operator(&store)?;
    let res = store
        .import_staff(
            op.id,
            crate::store::table::Source::new(file, sheet),
            dry_run,
        )
        .map_err(|e| ctx.fail(e))?;
    match res {
        Err(problems) => {
            for p in &problems {
                eprintln!("{}", i18n::staff_problem(p, l));
            }
            Err(nothing_imported(file, problems.len(), l))
        }
        Ok(s) => {
            println!("{}", import_head(l, dry_run, s.rows, &s.encoding));
            println!(
                "{}",
                grid_counts(
                    "工作人员",
                    "staff",
                    crate::store::grid_import::Counts {
                        added: s.added,
                        updated: s.updated,
                        unchanged: s.unchanged,
                    },
                    l
                )
            );
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
