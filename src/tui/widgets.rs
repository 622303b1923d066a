//! Drawing helpers every screen shares: the theme (colours or none, box or
//! ASCII borders), a list row, a scrolling window, a one-line input box, and
//! what each screen's draw gets to know about the app (`Look`).

use super::action::Act;
use super::field::TextField;
use super::keymap::{Keymap, Section};
use super::msg::t;
use crate::domain::calendar::Time;
use crate::domain::warning::Warning;
use crate::i18n::{self, Lang};
pub use crate::printout::{fit, pad, short};
use crate::store::request::{Category, Request};
use crate::store::search::{Hit, HitKind};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::symbols::border;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};
use unicode_width::UnicodeWidthStr;

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

#[derive(Debug, Clone, Copy)]
pub struct Theme {
    pub color: bool,
    /// Plain-ASCII borders for terminals that draw box glyphs double-width.
    pub ascii: bool,
}

impl Theme {
    pub fn sel(&self) -> Style {
        if self.color {
            Style::new()
                .bg(Color::Blue)
                .fg(Color::White)
                .add_modifier(Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
        }
    }
    pub fn dim(&self) -> Style {
        if self.color {
            Style::new().fg(Color::DarkGray)
        } else {
            Style::new()
        }
    }
    pub fn red(&self) -> Style {
        if self.color {
            Style::new().fg(Color::Red).add_modifier(Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::BOLD)
        }
    }
    pub fn yellow(&self) -> Style {
        if self.color {
            Style::new().fg(Color::Yellow)
        } else {
            Style::new()
        }
    }
    pub fn title(&self) -> Style {
        if self.color {
            Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::BOLD)
        }
    }
    pub fn warn(&self, w: Warning) -> Style {
        if w.is_red() {
            self.red()
        } else if w.is_yellow() {
            self.yellow()
        } else {
            Style::new()
        }
    }
    pub fn block<'a>(&self, title: String, focused: bool) -> Block<'a> {
        let b = Block::bordered().title(title);
        let b = if self.ascii {
            b.border_set(ASCII_BORDER)
        } else {
            b
        };
        if focused && self.color {
            b.border_style(Style::new().fg(Color::Cyan))
        } else {
            b
        }
    }
}

/// What a screen's draw may know of the app besides its own state.
pub struct Look<'a> {
    pub lang: Lang,
    pub th: Theme,
    pub keymap: &'a Keymap,
    pub section: Section,
    pub categories: &'a [Category],
    pub now: Time,
    /// A popup has the keys: no field of the screen shows the cursor.
    pub modal_open: bool,
}

impl Look<'_> {
    /// The first key bound to an action on this screen.
    pub fn key(&self, a: Act) -> String {
        self.keymap
            .keys_for(self.section, a)
            .first()
            .cloned()
            .unwrap_or_default()
    }
}

/// A list row: the marker `>` shows the selection without colour.
pub fn row<'a>(text: String, selected: bool, th: &Theme, width: usize, style: Style) -> Line<'a> {
    let marker = if selected { "> " } else { "  " };
    let s = pad(
        &crate::domain::text::printable(&format!("{marker}{text}"), false),
        width,
    );
    Line::from(Span::styled(s, if selected { th.sel() } else { style }))
}

/// Rows around the selection so it stays visible.
pub fn window(sel: usize, n: usize, h: usize) -> std::ops::Range<usize> {
    if n <= h || h == 0 {
        return 0..n;
    }
    let start = sel.saturating_sub(h / 2).min(n - h);
    start..start + h
}

/// A one-line input box with its label; returns where the cursor goes.
pub fn input(
    f: &mut Frame,
    th: &Theme,
    area: Rect,
    label: &str,
    field: &TextField,
    focused: bool,
) -> Option<(u16, u16)> {
    // A label longer than the box is cut where it shows, never silently.
    let b = th.block(fit(label, area.width.saturating_sub(2) as usize), focused);
    let inner = b.inner(area);
    let (shown, col) = field.view(inner.width);
    // An old value offered for change shows selected (typing replaces it).
    let style = if field.selected {
        Style::new().add_modifier(ratatui::style::Modifier::REVERSED)
    } else {
        Style::new()
    };
    f.render_widget(
        Paragraph::new(ratatui::text::Span::styled(shown, style)).block(b),
        area,
    );
    focused.then(|| (inner.x + col.min(inner.width.saturating_sub(1)), inner.y))
}

/// A search hit as one list row: its kind, what it is, masked details.
pub fn hit_text(hit: &Hit, l: Lang, cats: &[Category]) -> String {
    let word = |k: HitKind| match k {
        HitKind::Household => t(l, "户", "household"),
        HitKind::Resident => t(l, "人", "person"),
        HitKind::Request => t(l, "件", "request"),
        HitKind::Member => t(l, "党员", "member"),
    };
    // The kind column is as wide as its widest word: no abbreviations.
    let w = [
        HitKind::Household,
        HitKind::Resident,
        HitKind::Request,
        HitKind::Member,
    ]
    .into_iter()
    .map(|k| word(k).width())
    .max()
    .unwrap_or(0);
    // A request's detail is its category and status codes: said in words.
    let detail = match hit.kind {
        HitKind::Request => hit
            .detail
            .split(' ')
            .map(|code| {
                if let Some(c) = cats.iter().find(|c| c.code == code) {
                    l.pick(&c.name_zh, &c.name_en).to_string()
                } else if let Some(s) = crate::domain::lifecycle::Status::parse(code) {
                    i18n::status(s, l).to_string()
                } else {
                    code.to_string()
                }
            })
            .collect::<Vec<_>>()
            .join(" "),
        _ => hit.detail.clone(),
    };
    format!("{} {}  {detail}", pad(&word(hit.kind), w), hit.label)
}

/// How many households the results hold at exactly the typed address —
/// the same rooms in several communities (`1-1-101`) — when more than one.
pub fn same_address(hits: &[Hit]) -> Option<usize> {
    let n = hits
        .iter()
        .filter(|h| {
            h.kind == HitKind::Household
                && h.exact
                && h.matched == crate::store::search::Matched::Address
        })
        .count();
    (n > 1).then_some(n)
}

/// Said when Enter would take one of several households at one address
/// before the clerk chose: Enter then opens it (Lookup) or takes it for
/// the form (Register, `take`).
pub fn choose_one(l: Lang, n: usize, take: bool) -> String {
    match (l, take) {
        (Lang::Zh, false) => {
            format!("这个地址有 {n} 户（不同社区）：用上下键选定，再按 Enter 打开光标所在的一户")
        }
        (Lang::Zh, true) => {
            format!("这个地址有 {n} 户（不同社区）：用上下键选定，再按 Enter 选用光标所在的一户")
        }
        (Lang::En, false) => {
            format!("{n} households here (several communities): pick one, Enter opens it")
        }
        (Lang::En, true) => {
            format!("{n} households here (several communities): pick one, Enter takes it")
        }
    }
}

/// The widths of a request list's columns in `width` cells: the status as
/// wide as the widest status in the language, the category and household
/// as wide as the widest shown. Where the categories' full names would
/// leave the household fewer than `HOUSEHOLD_MIN` cells, the rows take the
/// categories' short names (English, whole words: `medical claim`); only a
/// name still too long is cut.
#[derive(Debug, Clone, Copy)]
pub struct Cols {
    pub status: usize,
    pub category: usize,
    pub household: usize,
    /// The rows show the categories' short names.
    pub short: bool,
}

const HOUSEHOLD_MIN: usize = 20;

impl Cols {
    pub fn new<'a>(
        rows: impl Iterator<Item = &'a Request>,
        lang: Lang,
        cats: &[Category],
        width: usize,
    ) -> Cols {
        let status = crate::domain::lifecycle::Status::ALL
            .iter()
            .map(|s| i18n::status(*s, lang).width())
            .max()
            .unwrap_or(0);
        let (mut full, mut short, mut household) = (0, 0, 0);
        for r in rows {
            full = full.max(category_name(&r.category, lang, cats).width());
            short = short.max(category_short(&r.category, lang, cats).width());
            household = household.max(r.household.as_deref().unwrap_or_default().width());
        }
        // Warning, ticket, status, category, household, due; one space apart.
        let fixed = 1 + 1 + 13 + 1 + status + 1 + 1 + 1 + 11;
        let rest = width.saturating_sub(fixed);
        let room = rest.saturating_sub(household.min(HOUSEHOLD_MIN));
        let (category, short) = if full <= room {
            (full, false)
        } else {
            (short.min(room).max(4), true)
        };
        Cols {
            status,
            category,
            household: household.min(rest.saturating_sub(category)),
            short,
        }
    }
}

/// A category by its name in the language; a code not known as stored.
pub fn category_name<'a>(code: &'a str, lang: Lang, cats: &'a [Category]) -> &'a str {
    cats.iter()
        .find(|c| c.code == code)
        .map_or(code, |c| lang.pick(&c.name_zh, &c.name_en))
}

/// A category by its short name where it has one in the language, else
/// by its name.
pub fn category_short<'a>(code: &'a str, lang: Lang, cats: &'a [Category]) -> &'a str {
    cats.iter()
        .find(|c| c.code == code)
        .map_or(code, |c| match lang {
            Lang::Zh => &c.name_zh,
            Lang::En => c.short_en.as_deref().unwrap_or(&c.name_en),
        })
}

pub fn request_line(r: &Request, w: Warning, lang: Lang, cats: &[Category], cols: &Cols) -> String {
    format!(
        "{} {} {} {} {} {}",
        w.symbol(),
        r.ticket,
        pad(i18n::status(r.status, lang), cols.status),
        pad(
            if cols.short {
                category_short(&r.category, lang, cats)
            } else {
                category_name(&r.category, lang, cats)
            },
            cols.category
        ),
        household_cell(r.household.as_deref().unwrap_or_default(), cols.household),
        short(r.due_at)
    )
}

/// A household (`建设家园社区 10-1-501`) in `w` cells: too long, the
/// community's name is cut, not the address, which the clerk reads the
/// room from.
pub fn household_cell(label: &str, w: usize) -> String {
    if label.width() <= w {
        return pad(label, w);
    }
    match label.rsplit_once(' ') {
        Some((community, address)) if address.width() + 3 <= w => {
            let left = w - address.width() - 1;
            format!("{} {address}", pad(community, left))
        }
        _ => pad(label, w),
    }
}

/// Clears the place of a popup. A wide (CJK) character under either edge
/// is blanked whole: its left half outside the popup would otherwise hide
/// the popup's left border (the terminal draws it over the next cell), and
/// its right half would show beside the right border.
pub fn popup(f: &mut Frame, pop: Rect) {
    let pop = pop.intersection(f.area());
    if pop.is_empty() {
        return;
    }
    let buf = f.buffer_mut();
    for y in pop.top()..pop.bottom() {
        if pop.left() > 0 {
            let c = &mut buf[(pop.left() - 1, y)];
            if c.symbol().width() > 1 {
                c.set_symbol(" ");
            }
        }
        let last = pop.right() - 1;
        if buf[(last, y)].symbol().width() > 1 && pop.right() < buf.area.right() {
            buf[(pop.right(), y)].set_symbol(" ");
        }
    }
    f.render_widget(Clear, pop);
}

/// Where a long text is shown from. The list keys move it — a line, a
/// page, to the top, to the end — and it never passes the text's end.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Scroll {
    pub top: usize,
}

impl Scroll {
    /// Moves over `len` lines shown `view` at a time; false for a key that
    /// is not a list key.
    pub fn key(&mut self, a: Act, len: usize, view: usize) -> bool {
        let last = len.saturating_sub(view);
        let page = view.max(1);
        let top = self.top.min(last);
        self.top = match a {
            Act::Up => top.saturating_sub(1),
            Act::Down => (top + 1).min(last),
            Act::PageUp => top.saturating_sub(page),
            Act::PageDown => (top + page).min(last),
            Act::Top => 0,
            Act::Bottom => last,
            _ => return false,
        };
        true
    }

    /// The first line to show (kept inside the text after a resize too).
    pub fn offset(&self, len: usize, view: usize) -> u16 {
        self.top
            .min(len.saturating_sub(view))
            .min(u16::MAX as usize) as u16
    }
}

/// Rows inside a bordered box of `height`.
pub fn inner_rows(height: u16) -> usize {
    height.saturating_sub(2) as usize
}

/// A screen's parts as tabs on the area's first line, the current one
/// highlighted, and the key that switches them; the rest of the area is
/// returned for the part itself.
pub fn part_tabs(
    f: &mut Frame,
    area: Rect,
    lk: &Look,
    parts: impl IntoIterator<Item = (String, bool)>,
) -> Rect {
    let th = &lk.th;
    let mut tabs = Vec::new();
    for (label, current) in parts {
        let style = if current { th.sel() } else { Style::new() };
        tabs.push(Span::styled(format!(" {label} "), style));
        tabs.push(Span::raw(" "));
    }
    tabs.push(Span::styled(
        format!(
            "{} {}",
            lk.key(crate::tui::action::Act::NextField),
            lk.lang.pick("切换", "switches")
        ),
        th.dim(),
    ));
    f.render_widget(Paragraph::new(Line::from(tabs)), Rect { height: 1, ..area });
    Rect {
        y: area.y + 1,
        height: area.height.saturating_sub(1),
        ..area
    }
}
