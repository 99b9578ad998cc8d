"""S21 / issue 15 item 4: a log cut short or re-chained passes the in-database check, not a checkpoint."""

from __future__ import annotations

from dataclasses import replace

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from dv_forum.vault import Vault, audit
from dv_forum.vault.checkpoint import Checkpoint, Finding, compare, current, is_authentic, sign


@pytest.fixture
def logged(vault: Vault) -> Vault:
    with vault.transaction():
        for n in range(5):
            vault.audit("case.view", ref=f"NWL-2026-{n:04d}")
    return vault


def test_deleting_the_newest_rows_passes_verify_but_not_a_checkpoint(logged: Vault) -> None:
    key = Ed25519PrivateKey.generate()
    stored = sign(current(logged.conn, logged.header.vault_id), key)
    logged.conn.execute("DROP TRIGGER audit_no_delete")
    logged.conn.execute("DELETE FROM audit WHERE id > (SELECT max(id) - 3 FROM audit)")
    assert audit.verify(logged.conn) == []  # the attack: the chain inside the database looks whole
    assert is_authentic(stored, key.public_key())
    assert compare(stored, logged.conn) is Finding.SHRANK


def test_re_chaining_after_an_edit_is_a_fork(logged: Vault) -> None:
    stored = current(logged.conn, logged.header.vault_id)
    logged.conn.execute("DROP TRIGGER audit_no_update")
    prev = audit.GENESIS
    for rid, ts, user, action, ref, detail in logged.conn.execute(
        "SELECT id, ts, user, action, ref, detail FROM audit ORDER BY id"
    ).fetchall():
        if action == "case.view" and ref == "NWL-2026-0002":
            ref = "NWL-2026-9999"
        h = audit.row_hash(prev, ts, user, action, ref, detail)
        logged.conn.execute(
            "UPDATE audit SET ref = ?, prev_hash = ?, hash = ? WHERE id = ?", (ref, prev, h, rid)
        )
        prev = h
    assert audit.verify(logged.conn) == []
    assert compare(stored, logged.conn) is Finding.FORKED


def test_a_longer_untouched_log_is_intact_and_an_edited_checkpoint_is_not_authentic(logged: Vault) -> None:
    key = Ed25519PrivateKey.generate()
    stored = sign(current(logged.conn, logged.header.vault_id), key)
    with logged.transaction():
        logged.audit("case.view", ref="NWL-2026-0100")
    assert compare(stored, logged.conn) is Finding.INTACT
    forged = Checkpoint.from_bytes(replace(stored, count=stored.count - 3).to_bytes())
    assert is_authentic(Checkpoint.from_bytes(stored.to_bytes()), key.public_key())
    assert not is_authentic(forged, key.public_key())
