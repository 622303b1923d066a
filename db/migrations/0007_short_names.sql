-- A shorter English name per category, in whole words, for the request
-- lists at 80 columns ("medical claim" for "medical insurance claim").
-- The seeded names are filled in by the program after this script.
ALTER TABLE category ADD COLUMN short_en TEXT;
