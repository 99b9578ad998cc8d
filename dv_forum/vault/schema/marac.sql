-- MARAC meetings. Other MARAC tables (agenda, attendance, actions, minutes) belong to this file too.
CREATE TABLE meetings (
    id      INTEGER PRIMARY KEY,
    date    TEXT NOT NULL UNIQUE,     -- ISO yyyy-mm-dd
    venue   TEXT,                     -- a venue code, never an address
    chair   TEXT,
    status  TEXT NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'held', 'approved'))
);
