-- Date-of-birth-and-initials keys kept to 2 bytes (issue 15: a full key gave the date of birth and
-- initials back to anyone with the open vault). Keys already stored are cut the same way.
UPDATE OR IGNORE person_match_keys SET match_key = substr(match_key, 1, 2)
WHERE key_kind = 'dob_initials' AND length(match_key) > 2;
DELETE FROM person_match_keys WHERE key_kind = 'dob_initials' AND length(match_key) > 2;
