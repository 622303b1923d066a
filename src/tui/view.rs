//! Drawing: one pure function per screen, from `App` to a frame. Widths
//! are display widths; the real cursor is placed at the focused field.

use super::action::Act;
use super::app::{App, BrowseRow, Modal, RegFocus, Screen, t};
use super::field::TextField;
use crate::domain::warning::Warning;
use crate::i18n::{self, Lang};
pub use crate::printout::{detail_text, fit, handover_text, pad, receipt, report_text, short};
use crate::store::request::{Category, Request};
use crate::store::search::HitKind;
use crate::store::views::View;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::symbols::border;
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Block, Clear, Paragraph};
use unicode_width::UnicodeWidthStr;

pub const MIN_W: u16 = 80;
pub const MIN_H: u16 = 24;

/// Rows read for each Today list; a full list is shown as `50+`.
pub const TODAY_LIMIT: usize = 50;

const ASCII_BORDER: border::Set = border::Set {
    top_left: "+",
    top_right: "+",
    bottom_left: "+",
    bottom_right: "+",
    vertical_left: "|",
    vertical_right: "|",
    horizontal_top: "-",
    horizontal_bottom: "-",
};

struct Theme {
    color: bool,
}

impl Theme {
    fn sel(&self) -> Style {
        if self.color {
            Style::new()
                .bg(Color::Blue)
                .fg(Color::White)
                .add_modifier(Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
        }
    }
    fn dim(&self) -> Style {
        if self.color {
            Style::new().fg(Color::DarkGray)
        } else {
            Style::new()
        }
    }
    fn red(&self) -> Style {
        if self.color {
            Style::new().fg(Color::Red).add_modifier(Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::BOLD)
        }
    }
    fn yellow(&self) -> Style {
        if self.color {
            Style::new().fg(Color::Yellow)
        } else {
            Style::new()
        }
    }
    fn title(&self) -> Style {
        if self.color {
            Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::BOLD)
        }
    }
    fn warn(&self, w: Warning) -> Style {
        if w.is_red() {
            self.red()
        } else if w.is_yellow() {
            self.yellow()
        } else {
            Style::new()
        }
    }
}

fn block<'a>(app: &App, title: String, focused: bool) -> Block<'a> {
    let b = Block::bordered().title(title);
    let b = if app.ascii {
        b.border_set(ASCII_BORDER)
    } else {
        b
    };
    if focused && app.color {
        b.border_style(Style::new().fg(Color::Cyan))
    } else {
        b
    }
}

/// A list row: the marker `>` shows the selection without colour.
fn row<'a>(text: String, selected: bool, th: &Theme, width: usize, style: Style) -> Line<'a> {
    let marker = if selected { "> " } else { "  " };
    let s = pad(
        &crate::domain::text::printable(&format!("{marker}{text}"), false),
        width,
    );
    Line::from(Span::styled(s, if selected { th.sel() } else { style }))
}

/// Rows around the selection so it stays visible.
fn window(sel: usize, n: usize, h: usize) -> std::ops::Range<usize> {
    if n <= h || h == 0 {
        return 0..n;
    }
    let start = sel.saturating_sub(h / 2).min(n - h);
    start..start + h
}

/// A search hit as one list row: its kind, what it is, masked details.
fn hit_text(hit: &crate::store::search::Hit, l: Lang) -> String {
    let kind = match hit.kind {
        HitKind::Household => t(l, "户", "hh"),
        HitKind::Resident => t(l, "人", "pp"),
        HitKind::Request => t(l, "件", "rq"),
    };
    format!("{kind} {}  {}", hit.label, hit.detail)
}

fn request_line(r: &Request, w: Warning, lang: Lang, cats: &[Category]) -> String {
    let cat = cats
        .iter()
        .find(|c| c.code == r.category)
        .map(|c| lang.pick(&c.name_zh, &c.name_en).to_string())
        .unwrap_or(r.category.clone());
    format!(
        "{} {} {} {} {} {}",
        w.symbol(),
        r.ticket,
        pad(i18n::status(r.status, lang), 8),
        pad(&cat, 12),
        pad(&r.household.clone().unwrap_or_default(), 20),
        short(r.due_at)
    )
}

pub fn draw(f: &mut Frame, app: &App) {
    let area = f.area();
    let th = Theme { color: app.color };
    if area.width < MIN_W || area.height < MIN_H {
        let msg = t(
            app.lang,
            &format!(
                "窗口太小：需要至少 {MIN_W}×{MIN_H}，现在 {}×{}",
                area.width, area.height
            ),
            &format!(
                "The window is too small: {MIN_W}×{MIN_H} needed, this is {}×{}",
                area.width, area.height
            ),
        );
        f.render_widget(
            Paragraph::new(msg).wrap(ratatui::widgets::Wrap { trim: true }),
            area,
        );
        return;
    }
    let [top, body, status, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(0),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    draw_tabs(f, app, top, &th);
    match app.screen {
        Screen::Today => draw_today(f, app, body, &th),
        Screen::Register => draw_register(f, app, body, &th),
        Screen::Lookup => draw_lookup(f, app, body, &th),
        Screen::Requests => draw_requests(f, app, body, &th),
        Screen::Handover => draw_handover(f, app, body, &th),
        Screen::Reports => draw_reports(f, app, body, &th),
    }
    if let Some((msg, err)) = &app.status {
        let style = if *err { th.red() } else { Style::new() };
        f.render_widget(
            Paragraph::new(Span::styled(fit(msg, status.width as usize), style)),
            status,
        );
    }
    draw_footer(f, app, footer, &th);
    if app.help {
        draw_help(f, app, body, &th);
    }
    if let Some(m) = &app.modal {
        draw_modal(f, app, m, body, &th);
    }
}

fn draw_tabs(f: &mut Frame, app: &App, area: Rect, th: &Theme) {
    let mut spans = Vec::new();
    for s in Screen::ALL {
        let key = app
            .keymap
            .keys_for(s.section(), s.act())
            .into_iter()
            .next()
            .unwrap_or_default();
        let label = format!(" {key} {} ", s.act().label(app.lang));
        spans.push(Span::styled(
            label,
            if s == app.screen {
                th.sel()
            } else {
                Style::new()
            },
        ));
    }
    let who = app
        .operator
        .as_ref()
        .map(|o| o.name.clone())
        .unwrap_or_default();
    let used: usize = spans.iter().map(|s| s.content.width()).sum();
    let rest = (area.width as usize).saturating_sub(used);
    spans.push(Span::styled(
        format!("{:>rest$}", fit(&who, rest.saturating_sub(1))),
        th.dim(),
    ));
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// The footer: the screen's main actions with their keys, from the keymap.
fn draw_footer(f: &mut Frame, app: &App, area: Rect, th: &Theme) {
    let acts: &[Act] = if app.modal.is_some() {
        &[Act::Select, Act::Back]
    } else {
        match app.screen {
            Screen::Today => &[Act::Select, Act::Reload, Act::Help, Act::Quit],
            Screen::Register => &[
                Act::Save,
                Act::NextField,
                Act::Select,
                Act::Toggle,
                Act::Back,
                Act::Help,
            ],
            Screen::Lookup if app.lookup.file.is_some() => &[
                Act::Visit,
                Act::NewRequest,
                Act::Reveal,
                Act::Back,
                Act::Help,
            ],
            Screen::Lookup => &[Act::Select, Act::NextField, Act::Back, Act::Help],
            Screen::Requests if app.queue.detail.is_some() => &[
                Act::Assign,
                Act::Step,
                Act::Wait,
                Act::Resolve,
                Act::FollowUp,
                Act::Note,
                Act::Back,
                Act::Help,
            ],
            Screen::Requests => &[Act::Select, Act::View, Act::Filter, Act::Assign, Act::Help],
            Screen::Handover => &[Act::EndShift, Act::Accept, Act::Print, Act::Help],
            Screen::Reports => &[Act::Period, Act::Filter, Act::Help],
        }
    };
    let mut spans = Vec::new();
    for a in acts {
        if let Some(k) = app.keymap.keys_for(app.screen.section(), *a).first() {
            spans.push(Span::styled(k.clone(), th.title()));
            spans.push(Span::raw(format!(" {}  ", a.label(app.lang))));
        }
    }
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn draw_today(f: &mut Frame, app: &App, area: Rect, th: &Theme) {
    let l = app.lang;
    let w = area.width.saturating_sub(2) as usize;
    let mut lines: Vec<Line> = Vec::new();
    let Some(td) = &app.today else {
        f.render_widget(
            Paragraph::new(t(l, "载入中…", "loading…")).block(block(
                app,
                t(l, "今日", "Today"),
                true,
            )),
            area,
        );
        return;
    };
    let shift = match &td.shift {
        Some(s) => format!(
            "{} {} {}",
            t(l, "当前班次：", "shift:"),
            s.staff,
            short(s.started_at)
        ),
        None => t(l, "当前无班次", "no shift open"),
    };
    lines.push(Line::styled(fit(&shift, w), th.dim()));
    let now = app.now;
    let mut idx = 0;
    let mut seen: Vec<i64> = Vec::new();
    let sections = [
        (t(l, "我的待办", "my open items"), &td.mine),
        (t(l, "已超期", "overdue"), &td.overdue),
        (t(l, "今日到期", "due today"), &td.due_today),
        (t(l, "今日登记", "registered today"), &td.registered_today),
    ];
    let body_h = area.height.saturating_sub(3) as usize;
    for (title, list) in sections {
        lines.push(Line::styled(
            format!(
                "{title} ({}{})",
                list.len(),
                if list.len() >= TODAY_LIMIT { "+" } else { "" }
            ),
            th.title(),
        ));
        let mut shown = 0;
        for r in list.iter() {
            if seen.contains(&r.id) {
                continue;
            }
            seen.push(r.id);
            if shown < 4 || (idx >= app.today_sel.saturating_sub(2) && idx <= app.today_sel + 2) {
                let warn = if r.status.is_open() && r.due_at < now {
                    Warning::Overdue
                } else {
                    Warning::None
                };
                lines.push(row(
                    request_line(r, warn, l, &app.categories),
                    idx == app.today_sel,
                    th,
                    w,
                    th.warn(warn),
                ));
                shown += 1;
            }
            idx += 1;
        }
        if list.is_empty() {
            lines.push(Line::styled(format!("  {}", t(l, "无", "none")), th.dim()));
        }
    }
    lines.truncate(body_h.max(1) + 1);
    f.render_widget(
        Paragraph::new(lines).block(block(app, t(l, "今日", "Today"), true)),
        area,
    );
}

/// A one-line input box with its label; returns where the cursor goes.
fn input(
    f: &mut Frame,
    app: &App,
    area: Rect,
    label: &str,
    field: &TextField,
    focused: bool,
) -> Option<(u16, u16)> {
    let b = block(app, label.to_string(), focused);
    let inner = b.inner(area);
    let (shown, col) = field.view(inner.width);
    f.render_widget(Paragraph::new(shown).block(b), area);
    focused.then(|| (inner.x + col.min(inner.width.saturating_sub(1)), inner.y))
}

fn draw_register(f: &mut Frame, app: &App, area: Rect, th: &Theme) {
    let l = app.lang;
    let r = &app.register;
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(area);
    let [q, hits] = Layout::vertical([Constraint::Length(3), Constraint::Min(3)]).areas(left);
    let mut cursor = input(
        f,
        app,
        q,
        &t(
            l,
            "住户（地址/姓名/拼音/电话/身份证）",
            "household (address/name/pinyin/phone/ID)",
        ),
        &r.query,
        r.focus == RegFocus::Household && app.modal.is_none(),
    );
    // Hits, or the chosen household.
    let w = hits.width.saturating_sub(2) as usize;
    let mut lines: Vec<Line> = Vec::new();
    if let Some((_, label)) = &r.household {
        lines.push(Line::styled(fit(&format!("✓ {label}"), w), th.title()));
    }
    let h = hits
        .height
        .saturating_sub(2 + u16::from(r.household.is_some())) as usize;
    for i in window(r.hit_sel, r.hits.len(), h) {
        lines.push(row(
            hit_text(&r.hits[i], l),
            i == r.hit_sel && r.focus == RegFocus::Household,
            th,
            w,
            Style::new(),
        ));
    }
    f.render_widget(
        Paragraph::new(lines).block(block(
            app,
            t(l, "查找结果", "matches"),
            r.focus == RegFocus::Household,
        )),
        hits,
    );

    let has_mat = !r.materials.is_empty();
    let [cats, desc, mats] = Layout::vertical([
        Constraint::Min(5),
        Constraint::Length(3),
        Constraint::Length(if has_mat {
            (r.materials.len() as u16 + 2).min(8)
        } else {
            0
        }),
    ])
    .areas(right);
    let w = cats.width.saturating_sub(2) as usize;
    let h = cats.height.saturating_sub(2) as usize;
    let mut lines: Vec<Line> = Vec::new();
    for i in window(r.cat_sel, app.categories.len(), h) {
        let c = &app.categories[i];
        let chosen = r.category.as_ref().is_some_and(|x| x.code == c.code);
        let limit = if c.limit_days == 0 {
            t(l, "即办", "same day")
        } else {
            format!("{}{}", c.limit_days, t(l, "工作日", "wd"))
        };
        let text = format!(
            "{}{} {}",
            if chosen { "✓" } else { " " },
            pad(l.pick(&c.name_zh, &c.name_en), 18),
            limit
        );
        lines.push(row(
            text,
            i == r.cat_sel && r.focus == RegFocus::Category,
            th,
            w,
            Style::new(),
        ));
    }
    f.render_widget(
        Paragraph::new(lines).block(block(
            app,
            t(l, "类别（常用在前）", "category (most used first)"),
            r.focus == RegFocus::Category,
        )),
        cats,
    );
    let c2 = input(
        f,
        app,
        desc,
        &t(l, "诉求内容", "description"),
        &r.description,
        r.focus == RegFocus::Description && app.modal.is_none(),
    );
    cursor = cursor.or(c2);
    if has_mat {
        let w = mats.width.saturating_sub(2) as usize;
        let lines: Vec<Line> = r
            .materials
            .iter()
            .enumerate()
            .map(|(i, (m, on))| {
                row(
                    format!("[{}] {m}", if *on { "x" } else { " " }),
                    i == r.mat_sel && r.focus == RegFocus::Materials,
                    th,
                    w,
                    Style::new(),
                )
            })
            .collect();
        f.render_widget(
            Paragraph::new(lines).block(block(
                app,
                t(
                    l,
                    "已收材料（一次性告知）",
                    "materials received (one-time notice)",
                ),
                r.focus == RegFocus::Materials,
            )),
            mats,
        );
    }
    if let Some(d) = &r.duplicates
        && !d.is_empty()
    {
        let hgt = (d.len() as u16 + 2).min(area.height / 2);
        let pop = Rect {
            x: area.x + 2,
            y: area.y + area.height - hgt,
            width: area.width - 4,
            height: hgt,
        };
        f.render_widget(Clear, pop);
        let w = pop.width.saturating_sub(2) as usize;
        let typed = r.description.text();
        let typed = typed.trim();
        let lines: Vec<Line> = d
            .iter()
            .map(|x| {
                // The same household and text: most likely a double save.
                let same =
                    x.household_id == r.household.as_ref().map(|h| h.0) && x.description == typed;
                let line = Line::from(fit(
                    &format!(
                        "{}{} {} {} {}",
                        if same {
                            l.pick("【相同】", "[same] ")
                        } else {
                            ""
                        },
                        x.ticket,
                        i18n::status(x.status, l),
                        x.household.clone().unwrap_or_default(),
                        crate::domain::text::printable(&x.description, false)
                    ),
                    w,
                ));
                if same {
                    line.style(Style::default().add_modifier(Modifier::BOLD))
                } else {
                    line
                }
            })
            .collect();
        f.render_widget(
            Paragraph::new(lines).block(block(
                app,
                t(
                    l,
                    "可能重复（近30天同户/同楼、同类别）",
                    "possible duplicates (same household/building and category, 30 days)",
                ),
                true,
            )),
            pop,
        );
    }
    if let Some((x, y)) = cursor {
        f.set_cursor_position((x, y));
    }
}

fn draw_lookup(f: &mut Frame, app: &App, area: Rect, th: &Theme) {
    let l = app.lang;
    let s = &app.lookup;
    if let Some(file) = &s.file {
        let text = household_text(file, l, &s.revealed);
        let p = Paragraph::new(text).scroll((s.scroll, 0)).block(block(
            app,
            format!(
                "{} {}",
                t(l, "一户一档", "household file"),
                file.household.label()
            ),
            true,
        ));
        f.render_widget(p, area);
        return;
    }
    let [q, list] = Layout::vertical([Constraint::Length(3), Constraint::Min(3)]).areas(area);
    let cursor = input(
        f,
        app,
        q,
        &t(
            l,
            "查户：地址、姓名、拼音、电话、身份证、受理编号（Tab 按楼栋浏览）",
            "lookup: address, name, pinyin, phone, ID, ticket (Tab browses)",
        ),
        &s.query,
        !s.browsing && app.modal.is_none(),
    );
    let w = list.width.saturating_sub(2) as usize;
    let h = list.height.saturating_sub(2) as usize;
    let mut lines: Vec<Line> = Vec::new();
    if s.browsing {
        let mut path: Vec<String> = s.path.iter().map(|n| n.name.clone()).collect();
        if let Some(u) = &s.unit {
            path.push(format!("{u}{}", t(l, "单元", " unit")));
        }
        let rows = s.browse_rows();
        for i in window(s.browse_sel, rows.len(), h) {
            let text = match &rows[i] {
                BrowseRow::Node(n) => format!("▸ {}", n.name),
                BrowseRow::Unit(u) => format!("▸ {u}{}", t(l, "单元", " unit")),
                BrowseRow::Household(hh) => format!("  {}-{}", hh.unit, hh.room),
            };
            lines.push(row(text, i == s.browse_sel, th, w, Style::new()));
        }
        let title = if path.is_empty() {
            t(l, "按楼栋浏览", "browse")
        } else {
            path.join(" › ")
        };
        f.render_widget(
            Paragraph::new(lines).block(block(app, fit(&title, w), true)),
            list,
        );
    } else {
        for i in window(s.sel, s.hits.len(), h) {
            lines.push(row(
                hit_text(&s.hits[i], l),
                i == s.sel,
                th,
                w,
                Style::new(),
            ));
        }
        if s.hits.is_empty() && !s.query.is_empty() {
            lines.push(Line::styled(
                t(l, "  没有找到", "  nothing found"),
                th.dim(),
            ));
        }
        f.render_widget(
            Paragraph::new(lines).block(block(
                app,
                format!("{} ({})", t(l, "结果", "results"), s.hits.len()),
                false,
            )),
            list,
        );
    }
    if let Some((x, y)) = cursor {
        f.set_cursor_position((x, y));
    }
}

pub fn household_text(
    file: &crate::store::views::HouseholdFile,
    l: Lang,
    revealed: &[(i64, Option<String>, Option<String>)],
) -> Text<'static> {
    let h = &file.household;
    let mut lines: Vec<Line> = Vec::new();
    lines.push(Line::from(format!(
        "{} {}  {}  {}",
        t(l, "地址", "address"),
        h.label(),
        h.area,
        h.phone
            .as_deref()
            .map(crate::domain::ident::mask_phone)
            .unwrap_or_default()
    )));
    if !h.tags.is_empty() {
        lines.push(Line::from(format!("{} {}", t(l, "标签", "tags"), h.tags)));
    }
    lines.push(Line::styled(
        t(l, "成员", "members"),
        Style::new().add_modifier(Modifier::BOLD),
    ));
    for m in &file.members {
        let rel = l.pick(
            crate::domain::relation::zh(&m.relation),
            crate::domain::relation::en(&m.relation),
        );
        // Masked unless revealed (each reveal is logged).
        let (id, mobile) = match revealed.iter().find(|r| r.0 == m.id) {
            Some((_, id, mobile)) => (
                id.clone().unwrap_or_default(),
                mobile.clone().unwrap_or_default(),
            ),
            None => (m.masked_id(), m.masked_mobile()),
        };
        lines.push(Line::from(format!(
            "  {} {} {} {} {} {}",
            pad(&m.name, 8),
            pad(rel, 6),
            m.birth_date.clone().unwrap_or_default(),
            id,
            mobile,
            m.tags
        )));
    }
    lines.push(Line::styled(
        t(l, "走访", "visits"),
        Style::new().add_modifier(Modifier::BOLD),
    ));
    for (at, who, note) in file.visits.iter().take(10) {
        lines.push(Line::from(format!(
            "  {} {} {}",
            short(*at),
            who,
            crate::domain::text::printable(note, false)
        )));
    }
    lines.push(Line::styled(
        t(l, "办件", "requests"),
        Style::new().add_modifier(Modifier::BOLD),
    ));
    for r in &file.requests {
        lines.push(Line::from(format!(
            "  {} {} {} {}",
            r.ticket,
            i18n::status(r.status, l),
            r.category,
            crate::domain::text::printable(&r.description, false)
        )));
    }
    Text::from(lines)
}

fn draw_requests(f: &mut Frame, app: &App, area: Rect, th: &Theme) {
    let l = app.lang;
    if let Some(d) = &app.queue.detail {
        let p = Paragraph::new(detail_text(d, l, area.width.saturating_sub(2) as usize))
            .scroll((app.queue.scroll, 0))
            .block(block(
                app,
                format!("{} {}", t(l, "办件", "request"), d.request.ticket),
                true,
            ));
        f.render_widget(p, area);
        return;
    }
    let q = &app.queue;
    let view = match q.filter.view {
        View::Open => t(l, "在办", "open"),
        View::Mine => t(l, "我的", "mine"),
        View::Red => t(l, "红色预警", "red"),
        View::Yellow => t(l, "黄色预警", "yellow"),
        View::Waiting => t(l, "挂起", "waiting"),
        View::Resolved => t(l, "已办结待回访", "resolved"),
        View::Closed => t(l, "已结案/撤销", "closed"),
        View::All => t(l, "全部", "all"),
    };
    let mut title = format!("{} · {view} ({})", t(l, "办件", "requests"), q.items.len());
    if !q.filter_text.is_empty() {
        title.push_str(&format!(" · {}", q.filter_text));
    }
    let w = area.width.saturating_sub(2) as usize;
    let h = area.height.saturating_sub(2) as usize;
    let lines: Vec<Line> = window(q.sel, q.items.len(), h)
        .map(|i| {
            let (r, warn) = &q.items[i];
            let mut s = request_line(r, *warn, l, &app.categories);
            if let Some(a) = &r.assignee {
                s.push_str(&format!(" {a}"));
            }
            row(s, i == q.sel, th, w, th.warn(*warn))
        })
        .collect();
    f.render_widget(
        Paragraph::new(lines).block(block(app, fit(&title, w), true)),
        area,
    );
}

fn draw_handover(f: &mut Frame, app: &App, area: Rect, _th: &Theme) {
    let l = app.lang;
    let text = match &app.handover {
        Some(h) => handover_text(h, l),
        None => t(l, "还没有班次。", "No shift yet."),
    };
    let mut text = text;
    if let Some(s) = &app.to_accept {
        text = format!(
            "{} {} {}\n\n{text}",
            t(l, "待接班：", "to accept:"),
            s.staff,
            crate::domain::text::printable(&s.note, true)
        );
    }
    f.render_widget(
        Paragraph::new(text)
            .scroll((app.handover_scroll, 0))
            .block(block(app, t(l, "交接班", "Handover"), true)),
        area,
    );
}

fn draw_reports(f: &mut Frame, app: &App, area: Rect, _th: &Theme) {
    let l = app.lang;
    let text = match &app.report {
        Some(r) => report_text(r, l),
        None => t(l, "载入中…", "loading…"),
    };
    f.render_widget(
        Paragraph::new(text).block(block(app, t(l, "统计", "Reports"), true)),
        area,
    );
}

fn draw_help(f: &mut Frame, app: &App, area: Rect, _th: &Theme) {
    let l = app.lang;
    let pop = Rect {
        x: area.x + 4,
        y: area.y + 1,
        width: area.width.saturating_sub(8),
        height: area.height.saturating_sub(2),
    };
    f.render_widget(Clear, pop);
    let w = pop.width.saturating_sub(2) as usize;
    let items = app.keymap.help(app.screen.section());
    // Two columns when they fit.
    let col = w / 2;
    let rows = items.len().div_ceil(2);
    let mut lines = Vec::new();
    for i in 0..rows {
        let cell = |j: usize| {
            items
                .get(j)
                .map(|(a, keys)| pad(&format!("{} {}", pad(&keys.join(" "), 12), a.label(l)), col))
                .unwrap_or_default()
        };
        lines.push(Line::from(format!("{}{}", cell(i), cell(i + rows))));
    }
    f.render_widget(
        Paragraph::new(lines).block(block(
            app,
            format!("{} — {}", t(l, "按键", "keys"), app.keymap.name),
            true,
        )),
        pop,
    );
}

fn draw_modal(f: &mut Frame, app: &App, m: &Modal, area: Rect, th: &Theme) {
    let l = app.lang;
    match m {
        Modal::Prompt { title, field, .. } => {
            let pop = Rect {
                x: area.x + 4,
                y: area.y + area.height / 2 - 2,
                width: area.width.saturating_sub(8),
                height: 3,
            };
            f.render_widget(Clear, pop);
            if let Some((x, y)) = input(f, app, pop, title, field, true) {
                f.set_cursor_position((x, y));
            }
        }
        Modal::Pick {
            title, items, sel, ..
        } => {
            let h = (items.len() as u16 + 2).min(area.height.saturating_sub(2));
            let pop = Rect {
                x: area.x + 6,
                y: area.y + 1,
                width: area.width.saturating_sub(12),
                height: h,
            };
            f.render_widget(Clear, pop);
            let w = pop.width.saturating_sub(2) as usize;
            let lines: Vec<Line> = window(*sel, items.len(), h.saturating_sub(2) as usize)
                .map(|i| row(items[i].0.clone(), i == *sel, th, w, Style::new()))
                .collect();
            f.render_widget(
                Paragraph::new(lines).block(block(app, title.clone(), true)),
                pop,
            );
        }
        Modal::Confirm { text, .. } => {
            // Tall enough for the question wrapped, plus the keys.
            let inner = area.width.saturating_sub(18).max(1) as usize;
            let rows = (text.width().div_ceil(inner) as u16).clamp(1, 4);
            let pop = Rect {
                x: area.x + 8,
                y: area.y + area.height / 2 - 2,
                width: area.width.saturating_sub(16),
                height: rows + 3,
            };
            f.render_widget(Clear, pop);
            let keys = |a: Act| {
                app.keymap
                    .keys_for(app.screen.section(), a)
                    .first()
                    .cloned()
                    .unwrap_or_default()
            };
            let hint = format!(
                "{} {}   {} {}",
                keys(Act::Select),
                t(l, "确定", "yes"),
                keys(Act::Back),
                t(l, "取消", "no")
            );
            f.render_widget(
                Paragraph::new(vec![
                    Line::from(text.clone()),
                    Line::styled(hint, th.title()),
                ])
                .wrap(ratatui::widgets::Wrap { trim: true })
                .block(block(app, t(l, "请确认", "Confirm"), true)),
                pop,
            );
        }
        Modal::Receipt { wide, .. } => {
            let pop = Rect {
                x: area.x,
                y: area.y,
                width: area.width,
                height: area.height,
            };
            f.render_widget(Clear, pop);
            let keys = |a: Act| {
                app.keymap
                    .keys_for(app.screen.section(), a)
                    .first()
                    .cloned()
                    .unwrap_or_default()
            };
            let hint = format!(
                "{} {}   {} {}   {} {}",
                keys(Act::Print),
                t(l, "打印80列", "print 80 col"),
                keys(Act::Toggle),
                t(l, "打印32列", "print 32 col"),
                keys(Act::Select),
                t(l, "完成", "done")
            );
            let mut text: Vec<Line> = wide.lines().map(|x| Line::from(x.to_string())).collect();
            text.push(Line::styled(hint, th.title()));
            f.render_widget(
                Paragraph::new(text).block(block(app, t(l, "受理回执", "receipt"), true)),
                pop,
            );
        }
    }
}
