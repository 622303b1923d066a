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
        "xlsx" => Format::Xlsx,
        _ => Format::Csv,
    })
}

/// A CSV export's encoding on the command line.
#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum EncodingArg {
    /// UTF-8 with a byte-order mark: Excel opens it (the default)
    #[default]
    #[value(name = "utf-8-bom")]
    Utf8Bom,
    /// GBK, for old WPS: a character GBK lacks is an error naming its line and column
    #[value(name = "gbk")]
    Gbk,
    /// Plain UTF-8, for scripts
    #[value(name = "utf-8")]
    Utf8,
}

/// Where and how an export is written: `--out`, `--encoding`, `--codes`.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct OutArgs {
    /// Write to this new file instead of standard output (never overwritten), e.g. --out 诉求.xlsx
    #[arg(long, value_name = "FILE")]
    pub out: Option<std::path::PathBuf>,
    /// How a CSV is encoded, e.g. --encoding gbk
    #[arg(long, value_enum, default_value_t = EncodingArg::Utf8Bom)]
    pub encoding: EncodingArg,
    /// Headers and values as the stable English codes (closed, dispute, 02) rather than words in the interface language, e.g. --codes
    #[arg(long)]
    pub codes: bool,
}

impl OutArgs {
    pub(crate) fn style(&self, ctx: &Ctx, format: Format) -> export::Style {
        export::Style {
            format,
            encoding: match self.encoding {
                EncodingArg::Utf8Bom => export::Encoding::Utf8Bom,
                EncodingArg::Gbk => export::Encoding::Gbk,
                EncodingArg::Utf8 => export::Encoding::Utf8,
            },
            words: (!self.codes).then_some(ctx.lang),
        }
    }
}

/// Runs `write` on the export's destination: a new file written whole or
/// not at all (`--out`), else standard output — which takes a workbook
/// only when it is not a terminal.
pub(crate) fn output(
    ctx: &Ctx,
    args: &OutArgs,
    format: Format,
    write: impl FnOnce(&mut dyn Write) -> Result<(), crate::store::Error>,
) -> CliResult {
    let Some(path) = &args.out else {
        if format == Format::Xlsx && std::io::stdout().is_terminal() {
            return Err(Failure::usage(ctx.lang.pick(
                "--format xlsx 写出的是 Excel 工作簿：请用 --out 文件名.xlsx 指定文件",
                "--format xlsx writes a workbook: name the file with --out FILE.xlsx",
            )));
        }
        let out = std::io::stdout();
        let mut w = std::io::BufWriter::new(out.lock());
        write(&mut w).map_err(|e| ctx.fail(e))?;
        return w.flush().map_err(|e| Failure::runtime(e.to_string()));
    };
    if path.exists() {
        return Err(ctx.fail(crate::store::Error::Exists(path.clone())));
    }
    let mut part = path.as_os_str().to_owned();
    part.push(".part");
    let part = std::path::PathBuf::from(part);
    let file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&part)
        .map_err(|e| Failure::runtime(format!("{}: {e}", part.display())))?;
    let mut w = std::io::BufWriter::new(file);
    let done = write(&mut w)
        .map_err(|e| ctx.fail(e))
        .and_then(|()| w.flush().map_err(|e| Failure::runtime(e.to_string())))
        .and_then(|()| {
            std::fs::rename(&part, path)
                .map_err(|e| Failure::runtime(format!("{}: {e}", path.display())))
        });
    if done.is_err() {
        let _ = std::fs::remove_file(&part);
    }
    done
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

pub fn export_households(ctx: &Ctx, unmasked: bool, fmt: &str, args: &OutArgs) -> CliResult {
    let fmt = format(ctx, fmt, &["csv", "xlsx"])?;
    let mut store = ctx.open()?;
    let d = disclosure(ctx, &store, unmasked)?;
    let style = args.style(ctx, fmt);
    output(ctx, args, fmt, |w| {
        store.export_households_styled(w, style, d).map(|_| ())
    })
}

pub fn export_requests(
    ctx: &Ctx,
    from: Option<&str>,
    to: Option<&str>,
    fmt: &str,
    unmasked: bool,
    args: &OutArgs,
) -> CliResult {
    let (from, to) = range(ctx, from, to)?;
    let fmt = format(ctx, fmt, &["csv", "json", "xlsx"])?;
    let mut store = ctx.open()?;
    let d = disclosure(ctx, &store, unmasked)?;
    let style = args.style(ctx, fmt);
    output(ctx, args, fmt, |w| {
        store
            .export_requests_styled(w, from, to, style, d)
            .map(|_| ())
    })
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
    args: &OutArgs,
) -> CliResult {
    let fmt = format(ctx, fmt, &["md", "csv", "json", "xlsx"])?;
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
        Some(n) => Some(
            store
                .read(|c| grid::resolve(c, n))
                .map_err(|e| ctx.fail(e))?
                .id,
        ),
    };
    let style = args.style(ctx, fmt);
    if fmt == Format::Xlsx {
        let levels = store
            .report_by_level(from, to, node_id)
            .map_err(|e| ctx.fail(e))?;
        return output(ctx, args, fmt, |w| {
            export::write_report_book(w, &levels, style)
        });
    }
    let (whole, kids) = store
        .report_with_children(from, to, node_id)
        .map_err(|e| ctx.fail(e))?;
    output(ctx, args, fmt, |w| match fmt {
        Format::Md | Format::Json => export::write_report(w, &whole, &kids, fmt)
            .map_err(|e| crate::store::Error::Io(e.to_string())),
        _ => export::write_report_styled(w, &whole, &kids, style),
    })
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
pub fn export_grid(ctx: &Ctx, fmt: &str, args: &OutArgs) -> CliResult {
    let fmt = format(ctx, fmt, &["csv", "xlsx"])?;
    let store = ctx.open_read()?;
    let style = args.style(ctx, fmt);
    output(ctx, args, fmt, |w| store.export_grid(w, style).map(|_| ()))
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
