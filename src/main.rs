//! griddesk: the command line → the TUI or one command.

use clap::{Parser, Subcommand};
use griddesk::cli::act::Action;
use griddesk::cli::{self, Ctx, Failure};
use griddesk::domain::lifecycle::Channel;
use griddesk::store::demo::Scale;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "griddesk",
    version,
    about = "Counter terminal for community service halls / 社区党群服务站窗口终端"
)]
struct Cli {
    /// Database file, which must exist (only `init` and `demo` make one); else GRIDDESK_DB, then db_path in /etc/griddesk/config.toml, then the data directory
    #[arg(long, global = true, value_name = "PATH")]
    db: Option<PathBuf>,
    /// Interface language
    #[arg(long, global = true, value_parser = ["zh", "en"])]
    lang: Option<String>,
    /// Open the demo district, made on first use
    #[arg(long)]
    demo: bool,
    /// Plain-ASCII borders, for terminals that draw box characters double-width
    #[arg(long)]
    ascii: bool,
    #[command(subcommand)]
    cmd: Option<Cmd>,
}

#[derive(Subcommand)]
enum Cmd {
    /// Make a demo database
    Demo {
        #[arg(long, value_parser = ["small", "district", "large"], default_value = "district")]
        scale: String,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// The last day of the demo's year of requests (default: today)
        #[arg(long, value_name = "YYYY-MM-DD")]
        as_of: Option<String>,
    },
    /// Look up households, residents and requests.
    ///
    /// Exit status, as grep's: 0 something found, 1 nothing matches (the
    /// message on stderr; `--json` prints `[]`), 2 an empty query, `--limit 0`
    /// or another usage error.
    Find {
        /// A name, pinyin, initials, address, phone, resident ID or ticket
        query: String,
        #[arg(long)]
        json: bool,
        /// At most this many hits (1 or more)
        #[arg(long, default_value_t = 20)]
        limit: usize,
    },
    /// Register a request and print its ticket number
    Register {
        /// Address (3-2-501, 锦华家园 3号楼2单元501) or household number
        #[arg(long, value_name = "ADDR-OR-ID")]
        household: Option<String>,
        /// The requester's resident ID
        #[arg(long, value_name = "ID")]
        resident: Option<String>,
        #[arg(long)]
        category: String,
        #[arg(long)]
        text: String,
        #[arg(long, default_value = "walk-in", value_parser = ["walk-in", "phone", "visit", "referred"])]
        channel: String,
        /// Register even if the same request (household, category, text) was registered in the last 2 minutes
        #[arg(long)]
        again: bool,
    },
    /// Show a request with its timeline
    Show {
        ticket: String,
        #[arg(long)]
        json: bool,
    },
    /// The request categories: list them, or export and import them (supervisors)
    Categories {
        #[command(subcommand)]
        what: Option<CategoriesWhat>,
    },
    /// Integrity and schema version
    Check {
        #[arg(long)]
        json: bool,
    },
    /// A consistent copy of a live database
    Backup {
        /// A new file, in a directory that exists; never overwritten
        dest: PathBuf,
    },
    /// The keymap in force
    Keys,
    /// Bring in the household register or the working-day calendar
    Import {
        #[command(subcommand)]
        what: ImportWhat,
    },
    /// Requests, the report, or Open311 GeoReport v2
    Export {
        #[command(subcommand)]
        what: ExportWhat,
    },
    /// The current or last shift's handover record
    Handover {
        /// Also send it to the printer (or the print folder)
        #[arg(long)]
        print: bool,
    },
    /// 派遣: give a request to a member of staff (login or name)
    Assign {
        #[command(flatten)]
        req: ReqArgs,
        /// The staff member's login or name, e.g. wangfang
        #[arg(long, value_name = "STAFF")]
        to: String,
    },
    /// 办理中: work on a request starts
    Start {
        #[command(flatten)]
        req: ReqArgs,
        #[arg(long)]
        note: Option<String>,
    },
    /// Record a step of the handling (materials taken to the department, its answer)
    Step {
        #[command(flatten)]
        req: ReqArgs,
        /// e.g. "材料已送区人社局"
        text: String,
    },
    /// An internal note
    Note {
        #[command(flatten)]
        req: ReqArgs,
        text: String,
    },
    /// A reply: what the resident is told
    Reply {
        #[command(flatten)]
        req: ReqArgs,
        text: String,
    },
    /// 挂起: waiting for the resident or a department; the due clock stops
    Wait {
        #[command(flatten)]
        req: ReqArgs,
        #[arg(long)]
        reason: String,
    },
    /// Back to work after waiting
    Resume {
        #[command(flatten)]
        req: ReqArgs,
        #[arg(long)]
        note: Option<String>,
    },
    /// 上报: one level up the ladder, with a reason
    Escalate {
        #[command(flatten)]
        req: ReqArgs,
        #[arg(long)]
        reason: String,
    },
    /// 回退: one level down, with a reason
    Return {
        #[command(flatten)]
        req: ReqArgs,
        #[arg(long)]
        reason: String,
    },
    /// 办结: record the result
    Resolve {
        #[command(flatten)]
        req: ReqArgs,
        #[arg(long)]
        result: String,
    },
    /// 回访: close with a rating, or reopen when the matter is not settled
    FollowUp {
        #[command(flatten)]
        req: ReqArgs,
        /// 5 非常满意, 4 满意, 3 基本满意, 2 不满意, 1 非常不满意 (a code or a name)
        #[arg(long)]
        rating: Option<String>,
        /// Not settled: reopens the request with this reason
        #[arg(long, value_name = "REASON")]
        failed: Option<String>,
    },
    /// Reopen a resolved request (a closed one: supervisors only)
    Reopen {
        #[command(flatten)]
        req: ReqArgs,
        #[arg(long)]
        reason: String,
    },
    /// 撤销: cancel an open request, with a reason
    Cancel {
        #[command(flatten)]
        req: ReqArgs,
        #[arg(long)]
        reason: String,
    },
    /// A new hall's database: the district, and you as its first supervisor
    Init {
        /// The district's name, e.g. 川汇区
        #[arg(long)]
        district: String,
        /// Its 6-digit administrative code, e.g. 411602
        #[arg(long)]
        code: Option<String>,
        /// Your name as staff see it (default: your login)
        #[arg(long)]
        name: Option<String>,
    },
    /// Staff: list, add, edit, disable, enable (supervisors only, logged)
    Staff {
        #[command(subcommand)]
        what: StaffWhat,
    },
    /// The grid one node at a time: add an area or a building, rename with a reason (supervisors)
    Grid {
        #[command(subcommand)]
        what: GridWhat,
    },
    /// The custody ledger of residents' originals
    Custody {
        #[command(subcommand)]
        what: CustodyWhat,
    },
    /// 入户走访: record a household visit
    Visit {
        /// The household's address (3-2-501, 锦华家园 3号楼2单元501) or number
        address: String,
        #[arg(long, default_value = "")]
        note: String,
    },
    /// 班次: end your shift, or accept the last one
    Shift {
        #[command(subcommand)]
        what: ShiftWhat,
    },
    /// 今日: your open items, and what is overdue, due today and registered today in your hall
    Today {
        #[arg(long)]
        json: bool,
    },
    /// 楼盘表: a building's rooms, units across and floors down, with who
    /// lives there, their marks, warnings and days since the last visit.
    ///
    /// Exit status: 0 the chart; 2 an unknown building (the closest is
    /// named) or one that several match (the candidates are listed).
    Chart {
        /// 锦华家园 3号楼, 锦华家园社区 3栋, 锦华家园 第一片区 3号楼, 高庄 第三居民小组
        building: String,
        /// The chart as JSON (no phones, no IDs)
        #[arg(long)]
        json: bool,
        /// Plain-ASCII symbols, for terminals that draw ★ ▲ ‼ double-width
        #[arg(long)]
        ascii: bool,
    },
    /// 四议两公开: community matters, step by step, and their notices (公示)
    Matter {
        #[command(subcommand)]
        what: cli::decisions::MatterWhat,
    },
    /// Consultation (协商议事会) and monthly joint meetings (联席会议)
    Meeting {
        #[command(subcommand)]
        what: cli::decisions::MeetingWhat,
    },
    /// 楼栋长周报: a building leader's week from the records, and its confirmation
    Week(cli::decisions::WeekArgs),
}

/// What every action on a request takes.
#[derive(clap::Args)]
struct ReqArgs {
    /// The ticket number, e.g. 20261127-0001
    ticket: String,
    /// Refuse if the request changed since this version (shown as vN)
    #[arg(long, value_name = "N")]
    seen_version: Option<i64>,
    /// Print the request as JSON
    #[arg(long)]
    json: bool,
}

/// A staff record's fields, as `staff add` and `staff edit` take them.
#[derive(clap::Args)]
struct StaffFields {
    /// The OS login the member works under, e.g. wangfang
    login: String,
    /// The name colleagues and residents see, e.g. 王芳
    #[arg(long)]
    name: Option<String>,
    /// counter (窗口), agent (代办员), grid_leader (片区长/楼栋长) or supervisor (站长/主任)
    #[arg(long)]
    role: Option<String>,
    /// The hall: a community (its service station) or a subdistrict (its centre), e.g. 锦华家园社区
    #[arg(long)]
    hall: Option<String>,
    /// A mobile or landline, e.g. 13812345678
    #[arg(long)]
    phone: Option<String>,
}

#[derive(Subcommand)]
enum StaffWhat {
    /// The staff, by hall
    List {
        /// Include disabled members
        #[arg(long)]
        all: bool,
        #[arg(long)]
        json: bool,
    },
    /// Add a member of staff
    Add {
        #[command(flatten)]
        f: StaffFields,
    },
    /// Change a member's name, role, hall or phone
    Edit {
        #[command(flatten)]
        f: StaffFields,
    },
    /// Disable a member (kept, with their history)
    Disable { login: String },
    /// Enable a disabled member again
    Enable { login: String },
}

#[derive(Subcommand)]
enum CategoriesWhat {
    /// Write every category (active or not) as TOML, to FILE or standard output
    Export { file: Option<PathBuf> },
    /// Add, rename, change limits, materials, departments or take out of use (active = false)
    Import { file: PathBuf },
}

#[derive(Subcommand)]
enum GridWhat {
    /// Add an area under a community, or a building under an area or community
    Add {
        /// Where it goes, e.g. 锦华家园社区 or 锦华家园 第一片区
        #[arg(long, value_name = "NODE")]
        under: String,
        /// The new area's name, e.g. 第三片区
        #[arg(long)]
        area: Option<String>,
        /// The new building's number, e.g. 12 or 12号楼
        #[arg(long)]
        building: Option<String>,
    },
    /// Rename a node, with the reason in the log
    Rename {
        /// The node as typed, e.g. 锦华家园 第一片区
        node: String,
        /// The new name
        #[arg(long)]
        to: String,
        #[arg(long)]
        reason: String,
    },
}

#[derive(Subcommand)]
enum CustodyWhat {
    /// Take an original into custody (held by you)
    In {
        #[command(flatten)]
        req: ReqArgs,
        /// e.g. 户口本
        item: String,
    },
    /// Hand an original back to the resident
    Out {
        #[command(flatten)]
        req: ReqArgs,
        item: String,
    },
}

#[derive(Subcommand)]
enum ShiftWhat {
    /// End your shift with the handover note
    End {
        #[arg(long, default_value = "")]
        note: String,
    },
    /// Accept the last ended shift, on your own login
    Accept,
    /// Start your shift at your hall (the screens start one when they open)
    Start,
}

#[derive(Subcommand)]
enum ImportWhat {
    /// Households and residents from a CSV (UTF-8, UTF-8 with BOM, GBK; comma or tab)
    Households {
        file: PathBuf,
        /// Check and count, write nothing
        #[arg(long)]
        dry_run: bool,
        /// Move a person whose ID is registered at another household to the row's (logged)
        #[arg(long = "move")]
        move_: bool,
        /// Change the name of a person whose ID is registered under another name (logged)
        #[arg(long)]
        rename: bool,
    },
    /// Holidays and make-up working days: date,holiday|workday[,note]
    Holidays { file: PathBuf },
    /// The grid: 街道,社区,片区,楼栋 (or 居民小组),楼栋长,单元数,层数,每层户数 (supervisors; logged)
    Grid {
        file: PathBuf,
        /// Check and count, write nothing
        #[arg(long)]
        dry_run: bool,
        /// Rename a node first: OLD=NEW (OLD as `export report --node` takes it); repeatable
        #[arg(long, value_name = "OLD=NEW")]
        rename: Vec<String>,
    },
    /// Staff: 登录名,姓名,角色,所属服务站,电话 — added or updated (supervisors; logged)
    Staff {
        file: PathBuf,
        /// Check and count, write nothing
        #[arg(long)]
        dry_run: bool,
    },
}

#[derive(Subcommand)]
enum ExportWhat {
    /// Households and residents in the import's format
    Households {
        /// IDs and phones in full (supervisors only; logged)
        #[arg(long)]
        unmasked: bool,
    },
    /// One row per request
    Requests {
        #[arg(long)]
        from: Option<String>,
        #[arg(long)]
        to: Option<String>,
        #[arg(long, default_value = "csv")]
        format: String,
        /// Phones in full (supervisors only; logged)
        #[arg(long)]
        unmasked: bool,
    },
    /// The report's indicators for a grid node and each node below it.
    ///
    /// A rate over nothing (no dispute found) has no value: "—" in md, an
    /// empty cell in csv.
    Report {
        /// First day (default: 1 January of --to's year); not after --to
        #[arg(long, value_name = "YYYY-MM-DD")]
        from: Option<String>,
        /// Last day (default: today)
        #[arg(long, value_name = "YYYY-MM-DD")]
        to: Option<String>,
        /// A community, area or subdistrict: 第一片区 if only one has that
        /// name, else 锦华家园 第一片区, 锦华家园社区/第一片区 or 锦华家园社区第一片区
        #[arg(long, value_name = "NAME")]
        node: Option<String>,
        #[arg(long, default_value = "md")]
        format: String,
    },
    /// Open311 GeoReport v2 service requests (JSON)
    Open311 {
        #[arg(long)]
        from: Option<String>,
        #[arg(long)]
        to: Option<String>,
    },
    /// The grid in the import's format (CSV with a BOM; headers in the interface language)
    Grid {
        #[arg(long, default_value = "csv")]
        format: String,
    },
}

fn run(cli: Cli) -> Result<(), Failure> {
    let ctx = Ctx::new(cli.db.as_deref(), cli.lang.as_deref())?;
    match cli.cmd {
        None => {
            let path = if cli.demo {
                cli::demo::ensure(&ctx)?
            } else {
                ctx.db.clone()
            };
            let ctx = Ctx { db: path, ..ctx };
            cli::tui::run(&ctx, cli.ascii)
        }
        Some(Cmd::Demo { scale, seed, as_of }) => {
            let scale =
                Scale::parse(&scale).ok_or_else(|| Failure::usage(format!("--scale {scale}")))?;
            let as_of = match as_of {
                Some(s) => Some(
                    griddesk::domain::calendar::parse_date(&s)
                        .ok_or_else(|| Failure::usage(format!("--as-of {s}: YYYY-MM-DD")))?,
                ),
                None => None,
            };
            cli::demo::make(&ctx, &ctx.db, scale, seed, as_of)
        }
        Some(Cmd::Find { query, json, limit }) => cli::find::run(&ctx, &query, json, limit),
        Some(Cmd::Register {
            household,
            resident,
            category,
            text,
            channel,
            again,
        }) => {
            let channel = Channel::parse(&channel)
                .ok_or_else(|| Failure::usage(format!("--channel {channel}")))?;
            cli::register::run(
                &ctx,
                &cli::register::Args {
                    household: household.as_deref(),
                    resident: resident.as_deref(),
                    category: &category,
                    text: &text,
                    channel,
                    again,
                },
            )
        }
        Some(Cmd::Show { ticket, json }) => cli::show::run(&ctx, &ticket, json),
        Some(Cmd::Categories { what: None }) => cli::show::categories(&ctx),
        Some(Cmd::Categories {
            what: Some(CategoriesWhat::Export { file }),
        }) => cli::admin::categories_export(&ctx, file.as_deref()),
        Some(Cmd::Categories {
            what: Some(CategoriesWhat::Import { file }),
        }) => cli::admin::categories_import(&ctx, &file),
        Some(Cmd::Check { json }) => cli::check::check(&ctx, json),
        Some(Cmd::Backup { dest }) => cli::check::backup(&ctx, &dest),
        Some(Cmd::Keys) => cli::tui::keys(&ctx),
        Some(Cmd::Import {
            what:
                ImportWhat::Households {
                    file,
                    dry_run,
                    move_,
                    rename,
                },
        }) => cli::data::import_households(
            &ctx,
            &file,
            griddesk::store::import::Options {
                dry_run,
                allow_move: move_,
                allow_rename: rename,
            },
        ),
        Some(Cmd::Import {
            what: ImportWhat::Holidays { file },
        }) => cli::data::import_holidays(&ctx, &file),
        Some(Cmd::Export {
            what:
                ExportWhat::Requests {
                    from,
                    to,
                    format,
                    unmasked,
                },
        }) => cli::data::export_requests(&ctx, from.as_deref(), to.as_deref(), &format, unmasked),
        Some(Cmd::Export {
            what:
                ExportWhat::Report {
                    from,
                    to,
                    node,
                    format,
                },
        }) => cli::data::export_report(
            &ctx,
            from.as_deref(),
            to.as_deref(),
            node.as_deref(),
            &format,
        ),
        Some(Cmd::Export {
            what: ExportWhat::Households { unmasked },
        }) => cli::data::export_households(&ctx, unmasked),
        Some(Cmd::Export {
            what: ExportWhat::Open311 { from, to },
        }) => cli::data::export_open311(&ctx, from.as_deref(), to.as_deref()),
        Some(Cmd::Handover { print }) => cli::tui::handover(&ctx, print),
        Some(Cmd::Import {
            what:
                ImportWhat::Grid {
                    file,
                    dry_run,
                    rename,
                },
        }) => cli::data::import_grid(&ctx, &file, &rename, dry_run),
        Some(Cmd::Import {
            what: ImportWhat::Staff { file, dry_run },
        }) => cli::data::import_staff(&ctx, &file, dry_run),
        Some(Cmd::Export {
            what: ExportWhat::Grid { format },
        }) => cli::data::export_grid(&ctx, &format),
        Some(Cmd::Init {
            district,
            code,
            name,
        }) => cli::admin::init(&ctx, &district, code.as_deref(), name.as_deref()),
        Some(Cmd::Staff { what }) => staff(&ctx, what),
        Some(Cmd::Grid {
            what:
                GridWhat::Add {
                    under,
                    area,
                    building,
                },
        }) => cli::admin::grid_add(&ctx, &under, area.as_deref(), building.as_deref()),
        Some(Cmd::Grid {
            what: GridWhat::Rename { node, to, reason },
        }) => cli::admin::grid_rename(&ctx, &node, &to, &reason),
        Some(Cmd::Visit { address, note }) => cli::act::visit(&ctx, &address, &note),
        Some(Cmd::Shift {
            what: ShiftWhat::End { note },
        }) => cli::act::shift_end(&ctx, &note),
        Some(Cmd::Shift {
            what: ShiftWhat::Accept,
        }) => cli::act::shift_accept(&ctx),
        Some(Cmd::Shift {
            what: ShiftWhat::Start,
        }) => cli::admin::shift_start(&ctx),
        Some(Cmd::Today { json }) => cli::admin::today(&ctx, json),
        Some(Cmd::Chart {
            building,
            json,
            ascii,
        }) => cli::chart::run(&ctx, &building, json, ascii || cli.ascii),
        Some(Cmd::Matter { what }) => cli::decisions::matter(&ctx, what),
        Some(Cmd::Meeting { what }) => cli::decisions::meeting(&ctx, what),
        Some(Cmd::Week(a)) => cli::decisions::week(&ctx, &a),
        Some(cmd) => {
            let Some((req, action)) = request_action(cmd) else {
                return Err(Failure::usage("griddesk --help"));
            };
            let common = cli::act::Common {
                ticket: &req.ticket,
                seen_version: req.seen_version,
                json: req.json,
            };
            cli::act::run(&ctx, &common, action)
        }
    }
}

fn staff(ctx: &Ctx, what: StaffWhat) -> Result<(), Failure> {
    fn args(f: &StaffFields) -> cli::admin::StaffArgs<'_> {
        cli::admin::StaffArgs {
            login: &f.login,
            name: f.name.as_deref(),
            role: f.role.as_deref(),
            hall: f.hall.as_deref(),
            phone: f.phone.as_deref(),
        }
    }
    let only = |login: &str| StaffFields {
        login: login.to_string(),
        name: None,
        role: None,
        hall: None,
        phone: None,
    };
    match what {
        StaffWhat::List { all, json } => cli::admin::list(ctx, all, json),
        StaffWhat::Add { f } => cli::admin::add(ctx, &args(&f)),
        StaffWhat::Edit { f } => cli::admin::edit(ctx, &args(&f), None),
        StaffWhat::Disable { login } => cli::admin::edit(ctx, &args(&only(&login)), Some(false)),
        StaffWhat::Enable { login } => cli::admin::edit(ctx, &args(&only(&login)), Some(true)),
    }
}

/// The request actions: which ticket, and what to do with it.
fn request_action(cmd: Cmd) -> Option<(ReqArgs, Action)> {
    Some(match cmd {
        Cmd::Assign { req, to } => (req, Action::Assign { to }),
        Cmd::Start { req, note } => (req, Action::Start { note }),
        Cmd::Step { req, text } => (req, Action::Step { text }),
        Cmd::Note { req, text } => (req, Action::Note { text }),
        Cmd::Reply { req, text } => (req, Action::Reply { text }),
        Cmd::Wait { req, reason } => (req, Action::Wait { reason }),
        Cmd::Resume { req, note } => (req, Action::Resume { note }),
        Cmd::Escalate { req, reason } => (req, Action::Escalate { reason }),
        Cmd::Return { req, reason } => (req, Action::Return { reason }),
        Cmd::Resolve { req, result } => (req, Action::Resolve { result }),
        Cmd::FollowUp {
            req,
            rating,
            failed,
        } => (req, Action::FollowUp { rating, failed }),
        Cmd::Reopen { req, reason } => (req, Action::Reopen { reason }),
        Cmd::Cancel { req, reason } => (req, Action::Cancel { reason }),
        Cmd::Custody {
            what: CustodyWhat::In { req, item },
        } => (req, Action::CustodyIn { item }),
        Cmd::Custody {
            what: CustodyWhat::Out { req, item },
        } => (req, Action::CustodyOut { item }),
        _ => return None,
    })
}

fn main() -> ExitCode {
    // `griddesk find … | head` must end quietly when the reader goes away,
    // as other command-line tools do: Rust ignores SIGPIPE by default and
    // printing would then panic.
    #[cfg(unix)]
    // SAFETY: called first thing, before any thread exists; SIG_DFL is a
    // valid disposition for SIGPIPE.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => {
            eprintln!("griddesk: {}", f.msg);
            ExitCode::from(f.code)
        }
    }
}
