//! The request lifecycle (受理 → 派遣 → 办理中 ⇄ 挂起 → 办结 → 结案, 撤销 from
//! any open state), the escalation ladder (楼栋 → 片区 → 社区 → 街道 → 区级部门
//! → 市), channels, ratings (好差评) and staff roles.

use std::fmt;

macro_rules! coded_enum {
    ($(#[$m:meta])* $name:ident { $($var:ident = ($code:literal, $zh:literal, $en:literal)),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($var),+ }
        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$var),+];
            /// The code stored in the database and used on the command line.
            pub fn code(self) -> &'static str { match self { $($name::$var => $code),+ } }
            pub fn zh(self) -> &'static str { match self { $($name::$var => $zh),+ } }
            pub fn en(self) -> &'static str { match self { $($name::$var => $en),+ } }
            /// Accepts the code, the Chinese or the English name.
            pub fn parse(s: &str) -> Option<$name> {
                let s = s.trim();
                $name::ALL.iter().copied().find(|v| v.code() == s || v.zh() == s || v.en().eq_ignore_ascii_case(s))
            }
        }
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result { f.write_str(self.code()) }
        }
    };
}

coded_enum!(
    /// Where a request stands.
    Status {
        Registered = ("registered", "受理", "registered"),
        Assigned = ("assigned", "派遣", "assigned"),
        InProgress = ("in_progress", "办理中", "in progress"),
        Waiting = ("waiting", "挂起", "waiting"),
        Resolved = ("resolved", "办结", "resolved"),
        Closed = ("closed", "结案", "closed"),
        Cancelled = ("cancelled", "撤销", "cancelled"),
    }
);

coded_enum!(
    /// The level that handles a request, lowest first.
    Level {
        Building = ("building", "楼栋", "building"),
        Area = ("area", "片区", "area"),
        Community = ("community", "社区", "community"),
        Subdistrict = ("subdistrict", "街道", "subdistrict"),
        District = ("district", "区级部门", "district departments"),
        City = ("city", "市", "city"),
    }
);

coded_enum!(
    /// How a request reached the hall.
    Channel {
        WalkIn = ("walk-in", "来访", "walk-in"),
        Phone = ("phone", "来电", "phone"),
        Visit = ("visit", "走访", "visit"),
        Referred = ("referred", "上级交办", "referred"),
    }
);

coded_enum!(
    /// The resident's rating at follow-up (好差评).
    Rating {
        VerySatisfied = ("5", "非常满意", "very satisfied"),
        Satisfied = ("4", "满意", "satisfied"),
        FairlySatisfied = ("3", "基本满意", "fairly satisfied"),
        Dissatisfied = ("2", "不满意", "dissatisfied"),
        VeryDissatisfied = ("1", "非常不满意", "very dissatisfied"),
    }
);

coded_enum!(
    /// What a member of staff may do.
    Role {
        Counter = ("counter", "窗口", "counter"),
        Agent = ("agent", "代办员", "errand agent"),
        GridLeader = ("grid_leader", "片区长/楼栋长", "grid leader"),
        Supervisor = ("supervisor", "站长/主任", "supervisor"),
    }
);

/// Working days a correction request (整改) gets after a poor rating.
pub const CORRECTION_DAYS: u32 = 15;

impl Status {
    pub fn is_open(self) -> bool {
        matches!(
            self,
            Status::Registered | Status::Assigned | Status::InProgress | Status::Waiting
        )
    }
}

impl Rating {
    pub fn score(self) -> u8 {
        match self {
            Rating::VerySatisfied => 5,
            Rating::Satisfied => 4,
            Rating::FairlySatisfied => 3,
            Rating::Dissatisfied => 2,
            Rating::VeryDissatisfied => 1,
        }
    }
    /// 不满意 and 非常不满意 open a correction request.
    pub fn needs_correction(self) -> bool {
        self.score() <= 2
    }
}

/// A refused status change, naming both states.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TransitionError {
    pub from: Status,
    pub to: Status,
}

/// The status changes the lifecycle allows.
pub fn can_move(from: Status, to: Status) -> bool {
    use Status::*;
    matches!(
        (from, to),
        (Registered, Assigned)
            | (Assigned, InProgress)
            | (InProgress, Waiting)
            | (Waiting, InProgress)
            | (InProgress, Resolved)
            | (Resolved, Closed)
            | (Resolved, InProgress)
            | (Closed, InProgress)
            | (Registered | Assigned | InProgress | Waiting, Cancelled)
    )
}

pub fn check_move(from: Status, to: Status) -> Result<(), TransitionError> {
    if can_move(from, to) {
        Ok(())
    } else {
        Err(TransitionError { from, to })
    }
}

/// A refused move on the ladder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LadderError {
    /// Already at the top (市) or bottom (楼栋).
    NoHigher(Level),
    NoLower(Level),
    /// Escalating and returning both need a reason.
    ReasonRequired,
    /// Only open requests move on the ladder.
    NotOpen(Status),
}

fn ladder_checks(status: Status, reason: &str) -> Result<(), LadderError> {
    if !status.is_open() {
        return Err(LadderError::NotOpen(status));
    }
    if reason.trim().is_empty() {
        return Err(LadderError::ReasonRequired);
    }
    Ok(())
}

/// One level up, with a reason.
pub fn escalate(status: Status, level: Level, reason: &str) -> Result<Level, LadderError> {
    ladder_checks(status, reason)?;
    let i = Level::ALL.iter().position(|l| *l == level).unwrap_or(0);
    Level::ALL
        .get(i + 1)
        .copied()
        .ok_or(LadderError::NoHigher(level))
}

/// One level down (回退), with a reason.
pub fn return_down(status: Status, level: Level, reason: &str) -> Result<Level, LadderError> {
    ladder_checks(status, reason)?;
    let i = Level::ALL.iter().position(|l| *l == level).unwrap_or(0);
    i.checked_sub(1)
        .map(|j| Level::ALL[j])
        .ok_or(LadderError::NoLower(level))
}

/// Things only some roles may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Permission {
    ReopenClosed,
    Void,
    AcceptHandoverForOther,
    EditCategories,
    EditStaff,
    ExportUnmasked,
    /// Holidays and make-up working days.
    EditCalendar,
    /// Bringing a register in from a file (households, the grid, staff).
    ImportRegister,
    /// The points per kind of activity, and corrections to a member's
    /// points ledger (积分管理).
    EditPoints,
}

/// A refused action, naming the role it needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RoleError {
    pub needs: Role,
    pub has: Role,
}

pub fn authorize(role: Role, p: Permission) -> Result<(), RoleError> {
    let needs = match p {
        Permission::ReopenClosed
        | Permission::Void
        | Permission::AcceptHandoverForOther
        | Permission::EditCategories
        | Permission::EditStaff
        | Permission::ExportUnmasked
        | Permission::EditCalendar
        | Permission::ImportRegister
        | Permission::EditPoints => Role::Supervisor,
    };
    if role == needs {
        Ok(())
    } else {
        Err(RoleError { needs, has: role })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Status::*;

    const ALLOWED: &[(Status, Status)] = &[
        (Registered, Assigned),
        (Assigned, InProgress),
        (InProgress, Waiting),
        (Waiting, InProgress),
        (InProgress, Resolved),
        (Resolved, Closed),
        (Resolved, InProgress),
        (Closed, InProgress),
        (Registered, Cancelled),
        (Assigned, Cancelled),
        (InProgress, Cancelled),
        (Waiting, Cancelled),
    ];

    #[test]
    fn every_allowed_move_works_and_every_other_is_refused_naming_both() {
        for &from in Status::ALL {
            for &to in Status::ALL {
                let r = check_move(from, to);
                if ALLOWED.contains(&(from, to)) {
                    assert_eq!(r, Ok(()), "{from}→{to}");
                } else {
                    assert_eq!(r, Err(TransitionError { from, to }), "{from}→{to}");
                }
            }
        }
    }

    #[test]
    fn cancelled_and_closed_are_not_open() {
        assert!(!Cancelled.is_open() && !Closed.is_open() && !Resolved.is_open());
        assert!(Waiting.is_open());
    }

    #[test]
    fn ladder_moves_one_level_at_a_time_with_a_reason() {
        assert_eq!(
            escalate(InProgress, Level::Building, "需社区协调"),
            Ok(Level::Area)
        );
        assert_eq!(
            escalate(InProgress, Level::District, "跨部门"),
            Ok(Level::City)
        );
        assert_eq!(
            escalate(InProgress, Level::City, "x"),
            Err(LadderError::NoHigher(Level::City))
        );
        assert_eq!(
            escalate(InProgress, Level::Area, "  "),
            Err(LadderError::ReasonRequired)
        );
        assert_eq!(
            return_down(Assigned, Level::Community, "片区可办"),
            Ok(Level::Area)
        );
        assert_eq!(
            return_down(Assigned, Level::Building, "x"),
            Err(LadderError::NoLower(Level::Building))
        );
        assert_eq!(
            escalate(Closed, Level::Area, "x"),
            Err(LadderError::NotOpen(Closed))
        );
    }

    #[test]
    fn poor_ratings_need_correction() {
        let poor: Vec<_> = Rating::ALL
            .iter()
            .filter(|r| r.needs_correction())
            .collect();
        assert_eq!(poor, vec![&Rating::Dissatisfied, &Rating::VeryDissatisfied]);
    }

    #[test]
    fn parse_accepts_code_and_names() {
        assert_eq!(Status::parse("办理中"), Some(InProgress));
        assert_eq!(Channel::parse("walk-in"), Some(Channel::WalkIn));
        assert_eq!(Rating::parse("基本满意"), Some(Rating::FairlySatisfied));
        assert_eq!(Level::parse("nowhere"), None);
    }

    #[test]
    fn only_supervisors_hold_the_guarded_permissions() {
        for &role in Role::ALL {
            let r = authorize(role, Permission::ReopenClosed);
            assert_eq!(r.is_ok(), role == Role::Supervisor);
            if let Err(e) = r {
                assert_eq!(e.needs, Role::Supervisor);
            }
        }
    }

    #[test]
    fn only_supervisors_edit_points() {
        for &role in Role::ALL {
            let r = authorize(role, Permission::EditPoints);
            assert_eq!(r.is_ok(), role == Role::Supervisor, "{role:?}");
        }
    }
}
