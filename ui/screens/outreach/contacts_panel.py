"""Contacts with the chosen client: the list, and the form beside it for a new contact or a
correction (double-click, Enter or Edit; Delete removes one entered in error, after a question).
The core (dv_forum.outreach.contacts) checks who may and audits; this only asks, on the worker."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any, Protocol

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from dv_forum.areas import Area
from dv_forum.errors import InputError
from dv_forum.outreach import contacts
from ui import dialogs
from ui.screens.outreach.contact_form import ContactForm, agencies, onward_text, when_text
from ui.screens.outreach.models import ContactsModel
from ui.widgets import form_state
from ui.widgets.date_edit import first_problem
from ui.widgets.shown import show_when
from ui.widgets.tables import selected, table
from ui.widgets.unsaved import ask_before_leaving


class ClientHost(Protocol):
    ctx: Any
    client_code: str
    status: QLabel

    def refresh(self) -> None: ...

    def select_client(self, code: str) -> bool: ...


def _contact_row(c: Any) -> dict[str, Any]:
    d = asdict(c)
    review = ("DASH " + str(c.dash_score) if c.dash_score is not None else "yes") if c.risk_review else ""
    d["dash_text"] = review
    return d


class ContactsPanel(QWidget):
    def __init__(self, host: ClientHost) -> None:
        super().__init__()
        self.host = host
        self.editing: dict[str, Any] | None = None  # the saved contact the form is correcting
        self._reselect: int | None = None
        self.model = ContactsModel(self)
        self.form = ContactForm(self.save, self.cancel_edit)
        self.hint = QLabel("Choose a client on the left to record a contact.")
        self.hint.setObjectName("hint")
        self.hint.setWordWrap(True)
        v = QVBoxLayout(self)
        v.setContentsMargins(0, 0, 0, 0)
        self.view = table(self.model, newest_first=True)
        self.view.setAccessibleName("Contacts with the chosen client")
        self.view.doubleClicked.connect(lambda _i: self.edit())
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._buttons())
        for keys, fn in (("Return", self.edit), ("Enter", self.edit), ("Delete", self.delete)):
            sc = QShortcut(QKeySequence(keys), self.view)
            sc.setContext(Qt.ShortcutContext.WidgetShortcut)
            sc.activated.connect(fn)
        v.addWidget(self.view, 1)
        row = QHBoxLayout()
        self.edit_button = QPushButton("Edit contact (Enter)")
        self.edit_button.setToolTip("Correct the chosen contact in the form (or double-click it)")
        self.edit_button.clicked.connect(self.edit)
        self.delete_button = QPushButton("Delete contact (Delete)")
        self.delete_button.setToolTip("Delete the chosen contact, if it was entered in error")
        self.delete_button.clicked.connect(self.delete)
        for b in (self.edit_button, self.delete_button):
            row.addWidget(b)
        row.addStretch(1)
        v.addLayout(row)
        self._buttons()
        self.set_ready(False)

    # ----- the chosen client -----
    def set_ready(self, ready: bool) -> None:
        """Enable the form for the chosen client, or grey it out with a hint saying why."""
        code = self.host.client_code
        self.form.setEnabled(ready)
        if self.editing is not None and ready:
            self.form.setTitle(f"Correct the contact of {when_text(self.editing['at'])} with {code}")
        else:
            self.form.setTitle(f"New contact with {code}" if ready else "New contact")
        show_when(self.hint, not ready)

    def load(self, code: str) -> None:
        self.host.ctx.run(
            lambda vault: [_contact_row(c) for c in contacts.contacts_for(vault, code)], on_done=self._loaded
        )

    def _loaded(self, rows: list[dict[str, Any]]) -> None:
        self.model.set_rows(rows)
        keep, self._reselect = self._reselect, None
        for row in range(self.model.rowCount()):
            if keep is not None and self.model.row_data(row)["id"] == keep:
                proxy = self.view.model()
                index = proxy.mapFromSource(self.model.index(row, 0))  # type: ignore[attr-defined]
                self.view.selectRow(index.row())
        self._buttons()

    def _buttons(self) -> None:
        chosen = selected(self.view, self.model) is not None
        for b in (self.edit_button, self.delete_button):
            b.setEnabled(chosen)

    def _chosen(self) -> dict[str, Any] | None:
        row = selected(self.view, self.model)
        if row is None or not self.host.client_code:
            self.host.status.setText("Choose a contact first.")
        return row

    # ----- saving -----
    def save(self) -> bool:
        """Start saving the contact; False (with the reason shown) when it cannot be saved."""
        code = self.host.client_code
        if not code:
            self.host.status.setText("Choose a client first.")
            return False
        problem = first_problem(self.form.c_next) if self.form.c_next_set.isChecked() else ""
        if problem:
            self.host.status.setText(problem)
            return False
        fields = self.form.fields()
        if self.editing is not None:
            self._save_correction(code, self.editing, fields)
            return True
        self.host.ctx.run(
            lambda vault: contacts.record_contact(vault, code, **fields),
            on_done=lambda _id: self._saved(code),
            changes=[Area.OUTREACH],
        )
        return True

    def _saved(self, code: str) -> None:
        self.reset()
        self.host.status.setText(f"Contact with {code} saved.")

    def reset(self) -> None:
        self.editing = None
        self.form.reset()
        if self.host.client_code:
            self.set_ready(True)

    def edit(self) -> None:
        """Load the chosen contact into the form to correct it."""
        row = self._chosen()
        if row is None:
            return
        self.reset()
        self.editing = row
        self.form.fill(row)
        self.set_ready(True)
        self.host.status.setText(f"Correcting the contact of {when_text(row['at'])}: change it, then save.")
        self.form.c_at.setFocus()

    def _save_correction(self, code: str, row: dict[str, Any], fields: dict[str, Any]) -> None:
        text = self.form.c_onward.text()
        if text.strip() == onward_text(row).strip():
            del fields["onward"]  # unchanged: the saved referrals keep their dates and outcomes
        else:
            fields["onward"] = agencies(text)  # matched by agency to those already there
        ident = row["id"]

        def done(changed: list[str]) -> None:
            self._reselect = ident
            self.reset()
            when = when_text(row["at"])
            self.host.status.setText(
                f"Contact of {when} with {code} corrected." if changed else "Nothing to change."
            )
            self.view.setFocus()

        self.host.ctx.run(
            lambda vault: contacts.update_contact(vault, code, ident, **fields),
            on_done=done,
            on_error=self._failed,
            changes=[Area.OUTREACH],
        )

    def cancel_edit(self) -> None:
        if self.editing is not None:
            self.reset()
            self.host.status.setText("Correction cancelled: the contact is as it was.")
            self.view.setFocus()

    def delete(self) -> None:
        row = self._chosen()
        if row is None:
            return
        code, when = self.host.client_code, when_text(row["at"])
        if not dialogs.question(
            self,
            "Delete contact",
            f"Delete the {row['type']} contact of {when} with {code}? Only do this for a contact "
            "entered in error: it cannot be undone, and what is due is worked out again without it.",
        ):
            return
        ident = row["id"]

        def done(_: Any) -> None:
            if self.editing is not None and self.editing["id"] == ident:
                self.reset()
            self.host.status.setText(f"Contact of {when} with {code} deleted.")
            self.view.setFocus()

        self.host.ctx.run(
            lambda vault: contacts.delete_contact(vault, code, ident),
            on_done=done,
            on_error=self._failed,
            changes=[Area.OUTREACH],
        )

    def _failed(self, exc: BaseException) -> None:
        """Say why; unless it was the input, the list was stale (a client moved to another
        worker, a contact deleted elsewhere): load it again."""
        dialogs.show_exception(self, exc)
        if not isinstance(exc, InputError):
            self.host.refresh()

    # ----- unsaved input -----
    def leave_ok(self) -> bool:
        code = self.host.client_code
        what = "the corrected contact" if self.editing is not None else f"the contact with {code}"
        return ask_before_leaving(self, self.form.watch, "Unsaved contact", what, self.save, self.reset)

    def draft(self) -> dict[str, Any] | None:
        code = self.host.client_code
        if not code or (not self.form.watch.is_dirty() and self.editing is None):
            return None
        return {"client": code, "values": form_state.values(self.form.widgets())}

    def restore(self, content: dict[str, Any]) -> None:
        if self.host.select_client(content["client"]):
            form_state.apply(self.form.widgets(), content["values"])
            self.form.watch.refresh()

    def clear(self) -> None:
        self.model.clear()
        self.reset()
        self.set_ready(False)
        self._buttons()
