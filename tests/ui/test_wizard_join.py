"""A MARAC chair (or an outreach worker) starts from the program, not the command line: the first
run offers to join with the enrolment file and the one-time code the coordinator gave her."""

from __future__ import annotations

from PySide6.QtWidgets import QWizard

from dv_forum.exchange import service
from dv_forum.vault import Vault
from tests.exchange.vault_pairs import PASSPHRASE, coordinator


def test_a_chair_joins_from_the_first_run_and_lands_in_her_own_vault(qtbot, make_shell, tmp_path):  # type: ignore[no-untyped-def]
    coord = coordinator(tmp_path / "coord")
    v = Vault.open(coord, "coord", PASSPHRASE)
    done = service.enrol_device(v, "rowlands", "chair", tmp_path / "rowlands.dve")
    v.close()

    shell = make_shell(tmp_path / "mine")
    wizard = shell.wizard
    next_button = wizard.button(QWizard.WizardButton.NextButton)
    wizard.location.choice.join.setChecked(True)
    next_button.click()
    assert wizard.currentPage() is wizard.join

    wizard.join.file.setText(str(done.file))
    wizard.join.code.setText("AAAA-BBBB-CCCC")
    next_button.click()
    assert wizard.currentPage() is wizard.join  # a wrong code is refused there, nothing written
    assert wizard.join.problem.text() and not (tmp_path / "mine").exists()
    wizard.join.code.setText(done.code)
    next_button.click()

    page = wizard.coordinator
    assert wizard.currentPage() is page and page.title() == "You"
    assert page.name.text() == "rowlands"  # as the coordinator enrolled her
    page.passphrase.setText(PASSPHRASE)
    page.again.setText(PASSPHRASE)
    wizard.button(QWizard.WizardButton.CommitButton).click()

    rec = wizard.recovery
    qtbot.waitUntil(lambda: rec.created, timeout=20000)
    assert len(rec.key.text()) > 20
    assert "Compare these words with the coordinator's screen" in rec.words.text()
    rec.stored.setChecked(True)
    next_button.click()
    assert wizard.currentPage() is wizard.remember
    wizard.button(QWizard.WizardButton.FinishButton).click()
    qtbot.waitUntil(lambda: shell.window.pages.currentIndex() == shell.window.WORKSPACE, timeout=10000)
    assert shell.window.user_label.text() == "rowlands · chair · own vault"
