-- griddesk schema, version 3: halls and the building chart.
-- A shift belongs to a hall: the community (党群服务站) or subdistrict
-- (党群服务中心) of the staff member who opened it, NULL for the district.
ALTER TABLE shift ADD COLUMN node_id INTEGER REFERENCES grid_node(id);
UPDATE shift SET node_id = (
    SELECT CASE WHEN g.level IN ('community', 'subdistrict') THEN g.id END
      FROM staff s JOIN grid_node g ON g.id = s.node_id WHERE s.id = shift.staff_id);
CREATE INDEX shift_hall ON shift(node_id, id);
-- A member's open shift is looked up at every start of the screens.
CREATE INDEX shift_staff ON shift(staff_id, id);

-- What the grid file says of a building: its units, floors and rooms per
-- floor (for the building chart) and its leader (楼栋长), a staff login.
ALTER TABLE grid_node ADD COLUMN units INTEGER CHECK (units IS NULL OR units > 0);
ALTER TABLE grid_node ADD COLUMN floors INTEGER CHECK (floors IS NULL OR floors > 0);
ALTER TABLE grid_node ADD COLUMN rooms_per_floor INTEGER CHECK (rooms_per_floor IS NULL OR rooms_per_floor > 0);
ALTER TABLE grid_node ADD COLUMN leader_id INTEGER REFERENCES staff(id);
