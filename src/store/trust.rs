//! Role-guarded changes: voiding records (nothing is hard-deleted), staff
//! and categories, accepting a handover on someone's behalf, revealing a
//! masked ID or phone. The role check is here, below every screen and
//! command.

use super::event::{NewEvent, append};
use super::staff::{self, NewStaff, Staff};
use super::{Error, Field, Result, Store, fmt_time};
use crate::domain::lifecycle::{Permission, Role, authorize};
use rusqlite::params;

/// What can be voided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Record {
    Household(i64),
    Resident(i64),
}

impl Store {
    fn active_staff(&self, id: i64) -> Result<Staff> {
        let s = staff::by_id(&self.conn, id)?;
        if s.active {
            Ok(s)
        } else {
            Err(Error::NotFound {
                what: Field::Staff,
                query: s.login,
                closest: None,
            })
        }
    }

    pub(crate) fn require(&self, actor: i64, p: Permission) -> Result<Staff> {
        let s = self.active_staff(actor)?;
        authorize(s.role, p).map_err(Error::Role)?;
        Ok(s)
    }

    /// Voids a household (with its residents) or a resident, with a reason.
    /// Supervisors only. The rows stay, marked, and drop out of lists.
    pub fn void(&mut self, actor: i64, what: Record, reason: &str) -> Result<()> {
        self.require(actor, Permission::Void)?;
        let reason = super::typed_text(reason, Field::Reason)?;
        let now = self.now();
        let t = fmt_time(now);
        let tx = self.conn.transaction()?;
        let (entity, id, n) = match what {
            Record::Household(id) => {
                let n = tx.execute("UPDATE household SET voided_at = ?1, void_reason = ?2, version = version + 1 WHERE id = ?3 AND voided_at IS NULL", params![t, reason, id])?;
                tx.execute("UPDATE resident SET voided_at = ?1, void_reason = ?2, version = version + 1 WHERE household_id = ?3 AND voided_at IS NULL", params![t, reason, id])?;
                ("household", id, n)
            }
            Record::Resident(id) => {
                let n = tx.execute("UPDATE resident SET voided_at = ?1, void_reason = ?2, version = version + 1 WHERE id = ?3 AND voided_at IS NULL", params![t, reason, id])?;
                ("resident", id, n)
            }
        };
        if n == 0 {
            return Err(Error::NotFound {
                what: Field::Household,
                query: id.to_string(),
                closest: None,
            });
        }
        append(
            &tx,
            now,
            &NewEvent {
                staff_id: Some(actor),
                entity,
                entity_id: id,
                kind: "void",
                reason: Some(&reason),
                ..Default::default()
            },
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Adds a staff record. Supervisors only.
    pub fn add_staff(&mut self, actor: i64, s: &NewStaff<'_>) -> Result<i64> {
        self.add_staff_with(actor, s, None)
    }

    /// Adds a staff record with a phone; the name is checked as typed
    /// text, the hall must be a community, subdistrict or the district.
    /// Supervisors only.
    pub fn add_staff_with(
        &mut self,
        actor: i64,
        s: &NewStaff<'_>,
        phone: Option<&str>,
    ) -> Result<i64> {
        self.require(actor, Permission::EditStaff)?;
        let now = self.now();
        let tx = self.conn.transaction()?;
        let id = staff::add_in(&tx, now, actor, s, phone)?;
        tx.commit()?;
        Ok(id)
    }

    /// Changes a staff member's role or deactivates them. Supervisors only.
    pub fn set_staff(&mut self, actor: i64, id: i64, role: Role, active: bool) -> Result<()> {
        let edit = staff::StaffEdit {
            role: Some(role),
            active: Some(active),
            ..Default::default()
        };
        self.edit_staff(actor, id, &edit).map(|_| ())
    }

    /// Changes a category's time limit or takes it out of use. Supervisors only.
    pub fn set_category(
        &mut self,
        actor: i64,
        code: &str,
        limit_days: u32,
        active: bool,
    ) -> Result<()> {
        self.require(actor, Permission::EditCategories)?;
        let now = self.now();
        let tx = self.conn.transaction()?;
        let before = super::request::category(&tx, code)?;
        tx.execute(
            "UPDATE category SET limit_days = ?1, active = ?2 WHERE code = ?3",
            params![limit_days, active, before.code],
        )?;
        append(
            &tx,
            now,
            &NewEvent {
                staff_id: Some(actor),
                entity: "category",
                entity_id: 0,
                kind: "update",
                note: Some(&before.code),
                before: Some(serde_json::json!({"limit_days": before.limit_days}).to_string()),
                after: Some(
                    serde_json::json!({"limit_days": limit_days, "active": active}).to_string(),
                ),
                ..Default::default()
            },
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Accepts a handover for another member of staff. Supervisors only.
    pub fn accept_shift_for(&mut self, actor: i64, shift: i64, on_behalf_of: i64) -> Result<()> {
        self.require(actor, Permission::AcceptHandoverForOther)?;
        self.active_staff(on_behalf_of)?;
        let now = self.now();
        let tx = self.conn.transaction()?;
        let n = tx.execute(
            "UPDATE shift SET accepted_by = ?1, accepted_at = ?2 WHERE id = ?3 AND accepted_by IS NULL AND ended_at IS NOT NULL",
            params![on_behalf_of, fmt_time(now), shift],
        )?;
        if n == 0 {
            return Err(Error::Conflict);
        }
        let note = format!("on behalf of staff {on_behalf_of}");
        append(
            &tx,
            now,
            &NewEvent {
                staff_id: Some(actor),
                entity: "shift",
                entity_id: shift,
                kind: "shift_accept",
                note: Some(&note),
                ..Default::default()
            },
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Shows a resident's full ID and phone; the look is logged.
    pub fn reveal(
        &mut self,
        actor: i64,
        resident: i64,
    ) -> Result<(Option<String>, Option<String>)> {
        self.active_staff(actor)?;
        let now = self.now();
        let r = super::household::resident(&self.conn, resident)?;
        append(
            &self.conn,
            now,
            &NewEvent {
                staff_id: Some(actor),
                entity: "resident",
                entity_id: resident,
                kind: "reveal",
                ..Default::default()
            },
        )?;
        Ok((r.id_number, r.mobile))
    }

    /// Shows a household's own phone in full; the look is logged, as a
    /// member's reveal is.
    pub fn reveal_household_phone(&mut self, actor: i64, household: i64) -> Result<Option<String>> {
        self.active_staff(actor)?;
        let h = super::household::get(&self.conn, household)?;
        append(
            &self.conn,
            self.now(),
            &NewEvent {
                staff_id: Some(actor),
                entity: "household",
                entity_id: household,
                kind: "reveal",
                ..Default::default()
            },
        )?;
        Ok(h.phone)
    }
}
