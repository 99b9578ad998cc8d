"""S23: bundles are authentic, private and idempotent."""

from __future__ import annotations

import pytest

from dv_forum.errors import UserError
from dv_forum.exchange import conflicts, devices, journal

from .helpers import deliver, new_db, pair, send


def _three():
    coord = new_db("coord", "coordinator")
    ann = new_db("ann", "outreach")
    bea = new_db("bea", "outreach")
    pair(coord, "coord", "coordinator", ann, "ann", "outreach")
    pair(coord, "coord", "coordinator", bea, "bea", "outreach")
    return coord, ann, bea


def _fields(conn):
    return conn.execute("SELECT record, field, value FROM exchange_fields ORDER BY 1, 2").fetchall()


def test_a_bundle_applies_once_and_a_replay_changes_nothing() -> None:
    coord, ann, _ = _three()
    journal.record_change(coord, "client:1", {"code": "WA-1", "locality": "North"}, audience="ann")
    blob = send(coord, "ann")
    assert deliver(blob, ann).to_dict() == {"applied": 1, "duplicates": 0, "held": 0, "conflicts": 0}
    before = _fields(ann)
    assert deliver(blob, ann).to_dict() == {"applied": 0, "duplicates": 1, "held": 0, "conflicts": 0}
    assert _fields(ann) == before == [("client:1", "code", "WA-1"), ("client:1", "locality", "North")]


def test_another_workers_client_never_travels_to_her() -> None:
    coord, ann, bea = _three()
    journal.record_change(coord, "client:1", {"code": "WA-1"}, audience="ann")
    journal.record_change(coord, "client:2", {"code": "WA-2"}, audience="bea")
    deliver(send(coord, "bea"), bea)
    assert [r[0] for r in _fields(bea)] == ["client:2"]
    assert b"WA-1" not in send(coord, "bea")


def test_a_gap_holds_later_changes_until_it_fills() -> None:
    coord, ann, _ = _three()
    journal.record_change(coord, "client:1", {"code": "WA-1"}, audience="ann")
    first = send(coord, "ann")
    journal.record_change(coord, "client:1", {"code": "WA-1b"}, audience="ann")
    both = send(coord, "ann")
    # Only the second change, as if the first bundle was lost and the second arrived alone:
    coord.execute("UPDATE exchange_devices SET acked_seq = 1 WHERE name = 'ann'")
    second = send(coord, "ann")
    assert deliver(second, ann).to_dict()["held"] == 1
    assert _fields(ann) == []
    assert deliver(first, ann).to_dict() == {"applied": 2, "duplicates": 0, "held": 0, "conflicts": 0}
    assert _fields(ann) == [("client:1", "code", "WA-1b")]
    assert deliver(both, ann).to_dict()["duplicates"] == 2


def test_acknowledgements_let_the_sender_forget() -> None:
    coord, ann, _ = _three()
    journal.record_change(coord, "client:1", {"code": "WA-1"}, audience="ann")
    deliver(send(coord, "ann"), ann)
    deliver(send(ann, "coord"), coord)
    assert coord.execute("SELECT acked_seq FROM exchange_devices WHERE name = 'ann'").fetchone()[0] == 1


def test_flipped_byte_is_refused_and_applies_nothing() -> None:
    coord, ann, _ = _three()
    journal.record_change(coord, "client:1", {"code": "WA-1"}, audience="ann")
    blob = bytearray(send(coord, "ann"))
    blob[-20] ^= 1
    with pytest.raises(UserError, match="damaged or was altered"):
        deliver(bytes(blob), ann)
    assert _fields(ann) == []


def test_bundle_for_another_device_is_refused() -> None:
    coord, ann, bea = _three()
    journal.record_change(coord, "client:1", {"code": "WA-1"}, audience="ann")
    with pytest.raises(UserError, match="for another device"):
        deliver(send(coord, "ann"), bea)
    assert _fields(bea) == []


def test_bundle_from_a_revoked_device_is_refused() -> None:
    coord, ann, _ = _three()
    journal.record_change(ann, "client:1", {"code": "WA-1"}, audience="ann")
    blob = send(ann, "coord")
    devices.revoke(coord, "ann")
    with pytest.raises(UserError, match="revoked device"):
        deliver(blob, coord)
    assert _fields(coord) == []


def test_same_field_changed_on_both_sides_is_a_conflict_on_both_and_they_agree() -> None:
    coord, ann, _ = _three()
    journal.record_change(coord, "client:1", {"locality": "North"}, audience="ann")
    deliver(send(coord, "ann"), ann)
    journal.record_change(coord, "client:1", {"locality": "East"}, audience="ann")
    journal.record_change(ann, "client:1", {"locality": "West"}, audience="ann")
    deliver(send(coord, "ann"), ann)
    deliver(send(ann, "coord"), coord)
    assert _fields(coord) == _fields(ann)
    [c] = conflicts.open_conflicts(coord)
    assert {c.ours, c.theirs} == {"East", "West"}
    conflicts.resolve(coord, c.id, "theirs")
    deliver(send(coord, "ann"), ann)
    assert (
        journal.values(ann, "client:1")["locality"] == "West" == journal.values(coord, "client:1")["locality"]
    )


def test_edit_against_delete_is_always_a_conflict() -> None:
    coord, ann, _ = _three()
    journal.record_change(ann, "client:1", {"safe_times": "after 3"}, audience="ann")
    deliver(send(ann, "coord"), coord)
    journal.record_change(ann, "client:1", {}, audience="ann", delete=True)
    journal.record_change(coord, "client:1", {"safe_times": "after 4"}, audience="ann")
    assert deliver(send(ann, "coord"), coord).conflicts == 1
    assert deliver(send(coord, "ann"), ann).conflicts == 1
    assert _fields(coord) == _fields(ann)


def test_a_senders_audit_log_cut_short_is_reported() -> None:
    from dv_forum.exchange.bundle import receive
    from dv_forum.vault import audit

    coord, ann, _ = _three()
    for _ in range(3):
        audit.append(coord, "coord", "verify")
    assert receive(ann, send(coord, "ann"))[1] is None
    # As if an older copy of the coordinator's vault folder had been put back: ann saw more rows before.
    ann.execute("UPDATE exchange_devices SET audit_rows = audit_rows + 2 WHERE name = 'coord'")
    problem = receive(ann, send(coord, "ann"))[1]
    assert problem is not None and "audit log is shorter" in problem
