"""An action marked Done at the next meeting leaves the pack's "Actions still open" section, in the
pack from the app and from the CLI."""

import io

from pypdf import PdfReader

from dv_forum.dates import shown
from dv_forum.marac import actions, agenda, meetings
from dv_forum.vault import Vault
from tests.conftest import PASSPHRASE
from tests.marac.conftest import (  # noqa: F401
    insert_referral,
    populated,
    referral,
)
from tests.ui.screen_ctx import SyncContext


def _open_section(pdf: bytes) -> str:
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    start = text.index("Outstanding actions from previous meetings")
    return text[
        start : text.index("Cases on the agenda", start) if "Cases on the agenda" in text[start:] else None
    ]


def test_done_in_the_app_leaves_the_apps_pack(qtbot, vault, populated):  # noqa: F811
    from ui.screens.marac import MaracScreen

    ctx = SyncContext(vault)
    screen = MaracScreen(ctx)
    ctx.screens.append(screen)
    qtbot.addWidget(screen)
    screen.on_unlocked()
    for i in range(screen.meetings.list.count()):
        if screen.meetings.list.item(i).text().split()[1] == shown("2026-03-12"):
            screen.meetings.list.setCurrentRow(i)
    row = next(i for i, a in enumerate(screen.actions_panel.rows) if a.description == "Flag the address")
    before: list = []
    screen.pack._render("preview", before.append)
    assert "Flag the address" in _open_section(before[0].data)
    screen.actions_panel.set_action_status(row, "done")
    assert not ctx.errors
    after: list = []
    screen.pack._render("preview", after.append)
    section = _open_section(after[0].data)
    assert "Flag the address" not in section
    assert "Sanctuary scheme" in section


def test_done_leaves_the_cli_pack(cli, tmp_path):
    assert cli("init")[0] == 0
    v = Vault.open(tmp_path / "vault", "coordinator", PASSPHRASE)
    try:
        first = meetings.add_meeting(v, "2026-02-26")
        nxt = meetings.add_meeting(v, "2026-03-12")
        rid = insert_referral(v, "NWL-CLI-0001", "2026-02-01")
        agenda.add_cases(v, first.id, [rid])
        done = actions.add_action(v, first.id, rid, "Housing", "Fit new locks")
        actions.add_action(v, first.id, rid, "Police", "Flag the address")
        meetings.mark_held(v, first.id)
        actions.set_status(v, done.id, "done", at_meeting_id=nxt.id)
    finally:
        v.close()
    out = tmp_path / "pack.pdf"
    code, _, err = cli("pack", "2026-03-12", "--out", str(out))
    assert code == 0, err
    section = _open_section(out.read_bytes())
    assert "Fit new locks" not in section
    assert "Flag the address" in section
