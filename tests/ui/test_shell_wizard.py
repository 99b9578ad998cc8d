"""First run: from nothing to an unlocked, empty vault."""

from __future__ import annotations

from PySide6.QtWidgets import QWizard

from dv_forum.district import setup
from dv_forum.vault import Vault
from tests.ui.shell_helpers import PASSPHRASE, unlock, wait_idle


def test_wizard_end_to_end(qtbot, make_shell, tmp_path, scripted_dialogs):
    folder = tmp_path / "fresh"
    shell = make_shell(folder)
    wizard = shell.wizard
    assert wizard is not None and wizard.isVisible()
    next_button = wizard.button(QWizard.WizardButton.NextButton)

    # Location: a non-empty folder is refused with a reason.
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "something.txt").write_text("x")
    wizard.location.folder.setText(str(busy))
    next_button.click()
    assert wizard.currentPage() is wizard.location
    assert "not empty" in wizard.location.problem.text()
    wizard.location.folder.setText(str(folder))
    next_button.click()

    # The partnership: its names, prefix and localities; a bad prefix is refused with the reason.
    part = wizard.partnership
    assert wizard.currentPage() is part
    assert part.prefix.text() == "MARAC" and part.marking.text() == "OFFICIAL-SENSITIVE"
    part.partnership.setText("Anytown Community Safety Partnership")
    part.marac_name.setText("Anytown MARAC")
    part.prefix.setText("any town")
    part.localities.setPlainText("Northgate\n\n  Eastfield  \n")
    next_button.click()
    assert wizard.currentPage() is part and "prefix" in part.problems.text()
    part.prefix.setText("any")
    next_button.click()
    assert wizard.currentPage() is wizard.coordinator

    # Coordinator: a too-weak passphrase is explained as it is typed and blocks going on.
    page = wizard.coordinator
    commit = wizard.button(QWizard.WizardButton.CommitButton)
    page.name.setText("Sam Coordinator")
    page.passphrase.setText("password12")
    assert "commonly used" in page.problems.text() or "at least" in page.problems.text()
    assert page.strength.text().startswith("Strength:")
    assert not commit.isEnabled()
    page.passphrase.setText("short")
    assert "at least 10 characters" in page.problems.text()
    assert not commit.isEnabled()
    page.passphrase.setText(PASSPHRASE)
    page.again.setText(PASSPHRASE + "x")
    assert "same passphrase twice" in page.problems.text()
    assert not commit.isEnabled()
    page.again.setText(PASSPHRASE)
    assert page.problems.text() == ""
    assert commit.isEnabled()
    commit.click()

    # Recovery key: created on the worker, shown once; continuing needs the confirmation.
    rec = wizard.recovery
    qtbot.waitUntil(lambda: rec.created, timeout=20000)
    key = rec.key.text()
    assert len(key) > 20
    assert Vault.exists(folder)
    assert not next_button.isEnabled()
    scripted_dialogs.script(True)
    rec.print_button.click()
    assert scripted_dialogs.history[-1][0] == "print"
    rec.stored.setChecked(True)
    assert next_button.isEnabled()
    next_button.click()

    # Remember on device: the test keyring is the null backend, so it is disabled with the reason.
    rem = wizard.remember
    qtbot.waitUntil(lambda: "Not available" in rem.reason.text(), timeout=10000)
    assert not rem.remember.isEnabled()
    with qtbot.waitSignal(shell.unlocked, timeout=10000):
        wizard.button(QWizard.WizardButton.FinishButton).click()
    wait_idle(qtbot, shell)
    assert shell.is_unlocked
    assert shell.user_name == "Sam Coordinator"
    assert shell.window.isVisible()
    assert shell.wizard is None  # the wizard, and the recovery key on it, are gone

    # The new vault opens with the chosen passphrase, and the recovery key works.
    shell.lock()
    wait_idle(qtbot, shell)
    unlock(qtbot, shell, user="Sam Coordinator")
    shell.lock()
    wait_idle(qtbot, shell)
    reopened = Vault.open_with_recovery(folder, key, "Sam Coordinator", "another fine passphrase")
    try:
        done = setup.current(reopened.conn)
    finally:
        reopened.close()
    assert (done.partnership, done.marac_name, done.ref_prefix) == (
        "Anytown Community Safety Partnership",
        "Anytown MARAC",
        "ANY",
    )
    assert done.localities == ["Northgate", "Eastfield"]
