import csv
import io
import os

from hypothesis import given
from hypothesis import strategies as st

from dv_forum.io.csv_safe import neutralise, to_csv_bytes, write_csv


def test_dangerous_cells_are_neutralised():
    for text in ("=1+1", "+44", "-2", "@SUM(A1)", "\tx", "\rx", '=HYPERLINK("http://x")'):
        assert neutralise(text) == "'" + text
    assert neutralise("Greenhill") == "Greenhill"
    assert neutralise(-5) == -5
    assert neutralise(2.5) == 2.5
    assert neutralise(None) == ""
    assert neutralise(True) == 1


@given(st.lists(st.lists(st.one_of(st.text(), st.integers()), min_size=1, max_size=4), max_size=5))
def test_no_text_cell_starts_a_formula(rows):
    data = to_csv_bytes(["a"], rows).decode("utf-8-sig")
    parsed = list(csv.reader(io.StringIO(data, newline="")))
    for row_in, row_out in zip(rows, parsed[1:], strict=True):
        for cell_in, cell_out in zip(row_in, row_out, strict=True):
            if isinstance(cell_in, str):
                assert not cell_out.startswith(("=", "+", "-", "@", "\t", "\r"))
                assert cell_out.removeprefix("'") == cell_in or cell_out == cell_in


def test_write_csv_is_private_and_has_bom(tmp_path):
    target = tmp_path / "out.csv"
    write_csv(target, ["Locality", "Cases"], [["=cmd", 5], ["Whitwick", "<5"]])
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert b"'=cmd" in raw
    assert oct(os.stat(target).st_mode & 0o777) == "0o600"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]
