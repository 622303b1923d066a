//! griddesk: the command line → the TUI or one command.

use clap::{Parser, Subcommand};
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
    /// Database file (else GRIDDESK_DB, then db_path in /etc/griddesk/config.toml, then the data directory)
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
    /// Look up households, residents and requests
    Find {
        query: String,
        #[arg(long)]
        json: bool,
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
    },
    /// Show a request with its timeline
    Show {
        ticket: String,
        #[arg(long)]
        json: bool,
    },
    /// List the request categories
    Categories,
    /// Integrity and schema version
    Check {
        #[arg(long)]
        json: bool,
    },
    /// A consistent copy of a live database
    Backup { dest: PathBuf },
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
    /// The report's indicators for a grid node and each node below it
    Report {
        #[arg(long)]
        from: Option<String>,
        #[arg(long)]
        to: Option<String>,
        #[arg(long)]
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
                },
            )
        }
        Some(Cmd::Show { ticket, json }) => cli::show::run(&ctx, &ticket, json),
        Some(Cmd::Categories) => cli::show::categories(&ctx),
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
    }
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
