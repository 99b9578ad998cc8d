"""The demo generators give the coordinator something to look at: cohorts past, running and
planned with attendance, and outreach clients with contacts for several workers."""

from __future__ import annotations

import random

from dv_forum.freedom import demo as freedom_demo
from dv_forum.freedom import summary
from dv_forum.outreach import clients, figures
from dv_forum.outreach import demo as outreach_demo


def test_demo_has_cohorts_and_outreach_work(vault_factory):
    # The two generators alone, as dv_forum.demo runs them, so other areas' demos do not matter here.
    vault = vault_factory()
    for name in outreach_demo.WORKERS:
        vault_factory(role="outreach", name=name)
    rng = random.Random(7)
    with vault.transaction():
        freedom_demo.generate(vault, rng, 0.5)
        outreach_demo.generate(vault, rng, 0.5)
    statuses = {s.status for s in summary.cohort_summaries(vault)}
    assert statuses == {"finished", "running", "planned"}
    assert any(s.completed for s in summary.cohort_summaries(vault))
    assert any(s.rolling_entries for s in summary.cohort_summaries(vault))
    assert any(s.catch_up for s in summary.cohort_summaries(vault))
    assert {c.worker for c in clients.list_clients(vault, include_closed=True)} == {"ann", "bea", "cat"}
    assert figures.contacts_by(vault)["by_type"]
    assert vault.conn.execute("SELECT count(*) FROM freedom_waiting").fetchone()[0] >= 3
