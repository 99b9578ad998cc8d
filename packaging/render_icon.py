"""Render resources/icons/dv-forum.svg to the PNG, ICO and ICNS files the installers need.

Run after changing the SVG: `python packaging/render_icon.py` (needs PySide6; works offscreen).
The rendered files are committed so that building never needs this step.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(ICONS / "dv-forum.svg"))
    if not renderer.isValid():
        print("render_icon: the SVG is not valid", file=sys.stderr)
        return 1

    def render(size: int) -> QImage:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        return image

    written = []
    for size in (256, 48):
        name = "dv-forum.png" if size == 256 else f"dv-forum-{size}.png"
        if render(size).save(str(ICONS / name)):
            written.append(name)
    # Windows (.ico) and macOS (.icns) need Qt's image format plugins; skip quietly without them.
    for name, size in (("dv-forum.ico", 256), ("dv-forum.icns", 512)):
        if render(size).save(str(ICONS / name)):
            written.append(name)
    del app
    print("render_icon: wrote " + ", ".join(written))
    return 0


if __name__ == "__main__":
    sys.exit(main())
