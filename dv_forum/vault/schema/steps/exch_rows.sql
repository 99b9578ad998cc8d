-- The exchange between vaults, for real records: which local row a replicated record is (rows whose
-- own natural key differs between vaults, such as a contact), and the journal looked up by record.
CREATE TABLE exchange_rows (
    record  TEXT PRIMARY KEY,
    tbl     TEXT NOT NULL,
    row_id  INTEGER NOT NULL,
    UNIQUE (tbl, row_id)
);
CREATE INDEX exchange_journal_record ON exchange_journal (record, stamp);
