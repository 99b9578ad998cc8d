-- The household behind a referral (issue 20): one row per child and one per further perpetrator.
-- No names, schools or dates of birth: a child is an age (or "expected", for a pregnancy) and its
-- relationships; a further perpetrator is a person (a keyed hash, as the first one) and what the
-- SafeLives form asks about them. referrals.children and children_ages stay the numbers every
-- report reads: while a referral has child rows, the save keeps them equal to those rows.
CREATE TABLE case_children (
    id             INTEGER PRIMARY KEY,
    referral_id    INTEGER NOT NULL REFERENCES referrals(id) ON DELETE CASCADE,
    position       INTEGER NOT NULL,
    age            INTEGER CHECK (age IS NULL OR age BETWEEN 0 AND 17),
    expected       INTEGER NOT NULL DEFAULT 0 CHECK (expected IN (0, 1)),
    to_victim      TEXT NOT NULL CHECK (to_victim IN ('child', 'step_child', 'other')),
    to_perpetrator TEXT NOT NULL
                   CHECK (to_perpetrator IN ('child', 'step_child', 'not_related', 'not_known')),
    social_care    TEXT NOT NULL CHECK (social_care IN ('yes', 'no', 'not_known')),
    CHECK ((expected = 1 AND age IS NULL) OR (expected = 0 AND age IS NOT NULL)),
    UNIQUE (referral_id, position)
);

-- Perpetrators after the first (the first stays referrals.perpetrator_id and perp_*).
CREATE TABLE case_perpetrators (
    id           INTEGER PRIMARY KEY,
    referral_id  INTEGER NOT NULL REFERENCES referrals(id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    person_id    INTEGER NOT NULL REFERENCES persons(id),
    gender       TEXT CHECK (gender IS NULL OR gender IN ('F', 'M', 'X')),
    age          INTEGER CHECK (age IS NULL OR age BETWEEN 0 AND 120),
    under18      INTEGER CHECK (under18 IS NULL OR under18 IN (0, 1)),
    relationship TEXT CHECK (relationship IS NULL
                             OR relationship IN ('partner', 'ex_partner', 'family', 'other_connected')),
    UNIQUE (referral_id, position)
);
CREATE INDEX case_perpetrators_person ON case_perpetrators (person_id);

-- The first perpetrator's relationship to the victim (Domestic Abuse Act 2021 s.2).
ALTER TABLE referrals ADD COLUMN perp_relationship TEXT
    CHECK (perp_relationship IS NULL
           OR perp_relationship IN ('partner', 'ex_partner', 'family', 'other_connected'));
-- Written only by the repeat engine: the same perpetrator referred with a different victim within
-- 12 months. NULL until the first recompute after this step (the next list or save does it).
ALTER TABLE referrals ADD COLUMN serial_perp INTEGER;
