"""The audit log: who did what and when (never names or case content), and a chain check."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from dv_forum.areas import Area
from dv_forum.dates import shown, shown_moment
from dv_forum.vault import Perm
from dv_forum.vault import audit as core_audit
from dv_forum.vault.audit_words import action_words
from ui import dialogs
from ui.screens.base import AppContext, Screen
from ui.widgets.list_export import ListExport
from ui.widgets.table_model import SORT_ROLE, DictTableModel
from ui.widgets.tables import fit_columns

LIMIT = 5000


def _load(vault: Any) -> list[dict[str, Any]]:
    vault.require(Perm.VIEW_AUDIT)
    return [r.to_dict() for r in core_audit.rows(vault.conn, limit=LIMIT)]


def _verify(vault: Any) -> list[str]:
    vault.require(Perm.VIEW_AUDIT)
    problems = core_audit.verify(vault.conn)
    with vault.transaction():
        vault.audit("audit.verify", detail="ok" if not problems else f"{len(problems)} problems")
    return problems


class AuditModel(DictTableModel):
    COLUMNS = (
        ("#", "id", None),
        ("When", "ts", shown_moment),
        ("User", "user", None),
        ("Action", "action", action_words),
        ("Reference", "ref", shown),  # a meeting is referred to by its date
        ("Detail", "detail", None),
    )
    TOOLTIPS = True
    BLANK_SORTS_AS = ""


class AuditScreen(Screen):
    title = "Audit"
    nav_key = "audit"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        layout = QVBoxLayout(self)
        heading = QLabel("Audit log")
        heading.setObjectName("screenTitle")
        layout.addWidget(heading)
        note = QLabel(
            "Every unlock, view, edit, print, export and backup is recorded here. "
            "Rows are hash-chained: Verify checks that none was altered or removed."
        )
        note.setObjectName("hint")
        note.setWordWrap(True)
        layout.addWidget(note)
        bar = QHBoxLayout()
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Filter by action, user or reference")
        self.filter.setAccessibleName("Filter audit log")
        self.filter.setClearButtonEnabled(True)
        bar.addWidget(self.filter, 1)
        self.verify_button = QPushButton("&Verify chain")
        self.verify_button.setToolTip("Check the audit log's hash chain (Alt+V)")
        self.verify_button.setAccessibleName("Verify audit chain")
        self.verify_button.clicked.connect(self.verify)
        bar.addWidget(self.verify_button)
        self.reload_button = QPushButton("&Reload")
        self.reload_button.setToolTip("Reload the audit log (F5)")
        self.reload_button.setShortcut("F5")
        self.reload_button.clicked.connect(self.reload)
        bar.addWidget(self.reload_button)
        layout.addLayout(bar)
        self.status = QLabel("")  # result of the last chain check
        self.status.setObjectName("hint")
        layout.addWidget(self.status)
        self.count = QLabel("")
        self.count.setObjectName("hint")
        layout.addWidget(self.count)
        self.model = AuditModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setAccessibleName("Audit log")
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        fit_columns(self.table)
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table, 1)
        self.export = ListExport(self, self.table, "Audit log")
        bar.addWidget(self.export.button)

    def on_unlocked(self) -> None:
        self.reload()

    reloads_on = frozenset(Area)

    def reload(self) -> None:
        self.ctx.run(_load, on_done=self._loaded)

    def _loaded(self, rows: list[dict[str, Any]]) -> None:
        self.model.set_rows(rows)
        self.count.setText(
            f"{len(rows)} most recent entries." if len(rows) >= LIMIT else f"{len(rows)} entries."
        )

    def verify(self) -> None:
        self.verify_button.setEnabled(False)
        self.status.setText("Checking the chain…")
        self.ctx.run(_verify, on_done=self._verified, on_error=self._verify_failed, changes=[Area.AUDIT])

    def _verified(self, problems: list[str]) -> None:
        self.verify_button.setEnabled(True)
        if problems:
            self.status.setText("The audit log has been tampered with.")
            dialogs.warning(self, "Audit log", "The audit log failed its check.", "\n".join(problems[:10]))
        else:
            self.status.setText("The audit chain is intact.")
            dialogs.info(self, "Audit log", "The audit chain is intact: no entry was altered or removed.")

    def _verify_failed(self, exc: BaseException) -> None:
        self.verify_button.setEnabled(True)
        self.status.setText("")
        dialogs.show_exception(self, exc)

    def clear(self) -> None:
        self.model.clear()
        self.filter.clear()
        self.status.setText("")
        self.count.setText("")
