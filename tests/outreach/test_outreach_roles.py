"""Role isolation: a worker sees and edits only her own clients; the coordinator sees all;
denials are audited with the client code, never a name."""

from __future__ import annotations

import pytest

from dv_forum.errors import PermissionDenied
from dv_forum.outreach import clients, contacts, figures
from dv_forum.outreach.access import NotOnCaseload


@pytest.fixture
def team(vault_factory):
    coord = vault_factory()
    ann = vault_factory(role="outreach", name="ann")
    bea = vault_factory(role="outreach", name="bea")
    a1 = clients.add_client(ann, "2026-01-10", locality="Coalville")
    b1 = clients.add_client(bea, "2026-01-11", locality="Measham")
    return coord, ann, bea, a1, b1


def test_worker_sees_only_her_own_clients(team):
    coord, ann, bea, a1, b1 = team
    assert [c.code for c in clients.list_clients(ann)] == [a1]
    assert [c.code for c in clients.list_clients(bea)] == [b1]
    assert {c.code for c in clients.list_clients(coord)} == {a1, b1}
    assert [c.code for c in clients.list_clients(coord, worker="bea")] == [b1]
    assert clients.get_client(ann, a1).worker == "ann"


def test_worker_cannot_see_or_edit_another_workers_client_and_it_is_audited(team):
    coord, ann, bea, a1, b1 = team
    with pytest.raises(NotOnCaseload):
        clients.get_client(ann, b1)
    with pytest.raises(NotOnCaseload):
        contacts.contacts_for(ann, b1)
    with pytest.raises(NotOnCaseload):
        contacts.record_contact(ann, b1, at="2026-01-12 10:00", type="phone", safe=True)
    with pytest.raises(NotOnCaseload):
        clients.update_client(ann, b1, locality="Coalville")
    with pytest.raises(NotOnCaseload):
        clients.close_client(ann, b1)
    denied = coord.conn.execute(
        "SELECT user, ref, detail FROM audit WHERE action = 'denied' ORDER BY id"
    ).fetchall()
    assert [tuple(r) for r in denied] == [
        ("ann", b1, "VIEW_ALL_OUTREACH"),
        ("ann", b1, "VIEW_ALL_OUTREACH"),
        ("ann", b1, "EDIT_ALL_OUTREACH"),
        ("ann", b1, "EDIT_ALL_OUTREACH"),
        ("ann", b1, "EDIT_ALL_OUTREACH"),
    ]
    assert coord.conn.execute("SELECT count(*) FROM outreach_contacts").fetchone()[0] == 0


def test_unknown_code_gives_the_same_answer_as_someone_elses(team):
    _, ann, _, _, b1 = team
    with pytest.raises(NotOnCaseload) as other:
        clients.get_client(ann, b1)
    with pytest.raises(NotOnCaseload) as missing:
        clients.get_client(ann, "OR-2026-9999")
    assert other.value.next_step == missing.value.next_step
    assert str(other.value).replace(b1, "X") == str(missing.value).replace("OR-2026-9999", "X")


def test_worker_cannot_list_or_assign_for_another_worker(team):
    coord, ann, _, _, _ = team
    with pytest.raises(PermissionDenied):
        clients.list_clients(ann, worker="bea")
    with pytest.raises(PermissionDenied):
        figures.due(ann, worker="bea")
    with pytest.raises(PermissionDenied):
        clients.add_client(ann, "2026-01-10", worker="bea")
    assert coord.conn.execute("SELECT count(*) FROM audit WHERE action = 'denied'").fetchone()[0] == 3


def test_coordinator_edits_any_client_and_reassigns(team):
    coord, ann, bea, a1, b1 = team
    contacts.record_contact(coord, b1, at="2026-01-12 10:00", type="phone", safe=True, worker="bea")
    clients.update_client(coord, b1, worker="ann")
    assert {c.code for c in clients.list_clients(ann)} == {a1, b1}
    assert clients.list_clients(bea) == []


def test_chair_has_no_outreach_access(vault_factory):
    vault_factory()
    chair = vault_factory(role="chair", name="carol")
    with pytest.raises(PermissionDenied):
        clients.list_clients(chair)
    with pytest.raises(PermissionDenied):
        clients.add_client(chair, "2026-01-10")


def test_views_and_edits_are_audited_by_code_only(team):
    coord, ann, _, a1, _ = team
    clients.get_client(ann, a1)
    contacts.record_contact(
        ann, a1, at="2026-01-12 10:00", type="home visit", safe=True, notes="Marker-Notes-Text-XYZ"
    )
    contacts.contacts_for(ann, a1)
    rows = coord.conn.execute("SELECT action, ref, detail FROM audit WHERE user = 'ann'").fetchall()
    actions = {r[0]: r[1] for r in rows}
    assert actions["outreach.client.add"] == a1
    assert actions["outreach.client.view"] == a1
    assert actions["outreach.contact.add"] == a1
    assert actions["outreach.contacts.view"] == a1
    assert not any("Marker" in (r[2] or "") for r in rows)
