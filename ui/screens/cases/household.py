"""The referral form's household: a compact "Children" table and a "Further perpetrators" table,
each with a row of inputs, Add and Remove. Saved with the referral (cases.py hands the lists to
referrals.create/update on the worker).

A further perpetrator's identity is typed once, held only until the save keys it, and never shown
in the table; one already saved is kept by its number.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dv_forum.cases import fields, household
from dv_forum.cases.household import Child, Perpetrator
from dv_forum.cases.linkage import Identity
from dv_forum.errors import InputError
from ui.widgets.value_combo import ValueCombo

TABLE_HEIGHT = 90  # about three rows: the form stays within a 1366x768 screen (it scrolls)


def _combo(options: tuple[str, ...] | list[str], name: str, spoken: str) -> ValueCombo:
    box = ValueCombo(options)
    box.setObjectName(name)
    box.setAccessibleName(spoken)
    return box


def _table(headers: list[str], name: str, spoken: str) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setObjectName(name)
    table.setAccessibleName(spoken)
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setStretchLastSection(True)
    table.setMaximumHeight(TABLE_HEIGHT)
    return table


def _fill(table: QTableWidget, rows: list[list[str]]) -> None:
    table.setRowCount(len(rows))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            table.setItem(r, c, QTableWidgetItem(value))


class HouseholdPanel(QGroupBox):
    """Children and further perpetrators of the referral being edited."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Household (no names: ages and relationships only)", parent)
        self._children: list[Child] = []
        self._perps: list[Perpetrator] = []
        self._loaded: tuple[Any, ...] = ((), ())
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel("Children"))
        self.child_table = _table(
            ["Age", "To victim", "To perpetrator", "Social care"], "childTable", "Children"
        )
        lay.addWidget(self.child_table)
        row = QGridLayout()
        self.child_age = QLineEdit()
        self.child_age.setObjectName("childAge")
        self.child_age.setPlaceholderText("age 0-17 or expected")
        self.child_age.setAccessibleName("Child's age")
        self.child_to_victim = _combo(
            household.CHILD_TO_VICTIM, "childToVictim", "Child's relation to the victim"
        )
        self.child_to_perp = _combo(
            household.CHILD_TO_PERPETRATOR, "childToPerpetrator", "Child's relation to the perpetrator"
        )
        self.child_care = _combo(("not_known", "yes", "no"), "childSocialCare", "Child known to social care")
        self.add_child_button = QPushButton("Add child")
        self.remove_child_button = QPushButton("Remove child")
        for i, w in enumerate(
            (self.child_age, self.child_to_victim, self.child_to_perp, self.child_care, self.add_child_button)
        ):
            row.addWidget(w, 0, i)
        row.addWidget(self.remove_child_button, 1, 4)
        lay.addLayout(row)
        self.add_child_button.clicked.connect(self._add_child)
        self.remove_child_button.clicked.connect(lambda: self._remove(self.child_table, self._children))
        self._build_perpetrators(lay)
        self.problem = QLabel()
        self.problem.setObjectName("householdProblem")
        self.problem.setWordWrap(True)
        lay.addWidget(self.problem)

    # ----- what the save takes -----

    def _build_perpetrators(self, lay: QVBoxLayout) -> None:
        lay.addWidget(QLabel("Further perpetrators (the first is above)"))
        self.perp_table = _table(
            ["No.", "Gender", "Age", "Relationship"], "perpetratorTable", "Further perpetrators"
        )
        lay.addWidget(self.perp_table)
        grid = QGridLayout()
        self.perp_identity: dict[str, QLineEdit] = {}
        for i, (part, hint) in enumerate(
            (
                ("surname", "Surname"),
                ("forename", "Forename"),
                ("dob", "Date of birth"),
                ("source_id", "or person id"),
            )
        ):
            edit = QLineEdit()
            edit.setObjectName(f"further_{part}")
            edit.setPlaceholderText(hint)
            edit.setAccessibleName(f"Further perpetrator: {hint.removeprefix('or ')}")
            self.perp_identity[part] = edit
            grid.addWidget(edit, 0, i)
        self.perp_gender = _combo(["", *fields.GENDERS], "furtherGender", "Further perpetrator: gender")
        self.perp_age = QLineEdit()
        self.perp_age.setObjectName("furtherAge")
        self.perp_age.setPlaceholderText("age")
        self.perp_age.setAccessibleName("Further perpetrator: age")
        self.perp_relationship = _combo(
            ["", *fields.RELATIONSHIPS], "furtherRelationship", "Further perpetrator: relationship"
        )
        self.add_perp_button = QPushButton("Add perpetrator")
        self.remove_perp_button = QPushButton("Remove perpetrator")
        for i, w in enumerate(
            (self.perp_gender, self.perp_age, self.perp_relationship, self.add_perp_button)
        ):
            grid.addWidget(w, 1, i)
        grid.addWidget(self.remove_perp_button, 2, 3)
        lay.addLayout(grid)
        self.add_perp_button.clicked.connect(self._add_perp)
        self.remove_perp_button.clicked.connect(lambda: self._remove(self.perp_table, self._perps))

    def child_records(self) -> list[Child] | None:
        """The child records to save, or None when nothing changed (a typed count then stands)."""
        return None if tuple(self._children) == self._loaded[0] else list(self._children)

    def further_perpetrators(self) -> list[Perpetrator] | None:
        return None if tuple(self._perps) == self._loaded[1] else list(self._perps)

    def snapshot(self) -> tuple[Any, ...]:
        typed = tuple(e.text() for e in (self.child_age, self.perp_age, *self.perp_identity.values()))
        return (tuple(self._children), tuple(p.to_dict() for p in self._perps), typed)

    # ----- editing -----
    def _add_child(self) -> None:
        try:
            new = household.child(
                self.child_age.text() or None,
                self.child_to_victim.value(),
                self.child_to_perp.value(),
                self.child_care.value(),
            )
        except InputError as exc:
            self.problem.setText("Child: " + "; ".join(exc.problems))
            return
        self.problem.clear()
        self._children.append(new)
        self.child_age.clear()
        self._show()

    def _add_perp(self) -> None:
        parts = {k: e.text() for k, e in self.perp_identity.items()}
        identity = Identity(**parts)
        try:
            new = household.perpetrator(
                self.perp_gender.value() or None,
                self.perp_age.text() or None,
                None,
                self.perp_relationship.value() or None,
                identity=None if identity.is_empty else identity,
            )
        except InputError as exc:
            self.problem.setText("Perpetrator: " + "; ".join(exc.problems))
            return
        self.problem.clear()
        self._perps.append(new)
        for e in (*self.perp_identity.values(), self.perp_age):
            e.clear()  # the identity lives on only in the pending record, until the save
        self._show()

    def _remove(self, table: QTableWidget, items: list[Any]) -> None:
        row = table.currentRow()
        if 0 <= row < len(items):
            del items[row]
            self._show()

    def _show(self) -> None:
        _fill(
            self.child_table,
            [
                ["expected" if c.age is None else str(c.age), c.to_victim, c.to_perpetrator, c.social_care]
                for c in self._children
            ],
        )
        _fill(
            self.perp_table,
            [
                [
                    str(p.n) if p.n else "new",
                    p.gender or "",
                    "" if p.age is None else str(p.age),
                    p.relationship or "",
                ]
                for p in self._perps
            ],
        )
        self.changed.emit()

    def load(self, case: dict[str, Any]) -> None:
        self._children = [
            Child(c["age"], c["to_victim"], c["to_perpetrator"], c["social_care"])
            for c in case.get("child_records") or []
        ]
        self._perps = [
            Perpetrator(p["gender"], p["age"], p["under18"], p["relationship"], None, p["n"])
            for p in case.get("perpetrators") or []
            if p["n"] != household.FIRST
        ]
        self._loaded = (tuple(self._children), tuple(self._perps))
        self._show()

    def reset(self) -> None:
        self._children, self._perps, self._loaded = [], [], ((), ())
        for e in (self.child_age, self.perp_age, *self.perp_identity.values()):
            e.clear()
        self.problem.clear()
        self._show()
