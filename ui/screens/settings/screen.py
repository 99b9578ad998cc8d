"""Settings: passphrase, remember-on-this-device, users, vault settings, the partnership's lists,
backup, privacy."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from dv_forum.areas import Area
from dv_forum.settings import get_setting, registry
from dv_forum.vault import Perm, Role, keyring_slot, policy
from dv_forum.vault.backup import partials_note
from ui import dialogs
from ui.screens.base import AppContext, Screen
from ui.screens.settings.lists_panel import ListsPanel
from ui.screens.settings.users import AddUserDialog, UsersModel
from ui.screens.settings.vault_settings import VaultSettingsPanel
from ui.widgets.tables import selected

REMEMBER_WARNING = (
    "Remembering the vault on this device means anyone who can use this computer account, "
    "while it is logged in, can open the vault without the passphrase. Only use it on a computer "
    "that nobody else uses and that locks its own screen."
)


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
        scroll.setAccessibleName("Settings")
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
        self.users_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.users_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.users_table.verticalHeader().setVisible(False)
        self.users_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.users_table.setMinimumHeight(120)
        box.addWidget(self.users_table)
        row = QHBoxLayout()
        self.add_user_button = self._button(
            row, "&Add user…", "Add an outreach worker, MARAC chair or coordinator", self.add_user
        )
        self.reset_user_button = self._button(
            row,
            "Give a new one-time &passphrase…",
            "For a user who forgot theirs, or whose one-time passphrase expired",
            self.reset_user,
        )
        self.remove_user_button = self._button(
            row,
            "&Remove user…",
            "Remove the chosen user for good (the database is re-keyed)",
            self.remove_user,
        )
        row.addStretch(1)
        box.addLayout(row)

    def _build_settings(self) -> None:
        self.vault_settings = VaultSettingsPanel(self.ctx)
        self.body.addWidget(self.vault_settings)
        self.lists_panel = ListsPanel(self.ctx)
        self.body.addWidget(self.lists_panel)

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
        self.vault_settings.setVisible(self.ctx.role == Role.COORDINATOR.value)
        self.lists_panel.setVisible(self.ctx.role == Role.COORDINATOR.value)
        self.backup_button.setEnabled(self.ctx.role == Role.COORDINATOR.value)
        self.capture_note.setText(getattr(self.ctx, "capture_note", ""))
        self.reload()
        self.ctx.run_pool(keyring_slot.availability, on_done=self._availability)

    reloads_on = frozenset({Area.SETTINGS, Area.USERS, Area.KEYRING})

    def reload(self) -> None:
        self.ctx.run(_state, on_done=self._loaded)
        if self.ctx.role == Role.COORDINATOR.value:
            self.lists_panel.reload()

    def _loaded(self, state: dict[str, Any]) -> None:
        self._remembered = state["remembered"]
        self.remember.setChecked(self._remembered)
        self.users_model.set_rows(state["users"])
        self.vault_settings.show_values(state["settings"])

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
            on_done=lambda r: dialogs.info(
                self,
                "Change passphrase",
                "Your passphrase was changed. Backups made before still open with the old one: after a "
                "suspected compromise, make a new backup and destroy the old ones.",
                r.notice(),
            ),
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

    def _chosen_user(self, what: str) -> str | None:
        row = selected(self.users_table, self.users_model)
        if row is None:
            dialogs.info(self, "Users", f"Choose the user {what} in the list first.")
            return None
        return str(row["name"])

    def reset_user(self) -> None:
        name = self._chosen_user("to give a new one-time passphrase")
        if name is None:
            return
        temp = dialogs.ask_text(
            self, "New one-time passphrase", f"One-time passphrase for {name}:", secret=True
        )
        if not temp:
            return
        mine = dialogs.ask_text(self, "New one-time passphrase", "Your passphrase:", secret=True)
        if not mine:
            return
        self.ctx.run(
            lambda v: v.reset_user(name, temp, mine),
            changes=[Area.USERS],
            on_done=lambda _: dialogs.info(
                self,
                "Users",
                f"{name} has a new one-time passphrase. Give it to them in person; they must change it.",
            ),
        )

    def remove_user(self) -> None:
        name = self._chosen_user("to remove")
        if name is None:
            return
        if not dialogs.question(
            self,
            "Remove user",
            f"Remove {name} for good? Their passphrase will open nothing from now on: the database is "
            "re-keyed, and every other user gets a one-time passphrase to change at next unlock. "
            "Backups made before still open with the old passphrases: make a new one afterwards.",
        ):
            return
        mine = dialogs.ask_text(self, "Remove user", "Your passphrase:", secret=True)
        if not mine:
            return

        def done(result: tuple[str, dict[str, str]]) -> None:
            recovery, temporary = result
            lines = [f"{other}: {temp}" for other, temp in temporary.items()]
            dialogs.info(
                self,
                "Users",
                f"{name} was removed. Write down the new recovery key and give each user their "
                "one-time passphrase in person (shown once).",
                f"Recovery key: {recovery}\n" + "\n".join(lines),
            )

        self.ctx.run(lambda v: v.remove_user(name, mine), on_done=done, changes=[Area.USERS, Area.KEYRING])

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

    def leave_ok(self) -> bool:
        return self.vault_settings.leave_ok()

    def draft(self) -> dict[str, Any] | None:
        changed = self.vault_settings.draft() if self.ctx.role == Role.COORDINATOR.value else None
        return {"settings": changed} if changed else None

    def restore_draft(self, content: dict[str, Any]) -> None:
        self.vault_settings.restore(content.get("settings", {}))

    def backup(self) -> None:
        target = dialogs.save_file(
            self,
            "Back up the vault",
            Path.home() / f"dv-forum-{date.today().isoformat()}.dvbak",
            "dv-forum backups (*.dvbak *.dvfbak);;All files (*)",
        )
        if target is None:
            return
        self.ctx.run(
            lambda v: str(v.backup(target)) + partials_note(v.partials_removed),
            on_done=lambda where: dialogs.info(self, "Backup", "The backup was written.", where),
        )

    def clear(self) -> None:
        self.users_model.clear()
        self._remembered = False
        self.remember.setChecked(False)
