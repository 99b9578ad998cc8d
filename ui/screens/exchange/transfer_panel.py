"""Send and receive: the exchange folder, the outbox (a bundle for one device) and the inbox
(what the last receive applied, skipped as duplicates, held for a gap, or put in conflict)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from dv_forum.areas import Area
from dv_forum.exchange import service
from dv_forum.exchange.settings import FOLDER
from dv_forum.settings import change_settings
from ui import dialogs
from ui.screens.exchange.host import ExchangeHost

COUNTS = (
    ("applied", "Applied", "changes now in this vault"),
    ("duplicates", "Duplicates", "already here, skipped"),
    ("held", "Held", "waiting for an earlier bundle"),
    ("conflicts", "Conflicts", "both sides changed a field"),
)


def received_line(got: service.Received, files: int) -> str:
    """One line for the log and the status bar."""
    text = f"Received {files} bundle{'s' if files != 1 else ''}: {got.summary()}."
    if got.warnings:
        text += " Warning: " + "; ".join(got.warnings) + "."
    if got.errors:
        text += " Not applied: " + "; ".join(got.errors)
    return text


class TransferPanel(QWidget):
    def __init__(self, host: ExchangeHost) -> None:
        super().__init__()
        self.host = host
        layout = QVBoxLayout(self)
        layout.addWidget(self._folder_box())
        row = QHBoxLayout()
        row.addWidget(self._outbox(), 1)
        row.addWidget(self._inbox(), 2)
        layout.addLayout(row, 1)

    # ----- building -----
    def _folder_box(self) -> QGroupBox:
        box = QGroupBox("Exchange folder")
        grid = QGridLayout(box)
        label = QLabel("Fold&er:")
        self.folder_edit = QLineEdit()
        self.folder_edit.setReadOnly(True)
        self.folder_edit.setPlaceholderText("not set: Send and Receive ask for a folder each time")
        label.setBuddy(self.folder_edit)
        self.choose_button = QPushButton("Ch&oose…")
        self.choose_button.setToolTip("Choose the folder bundles are written to and received from")
        self.choose_button.clicked.connect(self.choose_folder)
        self.clear_button = QPushButton("Stop &using it")
        self.clear_button.setToolTip("Forget the exchange folder (nothing in it is deleted)")
        self.clear_button.clicked.connect(lambda: self.set_folder(""))
        self.watch_note = QLabel("")
        self.watch_note.setObjectName("hint")
        self.watch_note.setWordWrap(True)
        grid.addWidget(label, 0, 0)
        grid.addWidget(self.folder_edit, 0, 1)
        grid.addWidget(self.choose_button, 0, 2)
        grid.addWidget(self.clear_button, 0, 3)
        grid.addWidget(self.watch_note, 1, 1, 1, 3)
        return box

    def _outbox(self) -> QGroupBox:
        box = QGroupBox("Outbox")
        v = QVBoxLayout(box)
        label = QLabel("Send a bundle &to:")
        self.recipient = QComboBox()
        self.recipient.setMinimumContentsLength(12)
        label.setBuddy(self.recipient)
        self.send_button = QPushButton("&Send to…")
        self.send_button.clicked.connect(self.send)
        note = QLabel(
            "A bundle holds every change the device has not yet acknowledged, so sending again is "
            "always safe. It is encrypted to that device alone."
        )
        note.setObjectName("hint")
        note.setWordWrap(True)
        v.addWidget(label)
        v.addWidget(self.recipient)
        v.addWidget(self.send_button, alignment=Qt.AlignmentFlag.AlignLeft)
        v.addWidget(note)
        v.addStretch(1)
        return box

    def _inbox(self) -> QGroupBox:
        box = QGroupBox("Inbox")
        v = QVBoxLayout(box)
        buttons = QHBoxLayout()
        self.receive_button = QPushButton("&Receive")
        self.receive_button.setToolTip("Apply the bundles for this device in the exchange folder")
        self.receive_button.clicked.connect(lambda: self.receive(None))
        self.receive_from_button = QPushButton("Receive fro&m…")
        self.receive_from_button.setToolTip("Apply the bundles in a folder you choose (a USB stick)")
        self.receive_from_button.clicked.connect(self.receive_from)
        buttons.addWidget(self.receive_button)
        buttons.addWidget(self.receive_from_button)
        self.receive_file_button = QPushButton("Receive a &bundle file…")
        self.receive_file_button.setToolTip("Apply one bundle (.dvx) you choose")
        self.receive_file_button.clicked.connect(self.receive_file)
        buttons.addWidget(self.receive_file_button)
        buttons.addStretch(1)
        v.addLayout(buttons)
        cards = QHBoxLayout()
        self.count_labels: dict[str, QLabel] = {}
        self.count_cards: dict[str, QFrame] = {}
        for key, title, hint in COUNTS:
            card = QFrame()
            card.setObjectName("card")
            cv = QVBoxLayout(card)
            value = QLabel("–")
            value.setObjectName("cardValue")
            cv.addWidget(QLabel(title))
            cv.addWidget(value)
            card.setToolTip(hint)
            card.setAccessibleName(title)
            self.count_labels[key] = value
            self.count_cards[key] = card
            cards.addWidget(card)
        v.addLayout(cards)
        log_label = QLabel("Exchange &log (this session):")
        self.log = QListWidget()
        self.log.setAccessibleName("Exchange log")
        self.log.setWordWrap(True)
        log_label.setBuddy(self.log)
        v.addWidget(log_label)
        v.addWidget(self.log, 1)
        return box

    # ----- showing -----
    def show_data(self, data: dict[str, Any], watching: bool) -> None:
        folder = str(data.get("folder") or "")
        self.folder_edit.setText(folder)
        self.clear_button.setEnabled(bool(folder))
        self.receive_button.setEnabled(bool(folder))
        self.send_button.setText("&Send" if folder else "&Send to…")
        self.send_button.setToolTip(
            "Write a bundle for the chosen device into the exchange folder"
            if folder
            else "Choose a folder and write a bundle for the chosen device into it"
        )
        if folder and watching:
            self.watch_note.setText(
                "Watching this folder: new bundles are received by themselves while unlocked."
            )
        elif folder:
            self.watch_note.setText("This folder cannot be found; check the drive or the sync program.")
        else:
            self.watch_note.setText("Set a folder that a USB stick or a sync program (Syncthing) carries.")
        current = self.recipient.currentData()
        self.recipient.clear()
        for d in data["devices"]:
            if not d["revoked"]:
                self.recipient.addItem(f"{d['name']} ({d['role']})", d["name"])
        index = self.recipient.findData(current)
        self.recipient.setCurrentIndex(max(index, 0))
        self.send_button.setEnabled(self.recipient.count() > 0)

    def show_received(self, got: service.Received, files: int, auto: bool = False) -> str:
        for key, title, _hint in COUNTS:
            self.count_labels[key].setText(str(getattr(got.counts, key)))
            self.count_cards[key].setAccessibleName(f"{title}: {getattr(got.counts, key)}")
        line = ("Exchange folder: " if auto else "") + received_line(got, files)
        self.log.insertItem(0, f"{datetime.now():%H:%M} {line}")
        return line

    def clear(self) -> None:
        self.log.clear()
        self.recipient.clear()
        self.folder_edit.clear()
        for label in self.count_labels.values():
            label.setText("–")

    # ----- doing -----
    def choose_folder(self) -> None:
        start = self.host.folder() or Path.home()
        chosen = dialogs.choose_folder(self, "Exchange folder", start)
        if chosen is not None:
            self.set_folder(str(chosen))

    def set_folder(self, folder: str) -> None:
        self.host.ctx.run(
            lambda v: change_settings(v, {FOLDER.key: folder}),
            on_done=lambda _: self.host.say(
                f"Exchange folder set to {folder}." if folder else "No exchange folder is used now."
            ),
        )

    def send(self) -> None:
        to = self.recipient.currentData()
        if not to:
            self.host.say("Enrol a device first: there is no one to send to.", ok=False)
            return
        out = self.host.folder() or dialogs.choose_folder(self, f"Send a bundle to {to}", Path.home())
        if out is None:
            return
        self.host.ctx.run(
            lambda v: service.send(v, str(to), out),
            on_done=lambda path: self._sent(str(to), path),
            on_error=self._failed,
            changes=[Area.EXCHANGE],
        )

    def _sent(self, to: str, path: Path) -> None:
        line = f"Sent a bundle for {to}: {path.name} in {path.parent}."
        self.log.insertItem(0, f"{datetime.now():%H:%M} {line}")
        self.host.say(line)

    def receive_from(self) -> None:
        chosen = dialogs.choose_folder(self, "Receive bundles from", self.host.folder() or Path.home())
        if chosen is not None:
            self.receive(chosen)

    def receive_file(self) -> None:
        start = self.host.folder() or Path.home()
        chosen = dialogs.open_file(self, "Receive a bundle", start, "Exchange bundles (*.dvx)")
        if chosen is not None:
            self.receive(chosen)

    def receive(self, folder: Path | None) -> None:
        where = folder or self.host.folder()
        if where is None:
            self.receive_from()
            return
        self.host.say("Receiving…")
        self.host.ctx.run(
            lambda v: service.receive(v, [where], keep_going=True),
            on_done=lambda changed: self._received(changed.value),
            on_error=self._failed,
        )

    def _received(self, got: service.Received) -> None:
        self.host.say(self.show_received(got, len(got.files) + len(got.errors)), ok=not got.errors)

    def _failed(self, exc: BaseException) -> None:
        dialogs.show_exception(self, exc, "Exchange")
        self.host.say(getattr(exc, "message", "That did not work."), ok=False)
