"""First run: the partnership the vault serves (names printed on packs and reports, case-reference
prefix, marking, population, localities). Everything here can be changed later in Settings or with
`dv-forum setup` and `dv-forum lists`."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QPlainTextEdit, QSpinBox, QWizardPage

from dv_forum.district.setup import Setup, check

MAX_POPULATION = 50_000_000


def _hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("hint")
    label.setWordWrap(True)
    return label


class PartnershipPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle("Your partnership")
        self.setSubTitle(
            "How packs and reports name your MARAC, and the localities your cases come from. "
            "All of this can be changed later in Settings."
        )
        defaults = Setup()
        form = QFormLayout(self)
        self.partnership = QLineEdit()
        self.partnership.setPlaceholderText("e.g. Anytown Community Safety Partnership")
        self.marac_name = QLineEdit()
        self.marac_name.setPlaceholderText("e.g. Anytown MARAC")
        self.prefix = QLineEdit(defaults.ref_prefix)
        self.prefix.setMaxLength(8)
        self.marking = QLineEdit(defaults.marking)
        self.population = QSpinBox()
        self.population.setRange(0, MAX_POPULATION)
        self.population.setGroupSeparatorShown(True)
        self.population.setSpecialValueText("not known yet")
        self.localities = QPlainTextEdit()
        self.localities.setPlaceholderText("One locality per line, e.g.\nNorthgate\nEastfield")
        self.localities.setTabChangesFocus(True)
        self.localities.setMaximumHeight(120)
        self.problems = QLabel("")
        self.problems.setObjectName("error")
        self.problems.setWordWrap(True)
        self.problems.setAccessibleName("Partnership problems")
        for label, widget in (
            ("&Partnership:", self.partnership),
            ("&MARAC name:", self.marac_name),
            ("Case &reference prefix:", self.prefix),
            ("Protective mar&king:", self.marking),
            ("Females aged 16+ in the &area:", self.population),
            ("&Localities:", self.localities),
        ):
            form.addRow(label, widget)
            widget.setAccessibleName(label.replace("&", "").rstrip(":"))
        form.addRow(self.problems)
        form.addRow(
            _hint(
                "New case references read PREFIX-2026-0001. The population gives cases per 10,000 "
                "in the SafeLives return. Referring and MARAC agencies start as the usual national "
                "list; edit them in Settings > Lists."
            )
        )

    def setup(self) -> Setup:
        lines = [" ".join(line.split()) for line in self.localities.toPlainText().splitlines()]
        return Setup(
            partnership=" ".join(self.partnership.text().split()),
            marac_name=" ".join(self.marac_name.text().split()),
            ref_prefix=self.prefix.text().strip().upper(),
            marking=self.marking.text().strip(),
            female_population=self.population.value(),
            localities=[line for line in lines if line],
        )

    def validatePage(self) -> bool:  # noqa: N802
        problems = check(self.setup())
        self.problems.setText(" ".join(problems))
        return not problems
