-- CS 2 reported-incident counts (owned by the stats module).
CREATE TABLE incident_counts (
    month TEXT NOT NULL,              -- yyyy-mm
    area  TEXT NOT NULL DEFAULT '',   -- '' = the whole district
    count INTEGER NOT NULL CHECK (count >= 0),
    PRIMARY KEY (month, area)
);
