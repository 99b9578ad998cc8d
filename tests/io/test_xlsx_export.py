import os

import pytest
from openpyxl import load_workbook

from dv_forum.errors import PermissionDenied, UserError
from dv_forum.io.list_export import AUDIT_ACTION, export_list
from dv_forum.io.xlsx_export import safe_cell, with_suffix, write_xlsx
from dv_forum.marac.settings import MARKING
from dv_forum.settings import set_setting
from dv_forum.vault import audit


def _read(path):
    sheet = load_workbook(path).active
    return sheet, [[c.value for c in row] for row in sheet.iter_rows()]


def test_a_formula_is_text_and_numbers_stay_numbers(tmp_path):
    target = tmp_path / "list.xlsx"
    rows = [["=1+1", 5, "@SUM(A1)"], ["-2", -3, "Whitwick"], [None, 2.5, "a\x00b"]]
    assert write_xlsx(target, "Case list", "OFFICIAL", ["Case", "Age", "Note"], rows) == 3
    sheet, values = _read(target)
    assert values[2] == ["'=1+1", 5, "'@SUM(A1)"]
    assert values[3] == ["'-2", -3, "Whitwick"]
    assert values[4] == [None, 2.5, "ab"]  # an XML-illegal character dropped, not a failure
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            assert cell.data_type != "f"  # nothing is a formula


def test_the_marking_heads_the_sheet_and_every_printed_page(tmp_path):
    target = tmp_path / "list.xlsx"
    write_xlsx(target, "Audit: log [x]", "OFFICIAL-SENSITIVE & PERSONAL", ["A"], [["x"]])
    sheet, values = _read(target)
    assert values[0][0] == "OFFICIAL-SENSITIVE & PERSONAL"
    assert values[1] == ["A"]
    assert sheet.title == "Audit  log  x"  # characters Excel refuses in a sheet name are spaces
    assert "OFFICIAL-SENSITIVE && PERSONAL" in sheet.oddHeader.center.text
    assert "OFFICIAL-SENSITIVE && PERSONAL" in sheet.oddFooter.center.text
    assert sheet.freeze_panes == "A3"


def test_written_private_and_atomically(tmp_path, monkeypatch):
    import tempfile

    from openpyxl import Workbook

    target = tmp_path / "out" / "list.xlsx"
    target.parent.mkdir()
    elsewhere = tmp_path / "tmp"
    elsewhere.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(elsewhere))
    write_xlsx(target, "List", "OFFICIAL", ["A"], [[1]])
    assert oct(os.stat(target).st_mode & 0o777) == "0o600"
    assert [p.name for p in target.parent.iterdir()] == ["list.xlsx"]
    assert list(elsewhere.iterdir()) == []  # no staging file with the rows in the shared temp

    def broken(self, fh):
        fh.write(b"half a workbook")
        raise OSError(5, "I/O error")

    monkeypatch.setattr(Workbook, "save", broken)
    with pytest.raises(OSError):
        write_xlsx(target, "List", "OFFICIAL", ["A"], [[2]])
    assert [p.name for p in target.parent.iterdir()] == ["list.xlsx"]  # old file stands, no temp
    assert _read(target)[1][2] == [1]


def test_a_missing_folder_is_one_clear_line(tmp_path):
    with pytest.raises(UserError) as info:
        write_xlsx(tmp_path / "nowhere" / "list.xlsx", "List", "OFFICIAL", ["A"], [])
    assert "does not exist" in info.value.message and info.value.next_step


def test_suffix_and_cells():
    assert with_suffix(tmp := __import__("pathlib").Path("/x/cases")).name == "cases.xlsx"
    assert with_suffix(tmp.with_name("a.XLSX")).name == "a.XLSX"
    assert safe_cell(True) == 1 and safe_cell("+44") == "'+44"


def test_export_list_marks_with_the_vault_setting_and_audits_name_and_count(vault, tmp_path):
    with vault.transaction():
        set_setting(vault.conn, MARKING, "OFFICIAL-SENSITIVE: MARAC")
    done = export_list(vault, tmp_path / "cases", "Case list", ["Case"], [["NWL-2026-00001"], ["=x"]])
    assert done.path == tmp_path / "cases.xlsx" and done.rows == 2
    sheet, values = _read(done.path)
    assert values[0][0] == "OFFICIAL-SENSITIVE: MARAC"
    assert values[3] == ["'=x"]
    entry = audit.rows(vault.conn, action=AUDIT_ACTION)[0]
    assert (entry.ref, entry.detail) == ("Case list", "xlsx; 2 rows")
    assert "NWL" not in str(entry.to_dict()) and "cases" not in str(entry.detail)


def test_export_needs_the_export_permission(vault_factory, tmp_path):
    worker = vault_factory("outreach", "ann")
    with pytest.raises(PermissionDenied):
        export_list(worker, tmp_path / "x.xlsx", "Outreach clients", ["Client"], [["OR-1"]])
    assert not (tmp_path / "x.xlsx").exists()
