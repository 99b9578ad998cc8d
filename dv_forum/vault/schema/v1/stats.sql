-- CS 2 reported-incident counts (owned by the stats module).
CREATE TABLE incident_counts (
    month TEXT NOT NULL,              -- yyyy-mm
    area  TEXT NOT NULL DEFAULT '',   -- '' = the whole district
    count INTEGER NOT NULL CHECK (count >= 0),
    PRIMARY KEY (month, area)
);

-- Covering indexes for NI 32 and the breakdowns: a period's count and repeats come from the index
-- alone, without reading (and decrypting) the wide referral rows.
CREATE INDEX stats_referrals_heard ON referrals (heard_date, is_repeat);
CREATE INDEX stats_referrals_referred ON referrals (referral_date, is_repeat);
