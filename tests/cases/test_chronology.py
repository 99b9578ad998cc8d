"""Chronologies (a case's victim, its perpetrator, a person) and review holds against the purge."""

from __future__ import annotations

import io
import json
from datetime import date

from pypdf import PdfReader

from dv_forum.cases import retention
from dv_forum.vault import Vault
from tests.conftest import FLOOR_KDF, PASSPHRASE
from tests.reliability import seed

NOW = "2026-01-01T00:00:00+00:00"
KEY = b"k" * 32


def _world(folder) -> dict[str, int]:
    """One victim referred twice (two perpetrators), heard once, with outreach and Freedom records,
    and an unrelated case."""
    v, _ = Vault.create(folder, "coord", PASSPHRASE, kdf=FLOOR_KDF)
    try:
        first = seed.add_referral(
            v, "NWL-2019-0001", "2019-03-01", status="closed", closed_date="2019-09-01", victim_key=KEY
        )
        second = seed.add_referral(v, "NWL-2024-0002", "2024-05-02", victim_key=KEY)
        other = seed.add_referral(v, "NWL-2024-0003", "2024-05-03")
        seed.hear(v, seed.add_meeting(v, "2019-03-14"), first, "first")
        client = seed.add_outreach_client(v, "OC-9", second)
        part = seed.add_freedom_participant(v, "FP-9", second)
        with v.transaction() as c:
            c.execute(
                "INSERT INTO outreach_contacts (client_id, at, worker, type, safe, created_at)"
                " VALUES (?, '2024-05-10T10:30', 'ann', 'phone', 1, ?)",
                (client, NOW),
            )
            cohort = c.execute(
                "INSERT INTO freedom_cohorts (code, venue_code, start_date, weekday, start_time, created_at)"
                " VALUES ('FP24A', 'V1', '2024-06-03', 0, '10:00', ?)",
                (NOW,),
            ).lastrowid
            session = c.execute(
                "INSERT INTO freedom_sessions (cohort_id, number, topic, session_date) VALUES (?, 1, 'The Bully', '2024-06-03')",
                (cohort,),
            ).lastrowid
            enrol = c.execute(
                "INSERT INTO freedom_enrolments (cohort_id, participant_id, enrolled_date) VALUES (?, ?, '2024-05-20')",
                (cohort, part),
            ).lastrowid
            c.execute(
                "INSERT INTO freedom_attendance (enrolment_id, session_id, mark, recorded_by, recorded_at)"
                " VALUES (?, ?, 'present', 'ann', ?)",
                (enrol, session, NOW),
            )
        return {"first": first, "second": second, "other": other}
    finally:
        v.close()


def test_a_case_chronology_lists_every_event_of_its_victim_in_date_order(cli, tmp_path):
    _world(tmp_path / "vault")
    code, out, err = cli("cases", "chronology", "NWL-2024-0002", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["case_refs"] == ["NWL-2019-0001", "NWL-2024-0002"]
    got = [(e["date"], e["kind"]) for e in data["entries"]]
    assert got == [
        ("2019-03-01", "referral"),
        ("2019-03-14", "hearing"),
        ("2019-03-14", "minutes"),
        ("2019-03-14", "action"),
        ("2019-09-01", "referral"),
        ("2024-05-02", "referral"),
        ("2024-05-10", "outreach"),
        ("2024-06-03", "freedom"),
    ]
    assert "Freedom Programme FP24A session 1 (The Bully): present" in data["entries"][-1]["what"]
    assert "NWL-2024-0003" not in out


def test_a_perpetrator_chronology_and_the_printed_copy(cli, tmp_path):
    _world(tmp_path / "vault")
    code, out, _ = cli("cases", "chronology", "NWL-2024-0002", "--perpetrator", "--json")
    assert json.loads(out)["case_refs"] == ["NWL-2024-0002"]
    pdf = tmp_path / "chron.pdf"
    code, out, err = cli("cases", "chronology", "NWL-2024-0002", "--out", str(pdf), "--for", "DHR panel")
    assert code == 0, err
    pages = [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf.read_bytes())).pages]
    assert all(p.count("OFFICIAL-SENSITIVE") == 2 and "DHR panel" in p for p in pages)
    assert "Page 1 of" in pages[0] and "Heard at MARAC" in pages[0]
    assert oct(pdf.stat().st_mode & 0o777) == "0o600"


def test_a_review_hold_keeps_a_case_from_the_purge_until_lifted(cli, tmp_path):
    _world(tmp_path / "vault")
    today = date(2026, 6, 15)
    assert cli("settings", "set", "retention.years", "1")[0] == 0
    assert cli("cases", "hold", "NWL-2019-0001", "--reason", "DHR 2026/01")[0] == 0
    code, _, err = cli("cases", "hold", "NWL-2019-0001", "--reason", "again")
    assert code == 1 and "already on hold" in err
    v = Vault.open(tmp_path / "vault", "coord", PASSPHRASE)
    try:
        report = retention.report(v, today)
        assert report.due == [] and report.kept_on_hold == 1
        assert retention.purge(v, today).purged == 0
    finally:
        v.close()
    _, out, _ = cli("cases", "holds", "--current", "--json")
    assert json.loads(out)["holds"][0]["reason"] == "DHR 2026/01"
    assert cli("cases", "unhold", "NWL-2019-0001", "--reason", "review published")[0] == 0
    _, out, _ = cli("cases", "chronology", "NWL-2019-0001", "--json")
    whats = [e["what"] for e in json.loads(out)["entries"] if e["kind"] == "hold"]
    assert whats == ["Review hold placed: DHR 2026/01", "Review hold lifted: review published"]
    v = Vault.open(tmp_path / "vault", "coord", PASSPHRASE)
    try:
        assert [c.case_ref for c in retention.report(v, today).due] == ["NWL-2019-0001"]
    finally:
        v.close()
