-- Unsaved form input kept when the vault locks (Ctrl+L, idle lock, quick exit), offered back to
-- the same user after unlock. Inside the vault, so encrypted like every other row.
CREATE TABLE drafts (
    user TEXT NOT NULL,
    form TEXT NOT NULL,
    saved_at TEXT NOT NULL,
    content TEXT NOT NULL,
    PRIMARY KEY (user, form)
);
