"""Exchange screen: the devices this vault trades bundles with, sending and receiving them, and
the conflicts waiting for a decision. Each tab is a panel that owns its widgets and state; every
operation is the core's (dv_forum.exchange.service), the same the CLI runs, on the worker."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QLabel, QMainWindow, QTabWidget, QVBoxLayout, QWidget

from dv_forum.areas import Area
from dv_forum.exchange import service
from dv_forum.exchange.settings import FOLDER
from dv_forum.settings import get_setting
from ui.screens.base import AppContext, Screen
from ui.screens.exchange.conflicts_panel import ConflictsPanel
from ui.screens.exchange.devices_panel import DevicesPanel
from ui.screens.exchange.transfer_panel import TransferPanel
from ui.screens.exchange.watch import FolderWatch
from ui.style import tone


def _load(vault: Any) -> dict[str, Any]:
    return {**service.overview(vault), "folder": get_setting(vault.conn, FOLDER)}


class ExchangeScreen(Screen):
    title = "Exchange"
    nav_key = "exchange"
    reloads_on = frozenset({Area.EXCHANGE, Area.SETTINGS})

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._folder: Path | None = None
        self.devices = DevicesPanel(self)
        self.transfer = TransferPanel(self)
        self.conflicts = ConflictsPanel(self)
        self.watch = FolderWatch(ctx.run, self)
        self.watch.received.connect(self._auto_received)
        heading = QLabel("Exchange")
        heading.setObjectName("screenTitle")
        self.tabs = QTabWidget()
        self.tabs.addTab(self.devices, "&Devices")
        self.tabs.addTab(self.transfer, "Se&nd and receive")
        self.tabs.addTab(self.conflicts, "&Conflicts")
        self.status = QLabel("")
        self.status.setObjectName("exchangeStatus")
        self.status.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(heading)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.status)

    # ----- ExchangeHost -----
    def folder(self) -> Path | None:
        return self._folder

    def say(self, text: str, ok: bool = True) -> None:
        self.status.setObjectName("exchangeStatus" if ok else "error")
        self.status.setStyleSheet("" if ok else f"color: {tone('danger')}; font-weight: 600;")
        self.status.setText(text)
        window = self.window()
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(text, 15000)

    # ----- loading -----
    def on_unlocked(self) -> None:
        self.reload()

    def reload(self) -> None:
        self.ctx.run(_load, on_done=self._loaded)

    def _loaded(self, data: dict[str, Any]) -> None:
        self._folder = Path(data["folder"]).expanduser() if data["folder"] else None
        self.watch.set_folder(self._folder)
        self.devices.show_data(data)
        self.transfer.show_data(data, self.watch.watching)
        self.conflicts.show_rows(data["conflicts"])
        count = len(data["conflicts"])
        self.tabs.setTabText(2, f"&Conflicts ({count})" if count else "&Conflicts")

    def _auto_received(self, got: service.Received, files: int) -> None:
        self.say(self.transfer.show_received(got, files, auto=True), ok=not got.errors)

    # ----- Screen contract -----
    def clear(self) -> None:
        self.watch.stop()
        self._folder = None
        self.devices.clear()
        self.transfer.clear()
        self.conflicts.clear()
        self.status.clear()
