-- What the referrer said and what was not known (issue 17): the referrer's own "MARAC repeat:
-- yes/no" (a disagreement with the computed flag is listed for review, never overridden), and
-- whether a previous MARAC elsewhere was about the same perpetrator (only yes can make a repeat;
-- not known is listed for review; not recorded, as in records made before, counts as it did).
ALTER TABLE referrals ADD COLUMN referrer_repeat INTEGER
    CHECK (referrer_repeat IS NULL OR referrer_repeat IN (0, 1));
ALTER TABLE referrals ADD COLUMN previous_marac_same_perpetrator TEXT
    CHECK (previous_marac_same_perpetrator IS NULL
           OR previous_marac_same_perpetrator IN ('yes', 'no', 'not_known'));
