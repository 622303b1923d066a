//! The building chart (楼盘表) as lines of text, for the screen and for
//! `griddesk chart`: a header, units across and floors down (top floor
//! first), one compact cell per room, the rooms outside the numbering, a
//! resident group's houses as a list, and a legend in the user's language.
//! Widths are display widths; every line fits the width given. Every mark
//! has a symbol, so the chart reads without colour; `ascii` swaps the
//! ambiguous-width symbols for plain ASCII ones.

use crate::domain::warning::Warning;
use crate::i18n::Lang;
use crate::printout::fit;
use crate::store::chart::{Cell, Chart, Home, Mark, Shape};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// How the chart may draw.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Look {
    /// Plain-ASCII symbols only (Chinese text stays).
    pub ascii: bool,
    /// Tones are set; without colour every span is `Tone::Plain` and the
    /// symbols carry the meaning alone.
    pub color: bool,
}

/// What a span means, for the screen's or the terminal's colours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Plain,
    Title,
    /// Vacant rooms, the legend.
    Dim,
    /// A mark (独居, 高龄, …).
    Mark,
    /// A red warning: overdue, or no response.
    Red,
    /// A yellow warning: due soon, or no progress.
    Yellow,
    /// Last visited more than 90 days ago.
    Stale,
    /// Never visited.
    Never,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    pub text: String,
    pub tone: Tone,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Line {
    pub spans: Vec<Span>,
}

impl Line {
    fn push(&mut self, text: impl Into<String>, tone: Tone) {
        self.spans.push(Span {
            text: text.into(),
            tone,
        });
    }
    pub fn text(&self) -> String {
        self.spans.iter().map(|s| s.text.as_str()).collect()
    }
    pub fn width(&self) -> usize {
        self.spans.iter().map(|s| s.text.width()).sum()
    }
    /// Cuts the line to `w` cells (the cut marked `~`).
    fn fit(mut self, w: usize) -> Line {
        if self.width() <= w {
            return self;
        }
        let mut out = Line::default();
        let mut used = 0;
        for s in self.spans.drain(..) {
            let sw = s.text.width();
            if used + sw < w {
                used += sw;
                out.spans.push(s);
                continue;
            }
            out.push(fit(&s.text, w - used), s.tone);
            break;
        }
        out
    }
}

/// Which chart record a place on the text shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CellRef {
    /// `chart.units[unit].floors[floor].cells[room]`
    Grid {
        unit: usize,
        floor: usize,
        room: usize,
    },
    /// `chart.houses[i]`
    House(usize),
    /// `chart.other[i]`
    Other(usize),
}

/// Where a cell was drawn: line, first column and width, for a cursor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    pub at: CellRef,
    pub line: usize,
    pub col: usize,
    pub width: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ChartText {
    pub lines: Vec<Line>,
    pub places: Vec<Place>,
}

impl ChartText {
    /// The plain text, one line each.
    pub fn plain(&self) -> String {
        let mut s = String::new();
        for l in &self.lines {
            s.push_str(&l.text());
            s.push('\n');
        }
        s
    }

    /// For a terminal: tones as ANSI colours.
    pub fn ansi(&self) -> String {
        let mut s = String::new();
        for l in &self.lines {
            for sp in &l.spans {
                let code = match sp.tone {
                    Tone::Plain => None,
                    Tone::Title => Some("1"),
                    Tone::Dim => Some("2"),
                    Tone::Mark => Some("36"),
                    Tone::Red => Some("1;31"),
                    Tone::Yellow => Some("33"),
                    Tone::Stale => Some("35"),
                    Tone::Never => Some("1;35"),
                };
                match code {
                    Some(c) => s.push_str(&format!("\x1b[{c}m{}\x1b[0m", sp.text)),
                    None => s.push_str(&sp.text),
                }
            }
            s.push('\n');
        }
        s
    }
}

/// The symbols of one look.
struct Glyphs {
    red: &'static str,
    yellow: &'static str,
    /// Last visit 31–90 days ago; over 90; never.
    visit_old: &'static str,
    visit_stale: &'static str,
    visit_never: &'static str,
    sep: &'static str,
}

const FANCY: Glyphs = Glyphs {
    red: "‼",
    yellow: "!",
    visit_old: "░",
    visit_stale: "▓",
    visit_never: "?",
    sep: "│",
};

const ASCII: Glyphs = Glyphs {
    red: "*",
    yellow: "!",
    visit_old: ".",
    visit_stale: "=",
    visit_never: "?",
    sep: "|",
};

fn glyphs(look: Look) -> &'static Glyphs {
    if look.ascii { &ASCII } else { &FANCY }
}

/// A mark's one-cell symbol.
pub fn mark_symbol(m: Mark, ascii: bool) -> &'static str {
    match (m, ascii) {
        (Mark::LivesAlone, false) => "●",
        (Mark::Elderly, false) => "▲",
        (Mark::Disabled, false) => "◆",
        (Mark::ExtremeHardship, false) => "■",
        (Mark::MinimumIncome, false) => "□",
        (Mark::PartyMember, false) => "★",
        (Mark::LivesAlone, true) => "a",
        (Mark::Elderly, true) => "o",
        (Mark::Disabled, true) => "d",
        (Mark::ExtremeHardship, true) => "t",
        (Mark::MinimumIncome, true) => "b",
        (Mark::PartyMember, true) => "p",
    }
}

/// A mark in words.
pub fn mark_name(m: Mark, l: Lang) -> &'static str {
    l.pick(
        m.tag(),
        match m {
            Mark::LivesAlone => "lives alone",
            Mark::Elderly => "80+",
            Mark::Disabled => "disabled",
            Mark::ExtremeHardship => "extreme hardship",
            Mark::MinimumIncome => "minimum income",
            Mark::PartyMember => "party member",
        },
    )
}

/// Visits within this many days are recent; beyond `STALE_DAYS`, overdue.
pub const RECENT_DAYS: i64 = 30;
pub const STALE_DAYS: i64 = 90;

fn visit_tone(days: Option<i64>) -> Tone {
    match days {
        None => Tone::Never,
        Some(d) if d > STALE_DAYS => Tone::Stale,
        Some(_) => Tone::Plain,
    }
}

fn warning_span(w: Warning, g: &Glyphs) -> (&'static str, Tone) {
    if w.is_red() {
        (g.red, Tone::Red)
    } else if w.is_yellow() {
        (g.yellow, Tone::Yellow)
    } else {
        (" ", Tone::Plain)
    }
}

/// What a cell shows, from the narrowest to the richest.
#[derive(Debug, Clone, Copy)]
struct CellFmt {
    /// Room number in front, this many cells wide (0: none).
    room: usize,
    /// Surname cells: 2 (first character) or 4.
    surname: usize,
    /// Mark symbols shown.
    marks: usize,
    /// Days since the last visit as a number (else one shade symbol).
    days: bool,
}

impl CellFmt {
    fn width(&self) -> usize {
        let room = if self.room > 0 { self.room + 1 } else { 0 };
        room + self.surname + self.marks + 1 + if self.days { 4 } else { 1 }
    }
}

fn vacant_word(l: Lang) -> &'static str {
    l.pick("空", "--")
}

fn surname_text(h: &Home, w: usize, ascii: bool) -> String {
    match &h.surname {
        Some(s) if !s.is_empty() => {
            let mut out = String::new();
            for c in s.chars() {
                if out.width() + c.width().unwrap_or(0) > w {
                    break;
                }
                out.push(c);
            }
            out
        }
        // A household with no one registered.
        _ => if ascii { "??" } else { "？" }.to_string(),
    }
}

fn pad_to(line: &mut Line, used: usize, w: usize) {
    if w > used {
        line.push(" ".repeat(w - used), Tone::Plain);
    }
}

/// Draws one cell into `line`, exactly `f.width()` cells.
fn draw_cell(line: &mut Line, c: &Cell, f: CellFmt, l: Lang, look: Look) {
    let g = glyphs(look);
    let start = line.width();
    if f.room > 0 {
        line.push(format!("{:>w$} ", c.room, w = f.room), Tone::Dim);
    }
    match &c.home {
        None => {
            line.push(vacant_word(l), Tone::Dim);
        }
        Some(h) => {
            let s = surname_text(h, f.surname, look.ascii);
            let sw = s.width();
            line.push(s, Tone::Plain);
            pad_to(line, sw, f.surname);
            let shown: String = h
                .marks
                .iter()
                .take(f.marks)
                .map(|m| mark_symbol(*m, look.ascii))
                .collect();
            let n = h.marks.len().min(f.marks);
            line.push(shown, Tone::Mark);
            pad_to(line, n, f.marks);
            let (w, tone) = warning_span(h.warning, g);
            line.push(w, tone);
            let tone = visit_tone(h.days_since_visit);
            if f.days {
                let d = match h.days_since_visit {
                    Some(d) => format!("{:>4}", d.min(999)),
                    None => format!("{:>4}", g.visit_never),
                };
                line.push(d, tone);
            } else {
                let s = match h.days_since_visit {
                    None => g.visit_never,
                    Some(d) if d > STALE_DAYS => g.visit_stale,
                    Some(d) if d > RECENT_DAYS => g.visit_old,
                    Some(_) => " ",
                };
                line.push(s, tone);
            }
        }
    }
    let used = line.width() - start;
    pad_to(line, used, f.width());
}

/// A house of a group, or a room outside the numbering, as one line:
/// `12号 张 独居 高龄 ‼ 120天`.
fn house_line(label: &str, c: &Cell, l: Lang, look: Look) -> Line {
    let g = glyphs(look);
    let mut line = Line::default();
    line.push(label, Tone::Plain);
    match &c.home {
        None => line.push(format!(" {}", vacant_word(l)), Tone::Dim),
        Some(h) => {
            line.push(format!(" {}", surname_text(h, 4, look.ascii)), Tone::Plain);
            for m in &h.marks {
                line.push(format!(" {}", mark_name(*m, l)), Tone::Mark);
            }
            let (w, tone) = warning_span(h.warning, g);
            if tone != Tone::Plain {
                line.push(format!(" {w}"), tone);
            }
            let tone = visit_tone(h.days_since_visit);
            let d = match (h.days_since_visit, l) {
                (Some(d), Lang::Zh) => format!(" {d}天"),
                (Some(d), Lang::En) => format!(" {d} d"),
                (None, _) => format!(" {}", l.pick("未走访", "never visited")),
            };
            line.push(d, tone);
        }
    }
    line
}

fn house_label(c: &Cell, l: Lang) -> String {
    if c.unit.is_empty() || c.unit == "1" || c.unit == "0" {
        match l {
            Lang::Zh => format!("{}号", c.room),
            Lang::En => format!("No. {}", c.room),
        }
    } else {
        format!("{}-{}", c.unit, c.room)
    }
}

fn unit_label(u: &str, l: Lang) -> String {
    match l {
        Lang::Zh => format!("{u}单元"),
        Lang::En => format!("unit {u}"),
    }
}

/// Words joined into lines of at most `w` cells, the first after `lead`.
fn wrap(lead: &str, items: &[String], sep: &str, w: usize, tone: Tone) -> Vec<Line> {
    let mut lines = Vec::new();
    let mut cur = lead.to_string();
    let mut empty = true;
    for it in items {
        let add = if empty {
            it.clone()
        } else {
            format!("{sep}{it}")
        };
        if !empty && cur.width() + add.width() > w {
            lines.push(std::mem::replace(&mut cur, it.clone()));
        } else {
            cur.push_str(&add);
        }
        empty = false;
    }
    if !empty {
        lines.push(cur);
    }
    lines
        .into_iter()
        .map(|s| {
            let mut line = Line::default();
            line.push(s, tone);
            line.fit(w)
        })
        .collect()
}

/// The legend's entries, each symbol with its meaning.
fn legend_items(chart: &Chart, l: Lang, look: Look, days: bool) -> Vec<String> {
    let g = glyphs(look);
    let mut v = Vec::new();
    if !chart.is_group {
        v.push(format!("{} {}", vacant_word(l), l.pick("无住户", "vacant")));
    }
    for m in Mark::ALL {
        v.push(format!(
            "{} {}",
            mark_symbol(m, look.ascii),
            mark_name(m, l)
        ));
    }
    v.push(format!(
        "{} {}",
        g.red,
        l.pick("超期/未响应", "overdue/no response")
    ));
    v.push(format!(
        "{} {}",
        g.yellow,
        l.pick("将到期/3天无进展", "due soon/no progress")
    ));
    if days {
        v.push(
            l.pick("数字=距上次走访天数", "number=days since visit")
                .to_string(),
        );
    } else {
        v.push(format!(
            "{} {}",
            g.visit_old,
            l.pick("31-90天未走访", "visited 31-90 d ago")
        ));
        v.push(format!(
            "{} {}",
            g.visit_stale,
            l.pick("超90天未走访", "not visited for 90+ d")
        ));
    }
    v.push(format!(
        "{} {}",
        g.visit_never,
        l.pick("从未走访", "never visited")
    ));
    v
}

/// The chart as lines of at most `width` cells.
pub fn layout(chart: &Chart, width: usize, l: Lang, look: Look) -> ChartText {
    let width = width.max(20);
    let g = glyphs(look);
    let mut out = ChartText::default();

    // Header: where, then the counts.
    let mut where_ = vec![chart.community.clone()];
    if !chart.area.is_empty() {
        where_.push(chart.area.clone());
    }
    where_.push(chart.building.clone());
    let mut title = Line::default();
    title.push(where_.join(" "), Tone::Title);
    out.lines.push(title.fit(width));
    let sep = l.pick("，", ", ");
    let mut counts: Vec<String> = Vec::new();
    if !chart.is_group {
        counts.push(match l {
            Lang::Zh => format!(
                "{}层 {}单元 每层{}户",
                chart.floors,
                chart.units.len(),
                chart.rooms_per_floor
            ),
            Lang::En => format!(
                "{} floors, {} units, {} rooms a floor",
                chart.floors,
                chart.units.len(),
                chart.rooms_per_floor
            ),
        });
        if chart.shape == Shape::Inferred {
            counts.push(l.pick("按房号推断", "read off the room numbers").into());
        }
    }
    counts.push(match l {
        Lang::Zh => format!("住户 {}", chart.households),
        Lang::En => format!("{} households", chart.households),
    });
    if !chart.is_group {
        counts.push(match l {
            Lang::Zh => format!("空 {}", chart.vacant()),
            Lang::En => format!("{} vacant", chart.vacant()),
        });
    }
    if !chart.other.is_empty() {
        counts.push(match l {
            Lang::Zh => format!("编号外 {}", chart.other.len()),
            Lang::En => format!("{} outside the numbering", chart.other.len()),
        });
    }
    if chart.cut {
        counts.push(match l {
            Lang::Zh => format!(
                "仅列出前 {} 户 / 共 {} 户",
                crate::store::chart::MAX_HOUSEHOLDS,
                chart.households
            ),
            Lang::En => format!(
                "only the first {} of {} listed",
                crate::store::chart::MAX_HOUSEHOLDS,
                chart.households
            ),
        });
    }
    out.lines.extend(wrap("", &counts, sep, width, Tone::Plain));

    let uses_days = if chart.is_group {
        for (i, c) in chart.houses.iter().enumerate() {
            let line = house_line(&house_label(c, l), c, l, look).fit(width);
            out.places.push(Place {
                at: CellRef::House(i),
                line: out.lines.len(),
                col: 0,
                width: line.width(),
            });
            out.lines.push(line);
        }
        false
    } else if !chart.units.is_empty() && chart.rooms_per_floor > 0 {
        grid(chart, width, l, look, g, &mut out)
    } else {
        false
    };

    if !chart.other.is_empty() {
        let mut head = Line::default();
        head.push(
            l.pick("编号外的房号：", "Rooms outside the numbering:"),
            Tone::Title,
        );
        out.lines.push(head.fit(width));
        for (i, c) in chart.other.iter().enumerate() {
            let label = format!("{}-{}", c.unit, c.room);
            let line = house_line(&label, c, l, look).fit(width);
            out.places.push(Place {
                at: CellRef::Other(i),
                line: out.lines.len(),
                col: 0,
                width: line.width(),
            });
            out.lines.push(line);
        }
    }

    let items = legend_items(chart, l, look, uses_days);
    out.lines.extend(wrap(
        l.pick("图例：", "Legend: "),
        &items,
        "  ",
        width,
        Tone::Dim,
    ));
    if !look.color {
        for line in &mut out.lines {
            for s in &mut line.spans {
                s.tone = Tone::Plain;
            }
        }
    }
    out
}

/// Units across, floors down. Returns whether cells show days as numbers.
fn grid(chart: &Chart, width: usize, l: Lang, look: Look, g: &Glyphs, out: &mut ChartText) -> bool {
    let per = chart.rooms_per_floor as usize;
    let floors = chart
        .units
        .iter()
        .map(|u| u.floors.len())
        .max()
        .unwrap_or(0);
    let label_w = chart.floors.to_string().width().max(2) + 1;
    let room_w = chart
        .cells()
        .map(|c| c.room.width())
        .max()
        .unwrap_or(3)
        .max(3);
    let max_marks = chart
        .cells()
        .filter_map(|c| c.home.as_ref())
        .map(|h| h.marks.len())
        .max()
        .unwrap_or(0)
        .max(1);
    let sep_w = 3; // " │ "
    let whole = |f: CellFmt| {
        let unit = per * f.width() + per.saturating_sub(1);
        label_w + chart.units.len() * unit + chart.units.len().saturating_sub(1) * sep_w
    };
    let levels = [
        CellFmt {
            room: room_w,
            surname: 4,
            marks: max_marks,
            days: true,
        },
        CellFmt {
            room: 0,
            surname: 4,
            marks: max_marks.min(3),
            days: true,
        },
        CellFmt {
            room: 0,
            surname: 2,
            marks: max_marks.min(2),
            days: true,
        },
        CellFmt {
            room: 0,
            surname: 2,
            marks: 1,
            days: false,
        },
    ];
    let f = levels
        .iter()
        .copied()
        .find(|f| whole(*f) <= width)
        .unwrap_or(levels[3]);

    // Segments of rooms, a unit each, split when one unit is too wide;
    // then bands of segments that fit side by side.
    let cell_w = f.width();
    let fit_rooms = ((width.saturating_sub(label_w) + 1) / (cell_w + 1)).max(1);
    let mut segments: Vec<(usize, std::ops::Range<usize>)> = Vec::new();
    for u in 0..chart.units.len() {
        let mut s = 0;
        while s < per {
            let e = (s + fit_rooms).min(per);
            segments.push((u, s..e));
            s = e;
        }
    }
    let seg_w = |r: &std::ops::Range<usize>| r.len() * cell_w + r.len().saturating_sub(1);
    let mut bands: Vec<Vec<(usize, std::ops::Range<usize>)>> = Vec::new();
    let mut used = label_w;
    for s in segments {
        let w = seg_w(&s.1);
        match bands.last_mut() {
            Some(b) if used + sep_w + w <= width => {
                used += sep_w + w;
                b.push(s);
            }
            _ => {
                used = label_w + w;
                bands.push(vec![s]);
            }
        }
    }

    let sep = format!(" {} ", g.sep);
    for (bi, band) in bands.iter().enumerate() {
        if bi > 0 {
            out.lines.push(Line::default());
        }
        // Unit names, then room positions.
        let mut names = Line::default();
        let mut rooms = Line::default();
        names.push(" ".repeat(label_w), Tone::Plain);
        rooms.push(" ".repeat(label_w), Tone::Plain);
        for (k, (u, r)) in band.iter().enumerate() {
            if k > 0 {
                names.push(" ".repeat(sep_w), Tone::Plain);
                rooms.push(" ".repeat(sep_w), Tone::Plain);
            }
            let w = seg_w(r);
            let name = crate::printout::pad(&unit_label(&chart.units[*u].unit, l), w);
            names.push(name, Tone::Title);
            for (i, p) in r.clone().enumerate() {
                if i > 0 {
                    rooms.push(" ", Tone::Plain);
                }
                rooms.push(
                    crate::printout::pad(&format!("{:02}", p + 1), cell_w),
                    Tone::Dim,
                );
            }
        }
        out.lines.push(trim_end(names));
        out.lines.push(trim_end(rooms));
        for fi in 0..floors {
            let mut line = Line::default();
            let floor_no = chart.units[band[0].0]
                .floors
                .get(fi)
                .map(|f| f.floor)
                .unwrap_or(0);
            line.push(format!("{:>w$} ", floor_no, w = label_w - 1), Tone::Dim);
            for (k, (u, r)) in band.iter().enumerate() {
                if k > 0 {
                    line.push(sep.clone(), Tone::Dim);
                }
                let Some(floor) = chart.units[*u].floors.get(fi) else {
                    continue;
                };
                for (i, p) in r.clone().enumerate() {
                    if i > 0 {
                        line.push(" ", Tone::Plain);
                    }
                    if let Some(c) = floor.cells.get(p) {
                        let col = line.width();
                        draw_cell(&mut line, c, f, l, look);
                        out.places.push(Place {
                            at: CellRef::Grid {
                                unit: *u,
                                floor: fi,
                                room: p,
                            },
                            line: out.lines.len(),
                            col,
                            width: cell_w,
                        });
                    }
                }
            }
            out.lines.push(trim_end(line));
        }
    }
    f.days
}

/// Drops trailing blanks, so a line is no wider than what it shows.
fn trim_end(mut line: Line) -> Line {
    while let Some(last) = line.spans.last_mut() {
        let t = last.text.trim_end().to_string();
        if t.is_empty() {
            line.spans.pop();
        } else {
            last.text = t;
            break;
        }
    }
    line
}
