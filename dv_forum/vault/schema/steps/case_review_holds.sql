-- A review hold (a Domestic Homicide Review or another case review) keeps a case from the retention
-- purge until it is lifted. Holds are kept after lifting, so the chronology shows both.
CREATE TABLE case_review_holds (
    id          INTEGER PRIMARY KEY,
    referral_id INTEGER NOT NULL REFERENCES referrals(id) ON DELETE CASCADE,
    reason      TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 200),
    placed_by   TEXT,
    placed_on   TEXT NOT NULL,
    lifted_by   TEXT,
    lifted_on   TEXT,
    lift_reason TEXT CHECK (lift_reason IS NULL OR length(lift_reason) <= 200)
);
CREATE INDEX case_review_holds_referral ON case_review_holds (referral_id);
