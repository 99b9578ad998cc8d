"""A vault holding a unique marker in every kind of record, built through the areas' services where
they exist (referrals are seeded directly until the cases service lands).

IDENTITY markers stand for what must never leave the vault in print (referral notes and other case
free text, outreach notes, Freedom Programme codes, settings). SHARED markers sit in text a MARAC pack
or its minutes print by design (summaries, actions, minutes): they must still never reach a file
outside the vault other than the PDF the user asked for.
"""

from __future__ import annotations

import json
from typing import Any

from dv_forum.vault import Vault
from tests.marac.conftest import insert_referral

IDENTITY = {
    "notes": "QXIDNOTES",
    "pj_reason": "QXIDREASON",
    "previous_marac_where": "QXIDPREVWHERE",
    "dash_answers": "QXIDDASH",
    "outreach_notes": "QXIDOUTNOTES",
    "outreach_safe_times": "QXIDSAFETIMES",
    "freedom_code": "QXFREE-7731",
    "outreach_code": "QXOUT-7732",
    "setting": "QXIDSETTING",
}
SHARED = {"summary": "QXSHSUMMARY", "action": "QXSHACTION", "minutes": "QXSHMINUTES"}
INITIALS = "QZXW"  # victim initials are allowed in a pack; they must still stay in the vault
ALL = [*IDENTITY.values(), *SHARED.values(), INITIALS]


def build(vault: Vault) -> dict[str, Any]:
    from dv_forum.freedom import cohorts, participants
    from dv_forum.marac import actions, agenda, attendance, meetings, minutes
    from dv_forum.outreach import clients, contacts

    refs = []
    for i in range(3):
        refs.append(
            insert_referral(
                vault,
                f"NWL-2026-{i + 1:04d}",
                f"2026-02-0{i + 1}",
                notes=f"{IDENTITY['notes']} lives at 1 Secret Road {i}",
                pj_reason=f"{IDENTITY['pj_reason']} {i}",
                previous_marac_where=IDENTITY["previous_marac_where"],
                dash_answers=json.dumps({"q1": IDENTITY["dash_answers"]}),
                victim_initials=INITIALS,
                area="North",
            )
        )
    meeting = meetings.add_meeting(vault, "2026-03-12", "CV-HUB", "DI Chair")
    agenda.add_cases(vault, meeting.id, refs)
    for rid in refs:
        agenda.set_summary(vault, meeting.id, rid, f"{SHARED['summary']} summary")
        actions.add_action(
            vault, meeting.id, rid, "Police", f"{SHARED['action']} flag address", "PC 1", "2026-04-01"
        )
        minutes.set_minutes(vault, meeting.id, rid, f"{SHARED['minutes']} shared")
    attendance.set_attendance(vault, meeting.id, "Police", "present", "PC 1")
    attendance.set_attendance(vault, meeting.id, "Housing", "present", "H Officer")
    client = clients.add_client(
        vault,
        "2026-02-10",
        code=IDENTITY["outreach_code"],
        safe_times=f"{IDENTITY['outreach_safe_times']} after 3pm",
        case="NWL-2026-0001",
    )
    contacts.record_contact(
        vault,
        client,
        at="2026-02-11T10:00",
        type="phone",
        safe=True,
        notes=f"{IDENTITY['outreach_notes']} x",
        onward=["GP"],
    )
    cohort = cohorts.create_cohort(vault, "V1", "2026-04-06", "10:00", code="FP-2026-A")
    participants.add_participant(vault, code=IDENTITY["freedom_code"], case="NWL-2026-0002")
    participants.enrol(vault, cohort, IDENTITY["freedom_code"])
    with vault.transaction():
        vault.conn.execute(
            "INSERT INTO settings (key, value) VALUES ('local.note', ?)", (f'"{IDENTITY["setting"]}"',)
        )
    meetings.mark_held(vault, meeting.id)
    return {"meeting": meeting, "refs": refs, "cohort": cohort}
