"""Importing referrals from the Cases screen: the file chooser, progress (across the DB thread),
the problem list with "import the good rows", the rejects file, cancel (a real rollback), roles."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QThread
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from dv_forum.areas import Area
from dv_forum.errors import PermissionDenied
from dv_forum.vault import Vault
from tests.conftest import district_setup
from tests.ui.shell_helpers import FLOOR_KDF, PASSPHRASE, unlock, wait_idle
from tests.ui.test_cases_screen import make, refs
from ui.dialogs import ProblemListDialog
from ui.screens.cases import import_run
from ui.screens.cases import importing as cases_import
from ui.screens.cases.import_views import ImportProgressDialog
from ui.screens.cases.importing import IMPORT_GOOD, TITLE, ImportRequest, run_import

HEADER = "case_ref,referral_date,victim_id,area,notes"
BAD_DATE = "31/02/2025"
MARKER = "MARKER-d41f"  # a cell value that must never reach a dialog or a log


def row(i: int, date: str | None = None) -> str:
    return f"IMP-{i},{date or f'2025-01-{1 + i % 28:02d}'},V-{i},Coalville,{MARKER}"


def write(
    tmp_path: Path, n: int, bad: tuple[int, ...] = (), header: str = HEADER, name: str = "refs.csv"
) -> Path:
    """n data rows; the rows numbered in ``bad`` (from 1) get an impossible referral date."""
    lines = [header, *(row(i, BAD_DATE if i in bad else None) for i in range(1, n + 1))]
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def count(vault: Vault) -> int:
    return int(vault.conn.execute("SELECT count(*) FROM referrals").fetchone()[0])


def shown(dialogs, kind: str) -> list[str]:
    return [text for k, _title, text in dialogs.history if k == kind]


def run_import_by_button(qtbot, screen) -> None:
    with qtbot.waitSignal(screen.importer.finished, timeout=20000):
        screen.importer.button.click()


def test_good_file_imports_and_the_list_shows_it(qtbot, vault, tmp_path, scripted_dialogs, caplog):
    caplog.set_level("DEBUG")
    ctx, screen = make(qtbot, vault)
    assert screen.importer.button.isVisibleTo(screen) and screen.importer.button.isEnabled()
    screen.filters.search.setText("no such case")
    screen.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    assert screen.model.rowCount() == 0
    path = write(tmp_path, 3)
    scripted_dialogs.script(str(path), True)  # the file, then the summary
    run_import_by_button(qtbot, screen)
    kinds = [k for k, *_ in scripted_dialogs.history]
    assert kinds == ["open_file", "info"]
    assert scripted_dialogs.history[0][2] == str(Path.home())  # no remembered folder outside memory
    assert shown(scripted_dialogs, "info") == ["3 referrals imported."]
    assert count(vault) == 3 and ctx.changes == [{Area.CASES}]
    # Filters cleared, newest referral first, the newest imported case selected.
    assert screen.filters.search.text() == ""
    assert refs(screen) == ["IMP-3", "IMP-2", "IMP-1"]
    assert [i.row() for i in screen.table.selectionModel().selectedRows()] == [0]
    assert screen.importer.dialog is None and screen.importer.button.isEnabled()
    # Nothing from the file in dialogs, window titles or logs.
    assert not any(MARKER in text for _k, _t, text in scripted_dialogs.history)
    assert MARKER not in caplog.text
    # The next chooser starts in the folder of the last file (kept in memory only).
    scripted_dialogs.script(None)
    screen.importer.start()
    assert scripted_dialogs.history[-1] == (
        "open_file",
        "Choose a referrals file (CSV or Excel)",
        str(tmp_path),
    )


def test_bad_rows_are_listed_and_cancel_imports_nothing(qtbot, vault, tmp_path, scripted_dialogs):
    ctx, screen = make(qtbot, vault)
    path = write(tmp_path, 5, bad=(2, 4))
    scripted_dialogs.script(str(path), None)  # the file; then Cancel in the problem list
    run_import_by_button(qtbot, screen)
    [text] = shown(scripted_dialogs, "problems")
    lines = text.splitlines()
    assert lines[0] == "refs.csv: 2 problems in 2 of its 5 rows. Nothing has been imported yet."
    # Rows as the spreadsheet numbers them: the header is row 1.
    assert "row 3, column referral_date: not a date (use 2025-03-31 or 31/03/2025)" in lines
    assert "row 5, column referral_date: not a date (use 2025-03-31 or 31/03/2025)" in lines
    assert lines[-1] == (
        "Choices: Import the 3 good rows and save the rejected rows to a file | Cancel (nothing is imported)"
    )
    assert BAD_DATE not in text and MARKER not in text  # places and reasons, never values
    assert count(vault) == 0 and ctx.changes == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["refs.csv", "vault"]


def test_import_the_good_rows_and_save_the_rejects(qtbot, vault, tmp_path, scripted_dialogs):
    _, screen = make(qtbot, vault)
    path = write(tmp_path, 5, bad=(2, 4))
    out = tmp_path / "out"
    out.mkdir()
    target = out / "to-fix.csv"
    scripted_dialogs.script(str(path), IMPORT_GOOD, str(target), True)
    run_import_by_button(qtbot, screen)
    save = [(t, start) for k, t, start in scripted_dialogs.history if k == "save_file"]
    assert save == [("Save the rejected rows", str(tmp_path / "refs.rejects.csv"))]  # beside the source
    assert shown(scripted_dialogs, "info") == [f"3 referrals imported. 2 rows rejected, saved to {target}."]
    assert count(vault) == 3 and refs(screen) == ["IMP-5", "IMP-3", "IMP-1"]
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    rejects = target.read_text(encoding="utf-8-sig").splitlines()
    assert rejects[0] == HEADER + ",problems"
    assert [r.split(",")[0] for r in rejects[1:]] == ["IMP-2", "IMP-4"]
    assert not (tmp_path / "refs.rejects.csv").exists()


def test_rejects_name_without_suffix_and_never_over_the_source(qtbot, vault, tmp_path, scripted_dialogs):
    _, screen = make(qtbot, vault)
    path = write(tmp_path, 3, bad=(1,))
    scripted_dialogs.script(str(path), IMPORT_GOOD, str(path), True, str(tmp_path / "later"), True)
    run_import_by_button(qtbot, screen)
    assert shown(scripted_dialogs, "warning") == [
        "The rejected rows cannot be saved over the file being imported."
    ]
    assert (tmp_path / "later.csv").exists() and count(vault) == 2
    assert path.read_text(encoding="utf-8").startswith(HEADER)


def test_choosing_no_rejects_file_imports_nothing(qtbot, vault, tmp_path, scripted_dialogs):
    _, screen = make(qtbot, vault)
    path = write(tmp_path, 3, bad=(1,))
    scripted_dialogs.script(str(path), IMPORT_GOOD, None)
    run_import_by_button(qtbot, screen)
    assert count(vault) == 0


def test_every_row_bad_offers_no_import(qtbot, vault, tmp_path, scripted_dialogs):
    _, screen = make(qtbot, vault)
    path = write(tmp_path, 2, bad=(1, 2))
    scripted_dialogs.script(str(path), None)
    run_import_by_button(qtbot, screen)
    [text] = shown(scripted_dialogs, "problems")
    assert text.splitlines()[-1] == "Choices: Close"
    assert count(vault) == 0


def test_unknown_columns_can_be_left_out(qtbot, vault, tmp_path, scripted_dialogs):
    _, screen = make(qtbot, vault)
    path = write(tmp_path, 3, header=HEADER.replace("notes", "colour"))
    scripted_dialogs.script(str(path), True, True)  # the file; "import without it?" yes; summary
    run_import_by_button(qtbot, screen)
    [question] = shown(scripted_dialogs, "question")
    assert "1 column that dv-forum does not import: colour." in question
    assert "Import the file without it?" in question
    assert count(vault) == 3
    # Declined: nothing imported, no problem list.
    scripted_dialogs.reset()
    path = write(tmp_path, 2, header=HEADER.replace("notes", "colour"), name="second.csv")
    scripted_dialogs.script(str(path), False)
    run_import_by_button(qtbot, screen)
    assert [k for k, *_ in scripted_dialogs.history] == ["open_file", "question"]
    assert count(vault) == 3


def test_other_header_problems_are_listed_without_an_offer(qtbot, vault, tmp_path, scripted_dialogs):
    _, screen = make(qtbot, vault)
    path = tmp_path / "h.csv"
    path.write_text("case_ref,victim_id,colour\nX-1,V-1,red\n", encoding="utf-8")
    scripted_dialogs.script(str(path), None)
    run_import_by_button(qtbot, screen)
    [text] = shown(scripted_dialogs, "problems")
    lines = text.splitlines()
    assert lines[0].startswith("h.csv: the header row has 2 problems")
    assert "header, column colour: unknown column" in lines  # the command-line hint left out
    assert "header, column referral_date: missing" in lines
    assert lines[-1] == "Choices: Close"
    assert count(vault) == 0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\xff\xfe\x00r\x00e\x00f", "The file is not UTF-8 text."),
        (b"", "The file is empty."),
    ],
)
def test_unreadable_files_show_the_message_and_next_step(
    qtbot, vault, tmp_path, scripted_dialogs, content, message
):
    _, screen = make(qtbot, vault)
    path = tmp_path / "in.csv"
    path.write_bytes(content)
    scripted_dialogs.script(str(path), True)
    run_import_by_button(qtbot, screen)
    assert scripted_dialogs.history[-1] == ("warning", TITLE, message)
    assert count(vault) == 0


def test_unreadable_workbook(qtbot, vault, tmp_path, scripted_dialogs):
    _, screen = make(qtbot, vault)
    path = tmp_path / "in.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a workbook")
    scripted_dialogs.script(str(path), True)
    run_import_by_button(qtbot, screen)
    assert scripted_dialogs.history[-1] == ("warning", TITLE, "The file is not a readable XLSX workbook.")


def test_a_role_without_import_has_no_action(qtbot, vault_factory, tmp_path, scripted_dialogs):
    chair = vault_factory("chair")
    _, screen = make(qtbot, chair)
    importer = screen.importer
    assert not importer.button.isVisibleTo(screen) and importer.shortcut is None
    scripted_dialogs.script(True)
    importer.start()  # reached anyway: refused with the reason, no file chooser
    assert scripted_dialogs.history == [
        ("warning", TITLE, "Importing referrals is not part of the chair role.")
    ]
    with pytest.raises(PermissionDenied):  # and the core refuses too
        run_import(chair, ImportRequest(write(tmp_path, 1)))


def test_shortcut_starts_the_import(qtbot, vault, tmp_path, scripted_dialogs):
    _, screen = make(qtbot, vault)
    screen.show()
    qtbot.waitExposed(screen)
    screen.activateWindow()
    qtbot.waitUntil(screen.isActiveWindow)
    screen.table.setFocus()
    scripted_dialogs.script(None)  # the chooser, cancelled
    qtbot.keyClick(screen.table, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    assert [k for k, *_ in scripted_dialogs.history] == ["open_file"]


def cancel_at(screen, phase: str, n: int) -> list[tuple[str, int, int]]:
    """Press the progress dialog's Cancel when the report (phase, n) has been shown."""
    seen: list[tuple[str, int, int]] = []

    def on_progress(p: str, done: int, total: int) -> None:
        seen.append((p, done, total))
        if (p, done) == (phase, n):
            screen.importer.dialog.cancel_button.click()

    screen.importer.progress_shown.connect(on_progress)
    return seen


def test_cancel_while_checking_rolls_back(qtbot, vault, tmp_path, scripted_dialogs):
    ctx, screen = make(qtbot, vault)
    path = write(tmp_path, 2500)
    seen = cancel_at(screen, "checked", 1000)
    scripted_dialogs.script(str(path), True)
    run_import_by_button(qtbot, screen)
    assert seen == [("checked", 1000, 2500)]  # the next report stopped it
    assert shown(scripted_dialogs, "info") == ["The import was cancelled: nothing was imported."]
    assert count(vault) == 0 and ctx.changes == []
    assert screen.importer.run is None and screen.importer.button.isEnabled()


def test_cancel_while_importing_rolls_back_and_removes_the_rejects(qtbot, vault, tmp_path, scripted_dialogs):
    _, screen = make(qtbot, vault)
    path = write(tmp_path, 2502, bad=(7, 9))
    target = tmp_path / "rejects.csv"
    seen = cancel_at(screen, "imported", 1000)
    scripted_dialogs.script(str(path), IMPORT_GOOD, str(target), True)
    run_import_by_button(qtbot, screen)
    assert seen[-1] == ("imported", 1000, 2500)
    assert shown(scripted_dialogs, "info") == ["The import was cancelled: nothing was imported."]
    assert count(vault) == 0
    assert vault.conn.execute("SELECT count(*) FROM persons").fetchone()[0] == 0
    assert not target.exists()  # written for rows of an import that did not happen
    assert sorted(p.name for p in tmp_path.iterdir()) == ["refs.csv", "vault"]  # no temp file left


def test_cancel_after_the_last_report_is_too_late_and_says_so(qtbot, vault, tmp_path, scripted_dialogs):
    _, screen = make(qtbot, vault)
    path = write(tmp_path, 5)
    cancel_at(screen, "checked", 5)
    scripted_dialogs.script(str(path), True)
    run_import_by_button(qtbot, screen)
    assert count(vault) == 5
    assert shown(scripted_dialogs, "info") == ["5 referrals imported."]


def test_locking_during_an_import_cancels_it(qtbot, vault, tmp_path, scripted_dialogs):
    _, screen = make(qtbot, vault)
    path = write(tmp_path, 2500)
    screen.importer.progress_shown.connect(lambda *a: screen.clear() if a[:2] == ("checked", 1000) else None)
    scripted_dialogs.script(str(path), True)  # the file; the synchronous test context still reports
    run_import_by_button(qtbot, screen)
    assert count(vault) == 0 and screen.importer.dialog is None


def shell_cases(qtbot, make_shell, tmp_path):
    """The Cases screen of a real shell (DB worker thread) on a new vault, unlocked."""
    folder = tmp_path / "vault"
    district_setup(Vault.create(folder, "coord", PASSPHRASE, kdf=FLOOR_KDF)[0]).close()
    shell = make_shell(folder)
    unlock(qtbot, shell)
    shell.window.show_screen("cases")
    return shell.window.screen_for("cases")


def test_progress_crosses_from_the_db_thread(qtbot, make_shell, tmp_path, scripted_dialogs):
    screen = shell_cases(qtbot, make_shell, tmp_path)
    shell = screen.ctx
    path = write(tmp_path, 2500)
    gui = QApplication.instance().thread()
    seen: list[tuple[str, int, int, str, bool]] = []

    def on_progress(phase: str, n: int, total: int) -> None:
        dialog = screen.importer.dialog
        assert QThread.currentThread() is gui
        seen.append((phase, n, total, dialog.count.text(), dialog.isVisible()))

    screen.importer.progress_shown.connect(on_progress)
    scripted_dialogs.script(str(path), True)
    with qtbot.waitSignal(screen.importer.finished, timeout=60000):
        screen.importer.button.click()
        assert not screen.importer.button.isEnabled()  # one import at a time
    assert [s[:3] for s in seen] == [
        ("checked", 1000, 2500),
        ("checked", 2000, 2500),
        ("checked", 2500, 2500),
        ("imported", 1000, 2500),
        ("imported", 2000, 2500),
    ]
    assert [s[3] for s in seen] == [
        "1,000 of 2,500 rows checked",
        "2,000 of 2,500 rows checked",
        "All 2,500 rows checked.",
        "1,000 of 2,500 rows imported",
        "2,000 of 2,500 rows imported",
    ]
    assert all(s[4] for s in seen)
    assert shown(scripted_dialogs, "info") == ["2,500 referrals imported."]
    wait_idle(qtbot, shell)
    qtbot.waitUntil(lambda: screen.model.total == 2500)
    assert shell.window.windowTitle() == "dv-forum"


def test_problem_list_dialog_counts_copies_and_chooses(qtbot):
    problems = [f"row {i}, column area: not in the locality list" for i in range(1, 7)]
    dialog = ProblemListDialog(None, TITLE, "6 problems", problems, [("go", "Import")], "detail")
    qtbot.addWidget(dialog)
    assert dialog.list.toPlainText().splitlines() == problems
    assert dialog.list.isReadOnly()
    dialog.copy_button.click()
    assert QGuiApplication.clipboard().text() == "\n".join(problems)
    QGuiApplication.clipboard().clear()
    assert dialog.cancel_button.isDefault()
    dialog.choice_buttons["go"].click()
    assert dialog.choice == "go"


def test_problem_list_dialog_shows_the_first_lines_of_a_long_list(qtbot, monkeypatch):
    from ui import dialogs

    monkeypatch.setattr(dialogs, "PROBLEMS_SHOWN", 3)
    dialog = ProblemListDialog(None, TITLE, "", [f"row {i}: x" for i in range(1, 6)])
    qtbot.addWidget(dialog)
    assert dialog.list.toPlainText().splitlines()[-1] == "... and 2 more (Copy the list copies all of them)"
    dialog.cancel_button.click()
    assert dialog.choice is None


def test_progress_dialog_cancel_keeps_it_open_until_the_run_ends(qtbot):
    dialog = ImportProgressDialog(None, "refs.csv")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.show_progress("imported", 3000, 10000)
    assert dialog.bar.value() == 3000 and dialog.count.text() == "3,000 of 10,000 rows imported"
    with qtbot.waitSignal(dialog.cancel_requested):
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible() and dialog.phase.text() == "Cancelling…"
    assert not dialog.cancel_button.isEnabled()
    dialog.close()
    assert dialog.isVisible()
    dialog.finish()
    assert not dialog.isVisible()


def test_the_relay_outlives_a_deleted_screen(qtbot, vault):
    import shiboken6

    from tests.ui.screen_ctx import SyncContext
    from ui.screens.cases import CasesScreen

    screen = CasesScreen(SyncContext(vault))
    importer = screen.importer
    screen.deleteLater()
    qtbot.waitUntil(lambda: not shiboken6.isValid(importer))
    cases_import.relay().progressed.emit(1, "checked", 1, 1)  # no error: the receiver is gone


def test_the_good_rows_offered_leave_out_blank_lines(qtbot, vault, tmp_path, scripted_dialogs):
    _, screen = make(qtbot, vault)
    path = tmp_path / "blanks.csv"
    lines = [HEADER, row(1), "", row(2, BAD_DATE), ",,,,", row(3), "  ,", ""]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    scripted_dialogs.script(str(path), IMPORT_GOOD, str(tmp_path / "r.csv"), True)
    run_import_by_button(qtbot, screen)
    [text] = shown(scripted_dialogs, "problems")
    assert text.splitlines()[0] == "blanks.csv: 1 problem in 1 of its 3 rows. Nothing has been imported yet."
    assert "row 4, column referral_date: not a date (use 2025-03-31 or 31/03/2025)" in text
    assert "Import the 2 good rows and save the rejected rows to a file" in text
    assert shown(scripted_dialogs, "info") == [
        f"2 referrals imported. 1 row rejected, saved to {tmp_path / 'r.csv'}."
    ]


def test_a_full_disk_is_told_with_its_next_step(qtbot, make_shell, tmp_path, scripted_dialogs, monkeypatch):
    from sqlcipher3 import dbapi2

    def full(*args, **kwargs):
        exc = dbapi2.OperationalError("database or disk is full")
        exc.sqlite_errorcode, exc.sqlite_errorname = 13, "SQLITE_FULL"  # as SQLite reports it
        raise exc

    monkeypatch.setattr(import_run, "import_referrals", full)
    screen = shell_cases(qtbot, make_shell, tmp_path)
    scripted_dialogs.script(str(write(tmp_path, 2)), True)
    run_import_by_button(qtbot, screen)
    assert scripted_dialogs.history[-1] == (
        "warning",
        TITLE,
        "The disk is full: the last change was not saved (everything saved before it is intact).",
    )


def police_file(tmp_path: Path, n: int = 3) -> Path:
    path = tmp_path / "police.csv"
    lines = ["Referral Date;Locality;Victim ID", *(f"2025-02-0{i};Ashby;P-{i}" for i in range(1, n + 1))]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_values_not_in_the_lists_are_offered_as_a_mapping_table(qtbot, vault, tmp_path, scripted_dialogs):
    from dv_forum import lists

    _, screen = make(qtbot, vault)
    path = police_file(tmp_path)
    answer = {"maps": [("area", "Ashby", "Ashby de la Zouch")], "remember": True}
    scripted_dialogs.script(str(path), answer, True)  # the file, the mapping table, the summary
    run_import_by_button(qtbot, screen)
    assert [k for k, *_ in scripted_dialogs.history] == ["open_file", "form", "info"]
    assert shown(scripted_dialogs, "info") == ["3 referrals imported."]
    areas = {r[0] for r in vault.conn.execute("SELECT area FROM referrals")}
    assert areas == {"Ashby de la Zouch"}
    assert lists.aliases(vault.conn, "locality")["ashby"] == "Ashby de la Zouch"  # remembered


def test_the_mapping_table_suggests_the_likely_value(qtbot, vault, tmp_path):
    from dv_forum.cases.import_lists import UnknownValues
    from dv_forum.cases.importer import import_referrals
    from ui.screens.cases.import_maps import LEAVE, MapValuesDialog

    with pytest.raises(UnknownValues) as exc:
        import_referrals(vault, police_file(tmp_path))
    dialog = MapValuesDialog(None, exc.value)
    qtbot.addWidget(dialog)
    assert dialog.table.item(0, 1).text() == "'Ashby'" and dialog.table.item(0, 2).text() == "3"
    assert dialog.boxes[0].currentText() == "Ashby de la Zouch"  # the suggestion, chosen for you
    assert dialog.values() == {"maps": [("area", "Ashby", "Ashby de la Zouch")], "remember": True}
    dialog.boxes[0].setCurrentText(LEAVE)
    assert dialog.values()["maps"] == []


def test_a_workbook_with_several_sheets_asks_which(qtbot, vault, tmp_path, scripted_dialogs):
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "notes"
    data = book.create_sheet("referrals")
    data.append(["referral_date", "victim_id", "area"])
    data.append(["2025-03-01", "W-1", "Coalville"])
    path = tmp_path / "two.xlsx"
    book.save(path)
    _, screen = make(qtbot, vault)
    scripted_dialogs.script(str(path), "referrals", True)
    run_import_by_button(qtbot, screen)
    assert [k for k, *_ in scripted_dialogs.history] == ["open_file", "choose", "info"]
    assert count(vault) == 1


def test_saving_the_same_pair_before_the_hearing_offers_a_further_referrer(qtbot, vault, scripted_dialogs):
    from dv_forum.cases import referrals
    from dv_forum.cases.linkage import Identity

    victim, perp = Identity("Archer", "Ann", "1985-04-03"), Identity("Baker", "Bob", "1980-01-02")
    first = referrals.create(
        vault, {"referral_date": "2026-10-01", "referring_agency": "Police"}, victim, perp
    )
    _, screen = make(qtbot, vault)
    scripted_dialogs.script(True)  # yes: add it to the case awaiting its hearing
    raw = {"referral_date": "03/10/2026", "referring_agency": "Health/GP"}
    screen._save(raw, victim, perp, {})
    qtbot.waitUntil(lambda: screen.saved_note.text().startswith("Added"), timeout=10000)
    [(kind, title, text)] = scripted_dialogs.history
    assert kind == "question" and first in text
    assert count(vault) == 1
    assert referrals.get(vault, first)["further_referrers"] == [
        {"agency": "Health/GP", "referral_date": "2026-10-03"}
    ]
