//! Lookup (查户): search as you type, browse community → area → building →
//! unit → room, and the household file (一户一档) with its visits.

use crate::domain::lifecycle::Channel;
use crate::i18n::{self, Lang};
use crate::store::grid::{Node, NodeLevel};
use crate::store::household::Household;
use crate::store::request::Category;
use crate::store::search::{Hit, HitKind};
use crate::store::views::HouseholdFile;
use crate::tui::action::Act;
use crate::tui::ctx::{Ctx, RegisterFrom};
use crate::tui::field::TextField;
use crate::tui::modal::{Modal, PickFor, PromptFor};
use crate::tui::msg::{Effect, Screen, SearchFor, move_sel, t};
use crate::tui::widgets::{
    Look, Scroll, choose_one, fit, hit_text, inner_rows, input, pad, row, same_address, short,
    window,
};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Text};
use ratatui::widgets::Paragraph;

#[derive(Debug, Clone, Default)]
pub struct LookupState {
    pub query: TextField,
    pub hits: Vec<Hit>,
    pub sel: usize,
    pub file: Option<Box<HouseholdFile>>,
    pub scroll: Scroll,
    pub browsing: bool,
    pub path: Vec<Node>,
    pub nodes: Vec<Node>,
    pub households: Vec<Household>,
    pub browse_sel: usize,
    /// The unit chosen inside a building while browsing.
    pub unit: Option<String>,
    /// Members whose ID and phone were revealed in this view (logged).
    pub revealed: Vec<(i64, Option<String>, Option<String>)>,
    /// The household's own phone, revealed in this view (logged).
    pub phone: Option<(i64, Option<String>)>,
    /// A visit was recorded in this household file: problems registered
    /// from it come in with channel = visit.
    pub visited: bool,
    /// The building the query names (and its community): the first row
    /// of the results, Enter opens its chart.
    pub building: Option<(Node, String)>,
    /// The household file was opened from the building chart: Esc goes
    /// back there.
    pub from_chart: bool,
    /// The clerk has seen that the address is in several communities (or
    /// moved the cursor): Enter opens the one under the cursor.
    pub hit_chosen: bool,
}

/// One row of the browse list: community → area → building → unit → room.
#[derive(Debug, Clone, PartialEq)]
pub enum BrowseRow {
    Node(Node),
    Unit(String),
    Household(Household),
}

impl LookupState {
    pub fn new() -> Self {
        LookupState {
            query: TextField::new(40),
            ..Default::default()
        }
    }

    /// The rows the browse list shows now.
    pub fn browse_rows(&self) -> Vec<BrowseRow> {
        if !self.nodes.is_empty() {
            return self.nodes.iter().cloned().map(BrowseRow::Node).collect();
        }
        let mut units: Vec<String> = Vec::new();
        for h in &self.households {
            if !units.contains(&h.unit) {
                units.push(h.unit.clone());
            }
        }
        match &self.unit {
            None if units.len() > 1 => units.into_iter().map(BrowseRow::Unit).collect(),
            unit => self
                .households
                .iter()
                .filter(|h| unit.as_ref().is_none_or(|u| &h.unit == u))
                .cloned()
                .map(BrowseRow::Household)
                .collect(),
        }
    }

    /// The search box has the keys.
    pub fn typing(&self) -> bool {
        self.file.is_none() && !self.browsing
    }

    pub fn field(&mut self) -> Option<&mut TextField> {
        self.typing().then_some(&mut self.query)
    }

    pub fn after_typing(&mut self) -> Vec<Effect> {
        let query = self.query.text();
        let mut v = vec![Effect::Search {
            target: SearchFor::Lookup,
            query: query.clone(),
        }];
        if names_a_building(&query) {
            v.push(Effect::FindBuilding(query));
        } else {
            self.building = None;
        }
        v
    }

    /// Rows above the hits: the building hit, if any.
    fn above_hits(&self) -> usize {
        usize::from(self.building.is_some())
    }

    /// The building the query names, when the query is still the same.
    pub fn building_hit(&mut self, query: &str, found: Option<(Node, String)>) {
        if query == self.query.text() {
            self.building = found;
            self.sel = 0;
        }
    }

    pub fn action(&mut self, cx: &mut Ctx, a: Act) -> Vec<Effect> {
        if self.file.is_some() {
            return self.file_action(cx, a);
        }
        if self.browsing {
            return self.browse_action(a);
        }
        match a {
            Act::Up | Act::Down | Act::PageUp | Act::PageDown | Act::Top | Act::Bottom => {
                self.sel = move_sel(self.sel, self.hits.len() + self.above_hits(), a, 10);
                self.hit_chosen = true;
                Vec::new()
            }
            // One address in several communities: the choices first.
            Act::Select if !self.hit_chosen && same_address(&self.hits).is_some() => {
                self.hit_chosen = true;
                cx.info(choose_one(
                    cx.lang,
                    same_address(&self.hits).unwrap_or(0),
                    false,
                ));
                Vec::new()
            }
            Act::Select if self.building.is_some() && self.sel == 0 => {
                let id = self.building.as_ref().map_or(0, |b| b.0.id);
                vec![Effect::LoadChart {
                    building: id,
                    focus: None,
                }]
            }
            Act::Select => match self.hits.get(self.sel - self.above_hits()) {
                Some(h) if h.kind == HitKind::Request => {
                    *cx.screen = Screen::Requests;
                    vec![Effect::LoadDetail(h.id)]
                }
                Some(h) => h
                    .household_id
                    .map(|id| vec![Effect::LoadHouseholdFile(id)])
                    .unwrap_or_default(),
                None => Vec::new(),
            },
            Act::NextField | Act::PrevField | Act::Browse => {
                self.browsing = true;
                if self.nodes.is_empty() && self.households.is_empty() {
                    return vec![Effect::Browse(self.path.last().map(|n| n.id))];
                }
                Vec::new()
            }
            Act::Back => {
                if !self.query.is_empty() {
                    self.query.clear();
                    self.hits.clear();
                } else {
                    cx.goto = Some(Screen::Today);
                }
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    fn file_action(&mut self, cx: &mut Ctx, a: Act) -> Vec<Effect> {
        let hid = self.file.as_ref().map(|f| f.household.id).unwrap_or(0);
        match a {
            Act::Back => {
                let building = self.file.as_ref().map_or(0, |f| f.household.building_id);
                self.file = None;
                self.mask();
                self.visited = false;
                if std::mem::take(&mut self.from_chart) {
                    // Back to the chart it was opened from, read again.
                    *cx.screen = Screen::Chart;
                    return vec![Effect::LoadChart {
                        building,
                        focus: Some(hid),
                    }];
                }
                Vec::new()
            }
            Act::Browse => {
                let building = self.file.as_ref().map_or(0, |f| f.household.building_id);
                vec![Effect::LoadChart {
                    building,
                    focus: Some(hid),
                }]
            }
            a if self.scroll.key(
                a,
                self.file_lines(cx.lang, cx.categories),
                inner_rows(cx.body.1),
            ) =>
            {
                Vec::new()
            }
            Act::Visit => {
                cx.prompt(
                    "入户走访记录（情况与发现的问题）",
                    "visit note (what was found)",
                    PromptFor::Visit(hid),
                );
                Vec::new()
            }
            Act::NewRequest => {
                let label = self
                    .file
                    .as_ref()
                    .map(|f| f.household.label())
                    .unwrap_or_default();
                cx.register = Some(RegisterFrom {
                    household: (hid, label),
                    channel: self.visited.then_some(Channel::Visit),
                });
                Vec::new()
            }
            Act::Reload => vec![Effect::LoadHouseholdFile(hid)],
            // Open one of the household's requests (Esc comes back here).
            Act::Select => {
                let Some(file) = &self.file else {
                    return Vec::new();
                };
                let l = cx.lang;
                let items: Vec<(String, i64)> = file
                    .requests
                    .iter()
                    .map(|r| {
                        let cat = cx
                            .categories
                            .iter()
                            .find(|c| c.code == r.category)
                            .map_or(r.category.as_str(), |c| l.pick(&c.name_zh, &c.name_en));
                        (
                            format!(
                                "{} {} {} {}",
                                r.ticket,
                                i18n::status(r.status, l),
                                cat,
                                crate::domain::text::printable(&r.description, false)
                            ),
                            r.id,
                        )
                    })
                    .collect();
                match items.len() {
                    0 => {
                        cx.info(t(l, "这户没有办件", "no requests for this household"));
                        Vec::new()
                    }
                    1 => {
                        vec![Effect::OpenRequestFrom {
                            id: items[0].1,
                            household: hid,
                        }]
                    }
                    _ => {
                        *cx.modal = Some(Modal::Filter {
                            title: t(
                                l,
                                "打开哪一件（可输入编号或内容筛选）",
                                "open which request (type to filter)",
                            ),
                            field: crate::tui::field::TextField::new(40),
                            items,
                            sel: 0,
                            purpose: PickFor::OpenRequest(hid),
                            keys: Vec::new(),
                        });
                        Vec::new()
                    }
                }
            }
            // A second `i` masks again what the first revealed (not logged:
            // nothing is shown).
            Act::Reveal if !self.revealed.is_empty() || self.phone.is_some() => {
                self.mask();
                cx.info(t(
                    cx.lang,
                    "证件号和电话已重新遮盖",
                    "IDs and phones masked again",
                ));
                Vec::new()
            }
            Act::Reveal => vec![
                Effect::Reveal(
                    self.file
                        .as_ref()
                        .map(|f| f.members.iter().map(|m| m.id).collect())
                        .unwrap_or_default(),
                ),
                Effect::RevealPhone(hid),
            ],
            _ => Vec::new(),
        }
    }

    fn browse_action(&mut self, a: Act) -> Vec<Effect> {
        let rows = self.browse_rows();
        match a {
            Act::Up | Act::Down | Act::PageUp | Act::PageDown | Act::Top | Act::Bottom => {
                self.browse_sel = move_sel(self.browse_sel, rows.len(), a, 10);
                Vec::new()
            }
            Act::Select => match rows.get(self.browse_sel).cloned() {
                Some(BrowseRow::Node(node)) => {
                    self.path.push(node.clone());
                    self.browse_sel = 0;
                    self.unit = None;
                    let mut v = vec![Effect::Browse(Some(node.id))];
                    if node.level == NodeLevel::Building {
                        // A building opens its chart; Esc comes back to
                        // its units and rooms here.
                        v.push(Effect::LoadChart {
                            building: node.id,
                            focus: None,
                        });
                    }
                    v
                }
                Some(BrowseRow::Unit(u)) => {
                    self.unit = Some(u);
                    self.browse_sel = 0;
                    Vec::new()
                }
                Some(BrowseRow::Household(h)) => vec![Effect::LoadHouseholdFile(h.id)],
                None => Vec::new(),
            },
            Act::Back => {
                if self.unit.take().is_some() {
                    self.browse_sel = 0;
                    Vec::new()
                } else if self.path.pop().is_some() {
                    self.browse_sel = 0;
                    vec![Effect::Browse(self.path.last().map(|n| n.id))]
                } else {
                    self.browsing = false;
                    Vec::new()
                }
            }
            Act::NextField | Act::PrevField | Act::Browse => {
                self.browsing = false;
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    /// The visit note typed in the prompt.
    pub fn visit_answered(&mut self, household: i64, note: String) -> Vec<Effect> {
        self.visited = true;
        vec![Effect::Apply(crate::tui::msg::Op::Visit {
            household,
            note,
        })]
    }

    pub fn hits(&mut self, query: &str, hits: Vec<Hit>) {
        if query == self.query.text() {
            self.hits = hits;
            self.sel = 0;
            self.hit_chosen = false;
        }
    }

    pub fn file_loaded(&mut self, cx: &mut Ctx, f: Box<HouseholdFile>) {
        if self.file.as_ref().map(|x| x.household.id) != Some(f.household.id) {
            self.mask();
            self.visited = false;
            self.from_chart = false;
        }
        self.file = Some(f);
        self.scroll = Scroll::default();
        *cx.screen = Screen::Lookup;
    }

    pub fn browsed(&mut self, nodes: Vec<Node>, households: Vec<Household>) {
        self.nodes = nodes;
        self.households = households;
        self.browsing = true;
    }

    /// The household's phone as revealed, if it was.
    fn shown_phone(&self) -> Option<&str> {
        self.phone.as_ref().and_then(|(_, p)| p.as_deref())
    }

    /// Masks again what was revealed: on leaving the file.
    pub fn mask(&mut self) {
        self.revealed.clear();
        self.phone = None;
    }

    /// The household's own phone, revealed (for the file still shown).
    pub fn phone_revealed(&mut self, h: i64, phone: Option<String>) {
        if self.file.as_ref().is_some_and(|f| f.household.id == h) {
            self.phone = Some((h, phone));
        }
    }

    pub fn revealed(&mut self, cx: &mut Ctx, v: Vec<(i64, Option<String>, Option<String>)>) {
        self.revealed = v;
        cx.info(t(
            cx.lang,
            "已显示完整证件号和电话（已记录）",
            "full IDs and phones shown (logged)",
        ));
    }

    /// A change made here went through: read the file again.
    pub fn reload(&self) -> Vec<Effect> {
        self.file
            .as_ref()
            .map(|f| vec![Effect::LoadHouseholdFile(f.household.id)])
            .unwrap_or_default()
    }

    /// Lines of the household file as shown.
    fn file_lines(&self, l: Lang, cats: &[Category]) -> usize {
        self.file
            .as_ref()
            .map(|f| {
                household_text(f, l, &self.revealed, cats, self.shown_phone())
                    .lines
                    .len()
            })
            .unwrap_or(0)
    }

    /// Where the real cursor goes, if the search box has it.
    pub fn draw(&self, f: &mut Frame, area: Rect, lk: &Look) -> Option<(u16, u16)> {
        let l = lk.lang;
        let th = &lk.th;
        if let Some(file) = &self.file {
            let text = household_text(file, l, &self.revealed, lk.categories, self.shown_phone());
            let top = self
                .scroll
                .offset(text.lines.len(), inner_rows(area.height));
            let p = Paragraph::new(text).scroll((top, 0)).block(th.block(
                format!(
                    "{} {}",
                    t(l, "一户一档", "household file"),
                    file.household.label()
                ),
                true,
            ));
            f.render_widget(p, area);
            return None;
        }
        let [q, list] = Layout::vertical([Constraint::Length(3), Constraint::Min(3)]).areas(area);
        let cursor = input(
            f,
            th,
            q,
            &t(
                l,
                "查户：地址、姓名、拼音、电话、身份证、受理编号（Tab 按楼栋浏览）",
                "lookup: address, name, pinyin, phone, ID, ticket (Tab browses)",
            ),
            &self.query,
            !self.browsing && !lk.modal_open,
        );
        let w = list.width.saturating_sub(2) as usize;
        let h = list.height.saturating_sub(2) as usize;
        let mut lines: Vec<Line> = Vec::new();
        if self.browsing {
            let mut path: Vec<String> = self.path.iter().map(|n| n.name.clone()).collect();
            if let Some(u) = &self.unit {
                path.push(format!("{u}{}", t(l, "单元", " unit")));
            }
            let rows = self.browse_rows();
            for i in window(self.browse_sel, rows.len(), h) {
                let text = match &rows[i] {
                    BrowseRow::Node(n) => format!("▸ {}", n.name),
                    BrowseRow::Unit(u) => format!("▸ {u}{}", t(l, "单元", " unit")),
                    BrowseRow::Household(hh) => format!("  {}-{}", hh.unit, hh.room),
                };
                lines.push(row(text, i == self.browse_sel, th, w, Style::new()));
            }
            let title = if path.is_empty() {
                t(l, "按楼栋浏览", "browse")
            } else {
                path.join(" › ")
            };
            f.render_widget(
                Paragraph::new(lines).block(th.block(fit(&title, w), true)),
                list,
            );
        } else {
            let above = self.above_hits();
            for i in window(self.sel, self.hits.len() + above, h) {
                let text = match (&self.building, i.checked_sub(above)) {
                    (Some((b, community)), None) => format!(
                        "▸ {}",
                        crate::i18n::chart_say(
                            &crate::i18n::ChartSay::BuildingHit(format!("{community} {}", b.name)),
                            l
                        )
                    ),
                    (_, Some(k)) => hit_text(&self.hits[k], l, lk.categories),
                    (None, None) => continue,
                };
                lines.push(row(text, i == self.sel, th, w, Style::new()));
            }
            if self.hits.is_empty() && !self.query.is_empty() {
                lines.push(Line::styled(
                    t(l, "  没有找到", "  nothing found"),
                    th.dim(),
                ));
            }
            f.render_widget(
                Paragraph::new(lines).block(th.block(
                    format!("{} ({})", t(l, "结果", "results"), self.hits.len()),
                    false,
                )),
                list,
            );
        }
        cursor
    }
}

/// The household file as lines; categories by their name in `l`.
pub fn household_text(
    file: &HouseholdFile,
    l: Lang,
    revealed: &[(i64, Option<String>, Option<String>)],
    cats: &[Category],
    phone: Option<&str>,
) -> Text<'static> {
    let h = &file.household;
    let mut lines: Vec<Line> = Vec::new();
    lines.push(Line::from(format!(
        "{} {}  {}  {}",
        t(l, "地址", "address"),
        h.label(),
        h.area,
        // Masked unless revealed with the members (logged).
        match phone {
            Some(p) => p.to_string(),
            None => h
                .phone
                .as_deref()
                .map(crate::domain::ident::mask_phone)
                .unwrap_or_default(),
        }
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
        let cat = cats
            .iter()
            .find(|c| c.code == r.category)
            .map_or(r.category.as_str(), |c| l.pick(&c.name_zh, &c.name_en));
        lines.push(Line::from(format!(
            "  {} {} {} {}",
            r.ticket,
            i18n::status(r.status, l),
            cat,
            crate::domain::text::printable(&r.description, false)
        )));
    }
    if !file.helps.is_empty() {
        lines.push(Line::styled(
            t(l, "受到的帮扶", "helps received"),
            Style::new().add_modifier(Modifier::BOLD),
        ));
    }
    for h in file.helps.iter().take(10) {
        let kind = crate::store::team::HelpKind::parse(&h.kind)
            .map_or(h.kind.as_str(), |k| l.pick(k.zh(), k.en()));
        let job = h
            .job
            .as_deref()
            .map(|j| format!(" ({j})"))
            .unwrap_or_default();
        lines.push(Line::from(format!(
            "  {} {} {} {}{job}",
            h.day,
            h.team,
            kind,
            crate::domain::text::printable(&h.note, false)
        )));
    }
    if !file.wishes.is_empty() {
        lines.push(Line::styled(
            t(l, "微心愿", "micro-wishes"),
            Style::new().add_modifier(Modifier::BOLD),
        ));
    }
    for (r, claim) in file.wishes.iter().take(10) {
        let by = match claim {
            Some(c) => format!("{} {}", t(l, "认领：", "claimed by"), c.by),
            None => t(l, "待认领", "unclaimed"),
        };
        lines.push(Line::from(format!(
            "  {} {} {} {}",
            r.ticket,
            i18n::status(r.status, l),
            by,
            crate::domain::text::printable(&r.description, false)
        )));
    }
    Text::from(lines)
}

/// Words that name a building or a resident group: a query with one of
/// them is also looked up as a building (`锦华家园 3号楼`, `高庄 第三居民小组`).
fn names_a_building(q: &str) -> bool {
    q.chars().count() >= 2 && q.contains(['楼', '栋', '幢', '座', '组'])
}
