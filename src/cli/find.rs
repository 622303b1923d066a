//! `griddesk find QUERY [--json]`: one lookup, printed, then exit. Party
//! members are listed too, from the search the screens use, to those the
//! operator may see (their community's, or all for a supervisor), phones
//! masked; with no operator known, none.

use super::{CliResult, Ctx, Failure};
use crate::i18n::{Msg, tr};
use crate::store::search::HitKind;
use std::io::Write;

/// Exit 0 with hits; 1 when nothing matches (as grep does: the message on
/// stderr, and `[]` on stdout with `--json`), so scripts can tell; 2 for
/// an empty query or `--limit 0`.
pub fn run(ctx: &Ctx, query: &str, json: bool, limit: usize) -> CliResult {
    if crate::domain::text::normalize(query).is_empty() {
        return Err(Failure::usage(tr(&Msg::EmptyQuery, ctx.lang)));
    }
    if limit == 0 {
        return Err(Failure::usage(tr(&Msg::ZeroLimit, ctx.lang)));
    }
    let store = ctx.open_read()?;
    let mut hits = store.search(query, limit).map_err(|e| ctx.fail(e))?;
    if let Ok(op) = ctx.operator(&store) {
        hits.extend(
            store
                .search_members(op.id, query, limit)
                .map_err(|e| ctx.fail(e))?,
        );
    }
    let mut out = std::io::stdout().lock();
    let none = || Failure::runtime(tr(&Msg::NoHits(query.to_string()), ctx.lang));
    if json {
        let s = serde_json::to_string_pretty(&hits).map_err(|e| Failure::runtime(e.to_string()))?;
        let _ = writeln!(out, "{s}");
        return if hits.is_empty() { Err(none()) } else { Ok(()) };
    }
    if hits.is_empty() {
        return Err(none());
    }
    for h in &hits {
        let kind = match h.kind {
            HitKind::Household => tr(&Msg::Household, ctx.lang),
            HitKind::Resident => tr(&Msg::Resident, ctx.lang),
            HitKind::Request => tr(&Msg::Request, ctx.lang),
            HitKind::Member => ctx.lang.pick("党员", "member").to_string(),
        };
        let _ = writeln!(out, "{kind}\t{}\t{}", h.label, h.detail);
    }
    Ok(())
}
