"""Another district, end to end through the command line: set up its names and lists, import a
police export in its own spellings, bring meetings in, and print a pack with its name."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

Cli = Callable[..., tuple[int, str, str]]


@pytest.fixture
def district(cli: Cli) -> Cli:
    assert cli("init")[0] == 0
    code, _, err = cli(
        "setup",
        "--partnership", "Anytown Community Safety Partnership",
        "--marac-name", "Anytown MARAC",
        "--prefix", "any",
        "--locality", "Ashby de la Zouch",
        "--locality", "Northgate",
    )  # fmt: skip
    assert code == 0, err
    return cli


def police_export(path: Path, rows: int = 240, area: str = "Ashby", delimiter: str = ",") -> Path:
    """A file as a police system writes it: its own headings and its own spelling of a locality."""
    header = [
        "Referral Date",
        "Locality",
        "Referring Agency",
        "Victim Surname",
        "Victim Forename",
        "Victim DOB",
    ]
    with path.open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh, delimiter=delimiter)
        out.writerow(header)
        for i in range(rows):
            out.writerow(
                ["03/03/2026", area, "police", f"Surname{i:03d}", "Ann", f"{1 + i % 28:02d}/05/1990"]
            )
    return path


def referral_count(cli: Cli) -> int:
    code, out, _ = cli("cases", "list", "--json")
    assert code == 0
    return len(json.loads(out)["cases"])


def test_setup_and_lists_through_the_cli(district: Cli) -> None:
    code, out, _ = district("setup", "--json")
    setup = json.loads(out)
    assert setup["partnership"] == "Anytown Community Safety Partnership"
    assert setup["ref_prefix"] == "ANY"
    assert setup["localities"] == ["Ashby de la Zouch", "Northgate"]
    assert district("lists", "add", "locality", "Eastfield")[0] == 0
    assert district("lists", "retire", "locality", "Northgate")[0] == 0
    code, out, _ = district("lists", "show", "locality", "--json")
    values = {v["value"]: v["active"] for v in json.loads(out)["values"]}
    assert values == {"Ashby de la Zouch": True, "Eastfield": True, "Northgate": False}
    code, _, err = district("lists", "add", "locality", "eastfield")
    assert code == 1 and "already a locality" in err


def test_unknown_locality_in_240_rows_is_one_line_with_both_ways_forward(
    district: Cli, tmp_path: Path
) -> None:
    source = police_export(tmp_path / "police.csv")
    code, _, err = district("import", "referrals", str(source))
    assert code == 1
    lines = [line for line in err.splitlines() if line.startswith("area")]
    assert lines == [
        "area 'Ashby' (240 rows) is not a locality: map it with `--map area:Ashby=Ashby de la Zouch` "
        "or add it with `dv-forum lists add locality Ashby`"
    ]
    assert "Surname" not in err
    assert referral_count(district) == 0


def test_map_imports_every_row_and_remember_keeps_it_for_the_next_file(district: Cli, tmp_path: Path) -> None:
    first = police_export(tmp_path / "first.csv")
    code, out, err = district(
        "import", "referrals", str(first), "--map", "area:Ashby=Ashby de la Zouch", "--remember", "--json"
    )
    assert code == 0, err
    assert json.loads(out)["imported"] == 240 and json.loads(out)["remembered"] == 1
    code, out, _ = district("cases", "list", "--json")
    cases = json.loads(out)["cases"]
    assert {c["area"] for c in cases} == {"Ashby de la Zouch"}
    assert all(c["case_ref"].startswith("ANY-2026-") for c in cases)
    second = police_export(tmp_path / "second.csv", rows=3, delimiter=";")
    for i, line in enumerate(second.read_text().splitlines()):  # new people, same spelling
        assert i == 0 or "Ashby" in line
    second.write_text(second.read_text().replace("Surname0", "Other0"))
    code, out, err = district("import", "referrals", str(second), "--json")
    assert code == 0, err
    assert json.loads(out)["imported"] == 3


def test_a_bad_map_is_refused_before_anything_is_read(district: Cli, tmp_path: Path) -> None:
    source = police_export(tmp_path / "police.csv", rows=2)
    code, _, err = district("import", "referrals", str(source), "--map", "area:Ashby=Atlantis")
    assert code == 1 and "'Atlantis' is not a locality" in err
    code, _, err = district("import", "referrals", str(source), "--map", "notes:a=b")
    assert code == 1 and "not a list column" in err


def test_template_explains_every_column_and_a_hand_written_file_imports(
    district: Cli, tmp_path: Path
) -> None:
    template = tmp_path / "template.xlsx"
    assert district("import", "referrals", "--template", str(template))[0] == 0
    book = load_workbook(template)
    assert book.sheetnames == ["referrals", "columns"]
    guide = {row[0]: row for row in book["columns"].iter_rows(min_row=2, values_only=True) if row[0]}
    assert "Ashby de la Zouch" in guide["area"][3] and guide["referral_date"][1] == "yes"
    assert "perp_gender" in guide["perpetrator_gender"][5]
    # Filled in by hand on the template's own sheet: natural headings, in any order and case.
    sheet = book["referrals"]
    sheet.delete_rows(1)
    sheet.append(
        ["Referral date", "AREA", "Victim surname", "Victim forename", "Victim date of birth", "Age"]
    )
    sheet.append(["2026-04-01", "northgate", "Hill", "Jo", "1988-02-02", 31])
    book.save(template)
    code, out, err = district("import", "referrals", str(template), "--json")
    assert code == 0, err
    assert json.loads(out)["imported"] == 1


def test_problems_name_the_spreadsheet_row_and_the_column_letter(district: Cli, tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["referral_date", "victim_id", "area", "DASH score"])
    sheet.append(["2026-04-01", "V1", "Northgate", 12])
    sheet.append(["2026-04-01", "V2", "Northgate", "lots"])
    book.create_sheet("notes")
    path = tmp_path / "two.xlsx"
    book.save(path)
    code, _, err = district("import", "referrals", str(path))
    assert code == 1 and "2 sheets: Sheet, notes" in err and "--sheet" in err
    code, _, err = district("import", "referrals", str(path), "--sheet", "Sheet")
    assert code == 1
    assert "row 3, column dash_score (D): not a whole number" in err


def test_unknown_headings_say_what_they_may_have_meant(district: Cli, tmp_path: Path) -> None:
    path = tmp_path / "typo.csv"
    path.write_text("Referal Date,victim_id\n2026-01-01,V1\n")
    code, _, err = district("import", "referrals", str(path))
    assert code == 1
    assert "header, column Referal Date: unknown column; did you mean referral_date?" in err


def test_meetings_come_in_with_attendance_and_actions_and_the_pack_carries_the_name(
    district: Cli, tmp_path: Path
) -> None:
    source = tmp_path / "cases.csv"
    source.write_text("case_ref,referral_date,victim_id,area\nOLD-1,2025-05-20,V1,Northgate\n")
    assert district("import", "referrals", str(source))[0] == 0
    meetings = tmp_path / "meetings.csv"
    meetings.write_text(
        "Record,Meeting Date,Venue,Chair,Agency,Attendance,Case Ref,Action,Due Date,Action Status\n"
        "meeting,11/06/2025,CV-1,DI Smith,,,,,,\n"
        "attendance,11/06/2025,,,police,present,,,,\n"
        "attendance,11/06/2025,,,Housing,apologies,,,,\n"
        "action,11/06/2025,,,Police,,OLD-1,Share bail conditions,25/06/2025,done\n"
    )
    code, out, err = district("import", "meetings", str(meetings), "--json")
    assert code == 0, err
    assert json.loads(out) == {"meetings": 1, "attendance": 2, "actions": 1}
    code, out, _ = district("meetings", "list", "--json")
    listed = json.loads(out)
    assert [m["date"] for m in listed] == ["2025-06-11"] and listed[0]["status"] == "held"
    pack = tmp_path / "pack.pdf"
    code, _, err = district("pack", "2025-06-11", "--out", str(pack))
    assert code == 0, err
    from pypdf import PdfReader

    text = PdfReader(pack).pages[0].extract_text()
    assert "Anytown MARAC" in text and "Anytown Community Safety Partnership" in text


def test_a_bad_meetings_file_is_refused_whole_with_row_and_reason(district: Cli, tmp_path: Path) -> None:
    meetings = tmp_path / "meetings.csv"
    meetings.write_text(
        "record,meeting_date,agency,attendance,case_ref,action\n"
        "meeting,2025-06-11,,,,\n"
        "attendance,2025-06-11,Police,maybe,,\n"
        "action,2025-06-11,Police,,NOPE-1,Call\n"
    )
    code, _, err = district("import", "meetings", str(meetings))
    assert code == 1
    assert "row 3, column attendance: use one of present, apologies, info_sent, absent" in err
    assert "row 4, column case_ref: no case with that reference in this vault" in err
    code, out, _ = district("meetings", "list", "--json")
    assert json.loads(out) == []


def test_help_lists_every_column(district: Cli, capsys: pytest.CaptureFixture[str]) -> None:
    from dv_forum.cases import import_spec

    code, out, _ = district("import", "referrals", "--help")
    assert code == 0
    for column in import_spec.COLUMNS:
        assert f"  {column.name}" in out


def test_the_import_doc_lists_every_column_as_the_program_reads_them() -> None:
    from dv_forum.cases import import_docs

    assert import_docs.DOC.read_text("utf-8") == import_docs.render(), (
        "docs/import.md is out of date: run python -m dv_forum.cases.import_docs"
    )


def test_meetings_template_names_every_column(district: Cli, tmp_path: Path) -> None:
    from dv_forum.marac import meetings_import

    path = tmp_path / "meetings.xlsx"
    code, _, err = district("import", "meetings", "--template", str(path))
    assert code == 0, err
    header = next(load_workbook(path)["meetings"].iter_rows(values_only=True))
    assert list(header) == [c.name for c in meetings_import.COLUMNS]
    code, _, err = district("import", "meetings", "--template", str(path))
    assert code == 2 or (code == 1 and "exists already" in err)


def test_possible_matches_are_decided_by_their_case_references(district: Cli, tmp_path: Path) -> None:
    source = tmp_path / "two.csv"
    source.write_text(
        "case_ref,referral_date,area,victim_surname,victim_forename,victim_dob\n"
        "M-1,2026-01-05,Northgate,Smith,Ann,1980-03-04\n"
        "M-2,2026-05-05,Northgate,Smyth,Anne,1980-03-04\n"
    )
    assert district("import", "referrals", str(source))[0] == 0
    code, out, _ = district("cases", "matches", "--json")
    [pair] = json.loads(out)["matches"]
    assert {pair["case_a"], pair["case_b"]} == {"M-1", "M-2"}
    code, _, err = district("cases", "match-confirm", "M-1", "NOPE-9")
    assert code == 1 and "no possible match between M-1 and NOPE-9" in err
    code, out, err = district("cases", "match-confirm", "M-2", "M-1")
    assert code == 0, err
    code, out, _ = district("cases", "list", "--json")
    repeat = {c["case_ref"]: c["repeat"] for c in json.loads(out)["cases"]}
    assert repeat == {"M-1": False, "M-2": True}


def test_a_case_reference_prefix_of_the_wrong_shape_is_refused_everywhere(district: Cli) -> None:
    code, _, err = district("settings", "set", "cases.ref_prefix", "any town")
    assert code == 1 and "1 to 8 capital letters or digits" in err
    code, _, err = district("setup", "--prefix", "x-y")
    assert code == 1 and "prefix" in err
    code, out, _ = district("setup", "--json")
    assert json.loads(out)["ref_prefix"] == "ANY"
