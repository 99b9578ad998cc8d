"""An attempt nobody answered: recorded on the client's record, never counted as a contact made,
and added to vaults made before it existed without losing their onward referrals."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import sqlcipher3.dbapi2 as sqlite3

from dv_forum.errors import InputError
from dv_forum.outreach import clients, contacts, figures
from dv_forum.outreach.vocab import NO_ANSWER
from dv_forum.vault import migrations
from dv_forum.vault.db import open_db

TODAY = date(2026, 6, 15)


def test_an_unanswered_attempt_is_kept_but_is_not_a_contact_made(vault):
    code = clients.add_client(vault, "2026-06-10")
    contacts.record_contact(
        vault, code, at="2026-06-11 09:00", type=NO_ANSWER, safe=True, next_contact="2026-06-12"
    )
    listed = contacts.contacts_for(vault, code)
    assert [c.type for c in listed] == [NO_ANSWER]
    # Still waiting for a first contact, and the attempt's next try is what is due.
    kinds = {(i.kind, i.due_date) for i in figures.due(vault, today=TODAY) if i.client_code == code}
    assert ("first contact", "2026-06-12") in kinds
    times = figures.first_contact_times(vault)
    assert times["not_yet_contacted"] == 1 and times["contacted"] == 0
    assert all(row["contacts_28_days"] == 0 for row in figures.caseload(vault, today=TODAY))
    assert figures.contacts_by(vault)["by_type"] == {NO_ANSWER: 1}
    # The first real contact then counts from its own day.
    contacts.record_contact(vault, code, at="2026-06-13 10:00", type="phone", safe=True)
    assert figures.first_contact_times(vault)["median_days"] == 3


@pytest.mark.parametrize(
    ("given", "said"),
    [
        ({"risk_review": True}, "a risk review"),
        ({"new_incident": True}, "a new incident"),
        ({"safety_plan": "created"}, "a safety plan"),
        ({"issues": ["housing"]}, "issues raised"),
        ({"onward": ["Housing"]}, "onward referrals"),
    ],
)
def test_an_unanswered_attempt_cannot_record_what_was_discussed(vault, given, said):
    code = clients.add_client(vault, "2026-06-10")
    with pytest.raises(InputError, match=f"no answer cannot record {said}"):
        contacts.record_contact(vault, code, at="2026-06-11 09:00", type=NO_ANSWER, safe=True, **given)
    assert contacts.contacts_for(vault, code) == []


def test_a_vault_from_before_gains_the_type_and_keeps_its_onward_referrals(tmp_path: Path):
    conn = open_db(tmp_path / "old.db", b"\x03" * 32)
    step = migrations.STEP_FILES.index("contact_no_answer") + 1
    for i in range(step):
        conn.execute("BEGIN IMMEDIATE")
        migrations.STEPS[i](conn)
        conn.execute(f"PRAGMA user_version = {i + 1}")
        conn.execute("COMMIT")
    conn.execute("PRAGMA foreign_keys = ON")
    now = "2026-06-01T10:00:00"
    conn.execute(
        "INSERT INTO outreach_clients (code, referral_date, worker, created_at, updated_at)"
        " VALUES ('OR-1', '2026-06-01', 'ann', ?, ?)",
        (now, now),
    )
    conn.execute(
        "INSERT INTO outreach_contacts (client_id, at, worker, type, safe, created_at)"
        " VALUES (1, '2026-06-02T10:00', 'ann', 'phone', 1, ?)",
        (now,),
    )
    conn.execute(
        "INSERT INTO outreach_onward (contact_id, agency, referred_date) VALUES (1, 'Housing', '2026-06-02')"
    )
    with pytest.raises(sqlite3.DatabaseError, match="CHECK"):
        conn.execute(
            "INSERT INTO outreach_contacts (client_id, at, worker, type, safe, created_at)"
            " VALUES (1, '2026-06-03T10:00', 'ann', ?, 1, ?)",
            (NO_ANSWER, now),
        )
    assert migrations.migrate(conn) == list(range(step + 1, migrations.SCHEMA_VERSION + 1))
    conn.execute(
        "INSERT INTO outreach_contacts (client_id, at, worker, type, safe, created_at)"
        " VALUES (1, '2026-06-03T10:00', 'ann', ?, 1, ?)",
        (NO_ANSWER, now),
    )
    with pytest.raises(sqlite3.DatabaseError, match="CHECK"):
        conn.execute(
            "INSERT INTO outreach_contacts (client_id, at, worker, type, safe, created_at)"
            " VALUES (1, '2026-06-03T11:00', 'ann', 'carrier pigeon', 1, ?)",
            (now,),
        )
    assert [tuple(r) for r in conn.execute("SELECT agency FROM outreach_onward")] == [("Housing",)]
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
