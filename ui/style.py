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
