//! The command line: one file per subcommand. Each returns `Ok(())` or a
//! `Failure` carrying the exit code (1 runtime failure, 2 bad input or
//! usage) and one sentence in the user's language.

pub mod act;
pub mod admin;
pub mod chart;
pub mod check;
pub mod config;
pub mod data;
pub mod decisions;
pub mod demo;
pub mod find;
pub mod help_zh;
pub mod register;
pub mod show;
pub mod tui;

pub mod party;

use crate::i18n::{self, Lang, Msg};
use crate::store::{self, Store, staff::Staff};
use std::path::{Path, PathBuf};

#[derive(Debug)]
pub struct Failure {
    pub code: u8,
    pub msg: String,
}

impl Failure {
    pub fn usage(msg: impl Into<String>) -> Failure {
        Failure {
            code: 2,
            msg: msg.into(),
        }
    }
    pub fn runtime(msg: impl Into<String>) -> Failure {
        Failure {
            code: 1,
            msg: msg.into(),
        }
    }
    /// Store errors: the user's input (or file) is at fault → 2; the
    /// machine → 1.
    pub fn store(e: store::Error, lang: Lang) -> Failure {
        use store::Error as E;
        let code = match e {
            E::Busy | E::DiskFull | E::Io(_) | E::Sql(_) | E::Corrupt(_) => 1,
            _ => 2,
        };
        Failure {
            code,
            msg: i18n::error(&e, lang),
        }
    }
}

pub type CliResult = Result<(), Failure>;

/// What every command knows: the language, the config, the database path.
pub struct Ctx {
    pub lang: Lang,
    pub config: config::Config,
    pub db: PathBuf,
}

impl Ctx {
    pub fn new(db_flag: Option<&Path>, lang_flag: Option<&str>) -> Result<Ctx, Failure> {
        let cfg_path = config::config_path();
        let (cfg, broken) = match config::load(&cfg_path) {
            Ok(c) => (c, None),
            Err(e) => (config::Config::default(), Some(e)),
        };
        let lang = config::lang(lang_flag, &cfg);
        if let Some(e) = broken {
            return Err(Failure::usage(i18n::tr(&Msg::ConfigBroken(e), lang)));
        }
        let db = config::db_path(db_flag, &cfg);
        Ok(Ctx {
            lang,
            config: cfg,
            db,
        })
    }

    pub fn open(&self) -> Result<Store, Failure> {
        Store::open_with(
            &self.db,
            store::OpenOptions {
                mode: store::Mode::ReadWrite,
                shared: self.config.shared,
            },
        )
        .map_err(|e| Failure::store(e, self.lang))
    }

    pub fn open_read(&self) -> Result<Store, Failure> {
        Store::open_with(
            &self.db,
            store::OpenOptions {
                mode: store::Mode::ReadOnly,
                shared: self.config.shared,
            },
        )
        .map_err(|e| Failure::store(e, self.lang))
    }

    /// A file the command reads (an import file): it must be there and be
    /// a file. Checked before the database is opened, so nothing is made.
    pub fn input_file(&self, path: &Path) -> Result<(), Failure> {
        match std::fs::metadata(path) {
            Ok(m) if m.is_dir() => Err(self.fail(store::Error::IsDirectory(path.to_path_buf()))),
            Ok(_) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(Failure::usage(i18n::tr(
                &Msg::NoSuchFile(path.display().to_string()),
                self.lang,
            ))),
            Err(e) => Err(Failure::runtime(format!("{}: {e}", path.display()))),
        }
    }

    /// A file the command makes (a backup): not a directory, and in a
    /// directory that exists. Nothing is created here.
    pub fn output_file(&self, path: &Path) -> Result<(), Failure> {
        if path.is_dir() {
            return Err(self.fail(store::Error::IsDirectory(path.to_path_buf())));
        }
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        if !dir.is_dir() {
            return Err(self.fail(store::Error::NoSuchDir(dir.to_path_buf())));
        }
        Ok(())
    }

    pub fn fail(&self, e: store::Error) -> Failure {
        // Errors from SQLite do not know the file; this one does.
        let e = match e {
            store::Error::ReadOnly(p) if p.as_os_str().is_empty() => {
                store::Error::ReadOnly(self.db.clone())
            }
            store::Error::Corrupt(p) if p.as_os_str().is_empty() => {
                store::Error::Corrupt(self.db.clone())
            }
            store::Error::NotOurs(p) if p.as_os_str().is_empty() => {
                store::Error::NotOurs(self.db.clone())
            }
            e => e,
        };
        Failure::store(e, self.lang)
    }

    /// The staff record of the OS user running the program.
    pub fn operator(&self, store: &Store) -> Result<Staff, Failure> {
        let login = config::os_login();
        match store
            .read(|c| store::staff::by_login(c, &login))
            .map_err(|e| self.fail(e))?
        {
            Some(s) if s.active => Ok(s),
            _ => Err(Failure::usage(i18n::tr(&Msg::NoStaff(login), self.lang))),
        }
    }
}

/// `2026-11-27 18:00`
pub fn short_time(t: crate::domain::calendar::Time) -> String {
    t.format("%Y-%m-%d %H:%M").to_string()
}
