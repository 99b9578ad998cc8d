"""The Outreach screen's handlers for correcting and deleting a saved contact. Mixed into
OutreachScreen, which owns the widgets; kept here so ui/screens/outreach.py stays a small host.
The core (dv_forum.outreach.contacts) checks who may and audits; these only ask, through ctx.run
with changes=[Area.OUTREACH], so the work runs on the database thread."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, QDateTime

from dv_forum.areas import Area
from dv_forum.errors import InputError
from dv_forum.outreach import contacts
from ui import dialogs
from ui.screens.freedom import selected


def agencies(text: str) -> list[str]:
    """Onward referral agencies typed in one line, separated by semicolons."""
    return [a.strip() for a in text.split(";") if a.strip()]


def _onward_text(row: dict[str, Any]) -> str:
    return "; ".join(o["agency"] for o in row["onward"])


def when_text(at: str) -> str:
    """'2026-03-01T14:30' as the form shows it: 01/03/2026 14:30."""
    day, _, time = at.partition("T")
    return f"{day[8:10]}/{day[5:7]}/{day[:4]} {time}"


if TYPE_CHECKING:
    # Checked as the screen it is mixed into; at run time it adds only its methods.
    from ui.screens.base import Screen as _Host
else:
    _Host = object


class ContactEditing(_Host):
    """Needs from the host: ctx, client_code, editing, _reselect_contact, contacts_model,
    contacts_view, edit_button, delete_button, status, the contact form's widgets (c_*),
    _form_keys, _form_ready, reset_form and refresh."""

    ctx: Any
    # Methods of the host screen this part calls.
    reset_form: Callable[..., Any]
    _form_ready: Callable[..., Any]
    refresh: Callable[..., Any]
    client_code: str
    editing: dict[str, Any] | None
    _reselect_contact: int | None
    contacts_model: Any
    contacts_view: Any
    edit_button: Any
    delete_button: Any
    status: Any
    _form_keys: dict[str, Any]
    c_at: Any
    c_type: Any
    c_safe: Any
    c_duration: Any
    c_review: Any
    c_dash: Any
    c_incident: Any
    c_plan: Any
    c_issues: dict[str, Any]
    c_barriers: dict[str, Any]
    c_onward: Any
    c_next_set: Any
    c_next: Any
    c_notes: Any
    c_save: Any
    contact_watch: Any
    c_cancel: Any

    def _contacts_loaded(self, rows: list[dict[str, Any]]) -> None:
        self.contacts_model.set_rows(rows)
        keep, self._reselect_contact = self._reselect_contact, None
        for row in range(self.contacts_model.rowCount()):
            if keep is not None and self.contacts_model.row_data(row)["id"] == keep:
                proxy = self.contacts_view.model()
                index = proxy.mapFromSource(self.contacts_model.index(row, 0))  # type: ignore[attr-defined]
                self.contacts_view.selectRow(index.row())
        self._contact_buttons()

    def _contact_buttons(self) -> None:
        chosen = selected(self.contacts_view, self.contacts_model) is not None
        for b in (self.edit_button, self.delete_button):
            b.setEnabled(chosen)

    def _chosen_contact(self) -> dict[str, Any] | None:
        row = selected(self.contacts_view, self.contacts_model)
        if row is None or not self.client_code:
            self.status.setText("Choose a contact first.")
        return row

    def edit_contact(self) -> None:
        """Load the chosen contact into the form to correct it."""
        row = self._chosen_contact()
        if row is None:
            return
        self.reset_form()
        self.editing = row
        at = QDateTime.fromString(row["at"], "yyyy-MM-ddTHH:mm")
        self.c_at.setDateTime(at)
        self.c_type.setCurrentText(row["type"])
        self.c_safe.setChecked(row["safe"])
        self.c_duration.setValue(-1 if row["duration_min"] is None else row["duration_min"])
        self.c_review.setChecked(row["risk_review"])
        self.c_dash.setValue(-1 if row["dash_score"] is None else row["dash_score"])
        self.c_incident.setChecked(row["new_incident"])
        self.c_plan.setCurrentText(row["safety_plan"])
        for name, box in self.c_issues.items():
            box.setChecked(name in row["issues"])
        for name, box in self.c_barriers.items():
            box.setChecked(name in row["barriers_met"])
        self.c_onward.setText(_onward_text(row))
        self.c_next_set.setChecked(row["next_contact"] is not None)
        if row["next_contact"]:
            self.c_next.setDate(QDate.fromString(row["next_contact"], "yyyy-MM-dd"))
        self.c_notes.setPlainText(row["notes"] or "")
        self.c_save.setText("Save changes")
        self.c_cancel.setVisible(True)
        self._form_keys["Escape"].setEnabled(True)
        self._form_ready(True, self.client_code)
        self.contact_watch.mark_clean()
        self.status.setText(f"Correcting the contact of {when_text(row['at'])}: change it, then save.")
        self.c_at.setFocus()

    def _save_correction(self, code: str, row: dict[str, Any], fields: dict[str, Any]) -> None:
        text = self.c_onward.text()
        if text.strip() == _onward_text(row).strip():
            del fields["onward"]  # unchanged: the saved referrals keep their dates and outcomes
        else:
            fields["onward"] = agencies(text)  # matched by agency to those already there
        ident = row["id"]

        def done(changed: list[str]) -> None:
            self._reselect_contact = ident
            self.reset_form()
            self.status.setText(
                f"Contact of {when_text(row['at'])} with {code} corrected."
                if changed
                else "Nothing to change."
            )
            self.contacts_view.setFocus()

        self.ctx.run(
            lambda vault: contacts.update_contact(vault, code, ident, **fields),
            on_done=done,
            on_error=self._failed,
            changes=[Area.OUTREACH],
        )

    def cancel_edit(self) -> None:
        if self.editing is not None:
            self.reset_form()
            self.status.setText("Correction cancelled: the contact is as it was.")
            self.contacts_view.setFocus()

    def delete_contact(self) -> None:
        row = self._chosen_contact()
        if row is None:
            return
        code, when = self.client_code, when_text(row["at"])
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
                self.reset_form()
            self.status.setText(f"Contact of {when} with {code} deleted.")
            self.contacts_view.setFocus()

        self.ctx.run(
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
            self.refresh()
