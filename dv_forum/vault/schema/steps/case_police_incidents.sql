-- Police-reported incidents in the 12 months before the referral (issue 17): with the escalation
-- setting (escalation.incidents) it makes the potential-escalation criterion.
ALTER TABLE referrals ADD COLUMN police_incidents_12m INTEGER
    CHECK (police_incidents_12m IS NULL OR police_incidents_12m BETWEEN 0 AND 365);
