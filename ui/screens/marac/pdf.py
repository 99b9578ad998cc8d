"""In-memory PDF preview and printing for MARAC documents.

QtPdf is not in the PySide6 wheels we ship, so pages are rendered with pypdfium2 straight from the
bytes the core produced: no file is written for a preview or a print job.
"""

from __future__ import annotations

import pypdfium2 as pdfium
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QImage, QPainter, QPixmap
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget


def render_pages(pdf: bytes, dpi: float = 96.0) -> list[QImage]:
    doc = pdfium.PdfDocument(pdf)
    images = []
    try:
        for index in range(len(doc)):
            page = doc[index]
            bitmap = page.render(scale=dpi / 72.0, rev_byteorder=True)
            image = QImage(
                bitmap.buffer,
                bitmap.width,
                bitmap.height,
                bitmap.stride,
                QImage.Format.Format_RGB888,
            )
            images.append(image.copy())  # detach from pdfium's buffer before it is freed
            bitmap.close()
            page.close()
    finally:
        doc.close()
    return images


def print_pdf(pdf: bytes, printer: QPrinter) -> int:
    """Paint every page onto ``printer`` (a configured QPrinter). Returns the page count."""
    images = render_pages(pdf, dpi=float(min(printer.resolution(), 300)))
    painter = QPainter()
    if not painter.begin(printer):
        raise RuntimeError("the printer could not be started")
    try:
        for n, image in enumerate(images):
            if n:
                printer.newPage()
            area = painter.viewport()
            size = image.size().scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.drawImage(QRect(area.x(), area.y(), size.width(), size.height()), image)
    finally:
        painter.end()
    return len(images)


class PdfPreview(QScrollArea):
    """Pages stacked vertically; ``clear`` drops them (the screen clears it on lock). While empty
    it says how to fill it, rather than showing a blank grey pane."""

    PLACEHOLDER = (
        "Choose whose copy it is, then press Preview to see the pack here.\n"
        "A preview is drawn in memory: no file is written."
    )

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self._host = QWidget()
        self._layout = QVBoxLayout(self._host)
        self._layout.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.setWidget(self._host)
        self.placeholder = QLabel(self.PLACEHOLDER)
        self.placeholder.setObjectName("emptyState")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.page_count = 0
        self.clear()

    def show_pdf(self, pdf: bytes, dpi: float = 80.0) -> None:
        self.clear()
        self._layout.removeWidget(self.placeholder)
        self.placeholder.hide()
        for image in render_pages(pdf, dpi):
            label = QLabel()
            label.setPixmap(QPixmap.fromImage(image))
            label.setFrameShape(QLabel.Shape.Box)
            self._layout.addWidget(label)
            self.page_count += 1

    def clear(self) -> None:
        while self._layout.count():
            item = self._layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None and widget is not self.placeholder:
                widget.deleteLater()
        self.page_count = 0
        self._layout.addWidget(self.placeholder)
        self.placeholder.show()
