"""The vault's settings, one editor per setting in the registry (dv_forum.settings), grouped by
area; shown to coordinators. What is typed survives a reload and a lock, and is saved in one
operation that checks every value as the CLI does."""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from dv_forum.settings import Setting, change_settings, registry
from ui import dialogs
from ui.widgets import form_state
from ui.widgets.unsaved import FormWatch, ask_before_leaving

SECTIONS = {
    "partnership": "Partnership",
    "transfer": "Partnership",
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


def _editor(setting: Setting[Any]) -> QWidget:
    """The editor a setting's type and limits call for (the registry's limits, as the CLI checks them)."""
    if setting.choices:
        combo = QComboBox()
        for choice in setting.choices:
            combo.addItem(str(choice), choice)
        combo.setMaximumWidth(220)
        return combo
    if setting.type is bool:
        return QCheckBox()
    if setting.type is int:
        spin = QSpinBox()
        spin.setRange(*setting.bounds)
        spin.setMaximumWidth(220)
        return spin
    if setting.type is float:
        half = QDoubleSpinBox()
        half.setDecimals(1)
        half.setRange(float(setting.bounds[0]), float(setting.bounds[1]))
        half.setMaximumWidth(220)
        return half
    line = QLineEdit()
    line.setMinimumWidth(260)
    return line


def _set(editor: QWidget, value: Any) -> None:
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


def _value(editor: QWidget) -> Any:
    if isinstance(editor, QComboBox):
        return editor.currentData()
    if isinstance(editor, QCheckBox):
        return editor.isChecked()
    if isinstance(editor, QSpinBox | QDoubleSpinBox):
        return editor.value()
    assert isinstance(editor, QLineEdit)
    return editor.text()


class VaultSettingsPanel(QGroupBox):
    def __init__(self, ctx: Any) -> None:
        super().__init__("Vault settings")
        self.ctx = ctx
        box = QVBoxLayout(self)
        note = QLabel("Stored inside the encrypted vault; they apply to everyone who uses it.")
        note.setObjectName("hint")
        note.setWordWrap(True)
        box.addWidget(note)
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
            row = self._add_row(row, key, setting)
        self.watch = FormWatch(lambda: self.editors, parent=self)
        actions = QHBoxLayout()
        self.save_button = QPushButton("&Save settings")
        self.save_button.setToolTip("Save the vault settings")
        self.save_button.setAccessibleName("Save settings")
        self.save_button.clicked.connect(self.save)
        actions.addWidget(self.save_button)
        actions.addWidget(self.watch.label)
        actions.addStretch(1)
        box.addLayout(actions)

    def _add_row(self, row: int, key: str, setting: Setting[Any]) -> int:
        editor = _editor(setting)
        editor.setAccessibleName(setting.description)
        editor.setToolTip(f"{setting.description} (default {setting.default!r}; key {key})")
        title, detail = split_description(setting.description)
        label = QLabel(title)
        label.setWordWrap(True)
        label.setMinimumWidth(280)
        label.setBuddy(editor)
        self.form.addWidget(label, row, 0)
        self.form.addWidget(editor, row, 1, Qt.AlignmentFlag.AlignLeft)
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
        self.editors[key] = editor
        self.setting_labels[key] = label
        return row + 1

    def show_values(self, values: dict[str, Any]) -> None:
        # A reload (another user's change, a new user added) must not overwrite what is being typed.
        typed = self.watch.changed_fields()
        for key, value in values.items():
            if key in self.editors:
                _set(self.editors[key], value)
        self.watch.mark_clean()
        form_state.apply(self.editors, typed)
        self.watch.refresh()

    def save(self) -> bool:
        values = {key: _value(editor) for key, editor in self.editors.items()}
        changed = sorted(self.watch.changed_fields())

        def saved(_: Any) -> None:
            self.watch.mark_clean()
            names = "; ".join(split_description(registry()[k].description)[0] for k in changed)
            dialogs.info(self, "Settings", "The settings were saved.", names)

        self.ctx.run(lambda vault: change_settings(vault, values), on_done=saved)
        return True

    def leave_ok(self) -> bool:
        if not self.isVisibleTo(self.parentWidget() or self):
            return True
        return ask_before_leaving(
            self, self.watch, "Unsaved settings", "the changed settings", self.save, self.watch.revert
        )

    def draft(self) -> dict[str, Any] | None:
        return self.watch.changed_fields() or None

    def restore(self, values: dict[str, Any]) -> None:
        form_state.apply(self.editors, values)
        self.watch.refresh()
