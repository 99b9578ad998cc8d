"""Settings: passphrase, remember-on-this-device, users, vault settings, backup, privacy."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from dv_forum.areas import Area
from dv_forum.settings import change_settings, get_setting, registry
from dv_forum.vault import Perm, Role, keyring_slot, policy
from ui import dialogs
from ui.screens.base import AppContext, Screen
from ui.widgets import form_state
from ui.widgets.table_model import DictTableModel
from ui.widgets.unsaved import FormWatch, ask_before_leaving

REMEMBER_WARNING = (
    "Remembering the vault on this device means anyone who can use this computer account, "
    "while it is logged in, can open the vault without the passphrase. Only use it on a computer "
    "that nobody else uses and that locks its own screen."
)


SECTIONS = {
    "cases": "Cases",
    "escalation": "Cases",
    "repeat": "Repeat rule",
    "retention": "Retention",
    "freedom": "Freedom Programme",
    "marac": "MARAC",
    "outreach": "Outreach",
    "session": "Security",
    "stats": "Statistics",
}


def section_of(key: str) -> str:
    """The heading a vault setting is listed under, from its key's prefix."""
    prefix = key.split(".", 1)[0]
    return SECTIONS.get(prefix, prefix.replace("_", " ").capitalize())


def split_description(text: str) -> tuple[str, str]:
    """A setting's description as (label, detail): a parenthetical aside becomes the detail line.
    "Lock after N minutes (0 = never)" -> ("Lock after N minutes", "0 = never")."""
    match = re.match(r"^(.*?)\s*\(([^()]*)\)(.*)$", text)
    rest = match.group(3).strip() if match else ""
    if not match or not match.group(1) or not (rest in ("", ".") or rest.startswith(";")):
        return text, ""  # an aside in the middle of the sentence stays where it is
    title = (match.group(1) + match.group(3)).strip()
    detail = match.group(2).strip()
    return title, detail[:1].upper() + detail[1:]


def _state(vault: Any) -> dict[str, Any]:
    remembered = any(
        s.kind == "keyring" and (s.user or "").casefold() == vault.user.name.casefold()
        for s in vault.header.slots
    )
    out: dict[str, Any] = {"remembered": remembered, "settings": {}, "users": []}
    if vault.can(Perm.EDIT_SETTINGS):
        out["settings"] = {key: get_setting(vault.conn, s) for key, s in registry().items()}
    if vault.can(Perm.MANAGE_USERS):
        out["users"] = [
            {"name": u.name, "role": u.role.value, "must_change": "yes" if u.must_change else ""}
            for u in vault.list_users()
        ]
    return out


def _parent_of(layout: QVBoxLayout) -> QWidget:
    """The group box a section's layout belongs to (shown or hidden by role)."""
    parent = layout.parentWidget()
    assert parent is not None, "a section's layout is always set on its group box"
    return parent


class UsersModel(DictTableModel):
    COLUMNS = (
        ("Name", "name", None),
        ("Role", "role", None),
        ("Must change passphrase", "must_change", None),
    )
    TOOLTIPS = True


class AddUserDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add a user")
        form = QFormLayout(self)
        self.name = QLineEdit()
        self.name.setAccessibleName("New user's name")
        self.role = QComboBox()
        self.role.setAccessibleName("New user's role")
        for role in Role:
            self.role.addItem(role.value, role.value)
        self.temp = QLineEdit()
        self.temp.setEchoMode(QLineEdit.EchoMode.Password)
        self.temp.setAccessibleName("One-time passphrase for the new user")
        self.mine = QLineEdit()
        self.mine.setEchoMode(QLineEdit.EchoMode.Password)
        self.mine.setAccessibleName("Your own passphrase")
        self.problems = QLabel("")
        self.problems.setObjectName("error")
        self.problems.setWordWrap(True)
        form.addRow("&Name:", self.name)
        form.addRow("&Role:", self.role)
        form.addRow("&One-time passphrase:", self.temp)
        form.addRow("", QLabel("They must change it when they first unlock."))
        form.addRow("&Your passphrase:", self.mine)
        form.addRow(self.problems)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.temp.textChanged.connect(
            lambda t: self.problems.setText("; ".join(policy.problems(t)) if t else "")
        )

    def values(self) -> dict[str, str]:
        out = {
            "name": self.name.text(),
            "role": self.role.currentData(),
            "temp": self.temp.text(),
            "mine": self.mine.text(),
        }
        for field in (self.temp, self.mine):
            field.clear()  # the passphrases live no longer than needed
        return out


class SettingsScreen(Screen):
    title = "Settings"
    nav_key = "settings"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        outer = QVBoxLayout(self)
        heading = QLabel("Settings")
        heading.setObjectName("screenTitle")
        outer.addWidget(heading)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        body = QWidget()
        self.body = QVBoxLayout(body)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)
        self._build_passphrase()
        self._build_remember()
        self._build_users()
        self._build_settings()
        self._build_backup()
        self._build_privacy()
        self.body.addStretch(1)
        self._remembered = False

    # ----- sections -----
    def _group(self, title: str) -> QVBoxLayout:
        box = QGroupBox(title)
        layout = QVBoxLayout(box)
        self.body.addWidget(box)
        return layout

    def _note(self, layout: QVBoxLayout, text: str) -> QLabel:
        label = QLabel(text)
        label.setObjectName("hint")
        label.setWordWrap(True)
        layout.addWidget(label)
        return label

    def _button(self, layout: Any, text: str, tip: str, slot: Any) -> QPushButton:
        button = QPushButton(text)
        button.setToolTip(tip)
        button.setAccessibleName(text.replace("&", "").rstrip("…"))
        button.clicked.connect(slot)
        layout.addWidget(button, alignment=Qt.AlignmentFlag.AlignLeft) if isinstance(
            layout, QVBoxLayout
        ) else layout.addWidget(button)
        return button

    def _build_passphrase(self) -> None:
        box = self._group("Your passphrase")
        self._note(box, "Changing it rewraps your key slot only; the vault's data does not change.")
        self.change_button = self._button(
            box, "&Change passphrase…", "Set a new passphrase for your user", self.change_passphrase
        )

    def _build_remember(self) -> None:
        box = self._group("Remember on this device")
        self._note(box, REMEMBER_WARNING)
        self.remember = QCheckBox("Unlock without my passphrase on this computer account")
        self.remember.setAccessibleName("Remember on this device")
        self.remember.setEnabled(False)
        self.remember.clicked.connect(self._remember_clicked)
        box.addWidget(self.remember)
        self.remember_reason = self._note(box, "Checking for a secure system keyring…")

    def _build_users(self) -> None:
        box = self._group("Users")
        self.users_box = _parent_of(box)
        self.users_model = UsersModel(self)
        self.users_table = QTableView()
        self.users_table.setModel(self.users_model)
        self.users_table.setAccessibleName("Users")
        self.users_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.users_table.verticalHeader().setVisible(False)
        self.users_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.users_table.setMinimumHeight(120)
        box.addWidget(self.users_table)
        self.add_user_button = self._button(
            box, "&Add user…", "Add an outreach worker, MARAC chair or coordinator", self.add_user
        )

    def _build_settings(self) -> None:
        box = self._group("Vault settings")
        self.settings_box = _parent_of(box)
        self._note(box, "Stored inside the encrypted vault; they apply to everyone who uses it.")
        # A grid rather than a form: labels get a readable width and wrap, the editors stay a
        # sensible size, and a parenthetical detail goes on a smaller line under its label.
        self.form = QGridLayout()
        self.form.setColumnStretch(0, 3)
        self.form.setColumnStretch(1, 2)
        self.form.setHorizontalSpacing(18)
        self.form.setVerticalSpacing(4)
        box.addLayout(self.form)
        self.editors: dict[str, QWidget] = {}
        self.setting_labels: dict[str, QLabel] = {}
        row, section = 0, ""
        for key, setting in sorted(registry().items(), key=lambda kv: (section_of(kv[0]), kv[0])):
            if section_of(key) != section:
                section = section_of(key)
                heading = QLabel(section)
                heading.setObjectName("settingsSection")
                heading.setStyleSheet("font-weight: 600; margin-top: 8px;")
                self.form.addWidget(heading, row, 0, 1, 2)
                row += 1
            editor: QWidget
            if setting.choices:
                combo = QComboBox()
                for choice in setting.choices:
                    combo.addItem(str(choice), choice)
                editor = combo
            elif setting.type is bool:
                editor = QCheckBox()
            elif setting.type is int:
                spin = QSpinBox()
                spin.setRange(*setting.bounds)  # the registry's limits, as the CLI checks them
                editor = spin
            elif setting.type is float:
                half = QDoubleSpinBox()
                half.setDecimals(1)
                half.setRange(float(setting.bounds[0]), float(min(setting.bounds[1], 10_000)))
                editor = half
            else:
                editor = QLineEdit()
            editor.setAccessibleName(setting.description)
            editor.setToolTip(f"{setting.description} (default {setting.default!r}; key {key})")
            title, detail = split_description(setting.description)
            label = QLabel(title)
            label.setWordWrap(True)
            label.setMinimumWidth(280)
            label.setBuddy(editor)
            self.form.addWidget(label, row, 0)
            if isinstance(editor, (QSpinBox, QDoubleSpinBox, QComboBox)):
                editor.setMaximumWidth(220)
            self.form.addWidget(editor, row, 1, Qt.AlignmentFlag.AlignLeft)
            if isinstance(editor, QLineEdit):
                editor.setMinimumWidth(260)
            row += 1
            if detail:
                note = QLabel(detail)
                note.setObjectName("hint")
                note.setWordWrap(True)
                font = note.font()
                font.setPointSizeF(max(7.0, font.pointSizeF() - 1))
                note.setFont(font)
                self.form.addWidget(note, row, 0)
                row += 1
            self.form.setRowMinimumHeight(row, 6)
            row += 1
            self.editors[key] = editor
            self.setting_labels[key] = label
        self.watch = FormWatch(lambda: self.editors, parent=self)
        actions = QHBoxLayout()
        self.save_button = self._button(
            actions, "&Save settings", "Save the vault settings", self.save_settings
        )
        actions.addWidget(self.watch.label)
        actions.addStretch(1)
        box.addLayout(actions)

    def _build_backup(self) -> None:
        box = self._group("Backup")
        self.backup_note = self._note(
            box,
            "A backup is encrypted with the same keys as the vault. Keep it somewhere safe, "
            "away from this computer. To restore one, lock dv-forum and choose Restore from "
            "backup… on the unlock screen (or run dv-forum restore BACKUP --to NEW-FOLDER): it "
            "goes into a new folder, which dv-forum then opens; this vault's folder is left as it is.",
        )
        self.backup_button = self._button(box, "&Back up now…", "Write an encrypted backup file", self.backup)

    def _build_privacy(self) -> None:
        box = self._group("Privacy of the surroundings")
        self.capture_note = self._note(box, getattr(self.ctx, "capture_note", ""))
        self._note(
            box,
            "Quick exit (the red toolbar button, Ctrl+Shift+Q, or Shift pressed three times "
            "within a second) hides the window at once, locks the vault, empties the clipboard "
            "and closes the program. It does not remove the program from the computer, hide "
            "that it was used, or erase printed copies.",
        )

    # ----- loading -----
    def on_unlocked(self) -> None:
        self.users_box.setVisible(self.ctx.role == Role.COORDINATOR.value)
        self.settings_box.setVisible(self.ctx.role == Role.COORDINATOR.value)
        self.backup_button.setEnabled(self.ctx.role == Role.COORDINATOR.value)
        self.capture_note.setText(getattr(self.ctx, "capture_note", ""))
        self.reload()
        self.ctx.run_pool(keyring_slot.availability, on_done=self._availability)

    reloads_on = frozenset({Area.SETTINGS, Area.USERS, Area.KEYRING})

    def reload(self) -> None:
        self.ctx.run(_state, on_done=self._loaded)

    def _loaded(self, state: dict[str, Any]) -> None:
        self._remembered = state["remembered"]
        self.remember.setChecked(self._remembered)
        self.users_model.set_rows(state["users"])
        # A reload (another user's change, a new user added) must not overwrite what is being typed.
        typed = self.watch.changed_fields()
        for key, value in state["settings"].items():
            editor = self.editors.get(key)
            if isinstance(editor, QComboBox):
                editor.setCurrentIndex(max(0, editor.findData(value)))
            elif isinstance(editor, QCheckBox):
                editor.setChecked(bool(value))
            elif isinstance(editor, QSpinBox):
                editor.setValue(int(value))
            elif isinstance(editor, QDoubleSpinBox):
                editor.setValue(float(value))
            elif isinstance(editor, QLineEdit):
                editor.setText(str(value))
        self.watch.mark_clean()
        form_state.apply(self.editors, typed)
        self.watch.refresh()

    def _availability(self, status: Any) -> None:
        if status.available:
            self.remember.setEnabled(True)
            self.remember_reason.setText(f"Uses the system keyring ({status.backend}).")
        else:
            self.remember.setEnabled(self._remembered)  # always allow switching it off
            self.remember_reason.setText(f"Not available: {status.reason}.")

    # ----- actions -----
    def change_passphrase(self) -> None:
        old = dialogs.ask_text(self, "Change passphrase", "Your current passphrase:", secret=True)
        if not old:
            return
        new = dialogs.ask_text(
            self,
            "Change passphrase",
            "New passphrase (at least 10 characters; a few unrelated words work well):",
            secret=True,
        )
        if not new:
            return
        found = policy.problems(new)
        if found:
            dialogs.warning(self, "Change passphrase", "That passphrase is too weak.", "; ".join(found) + ".")
            return
        again = dialogs.ask_text(self, "Change passphrase", "Type the new passphrase again:", secret=True)
        if again != new:
            dialogs.warning(
                self,
                "Change passphrase",
                "The two new passphrases are different.",
                "Nothing was changed.",
            )
            return
        self.ctx.run(
            lambda v: v.change_passphrase(old, new),
            on_done=lambda _: dialogs.info(self, "Change passphrase", "Your passphrase was changed."),
            changes=[Area.USERS],
        )

    def _remember_clicked(self, checked: bool) -> None:
        self.remember.setChecked(self._remembered)  # the real state follows the operation
        if checked:
            if not dialogs.question(self, "Remember on this device", REMEMBER_WARNING + "\n\nRemember it?"):
                return
            passphrase = dialogs.ask_text(self, "Remember on this device", "Your passphrase:", secret=True)
            if not passphrase:
                return
            self.ctx.run(lambda v: keyring_slot.enable(v, passphrase), changes=[Area.KEYRING])
        else:
            self.ctx.run(keyring_slot.disable, changes=[Area.KEYRING])

    def add_user(self) -> None:
        answer = dialogs.form(self, AddUserDialog(self), "Add a user")
        if not answer:
            return
        name, role, temp, mine = answer["name"], answer["role"], answer["temp"], answer["mine"]
        self.ctx.run(
            lambda v: v.add_user(name, role, temp, mine),
            changes=[Area.USERS],
            on_done=lambda u: dialogs.info(
                self,
                "Users",
                f"{u.name} was added. Give them the one-time passphrase in person; they must change it.",
            ),
        )

    def _editor_value(self, key: str) -> Any:
        editor = self.editors[key]
        if isinstance(editor, QComboBox):
            return editor.currentData()
        if isinstance(editor, QCheckBox):
            return editor.isChecked()
        if isinstance(editor, (QSpinBox, QDoubleSpinBox)):
            return editor.value()
        assert isinstance(editor, QLineEdit)
        return editor.text()

    def save_settings(self) -> bool:
        values = {key: self._editor_value(key) for key in self.editors}
        changed = sorted(self.watch.changed_fields())

        def saved(_: Any) -> None:
            self.watch.mark_clean()
            names = "; ".join(split_description(registry()[k].description)[0] for k in changed)
            dialogs.info(self, "Settings", "The settings were saved.", names)

        self.ctx.run(lambda vault: change_settings(vault, values), on_done=saved)
        return True

    def leave_ok(self) -> bool:
        if not self.settings_box.isVisibleTo(self):
            return True
        return ask_before_leaving(
            self,
            self.watch,
            "Unsaved settings",
            "the changed settings",
            self.save_settings,
            self.watch.revert,
        )

    def draft(self) -> dict[str, Any] | None:
        changed = self.watch.changed_fields() if self.ctx.role == Role.COORDINATOR.value else {}
        return {"settings": changed} if changed else None

    def restore_draft(self, content: dict[str, Any]) -> None:
        form_state.apply(self.editors, content.get("settings", {}))
        self.watch.refresh()

    def backup(self) -> None:
        target = dialogs.save_file(
            self,
            "Back up the vault",
            Path.home() / "dv-forum-backup.dvbak",
            "dv-forum backups (*.dvbak *.dvfbak);;All files (*)",
        )
        if target is None:
            return
        self.ctx.run(
            lambda v: str(v.backup(target)),
            on_done=lambda where: dialogs.info(self, "Backup", "The backup was written.", where),
        )

    def clear(self) -> None:
        self.users_model.clear()
        self._remembered = False
        self.remember.setChecked(False)
