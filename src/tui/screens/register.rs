//! Register (登记): find the household, choose the category, describe,
//! tick the materials received, save — after a look at likely duplicates —
//! and hand over the receipt.

use crate::domain::lifecycle::Channel;
use crate::i18n;
use crate::i18n::Lang;
use crate::store::request::{Category, NewRequest, Registered, Request};
use crate::store::search::{Hit, HitKind};
use crate::tui::action::Act;
use crate::tui::ctx::Ctx;
use crate::tui::draft::Draft;
use crate::tui::field::TextField;
use crate::tui::modal::{ConfirmFor, Modal};
use crate::tui::msg::{Effect, ReceiptFor, SearchFor, move_sel, t};
use crate::tui::widgets::{
    Look, choose_one, fit, hit_text, input, pad, popup, row, same_address, window,
};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;
use std::path::Path;
use unicode_width::UnicodeWidthStr;

/// Which part of the register form has the cursor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RegFocus {
    #[default]
    Household,
    Category,
    Description,
    Materials,
}

#[derive(Debug, Clone, Default)]
pub struct RegisterForm {
    pub focus: RegFocus,
    pub query: TextField,
    pub hits: Vec<Hit>,
    pub hit_sel: usize,
    pub household: Option<(i64, String)>,
    pub resident: Option<(i64, String)>,
    pub cat_sel: usize,
    pub category: Option<Category>,
    pub description: TextField,
    /// The description as prefilled, to know whether it was typed.
    pub prefilled: String,
    pub materials: Vec<(String, bool)>,
    pub mat_sel: usize,
    pub channel: Option<Channel>,
    /// Likely duplicates, shown before saving; Some once checked.
    pub duplicates: Option<Vec<Request>>,
    /// A save is with the store (the duplicate check or the registration):
    /// another save key is ignored until it answers.
    pub saving: bool,
    /// Opened from this household's file (一户一档): saved, it goes back there.
    pub from_file: Option<i64>,
    /// The query the hits answer (empty before the first answer).
    pub hits_for: String,
    /// The clerk moved in the hits: Enter takes the one under the cursor
    /// even where one address is in several communities.
    pub hit_chosen: bool,
}

impl RegisterForm {
    pub fn new() -> Self {
        RegisterForm {
            query: TextField::new(40),
            description: TextField::new(200),
            ..Default::default()
        }
    }

    /// Something typed or chosen that Esc would lose.
    pub fn is_dirty(&self) -> bool {
        self.household.is_some()
            || !self.query.is_empty()
            || (!self.description.is_empty() && self.description.text() != self.prefilled)
    }

    /// The text field that has the cursor, if any.
    pub fn field(&mut self) -> Option<&mut TextField> {
        match self.focus {
            RegFocus::Household => Some(&mut self.query),
            RegFocus::Description => Some(&mut self.description),
            _ => None,
        }
    }

    pub fn field_shown(&self) -> bool {
        matches!(self.focus, RegFocus::Household | RegFocus::Description)
    }

    /// The household box searches as it is typed in.
    pub fn after_typing(&self) -> Vec<Effect> {
        match self.focus {
            RegFocus::Household => vec![Effect::Search {
                target: SearchFor::Register,
                query: self.query.text(),
            }],
            _ => Vec::new(),
        }
    }

    fn pick_category(&mut self, cx: &Ctx, i: usize) {
        let Some(c) = cx.categories.get(i).cloned() else {
            return;
        };
        // The category's name, then a separator: what is typed next reads
        // apart from it (设施报修：路灯不亮).
        let name = format!(
            "{}{}",
            cx.lang.pick(&c.name_zh, &c.name_en),
            cx.lang.pick("：", ": ")
        );
        if self.description.is_empty() || self.description.text() == self.prefilled {
            self.description.set(&name);
            self.prefilled = name;
        }
        self.materials = c.materials.iter().map(|m| (m.clone(), false)).collect();
        self.mat_sel = 0;
        self.category = Some(c);
        self.duplicates = None;
    }

    pub fn action(&mut self, cx: &mut Ctx, a: Act) -> Vec<Effect> {
        match (a, self.focus) {
            (
                Act::Up | Act::Down | Act::PageUp | Act::PageDown | Act::Top | Act::Bottom,
                RegFocus::Household,
            ) => {
                self.hit_sel = move_sel(self.hit_sel, self.hits.len(), a, 5);
                self.hit_chosen = true;
                Vec::new()
            }
            (
                Act::Up | Act::Down | Act::PageUp | Act::PageDown | Act::Top | Act::Bottom,
                RegFocus::Category,
            ) => {
                self.cat_sel = move_sel(self.cat_sel, cx.categories.len(), a, 8);
                Vec::new()
            }
            (Act::Up | Act::Down | Act::Top | Act::Bottom, RegFocus::Materials) => {
                self.mat_sel = move_sel(self.mat_sel, self.materials.len(), a, 5);
                Vec::new()
            }
            // One address in several communities: the choices first, as
            // Lookup does.
            (Act::Select, RegFocus::Household)
                if !self.hit_chosen && same_address(&self.hits).is_some() =>
            {
                self.hit_chosen = true;
                cx.info(choose_one(
                    cx.lang,
                    same_address(&self.hits).unwrap_or(0),
                    true,
                ));
                Vec::new()
            }
            (Act::Select, RegFocus::Household) => {
                if let Some(h) = self.hits.get(self.hit_sel).cloned() {
                    if let Some(hid) = h.household_id {
                        self.household = Some((hid, h.label.clone()));
                        self.resident = (h.kind == HitKind::Resident).then(|| {
                            (
                                h.id,
                                h.label.split_whitespace().next().unwrap_or("").to_string(),
                            )
                        });
                        self.focus = RegFocus::Category;
                        self.duplicates = None;
                    }
                } else if self.nothing_found() {
                    let q = self.query.text();
                    cx.error(match cx.lang {
                        Lang::Zh => format!("没有找到“{q}”：请核对地址（如 1-1-101）、姓名或电话"),
                        Lang::En => format!(
                            "nothing found for \"{q}\": check the address (1-1-101), name or phone"
                        ),
                    });
                } else {
                    cx.error(t(
                        cx.lang,
                        "请先输入地址、姓名或电话找到住户",
                        "find the household first: address, name or phone",
                    ));
                }
                Vec::new()
            }
            (Act::Select, RegFocus::Category) => {
                let i = self.cat_sel;
                self.pick_category(cx, i);
                self.focus = if self.materials.is_empty() {
                    RegFocus::Description
                } else {
                    RegFocus::Materials
                };
                Vec::new()
            }
            (Act::Toggle | Act::Select, RegFocus::Materials) => {
                if let Some(m) = self.materials.get_mut(self.mat_sel) {
                    m.1 = !m.1;
                }
                Vec::new()
            }
            // Enter in a text field never saves: a paste whose newlines
            // arrive as Enter keys would register the same request twice.
            // In the one-line description a line break is a space, so the
            // pasted lines stay apart and the rest of the paste stays here.
            (Act::Select, RegFocus::Description) => {
                self.description.line_break();
                Vec::new()
            }
            (Act::NextField, _) => {
                self.focus = match self.focus {
                    RegFocus::Household => RegFocus::Category,
                    RegFocus::Category => RegFocus::Description,
                    RegFocus::Description if !self.materials.is_empty() => RegFocus::Materials,
                    _ => RegFocus::Household,
                };
                Vec::new()
            }
            (Act::PrevField, _) => {
                self.focus = match self.focus {
                    RegFocus::Household if !self.materials.is_empty() => RegFocus::Materials,
                    RegFocus::Household => RegFocus::Description,
                    RegFocus::Category => RegFocus::Household,
                    RegFocus::Description => RegFocus::Category,
                    RegFocus::Materials => RegFocus::Description,
                };
                Vec::new()
            }
            (Act::Save, _) => self.save(cx),
            (Act::Back, _) => {
                if self.duplicates.as_ref().is_some_and(|d| !d.is_empty()) {
                    self.duplicates = None;
                    return Vec::new();
                }
                if self.is_dirty() {
                    *cx.modal = Some(Modal::Confirm {
                        text: t(
                            cx.lang,
                            "放弃这张登记表？已填内容将清除",
                            "Discard this register form? What was typed is lost",
                        ),
                        purpose: ConfirmFor::DiscardRegister(None),
                    });
                } else {
                    cx.goto = Some(crate::tui::msg::Screen::Today);
                }
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    /// Checks the form, then the likely duplicates, then registers.
    fn save(&mut self, cx: &mut Ctx) -> Vec<Effect> {
        let l = cx.lang;
        if self.saving {
            return Vec::new();
        }
        let Some((hid, _)) = self.household.clone() else {
            self.focus = RegFocus::Household;
            cx.error(t(
                l,
                "住户：请先选定住户",
                "household: choose the household first",
            ));
            return Vec::new();
        };
        if self.category.is_none() {
            let i = self.cat_sel;
            self.pick_category(cx, i);
        }
        let Some(cat) = self.category.clone() else {
            self.focus = RegFocus::Category;
            cx.error(t(l, "类别：请选择类别", "category: choose one"));
            return Vec::new();
        };
        if self.description.is_empty() {
            self.focus = RegFocus::Description;
            cx.error(t(l, "诉求内容不能为空", "description: it is empty"));
            return Vec::new();
        }
        self.saving = true;
        match &self.duplicates {
            None => vec![Effect::CheckDuplicates {
                household: hid,
                category: cat.code.clone(),
            }],
            Some(_) => {
                // Nothing typed after the prefilled name: the name alone,
                // without the separator put there for the typing.
                let text = self.description.text();
                let text = if text == self.prefilled {
                    text.trim_end_matches(['：', ':', ' ']).to_string()
                } else {
                    text
                };
                let mut nr =
                    NewRequest::new(self.channel.unwrap_or(Channel::WalkIn), &cat.code, &text);
                nr.household_id = Some(hid);
                // Saving again over the list of likely duplicates is the
                // clerk's yes to registering a repeat.
                nr.again = self.duplicates.as_ref().is_some_and(|d| !d.is_empty());
                if let Some((rid, name)) = &self.resident {
                    nr.resident_id = Some(*rid);
                    nr.requester_name = Some(name.clone());
                }
                nr.materials = self
                    .materials
                    .iter()
                    .filter(|m| m.1)
                    .map(|m| m.0.clone())
                    .collect();
                vec![Effect::Register(Box::new(nr))]
            }
        }
    }

    pub fn hits(&mut self, query: &str, hits: Vec<Hit>) {
        if query == self.query.text() {
            self.hits = hits
                .into_iter()
                .filter(|h| h.household_id.is_some())
                .collect();
            self.hit_sel = 0;
            self.hit_chosen = false;
            self.hits_for = query.to_string();
        }
    }

    /// The search answered what is typed, with nothing.
    fn nothing_found(&self) -> bool {
        let q = self.query.text();
        self.hits.is_empty() && !q.trim().is_empty() && self.hits_for == q
    }

    pub fn duplicates_loaded(&mut self, cx: &mut Ctx, d: Vec<Request>) -> Vec<Effect> {
        let empty = d.is_empty();
        self.duplicates = Some(d);
        self.saving = false;
        if empty {
            return self.save(cx);
        }
        cx.info(t(
            cx.lang,
            "发现可能重复的办件；再按保存键仍要登记，Esc 返回修改",
            "possible duplicates below; save again to register anyway, Esc to go back",
        ));
        Vec::new()
    }

    /// Saved: the receipt, and a fresh form — or, for a form opened from a
    /// household file, the file again, read afresh with the new request.
    pub fn registered(
        &mut self,
        cx: &mut Ctx,
        reg: Registered,
        req: Box<Request>,
        rf: ReceiptFor,
    ) -> Vec<Effect> {
        let l = cx.lang;
        let cat = cx.categories.iter().find(|c| c.code == req.category);
        let who = rf.resident.as_deref();
        let wide = crate::printout::receipt_for(&req, cat, &reg, who, &rf.originals, l, 80);
        let narrow = crate::printout::receipt_for(&req, cat, &reg, who, &rf.originals, l, 32);
        *cx.modal = Some(Modal::Receipt {
            ticket: reg.ticket.clone(),
            wide,
            narrow,
        });
        // The channel (a visit's) belonged to that form: the next one is a
        // walk-in unless said otherwise.
        let from_file = self.from_file;
        *self = RegisterForm::new();
        cx.info(format!("{} {}", t(l, "已受理", "registered"), reg.ticket));
        match from_file {
            Some(household) => {
                *cx.screen = crate::tui::msg::Screen::Lookup;
                vec![Effect::LoadHouseholdFile(household)]
            }
            None => Vec::new(),
        }
    }

    /// Where the real cursor goes, if a field of the form has it.
    pub fn draw(&self, f: &mut Frame, area: Rect, lk: &Look) -> Option<(u16, u16)> {
        let l = lk.lang;
        let th = &lk.th;
        let r = self;
        let [left, right] =
            Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)])
                .areas(area);
        let [q, hits] = Layout::vertical([Constraint::Length(3), Constraint::Min(3)]).areas(left);
        let mut cursor = input(
            f,
            th,
            q,
            &t(
                l,
                "住户（地址/姓名/拼音/电话/身份证）",
                "household: address/name/phone/ID",
            ),
            &r.query,
            r.focus == RegFocus::Household && !lk.modal_open,
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
        if r.nothing_found() && r.household.is_none() {
            lines.push(Line::styled(
                t(l, "  没有找到", "  nothing found"),
                th.dim(),
            ));
        }
        for i in window(r.hit_sel, r.hits.len(), h) {
            lines.push(row(
                hit_text(&r.hits[i], l, lk.categories),
                i == r.hit_sel && r.focus == RegFocus::Household,
                th,
                w,
                Style::new(),
            ));
        }
        f.render_widget(
            Paragraph::new(lines)
                .block(th.block(t(l, "查找结果", "matches"), r.focus == RegFocus::Household)),
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
        let limit_of = |c: &Category| {
            if c.limit_days == 0 {
                t(l, "即办", "same day")
            } else {
                format!("{}{}", c.limit_days, t(l, "工作日", "wd"))
            }
        };
        // The name column as wide as the widest name in the language in
        // force, as far as the box allows beside the time limits.
        let widest_limit = lk
            .categories
            .iter()
            .map(|c| limit_of(c).width())
            .max()
            .unwrap_or(0);
        let widest_name = lk
            .categories
            .iter()
            .map(|c| l.pick(&c.name_zh, &c.name_en).width())
            .max()
            .unwrap_or(0);
        let name_w = widest_name
            .min(w.saturating_sub(2 + 1 + 1 + widest_limit))
            .max(8);
        for i in window(r.cat_sel, lk.categories.len(), h) {
            let c = &lk.categories[i];
            let chosen = r.category.as_ref().is_some_and(|x| x.code == c.code);
            let limit = limit_of(c);
            let text = format!(
                "{}{} {}",
                if chosen { "✓" } else { " " },
                pad(l.pick(&c.name_zh, &c.name_en), name_w),
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
            Paragraph::new(lines).block(th.block(
                t(l, "类别（常用在前）", "category (most used first)"),
                r.focus == RegFocus::Category,
            )),
            cats,
        );
        let c2 = input(
            f,
            th,
            desc,
            &t(l, "诉求内容", "description"),
            &r.description,
            r.focus == RegFocus::Description && !lk.modal_open,
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
                Paragraph::new(lines).block(th.block(
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
            // Across the whole width (no pieces of the boxes under it left
            // at its sides), below the chosen household and above the
            // description being checked, which stays in view.
            let top = hits.y + 2;
            let room = desc.y.saturating_sub(top);
            let hgt = (d.len() as u16 + 2).min(room).max(3.min(room));
            let pop = Rect {
                x: area.x,
                y: top,
                width: area.width,
                height: hgt,
            };
            popup(f, pop);
            let w = pop.width.saturating_sub(2) as usize;
            let typed = r.description.text();
            let typed = typed.trim();
            let lines: Vec<Line> = d
                .iter()
                .map(|x| {
                    // The same household and text: most likely a double save.
                    let same = x.household_id == r.household.as_ref().map(|h| h.0)
                        && x.description == typed;
                    // A repeat of a form saved moments ago says so.
                    let moments = same
                        && (lk.now - x.registered_at).num_seconds()
                            <= crate::store::request::REPEAT_WINDOW_SECS;
                    let line = Line::from(fit(
                        &format!(
                            "{}{} {} {} {}",
                            if moments {
                                l.pick("【刚刚登记】", "[registered moments ago] ")
                            } else if same {
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
                Paragraph::new(lines).block(th.block(
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
        cursor
    }
}

/// The form on disk and back.
impl Draft {
    pub fn of(form: &RegisterForm, db: &Path) -> Option<Draft> {
        form.is_dirty().then(|| Draft {
            db: db.display().to_string(),
            query: form.query.text(),
            household: form.household.clone(),
            resident: form.resident.clone(),
            category: form.category.as_ref().map(|c| c.code.clone()),
            description: form.description.text(),
            materials: form.materials.clone(),
        })
    }

    /// Puts the draft back into a fresh form.
    pub fn restore(&self, cats: &[Category]) -> RegisterForm {
        let mut f = RegisterForm {
            query: TextField::with(&self.query, 40),
            description: TextField::with(&self.description, 200),
            ..Default::default()
        };
        f.household = self.household.clone();
        f.resident = self.resident.clone();
        f.category = self
            .category
            .as_ref()
            .and_then(|c| cats.iter().find(|x| &x.code == c).cloned());
        f.materials = self.materials.clone();
        f.focus = if f.household.is_some() {
            RegFocus::Description
        } else {
            RegFocus::Household
        };
        f
    }
}
