-- When each user's current one-time passphrase was issued (issue 15): it expires after
-- session.one_time_days. Passphrases already outstanding count from this upgrade, so nobody is
-- locked out by it.
ALTER TABLE users ADD COLUMN one_time_at TEXT;
UPDATE users SET one_time_at = strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') WHERE must_change = 1;
