"""Benchmark: a 30-case MARAC pack against bare ReportLab documents of the same page count, built
in the same run (goal: pack at most 2x the bare build).

Two baselines, both reported:
- "same story": the pack's own flowables built with a plain SimpleDocTemplate and Canvas (no
  marking canvas, no page-x-of-y state keeping): the cost of our page furniture.
- "minimal": one short paragraph per page, same page count: the floor for any ReportLab PDF.

Run: .venv/bin/python bench/pack_bench.py [--cases 30] [--repeat 5]
Callable: ``run(cases=30, repeat=5) -> dict`` for the benchmark helper.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pypdf import PdfReader  # noqa: E402
from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate  # noqa: E402

from dv_forum.marac import actions, agenda, attendance, meetings  # noqa: E402
from dv_forum.reports import pack, pack_data  # noqa: E402
from dv_forum.reports.pack_layout import STYLES  # noqa: E402
from dv_forum.vault import KdfParams, Vault  # noqa: E402


def _insert_referral(vault: Vault, ref: str, day: str, rng: random.Random) -> int:
    victim = vault.conn.execute(
        "INSERT INTO persons (kind, link_key) VALUES ('victim', ?)", (rng.randbytes(16),)
    ).lastrowid
    cur = vault.conn.execute(
        "INSERT INTO referrals (case_ref, referral_date, victim_id, victim_initials, victim_age, "
        "children, criteria, dash_score, risk_band, referring_agency, idva, is_repeat, "
        "created_at, updated_at) VALUES (?, ?, ?, 'XY', ?, ?, 'visible_high_risk', ?, 'high', "
        "'Police', 'IDVA 1', ?, 'x', 'x')",
        (
            ref,
            day,
            victim,
            rng.randint(18, 70),
            rng.randint(0, 4),
            rng.randint(14, 24),
            int(rng.random() < 0.3),
        ),
    )
    return int(cur.lastrowid or 0)


def _fixture(folder: Path, cases: int) -> tuple[Vault, int]:
    rng = random.Random(7)
    vault, _ = Vault.create(folder, "coord", "benchmark passphrase here", kdf=KdfParams())
    prev = meetings.add_meeting(vault, "2026-02-26", "CV-HUB", "DI Chair")
    m = meetings.add_meeting(vault, "2026-03-12", "CV-HUB", "DI Chair")
    with vault.transaction():
        old = [_insert_referral(vault, f"NWL-2026-{i:04d}", "2026-02-01", rng) for i in range(6)]
        new = [_insert_referral(vault, f"NWL-2026-{100 + i:04d}", "2026-03-01", rng) for i in range(cases)]
    agenda.add_cases(vault, prev.id, old)
    for rid in old:
        actions.add_action(vault, prev.id, rid, "Police", "Flag the address for priority response")
    agenda.add_cases(vault, m.id, new)
    for rid in new[::2]:
        agenda.set_summary(vault, m.id, rid, "Escalating controlling behaviour since separation. " * 4)
    for agency in ("Police", "IDVA service", "Housing", "Health/GP", "Children's social care"):
        attendance.set_attendance(vault, m.id, agency, "present", "Rep")
    return vault, m.id


def _time(fn, repeat: int) -> tuple[float, bytes]:  # type: ignore[no-untyped-def]
    best = float("inf")
    out = b""
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t)
    return best, out


def fixture(folder: Path, cases: int = 30) -> tuple[Vault, int]:
    """A vault with one meeting of ``cases`` cases (and an earlier one with actions)."""
    return _fixture(folder, cases)


def our_pack(data: pack_data.PackData) -> bytes:
    return pack.pack_bytes(data, "Housing")


def bare_same_story(data: pack_data.PackData) -> bytes:
    """The pack's own flowables through a plain SimpleDocTemplate: no marking canvas."""
    buf = io.BytesIO()
    SimpleDocTemplate(buf, pagesize=A4).build(pack.story(data, "Copy 3 of 5: Housing"))
    return buf.getvalue()


def bare_minimal(pages: int) -> bytes:
    """One short paragraph per page, ``pages`` pages: the floor for any ReportLab PDF."""
    buf = io.BytesIO()
    story = []
    for i in range(pages):
        story.append(Paragraph(f"Page {i + 1}", STYLES["body"]))
        if i < pages - 1:
            story.append(PageBreak())
    SimpleDocTemplate(buf, pagesize=A4).build(story)
    return buf.getvalue()


def page_count(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def run(cases: int = 30, repeat: int = 5) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp:
        vault, mid = _fixture(Path(tmp) / "vault", cases)
        try:
            data = pack_data.load(vault.conn, mid)
            pack_s, pdf = _time(lambda: pack.pack_bytes(data, "Housing"), repeat)
            pages = len(PdfReader(io.BytesIO(pdf)).pages)

            def same_story() -> bytes:
                return bare_same_story(data)

            def minimal() -> bytes:
                return bare_minimal(pages)

            story_s, story_pdf = _time(same_story, repeat)
            min_s, min_pdf = _time(minimal, repeat)
        finally:
            vault.close()
    return {
        "cases": cases,
        "pages": pages,
        "pages_same_story": len(PdfReader(io.BytesIO(story_pdf)).pages),
        "pages_minimal": len(PdfReader(io.BytesIO(min_pdf)).pages),
        "pack_s": round(pack_s, 4),
        "bare_same_story_s": round(story_s, 4),
        "bare_minimal_s": round(min_s, 4),
        "ratio_vs_same_story": round(pack_s / story_s, 2),
        "ratio_vs_minimal": round(pack_s / min_s, 2),
        "goal_ratio": 2.0,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=30)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    print(json.dumps(run(args.cases, args.repeat), indent=2))


if __name__ == "__main__":
    main()
