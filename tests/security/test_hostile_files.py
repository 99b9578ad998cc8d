"""S24 / issue 15 item 10: hostile workbooks are refused with bounded memory and a clear message.

Each file is read in a child process, so its peak memory can be measured (getrusage) and a runaway
read cannot take the test run down with it (the child's address space is capped at 1.5 GB).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

PEAK_LIMIT_MB = 500

CHILD = r"""
import json, resource, sys
from pathlib import Path
resource.setrlimit(resource.RLIMIT_AS, (1536 * 2**20, 1536 * 2**20))
from dv_forum.cases.import_read import read_table
from dv_forum.errors import UserError
try:
    header, rows, n = read_table(Path(sys.argv[1]))
    outcome = {"read": n}
except UserError as exc:
    outcome = {"refused": exc.message}
except MemoryError:
    outcome = {"memory": True}
outcome["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(outcome))
"""


def _read_in_child(path: Path) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(path)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result: dict[str, object] = json.loads(done.stdout)
    return result


def _small_book(path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["referral_date", "victim_id"])
    sheet.append(["2024-01-02", "V1"])
    book.save(path)


def _rewrite_sheet(src: Path, dst: Path, edit: object) -> None:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = edit(data)  # type: ignore[operator]
            zout.writestr(item.filename, data)


def test_a_workbook_declaring_the_largest_sheet_is_read_in_bounded_memory(tmp_path: Path) -> None:
    plain = tmp_path / "plain.xlsx"
    _small_book(plain)
    huge = tmp_path / "declared.xlsx"
    _rewrite_sheet(
        plain, huge, lambda d: re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD1048576"/>', d)
    )
    assert huge.stat().st_size < 10_000
    result = _read_in_child(huge)
    assert result.get("read") == 1, result
    assert float(str(result["peak_mb"])) < PEAK_LIMIT_MB


def test_a_cell_far_out_in_the_sheet_is_refused_in_bounded_memory(tmp_path: Path) -> None:
    plain = tmp_path / "plain.xlsx"
    _small_book(plain)
    far = tmp_path / "far.xlsx"
    far_cell = b'<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'
    _rewrite_sheet(
        plain,
        far,
        lambda d: re.sub(
            rb'<dimension ref="[^"]*"/>',
            b'<dimension ref="A1:XFD1048576"/>',
            d.replace(b"</sheetData>", far_cell),
        ),
    )
    assert far.stat().st_size < 10_000
    result = _read_in_child(far)
    assert "rows" in str(result.get("refused")), result
    assert float(str(result["peak_mb"])) < PEAK_LIMIT_MB


def test_a_deflate_bomb_is_refused_before_it_is_unpacked(tmp_path: Path) -> None:
    plain = tmp_path / "plain.xlsx"
    _small_book(plain)
    bomb = tmp_path / "bomb.xlsx"
    row = b'<row><c t="inlineStr"><is><t>aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa</t></is></c></row>'
    with zipfile.ZipFile(plain) as zin, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            if item.filename != "xl/worksheets/sheet1.xml":
                zout.writestr(item.filename, zin.read(item.filename))
        with zout.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
            sheet.write(b"<sheetData>")
            chunk = row * 20_000
            for _ in range(300):  # about 480 MB of XML
                sheet.write(chunk)
            sheet.write(b"</sheetData></worksheet>")
    assert bomb.stat().st_size < 5_000_000
    result = _read_in_child(bomb)
    assert "too large" in str(result.get("refused")), result
    assert float(str(result["peak_mb"])) < PEAK_LIMIT_MB


@pytest.mark.parametrize("lie", [True])
def test_a_bomb_that_understates_its_size_is_refused(tmp_path: Path, lie: bool) -> None:
    plain = tmp_path / "plain.xlsx"
    _small_book(plain)
    liar = tmp_path / "liar.xlsx"
    _rewrite_sheet(plain, liar, lambda d: d.replace(b"</sheetData>", b"<row/>" * 2_000_000 + b"</sheetData>"))
    data = bytearray(liar.read_bytes())
    # Shrink the sheet's declared size in the central directory: the reader must not trust it.
    with zipfile.ZipFile(liar) as z:
        info = z.getinfo("xl/worksheets/sheet1.xml")
    central = data.rfind(b"xl/worksheets/sheet1.xml")
    size_at = central - 46 + 24
    assert int.from_bytes(data[size_at : size_at + 4], "little") == info.file_size
    data[size_at : size_at + 4] = (1000).to_bytes(4, "little")
    liar.write_bytes(bytes(data))
    result = _read_in_child(liar)
    assert "refused" in result, result
    assert float(str(result["peak_mb"])) < PEAK_LIMIT_MB


def test_a_huge_csv_is_refused_without_being_read_into_memory(tmp_path: Path) -> None:
    big = tmp_path / "big.csv"
    with big.open("w") as fh:
        fh.write("referral_date,victim_id\n")
        line = "2024-01-02,V1\n" * 10_000
        for _ in range(600):  # about 84 MB... well over the cap, far under the machine
            fh.write(line)
    result = _read_in_child(big)
    assert "too large" in str(result.get("refused")), result
    assert float(str(result["peak_mb"])) < PEAK_LIMIT_MB
