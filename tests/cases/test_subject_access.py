"""Subject access and erasure by identity (issue 17 item 16): found through the linkage keys; a
perpetrator's export never includes the other party; erasure for each side."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path

from pypdf import PdfReader

from dv_forum.cases import referrals, subject_access
from dv_forum.cases.linkage import Identity
from dv_forum.marac import agenda, attendance, meetings, minutes
from dv_forum.reports import pack
from dv_forum.reports.subject_access_pdf import subject_access_bytes
from dv_forum.vault import Vault

ANN = Identity("Archer", "Ann", "1985-04-03")
BOB = Identity("Baker", "Bob", "1980-01-02")
CAT = Identity("Cole", "Cat", "1990-06-07")
MINUTES_TEXT = "Ann moved to a refuge in another town"


def history(vault: Vault) -> tuple[str, str, str]:
    first = referrals.create(
        vault, {"referral_date": "2025-03-01", "victim_initials": "AA", "dash_score": "15"}, ANN, BOB
    )
    second = referrals.create(
        vault, {"referral_date": "2026-01-10", "victim_initials": "AA", "dash_score": "16"}, ANN
    )
    other = referrals.create(
        vault, {"referral_date": "2026-02-01", "victim_initials": "CC", "dash_score": "14"}, CAT, BOB
    )
    meeting = meetings.add_meeting(vault, "2025-03-13")
    agenda.add_case(vault, meeting.id, first)
    case_id = vault.conn.execute("SELECT id FROM referrals WHERE case_ref = ?", (first,)).fetchone()[0]
    minutes.set_minutes(vault, meeting.id, case_id, MINUTES_TEXT)
    attendance.set_attendance(vault, meeting.id, "Police", "present")
    pack.render_pack(vault, meeting.id, "Police", purpose="print")
    return first, second, other


def test_a_victim_gets_her_own_cases_whole(vault: Vault) -> None:
    first, second, other = history(vault)
    data = subject_access.report(vault, ANN, "victim")
    assert data["case_refs"] == [first, second]
    assert any(MINUTES_TEXT in e["what"] for e in data["entries"])
    assert any("2025-03-13" in line and "Police" in line for line in data["shared_with"])
    assert other not in json.dumps(data)


def test_a_perpetrators_export_never_includes_the_other_party(vault: Vault) -> None:
    first, second, other = history(vault)
    data = subject_access.report(vault, BOB, "perpetrator")
    assert data["case_refs"] == [first, other]
    text = "\n".join(
        page.extract_text() for page in PdfReader_bytes(subject_access_bytes(vault.conn, data)).pages
    )
    assert first in text and other in text and "OFFICIAL-SENSITIVE" in text
    for secret in (MINUTES_TEXT, "AA", "CC", "Archer", "refuge", second):
        assert secret not in text and secret not in json.dumps(data)


def PdfReader_bytes(blob: bytes) -> PdfReader:  # noqa: N802 - reads like the class it wraps
    import io

    return PdfReader(io.BytesIO(blob))


def test_a_person_not_held_finds_nothing(vault: Vault) -> None:
    history(vault)
    assert (
        subject_access.report(vault, Identity("Nobody", "Known", "1970-01-01"), "victim")["case_refs"] == []
    )


def test_erasure_for_a_perpetrator_keeps_the_victims_records(vault: Vault) -> None:
    first, second, other = history(vault)
    assert subject_access.erase(vault, BOB, "perpetrator", "valid request") == [first, other]
    rows = vault.conn.execute("SELECT case_ref, perpetrator_id FROM referrals ORDER BY id").fetchall()
    assert [(r[0], r[1]) for r in rows] == [(first, None), (second, None), (other, None)]
    assert subject_access.report(vault, BOB, "perpetrator")["case_refs"] == []
    assert subject_access.report(vault, ANN, "victim")["case_refs"] == [first, second]


def test_erasure_for_a_victim_erases_her_cases(vault: Vault) -> None:
    first, second, other = history(vault)
    assert subject_access.erase(vault, ANN, "victim", "valid request") == [first, second]
    left = [r[0] for r in vault.conn.execute("SELECT case_ref FROM referrals")]
    assert left == [other]


def test_the_cli_takes_the_identity_from_a_file_and_writes_a_marked_pdf(
    cli: Callable[..., tuple[int, str, str]], tmp_path: Path
) -> None:
    from tests.conftest import district_setup  # noqa: F401 - the CLI vault is made by init

    assert cli("init")[0] == 0
    source = tmp_path / "cases.csv"
    source.write_text(
        "referral_date,victim_surname,victim_forename,victim_dob\n2026-01-05,Archer,Ann,1985-04-03\n"
    )
    assert cli("import", "referrals", str(source))[0] == 0
    who = tmp_path / "who.csv"
    with who.open("w", newline="") as f:
        csv.writer(f).writerows([["surname", "forename", "dob"], ["ARCHER", "ann", "03/04/1985"]])
    out = tmp_path / "sar.pdf"
    code, stdout, err = cli(
        "cases", "subject-access", "--identity-file", str(who), "--as", "victim", "--out", str(out), "--json"
    )
    assert code == 0, err
    assert len(json.loads(stdout)["case_refs"]) == 1
    assert "Archer" not in stdout and out.stat().st_mode & 0o077 == 0
    code, _, err = cli(
        "cases", "subject-erase", "--identity-file", str(who), "--as", "victim", "--reason", "request"
    )
    assert code == 1 and "--yes" in err
