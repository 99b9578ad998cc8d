"""A saved referral is in the list, in its place and selected, as soon as the save returns: not
after the whole list (100,000 cases at county scale) has been read and sorted again."""

from __future__ import annotations

from PySide6.QtCore import Qt

from dv_forum.cases import referrals
from dv_forum.cases.linkage import Identity
from tests.ui.test_cases_screen import make, refs


def _selected(screen):
    rows = screen.table.selectionModel().selectedRows()
    return [screen.model.ref_at(i.row()) for i in rows]


def _fill(form, day: str, surname: str) -> None:
    form.inputs["referral_date"].setText(day)
    for part, value in (("surname", surname), ("forename", "Jo"), ("dob", "04/03/1980")):
        form.identity["victim"][part].setText(value)


def test_a_new_case_is_placed_and_selected_without_reading_the_list_again(qtbot, vault, monkeypatch):
    made = [
        referrals.create(vault, {"referral_date": day}, Identity(name, "Ann", "1980-01-01"))
        for day, name in (("2026-01-05", "Aa"), ("2026-03-05", "Bb"), ("2026-05-05", "Cc"))
    ]
    ctx, screen = make(qtbot, vault)
    screen.table.sortByColumn(1, Qt.SortOrder.DescendingOrder)
    assert refs(screen) == made[::-1]
    reads = []
    monkeypatch.setattr(screen, "reload", lambda: reads.append(1))  # the full reload, held back
    _fill(screen.form, "05/04/2026", "Dd")
    screen.form.save.click()
    assert not ctx.errors
    new = screen.saved_note.text().split()[2]
    assert refs(screen) == [made[2], new, made[1], made[0]]  # between May and March
    assert _selected(screen) == [new] and screen.count.text() == "4 of 4 cases"
    assert reads == [1]  # the full list is still read afterwards (other flags may have changed)


def test_an_edit_moves_the_case_and_leaves_no_copy(qtbot, vault, monkeypatch):
    made = [
        referrals.create(vault, {"referral_date": day}, Identity(name, "Ann", "1980-01-01"))
        for day, name in (("2026-01-05", "Aa"), ("2026-03-05", "Bb"))
    ]
    ctx, screen = make(qtbot, vault)
    screen.table.sortByColumn(1, Qt.SortOrder.DescendingOrder)
    monkeypatch.setattr(screen, "reload", lambda: None)
    screen.form.load(referrals.get(vault, made[0]))
    screen.form.inputs["referral_date"].setText("01/06/2026")
    screen.form.save.click()
    assert not ctx.errors
    assert refs(screen) == [made[0], made[1]] and _selected(screen) == [made[0]]
