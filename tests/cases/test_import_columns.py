"""The import's column-at-a-time checks agree with the row-by-row reference (`importer.check_row`)
on every file: the same rows kept, the same values and linkage keys, the same problems in the same
order. The fast path may only be faster, never different."""

from __future__ import annotations

import gc
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dv_forum.cases import importer
from dv_forum.cases.import_columns import Checked, Layout, check_columns
from dv_forum.gcpause import paused

SECRET = b"s" * 32
LOCALITIES = ["Coalville", "Measham", "Greenhill"]
EXISTING = {"OLD-1"}
COLUMNS = [
    "case_ref",
    "referral_date",
    "heard_date",
    "previous_marac_date",
    "dash_score",
    "pj_band",
    "pj_reason",
    "criteria",
    "victim_gender",
    "perp_age",
    "perp_under18",
    "area",
    "status",
    "children_ages",
    "victim_id",
    "victim_surname",
    "victim_forename",
    "victim_dob",
    "perpetrator_id",
    "perpetrator_surname",
    "perpetrator_forename",
    "perpetrator_dob",
    "colour",
]
GOOD_CELLS: dict[str, list[str]] = {
    "case_ref": ["", "A-1", "A-2", "OLD-1", " A-1 "],
    "referral_date": ["2025-01-31", "28/02/2024", "2024-02-29"],
    "heard_date": ["", "2025-03-05", "2024-01-01"],
    "previous_marac_date": ["", "2023-05-01", "2026-01-01"],
    "dash_score": ["", "3", "14", "15", "25"],
    "pj_band": ["", "high", "Medium"],
    "pj_reason": ["", "worried"],
    "criteria": ["", "escalation;repeat", "repeat;repeat"],
    "victim_gender": ["F", "m", ""],
    "perp_age": ["", "17", "40"],
    "perp_under18": ["", "Y", "n"],
    "area": ["Coalville", "measham", "", "Atlantis"],
    "status": ["", "closed", "Open"],
    "children_ages": ["", "0-4;5-10"],
    "victim_id": ["", "V1", "v 1", "V2"],
    "victim_surname": ["Smith", "SMITH", "Núñez", ""],
    "victim_forename": ["Ann", "ann", ""],
    "victim_dob": ["01/02/1980", "1980-02-01", "31/02/1980", ""],
    "perpetrator_id": ["", "P1", "--"],
    "perpetrator_surname": ["", "Brown"],
    "perpetrator_forename": ["", "Bob"],
    "perpetrator_dob": ["", "1970-05-06"],
    "colour": ["", "red"],
}
ODD_CELLS = ["", " ", "maybe", "-3", "999", "x" * 90, "=cmd()", "\u202e", "a\x00b", "2099-01-01", "15"]


def reference(
    names: list[str], rows: list[list[str]]
) -> tuple[list[tuple[int, Any]], list[tuple[int, list[str]]]]:
    """The import's checks written out row by row (as before the column-at-a-time fast path)."""
    width = len(names)
    every = all(c in importer.KNOWN for c in names)
    good: list[tuple[int, Any]] = []
    bad: list[tuple[int, list[str]]] = []
    seen: dict[str, int] = {}
    keys: dict[Any, Any] = {}
    for n, cells in enumerate(rows, start=2):
        full = cells
        if len(cells) != width:
            if not any(c.strip() for c in cells):
                continue
            if len(cells) > width and any(c.strip() for c in cells[width:]):
                bad.append((n, [f"row {n}: more cells than there are columns"]))
                continue
            full = cells[:width] if len(cells) > width else cells + [""] * (width - len(cells))
        known = {c: v for c, v in zip(names, full, strict=True) if c in importer.KNOWN}
        if not any(v.strip() for v in known.values()) and (every or not any(c.strip() for c in cells)):
            continue
        row, problems = importer.check_row(n, known, LOCALITIES, SECRET, keys)
        ref = known.get("case_ref", "").strip()
        if ref:
            if ref in EXISTING:
                problems.insert(0, f"row {n}, column case_ref: already used by a case in the vault")
            elif ref in seen:
                problems.insert(0, f"row {n}, column case_ref: same as row {seen[ref]}")
            seen.setdefault(ref, n)
        if problems:
            bad.append((n, problems))
        else:
            good.append((n, row))
    return good, bad


def fast(names: list[str], rows: list[list[str]]) -> Checked:
    known = [c for c in names if c in importer.KNOWN]
    layout = Layout(names, known, [c for c in known if c in importer.FIELD_COLUMNS], importer._PART_COLUMNS)
    keys: dict[Any, Any] = {}
    return check_columns(
        layout,
        iter(rows),
        len(rows),
        LOCALITIES,
        SECRET,
        EXISTING,
        lambda n, cells: importer.check_row(n, cells, LOCALITIES, SECRET, keys),
        importer._CONTROL,
    )


def as_written(values: dict[str, Any]) -> dict[str, Any]:
    """What the writer stores: missing and None are the same; blank criteria/status get defaults."""
    out = {k: v for k, v in values.items() if v is not None}
    out["criteria"] = values.get("criteria") or ""
    out["status"] = values.get("status") or "open"
    return out


def assert_same(names: list[str], rows: list[list[str]]) -> Checked:
    good, bad = reference(names, rows)
    got = fast(names, rows)
    assert [(n, problems) for n, _, problems in got.bad] == bad
    assert got.numbers == [n for n, _ in good]
    for i, (_, row) in enumerate(good):
        mine = as_written({name: col[i] for name, col in got.columns.items()})
        assert mine == as_written(row.values)
        assert got.victims[i] == row.victim and got.perps[i] == row.perpetrator
    return got


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_fast_checks_agree_with_the_row_by_row_reference(data: st.DataObject) -> None:
    header = data.draw(st.lists(st.sampled_from(COLUMNS), min_size=1, max_size=12, unique=True))
    header = list(dict.fromkeys(["referral_date", *header]))
    _, header_problems = importer.check_header(header, ignore_unknown=True)
    if header_problems:  # a file with a bad header never reaches the row checks
        header = [
            "referral_date",
            "victim_id",
            *(c for c in header if c not in ("referral_date", "victim_id")),
        ]
        header = [
            c
            for c in header
            if not c.startswith(
                ("victim_s", "victim_f", "victim_d", "perpetrator_s", "perpetrator_f", "perpetrator_d")
            )
        ]
    good_row = st.tuples(*(st.sampled_from(GOOD_CELLS[c]) for c in header)).map(list)
    odd_row = st.lists(st.one_of(st.sampled_from(ODD_CELLS), st.text(max_size=6)), max_size=len(header) + 2)
    mixed_row = st.lists(
        st.one_of(st.sampled_from(ODD_CELLS), *(st.sampled_from(GOOD_CELLS[c]) for c in header)),
        min_size=len(header),
        max_size=len(header),
    )
    rows = data.draw(st.lists(st.one_of(good_row, good_row, mixed_row, odd_row), max_size=12))
    assert_same(header, rows)


def test_a_file_of_good_rows_over_many_chunks_keeps_every_row_and_its_keys() -> None:
    names = ["case_ref", "referral_date", "victim_id", "perpetrator_id", "dash_score", "area"]
    rows = [
        [f"C-{i}", "2025-01-31", f"V{i % 700}", f"P{i % 300}" if i % 4 else "", str(i % 25), "Coalville"]
        for i in range(2600)
    ]
    rows.insert(1500, ["", "", "", "", "", ""])  # a blank line is not a row
    got = assert_same(names, rows)
    assert len(got) == 2600 and not got.bad
    assert got.victims[0] is got.victims[700]  # one keys object per distinct identity text


def test_the_collector_is_back_on_after_an_import_even_one_that_fails() -> None:
    assert gc.isenabled()
    with pytest.raises(RuntimeError):
        with paused():
            assert not gc.isenabled()
            with paused():  # nested (e.g. a recompute inside an import)
                pass
            assert not gc.isenabled()
            raise RuntimeError("boom")
    assert gc.isenabled()
    gc.disable()
    try:
        with paused():
            pass
        assert not gc.isenabled()  # left as the caller had it
    finally:
        gc.enable()
