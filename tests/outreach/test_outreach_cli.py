"""outreach CLI: JSON shapes, worker scoping and denial exit codes."""

from __future__ import annotations

import json
from datetime import date, timedelta

from dv_forum.outreach import clients, contacts
from dv_forum.vault import Vault


def test_due_and_caseload_json(cli, tmp_path):
    assert cli("init")[0] == 0
    from tests.conftest import PASSPHRASE  # the CLI fixture unlocks with it

    v = Vault.open(tmp_path / "vault", "coordinator", PASSPHRASE)
    try:
        v.add_user("ann", "outreach", PASSPHRASE, PASSPHRASE)
        v.add_user("bea", "outreach", PASSPHRASE, PASSPHRASE)
        v.conn.execute(
            "UPDATE users SET must_change = 0 WHERE name IN ('ann', 'bea')"
        )  # their own passphrases
        today = date.today()
        a = clients.add_client(v, today - timedelta(days=30), worker="ann")
        b = clients.add_client(v, today - timedelta(days=30), worker="bea")
        contacts.record_contact(
            v,
            a,
            at=f"{today - timedelta(days=20)} 10:00",
            type="phone",
            safe=True,
            risk_review=True,
            worker="ann",
            next_contact=today - timedelta(days=1),
        )
        contacts.record_contact(
            v,
            b,
            at=f"{today - timedelta(days=20)} 10:00",
            type="phone",
            safe=True,
            risk_review=True,
            worker="bea",
            next_contact=today + timedelta(days=2),
        )
    finally:
        v.close()
    code, out, err = cli("--user", "coordinator", "outreach", "due", "--json")
    assert code == 0, err
    rows = json.loads(out)
    assert {(r["client_code"], r["worker"], r["overdue"]) for r in rows} == {
        (a, "ann", True),
        (b, "bea", False),
    }
    assert set(rows[0]) == {"kind", "client_code", "worker", "due_date", "overdue", "reason"}
    code, out, _ = cli("--user", "coordinator", "outreach", "due", "--worker", "bea", "--json")
    assert [r["client_code"] for r in json.loads(out)] == [b]
    code, out, _ = cli("--user", "coordinator", "outreach", "caseload", "--json")
    assert [(r["worker"], r["open_clients"]) for r in json.loads(out)] == [("ann", 1), ("bea", 1)]
    assert set(json.loads(out)[0]) == {
        "worker",
        "open_clients",
        "contacts_28_days",
        "overdue",
        "risk_reviews_due",
    }
    # ann sees only hers, and asking for bea's is refused.
    code, out, _ = cli("--user", "ann", "outreach", "due", "--json")
    assert code == 0 and [r["client_code"] for r in json.loads(out)] == [a]
    code, out, err = cli("--user", "ann", "outreach", "due", "--worker", "bea")
    assert code == 1 and "may not" in err and b not in err
    code, out, _ = cli(
        "--user",
        "ann",
        "outreach",
        "contact",
        a,
        "--at",
        f"{date.today()} 09:30",
        "--type",
        "text",
        "--review",
        "--dash",
        "9",
        "--next",
        str(date.today() + timedelta(days=7)),
    )
    assert code == 0, out
    code, out, _ = cli("--user", "ann", "outreach", "due", "--json")
    assert [r["kind"] for r in json.loads(out)] == ["follow-up"]
    code, _, err = cli(
        "--user", "ann", "outreach", "contact", b, "--at", f"{date.today()} 09:30", "--type", "text"
    )
    assert code == 1 and "not on your caseload" in err
