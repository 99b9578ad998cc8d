"""The devices this vault exchanges with: enrol one (in person), revoke one (asks first)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from dv_forum.areas import Area
from dv_forum.exchange import service
from ui import dialogs
from ui.screens.exchange.enrol_dialog import EnrolDialog
from ui.screens.exchange.host import ExchangeHost
from ui.screens.exchange.models import DevicesModel
from ui.widgets.shown import show_when
from ui.widgets.tables import selected, table


class DevicesPanel(QWidget):
    def __init__(self, host: ExchangeHost) -> None:
        super().__init__()
        self.host = host
        self.coordinator = host.ctx.role == "coordinator"
        self.me = QLabel("")
        self.me.setObjectName("hint")
        self.me.setWordWrap(True)
        self.me.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.model = DevicesModel(self)
        self.view = table(self.model)
        self.view.setAccessibleName("Enrolled devices")
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._selected())
        self.empty = QLabel("")
        self.empty.setObjectName("emptyState")
        self.empty.setWordWrap(True)
        self.enrol_button = QPushButton("&Enrol a device…")
        self.enrol_button.setToolTip("Write an enrolment file for an outreach worker's or the chair's vault")
        self.enrol_button.clicked.connect(self.enrol)
        show_when(self.enrol_button, self.coordinator)
        self.revoke_button = QPushButton("Re&voke…")
        self.revoke_button.setToolTip("Refuse every bundle from the selected device from now on")
        self.revoke_button.clicked.connect(self.revoke)
        buttons = QHBoxLayout()
        buttons.addWidget(self.enrol_button)
        buttons.addWidget(self.revoke_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.me)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.empty)
        layout.addLayout(buttons)

    def show_data(self, data: dict[str, Any]) -> None:
        self.model.set_rows(data["devices"])
        if data["device"]:
            self.me.setText(
                f"This vault is the device {data['device']!r} ({data['kind']}). Its fingerprint words: "
                f"{data['words']}. Compare them, read aloud, with the other side's Exchange screen."
            )
        else:
            self.me.setText(
                "This vault has no exchange keys yet: they are made when it enrols its first device."
            )
        nothing = not data["devices"]
        self.empty.setVisible(nothing)
        self.empty.setText(
            "No devices yet. Enrol an outreach worker's or the chair's laptop with Enrol a device."
            if self.coordinator
            else "No devices yet: this vault is made from an enrolment file (dv-forum join)."
        )
        if not nothing and not self.view.selectionModel().hasSelection():
            self.view.selectRow(0)
        self._selected()

    def _selected(self) -> None:
        row = selected(self.view, self.model)
        self.revoke_button.setEnabled(row is not None and not row.get("revoked"))

    def clear(self) -> None:
        self.model.clear()
        self.me.clear()

    def enrol(self) -> None:
        answer = dialogs.form(self, EnrolDialog(self, self.host.folder() or Path.home()), "Enrol a device")
        if not answer:
            return
        name, role, out = answer["name"], answer["role"], Path(answer["file"])
        self.host.say(f"Enrolling {name}…")
        self.host.ctx.run(
            lambda v: service.enrol_device(v, name, role, out),
            on_done=lambda done: self._enrolled(name, done),
            on_error=self._failed,
            changes=[Area.EXCHANGE],
        )

    def _enrolled(self, name: str, done: service.Enrolled) -> None:
        self.host.say(f"Enrolled {name}; the enrolment file is {done.file}.")
        dialogs.info(
            self,
            "Device enrolled",
            f"Wrote {done.file}.\n\nOne-time code (read it aloud; never send it with the file):\n\n"
            f"{done.code}\n\nFingerprint words for {name}: {done.fingerprint}",
            "This code is shown only now. On the new laptop, the first run of dv-forum offers "
            '"Join with the enrolment file" (or: dv-forum --vault FOLDER join FILE).',
        )

    def revoke(self) -> None:
        row = selected(self.view, self.model)
        if row is None:
            self.host.say("Choose a device first.", ok=False)
            return
        name = str(row["name"])
        if row.get("revoked"):
            self.host.say(f"{name} is already revoked.", ok=False)
            return
        if not dialogs.question(
            self,
            "Revoke a device",
            f"Revoke {name}? Every bundle from {name} is refused from now on; to exchange again it "
            "must be enrolled afresh.",
        ):
            return
        self.host.ctx.run(
            lambda v: service.revoke_device(v, name),
            on_done=lambda _: self.host.say(f"Revoked {name}: its bundles are refused from now on."),
            on_error=self._failed,
            changes=[Area.EXCHANGE],
        )

    def _failed(self, exc: BaseException) -> None:
        dialogs.show_exception(self, exc, "Exchange")
        self.host.say(getattr(exc, "message", "That did not work."), ok=False)
