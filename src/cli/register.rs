//! `griddesk register --household ADDR-OR-ID | --resident ID --category CODE
//! --text TEXT [--channel …]`: registers a request and prints its ticket.

use super::{CliResult, Ctx, Failure, short_time};
use crate::domain::address;
use crate::domain::ident;
use crate::domain::lifecycle::Channel;
use crate::i18n::{Msg, tr};
use crate::store::household::{self, Household};
use crate::store::request::{self, NewRequest};
use crate::store::{Error, Field, Store};

pub struct Args<'a> {
    pub household: Option<&'a str>,
    pub resident: Option<&'a str>,
    pub category: &'a str,
    pub text: &'a str,
    pub channel: Channel,
    /// Register even though the same request was registered moments ago.
    pub again: bool,
}

/// The one household an address (or a household number) names; none or
/// several are refused, with the closest or the candidates.
pub fn resolve_household(store: &Store, q: &str) -> Result<Household, Error> {
    let qn = crate::domain::text::normalize(q);
    if let Some(n) = qn
        .strip_prefix('#')
        .or(Some(qn.as_str()))
        .filter(|s| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
        && let Ok(id) = n.parse::<i64>()
    {
        return store.read(|c| household::get(c, id));
    }
    let a = address::parse(&qn).ok_or_else(|| Error::Invalid {
        what: Field::Address,
        value: q.to_string(),
    })?;
    let found = store.read(|c| household::at_address(c, &a, 12))?;
    if !a.is_complete() && !found.is_empty() {
        return Err(Error::Ambiguous {
            what: Field::Household,
            query: q.to_string(),
            candidates: found.iter().take(8).map(Household::label).collect(),
        });
    }
    match found.len() {
        1 => Ok(found.into_iter().next().expect("one")),
        0 => {
            // The nearest room in the same building (and unit, if any).
            let wider = address::Address {
                room: None,
                ..a.clone()
            };
            let mut near = store.read(|c| household::at_address(c, &wider, 500))?;
            if near.is_empty() {
                near = store.read(|c| {
                    household::at_address(
                        c,
                        &address::Address {
                            unit: None,
                            room: None,
                            ..a.clone()
                        },
                        500,
                    )
                })?;
            }
            let target: i64 = a.room.as_deref().and_then(|r| r.parse().ok()).unwrap_or(0);
            let closest = near
                .iter()
                .min_by_key(|h| (h.room.parse::<i64>().unwrap_or(i64::MAX / 2) - target).abs())
                .map(Household::label);
            Err(Error::NotFound {
                what: Field::Household,
                query: q.to_string(),
                closest,
            })
        }
        _ => Err(Error::Ambiguous {
            what: Field::Household,
            query: q.to_string(),
            candidates: found.iter().take(8).map(Household::label).collect(),
        }),
    }
}

/// The resident a full resident ID names; the check digit is verified first.
pub fn resolve_resident(store: &Store, q: &str) -> Result<household::Resident, Error> {
    let today = store.now().date_naive();
    let id = ident::parse_resident_id(q, today).map_err(Error::BadId)?;
    if let Some(r) = store.read(|c| household::resident_by_id_number(c, &id.number))? {
        return Ok(r);
    }
    // Closest: an ID that differs in the fewest places, shown masked.
    let tail = &id.number[14..];
    let near = store.read(|c| household::id_numbers_ending(c, tail, 200))?;
    let closest = near
        .iter()
        .map(|n| {
            (
                n.bytes()
                    .zip(id.number.bytes())
                    .filter(|(a, b)| a != b)
                    .count(),
                n,
            )
        })
        .filter(|(d, _)| *d <= 3)
        .min()
        .map(|(_, n)| ident::mask_id(n));
    Err(Error::NotFound {
        what: Field::Resident,
        query: ident::mask_id(&id.number),
        closest,
    })
}

pub fn run(ctx: &Ctx, a: &Args<'_>) -> CliResult {
    // Cheap checks on the typed text before the database is opened.
    crate::store::typed_text(a.text, Field::Description).map_err(|e| ctx.fail(e))?;
    let mut store = ctx.open()?;
    let op = ctx.operator(&store)?;
    let category = store
        .read(|c| request::category(c, a.category))
        .map_err(|e| ctx.fail(e))?;
    let (household_id, resident) = match (a.household, a.resident) {
        (Some(h), Some(r)) => {
            // Both named: the store refuses a resident who lives elsewhere.
            let r = resolve_resident(&store, r).map_err(|e| ctx.fail(e))?;
            let h = resolve_household(&store, h).map_err(|e| ctx.fail(e))?;
            (h.id, Some(r))
        }
        (None, Some(r)) => {
            let r = resolve_resident(&store, r).map_err(|e| ctx.fail(e))?;
            (r.household_id, Some(r))
        }
        (Some(h), None) => (
            resolve_household(&store, h).map_err(|e| ctx.fail(e))?.id,
            None,
        ),
        (None, None) => return Err(Failure::usage(tr(&Msg::NeedHouseholdOrResident, ctx.lang))),
    };
    let mut nr = NewRequest::new(a.channel, &category.code, a.text);
    nr.household_id = Some(household_id);
    nr.again = a.again;
    if let Some(r) = &resident {
        nr.resident_id = Some(r.id);
        nr.requester_name = Some(r.name.clone());
    }
    let reg = store.register(op.id, &nr).map_err(|e| ctx.fail(e))?;
    println!("{}", reg.ticket);
    eprintln!(
        "{}",
        tr(
            &Msg::Registered {
                ticket: reg.ticket.clone(),
                due: short_time(reg.due_at)
            },
            ctx.lang
        )
    );
    store.close();
    Ok(())
}
