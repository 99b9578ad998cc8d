-- Lists set up per partnership (issue 18). An import maps an alias (a spelling another system
-- uses, such as "Ashby") to a list value from then on.
CREATE TABLE list_aliases (
    kind  TEXT NOT NULL,
    alias TEXT NOT NULL COLLATE NOCASE CHECK (length(alias) BETWEEN 1 AND 60),
    value TEXT NOT NULL,
    PRIMARY KEY (kind, alias)
);

-- Vaults made before this step used built-in lists without storing them, and their records hold
-- those values; store the lists now so nothing such a vault shows or accepts changes. A vault being
-- created has no users yet: it gets its lists from its own setup instead.
INSERT OR IGNORE INTO lists (kind, value, position, active)
SELECT 'locality', column1, column2, 1
FROM (VALUES ('Coalville', 0), ('Greenhill', 1), ('Agar Nook', 2), ('Whitwick', 3), ('Measham', 4),
             ('Ashby de la Zouch', 5), ('Ibstock', 6), ('Castle Donington', 7), ('Kegworth', 8),
             ('Other', 9))
WHERE EXISTS (SELECT 1 FROM users) AND NOT EXISTS (SELECT 1 FROM lists WHERE kind = 'locality');

INSERT OR IGNORE INTO settings (key, value)
SELECT 'cases.ref_prefix', '"NWL"'
WHERE EXISTS (SELECT 1 FROM users);
