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
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from dv_forum.errors import InputError, UserError
from dv_forum.stats import service
from dv_forum.vault import KdfParams, Vault
from tests.conftest import PASSPHRASE, district_setup

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
    v = district_setup(
        Vault.create(tmp_path_factory.mktemp("fuzz") / "vault", "coord", PASSPHRASE, kdf=KdfParams())[0]
    )
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


# ===== referrals: `dv-forum import referrals` (CSV and XLSX), the cases area's importer =====
#
# Same contract as incidents: imported whole, or refused with `row N, column X: reason` (or
# `header, column X: reason`, or a file-level reason) and the vault unchanged; never an uncaught
# exception or a hang. A refusal never repeats the value it found (a cell may hold case data).

REF_LOCATED = re.compile(
    r"^(row \d+(, column ([\w ]+)(?: \([A-Z]+\))?)?|header(, column (.*?))?): \S.*$", re.DOTALL
)
# A list column's unknown value is reported once by value (a category, not case data; issue 18).
LIST_LINE = re.compile(
    r"^(area|referring_agency)( '.*' \(\d+ rows?\)|: a value of \d+ characters .*?) is not a ", re.DOTALL
)
REF_MARKER = "QXHOSTILE"  # put in hostile cells; must never come back in a problem or message
REF_TABLES = ("referrals", "persons", "person_match_keys", "meetings")
TEXT_COLUMNS = ("referring_agency", "area", "notes", "idva", "previous_marac_where", "pj_reason")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)


class RefStats:
    accepted = 0
    rejected = 0


def _ref_snapshot(v: Vault) -> tuple[int, ...]:
    return tuple(int(v.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]) for t in REF_TABLES)


def _data_rows(path: Path) -> int:
    """How many non-blank data rows the file holds, read independently of the importer."""
    if path.suffix == ".xlsx":
        from openpyxl import load_workbook

        book = load_workbook(path, read_only=True, data_only=True)
        try:
            rows = [
                [c for c in r if c is not None and str(c).strip()]
                for r in book.worksheets[0].iter_rows(values_only=True)
            ]
        finally:
            book.close()
    else:
        import csv

        with path.open(encoding="utf-8-sig", newline="") as fh:
            rows = [[c for c in r if c.strip()] for r in csv.reader(fh)]
    return sum(1 for r in rows[1:] if r)


def _check_referral_import(v: Vault, path: Path, data: bytes) -> None:
    from dv_forum.cases import import_spec, importer

    path.write_bytes(data)
    before = _ref_snapshot(v)
    try:
        result = importer.import_referrals(v, path)
    except InputError as exc:
        RefStats.rejected += 1
        assert exc.problems, "a rejection must say why"
        for problem in exc.problems:
            m = REF_LOCATED.match(problem)
            listed = LIST_LINE.match(problem)
            assert m or listed or problem.startswith(FILE_LEVEL), problem
            if not listed:
                assert REF_MARKER not in problem, f"the reason repeats a cell value: {problem[:80]!r}"
            else:
                assert not CONTROL.search(problem), "a list value shown with control characters"
            if m and m.group(3):
                assert m.group(3) in importer.KNOWN or m.group(3) in import_spec.BY_NAME, problem
        assert _ref_snapshot(v) == before, "a rejected import changed the vault"
    except UserError as exc:
        RefStats.rejected += 1
        assert exc.message and exc.next_step
        assert REF_MARKER not in exc.message
        assert _ref_snapshot(v) == before
    else:
        RefStats.accepted += 1
        try:
            assert result.rejected == 0 and result.rejects_file is None
            # A row of the same pair before its case's hearing is recorded on that case (same_case).
            taken = result.imported + result.folded
            assert taken == _data_rows(path), "imported whole: every data row is in the vault"
            assert _ref_snapshot(v)[0] == before[0] + result.imported
            today = time.strftime("%Y-%m-%d")
            cols = ", ".join(("referral_date", "heard_date", "victim_id", "dash_score", *TEXT_COLUMNS))
            for row in v.conn.execute(f"SELECT {cols} FROM referrals"):
                referral_date, heard, victim, score, *texts = tuple(row)
                assert ISO_DAY.match(referral_date) and referral_date <= today, referral_date
                assert heard is None or (ISO_DAY.match(heard) and heard >= referral_date)
                assert victim is not None
                assert score is None or 0 <= score <= 40
                for text in texts:
                    assert text is None or not CONTROL.search(text), "control characters stored"
        finally:
            with v.transaction():
                for table in ("referrals", "person_match_keys", "persons", "meetings"):
                    v.conn.execute(f"DELETE FROM {table}")  # noqa: S608 - fixed names


REF_GOOD = {
    "case_ref": st.one_of(st.just(""), st.integers(1, 99).map(lambda n: f"HX-{n:03d}")),
    "referral_date": st.dates(date(2015, 1, 1), date(2025, 12, 31))
    .map(lambda d: st.sampled_from([d.isoformat(), d.strftime("%d/%m/%Y")]))
    .flatmap(lambda s: s),
    "heard_date": st.just(""),
    "victim_id": st.integers(1, 30).map(lambda n: f"V{n}"),
    "victim_surname": st.sampled_from(["Smith", "Núñez", "O'Brien", "Ng"]),
    "victim_forename": st.sampled_from(["Ann", "Zoë", "Li"]),
    "victim_dob": st.sampled_from(["01/02/1980", "1979-12-31", "29/02/1988"]),
    "perpetrator_id": st.sampled_from(["", "P1", "P2"]),
    "dash_score": st.one_of(st.just(""), st.integers(0, 40).map(str)),
    "criteria": st.sampled_from(["", "escalation", "professional_judgement;repeat"]),
    "victim_gender": st.sampled_from(["F", "m", "X", ""]),
    "victim_age": st.one_of(st.just(""), st.integers(16, 90).map(str)),
    "bame": st.sampled_from(["Y", "n", "", "true"]),
    "children": st.integers(0, 4).map(str),
    "area": st.sampled_from(["Coalville", "measham", "Other", ""]),
    "notes": st.text(max_size=20).map(lambda s: "".join(c for c in s if not CONTROL.match(c))),
    "referring_agency": st.sampled_from(["Police", "Health", ""]),
}
REF_HOSTILE = st.one_of(
    st.sampled_from(
        [
            "2025-02-30",
            "31/13/2025",
            "2099-01-01",
            "0000-00-00",
            "٢٠٢٥-٠١-٣١",
            "2025-01-31\n",
            "1" * 5000,
            "-1",
            "1e308",
            "NaN",
            "١٢",
            "²",
            "=cmd|'/c calc'!A1",
            "+1+1",
            "@SUM(A1)",
            "\t=1",
            "Atlantis",
            "maybe",
            "nonsense;repeat",
        ]
    ),
    st.sampled_from(["\x00", "\x1b[31m", "\u202e", "\x7f", "\x85", "\r", "\x0c"]).map(
        lambda c: f"{REF_MARKER}{c}{REF_MARKER}"
    ),
    st.text(max_size=12).map(lambda s: REF_MARKER + s),
)
REF_VALID_HEADER = st.one_of(
    st.just(["referral_date", "victim_id", "perpetrator_id", "dash_score", "area", "notes"]),
    st.just(["case_ref", "victim_surname", "referral_date", "victim_forename", "victim_dob", "children"]),
    st.lists(st.sampled_from(sorted(REF_GOOD)), min_size=1, max_size=7, unique=True).map(
        lambda h: list(dict.fromkeys(["referral_date", "victim_id", *h]))
    ),
)
REF_BAD_HEADER = st.one_of(
    st.just(["referral_date", "victim_id", "Victim_ID"]),  # duplicate header
    st.just(["\ufeffreferral_date", "victim_id"]),
    st.lists(st.sampled_from([*sorted(REF_GOOD), "", "colour"]), max_size=5),
)
# Mostly headers that pass, so the rows themselves get exercised.
REF_HEADER = st.one_of(REF_VALID_HEADER, REF_VALID_HEADER, REF_VALID_HEADER, REF_BAD_HEADER)
RARELY = st.integers(0, 40).map(lambda n: n == 17)  # about 1 in 40 (hypothesis favours 0 and 40)


@st.composite
def referral_rows(draw: st.DrawFn) -> tuple[list[str], list[list[str]]]:
    header = draw(REF_HEADER)
    width = len(header)
    n_rows = draw(st.integers(0, 8))
    ragged_row = draw(st.one_of(st.none(), st.none(), st.none(), st.integers(0, max(n_rows - 1, 0))))
    hostile = draw(st.sampled_from([0, 0, 5, 20, 50]))  # percent of cells replaced by a hostile value
    rows = []
    for r in range(n_rows):
        n = draw(st.integers(0, width + 2)) if r == ragged_row else width
        row = []
        for col in range(n):
            name = header[col].strip().lower() if col < width else ""
            if draw(st.integers(0, 99)) < hostile or name not in REF_GOOD:
                row.append(draw(REF_HOSTILE))
            else:
                row.append(draw(REF_GOOD[name]))
        rows.append(row)
    return header, rows


@st.composite
def referral_csv(draw: st.DrawFn) -> bytes:
    import csv

    header, rows = draw(referral_rows())
    if rows and rows[0] and draw(RARELY):
        rows[0][0] = REF_MARKER + MEGA_CELL
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator=draw(st.sampled_from(["\n", "\r\n", "\r"])))
    writer.writerow(header)
    writer.writerows(rows)
    encoding = draw(st.sampled_from(["utf-8"] * 6 + ["utf-8-sig", "utf-16", "latin-1", "cp1252"]))
    return buf.getvalue().encode(encoding, errors="replace")


@pytest.fixture(scope="module")
def ref_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("refdrop") / "referrals.csv"


@pytest.fixture(scope="module")
def ref_xlsx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("refdrop") / "referrals.xlsx"


@settings(FUZZ, max_examples=400)
@given(data=referral_csv())
@example(
    data=b"referral_date,victim_id,notes\n2025-01-31,V1," + REF_MARKER.encode() + b"x" * 1_000_000 + b"\n"
)
@example(data=b"referral_date,victim_id,notes\n2025-01-31,V1,a\x00b\n")
@example(data="referral_date,victim_id,dash_score\n٢٠٢٥-٠١-٣١,V1,١٢\n".encode())
def test_s6_generated_referral_csvs_import_whole_or_reject_with_reasons(
    shared_vault: Vault, ref_csv: Path, data: bytes
) -> None:
    _check_referral_import(shared_vault, ref_csv, data)


REF_VALID = (
    "case_ref,referral_date,victim_surname,victim_forename,victim_dob,perpetrator_id,dash_score,area,notes\n"
    + "".join(
        f"HX-{i:03d},2024-0{i}-1{i},Smith{i},Ann,0{i}/02/1980,P{i % 3},{10 + i},Coalville,note {i}\n"
        for i in range(1, 9)
    )
).encode()


@st.composite
def mutated_referrals(draw: st.DrawFn) -> bytes:
    data = bytearray(REF_VALID)
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


@settings(FUZZ, max_examples=200)
@given(data=mutated_referrals())
def test_s6_mutated_referral_csvs_import_whole_or_reject_with_reasons(
    shared_vault: Vault, ref_csv: Path, data: bytes
) -> None:
    _check_referral_import(shared_vault, ref_csv, data)


XLSX_CELL = st.one_of(
    st.none(),
    st.integers(-5, 10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.datetimes(datetime(1900, 3, 1), datetime(2099, 12, 31)),
    st.dates(date(1900, 3, 1), date(2099, 12, 31)),
    st.sampled_from(["=1+1", "=NOW()", "#DIV/0!", "=cmd|'/c calc'!A1"]),
    st.text(max_size=12).map(lambda s: REF_MARKER + CONTROL.sub("", s)),
)


@st.composite
def referral_workbook(draw: st.DrawFn) -> tuple[str, bytes]:
    from openpyxl import Workbook

    header, rows = draw(referral_rows())
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(header)
    for row in rows:  # typed cells, as a spreadsheet holds them, mixed with text
        ws.append([draw(XLSX_CELL) if draw(st.integers(0, 3)) == 0 else CONTROL.sub("", c) for c in row])
    out = io.BytesIO()
    wb.save(out)
    data = bytearray(out.getvalue())
    damage = draw(st.one_of(st.none(), st.none(), st.integers(0, 10**6)))
    if damage is not None:
        data[damage % len(data)] ^= 0xFF
    return draw(st.sampled_from([".xlsx"] * 5 + [".csv"])), bytes(data)


@settings(FUZZ, max_examples=200)
@given(book=referral_workbook())
def test_s6_referral_workbooks_import_whole_or_reject_with_reasons(
    shared_vault: Vault, ref_csv: Path, ref_xlsx: Path, book: tuple[str, bytes]
) -> None:
    suffix, data = book
    _check_referral_import(shared_vault, ref_xlsx if suffix == ".xlsx" else ref_csv, data)


def test_s6_referral_fuzz_figures() -> None:
    """Runs after the referral properties: both outcomes were exercised; with incidents, 1,000+."""
    assert RefStats.accepted > 0 and RefStats.rejected > 0
    assert Stats.accepted + Stats.rejected + RefStats.accepted + RefStats.rejected >= 1000
    print(f"S6 referrals: {RefStats.accepted} imported whole, {RefStats.rejected} rejected")
