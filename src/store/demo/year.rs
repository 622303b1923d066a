//! The demo's year of work, done through the same `Store` calls as the
//! screens and the command line: visits, requests and every move of their
//! lifecycle, the originals in custody, the counters' shifts.
//!
//! First the year is planned: how many of each kind, which end each comes
//! to (the report's figures are these counts, so they are fixed here, not
//! left to chance), and each one's steps with the working time between
//! them. Then every step is placed on the line of opening hours and the
//! steps are played in time order, the store's clock set to each. A
//! request that must be finished by the as-of day is squeezed into the
//! time left when its steps would not fit, so a short year (an as-of date
//! in January) still gives the same figures.

use super::Sizes;
use super::hours::{DAY, HOUR, Hours, MINUTE};
use super::people::Rng;
use super::register::District;
use super::texts::{self, describe, result_text};
use crate::domain::lifecycle::{Channel, Level, Rating};
use crate::store::request::{self, Category, FollowUp, NewRequest, NoteKind};
use crate::store::{Error, Result, Store};
use std::collections::HashMap;

/// The year's counts: the report's figures for the district, scaled for
/// the other sizes.
struct Counts {
    /// Households visited (入户走访), each once, and visits to some again.
    visited: usize,
    revisits: usize,
    /// Problems found on visits, and those handled; the rest are still
    /// being coordinated.
    problems: usize,
    problems_handled: usize,
    disputes: usize,
    disputes_resolved: usize,
    /// Errands handled, the corrections after a poor rating included.
    errands_handled: usize,
    errand_corrections: usize,
    errands_open: usize,
    errands_cancelled: usize,
    wishes: usize,
    wishes_done: usize,
}

impl Counts {
    fn of(sizes: &Sizes) -> Counts {
        let n = |x: f64| (x * sizes.factor).round() as usize;
        // Scaled down, a few stay open all the same, so the small demo's
        // screens have a backlog to show.
        let open = |x: f64, least: usize| n(x).max(least);
        let (problems_handled, disputes_resolved, wishes_done) = (n(733.0), n(195.0), n(3722.0));
        Counts {
            visited: n(8300.0).min(sizes.households),
            revisits: n(700.0),
            problems: problems_handled + open(63.0, 2),
            problems_handled,
            disputes: disputes_resolved + open(8.0, 1),
            disputes_resolved,
            errands_handled: n(6540.0),
            errand_corrections: n(40.0),
            errands_open: open(70.0, 4),
            errands_cancelled: n(90.0),
            wishes: wishes_done + open(28.0, 2),
            wishes_done,
        }
    }
}

/// Other requests of the year, not among the report's figures.
const OTHERS: &[(&str, f64)] = &[
    ("repair", 256.0),
    ("consult", 300.0),
    ("opinion", 100.0),
    ("property", 30.0),
    ("safety", 20.0),
    ("assistance", 50.0),
];

const ERRAND_ITEMS: &[(&str, u32)] = &[
    ("errand.pension_cert", 30),
    ("errand.medical_claim", 20),
    ("errand.dibao", 10),
    ("errand.disability_card", 8),
    ("errand.elderly_allowance", 15),
    ("errand.residence_permit", 7),
    ("errand.certificate", 10),
];

/// The counters' shifts are kept for the last working days of the year.
const SHIFT_DAYS: usize = 40;

const GOOD: &[(Rating, u32)] = &[
    (Rating::VerySatisfied, 70),
    (Rating::Satisfied, 22),
    (Rating::FairlySatisfied, 8),
];

/// One step of the year, by whom.
enum Act {
    Visit {
        household: usize,
        by: i64,
        note: &'static str,
    },
    Register {
        req: usize,
        by: i64,
    },
    Assign {
        req: usize,
        by: i64,
        to: i64,
    },
    Start {
        req: usize,
        by: i64,
    },
    Escalate {
        req: usize,
        by: i64,
        reason: &'static str,
    },
    Return {
        req: usize,
        by: i64,
        reason: &'static str,
    },
    Note {
        req: usize,
        by: i64,
        kind: NoteKind,
        text: &'static str,
    },
    Wait {
        req: usize,
        by: i64,
        reason: &'static str,
    },
    Resume {
        req: usize,
        by: i64,
    },
    Resolve {
        req: usize,
        by: i64,
        result: String,
    },
    /// Hands back every original still held for the request.
    ReturnOriginals {
        req: usize,
        by: i64,
    },
    /// 回访 with a rating; a poor one opens the correction `correction`.
    FollowUp {
        req: usize,
        by: i64,
        rating: Rating,
        correction: Option<usize>,
    },
    /// 回访 finds the matter unsettled: the request is reopened.
    Reopen {
        req: usize,
        by: i64,
        reason: &'static str,
    },
    Cancel {
        req: usize,
        by: i64,
        reason: &'static str,
    },
    ShiftStart {
        community: usize,
    },
    ShiftEnd {
        community: usize,
        note: &'static str,
    },
    /// The supervisor accepts the community's last handover.
    ShiftAccept {
        community: usize,
    },
}

/// Steps of one record with the working time before each.
#[derive(Default)]
struct Chain {
    steps: Vec<(i64, Act)>,
}

impl Chain {
    fn then(&mut self, gap: i64, act: Act) {
        self.steps.push((gap.max(0), act));
    }
    fn len(&self) -> i64 {
        self.steps.iter().map(|s| s.0).sum()
    }
}

/// Where an open request stopped.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Stage {
    Registered,
    Assigned,
    InProgress,
    Waiting,
}

/// What the follow-up call of a finished request finds.
enum Follow {
    None,
    Rated(Rating),
    /// A poor rating, and the correction request it opens.
    Poor(Rating, usize),
    /// Not settled: reopened, resolved again, then rated.
    Failed,
}

enum End {
    Done(Follow),
    Open(Stage),
    Cancelled,
}

/// How one request is worked.
struct Work {
    req: usize,
    /// Registers (except visit problems), assigns, follows up, cancels.
    counter: i64,
    /// The assignee.
    handler: i64,
    assigned_at_registration: bool,
    limit_days: u32,
    /// Levels climbed on the ladder.
    climb: usize,
    /// Originals were checked in at registration.
    originals: bool,
}

struct Planner<'a> {
    rng: &'a mut Rng,
    d: &'a District,
    cats: HashMap<String, Category>,
    /// The end of the year's line of opening hours.
    end: i64,
    /// Requests to register; `None` for corrections, which the follow-up
    /// call registers itself.
    reqs: Vec<Option<NewRequest>>,
    acts: Vec<(i64, Act)>,
    /// Requests left open so far.
    opened: usize,
}

impl Planner<'_> {
    fn gap(&mut self, lo: i64, hi: i64) -> i64 {
        self.rng.range(lo, hi)
    }

    fn pick(&mut self, v: &[&'static str]) -> &'static str {
        v[self.rng.below(v.len() as u64) as usize]
    }

    /// A start for steps that must all happen in the year: early enough
    /// for them to fit, or in the first half when they cannot.
    fn start_for(&mut self, total: i64) -> i64 {
        let latest = self.end - total;
        if latest >= self.end / 2 {
            self.rng.range(0, latest)
        } else {
            self.rng.range(0, self.end / 2)
        }
    }

    /// A start for a request still open at the end: mostly the last eight
    /// working days, one in six long forgotten, one in six on the last day.
    fn start_open(&mut self) -> i64 {
        self.opened += 1;
        match self.opened % 6 {
            1 => self.rng.range(0, self.end * 3 / 4),
            2 => self.rng.range((self.end - DAY).max(0), self.end),
            _ => self.rng.range((self.end - 8 * DAY).max(0), self.end),
        }
    }

    /// Puts a chain on the line from `start`. A chain that must finish is
    /// squeezed into the time left; an open one stops at the end.
    fn place(&mut self, chain: Chain, start: i64, finish: bool) {
        let total = chain.len();
        let room = self.end - start;
        let scale = if finish && total > room && total > 0 {
            room as f64 / total as f64
        } else {
            1.0
        };
        let mut exact = start as f64;
        let mut last = start;
        for (gap, act) in chain.steps {
            exact += gap as f64 * scale;
            if !finish && exact > self.end as f64 {
                break;
            }
            last = (exact as i64).clamp(last, self.end);
            self.acts.push((last, act));
        }
    }

    fn new_request(
        &mut self,
        household: usize,
        channel: Channel,
        cat: &str,
        level: Option<Level>,
    ) -> NewRequest {
        let head = &self.d.heads[household];
        let mut r = NewRequest::new(
            channel,
            cat,
            &describe(self.rng, cat, &self.cats, &head.name),
        );
        r.household_id = Some(self.d.households[household].0);
        r.resident_id = Some(head.id);
        r.requester_name = Some(head.name.clone());
        if channel == Channel::Phone {
            r.requester_phone.clone_from(&head.mobile);
        }
        r.level = level;
        r
    }

    fn add_request(&mut self, r: Option<NewRequest>) -> usize {
        self.reqs.push(r);
        self.reqs.len() - 1
    }

    fn limit(&self, cat: &str) -> u32 {
        self.cats.get(cat).map(|c| c.limit_days).unwrap_or(10)
    }

    /// A request's life after registration, up to its end.
    fn work(&mut self, chain: &mut Chain, w: &Work, end: End, cat: &str) {
        let (req, by, counter) = (w.req, w.handler, w.counter);
        // Working time since registration, the waits left out (the due
        // clock stops while a request waits).
        let mut worked = 0;
        if !w.assigned_at_registration {
            if matches!(end, End::Open(Stage::Registered)) {
                return;
            }
            if matches!(end, End::Cancelled) && self.rng.chance(0.5) {
                let reason = self.pick(texts::CANCEL);
                chain.then(
                    self.gap(HOUR, 2 * DAY),
                    Act::Cancel {
                        req,
                        by: counter,
                        reason,
                    },
                );
                return;
            }
            let g = self.gap(5 * MINUTE, 2 * HOUR);
            chain.then(
                g,
                Act::Assign {
                    req,
                    by: counter,
                    to: by,
                },
            );
            worked += g;
        }
        match end {
            End::Open(Stage::Registered | Stage::Assigned) => return,
            End::Cancelled => {
                let reason = self.pick(texts::CANCEL);
                chain.then(
                    self.gap(HOUR, 3 * DAY),
                    Act::Cancel {
                        req,
                        by: counter,
                        reason,
                    },
                );
                if w.originals {
                    chain.then(self.gap(0, HOUR), Act::ReturnOriginals { req, by });
                }
                return;
            }
            _ => {}
        }
        let start = if w.limit_days == 0 {
            self.gap(MINUTE, 30 * MINUTE)
        } else {
            self.gap(10 * MINUTE, DAY)
        };
        chain.then(start, Act::Start { req, by });
        worked += start;
        for _ in 0..w.climb {
            let g = self.gap(HOUR, DAY + DAY / 2);
            let reason = self.pick(texts::ESCALATE);
            chain.then(g, Act::Escalate { req, by, reason });
            worked += g;
        }
        if w.climb > 0 && self.rng.chance(0.03) {
            let g = self.gap(HOUR, DAY);
            let reason = self.pick(texts::RETURN);
            chain.then(g, Act::Return { req, by, reason });
            worked += g;
        }
        if self.rng.chance(0.2) {
            let g = self.gap(30 * MINUTE, DAY);
            let (kind, text) = if self.rng.chance(0.5) {
                (NoteKind::Note, self.pick(texts::NOTES))
            } else {
                (NoteKind::Reply, self.pick(texts::REPLIES))
            };
            chain.then(
                g,
                Act::Note {
                    req,
                    by,
                    kind,
                    text,
                },
            );
            worked += g;
        }
        let waits = matches!(end, End::Open(Stage::Waiting)) || self.rng.chance(0.12);
        if waits {
            let g = self.gap(HOUR, DAY);
            let reason = self.pick(texts::WAIT);
            chain.then(g, Act::Wait { req, by, reason });
            worked += g;
            if matches!(end, End::Open(_)) {
                return;
            }
            chain.then(self.gap(DAY / 2, 3 * DAY), Act::Resume { req, by });
        }
        let End::Done(follow) = end else {
            return;
        };
        // Most are done well before the due time; a few run late.
        let limit = i64::from(w.limit_days) * DAY;
        let target = if w.limit_days == 0 {
            if self.rng.chance(0.95) {
                self.gap(20 * MINUTE, 3 * HOUR)
            } else {
                self.gap(DAY, 2 * DAY)
            }
        } else if self.rng.chance(0.95) {
            self.gap(limit / 10, limit * 85 / 100)
        } else {
            self.gap(limit + HOUR, limit * 13 / 10 + 2 * DAY)
        };
        let result = result_text(self.rng, cat);
        chain.then(
            (target - worked).max(10 * MINUTE),
            Act::Resolve { req, by, result },
        );
        if w.originals {
            chain.then(self.gap(0, 2 * HOUR), Act::ReturnOriginals { req, by });
        }
        let follow_gap = self.gap(DAY / 3, 3 * DAY);
        match follow {
            Follow::None => {}
            Follow::Rated(rating) => chain.then(
                follow_gap,
                Act::FollowUp {
                    req,
                    by: counter,
                    rating,
                    correction: None,
                },
            ),
            Follow::Poor(rating, c) => {
                chain.then(
                    follow_gap,
                    Act::FollowUp {
                        req,
                        by: counter,
                        rating,
                        correction: Some(c),
                    },
                );
                // The correction (整改), due in 15 working days.
                chain.then(
                    self.gap(HOUR, DAY),
                    Act::Assign {
                        req: c,
                        by: counter,
                        to: by,
                    },
                );
                chain.then(self.gap(HOUR, DAY), Act::Start { req: c, by });
                let result = result_text(self.rng, cat);
                chain.then(self.gap(DAY, 8 * DAY), Act::Resolve { req: c, by, result });
                let rating = *self.rng.weighted(GOOD);
                chain.then(
                    self.gap(DAY / 2, 3 * DAY),
                    Act::FollowUp {
                        req: c,
                        by: counter,
                        rating,
                        correction: None,
                    },
                );
            }
            Follow::Failed => {
                let reason = self.pick(texts::REOPEN);
                chain.then(
                    follow_gap,
                    Act::Reopen {
                        req,
                        by: counter,
                        reason,
                    },
                );
                let result = result_text(self.rng, cat);
                chain.then(self.gap(HOUR, 2 * DAY), Act::Resolve { req, by, result });
                let rating = *self.rng.weighted(GOOD);
                chain.then(
                    self.gap(DAY / 2, 3 * DAY),
                    Act::FollowUp {
                        req,
                        by: counter,
                        rating,
                        correction: None,
                    },
                );
            }
        }
    }

    /// Registers and works one request, placed on the line; `chain` holds
    /// what came before the registration, `gap` before it.
    fn request(
        &mut self,
        mut chain: Chain,
        gap: i64,
        r: NewRequest,
        mut w: Work,
        end: End,
        registrar: i64,
    ) {
        let cat = r.category.clone();
        w.req = self.add_request(Some(r));
        chain.then(
            gap,
            Act::Register {
                req: w.req,
                by: registrar,
            },
        );
        let registered = chain.len();
        let finish = !matches!(end, End::Open(_));
        self.work(&mut chain, &w, end, &cat);
        let start = if finish {
            let total = chain.len();
            self.start_for(total)
        } else {
            // Registered within the year, whatever else is cut off.
            self.start_open().min(self.end - registered).max(0)
        };
        self.place(chain, start, finish);
    }

    fn follow_good(&mut self, p: f64) -> Follow {
        if self.rng.chance(p) {
            Follow::Rated(*self.rng.weighted(GOOD))
        } else {
            Follow::None
        }
    }

    fn open_stage(&mut self, weights: &[(Stage, u32)]) -> End {
        End::Open(*self.rng.weighted(weights))
    }

    fn climb(&mut self, from: Level, to: &[(Level, u32)]) -> usize {
        let to = *self.rng.weighted(to);
        let i = |l: Level| Level::ALL.iter().position(|x| *x == l).unwrap_or(0);
        i(to).saturating_sub(i(from))
    }

    /// 入户走访: every visited household once, some again; the problems
    /// found on a visit come in as visit requests right after it.
    fn visits(&mut self, c: &Counts) {
        let mut visited: Vec<usize> = (0..self.d.households.len()).collect();
        self.rng.shuffle(&mut visited);
        visited.truncate(c.visited);
        for (j, &h) in visited.iter().enumerate() {
            let leader = self.d.leaders[self.d.area_of(h)];
            let note = self.pick(texts::VISIT_NOTES);
            let visit = Act::Visit {
                household: h,
                by: leader,
                note,
            };
            if j >= c.problems {
                let at = self.rng.range(0, self.end);
                self.acts.push((at, visit));
                continue;
            }
            let mut chain = Chain::default();
            chain.then(0, visit);
            let cat = *self.rng.weighted(&[
                ("repair", 35),
                ("property", 25),
                ("safety", 10),
                ("assistance", 15),
                ("opinion", 15),
            ]);
            let r = self.new_request(h, Channel::Visit, cat, Some(Level::Building));
            let end = if j < c.problems_handled {
                End::Done(self.follow_good(0.85))
            } else {
                self.open_stage(&[
                    (Stage::Registered, 5),
                    (Stage::Assigned, 15),
                    (Stage::InProgress, 60),
                    (Stage::Waiting, 20),
                ])
            };
            let climb = self.climb(
                Level::Building,
                &[
                    (Level::Building, 40),
                    (Level::Area, 30),
                    (Level::Community, 25),
                    (Level::Subdistrict, 5),
                ],
            );
            let w = Work {
                req: 0,
                counter: self.d.counters[self.d.community_of(h)],
                handler: leader,
                assigned_at_registration: false,
                limit_days: self.limit(cat),
                climb,
                originals: false,
            };
            // Written down a few minutes after the visit.
            let gap = self.gap(2 * MINUTE, 20 * MINUTE);
            self.request(chain, gap, r, w, end, leader);
        }
        for _ in 0..c.revisits {
            let h = visited[self.rng.below(visited.len() as u64) as usize];
            let leader = self.d.leaders[self.d.area_of(h)];
            let note = self.pick(texts::VISIT_NOTES);
            let at = self.rng.range(0, self.end);
            self.acts.push((
                at,
                Act::Visit {
                    household: h,
                    by: leader,
                    note,
                },
            ));
        }
    }

    /// 矛盾纠纷: found at the counter or by phone, settled at the lowest
    /// level that can.
    fn disputes(&mut self, c: &Counts) {
        for i in 0..c.disputes {
            let h = self.rng.below(self.d.households.len() as u64) as usize;
            let channel = *self
                .rng
                .weighted(&[(Channel::WalkIn, 60), (Channel::Phone, 40)]);
            let r = self.new_request(h, channel, "dispute", Some(Level::Area));
            let end = if i < c.disputes_resolved {
                End::Done(self.follow_good(0.85))
            } else {
                self.open_stage(&[
                    (Stage::Assigned, 20),
                    (Stage::InProgress, 60),
                    (Stage::Waiting, 20),
                ])
            };
            let climb = self.climb(
                Level::Area,
                &[
                    (Level::Area, 60),
                    (Level::Community, 30),
                    (Level::Subdistrict, 8),
                    (Level::District, 2),
                ],
            );
            let counter = self.d.counters[self.d.community_of(h)];
            let w = Work {
                req: 0,
                counter,
                handler: self.d.leaders[self.d.area_of(h)],
                assigned_at_registration: false,
                limit_days: self.limit("dispute"),
                climb,
                originals: false,
            };
            self.request(Chain::default(), 0, r, w, end, counter);
        }
    }

    /// 民生代办: each agent carries errands of their community, with the
    /// resident's originals in custody; every agent handles some.
    fn errands(&mut self, c: &Counts) {
        let mut by_community: Vec<Vec<usize>> = vec![Vec::new(); self.d.communities.len()];
        for h in 0..self.d.households.len() {
            by_community[self.d.community_of(h)].push(h);
        }
        let agents = self.d.agents.clone();
        let handled = c.errands_handled - c.errand_corrections;
        let total = handled + c.errands_open + c.errands_cancelled;
        for i in 0..total {
            let (h, agent) = if i < agents.len() {
                let (a, ci) = agents[i];
                let hs = &by_community[ci];
                (hs[self.rng.below(hs.len() as u64) as usize], a)
            } else {
                let h = self.rng.below(self.d.households.len() as u64) as usize;
                let ci = self.d.community_of(h);
                let local: Vec<i64> = agents
                    .iter()
                    .filter(|(_, c)| *c == ci)
                    .map(|(a, _)| *a)
                    .collect();
                let a = if local.is_empty() {
                    agents[self.rng.below(agents.len() as u64) as usize].0
                } else {
                    *self.rng.pick(&local)
                };
                (h, a)
            };
            let cat = *self.rng.weighted(ERRAND_ITEMS);
            let mut r = self.new_request(h, Channel::WalkIn, cat, None);
            // Originals only: certificates and cards, not photos or forms.
            r.materials = self
                .cats
                .get(cat)
                .map(|k| {
                    k.materials
                        .iter()
                        .filter(|m| !m.contains("照片") && !m.contains("申请书"))
                        .cloned()
                        .collect()
                })
                .unwrap_or_default();
            r.assignee_id = Some(agent);
            let end = if i < handled {
                let poor = i >= agents.len() && i < agents.len() + c.errand_corrections;
                if poor {
                    let rating = *self
                        .rng
                        .weighted(&[(Rating::Dissatisfied, 3), (Rating::VeryDissatisfied, 1)]);
                    let correction = self.add_request(None);
                    End::Done(Follow::Poor(rating, correction))
                } else {
                    End::Done(self.follow_good(0.85))
                }
            } else if i < handled + c.errands_open {
                // At least one of each, however few are open.
                match i - handled {
                    0 => End::Open(Stage::InProgress),
                    1 => End::Open(Stage::Waiting),
                    _ => self.open_stage(&[
                        (Stage::Assigned, 30),
                        (Stage::InProgress, 50),
                        (Stage::Waiting, 20),
                    ]),
                }
            } else {
                End::Cancelled
            };
            let counter = self.d.counters[self.d.community_of(h)];
            let w = Work {
                req: 0,
                counter,
                handler: agent,
                assigned_at_registration: true,
                limit_days: self.limit(cat),
                climb: 0,
                originals: !r.materials.is_empty(),
            };
            self.request(Chain::default(), 0, r, w, end, counter);
        }
    }

    /// 微心愿: wishes carried to those who claim them.
    fn wishes(&mut self, c: &Counts) {
        for i in 0..c.wishes {
            let h = self.rng.below(self.d.households.len() as u64) as usize;
            let ci = self.d.community_of(h);
            let channel = *self
                .rng
                .weighted(&[(Channel::WalkIn, 50), (Channel::Referred, 50)]);
            let r = self.new_request(h, channel, "micro_wish", None);
            let end = if i < c.wishes_done {
                End::Done(self.follow_good(0.6))
            } else {
                self.open_stage(&[(Stage::Registered, 30), (Stage::Assigned, 70)])
            };
            let local: Vec<i64> = self
                .d
                .agents
                .iter()
                .filter(|(_, c)| *c == ci)
                .map(|(a, _)| *a)
                .collect();
            let handler = if local.is_empty() {
                self.d.counters[ci]
            } else {
                *self.rng.pick(&local)
            };
            let w = Work {
                req: 0,
                counter: self.d.counters[ci],
                handler,
                assigned_at_registration: false,
                limit_days: self.limit("micro_wish"),
                climb: 0,
                originals: false,
            };
            self.request(Chain::default(), 0, r, w, end, self.d.counters[ci]);
        }
    }

    /// Repairs, consultations, opinions and the rest: most handled, a few
    /// open or withdrawn, some rated poorly (a correction follows) or found
    /// unsettled at follow-up (reopened).
    fn others(&mut self, factor: f64) {
        for &(cat, count) in OTHERS {
            for _ in 0..(count * factor).round() as usize {
                let h = self.rng.below(self.d.households.len() as u64) as usize;
                let (ci, ai) = (self.d.community_of(h), self.d.area_of(h));
                let channel = *self
                    .rng
                    .weighted(&[(Channel::WalkIn, 60), (Channel::Phone, 40)]);
                let r = self.new_request(h, channel, cat, None);
                let handler = match cat {
                    "repair" | "property" | "safety" => self.d.leaders[ai],
                    _ => self.d.counters[ci],
                };
                let fate = self.rng.below(100);
                let end = if fate < 94 {
                    let f = self.rng.below(100);
                    End::Done(if f < 2 {
                        let rating = *self
                            .rng
                            .weighted(&[(Rating::Dissatisfied, 2), (Rating::VeryDissatisfied, 1)]);
                        let correction = self.add_request(None);
                        Follow::Poor(rating, correction)
                    } else if f < 4 {
                        Follow::Failed
                    } else if f < 80 {
                        Follow::Rated(*self.rng.weighted(GOOD))
                    } else {
                        Follow::None
                    })
                } else if fate < 98 {
                    self.open_stage(&[
                        (Stage::Registered, 20),
                        (Stage::Assigned, 30),
                        (Stage::InProgress, 40),
                        (Stage::Waiting, 10),
                    ])
                } else {
                    End::Cancelled
                };
                let w = Work {
                    req: 0,
                    counter: self.d.counters[ci],
                    handler,
                    assigned_at_registration: false,
                    limit_days: self.limit(cat),
                    climb: 0,
                    originals: false,
                };
                self.request(Chain::default(), 0, r, w, end, self.d.counters[ci]);
            }
        }
    }

    /// 交接班: each community's counter clerk works every working day; the
    /// supervisor accepts the handover the next morning.
    fn shifts(&mut self, days: usize) {
        let first = days.saturating_sub(SHIFT_DAYS) as i64;
        for ci in 0..self.d.communities.len() {
            for day in first..days as i64 {
                let open = day * DAY;
                if day > first {
                    self.acts.push((open, Act::ShiftAccept { community: ci }));
                }
                let start = open + self.gap(0, 10 * MINUTE);
                self.acts.push((start, Act::ShiftStart { community: ci }));
                let note = self.pick(texts::HANDOVER);
                let end = open + DAY - self.gap(0, 15 * MINUTE);
                self.acts.push((
                    end,
                    Act::ShiftEnd {
                        community: ci,
                        note,
                    },
                ));
            }
        }
    }
}

/// What the year made, for the summary.
pub(super) struct Made {
    pub requests: usize,
    pub visits: usize,
}

/// Plans the year and plays it through the store.
pub(super) fn live(
    store: &mut Store,
    d: &District,
    sizes: &Sizes,
    hours: &Hours,
    rng: &mut Rng,
) -> Result<Made> {
    let cats: HashMap<String, Category> = request::categories(&store.conn)?
        .into_iter()
        .map(|c| (c.code.clone(), c))
        .collect();
    let c = Counts::of(sizes);
    let mut p = Planner {
        rng,
        d,
        cats,
        end: hours.len(),
        reqs: Vec::new(),
        acts: Vec::new(),
        opened: 0,
    };
    p.visits(&c);
    p.disputes(&c);
    p.errands(&c);
    p.wishes(&c);
    p.others(sizes.factor);
    p.shifts(hours.day_count());
    let Planner {
        mut reqs, mut acts, ..
    } = p;
    // In time order; steps at the same second keep their planned order.
    acts.sort_by_key(|a| a.0);
    play(store, d, hours, &mut reqs, acts)
}

fn out_of_step(what: &str) -> Error {
    Error::Io(format!("demo: {what} out of step"))
}

/// Plays the steps, each at its time on the store's clock.
fn play(
    store: &mut Store,
    d: &District,
    hours: &Hours,
    reqs: &mut [Option<NewRequest>],
    acts: Vec<(i64, Act)>,
) -> Result<Made> {
    let mut ids: Vec<Option<i64>> = vec![None; reqs.len()];
    let id = |ids: &[Option<i64>], req: usize| ids[req].ok_or_else(|| out_of_step("request"));
    let mut shift: Vec<Option<i64>> = vec![None; d.communities.len()];
    let mut handed: Vec<Option<i64>> = vec![None; d.communities.len()];
    let mut made = Made {
        requests: 0,
        visits: 0,
    };
    for (pos, act) in acts {
        store.set_now(Some(hours.at(pos)));
        match act {
            Act::Visit {
                household,
                by,
                note,
            } => {
                store.record_visit(by, d.households[household].0, note)?;
                made.visits += 1;
            }
            Act::Register { req, by } => {
                let r = reqs[req]
                    .take()
                    .ok_or_else(|| out_of_step("registration"))?;
                ids[req] = Some(store.register(by, &r)?.id);
                made.requests += 1;
            }
            Act::Assign { req, by, to } => {
                store.assign(by, id(&ids, req)?, to, None)?;
            }
            Act::Start { req, by } => {
                store.start(by, id(&ids, req)?, None, None)?;
            }
            Act::Escalate { req, by, reason } => {
                store.escalate(by, id(&ids, req)?, reason, None)?;
            }
            Act::Return { req, by, reason } => {
                store.return_down(by, id(&ids, req)?, reason, None)?;
            }
            Act::Note {
                req,
                by,
                kind,
                text,
            } => store.note(by, id(&ids, req)?, kind, text)?,
            Act::Wait { req, by, reason } => {
                store.wait(by, id(&ids, req)?, reason, None)?;
            }
            Act::Resume { req, by } => {
                store.resume(by, id(&ids, req)?, None, None)?;
            }
            Act::Resolve { req, by, result } => {
                store.resolve(by, id(&ids, req)?, &result, None)?;
            }
            Act::ReturnOriginals { req, by } => {
                for c in request::custody(&store.conn, id(&ids, req)?)? {
                    if c.returned_at.is_none() {
                        store.custody_return(by, c.id)?;
                    }
                }
            }
            Act::FollowUp {
                req,
                by,
                rating,
                correction,
            } => {
                let (_, opened) =
                    store.follow_up(by, id(&ids, req)?, FollowUp::Rated(rating), None)?;
                match (opened, correction) {
                    (Some(reg), Some(c)) => {
                        ids[c] = Some(reg.id);
                        made.requests += 1;
                    }
                    (None, None) => {}
                    _ => return Err(out_of_step("correction")),
                }
            }
            Act::Reopen { req, by, reason } => {
                store.follow_up(
                    by,
                    id(&ids, req)?,
                    FollowUp::Failed(reason.to_string()),
                    None,
                )?;
            }
            Act::Cancel { req, by, reason } => {
                store.cancel(by, id(&ids, req)?, reason, None)?;
            }
            Act::ShiftStart { community } => {
                shift[community] = Some(store.start_shift(d.counters[community])?.id);
            }
            Act::ShiftEnd { community, note } => {
                store.end_shift(d.counters[community], note)?;
                handed[community] = shift[community].take();
            }
            Act::ShiftAccept { community } => {
                if let Some(s) = handed[community].take() {
                    store.accept_shift(d.supervisors[community], s)?;
                }
            }
        }
    }
    Ok(made)
}
