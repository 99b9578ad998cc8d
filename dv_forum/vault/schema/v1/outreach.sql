-- Women's Aid outreach clients and contacts (owned by the outreach module).
-- Clients are pseudonymous codes. The owning worker is a user name: an outreach worker sees and
-- edits only rows whose worker is them.
CREATE TABLE outreach_clients (
    id              INTEGER PRIMARY KEY,
    code            TEXT NOT NULL UNIQUE COLLATE NOCASE,
    referral_id     INTEGER REFERENCES referrals(id) ON DELETE SET NULL,  -- optional MARAC case link
    referral_date   TEXT NOT NULL,
    referral_source TEXT CHECK (referral_source IS NULL OR length(referral_source) <= 60),
    locality        TEXT CHECK (locality IS NULL OR length(locality) <= 60),
    barriers        TEXT NOT NULL DEFAULT '',       -- semicolon list (see outreach.vocab.BARRIERS)
    safe_method     TEXT CHECK (safe_method IS NULL OR length(safe_method) <= 40),
    safe_times      TEXT CHECK (safe_times IS NULL OR length(safe_times) <= 120),
    worker          TEXT NOT NULL COLLATE NOCASE,
    status          TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
    closed_date     TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
CREATE INDEX outreach_clients_worker ON outreach_clients (worker, status);

CREATE TABLE outreach_contacts (
    id            INTEGER PRIMARY KEY,
    client_id     INTEGER NOT NULL REFERENCES outreach_clients(id) ON DELETE CASCADE,
    at            TEXT NOT NULL,                   -- ISO yyyy-mm-ddTHH:MM
    worker        TEXT NOT NULL COLLATE NOCASE,
    type          TEXT NOT NULL CHECK (type IN
                  ('home visit', 'phone', 'text', 'office', 'drop-in', 'accompanied appointment')),
    safe          INTEGER NOT NULL CHECK (safe IN (0, 1)),
    duration_min  INTEGER CHECK (duration_min IS NULL OR duration_min BETWEEN 0 AND 720),
    risk_review   INTEGER NOT NULL DEFAULT 0,
    dash_score    INTEGER CHECK (dash_score IS NULL OR dash_score BETWEEN 0 AND 40),
    new_incident  INTEGER NOT NULL DEFAULT 0,      -- a new incident disclosed: a risk review is due
    safety_plan   TEXT NOT NULL DEFAULT 'none' CHECK (safety_plan IN ('none', 'created', 'updated')),
    issues        TEXT NOT NULL DEFAULT '',        -- semicolon list (see outreach.vocab.ISSUES)
    barriers_met  TEXT NOT NULL DEFAULT '',
    next_contact  TEXT,
    notes         TEXT CHECK (notes IS NULL OR length(notes) <= 1000),
    created_at    TEXT NOT NULL
);
CREATE INDEX outreach_contacts_client ON outreach_contacts (client_id, at);

CREATE TABLE outreach_onward (
    id            INTEGER PRIMARY KEY,
    contact_id    INTEGER NOT NULL REFERENCES outreach_contacts(id) ON DELETE CASCADE,
    agency        TEXT NOT NULL CHECK (length(agency) BETWEEN 1 AND 60),
    referred_date TEXT NOT NULL,
    accepted      INTEGER CHECK (accepted IS NULL OR accepted IN (0, 1))   -- NULL: not known yet
);
