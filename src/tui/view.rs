//! The frame: the tabs, the screen in front (its own draw, in `screens/`),
//! the status line, the footer, then help and any popup on top. Widths are
//! display widths; the real cursor is placed at the focused field.

use super::action::Act;
use super::app::App;
use super::modal;
use super::msg::{Screen, t};
use super::widgets::{Look, Theme, fit};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

pub const MIN_W: u16 = 80;
pub const MIN_H: u16 = 24;

pub use super::msg::TODAY_LIMIT;

pub fn draw(f: &mut Frame, app: &App) {
    draw_all(f, app);
    if app.ascii {
        ascii_only(f.buffer_mut());
    }
}

/// Under `--ascii`, every cell holds ASCII or a wide (two-cell, never
/// ambiguous) character such as Chinese: each other character — ★ — ▸ ‼ ✓
/// → · … and the like, whose width terminals disagree on — is replaced by
/// an ASCII one of the same one cell.
pub fn ascii_only(buf: &mut ratatui::buffer::Buffer) {
    let area = buf.area;
    for y in area.top()..area.bottom() {
        for x in area.left()..area.right() {
            let cell = &mut buf[(x, y)];
            let sym = cell.symbol();
            if sym.is_ascii() || sym.chars().all(wide) {
                continue;
            }
            let c = sym.chars().next().unwrap_or(' ');
            let to = ascii_for(c);
            cell.set_symbol(to);
        }
    }
}

/// A character two cells wide wherever it is shown (East Asian Wide or
/// Fullwidth): Chinese, full-width punctuation.
fn wide(c: char) -> bool {
    use unicode_width::UnicodeWidthChar;
    c.width() == Some(2) && c.width_cjk() == Some(2)
}

/// The ASCII stand-in for a character drawn one cell wide.
pub fn ascii_for(c: char) -> &'static str {
    match c {
        '★' | '☆' | '※' => "*",
        '‼' => "*",
        '—' | '–' | '─' | '━' | '―' | '‐' => "-",
        '▸' | '▶' | '►' | '→' | '»' => ">",
        '◂' | '◀' | '←' | '«' => "<",
        '↑' | '▲' => "^",
        '↓' | '▼' => "v",
        '✓' | '✔' => "v",
        '✗' | '✘' | '×' => "x",
        '·' | '•' | '∙' | '●' => ".",
        '…' => "~",
        '│' | '┃' | '║' => "|",
        '┌' | '┐' | '└' | '┘' | '├' | '┤' | '┬' | '┴' | '┼' => "+",
        '“' | '”' | '„' => "\"",
        '‘' | '’' => "'",
        '░' => ".",
        '▓' | '█' => "=",
        '°' => "o",
        _ => "?",
    }
}

fn draw_all(f: &mut Frame, app: &App) {
    let area = f.area();
    let lk = Look {
        lang: app.lang,
        th: Theme {
            color: app.color,
            ascii: app.ascii,
        },
        keymap: &app.keymap,
        section: app.section(),
        categories: &app.categories,
        now: app.now,
        modal_open: app.modal.is_some(),
    };
    let th = &lk.th;
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
    draw_tabs(f, app, top, th);
    let cursor = match app.screen {
        Screen::Today => {
            app.today.draw(f, body, &lk);
            None
        }
        Screen::Register => app.register.draw(f, body, &lk),
        Screen::Lookup => app.lookup.draw(f, body, &lk),
        Screen::Requests => {
            app.queue.draw(f, body, &lk);
            None
        }
        Screen::Handover => {
            app.handover.draw(f, body, &lk);
            None
        }
        Screen::Reports => {
            app.reports.draw(f, body, &lk);
            None
        }
        Screen::Chart => app.chart.draw(f, body, &lk),
        Screen::Admin => {
            app.admin.draw(f, body, &lk);
            None
        }
        Screen::Decisions => {
            app.decisions.draw(f, body, &lk);
            None
        }
        Screen::Party => app.party.draw(f, body, &lk),
    };
    if let Some((x, y)) = cursor {
        f.set_cursor_position((x, y));
    }
    if let Some((msg, err)) = &app.status {
        let style = if *err { th.red() } else { Style::new() };
        f.render_widget(
            Paragraph::new(Span::styled(fit(msg, status.width as usize), style)),
            status,
        );
    }
    draw_footer(f, app, footer, th);
    if app.help.open {
        app.help.draw(f, body, &lk);
    }
    if let Some(m) = &app.modal {
        modal::draw(f, m, body, &lk);
    }
}

fn draw_tabs(f: &mut Frame, app: &App, area: Rect, th: &Theme) {
    let screens: Vec<Screen> = Screen::ALL
        .into_iter()
        .filter(|s| *s != Screen::Admin || app.is_supervisor())
        .collect();
    let keys: Vec<String> = screens
        .iter()
        .map(|s| {
            app.keymap
                .keys_for(s.section(), s.act())
                .into_iter()
                .next()
                .unwrap_or_default()
        })
        .collect();
    let mut labels: Vec<(Screen, String)> = screens
        .iter()
        .zip(&keys)
        .map(|(s, key)| (*s, format!("{key} {}", s.act().label(app.lang))))
        .collect();
    // A space each side of a tab; one when that does not leave room for
    // the operator's name; and then, from the last, tabs other than the
    // one in front show their key alone until the name is whole.
    let full: usize = labels.iter().map(|(_, l)| l.width() + 2).sum();
    let who = app
        .operator
        .as_ref()
        .map(|o| o.name.clone())
        .unwrap_or_default();
    let roomy = full + who.width() < area.width as usize;
    if !roomy {
        let need = |labels: &[(Screen, String)]| {
            labels.iter().map(|(_, l)| l.width() + 1).sum::<usize>() + who.width() + 1
        };
        for i in (0..labels.len()).rev() {
            if need(&labels) <= area.width as usize {
                break;
            }
            if labels[i].0.act() != app.screen.act() {
                labels[i].1 = keys[i].clone();
            }
        }
    }
    let mut spans = Vec::new();
    for (s, label) in labels {
        let label = if roomy {
            format!(" {label} ")
        } else {
            format!("{label} ")
        };
        spans.push(Span::styled(
            label,
            if s.act() == app.screen.act() {
                th.sel()
            } else {
                Style::new()
            },
        ));
    }
    // Right-aligned by display width (a Chinese name is two cells a
    // character; `{:>n}` would count characters and push it off the edge).
    let used: usize = spans.iter().map(|s| s.content.width()).sum();
    let rest = (area.width as usize).saturating_sub(used);
    let who = fit(&who, rest.saturating_sub(1));
    spans.push(Span::styled(
        format!("{}{who}", " ".repeat(rest.saturating_sub(who.width()))),
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
                Act::Select,
                Act::Browse,
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
            Screen::Chart => &[
                Act::Select,
                Act::Visit,
                Act::NewRequest,
                Act::Jump,
                Act::Back,
                Act::Help,
            ],
            Screen::Admin => app.admin.footer(),
            Screen::Decisions => app.decisions.footer(),
            Screen::Party => app.party.footer(),
        }
    };
    // A micro-wish's or a repair's detail offers the claim first; every
    // footer ends with the help key, which lists all the others.
    let claimable = app.modal.is_none()
        && app.screen == Screen::Requests
        && app.queue.detail.as_ref().is_some_and(|d| {
            let c = d.request.category.as_str();
            c == crate::store::claim::WISH || c == crate::store::claim::PROJECT
        });
    let with_help: Vec<Act>;
    let acts = if claimable || (app.modal.is_none() && !acts.contains(&Act::Help)) {
        with_help = claimable
            .then_some(Act::Claim)
            .into_iter()
            .chain(acts.iter().copied().filter(|a| *a != Act::Help))
            .chain([Act::Help])
            .collect();
        &with_help[..]
    } else {
        acts
    };
    let mut items: Vec<(String, String)> = acts
        .iter()
        .filter_map(|a| {
            let keys = app.keymap.keys_for(app.section(), *a);
            // Saving has two keys people look for (F8, Ctrl+S): both.
            let k = if *a == Act::Save {
                keys.iter().take(2).cloned().collect::<Vec<_>>().join("/")
            } else {
                keys.first()?.clone()
            };
            if k.is_empty() {
                return None;
            }
            Some((k, format!(" {}  ", a.label(app.lang))))
        })
        .collect();
    // What does not fit gives way, the last first — but never the way
    // back nor the help, which lists every key.
    let width = |items: &[(String, String)]| -> usize {
        items
            .iter()
            .map(|(k, l)| k.width() + l.trim_end().width() + 2)
            .sum::<usize>()
            - 2
    };
    let kept =
        |l: &str| l.trim() == Act::Help.label(app.lang) || l.trim() == Act::Back.label(app.lang);
    while items.len() > 1 && width(&items) > area.width as usize {
        match items.iter().rposition(|(_, l)| !kept(l)) {
            Some(drop) => {
                items.remove(drop);
            }
            None => break,
        }
    }
    let mut spans = Vec::new();
    for (k, l) in items {
        spans.push(Span::styled(k, th.title()));
        spans.push(Span::raw(l));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}
