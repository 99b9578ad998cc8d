"""The Cases screen's whole-case actions: transfer a case out to another MARAC, take one in, write
a case's chronology as a marked PDF, and place or lift a review hold. Core work runs on the DB
worker thread; the dialogs are ui.dialogs (scriptable in tests)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from dv_forum.areas import Area
from dv_forum.cases import review_hold
from dv_forum.cases.transfer_file import SUFFIX
from dv_forum.vault.roles import Perm, allowed
from ui import dialogs
from ui.widgets.shown import show_when

if TYPE_CHECKING:
    from ui.screens.cases import CasesScreen


def _allowed(role: str, perm: Perm) -> bool:
    try:
        return allowed(role, perm)
    except ValueError:
        return False


class CaseTools(QObject):
    def __init__(self, screen: CasesScreen) -> None:
        super().__init__(screen)
        self.screen = screen
        self.ctx = screen.ctx
        self.can_edit = _allowed(self.ctx.role, Perm.EDIT_CASES)
        self.can_hold = _allowed(self.ctx.role, Perm.PURGE)
        self._folder = Path.home()  # in memory only: never written to settings
        self.out_button = QPushButton("Transfer out…")
        self.out_button.setToolTip("Write an encrypted transfer for another MARAC and close the case here")
        self.chron_button = QPushButton("Chronology…")
        self.chron_button.setToolTip("Every dated event for this case's victim, as a marked PDF")
        self.hold_button = QPushButton("Review hold…")
        self.hold_button.setToolTip(
            "Keep this case from the retention purge during a review, or lift the hold"
        )
        self.in_button = QPushButton("Transfer in…")
        self.in_button.setToolTip("Add a case transferred from another MARAC")
        self.subject_button = QPushButton("Subject access…")
        self.subject_button.setToolTip("What is held about a person who asks (or asks for erasure)")
        for b, ok in (
            (self.out_button, self.can_edit),
            (self.chron_button, self.can_edit),
            (self.hold_button, self.can_hold),
            (self.in_button, self.can_edit),
            (self.subject_button, self.can_edit),
        ):
            show_when(b, ok)
        self.case_buttons = (self.out_button, self.chron_button, self.hold_button)
        self.set_case(None)
        self.out_button.clicked.connect(self.transfer_out)
        self.in_button.clicked.connect(self.transfer_in)
        self.subject_button.clicked.connect(self.subject_access)
        self.chron_button.clicked.connect(self.write_chronology)
        self.hold_button.clicked.connect(self.review_hold)

    def row(self) -> QWidget:
        """The buttons for the current case, in one row under its details."""
        holder = QWidget()
        lay = QHBoxLayout(holder)
        lay.setContentsMargins(0, 0, 0, 0)
        for b in self.case_buttons:
            lay.addWidget(b)
        return holder

    def set_case(self, case: dict[str, Any] | None) -> None:
        for b in self.case_buttons:
            b.setEnabled(case is not None)
        if case is not None:
            self.out_button.setEnabled(case.get("status") == "open")

    def _ref(self) -> str | None:
        case = self.screen.current
        return None if case is None else str(case["case_ref"])

    def transfer_out(self) -> None:
        ref = self._ref()
        if ref is None:
            return
        marac = dialogs.ask_text(self.screen, "Transfer out", f"Which MARAC is case {ref} going to?")
        if not marac or not marac.strip():
            return
        path = dialogs.save_file(
            self.screen,
            "Save the transfer file",
            self._folder / f"transfer{SUFFIX}",
            f"Transfer files (*{SUFFIX})",
        )
        if path is None:
            return
        self._folder = path.parent

        # Loaded on first use: the PDF and encryption libraries it needs stay out of the start.
        from dv_forum.cases import transfer

        def done(result: transfer.TransferOut) -> None:
            dialogs.info(
                self.screen,
                "Transfer written",
                f"Case {result.case_ref} is closed here and written for {result.to_marac} to"
                f" {result.file.name}.\n\nPassword (shown once, not stored): {result.password}",
                "Give the password to the receiving MARAC by another route, such as a phone call.",
            )
            self.screen.open_case(result.case_ref)

        self.ctx.run(lambda v: transfer.transfer_out(v, ref, marac, path), on_done=done, changes=[Area.CASES])

    def transfer_in(self) -> None:
        path = dialogs.open_file(
            self.screen, "Open a transfer file", self._folder, f"Transfer files (*{SUFFIX})"
        )
        if path is None:
            return
        self._folder = path.parent
        password = dialogs.ask_text(self.screen, "Transfer in", "The transfer's password:", secret=True)
        if not password:
            return
        same = dialogs.question(
            self.screen,
            "Transfer in",
            "Was the other MARAC's referral about the same perpetrator? (Only 'yes' can make a repeat.)",
            default_yes=True,
        )

        from dv_forum.cases import transfer

        def done(got: transfer.TransferIn) -> None:
            repeat = " It is a repeat." if got.repeat else ""
            dialogs.info(
                self.screen,
                "Transfer added",
                f"Case {got.case_ref}, transferred in from {got.from_marac}.{repeat}",
            )
            self.screen.open_case(got.case_ref)

        self.ctx.run(
            lambda v: transfer.transfer_in(v, path, password, "yes" if same else "no"),
            on_done=done,
            changes=[Area.CASES],
        )

    def write_chronology(self) -> None:
        ref = self._ref()
        if ref is None:
            return
        path = dialogs.save_file(
            self.screen, "Save the chronology", self._folder / f"chronology-{ref}.pdf", "PDF files (*.pdf)"
        )
        if path is None:
            return
        self._folder = path.parent

        def work(v: Any) -> int:
            from dv_forum.cases import chronology
            from dv_forum.reports.chronology_pdf import write_chronology  # ReportLab on first use

            chron = chronology.for_case(v, ref)
            write_chronology(v.conn, chron, path, "Case review")
            return len(chron.entries)

        self.ctx.run(
            work,
            on_done=lambda n: dialogs.info(self.screen, "Chronology written", f"{n} entries in {path.name}."),
        )

    def subject_access(self) -> None:
        from ui.screens.cases.subject_dialog import SubjectDialog

        SubjectDialog(self.screen, self.ctx, self.can_hold).exec()

    def review_hold(self) -> None:
        ref = self._ref()
        if ref is None:
            return

        def decide(held: bool) -> None:
            if held:
                why = dialogs.ask_text(
                    self.screen, "Lift the review hold", f"Why is the hold on {ref} lifted?"
                )
                if why:
                    reason = why
                    self.ctx.run(
                        lambda v: review_hold.lift(v, ref, reason), on_done=lambda _: self._held(ref, False)
                    )
                return
            why = dialogs.ask_text(self.screen, "Review hold", f"Which review holds case {ref}? (no names)")
            if why:
                self.ctx.run(
                    lambda v: review_hold.place(v, ref, why), on_done=lambda _: self._held(ref, True)
                )

        self.ctx.run(
            lambda v: any(h.case_ref == ref for h in review_hold.holds(v, current_only=True)), on_done=decide
        )

    def _held(self, ref: str, held: bool) -> None:
        text = "is on hold: the retention purge leaves it" if held else "is no longer on hold"
        dialogs.info(self.screen, "Review hold", f"Case {ref} {text}.")
