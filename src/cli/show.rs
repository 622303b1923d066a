//! `griddesk show TICKET [--json]`: a request with its timeline.

use super::{CliResult, Ctx, Failure, short_time};
use crate::domain::ident::mask_phone;
use crate::domain::lifecycle::{Level, Status};
use crate::i18n::{self, Lang, Msg, tr};
use crate::store::request;
use std::fmt::Write as _;

fn status_name(code: &str, l: Lang) -> String {
    Status::parse(code)
        .map(|s| i18n::status(s, l).to_string())
        .unwrap_or_else(|| code.to_string())
}

fn level_name(code: &str, l: Lang) -> String {
    Level::parse(code)
        .map(|s| i18n::level(s, l).to_string())
        .unwrap_or_else(|| code.to_string())
}

pub fn run(ctx: &Ctx, ticket: &str, json: bool) -> CliResult {
    let mut store = ctx.open_read()?;
    let l = ctx.lang;
    let r = store.request_by_ticket(ticket).map_err(|e| ctx.fail(e))?;
    let timeline = store.timeline(r.id).map_err(|e| ctx.fail(e))?;
    let custody = request::custody(store.conn(), r.id).map_err(|e| ctx.fail(e))?;
    let errand = request::errand(store.conn(), r.id).map_err(|e| ctx.fail(e))?;
    let cat = request::category(store.conn(), &r.category).ok();
    let now = store.now();
    let warning = r.warning(now, store.calendar().map_err(|e| ctx.fail(e))?);
    if json {
        let mut masked = r.clone();
        masked.requester_phone = masked.requester_phone.as_deref().map(mask_phone);
        let v = serde_json::json!({"request": masked, "warning": warning.code(), "timeline": timeline, "custody": custody, "errand": errand});
        println!(
            "{}",
            serde_json::to_string_pretty(&v).map_err(|e| Failure::runtime(e.to_string()))?
        );
        return Ok(());
    }
    let mut s = String::new();
    let cat_name = cat
        .map(|c| l.pick(&c.name_zh, &c.name_en).to_string())
        .unwrap_or(r.category.clone());
    let _ = writeln!(
        s,
        "{}  {}  [{}] {}",
        r.ticket,
        cat_name,
        i18n::status(r.status, l),
        warning.symbol().trim()
    );
    let _ = writeln!(
        s,
        "{}: {}",
        l.pick("住户", "household"),
        r.household.clone().unwrap_or_default()
    );
    if let Some(n) = &r.requester_name {
        let _ = writeln!(s, "{}: {n}", l.pick("诉求人", "requester"));
    }
    let _ = writeln!(
        s,
        "{}: {}  {}: {}",
        l.pick("渠道", "channel"),
        l.pick(r.channel.zh(), r.channel.en()),
        l.pick("层级", "level"),
        i18n::level(r.level, l)
    );
    let _ = writeln!(
        s,
        "{}: {}",
        l.pick("承办人", "assignee"),
        r.assignee.clone().unwrap_or_else(|| "-".into())
    );
    let _ = writeln!(
        s,
        "{}: {}  {}",
        l.pick("受理时间", "registered"),
        short_time(r.registered_at),
        tr(&Msg::DueAt(short_time(r.due_at)), l)
    );
    let _ = writeln!(
        s,
        "{}: {}",
        l.pick("诉求内容", "description"),
        r.description
    );
    if let Some(res) = &r.result {
        let _ = writeln!(s, "{}: {res}", l.pick("办理结果", "result"));
    }
    if let Some(e) = &errand {
        let _ = writeln!(
            s,
            "{}: {} · {} · {}",
            tr(&Msg::Errand, l),
            e.department.clone().unwrap_or_default(),
            e.promised_date.clone().unwrap_or_default(),
            e.agent.clone().unwrap_or_default()
        );
    }
    if !custody.is_empty() {
        let _ = writeln!(s, "{}:", tr(&Msg::Custody, l));
        for c in &custody {
            let state = match (&c.returned_at, &c.holder) {
                (Some(t), _) => format!("{} {}", tr(&Msg::Returned, l), short_time(*t)),
                (None, Some(h)) => tr(&Msg::Held(h.clone()), l),
                (None, None) => "-".into(),
            };
            let _ = writeln!(s, "  {}  {state}", c.item);
        }
    }
    let _ = writeln!(s, "{}:", tr(&Msg::Timeline, l));
    for e in &timeline {
        let mut line = format!(
            "  {}  {:<8} {}",
            short_time(e.at),
            e.kind,
            e.staff.clone().unwrap_or_default()
        );
        if let (Some(a), Some(b)) = (&e.from_status, &e.to_status) {
            let _ = write!(line, "  {} → {}", status_name(a, l), status_name(b, l));
        } else if let Some(b) = &e.to_status {
            let _ = write!(line, "  → {}", status_name(b, l));
        }
        if let (Some(a), Some(b)) = (&e.from_level, &e.to_level) {
            let _ = write!(line, "  {} → {}", level_name(a, l), level_name(b, l));
        }
        if let Some(r) = &e.reason {
            let _ = write!(line, "  ({r})");
        }
        if let Some(n) = &e.note {
            let _ = write!(line, "  {n}");
        }
        let _ = writeln!(s, "{line}");
    }
    print!("{s}");
    Ok(())
}

/// `griddesk categories`
pub fn categories(ctx: &Ctx) -> CliResult {
    let store = ctx.open_read()?;
    let l = ctx.lang;
    for c in request::categories(store.conn()).map_err(|e| ctx.fail(e))? {
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
