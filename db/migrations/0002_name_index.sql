-- griddesk schema, version 2.
-- Spellings belong to a name, not to each person who bears it: each
-- distinct name is indexed once (a district of a million residents has a
-- fifth as many names), and a resident is found through the name index of
-- the resident table. Registering a person whose name is known already
-- writes no index rows at all.

CREATE TABLE person_name (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
) STRICT;

-- Every spelling of a name (full pinyin and initials of each reading).
CREATE TABLE name_key (
    key     TEXT NOT NULL,
    name_id INTEGER NOT NULL REFERENCES person_name(id),
    PRIMARY KEY (key, name_id)
) STRICT, WITHOUT ROWID;

-- Names one character a token ('张 三 丰'): a phrase query finds any 1–3
-- consecutive characters. Contentless; rowid = person_name.id. Filled by
-- the program after this script (the spacing is done in Rust).
CREATE VIRTUAL TABLE name_fts USING fts5(chars, content='', tokenize='unicode61');

INSERT INTO person_name(name) SELECT DISTINCT name FROM resident ORDER BY name;
INSERT OR IGNORE INTO name_key(key, name_id)
    SELECT k.key, n.id FROM resident_key k
      JOIN resident r ON r.id = k.resident_id
      JOIN person_name n ON n.name = r.name;

DROP TABLE resident_key;
DROP TABLE resident_name_fts;
ALTER TABLE resident DROP COLUMN name_pinyin;
ALTER TABLE resident DROP COLUMN name_initials;

-- One index serves both the last-4 and the last-6 ID searches, and one both
-- the full and the last-4 phone searches: half the index writes for each
-- registered resident, half the indexes for a bulk import to build.
DROP INDEX resident_id_tail4;
DROP INDEX resident_id_tail6;
CREATE INDEX resident_id_tail ON resident(substr(id_number, -4), substr(id_number, -6))
    WHERE id_number IS NOT NULL;
DROP INDEX resident_mobile;
DROP INDEX resident_mobile_tail;
CREATE INDEX resident_mobile ON resident(substr(mobile, -4), mobile) WHERE mobile IS NOT NULL;
DROP INDEX household_phone;
DROP INDEX household_phone_tail;
CREATE INDEX household_phone ON household(substr(phone, -4), phone) WHERE phone IS NOT NULL;
