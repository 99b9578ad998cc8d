"""Outreach screen for a worker on a small laptop: her clients with their contacts and the
contact form beside them, what is due, a new-client form, and (for the coordinator) caseloads
and figures. The core decides who may see and change what: the screen only asks."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QScrollArea, QSplitter, QTabWidget, QVBoxLayout, QWidget

from dv_forum.areas import Area
from dv_forum.dates import shown
from dv_forum.lists import get_list
from dv_forum.outreach import clients, figures
from dv_forum.outreach.access import outreach_workers
from dv_forum.vault.roles import Perm, allowed
from ui.screens.base import AppContext, Screen
from ui.screens.outreach.contacts_panel import ContactsPanel
from ui.screens.outreach.models import CaseloadModel, ClientsModel, DueModel
from ui.screens.outreach.new_client import NewClientPanel
from ui.widgets.list_columns import ListColumns
from ui.widgets.list_export import ListExport, place_under
from ui.widgets.tables import selected, table


def _client_rows(vault: Any) -> list[dict[str, Any]]:
    first_due: dict[str, Any] = {}
    for item in figures.due(vault, horizon_days=3650):
        first_due.setdefault(item.client_code, item)
    rows = []
    for c in clients.list_clients(vault):
        row = asdict(c)
        nxt = first_due.get(c.code)
        row["next_due"] = f"{shown(nxt.due_date)} {nxt.kind}" if nxt else ""
        if nxt and nxt.overdue:
            row["next_due"] += " (overdue)"  # the red is never the only sign
        row["overdue"] = bool(nxt and nxt.overdue)
        rows.append(row)
    return rows


def _client_text(row: dict[str, Any]) -> str:
    barriers = ", ".join(row["barriers"]) or "none recorded"
    return (
        f"{row['code']}: referred {shown(row['referral_date'])} by {row['referral_source'] or '-'}; "
        f"{row['locality'] or 'locality not recorded'}. Safe contact: {row['safe_method'] or '-'}"
        f" ({row['safe_times'] or 'no times given'}). Barriers: {barriers}."
    )


class OutreachScreen(Screen):
    title = "Outreach"
    nav_key = "outreach"
    reloads_on = frozenset({Area.OUTREACH, Area.SETTINGS})

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.sees_all = allowed(ctx.role, Perm.VIEW_ALL_OUTREACH)
        self.clients_model = ClientsModel(self)
        self.due_model = DueModel(self)
        self.caseload_model = CaseloadModel(self)
        self.client_code = ""
        self.status = QLabel("")
        self.status.setObjectName("outreachStatus")
        self.status.setWordWrap(True)
        self.contacts = ContactsPanel(self)
        self.new_client = NewClientPanel(self, self.sees_all, self._client_added)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._clients_tab(), "Clients" if self.sees_all else "My clients")
        self.tabs.addTab(self._due_tab(), "Due")
        self.tabs.addTab(self.new_client, "New client")
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
        self.clients_view = table(self.clients_model, name="Clients")
        self.clients_columns = ListColumns(self.clients_view, "outreach-clients")
        self.clients_view.setColumnHidden(1, not self.sees_all)
        self.clients_view.selectionModel().selectionChanged.connect(lambda *_: self._client_chosen())
        lbox.addWidget(self.clients_view, 2)
        self.clients_export = ListExport(self, self.clients_view, "Outreach clients")
        buttons = QWidget()
        row = QHBoxLayout(buttons)
        row.setContentsMargins(0, 0, 0, 0)
        row.addStretch(1)
        row.addWidget(self.clients_columns.button)
        row.addWidget(self.clients_export.button)
        lbox.addWidget(buttons)
        self.client_info = QLabel("")
        self.client_info.setWordWrap(True)
        lbox.addWidget(self.client_info)
        lbox.addWidget(self.contacts, 1)
        split.addWidget(left)
        scroll = QScrollArea()
        scroll.setAccessibleName("Contact form")
        scroll.setWidgetResizable(True)
        holder = QWidget()
        hbox = QVBoxLayout(holder)
        hbox.addWidget(self.contacts.hint)
        hbox.addWidget(self.contacts.form)
        hbox.addStretch(1)  # the form keeps its natural height instead of spreading its rows
        scroll.setWidget(holder)
        split.addWidget(scroll)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        return split

    def _due_tab(self) -> QWidget:
        page = QWidget()
        box = QVBoxLayout(page)
        self.due_view = table(self.due_model, name="Due list")
        self.due_view.doubleClicked.connect(lambda _i: self._open_due())
        box.addWidget(
            QLabel(
                "Follow-ups, first contacts and risk reviews due in the next week or overdue. "
                "Double-click to open the client."
            )
        )
        box.addWidget(self.due_view)
        self.due_export = ListExport(self, self.due_view, "Outreach due list")
        place_under(self.due_view, self.due_export.button)
        return page

    def _caseload_tab(self) -> QWidget:
        page = QWidget()
        box = QVBoxLayout(page)
        self.caseload_view = table(self.caseload_model, name="Caseload")
        self.figures_label = QLabel("")
        self.figures_label.setWordWrap(True)
        box.addWidget(self.caseload_view, 1)
        box.addWidget(self.figures_label)
        return page

    # ----- loading -----
    def on_unlocked(self) -> None:
        self.refresh()

    def reload(self) -> None:
        self.refresh()

    def refresh(self) -> None:
        sees_all = self.sees_all

        def fetch(vault: Any) -> dict[str, Any]:
            return {
                "clients": _client_rows(vault),
                "due": [d.as_dict() for d in figures.due(vault)],
                "caseload": figures.caseload(vault),
                "first": figures.first_contact_times(vault),
                "localities": get_list(vault.conn, "locality"),
                "workers": outreach_workers(vault) if sees_all else [],
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
        self.new_client.set_lists(data["localities"], data["workers"])
        if self.client_code and not self.select_client(self.client_code):
            self._forget_client()  # closed, or no longer on this user's caseload

    def show_view(self, view: str) -> None:
        if view == "due":
            self.tabs.setCurrentIndex(1)

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
        self.client_info.clear()
        self.contacts.clear()

    def _client_chosen(self) -> None:
        row = selected(self.clients_view, self.clients_model)
        if row is None:
            return
        code = row["code"]
        if code != self.client_code:
            if not self.contacts.leave_ok():
                self.select_client(self.client_code)  # stay with the contact being typed
                return
            self.client_code = code
            self.contacts.reset()
            self.contacts.form.prefer(row.get("safe_method"))
        self.contacts.set_ready(True)
        self.client_info.setText(_client_text(row))
        self.contacts.load(code)

    def _open_due(self) -> None:
        row = selected(self.due_view, self.due_model)
        if row:
            self.tabs.setCurrentIndex(0)
            self.select_client(row["client_code"])
            self.contacts.form.c_type.setFocus()

    def _client_added(self, code: str) -> None:
        self.client_code = code
        self.status.setText(f"Client {code} added.")
        self.select_client(code)
        self.tabs.setCurrentIndex(0)

    # ----- Screen contract -----
    def forms(self) -> dict[str, Any]:
        return {"contact": self.contacts, "client": self.new_client}

    def clear(self) -> None:
        for model in (self.clients_model, self.due_model, self.caseload_model):
            model.clear()
        self.client_code = ""
        self.client_info.clear()
        self.figures_label.clear()
        self.status.clear()
        self.contacts.clear()
        self.new_client.clear()
