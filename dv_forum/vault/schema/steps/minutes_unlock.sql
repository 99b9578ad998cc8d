-- A retention purge or an erasure removes a case's minutes even at an approved meeting; every other
-- change to approved minutes is still refused. The purge or erasure names the referral here inside
-- its own transaction, deletes the minutes, and clears the row before it commits; each use is audited
-- (cases/retention.py). Nothing else writes this table.
CREATE TABLE minutes_unlock (
    referral_id INTEGER PRIMARY KEY
);

DROP TRIGGER minutes_locked_delete;

CREATE TRIGGER minutes_locked_delete BEFORE DELETE ON minutes
WHEN (SELECT status FROM meetings WHERE id = OLD.meeting_id) = 'approved'
 AND NOT EXISTS (SELECT 1 FROM minutes_unlock WHERE referral_id = OLD.referral_id)
BEGIN SELECT RAISE(ABORT, 'minutes of an approved meeting are locked'); END;
