-- Referrals and the people they are about. No names, dates of birth or source ids are stored:
-- a person is a keyed hash (HMAC-SHA256 with the vault's linkage secret) of their normalised identity.
CREATE TABLE persons (
    id           INTEGER PRIMARY KEY,
    kind         TEXT NOT NULL CHECK (kind IN ('victim', 'perpetrator')),
    link_key     BLOB NOT NULL,
    canonical_id INTEGER REFERENCES persons(id),   -- set when a possible match is confirmed
    UNIQUE (kind, link_key)
);

-- Extra keyed hashes used only to suggest possible matches (same dob + initials, swapped day/month).
CREATE TABLE person_match_keys (
    person_id INTEGER NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
    key_kind  TEXT NOT NULL,
    match_key BLOB NOT NULL,
    PRIMARY KEY (person_id, key_kind, match_key)
);
CREATE INDEX person_match_keys_lookup ON person_match_keys (key_kind, match_key);

CREATE TABLE referrals (
    id                    INTEGER PRIMARY KEY,
    case_ref              TEXT NOT NULL UNIQUE,
    referral_date         TEXT NOT NULL,          -- ISO yyyy-mm-dd
    heard_date            TEXT,
    meeting_id            INTEGER REFERENCES meetings(id) ON DELETE SET NULL,
    referring_agency      TEXT,
    victim_id             INTEGER NOT NULL REFERENCES persons(id),
    perpetrator_id        INTEGER REFERENCES persons(id),
    victim_initials       TEXT CHECK (victim_initials IS NULL OR length(victim_initials) <= 4),
    victim_gender         TEXT CHECK (victim_gender IS NULL OR victim_gender IN ('F', 'M', 'X')),
    victim_age            INTEGER CHECK (victim_age IS NULL OR victim_age BETWEEN 0 AND 120),
    bame                  INTEGER,
    disability            INTEGER,
    lgbt                  INTEGER,
    pregnant              INTEGER,
    children              INTEGER CHECK (children IS NULL OR children BETWEEN 0 AND 30),
    children_ages         TEXT,                   -- JSON list of age bands
    area                  TEXT,
    perp_gender           TEXT CHECK (perp_gender IS NULL OR perp_gender IN ('F', 'M', 'X')),
    perp_age              INTEGER CHECK (perp_age IS NULL OR perp_age BETWEEN 0 AND 120),
    perp_under18          INTEGER,
    alcohol               INTEGER,
    drugs                 INTEGER,
    dash_instrument       TEXT,
    dash_version          TEXT,
    dash_answers          TEXT,                   -- JSON {question_id: "yes"|"no"|"dk"}
    dash_score            INTEGER CHECK (dash_score IS NULL OR dash_score BETWEEN 0 AND 40),
    risk_band             TEXT CHECK (risk_band IS NULL OR risk_band IN ('standard', 'medium', 'high')),
    criteria              TEXT NOT NULL DEFAULT '',  -- semicolon list
    pj_band               TEXT CHECK (pj_band IS NULL OR pj_band IN ('standard', 'medium', 'high')),
    pj_reason             TEXT CHECK (pj_reason IS NULL OR length(pj_reason) <= 500),
    victim_aware          INTEGER,
    consent               INTEGER,
    previous_marac_date   TEXT,
    previous_marac_where  TEXT,
    idva                  TEXT,
    status                TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
    closed_date           TEXT,
    notes                 TEXT CHECK (notes IS NULL OR length(notes) <= 2000),
    -- Written only by the repeat engine.
    is_repeat             INTEGER NOT NULL DEFAULT 0,
    repeat_of             INTEGER,                -- referrals.id; no FK: the engine rewrites it
    repeat_outside_date   TEXT,
    repeat_rule           TEXT,
    perp_repeat           INTEGER NOT NULL DEFAULT 0,
    created_at            TEXT NOT NULL,
    updated_at            TEXT NOT NULL
);
CREATE INDEX referrals_date ON referrals (referral_date);
CREATE INDEX referrals_heard ON referrals (heard_date);
CREATE INDEX referrals_victim ON referrals (victim_id);
CREATE INDEX referrals_perp ON referrals (perpetrator_id);
CREATE INDEX referrals_meeting ON referrals (meeting_id);

-- The coordinator's decisions on possible matches (person_a < person_b). A rejected pair is not
-- offered again; a confirmed pair is also recorded in persons.canonical_id.
CREATE TABLE person_match_reviews (
    person_a   INTEGER NOT NULL REFERENCES persons(id),
    person_b   INTEGER NOT NULL REFERENCES persons(id),
    decision   TEXT NOT NULL CHECK (decision IN ('confirmed', 'rejected')),
    decided_by TEXT,
    decided_at TEXT NOT NULL,
    PRIMARY KEY (person_a, person_b)
);
