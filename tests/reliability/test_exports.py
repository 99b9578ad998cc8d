"""S7: exports are safe to open. Every CSV export neutralises formula-like cells; every PDF carries no
identity markers and is marked on every page."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader

from dv_forum.vault import Vault
from tests.marac.conftest import insert_referral
from tests.reliability import world

DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
HOSTILE_LABELS = ['=HYPERLINK("http://x")', "+SUM(1)", "-1+2", "@cmd", "\tTAB", "\rCR"]


def _hostile_cases(vault: Vault) -> None:
    """Heard cases whose locality and agency are formula-like text (they become row labels)."""
    for i, label in enumerate(HOSTILE_LABELS):
        insert_referral(
            vault,
            f"NWL-2026-9{i:03d}",
            "2026-02-20",
            area=label,
            referring_agency=label,
            heard_date="2026-03-12",
        )


def _cells(path: Path) -> list[str]:
    text = path.read_bytes().decode("utf-8-sig")
    return [cell for row in csv.reader(io.StringIO(text, newline="")) for cell in row]


@pytest.mark.parametrize(
    "argv",
    [
        ("stats", "export", "--quarter", "2025-Q4", "--out", "{out}"),
        ("stats", "return", "--quarter", "2025-Q4", "--csv", "{out}"),
    ],
    ids=["stats-export", "safelives-return-csv"],
)
def test_s7_every_csv_export_neutralises_formula_cells(
    vault: Vault, cli: Callable[..., tuple[int, str, str]], tmp_path: Path, argv: tuple[str, ...]
) -> None:
    world.build(vault)
    _hostile_cases(vault)
    vault.close()
    out = tmp_path / "export.csv"
    code, _, err = cli(*(a.format(out=out) for a in argv))
    assert code == 0, err
    cells = _cells(out)
    assert cells, "the export is empty"
    risky = [c for c in cells if c.startswith(DANGEROUS)]
    assert risky == [], f"formula-like cells left live: {risky[:5]}"
    if argv[1] == "export":  # positive control: the hostile labels did reach this export, defused
        assert '\'=HYPERLINK("http://x")' in cells and "'@cmd" in cells
    for marker in world.ALL:
        assert not any(marker in c for c in cells), marker


def _pages(pdf: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages]


def _assert_safe(pdf: bytes, what: str, allowed: tuple[str, ...] = ()) -> None:
    pages = _pages(pdf)
    assert pages, what
    for number, text in enumerate(pages, start=1):
        assert "OFFICIAL-SENSITIVE" in text, f"{what}: page {number} is not marked"
    whole = "\n".join(pages)
    meta = " ".join(str(v) for v in (PdfReader(io.BytesIO(pdf)).metadata or {}).values())
    for marker in world.IDENTITY.values():
        assert marker not in whole and marker.encode() not in pdf and marker not in meta, f"{what}: {marker}"
    for marker in (*world.SHARED.values(), world.INITIALS):
        if marker not in allowed:
            assert marker not in whole and marker not in meta, f"{what}: {marker}"
    assert "Secret Road" not in whole


def test_s7_pdfs_carry_no_identity_markers_and_every_page_is_marked(vault: Vault, tmp_path: Path) -> None:
    from datetime import date

    from dv_forum.freedom.report import write_cohort_report
    from dv_forum.reports import minutes_pdf, pack
    from dv_forum.stats import service
    from dv_forum.stats.periods import parse_quarter

    w = world.build(vault)
    meeting = w["meeting"].id
    in_pack = (world.SHARED["summary"], world.SHARED["action"], world.INITIALS)
    _assert_safe(pack.render_pack(vault, meeting, compress=False).data, "chair pack", in_pack)
    _assert_safe(pack.render_pack(vault, meeting, "Housing", compress=False).data, "housing copy", in_pack)
    _assert_safe(
        minutes_pdf.render_minutes(vault, meeting),
        "minutes",
        (*in_pack, world.SHARED["minutes"]),
    )
    strategy = service.strategy_report(vault, parse_quarter("2025-Q4"), tmp_path / "strategy.pdf")
    _assert_safe(strategy.read_bytes(), "strategy report")
    write_cohort_report(vault, w["cohort"], tmp_path / "cohort.pdf", today=date(2026, 6, 1))
    _assert_safe((tmp_path / "cohort.pdf").read_bytes(), "freedom cohort report")


def test_s7_cli_pack_each_agency_copies_are_safe(
    vault: Vault, cli: Callable[..., tuple[int, str, str]], tmp_path: Path
) -> None:
    world.build(vault)
    vault.close()
    out = tmp_path / "packs"
    out.mkdir()
    code, _, err = cli("pack", "2026-03-12", "--out", str(out), "--each-agency")
    assert code == 0, err
    copies = sorted(out.glob("*.pdf"))
    assert len(copies) == 2
    for copy in copies:
        _assert_safe(
            copy.read_bytes(), copy.name, (world.SHARED["summary"], world.SHARED["action"], world.INITIALS)
        )
