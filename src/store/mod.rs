//! Everything that touches SQLite: opening with the right settings,
//! migrations, one file per record kind, search, reports and the demo
//! generator. The UI and the command line never run SQL themselves.

pub mod backup;
pub mod categories;
pub mod chart;
pub mod demo;
pub mod event;
pub mod export;
pub mod grid;
pub mod grid_import;
pub mod hall;
pub mod household;
pub mod import;
pub mod matter;
pub mod meeting;
pub mod request;
pub mod schema;
pub mod search;
pub mod shift;
pub mod staff;
pub mod staff_import;
pub mod table;
pub mod trust;
pub mod views;
pub mod visit;

pub mod claim;
pub mod party;
pub mod team;
pub mod week;

use crate::domain::calendar::{DayKind, Time, WorkCalendar, tz};
use crate::domain::ident::{IdError, PhoneError};
use crate::domain::lifecycle::{LadderError, RoleError, TransitionError};
use chrono::{DateTime, NaiveDate};
use rusqlite::{Connection, OpenFlags, TransactionBehavior};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// A record field, for messages that name what is wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Category,
    Description,
    Household,
    Resident,
    ResidentId,
    Phone,
    Name,
    Address,
    Reason,
    Result,
    Rating,
    Staff,
    Item,
    Date,
    Ticket,
    /// A note, a reply, a visit note, a handover note.
    Note,
    /// A staff member's hall: a community's station or a subdistrict's centre.
    Hall,
    /// A grid node: community, area, subdistrict.
    Node,
    /// The district's 6-digit administrative code.
    DistrictCode,
    /// A building or resident group (楼栋/居民小组).
    Building,
    /// A party member (党员).
    Member,
    /// A unit (单位): a workplace, or a unit claiming a project.
    Unit,
    /// A volunteer team (志愿服务队).
    Team,
    /// An activity's title.
    Activity,
    /// A kind of activity or of help.
    Kind,
    Hours,
    Points,
    /// A party branch (党支部).
    Branch,
    /// A 金拐杖 pair.
    Pair,
    /// A matter decided by the "4+2" method (议事事项).
    Matter,
    /// The kind of a matter (one of the seeded major matters).
    MatterKind,
    /// A matter's title.
    Title,
    /// A step of a matter (提议 … 实施结果公开).
    Step,
    /// The name of a meeting, or a meeting record.
    Meeting,
    /// Attendance: present / expected.
    Attendance,
    /// Votes: for / against / abstain.
    Votes,
    /// A summary of the minutes, or a decision.
    Minutes,
    /// Where a notice was posted.
    Place,
    /// How many days a notice stays posted.
    Days,
    /// An ISO week, 2026-W48.
    Week,
    /// A building's or group's leader (楼栋长).
    Leader,
    /// An issue a meeting settled.
    Issue,
    /// Who attended a meeting.
    Attendees,
}

/// Why a store call was refused or failed. Callers tell these apart; the
/// user sees each as a sentence in their language (see `i18n`).
#[derive(Debug)]
pub enum Error {
    /// Another process holds the write lock longer than the busy timeout.
    Busy,
    /// The record changed at another counter since it was read.
    Conflict,
    NotFound {
        what: Field,
        query: String,
        closest: Option<String>,
    },
    Ambiguous {
        what: Field,
        query: String,
        candidates: Vec<String>,
    },
    Empty(Field),
    UnknownCategory {
        code: String,
        closest: Option<String>,
    },
    BadId(IdError),
    BadPhone(PhoneError),
    Invalid {
        what: Field,
        value: String,
    },
    Duplicate {
        what: Field,
        value: String,
    },
    /// Free text longer than its field allows (characters).
    TooLong {
        what: Field,
        limit: usize,
        len: usize,
    },
    /// A control character in free text, at a 1-based character position.
    ControlChar {
        what: Field,
        at: usize,
        code: u32,
    },
    /// The same request (household or resident, category, description)
    /// was registered moments ago; registering it again needs a yes.
    Repeated {
        ticket: String,
        seconds: i64,
    },
    /// The last active supervisor would be demoted or disabled.
    LastSupervisor(String),
    /// A supervisor would disable their own account.
    OwnAccount(String),
    /// A shift would be ended, but the operator has none open.
    NoOpenShift,
    /// A resident named together with a household they do not live in.
    NotAtHousehold {
        resident: String,
        household: String,
        lives_at: String,
    },
    Transition(TransitionError),
    Ladder(LadderError),
    Role(RoleError),
    /// The file is not a griddesk database.
    NotOurs(PathBuf),
    /// Written by a newer griddesk.
    Newer {
        found: i64,
        supported: i64,
    },
    /// Written by an older griddesk, and this user cannot upgrade it.
    Older {
        path: PathBuf,
        found: i64,
        supported: i64,
    },
    Corrupt(PathBuf),
    ReadOnly(PathBuf),
    /// No database at this path (only `demo` and `init` make one).
    Missing(PathBuf),
    /// A file that would be overwritten.
    Exists(PathBuf),
    DiskFull,
    Io(String),
    Sql(rusqlite::Error),
    /// A 0-byte file where a database was expected; left as it is.
    EmptyFile(PathBuf),
    /// A directory where a file was expected.
    IsDirectory(PathBuf),
    /// The directory a file would be made in does not exist.
    NoSuchDir(PathBuf),
    /// Party members of this community are seen by its own staff and
    /// supervisors only.
    OtherCommunity(String),
    /// The request has an open claim already: (ticket, who claimed it).
    Claimed {
        ticket: String,
        by: String,
    },
    /// A handling step on a request that is no longer open.
    StepOnClosed(crate::domain::lifecycle::Status),
    /// A character an export to GBK cannot write, at a line (the header
    /// being 1) and column.
    NotInGbk {
        line: usize,
        column: String,
        ch: char,
    },
    /// A rule of community decisions, meetings or weekly reports.
    Decision(matter::DecisionError),
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode as C;
        match e.sqlite_error_code() {
            Some(C::DatabaseBusy | C::DatabaseLocked) => Error::Busy,
            Some(C::DiskFull) => Error::DiskFull,
            Some(C::ReadOnly) => Error::ReadOnly(PathBuf::new()),
            Some(C::NotADatabase) => Error::NotOurs(PathBuf::new()),
            Some(C::DatabaseCorrupt) => Error::Corrupt(PathBuf::new()),
            _ => Error::Sql(e),
        }
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        Error::Io(e.to_string())
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&crate::i18n::error(self, crate::i18n::Lang::En))
    }
}

impl std::error::Error for Error {}

pub type Result<T> = std::result::Result<T, Error>;

/// `PRAGMA application_id` of griddesk files: "GRDK".
pub const APPLICATION_ID: i64 = 0x4752_444B;

/// An open database and what is cached about it.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// The calendar and the `data_version` it was read at.
    calendar: Option<(i64, WorkCalendar)>,
    now_override: Option<Time>,
}

/// How a file is opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// The file must exist (a griddesk database); migrate an older schema.
    ReadWrite,
    /// The file must exist and be ours; nothing is written.
    ReadOnly,
    /// As `ReadWrite`, but a missing (or 0-byte) file is made: only
    /// `griddesk init`, `griddesk demo` and the tests' own setup open this way.
    Create,
}

const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// Looks at a file's first bytes before SQLite touches it, so that a file of
/// another program is refused untouched (SQLite would happily add a WAL).
/// `Ok(false)`: no file, or an empty one (the caller decides whether it may
/// make a database there). A directory is named as such.
fn sniff(path: &Path) -> Result<bool> {
    use std::io::Read;
    match std::fs::metadata(path) {
        Ok(m) if m.is_dir() => return Err(Error::IsDirectory(path.to_path_buf())),
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(false),
        Err(e) => return Err(e.into()),
    }
    match std::fs::File::open(path) {
        Ok(mut f) => {
            let mut head = [0u8; 16];
            let n = f.read(&mut head)?;
            if n == 0 {
                return Ok(false);
            }
            if n < 16 || &head != SQLITE_MAGIC {
                return Err(Error::NotOurs(path.to_path_buf()));
            }
            Ok(true)
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(e.into()),
    }
}

/// Creates a new empty file with owner-only permissions (0600), or 0660 for
/// a shared hall server, before SQLite opens it; -wal and -shm inherit it.
/// Reached only in `Mode::Create` (`griddesk init` and `griddesk demo`;
/// the data directory of `--demo` is made on first use); other modes
/// create nothing.
fn create_file(path: &Path, shared: bool) -> Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let mut o = std::fs::OpenOptions::new();
    o.write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(if shared { 0o660 } else { 0o600 });
    }
    let f = o.open(path)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // The umask may have removed group bits.
        f.set_permissions(std::fs::Permissions::from_mode(if shared {
            0o660
        } else {
            0o600
        }))?;
    }
    drop(f);
    Ok(())
}

/// Options for opening.
#[derive(Debug, Clone, Copy)]
pub struct OpenOptions {
    pub mode: Mode,
    pub shared: bool,
}

impl Default for OpenOptions {
    fn default() -> Self {
        OpenOptions {
            mode: Mode::Create,
            shared: false,
        }
    }
}

impl Store {
    pub fn open(path: &Path) -> Result<Store> {
        Store::open_with(path, OpenOptions::default())
    }

    pub fn open_with(path: &Path, opts: OpenOptions) -> Result<Store> {
        // Only `Mode::Create` makes a database; past this point the file is
        // there and the mode is `ReadWrite` or `ReadOnly`.
        let create = opts.mode == Mode::Create;
        let opts = OpenOptions {
            mode: if create { Mode::ReadWrite } else { opts.mode },
            ..opts
        };
        if !sniff(path)? {
            let empty = path.exists();
            if !create {
                return Err(if empty {
                    Error::EmptyFile(path.to_path_buf())
                } else {
                    Error::Missing(path.to_path_buf())
                });
            }
            if !empty {
                create_file(path, opts.shared)?;
            }
        }
        let flags = match opts.mode {
            Mode::ReadWrite | Mode::Create => {
                OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX
            }
            Mode::ReadOnly => OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        };
        let conn =
            Connection::open_with_flags(path, flags).map_err(|e| fix_path(e.into(), path))?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
            calendar: None,
            now_override: None,
        };
        // Nothing is written before the file is known to be ours.
        store.configure().map_err(|e| fix_path(e, path))?;
        let needs_migration = match schema::inspect(&store.conn, opts.mode) {
            // A reader of a file an older griddesk wrote upgrades it first,
            // if it may write it: after an upgrade `griddesk find` just works.
            Err(Error::Older {
                found, supported, ..
            }) => {
                drop(store);
                let rw = OpenOptions {
                    mode: Mode::ReadWrite,
                    ..opts
                };
                return match Store::open_with(path, rw) {
                    Ok(s) => {
                        s.close();
                        Store::open_with(path, opts)
                    }
                    Err(Error::ReadOnly(_) | Error::Io(_)) => Err(Error::Older {
                        path: path.to_path_buf(),
                        found,
                        supported,
                    }),
                    Err(e) => Err(e),
                };
            }
            r => r.map_err(|e| fix_path(e, path))?,
        };
        if opts.mode == Mode::ReadWrite {
            store.set_journal().map_err(|e| fix_path(e, path))?;
            if needs_migration {
                schema::migrate(&mut store.conn).map_err(|e| fix_path(e, path))?;
            }
        }
        Ok(store)
    }

    fn configure(&mut self) -> Result<()> {
        let c = &mut self.conn;
        c.busy_timeout(Duration::from_secs(10))?;
        c.set_transaction_behavior(TransactionBehavior::Immediate);
        c.set_prepared_statement_cache_capacity(64);
        c.execute_batch(
            "PRAGMA foreign_keys = ON;
             PRAGMA temp_store = MEMORY;
             PRAGMA trusted_schema = OFF;",
        )?;
        Ok(())
    }

    /// WAL, so readers never block the writer; FULL, so a committed
    /// request survives a power cut.
    fn set_journal(&mut self) -> Result<()> {
        let c = &self.conn;
        let jm: String = c.query_row("PRAGMA journal_mode", [], |r| r.get(0))?;
        if !jm.eq_ignore_ascii_case("wal") {
            let _: String = c.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
        }
        // FULL stays for every connection: each commit fsyncs the WAL.
        c.execute_batch("PRAGMA synchronous = FULL;")?;
        Ok(())
    }

    /// Refreshes the query planner's statistics where they are stale
    /// (`PRAGMA optimize = 0x10002`), as SQLite advises for a long-lived
    /// connection — the screens, once their first frames are out. One-shot
    /// commands keep `close`'s plain `PRAGMA optimize`, as SQLite advises
    /// for short-lived ones: at every open, 0x10002 read 45 pages of the
    /// large demo before the command's first statement.
    pub fn optimize_long_lived(&self) -> Result<()> {
        self.conn.execute_batch("PRAGMA optimize = 0x10002;")?;
        Ok(())
    }

    /// Runs `f` inside one read transaction: one consistent snapshot and
    /// one lock round instead of one per statement. Never held across a key.
    ///
    /// The transaction is a guard: it ends when `f` returns an error or
    /// panics (rolled back on drop), and a failing COMMIT is reported.
    pub fn read<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        let tx = rusqlite::Transaction::new_unchecked(&self.conn, TransactionBehavior::Deferred)?;
        let out = f(&tx)?;
        tx.commit()?;
        Ok(out)
    }

    /// How long one write waits for another counter's lock. The screens use
    /// a short wait and retry visibly; commands keep the 10 s default.
    pub fn set_busy_timeout(&self, d: Duration) -> Result<()> {
        Ok(self.conn.busy_timeout(d)?)
    }

    /// The connection itself, for the tests' independent checks only (the
    /// `test-support` feature, on for `cargo test`): the program reads and
    /// writes through the store's calls.
    #[cfg(feature = "test-support")]
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The current time in the hall's zone; tests may fix it.
    pub fn now(&self) -> Time {
        self.now_override
            .unwrap_or_else(|| chrono::Utc::now().with_timezone(&tz()))
    }

    pub fn set_now(&mut self, t: Option<Time>) {
        self.now_override = t;
    }

    /// The working-day calendar. Read once, and again whenever another
    /// process has committed since (`PRAGMA data_version`): a screen left
    /// open all day sees holidays imported at another counter.
    pub fn calendar(&mut self) -> Result<&WorkCalendar> {
        let version: i64 = self
            .conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))?;
        if self.calendar.as_ref().is_none_or(|(v, _)| *v != version) {
            let mut st = self
                .conn
                .prepare_cached("SELECT day, kind FROM calendar_day")?;
            let rows = st
                .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            drop(st);
            let mut days = Vec::with_capacity(rows.len());
            for (d, k) in rows {
                let day =
                    NaiveDate::parse_from_str(&d, "%Y-%m-%d").map_err(|_| Error::Invalid {
                        what: Field::Date,
                        value: d.clone(),
                    })?;
                let kind = DayKind::parse(&k).ok_or(Error::Invalid {
                    what: Field::Date,
                    value: format!("{d} {k}"),
                })?;
                days.push((day, kind));
            }
            self.calendar = Some((version, WorkCalendar::new(days)));
        }
        Ok(&self.calendar.as_ref().expect("just set").1)
    }

    /// Adds or replaces calendar days in one transaction; returns how many.
    pub fn set_calendar_days(&mut self, days: &[(NaiveDate, DayKind, String)]) -> Result<usize> {
        self.write_calendar_days(None, days)
    }

    /// As `set_calendar_days`, logged as `actor`'s change.
    pub(crate) fn write_calendar_days(
        &mut self,
        actor: Option<i64>,
        days: &[(NaiveDate, DayKind, String)],
    ) -> Result<usize> {
        let now = self.now();
        let tx = self.conn.transaction()?;
        {
            let mut st = tx.prepare(
                "INSERT INTO calendar_day(day, kind, note) VALUES (?1, ?2, ?3)
                 ON CONFLICT(day) DO UPDATE SET kind = excluded.kind, note = excluded.note",
            )?;
            for (d, k, n) in days {
                st.execute(rusqlite::params![
                    d.format("%Y-%m-%d").to_string(),
                    k.code(),
                    n
                ])?;
            }
        }
        if let Some(a) = actor {
            let first = days.iter().map(|d| d.0).min();
            let last = days.iter().map(|d| d.0).max();
            let note = format!(
                "{} days {} — {}",
                days.len(),
                first.map(|d| d.to_string()).unwrap_or_default(),
                last.map(|d| d.to_string()).unwrap_or_default()
            );
            event::append(
                &tx,
                now,
                &event::NewEvent {
                    staff_id: Some(a),
                    entity: "calendar",
                    entity_id: 0,
                    kind: "import",
                    note: Some(&note),
                    ..Default::default()
                },
            )?;
        }
        tx.commit()?;
        self.calendar = None;
        Ok(days.len())
    }

    /// Runs `PRAGMA optimize` as ENGINEERING.md advises at exit. It is
    /// only a speed-up: it does not wait for another counter's write lock
    /// (it would, up to the busy timeout, before the process could end).
    pub fn close(self) {
        let _ = self.conn.busy_timeout(Duration::ZERO);
        let _ = self.conn.execute_batch("PRAGMA optimize;");
    }
}

/// Checks free text typed into `what` and returns it as it will be stored:
/// as typed (full-width punctuation kept), trimmed, within the field's
/// limit, with no control characters (line breaks only in multi-line
/// fields). See `domain::text::free_text`.
pub fn typed_text(input: &str, what: Field) -> Result<String> {
    use crate::domain::text::{FreeTextError, free_text, limits};
    let (limit, multi_line) = match what {
        Field::Reason => (limits::REASON, true),
        Field::Item => (limits::ITEM, false),
        Field::Name => (limits::NAME, false),
        _ => (limits::TEXT, true),
    };
    free_text(input, limit, multi_line).map_err(|e| match e {
        FreeTextError::Empty => Error::Empty(what),
        FreeTextError::TooLong { limit, len } => Error::TooLong { what, limit, len },
        FreeTextError::Control { at, code } => Error::ControlChar { what, at, code },
    })
}

/// Like `typed_text`, for a field that may be left blank.
pub(crate) fn optional_text(input: &str, what: Field) -> Result<String> {
    if input.trim().is_empty() {
        return Ok(String::new());
    }
    typed_text(input, what)
}

fn fix_path(e: Error, path: &Path) -> Error {
    match e {
        Error::NotOurs(p) if p.as_os_str().is_empty() => Error::NotOurs(path.to_path_buf()),
        Error::Corrupt(p) if p.as_os_str().is_empty() => Error::Corrupt(path.to_path_buf()),
        Error::ReadOnly(p) if p.as_os_str().is_empty() => Error::ReadOnly(path.to_path_buf()),
        e => e,
    }
}

/// Times are stored as `YYYY-MM-DDTHH:MM:SS+08:00`, which sorts as text.
/// A time as the store writes it, for serde's `serialize_with`.
pub(crate) fn ser_time<S: serde::Serializer>(
    t: &Time,
    s: S,
) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_str(&fmt_time(*t))
}

/// Written field by field: every write stamps a time, and chrono's
/// format strings are parsed anew on each call.
pub fn fmt_time(t: Time) -> String {
    use chrono::{Datelike, Timelike};
    let l = t.with_timezone(&tz());
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}+08:00",
        l.year(),
        l.month(),
        l.day(),
        l.hour(),
        l.minute(),
        l.second()
    )
}

pub fn parse_time(s: &str) -> Option<Time> {
    DateTime::parse_from_rfc3339(s)
        .ok()
        .map(|t| t.with_timezone(&tz()))
}

/// Reads a stored time column, failing as a conversion error when malformed.
pub(crate) fn time_col(r: &rusqlite::Row<'_>, i: usize) -> rusqlite::Result<Time> {
    let s: String = r.get(i)?;
    parse_time(&s).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            i,
            rusqlite::types::Type::Text,
            format!("bad time {s}").into(),
        )
    })
}

/// Reads an optional time column: NULL is `None`; a malformed time is an
/// error, never taken for "not yet".
pub(crate) fn opt_time_col(r: &rusqlite::Row<'_>, i: usize) -> rusqlite::Result<Option<Time>> {
    match r.get_ref(i)? {
        rusqlite::types::ValueRef::Null => Ok(None),
        _ => time_col(r, i).map(Some),
    }
}

impl Store {
    /// Sets one day of the working calendar (a holiday or a make-up
    /// working day) with its note, logged. Supervisors only.
    pub fn set_calendar_day(
        &mut self,
        actor: i64,
        day: NaiveDate,
        kind: DayKind,
        note: &str,
    ) -> Result<()> {
        self.require(actor, crate::domain::lifecycle::Permission::EditCalendar)?;
        let note = optional_text(note, Field::Note)?;
        self.write_calendar_days(Some(actor), &[(day, kind, note)])
            .map(|_| ())
    }
}

/// The calendar's days from `from` to `to` (inclusive), with their notes.
pub fn calendar_listing(
    conn: &Connection,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<(NaiveDate, DayKind, String)>> {
    let mut st = conn.prepare_cached(
        "SELECT day, kind, coalesce(note, '') FROM calendar_day
          WHERE day BETWEEN ?1 AND ?2 ORDER BY day",
    )?;
    let rows = st
        .query_map(
            rusqlite::params![
                from.format("%Y-%m-%d").to_string(),
                to.format("%Y-%m-%d").to_string()
            ],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                ))
            },
        )?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows
        .into_iter()
        .filter_map(|(d, k, n)| {
            Some((
                NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok()?,
                DayKind::parse(&k)?,
                n,
            ))
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn times_are_written_in_beijing_time_and_read_back() {
        let utc = chrono::Utc
            .with_ymd_and_hms(2026, 11, 26, 17, 5, 3)
            .unwrap()
            .with_timezone(&tz());
        assert_eq!(fmt_time(utc), "2026-11-27T01:05:03+08:00");
        assert_eq!(parse_time(&fmt_time(utc)), Some(utc));
        let t = tz().with_ymd_and_hms(999, 1, 2, 3, 4, 5).unwrap();
        assert_eq!(fmt_time(t), "0999-01-02T03:04:05+08:00");
    }
}
