"""High contrast: asked for (flag, DV_FORUM_HIGH_CONTRAST=1) it turns the window white on black, and
every colour the screens use to mean something stays readable (WCAG 1.4.3: 4.5:1) in both looks."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from ui import style
from ui.launch import parse_args

BACKGROUND_TONES = {name for name in style.TONES if name.endswith("_bg")}


def _luminance(hex_colour: str) -> float:
    def channel(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    colour = QColor(hex_colour)
    return 0.2126 * channel(colour.red()) + 0.7152 * channel(colour.green()) + 0.0722 * channel(colour.blue())


def _ratio(a: str, b: str) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@pytest.fixture
def look(qapp: QApplication):
    yield qapp
    style.apply_look(qapp, high_contrast=False)
    qapp.setPalette(qapp.style().standardPalette())


@pytest.mark.parametrize(
    ("high", "page", "text"), [(False, "#ffffff", "#000000"), (True, "#000000", "#ffffff")]
)
def test_every_tone_is_readable_in_its_look(high, page, text):
    for name, pair in style.TONES.items():
        colour = pair[1] if high else pair[0]
        # A text colour is read on the page; a background tint has the look's text read on it.
        against = text if name in BACKGROUND_TONES else page
        assert _ratio(colour, against) >= 4.5, (name, colour, against)


def test_the_flag_and_the_variable_turn_it_on(look, monkeypatch):
    assert parse_args(["--high-contrast"]).high_contrast
    monkeypatch.delenv("DV_FORUM_HIGH_CONTRAST", raising=False)
    assert style.apply_look(look, high_contrast=False) is False
    assert style.tone("danger") == style.TONES["danger"][0]
    monkeypatch.setenv("DV_FORUM_HIGH_CONTRAST", "1")
    assert style.apply_look(look) is True
    palette = look.palette()
    assert palette.color(QPalette.ColorRole.Window).name() == "#000000"
    assert palette.color(QPalette.ColorRole.WindowText).name() == "#ffffff"
    assert style.tone("danger") == style.TONES["danger"][1]
    # None of the normal look's light backgrounds is painted over the black.
    assert "#f6f7f9" not in look.styleSheet() and "palette(highlight)" in look.styleSheet()


def test_a_repeat_row_is_dark_with_white_text_in_high_contrast(look, monkeypatch):
    from ui.screens.cases.models import CasesModel

    monkeypatch.setenv("DV_FORUM_HIGH_CONTRAST", "1")
    style.apply_look(look)
    model = CasesModel()
    row = ("X-1", "2026-01-02", None, "Coalville", "AB", 30, 15, "high", 1, None, "open", "Police")
    model.set_rows([row])
    from PySide6.QtCore import Qt

    tint = model.data(model.index(0, 0), Qt.ItemDataRole.BackgroundRole)
    assert _ratio(tint.name(), "#ffffff") >= 4.5
