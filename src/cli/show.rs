//! `griddesk show TICKET [--json]`: a request with its timeline.

use super::{CliResult, Ctx, Failure};
use crate::domain::ident::mask_phone;
use crate::printout;
use crate::store::request;
use crate::store::views::request_file;

pub fn run(ctx: &Ctx, ticket: &str, json: bool) -> CliResult {
    let mut store = ctx.open_read()?;
    let r = store.request_by_ticket(ticket).map_err(|e| ctx.fail(e))?;
    let now = store.now();
    let cal = store.calendar().map_err(|e| ctx.fail(e))?.clone();
    let file = store
        .read(|c| request_file(c, r, now, &cal))
        .map_err(|e| ctx.fail(e))?;
    if json {
        let mut masked = file.request.clone();
        masked.requester_phone = masked.requester_phone.as_deref().map(mask_phone);
        let v = serde_json::json!({"request": masked, "warning": file.warning.code(), "timeline": file.timeline, "custody": file.custody, "errand": file.errand});
        println!(
            "{}",
            serde_json::to_string_pretty(&v).map_err(|e| Failure::runtime(e.to_string()))?
        );
        return Ok(());
    }
    print!("{}", printout::detail_text(&file, ctx.lang, 100));
    Ok(())
}

/// `griddesk categories`
pub fn categories(ctx: &Ctx) -> CliResult {
    let store = ctx.open_read()?;
    let l = ctx.lang;
    for c in store.read(request::categories).map_err(|e| ctx.fail(e))? {
        let indent = if c.parent.is_some() { "  " } else { "" };
        let limit = if c.limit_days == 0 {
            l.pick("即办", "same day").to_string()
        } else {
            format!("{}{}", c.limit_days, l.pick("个工作日", " working days"))
        };
        println!(
            "{indent}{:<28} {:<12} {limit}",
            c.code,
            l.pick(&c.name_zh, &c.name_en)
        );
    }
    Ok(())
}
