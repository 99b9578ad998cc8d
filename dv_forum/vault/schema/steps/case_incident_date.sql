-- The further incident's date (issue 17): a re-referral made a few days after the window closed,
-- for an incident inside it, is a repeat. The repeat window compares this date when it is given
-- and the referral date otherwise; anchors stay referral dates.
ALTER TABLE referrals ADD COLUMN incident_date TEXT;
