-- griddesk schema, version 4.
-- Each spelling of a name carries its rank (0 the surname read as a
-- surname, 1 every character by its common reading, 2 a rarer reading
-- used in names), and readings no one uses in a name are no longer
-- indexed; each name knows how many live residents bear it. Search ranks
-- by both without reading the candidates twice. The keys are computed by
-- the program after this script (the readings are in Rust).

DROP TABLE name_key;
CREATE TABLE name_key (
    rank    INTEGER NOT NULL,
    key     TEXT NOT NULL,
    name_id INTEGER NOT NULL REFERENCES person_name(id),
    PRIMARY KEY (rank, key, name_id)
) STRICT, WITHOUT ROWID;

-- keyed: the name's spellings are written (a name may be recorded by the
-- triggers below before the program indexes it).
ALTER TABLE person_name ADD COLUMN bearers INTEGER NOT NULL DEFAULT 0;
ALTER TABLE person_name ADD COLUMN keyed INTEGER NOT NULL DEFAULT 0;

UPDATE person_name SET bearers = c.n
  FROM (SELECT name, count(*) AS n FROM resident WHERE voided_at IS NULL GROUP BY name) AS c
 WHERE c.name = person_name.name;

-- The count of live bearers follows every write to a resident, whichever
-- path writes it (register, import, demo, a rename, a void).
CREATE TRIGGER resident_name_born AFTER INSERT ON resident
WHEN NEW.voided_at IS NULL
BEGIN
    INSERT INTO person_name(name, bearers) VALUES (NEW.name, 1)
        ON CONFLICT(name) DO UPDATE SET bearers = bearers + 1;
END;

CREATE TRIGGER resident_name_changed AFTER UPDATE OF name, voided_at ON resident
WHEN OLD.name IS NOT NEW.name OR (OLD.voided_at IS NULL) <> (NEW.voided_at IS NULL)
BEGIN
    UPDATE person_name SET bearers = bearers - 1
     WHERE name = OLD.name AND OLD.voided_at IS NULL;
    INSERT INTO person_name(name, bearers) SELECT NEW.name, 1 WHERE NEW.voided_at IS NULL
        ON CONFLICT(name) DO UPDATE SET bearers = bearers + 1;
END;

CREATE TRIGGER resident_name_gone AFTER DELETE ON resident
WHEN OLD.voided_at IS NULL
BEGIN
    UPDATE person_name SET bearers = bearers - 1 WHERE name = OLD.name;
END;
