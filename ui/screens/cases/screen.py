"""Cases screen: the case list with filters, a detail pane with the repeat banner, the referral
form with the DASH checklist, and the possible-match review. All database work goes through
ctx.run (the DB worker thread)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from dv_forum.areas import Area
from dv_forum.cases import case_list, matches, referrals
from dv_forum.cases.same_case import SameCase, add_referrer
from dv_forum.dates import parse_date
from dv_forum.lists import get_list
from dv_forum.vault.roles import Perm, allowed
from ui import dialogs
from ui.screens.base import AppContext, Screen
from ui.screens.cases.details import detail_html
from ui.screens.cases.draft import form_state, restore_state
from ui.screens.cases.filters import CaseFilterBar
from ui.screens.cases.form import ReferralForm
from ui.screens.cases.importing import ReferralImport
from ui.screens.cases.matches import MatchesPanel
from ui.screens.cases.models import COLUMN_SAMPLES, C, CaseFilter, CasesModel, haystack
from ui.screens.cases.tools import CaseTools
from ui.style import tone
from ui.widgets.list_columns import ListColumns
from ui.widgets.list_export import ListExport
from ui.widgets.pane_toggle import PaneToggle

# Rows in the first, quick page of the case list (newest first); the full list follows.
FIRST_PAGE = 200
LOADING_TEXT = "Loading all cases..."
# The order case_list.table_rows returns: newest referral first.
_TABLE_ORDER = (C["referral_date"], Qt.SortOrder.DescendingOrder)


class CasesScreen(Screen):
    title = "Cases"
    nav_key = "cases"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.can_edit = allowed(ctx.role, Perm.EDIT_CASES)
        self.model = CasesModel(self)
        self.current: dict[str, Any] | None = None
        self._asked_for: str | None = None  # the case whose details were last asked for
        self._load_id = 0  # reload() calls so far
        self._dropped = 0  # loads up to this one were dropped by clear()
        self._full_id = 0  # the load whose full list is shown
        self._complete = False  # the full list is shown (not just the first page)
        self._loading = False
        self.importer = ReferralImport(self)  # "Import referrals..." (IMPORT permission only)
        self.tools = CaseTools(self)  # transfers, chronology, review hold
        self.matches = MatchesPanel(ctx)
        layout = QVBoxLayout(self)
        self.tabs = QTabWidget()
        layout.addWidget(self.tabs)
        self.tabs.addTab(self._build_list(), "Case list")
        self.form = ReferralForm(get_list_defaults("locality"), get_list_defaults("agency"))
        self.form.submitted.connect(self._save)
        if self.can_edit:
            self.tabs.addTab(self.form, "Referral form")
            self.tabs.addTab(self.matches, "Possible matches")

    # ----- building -----
    def _build_table(self) -> QTableView:
        table = QTableView()
        table.setAccessibleName("Case list")
        table.setModel(self.model)
        table.setSortingEnabled(True)
        table.sortByColumn(1, Qt.SortOrder.DescendingOrder)  # newest referral first
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.verticalHeader().setVisible(False)
        table.setWordWrap(False)
        table.setAlternatingRowColors(True)
        # One text line per row and fixed widths from sample text (sizing to contents would read
        # every row, too slow at 100,000 referrals), so references and dates are never elided.
        metrics = table.fontMetrics()
        table.verticalHeader().setDefaultSectionSize(metrics.height() + 8)
        for col, sample in enumerate(COLUMN_SAMPLES):
            table.setColumnWidth(col, metrics.horizontalAdvance(sample) + 24)
        table.horizontalHeader().setStretchLastSection(True)
        # The details follow the current row, so arrow keys (and a selection made by the import)
        # show a case as a click does; a click on the row already shown reloads nothing.
        table.selectionModel().currentRowChanged.connect(self._current_row_changed)
        table.clicked.connect(self._open_row_unless_shown)
        table.doubleClicked.connect(self._edit_row)
        return table

    def _build_list(self) -> QWidget:
        page = QWidget()
        lay = QVBoxLayout(page)
        self.filters = CaseFilterBar()
        self.filters.changed.connect(self.apply_filter)
        lay.addWidget(self.filters)
        split = QSplitter(Qt.Orientation.Horizontal)
        self.table = self._build_table()
        split.addWidget(self.table)
        detail = QWidget()
        dl = QVBoxLayout(detail)
        self.banner = QLabel()
        self.banner.setObjectName("repeatBanner")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(
            f"background: {tone('repeat_bg')}; border: 1px solid {tone('banner_border')}; padding: 6px;"
        )
        self.banner.hide()
        self.detail = QTextBrowser()
        self.detail.setAccessibleName("Case details")
        # Short: a QTextBrowser placeholder does not wrap.
        self.detail.setPlaceholderText("Select a case to see its details.")
        self.edit_button = QPushButton("Edit this case")
        self.edit_button.clicked.connect(self._edit_current)
        self.edit_button.setEnabled(False)
        dl.addWidget(self.banner)
        dl.addWidget(self.detail, 1)
        dl.addWidget(self.edit_button)
        self.edit_button.setVisible(self.can_edit)  # placed first: never shown as a window of its own
        dl.addWidget(self.tools.row())
        split.addWidget(detail)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        lay.addWidget(split, 1)
        self.columns = ListColumns(self.table, "cases")
        self.details_toggle = PaneToggle(split, 1, "cases", "details", "Ctrl+D", self)
        self.count = QLabel()
        self.saved_note = QLabel()  # what the last save stored, by its case reference
        self.saved_note.setAccessibleName("Last saved")
        self._saved_ref = ""
        foot = QHBoxLayout()
        foot.addWidget(self.count, 1)
        foot.addWidget(self.saved_note)
        self.export = ListExport(self, self.table, "Case list")
        for button in (self.columns.button, self.details_toggle.button, self.export.button):
            foot.addWidget(button)
        for button in (self.importer.button, self.tools.in_button, self.tools.subject_button):
            foot.addWidget(button)
        lay.addLayout(foot)
        return page

    # ----- loading -----
    def on_unlocked(self) -> None:
        self.reload()

    reloads_on = frozenset({Area.CASES, Area.SETTINGS})

    def reload(self) -> None:
        """Load the case list in two DB worker jobs, queued together (the worker runs them in order).

        While no full list is shown (first load, after a lock), a quick first job reads the newest
        FIRST_PAGE cases and the filter lists, so the list shows at once; a second job reads every
        case and builds the search text on the worker thread, and its rows replace the page (one
        model reset, never an append, so no duplicates). Filters and sorting set meanwhile are kept
        by the model and apply to the full list. A reload after a change keeps the full list on
        screen until the new one arrives. Possible matches follow in a third job.
        """
        self._asked_for = None  # details may have changed: a click shows them afresh
        self._load_id += 1
        load_id = self._load_id
        first = not self._complete

        def load_first(vault: Any) -> tuple[Any, ...]:
            rows = case_list.table_rows(vault, limit=FIRST_PAGE) if first else None
            return rows, (get_list(vault.conn, "locality"), get_list(vault.conn, "agency"))

        def load_all(vault: Any) -> tuple[Any, ...]:
            rows = case_list.table_rows(vault)
            return rows, haystack(rows)

        if first:
            self._loading = True
            self._show_count()
        self.ctx.run(load_first, on_done=lambda r: self._first_loaded(load_id, r))
        self.ctx.run(load_all, on_done=lambda r: self._all_loaded(load_id, r))
        if self.can_edit:
            self.ctx.run(lambda v: matches.offers(v), on_done=lambda r: self._offers_loaded(load_id, r))

    def _current(self, load_id: int) -> bool:
        """Whether a load's result may still be shown (clear() drops every earlier load)."""
        return load_id > self._dropped

    def _first_loaded(self, load_id: int, result: tuple[Any, ...]) -> None:
        rows, (localities, agencies) = result
        if not self._current(load_id):
            return
        self.filters.set_localities(localities)
        self.form.set_lists(localities, agencies)
        if rows is not None and not self._complete:
            self.model.set_rows(rows, order=_TABLE_ORDER)
            self._show_count()

    def _all_loaded(self, load_id: int, result: tuple[Any, ...]) -> None:
        rows, hay = result
        if not self._current(load_id) or load_id < self._full_id:
            return  # a newer full list is already shown
        self._full_id = load_id
        self._complete = True
        self._loading = False
        self.model.set_rows(rows, hay=hay, order=_TABLE_ORDER)
        self._show_count()
        self.importer.after_full_load()
        self._select_saved()

    def _select_saved(self) -> None:
        ref, self._saved_ref = self._saved_ref, ""
        for row in range(self.model.rowCount()) if ref else ():
            if self.model.ref_at(row) == ref:
                self.table.selectRow(row)
                self.table.scrollTo(self.model.index(row, 0))
                return

    def _offers_loaded(self, load_id: int, offers: list[Any]) -> None:
        if self._current(load_id) and self.can_edit:
            self.matches.show_offers(offers)

    @property
    def loading(self) -> bool:
        """True while only the first page is shown and the full list is still being read."""
        return self._loading

    def current_filter(self) -> CaseFilter:
        return self.filters.current()

    def clear_filters(self) -> None:
        self.filters.clear()

    def apply_filter(self) -> None:
        self.model.set_filter(self.current_filter())
        self._show_count()

    def _show_count(self) -> None:
        if self._loading:
            self.count.setText(
                f"{self.model.rowCount()} of the newest {self.model.total} cases. {LOADING_TEXT}"
            )
        else:
            self.count.setText(f"{self.model.rowCount()} of {self.model.total} cases")

    # ----- a case -----
    def _open_row(self, index: QModelIndex) -> None:
        self.open_case(self.model.ref_at(index.row()))

    def _current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self._open_row(current)

    def _open_row_unless_shown(self, index: QModelIndex) -> None:
        ref = self.model.ref_at(index.row())
        if ref != self._asked_for:
            self.open_case(ref)

    def open_case(self, ref: str) -> None:
        self._asked_for = ref
        self.ctx.run(lambda v: referrals.get(v, ref), on_done=self._show_case)

    def _show_case(self, case: dict[str, Any]) -> None:
        self.current = case
        reason = referrals.repeat_reason(case)
        self.banner.setText(reason or "")
        self.banner.setVisible(bool(reason))
        self.detail.setHtml(detail_html(case))
        self.tools.set_case(case)
        self.edit_button.setEnabled(self.can_edit)

    def _edit_row(self, index: QModelIndex) -> None:
        if self.can_edit:
            ref = self.model.ref_at(index.row())
            self.ctx.run(lambda v: referrals.get(v, ref), on_done=self._edit_loaded)

    def _edit_current(self) -> None:
        if self.current is not None:
            self._edit_loaded(self.current)

    def _edit_loaded(self, case: dict[str, Any]) -> None:
        self.form.load(case)
        self.tabs.setCurrentWidget(self.form)

    def _save(self, raw: dict[str, Any], victim: Any, perp: Any, answers: Any) -> None:
        editing = self.form.editing
        # Read on the GUI thread, before the worker runs: the form may be cleared meanwhile.
        kids, further = self.form.household.child_records(), self.form.household.further_perpetrators()

        def save(vault: Any) -> tuple[str, list[str], Any]:
            said: list[str] = []
            extra: dict[str, Any] = {"children": kids, "perpetrators": further, "warnings": said}
            if editing:
                referrals.update(vault, editing, raw, victim, perp, answers, **extra)
                ref = editing
            else:
                ref = referrals.create(vault, raw, victim, perp, answers, **extra)
            return ref, said, case_list.table_row(vault, ref)

        def done(result: tuple[str, list[str], Any]) -> None:
            ref, said, row = result
            self.form.reset()  # drops the identity fields at once
            self.tabs.setCurrentIndex(0)
            note = f"Saved as {ref}" if not editing else f"Saved changes to {ref}"
            self.saved_note.setText(" ".join([note, *said]))
            self._saved_ref = ref  # selected again once the whole list is read again
            # Shown in its place now; the whole list (other flags may change) follows the reload.
            at = self.model.upsert(row) if row is not None else -1
            if at >= 0:
                self.table.selectRow(at)
                self.table.scrollTo(self.model.index(at, 0))
                self._show_count()
            self.open_case(ref)

        def failed(exc: BaseException) -> None:
            if isinstance(exc, SameCase):
                self._offer_referrer(exc.case_ref, raw)
            else:
                dialogs.show_exception(self, exc, "Save referral")

        self.ctx.run(save, on_done=done, on_error=failed, changes=[Area.CASES])

    def _offer_referrer(self, case_ref: str, raw: dict[str, Any]) -> None:
        """The same victim and perpetrator referred again before the hearing: one case, so the
        referral is offered as a further referring agency of that case instead."""
        agency = (raw.get("referring_agency") or "").strip() or "not recorded"
        day = str(raw.get("referral_date") or "")
        text = (
            f"Case {case_ref} has the same victim and perpetrator and is awaiting its hearing, so this "
            f"referral is the same case. Add {agency} as a further referring agency of {case_ref}?"
        )
        if not dialogs.question(self, "Same case", text, default_yes=True):
            return

        def add(vault: Any) -> str:
            add_referrer(vault, case_ref, agency, parse_date(day).isoformat())
            return case_ref

        def done(ref: str) -> None:
            self.form.reset()
            self.tabs.setCurrentIndex(0)
            self.saved_note.setText(f"Added {agency} as a further referring agency of {ref}")
            self._saved_ref = ref
            self.open_case(ref)

        self.ctx.run(add, on_done=done, changes=[Area.CASES])

    def leave_ok(self) -> bool:
        if not self.can_edit or not self.form.has_input():
            return True
        what = f"the changes to {self.form.editing}" if self.form.editing else "the new referral"
        answer = dialogs.save_discard_cancel(
            self, "Unsaved referral", f"Save {what} before leaving the Cases screen?"
        )
        if answer == "save":
            self.form.save.click()  # refused while the form shows problems: the user stays
            return not self.form.has_input()
        if answer == "discard":
            self.form.reset()
            return True
        return False

    def draft(self) -> dict[str, Any] | None:
        return form_state(self.form) if self.can_edit else None

    def restore_draft(self, content: dict[str, Any]) -> None:
        restore_state(self.form, content)
        self.tabs.setCurrentWidget(self.form)

    def clear(self) -> None:
        self.importer.clear()  # a running import is cancelled (it rolls back)
        self._dropped = self._load_id  # results of loads still running are not shown
        self._full_id = 0
        self._complete = self._loading = False
        self.model.clear()
        self.current = None
        self.tools.set_case(None)
        self._asked_for = None
        self.banner.clear()
        self.banner.hide()
        self.saved_note.clear()
        self.detail.clear()
        self.form.reset()
        self.matches.clear()
        self.filters.search.clear()


def get_list_defaults(kind: str) -> list[str]:
    """Built-in list values until the vault's own are loaded (no DB access on the GUI thread)."""
    from dv_forum.lists import DEFAULTS

    return list(DEFAULTS.get(kind, ()))
