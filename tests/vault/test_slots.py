"""Slot operations: recovery key, users, passphrase change, key rotation, keyring slot."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from dv_forum.errors import PermissionDenied, UserError, WrongPassphrase
from dv_forum.vault import KdfParams, Perm, Vault, crypto, keyring_slot
from dv_forum.vault.header import DB_NAME, Header
from dv_forum.vault.slots import unwrap_passphrase
from tests.conftest import PASSPHRASE, MemoryKeyring

NEW = "a brand new passphrase"


def _db_hash(folder: Path) -> str:
    return hashlib.sha256((folder / DB_NAME).read_bytes()).hexdigest()


def test_recovery_key_is_printable_and_tolerant_of_typing(vault_dir: Path) -> None:
    v, text = Vault.create(vault_dir, "coord", PASSPHRASE, kdf=KdfParams())
    v.close()
    groups = text.split("-")
    # Base32: capitals A-Z and digits 2-7 only, so a group may be all digits.
    base32 = set("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
    assert len(groups) == 10 and all(len(g) == 4 and set(g) <= base32 for g in groups)
    sloppy = text.lower().replace("-", " ")
    v = Vault.open_with_recovery(vault_dir, sloppy, "coord", NEW)
    v.close()
    Vault.open(vault_dir, "coord", NEW).close()
    with pytest.raises(WrongPassphrase):
        Vault.open(vault_dir, "coord", PASSPHRASE)


def test_wrong_recovery_key_is_refused(vault_dir: Path) -> None:
    v, text = Vault.create(vault_dir, "coord", PASSPHRASE, kdf=KdfParams())
    v.close()
    bad = "AAAA-" + text[5:]
    with pytest.raises(UserError, match="recovery key does not open"):
        Vault.open_with_recovery(vault_dir, bad, "coord", NEW)
    with pytest.raises(UserError):
        Vault.open_with_recovery(vault_dir, "not-a-key", "coord", NEW)


def test_passphrase_change_rekeys_and_reseals_the_other_slots(vault: Vault) -> None:
    folder = vault.folder
    vault.add_user("ann", "outreach", NEW, PASSPHRASE)
    vault.change_passphrase(PASSPHRASE, NEW)
    vault.close()
    before = Header.load(folder)
    before_db = _db_hash(folder)
    Vault.open(folder, "coord", NEW).change_passphrase(NEW, PASSPHRASE)
    after = Header.load(folder)
    assert _db_hash(folder) != before_db
    changed = {s.slot_id for s in after.slots} - {s.slot_id for s in before.slots}
    assert [s.user for s in after.slots if s.slot_id in changed] == [after.name_tag("coord")]
    ann_before, ann_after = before.passphrase_slot("ann"), after.passphrase_slot("ann")
    assert (ann_before.public, ann_before.wrapped) == (ann_after.public, ann_after.wrapped)
    assert ann_before.sealed != ann_after.sealed
    Vault.open(folder, "ann", NEW).close()
    Vault.open(folder, "coord", PASSPHRASE).close()
    Vault.open(folder, "coord", PASSPHRASE).change_passphrase(PASSPHRASE, NEW)
    with pytest.raises(WrongPassphrase):
        Vault.open(folder, "coord", PASSPHRASE)
    v = Vault.open(folder, "coord", NEW)
    v.change_passphrase(NEW, PASSPHRASE)
    assert (
        v.conn.execute("SELECT count(*) FROM audit WHERE action = 'user.passphrase_change'").fetchone()[0]
        == 4
    )
    v.close()
    Vault.open(folder, "coord", PASSPHRASE).close()


def test_passphrase_change_needs_the_old_passphrase_and_a_strong_new_one(vault: Vault) -> None:
    with pytest.raises(WrongPassphrase):
        vault.change_passphrase("not my passphrase", NEW)
    with pytest.raises(UserError, match="too weak"):
        vault.change_passphrase(PASSPHRASE, "short")


def test_users_get_their_own_slots_and_roles(vault: Vault) -> None:
    vault.add_user("ann", "outreach", NEW, PASSPHRASE)
    vault.add_user("chris", "chair", NEW, PASSPHRASE)
    assert {u.name for u in vault.list_users()} == {"coord", "ann", "chris"}
    folder = vault.folder
    ann = Vault.open(folder, "ann", NEW)
    assert ann.user.role.value == "outreach" and ann.user.must_change
    with pytest.raises(PermissionDenied):
        ann.add_user("dee", "chair", NEW, NEW)
    ann.change_passphrase(NEW, "ann's own passphrase")
    ann.close()
    ann = Vault.open(folder, "ann", "ann's own passphrase")
    assert not ann.user.must_change
    denied = ann.conn.execute("SELECT count(*) FROM audit WHERE action = 'denied'").fetchone()[0]
    assert denied == 1
    ann.close()
    with pytest.raises(UserError, match="already a user"):
        vault.add_user("ANN", "chair", NEW, PASSPHRASE)
    with pytest.raises(UserError, match="user name"):
        vault.add_user("", "chair", NEW, PASSPHRASE)


def test_rotate_key_rekeys_the_database_and_rewraps_every_slot(vault: Vault) -> None:
    vault.add_user("ann", "outreach", NEW, PASSPHRASE)
    with vault.transaction():
        vault.conn.execute("INSERT INTO incident_counts (month, count) VALUES ('2025-01', 7)")
    folder = vault.folder
    old_header = Header.load(folder)
    old_db = _db_hash(folder)
    recovery, temps = vault.rotate_key(PASSPHRASE)
    vault.close()
    assert _db_hash(folder) != old_db
    # The old header's slots (and so the old data key) no longer open the database.
    old_key = unwrap_passphrase(old_header, "coord", PASSPHRASE)
    from dv_forum.vault import db

    with pytest.raises(db.DatabaseError):
        db.open_db(folder / DB_NAME, old_key)
    v = Vault.open(folder, "coord", PASSPHRASE)
    assert v.conn.execute("SELECT count FROM incident_counts").fetchone()[0] == 7
    v.close()
    ann = Vault.open(folder, "ann", temps["ann"])
    assert ann.user.must_change
    ann.close()
    Vault.open_with_recovery(folder, recovery, "coord", NEW).close()


def test_rotate_key_interrupted_before_the_header_swap_is_finished_at_next_unlock(
    vault: Vault, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = vault.folder
    with vault.transaction():
        vault.conn.execute("INSERT INTO incident_counts (month, count) VALUES ('2025-02', 3)")

    def crash(self: Header, where: Path) -> None:
        raise OSError("simulated crash before the header was replaced")

    monkeypatch.setattr(Header, "save", crash)
    with pytest.raises(OSError):
        vault.rotate_key(PASSPHRASE)
    monkeypatch.undo()
    vault.conn.close()
    vault.conn = None  # type: ignore[assignment]
    v = Vault.open(folder, "coord", PASSPHRASE)
    assert v.conn.execute("SELECT count FROM incident_counts").fetchone()[0] == 3
    v.close()
    assert not (folder / "vault.header.pending").exists()


def test_permissions_table(vault_factory) -> None:  # type: ignore[no-untyped-def]
    chair = vault_factory("chair")
    assert chair.can(Perm.PRINT_PACKS) and not chair.can(Perm.EDIT_CASES)
    with pytest.raises(PermissionDenied, match="chair role may not"):
        chair.require(Perm.EXPORT)


def test_keyring_slot_round_trip_with_a_test_backend(vault: Vault, monkeypatch: pytest.MonkeyPatch) -> None:
    backend = MemoryKeyring()
    monkeypatch.setattr(keyring_slot, "_backend", lambda: backend)
    assert keyring_slot.availability().available
    keyring_slot.enable(vault, PASSPHRASE)
    folder = vault.folder
    vault.close()
    v = keyring_slot.open_remembered(folder, "coord")
    assert v.user.name == "coord"
    keyring_slot.disable(v)
    v.close()
    assert backend.store == {}
    with pytest.raises(UserError, match="not remembered"):
        keyring_slot.open_remembered(folder, "coord")


def test_keyring_unavailable_is_explained_and_never_falls_back(vault: Vault) -> None:
    # conftest selects keyring's null backend, like a headless Linux machine.
    status = keyring_slot.availability()
    assert not status.available and "keyring" in status.reason
    with pytest.raises(UserError, match="Cannot remember"):
        keyring_slot.enable(vault, PASSPHRASE)
    assert vault.header.slot_of_kind("keyring") is None


def test_calibration_never_goes_below_the_floor() -> None:
    params = crypto.calibrate(target_s=0.0)
    assert params.meets_floor()
    assert crypto.calibrate(target_s=0.3).iterations >= crypto.FLOOR_ITERATIONS
