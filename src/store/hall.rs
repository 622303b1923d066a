//! Setting up a hall from nothing (`griddesk init`): the district, its
//! code, and the first supervisor. Everything else — the grid, staff,
//! households — comes from the hall's own files afterwards.

use super::grid::{self, NewNode, NodeLevel};
use super::staff::{self, NewStaff};
use super::{Error, Field, Result, Store};
use crate::domain::lifecycle::Role;
use rusqlite::{OptionalExtension, params};

/// What `init` made.
#[derive(Debug, Clone)]
pub struct Initialised {
    pub district_id: i64,
    pub supervisor_id: i64,
}

impl Store {
    /// Makes the district node and the first supervisor in a new database,
    /// in one transaction. Refused when the database has a grid already.
    /// `code` is the district's 6-digit administrative code (GB/T 2260).
    pub fn init_district(
        &mut self,
        district: &str,
        code: Option<&str>,
        login: &str,
        name: &str,
    ) -> Result<Initialised> {
        let district = super::typed_text(district, Field::Node)?;
        if district.contains('\n') {
            return Err(Error::Invalid {
                what: Field::Node,
                value: district,
            });
        }
        let code = match code.map(crate::domain::text::normalize) {
            Some(c) if c.len() == 6 && c.bytes().all(|b| b.is_ascii_digit()) => Some(c),
            Some(c) => {
                return Err(Error::Invalid {
                    what: Field::DistrictCode,
                    value: c,
                });
            }
            None => None,
        };
        let name = super::typed_text(name, Field::Name)?;
        let now = self.now();
        let tx = self.conn.transaction()?;
        let existing: Option<String> = tx
            .query_row(
                "SELECT name FROM grid_node WHERE parent_id IS NULL LIMIT 1",
                [],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(d) = existing {
            return Err(Error::Duplicate {
                what: Field::Node,
                value: d,
            });
        }
        let district_id = grid::add(
            &tx,
            now,
            None,
            &NewNode {
                parent_id: None,
                level: NodeLevel::District,
                name: &district,
                num: None,
                is_group: false,
            },
        )?;
        if let Some(c) = &code {
            tx.execute(
                "INSERT INTO meta(key, value) VALUES ('district_code', ?1)
                 ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                params![c],
            )?;
        }
        let supervisor_id = staff::add(
            &tx,
            now,
            None,
            &NewStaff {
                login,
                name: &name,
                role: Role::Supervisor,
                node_id: Some(district_id),
            },
        )?;
        tx.commit()?;
        Ok(Initialised {
            district_id,
            supervisor_id,
        })
    }

    /// The district's administrative code, if `init` was given one.
    pub fn district_code(&self) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row(
                "SELECT value FROM meta WHERE key = 'district_code'",
                [],
                |r| r.get(0),
            )
            .optional()?)
    }
}
