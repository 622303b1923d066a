//! Staff from the hall's own file (`griddesk import staff`): login, name,
//! role, hall, phone; Chinese or English headers in any order, the
//! encodings and separators the household import takes. New logins are
//! added and existing ones updated by the same calls as `staff add` and
//! `staff edit`, with the same checks, in one transaction; any bad line
//! and nothing is written. Supervisors only.

use super::staff::{self, NewStaff, StaffEdit};
use super::table::{Columns, Record, Source};
use super::{Error, Field, Result, Store};
use crate::domain::lifecycle::{Permission, Role};
use crate::domain::text::normalize;
use rusqlite::Connection;
use std::collections::HashMap;

/// The columns of a staff file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StaffCol {
    Login,
    Name,
    Role,
    Hall,
    Phone,
}

impl StaffCol {
    pub const ALL: [StaffCol; 5] = [
        StaffCol::Login,
        StaffCol::Name,
        StaffCol::Role,
        StaffCol::Hall,
        StaffCol::Phone,
    ];
    pub fn zh(self) -> &'static str {
        self.names()[0]
    }
    pub fn en(self) -> &'static str {
        self.names()[1]
    }
    fn names(self) -> &'static [&'static str] {
        match self {
            StaffCol::Login => &["登录名", "login", "账号", "用户名"],
            StaffCol::Name => &["姓名", "name"],
            StaffCol::Role => &["角色", "role", "岗位"],
            StaffCol::Hall => &["所属服务站", "hall", "服务站", "所属站点"],
            StaffCol::Phone => &["电话", "phone", "手机", "手机号", "联系电话"],
        }
    }
    fn parse(header: &str) -> Option<StaffCol> {
        let h = normalize(header)
            .trim_matches(['*', ' ', '"'])
            .to_lowercase();
        StaffCol::ALL
            .into_iter()
            .find(|c| c.names().iter().any(|n| n.to_lowercase() == h))
    }
}

/// A role as a staff file writes it: its code, its Chinese or English
/// name, or the titles halls use (站长, 主任, 楼栋长, …).
pub fn parse_role(typed: &str) -> Option<Role> {
    let t = normalize(typed);
    let t = t.trim();
    Role::parse(t).or(match t {
        "窗口人员" | "窗口工作人员" | "受理员" => Some(Role::Counter),
        "代办" | "代办员" | "agent" => Some(Role::Agent),
        "片区长" | "楼栋长" | "网格长" | "网格员" | "grid leader" => {
            Some(Role::GridLeader)
        }
        "站长" | "主任" | "副站长" | "副主任" => Some(Role::Supervisor),
        _ => None,
    })
}

/// Why a line was refused.
#[derive(Debug)]
pub enum StaffReason {
    Missing,
    NoColumn,
    Columns {
        found: usize,
        expected: usize,
    },
    Encoding,
    /// A login is one word, no spaces or control characters.
    Login(String),
    Role(String),
    /// The same login as an earlier line.
    Twice {
        first_line: usize,
    },
    /// Refused by the store's checks (name, phone, hall, the last
    /// supervisor), as `staff add`/`staff edit` would be.
    Store(Error),
    /// A phone Excel has turned into a number, as it shows it.
    ExcelNumber(String),
}

#[derive(Debug)]
pub struct StaffProblem {
    /// 1-based, the header being line 1.
    pub line: usize,
    pub column: Option<StaffCol>,
    pub reason: StaffReason,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct StaffSummary {
    pub rows: usize,
    pub added: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub ignored_columns: Vec<String>,
    pub encoding: String,
}

/// The column a store refusal is about.
fn column_of(e: &Error) -> Option<StaffCol> {
    match e {
        Error::BadPhone(_) => Some(StaffCol::Phone),
        Error::LastSupervisor(_) | Error::Role(_) => Some(StaffCol::Role),
        Error::Invalid {
            what: Field::Staff, ..
        } => Some(StaffCol::Login),
        Error::Invalid { what, .. }
        | Error::NotFound { what, .. }
        | Error::Ambiguous { what, .. }
        | Error::Empty(what)
        | Error::TooLong { what, .. }
        | Error::ControlChar { what, .. } => match what {
            Field::Hall | Field::Node => Some(StaffCol::Hall),
            Field::Name => Some(StaffCol::Name),
            Field::Phone => Some(StaffCol::Phone),
            Field::Staff => Some(StaffCol::Login),
            _ => None,
        },
        _ => None,
    }
}

/// Whether a store error is the line's fault (reported with the line)
/// rather than the machine's (the whole import fails).
fn is_input(e: &Error) -> bool {
    !matches!(
        e,
        Error::Busy | Error::DiskFull | Error::Io(_) | Error::Sql(_) | Error::Corrupt(_)
    )
}

fn phone_of(conn: &Connection, id: i64) -> Result<Option<String>> {
    Ok(conn.query_row("SELECT phone FROM staff WHERE id = ?1", [id], |r| r.get(0))?)
}

impl Store {
    /// Imports the staff file at `path`. `Ok(Err(problems))`: nothing was
    /// written. A blank hall or phone leaves an existing member's as it is.
    pub fn import_staff<'a>(
        &mut self,
        actor: i64,
        path: impl Into<Source<'a>>,
        dry_run: bool,
    ) -> Result<std::result::Result<StaffSummary, Vec<StaffProblem>>> {
        self.require(actor, Permission::EditStaff)?;
        let now = self.now();
        let mut records = super::table::open(path).map_err(std::io::Error::from)?;
        let mut summary = StaffSummary {
            encoding: std::mem::take(&mut records.encoding),
            ..Default::default()
        };
        let mut problems = Vec::new();
        let head = match records.next() {
            Some(Ok(r)) => r,
            _ => Record::default(),
        };
        let cols = Columns::read(&head, StaffCol::parse);
        summary.ignored_columns = cols.ignored.clone();
        for need in cols.missing(&[StaffCol::Login, StaffCol::Name, StaffCol::Role]) {
            problems.push(StaffProblem {
                line: 1,
                column: Some(need),
                reason: StaffReason::NoColumn,
            });
        }
        if !problems.is_empty() {
            return Ok(Err(problems));
        }
        let tx = self.conn.transaction()?;
        let mut logins: HashMap<String, usize> = HashMap::new();
        for rec in records {
            let rec = match rec {
                Ok(r) => r,
                Err(line) => {
                    problems.push(StaffProblem {
                        line,
                        column: None,
                        reason: StaffReason::Encoding,
                    });
                    continue;
                }
            };
            if rec.blank() {
                continue;
            }
            let line = rec.line;
            summary.rows += 1;
            let cell = |c: StaffCol| -> &str { cols.cell(&rec, c) };
            let mut errs: Vec<(Option<StaffCol>, StaffReason)> = Vec::new();
            if let Some(found) = cols.overflow(&rec) {
                errs.push((
                    None,
                    StaffReason::Columns {
                        found,
                        expected: cols.width,
                    },
                ));
            }
            let login = cell(StaffCol::Login);
            if login.is_empty() {
                errs.push((Some(StaffCol::Login), StaffReason::Missing));
            } else if login.chars().any(|c| c.is_whitespace() || c.is_control()) {
                errs.push((Some(StaffCol::Login), StaffReason::Login(login.to_string())));
            } else if let Some(first) = logins.get(login) {
                errs.push((
                    Some(StaffCol::Login),
                    StaffReason::Twice { first_line: *first },
                ));
            } else {
                logins.insert(login.to_string(), line);
            }
            let name = cell(StaffCol::Name);
            let name = match super::typed_text(name, Field::Name) {
                Ok(n) => Some(n),
                Err(Error::Empty(_)) => {
                    errs.push((Some(StaffCol::Name), StaffReason::Missing));
                    None
                }
                Err(e) => {
                    errs.push((Some(StaffCol::Name), StaffReason::Store(e)));
                    None
                }
            };
            let role = match cell(StaffCol::Role) {
                "" => {
                    errs.push((Some(StaffCol::Role), StaffReason::Missing));
                    None
                }
                r => {
                    let p = parse_role(r);
                    if p.is_none() {
                        errs.push((Some(StaffCol::Role), StaffReason::Role(r.to_string())));
                    }
                    p
                }
            };
            let hall = match cell(StaffCol::Hall) {
                "" => None,
                h => match super::grid::resolve(&tx, h)
                    .and_then(|n| staff::check_hall(&tx, Some(n.id)).map(|()| n.id))
                {
                    Ok(id) => Some(id),
                    Err(e) if is_input(&e) => {
                        errs.push((Some(StaffCol::Hall), StaffReason::Store(e)));
                        None
                    }
                    Err(e) => return Err(e),
                },
            };
            let phone = match cell(StaffCol::Phone) {
                "" => None,
                _ if cols.excel_number(&rec, StaffCol::Phone).is_some() => {
                    let shown = cols.excel_number(&rec, StaffCol::Phone).unwrap_or_default();
                    errs.push((
                        Some(StaffCol::Phone),
                        StaffReason::ExcelNumber(shown.to_string()),
                    ));
                    None
                }
                p => match crate::domain::ident::parse_phone(p) {
                    Ok((p, _)) => Some(p),
                    Err(e) => {
                        errs.push((
                            Some(StaffCol::Phone),
                            StaffReason::Store(Error::BadPhone(e)),
                        ));
                        None
                    }
                },
            };
            let (Some(name), Some(role), true) = (name, role, errs.is_empty()) else {
                problems.extend(errs.into_iter().map(|(column, reason)| StaffProblem {
                    line,
                    column,
                    reason,
                }));
                continue;
            };
            let done = match staff::by_login(&tx, login)? {
                None => staff::add_in(
                    &tx,
                    now,
                    actor,
                    &NewStaff {
                        login,
                        name: &name,
                        role,
                        node_id: hall,
                    },
                    phone.as_deref(),
                )
                .map(|_| summary.added += 1),
                Some(s) => {
                    let old_phone = phone_of(&tx, s.id)?;
                    let edit = StaffEdit {
                        name: (s.name != name).then(|| name.clone()),
                        role: (s.role != role).then_some(role),
                        hall: hall.filter(|h| s.node_id != Some(*h)).map(Some),
                        phone: phone
                            .clone()
                            .filter(|p| old_phone.as_deref() != Some(p.as_str()))
                            .map(Some),
                        active: None,
                    };
                    if edit.name.is_none()
                        && edit.role.is_none()
                        && edit.hall.is_none()
                        && edit.phone.is_none()
                    {
                        summary.unchanged += 1;
                        Ok(())
                    } else {
                        staff::edit_in(&tx, now, actor, s.id, &edit).map(|_| summary.updated += 1)
                    }
                }
            };
            match done {
                Ok(()) => {}
                Err(e) if is_input(&e) => problems.push(StaffProblem {
                    line,
                    column: column_of(&e),
                    reason: StaffReason::Store(e),
                }),
                Err(e) => return Err(e),
            }
        }
        if !problems.is_empty() {
            return Ok(Err(problems));
        }
        if !dry_run {
            tx.commit()?;
        }
        Ok(Ok(summary))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_by_code_name_or_title() {
        assert_eq!(parse_role("counter"), Some(Role::Counter));
        assert_eq!(parse_role("窗口"), Some(Role::Counter));
        assert_eq!(parse_role("代办员"), Some(Role::Agent));
        assert_eq!(parse_role("楼栋长"), Some(Role::GridLeader));
        assert_eq!(parse_role("片区长"), Some(Role::GridLeader));
        assert_eq!(parse_role("站长"), Some(Role::Supervisor));
        assert_eq!(parse_role("主任"), Some(Role::Supervisor));
        assert_eq!(parse_role("Supervisor"), Some(Role::Supervisor));
        assert_eq!(parse_role("保安"), None);
    }
}
