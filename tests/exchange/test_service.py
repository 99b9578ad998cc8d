"""The exchange operations both front ends call: audited alike, conflicts shown side by side."""

from __future__ import annotations

from pathlib import Path

import pytest

from dv_forum.areas import Area
from dv_forum.errors import UserError
from dv_forum.exchange import journal, service
from dv_forum.vault import Vault
from tests.exchange.vault_pairs import PASSPHRASE, carry, change, conflict_between, coordinator, joined


def test_conflict_rows_say_who_set_each_value_and_when(tmp_path: Path) -> None:
    coord, _ann = conflict_between(tmp_path)
    v = Vault.open(coord, "coord", PASSPHRASE)
    try:
        [row] = service.conflict_rows(v)
        assert (row["ours"], row["ours_by"]) == ("East", "coord")
        assert (row["theirs"], row["theirs_by"]) == ("West", "ann")
        assert row["ours_at"] and row["theirs_at"]
        assert row["shown"] in ("East", "West")
        service.resolve(v, int(str(row["id"])), "theirs")
        assert service.conflict_rows(v) == []
        assert journal.values(v.conn, "client:1")["locality"] == "West"
        actions = [r[0] for r in v.conn.execute("SELECT action FROM audit")]
        assert {"exchange.enrol", "exchange.send", "exchange.receive", "exchange.resolve"} <= set(actions)
    finally:
        v.close()


def test_receive_reports_areas_and_carries_on_past_a_bad_bundle(tmp_path: Path) -> None:
    coord = coordinator(tmp_path / "coord")
    ann = joined(coord, tmp_path / "ann")
    change(coord, "coord", "client:1", {"locality": "North"})
    box = tmp_path / "box"
    box.mkdir()
    # sorted first, so the strict receive stops before applying anything
    (box / "a-junk-to-ann-1.dvx").write_bytes(b"not a bundle")
    (box / "coord-to-bea-1.dvx").write_bytes(b"someone else's")
    v = Vault.open(coord, "coord", PASSPHRASE)
    try:
        service.send(v, "ann", box)
    finally:
        v.close()
    w = Vault.open(ann, "ann", PASSPHRASE)
    try:
        with pytest.raises(UserError, match="not an exchange bundle"):
            service.receive(w, [box])
        got = service.receive(w, [box], keep_going=True)
        assert got.value.counts.applied == 1
        assert got.value.errors == ["a-junk-to-ann-1.dvx: This file is not an exchange bundle."]
        assert Area.OUTREACH in got.areas
        again = service.receive(w, [box], keep_going=True)
        assert again.value.counts.duplicates == 1 and again.areas == {Area.EXCHANGE}
    finally:
        w.close()
    assert carry(ann, "ann", None, tmp_path / "up", coord, "coord").counts.applied == 0


def test_only_a_coordinator_enrols_and_a_device_needs_a_name(tmp_path: Path) -> None:
    coord = coordinator(tmp_path / "coord")
    ann = joined(coord, tmp_path / "ann")
    v = Vault.open(coord, "coord", PASSPHRASE)
    try:
        with pytest.raises(UserError, match="needs a name"):
            service.enrol_device(v, " ", "chair", tmp_path / "x.dve")
    finally:
        v.close()
    w = Vault.open(ann, "ann", PASSPHRASE)
    try:
        with pytest.raises(UserError, match="Only a coordinator"):
            service.enrol_device(w, "bea", "outreach", tmp_path / "bea.dve")
    finally:
        w.close()
