"""One date box everywhere: typed UK and ISO dates are taken as typed, anything else is an error
shown beside the box, and the calendar opens on the box's date (or today when empty)."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QStackedWidget, QTabWidget

from dv_forum.outreach import clients, contacts
from tests.ui.test_outreach_screen import make as make_outreach
from tests.ui.test_outreach_screen import team  # noqa: F401  (fixture)


def reveal(widget) -> None:
    """Bring the tab or page holding the widget to the front."""
    child, parent = widget, widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QTabWidget) and parent.indexOf(child) >= 0:
            parent.setCurrentWidget(child)
        elif isinstance(parent, QStackedWidget) and parent.indexOf(child) >= 0:
            parent.setCurrentWidget(child)
        child, parent = parent, parent.parentWidget()


def type_into(qtbot, widget, text: str) -> None:
    """What a person does: click in the box, select what is there, type."""
    reveal(widget)
    widget.window().show()
    qtbot.waitExposed(widget.window())
    widget.window().activateWindow()
    widget.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    target = QApplication.focusWidget()
    qtbot.keyClick(target, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(target, text)
    qtbot.keyClick(target, Qt.Key.Key_Tab)


@pytest.mark.parametrize("text", ["31/12/2026", "31/12/26", "2026-12-31", " 31.12.2026 "])
def test_typed_uk_and_iso_dates_are_taken(qtbot, text):
    from ui.widgets.date_edit import DateEdit

    edit = DateEdit(date(2026, 1, 5))
    qtbot.addWidget(edit)
    type_into(qtbot, edit, text.strip())
    assert edit.value() == date(2026, 12, 31) and edit.problem() == ""
    assert edit.text() == "31/12/2026"


@pytest.mark.parametrize("text", ["31/13/2026", "30/02/2026", "tomorrow", "2026/12"])
def test_anything_else_is_an_error_and_the_date_is_not_replaced(qtbot, text):
    from ui.widgets.date_edit import DateEdit, first_problem

    edit = DateEdit(date(2026, 1, 5))
    edit.setAccessibleName("next contact date")
    qtbot.addWidget(edit)
    type_into(qtbot, edit, text)
    assert edit.problem() and "31/12/2026" in edit.problem()
    assert edit.text() == text  # what was typed stays for the user to correct
    assert first_problem(edit).startswith("The next contact date is not a date")


def test_calendar_opens_on_the_date_or_today(qtbot):
    from ui.widgets.date_edit import DateEdit

    edit = DateEdit(date(2026, 12, 16))
    qtbot.addWidget(edit)
    edit.button.menu().aboutToShow.emit()
    assert (edit.calendar.yearShown(), edit.calendar.monthShown()) == (2026, 12)
    assert edit.calendar.selectedDate() == QDate(2026, 12, 16)
    empty = DateEdit(optional=True)
    qtbot.addWidget(empty)
    empty.button.menu().aboutToShow.emit()
    today = QDate.currentDate()
    assert (empty.calendar.yearShown(), empty.calendar.monthShown()) == (today.year(), today.month())
    empty.calendar.clicked.emit(QDate(2027, 2, 3))
    assert empty.value() == date(2027, 2, 3)


def test_outreach_next_contact_keeps_the_typed_date(qtbot, team):  # noqa: F811
    _, ann, mine, _ = team
    ctx, screen = make_outreach(qtbot, ann)
    screen.clients_view.selectRow(0)
    type_into(qtbot, screen.contacts.form.c_next, "16/12/2026")
    screen.contacts.save()
    assert ctx.errors == []
    assert contacts.contacts_for(ann, mine)[0].next_contact == "2026-12-16"


def test_outreach_bad_date_is_refused_with_a_reason(qtbot, team):  # noqa: F811
    _, ann, mine, _ = team
    ctx, screen = make_outreach(qtbot, ann)
    screen.clients_view.selectRow(0)
    before = len(contacts.contacts_for(ann, mine))
    type_into(qtbot, screen.contacts.form.c_next, "31/02/2026")
    screen.contacts.save()
    assert len(contacts.contacts_for(ann, mine)) == before
    assert "not a date" in screen.status.text()


def test_cases_from_filter_takes_a_typed_date(qtbot, vault):
    from tests.ui.test_cases_screen import make, seed

    seed(vault)
    _, screen = make(qtbot, vault)
    type_into(qtbot, screen.filters.date_from, "01/03/2026")
    assert screen.current_filter().date_from == "2026-03-01"
    type_into(qtbot, screen.filters.date_from, "2026-04-02")
    assert screen.current_filter().date_from == "2026-04-02"


def test_new_client_referral_date_typed(qtbot, team):  # noqa: F811
    coord, *_ = team
    ctx, screen = make_outreach(qtbot, coord)
    type_into(qtbot, screen.new_client.n_referred, "03/11/26")
    screen.new_client.add()
    assert ctx.errors == []
    assert any(c.referral_date == "2026-11-03" for c in clients.list_clients(coord))
