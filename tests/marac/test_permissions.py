"""Each role against each MARAC action (S16): chair reads and prints, only the coordinator edits,
outreach workers see nothing. Denials are audited."""

import pytest

from dv_forum.errors import PermissionDenied
from dv_forum.marac import actions, agenda, attendance, meetings, minutes
from dv_forum.reports import minutes_pdf, pack
from dv_forum.vault import audit

READ = {
    "list meetings": lambda v, p, t: meetings.list_meetings(v),
    "view agenda": lambda v, p, t: agenda.agenda(v, p["next"].id),
    "view actions": lambda v, p, t: actions.list_actions(v),
    "view minutes": lambda v, p, t: minutes.get_minutes(v, p["next"].id),
}
PRINT = {
    "print pack": lambda v, p, t: pack.render_pack(v, p["next"].id),
    "export pack": lambda v, p, t: pack.write_pack(v, p["next"].id, t / "p.pdf"),
    "export minutes": lambda v, p, t: minutes_pdf.write_minutes(v, p["next"].id, t / "m.pdf"),
}
EDIT = {
    "add meeting": lambda v, p, t: meetings.add_meeting(v, "2026-04-09"),
    "edit agenda": lambda v, p, t: agenda.move(v, p["next"].id, p["new"][0], 1),
    "attendance": lambda v, p, t: attendance.set_attendance(v, p["next"].id, "Police", "apologies"),
    "add action": lambda v, p, t: actions.add_action(v, p["next"].id, p["new"][0], "Police", "x"),
    "minutes": lambda v, p, t: minutes.set_minutes(v, p["next"].id, p["new"][0], "x"),
    "approve": lambda v, p, t: meetings.approve_minutes(v, p["first"].id),
}
ALLOWED = {
    "coordinator": set(READ) | set(PRINT) | set(EDIT),
    "chair": set(READ) | set(PRINT),
    "outreach": set(),
}


@pytest.mark.parametrize("role", ["coordinator", "chair", "outreach"])
def test_role_matrix(vault_factory, populated, tmp_path, role):
    # One vault per role, actions in a fixed order (reads, prints, then edits): unlocking costs
    # a real KDF run, so a test per cell would be slow without testing more.
    user = vault_factory(role=role)
    for name, fn in [*READ.items(), *PRINT.items(), *EDIT.items()]:
        if name in ALLOWED[role]:
            fn(user, populated, tmp_path)
            continue
        with pytest.raises(PermissionDenied):
            fn(user, populated, tmp_path)
        assert audit.rows(user.conn, limit=1)[0].action == "denied", name
    if role == "outreach":
        assert not (tmp_path / "p.pdf").exists() and not (tmp_path / "m.pdf").exists()
