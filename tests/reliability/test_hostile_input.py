"""S6: hostile and malformed import files never crash, hang or half-import.

Hypothesis generates incident CSVs (valid, broken and mutated: bad encodings, NUL, BOM, 1 MB cells,
ragged rows, duplicate headers, huge numbers, impossible dates, formula-like cells) and spreadsheet
files. Each must be imported whole, or rejected with located reasons leaving the vault unchanged.
"""

from __future__ import annotations

import io
import re
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from dv_forum.errors import InputError, UserError
from dv_forum.stats import service
from dv_forum.vault import KdfParams, Vault
from tests.conftest import PASSPHRASE

HANG_LIMIT = 5.0
FUZZ = settings(
    max_examples=400,
    deadline=timedelta(seconds=HANG_LIMIT),
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
)
# A located problem: "row N, column X: reason", "row N: reason" (a whole-row fault such as a ragged
# row or a duplicate), or a file-level reason (encoding, binary data, size, empty).
LOCATED = re.compile(r"^row \d+(, column [\w ]+)?: \S.*$")
FILE_LEVEL = (
    "the file is larger than",
    "the file holds binary data",
    "the file is not UTF-8",
    "the file is not valid CSV",
    "the file is empty",
    "more than",
    "no data rows",
)
COLUMNS = ("month", "count", "area")
MONTH_OK = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$", re.ASCII)


@pytest.fixture(scope="module")
def shared_vault(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Vault]:
    v, _ = Vault.create(tmp_path_factory.mktemp("fuzz") / "vault", "coord", PASSPHRASE, kdf=KdfParams())
    yield v
    v.close()


@pytest.fixture(scope="module")
def drop(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("drop") / "import.csv"


class Stats:
    accepted = 0
    rejected = 0


def _snapshot(v: Vault) -> list[tuple[str, str, int]]:
    return [tuple(r) for r in v.conn.execute("SELECT month, area, count FROM incident_counts ORDER BY 1, 2")]


def _check_import(v: Vault, drop: Path, data: bytes) -> None:
    drop.write_bytes(data)
    before = _snapshot(v)
    began = time.monotonic()
    try:
        n = service.import_incidents(v, drop)
    except InputError as exc:
        Stats.rejected += 1
        assert exc.problems, "a rejection must say why"
        for problem in exc.problems:
            assert LOCATED.match(problem) or problem.startswith(FILE_LEVEL), problem
            column = re.match(r"^row \d+, column ([\w ]+):", problem)
            if column:
                name = column.group(1)
                assert name in COLUMNS or name.isdigit(), problem
                if name in COLUMNS:  # the reason is about the column it names
                    assert name in problem.split(":", 1)[1], problem
        assert _snapshot(v) == before, "a rejected import changed the vault"
    except UserError as exc:  # a plain user error (no problems list) must still explain itself
        Stats.rejected += 1
        assert exc.message and exc.next_step
        assert _snapshot(v) == before
    else:
        Stats.accepted += 1
        try:
            after = _snapshot(v)
            assert n > 0 and len(after) == n, "imported whole: every data row is in the vault"
            for month, area, count in after:
                assert MONTH_OK.match(month), f"imported a month that is not YYYY-MM: {month!r}"
                assert 0 <= count <= 1_000_000
                assert all(ord(ch) >= 32 for ch in area)
        finally:
            with v.transaction():
                v.conn.execute("DELETE FROM incident_counts")
    assert time.monotonic() - began < HANG_LIMIT


# ----- generated CSV text -----

GOOD_MONTH = st.builds(lambda y, m: f"{y}-{m:02d}", st.integers(1990, 2040), st.integers(1, 12))
BAD_MONTH = st.sampled_from(
    ["2025-13", "2025-00", "0000-00", "2025-1", "25-04", "2025/04", "2025-02-30", "٢٠٢٥-٠٤", "2025-04\n", " "]
)
HUGE = st.sampled_from(["9" * 5000, "1" * 20, "1e308", "-1", "1.5", "0x10", "١٢", "²", "NaN", "inf"])
FORMULA = st.sampled_from(["=cmd|'/c calc'!A1", "+1+1", "-2", "@SUM(A1)", "\t=1", '=HYPERLINK("x")'])
CELL = st.one_of(
    GOOD_MONTH,
    BAD_MONTH,
    st.integers(0, 2_000_000).map(str),
    HUGE,
    FORMULA,
    st.text(max_size=30),
)
MEGA_CELL = "x" * 1_000_000
HEADER = st.one_of(
    st.just(["month", "count", "area"]),
    st.permutations(["month", "count", "area"]),
    st.just(["month", "count"]),
    st.just(["Month", "COUNT", "month"]),  # duplicate header
    st.just(["month", "count", "count"]),
    st.lists(st.sampled_from(["month", "count", "area", "", "notes", "\ufeffmonth"]), max_size=5),
)


@st.composite
def incident_csv(draw: st.DrawFn) -> bytes:
    header = draw(HEADER)
    width = len(header)
    n_rows = draw(st.integers(0, 12))
    ragged_row = draw(st.one_of(st.none(), st.integers(0, max(n_rows - 1, 0))))
    hostile = draw(st.integers(0, 40))  # percent of cells replaced by a hostile value
    rows = []
    for r in range(n_rows):
        n = draw(st.integers(0, width + 2)) if r == ragged_row else width
        row = []
        for col in range(n):
            name = header[col].strip().lower() if col < width else ""
            if draw(st.integers(0, 99)) < hostile:
                pick = {"month": st.one_of(BAD_MONTH, FORMULA), "count": st.one_of(HUGE, FORMULA)}
                row.append(draw(pick.get(name, CELL)))
            elif name == "month":
                row.append(draw(GOOD_MONTH))
            elif name == "count":
                row.append(str(draw(st.integers(0, 5000))))
            else:
                row.append(draw(st.text(max_size=8)))
        rows.append(row)
    if rows and rows[0] and draw(st.integers(0, 40)) == 0:
        rows[0][0] = MEGA_CELL
    buf = io.StringIO()
    import csv

    writer = csv.writer(buf, lineterminator=draw(st.sampled_from(["\n", "\r\n", "\r"])))
    writer.writerow(header)
    writer.writerows(rows)
    encoding = draw(st.sampled_from(["utf-8"] * 6 + ["utf-8-sig", "utf-16", "latin-1", "cp1252"]))
    return buf.getvalue().encode(encoding, errors="replace")


@FUZZ
@given(data=incident_csv())
@example(data=b"month,count\n2025-01," + b"9" * 5000 + b"\n")
@example(data="month,count\n\u0662\u0660\u0662\u0665-\u0660\u0664,5\n".encode())
@example(data=b"month,count,area\n2025-01,5," + b"x" * 1_000_000 + b"\n")
@example(data=b"\xef\xbb\xbfmonth,count\r\n2025-01,=1+1\r\n")
def test_s6_generated_incident_csvs_import_whole_or_reject_with_reasons(
    shared_vault: Vault, drop: Path, data: bytes
) -> None:
    _check_import(shared_vault, drop, data)


# ----- mutated valid files -----

VALID = ("month,count,area\n" + "".join(f"2024-{m:02d},{m * 3},North\n" for m in range(1, 13))).encode()


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    data = bytearray(VALID)
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["flip", "insert", "delete", "nul", "bom", "badutf8", "dup", "truncate"]))
        pos = draw(st.integers(0, len(data)))
        if kind == "flip" and data:
            i = min(pos, len(data) - 1)
            data[i] ^= 1 << draw(st.integers(0, 7))
        elif kind == "insert":
            data[pos:pos] = draw(st.binary(min_size=1, max_size=8))
        elif kind == "delete":
            del data[pos : pos + draw(st.integers(1, 20))]
        elif kind == "nul":
            data[pos:pos] = b"\x00"
        elif kind == "bom":
            data[pos:pos] = b"\xef\xbb\xbf"
        elif kind == "badutf8":
            data[pos:pos] = b"\xc3\x28"
        elif kind == "dup":
            data += bytes(data[: draw(st.integers(0, len(data)))])
        else:
            del data[pos:]
    return bytes(data)


@FUZZ
@given(data=mutated())
def test_s6_mutated_incident_csvs_import_whole_or_reject_with_reasons(
    shared_vault: Vault, drop: Path, data: bytes
) -> None:
    _check_import(shared_vault, drop, data)


# ----- spreadsheets, where a CSV is expected -----


@st.composite
def workbook(draw: st.DrawFn) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["month", "count", "area"])
    for _ in range(draw(st.integers(0, 5))):
        ws.append([draw(st.one_of(GOOD_MONTH, BAD_MONTH, FORMULA)), draw(st.integers(-5, 10**12)), "North"])
    out = io.BytesIO()
    wb.save(out)
    data = bytearray(out.getvalue())
    damage = draw(st.one_of(st.none(), st.integers(0, 10**6)))  # independent of the (timestamped) size
    if damage is not None:
        data[damage % len(data)] ^= 0xFF
    return bytes(data)


@settings(FUZZ, max_examples=200)
@given(data=workbook())
def test_s6_spreadsheet_bytes_given_as_csv_are_rejected_cleanly(
    shared_vault: Vault, drop: Path, data: bytes
) -> None:
    _check_import(shared_vault, drop, data)


def test_s6_fuzz_figures(shared_vault: Vault) -> None:
    """Runs last in this module: record that both outcomes were exercised."""
    assert Stats.accepted + Stats.rejected >= 1000
    assert Stats.accepted > 0 and Stats.rejected > 0
    print(f"S6 incidents: {Stats.accepted} imported whole, {Stats.rejected} rejected")
