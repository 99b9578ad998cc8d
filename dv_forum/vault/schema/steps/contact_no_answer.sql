-- An outreach contact may be an attempt that was not answered: a new value in outreach_contacts'
-- type CHECK. Only the constraint's text changes (no stored row changes shape and every existing
-- row still passes), so the table's SQL is edited in place rather than rebuilt: a rebuild would
-- DROP the old table, and with foreign keys on that deletes every onward referral by cascade.
PRAGMA writable_schema = ON;
UPDATE sqlite_schema
   SET sql = replace(sql, '''accompanied appointment'')', '''accompanied appointment'', ''attempted, no answer'')')
 WHERE type = 'table' AND name = 'outreach_contacts';
-- Reload this connection's schema now, and change the schema cookie so every other connection
-- reloads it too (any DDL does).
PRAGMA writable_schema = RESET;
CREATE TABLE contact_no_answer_cookie (x);
DROP TABLE contact_no_answer_cookie;
