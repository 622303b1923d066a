-- griddesk schema: community decisions (四议两公开), meetings, and the
-- building leaders' weekly reports.

-- The kinds of major matters decided by the "4+2" method; supervisors
-- edit them (name, in use).
CREATE TABLE matter_kind (
    code    TEXT PRIMARY KEY,
    name_zh TEXT NOT NULL,
    name_en TEXT NOT NULL,
    sort    INTEGER NOT NULL DEFAULT 0,
    active  INTEGER NOT NULL DEFAULT 1
) STRICT;
INSERT INTO matter_kind(code, name_zh, name_en, sort) VALUES
    ('demolition',       '拆迁改造',         'demolition and renovation', 1),
    ('low_income',       '低保救助',         'minimum-income aid', 2),
    ('housing',          '保障性住房分配',   'allocation of public housing', 3),
    ('hardship',         '困难救助与补贴',   'hardship aid and subsidies', 4),
    ('public_works',     '公益事业建设',     'public-benefit works', 5),
    ('public_funds',     '公共资金使用',     'use of public funds', 6),
    ('collective',       '集体资产处置',     'collective assets', 7),
    ('property',         '物业服务选聘',     'choosing the property company', 8),
    ('maintenance_fund', '住宅维修资金使用', 'use of the maintenance fund', 9),
    ('convention',       '居民公约制定修订', 'the residents'' convention', 10),
    ('other',            '其他重大事项',     'other major matters', 11);

-- A matter (议事事项): the round counts new starts after a failed vote.
CREATE TABLE matter (
    id           INTEGER PRIMARY KEY,
    community_id INTEGER NOT NULL REFERENCES grid_node(id),
    kind_code    TEXT NOT NULL REFERENCES matter_kind(code),
    title        TEXT NOT NULL CHECK (length(trim(title)) > 0),
    round        INTEGER NOT NULL DEFAULT 1 CHECK (round >= 1),
    created_at   TEXT NOT NULL,
    created_by   INTEGER REFERENCES staff(id),
    version      INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX matter_community ON matter(community_id, id);

-- The requests a matter came from.
CREATE TABLE matter_request (
    matter_id  INTEGER NOT NULL REFERENCES matter(id),
    request_id INTEGER NOT NULL REFERENCES request(id),
    PRIMARY KEY (matter_id, request_id)
) STRICT, WITHOUT ROWID;

-- One step of a round: 1 propose 提议, 2 discuss 商议, 3 review 审议,
-- 4 decide 决议, 5 decision posted 决议公开, 6 outcome posted 实施结果公开.
-- passed = 0: the vote failed and the round stopped here (reason).
CREATE TABLE matter_step (
    id            INTEGER PRIMARY KEY,
    matter_id     INTEGER NOT NULL REFERENCES matter(id),
    round         INTEGER NOT NULL,
    step          INTEGER NOT NULL CHECK (step BETWEEN 1 AND 6),
    day           TEXT NOT NULL,
    meeting       TEXT NOT NULL DEFAULT '',
    present       INTEGER CHECK (present IS NULL OR present >= 0),
    expected      INTEGER CHECK (expected IS NULL OR expected > 0),
    votes_for     INTEGER CHECK (votes_for IS NULL OR votes_for >= 0),
    votes_against INTEGER CHECK (votes_against IS NULL OR votes_against >= 0),
    votes_abstain INTEGER CHECK (votes_abstain IS NULL OR votes_abstain >= 0),
    minutes       TEXT NOT NULL DEFAULT '',
    posted_where  TEXT,
    posted_days   INTEGER CHECK (posted_days IS NULL OR posted_days >= 7),
    passed        INTEGER NOT NULL CHECK (passed IN (0, 1)),
    reason        TEXT,
    recorded_by   INTEGER REFERENCES staff(id),
    recorded_at   TEXT NOT NULL,
    UNIQUE (matter_id, round, step)
) STRICT;
CREATE INDEX matter_step_day ON matter_step(step, day);

-- Consultation meetings (协商议事会) and monthly joint meetings (联席会议).
CREATE TABLE meeting (
    id           INTEGER PRIMARY KEY,
    community_id INTEGER NOT NULL REFERENCES grid_node(id),
    kind         TEXT NOT NULL CHECK (kind IN ('consultation', 'joint')),
    day          TEXT NOT NULL,
    topic        TEXT NOT NULL CHECK (length(trim(topic)) > 0),
    chair        TEXT NOT NULL DEFAULT '',
    attendees    TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL,
    created_by   INTEGER REFERENCES staff(id)
) STRICT;
CREATE INDEX meeting_community ON meeting(community_id, day);
CREATE INDEX meeting_day ON meeting(day);

-- An issue a meeting settled, with its decision; a linked request is
-- resolved with the decision as its result.
CREATE TABLE meeting_issue (
    id          INTEGER PRIMARY KEY,
    meeting_id  INTEGER NOT NULL REFERENCES meeting(id),
    issue       TEXT NOT NULL CHECK (length(trim(issue)) > 0),
    decision    TEXT NOT NULL CHECK (length(trim(decision)) > 0),
    request_id  INTEGER REFERENCES request(id),
    settled_at  TEXT NOT NULL,
    settled_by  INTEGER REFERENCES staff(id)
) STRICT;
CREATE INDEX meeting_issue_meeting ON meeting_issue(meeting_id);

-- A leader's confirmed week (ISO week, Monday–Sunday), with the figures
-- as they stood when confirmed.
CREATE TABLE week_report (
    id           INTEGER PRIMARY KEY,
    leader_id    INTEGER NOT NULL REFERENCES staff(id),
    week         TEXT NOT NULL,
    monday       TEXT NOT NULL,
    figures      TEXT NOT NULL,
    confirmed_at TEXT NOT NULL,
    confirmed_by INTEGER REFERENCES staff(id),
    UNIQUE (leader_id, week)
) STRICT;
CREATE INDEX week_report_monday ON week_report(monday);
CREATE INDEX grid_node_leader ON grid_node(leader_id) WHERE leader_id IS NOT NULL;
