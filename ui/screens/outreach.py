"""Outreach screen for a worker on a small laptop: her clients with a contact form beside them,
what is due, a new-client form, and (for the coordinator) caseloads and figures.

A saved contact is corrected in the same form (double-click it, or Enter, or Edit) and deleted
after a question (Delete, or the button). The core decides who may: the screen only asks."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Any

from PySide6.QtCore import QDate, QDateTime, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from dv_forum.areas import Area
from dv_forum.lists import get_list
from dv_forum.outreach import clients, contacts, figures
from dv_forum.outreach.access import outreach_workers
from dv_forum.outreach.vocab import BARRIERS, CONTACT_TYPES, ISSUES, NOTES_MAX, SAFE_METHODS, SAFETY_PLAN
from dv_forum.vault.roles import Perm, allowed
from ui.screens import outreach_draft
from ui.screens.base import AppContext, Screen
from ui.screens.freedom import selected, table
from ui.screens.outreach_editing import ContactEditing, agencies, when_text
from ui.screens.outreach_models import CaseloadModel, ClientsModel, ContactsModel, DueModel
from ui.widgets.date_edit import DateEdit, first_problem
from ui.widgets.unsaved import FormWatch, ask_before_leaving


def checkboxes(names: tuple[str, ...], columns: int = 3) -> tuple[QWidget, dict[str, QCheckBox]]:
    box = QWidget()
    grid = QGridLayout(box)
    grid.setContentsMargins(0, 0, 0, 0)
    boxes = {}
    for i, name in enumerate(names):
        boxes[name] = QCheckBox(name)
        grid.addWidget(boxes[name], i // columns, i % columns)
    return box, boxes


class OutreachScreen(ContactEditing, Screen):
    title = "Outreach"
    nav_key = "outreach"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.sees_all = allowed(ctx.role, Perm.VIEW_ALL_OUTREACH)
        self.clients_model = ClientsModel(self)
        self.contacts_model = ContactsModel(self)
        self.due_model = DueModel(self)
        self.caseload_model = CaseloadModel(self)
        self.client_code = ""
        self.editing: dict[str, Any] | None = None  # the saved contact the form is correcting
        self._reselect_contact: int | None = None
        self.status = QLabel("")
        self.status.setObjectName("outreachStatus")
        self.status.setWordWrap(True)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._clients_tab(), "Clients" if self.sees_all else "My clients")
        self.tabs.addTab(self._due_tab(), "Due")
        self.tabs.addTab(self._new_client_tab(), "New client")
        self.tabs.addTab(self._caseload_tab(), "Caseload" if self.sees_all else "My caseload")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.tabs)
        layout.addWidget(self.status)

    # ----- building -----
    def _clients_tab(self) -> QWidget:
        split = QSplitter(Qt.Orientation.Horizontal)
        left = QWidget()
        lbox = QVBoxLayout(left)
        lbox.setContentsMargins(0, 0, 0, 0)
        self.clients_view = table(self.clients_model)
        self.clients_view.setColumnHidden(1, not self.sees_all)
        self.clients_view.selectionModel().selectionChanged.connect(lambda *_: self._client_chosen())
        lbox.addWidget(self.clients_view, 2)
        self.client_info = QLabel("")
        self.client_info.setWordWrap(True)
        lbox.addWidget(self.client_info)
        self.contacts_view = table(self.contacts_model, newest_first=True)
        self.contacts_view.setAccessibleName("Contacts with the chosen client")
        self.contacts_view.doubleClicked.connect(lambda _i: self.edit_contact())
        self.contacts_view.selectionModel().selectionChanged.connect(lambda *_: self._contact_buttons())
        for keys, fn in (
            ("Return", self.edit_contact),
            ("Enter", self.edit_contact),
            ("Delete", self.delete_contact),
        ):
            sc = QShortcut(QKeySequence(keys), self.contacts_view)
            sc.setContext(Qt.ShortcutContext.WidgetShortcut)
            sc.activated.connect(fn)
        lbox.addWidget(self.contacts_view, 1)
        row = QHBoxLayout()
        self.edit_button = QPushButton("Edit contact (Enter)")
        self.edit_button.setToolTip("Correct the chosen contact in the form (or double-click it)")
        self.edit_button.clicked.connect(self.edit_contact)
        self.delete_button = QPushButton("Delete contact (Delete)")
        self.delete_button.setToolTip("Delete the chosen contact, if it was entered in error")
        self.delete_button.clicked.connect(self.delete_contact)
        for b in (self.edit_button, self.delete_button):
            row.addWidget(b)
        row.addStretch(1)
        lbox.addLayout(row)
        self._contact_buttons()
        split.addWidget(left)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        holder = QWidget()
        hbox = QVBoxLayout(holder)
        self.form_hint = QLabel("Choose a client on the left to record a contact.")
        self.form_hint.setObjectName("hint")
        self.form_hint.setWordWrap(True)
        hbox.addWidget(self.form_hint)
        hbox.addWidget(self._contact_form())
        hbox.addStretch(1)  # the form keeps its natural height instead of spreading its rows
        scroll.setWidget(holder)
        split.addWidget(scroll)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        return split

    def _contact_form(self) -> QWidget:
        self.form_box = QGroupBox("New contact")
        form = QFormLayout(self.form_box)
        self.c_at = QDateTimeEdit(QDateTime.currentDateTime())
        self.c_at.setDisplayFormat("dd/MM/yyyy HH:mm")
        self.c_at.setCalendarPopup(True)
        self.c_type = QComboBox()
        self.c_type.addItems(list(CONTACT_TYPES))
        self.c_safe = QCheckBox("Safe to make this contact")
        self.c_safe.setChecked(True)
        self.c_duration = QSpinBox()
        self.c_duration.setRange(-1, 720)
        self.c_duration.setSpecialValueText("not recorded")
        self.c_duration.setSingleStep(5)
        self.c_duration.setSuffix(" min")
        self.c_duration.setValue(30)
        self.c_review = QCheckBox("Risk reviewed")
        self.c_dash = QSpinBox()
        self.c_dash.setRange(-1, 40)
        self.c_dash.setSpecialValueText("not redone")
        self.c_dash.setValue(-1)
        self.c_dash.setEnabled(False)
        self.c_review.toggled.connect(self.c_dash.setEnabled)
        self.c_incident = QCheckBox("New incident disclosed")
        self.c_plan = QComboBox()
        self.c_plan.addItems(list(SAFETY_PLAN))
        issues, self.c_issues = checkboxes(ISSUES)
        barriers, self.c_barriers = checkboxes(BARRIERS)
        self.c_onward = QLineEdit()
        self.c_onward.setPlaceholderText("agencies referred on to, separated by ; (optional)")
        self.c_onward.setMaxLength(250)
        self.c_next_set = QCheckBox("Next contact")
        self.c_next_set.setChecked(True)
        self.c_next = DateEdit(QDate.currentDate().addDays(7))
        self.c_next.setAccessibleName("next contact date")
        self.c_next_set.toggled.connect(self.c_next.setEnabled)
        self.c_notes = QPlainTextEdit()
        self.c_notes.setPlaceholderText(f"brief notes (up to {NOTES_MAX} characters)")
        self.c_notes.setMaximumHeight(80)
        self.c_notes.setTabChangesFocus(True)
        self.c_save = QPushButton("Save contact")
        self.c_save.setDefault(True)
        self.c_save.setToolTip("Save the contact (Ctrl+S)")
        self.c_save.clicked.connect(self.save_contact)
        self.c_cancel = QPushButton("Cancel correction (Esc)")
        self.c_cancel.setToolTip("Leave the saved contact as it was and empty the form")
        self.c_cancel.clicked.connect(self.cancel_edit)
        self.c_cancel.setVisible(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.c_save)
        buttons.addWidget(self.c_cancel)
        self.contact_watch = FormWatch(lambda: outreach_draft.contact_widgets(self), parent=self)
        buttons.addWidget(self.contact_watch.label)
        buttons.addStretch(1)
        self._form_keys = {}
        for keys, fn in (("Ctrl+S", self.save_contact), ("Escape", self.cancel_edit)):
            sc = QShortcut(QKeySequence(keys), self.form_box)
            sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            sc.activated.connect(fn)
            self._form_keys[keys] = sc
        self._form_keys["Escape"].setEnabled(False)  # only while correcting a contact
        review_row = QHBoxLayout()
        review_row.addWidget(self.c_review)
        review_row.addWidget(QLabel("DASH"))
        review_row.addWidget(self.c_dash)
        next_row = QHBoxLayout()
        next_row.addWidget(self.c_next_set)
        next_row.addWidget(self.c_next)
        for label, item in (
            ("When", self.c_at),
            ("Type", self.c_type),
            ("", self.c_safe),
            ("Duration", self.c_duration),
            ("Risk", review_row),
            ("", self.c_incident),
            ("Safety plan", self.c_plan),
            ("Issues", issues),
            ("Barriers met", barriers),
            ("Onward referrals", self.c_onward),
            ("", next_row),
            ("Notes", self.c_notes),
            ("", buttons),
        ):
            form.addRow(label, item)
        self._form_ready(False)
        return self.form_box

    def _form_ready(self, ready: bool, code: str = "") -> None:
        """Enable the contact form for a chosen client, or grey it out with a hint saying why."""
        self.form_box.setEnabled(ready)
        if self.editing is not None and ready:
            self.form_box.setTitle(f"Correct the contact of {when_text(self.editing['at'])} with {code}")
        else:
            self.form_box.setTitle(f"New contact with {code}" if ready else "New contact")
        self.form_hint.setVisible(not ready)

    def _due_tab(self) -> QWidget:
        page = QWidget()
        box = QVBoxLayout(page)
        self.due_view = table(self.due_model)
        self.due_view.doubleClicked.connect(lambda _i: self._open_due())
        box.addWidget(
            QLabel(
                "Follow-ups, first contacts and risk reviews due in the next week or overdue. "
                "Double-click to open the client."
            )
        )
        box.addWidget(self.due_view)
        return page

    def _new_client_tab(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.n_referred = DateEdit(QDate.currentDate())
        self.n_referred.setAccessibleName("referral date")
        self.n_source = QLineEdit()
        self.n_source.setMaxLength(60)
        self.n_locality = QComboBox()
        self.n_barriers_box, self.n_barriers = checkboxes(BARRIERS)
        self.n_method = QComboBox()
        self.n_method.addItems(["", *SAFE_METHODS])
        self.n_times = QLineEdit()
        self.n_times.setMaxLength(120)
        self.n_times.setPlaceholderText("e.g. weekdays 9-3, never evenings")
        self.n_case = QLineEdit()
        self.n_case.setPlaceholderText("optional case reference if also a MARAC case")
        self.n_worker = QComboBox()  # only the outreach workers the vault knows
        self.n_worker.setAccessibleName("Owning worker")
        self.n_worker.addItem("(you)", None)
        self.n_worker.setVisible(self.sees_all)
        add = QPushButton("Add client")
        add.clicked.connect(self.add_client)
        self.client_watch = FormWatch(lambda: outreach_draft.client_widgets(self), parent=self)
        add_row = QHBoxLayout()
        add_row.addWidget(add)
        add_row.addWidget(self.client_watch.label)
        add_row.addStretch(1)
        for label, w in (
            ("Referred", self.n_referred),
            ("Referred by", self.n_source),
            ("Locality", self.n_locality),
            ("Access barriers", self.n_barriers_box),
            ("Safe contact method", self.n_method),
            ("Safe times", self.n_times),
            ("Case", self.n_case),
            ("Worker" if self.sees_all else "", self.n_worker),
            ("", add_row),
        ):
            form.addRow(label, w)
        return page

    def _caseload_tab(self) -> QWidget:
        page = QWidget()
        box = QVBoxLayout(page)
        self.caseload_view = table(self.caseload_model)
        self.figures_label = QLabel("")
        self.figures_label.setWordWrap(True)
        box.addWidget(self.caseload_view, 1)
        box.addWidget(self.figures_label)
        return page

    # ----- loading -----
    def on_unlocked(self) -> None:
        self.refresh()

    reloads_on = frozenset({Area.OUTREACH, Area.SETTINGS})

    def reload(self) -> None:
        self.refresh()

    def refresh(self) -> None:
        def fetch(vault: Any) -> dict[str, Any]:
            due = figures.due(vault)
            every = figures.due(vault, horizon_days=3650)
            first_due: dict[str, Any] = {}
            for item in every:
                first_due.setdefault(item.client_code, item)
            rows = []
            for c in clients.list_clients(vault):
                row = asdict(c)
                nxt = first_due.get(c.code)
                row["next_due"] = f"{nxt.due_date} {nxt.kind}" if nxt else ""
                row["overdue"] = bool(nxt and nxt.overdue)
                rows.append(row)
            return {
                "clients": rows,
                "due": [d.as_dict() for d in due],
                "caseload": figures.caseload(vault),
                "first": figures.first_contact_times(vault),
                "localities": get_list(vault.conn, "locality"),
                "workers": outreach_workers(vault) if self.sees_all else [],
            }

        self.ctx.run(fetch, on_done=self._loaded)

    def _loaded(self, data: dict[str, Any]) -> None:
        self.clients_model.set_rows(data["clients"])
        self.due_model.set_rows(data["due"])
        self.caseload_model.set_rows(data["caseload"])
        f = data["first"]
        self.figures_label.setText(
            f"Days from referral to first contact: median {f['median_days']}, longest {f['max_days']}; "
            f"{f['not_yet_contacted']} referred but not yet contacted."
        )
        typed = self.client_watch.is_dirty()  # filling the lists is not the user's input
        if self.n_locality.count() == 0:
            self.n_locality.addItems(["", *data["localities"]])
        self._fill_workers(data["workers"])
        if not typed:
            self.client_watch.mark_clean()
        if self.client_code and not self.select_client(self.client_code):
            self._forget_client()  # closed, or no longer on this user's caseload

    def select_client(self, code: str) -> bool:
        for row in range(self.clients_model.rowCount()):
            if self.clients_model.row_data(row)["code"] == code:
                proxy = self.clients_view.model()
                index = proxy.mapFromSource(self.clients_model.index(row, 0))  # type: ignore[attr-defined]
                self.clients_view.selectRow(index.row())
                return True
        return False

    def _forget_client(self) -> None:
        self.client_code = ""
        self.contacts_model.clear()
        self.client_info.clear()
        self.reset_form()
        self._form_ready(False)
        self._contact_buttons()

    def _client_chosen(self) -> None:
        row = selected(self.clients_view, self.clients_model)
        if row is None:
            return
        code = row["code"]
        if code != self.client_code:
            if not self._contact_leave_ok():
                self.select_client(self.client_code)  # stay with the contact being typed
                return
            self.client_code = code
            self.reset_form()
        self._form_ready(True, code)
        barriers = ", ".join(row["barriers"]) or "none recorded"
        self.client_info.setText(
            f"{code}: referred {row['referral_date']} by {row['referral_source'] or '-'}; "
            f"{row['locality'] or 'locality not recorded'}. Safe contact: {row['safe_method'] or '-'}"
            f" ({row['safe_times'] or 'no times given'}). Barriers: {barriers}."
        )

        def fetch(vault: Any) -> list[dict[str, Any]]:
            out = []
            for c in contacts.contacts_for(vault, code):
                d = asdict(c)
                d["dash_text"] = (
                    ("DASH " + str(c.dash_score) if c.dash_score is not None else "yes")
                    if c.risk_review
                    else ""
                )
                out.append(d)
            return out

        self.ctx.run(fetch, on_done=self._contacts_loaded)

    def _open_due(self) -> None:
        row = selected(self.due_view, self.due_model)
        if row:
            self.tabs.setCurrentIndex(0)
            self.select_client(row["client_code"])
            self.c_type.setFocus()

    # ----- saving -----
    def contact_fields(self) -> dict[str, Any]:
        at: datetime = self.c_at.dateTime().toPython()  # type: ignore[assignment]
        onward = self.c_onward.text().strip()
        return {
            "at": at.replace(second=0, microsecond=0),
            "type": self.c_type.currentText(),
            "safe": self.c_safe.isChecked(),
            "duration_min": self.c_duration.value() if self.c_duration.value() >= 0 else None,
            "risk_review": self.c_review.isChecked(),
            "dash_score": self.c_dash.value()
            if self.c_review.isChecked() and self.c_dash.value() >= 0
            else None,
            "new_incident": self.c_incident.isChecked(),
            "safety_plan": self.c_plan.currentText(),
            "issues": [k for k, b in self.c_issues.items() if b.isChecked()],
            "barriers_met": [k for k, b in self.c_barriers.items() if b.isChecked()],
            "onward": [contacts.Onward(a, at.date().isoformat()) for a in agencies(onward)],
            "next_contact": self.c_next.value() if self.c_next_set.isChecked() else None,
            "notes": self.c_notes.toPlainText(),
        }

    def save_contact(self) -> bool:
        """Start saving the contact; False (with the reason shown) when it cannot be saved."""
        code = self.client_code
        if not code:
            self.status.setText("Choose a client first.")
            return False
        problem = first_problem(self.c_next) if self.c_next_set.isChecked() else ""
        if problem:
            self.status.setText(problem)
            return False
        fields = self.contact_fields()
        if self.editing is not None:
            self._save_correction(code, self.editing, fields)
            return True
        self.ctx.run(
            lambda vault: contacts.record_contact(vault, code, **fields),
            on_done=lambda _id: self._contact_saved(code),
            changes=[Area.OUTREACH],
        )
        return True

    def _contact_saved(self, code: str) -> None:
        self.reset_form()
        self.status.setText(f"Contact with {code} saved.")

    def reset_form(self) -> None:
        self.editing = None
        self.c_save.setText("Save contact")
        self.c_cancel.setVisible(False)
        self._form_keys["Escape"].setEnabled(False)
        if self.client_code:
            self._form_ready(True, self.client_code)
        self.c_at.setDateTime(QDateTime.currentDateTime())
        self.c_type.setCurrentIndex(0)
        self.c_safe.setChecked(True)
        self.c_duration.setValue(30)
        self.c_review.setChecked(False)
        self.c_dash.setValue(-1)
        self.c_incident.setChecked(False)
        self.c_plan.setCurrentIndex(0)
        for b in (*self.c_issues.values(), *self.c_barriers.values()):
            b.setChecked(False)
        self.c_onward.clear()
        self.c_next_set.setChecked(True)
        self.c_next.setDate(QDate.currentDate().addDays(7))
        self.c_notes.clear()
        self.contact_watch.mark_clean()

    def add_client(self) -> bool:
        """Start adding the client; False (with the reason shown) when the form cannot be saved."""
        referred = self.n_referred.value()
        if referred is None or self.n_referred.problem():
            self.status.setText(first_problem(self.n_referred) or "Enter the referral date.")
            return False
        details: dict[str, Any] = {
            "referral_source": self.n_source.text(),
            "locality": self.n_locality.currentText() or None,
            "barriers": [k for k, b in self.n_barriers.items() if b.isChecked()],
            "safe_method": self.n_method.currentText() or None,
            "safe_times": self.n_times.text(),
            "case": self.n_case.text() or None,
        }
        worker = self.n_worker.currentData()
        self.ctx.run(
            lambda vault: clients.add_client(vault, referred, worker=worker, **details),
            on_done=self._client_added,
            changes=[Area.OUTREACH],
        )
        return True

    def _fill_workers(self, names: list[str]) -> None:
        keep = self.n_worker.currentData()
        self.n_worker.clear()
        self.n_worker.addItem("(you)", None)
        for name in names:
            self.n_worker.addItem(name, name)
        self.n_worker.setCurrentIndex(max(0, self.n_worker.findData(keep)))

    def _client_added(self, code: str) -> None:
        for w in (self.n_source, self.n_times, self.n_case):
            w.clear()
        self.n_worker.setCurrentIndex(0)
        for b in self.n_barriers.values():
            b.setChecked(False)
        self.client_watch.mark_clean()
        self.client_code = code
        self.status.setText(f"Client {code} added.")
        self.select_client(code)
        self.tabs.setCurrentIndex(0)

    def _contact_leave_ok(self) -> bool:
        what = "the corrected contact" if self.editing is not None else f"the contact with {self.client_code}"
        return ask_before_leaving(
            self, self.contact_watch, "Unsaved contact", what, self.save_contact, self.reset_form
        )

    def leave_ok(self) -> bool:
        if not self._contact_leave_ok():
            return False
        return ask_before_leaving(
            self,
            self.client_watch,
            "Unsaved client",
            "the new client",
            self.add_client,
            self.client_watch.revert,
        )

    def draft(self) -> dict[str, Any] | None:
        return outreach_draft.draft(self)

    def restore_draft(self, content: dict[str, Any]) -> None:
        outreach_draft.restore(self, content)

    def clear(self) -> None:
        for model in (self.clients_model, self.contacts_model, self.due_model, self.caseload_model):
            model.clear()
        self.client_code = ""
        self.client_info.clear()
        self.figures_label.clear()
        self.status.clear()
        self.reset_form()
        self._form_ready(False)
        for w in (self.n_source, self.n_times, self.n_case):
            w.clear()
        self._fill_workers([])
