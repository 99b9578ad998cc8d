"""The referral form as a draft: what was typed, kept inside the vault when it locks and put back
after unlock. Names and dates of birth are left out: the vault never stores an identity, only the
keys made from it, so they are typed again."""

from __future__ import annotations

from typing import Any

from ui.screens.cases.form import ReferralForm


def form_state(form: ReferralForm) -> dict[str, Any] | None:
    """What the user typed, or None when the form holds nothing typed (or a case as it was saved)."""
    return form_values(form) if form.has_input() else None


def form_values(form: ReferralForm) -> dict[str, Any]:
    """Everything the form holds, identity fields aside."""
    return {
        "editing": form.editing,
        "inputs": {k: e.text() for k, e in form.inputs.items()},
        "combos": {k: c.value() for k, c in form.combos.items()},
        "flags": {k: c.isChecked() for k, c in form.flags.items()},
        "criteria": [k for k, c in form.criteria.items() if c.isChecked()],
        "notes": form.notes.toPlainText(),
        "instrument": form.instrument.currentData(),
        "answers": form.checklist.answers(),
    }


def restore_state(form: ReferralForm, state: dict[str, Any]) -> None:
    form.reset()
    form.editing = state.get("editing")
    if form.editing:
        form.heading.setText(f"Editing {form.editing}")
        form.inputs["case_ref"].setReadOnly(True)
    for k, text in state.get("inputs", {}).items():
        if k in form.inputs:
            form.inputs[k].setText(text)
    for k, text in state.get("combos", {}).items():
        if k in form.combos:
            form.combos[k].set_value(text)
    for k, on in state.get("flags", {}).items():
        if k in form.flags:
            form.flags[k].setChecked(bool(on))
    for k in state.get("criteria", []):
        if k in form.criteria:
            form.criteria[k].setChecked(True)
    form.notes.setPlainText(state.get("notes", ""))
    index = form.instrument.findData(state.get("instrument"))
    if index >= 0:
        form.instrument.setCurrentIndex(index)
    form.checklist.set_answers(state.get("answers"))
    form.heading.setText(
        f"{form.heading.text()}: restored draft. Type the names and dates of birth again "
        "(they are never kept)."
    )
