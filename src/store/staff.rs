//! Staff records: login (mapped from the OS user), name, role, active.

use super::event::created;
use super::{Error, Field, Result, Time};
use crate::domain::lifecycle::Role;
use rusqlite::{Connection, OptionalExtension, params};

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Staff {
    pub id: i64,
    pub login: String,
    pub name: String,
    #[serde(serialize_with = "ser_role")]
    pub role: Role,
    pub node_id: Option<i64>,
    pub active: bool,
}

fn ser_role<S: serde::Serializer>(r: &Role, s: S) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_str(r.code())
}

const SELECT: &str = "SELECT id, login, name, role, node_id, active FROM staff";

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Staff> {
    let role: String = r.get(3)?;
    Ok(Staff {
        id: r.get(0)?,
        login: r.get(1)?,
        name: r.get(2)?,
        role: Role::parse(&role).unwrap_or(Role::Counter),
        node_id: r.get(4)?,
        active: r.get(5)?,
    })
}

pub fn by_login(conn: &Connection, login: &str) -> Result<Option<Staff>> {
    let mut st = conn.prepare_cached(&format!("{SELECT} WHERE login = ?1"))?;
    Ok(st.query_row([login], row).optional()?)
}

pub fn by_id(conn: &Connection, id: i64) -> Result<Staff> {
    let mut st = conn.prepare_cached(&format!("{SELECT} WHERE id = ?1"))?;
    st.query_row([id], row).optional()?.ok_or(Error::NotFound {
        what: Field::Staff,
        query: id.to_string(),
        closest: None,
    })
}

pub fn active(conn: &Connection) -> Result<Vec<Staff>> {
    let mut st = conn.prepare_cached(&format!("{SELECT} WHERE active = 1 ORDER BY role, login"))?;
    let v = st
        .query_map([], row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(v)
}

/// Finds an active staff member by login or exact name.
pub fn find(conn: &Connection, who: &str) -> Result<Staff> {
    if let Some(s) = by_login(conn, who)?.filter(|s| s.active) {
        return Ok(s);
    }
    let mut st =
        conn.prepare_cached(&format!("{SELECT} WHERE name = ?1 AND active = 1 LIMIT 5"))?;
    let v = st
        .query_map([who], row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    match v.len() {
        1 => Ok(v.into_iter().next().expect("one")),
        0 => Err(Error::NotFound {
            what: Field::Staff,
            query: who.to_string(),
            closest: None,
        }),
        _ => Err(Error::Ambiguous {
            what: Field::Staff,
            query: who.to_string(),
            candidates: v
                .into_iter()
                .map(|s| format!("{} ({})", s.name, s.login))
                .collect(),
        }),
    }
}

pub struct NewStaff<'a> {
    pub login: &'a str,
    pub name: &'a str,
    pub role: Role,
    pub node_id: Option<i64>,
}

/// Adds a staff record and logs it. Role checks happen in the caller that
/// knows the operator (only supervisors edit staff).
pub fn add(conn: &Connection, now: Time, actor: Option<i64>, s: &NewStaff<'_>) -> Result<i64> {
    if s.login.trim().is_empty() {
        return Err(Error::Empty(Field::Staff));
    }
    if s.name.trim().is_empty() {
        return Err(Error::Empty(Field::Name));
    }
    if by_login(conn, s.login)?.is_some() {
        return Err(Error::Duplicate {
            what: Field::Staff,
            value: s.login.to_string(),
        });
    }
    conn.prepare_cached("INSERT INTO staff(login, name, role, node_id) VALUES (?1, ?2, ?3, ?4)")?
        .execute(params![
            s.login.trim(),
            s.name.trim(),
            s.role.code(),
            s.node_id
        ])?;
    let id = conn.last_insert_rowid();
    let after =
        serde_json::json!({"login": s.login, "name": s.name, "role": s.role.code()}).to_string();
    created(conn, now, actor, "staff", id, after)?;
    Ok(id)
}

/// A change to a staff record: each `Some` field is set.
#[derive(Debug, Clone, Default)]
pub struct StaffEdit {
    pub name: Option<String>,
    pub role: Option<Role>,
    /// The hall (a community's station or a subdistrict's centre), or none.
    pub hall: Option<Option<i64>>,
    pub phone: Option<Option<String>>,
    pub active: Option<bool>,
}

/// Active supervisors other than `except`.
fn other_supervisors(conn: &Connection, except: i64) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT count(*) FROM staff WHERE role = 'supervisor' AND active = 1 AND id <> ?1",
        [except],
        |r| r.get(0),
    )?)
}

/// A hall is a community (党群服务站) or a subdistrict (党群服务中心), or the
/// district itself for the district's own staff.
pub(crate) fn check_hall(conn: &Connection, hall: Option<i64>) -> Result<()> {
    let Some(id) = hall else { return Ok(()) };
    let node: Option<(String, String)> = conn
        .query_row(
            "SELECT level, name FROM grid_node WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    match node {
        Some((level, _)) if matches!(level.as_str(), "community" | "subdistrict" | "district") => {
            Ok(())
        }
        Some((_, name)) => Err(Error::Invalid {
            what: Field::Hall,
            value: name,
        }),
        None => Err(Error::NotFound {
            what: Field::Hall,
            query: id.to_string(),
            closest: None,
        }),
    }
}

impl super::Store {
    /// Changes a staff record; every change is an event with before and
    /// after. Supervisors only. The last active supervisor can be neither
    /// demoted nor disabled: someone must be able to set the hall up.
    pub fn edit_staff(&mut self, actor: i64, id: i64, e: &StaffEdit) -> Result<Staff> {
        use crate::domain::lifecycle::Permission;
        self.require(actor, Permission::EditStaff)?;
        let now = self.now();
        let tx = self.conn.transaction()?;
        let out = edit_in(&tx, now, actor, id, e)?;
        tx.commit()?;
        Ok(out)
    }
}

/// The change of [`super::Store::edit_staff`] inside the caller's
/// transaction (the role checked by the caller): every check, the write
/// and its event.
pub(crate) fn edit_in(
    tx: &Connection,
    now: Time,
    actor: i64,
    id: i64,
    e: &StaffEdit,
) -> Result<Staff> {
    let name = match &e.name {
        Some(n) => Some(super::typed_text(n, Field::Name)?),
        None => None,
    };
    let phone = match &e.phone {
        Some(Some(p)) if !p.trim().is_empty() => Some(Some(
            crate::domain::ident::parse_phone(p)
                .map_err(Error::BadPhone)?
                .0,
        )),
        Some(_) => Some(None),
        None => None,
    };
    let before = by_id(tx, id)?;
    if let Some(h) = e.hall {
        check_hall(tx, h)?;
    }
    let after = Staff {
        name: name.clone().unwrap_or_else(|| before.name.clone()),
        role: e.role.unwrap_or(before.role),
        node_id: e.hall.unwrap_or(before.node_id),
        active: e.active.unwrap_or(before.active),
        ..before.clone()
    };
    let was_supervisor = before.role == Role::Supervisor && before.active;
    let stays_supervisor = after.role == Role::Supervisor && after.active;
    if was_supervisor && !stays_supervisor && other_supervisors(tx, id)? == 0 {
        return Err(Error::LastSupervisor(before.login.clone()));
    }
    // Disabling oneself locks the session out at once, with no one able to
    // undo it from that login: another supervisor does it.
    if actor == id && before.active && !after.active {
        return Err(Error::OwnAccount(before.login.clone()));
    }
    let before_phone: Option<String> =
        tx.query_row("SELECT phone FROM staff WHERE id = ?1", [id], |r| r.get(0))?;
    let new_phone = phone.clone().unwrap_or(before_phone.clone());
    tx.execute(
            "UPDATE staff SET name = ?1, role = ?2, node_id = ?3, phone = ?4, active = ?5, version = version + 1
              WHERE id = ?6",
            params![
                after.name,
                after.role.code(),
                after.node_id,
                new_phone,
                after.active,
                id
            ],
        )?;
    let mask = |p: &Option<String>| p.as_deref().map(crate::domain::ident::mask_phone);
    let json = |s: &Staff, p: &Option<String>| {
        serde_json::json!({"name": s.name, "role": s.role.code(), "hall": s.node_id,
                               "phone": mask(p), "active": s.active})
        .to_string()
    };
    super::event::append(
        tx,
        now,
        &super::event::NewEvent {
            staff_id: Some(actor),
            entity: "staff",
            entity_id: id,
            kind: "update",
            note: Some(&before.login),
            before: Some(json(&before, &before_phone)),
            after: Some(json(&after, &new_phone)),
            ..Default::default()
        },
    )?;
    by_id(tx, id)
}

/// A staff member with the name of their hall and their phone.
pub type StaffLine = (Staff, Option<String>, Option<String>);

/// Staff with the name of their hall and their phone, by hall then login;
/// `all` includes those disabled.
pub fn listing(conn: &Connection, all: bool) -> Result<Vec<StaffLine>> {
    let mut st = conn.prepare_cached(
        "SELECT s.id, s.login, s.name, s.role, s.node_id, s.active, g.name, s.phone
           FROM staff s LEFT JOIN grid_node g ON g.id = s.node_id
          WHERE ?1 OR s.active = 1
          ORDER BY g.name IS NULL, g.name, s.login",
    )?;
    let v = st
        .query_map([all], |r| Ok((row(r)?, r.get(6)?, r.get(7)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(v)
}

/// The addition of [`super::Store::add_staff_with`] inside the caller's
/// transaction (the role checked by the caller): the name checked as
/// typed text, the login one word, the phone parsed, the hall a
/// community, subdistrict or the district; the record and its event.
pub(crate) fn add_in(
    tx: &Connection,
    now: Time,
    actor: i64,
    s: &NewStaff<'_>,
    phone: Option<&str>,
) -> Result<i64> {
    let name = super::typed_text(s.name, Field::Name)?;
    let login = s.login.trim();
    if login.is_empty() || login.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(Error::Invalid {
            what: Field::Staff,
            value: s.login.to_string(),
        });
    }
    let phone = match phone.map(str::trim).filter(|p| !p.is_empty()) {
        Some(p) => Some(
            crate::domain::ident::parse_phone(p)
                .map_err(Error::BadPhone)?
                .0,
        ),
        None => None,
    };
    check_hall(tx, s.node_id)?;
    let id = add(
        tx,
        now,
        Some(actor),
        &NewStaff {
            login,
            name: &name,
            ..*s
        },
    )?;
    if phone.is_some() {
        tx.execute(
            "UPDATE staff SET phone = ?1 WHERE id = ?2",
            params![phone, id],
        )?;
    }
    Ok(id)
}
