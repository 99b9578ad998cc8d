"""A small, calm stylesheet. Sizes in points/em so the layout holds at 200% scaling.

Focus stays visible (WCAG 2.4.7): a rule that replaces Fusion's own drawing (the navigation's
outline, the default button's border, the toolbar's buttons) has a :focus rule of its own."""

STYLESHEET = """
QMainWindow, QWizard, QDialog { background: #f6f7f9; }
QToolBar { background: #23324a; border: none; spacing: 6px; padding: 4px; }
QToolBar QToolButton { color: white; padding: 4px 10px; border-radius: 4px; }
QToolBar QToolButton:hover, QToolBar QToolButton:focus { background: #38507a; }
QToolBar QToolButton:disabled { color: #7d8aa3; }
QToolBar QToolButton#quickExit { background: #b3261e; font-weight: bold; }
QToolBar QToolButton#quickExit:hover, QToolBar QToolButton#quickExit:focus { background: #d13a30; }
QToolBar QLabel#toolbarUser { color: #dfe6f2; padding: 0 8px; }
QListWidget#nav { background: #ffffff; border: none; border-right: 1px solid #d9dde4;
                  font-size: 11pt; outline: none; }
QListWidget#nav:focus { border: 2px solid #2f5ea8; }
QListWidget#nav::item { padding: 8px 14px; }
QListWidget#nav::item:selected { background: #dbe6f7; color: #10243f;
                                  border-left: 3px solid #2f5ea8; }
QLabel#screenTitle { font-size: 16pt; font-weight: 600; color: #10243f; }
QLabel#emptyState { color: #667085; font-size: 12pt; }
QLabel#hint { color: #475467; }
QLabel#error { color: #b3261e; font-weight: 600; }
QLabel#ok { color: #1f7a3d; }
QLabel#banner { background: #fff4d6; border: 1px solid #e9c46a; border-radius: 4px; padding: 6px; }
QFrame#card { background: #ffffff; border: 1px solid #d9dde4; border-radius: 6px; }
QLabel#card { padding: 8px; }
QFrame#unlockCard { background: #ffffff; border: 1px solid #d9dde4; border-radius: 8px; }
QLabel#cardValue { font-size: 15pt; font-weight: 600; color: #10243f; }
QLabel#recoveryKey { font-family: monospace; font-size: 13pt; background: #ffffff;
                     border: 1px dashed #98a2b3; padding: 8px; }
QPushButton { padding: 5px 14px; }
QPushButton:default { background: #2f5ea8; color: white; border: 1px solid #23487f;
                      border-radius: 4px; }
QPushButton:default:focus { border: 2px solid #10243f; background: #23487f; }
QPushButton:default:disabled { background: #98a2b3; border-color: #98a2b3; }
QLineEdit { padding: 4px; }
"""

# For people who need high contrast: no colour of our own (the stylesheet above paints light
# backgrounds that would put a dark theme's white text on white); sizes and strong focus borders
# only, over a black-and-white palette with yellow for selection and focus.
HIGH_CONTRAST_STYLESHEET = """
QListWidget#nav { font-size: 11pt; }
QListWidget#nav::item { padding: 8px 14px; }
QLabel#screenTitle { font-size: 16pt; font-weight: 600; }
QLabel#cardValue { font-size: 15pt; font-weight: 600; }
QLabel#error { font-weight: 600; text-decoration: underline; }
QLabel#recoveryKey { font-family: monospace; font-size: 13pt; border: 1px dashed palette(text); padding: 8px; }
QPushButton { padding: 5px 14px; border: 1px solid palette(text); }
QLineEdit { padding: 4px; }
QLineEdit, QComboBox, QPlainTextEdit, QTextEdit, QSpinBox, QDateTimeEdit, QAbstractItemView {
    border: 1px solid palette(text); }
QCheckBox::indicator, QRadioButton::indicator { width: 14px; height: 14px; border: 2px solid palette(text); }
QCheckBox::indicator:checked, QRadioButton::indicator:checked { background: palette(highlight); }
*:focus { border: 3px solid palette(highlight); }
QToolBar QLabel#toolbarUser { padding: 0 8px; }
"""


# Colours with a meaning, as (normal, high contrast): the normal ones are dark on light, the high
# contrast ones light on black. Screens ask tone(NAME) so a high-contrast window never shows dark
# red on black or white text on a pale tint.
TONES: dict[str, tuple[str, str]] = {
    "danger": ("#a40000", "#ff8a80"),
    "overdue": ("#b00020", "#ff8a80"),
    "muted": ("#6b7280", "#c0c0c0"),
    "repeat_bg": ("#fff4ce", "#4a3b00"),
    "banner_border": ("#7a6000", "#ffff00"),
    "present": ("#1b6e20", "#7cfc00"),
    "apologies": ("#8a5a00", "#ffd700"),
    "absent": ("#b00020", "#ff8a80"),
    "scheduled": ("#1f5fa8", "#80d8ff"),
    "held": ("#9a5b00", "#ffd700"),
    "approved": ("#2e7d32", "#7cfc00"),
    "scheduled_bg": ("#dbe8f7", "#002b4d"),
    "held_bg": ("#fbe9cf", "#4a3b00"),
    "approved_bg": ("#dcefdc", "#003300"),
}
_high_contrast = False


def high_contrast() -> bool:
    return _high_contrast


def tone(name: str) -> str:
    """The colour (#rrggbb) for a meaning, in the look now in use."""
    normal, strong = TONES[name]
    return strong if _high_contrast else normal


def wants_high_contrast(asked: bool) -> bool:
    """Asked for on the command line or by DV_FORUM_HIGH_CONTRAST=1, or set in the system's
    accessibility settings (where the platform tells Qt)."""
    import os

    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication

    if asked or os.environ.get("DV_FORUM_HIGH_CONTRAST", "") in ("1", "on", "yes"):
        return True
    hints = QGuiApplication.styleHints()  # kept: it owns the accessibility hints read next
    return bool(hints.accessibility().contrastPreference() == Qt.ContrastPreference.HighContrast)


def high_contrast_palette() -> object:
    from PySide6.QtGui import QColor, QPalette

    palette = QPalette()
    black, white, yellow, grey = QColor("#000000"), QColor("#ffffff"), QColor("#ffff00"), QColor("#c0c0c0")
    for role, colour in (
        (QPalette.ColorRole.Window, black),
        (QPalette.ColorRole.WindowText, white),
        (QPalette.ColorRole.Base, black),
        (QPalette.ColorRole.AlternateBase, QColor("#1a1a1a")),
        (QPalette.ColorRole.Text, white),
        (QPalette.ColorRole.Button, black),
        (QPalette.ColorRole.ButtonText, white),
        (QPalette.ColorRole.Highlight, yellow),
        (QPalette.ColorRole.HighlightedText, black),
        (QPalette.ColorRole.ToolTipBase, black),
        (QPalette.ColorRole.ToolTipText, white),
        (QPalette.ColorRole.PlaceholderText, grey),
        (QPalette.ColorRole.Link, QColor("#00ffff")),
        (QPalette.ColorRole.BrightText, yellow),
    ):
        palette.setColor(role, colour)
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, grey)
    return palette


def apply_look(app: object, high_contrast: bool = False) -> bool:
    """Fusion with our stylesheet, or the high-contrast look; returns whether high contrast is on."""
    from PySide6.QtGui import QPalette
    from PySide6.QtWidgets import QApplication

    assert isinstance(app, QApplication)
    app.setStyle("Fusion")
    global _high_contrast
    on = _high_contrast = wants_high_contrast(high_contrast)
    if on:
        palette = high_contrast_palette()
        assert isinstance(palette, QPalette)
        app.setPalette(palette)
        app.setStyleSheet(HIGH_CONTRAST_STYLESHEET)
    else:
        app.setStyleSheet(STYLESHEET)
    return on
