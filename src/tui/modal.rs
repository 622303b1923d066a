//! Popups over a screen: a text prompt, a pick list, a yes/no question and
//! the receipt. Each keeps its own state; `update` says what became of it
//! and the app hands the answer to the screen that asked (`PromptFor`,
//! `PickFor`, `ConfirmFor` name it).

use super::action::Act;
use super::draft::Draft;
use super::field::TextField;
use super::msg::{Effect, Screen, move_sel, t};
use super::widgets::{Look, input, popup, row, window};
use crate::i18n::Lang;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

/// What a text prompt's answer is for.
#[derive(Debug, Clone, PartialEq)]
pub enum PromptFor {
    Op(Act, i64, i64),
    Visit(i64),
    EndShift,
    QueueFilter,
    ReportNode,
    ResolveFailed(i64, i64),
    Admin(AdminAsk),
    Decision(DecisionAsk),
    Party(PartyAsk),
    /// Why a request goes from its assignee to another (request, version,
    /// the new assignee).
    Reassign(i64, i64, i64),
}

/// What a Decisions screen prompt asks for: one field of a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecisionAsk {
    Date,
    Attendance,
    Votes,
    Minutes,
    Place,
    Days,
    /// A meeting's kind, community, date, title and attendees.
    MeetingKind,
    MeetingCommunity,
    MeetingDate,
    MeetingTopic,
    MeetingAttendees,
    /// The meeting an issue is settled at (its number), the issue, its
    /// decision, the request it settles.
    MeetingNumber,
    Issue,
    IssueDecision,
    IssueRequest,
    /// Why a stopped matter is taken up again.
    RoundReason,
    /// A kind of matter's Chinese and English names.
    KindZh,
    KindEn,
}

/// What a party screen prompt asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartyAsk {
    Name,
    Community,
    Phone,
    Workplace,
    /// Part of a community's or workplace's name.
    Filter,
    /// Why a wish's claim is withdrawn (the request).
    Withdraw(i64),
    /// What was delivered (the request).
    Delivered(i64),
    /// The resident's thanks (the request).
    Thanks(i64),
    /// A points correction for a member: the points, then the reason.
    CorrectPoints(i64),
    CorrectReason(i64, i64),
    /// A letter's period for a member: from, then to.
    LetterFrom(i64),
    LetterTo(i64, chrono::NaiveDate),
    /// The n-th field of what is being recorded (an activity, a team, a
    /// help, a pair, a visit); `OptField` may be left empty.
    Field(usize),
    OptField(usize),
    /// The date a unit promises its project done by (request, unit).
    Promised(i64, i64),
    /// A new unit's name, then its party organisation (may be empty).
    UnitName,
    UnitOrg,
}

/// What a party screen pick list chooses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartyPick {
    /// Who claims the request: a member (0), a team (1), a unit (2).
    ClaimKind(i64),
    /// The member, team or unit (by `kind`) claiming the request.
    Claimant { request: i64, kind: i64 },
    /// The member joining the team.
    Join(i64),
    /// The repair matter a unit takes on as a project.
    Project,
    /// The unit taking on the project (the request).
    ProjectUnit(i64),
}

/// What an Admin screen prompt asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AdminAsk {
    StaffLogin,
    StaffName,
    /// A category's time limit, materials, department (by its index).
    Limit(usize),
    Materials(usize),
    Department(usize),
    Date,
    DayNote,
    /// An area's name under a community; a building's number under an area.
    AreaName(i64),
    Building(i64),
    NewName(i64),
    RenameReason(i64),
}

impl PromptFor {
    /// An empty answer means something (clears a filter, no note).
    fn optional(&self) -> bool {
        matches!(
            self,
            PromptFor::QueueFilter
                | PromptFor::ReportNode
                | PromptFor::EndShift
                | PromptFor::Visit(_)
                | PromptFor::Admin(
                    AdminAsk::Materials(_) | AdminAsk::Department(_) | AdminAsk::DayNote
                )
                | PromptFor::Decision(
                    DecisionAsk::Date
                        | DecisionAsk::Minutes
                        | DecisionAsk::MeetingDate
                        | DecisionAsk::MeetingAttendees
                        | DecisionAsk::IssueRequest
                )
                | PromptFor::Party(PartyAsk::Phone | PartyAsk::Workplace | PartyAsk::Filter)
                | PromptFor::Party(PartyAsk::OptField(_))
                | PromptFor::Party(PartyAsk::UnitOrg)
        )
    }
}

/// What a pick list's choice is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PickFor {
    Operator,
    Assign(i64, i64),
    Rating(i64, i64),
    CustodyOut(i64),
    Admin(AdminPick),
    /// A request listed in this household's file, to open.
    OpenRequest(i64),
    Party(PartyPick),
}

/// What an Admin screen pick list chooses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AdminPick {
    /// The role and hall of the staff member being added.
    NewRole,
    NewHall,
    /// A staff member's new role or hall.
    Role(i64),
    Hall(i64),
    DayKind,
}

/// What a yes/no question is for.
#[derive(Debug, Clone, PartialEq)]
pub enum ConfirmFor {
    Quit,
    DiscardRegister(Option<Screen>),
    DiscardPrompt(Box<Modal>),
    Cancel(i64, i64, String),
    RestoreDraft(Box<Draft>),
    /// Disable (false) or enable (true) a staff member.
    StaffActive(i64, bool),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Modal {
    Prompt {
        title: String,
        field: TextField,
        purpose: PromptFor,
    },
    Pick {
        title: String,
        items: Vec<(String, i64)>,
        sel: usize,
        purpose: PickFor,
    },
    Confirm {
        text: String,
        purpose: ConfirmFor,
    },
    Receipt {
        ticket: String,
        wide: String,
        narrow: String,
    },
    /// A pick list narrowed by what is typed.
    Filter {
        title: String,
        field: TextField,
        items: Vec<(String, i64)>,
        sel: usize,
        purpose: PickFor,
        /// More words each item is found by (pinyin, initials, login),
        /// lower case; empty: the label alone.
        keys: Vec<String>,
    },
}

impl Modal {
    pub fn prompt(l: Lang, zh: &str, en: &str, purpose: PromptFor) -> Modal {
        Modal::Prompt {
            title: t(l, zh, en),
            field: TextField::new(200),
            purpose,
        }
    }
}

/// What became of a popup after one action.
#[derive(Debug)]
pub enum Outcome {
    /// Still open, perhaps changed.
    Open(Modal),
    /// Closed with nothing to do.
    Closed,
    /// A prompt answered (trimmed text); the prompt itself is kept to be
    /// offered back if the change fails.
    Answered(PromptFor, String, Modal),
    /// An empty answer where one is needed: the prompt stays, with a message.
    Empty(Modal, String),
    Picked(PickFor, i64),
    Confirmed(ConfirmFor),
    Declined(ConfirmFor),
    Effects(Vec<Effect>),
    /// Still open, and this to print (a receipt, in two widths if asked).
    Print(Modal, Effect),
    Quit,
}

/// The items of a filter list that match what is typed (any case).
pub fn filtered<'a>(items: &'a [(String, i64)], typed: &str) -> Vec<&'a (String, i64)> {
    filtered_by(items, &[], typed)
}

/// The items that match what is typed, in their label or their keys.
pub fn filtered_by<'a>(
    items: &'a [(String, i64)],
    keys: &[String],
    typed: &str,
) -> Vec<&'a (String, i64)> {
    let q = typed.trim().to_lowercase();
    items
        .iter()
        .enumerate()
        .filter(|(i, (label, _))| {
            q.is_empty()
                || label.to_lowercase().contains(&q)
                || keys.get(*i).is_some_and(|k| k.contains(&q))
        })
        .map(|(_, x)| x)
        .collect()
}

/// A pick list of staff narrowed by typing: by name, login, pinyin or
/// initials (曾国藩: zengguofan, zgf).
pub fn staff_filter(
    title: String,
    staff: &[&crate::store::staff::Staff],
    l: Lang,
    purpose: PickFor,
) -> Modal {
    let items = staff
        .iter()
        .map(|s| {
            (
                format!("{} ({}) {}", s.name, s.login, crate::i18n::role(s.role, l)),
                s.id,
            )
        })
        .collect();
    let keys = staff
        .iter()
        .map(|s| {
            let k = crate::domain::names::name_keys(&s.name);
            let mut words: Vec<String> = vec![s.login.to_lowercase(), k.pinyin, k.initials];
            words.extend(k.keys.into_iter().map(|(w, _)| w));
            words.join(" ")
        })
        .collect();
    Modal::Filter {
        title,
        field: TextField::new(40),
        items,
        sel: 0,
        purpose,
        keys,
    }
}

/// One action on the popup in front.
pub fn update(m: Modal, a: Act, l: Lang) -> Outcome {
    match m {
        Modal::Filter {
            title,
            field,
            items,
            sel,
            purpose,
            keys,
        } => {
            let shown = filtered_by(&items, &keys, &field.text());
            let n = shown.len();
            let picked = shown.get(sel.min(n.saturating_sub(1))).map(|x| x.1);
            match a {
                Act::Up | Act::Down | Act::PageUp | Act::PageDown | Act::Top | Act::Bottom => {
                    let sel = move_sel(sel.min(n.saturating_sub(1)), n, a, 10);
                    Outcome::Open(Modal::Filter {
                        title,
                        field,
                        items,
                        sel,
                        purpose,
                        keys,
                    })
                }
                Act::Select | Act::Save => match picked {
                    Some(v) => Outcome::Picked(purpose, v),
                    None => {
                        let msg = format!("{title}: {}", t(l, "没有相符的项", "nothing matches"));
                        Outcome::Empty(
                            Modal::Filter {
                                title,
                                field,
                                items,
                                sel,
                                purpose,
                                keys,
                            },
                            msg,
                        )
                    }
                },
                // The operator is chosen before anything else: no Esc.
                Act::Back if purpose == PickFor::Operator => Outcome::Open(Modal::Filter {
                    title,
                    field,
                    items,
                    sel,
                    purpose,
                    keys,
                }),
                Act::Quit if purpose == PickFor::Operator => Outcome::Quit,
                Act::Back | Act::Quit => Outcome::Closed,
                _ => Outcome::Open(Modal::Filter {
                    title,
                    field,
                    items,
                    sel,
                    purpose,
                    keys,
                }),
            }
        }
        Modal::Prompt {
            title,
            field,
            purpose,
        } => match a {
            Act::Select | Act::Save => {
                let text = field.text().trim().to_string();
                if text.is_empty() && !purpose.optional() {
                    let msg = format!("{title}: {}", t(l, "不能为空", "it is empty"));
                    return Outcome::Empty(
                        Modal::Prompt {
                            title,
                            field,
                            purpose,
                        },
                        msg,
                    );
                }
                let back = Modal::Prompt {
                    title,
                    field,
                    purpose: purpose.clone(),
                };
                Outcome::Answered(purpose, text, back)
            }
            Act::Back if field.is_empty() => Outcome::Closed,
            Act::Back => {
                let back = Box::new(Modal::Prompt {
                    title,
                    field,
                    purpose,
                });
                Outcome::Open(Modal::Confirm {
                    text: t(l, "放弃已输入的内容？", "Discard what was typed?"),
                    purpose: ConfirmFor::DiscardPrompt(back),
                })
            }
            Act::Quit => Outcome::Open(Modal::Confirm {
                text: t(
                    l,
                    "有未提交的输入，确定退出？",
                    "Something typed is not submitted. Quit anyway?",
                ),
                purpose: ConfirmFor::Quit,
            }),
            _ => Outcome::Open(Modal::Prompt {
                title,
                field,
                purpose,
            }),
        },
        Modal::Pick {
            title,
            items,
            mut sel,
            purpose,
        } => match a {
            Act::Up | Act::Down | Act::PageUp | Act::PageDown | Act::Top | Act::Bottom => {
                sel = move_sel(sel, items.len(), a, 10);
                Outcome::Open(Modal::Pick {
                    title,
                    items,
                    sel,
                    purpose,
                })
            }
            Act::Select | Act::Save => match items.get(sel) {
                Some((_, value)) => Outcome::Picked(purpose, *value),
                None => Outcome::Closed,
            },
            Act::Back if purpose != PickFor::Operator => Outcome::Closed,
            Act::Quit => Outcome::Quit,
            _ => Outcome::Open(Modal::Pick {
                title,
                items,
                sel,
                purpose,
            }),
        },
        Modal::Confirm { text, purpose } => match a {
            Act::Select | Act::Save => match purpose {
                ConfirmFor::DiscardPrompt(_) => Outcome::Closed,
                p => Outcome::Confirmed(p),
            },
            Act::Back => match purpose {
                ConfirmFor::DiscardPrompt(back) => Outcome::Open(*back),
                p => Outcome::Declined(p),
            },
            _ => Outcome::Open(Modal::Confirm { text, purpose }),
        },
        Modal::Receipt {
            ticket,
            wide,
            narrow,
        } => match a {
            // The receipt stays up: a second copy, or the other width.
            Act::Print | Act::Toggle => {
                let (name, text) = if a == Act::Print {
                    (format!("{ticket}-80"), wide.clone())
                } else {
                    (format!("{ticket}-32"), narrow.clone())
                };
                Outcome::Print(
                    Modal::Receipt {
                        ticket,
                        wide,
                        narrow,
                    },
                    Effect::Print { name, text },
                )
            }
            Act::Select | Act::Back | Act::Save => Outcome::Closed,
            // The form was saved and is empty: nothing is lost.
            Act::Quit => Outcome::Quit,
            _ => Outcome::Open(Modal::Receipt {
                ticket,
                wide,
                narrow,
            }),
        },
    }
}

/// The popup over the screen's body.
pub fn draw(f: &mut Frame, m: &Modal, area: Rect, lk: &Look) {
    let l = lk.lang;
    let th = &lk.th;
    match m {
        Modal::Filter {
            title,
            field,
            items,
            sel,
            keys,
            ..
        } => {
            let shown = filtered_by(items, keys, &field.text());
            let h = (shown.len() as u16 + 5).clamp(6, area.height.saturating_sub(2));
            let pop = Rect {
                x: area.x + 6,
                y: area.y + 1,
                width: area.width.saturating_sub(12),
                height: h,
            };
            popup(f, pop);
            let at = input(f, th, Rect { height: 3, ..pop }, title, field, true);
            let list = Rect {
                y: pop.y + 3,
                height: pop.height.saturating_sub(3),
                ..pop
            };
            let w = list.width.saturating_sub(2) as usize;
            let sel = (*sel).min(shown.len().saturating_sub(1));
            let lines: Vec<Line> = window(sel, shown.len(), list.height.saturating_sub(2) as usize)
                .map(|i| row(shown[i].0.clone(), i == sel, th, w, Style::new()))
                .collect();
            f.render_widget(
                Paragraph::new(lines)
                    .block(th.block(format!("{} / {}", shown.len(), items.len()), false)),
                list,
            );
            if let Some((x, y)) = at {
                f.set_cursor_position((x, y));
            }
        }
        Modal::Prompt { title, field, .. } => {
            let pop = Rect {
                x: area.x + 4,
                y: area.y + area.height / 2 - 2,
                width: area.width.saturating_sub(8),
                height: 3,
            };
            popup(f, pop);
            if let Some((x, y)) = input(f, th, pop, title, field, true) {
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
            popup(f, pop);
            let w = pop.width.saturating_sub(2) as usize;
            let lines: Vec<Line> = window(*sel, items.len(), h.saturating_sub(2) as usize)
                .map(|i| row(items[i].0.clone(), i == *sel, th, w, Style::new()))
                .collect();
            f.render_widget(
                Paragraph::new(lines).block(th.block(title.clone(), true)),
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
            popup(f, pop);
            let hint = format!(
                "{} {}   {} {}",
                lk.key(Act::Select),
                t(l, "确定", "yes"),
                lk.key(Act::Back),
                t(l, "取消", "no")
            );
            f.render_widget(
                Paragraph::new(vec![
                    Line::from(text.clone()),
                    Line::styled(hint, th.title()),
                ])
                .wrap(ratatui::widgets::Wrap { trim: true })
                .block(th.block(t(l, "请确认", "Confirm"), true)),
                pop,
            );
        }
        Modal::Receipt { wide, .. } => {
            let pop = area;
            popup(f, pop);
            let hint = format!(
                "{} {}   {} {}   {} {}",
                lk.key(Act::Print),
                t(l, "打印80列", "print 80 col"),
                lk.key(Act::Toggle),
                t(l, "打印32列", "print 32 col"),
                lk.key(Act::Select),
                t(l, "完成", "done")
            );
            let mut text: Vec<Line> = wide.lines().map(|x| Line::from(x.to_string())).collect();
            text.push(Line::styled(hint, th.title()));
            f.render_widget(
                Paragraph::new(text).block(th.block(t(l, "受理回执", "receipt"), true)),
                pop,
            );
        }
    }
}
