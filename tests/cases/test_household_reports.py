"""The SafeLives return, the agenda and the pack follow the child and perpetrator records."""

from __future__ import annotations

import io

from pypdf import PdfReader

from dv_forum.cases import household_service, referrals
from dv_forum.cases.household import child, perpetrator
from dv_forum.cases.linkage import Identity
from dv_forum.marac import agenda, meetings
from dv_forum.reports import pack
from dv_forum.stats.periods import fy_quarter
from dv_forum.stats.rules import Rules
from dv_forum.stats.safelives import safelives_return
from dv_forum.vault import Vault

V1, V2 = Identity("Smith", "Jane", "04/03/1980"), Identity("Jones", "Ann", "1985-06-07")
P1, P2 = Identity("Brown", "Mark", "1975-01-02"), Identity("Green", "Ian", "2009-08-09")


def _household(vault: Vault) -> tuple[str, str]:
    a = referrals.create(vault, {"referral_date": "2025-10-01", "heard_date": "2025-10-08"}, V1, P1)
    b = referrals.create(vault, {"referral_date": "2025-10-02", "heard_date": "2025-10-08"}, V2, P1)
    referrals.update(
        vault,
        a,
        {"children": "9"},
        children=[child(2, "child", "child", "yes"), child(None, "child", "child", "not_known")],
        perpetrators=[perpetrator("M", "16", None, "family", identity=P2)],
    )
    household_service.add_child(vault, b, child(15, "step_child", "not_related", "no"))
    return a, b


def test_safelives_counts_follow_the_records(vault: Vault) -> None:
    _household(vault)
    ret = safelives_return(vault.conn, fy_quarter(2025, 3), Rules())
    assert ret.total.counts["children"] == 3
    assert ret.total.counts["households_with_children"] == 2
    assert ret.total.counts["perpetrators_under_18"] == 1  # the 16-year-old further perpetrator


def test_agenda_and_pack_show_perpetrators_and_the_serial_flag(vault: Vault) -> None:
    a, b = _household(vault)
    meeting = meetings.get_meeting(vault, "2025-10-08")
    agenda.add_case(vault, meeting.id, a)
    agenda.add_case(vault, meeting.id, b)
    rows = {r.case_ref: r for r in agenda.agenda(vault, meeting.id)}
    assert rows[a].serial_perp and rows[b].serial_perp  # P1 with two victims within 12 months
    assert (rows[a].perpetrators, rows[b].perpetrators) == (2, 1)
    assert rows[a].children == 2 and rows[a].to_dict()["serial_perp"] is True
    pdf = pack.render_pack(vault, meeting.id).data
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "serial perpetrator" in text


def test_right_after_an_upgrade_the_agenda_and_pack_show_the_serial_flag(vault: Vault) -> None:
    """The upgrade adds serial_perp empty (NULL): the agenda and the pack bring it up to date
    themselves rather than showing "not serial" until some list or save happens to run."""
    a, b = _household(vault)
    meeting = meetings.get_meeting(vault, "2025-10-08")
    agenda.add_case(vault, meeting.id, a)
    agenda.add_case(vault, meeting.id, b)
    with vault.transaction() as conn:
        conn.execute("UPDATE referrals SET serial_perp = NULL")  # as the schema step leaves it
    rows = {r.case_ref: r for r in agenda.agenda(vault, meeting.id)}
    assert rows[a].serial_perp and rows[b].serial_perp
    with vault.transaction() as conn:
        conn.execute("UPDATE referrals SET serial_perp = NULL")
    pdf = pack.render_pack(vault, meeting.id).data
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "serial perpetrator" in text
