-- What a retention purge keeps of a case, so that no reported figure and no later repeat flag changes:
-- the dates, the canonical person ids (a person referred by nothing else is deleted, its id cleared
-- here), the repeat flags frozen with the rule they were made under, and the categorical fields the
-- statistics count. No case reference, no free text, no initials, no keyed identity.
CREATE TABLE referral_stubs (
    id                  INTEGER PRIMARY KEY,   -- never reused: stubs are never deleted
    referral_date       TEXT NOT NULL,
    heard_date          TEXT,
    previous_marac_date TEXT,
    victim_id           INTEGER,               -- canonical persons.id; NULL once that person is gone
    perpetrator_id      INTEGER,               -- canonical persons.id; NULL when unknown or gone
    perp_gone           INTEGER NOT NULL DEFAULT 0 CHECK (perp_gone IN (0, 1)),
    further_perps       TEXT NOT NULL DEFAULT '',  -- comma list of canonical persons.id
    is_repeat           INTEGER NOT NULL,
    repeat_outside_date TEXT,
    repeat_rule         TEXT,
    perp_repeat         INTEGER NOT NULL,
    referring_agency    TEXT,
    area                TEXT,
    risk_band           TEXT,
    victim_gender       TEXT,
    victim_age          INTEGER,
    bame                INTEGER,
    disability          INTEGER,
    lgbt                INTEGER,
    children            INTEGER,
    any_perp_under18    INTEGER NOT NULL DEFAULT 0,
    idva                TEXT,
    purged_on           TEXT NOT NULL
);
CREATE INDEX referral_stubs_date ON referral_stubs (referral_date);
CREATE INDEX referral_stubs_heard ON referral_stubs (heard_date);

-- The cases every figure counts: the referrals held, and the stubs of purged ones.
CREATE VIEW stat_referrals AS
SELECT id, referral_date, heard_date, referring_agency, area, risk_band, victim_gender, victim_age,
       bame, disability, lgbt, children, is_repeat, idva, status,
       (perp_under18 = 1 OR perp_age < 18
        OR EXISTS (SELECT 1 FROM case_perpetrators cp WHERE cp.referral_id = referrals.id
                   AND (cp.under18 = 1 OR cp.age < 18))) AS any_perp_under18
FROM referrals
UNION ALL
SELECT -id, referral_date, heard_date, referring_agency, area, risk_band, victim_gender, victim_age,
       bame, disability, lgbt, children, is_repeat, idva, 'closed', any_perp_under18
FROM referral_stubs;
