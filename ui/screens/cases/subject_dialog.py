"""A subject access (or erasure) request, from the Cases screen: who is asking, the identity typed
once (turned into keys and forgotten: never stored, never shown again), what the vault holds about
that person, the report saved as a marked PDF, and, for coordinators, the erasure with a reason.
Core work runs on the DB worker thread."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from dv_forum.areas import Area
from dv_forum.cases import subject_access
from dv_forum.cases.linkage import Identity
from dv_forum.fsio import atomic_write
from dv_forum.reports.subject_access_pdf import subject_access_bytes
from ui import dialogs

TITLE = "Subject access request"


class SubjectDialog(QDialog):
    def __init__(self, parent: QWidget, ctx: Any, can_erase: bool) -> None:
        super().__init__(parent)
        self.setWindowTitle(TITLE)
        self.ctx = ctx
        self.found: dict[str, Any] | None = None  # the last report, for the PDF
        self.victim = QRadioButton("The &victim")
        self.victim.setChecked(True)
        self.perpetrator = QRadioButton("The &perpetrator")
        who = QHBoxLayout()
        who.addWidget(self.victim)
        who.addWidget(self.perpetrator)
        self.fields = {part: QLineEdit() for part in ("surname", "forename", "dob", "id")}
        self.fields["dob"].setPlaceholderText("dd/mm/yyyy")
        self.fields["id"].setPlaceholderText("or a person id from the source system")
        form = QFormLayout()
        form.addRow("Request from", who)
        for part, label in (("surname", "&Surname"), ("forename", "&Forename"), ("dob", "&Date of birth")):
            form.addRow(label, self.fields[part])
        form.addRow("Person &id", self.fields["id"])
        self.outcome = QLabel("Type who is asking, then Find.")
        self.outcome.setWordWrap(True)
        self.find_button = QPushButton("&Find")
        self.find_button.setDefault(True)
        self.save_button = QPushButton("&Save the report (PDF)…")
        self.erase_button = QPushButton("&Erase…")
        self.erase_button.setVisible(can_erase)
        self.erase_button.setToolTip("Erase what is held about this person; asks for a reason and to confirm")
        for button in (self.save_button, self.erase_button):
            button.setEnabled(False)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        actions = QHBoxLayout()
        for button in (self.find_button, self.save_button, self.erase_button):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(close)
        lay = QVBoxLayout(self)
        note = QLabel("The name and date of birth are turned into keys to search and are never kept.")
        note.setObjectName("hint")
        note.setWordWrap(True)
        lay.addWidget(note)
        lay.addLayout(form)
        lay.addWidget(self.outcome)
        lay.addLayout(actions)
        self.find_button.clicked.connect(self.look_up)
        self.save_button.clicked.connect(self.save)
        self.erase_button.clicked.connect(self.erase)
        for edit in self.fields.values():
            edit.textEdited.connect(self._changed)
        self.victim.toggled.connect(self._changed)
        self.resize(560, self.sizeHint().height())

    def requester(self) -> str:
        return "victim" if self.victim.isChecked() else "perpetrator"

    def identity(self) -> Identity:
        f = {k: e.text().strip() for k, e in self.fields.items()}
        return Identity(f["surname"], f["forename"], f["dob"], f["id"])

    def _changed(self) -> None:
        self.found = None
        for button in (self.save_button, self.erase_button):
            button.setEnabled(False)

    def look_up(self) -> None:
        identity, requester = self.identity(), self.requester()
        self.ctx.run(lambda v: subject_access.report(v, identity, requester), on_done=self._found)

    def _found(self, data: dict[str, Any]) -> None:
        self.found = data
        refs = data["case_refs"]
        role = data["requester"]
        self.outcome.setText(
            f"{len(refs)} case(s) hold this person as the {role}: {', '.join(refs)}."
            if refs
            else f"No case holds this person as the {role}. The report still says what is kept and why."
        )
        self.save_button.setEnabled(True)
        self.erase_button.setEnabled(bool(refs))

    def save(self) -> None:
        data = self.found
        if data is None:
            return
        path = dialogs.save_file(
            self, "Save the report", Path.home() / "subject-access.pdf", "PDF files (*.pdf)"
        )
        if path is None:
            return
        self.ctx.run(
            lambda v: atomic_write(path, subject_access_bytes(v.conn, data)),
            on_done=lambda _r: dialogs.info(self, TITLE, f"The report was saved to {path.name}."),
        )

    def erase(self) -> None:
        data = self.found
        if not data or not data["case_refs"]:
            return
        role, count = data["requester"], len(data["case_refs"])
        what = (
            f"Erase {count} case(s) held about this victim?"
            if role == "victim"
            else f"Remove this perpetrator from {count} case(s)? The victims' records stay."
        )
        if not dialogs.question(self, TITLE, what + " This cannot be undone."):
            return
        reason = dialogs.ask_text(self, TITLE, "The reason, for the audit log (no names, please):")
        if not reason or not reason.strip():
            return
        identity = self.identity()
        self.ctx.run(
            lambda v: subject_access.erase(v, identity, role, reason),
            on_done=self._erased,
            changes=[Area.CASES],
        )

    def _erased(self, refs: list[str]) -> None:
        self.outcome.setText(f"Done: {len(refs)} case(s) changed. Nothing about this person is left to find.")
        self._changed()

    def done(self, result: int) -> None:
        for edit in self.fields.values():
            edit.clear()  # the identity is never left in a widget
        self.found = None
        super().done(result)
