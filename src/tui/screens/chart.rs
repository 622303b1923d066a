//! The building chart (楼盘表): units across, floors down, as
//! `chart_text::layout` draws them, with a cursor on one room. Arrows move
//! room to room (Home/End/PageUp/PageDown through a tall tower), Enter opens
//! the room's household file, `v` records a visit, `n` registers a request
//! there, `/` jumps to a room; Esc goes back to Lookup, where it came from.

use crate::chart_text::{self, CellRef, ChartText, Place, Tone};
use crate::domain::lifecycle::Channel;
use crate::i18n::{ChartSay, Lang, chart_say};
use crate::store::chart::{Cell, Chart};
use crate::tui::action::Act;
use crate::tui::ctx::{Ctx, RegisterFrom};
use crate::tui::field::TextField;
use crate::tui::modal::PromptFor;
use crate::tui::msg::{Effect, Op, Screen};
use crate::tui::widgets::{Look, Theme, input};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

#[derive(Debug, Clone, Default)]
pub struct ChartState {
    pub chart: Option<Box<Chart>>,
    /// The room under the cursor.
    pub at: Option<CellRef>,
    /// The first line of the scrolling part shown.
    pub top: usize,
    /// The `/` field, while it is open.
    pub jump: Option<TextField>,
    /// Households visited from this chart: a request registered there
    /// comes in with channel = visit.
    pub visited: Vec<i64>,
}

/// The chart as the screen lays it out: the text and the lines pinned at
/// the top (title, counts, unit names) when the rooms form one band.
struct Shown {
    text: ChartText,
    pinned: usize,
}

/// Columns left of the chart for the cursor's marker.
const GUTTER: usize = 1;

impl ChartState {
    /// The `/` field has the keys.
    pub fn field(&mut self) -> Option<&mut TextField> {
        self.jump.as_mut()
    }

    pub fn typing(&self) -> bool {
        self.jump.is_some()
    }

    fn shown(&self, width: u16, l: Lang, th: &Theme) -> Option<Shown> {
        let chart = self.chart.as_ref()?;
        let w = (width as usize).saturating_sub(2 + GUTTER);
        let text = chart_text::layout(
            chart,
            w,
            l,
            chart_text::Look {
                ascii: th.ascii,
                color: th.color,
            },
        );
        // Pin the header when every grid row follows the other (one band).
        let grid: Vec<usize> = text
            .places
            .iter()
            .filter(|p| matches!(p.at, CellRef::Grid { .. }))
            .map(|p| p.line)
            .collect();
        let pinned = match (grid.iter().min(), grid.iter().max()) {
            (Some(&lo), Some(&hi)) => {
                let mut lines: Vec<usize> = grid.clone();
                lines.sort_unstable();
                lines.dedup();
                if hi - lo + 1 == lines.len() { lo } else { 0 }
            }
            _ => 0,
        };
        Some(Shown { text, pinned })
    }

    /// Rows for the scrolling part in a body of `body` (w, h).
    fn rows(&self, body_h: u16, pinned: usize) -> usize {
        let jump = if self.jump.is_some() { 3 } else { 0 };
        (body_h as usize)
            .saturating_sub(2 + jump)
            .saturating_sub(pinned)
            .max(1)
    }

    fn place(&self, text: &ChartText) -> Option<Place> {
        let at = self.at?;
        text.places.iter().copied().find(|p| p.at == at)
    }

    pub fn cell(&self) -> Option<&Cell> {
        let c = self.chart.as_ref()?;
        match self.at? {
            CellRef::Grid { unit, floor, room } => {
                c.units.get(unit)?.floors.get(floor)?.cells.get(room)
            }
            CellRef::House(i) => c.houses.get(i),
            CellRef::Other(i) => c.other.get(i),
        }
    }

    /// `1-501`, or `12号` for a house of a group.
    fn cell_name(&self, cell: &Cell) -> String {
        let group = self.chart.as_ref().is_some_and(|c| c.is_group);
        if group || cell.unit.is_empty() {
            cell.room.clone()
        } else {
            format!("{}-{}", cell.unit, cell.room)
        }
    }

    /// Every cell with its place in the chart's records.
    fn cells(&self) -> Vec<(CellRef, &Cell)> {
        let mut out = Vec::new();
        let Some(c) = self.chart.as_ref() else {
            return out;
        };
        for (u, unit) in c.units.iter().enumerate() {
            for (f, floor) in unit.floors.iter().enumerate() {
                for (r, cell) in floor.cells.iter().enumerate() {
                    out.push((
                        CellRef::Grid {
                            unit: u,
                            floor: f,
                            room: r,
                        },
                        cell,
                    ));
                }
            }
        }
        for (i, cell) in c.houses.iter().enumerate() {
            out.push((CellRef::House(i), cell));
        }
        for (i, cell) in c.other.iter().enumerate() {
            out.push((CellRef::Other(i), cell));
        }
        out
    }

    /// The chart came from the store: the cursor goes to `focus`'s room,
    /// else stays where it was in the same building, else the first room.
    pub fn loaded(&mut self, cx: &mut Ctx, chart: Box<Chart>, focus: Option<i64>) {
        let same = self
            .chart
            .as_ref()
            .is_some_and(|c| c.building_id == chart.building_id);
        if !same {
            self.visited.clear();
            self.top = 0;
            self.at = None;
        }
        self.chart = Some(chart);
        self.jump = None;
        let focused = focus.and_then(|h| {
            self.cells()
                .into_iter()
                .find(|(_, c)| c.home.as_ref().is_some_and(|x| x.household_id == h))
                .map(|(r, _)| r)
        });
        if let Some(r) = focused {
            self.at = Some(r);
        } else if self.cell().is_none() {
            self.at = None;
        }
        if let Some(s) = self.shown(cx.body.0, cx.lang, &plain()) {
            if self.at.is_none() {
                self.at = s.text.places.first().map(|p| p.at);
            }
            self.follow(&s, cx.body.1);
        }
        *cx.screen = Screen::Chart;
    }

    /// Keeps the cursor's line in view.
    fn follow(&mut self, s: &Shown, body_h: u16) {
        let rows = self.rows(body_h, s.pinned);
        if let Some(p) = self.place(&s.text) {
            let line = p.line.saturating_sub(s.pinned);
            if line < self.top {
                self.top = line;
            } else if line >= self.top + rows {
                self.top = line + 1 - rows;
            }
        }
        let len = s.text.lines.len().saturating_sub(s.pinned);
        self.top = self.top.min(len.saturating_sub(rows));
        // The lines after the last room (the legend) come into view at the
        // end; at the first room, the top.
        if self.place(&s.text).map(|p| p.line) == s.text.places.first().map(|p| p.line) {
            self.top = 0;
        }
    }

    pub fn action(&mut self, cx: &mut Ctx, a: Act) -> Vec<Effect> {
        if self.jump.is_some() {
            return self.jump_action(cx, a);
        }
        match a {
            Act::Back => {
                *cx.screen = Screen::Lookup;
                Vec::new()
            }
            Act::Up
            | Act::Down
            | Act::Left
            | Act::Right
            | Act::PageUp
            | Act::PageDown
            | Act::Top
            | Act::Bottom => {
                if let Some(s) = self.shown(cx.body.0, cx.lang, &plain()) {
                    let rows = self.rows(cx.body.1, s.pinned);
                    let geometric = || step(&s.text.places, self.place(&s.text), a, rows);
                    let to = match a {
                        Act::Left | Act::Right => {
                            geometric().map(|p| p.at).or_else(|| self.next_unit(a))
                        }
                        _ => self.vertical(a, rows).or_else(|| geometric().map(|p| p.at)),
                    };
                    if let Some(to) = to {
                        self.at = Some(to);
                    }
                    self.follow(&s, cx.body.1);
                }
                Vec::new()
            }
            Act::Select => match self.home(cx) {
                Some(h) => vec![Effect::LoadHouseholdFile(h)],
                None => Vec::new(),
            },
            Act::Visit => {
                if let Some(h) = self.home(cx) {
                    cx.prompt(
                        "入户走访记录（情况与发现的问题）",
                        "visit note (what was found)",
                        PromptFor::Visit(h),
                    );
                }
                Vec::new()
            }
            Act::NewRequest => {
                if let Some(h) = self.home(cx) {
                    let label = self.label();
                    cx.register = Some(RegisterFrom {
                        household: (h, label),
                        channel: self.visited.contains(&h).then_some(Channel::Visit),
                    });
                }
                Vec::new()
            }
            Act::Jump => {
                self.jump = Some(TextField::new(20));
                Vec::new()
            }
            Act::Reload => self.reload(),
            _ => Vec::new(),
        }
    }

    fn jump_action(&mut self, cx: &mut Ctx, a: Act) -> Vec<Effect> {
        match a {
            Act::Back => {
                self.jump = None;
            }
            Act::Select => {
                let typed = self.jump.as_ref().map(|f| f.text()).unwrap_or_default();
                match self.find(&typed) {
                    Ok(r) => {
                        self.at = Some(r);
                        self.jump = None;
                        if let Some(s) = self.shown(cx.body.0, cx.lang, &plain()) {
                            self.follow(&s, cx.body.1);
                        }
                    }
                    // The field stays open with what was typed.
                    Err(msg) => cx.error(chart_say(&msg, cx.lang)),
                }
            }
            _ => {}
        }
        Vec::new()
    }

    /// The room a typed `1-501`, `501`, `3-1-501` or `12号` names. A room
    /// number alone prefers the unit under the cursor.
    fn find(&self, typed: &str) -> Result<CellRef, ChartSay> {
        let norm = crate::domain::text::normalize(typed);
        let norm = norm.trim();
        if norm.is_empty() {
            return Err(ChartSay::RoomEmpty);
        }
        let parts: Vec<&str> = norm
            .split(['-', '－', '—'])
            .map(|p| {
                p.trim()
                    .trim_end_matches(['号', '室', '户'])
                    .trim_end_matches("单元")
            })
            .collect();
        let (unit, room) = match parts.as_slice() {
            [room] => (None, *room),
            [.., unit, room] => (Some(*unit), *room),
            [] => (None, ""),
        };
        let here = self.cell().map(|c| c.unit.clone());
        let cells = self.cells();
        let matching: Vec<&(CellRef, &Cell)> = cells
            .iter()
            .filter(|(_, c)| c.room == room && unit.is_none_or(|u| c.unit == u))
            .collect();
        matching
            .iter()
            .find(|(_, c)| Some(&c.unit) == here.as_ref())
            .or(matching.first())
            .map(|(r, _)| *r)
            .ok_or_else(|| ChartSay::NoSuchRoom(typed.trim().to_string()))
    }

    /// Up and down a unit's floors (a screenful for a page, the top and
    /// ground floors for Home and End), the room kept. `None` past the
    /// unit's end (the move goes on by the drawing: the next band, the
    /// rooms outside the numbering), or off the grid.
    fn vertical(&self, a: Act, rows: usize) -> Option<CellRef> {
        let c = self.chart.as_ref()?;
        let CellRef::Grid { unit, floor, room } = self.at? else {
            return None;
        };
        let floors = &c.units.get(unit)?.floors;
        let last = floors.len().checked_sub(1)?;
        let to = match a {
            Act::Up => floor.checked_sub(1)?,
            Act::Down => Some(floor + 1).filter(|&f| f <= last)?,
            Act::PageUp => Some(floor).filter(|&f| f > 0)?.saturating_sub(rows),
            Act::PageDown => (Some(floor).filter(|&f| f < last)? + rows).min(last),
            Act::Top => 0,
            Act::Bottom => last,
            _ => return None,
        };
        let cells = floors.get(to)?.cells.len();
        Some(CellRef::Grid {
            unit,
            floor: to,
            room: room.min(cells.checked_sub(1)?),
        })
    }

    /// Left of a unit's first room, right of its last: the same floor of
    /// the unit beside it (drawn beside it, or in the band below).
    fn next_unit(&self, a: Act) -> Option<CellRef> {
        let c = self.chart.as_ref()?;
        let CellRef::Grid { unit, floor, .. } = self.at? else {
            return None;
        };
        let number = c.units.get(unit)?.floors.get(floor)?.floor;
        let (to, first) = match a {
            Act::Right => (unit + 1, true),
            Act::Left => (unit.checked_sub(1)?, false),
            _ => return None,
        };
        let row = c.units.get(to)?;
        let (f, fl) = row
            .floors
            .iter()
            .enumerate()
            .find(|(_, fl)| fl.floor == number)?;
        let last = fl.cells.len().checked_sub(1)?;
        Some(CellRef::Grid {
            unit: to,
            floor: f,
            room: if first { 0 } else { last },
        })
    }

    /// The household under the cursor; a vacant room says so.
    fn home(&self, cx: &mut Ctx) -> Option<i64> {
        let cell = self.cell()?;
        match &cell.home {
            Some(h) => Some(h.household_id),
            None => {
                cx.info(chart_say(&ChartSay::Vacant(self.cell_name(cell)), cx.lang));
                None
            }
        }
    }

    /// `锦华家园 3-2-501`, as the register form names a household.
    fn label(&self) -> String {
        match (self.chart.as_ref(), self.cell()) {
            (Some(c), Some(cell)) if c.is_group => {
                format!("{} {} {}", c.community, c.building, cell.room)
            }
            (Some(c), Some(cell)) => {
                format!("{} {}-{}-{}", c.community, c.num, cell.unit, cell.room)
            }
            _ => String::new(),
        }
    }

    /// The visit note typed in the prompt.
    pub fn visit_answered(&mut self, household: i64, note: String) -> Vec<Effect> {
        if !self.visited.contains(&household) {
            self.visited.push(household);
        }
        vec![Effect::Apply(Op::Visit { household, note })]
    }

    /// Read the chart again (a change went through), the cursor kept.
    pub fn reload(&self) -> Vec<Effect> {
        self.chart
            .as_ref()
            .map(|c| {
                vec![Effect::LoadChart {
                    building: c.building_id,
                    focus: None,
                }]
            })
            .unwrap_or_default()
    }

    /// Where the real cursor goes: on the room under the cursor, or in the
    /// `/` field.
    pub fn draw(&self, f: &mut Frame, area: Rect, lk: &Look) -> Option<(u16, u16)> {
        let l = lk.lang;
        let th = &lk.th;
        let (main, jump) = if self.jump.is_some() {
            let [m, j] = Layout::vertical([Constraint::Min(3), Constraint::Length(3)]).areas(area);
            (m, Some(j))
        } else {
            (area, None)
        };
        let title = self
            .chart
            .as_ref()
            .map(|c| c.building.clone())
            .unwrap_or_default();
        let block = th.block(chart_say(&ChartSay::Title(title), l), true);
        let inner = block.inner(main);
        f.render_widget(block, main);
        let Some(s) = self.shown(area.width, l, th) else {
            f.render_widget(
                Paragraph::new(chart_say(&ChartSay::Loading, l)).style(th.dim()),
                inner,
            );
            return None;
        };
        let rows = (inner.height as usize).saturating_sub(s.pinned).max(1);
        let place = self.place(&s.text);
        let len = s.text.lines.len().saturating_sub(s.pinned);
        let top = match place.map(|p| p.line) {
            Some(line) if line >= s.pinned => {
                let line = line - s.pinned;
                let mut top = self.top.min(len.saturating_sub(rows));
                if line < top {
                    top = line;
                } else if line >= top + rows {
                    top = line + 1 - rows;
                }
                top
            }
            _ => self.top.min(len.saturating_sub(rows)),
        };
        let shown_lines = (0..s.pinned).chain(s.pinned + top..s.pinned + top + rows);
        let mut lines: Vec<Line> = Vec::new();
        let mut cursor = None;
        for (y, i) in shown_lines.enumerate() {
            let Some(cl) = s.text.lines.get(i) else {
                break;
            };
            let here = place.filter(|p| p.line == i);
            lines.push(line(cl, here, th));
            if let Some(p) = here {
                cursor = Some((inner.x + (GUTTER + p.col) as u16, inner.y + y as u16));
            }
        }
        f.render_widget(Paragraph::new(lines), inner);
        if let (Some(j), Some(field)) = (jump, &self.jump) {
            return input(
                f,
                th,
                j,
                &chart_say(&ChartSay::JumpLabel, l),
                field,
                !lk.modal_open,
            );
        }
        if lk.modal_open {
            return None;
        }
        cursor.filter(|(x, y)| *x < inner.right() && *y < inner.bottom())
    }
}

/// No colour, no ASCII: the layout's places are the same in every look.
fn plain() -> Theme {
    Theme {
        color: false,
        ascii: false,
    }
}

/// The place a move goes to. Up/Down go to the nearest line with rooms
/// above or below, to the room nearest in column; Left/Right along the
/// line; PageUp/PageDown a screenful of lines; Home/End the first and the
/// last line with rooms.
fn step(places: &[Place], from: Option<Place>, a: Act, rows: usize) -> Option<Place> {
    let Some(from) = from else {
        return places.first().copied();
    };
    let mid = |p: &Place| p.col * 2 + p.width;
    let nearest = |line: usize| -> Option<Place> {
        places
            .iter()
            .filter(|p| p.line == line)
            .min_by_key(|p| mid(p).abs_diff(mid(&from)))
            .copied()
    };
    let mut lines: Vec<usize> = places.iter().map(|p| p.line).collect();
    lines.sort_unstable();
    lines.dedup();
    let above = lines.iter().rev().find(|&&l| l < from.line).copied();
    let below = lines.iter().find(|&&l| l > from.line).copied();
    match a {
        Act::Up => above.and_then(nearest),
        Act::Down => below.and_then(nearest),
        Act::Left => places
            .iter()
            .filter(|p| p.line == from.line && p.col < from.col)
            .max_by_key(|p| p.col)
            .copied(),
        Act::Right => places
            .iter()
            .filter(|p| p.line == from.line && p.col > from.col)
            .min_by_key(|p| p.col)
            .copied(),
        Act::PageUp => {
            let target = from.line.saturating_sub(rows);
            lines
                .iter()
                .find(|&&l| l >= target && l < from.line)
                .copied()
                .and_then(nearest)
        }
        Act::PageDown => {
            let target = from.line + rows;
            lines
                .iter()
                .rev()
                .find(|&&l| l <= target && l > from.line)
                .copied()
                .and_then(nearest)
        }
        Act::Top => lines.first().copied().and_then(nearest),
        Act::Bottom => lines.last().copied().and_then(nearest),
        _ => None,
    }
}

/// One chart line on the screen: a gutter, the spans in the theme's
/// colours, and the room under the cursor reversed and marked `>` just
/// before it (in the space before the cell, or the gutter).
fn line(cl: &chart_text::Line, cursor: Option<Place>, th: &Theme) -> Line<'static> {
    // Each character with its column and style, then regrouped.
    let mut chars: Vec<(char, Style)> = vec![(' ', Style::new())];
    let mut col = GUTTER;
    let mut cols: Vec<usize> = vec![0];
    for sp in &cl.spans {
        let style = tone(sp.tone, th);
        for ch in sp.text.chars() {
            let in_cell =
                cursor.is_some_and(|p| col >= GUTTER + p.col && col < GUTTER + p.col + p.width);
            chars.push((
                ch,
                if in_cell {
                    style.patch(th.sel())
                } else {
                    style
                },
            ));
            cols.push(col);
            col += unicode_width::UnicodeWidthChar::width(ch).unwrap_or(0);
        }
    }
    if let Some(p) = cursor {
        let before = GUTTER + p.col - 1;
        if let Some(i) = cols.iter().position(|&c| c == before)
            && chars[i].0 == ' '
        {
            chars[i] = ('>', th.sel());
        }
    }
    let mut spans: Vec<Span> = Vec::new();
    let mut run = String::new();
    let mut run_style = Style::new();
    for (ch, st) in chars {
        if st != run_style && !run.is_empty() {
            spans.push(Span::styled(std::mem::take(&mut run), run_style));
        }
        run_style = st;
        run.push(ch);
    }
    if !run.is_empty() {
        spans.push(Span::styled(run, run_style));
    }
    Line::from(spans)
}

fn tone(t: Tone, th: &Theme) -> Style {
    if !th.color {
        return match t {
            Tone::Title | Tone::Red | Tone::Never => Style::new().add_modifier(Modifier::BOLD),
            _ => Style::new(),
        };
    }
    match t {
        Tone::Plain => Style::new(),
        Tone::Title => th.title(),
        Tone::Dim => th.dim(),
        Tone::Mark => Style::new().fg(Color::Cyan),
        Tone::Red => th.red(),
        Tone::Yellow => th.yellow(),
        Tone::Stale => Style::new().fg(Color::Magenta),
        Tone::Never => Style::new().fg(Color::Magenta).add_modifier(Modifier::BOLD),
    }
}
