"""The pack of the selected meeting: the copy being made (the chair's, or a present agency's),
preview, print, export (optionally encrypted, with a password shown once), and the
confidentiality statement printed on its cover."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from dv_forum.areas import Area
from dv_forum.marac.settings import set_confidentiality_statement
from dv_forum.reports import pack
from dv_forum.reports.minutes_pdf import write_minutes
from ui import dialogs
from ui.screens.marac.host import MeetingHost
from ui.screens.marac.minutes import CHAIR_NOTE
from ui.screens.marac.pdf import PdfPreview, print_pdf
from ui.screens.marac.statement import StatementPanel


def _slug(agency: str) -> str:
    """An agency's name as part of a file name: "Police (Leics)" -> "police-leics"."""
    return re.sub(r"[^a-z0-9]+", "-", agency.lower()).strip("-") or "agency"


class PackPanel(QWidget):
    def __init__(self, host: MeetingHost, meeting_date: Any) -> None:
        super().__init__()
        self.host = host
        self._meeting_date = meeting_date  # () -> "yyyy-mm-dd" of the selected meeting, or None
        v = QVBoxLayout(self)
        row = QHBoxLayout()
        self.recipient_combo = QComboBox()
        self.recipient_combo.setAccessibleName("Copy for")
        row.addWidget(QLabel("Copy for:"))
        row.addWidget(self.recipient_combo)
        self.preview_button = QPushButton("Pre&view")
        self.preview_button.clicked.connect(self.preview)
        self.print_button = QPushButton("P&rint…")
        self.print_button.clicked.connect(self.print_pack)
        self.export_button = QPushButton("&Export PDF…")
        self.export_button.clicked.connect(lambda: self.export_pack(False))
        self.export_enc_button = QPushButton("Export &encrypted…")
        self.export_enc_button.clicked.connect(lambda: self.export_pack(True))
        self.minutes_button = QPushButton("&Minutes PDF…")
        self.minutes_button.setToolTip("Save the meeting's minutes as a marked PDF")
        self.minutes_button.clicked.connect(self.export_minutes)
        for b in (
            self.preview_button,
            self.print_button,
            self.export_button,
            self.export_enc_button,
            self.minutes_button,
        ):
            row.addWidget(b)
        v.addLayout(row)
        self.statement = StatementPanel(self.save_statement, self.reset_statement)
        self.statement.setMaximumHeight(170)
        v.addWidget(self.statement)
        self.preview_view = PdfPreview()
        self.preview_view.setAccessibleName("Pack preview")
        v.addWidget(self.preview_view, 1)

    def set_editable(self, editable: bool) -> None:
        self.statement.set_editable(editable, CHAIR_NOTE.replace("minutes", "the statement"))

    def show_meeting(self, data: dict[str, Any]) -> None:
        self.statement.show_statement(data["statement"], data["statement_default"])
        self.recipient_combo.clear()
        self.recipient_combo.addItem(pack.CHAIR_COPY, None)
        for a in data["attendance"]:
            if a.status == "present":
                self.recipient_combo.addItem(a.agency, a.agency)

    # ----- the pack -----
    def _render(self, purpose: str, then: Any) -> None:
        mid, recipient = self.host.meeting_id, self.recipient_combo.currentData()
        if mid is not None:
            self.host.ctx.run(lambda v: pack.render_pack(v, mid, recipient, purpose=purpose), on_done=then)

    def preview(self) -> None:
        self._render("preview", lambda result: self.preview_view.show_pdf(result.data))

    def print_pack(self) -> None:
        printer = dialogs.choose_printer(self)
        if printer is not None:
            self._render("print", lambda result: print_pdf(result.data, printer))

    def export_pack(self, encrypt: bool) -> None:
        mid, recipient, day = self.host.meeting_id, self.recipient_combo.currentData(), self._meeting_date()
        if mid is None or day is None:
            return
        suggested = f"marac-pack-{day}-{_slug(recipient) if recipient else 'chair'}.pdf"
        path = dialogs.save_file(self, "Save PDF", Path.home() / suggested, "PDF files (*.pdf)")
        if not path:
            return

        def done(result: Any) -> None:
            if result.password:
                dialogs.show_password_once(self, result.copy_line, result.password)
            else:
                dialogs.info(self, "Pack saved", f"{result.copy_line} saved as {Path(path).name}.")

        self.host.ctx.run(
            lambda v: pack.write_pack(v, mid, Path(path), recipient, encrypt=encrypt), on_done=done
        )

    def export_minutes(self) -> None:
        mid, day = self.host.meeting_id, self._meeting_date()
        if mid is None or day is None:
            return
        path = dialogs.save_file(
            self, "Save minutes", Path.home() / f"marac-minutes-{day}.pdf", "PDF files (*.pdf)"
        )
        if not path:
            return
        self.host.ctx.run(
            lambda v: write_minutes(v, mid, Path(path)),
            on_done=lambda _pdf: dialogs.info(self, "Minutes saved", f"Saved as {Path(path).name}."),
        )

    # ----- confidentiality statement -----
    def save_statement(self, text: str) -> None:
        self.host.ctx.run(
            lambda v: set_confidentiality_statement(v, text), on_done=lambda _t: None, changes=[Area.MARAC]
        )

    def reset_statement(self) -> None:
        self.save_statement("")

    def clear(self) -> None:
        self.recipient_combo.clear()
        self.preview_view.clear()
        self.statement.clear()
