-- Freedom Programme cohorts, participants and attendance (owned by the freedom module).
-- Venues are kept secret: a cohort holds a short venue code, never an address. Participants are
-- pseudonymous codes; no names and no written assessments (the programme keeps none).
CREATE TABLE freedom_cohorts (
    id           INTEGER PRIMARY KEY,
    code         TEXT NOT NULL UNIQUE COLLATE NOCASE,
    venue_code   TEXT NOT NULL CHECK (length(venue_code) BETWEEN 1 AND 12),
    facilitators TEXT NOT NULL DEFAULT '',      -- semicolon list of facilitator (staff) names
    start_date   TEXT NOT NULL,                 -- ISO yyyy-mm-dd; sessions follow weekly
    weekday      INTEGER NOT NULL CHECK (weekday BETWEEN 0 AND 6),   -- Monday = 0
    start_time   TEXT NOT NULL CHECK (start_time GLOB '[0-2][0-9]:[0-5][0-9]'),
    capacity     INTEGER NOT NULL DEFAULT 20 CHECK (capacity BETWEEN 1 AND 60),
    creche       INTEGER NOT NULL DEFAULT 0,
    started      INTEGER NOT NULL DEFAULT 0,    -- set when places were offered at the start
    created_at   TEXT NOT NULL
);
CREATE INDEX freedom_cohorts_start ON freedom_cohorts (start_date);

CREATE TABLE freedom_sessions (
    id           INTEGER PRIMARY KEY,
    cohort_id    INTEGER NOT NULL REFERENCES freedom_cohorts(id) ON DELETE CASCADE,
    number       INTEGER NOT NULL CHECK (number >= 1),
    topic        TEXT NOT NULL CHECK (length(topic) BETWEEN 1 AND 80),
    session_date TEXT NOT NULL,
    held         INTEGER NOT NULL DEFAULT 0,
    UNIQUE (cohort_id, number)
);

CREATE TABLE freedom_participants (
    id              INTEGER PRIMARY KEY,
    code            TEXT NOT NULL UNIQUE COLLATE NOCASE,
    referral_id     INTEGER REFERENCES referrals(id) ON DELETE SET NULL,  -- optional MARAC case link
    referral_source TEXT CHECK (referral_source IS NULL OR length(referral_source) <= 60),
    creche_need     INTEGER NOT NULL DEFAULT 0,
    created_at      TEXT NOT NULL
);

-- One row per participant per cohort. first_session > 1 is rolling entry; catch_up marks a place
-- taken only to catch up the sessions missed in an earlier cohort.
CREATE TABLE freedom_enrolments (
    id             INTEGER PRIMARY KEY,
    cohort_id      INTEGER NOT NULL REFERENCES freedom_cohorts(id) ON DELETE CASCADE,
    participant_id INTEGER NOT NULL REFERENCES freedom_participants(id) ON DELETE CASCADE,
    enrolled_date  TEXT NOT NULL,
    first_session  INTEGER NOT NULL DEFAULT 1 CHECK (first_session >= 1),
    catch_up       INTEGER NOT NULL DEFAULT 0,
    status         TEXT NOT NULL DEFAULT 'enrolled' CHECK (status IN ('enrolled', 'withdrawn')),
    UNIQUE (cohort_id, participant_id)
);
CREATE INDEX freedom_enrolments_participant ON freedom_enrolments (participant_id);

CREATE TABLE freedom_waiting (
    id             INTEGER PRIMARY KEY,
    participant_id INTEGER NOT NULL UNIQUE REFERENCES freedom_participants(id) ON DELETE CASCADE,
    added_date     TEXT NOT NULL,
    status         TEXT NOT NULL DEFAULT 'waiting'
                   CHECK (status IN ('waiting', 'offered', 'accepted', 'declined')),
    offered_cohort INTEGER REFERENCES freedom_cohorts(id) ON DELETE SET NULL,
    offered_date   TEXT
);

CREATE TABLE freedom_attendance (
    enrolment_id INTEGER NOT NULL REFERENCES freedom_enrolments(id) ON DELETE CASCADE,
    session_id   INTEGER NOT NULL REFERENCES freedom_sessions(id) ON DELETE CASCADE,
    mark         TEXT NOT NULL CHECK (mark IN ('present', 'apologies', 'absent')),
    recorded_by  TEXT NOT NULL,
    recorded_at  TEXT NOT NULL,
    PRIMARY KEY (enrolment_id, session_id)
);
CREATE INDEX freedom_attendance_session ON freedom_attendance (session_id);

-- A missed session prompts a follow-up call; the row exists from the miss until the call is made.
CREATE TABLE freedom_followups (
    id           INTEGER PRIMARY KEY,
    enrolment_id INTEGER NOT NULL REFERENCES freedom_enrolments(id) ON DELETE CASCADE,
    session_id   INTEGER NOT NULL REFERENCES freedom_sessions(id) ON DELETE CASCADE,
    made         INTEGER NOT NULL DEFAULT 0,
    made_date    TEXT,
    made_by      TEXT,
    outcome      TEXT CHECK (outcome IS NULL OR outcome IN
                 ('returning', 'catch up next cohort', 'no answer', 'not safe to talk', 'withdrawn', 'other')),
    UNIQUE (enrolment_id, session_id)
);
