-- Persons confirmed to be another person (canonical_id set) are few: this partial index lists just
-- them, so a save's repeat recompute (dv_forum/cases/incremental.py) reads the linked persons
-- without reading every person (issue 22).
CREATE INDEX persons_linked ON persons (canonical_id) WHERE canonical_id IS NOT NULL;
