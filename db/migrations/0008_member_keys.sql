-- griddesk schema, version 8.
-- The spellings of each party member's name, kept like the residents'
-- (version 4): the full pinyin of the likely reading (kind 0), its
-- initials (kind 1) and every stored spelling of every reading (kind 2).
-- The member search looks a typed spelling up here, by its index, instead
-- of spelling every visible member's name on each keystroke. The keys are
-- computed by the program after this script (the readings are in Rust)
-- and wherever a member is registered or renamed. Run again on a file
-- whose version was set back, it writes the keys anew.

CREATE TABLE IF NOT EXISTS member_key (
    key       TEXT NOT NULL,
    kind      INTEGER NOT NULL CHECK (kind IN (0, 1, 2)),
    member_id INTEGER NOT NULL REFERENCES party_member(id),
    PRIMARY KEY (key, kind, member_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS member_key_member ON member_key(member_id);
