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
        self.score_label = QLabel()
        self.score_label.setObjectName("dashScore")
        grid.addWidget(self.score_label, len(inst.questions), 0, 1, 2)
        self._update()

    def answers(self) -> dict[str, str] | None:
        given = {q: b.value() for q, b in self.boxes.items() if b.value()}
        return given or None

    def set_answers(self, answers: dict[str, str] | None) -> None:
        for q, box in self.boxes.items():
            box.set_value((answers or {}).get(q, ""))

    def _update(self) -> None:
        answers = self.answers() or {}
        s = dash.score(answers)
        band = dash.band_for(s) if answers else None
        self.score_label.setText(
            f"Score {s} of {len(self.inst.questions)}: {band or 'not yet answered'}"
            + (" (visible high risk)" if dash.is_visible_high_risk(s) else "")
        )
        self.changed.emit()
