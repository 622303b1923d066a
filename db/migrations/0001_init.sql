-- griddesk schema, version 1.
-- Times are ISO-8601 text with the +08:00 offset, so they sort as text.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

-- The five levels: district 区, subdistrict 街道, community 社区, area 片区,
-- building 楼栋 (or resident group 居民小组). Units and rooms hang under a
-- building as the household's unit and room.
CREATE TABLE grid_node (
    id        INTEGER PRIMARY KEY,
    parent_id INTEGER REFERENCES grid_node(id),
    level     TEXT NOT NULL CHECK (level IN ('district','subdistrict','community','area','building')),
    name      TEXT NOT NULL,
    num       TEXT,                       -- building number as written in addresses: '3', 'A'
    is_group  INTEGER NOT NULL DEFAULT 0, -- 1 = resident group 居民小组
    active    INTEGER NOT NULL DEFAULT 1,
    CHECK ((level = 'district') = (parent_id IS NULL)),
    CHECK ((level = 'building') = (num IS NOT NULL))
) STRICT;
CREATE UNIQUE INDEX grid_node_name ON grid_node(parent_id, name);
CREATE INDEX grid_node_num ON grid_node(num) WHERE num IS NOT NULL;
CREATE INDEX grid_node_level_name ON grid_node(level, name);

CREATE TABLE staff (
    id       INTEGER PRIMARY KEY,
    login    TEXT NOT NULL UNIQUE,
    name     TEXT NOT NULL,
    role     TEXT NOT NULL CHECK (role IN ('counter','agent','grid_leader','supervisor')),
    node_id  INTEGER REFERENCES grid_node(id),
    phone    TEXT,
    active   INTEGER NOT NULL DEFAULT 1,
    version  INTEGER NOT NULL DEFAULT 1
) STRICT;

CREATE TABLE household (
    id          INTEGER PRIMARY KEY,
    building_id INTEGER NOT NULL REFERENCES grid_node(id),
    unit        TEXT NOT NULL,
    room        TEXT NOT NULL,
    phone       TEXT,
    tags        TEXT NOT NULL DEFAULT '',
    note        TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    voided_at   TEXT,
    void_reason TEXT,
    version     INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE UNIQUE INDEX household_address ON household(building_id, unit, room) WHERE voided_at IS NULL;
CREATE INDEX household_phone ON household(phone) WHERE phone IS NOT NULL;
CREATE INDEX household_phone_tail ON household(substr(phone, -4)) WHERE phone IS NOT NULL;

CREATE TABLE resident (
    id            INTEGER PRIMARY KEY,
    household_id  INTEGER NOT NULL REFERENCES household(id),
    name          TEXT NOT NULL CHECK (length(name) > 0),
    name_pinyin   TEXT NOT NULL,
    name_initials TEXT NOT NULL,
    gender        TEXT CHECK (gender IN ('M','F')),
    birth_date    TEXT,
    id_number     TEXT CHECK (id_number IS NULL OR length(id_number) = 18),
    mobile        TEXT,
    relation      TEXT NOT NULL DEFAULT '8',
    tags          TEXT NOT NULL DEFAULT '',
    note          TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    voided_at     TEXT,
    void_reason   TEXT,
    version       INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX resident_household ON resident(household_id);
CREATE INDEX resident_name ON resident(name);
CREATE UNIQUE INDEX resident_id_number ON resident(id_number) WHERE id_number IS NOT NULL AND voided_at IS NULL;
CREATE INDEX resident_id_tail4 ON resident(substr(id_number, -4)) WHERE id_number IS NOT NULL;
CREATE INDEX resident_id_tail6 ON resident(substr(id_number, -6)) WHERE id_number IS NOT NULL;
CREATE INDEX resident_mobile ON resident(mobile) WHERE mobile IS NOT NULL;
CREATE INDEX resident_mobile_tail ON resident(substr(mobile, -4)) WHERE mobile IS NOT NULL;

-- Every spelling of a name (full pinyin and initials of each reading).
CREATE TABLE resident_key (
    key         TEXT NOT NULL,
    resident_id INTEGER NOT NULL REFERENCES resident(id),
    PRIMARY KEY (key, resident_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX resident_key_resident ON resident_key(resident_id);

-- Names one character a token ('张 三 丰'): a phrase query finds any 1–3
-- consecutive characters. Contentless; rowid = resident.id.
CREATE VIRTUAL TABLE resident_name_fts USING fts5(
    chars, content='', contentless_delete=1, tokenize='unicode61'
);

CREATE TABLE category (
    code        TEXT PRIMARY KEY,
    parent_code TEXT REFERENCES category(code),
    name_zh     TEXT NOT NULL,
    name_en     TEXT NOT NULL,
    limit_days  INTEGER NOT NULL CHECK (limit_days >= 0),
    materials   TEXT NOT NULL DEFAULT '[]',  -- JSON array: one-time notice 一次性告知
    department  TEXT,
    sort        INTEGER NOT NULL DEFAULT 0,
    active      INTEGER NOT NULL DEFAULT 1
) STRICT;

CREATE TABLE ticket_counter (
    day  TEXT PRIMARY KEY,  -- YYYYMMDD
    last INTEGER NOT NULL
) STRICT;

CREATE TABLE request (
    id               INTEGER PRIMARY KEY,
    ticket           TEXT NOT NULL UNIQUE,
    channel          TEXT NOT NULL CHECK (channel IN ('walk-in','phone','visit','referred')),
    category_code    TEXT NOT NULL REFERENCES category(code),
    household_id     INTEGER REFERENCES household(id),
    resident_id      INTEGER REFERENCES resident(id),
    requester_name   TEXT,
    requester_phone  TEXT,
    description      TEXT NOT NULL CHECK (length(trim(description)) > 0),
    node_id          INTEGER REFERENCES grid_node(id),
    level            TEXT NOT NULL CHECK (level IN ('building','area','community','subdistrict','district','city')),
    assignee_id      INTEGER REFERENCES staff(id),
    status           TEXT NOT NULL CHECK (status IN ('registered','assigned','in_progress','waiting','resolved','closed','cancelled')),
    registered_at    TEXT NOT NULL,
    registered_by    INTEGER REFERENCES staff(id),
    due_at           TEXT NOT NULL,
    waiting_since    TEXT,
    last_activity_at TEXT NOT NULL,
    resolved_at      TEXT,
    result           TEXT,
    closed_at        TEXT,
    rating           INTEGER CHECK (rating BETWEEN 1 AND 5),
    correction_of    INTEGER REFERENCES request(id),
    version          INTEGER NOT NULL DEFAULT 1,
    CHECK ((status = 'waiting') = (waiting_since IS NOT NULL))
) STRICT;
CREATE INDEX request_status ON request(status, due_at);
CREATE INDEX request_household ON request(household_id, registered_at);
CREATE INDEX request_assignee ON request(assignee_id, status);
CREATE INDEX request_registered ON request(registered_at);
CREATE INDEX request_category ON request(category_code, registered_at);
CREATE INDEX request_node ON request(node_id);

-- 代办: the service item, the department, the promised date.
CREATE TABLE errand (
    request_id    INTEGER PRIMARY KEY REFERENCES request(id),
    service_item  TEXT NOT NULL REFERENCES category(code),
    department    TEXT,
    promised_date TEXT,
    agent_id      INTEGER REFERENCES staff(id)
) STRICT;

-- The custody ledger: each original checked in, and handed back.
CREATE TABLE custody (
    id             INTEGER PRIMARY KEY,
    request_id     INTEGER NOT NULL REFERENCES request(id),
    item           TEXT NOT NULL CHECK (length(trim(item)) > 0),
    holder_id      INTEGER REFERENCES staff(id),
    checked_in_at  TEXT NOT NULL,
    checked_in_by  INTEGER REFERENCES staff(id),
    returned_at    TEXT,
    returned_by    INTEGER REFERENCES staff(id)
) STRICT;
CREATE INDEX custody_request ON custody(request_id);
CREATE INDEX custody_held ON custody(holder_id) WHERE returned_at IS NULL;

-- Append-only history of every change. kind: created, status, assign,
-- level, note (internal), reply (resident-facing), custody, update, void, …
CREATE TABLE event (
    id          INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    staff_id    INTEGER REFERENCES staff(id),
    entity      TEXT NOT NULL,
    entity_id   INTEGER NOT NULL,
    request_id  INTEGER REFERENCES request(id),
    kind        TEXT NOT NULL,
    from_status TEXT,
    to_status   TEXT,
    from_level  TEXT,
    to_level    TEXT,
    reason      TEXT,
    note        TEXT,
    before      TEXT,
    after       TEXT
) STRICT;
CREATE INDEX event_request ON event(request_id, id) WHERE request_id IS NOT NULL;
CREATE INDEX event_entity ON event(entity, entity_id, id);
CREATE INDEX event_at ON event(at);
CREATE TRIGGER event_no_update BEFORE UPDATE ON event
BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TRIGGER event_no_delete BEFORE DELETE ON event
BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;

-- 入户走访
CREATE TABLE visit (
    id           INTEGER PRIMARY KEY,
    household_id INTEGER NOT NULL REFERENCES household(id),
    staff_id     INTEGER REFERENCES staff(id),
    at           TEXT NOT NULL,
    note         TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX visit_household ON visit(household_id, at);
CREATE INDEX visit_at ON visit(at);

-- 班次
CREATE TABLE shift (
    id          INTEGER PRIMARY KEY,
    staff_id    INTEGER NOT NULL REFERENCES staff(id),
    started_at  TEXT NOT NULL,
    ended_at    TEXT,
    note        TEXT NOT NULL DEFAULT '',
    accepted_by INTEGER REFERENCES staff(id),
    accepted_at TEXT
) STRICT;
CREATE INDEX shift_started ON shift(started_at);

-- Holidays and make-up working days; other days follow Monday–Friday.
CREATE TABLE calendar_day (
    day  TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('holiday','workday')),
    note TEXT NOT NULL DEFAULT ''
) STRICT;
