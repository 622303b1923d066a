//! Setting up and keeping a real hall: `griddesk init` and
//! `griddesk staff list|add|edit|disable|enable`. Supervisors only, checked
//! in the store; every change an event.

use super::{CliResult, Ctx, Failure, config};
use crate::domain::ident::mask_phone;
use crate::domain::lifecycle::Role;
use crate::i18n::Lang;
use crate::store::staff::{self, NewStaff, Staff, StaffEdit};
use crate::store::{self, Error, Field, Store};

/// `griddesk init --district NAME [--code 411602] [--name NAME]`: a new
/// hall's database; the OS user running it becomes its first supervisor.
pub fn init(ctx: &Ctx, district: &str, code: Option<&str>, name: Option<&str>) -> CliResult {
    let path = &ctx.db;
    // An existing griddesk file is refused untouched, a foreign one too
    // (opened read-only, the check says which); an empty file is made one.
    if std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.len() > 0) {
        let s = ctx.open_read()?;
        drop(s);
        return Err(ctx.fail(Error::Exists(path.clone())));
    }
    if path.is_dir() {
        return Err(ctx.fail(Error::IsDirectory(path.clone())));
    }
    let login = config::os_login();
    let display = name.unwrap_or(&login).to_string();
    let mut s = Store::open_with(
        path,
        store::OpenOptions {
            mode: store::Mode::Create,
            shared: ctx.config.shared,
        },
    )
    .map_err(|e| ctx.fail(e))?;
    let made = s.init_district(district, code, &login, &display);
    let made = match made {
        Ok(m) => m,
        Err(e) => {
            // Nothing of the hall was written: take the empty file away
            // again, so the next try starts as this one did.
            drop(s);
            for suffix in ["", "-wal", "-shm"] {
                let mut p = path.as_os_str().to_owned();
                p.push(suffix);
                let _ = std::fs::remove_file(std::path::PathBuf::from(p));
            }
            return Err(ctx.fail(e));
        }
    };
    s.close();
    let l = ctx.lang;
    println!("{}", path.display());
    eprintln!(
        "{}",
        match l {
            Lang::Zh => format!(
                "已建立 {district} 的数据库；{login}（{display}）为第一位站长/主任（工作人员编号 {}）。\n下一步：griddesk import grid 网格.csv → griddesk import staff 人员.csv → griddesk import households 住户.csv → griddesk",
                made.supervisor_id
            ),
            Lang::En => format!(
                "made the database of {district}; {login} ({display}) is its first supervisor (staff {}).\nNext: griddesk import grid grid.csv → griddesk import staff staff.csv → griddesk import households households.csv → griddesk",
                made.supervisor_id
            ),
        }
    );
    Ok(())
}

/// The hall a typed name means: a community (its 党群服务站), a subdistrict
/// (its 党群服务中心) or the district.
fn hall(store: &Store, typed: &str) -> Result<i64, Error> {
    let n = store.read(|c| crate::store::grid::resolve(c, typed))?;
    store.read(|c| staff::check_hall(c, Some(n.id)))?;
    Ok(n.id)
}

fn parse_role(s: &str, l: Lang) -> Result<Role, Failure> {
    Role::parse(s).ok_or_else(|| {
        Failure::usage(match l {
            Lang::Zh => format!(
                "--role {s}：应为 counter（窗口）、agent（代办员）、grid_leader（片区长/楼栋长）或 supervisor（站长/主任）"
            ),
            Lang::En => format!(
                "--role {s}: one of counter, agent, grid_leader, supervisor"
            ),
        })
    })
}

/// `griddesk staff list [--all] [--json]`
pub fn list(ctx: &Ctx, all: bool, json: bool) -> CliResult {
    let store = ctx.open_read()?;
    let rows = store
        .read(|c| staff::listing(c, all))
        .map_err(|e| ctx.fail(e))?;
    let l = ctx.lang;
    if json {
        let v: Vec<_> = rows
            .iter()
            .map(|(s, hall, phone)| {
                serde_json::json!({"login": s.login, "name": s.name, "role": s.role.code(),
                    "hall": hall, "phone": phone.as_deref().map(mask_phone), "active": s.active})
            })
            .collect();
        println!(
            "{}",
            serde_json::to_string_pretty(&v).map_err(|e| Failure::runtime(e.to_string()))?
        );
        return Ok(());
    }
    for (s, hall, phone) in &rows {
        println!(
            "{}\t{}\t{}\t{}\t{}{}",
            s.login,
            s.name,
            l.pick(s.role.zh(), s.role.en()),
            hall.as_deref().unwrap_or("-"),
            phone.as_deref().map(mask_phone).unwrap_or_default(),
            if s.active {
                ""
            } else {
                l.pick("\t（已停用）", "\t(disabled)")
            }
        );
    }
    eprintln!(
        "{}",
        match l {
            Lang::Zh => format!("共 {} 人", rows.len()),
            Lang::En => crate::i18n::count(rows.len() as u64, "member", "members"),
        }
    );
    Ok(())
}

/// What `staff add` and `staff edit` take.
pub struct StaffArgs<'a> {
    pub login: &'a str,
    pub name: Option<&'a str>,
    pub role: Option<&'a str>,
    pub hall: Option<&'a str>,
    pub phone: Option<&'a str>,
}

fn show(s: &Staff, l: Lang) {
    println!(
        "{}\t{}\t{}\t{}",
        s.login,
        s.name,
        l.pick(s.role.zh(), s.role.en()),
        if s.active {
            l.pick("在职", "active")
        } else {
            l.pick("已停用", "disabled")
        }
    );
}

/// `griddesk staff add LOGIN --name NAME --role ROLE [--hall NODE] [--phone P]`
pub fn add(ctx: &Ctx, a: &StaffArgs<'_>) -> CliResult {
    let l = ctx.lang;
    let role = parse_role(a.role.unwrap_or("counter"), l)?;
    let Some(name) = a.name else {
        return Err(ctx.fail(Error::Empty(Field::Name)));
    };
    let mut store = ctx.open()?;
    let op = ctx.operator(&store)?;
    let hall_id = match a.hall {
        Some(h) => Some(hall(&store, h).map_err(|e| ctx.fail(e))?),
        None => None,
    };
    let id = store
        .add_staff_with(
            op.id,
            &NewStaff {
                login: a.login,
                name,
                role,
                node_id: hall_id,
            },
            a.phone,
        )
        .map_err(|e| ctx.fail(e))?;
    let s = store
        .read(|c| staff::by_id(c, id))
        .map_err(|e| ctx.fail(e))?;
    show(&s, l);
    store.close();
    Ok(())
}

/// `griddesk staff edit LOGIN [--name] [--role] [--hall] [--phone]`, and
/// `disable`/`enable` (`active`).
pub fn edit(ctx: &Ctx, a: &StaffArgs<'_>, active: Option<bool>) -> CliResult {
    let l = ctx.lang;
    let role = match a.role {
        Some(r) => Some(parse_role(r, l)?),
        None => None,
    };
    if active.is_none()
        && a.name.is_none()
        && role.is_none()
        && a.hall.is_none()
        && a.phone.is_none()
    {
        return Err(Failure::usage(l.pick(
            "没有要改的内容：请给出 --name、--role、--hall 或 --phone",
            "nothing to change: give --name, --role, --hall or --phone",
        )));
    }
    let mut store = ctx.open()?;
    let op = ctx.operator(&store)?;
    let target = store
        .read(|c| staff::by_login(c, a.login))
        .map_err(|e| ctx.fail(e))?
        .ok_or_else(|| {
            ctx.fail(Error::NotFound {
                what: Field::Staff,
                query: a.login.to_string(),
                closest: None,
            })
        })?;
    let hall_id = match a.hall {
        // `--hall ""` takes the hall away.
        Some(h) if h.trim().is_empty() => Some(None),
        Some(h) => Some(Some(hall(&store, h).map_err(|e| ctx.fail(e))?)),
        None => None,
    };
    let edit = StaffEdit {
        name: a.name.map(str::to_string),
        role,
        hall: hall_id,
        phone: a.phone.map(|p| Some(p.to_string())),
        active,
    };
    let s = store
        .edit_staff(op.id, target.id, &edit)
        .map_err(|e| ctx.fail(e))?;
    show(&s, l);
    store.close();
    Ok(())
}

/// `griddesk categories export [FILE]`: every category as TOML.
pub fn categories_export(ctx: &Ctx, file: Option<&std::path::Path>) -> CliResult {
    if let Some(f) = file {
        ctx.output_file(f)?;
    }
    let store = ctx.open_read()?;
    let text = store
        .read(crate::store::categories::export_toml)
        .map_err(|e| ctx.fail(e))?;
    match file {
        Some(f) => std::fs::write(f, text)
            .map_err(|e| Failure::runtime(format!("{}: {e}", f.display())))?,
        None => print!("{text}"),
    }
    Ok(())
}

pub(crate) fn problem_text(p: &crate::store::categories::EntryProblem, l: Lang) -> String {
    use crate::domain::text::FreeTextError as T;
    use crate::store::categories::Problem as P;
    let why = match (&p.problem, l) {
        (P::Toml { line, message }, Lang::Zh) => format!("第 {line} 行：{message}"),
        (P::Toml { line, message }, Lang::En) => format!("line {line}: {message}"),
        (P::BadCode, Lang::Zh) => "代码只能用小写字母、数字、_，以 . 分级".into(),
        (P::BadCode, Lang::En) => "a code is lowercase a-z, 0-9 and _, parts joined by .".into(),
        (P::Twice, Lang::Zh) => "文件中出现两次".into(),
        (P::Twice, Lang::En) => "appears twice in the file".into(),
        (P::OwnParent, Lang::Zh) => "不能以自己为上级".into(),
        (P::OwnParent, Lang::En) => "cannot be its own parent".into(),
        (P::NoParent(x), Lang::Zh) => format!("没有上级类别 {x}"),
        (P::NoParent(x), Lang::En) => format!("no parent category {x}"),
        (P::Text(T::Empty), Lang::Zh) => "不能为空".into(),
        (P::Text(T::Empty), Lang::En) => "is empty".into(),
        (P::Text(T::TooLong { limit, len }), Lang::Zh) => format!("最多 {limit} 个字，现有 {len}"),
        (P::Text(T::TooLong { limit, len }), Lang::En) => {
            format!("at most {limit} characters, this has {len}")
        }
        (P::Text(T::Control { at, code }), Lang::Zh) => {
            format!("第 {at} 个字符是控制字符（U+{code:04X}）")
        }
        (P::Text(T::Control { at, code }), Lang::En) => {
            format!("a control character (U+{code:04X}) at character {at}")
        }
        (P::LimitTooHigh(n), Lang::Zh) => format!(
            "时限 {n} 个工作日超过上限 {}",
            crate::store::categories::MAX_LIMIT_DAYS
        ),
        (P::LimitTooHigh(n), Lang::En) => format!(
            "a limit of {n} working days is over {}",
            crate::store::categories::MAX_LIMIT_DAYS
        ),
    };
    if p.entry == 0 {
        return why;
    }
    match l {
        Lang::Zh => format!("第 {} 个类别（{}）{}：{why}", p.entry, p.code, p.field),
        Lang::En => format!("category {} ({}) {}: {why}", p.entry, p.code, p.field),
    }
}

/// `griddesk categories import FILE`: supervisors only, logged; every
/// entry checked first, nothing written on any problem.
pub fn categories_import(ctx: &Ctx, file: &std::path::Path) -> CliResult {
    ctx.input_file(file)?;
    let text = std::fs::read_to_string(file)
        .map_err(|e| Failure::usage(format!("{}: {e}", file.display())))?;
    let mut store = ctx.open()?;
    let op = ctx.operator(&store)?;
    let l = ctx.lang;
    match store
        .import_categories(op.id, &text)
        .map_err(|e| ctx.fail(e))?
    {
        Ok(sum) => {
            println!(
                "{}",
                match l {
                    Lang::Zh => format!(
                        "新增 {}，修改 {}，未变 {}",
                        sum.added, sum.updated, sum.unchanged
                    ),
                    Lang::En => format!(
                        "{} added, {} updated, {} unchanged",
                        sum.added, sum.updated, sum.unchanged
                    ),
                }
            );
            store.close();
            Ok(())
        }
        Err(problems) => {
            for p in &problems {
                eprintln!("griddesk: {}: {}", file.display(), problem_text(p, l));
            }
            Err(Failure::usage(match l {
                Lang::Zh => format!(
                    "{} 有 {} 处问题，未做任何改动",
                    file.display(),
                    problems.len()
                ),
                Lang::En => format!(
                    "{}: {}; nothing was changed",
                    file.display(),
                    crate::i18n::count(problems.len() as u64, "problem", "problems")
                ),
            }))
        }
    }
}

/// `griddesk shift start`: opens the operator's shift at their hall (or
/// says which is open already), as the screens do when they open.
pub fn shift_start(ctx: &Ctx) -> CliResult {
    let mut store = ctx.open()?;
    let op = ctx.operator(&store)?;
    let s = store.start_shift(op.id).map_err(|e| ctx.fail(e))?;
    let hall = match s.hall {
        Some(h) => store
            .read(|c| crate::store::grid::get(c, h))
            .map_err(|e| ctx.fail(e))?
            .map(|n| n.name),
        None => None,
    };
    println!(
        "{}\t{}\t{}",
        s.staff,
        super::short_time(s.started_at),
        hall.as_deref().unwrap_or("-")
    );
    store.close();
    Ok(())
}

/// `griddesk today [--json]`: the Today screen as text, for the
/// operator's hall — their own open items, then overdue, due today and
/// registered today in their hall's part of the grid.
pub fn today(ctx: &Ctx, json: bool) -> CliResult {
    use crate::store::request::Request;
    let store = ctx.open_read()?;
    let op = ctx.operator(&store)?;
    let now = store.now();
    let t = store
        .read(|c| crate::store::views::today(c, op.id, now, 50))
        .map_err(|e| ctx.fail(e))?;
    let l = ctx.lang;
    let brief = |r: &Request| {
        serde_json::json!({"ticket": r.ticket, "status": r.status.code(), "category": r.category,
            "household": r.household, "assignee": r.assignee,
            "due_at": crate::store::fmt_time(r.due_at)})
    };
    let lists: [(&str, &str, &str, &Vec<Request>); 4] = [
        ("mine", "我的待办", "mine", &t.mine),
        ("overdue", "已超时", "overdue", &t.overdue),
        ("due_today", "今日到期", "due today", &t.due_today),
        (
            "registered_today",
            "今日受理",
            "registered today",
            &t.registered_today,
        ),
    ];
    if json {
        let mut v = serde_json::Map::new();
        for (key, _, _, list) in lists {
            v.insert(
                key.to_string(),
                serde_json::Value::Array(list.iter().map(brief).collect()),
            );
        }
        println!(
            "{}",
            serde_json::to_string_pretty(&v).map_err(|e| Failure::runtime(e.to_string()))?
        );
        return Ok(());
    }
    for (_, zh, en, list) in lists {
        println!("{} ({})", l.pick(zh, en), list.len());
        for r in list {
            println!(
                "  {}\t{}\t{}\t{}\t{}",
                r.ticket,
                l.pick(r.status.zh(), r.status.en()),
                r.category,
                r.household.as_deref().unwrap_or("-"),
                super::short_time(r.due_at)
            );
        }
    }
    Ok(())
}

/// `griddesk grid add --under NODE (--area NAME | --building 3号楼)`: one
/// area or building, the same store call as the Admin screen's.
pub fn grid_add(ctx: &Ctx, under: &str, area: Option<&str>, building: Option<&str>) -> CliResult {
    use crate::store::grid::NodeLevel;
    let l = ctx.lang;
    let (level, name, num) = match (area, building) {
        (Some(a), None) => (NodeLevel::Area, a.to_string(), None),
        (None, Some(b)) => match crate::store::grid_import::parse_building_cell(b, false) {
            Some(c) => (NodeLevel::Building, c.name, Some(c.num)),
            None => {
                return Err(Failure::usage(match l {
                    Lang::Zh => format!("--building {b}：请写楼号，如 3 或 3号楼"),
                    Lang::En => {
                        format!("--building {b}: a building number, such as 3 or 3号楼")
                    }
                }));
            }
        },
        _ => {
            return Err(Failure::usage(l.pick(
                "请给出 --area 片区名 或 --building 楼号，二者取一",
                "give either --area NAME or --building NUMBER",
            )));
        }
    };
    let mut store = ctx.open()?;
    let op = ctx.operator(&store)?;
    let parent = store
        .read(|c| crate::store::grid::resolve(c, under))
        .map_err(|e| ctx.fail(e))?;
    let id = store
        .add_grid_node(op.id, parent.id, level, &name, num.as_deref())
        .map_err(|e| ctx.fail(e))?;
    println!("{}\t{name}\t{id}", parent.name);
    store.close();
    Ok(())
}

/// `griddesk grid rename NODE --to NEW --reason R`: the same store call as
/// the Admin screen's; the reason is logged.
pub fn grid_rename(ctx: &Ctx, node: &str, to: &str, reason: &str) -> CliResult {
    let mut store = ctx.open()?;
    let op = ctx.operator(&store)?;
    let n = match store.read(|c| crate::store::grid::resolve(c, node)) {
        Ok(n) => n,
        Err(Error::NotFound { .. }) => store
            .read(|c| crate::store::chart::resolve_building(c, node))
            .map_err(|e| ctx.fail(e))?,
        Err(e) => return Err(ctx.fail(e)),
    };
    store
        .rename_grid_node(op.id, n.id, to, reason)
        .map_err(|e| ctx.fail(e))?;
    println!("{}\t{}", n.name, to.trim());
    store.close();
    Ok(())
}
