"""Cases screen: list, filters, sorting, the repeat banner, the form with live validation and DASH
score, possible-match review; the model passes qtmodeltester; clear() drops every case."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import Qt

from dv_forum.areas import Area
from dv_forum.cases import case_list, referrals
from dv_forum.cases.linkage import Identity
from tests.ui.screen_ctx import SyncContext


def seed(vault):
    v = Identity("Smith", "Jane", "04/03/1980")
    p = Identity("Brown", "Mark", "1975-01-02")
    a = referrals.create(
        vault, {"referral_date": "2024-02-29", "area": "Coalville", "dash_score": "15"}, v, p
    )
    b = referrals.create(
        vault, {"referral_date": "2025-02-28", "area": "Greenhill", "dash_score": "11"}, v, p
    )
    c = referrals.create(
        vault,
        {"referral_date": "2025-03-01", "area": "Measham", "status": "closed"},
        Identity("Sharp", "Joan", "1980-03-04"),
        None,
    )
    return a, b, c


def make(qtbot, vault):
    from ui.screens.cases import CasesScreen

    ctx = SyncContext(vault)
    screen = CasesScreen(ctx)
    ctx.screens.append(screen)
    qtbot.addWidget(screen)
    screen.on_unlocked()
    return ctx, screen


def refs(screen):
    return [screen.model.ref_at(r) for r in range(screen.model.rowCount())]


def test_list_filters_sort_and_banner(qtbot, qtmodeltester, vault):
    a, b, c = seed(vault)
    _, screen = make(qtbot, vault)
    qtmodeltester.check(screen.model)
    assert refs(screen) == [c, b, a]  # newest referral first
    screen.filters.repeat.setCurrentText("repeats")
    assert refs(screen) == [b]
    screen.filters.repeat.setCurrentText("(any)")
    screen.filters.area.setCurrentText("Measham")
    assert refs(screen) == [c]
    screen.filters.area.setCurrentText("(any)")
    screen.filters.band.setCurrentText("high")
    assert refs(screen) == [a]
    screen.filters.band.setCurrentText("(any)")
    screen.filters.status.setCurrentText("closed")
    assert refs(screen) == [c]
    screen.filters.status.setCurrentText("(any)")
    screen.filters.date_from.setDate(screen.filters.date_from.date().fromString("2025-01-01", "yyyy-MM-dd"))
    assert refs(screen) == [c, b]
    screen.filters.search.setText("greenhill")
    assert refs(screen) == [b]
    screen.filters.search.clear()
    screen.table.sortByColumn(1, Qt.SortOrder.AscendingOrder)
    assert refs(screen) == [b, c]
    qtmodeltester.check(screen.model)
    # The banner says why.
    screen.open_case(b)
    assert screen.banner.isVisibleTo(screen)
    assert f"case {a}" in screen.banner.text() and "pair/referral/12m/any" in screen.banner.text()
    screen.open_case(a)
    assert not screen.banner.isVisibleTo(screen)
    actions = [r[0] for r in vault.conn.execute("SELECT action FROM audit")]
    assert "case.view" in actions and "case.list" in actions
    screen.clear()
    assert screen.model.rowCount() == 0 and screen.detail.toPlainText() == ""


def test_form_validates_as_you_type_and_saves(qtbot, vault):
    ctx, screen = make(qtbot, vault)
    form = screen.form
    assert form.problems.text() == ""  # nothing typed yet: nothing is wrong yet
    form.inputs["referral_date"].setText("31/02/2025")
    assert "Referral date: not a date" in form.problems.text()
    form.inputs["referral_date"].setText("10/01/2025")
    form.identity["victim"]["surname"].setText("Smith")
    assert "Victim forename" in form.problems.text()
    form.identity["victim"]["forename"].setText("Jane")
    form.identity["victim"]["dob"].setText("04/03/1980")
    form.inputs["victim_age"].setText("300")
    assert not form.save.isEnabled()
    form.inputs["victim_age"].setText("44")
    form.combos["area"].setCurrentText("Whitwick")
    boxes = list(form.checklist.boxes.values())
    for box in boxes[:14]:
        box.setCurrentText("Yes")
    boxes[14].setCurrentText("Don't know")
    assert form.checklist.score_label.text().startswith("Score 14 of 24: high")
    form.instrument.setCurrentIndex(form.instrument.findData("police-27"))
    assert form.checklist.inst.id == "police-27" and form.checklist.answers() is None
    form.instrument.setCurrentIndex(form.instrument.findData("safelives-24"))
    assert form.save.isEnabled(), form.problems.text()
    form.save.click()
    assert ctx.errors == []
    assert form.identity["victim"]["surname"].text() == ""  # dropped after saving
    cases = case_list.list_cases(vault)
    assert len(cases) == 1 and cases[0]["risk_band"] == "high" and cases[0]["area"] == "Whitwick"
    assert screen.model.rowCount() == 1
    # Edit: load, change, save.
    screen._edit_loaded(referrals.get(vault, cases[0]["case_ref"]))
    assert form.editing == cases[0]["case_ref"] and form.save.isEnabled(), form.problems.text()
    form.inputs["idva"].setText("IDVA 2")
    form.save.click()
    assert ctx.errors == []
    assert referrals.get(vault, cases[0]["case_ref"])["idva"] == "IDVA 2"


def test_empty_form_shows_problems_only_when_touched_or_saved(qtbot, vault):
    _, screen = make(qtbot, vault)
    form = screen.form
    assert form.problems.text() == "" and form.save.isEnabled()
    form.inputs["victim_age"].setText("300")  # touched: its problem shows, untouched ones do not
    assert form.problems.text().startswith("Victim age:")
    assert "Referral date" not in form.problems.text()
    assert not form.save.isEnabled()
    form.inputs["victim_age"].clear()
    form.save.click()  # Save shows every problem, each once
    lines = form.problems.text().splitlines()
    assert "Referral date: required" in lines and len(lines) == len(set(lines))
    assert any(line.startswith("Victim:") for line in lines)
    assert "color" in form.labels["referral_date"].styleSheet()
    form.reset()  # a fresh form starts clean again
    assert form.problems.text() == ""
    assert form.flags["bame"].text() == "BAME" and form.flags["lgbt"].text() == "LGBT"


def test_detail_pane_uses_readable_labels(qtbot, vault):
    a, _, _ = seed(vault)
    _, screen = make(qtbot, vault)
    screen.open_case(a)
    text = screen.detail.toPlainText()
    for label in ("Case reference", "Referral date", "Locality", "DASH score"):
        assert label in text
    for raw in ("perp under18", "dash instrument", "bame", "case ref", "pj reason"):
        assert raw not in text
    from ui.screens.cases.details import detail_rows

    rows = dict(
        detail_rows(
            {
                "perp_under18": False,
                "bame": True,
                "lgbt": False,
                "pj_reason": "worried",
                "dash_instrument": "safelives-24",
                "criteria": ["visible_high_risk"],
            }
        )
    )
    assert rows["Perpetrator under 18"] == "No" and rows["BAME"] == "Yes" and rows["LGBT"] == "No"
    assert rows["Professional judgement reason"] == "worried"
    assert rows["Referral criteria"] == "Visible high risk"
    assert rows["DASH instrument"] != "safelives-24"  # the instrument's name, not its id


def test_possible_match_review(qtbot, vault):
    a, b, c = seed(vault)
    _, screen = make(qtbot, vault)
    assert screen.matches.match_list.count() == 1  # Smith Jane ~ Sharp Joan: same dob and initials
    screen.matches.match_list.setCurrentRow(0)
    table = screen.matches.side_by_side  # the pair's cases side by side, to compare before deciding
    labels = [table.item(r, 0).text() for r in range(table.rowCount())]
    assert labels == ["Cases", "Referred", "Victim's initials", "Age recorded", "Locality", "Referred by"]
    assert (
        table.item(0, 1).text()
        and table.item(0, 2).text()
        and table.item(0, 1).text() != table.item(0, 2).text()
    )
    screen.matches.reject_button.click()
    assert screen.matches.match_list.count() == 0


def test_chair_sees_no_form(qtbot, vault_factory):
    seed(vault_factory())
    chair = vault_factory(role="chair")
    _, screen = make(qtbot, chair)
    assert screen.tabs.count() == 1 and screen.model.rowCount() == 0  # none heard yet


@pytest.mark.timing
def test_large_list_is_quick(qtbot, qtmodeltester):
    from ui.screens.cases.models import CaseFilter, CasesModel

    model = CasesModel()
    rows = [
        (
            f"NWL-2025-{i:06d}",
            f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}",
            None,
            ("Coalville", "Measham")[i % 2],
            "AB",
            30,
            i % 25,
            ("standard", "high")[i % 2],
            i % 3 == 0,
            None,
            "open",
            "Police",
        )
        for i in range(100_000)
    ]
    started = time.perf_counter()
    model.set_rows(rows)
    loaded = time.perf_counter()
    for typed in ("n", "nw", "nwl-2025-09", "nwl-2025-099"):
        model.set_filter(CaseFilter(text=typed))
    per_key = (time.perf_counter() - loaded) / 4
    model.set_filter(CaseFilter(area="Measham", repeat=True))
    model.sort(6, Qt.SortOrder.DescendingOrder)
    model.set_filter(CaseFilter(text="nwl-2025-0999"))
    elapsed = time.perf_counter() - started
    assert model.rowCount() == 100
    print(f"100k rows: load+filters {elapsed:.2f}s, per keystroke {per_key * 1000:.0f} ms")
    assert elapsed < 3 and per_key < 0.3


class DeferredContext(SyncContext):
    """Queues ctx.run jobs, as the DB worker thread does, until the test runs them in order."""

    def __init__(self, vault):
        super().__init__(vault)
        self.queue = []

    def run(self, fn, on_done=None, on_error=None, changes=()):
        self.queue.append((fn, on_done, on_error, changes))

    def run_next(self):
        SyncContext.run(self, *self.queue.pop(0))

    def run_all(self):
        while self.queue:
            self.run_next()


def make_deferred(qtbot, vault, monkeypatch, page=2):
    from ui.screens.cases import screen as cases

    monkeypatch.setattr(cases, "FIRST_PAGE", page)
    ctx = DeferredContext(vault)
    screen = cases.CasesScreen(ctx)
    ctx.screens.append(screen)
    qtbot.addWidget(screen)
    screen.on_unlocked()
    return ctx, screen


def test_first_page_shows_before_the_full_list(qtbot, qtmodeltester, vault, monkeypatch):
    a, b, c = seed(vault)
    ctx, screen = make_deferred(qtbot, vault, monkeypatch)
    assert "Loading all cases..." in screen.count.text()
    ctx.run_next()  # the quick first job only
    assert refs(screen) == [c, b]  # the newest page is on screen while the rest still loads
    assert screen.loading and "Loading all cases..." in screen.count.text()
    qtmodeltester.check(screen.model)
    ctx.run_all()
    assert refs(screen) == [c, b, a]  # the full list replaces the page: no row twice
    assert not screen.loading and screen.count.text() == "3 of 3 cases"
    qtmodeltester.check(screen.model)


def test_filter_and_sort_set_early_apply_to_the_full_list(qtbot, vault, monkeypatch):
    a, b, c = seed(vault)
    ctx, screen = make_deferred(qtbot, vault, monkeypatch)
    ctx.run_next()
    screen.filters.search.setText("coalville")  # only the oldest case, not in the first page
    assert refs(screen) == [] and "Loading all cases..." in screen.count.text()
    ctx.run_all()
    assert refs(screen) == [a] and screen.count.text() == "1 of 3 cases"
    screen.filters.search.clear()
    assert refs(screen) == [c, b, a]

    ctx2, screen2 = make_deferred(qtbot, vault, monkeypatch)
    ctx2.run_next()
    screen2.table.sortByColumn(1, Qt.SortOrder.AscendingOrder)  # oldest first, while loading
    assert refs(screen2) == [b, c]
    ctx2.run_all()
    assert refs(screen2) == [a, b, c]


def test_reload_after_a_change_keeps_the_full_list_and_never_duplicates(qtbot, vault, monkeypatch):
    a, b, c = seed(vault)
    ctx, screen = make_deferred(qtbot, vault, monkeypatch)
    ctx.run_all()
    screen.on_changed(frozenset({Area.CASES}))
    ctx.run_next()  # the first job of a reload: the lists only, the full list stays
    assert refs(screen) == [c, b, a] and not screen.loading
    ctx.run_all()
    assert refs(screen) == [c, b, a]
    # Two reloads queued at once (unlock, then a change): each row still shows once.
    screen.on_changed(frozenset({Area.CASES}))
    screen.on_changed(frozenset({Area.CASES}))
    ctx.run_all()
    assert refs(screen) == [c, b, a]


def test_lock_while_loading_shows_nothing_late(qtbot, vault, monkeypatch):
    seed(vault)
    ctx, screen = make_deferred(qtbot, vault, monkeypatch)
    ctx.run_next()
    assert screen.model.rowCount() == 2
    screen.clear()  # locked before the full list arrived
    ctx.run_all()
    assert screen.model.rowCount() == 0 and not screen.loading


def test_arrow_keys_show_each_case_as_a_click_does(qtbot, vault):
    seed(vault)
    _, screen = make(qtbot, vault)
    screen.table.setFocus()
    screen.table.selectRow(0)
    first = refs(screen)[0]
    assert first in screen.detail.toPlainText()
    qtbot.keyClick(screen.table, Qt.Key.Key_Down)
    second = refs(screen)[1]
    assert second in screen.detail.toPlainText() and first not in screen.detail.toPlainText()
