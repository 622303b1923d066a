//! Every action on a request from the command line, for scripts, for
//! one-liners over SSH during visits, and for staff who prefer a shell:
//! `griddesk assign|start|step|note|reply|wait|resume|escalate|return|
//! resolve|follow-up|reopen|cancel TICKET …`, `griddesk custody in|out`,
//! `griddesk visit ADDRESS`, `griddesk shift end|accept`. Each is one store
//! call, with the same rules, roles, reasons and events as the screens.

use super::{CliResult, Ctx, Failure};
use crate::domain::ident::mask_phone;
use crate::domain::lifecycle::Rating;
use crate::i18n::{self, Lang};
use crate::store::request::{FollowUp, NoteKind, Request};
use crate::store::{Error, Field, Store, staff};

/// One action on a request, with what it needs.
#[derive(Debug, Clone)]
pub enum Action {
    Assign {
        to: String,
    },
    Start {
        note: Option<String>,
    },
    Step {
        text: String,
    },
    Note {
        text: String,
    },
    Reply {
        text: String,
    },
    Wait {
        reason: String,
    },
    Resume {
        note: Option<String>,
    },
    Escalate {
        reason: String,
    },
    Return {
        reason: String,
    },
    Resolve {
        result: String,
    },
    /// A rating closes the request; `failed` reopens it with the reason.
    FollowUp {
        rating: Option<String>,
        failed: Option<String>,
    },
    Reopen {
        reason: String,
    },
    Cancel {
        reason: String,
    },
    CustodyIn {
        item: String,
    },
    CustodyOut {
        item: String,
    },
}

/// What every request action takes besides its own arguments.
pub struct Common<'a> {
    pub ticket: &'a str,
    /// Refuse when the request changed since this version was read.
    pub seen_version: Option<i64>,
    pub json: bool,
}

fn parse_rating(s: &str, l: Lang) -> Result<Rating, Failure> {
    Rating::parse(s).ok_or_else(|| {
        Failure::usage(match l {
            Lang::Zh => format!(
                "--rating {s}：应为 5 非常满意、4 满意、3 基本满意、2 不满意 或 1 非常不满意"
            ),
            Lang::En => format!(
                "--rating {s}: one of 5 (very satisfied), 4 (satisfied), 3 (fairly satisfied), 2 (dissatisfied), 1 (very dissatisfied)"
            ),
        })
    })
}

/// Runs one action on the request a ticket names and prints the request
/// as it now stands (one line, or JSON with `--json`).
pub fn run(ctx: &Ctx, c: &Common<'_>, a: Action) -> CliResult {
    let l = ctx.lang;
    // Arguments that can be checked without the database come first.
    let follow = match &a {
        Action::FollowUp {
            rating: Some(r),
            failed: None,
        } => Some(FollowUp::Rated(parse_rating(r, l)?)),
        Action::FollowUp {
            rating: None,
            failed: Some(reason),
        } => Some(FollowUp::Failed(reason.clone())),
        Action::FollowUp { .. } => {
            return Err(Failure::usage(l.pick(
                "回访须给出 --rating（结案）或 --failed 原因（未解决，重新办理），二者取一",
                "a follow-up takes either --rating (closes the request) or --failed REASON (reopens it)",
            )));
        }
        _ => None,
    };
    let mut store = ctx.open()?;
    let op = ctx.operator(&store)?;
    let fail = |e| ctx.fail(e);
    let req = store.request_by_ticket(c.ticket).map_err(fail)?;
    let (id, seen) = (req.id, c.seen_version);
    if let Some(v) = seen
        && v != req.version
    {
        return Err(fail(Error::Conflict));
    }
    let mut extra: Option<String> = None;
    match a {
        Action::Assign { to } => {
            let target = store.read(|c| staff::find(c, &to)).map_err(fail)?;
            store.assign(op.id, id, target.id, seen).map_err(fail)?;
        }
        Action::Start { note } => {
            store.start(op.id, id, note, seen).map_err(fail)?;
        }
        Action::Step { text } => {
            note(&mut store, op.id, &req, NoteKind::Step, &text, seen).map_err(fail)?
        }
        Action::Note { text } => {
            note(&mut store, op.id, &req, NoteKind::Note, &text, seen).map_err(fail)?
        }
        Action::Reply { text } => {
            note(&mut store, op.id, &req, NoteKind::Reply, &text, seen).map_err(fail)?
        }
        Action::Wait { reason } => {
            store.wait(op.id, id, &reason, seen).map_err(fail)?;
        }
        Action::Resume { note } => {
            store.resume(op.id, id, note, seen).map_err(fail)?;
        }
        Action::Escalate { reason } => {
            store.escalate(op.id, id, &reason, seen).map_err(fail)?;
        }
        Action::Return { reason } => {
            store.return_down(op.id, id, &reason, seen).map_err(fail)?;
        }
        Action::Resolve { result } => {
            store.resolve(op.id, id, &result, seen).map_err(fail)?;
        }
        Action::FollowUp { .. } => {
            let Some(outcome) = follow else {
                return Ok(());
            };
            let (_, correction) = store.follow_up(op.id, id, outcome, seen).map_err(fail)?;
            extra = correction.map(|c| match l {
                Lang::Zh => format!("评价不满意，已生成整改件 {}", c.ticket),
                Lang::En => format!("a poor rating: correction request {} opened", c.ticket),
            });
        }
        Action::Reopen { reason } => {
            store.reopen(op.id, id, &reason, seen).map_err(fail)?;
        }
        Action::Cancel { reason } => {
            store.cancel(op.id, id, &reason, seen).map_err(fail)?;
        }
        Action::CustodyIn { item } => {
            store.custody_in(op.id, id, &item).map_err(fail)?;
        }
        Action::CustodyOut { item } => {
            let held = store.custody(id).map_err(fail)?;
            let open: Vec<_> = held.iter().filter(|c| c.returned_at.is_none()).collect();
            let wanted = item.trim();
            let Some(c) = open.iter().find(|c| c.item == wanted) else {
                return Err(fail(Error::NotFound {
                    what: Field::Item,
                    query: wanted.to_string(),
                    closest: crate::domain::text::closest(
                        wanted,
                        open.iter().map(|c| c.item.as_str()),
                    )
                    .map(str::to_string)
                    .or_else(|| {
                        (!open.is_empty()).then(|| {
                            open.iter()
                                .map(|c| c.item.as_str())
                                .collect::<Vec<_>>()
                                .join(l.pick("、", ", "))
                        })
                    }),
                }));
            };
            store.custody_return(op.id, c.id).map_err(fail)?;
        }
    }
    let now = store.request(id).map_err(fail)?;
    print_request(&now, c.json, l)?;
    if let Some(x) = extra {
        eprintln!("{x}");
    }
    store.close();
    Ok(())
}

/// A note, reply or step: no status change, but `--seen-version` still
/// holds (the note is refused if the request changed meanwhile).
fn note(
    store: &mut Store,
    actor: i64,
    req: &Request,
    kind: NoteKind,
    text: &str,
    seen: Option<i64>,
) -> crate::store::Result<()> {
    store.note_seen(actor, req.id, kind, text, seen)
}

fn print_request(r: &Request, json: bool, l: Lang) -> CliResult {
    if json {
        let mut masked = r.clone();
        masked.requester_phone = masked.requester_phone.as_deref().map(mask_phone);
        let s =
            serde_json::to_string_pretty(&masked).map_err(|e| Failure::runtime(e.to_string()))?;
        println!("{s}");
        return Ok(());
    }
    println!(
        "{}\t{}\t{}\t{}\tv{}",
        r.ticket,
        i18n::status(r.status, l),
        i18n::level(r.level, l),
        r.assignee.as_deref().unwrap_or("-"),
        r.version
    );
    Ok(())
}

/// `griddesk visit ADDRESS --note TEXT`: a household visit (入户走访).
pub fn visit(ctx: &Ctx, address: &str, note: &str) -> CliResult {
    let mut store = ctx.open()?;
    let op = ctx.operator(&store)?;
    let h = super::register::resolve_household(&store, address).map_err(|e| ctx.fail(e))?;
    let id = store
        .record_visit(op.id, h.id, note)
        .map_err(|e| ctx.fail(e))?;
    println!("{}\t{}", h.label(), id);
    store.close();
    Ok(())
}

/// `griddesk shift end --note TEXT`: ends the operator's shift.
pub fn shift_end(ctx: &Ctx, note: &str) -> CliResult {
    let mut store = ctx.open()?;
    let op = ctx.operator(&store)?;
    store.end_shift(op.id, note).map_err(|e| ctx.fail(e))?;
    eprintln!(
        "{}",
        ctx.lang.pick(
            "已交班；下一班在自己的登录下接班：griddesk shift accept",
            "shift ended; the next clerk accepts it on their own login: griddesk shift accept",
        )
    );
    store.close();
    Ok(())
}

/// `griddesk shift accept`: the incoming clerk accepts the last ended
/// shift that awaits acceptance, on their own login.
pub fn shift_accept(ctx: &Ctx) -> CliResult {
    let mut store = ctx.open()?;
    let op = ctx.operator(&store)?;
    let shift = store
        .read(|c| crate::store::views::shift_to_accept(c, op.id))
        .map_err(|e| ctx.fail(e))?;
    let Some(s) = shift else {
        return Err(Failure::usage(ctx.lang.pick(
            "没有待接的班：上一班尚未交班，或已被接班（自己的班由下一班接）",
            "no shift to accept: the last one has not ended, was accepted already, or is your own (the next clerk accepts it)",
        )));
    };
    store.accept_shift(op.id, s.id).map_err(|e| ctx.fail(e))?;
    println!("{}\t{}", s.staff, super::short_time(s.started_at));
    store.close();
    Ok(())
}
