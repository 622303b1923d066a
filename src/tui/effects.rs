//! Runs the effects `update` asks for against the store and turns each
//! result into a `Loaded` message. What a change did comes back as `Done`,
//! for the screen to say; a store error comes back as its sentence in the
//! user's language and its kind. Nothing here panics on bad data.

use super::msg::{
    AdminData, AdminDone, AdminOp, Detail, Done, Effect, ErrorKind, Loaded, Op, Period, QUEUE_PAGE,
    ReceiptFor, TODAY_LIMIT,
};
use crate::i18n::{self, Lang};
use crate::store::request::{FollowUp, NoteKind};
use crate::store::{Store, grid, household, staff, views};
use chrono::{Datelike, Duration, NaiveDate};

pub struct Runner<'a> {
    pub store: &'a mut Store,
    pub lang: Lang,
    pub operator: Option<i64>,
}

impl Runner<'_> {
    pub fn run(&mut self, e: Effect) -> Option<Loaded> {
        let lang = self.lang;
        match self.try_run(e) {
            Ok(l) => l,
            Err(err) => {
                let kind = match err {
                    crate::store::Error::Conflict => ErrorKind::Conflict,
                    crate::store::Error::Busy => ErrorKind::Busy,
                    _ => ErrorKind::Other,
                };
                let msg = i18n::error(&err, lang);
                Some(Loaded::Error(msg, kind))
            }
        }
    }

    fn me(&self) -> crate::store::Result<i64> {
        self.operator.ok_or(crate::store::Error::NotFound {
            what: crate::store::Field::Staff,
            query: "-".into(),
            closest: None,
        })
    }

    /// The queue's first `n` rows and how many there are.
    fn queue(&mut self, f: &views::QueueFilter, n: usize) -> crate::store::Result<Loaded> {
        let me = self.me()?;
        let now = self.store.now();
        let cal = self.store.calendar()?.clone();
        self.store.read(|c| {
            Ok(Loaded::Queue(
                views::queue(c, f, me, now, &cal, n)?,
                views::queue_count(c, f, me, now, &cal)?,
            ))
        })
    }

    /// The handover to show, with up to `n` rows in each list.
    fn handover(&mut self, n: usize) -> crate::store::Result<Loaded> {
        let me = self.me()?;
        let now = self.store.now();
        self.store.read(|c| {
            // A shift just ended and waiting to be accepted comes
            // first: the clerk sees what they handed over.
            let shift = views::handover_shift(c, me)?;
            let h = match shift {
                Some(s) => Some(Box::new(views::handover_upto(c, &s, now, n)?)),
                None => None,
            };
            Ok(Loaded::Handover(h, views::shift_to_accept(c, me)?))
        })
    }

    fn detail(&mut self, id: i64) -> crate::store::Result<Detail> {
        let now = self.store.now();
        let cal = self.store.calendar()?.clone();
        let request = self.store.request(id)?;
        self.store
            .read(|c| views::request_file(c, request, now, &cal))
    }

    fn try_run(&mut self, e: Effect) -> crate::store::Result<Option<Loaded>> {
        let l = self.lang;
        Ok(Some(match e {
            Effect::LoadToday => {
                let me = self.me()?;
                let now = self.store.now();
                let cal = self.store.calendar()?.clone();
                let td = self.store.read(|c| views::today(c, me, now, TODAY_LIMIT))?;
                let warnings = td
                    .mine
                    .iter()
                    .chain(&td.overdue)
                    .chain(&td.due_today)
                    .chain(&td.registered_today)
                    .map(|r| (r.id, r.warning(now, &cal)))
                    .collect();
                Loaded::Today(Box::new(td), warnings)
            }
            Effect::Search { target, query } => {
                let mut hits = self.store.search_screen(&query)?;
                // The household lookup finds party members too, those the
                // operator may see.
                if target == super::msg::SearchFor::Lookup
                    && let Some(me) = self.operator
                {
                    hits.extend(self.store.search_members(me, &query, 20)?);
                }
                Loaded::Hits(target, query, hits)
            }
            Effect::LoadHouseholdFile(id) => {
                Loaded::HouseholdFile(Box::new(self.store.read(|c| views::household_file(c, id))?))
            }
            Effect::LoadCategories => {
                let now = self.store.now();
                Loaded::Categories(self.store.read(|c| views::categories_by_use(c, now))?)
            }
            Effect::LoadStaff => Loaded::Staff(self.store.read(staff::active)?),
            Effect::CheckDuplicates {
                household,
                category,
            } => {
                let now = self.store.now();
                Loaded::Duplicates(
                    self.store
                        .read(|c| views::likely_duplicates(c, household, &category, now))?,
                )
            }
            Effect::Register(nr) => {
                let me = self.me()?;
                let reg = match self.store.register(me, &nr) {
                    // Registered moments ago (another counter, or a double
                    // save): show the duplicates, the identical one marked,
                    // and let the clerk decide.
                    Err(crate::store::Error::Repeated { .. }) if nr.household_id.is_some() => {
                        let now = self.store.now();
                        let (hid, cat) = (nr.household_id.unwrap_or(0), nr.category.clone());
                        return Ok(Some(Loaded::Duplicates(
                            self.store
                                .read(|c| views::likely_duplicates(c, hid, &cat, now))?,
                        )));
                    }
                    r => r?,
                };
                let req = self.store.request(reg.id)?;
                let resident = match (&req.requester_name, req.household_id) {
                    (Some(n), _) => Some(n.clone()),
                    (None, Some(h)) => self
                        .store
                        .read(|c| crate::store::household::head_name(c, h))?,
                    (None, None) => None,
                };
                let originals = self
                    .store
                    .custody(reg.id)?
                    .into_iter()
                    .map(|c| c.item)
                    .collect();
                Loaded::Registered(
                    reg,
                    Box::new(req),
                    ReceiptFor {
                        resident,
                        originals,
                    },
                )
            }
            Effect::LoadQueue(f) => self.queue(&f, QUEUE_PAGE)?,
            Effect::LoadQueueUpTo(f, n) => self.queue(&f, n.max(QUEUE_PAGE))?,
            Effect::LoadDetail(id) => Loaded::Detail(Box::new(self.detail(id)?)),
            Effect::Apply(op) => {
                let me = self.me()?;
                let s = &mut *self.store;
                let done = match op {
                    Op::Assign {
                        id,
                        to,
                        version,
                        reason,
                    } => match reason {
                        Some(why) => Done::Reassigned(
                            s.reassign(me, id, to, &why, Some(version))?
                                .assignee
                                .unwrap_or_default(),
                        ),
                        None => Done::Assigned(
                            s.assign(me, id, to, Some(version))?
                                .assignee
                                .unwrap_or_default(),
                        ),
                    },
                    Op::Start { id, version } => {
                        s.start(me, id, None, Some(version))?;
                        Done::Started
                    }
                    Op::Step { id, text } => {
                        s.note(me, id, NoteKind::Step, &text)?;
                        Done::Stepped
                    }
                    Op::Note { id, text } => {
                        s.note(me, id, NoteKind::Note, &text)?;
                        Done::Noted
                    }
                    Op::Reply { id, text } => {
                        s.note(me, id, NoteKind::Reply, &text)?;
                        Done::Replied
                    }
                    Op::Wait {
                        id,
                        reason,
                        version,
                    } => {
                        s.wait(me, id, &reason, Some(version))?;
                        Done::Waiting
                    }
                    Op::Resume { id, version } => {
                        s.resume(me, id, None, Some(version))?;
                        Done::Resumed
                    }
                    Op::Escalate {
                        id,
                        reason,
                        version,
                    } => {
                        let r = s.escalate(me, id, &reason, Some(version))?;
                        Done::Escalated(r.level)
                    }
                    Op::Return {
                        id,
                        reason,
                        version,
                    } => {
                        let r = s.return_down(me, id, &reason, Some(version))?;
                        Done::Returned(r.level)
                    }
                    Op::Resolve {
                        id,
                        result,
                        version,
                    } => {
                        s.resolve(me, id, &result, Some(version))?;
                        Done::Resolved
                    }
                    Op::Rate {
                        id,
                        rating,
                        version,
                    } => {
                        let (_, corr) =
                            s.follow_up(me, id, FollowUp::Rated(rating), Some(version))?;
                        Done::Closed(corr.map(|c| c.ticket))
                    }
                    Op::FollowUpFailed {
                        id,
                        reason,
                        version,
                    } => {
                        s.follow_up(me, id, FollowUp::Failed(reason), Some(version))?;
                        Done::NotSettled
                    }
                    Op::Reopen {
                        id,
                        reason,
                        version,
                    } => {
                        s.reopen(me, id, &reason, Some(version))?;
                        Done::Reopened
                    }
                    Op::Cancel {
                        id,
                        reason,
                        version,
                    } => {
                        s.cancel(me, id, &reason, Some(version))?;
                        Done::Cancelled
                    }
                    Op::CustodyIn { id, item } => {
                        s.custody_in(me, id, &item)?;
                        Done::CustodyIn
                    }
                    Op::CustodyOut { custody_id, .. } => {
                        s.custody_return(me, custody_id)?;
                        Done::CustodyOut
                    }
                    Op::Visit { household, note } => {
                        s.record_visit(me, household, &note)?;
                        Done::Visited
                    }
                    Op::EndShift { note } => {
                        s.end_shift(me, &note)?;
                        s.start_shift(me)?;
                        Done::ShiftEnded
                    }
                    Op::Accept { shift } => {
                        s.accept_shift(me, shift)?;
                        Done::Accepted
                    }
                };
                Loaded::Done(done)
            }
            Effect::LoadHandover => self.handover(50)?,
            Effect::LoadHandoverUpTo(n) => self.handover(n.max(50))?,
            Effect::LoadReport { period, node } => {
                let now = self.store.now();
                let today = now.date_naive();
                let from = match period {
                    Period::Year => NaiveDate::from_ymd_opt(today.year(), 1, 1).unwrap_or(today),
                    Period::Month => today.with_day(1).unwrap_or(today),
                    Period::Days30 => today - Duration::days(29),
                };
                Loaded::Report(Box::new(
                    self.store
                        .read(|c| views::report(c, from, today, node, now))?,
                ))
            }
            Effect::Browse(parent) => {
                let (nodes, households) = self.store.read(|c| {
                    let nodes = grid::children(c, parent)?;
                    let households = match parent {
                        Some(p) if nodes.is_empty() => household::in_building(c, p)?,
                        _ => Vec::new(),
                    };
                    Ok((nodes, households))
                })?;
                Loaded::Browse(nodes, households)
            }
            Effect::FindNode(name) => {
                Loaded::Node(Some(self.store.read(|c| grid::resolve(c, &name))?))
            }
            Effect::Print { name, text } => {
                Loaded::Printed(crate::printout::print(&name, &text, l))
            }
            Effect::Reveal(ids) => {
                let me = self.me()?;
                let mut out = Vec::new();
                for id in ids {
                    let (n, m) = self.store.reveal(me, id)?;
                    out.push((id, n, m));
                }
                Loaded::Revealed(out)
            }
            Effect::OpenRequestFrom { id, household } => {
                Loaded::DetailFromFile(Box::new(self.detail(id)?), household)
            }
            Effect::LoadAssignees { id, version } => {
                let (community, near) = self.store.read(|c| views::staff_near(c, id))?;
                Loaded::Assignees(id, version, near, community)
            }
            Effect::RevealPhone(h) => {
                let me = self.me()?;
                Loaded::HouseholdPhone(h, self.store.reveal_household_phone(me, h)?)
            }
            Effect::LoadChart { building, focus } => {
                let now = self.store.now();
                let cal = self.store.calendar()?.clone();
                let chart = self
                    .store
                    .read(|c| crate::store::chart::chart(c, building, now, &cal))?;
                Loaded::Chart(Box::new(chart), focus)
            }
            Effect::FindBuilding(query) => {
                // Only a building named exactly once is a hit; anything
                // else (none, several) is simply no building hit.
                let found = self.store.read(|c| {
                    Ok(match crate::store::chart::resolve_building(c, &query) {
                        Ok(node) => {
                            let community = grid::community_of(c, node.id)?
                                .map(|n| n.name)
                                .unwrap_or_default();
                            Some((node, community))
                        }
                        Err(
                            crate::store::Error::NotFound { .. }
                            | crate::store::Error::Ambiguous { .. }
                            | crate::store::Error::Empty(_),
                        ) => None,
                        Err(e) => return Err(e),
                    })
                })?;
                Loaded::BuildingHit(query, found)
            }
            Effect::LoadAdmin(parent) => Loaded::Admin(Box::new(self.admin_data(parent)?)),
            Effect::LoadDecisions => Loaded::Decisions(Box::new(self.decisions_data()?)),
            Effect::LoadMatter(id) => {
                use crate::store::matter::{self, Step};
                let m = self.store.read(|c| matter::get(c, id))?;
                let cal = self.store.calendar()?.clone();
                let text = crate::cli::decisions::show_text(&m, self.store.now(), &cal, self.lang);
                let notice = [Step::PostOutcome, Step::PostDecision]
                    .into_iter()
                    .find_map(|s| matter::notice(&m, s, self.lang));
                Loaded::Matter(id, text, notice)
            }
            Effect::Decision(op) => {
                let me = self.me()?;
                Loaded::DecisionDone(self.decision(me, op)?)
            }
            Effect::Admin(op) => {
                let me = self.me()?;
                match self.admin(me, op)? {
                    Ok(done) => Loaded::AdminDone(done),
                    Err(msg) => Loaded::Error(msg, ErrorKind::Other),
                }
            }
            Effect::ChooseOperator(id) => {
                // Who sits at the counter is part of the record.
                let s = self
                    .store
                    .choose_operator(id, &crate::cli::config::os_login())?;
                self.operator = Some(id);
                self.store.start_shift(id)?;
                Loaded::Operator(s)
            }
            Effect::LoadParty => Loaded::Party(Box::new(self.party_data()?)),
            Effect::ClaimFrom(id) => {
                Loaded::ClaimFrom(Box::new((self.party_data()?, self.store.request(id)?)))
            }
            Effect::AddMember(m) => {
                let me = self.me()?;
                Loaded::MemberAdded(self.add_member(me, m)?)
            }
            Effect::Attend { activity, members } => {
                let me = self.me()?;
                Loaded::Attended(self.store.attend(me, activity, &members)?)
            }
            Effect::LoadFamilies { team, name } => Loaded::Families(
                name,
                self.store.read(|c| crate::store::team::families(c, team))?,
            ),
            Effect::Party(op) => {
                let me = self.me()?;
                Loaded::PartyDone(self.party_op(me, op, l)?)
            }
            Effect::LoadLedger { member, name } => {
                let me = self.me()?;
                let (entries, total) = self.store.points(me, member)?;
                Loaded::Ledger(member, name, entries, total)
            }
            Effect::LoadLetter { member, from, to } => {
                let me = self.me()?;
                let x = self.store.letter(me, member, from, to)?;
                let name = format!("letter-{member}-{from}-{to}");
                Loaded::Letter(name, crate::cli::party::letter_text(&x, l, 80))
            }
        }))
    }
}

impl Runner<'_> {
    /// What the Admin screen lists: all staff, all categories, this and
    /// next year's calendar days, the halls, the grid under `parent`.
    fn admin_data(&mut self, parent: Option<i64>) -> crate::store::Result<AdminData> {
        use crate::store::grid::NodeLevel;
        let year = self.store.now().year();
        self.store.read(|c| {
            let (from, to) = (
                NaiveDate::from_ymd_opt(year, 1, 1),
                NaiveDate::from_ymd_opt(year + 1, 12, 31),
            );
            let days = match (from, to) {
                (Some(a), Some(b)) => crate::store::calendar_listing(c, a, b)?,
                _ => Vec::new(),
            };
            let mut nodes = Vec::new();
            for level in [
                NodeLevel::District,
                NodeLevel::Subdistrict,
                NodeLevel::Community,
            ] {
                nodes.extend(grid::by_level(c, level)?);
            }
            let halls = nodes
                .iter()
                .map(|n| (grid::qualified(&nodes, n), n.id))
                .collect();
            Ok(AdminData {
                staff: staff::listing(c, true)?,
                categories: crate::store::categories::all(c)?,
                days,
                halls,
                nodes: {
                    let mut v = grid::children(c, parent)?;
                    v.sort_by_key(crate::tui::screens::admin::node_order);
                    v
                },
                path: match parent {
                    Some(p) => grid::path(c, p)?,
                    None => Vec::new(),
                },
            })
        })
    }

    /// One Admin change: the store call the command line makes.
    /// `Ok(Err(message))`: the category import refused the entry.
    fn admin(
        &mut self,
        me: i64,
        op: AdminOp,
    ) -> crate::store::Result<std::result::Result<AdminDone, String>> {
        use crate::store::staff::{NewStaff, StaffEdit};
        let s = &mut *self.store;
        let edit = |s: &mut crate::store::Store, id, e: StaffEdit| {
            s.edit_staff(me, id, &e)
                .map(|x| AdminDone::StaffChanged(x.login))
        };
        Ok(Ok(match op {
            AdminOp::AddStaff {
                login,
                name,
                role,
                hall,
            } => {
                let n = NewStaff {
                    login: &login,
                    name: &name,
                    role,
                    node_id: hall,
                };
                s.add_staff_with(me, &n, None)?;
                AdminDone::StaffAdded(login)
            }
            AdminOp::StaffRole { id, role } => edit(
                s,
                id,
                StaffEdit {
                    role: Some(role),
                    ..Default::default()
                },
            )?,
            AdminOp::StaffHall { id, hall } => edit(
                s,
                id,
                StaffEdit {
                    hall: Some(Some(hall)),
                    ..Default::default()
                },
            )?,
            AdminOp::StaffActive { id, active } => {
                let e = StaffEdit {
                    active: Some(active),
                    ..Default::default()
                };
                let login = s.edit_staff(me, id, &e)?.login;
                if active {
                    AdminDone::StaffEnabled(login)
                } else {
                    AdminDone::StaffDisabled(login)
                }
            }
            AdminOp::Category(e) => {
                // Said by its name in the language in force, not its code.
                let code = self.lang.pick(&e.zh, &e.en).to_string();
                let file = crate::store::categories::CategoryFile { category: vec![*e] };
                let text =
                    toml::to_string(&file).map_err(|e| crate::store::Error::Io(e.to_string()))?;
                if let Err(problems) = s.import_categories(me, &text)? {
                    let l = self.lang;
                    return Ok(Err(problems
                        .iter()
                        .map(|p| crate::cli::admin::problem_text(p, l))
                        .collect::<Vec<_>>()
                        .join("; ")));
                }
                AdminDone::CategoryChanged(code)
            }
            AdminOp::Day { day, kind, note } => {
                s.set_calendar_day(me, day, kind, &note)?;
                AdminDone::DaySet(day)
            }
            AdminOp::AddNode {
                parent,
                level,
                name,
                num,
            } => {
                s.add_grid_node(me, parent, level, &name, num.as_deref())?;
                AdminDone::NodeAdded(name)
            }
            AdminOp::RenameNode { node, name, reason } => {
                s.rename_grid_node(me, node, &name, &reason)?;
                AdminDone::NodeRenamed(name)
            }
        }))
    }
}

impl Runner<'_> {
    /// The Decisions screen's lists: matters (pending publications and
    /// overdue first), this month's meetings, the week's sheet.
    fn decisions_data(&mut self) -> crate::store::Result<super::msg::DecisionsData> {
        use crate::store::{matter, meeting, week};
        let now = self.store.now();
        let cal = self.store.calendar()?.clone();
        let today = now.date_naive();
        let first = today.with_day(1).unwrap_or(today);
        let wk = week::Week::of(today);
        let me = self.operator;
        self.store.read(|c| {
            let mut matters: Vec<(matter::Matter, bool)> = matter::list(c, None)?
                .into_iter()
                .map(|m| {
                    let o = m.overdue(now, &cal);
                    (m, o)
                })
                .collect();
            let rank = |m: &matter::Matter, o: bool| match m.stage() {
                _ if o => 0,
                matter::Stage::Next(s) => 8 - s.n() as usize,
                matter::Stage::Stopped(..) => 9,
                matter::Stage::Done => 10,
            };
            matters.sort_by_key(|(m, o)| rank(m, *o));
            let own = match me {
                Some(id) => week::leader(c, id).ok(),
                None => None,
            };
            let own_week = own.as_ref().map(|l| l.id);
            let leaders = match own {
                Some(l) => vec![l],
                None => week::leaders(c, None)?,
            };
            Ok(super::msg::DecisionsData {
                matters,
                month: first.format("%Y-%m").to_string(),
                meetings: meeting::month(c, first, None)?,
                without_joint: meeting::without_joint(c, first)?,
                week: wk.label(),
                week_lines: week::sheet(c, leaders, wk)?,
                own_week,
                kinds: crate::store::matter::kinds(c)?,
            })
        })
    }

    /// A change from the Decisions screen; what it did, as a sentence.
    fn decision(&mut self, me: i64, op: super::msg::DecisionOp) -> crate::store::Result<String> {
        use super::msg::DecisionOp;
        let l = self.lang;
        match op {
            DecisionOp::Step {
                matter,
                step,
                mut input,
            } => {
                if input.day.is_none() {
                    input.day = Some(self.store.now().date_naive());
                }
                let o = self.store.record_step(me, matter, step, &input)?;
                Ok(crate::cli::decisions::outcome_line(matter, o, l))
            }
            DecisionOp::ConfirmWeek { leader } => {
                let wk = crate::store::week::Week::of(self.store.now().date_naive());
                self.store.confirm_week(me, leader, wk)?;
                Ok(match l {
                    Lang::Zh => format!("已确认周报 {}", wk.label()),
                    Lang::En => format!("week {} confirmed", wk.label()),
                })
            }
            DecisionOp::AddMeeting {
                community,
                kind,
                day,
                topic,
                attendees,
            } => {
                let n = self
                    .store
                    .read(|c| crate::store::grid::resolve(c, &community))?;
                self.store
                    .read(|c| crate::store::matter::community(c, n.id))?;
                let day = day.unwrap_or_else(|| self.store.now().date_naive());
                let id = self.store.add_meeting(
                    me,
                    &crate::store::meeting::NewMeeting {
                        community: n.id,
                        kind,
                        day,
                        topic: &topic,
                        chair: "",
                        attendees: &attendees,
                    },
                )?;
                Ok(match l {
                    Lang::Zh => format!("已记录会议 {id}：{} {}", n.name, kind.name(l)),
                    Lang::En => format!("meeting {id} recorded: {}, {}", n.name, kind.name(l)),
                })
            }
            DecisionOp::Settle {
                meeting,
                issue,
                decision,
                ticket,
            } => {
                let rid = match ticket.as_deref() {
                    Some(t) => Some(
                        self.store
                            .read(|c| crate::store::request::by_ticket(c, t))?
                            .id,
                    ),
                    None => None,
                };
                self.store
                    .settle_issue(me, meeting, &issue, &decision, rid)?;
                Ok(match (l, ticket) {
                    (Lang::Zh, Some(t)) => format!("已记录议定事项；诉求 {t} 已按会议决定办结"),
                    (Lang::Zh, None) => "已记录议定事项".to_string(),
                    (Lang::En, Some(t)) => {
                        format!("issue settled; request {t} resolved with the decision")
                    }
                    (Lang::En, None) => "issue settled".to_string(),
                })
            }
            DecisionOp::EditKind {
                code,
                zh,
                en,
                active,
            } => {
                self.store
                    .set_matter_kind(me, &code, zh.as_deref(), en.as_deref(), active)?;
                // Said by its name as it now is, not by its code.
                let k = self.store.read(|c| crate::store::matter::kind(c, &code))?;
                let name = l.pick(&k.zh, &k.en).to_string();
                Ok(match (l, active) {
                    (Lang::Zh, Some(false)) => format!("类别“{name}”已停用"),
                    (Lang::Zh, Some(true)) => format!("类别“{name}”已恢复使用"),
                    (Lang::Zh, None) => format!("类别已改名为“{name}”"),
                    (Lang::En, Some(false)) => format!("kind \"{name}\" out of use"),
                    (Lang::En, Some(true)) => format!("kind \"{name}\" in use again"),
                    (Lang::En, None) => format!("kind renamed \"{name}\""),
                })
            }
            DecisionOp::NewRound { matter, reason } => {
                let round = self.store.new_round(me, matter, &reason)?;
                Ok(match l {
                    Lang::Zh => format!("事项 {matter} 开始第 {round} 轮，下一步：党支部提议"),
                    Lang::En => {
                        format!("matter {matter}: round {round}; next: the branch proposes")
                    }
                })
            }
        }
    }

    /// What the party screen lists, through the store calls the command
    /// line makes: the members the operator may see, this year's
    /// activities of their community (all for a supervisor), the teams,
    /// the unclaimed micro-wishes oldest first.
    fn party_data(&mut self) -> crate::store::Result<super::msg::PartyData> {
        use crate::domain::lifecycle::Role;
        use crate::store::party::MemberFilter;
        let me = self.me()?;
        let members = self.store.members(
            me,
            &MemberFilter {
                all: true,
                ..Default::default()
            },
        )?;
        let (community, activities, teams) = self.store.read(|c| {
            let who = staff::by_id(c, me)?;
            let community = match who.node_id {
                Some(n) => grid::community_of(c, n)?,
                None => None,
            };
            let mine = if who.role == Role::Supervisor {
                None
            } else {
                community.as_ref().map(|c| c.id)
            };
            let activities = crate::store::party::activities(c, mine, 200)?;
            let teams = crate::store::team::teams(c, mine)?;
            Ok((community, activities, teams))
        })?;
        let wishes = self.store.unclaimed_wishes(200)?;
        let (claimed, units) = self.store.read(|c| {
            Ok((
                crate::store::claim::claimed_wishes(c, 200)?,
                crate::store::party::units(c)?,
            ))
        })?;
        let today = self.store.now().date_naive();
        let (unit_lines, open_projects, projects) = self.store.read(|c| {
            let lines = crate::store::claim::unit_lines(c, today)?;
            let mut projects = Vec::new();
            for u in &lines {
                for (r, k) in crate::store::claim::unit_project_list(c, u.unit.id)? {
                    projects.push((u.unit.id, r, k));
                }
            }
            Ok((lines, crate::store::claim::open_projects(c, 200)?, projects))
        })?;
        Ok(super::msg::PartyData {
            members,
            activities,
            teams,
            wishes,
            community: community.map(|c| c.name),
            claimed,
            units,
            today: self.store.now().date_naive(),
            pairs: self.store.read(crate::store::team::pairs)?,
            unit_lines,
            open_projects,
            projects,
        })
    }

    /// A change from the party screen, through the store call the command
    /// line makes; what it did, as a sentence naming who.
    fn party_op(
        &mut self,
        me: i64,
        op: super::msg::PartyOp,
        l: Lang,
    ) -> crate::store::Result<String> {
        use super::msg::PartyOp;
        use crate::store::claim::{Claimant, open_claim};
        let zh = l == Lang::Zh;
        Ok(match op {
            PartyOp::Claim { request, who } => {
                self.store.claim(me, request, who, None)?;
                let r = self.store.request(request)?;
                let by = self
                    .store
                    .read(|c| open_claim(c, request))?
                    .map(|c| c.by)
                    .unwrap_or_default();
                let kind = match (who, zh) {
                    (Claimant::Member(_), true) => "党员",
                    (Claimant::Team(_), true) => "服务队",
                    (Claimant::Unit(_), true) => "单位",
                    (Claimant::Member(_), false) => "member",
                    (Claimant::Team(_), false) => "team",
                    (Claimant::Unit(_), false) => "unit",
                };
                if zh {
                    format!("{} 已由{kind} {by} 认领", r.ticket)
                } else {
                    format!("{} claimed by {kind} {by}", r.ticket)
                }
            }
            PartyOp::Withdraw { request, reason } => {
                let by = self
                    .store
                    .read(|c| open_claim(c, request))?
                    .map(|c| c.by)
                    .unwrap_or_default();
                self.store.withdraw_claim(me, request, &reason)?;
                let r = self.store.request(request)?;
                if zh {
                    format!("{} 已撤回 {by} 的认领，心愿回到待认领", r.ticket)
                } else {
                    format!(
                        "{}: {by}'s claim withdrawn; the wish is unclaimed again",
                        r.ticket
                    )
                }
            }
            PartyOp::Deliver { request, result } => {
                let r = self.store.deliver(me, request, &result)?;
                let by = self
                    .store
                    .read(|c| open_claim(c, request))?
                    .map(|c| c.by)
                    .unwrap_or_default();
                if zh {
                    format!("{} 已由 {by} 送达，已办结待回访", r.ticket)
                } else {
                    format!("{} delivered by {by}; resolved, follow-up next", r.ticket)
                }
            }
            PartyOp::Thanks { request, text } => {
                self.store.thank(me, request, &text)?;
                let r = self.store.request(request)?;
                let by = self
                    .store
                    .read(|c| open_claim(c, request))?
                    .map(|c| c.by)
                    .unwrap_or_default();
                if zh {
                    format!("{} 已记录居民对 {by} 的感谢", r.ticket)
                } else {
                    format!("{}: the resident's thanks to {by} recorded", r.ticket)
                }
            }
            PartyOp::AddActivity {
                day,
                community,
                kind,
                title,
                hours,
            } => {
                let community_id = self.store.read(|c| {
                    let n = grid::resolve(c, &community)?;
                    crate::store::party::check_community(c, n.id)?;
                    Ok(n.id)
                })?;
                self.store.add_activity(
                    me,
                    &crate::store::party::NewActivity {
                        day,
                        community_id,
                        kind,
                        title: title.clone(),
                        hours,
                    },
                )?;
                if zh {
                    format!("已登记活动 {day} {title}")
                } else {
                    format!("activity recorded: {day} {title}")
                }
            }
            PartyOp::AddTeam {
                name,
                community,
                leader,
            } => {
                let community_id = self.store.read(|c| {
                    let n = grid::resolve(c, &community)?;
                    crate::store::party::check_community(c, n.id)?;
                    Ok(n.id)
                })?;
                // The leader is a member when one by that name is seen.
                let leader_member = self.store.find_member(me, &leader).ok().map(|m| m.id);
                let today = self.store.now().date_naive();
                self.store
                    .add_team(me, &name, community_id, &leader, leader_member, today)?;
                if zh {
                    format!("已成立服务队 {}，队长 {}", name.trim(), leader.trim())
                } else {
                    format!("team {} set up, led by {}", name.trim(), leader.trim())
                }
            }
            PartyOp::Join { team, member } => {
                self.store.join_team(me, team, Some(member), None)?;
                let m = self.store.member(me, member)?.name;
                let t = self
                    .store
                    .read(|c| crate::store::team::team_by_id(c, team))?
                    .name;
                if zh {
                    format!("{m} 已加入 {t}")
                } else {
                    format!("{m} joined {t}")
                }
            }
            PartyOp::Help {
                team,
                household,
                address,
                day,
                kind,
                hours,
                note,
                job,
            } => {
                // A first family is found by its address, as the command
                // line finds it.
                let household = if household == 0 {
                    crate::cli::register::resolve_household(self.store, &address)?.id
                } else {
                    household
                };
                self.store.record_help(
                    me,
                    &crate::store::team::NewHelp {
                        team_id: team,
                        household_id: household,
                        day,
                        kind,
                        hours,
                        note,
                        job,
                    },
                )?;
                let h = self.store.read(|c| household::get(c, household))?.label();
                if zh {
                    format!("已记录 {day} 对 {h} 的{}", kind.zh())
                } else {
                    format!("{} for {h} on {day} recorded", kind.en())
                }
            }
            PartyOp::Pair {
                household,
                helper,
                since,
            } => {
                let member = self.store.find_member(me, &helper).ok().map(|m| m.id);
                self.store.add_pair(me, &helper, member, household, since)?;
                let h = self.store.read(|c| household::get(c, household))?.label();
                if zh {
                    format!("{} 与 {h} 已金拐杖结对", helper.trim())
                } else {
                    format!("{} paired with {h}", helper.trim())
                }
            }
            PartyOp::Visit { pair, day, note } => {
                self.store.pair_visit(me, pair, day, &note)?;
                if zh {
                    format!("已记录 {day} 的结对走访")
                } else {
                    format!("pair visit on {day} recorded")
                }
            }
            PartyOp::CorrectPoints {
                member,
                points,
                reason,
            } => {
                self.store
                    .correct_points(me, member, points, &reason, None)?;
                let name = self.store.member(me, member)?.name;
                if zh {
                    format!("已为 {name} 更正积分 {points:+}")
                } else {
                    format!("{name}: points corrected by {points:+}")
                }
            }
            PartyOp::ClaimProject {
                request,
                unit,
                promised,
            } => {
                self.store
                    .claim(me, request, Claimant::Unit(unit), Some(promised))?;
                let r = self.store.request(request)?;
                let by = self
                    .store
                    .read(|c| open_claim(c, request))?
                    .map(|c| c.by)
                    .unwrap_or_default();
                if zh {
                    format!(
                        "{} 已由单位 {by} 认领为民生实事，承诺 {promised} 前办结",
                        r.ticket
                    )
                } else {
                    format!("{} taken on by unit {by}, promised by {promised}", r.ticket)
                }
            }
            PartyOp::AddUnit { name, party_org } => {
                self.store.add_unit(me, &name, &party_org)?;
                if zh {
                    format!("已登记单位 {}", name.trim())
                } else {
                    format!("unit {} registered", name.trim())
                }
            }
        })
    }

    /// A member registered at the counter: the community by its name, the
    /// phone and workplace when given, reported today.
    fn add_member(&mut self, me: i64, m: super::msg::NewMemberAsk) -> crate::store::Result<String> {
        let community = self.store.read(|c| grid::resolve(c, &m.community))?;
        let opt = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
        let new = crate::store::party::NewMember {
            name: m.name.clone(),
            workplace: opt(&m.workplace),
            phone: opt(&m.phone),
            community_id: community.id,
            reported_on: self.store.now().date_naive(),
            ..Default::default()
        };
        self.store.add_member(me, &new)?;
        Ok(m.name)
    }
}
