-- Further referring agencies of one case (issue 17): the same victim and perpetrator referred
-- again by another agency before the case was heard is the same case, not a second one.
CREATE TABLE case_referrers (
    id            INTEGER PRIMARY KEY,
    referral_id   INTEGER NOT NULL REFERENCES referrals(id) ON DELETE CASCADE,
    agency        TEXT NOT NULL CHECK (length(agency) BETWEEN 1 AND 80),
    referral_date TEXT NOT NULL,
    added_at      TEXT NOT NULL
);
CREATE INDEX case_referrers_referral ON case_referrers (referral_id);
