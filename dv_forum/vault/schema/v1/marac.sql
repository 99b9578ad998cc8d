-- MARAC meetings and everything hung off them: agenda, attendance, observers, actions, minutes.
-- Owned by the marac area. Case content lives in referrals (cases area); these tables hold the
-- meeting's own record, with bounded free text so nothing unbounded reaches a printed pack.
CREATE TABLE meeting_series (
    id         INTEGER PRIMARY KEY,
    pattern    TEXT NOT NULL CHECK (pattern IN ('fortnightly', 'monthly')),
    weekday    INTEGER NOT NULL CHECK (weekday BETWEEN 0 AND 6),   -- Monday = 0
    week_of_month INTEGER CHECK (week_of_month IS NULL OR week_of_month BETWEEN 1 AND 5),  -- 5 = last
    start_date TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE meetings (
    id          INTEGER PRIMARY KEY,
    date        TEXT NOT NULL UNIQUE,     -- ISO yyyy-mm-dd
    venue       TEXT,                     -- a venue code, never an address
    chair       TEXT,
    status      TEXT NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'held', 'approved')),
    series_id   INTEGER REFERENCES meeting_series(id) ON DELETE SET NULL,
    approved_at TEXT,
    approved_by TEXT
);

-- The cases to be heard, in order. summary is the coordinator's anonymised summary for the pack.
CREATE TABLE agenda_items (
    id          INTEGER PRIMARY KEY,
    meeting_id  INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    referral_id INTEGER NOT NULL REFERENCES referrals(id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    summary     TEXT CHECK (summary IS NULL OR length(summary) <= 1500),
    UNIQUE (meeting_id, referral_id)
);
CREATE INDEX agenda_items_referral ON agenda_items (referral_id);

-- One row per agency per meeting: the representative's name when present.
CREATE TABLE attendance (
    id          INTEGER PRIMARY KEY,
    meeting_id  INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    agency      TEXT NOT NULL CHECK (length(agency) BETWEEN 1 AND 60),
    status      TEXT NOT NULL CHECK (status IN ('present', 'apologies', 'info_sent', 'absent')),
    name        TEXT CHECK (name IS NULL OR length(name) <= 80),
    position    INTEGER NOT NULL DEFAULT 0,
    UNIQUE (meeting_id, agency)
);

CREATE TABLE observers (
    id            INTEGER PRIMARY KEY,
    meeting_id    INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    name          TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
    organisation  TEXT CHECK (organisation IS NULL OR length(organisation) <= 80),
    confidentiality_signed INTEGER NOT NULL DEFAULT 0 CHECK (confidentiality_signed IN (0, 1))
);

-- Actions stay with agencies; the meeting that agreed one is meeting_id. Open actions from earlier
-- meetings form the next meeting's "outstanding actions" (computed, so nothing can fall through).
CREATE TABLE actions (
    id          INTEGER PRIMARY KEY,
    meeting_id  INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    referral_id INTEGER NOT NULL REFERENCES referrals(id) ON DELETE CASCADE,
    agency      TEXT NOT NULL CHECK (length(agency) BETWEEN 1 AND 60),
    owner       TEXT CHECK (owner IS NULL OR length(owner) <= 80),
    description TEXT NOT NULL CHECK (length(description) BETWEEN 1 AND 1000),
    due_date    TEXT,
    status      TEXT NOT NULL DEFAULT 'open'
                CHECK (status IN ('open', 'done', 'not_possible', 'not_done')),
    status_date TEXT,
    reviewed_meeting_id INTEGER REFERENCES meetings(id) ON DELETE SET NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX actions_meeting ON actions (meeting_id);
CREATE INDEX actions_open_due ON actions (status, due_date);

-- Minutes per case: the information shared, bounded.
CREATE TABLE minutes (
    meeting_id  INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    referral_id INTEGER NOT NULL REFERENCES referrals(id) ON DELETE CASCADE,
    info_shared TEXT NOT NULL DEFAULT '' CHECK (length(info_shared) <= 4000),
    updated_at  TEXT NOT NULL,
    PRIMARY KEY (meeting_id, referral_id)
);

-- Approved minutes are locked: the database refuses changes even if a code path forgets to check.
CREATE TRIGGER minutes_locked_insert BEFORE INSERT ON minutes
WHEN (SELECT status FROM meetings WHERE id = NEW.meeting_id) = 'approved'
BEGIN SELECT RAISE(ABORT, 'minutes of an approved meeting are locked'); END;

CREATE TRIGGER minutes_locked_update BEFORE UPDATE ON minutes
WHEN (SELECT status FROM meetings WHERE id = OLD.meeting_id) = 'approved'
BEGIN SELECT RAISE(ABORT, 'minutes of an approved meeting are locked'); END;

CREATE TRIGGER minutes_locked_delete BEFORE DELETE ON minutes
WHEN (SELECT status FROM meetings WHERE id = OLD.meeting_id) = 'approved'
BEGIN SELECT RAISE(ABORT, 'minutes of an approved meeting are locked'); END;
