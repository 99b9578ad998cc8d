"""Hostile or malformed import files: each is refused with row/column/reason (nothing written) or
imported whole (security.md S6)."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dv_forum.cases import importer
from dv_forum.errors import InputError, UserError
from dv_forum.vault import Vault

COLUMNS = [
    "case_ref",
    "referral_date",
    "heard_date",
    "victim_id",
    "victim_surname",
    "victim_forename",
    "victim_dob",
    "perpetrator_id",
    "dash_score",
    "criteria",
    "victim_gender",
    "victim_age",
    "bame",
    "children",
    "area",
    "previous_marac_date",
    "colour",
]
CELLS = st.one_of(
    st.sampled_from(
        [
            "",
            "2025-01-31",
            "31/01/2025",
            "31/02/2025",
            "2099-01-01",
            "Y",
            "N",
            "F",
            "maybe",
            "15",
            "-3",
            "999",
            "Coalville",
            "Atlantis",
            "=cmd()",
            "V1",
            "V2",
            "escalation;repeat",
            "nonsense;repeat",
            "Smith",
            "Núñez",
            "\u202e",
            "x" * 300,
        ]
    ),
    st.text(max_size=12),
)
PROBLEM = re.compile(r"^(row \d+(, column [a-z_]+)?|header, column .+): .+")


def count(vault: Vault) -> int:
    return int(vault.conn.execute("SELECT count(*) FROM referrals").fetchone()[0])


def test_malformed_files_are_refused_whole_or_imported_whole(vault: Vault, tmp_path: Path) -> None:
    @settings(
        max_examples=150,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(
        header=st.lists(st.sampled_from(COLUMNS), min_size=1, max_size=8, unique=True),
        rows=st.lists(st.lists(CELLS, min_size=0, max_size=9), max_size=6),
        ignore_unknown=st.booleans(),
    )
    def run(header: list[str], rows: list[list[str]], ignore_unknown: bool) -> None:
        import csv
        import io

        buf = io.StringIO()
        csv.writer(buf).writerows([header, *rows])
        path = tmp_path / "fuzz.csv"
        path.write_text(buf.getvalue(), encoding="utf-8")
        before = count(vault)
        try:
            result = importer.import_referrals(vault, path, ignore_unknown=ignore_unknown)
        except InputError as exc:
            assert count(vault) == before
            assert exc.problems and all(PROBLEM.match(p) for p in exc.problems), exc.problems
            assert not any("Atlantis" in p or "Smith" in p or "=cmd" in p for p in exc.problems)
        except UserError:
            assert count(vault) == before
        else:
            assert count(vault) == before + result.imported

    run()
