"""The main window: a shell hosting one module per screen. Keep it small: screens do the work."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QSizePolicy,
    QStackedWidget,
    QToolBar,
    QWidget,
)

from ui.screens.base import AppContext, NoAccessScreen, Screen, can_view
from ui.unlock import UnlockPanel
from ui.widgets.list_export import attach_external

APP_TITLE = "dv-forum"
# Between building two screens in the background: long enough for a click or key to come first.
PREBUILD_PAUSE_MS = 30

# (navigation label, nav key, module, class): a new screen is one module plus one line here.
SCREENS: list[tuple[str, str, str, str]] = [
    ("Home", "home", "ui.screens.home", "HomeScreen"),
    ("Cases", "cases", "ui.screens.cases", "CasesScreen"),
    ("MARAC", "marac", "ui.screens.marac", "MaracScreen"),
    ("Freedom Programme", "freedom", "ui.screens.freedom", "FreedomScreen"),
    ("Outreach", "outreach", "ui.screens.outreach", "OutreachScreen"),
    ("Statistics", "stats", "ui.screens.stats", "StatsScreen"),
    ("Audit", "audit", "ui.screens.audit", "AuditScreen"),
    ("Settings", "settings", "ui.screens.settings", "SettingsScreen"),
    # Last, so the shortcuts people already know (Settings is Ctrl+8) stay as they were.
    ("Exchange", "exchange", "ui.screens.exchange", "ExchangeScreen"),
]


def screen_class(module: str, name: str) -> type[Screen]:
    """The screen class a SCREENS row names. A screen that cannot be imported is a broken
    installation: the error is raised (and the self-test reports it), never hidden."""
    cls = getattr(importlib.import_module(module), name)
    if not (isinstance(cls, type) and issubclass(cls, Screen)):
        raise TypeError(f"{module}.{name} is not a Screen")
    return cls


def make_screen(ctx: AppContext, label: str, key: str, module: str, name: str) -> Screen:
    if not can_view(ctx.role, key, ctx.kind):
        return NoAccessScreen(ctx, label, key)
    if key == "marac" and ctx.kind == "chair":
        # A chair's own vault holds the meetings sent to her, not referrals: her MARAC screen
        # reads what was received.
        return screen_class("ui.screens.received", "ReceivedScreen")(ctx)
    return screen_class(module, name)(ctx)


class MainWindow(QMainWindow):
    lock_requested = Signal()
    quick_exit_requested = Signal()
    quit_requested = Signal()
    closing = Signal()

    LOCKED, WORKSPACE = 0, 1

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.setWindowTitle(APP_TITLE)  # never case data
        self.setMinimumSize(QSize(720, 480))
        self.screens: list[Screen] = []
        self._ctx: AppContext | None = None
        self._live = False
        self._session = 0
        self._build_actions()
        self._build_toolbar()
        self._build_menus()
        self.pages = QStackedWidget()
        self.unlock = UnlockPanel(folder)
        self.pages.addWidget(self.unlock)
        workspace = QWidget()
        row = QHBoxLayout(workspace)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        self.nav = QListWidget()
        self.nav.setObjectName("nav")
        self.nav.setAccessibleName("Navigation")
        self.nav.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        self.stack = QStackedWidget()
        self.stack.setContentsMargins(16, 12, 16, 12)
        row.addWidget(self.nav)
        row.addWidget(self.stack, 1)
        for i, (label, key, _m, _c) in enumerate(SCREENS):
            self.nav.addItem(label)
            item = self.nav.item(i)
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setToolTip(f"{label} (Ctrl+{i + 1})")
        self.nav.setFixedWidth(self.nav.sizeHintForColumn(0) + 48)
        self.nav.currentRowChanged.connect(self._nav_changed)
        self.pages.addWidget(workspace)
        self.setCentralWidget(self.pages)
        self.show_locked()

    # ----- chrome -----
    def _action(self, text: str, shortcut: str | QKeySequence.StandardKey | None, tip: str) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
            keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            tip = f"{tip} ({keys})"
        action.setToolTip(tip)
        action.setStatusTip(tip)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.lock_action = self._action("&Lock", "Ctrl+L", "Lock the vault now")
        self.lock_action.triggered.connect(self.lock_requested)
        self.quick_exit_action = self._action(
            "Quick e&xit",
            "Ctrl+Shift+Q",
            "Hide and lock at once, then close (or press Shift three times)",
        )
        self.quick_exit_action.triggered.connect(self.quick_exit_requested)
        self.quit_action = self._action("&Quit", QKeySequence.StandardKey.Quit, "Lock and close dv-forum")
        self.quit_action.triggered.connect(self.quit_requested)
        self.nav_actions: list[QAction] = []
        for i, (label, key, _m, _c) in enumerate(SCREENS):
            action = self._action(f"&{label}" if i else "&Home", f"Ctrl+{i + 1}", f"Go to {label}")
            action.triggered.connect(lambda _=False, k=key: self.show_screen(k))
            self.nav_actions.append(action)
        self.guide_action = self._action("&User guide", "F1", "The guide to the screen in use (offline)")
        self.guide_action.triggered.connect(self._show_guide)
        self.shortcuts_action = self._action("&Keyboard shortcuts", "Shift+F1", "List the keyboard shortcuts")
        self.shortcuts_action.triggered.connect(self._show_shortcuts)
        self.about_action = self._action("&About dv-forum", None, "The version and what the program is")
        self.about_action.triggered.connect(self._show_about)

    def _build_toolbar(self) -> None:
        bar = QToolBar("Main")
        bar.setObjectName("mainToolbar")
        bar.setMovable(False)
        bar.setFloatable(False)
        bar.toggleViewAction().setEnabled(False)
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        bar.setContextMenuPolicy(Qt.ContextMenuPolicy.PreventContextMenu)
        title = QLabel(APP_TITLE)
        title.setStyleSheet("color: white; font-weight: 600; padding: 0 10px;")
        bar.addWidget(title)
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        bar.addWidget(spacer)
        self.user_label = QLabel("")
        self.user_label.setObjectName("toolbarUser")
        bar.addWidget(self.user_label)
        bar.addAction(self.lock_action)
        bar.widgetForAction(self.lock_action).setAccessibleName("Lock")
        bar.addAction(self.quick_exit_action)
        quick = bar.widgetForAction(self.quick_exit_action)
        quick.setObjectName("quickExit")
        quick.setAccessibleName("Quick exit")
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
        self.toolbar = bar

    def _build_menus(self) -> None:
        menu = self.menuBar()
        file_menu = menu.addMenu("&File")
        file_menu.addAction(self.lock_action)
        file_menu.addAction(self.quick_exit_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        go = menu.addMenu("&Go")
        for action in self.nav_actions:
            go.addAction(action)
        help_menu = menu.addMenu("&Help")
        help_menu.addAction(self.guide_action)
        help_menu.addAction(self.shortcuts_action)
        help_menu.addSeparator()
        help_menu.addAction(self.about_action)

    def _show_guide(self) -> None:
        from ui.guide import GuideDialog

        dialog = GuideDialog(self, self.current_key() or "")
        dialog.setModal(False)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        self.guide = dialog

    def _show_about(self) -> None:
        from dv_forum import __version__
        from ui import dialogs

        dialogs.info(
            self,
            "About dv-forum",
            f"dv-forum {__version__}",
            "An offline, encrypted program for a Domestic Violence Forum and its MARAC. "
            "Everything is kept in the encrypted vault on this computer; nothing is sent anywhere.",
        )

    def _show_shortcuts(self) -> None:
        from ui import dialogs

        lines = [
            a.text().replace("&", "") + ": " + a.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            for a in [self.lock_action, self.quick_exit_action, self.quit_action, *self.nav_actions]
        ]
        lines.append("Quick exit: press Shift three times within a second")
        dialogs.info(self, "Keyboard shortcuts", "Keyboard shortcuts", "\n".join(lines))

    # ----- screens -----
    def build_screens(self, ctx: AppContext) -> None:
        """Make room for every screen; each is built on its first visit (start-up builds only the
        one shown: building all nine took half the time from passphrase to window)."""
        self.destroy_screens()
        self._ctx = ctx
        self._session += 1
        for _row in SCREENS:
            self.stack.addWidget(QWidget())

    def start_screens(self) -> None:
        """The vault is open: screens built so far load now, later ones as they are built. The
        rest are built one at a time while the program waits for the user, so a first visit
        rarely pays for building."""
        self._live = True
        for screen in self.screens:
            screen.on_unlocked()
        self._prebuild_later(self._session)

    def _prebuild_later(self, session: int) -> None:
        # The window as the timer's context: a window deleted meanwhile cancels the build.
        QTimer.singleShot(PREBUILD_PAUSE_MS, self, lambda: self._prebuild_next(session))

    def _prebuild_next(self, session: int) -> None:
        if self._ctx is None or session != self._session:
            return  # locked since (and perhaps unlocked again: that session builds its own)
        shown = [i for i in range(len(SCREENS)) if not self.nav.isRowHidden(i)]
        todo = [i for i in shown if not isinstance(self.stack.widget(i), Screen)]
        if todo:
            self._ensure(todo[0])
            self._prebuild_later(session)

    def settled(self) -> bool:
        """Every screen the user can open is built."""
        return all(
            isinstance(self.stack.widget(i), Screen)
            for i in range(len(SCREENS))
            if not self.nav.isRowHidden(i)
        )

    def stop_building(self) -> None:
        """No more screens are built (the program is closing); those built stay as they are."""
        self._ctx, self._live = None, False

    def build_all(self) -> list[Screen]:
        """Every screen, built now (a walk over all of them: accessibility checks, screenshots)."""
        return [s for i in range(len(SCREENS)) if (s := self._ensure(i)) is not None]

    def _ensure(self, index: int) -> Screen | None:
        widget = self.stack.widget(index)
        if isinstance(widget, Screen) or self._ctx is None or widget is None:
            return widget if isinstance(widget, Screen) else None
        was_active = self.isActiveWindow()
        label, key, module, name = SCREENS[index]
        screen = make_screen(self._ctx, label, key, module, name)
        screen.nav_key = key
        attach_external(screen)  # "Export to Excel…" on lists of screens edited elsewhere
        self.stack.insertWidget(index, screen)
        self.stack.removeWidget(widget)
        widget.deleteLater()
        self.screens.append(screen)
        if self._live:
            screen.on_unlocked()
        if was_active and not self.isActiveWindow():
            # A new widget tree can leave no window active, which would silence its shortcuts.
            self.activateWindow()
        return screen

    def destroy_screens(self) -> None:
        self._ctx, self._live = None, False
        while (widget := self.stack.widget(0)) is not None:
            self.stack.removeWidget(widget)
            widget.setParent(None)
            widget.deleteLater()
        self.screens = []

    def _nav_changed(self, row: int) -> None:
        if 0 <= row < self.stack.count():
            leaving = self.stack.currentWidget()
            if leaving is not None and self.stack.currentIndex() != row:
                if hasattr(leaving, "leave_ok") and not leaving.leave_ok():
                    self.nav.blockSignals(True)  # stay: the user chose Cancel
                    self.nav.setCurrentRow(self.stack.currentIndex())
                    self.nav.blockSignals(False)
                    return
            self._ensure(row)
            self.stack.setCurrentIndex(row)

    def current_key(self) -> str:
        item = self.nav.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item else "home"

    def show_screen(self, key: str) -> None:
        if self.pages.currentIndex() != self.WORKSPACE:
            return
        for i in range(self.nav.count()):
            if self.nav.item(i).data(Qt.ItemDataRole.UserRole) == key:
                self.nav.setCurrentRow(i)
                if self.nav.currentRow() == i:  # not when the screen left asked to stay
                    self._ensure(i)
                    self.stack.setCurrentIndex(i)
                return

    def screen_for(self, key: str) -> Any:
        """The screen for a nav key, built if it was not yet (None while locked)."""
        index = next((i for i, row in enumerate(SCREENS) if row[1] == key), None)
        return None if index is None else self._ensure(index)

    # ----- states -----
    def show_locked(self) -> None:
        self.pages.setCurrentIndex(self.LOCKED)
        self.nav.setEnabled(False)
        for action in (self.lock_action, *self.nav_actions):
            action.setEnabled(False)
        self.user_label.setText("")
        self.unlock.show_unlock()

    def show_workspace(self, user: str, role: str, key: str, kind: str = "coordinator") -> None:
        self.nav.setEnabled(True)
        for action in (self.lock_action, *self.nav_actions):
            action.setEnabled(True)
        self.user_label.setText(f"{user} · {role}" + ("" if kind == "coordinator" else " · own vault"))
        # Screens the role may not open are left out of the navigation (and their shortcuts off);
        # reaching one anyway shows a plain explanation (NoAccessScreen), never an error.
        for i, (_label, nav_key, _m, _c) in enumerate(SCREENS):
            visible = can_view(role, nav_key, kind)
            self.nav.setRowHidden(i, not visible)
            self.nav_actions[i].setEnabled(visible)
            self.nav_actions[i].setVisible(visible)
        self.pages.setCurrentIndex(self.WORKSPACE)
        shown = [k for _l, k, _m, _c in SCREENS if can_view(role, k, kind)]
        self.show_screen(key if key in shown else "home" if "home" in shown else shown[0])
        # Building screens can leave no window active, which would silence the window's shortcuts.
        self.activateWindow()
        self.nav.setFocus()

    def closeEvent(self, event: Any) -> None:  # noqa: N802 - Qt API
        # Closing locks first (the shell quits once the vault is closed).
        event.ignore()
        self.closing.emit()
