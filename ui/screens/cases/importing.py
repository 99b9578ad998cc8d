"""Import referrals from the Cases screen: the desktop side of `dv-forum import referrals FILE`.

"Import referrals..." (Ctrl+I; roles with the IMPORT permission only) -> a CSV or XLSX file, chosen
through ui.dialogs -> dv_forum.cases.importer.import_referrals on the DB worker thread, with a
progress dialog (checking, then importing, with counts) -> a short summary; the case list reloads
(changes=[Area.CASES]) with its filters cleared, newest referral first, the newest imported case
selected.

Problems in the file (InputError: "row N, column X: reason", never the value found) are listed,
counted, selectable and copyable. When every row was checked and some are good, the user may
import the good rows and save the rejected ones to a file (skip_invalid); when the only problems
are unknown columns, the user may import without them (ignore_unknown). Anything else (not UTF-8,
empty, unreadable workbook, disk full) is shown as the UserError it is, with its next step.

Cancel is real because the import is one transaction: the progress callback (every 1,000 rows)
raises ImportCancelled, the transaction rolls back, and a rejected-rows file this run wrote is
removed. A Cancel after the last callback is too late to stop it: the import is kept and the
summary says so. Locking (or quick exit) cancels a running import the same way, so the vault closes
sooner; results after a lock are dropped by the worker anyway.

Progress callbacks run on the DB thread. They reach the GUI thread through a signal of one relay
QObject that lives as long as the application (a queued connection, as the worker's own results
come back), so no callback can emit on an object that a lock has deleted.

Nothing from the file reaches logs, window titles or QSettings: the app keeps only the window
geometry outside the vault, so the folder last used is remembered in memory for the session only.
"""

from __future__ import annotations

import itertools
import threading
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QPushButton

from dv_forum.areas import Area
from dv_forum.cases.import_lists import UnknownValues
from dv_forum.cases.import_read import SheetChoice
from dv_forum.cases.importer import ImportResult
from dv_forum.errors import InputError
from dv_forum.vault.roles import Perm, allowed
from ui import dialogs
from ui.screens.cases.import_maps import MapValuesDialog
from ui.screens.cases.import_run import ImportCancelled, ImportRequest, RowProblems, data_rows, run_import
from ui.screens.cases.import_views import (
    TITLE,
    ImportProgressDialog,
    bad_rows,
    problems_text,
    summary,
    unknown_columns,
    unknown_question,
)
from ui.screens.cases.models import C
from ui.widgets.shown import show_when

if TYPE_CHECKING:
    from ui.screens.cases import CasesScreen

SHORTCUT = "Ctrl+I"
FILE_FILTER = "CSV or Excel files (*.csv *.xlsx *.xlsm);;All files (*)"
IMPORT_GOOD = "import_good"
_CLI_HINT = " (see 'dv-forum import referrals --help'; --ignore-unknown skips it)"  # the command line's advice; the app asks instead
_ids = itertools.count(1)


class _Relay(QObject):
    progressed = Signal(int, str, int, int)  # run id, phase, rows done, rows in all


_relay: _Relay | None = None


def relay() -> _Relay:
    """The progress relay: made on the GUI thread as a child of the application, so it outlives
    every screen and no DB-thread callback emits on a deleted object."""
    global _relay
    if _relay is None or not shiboken6.isValid(_relay):
        _relay = _Relay(QCoreApplication.instance())
    return _relay


@dataclass
class _Run:
    ident: int
    request: ImportRequest
    cancel: threading.Event
    checked_all: bool = False  # every row was checked, so row problems are complete
    cancel_pressed: bool = False


class ReferralImport(QObject):
    """The import action of a Cases screen: its button, shortcut, dialogs and runs."""

    progress_shown = Signal(str, int, int)  # after the progress dialog shows a report
    finished = Signal()  # a run (and any runs it led to) ended, its messages shown

    def __init__(self, screen: CasesScreen) -> None:
        super().__init__(screen)
        self.screen = screen
        self.ctx = screen.ctx
        try:
            self.allowed = allowed(self.ctx.role, Perm.IMPORT)
        except ValueError:
            self.allowed = False
        self.reason = "" if self.allowed else f"Importing referrals is not part of the {self.ctx.role} role."
        self.button = QPushButton("Import referrals…")
        self.button.setToolTip(f"Import referrals from a CSV or Excel file ({SHORTCUT})")
        self.button.setAccessibleName("Import referrals")
        self.button.clicked.connect(self.start)
        show_when(self.button, self.allowed)  # the core refuses anyway
        self.shortcut: QShortcut | None = None
        if self.allowed:
            self.shortcut = QShortcut(QKeySequence(SHORTCUT), screen)
            self.shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.shortcut.activated.connect(self.start)
        self.run: _Run | None = None
        self.dialog: ImportProgressDialog | None = None
        self.pending_refs: set[str] = set()  # imported cases to select when the list arrives
        self._folder: Path | None = None  # in memory only (see the module docstring)
        self._started = 0  # runs begun (a failed run may lead to another: see _failed)
        relay().progressed.connect(self._progressed)

    # ----- starting -----
    def start(self) -> None:
        if not self.allowed:
            dialogs.warning(self.screen, TITLE, self.reason, "Ask the DV coordinator to import the file.")
            return
        if self.run is not None:
            return  # one import at a time (the button is off meanwhile)
        path = dialogs.open_file(
            self.screen,
            "Choose a referrals file (CSV or Excel)",
            self._folder or Path.home(),
            FILE_FILTER,
        )
        if path is None:
            return
        self._folder = path.parent
        self._begin(ImportRequest(path))

    def _begin(self, request: ImportRequest) -> None:
        run = _Run(next(_ids), request, threading.Event())
        self.run = run
        self._started += 1
        self.button.setEnabled(False)
        dialog = ImportProgressDialog(self.screen, request.path.name)
        dialog.cancel_requested.connect(lambda: self._cancel(run))
        self.dialog = dialog
        dialog.show()
        cancel, ident, emit = run.cancel, run.ident, relay().progressed.emit

        def report(phase: str, n: int, total: int) -> None:  # on the DB thread
            if cancel.is_set():
                raise ImportCancelled()
            emit(ident, phase, n, total)

        def work(vault: Any) -> ImportResult:  # on the DB thread
            if cancel.is_set():
                raise ImportCancelled()
            try:
                return run_import(vault, request, report)
            except UnknownValues:
                raise  # offered as a mapping table first
            except InputError as exc:
                # Row problems: count the rows (a second read, only now), so the offer to import
                # the good ones names how many there are.
                n = (
                    data_rows(request.path, request.sheet)
                    if bad_rows(exc.problems) and not request.skip_invalid
                    else None
                )
                if n is None:
                    raise
                raise RowProblems(exc.problems, n) from None

        self.ctx.run(
            work,
            on_done=lambda result: self._done(run, result),
            on_error=lambda exc: self._failed(run, exc),
            changes=[Area.CASES],
        )

    def _progressed(self, ident: int, phase: str, n: int, total: int) -> None:
        run = self.run
        if run is None or ident != run.ident:
            return
        if phase == "checked":
            run.checked_all = n >= total
        if self.dialog is not None:
            self.dialog.show_progress(phase, n, total)
        self.progress_shown.emit(phase, n, total)

    def _cancel(self, run: _Run) -> None:
        run.cancel_pressed = True
        run.cancel.set()

    def _end(self, run: _Run) -> None:
        if self.run is run:
            self.run = None
        if self.dialog is not None:
            self.dialog.finish()
            self.dialog = None
        self.button.setEnabled(True)

    # ----- results -----
    def _done(self, run: _Run, result: ImportResult) -> None:
        self._end(run)
        self.pending_refs = set(result.refs)
        if result.refs:
            self.screen.clear_filters()
            self.screen.table.sortByColumn(C["referral_date"], Qt.SortOrder.DescendingOrder)
            self.screen.tabs.setCurrentIndex(0)
        text, detail = summary(result, run.cancel_pressed)
        # After this returns the worker reports the change and the list reloads; the summary
        # follows, so the refreshed list is behind it.
        QTimer.singleShot(0, self, lambda: self._summary(text, detail))

    def _summary(self, text: str, detail: str) -> None:
        dialogs.info(self.screen, TITLE, text, detail)
        self.finished.emit()

    def after_full_load(self) -> None:
        """The full case list is in: select the newest imported case (the list is newest first)."""
        refs, self.pending_refs = self.pending_refs, set()
        if not refs:
            return
        model = self.screen.model
        for row in range(model.rowCount()):
            if model.ref_at(row) in refs:
                self.screen.table.selectRow(row)
                self.screen.table.scrollTo(model.index(row, 0))
                return

    def _failed(self, run: _Run, exc: BaseException) -> None:
        self._end(run)
        started = self._started
        if isinstance(exc, ImportCancelled):
            dialogs.info(self.screen, TITLE, exc.message, exc.next_step)
        elif isinstance(exc, SheetChoice):
            sheet = dialogs.choose(
                self.screen, TITLE, "The workbook has several sheets. Import which?", exc.sheets
            )
            if sheet is not None:
                self._begin(replace(run.request, sheet=sheet))
        elif isinstance(exc, UnknownValues) and not run.request.maps:
            self._offer_maps(run, exc)
        elif isinstance(exc, InputError) and exc.problems:
            self._show_problems(run, exc)
        else:
            # The worker has already turned a database failure the user can act on (disk full,
            # vault busy or read-only) into its UserError; anything else is reported as a bug.
            dialogs.show_exception(self.screen, exc, TITLE)
        if self._started == started:  # no follow-up run (which ends with its own message)
            self.finished.emit()

    def _offer_maps(self, run: _Run, exc: UnknownValues) -> None:
        """Values not in the lists: a table to map them; then the import runs again with the maps
        (rows still unknown, and any other problem, are then listed as usual)."""
        answer = dialogs.form(self.screen, MapValuesDialog(self.screen, exc), "Map values to your lists")
        if answer is None:
            return
        if not answer["maps"]:
            self._show_problems(run, exc)
            return
        self._begin(replace(run.request, maps=tuple(answer["maps"]), remember=bool(answer["remember"])))

    def _show_problems(self, run: _Run, exc: InputError) -> None:
        request, problems = run.request, exc.problems
        unknown = unknown_columns(problems)
        if unknown is not None and not request.ignore_unknown:
            if dialogs.question(self.screen, TITLE, unknown_question(unknown)):
                self._begin(replace(request, ignore_unknown=True))
            return
        rows = bad_rows(problems)
        good = 0
        total = exc.data_rows if isinstance(exc, RowProblems) and run.checked_all else None
        if rows is not None and total:
            good = total - len(rows)
        choices = []
        if good > 0 and not request.skip_invalid:
            plural = "" if good == 1 else "s"
            label = f"Import the {good:,} good row{plural} and save the rejected rows to a file"
            choices.append((IMPORT_GOOD, label))
        text, detail = problems_text(request.path.name, problems, rows, total, good)
        answer = dialogs.problem_list(
            self.screen,
            TITLE,
            text,
            [p.replace(_CLI_HINT, "") for p in problems],
            choices,
            detail,
            cancel_label="Cancel (nothing is imported)" if choices else "Close",
        )
        if answer == IMPORT_GOOD:
            target = self._ask_rejects_path(request.path)
            if target is not None:
                self._begin(replace(request, skip_invalid=True, rejects_path=target))

    def _ask_rejects_path(self, source: Path) -> Path | None:
        start = source.with_name(source.stem + ".rejects.csv")
        while True:
            target = dialogs.save_file(self.screen, "Save the rejected rows", start, "CSV files (*.csv)")
            if target is None:
                return None
            if not target.suffix:
                target = target.with_suffix(".csv")
                if target.exists() and not dialogs.question(
                    self.screen, TITLE, f"{target.name} already exists. Replace it?"
                ):
                    continue
            if target.resolve() == source.resolve():
                dialogs.warning(
                    self.screen,
                    TITLE,
                    "The rejected rows cannot be saved over the file being imported.",
                    "Choose another name.",
                )
                continue
            return target

    # ----- locking -----
    def clear(self) -> None:
        """The vault is locking: stop a running import (it rolls back) and forget the folder."""
        run, self.run = self.run, None
        if run is not None:
            run.cancel.set()
        if self.dialog is not None:
            self.dialog.finish()
            self.dialog = None
        self.button.setEnabled(True)
        self.pending_refs = set()
        self._folder = None
