"""The Cases screen's whole-case actions: a transfer written in one vault's screen and taken in by
another's, a chronology PDF, and a review hold placed and lifted."""

from __future__ import annotations

import re

from dv_forum.cases import referrals, review_hold
from dv_forum.cases.linkage import Identity
from tests.conftest import FLOOR_KDF, PASSPHRASE
from tests.ui.screen_ctx import SyncContext
from ui import dialogs


def _screen(qtbot, vault):
    from ui.screens.cases import CasesScreen

    ctx = SyncContext(vault)
    screen = CasesScreen(ctx)
    ctx.screens.append(screen)
    qtbot.addWidget(screen)
    screen.on_unlocked()
    return ctx, screen


def test_transfer_out_of_one_screen_and_into_another(qtbot, vault, tmp_path):
    from dv_forum.vault import Vault

    ref = referrals.create(
        vault, {"referral_date": "2026-01-05", "victim_initials": "JD"}, Identity("Doe", "Jane", "1990-01-01")
    )
    ctx, screen = _screen(qtbot, vault)
    screen.open_case(ref)
    assert screen.tools.out_button.isEnabled()
    out = tmp_path / "t.dvtransfer"
    dialogs.script("Charnwood", out, None)
    screen.tools.out_button.click()
    assert not ctx.errors and out.exists()
    text = dialogs.history[-1][2]
    password = re.search(r"Password \(shown once, not stored\): (\S+)", text).group(1)
    assert "transferred out to Charnwood" in screen.detail.toPlainText()
    assert not screen.tools.out_button.isEnabled()  # closed here now

    other, _ = Vault.create(tmp_path / "other", "coord", PASSPHRASE, kdf=FLOOR_KDF)
    try:
        ctx2, screen2 = _screen(qtbot, other)
        dialogs.script(out, password, True, None)
        screen2.tools.in_button.click()
        assert not ctx2.errors
        assert "transferred in from" in screen2.detail.toPlainText()
        assert screen2.model.rowCount() == 1
    finally:
        other.close()


def test_chronology_and_review_hold_from_the_screen(qtbot, vault, tmp_path):
    ref = referrals.create(vault, {"referral_date": "2026-01-05"}, Identity("Doe", "Jane", "1990-01-01"))
    ctx, screen = _screen(qtbot, vault)
    screen.open_case(ref)
    pdf = tmp_path / "c.pdf"
    dialogs.script(pdf, None)
    screen.tools.chron_button.click()
    assert pdf.read_bytes().startswith(b"%PDF") and "1 entries" in dialogs.history[-1][2]
    dialogs.script("DHR 2026/01", None)
    screen.tools.hold_button.click()
    assert [h.case_ref for h in review_hold.holds(vault, current_only=True)] == [ref]
    dialogs.script("review done", None)
    screen.tools.hold_button.click()
    assert review_hold.holds(vault, current_only=True) == []
    assert not ctx.errors
