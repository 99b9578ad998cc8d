"""The referral form (validated as you type) and the DASH checklist with a live score.

Validation runs the core's pure checks (dv_forum.cases.fields, linkage) on the GUI thread: no
database is touched, so it is instant. Identity fields are cleared as soon as the form is saved or
reset; they are never put in a model, a title or a log.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from dv_forum.cases import dash, fields, linkage
from ui.screens.cases.dash_checklist import DashChecklist
from ui.screens.cases.form_sections import (
    FLAG_GROUPS,
    FLAG_LABELS,
    IDENTITY,
    NAMED_LISTS,
    TEXT_FIELDS,
    lay_out,
)
from ui.screens.cases.household import HouseholdPanel
from ui.style import tone
from ui.widgets.a11y import buddy_labels
from ui.widgets.unsaved import marker as unsaved_marker
from ui.widgets.value_combo import ValueCombo

_DUMMY_SECRET = b"\0" * 32  # checks completeness only; these keys are thrown away


class ReferralForm(QWidget):
    """Emits ``submitted(raw fields, victim, perpetrator, dash answers)`` when valid and saved."""

    submitted = Signal(object, object, object, object)

    def __init__(
        self, localities: Sequence[str], agencies: Sequence[str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.localities = list(localities)
        self.editing: str | None = None
        # Problems show only for fields the user has touched, or for every field once Save was
        # pressed (or a saved case was loaded): an empty form is not an error.
        self.touched: set[str] = set()
        self.show_all = False
        self._filling = False  # programmatic changes (load, reset) touch nothing
        outer = QVBoxLayout(self)
        self.heading = QLabel("New referral")
        outer.addWidget(self.heading)
        scroll = QScrollArea()
        scroll.setAccessibleName("Referral form")
        scroll.setWidgetResizable(True)
        body = QWidget()
        form = QFormLayout(body)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)
        rows: dict[str, tuple[QLabel | str | None, QWidget]] = {}
        self._build_fields(rows, localities, agencies)
        self._build_flags(rows)
        self._build_identity(rows)
        self.household = HouseholdPanel()
        self.household.changed.connect(lambda: self._touch("household"))
        rows["household"] = (None, self.household)
        self._build_dash(rows)
        lay_out(form, rows)
        self.problems = QLabel()
        self.problems.setObjectName("formProblems")
        self.problems.setWordWrap(True)
        outer.addWidget(self.problems)
        self._build_buttons(outer)
        self._blank = self._snapshot()
        self.revalidate()

    # ----- building -----
    def _build_fields(self, rows: dict[str, Any], localities: Sequence[str], agencies: Sequence[str]) -> None:
        self.inputs: dict[str, QLineEdit] = {}
        self.labels: dict[str, QLabel] = {}
        for name, label in TEXT_FIELDS:
            self.inputs[name] = QLineEdit()
            self.inputs[name].setObjectName(name)
            self.labels[name] = QLabel(label)
            rows[name] = (self.labels[name], self.inputs[name])
            self.inputs[name].textChanged.connect(lambda _=None, n=name: self._touch(n))
        self.combos: dict[str, ValueCombo] = {}
        for name, label, options in (
            ("area", "Locality", ["", *localities]),
            ("referring_agency", "Referring agency", ["", *agencies]),
            ("victim_gender", "Victim gender", ["", *fields.GENDERS]),
            ("perp_gender", "Perpetrator gender", ["", *fields.GENDERS]),
            ("perp_relationship", "Perpetrator relationship", ["", *fields.RELATIONSHIPS]),
            ("pj_band", "Professional judgement raises band to", ["", *dash.BANDS]),
            (
                "previous_marac_same_perpetrator",
                "Previous MARAC: same perpetrator",
                ["", *fields.SAME_PERPETRATOR],
            ),
            ("referrer_repeat", "Referrer says MARAC repeat", ["", "Y", "N"]),
            ("status", "Status", list(fields.STATUSES)),
        ):
            # Localities and agencies are the partnership's own names: shown as they are.
            box = ValueCombo(options, spelled=name not in NAMED_LISTS)
            box.setObjectName(name)
            box.currentIndexChanged.connect(lambda _=None, n=name: self._touch(n))
            self.combos[name] = box
            self.labels[name] = QLabel(label)
            rows[name] = (self.labels[name], box)

    def _build_flags(self, rows: dict[str, Any]) -> None:
        self.flags: dict[str, QCheckBox] = {}
        for group, (label, names) in FLAG_GROUPS.items():
            holder = QWidget()
            grid = QGridLayout(holder)
            grid.setContentsMargins(0, 0, 0, 0)
            for i, name in enumerate(names):
                self.flags[name] = QCheckBox(FLAG_LABELS.get(name, name.replace("_", " ")))
                grid.addWidget(self.flags[name], i // 3, i % 3)
            rows[f"flags:{group}"] = (label, holder)
        crit = QWidget()
        row = QHBoxLayout(crit)
        self.criteria: dict[str, QCheckBox] = {}
        for name in fields.CRITERIA:
            self.criteria[name] = QCheckBox(name.replace("_", " ").capitalize())
            self.criteria[name].toggled.connect(lambda _=None: self._touch("criteria"))
            row.addWidget(self.criteria[name])
        rows["criteria"] = ("Referral criteria", crit)
        self.notes = QPlainTextEdit()
        self.notes.setMaximumHeight(70)
        self.notes.setTabChangesFocus(True)
        self.notes.textChanged.connect(lambda: self._touch("notes"))
        rows["notes"] = ("Notes (short)", self.notes)

    def _build_identity(self, rows: dict[str, Any]) -> None:
        self.identity: dict[str, dict[str, QLineEdit]] = {}
        for who in ("victim", "perpetrator"):
            group = QGroupBox(f"{who.title()} identity (turned into a key; never stored)")
            lay = QFormLayout(group)
            self.identity[who] = {}
            for part, label in IDENTITY:
                edit = QLineEdit()
                edit.setObjectName(f"{who}_{part}")
                edit.textChanged.connect(lambda _=None, w=who: self._touch(w))
                self.identity[who][part] = edit
                lay.addRow(label, edit)
            rows[f"identity:{who}"] = (None, group)

    def _build_dash(self, rows: dict[str, Any]) -> None:
        # One checklist per instrument in a stack: switching keeps each one's answers apart.
        self.instrument = QComboBox()
        self.instrument.setObjectName("dash_instrument")
        self.stack = QStackedWidget()
        self.checklists: dict[str, DashChecklist] = {}
        for inst in sorted(dash.instruments().values(), key=lambda i: i.id != dash.DEFAULT_INSTRUMENT):
            checklist = DashChecklist(inst)
            checklist.changed.connect(lambda: self._touch("dash_answers"))
            self.checklists[inst.id] = checklist
            self.stack.addWidget(checklist)
            self.instrument.addItem(inst.name, inst.id)
        self.instrument.currentIndexChanged.connect(self._switch_instrument)
        dash_box = QWidget()
        inner = QFormLayout(dash_box)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.addRow("DASH instrument", self.instrument)
        inner.addRow(self.stack)
        buddy_labels(inner)
        rows["dash"] = (None, dash_box)

    def _build_buttons(self, outer: QVBoxLayout) -> None:
        buttons = QHBoxLayout()
        self.save = QPushButton("Save referral")
        self.save.clicked.connect(self._submit)
        self.reset_button = QPushButton("Clear form")
        self.reset_button.clicked.connect(self.clear_asked)
        buttons.addWidget(self.save)
        buttons.addWidget(self.reset_button)
        self.unsaved = unsaved_marker()
        buttons.addWidget(self.unsaved)
        buttons.addStretch(1)
        # The checklist's own score sits below its questions; this copy stays in view while the
        # form scrolls, so the band is seen as each answer is given.
        self.score_bar = QLabel()
        self.score_bar.setObjectName("dashScoreBar")
        self.score_bar.setAccessibleName("DASH score")
        buttons.addWidget(self.score_bar)
        outer.addLayout(buttons)

    def set_lists(self, localities: Sequence[str], agencies: Sequence[str]) -> None:
        was_blank = not self.has_input()
        self.localities = list(localities)
        for name, values in (("area", localities), ("referring_agency", agencies)):
            box = self.combos[name]
            keep = box.value()
            box.blockSignals(True)
            box.set_codes(["", *values])
            box.set_value(keep)
            box.blockSignals(False)
        if was_blank:
            self._blank = self._snapshot()
            self.revalidate()

    @property
    def checklist(self) -> DashChecklist:
        return self.checklists[str(self.instrument.currentData())]

    def _switch_instrument(self) -> None:
        self.stack.setCurrentWidget(self.checklist)
        self._touch("dash_instrument")

    def _touch(self, field: str) -> None:
        if not self._filling:
            self.touched.add(field)
        self.revalidate()

    # ----- values -----
    def raw(self) -> dict[str, Any]:
        out: dict[str, Any] = {k: e.text() for k, e in self.inputs.items()}
        out.update({k: c.value() for k, c in self.combos.items()})
        out.update({k: c.isChecked() for k, c in self.flags.items()})
        out["criteria"] = [k for k, c in self.criteria.items() if c.isChecked()]
        out["notes"] = self.notes.toPlainText()
        if self.checklist.answers():
            out["dash_instrument"] = self.checklist.inst.id
        if self.editing:
            out.pop("case_ref")
        return out

    def person(self, who: str) -> linkage.Identity | None:
        parts = {p: e.text() for p, e in self.identity[who].items()}
        ident = linkage.Identity(**parts)
        return None if ident.is_empty else ident

    def check(self) -> list[tuple[str, str]]:
        """Every problem as (field, reason), from the same rules the core applies on save."""
        _, problems = fields.clean(self.raw(), self.localities, self.checklist.answers())
        if self.raw().get("referral_date", "") == "" and not self.editing:
            problems.append(("referral_date", "required"))  # clean() may say so too: kept once
        for who in ("victim", "perpetrator"):
            ident = self.person(who)
            if ident is None:
                if who == "victim" and not self.editing:
                    problems.append(("victim", "give surname, forename and date of birth, or an id"))
                continue
            try:
                linkage.keys_for(ident, _DUMMY_SECRET)
            except linkage.IdentityError as exc:
                problems.append((f"{who} {exc.field}", exc.reason))
        return list(dict.fromkeys(problems))  # each problem once, in order

    def field_name(self, field: str) -> str:
        """How a problem's field is named to the user: its form label ("Referral date")."""
        if field in self.labels:
            return self.labels[field].text().rstrip(" *")
        text = {"dash_answers": "DASH answers", "dash_instrument": "DASH instrument"}.get(
            field, field.replace("_", " ")
        )
        return text[:1].upper() + text[1:]

    def visible_problems(self) -> list[tuple[str, str]]:
        """The problems to show now: touched fields only, until Save is pressed."""
        problems = self.check()
        if self.show_all:
            return problems
        return [(f, r) for f, r in problems if f in self.touched or f.split()[0] in self.touched]

    def revalidate(self) -> None:
        problems = self.visible_problems()
        bad = {f for f, _ in problems}
        for name, label in self.labels.items():
            label.setStyleSheet(f"color: {tone('danger')};" if name in bad else "")
        self.problems.setText("\n".join(f"{self.field_name(f)}: {r}" for f, r in problems))
        self.save.setEnabled(not problems)
        if hasattr(self, "score_bar"):
            self.score_bar.setText(f"DASH {self.checklist.score_label.text()}")
        typed = self.has_input()
        self.reset_button.setEnabled(typed)
        if hasattr(self, "unsaved"):
            self.unsaved.setVisible(typed)
        self.reset_button.setToolTip("Empty the form (asks first)" if typed else "The form is already empty.")

    def _snapshot(self) -> tuple[Any, ...]:
        people = tuple(e.text() for who in self.identity.values() for e in who.values())
        return (repr(self.raw()), people, self.household.snapshot())

    def has_input(self) -> bool:
        blank = getattr(self, "_blank", None)
        return blank is not None and self._snapshot() != blank

    def clear_asked(self) -> None:
        """Clearing loses what was typed, so it asks first."""
        from ui import dialogs

        if self.has_input() and dialogs.question(
            self, "Clear form", "Clear the referral form? Everything typed in it is lost."
        ):
            self.reset()

    def _submit(self) -> None:
        if self.check():
            self.show_all = True  # pressing Save shows every problem, touched or not
            self.revalidate()
            return
        victim, perp = self.person("victim"), self.person("perpetrator")
        self.submitted.emit(self.raw(), victim, perp, self.checklist.answers())

    # ----- loading and clearing -----
    def load(self, case: dict[str, Any]) -> None:
        """Fill the form from a case to edit it (identity fields stay blank: they are not kept)."""
        self.reset()
        self._filling = True
        self.editing = str(case["case_ref"])
        self.heading.setText(f"Editing {self.editing}")
        for k, e in self.inputs.items():
            e.setText("" if case.get(k) is None else str(case[k]))
        self.inputs["case_ref"].setReadOnly(True)
        for k, c in self.combos.items():
            value = case.get(k)
            if k == "referrer_repeat" and value is not None:
                value = "Y" if value else "N"  # stored 1/0, shown as the referral form asks it
            c.set_value(None if value is None else str(value))
        for k, check in self.flags.items():
            check.setChecked(bool(case.get(k)))
        for k, check in self.criteria.items():
            check.setChecked(k in (case.get("criteria") or []))
        self.notes.setPlainText(case.get("notes") or "")
        index = self.instrument.findData(case.get("dash_instrument") or dash.DEFAULT_INSTRUMENT)
        self.instrument.setCurrentIndex(max(index, 0))
        self.checklist.set_answers(case.get("dash_answers"))
        self.household.load(case)
        self._filling = False
        self.show_all = True  # a saved case: any problem it has is worth seeing at once
        self._blank = self._snapshot()  # as saved: unchanged, leaving it asks nothing
        self.revalidate()

    def reset(self) -> None:
        self._filling = True
        self.editing = None
        self.heading.setText("New referral")
        self.inputs["case_ref"].setReadOnly(False)
        for e in self.inputs.values():
            e.clear()
        for who in self.identity.values():
            for e in who.values():
                e.clear()
        for c in self.combos.values():
            c.setCurrentIndex(0)
        for box in (*self.flags.values(), *self.criteria.values()):
            box.setChecked(False)
        self.notes.clear()
        for checklist in self.checklists.values():
            checklist.set_answers(None)
        self.instrument.setCurrentIndex(0)
        self.household.reset()
        self._filling = False
        self.touched.clear()
        self.show_all = False
        self._blank = self._snapshot()
        self.revalidate()
