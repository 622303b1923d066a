//! `griddesk find QUERY [--json]`: one lookup, printed, then exit.

use super::{CliResult, Ctx, Failure};
use crate::i18n::{Msg, tr};
use crate::store::search::HitKind;
use std::io::Write;

pub fn run(ctx: &Ctx, query: &str, json: bool, limit: usize) -> CliResult {
    let store = ctx.open_read()?;
    let hits = store.search(query, limit).map_err(|e| ctx.fail(e))?;
    let mut out = std::io::stdout().lock();
    if json {
        let s = serde_json::to_string_pretty(&hits).map_err(|e| Failure::runtime(e.to_string()))?;
        let _ = writeln!(out, "{s}");
        return Ok(());
    }
    if hits.is_empty() {
        let _ = writeln!(out, "{}", tr(&Msg::NoHits(query.to_string()), ctx.lang));
        return Ok(());
    }
    for h in &hits {
        let kind = match h.kind {
            HitKind::Household => tr(&Msg::Household, ctx.lang),
            HitKind::Resident => tr(&Msg::Resident, ctx.lang),
            HitKind::Request => tr(&Msg::Request, ctx.lang),
        };
        let _ = writeln!(out, "{kind}\t{}\t{}", h.label, h.detail);
    }
    Ok(())
}
