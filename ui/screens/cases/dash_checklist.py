"""One DASH instrument's questions, each answered yes / no / don't know, with the score and band
kept in view while answering."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QWidget

from dv_forum.cases import dash
from ui.widgets.value_combo import ValueCombo


class DashChecklist(QGroupBox):
    """One yes / no / don't know choice per question; the score and band update as you answer."""

    changed = Signal()

    def __init__(self, inst: dash.Instrument, parent: QWidget | None = None) -> None:
        super().__init__(f"DASH: {inst.name} (v{inst.version})", parent)
        self.inst = inst
        grid = QGridLayout(self)
        self.boxes: dict[str, ValueCombo] = {}
        for i, q in enumerate(inst.questions):
            label = QLabel(f"{q.number}. {q.text}")
            label.setWordWrap(True)
            box = ValueCombo(["", *dash.ANSWERS])
            box.setAccessibleName(f"DASH question {q.number}")
            box.currentIndexChanged.connect(self._update)
            grid.addWidget(label, i, 0)
            grid.addWidget(box, i, 1)
            self.boxes[q.id] = box
        # Answers to questions this version no longer asks: kept as they were, shown, still scored.
        self._kept: dict[str, str] = {}
        self.kept_label = QLabel()
        self.kept_label.setWordWrap(True)
        self.kept_label.hide()
        grid.addWidget(self.kept_label, len(inst.questions), 0, 1, 2)
        self.score_label = QLabel()
        self.score_label.setObjectName("dashScore")
        grid.addWidget(self.score_label, len(inst.questions) + 1, 0, 1, 2)
        self._update()

    def answers(self) -> dict[str, str] | None:
        given = {q: b.value() for q, b in self.boxes.items() if b.value()}
        return {**self._kept, **given} or None

    def set_answers(self, answers: dict[str, str] | None) -> None:
        retired = {q.id: q.text for q in self.inst.retired}
        self._kept = {q: a for q, a in (answers or {}).items() if q in retired}
        lines = [f"{retired[q]} {dash.ANSWER_WORDS.get(a, a)}" for q, a in self._kept.items()]
        self.kept_label.setText("Kept from an earlier version of this checklist: " + "; ".join(lines))
        self.kept_label.setVisible(bool(lines))
        for q, box in self.boxes.items():
            box.set_value((answers or {}).get(q, ""))
        self._update()

    def _update(self) -> None:
        answers = self.answers() or {}
        s = dash.score(answers)
        band = dash.band_for(s) if answers else None
        self.score_label.setText(
            f"Score {s} of {len(self.inst.questions)}: {band or 'not yet answered'}"
            + (" (visible high risk)" if dash.is_visible_high_risk(s) else "")
        )
        self.changed.emit()
