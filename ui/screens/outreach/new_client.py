"""The new-client form: referral date and source, locality, access barriers, how and when it is
safe to make contact, and (for the coordinator) the worker who holds the client, chosen from the
outreach workers the vault knows."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QComboBox, QFormLayout, QHBoxLayout, QLineEdit, QPushButton, QWidget

from dv_forum.areas import Area
from dv_forum.outreach import clients
from dv_forum.outreach.vocab import BARRIERS, SAFE_METHODS
from ui.widgets import form_state
from ui.widgets.date_edit import DateEdit, first_problem
from ui.widgets.shown import show_when
from ui.widgets.tables import checkboxes
from ui.widgets.unsaved import FormWatch, ask_before_leaving


class NewClientPanel(QWidget):
    def __init__(self, host: Any, sees_all: bool, added: Callable[[str], None]) -> None:
        super().__init__()
        self.host = host
        self._added = added
        form = QFormLayout(self)
        self.n_referred = DateEdit(QDate.currentDate())
        self.n_referred.setAccessibleName("referral date")
        self.n_source = QLineEdit()
        self.n_source.setMaxLength(60)
        self.n_locality = QComboBox()
        self.n_barriers_box, self.n_barriers = checkboxes(BARRIERS)
        self.n_method = QComboBox()
        self.n_method.addItems(["", *SAFE_METHODS])
        self.n_times = QLineEdit()
        self.n_times.setMaxLength(120)
        self.n_times.setPlaceholderText("e.g. weekdays 9-3, never evenings")
        self.n_case = QLineEdit()
        self.n_case.setPlaceholderText("optional case reference if also a MARAC case")
        self.n_worker = QComboBox()  # only the outreach workers the vault knows
        self.n_worker.setAccessibleName("Owning worker")
        self.n_worker.addItem("(you)", None)
        show_when(self.n_worker, sees_all)
        add = QPushButton("Add client")
        add.clicked.connect(self.add)
        self.watch = FormWatch(self.widgets, parent=self)
        add_row = QHBoxLayout()
        add_row.addWidget(add)
        add_row.addWidget(self.watch.label)
        add_row.addStretch(1)
        for label, w in (
            ("Referred", self.n_referred),
            ("Referred by", self.n_source),
            ("Locality", self.n_locality),
            ("Access barriers", self.n_barriers_box),
            ("Safe contact method", self.n_method),
            ("Safe times", self.n_times),
            ("Case", self.n_case),
            ("Worker" if sees_all else "", self.n_worker),
            ("", add_row),
        ):
            form.addRow(label, w)

    def widgets(self) -> dict[str, QWidget]:
        names = "referred source locality method times case worker".split()
        found: dict[str, QWidget] = {n: getattr(self, f"n_{n}") for n in names}
        found.update({f"barrier:{k}": b for k, b in self.n_barriers.items()})
        return found

    def set_lists(self, localities: list[str], workers: list[str]) -> None:
        typed = self.watch.is_dirty()  # filling the lists is not the user's input
        if self.n_locality.count() == 0:
            self.n_locality.addItems(["", *localities])
        keep = self.n_worker.currentData()
        self.n_worker.clear()
        self.n_worker.addItem("(you)", None)
        for name in workers:
            self.n_worker.addItem(name, name)
        self.n_worker.setCurrentIndex(max(0, self.n_worker.findData(keep)))
        if not typed:
            self.watch.mark_clean()

    def add(self) -> bool:
        """Start adding the client; False (with the reason shown) when the form cannot be saved."""
        referred = self.n_referred.value()
        if referred is None or self.n_referred.problem():
            self.host.status.setText(first_problem(self.n_referred) or "Enter the referral date.")
            return False
        details: dict[str, Any] = {
            "referral_source": self.n_source.text(),
            "locality": self.n_locality.currentText() or None,
            "barriers": [k for k, b in self.n_barriers.items() if b.isChecked()],
            "safe_method": self.n_method.currentText() or None,
            "safe_times": self.n_times.text(),
            "case": self.n_case.text() or None,
        }
        worker = self.n_worker.currentData()
        self.host.ctx.run(
            lambda vault: clients.add_client(vault, referred, worker=worker, **details),
            on_done=self._done,
            changes=[Area.OUTREACH],
        )
        return True

    def _done(self, code: str) -> None:
        self.empty()
        self._added(code)

    def empty(self) -> None:
        for w in (self.n_source, self.n_times, self.n_case):
            w.clear()
        self.n_worker.setCurrentIndex(0)
        for b in self.n_barriers.values():
            b.setChecked(False)
        self.watch.mark_clean()

    def leave_ok(self) -> bool:
        return ask_before_leaving(
            self, self.watch, "Unsaved client", "the new client", self.add, self.watch.revert
        )

    def draft(self) -> dict[str, Any] | None:
        return form_state.values(self.widgets()) if self.watch.is_dirty() else None

    def restore(self, values: dict[str, Any]) -> None:
        form_state.apply(self.widgets(), values)
        self.watch.refresh()

    def clear(self) -> None:
        self.empty()
        self.set_lists([], [])
