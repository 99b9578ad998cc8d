"""docs/import.md, written from the import's column catalogues (``python -m dv_forum.cases.import_docs``
rewrites it; a test fails when the file and the catalogues disagree)."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from dv_forum.cases import import_spec
from dv_forum.marac import meetings_import

DOC = Path(__file__).resolve().parents[2] / "docs" / "import.md"

INTRO = """\
# Bringing your history in: importing referrals and meetings

This file is generated from the import's column lists (`dv_forum/cases/import_spec.py`,
`dv_forum/marac/meetings_import.py`); run `python -m dv_forum.cases.import_docs` after changing them.

## Start from a template

    dv-forum import referrals --template referrals.xlsx
    dv-forum import meetings --template meetings.xlsx

A workbook template has the header row on its first sheet and a second sheet, `columns`, saying what
each column holds, the values allowed (your own localities and agencies included), an example and the
other spellings read. Fill in the first sheet, or paste your own spreadsheet's columns into it.
`--template FILE.csv` writes the header row alone.

## What a file may look like

- CSV in UTF-8 (Excel's "CSV UTF-8"), comma, semicolon or tab separated; or an XLSX workbook. A
  workbook with several sheets is refused until you choose one with `--sheet NAME` (the app asks);
  a template's `columns` sheet is never read.
- Headings: case, spaces, hyphens and underscores do not matter ("Referral Date" is
  `referral_date`), and the other spellings listed below are read too. Columns may come in any order.
- Problems name the spreadsheet's own row (the header is row 1) and, in a workbook, the column's
  letter: `row 7, column dash_score (G): not a whole number`. Nothing is imported until every row is
  right, unless you choose `--skip-invalid` (the bad rows go to a rejects file, which holds the
  identities of your file: delete it when done).
- Names and dates of birth are turned into linkage keys as each row is read and never stored.

## Localities and agencies in your own spellings

`area` takes your localities and `referring_agency` your referring agencies (`dv-forum lists show
locality`). A value that is not in the list is reported once, with the rows it is in and both ways
forward:

    area 'Ashby' (240 rows) is not a locality: map it with `--map area:Ashby=Ashby de la Zouch` or add it with `dv-forum lists add locality Ashby`

`--map COLUMN:FROM=TO` (repeat it for more) reads FROM as TO for this import; add `--remember` and
later files are read the same way (`dv-forum lists alias` does the same by hand). The app's import
offers the same choices as a table. A value that holds digits or is over 40 characters is not shown
(it may be something else typed in the wrong column): check those rows.

## Past meetings

`dv-forum import meetings FILE` takes one row per meeting, per agency's attendance and per action;
`meeting_date` ties them together and `record` says which a row is. Meetings in the past are marked
held; actions name their case by `case_ref`, so import the referrals first. All or nothing, as above.
"""


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _table(columns: Sequence[Any]) -> list[str]:
    lines = [
        "| Column | Required | What it holds | Values | Example | Also read as |",
        "|---|---|---|---|---|---|",
    ]
    for c in columns:
        also = ", ".join(f"`{a}`" for a in c.aliases)
        cells = [f"`{c.name}`", "yes" if c.required else "", c.meaning, c.allowed, c.example, also]
        lines.append("| " + " | ".join(_cell(x) for x in cells) + " |")
    return lines


def render() -> str:
    lines = [INTRO, "## Referral columns", ""]
    lines += _table(import_spec.COLUMNS)
    lines += [
        "",
        "Give `victim_id`, or the victim's surname, forename and date of birth. Earlier releases' "
        "`perp_` columns are read as their `perpetrator_` ones.",
        "",
        "## Meeting columns",
        "",
    ]
    lines += _table(meetings_import.COLUMNS)
    return "\n".join(lines) + "\n"


def main() -> int:
    DOC.write_text(render(), "utf-8")
    print(f"wrote {DOC.name}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
