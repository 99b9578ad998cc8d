-- The exchange between vaults (dv_forum/exchange): this device's keys, the devices it trades with,
-- the change journal, changes held until a gap fills, replicated fields and the conflict inbox.
CREATE TABLE exchange_identity (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    device    TEXT NOT NULL,
    kind      TEXT NOT NULL CHECK (kind IN ('coordinator', 'outreach', 'chair')),
    sign_key  BLOB NOT NULL,                -- Ed25519 private key (raw), inside the encrypted vault
    box_key   BLOB NOT NULL,                -- X25519 private key (raw)
    next_seq  INTEGER NOT NULL DEFAULT 1,   -- this device's next change number, no gaps
    clock     INTEGER NOT NULL DEFAULT 0    -- Lamport clock: highest stamp seen anywhere
);

CREATE TABLE exchange_devices (
    name         TEXT PRIMARY KEY,
    role         TEXT NOT NULL CHECK (role IN ('coordinator', 'outreach', 'chair')),
    sign_pub     BLOB NOT NULL,
    box_pub      BLOB NOT NULL,
    enrolled_at  TEXT NOT NULL,
    revoked_at   TEXT,
    acked_seq    INTEGER NOT NULL DEFAULT 0,  -- our changes up to here are known to have arrived
    applied_seq  INTEGER NOT NULL DEFAULT 0,  -- their changes applied without a gap up to here
    audit_rows   INTEGER,                     -- their audit log as last seen in a bundle
    audit_head   TEXT,
    last_exchange TEXT
);

CREATE TABLE exchange_journal (
    origin   TEXT NOT NULL,
    seq      INTEGER NOT NULL,
    stamp    INTEGER NOT NULL,
    record   TEXT NOT NULL,
    base     INTEGER NOT NULL,           -- the record's highest stamp the author had seen
    fields   TEXT NOT NULL,              -- JSON {field: [old, new]}
    deleted  INTEGER NOT NULL DEFAULT 0, -- 1: a tombstone
    audience TEXT NOT NULL DEFAULT '',   -- device the record belongs with ('' = the coordinator only)
    at       TEXT NOT NULL,
    PRIMARY KEY (origin, seq)
);

CREATE TABLE exchange_held (
    origin  TEXT NOT NULL,
    seq     INTEGER NOT NULL,
    body    TEXT NOT NULL,
    PRIMARY KEY (origin, seq)
);

CREATE TABLE exchange_fields (
    record  TEXT NOT NULL,
    field   TEXT NOT NULL,
    value   TEXT,
    stamp   INTEGER NOT NULL,
    origin  TEXT NOT NULL,
    PRIMARY KEY (record, field)
);

CREATE TABLE exchange_conflicts (
    id          INTEGER PRIMARY KEY,
    record      TEXT NOT NULL,
    field       TEXT NOT NULL,
    ours        TEXT,
    theirs      TEXT,
    by          TEXT NOT NULL,
    at          TEXT NOT NULL,
    resolved_at TEXT,
    kept        TEXT CHECK (kept IN ('ours', 'theirs'))
);
