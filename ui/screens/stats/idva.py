"""The Statistics screen's IDVA capacity table: referrals in the chosen quarter and open caseloads
per IDVA against the SafeLives benchmarks scaled by hours (dv_forum.stats.idva)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dv_forum.dates import shown
from dv_forum.stats.idva import Capacity

HEADERS = (
    "IDVA",
    "FTE",
    "Referrals",
    "Benchmark",
    "% of benchmark",
    "Open cases",
    "Caseload range",
    "Caseload",
)


class IdvaPanel(QGroupBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("IDVA capacity", parent)
        box = QVBoxLayout(self)
        self.note = QLabel()
        self.note.setWordWrap(True)
        box.addWidget(self.note)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setAccessibleName("IDVA capacity")
        self.table.setHorizontalHeaderLabels(list(HEADERS))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setMaximumHeight(150)
        box.addWidget(self.table)

    def show_capacity(self, cap: Capacity) -> None:
        low, high = cap.caseload_range
        self.note.setText(
            f"Referrals {shown(cap.start)} to {shown(cap.end)} against {cap.referrals_per_fte} a year per full-time IDVA;"
            f" open cases now against a caseload of {low}-{high} (both scaled by hours, setting idva.hours)."
            f" No IDVA allocated: {cap.unallocated_referrals} referrals, {cap.unallocated_open} open cases."
        )
        self.table.setRowCount(len(cap.idvas))
        for r, i in enumerate(cap.idvas):
            pct = "-" if i.referrals_pct is None else f"{i.referrals_pct:.0f}%"
            values = (
                i.idva,
                f"{i.fte:.2f}",
                str(i.referrals),
                f"{i.expected_referrals:g}",
                pct,
                str(i.caseload),
                f"{i.caseload_low:g}-{i.caseload_high:g}",
                i.caseload_status,
            )
            for c, v in enumerate(values):
                self.table.setItem(r, c, QTableWidgetItem(v))
        self.table.resizeColumnsToContents()

    def clear(self) -> None:
        self.note.clear()
        self.table.setRowCount(0)
