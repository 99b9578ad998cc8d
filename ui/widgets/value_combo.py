"""A drop-down that shows words and keeps codes: "Female" for F, "Don't know" for dk, "Step child"
for step_child. What is saved, drafted and validated is the code; what a person reads is the word."""

from __future__ import annotations

import re
from collections.abc import Iterable

from PySide6.QtWidgets import QComboBox, QWidget

from dv_forum.cases.fields import GENDER_WORDS

WORDS = {
    **GENDER_WORDS,
    "Y": "Yes",
    "N": "No",
    "dk": "Don't know",
    "yes": "Yes",
    "no": "No",
}
_CODE = re.compile(r"^[a-z][a-z_]*$")


def word_for(code: str) -> str:
    """The words for a code; a name (a locality, an agency) is shown as it is."""
    if code in WORDS:
        return WORDS[code]
    if _CODE.match(code):
        text = code.replace("_", " ")
        return text[:1].upper() + text[1:]
    return code


class ValueCombo(QComboBox):
    def __init__(self, codes: Iterable[str], *, spelled: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spelled = spelled
        self.set_codes(codes)

    def set_codes(self, codes: Iterable[str]) -> None:
        self.clear()
        for code in codes:
            self.addItem(word_for(code) if self.spelled else code, code)

    def value(self) -> str:
        data = self.currentData()
        return "" if data is None else str(data)

    def set_value(self, code: str | None) -> None:
        """Choose the item whose code this is; a code no longer listed leaves the blank first item."""
        index = self.findData("" if code is None else str(code))
        self.setCurrentIndex(max(index, 0))
