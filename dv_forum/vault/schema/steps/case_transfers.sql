-- MARAC-to-MARAC transfers. 'out': this case was sent to another MARAC (and closed here with the
-- reason). 'in': this case came from another MARAC; previous_marac_date is the last referral there
-- and same_perpetrator says whether that referral was about the same perpetrator (only 'yes' makes
-- a repeat). history holds what came with the case (earlier referral dates, minutes, actions) as
-- JSON: those meetings were not ours, so they stay out of meetings, minutes and actions.
CREATE TABLE case_transfers (
    id                  INTEGER PRIMARY KEY,
    referral_id         INTEGER NOT NULL REFERENCES referrals(id) ON DELETE CASCADE,
    direction           TEXT NOT NULL CHECK (direction IN ('in', 'out')),
    marac               TEXT NOT NULL CHECK (length(marac) BETWEEN 1 AND 80),
    transfer_date       TEXT NOT NULL,
    their_ref           TEXT CHECK (their_ref IS NULL OR length(their_ref) <= 40),
    previous_marac_date TEXT,
    same_perpetrator    TEXT CHECK (same_perpetrator IS NULL
                                    OR same_perpetrator IN ('yes', 'no', 'not_known')),
    reason              TEXT CHECK (reason IS NULL OR length(reason) <= 500),
    pack_id             TEXT NOT NULL,
    history             TEXT,
    created_by          TEXT,
    created_at          TEXT NOT NULL,
    UNIQUE (direction, pack_id)
);
CREATE INDEX case_transfers_referral ON case_transfers (referral_id);
