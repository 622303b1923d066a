-- griddesk schema: party members reporting to their community (在职党员
-- 进社区报到), their activities and points, micro-wish and project claims,
-- volunteer teams, the families they help and the 金拐杖 pairs.

-- A unit (单位) with its party organisation: a member's workplace, or a
-- unit claiming a project (民生实事).
CREATE TABLE party_unit (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
    party_org  TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
) STRICT;

CREATE TABLE party_member (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL CHECK (length(trim(name)) > 0),
    resident_id   INTEGER REFERENCES resident(id),
    unit_id       INTEGER REFERENCES party_unit(id),
    branch        TEXT NOT NULL DEFAULT '',
    community_id  INTEGER NOT NULL REFERENCES grid_node(id),
    reported_on   TEXT NOT NULL,
    phone         TEXT,
    left_on       TEXT,
    left_reason   TEXT,
    created_at    TEXT NOT NULL,
    version       INTEGER NOT NULL DEFAULT 1,
    CHECK ((left_on IS NULL) = (left_reason IS NULL))
) STRICT;
CREATE INDEX party_member_community ON party_member(community_id, name);
CREATE INDEX party_member_name ON party_member(name);
CREATE INDEX party_member_unit ON party_member(unit_id);

-- Points per kind of activity: data, edited by supervisors.
CREATE TABLE points_kind (
    kind    TEXT PRIMARY KEY,
    name_zh TEXT NOT NULL,
    name_en TEXT NOT NULL,
    points  INTEGER NOT NULL CHECK (points >= 0),
    sort    INTEGER NOT NULL DEFAULT 0
) STRICT;
INSERT INTO points_kind(kind, name_zh, name_en, points, sort) VALUES
    ('volunteer',  '志愿服务', 'volunteer service', 2, 1),
    ('theme_day',  '主题党日', 'party theme day',   1, 2),
    ('meeting',    '例会',     'regular meeting',   1, 3),
    ('micro_wish', '微心愿',   'micro-wish',        3, 4),
    ('help',       '帮扶',     'help for a family', 2, 5),
    ('opinion',    '意见征集', 'collecting opinions', 1, 6);

CREATE TABLE activity (
    id           INTEGER PRIMARY KEY,
    day          TEXT NOT NULL,
    community_id INTEGER NOT NULL REFERENCES grid_node(id),
    kind         TEXT NOT NULL REFERENCES points_kind(kind),
    title        TEXT NOT NULL CHECK (length(trim(title)) > 0),
    hours        REAL NOT NULL CHECK (hours > 0 AND hours <= 24),
    created_at   TEXT NOT NULL,
    created_by   INTEGER REFERENCES staff(id)
) STRICT;
CREATE INDEX activity_day ON activity(day);
CREATE INDEX activity_community ON activity(community_id, day);

CREATE TABLE attendance (
    activity_id INTEGER NOT NULL REFERENCES activity(id),
    member_id   INTEGER NOT NULL REFERENCES party_member(id),
    PRIMARY KEY (activity_id, member_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX attendance_member ON attendance(member_id);

-- The points ledger: append-only; a correction is a new entry with a reason.
CREATE TABLE points_entry (
    id            INTEGER PRIMARY KEY,
    member_id     INTEGER NOT NULL REFERENCES party_member(id),
    at            TEXT NOT NULL,
    day           TEXT NOT NULL,
    points        INTEGER NOT NULL,
    activity_id   INTEGER REFERENCES activity(id),
    reason        TEXT NOT NULL,
    correction_of INTEGER REFERENCES points_entry(id),
    staff_id      INTEGER REFERENCES staff(id)
) STRICT;
CREATE INDEX points_member ON points_entry(member_id, day);
CREATE TRIGGER points_no_update BEFORE UPDATE ON points_entry
BEGIN SELECT RAISE(ABORT, 'the points ledger is append-only'); END;
CREATE TRIGGER points_no_delete BEFORE DELETE ON points_entry
BEGIN SELECT RAISE(ABORT, 'the points ledger is append-only'); END;

CREATE TABLE team (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
    community_id INTEGER NOT NULL REFERENCES grid_node(id),
    leader       TEXT NOT NULL,
    leader_member_id INTEGER REFERENCES party_member(id),
    created_on   TEXT NOT NULL,
    created_at   TEXT NOT NULL
) STRICT;

-- A team's members: party members or residents.
CREATE TABLE team_member (
    id          INTEGER PRIMARY KEY,
    team_id     INTEGER NOT NULL REFERENCES team(id),
    member_id   INTEGER REFERENCES party_member(id),
    resident_id INTEGER REFERENCES resident(id),
    joined_at   TEXT NOT NULL,
    CHECK ((member_id IS NULL) <> (resident_id IS NULL))
) STRICT;
CREATE UNIQUE INDEX team_member_once ON team_member(team_id, coalesce(member_id, -resident_id));

-- The families a team helps, and each help given.
CREATE TABLE team_family (
    team_id      INTEGER NOT NULL REFERENCES team(id),
    household_id INTEGER NOT NULL REFERENCES household(id),
    since        TEXT NOT NULL,
    PRIMARY KEY (team_id, household_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX team_family_household ON team_family(household_id);

CREATE TABLE help (
    id           INTEGER PRIMARY KEY,
    team_id      INTEGER NOT NULL REFERENCES team(id),
    household_id INTEGER NOT NULL REFERENCES household(id),
    day          TEXT NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('living','employment','elderly','study','medical')),
    hours        REAL NOT NULL CHECK (hours >= 0 AND hours <= 24),
    note         TEXT NOT NULL DEFAULT '',
    job          TEXT,
    created_at   TEXT NOT NULL,
    staff_id     INTEGER REFERENCES staff(id),
    CHECK (job IS NULL OR kind = 'employment')
) STRICT;
CREATE INDEX help_household ON help(household_id, day);
CREATE INDEX help_day ON help(day);

-- 金拐杖: a helper paired with an empty-nest household, and the visits.
CREATE TABLE elderly_pair (
    id           INTEGER PRIMARY KEY,
    helper       TEXT NOT NULL CHECK (length(trim(helper)) > 0),
    member_id    INTEGER REFERENCES party_member(id),
    household_id INTEGER NOT NULL REFERENCES household(id),
    since        TEXT NOT NULL,
    ended_on     TEXT,
    end_reason   TEXT,
    created_at   TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX elderly_pair_open ON elderly_pair(household_id) WHERE ended_on IS NULL;

CREATE TABLE pair_visit (
    id      INTEGER PRIMARY KEY,
    pair_id INTEGER NOT NULL REFERENCES elderly_pair(id),
    day     TEXT NOT NULL,
    note    TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    staff_id   INTEGER REFERENCES staff(id)
) STRICT;
CREATE INDEX pair_visit_pair ON pair_visit(pair_id, day);

-- A claim (认领) of a request: a micro-wish by a member, a team or a unit;
-- a repair matter (paving, street lights, drains) by a unit, with the date
-- it promises. One open claim per request; a withdrawn one stays.
CREATE TABLE claim (
    id              INTEGER PRIMARY KEY,
    request_id      INTEGER NOT NULL REFERENCES request(id),
    by_kind         TEXT NOT NULL CHECK (by_kind IN ('member','team','unit')),
    member_id       INTEGER REFERENCES party_member(id),
    team_id         INTEGER REFERENCES team(id),
    unit_id         INTEGER REFERENCES party_unit(id),
    claimed_at      TEXT NOT NULL,
    promised_date   TEXT,
    withdrawn_at    TEXT,
    withdraw_reason TEXT,
    staff_id        INTEGER REFERENCES staff(id),
    CHECK ((by_kind = 'member') = (member_id IS NOT NULL)),
    CHECK ((by_kind = 'team') = (team_id IS NOT NULL)),
    CHECK ((by_kind = 'unit') = (unit_id IS NOT NULL)),
    CHECK ((withdrawn_at IS NULL) = (withdraw_reason IS NULL))
) STRICT;
CREATE UNIQUE INDEX claim_open ON claim(request_id) WHERE withdrawn_at IS NULL;
CREATE INDEX claim_member ON claim(member_id) WHERE member_id IS NOT NULL;
CREATE INDEX claim_unit ON claim(unit_id) WHERE unit_id IS NOT NULL;
CREATE INDEX claim_at ON claim(claimed_at);
