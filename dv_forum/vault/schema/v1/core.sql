-- Core tables: users, settings, secrets, editable lists, the hash-chained audit log.
CREATE TABLE users (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE COLLATE NOCASE,
    role        TEXT NOT NULL CHECK (role IN ('coordinator', 'outreach', 'chair')),
    active      INTEGER NOT NULL DEFAULT 1,
    must_change INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT NOT NULL
);

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL              -- JSON
);

CREATE TABLE secrets (
    name  TEXT PRIMARY KEY,
    value BLOB NOT NULL
);

-- Editable pick lists: kind is 'agency', 'locality', 'marac_agency', ...
CREATE TABLE lists (
    kind     TEXT NOT NULL,
    value    TEXT NOT NULL,
    position INTEGER NOT NULL DEFAULT 0,
    active   INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (kind, value)
);

CREATE TABLE audit (
    id        INTEGER PRIMARY KEY,
    ts        TEXT NOT NULL,
    user      TEXT,
    action    TEXT NOT NULL,
    ref       TEXT,                   -- a case reference, meeting date or cohort code; never a name
    detail    TEXT,
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL
);

CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
