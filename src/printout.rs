//! Printable texts: the receipt (受理回执), the request with its timeline,
//! the handover record, the report. The same words on the screen, on paper
//! and on the command line; widths are display widths.

use crate::domain::calendar::Time;
use crate::domain::lifecycle::{Level, Status};
use crate::i18n::{self, Lang};
use crate::store::request::{Category, Registered, Request};
use crate::store::views::{Handover, Report, RequestFile};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

fn t(l: Lang, zh: &str, en: &str) -> String {
    l.pick(zh, en).to_string()
}

/// Stored text may hold control characters written before they were
/// refused at input: each is shown as its escape, on the screen, on paper
/// and on the command line alike, never sent to the terminal or printer.
fn shown(s: String) -> String {
    match crate::domain::text::printable(&s, true) {
        std::borrow::Cow::Borrowed(_) => s,
        std::borrow::Cow::Owned(o) => o,
    }
}

/// The request detail as text: for the screen and for printing.
pub fn detail_text(d: &RequestFile, l: Lang, width: usize) -> String {
    shown(detail_text_raw(d, l, width))
}

/// The handover record as text.
pub fn handover_text(h: &Handover, l: Lang) -> String {
    shown(handover_text_raw(h, l, 15))
}

/// The handover record as the screen shows it: every row read.
pub fn handover_text_all(h: &Handover, l: Lang) -> String {
    shown(handover_text_raw(h, l, usize::MAX))
}

/// The report as text.
pub fn report_text(r: &Report, l: Lang) -> String {
    shown(report_text_raw(r, l))
}

/// The receipt (受理回执) at `width` columns.
pub fn receipt(
    r: &Request,
    cat: Option<&Category>,
    reg: &Registered,
    l: Lang,
    width: usize,
) -> String {
    shown(receipt_raw(r, cat, reg, None, &[], l, width))
}

/// The receipt naming the resident who came (the requester or the head of
/// the household) and listing the originals received into custody.
pub fn receipt_for(
    r: &Request,
    cat: Option<&Category>,
    reg: &Registered,
    resident: Option<&str>,
    originals: &[String],
    l: Lang,
    width: usize,
) -> String {
    shown(receipt_raw(r, cat, reg, resident, originals, l, width))
}

/// How many a list shows: `(181)` when it shows them all, `(前 50 / 共 181)`
/// when it was cut.
pub fn counted(l: Lang, shown: usize, total: usize) -> String {
    if shown >= total {
        format!("({total})")
    } else {
        match l {
            Lang::Zh => format!("(前 {shown} / 共 {total})"),
            Lang::En => format!("(first {shown} of {total})"),
        }
    }
}

/// Cuts `s` to `w` display cells, marking the cut with `…` (or `~` in ASCII).
pub fn fit(s: &str, w: usize) -> String {
    if s.width() <= w {
        return s.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let cw = c.width().unwrap_or(0);
        if used + cw + 1 > w {
            break;
        }
        out.push(c);
        used += cw;
    }
    out.push('~');
    out
}

/// Pads to exactly `w` cells.
pub fn pad(s: &str, w: usize) -> String {
    let s = fit(s, w);
    let n = w.saturating_sub(s.width());
    format!("{s}{}", " ".repeat(n))
}

pub fn short(tm: Time) -> String {
    tm.format("%m-%d %H:%M").to_string()
}

pub fn status_name(code: &str, l: Lang) -> String {
    Status::parse(code)
        .map(|s| i18n::status(s, l).to_string())
        .unwrap_or_else(|| code.to_string())
}

pub fn level_name(code: &str, l: Lang) -> String {
    Level::parse(code)
        .map(|s| i18n::level(s, l).to_string())
        .unwrap_or_else(|| code.to_string())
}

/// The request detail as text: for the screen and for printing.
fn detail_text_raw(d: &RequestFile, l: Lang, width: usize) -> String {
    let r = &d.request;
    let mut s = String::new();
    let w = |s: &mut String, line: String| {
        s.push_str(&fit(&line, width.max(20)));
        s.push('\n');
    };
    w(
        &mut s,
        format!(
            "{} {}  [{}] {}  {} {}",
            r.ticket,
            d.category
                .as_ref()
                .map(|c| l.pick(&c.name_zh, &c.name_en).to_string())
                .unwrap_or_else(|| r.category.clone()),
            i18n::status(r.status, l),
            d.warning.symbol().trim(),
            t(l, "层级", "level"),
            i18n::level(r.level, l)
        ),
    );
    // The requester when one was named; no empty label otherwise.
    let mut who = format!(
        "{} {}",
        t(l, "住户", "household"),
        r.household.clone().unwrap_or_else(|| t(l, "无", "none"))
    );
    if let Some(n) = r.requester_name.as_deref().filter(|n| !n.trim().is_empty()) {
        who.push_str(&format!("  {} {n}", t(l, "诉求人", "requester")));
    }
    w(&mut s, who);
    w(
        &mut s,
        format!(
            "{} {}  {} {}",
            t(l, "承办", "assignee"),
            r.assignee.clone().unwrap_or_else(|| "-".into()),
            t(l, "时限", "due"),
            short(r.due_at)
        ),
    );
    w(
        &mut s,
        format!("{} {}", t(l, "内容", "description"), r.description),
    );
    if let Some(res) = &r.result {
        w(&mut s, format!("{} {res}", t(l, "结果", "result")));
    }
    if let Some(e) = &d.errand {
        w(
            &mut s,
            format!(
                "{} {} · {} · {}",
                t(l, "代办", "errand"),
                e.department.clone().unwrap_or_default(),
                e.promised_date.clone().unwrap_or_default(),
                e.agent.clone().unwrap_or_default()
            ),
        );
    }
    if !d.custody.is_empty() {
        w(&mut s, t(l, "代管材料：", "originals held:"));
        for c in &d.custody {
            let state = match (&c.returned_at, &c.holder) {
                (Some(tm), _) => format!("{} {}", t(l, "已交还", "handed back"), short(*tm)),
                (None, Some(h)) => format!("{}{h}", t(l, "保管人 ", "held by ")),
                (None, None) => "-".into(),
            };
            w(&mut s, format!("  {} {state}", c.item));
        }
    }
    w(&mut s, t(l, "办理经过：", "timeline:"));
    // The kind column is as wide as the widest kind this timeline shows.
    let kind_w = d
        .timeline
        .iter()
        .map(|e| i18n::event_kind(&e.kind, l).width())
        .max()
        .unwrap_or(0);
    for e in &d.timeline {
        let mut line = format!(
            "  {} {} {}",
            short(e.at),
            pad(i18n::event_kind(&e.kind, l), kind_w),
            e.staff.clone().unwrap_or_default()
        );
        if let (Some(a), Some(b)) = (&e.from_status, &e.to_status) {
            line.push_str(&format!(" {}→{}", status_name(a, l), status_name(b, l)));
        }
        if let (Some(a), Some(b)) = (&e.from_level, &e.to_level) {
            line.push_str(&format!(" {}→{}", level_name(a, l), level_name(b, l)));
        }
        if let Some(x) = &e.reason {
            line.push_str(&format!(" ({x})"));
        }
        if let Some(x) = &e.note {
            line.push_str(&format!(" {x}"));
        }
        w(&mut s, line);
    }
    s
}

/// The handover record as text: the screen, `griddesk handover` and print.
fn handover_text_raw(h: &Handover, l: Lang, rows: usize) -> String {
    let mut s = String::new();
    let sh = &h.shift;
    s.push_str(&format!(
        "{} {}  {} {}  {}\n",
        t(l, "值班", "shift of"),
        sh.staff,
        t(l, "开始", "from"),
        short(sh.started_at),
        sh.ended_at
            .clone()
            .map(|e| format!("{} {e}", t(l, "结束", "to")))
            .unwrap_or_default()
    ));
    if let (Some(by), Some(at)) = (&sh.accepted_by, &sh.accepted_at) {
        s.push_str(&format!("{} {by} {at}\n", t(l, "接班人", "accepted by")));
    }
    if !sh.note.is_empty() {
        s.push_str(&format!("{} {}\n", t(l, "交班说明", "note"), sh.note));
    }
    // Each list says how many there are, and how many it shows.
    let list = |s: &mut String, title: String, v: &[Request], total: i64| {
        let total = usize::try_from(total).unwrap_or(0).max(v.len());
        s.push_str(&format!(
            "{title} {}\n",
            counted(l, v.len().min(rows), total)
        ));
        for r in v.iter().take(rows) {
            s.push_str(&format!(
                "  {} {} {} {}\n",
                r.ticket,
                i18n::status(r.status, l),
                r.household.clone().unwrap_or_default(),
                fit(&r.description, 30)
            ));
        }
    };
    list(
        &mut s,
        t(l, "本班登记", "registered in the shift"),
        &h.registered,
        h.registered_total,
    );
    list(
        &mut s,
        t(l, "本班办结", "resolved in the shift"),
        &h.resolved,
        h.resolved_total,
    );
    // The open requests by assignee, the unassigned ones (未派) among
    // them by their number; the heading counts requests, shown of all.
    let mut by: Vec<(String, i64)> = h.open_assigned.clone();
    if h.open_unassigned > 0 {
        by.push((t(l, "未派", "unassigned"), h.open_unassigned));
        by.sort_by_key(|(_, n)| std::cmp::Reverse(*n));
    }
    by.truncate(10);
    let shown: i64 = by.iter().map(|(_, n)| n).sum();
    let open = h.open_total.max(shown);
    s.push_str(&format!(
        "{} {}\n",
        t(l, "在办（按承办人）", "open, by assignee"),
        counted(
            l,
            usize::try_from(shown).unwrap_or(0),
            usize::try_from(open).unwrap_or(0)
        )
    ));
    for (who, n) in &by {
        s.push_str(&format!("  {} {n}\n", pad(who, 12)));
    }
    if open > shown {
        s.push_str(&format!(
            "  {}\n",
            match l {
                Lang::Zh => format!("其余 {} 件在其他承办人名下", open - shown),
                Lang::En => format!("… {} more with other assignees", open - shown),
            }
        ));
    }
    list(
        &mut s,
        t(l, "已超期", "overdue"),
        &h.overdue,
        h.overdue_total,
    );
    list(
        &mut s,
        t(l, "24小时内到期", "due in 24 h"),
        &h.due_24h,
        h.due_24h_total,
    );
    let held = usize::try_from(h.custody_total)
        .unwrap_or(0)
        .max(h.custody.len());
    s.push_str(&format!(
        "{} {}\n",
        t(l, "代管材料", "originals held"),
        counted(l, h.custody.len().min(rows), held)
    ));
    for (ticket, item, who) in h.custody.iter().take(rows) {
        s.push_str(&format!("  {ticket} {item} {who}\n"));
    }
    s
}

fn report_text_raw(r: &Report, l: Lang) -> String {
    let mut s = format!(
        "{} {}  {} {} — {}\n\n",
        t(l, "范围", "area"),
        r.node,
        t(l, "时段", "period"),
        r.from,
        r.to
    );
    // Labels padded to the widest of them in the language in force: none cut.
    let mut rows: Vec<(String, String)> = Vec::new();
    let line = |rows: &mut Vec<(String, String)>, k: String, v: String| rows.push((k, v));
    line(
        &mut rows,
        t(l, "入户走访（户）", "households visited"),
        format!(
            "{} ({} {})",
            r.households_visited,
            r.visits,
            t(l, "次", "visits")
        ),
    );
    line(
        &mut rows,
        t(
            l,
            "收集问题/已处理/正在协调",
            "problems collected/handled/coordinating",
        ),
        format!(
            "{} / {} / {}",
            r.problems_collected, r.problems_handled, r.problems_coordinating
        ),
    );
    line(
        &mut rows,
        t(
            l,
            "矛盾纠纷 排查/化解/化解率",
            "disputes found/resolved/rate",
        ),
        format!(
            "{} / {} / {}",
            r.disputes_found,
            r.disputes_resolved,
            r.dispute_rate()
                .map_or_else(|| "—".to_string(), |x| format!("{x:.1}%"))
        ),
    );
    line(
        &mut rows,
        t(l, "民生代办（件，已办结）", "errands handled"),
        r.errands_handled.to_string(),
    );
    line(
        &mut rows,
        t(l, "微心愿 认领/实现", "micro-wishes / done"),
        format!("{} / {}", r.micro_wishes, r.micro_wishes_done),
    );
    line(
        &mut rows,
        t(l, "办件总数", "requests"),
        r.requests.to_string(),
    );
    line(
        &mut rows,
        t(l, "超期未办", "overdue, open"),
        r.overdue_open.to_string(),
    );
    let ratings: Vec<String> = r.ratings.iter().map(|(k, n)| format!("{k}★ {n}")).collect();
    line(&mut rows, t(l, "好差评", "ratings"), ratings.join("  "));
    let kw = rows.iter().map(|(k, _)| k.width()).max().unwrap_or(0);
    for (k, v) in &rows {
        s.push_str(&format!("{} {v}\n", pad(k, kw)));
    }
    s.push_str(&format!(
        "\n{}\n",
        t(l, "代办员办件（前10）", "errands per agent (top 10)")
    ));
    for (who, n) in r.errands_per_agent.iter().take(10) {
        s.push_str(&format!("  {} {n}\n", pad(who, 24)));
    }
    s
}

/// 受理回执: the receipt, `width` columns (80, or 32 for 58 mm printers).
fn receipt_raw(
    r: &Request,
    cat: Option<&Category>,
    reg: &Registered,
    resident: Option<&str>,
    originals: &[String],
    l: Lang,
    width: usize,
) -> String {
    let w = width.saturating_sub(2);
    let mut s = String::new();
    let centre = |x: &str| {
        let n = w.saturating_sub(x.width()) / 2;
        format!("{}{x}", " ".repeat(n))
    };
    let mut push = |line: String| {
        // Wrap long lines at the width, by display cells.
        let mut cur = String::new();
        for c in line.chars() {
            if cur.width() + c.width().unwrap_or(0) > w {
                s.push_str(&cur);
                s.push('\n');
                cur.clear();
            }
            cur.push(c);
        }
        s.push_str(&cur);
        s.push('\n');
    };
    push(centre(&t(l, "受理回执", "RECEIPT")));
    push("-".repeat(w));
    push(format!("{} {}", t(l, "受理编号：", "ticket:"), reg.ticket));
    push(format!(
        "{} {}",
        t(l, "受理时间：", "registered:"),
        r.registered_at.format("%Y-%m-%d %H:%M")
    ));
    if let Some(c) = cat {
        push(format!(
            "{} {}",
            t(l, "事项：", "matter:"),
            l.pick(&c.name_zh, &c.name_en)
        ));
    }
    push(format!(
        "{} {}",
        t(l, "住户：", "household:"),
        r.household.clone().unwrap_or_default()
    ));
    if let Some(who) = resident.filter(|w| !w.trim().is_empty()) {
        push(format!("{} {who}", t(l, "居民：", "resident:")));
    }
    push(format!(
        "{} {}",
        t(l, "内容：", "description:"),
        r.description
    ));
    push(format!(
        "{} {}",
        t(l, "办理时限：", "due:"),
        reg.due_at.format("%Y-%m-%d %H:%M")
    ));
    if let Some(c) = cat
        && !c.materials.is_empty()
    {
        push(format!(
            "{} {}",
            t(
                l,
                "所需材料（一次性告知）：",
                "materials (one-time notice):"
            ),
            c.materials.join("、")
        ));
    }
    if !originals.is_empty() {
        push(format!(
            "{} {}",
            t(l, "收到原件（代管）：", "originals received (held):"),
            originals.join(l.pick("、", ", "))
        ));
    }
    push("-".repeat(w));
    push(t(
        l,
        "凭此回执查询办理进度",
        "Quote the ticket number to ask about progress",
    ));
    s
}

/// Writes a printout to the receipts folder and sends it to `lp` if there
/// is one. Returns what happened, for the status line.
/// Print files name residents and their matters: owner-only, like drafts
/// and backups (the folder 0700, the file 0600, whatever the umask).
fn write_private(dir: &std::path::Path, path: &std::path::Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    std::fs::create_dir_all(dir)?;
    let mut o = std::fs::OpenOptions::new();
    o.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
        o.mode(0o600);
    }
    let mut f = o.open(path)?;
    #[cfg(unix)]
    {
        // A file left by an older version keeps its mode on open: set it.
        use std::os::unix::fs::PermissionsExt;
        f.set_permissions(std::fs::Permissions::from_mode(0o600))?;
    }
    f.write_all(text.as_bytes())
}

/// Writes a printout to the print folder and sends it to `lp` if there is
/// one; says where it went.
pub fn print(name: &str, text: &str, l: Lang) -> String {
    let dir = crate::cli::config::data_dir().join("print");
    let safe: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let path = dir.join(format!("{safe}.txt"));
    if let Err(e) = write_private(&dir, &path, &shown(text.to_string())) {
        return format!("{} {e}", l.pick("打印失败：", "printing failed:"));
    }
    let lp = std::process::Command::new("lp")
        .arg(&path)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status();
    // The status line has one row: the home folder as `~`, so the file's
    // own name stays readable.
    let at = path.display().to_string();
    let at = match std::env::var("HOME") {
        Ok(home) if !home.is_empty() && at.starts_with(&format!("{home}/")) => {
            format!("~{}", &at[home.len()..])
        }
        _ => at,
    };
    match lp {
        Ok(s) if s.success() => format!(
            "{} {at}",
            l.pick("已送打印机；副本", "sent to the printer; copy in"),
        ),
        _ => format!(
            "{} {at}",
            l.pick("已保存（无打印机）：", "saved (no printer):"),
        ),
    }
}
