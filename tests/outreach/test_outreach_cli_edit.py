"""`outreach contacts`, `contact-edit` and `contact-delete`, and the text the older outreach commands
print (pinned, as the handlers now share one shape)."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from dv_forum.outreach import clients, contacts

TODAY = date.today()
DAY = (TODAY - timedelta(days=10)).isoformat()


@pytest.fixture
def team(vault_factory):
    coord = vault_factory()
    ann = vault_factory(role="outreach", name="ann")
    vault_factory(role="outreach", name="bea").close()
    vault_factory(role="chair", name="carol").close()
    mine = clients.add_client(ann, TODAY - timedelta(days=12), locality="Coalville")
    theirs = clients.add_client(coord, TODAY - timedelta(days=12), worker="bea")
    cid = contacts.record_contact(
        ann,
        mine,
        at=f"{DAY} 10:00",
        type="phone",
        safe=True,
        duration_min=20,
        risk_review=True,
        dash_score=9,
        issues=["housing"],
        onward=["GP"],
        next_contact=TODAY - timedelta(days=1),
        notes="Marker-Notes-QX",
    )
    # Recorded by the coordinator under her own name, by mistake: corrected below.
    other = contacts.record_contact(coord, theirs, at=f"{DAY} 11:00", type="text", safe=True)
    return coord, mine, theirs, cid, other


def test_list_correct_and_delete_a_contact(cli, team):
    coord, mine, _, cid, _ = team
    ann = ("--user", "ann", "outreach")
    code, out, err = cli(*ann, "contacts", mine, "--json")
    assert code == 0, err
    (row,) = json.loads(out)
    assert row["id"] == cid and row["at"] == f"{DAY}T10:00" and row["onward"][0]["agency"] == "GP"
    assert "notes" not in row and "Marker" not in out
    code, out, _ = cli(*ann, "contacts", mine)
    assert out.split()[:5] == [str(cid), DAY, "10:00", "phone", "safe"] and "DASH 9" in out and "GP" in out

    code, out, _ = cli(*ann, "due", "--json")
    assert [(r["kind"], r["overdue"]) for r in json.loads(out)] == [("follow-up", True)]
    nxt = (TODAY + timedelta(days=3)).isoformat()
    code, out, err = cli(
        *ann, "contact-edit", mine, str(cid), "--type", "home visit", "--next", nxt, "--unsafe", "--json"
    )
    assert code == 0, err
    assert json.loads(out) == {
        "client": mine,
        "contact": cid,
        "changed": ["next_contact", "safe", "type"],
    }
    code, out, _ = cli(*ann, "due", "--json")
    assert [(r["kind"], r["due_date"], r["overdue"]) for r in json.loads(out)] == [("follow-up", nxt, False)]
    code, out, _ = cli(
        *ann, "contact-edit", mine, str(cid), "--clear", "next", "--no-review", "--clear", "dash"
    )
    assert (code, out) == (0, f"Contact {cid} corrected: dash score, next contact, risk review.\n")
    code, out, _ = cli(*ann, "contact-edit", mine, str(cid), "--onward", "gp", "--onward", "Housing")
    assert out == f"Contact {cid} corrected: onward.\n"
    code, out, _ = cli(*ann, "contact-edit", mine, str(cid), "--type", "home visit")
    assert (code, out) == (0, "Nothing to change.\n")
    (c,) = contacts.contacts_for(coord, mine)
    assert (c.type, c.safe, c.next_contact, c.risk_review, c.dash_score, c.notes) == (
        "home visit",
        False,
        None,
        False,
        None,
        "Marker-Notes-QX",
    )
    assert [o.agency for o in c.onward] == ["GP", "Housing"] and c.duration_min == 20

    # Deleting needs --yes; without it nothing goes.
    code, _, err = cli(*ann, "contact-delete", mine, str(cid))
    assert code == 1 and "cannot be recovered" in err and "--yes" in err
    assert len(contacts.contacts_for(coord, mine)) == 1
    code, out, _ = cli(*ann, "contact-delete", mine, str(cid), "--yes", "--json")
    assert code == 0 and json.loads(out) == {"client": mine, "contact": cid, "deleted": True}
    code, out, _ = cli(*ann, "contacts", mine)
    assert out == "No contacts.\n"
    code, out, _ = cli(*ann, "due", "--json")
    assert [r["kind"] for r in json.loads(out)] == ["first contact"]
    edits = coord.conn.execute(
        "SELECT action, ref, detail FROM audit WHERE action IN ('outreach.contact.edit', 'outreach.contact.delete')"
    ).fetchall()
    assert [r[0] for r in edits] == [
        "outreach.contact.edit",
        "outreach.contact.edit",
        "outreach.contact.edit",
        "outreach.contact.delete",
    ]
    assert all(r[1] == mine and "Marker" not in r[2] for r in edits)


def test_bad_edits_are_refused_with_the_reason_and_change_nothing(cli, team):
    coord, mine, _, cid, _ = team
    before = contacts.contacts_for(coord, mine)
    ann = ("--user", "ann", "outreach")
    code, _, err = cli(*ann, "contact-edit", mine, str(cid), "--dash", "50", "--at", "someday")
    assert code == 1
    assert "'someday' is not a date and time" in err and "a DASH score is 0-40" in err
    assert "nothing was changed" in err and "Traceback" not in err
    code, _, err = cli(*ann, "contact-edit", mine, str(cid), "--no-review")
    assert code == 1 and "a new DASH score needs the risk review ticked" in err
    # Usage errors (exit 2): nothing to change, a field both set and cleared, a bad choice or id.
    for argv in (
        (),
        ("--next", "2026-01-01", "--clear", "next"),
        ("--type", "carrier pigeon"),
        ("--safe", "--unsafe"),
    ):
        code, _, err = cli(*ann, "contact-edit", mine, str(cid), *argv)
        assert code == 2 and "usage:" in err, argv
    code, _, err = cli(*ann, "contact-edit", mine, "seventeen", "--type", "text")
    assert code == 2
    code, _, err = cli(*ann, "contact-edit", mine, "99999", "--type", "text")
    assert code == 1 and "Contact 99999 is not on record" in err
    assert contacts.contacts_for(coord, mine) == before


def test_others_clients_contacts_are_refused_and_audited(cli, team):
    coord, mine, theirs, cid, other = team
    code, _, err = cli("--user", "ann", "outreach", "contact-edit", theirs, str(other), "--type", "office")
    assert code == 1 and f"Client {theirs} is not on your caseload" in err
    code, _, err = cli("--user", "ann", "outreach", "contact-delete", theirs, str(other), "--yes")
    assert code == 1 and "not on your caseload" in err
    code, _, err = cli("--user", "ann", "outreach", "contacts", theirs)
    assert code == 1 and "not on your caseload" in err
    # Bea's contact through Ann's own client is simply not on record there.
    code, _, err = cli("--user", "ann", "outreach", "contact-delete", mine, str(other), "--yes")
    assert code == 1 and f"Contact {other} is not on record for client {mine}" in err
    code, _, err = cli("--user", "carol", "outreach", "contact-edit", mine, str(cid), "--type", "office")
    assert code == 1 and "chair role may not" in err
    denied = coord.conn.execute("SELECT user, ref FROM audit WHERE action = 'denied' ORDER BY id").fetchall()
    assert [tuple(r) for r in denied] == [("ann", theirs), ("ann", theirs), ("ann", theirs), ("carol", None)]
    assert [c.type for c in contacts.contacts_for(coord, theirs)] == ["text"]
    # The coordinator may correct anyone's, and hand the contact to the worker who made it.
    code, out, err = cli("--user", "coord", "outreach", "contact-edit", theirs, str(other), "--worker", "bea")
    assert code == 0, err
    assert out == f"Contact {other} corrected: worker.\n"


def test_older_commands_print_what_they_always_did(cli, team):
    _, mine, theirs, _, _ = team
    referred = (TODAY - timedelta(days=12)).isoformat()
    code, out, _ = cli("--user", "coord", "outreach", "due")
    assert out.splitlines() == [
        f"{DAY}  OVERDUE  {theirs:<14} bea          risk review",
        f"{TODAY - timedelta(days=1)}  OVERDUE  {mine:<14} ann          follow-up",
    ]
    code, out, _ = cli("--user", "coord", "outreach", "caseload")
    assert out.splitlines() == [
        "Worker          Open  Contacts 28d  Overdue  Reviews due",
        "ann                1             1        1            0",
        "bea                1             0        1            1",
        "coord              0             1        0            0",
    ]
    code, out, _ = cli("--user", "coord", "outreach", "clients")
    assert out.splitlines() == [
        f"{mine:<14} ann          referred {referred}  Coalville",
        f"{theirs:<14} bea          referred {referred}  ",
    ]
    code, out, _ = cli("--user", "coord", "outreach", "figures")
    assert out.splitlines() == [
        "Days from referral to first contact: median 2.0, mean 2.0, max 2 (0 not yet contacted)",
        "Contacts by type:",
        "  phone: 1",
        "  text: 1",
        "Contacts by locality:",
        "  Coalville: 1",
        "  Not recorded: 1",
    ]
    code, out, _ = cli("--user", "bea", "outreach", "clients", "--worker", "ann")
    assert code == 1 and out == ""
    code, out, _ = cli(
        "--user", "ann", "outreach", "add-client", "--referred", str(TODAY), "--code", "OR-T-1"
    )
    assert (code, out) == (0, "Client OR-T-1 added.\n")
    code, out, _ = cli(
        "--user", "ann", "outreach", "contact", "OR-T-1", "--at", f"{TODAY} 09:00", "--type", "text",
        "--onward", "GP", "--review", "--dash", "4",
    )  # fmt: skip
    assert (code, out) == (0, "Contact recorded.\n")
    (c,) = contacts.contacts_for(team[0], "OR-T-1")
    assert (c.onward[0].referred_date, c.dash_score, c.worker) == (str(TODAY), 4, "ann")
    code, out, _ = cli("--user", "ann", "outreach", "contact", "OR-T-1", "--type", "text")
    assert code == 2 and out == ""
