"""Export to Excel from the lists (issue 19): the case list, outreach clients, the outreach due
list, MARAC actions and the audit log write what they show, on the DB worker, marked and audited."""

from __future__ import annotations

import threading
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence

from dv_forum.demo import DEMO_PASSPHRASE, DEMO_USER, create_demo
from dv_forum.io.list_export import AUDIT_ACTION
from dv_forum.marac.settings import MARKING
from tests.ui.shell_helpers import unlock, wait_idle
from ui.widgets import list_export


@pytest.fixture
def demo_folder(tmp_path: Path) -> Path:
    create_demo(tmp_path / "vault", scale=0.02).close()
    return tmp_path / "vault"


def _rows(path: Path) -> list[list[object]]:
    sheet = load_workbook(path).active
    return [[c.value for c in row] for row in sheet.iter_rows()]


def test_exporting_the_filtered_case_list_writes_the_rows_shown(
    qtbot, make_shell, demo_folder, tmp_path, scripted_dialogs, monkeypatch
):
    threads = []
    real = list_export.export_list

    def spy(*args, **kwargs):
        threads.append(threading.current_thread())
        return real(*args, **kwargs)

    monkeypatch.setattr(list_export, "export_list", spy)
    shell = make_shell(demo_folder)
    unlock(qtbot, shell, DEMO_USER, DEMO_PASSPHRASE)
    shell.window.show_screen("cases")
    screen = shell.window.screen_for("cases")
    qtbot.waitUntil(lambda: not screen.loading and screen.model.total > 0, timeout=10000)
    locality = next(screen.model.index(r, 3).data() for r in range(screen.model.rowCount()))
    screen.filters.area.setCurrentText(locality)
    shown = [
        [screen.model.index(r, c).data() for c in range(screen.model.columnCount())]
        for r in range(screen.model.rowCount())
    ]
    assert 0 < len(shown) < screen.model.total  # a filter is on: the export must follow it

    scripted_dialogs.script(str(tmp_path / "cases"), None)  # save as (no suffix); the info box
    screen.export.button.click()
    wait_idle(qtbot, shell)
    assert threads and threads[0] is not threading.main_thread()  # written on the worker
    target = tmp_path / "cases.xlsx"
    rows = _rows(target)
    assert rows[0][0] == MARKING.default  # the vault's protective marking heads the sheet
    assert rows[1][:3] == ["Case", "Referred", "Heard"]
    # Dates are real dates in the workbook (day-first, as on screen); the rest as shown.
    as_text = [
        ["" if v is None else f"{v:%d/%m/%Y}" if isinstance(v, datetime) else str(v) for v in row]
        for row in rows[2:]
    ]
    assert as_text == shown
    assert oct(target.stat().st_mode & 0o777) == "0o600"
    noun = "row" if len(shown) == 1 else "rows"
    assert scripted_dialogs.history[-1][2] == f"{len(shown)} {noun} of the case list written to cases.xlsx."
    audit = shell.window.screen_for("audit")  # built on first use: it loads now
    wait_idle(qtbot, shell)
    logged = [r for r in audit.model._rows if r["action"] == AUDIT_ACTION]
    assert [(r["ref"], r["detail"]) for r in logged] == [("Case list", f"xlsx; {len(shown)} rows")]


def _export(qtbot, shell, scripted, exporter, target: Path) -> list[list[object]]:
    scripted.script(str(target), None)
    exporter.action.trigger()
    wait_idle(qtbot, shell)
    return _rows(target)


def test_every_list_export_is_keyboard_reachable_and_audited(
    qtbot, make_shell, demo_folder, tmp_path, scripted_dialogs
):
    shell = make_shell(demo_folder)
    unlock(qtbot, shell, DEMO_USER, DEMO_PASSPHRASE)
    window = shell.window
    cases, outreach = window.screen_for("cases"), window.screen_for("outreach")
    marac, audit_screen = window.screen_for("marac"), window.screen_for("audit")
    exports = {
        "Case list": cases.export,
        "Outreach clients": outreach.clients_export,
        "Outreach due list": outreach.due_export,
        "MARAC actions": marac.list_export,
        "Audit log": audit_screen.export,
    }
    for name, exporter in exports.items():
        assert exporter.list_name == name
        assert exporter.action in exporter.view.actions()  # the context menu and the shortcut
        assert exporter.action.shortcut() == QKeySequence(list_export.SHORTCUT)
        assert exporter.button.focusPolicy() != Qt.FocusPolicy.NoFocus
        assert not exporter.button.isHidden()
    window.show_screen("marac")
    wait_idle(qtbot, shell)
    got: list[int] = []
    shell.run(lambda v: v.conn.execute("SELECT max(meeting_id) FROM actions").fetchone()[0], got.append)
    wait_idle(qtbot, shell)
    marac.select_meeting(got[0])  # a meeting with actions
    wait_idle(qtbot, shell)
    for i, (name, exporter) in enumerate(exports.items()):
        shown = exporter.view.model().rowCount()  # the audit log grows by the export itself
        rows = _export(qtbot, shell, scripted_dialogs, exporter, tmp_path / f"list{i}.xlsx")
        assert len(rows) - 2 == shown > 0, name
    wait_idle(qtbot, shell)
    logged = [(r["ref"], r["detail"]) for r in audit_screen.model._rows if r["action"] == AUDIT_ACTION]
    assert {ref for ref, _ in logged} == set(exports)
    assert all(detail.startswith("xlsx; ") and detail.endswith(" rows") for _, detail in logged)


def test_an_outreach_worker_has_no_export(qtbot, make_shell, demo_folder):
    shell = make_shell(demo_folder)
    unlock(qtbot, shell, "ann", DEMO_PASSPHRASE)
    outreach = shell.window.screen_for("outreach")
    assert outreach.clients_export.button.isHidden()
    assert not outreach.clients_export.action.isEnabled()  # the core would refuse anyway
