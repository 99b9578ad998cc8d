from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from openpyxl import Workbook

from dv_forum.cases import case_list, importer, referrals
from dv_forum.errors import InputError, UserError
from dv_forum.vault import Vault

HEADER = (
    "case_ref,referral_date,heard_date,victim_surname,victim_forename,victim_dob,"
    "perpetrator_id,referring_agency,dash_score,criteria,victim_gender,victim_age,bame,"
    "disability,lgbt,children,area,previous_marac_date"
)
GOOD = [
    "IMP-1,2024-02-29,2024-03-10,Smith,Jane,04/03/1980,P-77,Police,15,,F,44,N,N,N,2,Coalville,",
    "IMP-2,28/02/2025,,SMITH,jane,1980-03-04,p 77,IDVA service,9,professional_judgement,F,45,"
    "Y,N,N,0,greenhill,",
    "IMP-3,2025-03-01,2025-03-12,Núñez,Ana,1990-12-01,,Housing,,escalation;repeat,F,34,N,Y,N,1,"
    "Measham,2024-06-01",
]


def write(tmp_path: Path, lines: list[str], name: str = "in.csv", bom: bool = False) -> Path:
    path = tmp_path / name
    text = "\n".join(lines) + "\n"
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return path


def count(vault: Vault) -> int:
    return int(vault.conn.execute("SELECT count(*) FROM referrals").fetchone()[0])


def test_import_good_file_with_bom(vault: Vault, tmp_path: Path) -> None:
    result = importer.import_referrals(vault, write(tmp_path, [HEADER, *GOOD], bom=True))
    assert result.imported == 3 and result.rejected == 0
    second = referrals.get(vault, "IMP-2")
    assert second["repeat"] and second["previous_referral"] == "IMP-1"  # 29 Feb + 12m = 28 Feb
    assert second["area"] == "Greenhill" and second["risk_band"] == "standard"
    third = referrals.get(vault, "IMP-3")
    assert third["repeat"] and third["repeat_outside_date"] == "2024-06-01"
    assert referrals.get(vault, "IMP-1")["criteria"] == ["visible_high_risk"]
    meetings = [r[0] for r in vault.conn.execute("SELECT date FROM meetings ORDER BY date")]
    assert meetings == ["2024-03-10", "2025-03-12"]
    assert vault.conn.execute("SELECT detail FROM audit WHERE action = 'import.referrals'").fetchone()[0] == (
        "3 imported, 0 rejected"
    )


def test_bad_rows_reject_whole_file(vault: Vault, tmp_path: Path) -> None:
    lines = [
        HEADER,
        *GOOD,
        "IMP-4,31/02/2025,,Smith,Jane,04/03/1980,,Police,,,F,44,N,N,N,0,Coalville,",
        "IMP-1,2025-01-01,,Brown,Amy,1970-01-01,,Police,,,Q,44,maybe,N,N,0,Atlantis,",
    ]
    with pytest.raises(InputError) as exc:
        importer.import_referrals(vault, write(tmp_path, lines))
    problems = exc.value.problems
    assert "row 5, column referral_date: not a date (use 2025-03-31 or 31/03/2025)" in problems
    assert "row 6, column case_ref: same as row 2" in problems
    assert "row 6, column victim_gender: use one of F, M, X" in problems
    assert "row 6, column bame: use Y or N" in problems
    # A list column's unknown value is a category: reported once, by value, with both ways forward.
    assert any(p.startswith("area 'Atlantis' (1 row) is not a locality") for p in problems)
    assert not any("row 6, column area" in p for p in problems)
    assert not any("Brown" in p or "Amy" in p for p in problems)
    assert count(vault) == 0
    assert vault.conn.execute("SELECT count(*) FROM persons").fetchone()[0] == 0


def test_missing_and_unknown_columns(vault: Vault, tmp_path: Path) -> None:
    with pytest.raises(InputError) as exc:
        importer.import_referrals(
            vault, write(tmp_path, ["referral_date,victim_surname,colour", "2025-01-01,Smith,red"])
        )
    problems = exc.value.problems
    assert "header, column victim_forename: missing" in problems
    assert "header, column victim_dob: missing" in problems
    assert any(p.startswith("header, column colour: unknown column") for p in problems)
    path = write(tmp_path, ["referral_date,victim_id,colour", "2025-01-01,V1,red"])
    assert importer.import_referrals(vault, path, ignore_unknown=True).imported == 1
    with pytest.raises(InputError) as exc:
        importer.import_referrals(vault, write(tmp_path, ["victim_id", "V1"]))
    assert exc.value.problems == ["header, column referral_date: missing"]


def test_duplicate_of_vault_case_ref(vault: Vault, tmp_path: Path) -> None:
    importer.import_referrals(vault, write(tmp_path, [HEADER, GOOD[0]]))
    with pytest.raises(InputError) as exc:
        importer.import_referrals(vault, write(tmp_path, [HEADER, GOOD[0]]))
    assert exc.value.problems == ["row 2, column case_ref: already used by a case in the vault"]


def test_skip_invalid_writes_rejects(vault: Vault, tmp_path: Path) -> None:
    lines = [HEADER, GOOD[0], "IMP-9,2025-13-01,,Smith,Jane,04/03/1980,,,,,,,,,,,,", GOOD[1]]
    result = importer.import_referrals(vault, write(tmp_path, lines), skip_invalid=True)
    assert (result.imported, result.rejected) == (2, 1)
    assert result.rejects_file is not None
    assert oct(result.rejects_file.stat().st_mode & 0o777) == "0o600"
    text = result.rejects_file.read_text("utf-8-sig")
    assert "IMP-9" in text and "row 3, column referral_date" in text


def test_not_utf8_and_empty(vault: Vault, tmp_path: Path) -> None:
    path = tmp_path / "latin.csv"
    path.write_bytes("referral_date,victim_id\n2025-01-01,Nú\n".encode("latin-1"))
    with pytest.raises(UserError, match="not UTF-8"):
        importer.import_referrals(vault, path)
    (tmp_path / "empty.csv").write_bytes(b"")
    with pytest.raises(UserError, match="empty"):
        importer.import_referrals(vault, tmp_path / "empty.csv")


def test_xlsx(vault: Vault, tmp_path: Path) -> None:
    from datetime import datetime

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["referral_date", "victim_id", "dash_score", "area"])
    sheet.append([datetime(2025, 1, 5), "X1", 14, "Ibstock"])
    sheet.append(["06/02/2025", "X1", 3.0, "Ibstock"])
    path = tmp_path / "in.xlsx"
    book.save(path)
    result = importer.import_referrals(vault, path)
    assert result.imported == 2
    rows = case_list.list_cases(vault)
    assert [r["referral_date"] for r in rows] == ["2025-01-05", "2025-02-06"]
    assert rows[1]["repeat"] and rows[0]["risk_band"] == "high"


def big_file(tmp_path: Path, n: int) -> Path:
    lines = ["referral_date,victim_surname,victim_forename,victim_dob,perpetrator_id,area,dash_score"]
    areas = ["Coalville", "Greenhill", "Measham", "Whitwick"]
    for i in range(n):
        v = i % (n // 3)
        day = 1 + i % 28
        month = 1 + (i // 28) % 12
        lines.append(
            f"{day:02d}/{month:02d}/{2015 + i % 10},Surname{v},Fore{v},"
            f"{1 + v % 28}/{1 + v % 12}/{1950 + v % 50},P{v % 2000},{areas[i % 4]},{i % 20}"
        )
    return write(tmp_path, lines)


@pytest.mark.timing
def test_import_10000_rows_in_seconds(vault: Vault, tmp_path: Path) -> None:
    path = big_file(tmp_path, 10_000)
    seen: list[tuple[str, int, int]] = []
    started = time.perf_counter()
    result = importer.import_referrals(vault, path, progress=lambda s, d, t: seen.append((s, d, t)))
    elapsed = time.perf_counter() - started
    print(f"import 10,000 rows: {elapsed:.2f}s ({10_000 / elapsed:,.0f} rows/s)")
    assert result.imported == 10_000 and count(vault) == 10_000
    assert ("checked", 5000, 10_000) in seen and ("imported", 10_000, 10_000) in seen
    assert elapsed < 10
    refs = [r[0] for r in vault.conn.execute("SELECT case_ref FROM referrals ORDER BY id LIMIT 2")]
    assert refs[0].endswith("-0001") and refs[1].endswith("-0002")


def test_cli_import_and_list(vault: Vault, cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = write(tmp_path, [HEADER, *GOOD])
    code, out, err = cli("import", "referrals", str(path))
    assert code == 0, err
    assert "Imported 3 referral(s)." in out
    code, out, _ = cli("cases", "list", "--repeat", "--json")
    data = json.loads(out)
    assert [c["case_ref"] for c in data["cases"]] == ["IMP-2", "IMP-3"]
    first = data["cases"][0]
    assert first["repeat"] is True and first["previous_referral"] == "IMP-1"
    assert {
        "case_ref",
        "referral_date",
        "heard_date",
        "repeat",
        "previous_referral",
        "risk_band",
        "area",
    } <= set(first)
    code, out, _ = cli(
        "cases", "list", "--area", "Measham", "--from", "01/03/2025", "--to", "2025-03-31", "--json"
    )
    assert [c["case_ref"] for c in json.loads(out)["cases"]] == ["IMP-3"]
    code, out, _ = cli("cases", "show", "IMP-2")
    assert code == 0 and "Repeat: the same victim and perpetrator referred in case IMP-1" in out
    code, out, _ = cli("cases", "show", "IMP-2", "--json")
    assert json.loads(out)["previous_referral"] == "IMP-1"
    code, _, err = cli("cases", "show", "NOPE-1")
    assert code == 1 and "There is no case" in err


def test_cli_refuses_bad_file(vault: Vault, cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = write(tmp_path, [HEADER, GOOD[0], "X-2,2025-02-30,,A,B,01/01/1980,,,,,,,,,,,,"])
    code, out, err = cli("import", "referrals", str(path))
    assert code == 1
    assert "row 3, column referral_date: not a real date" not in err  # reasons come from fields
    assert "row 3, column referral_date:" in err and "nothing was imported" in err
    assert count(vault) == 0


def test_cli_missing_column_and_progress(vault: Vault, cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = write(tmp_path, ["referral_date,victim_surname,victim_forename", "2025-01-01,A,B"])
    code, _, err = cli("import", "referrals", str(path))
    assert code == 1 and "header, column victim_dob: missing" in err
    big = big_file(tmp_path, 2500)
    code, out, err = cli("import", "referrals", str(big), "--json")
    assert code == 0, err
    assert json.loads(out)["imported"] == 2500
    assert "checked 1,000 of 2,500 rows" in err and "imported 2,000 of 2,500 rows" in err
    assert "Surname" not in err + out


def test_cli_skip_invalid(vault: Vault, cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = write(tmp_path, [HEADER, GOOD[0], "X-2,2025-02-30,,A,B,01/01/1980,,,,,,,,,,,,"])
    rejects = tmp_path / "rej.csv"
    code, out, err = cli("import", "referrals", str(path), "--skip-invalid", "--rejects", str(rejects))
    assert code == 0, err
    assert "1 row(s) rejected" in out and rejects.exists()
    assert count(vault) == 1


def test_cli_settings_change_recomputes(vault: Vault, cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    cli("import", "referrals", str(write(tmp_path, [HEADER, *GOOD])))
    code, _, err = cli("settings", "set", "repeat.unit", "victim")
    assert code == 0, err
    # An impossible window is refused when it is set, and nothing changes.
    code, _, err = cli("settings", "set", "repeat.window_months", "0")
    assert code == 1 and "repeat.window_months must be a whole number from 1 to 120" in err
    code, out, _ = cli("settings", "list", "--json")
    assert json.loads(out)["settings"]["repeat.window_months"]["value"] == 12
    cli("settings", "set", "repeat.window_months", "1")
    code, out, _ = cli("cases", "list", "--repeat", "--json")
    assert json.loads(out)["cases"] == []
    code, out, _ = cli("cases", "recompute", "--json")
    assert code == 0 and json.loads(out)["changed"] == 0


def test_extra_form_columns_are_accepted(vault: Vault, tmp_path: Path) -> None:
    lines = [
        "referral_date,victim_id,victim_initials,perp_age,idva,pj_band,pj_reason,notes,status",
        "2025-01-01,V1,ab,17,IDVA 1,high,escalating threats,short note,closed",
    ]
    importer.import_referrals(vault, write(tmp_path, lines))
    case = case_list.list_cases(vault)[0]
    full = referrals.get(vault, case["case_ref"])
    assert (full["victim_initials"], full["perp_age"], full["perp_under18"], full["idva"]) == (
        "AB",
        17,
        True,
        "IDVA 1",
    )
    assert full["risk_band"] == "high" and full["status"] == "closed" and full["notes"] == "short note"
    with pytest.raises(InputError) as exc:
        importer.import_referrals(
            vault, write(tmp_path, ["referral_date,victim_id,pj_band", "2025-01-01,V2,high"])
        )
    assert exc.value.problems == ["row 2, column pj_reason: give the reason for the professional judgement"]


def test_bad_identity_is_a_row_problem(vault: Vault, tmp_path: Path) -> None:
    # Found by the fuzz test: a half-given identity on a short row.
    path = write(tmp_path, ["case_ref,victim_surname,victim_forename,victim_dob,referral_date", ",Smith"])
    with pytest.raises(InputError) as exc:
        importer.import_referrals(vault, path)
    assert "row 2, column victim_forename: required with surname and date of birth" in exc.value.problems
    assert "row 2, column referral_date: required" in exc.value.problems


def test_the_same_bad_identity_as_victim_and_perpetrator_is_reported_on_each_column(
    vault: Vault, tmp_path: Path
) -> None:
    # Identity checks are cached per raw identity during an import: the cached problem must still
    # name the column of the role it was found in.
    header = "case_ref,referral_date,victim_surname,victim_forename,victim_dob,perpetrator_surname,perpetrator_forename,perpetrator_dob"
    lines = [header, "B-1,2025-01-01,Smith,Ann,31/02/1980,Smith,Ann,31/02/1980"]
    with pytest.raises(InputError) as err:
        importer.import_referrals(vault, write(tmp_path, lines))
    problems = err.value.problems
    assert any("column victim_dob" in p for p in problems), problems
    assert any("column perpetrator_dob" in p for p in problems), problems
    assert count(vault) == 0


def test_an_imported_incident_date_makes_a_late_re_referral_a_repeat(vault: Vault, tmp_path: Path) -> None:
    head = "case_ref,referral_date,incident_date,victim_surname,victim_forename,victim_dob,perpetrator_id"
    rows = ["INC-1,2024-05-01,,Ash,Ada,01/01/1990,P-9", "INC-2,2025-05-06,28/04/2025,Ash,Ada,01/01/1990,P-9"]
    importer.import_referrals(vault, write(tmp_path, [head, *rows]))
    late = referrals.get(vault, "INC-2")
    assert late["incident_date"] == "2025-04-28" and late["repeat"]
    bad = ["INC-3,2025-05-06,2025-05-09,Ash,Ada,01/01/1990,P-9"]
    with pytest.raises(InputError, match="incident_date"):
        importer.import_referrals(vault, write(tmp_path, [head, *bad], name="bad.csv"))


def test_cli_review_lists_what_the_import_left_unclear(vault: Vault, cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    head = (
        "case_ref,referral_date,victim_surname,victim_forename,victim_dob,previous_marac_date,"
        "previous_marac_same_perpetrator,referrer_repeat"
    )
    rows = [
        "REV-1,2025-03-01,Elm,Eve,01/01/1990,2024-09-01,not known,N",
        "REV-2,2025-03-02,Oak,Ola,02/02/1991,,,Y",
    ]
    code, _, err = cli("import", "referrals", str(write(tmp_path, [head, *rows])))
    assert code == 0, err
    code, out, _ = cli("cases", "review", "--json")
    listed = {c["case_ref"]: c["reasons"] for c in json.loads(out)["cases"]}
    assert sorted(listed) == ["REV-1", "REV-2"]
    assert "not known whether it was the same perpetrator" in listed["REV-1"][0]
    assert "the referrer says MARAC repeat: yes" in listed["REV-2"][0]


def test_imported_history_agrees_with_itself(vault: Vault, tmp_path: Path) -> None:
    """Cases imported with a heard date are on that meeting's agenda in file order, the past
    meeting is marked held, and the pack lists the cases the return counts."""
    from dv_forum.marac import agenda, meetings
    from dv_forum.reports import pack_data
    from dv_forum.stats.periods import fy_quarter
    from dv_forum.stats.rules import Rules
    from dv_forum.stats.safelives import safelives_return

    head = "case_ref,referral_date,heard_date,victim_surname,victim_forename,victim_dob"
    rows = [
        "HIS-2,2024-02-20,2024-03-10,Birch,Bea,02/02/1982",
        "HIS-1,2024-02-10,2024-03-10,Ash,Ada,01/01/1981",
        "HIS-3,2024-02-25,,Cedar,Cy,03/03/1983",
    ]
    importer.import_referrals(vault, write(tmp_path, [head, *rows]))
    meeting = meetings.get_meeting(vault, "2024-03-10")
    assert meeting.status == "held"
    assert [c.case_ref for c in agenda.agenda(vault, meeting.id)] == ["HIS-2", "HIS-1"]
    packed = pack_data.load_current(vault, meeting.id).cases
    counted = safelives_return(vault.conn, fy_quarter(2023, 4), Rules()).total.counts["cases"]
    assert [c.case_ref for c in packed] == ["HIS-2", "HIS-1"] and counted == 2


def test_a_large_file_into_a_much_larger_vault_recomputes_only_what_it_touches(
    vault: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dv_forum.cases import recompute as full_recompute

    monkeypatch.setattr(importer, "INCREMENTAL_MAX", 5)  # "large" from 6 rows here
    importer.import_referrals(vault, big_file(tmp_path, 60))
    paths: list[str] = []
    real_for, real_full = importer.recompute_for, importer.recompute
    monkeypatch.setattr(importer, "recompute_for", lambda *a, **k: paths.append("units") or real_for(*a, **k))
    monkeypatch.setattr(importer, "recompute", lambda *a, **k: paths.append("whole") or real_full(*a, **k))
    small = tmp_path / "more"
    small.mkdir()
    importer.import_referrals(vault, big_file(small, 24))  # 24 rows into 60: touched units only
    assert paths == ["units"]
    flags = vault.conn.execute(
        "SELECT id, is_repeat, repeat_of, perp_repeat, serial_perp FROM referrals"
    ).fetchall()
    full_recompute.recompute(vault.conn)  # the whole-vault pass agrees with what the import stored
    again = vault.conn.execute(
        "SELECT id, is_repeat, repeat_of, perp_repeat, serial_perp FROM referrals"
    ).fetchall()
    assert [tuple(r) for r in flags] == [tuple(r) for r in again]
