"""`dv-forum import meetings FILE`: past MARAC meetings with their attendance and actions, so years
of spreadsheet history come in. One table, a row per record: ``record`` says which (meeting,
attendance or action) and ``meeting_date`` ties it to its meeting. All or nothing: every row is
checked first and the file is refused whole, with row, column and reason, if any is wrong."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from dv_forum import lists
from dv_forum.cases import fields
from dv_forum.cases.import_header import FIRST_ROW
from dv_forum.cases.import_read import read_table
from dv_forum.cases.import_spec import Column, squash
from dv_forum.cases.import_template import write
from dv_forum.errors import InputError
from dv_forum.marac.settings import AGENCY_KIND
from dv_forum.vault import Perm, Vault

RECORDS = ("meeting", "attendance", "action")
ATTENDANCE = ("present", "apologies", "info_sent", "absent")
ACTION_STATUS = ("open", "done", "not_possible", "not_done")
_DATE = "a date: 2026-03-31 or 31/03/2026"
# fmt: off
COLUMNS = (
    Column("record", "", "What the row records", ", ".join(RECORDS), "meeting", ("type",), required=True),
    Column("meeting_date", "", "Date of the meeting", _DATE, "2025-06-11", ("date", "marac date"), required=True),
    Column("venue", "", "Meeting: a venue code (never an address), up to 20 characters", "text", "CV-1"),
    Column("chair", "", "Meeting: who chaired it", "text (80)", "DI Smith"),
    Column("agency", "", "Attendance or action: the agency", "a MARAC member agency", "Police",
           list_kind=AGENCY_KIND),
    Column("attendance", "", "Attendance: how the agency took part", ", ".join(ATTENDANCE), "present"),
    Column("representative", "", "Attendance: who came for the agency", "text (80)", ""),
    Column("case_ref", "", "Action: the case it is for", "a case reference in this vault", "MARAC-2025-0012"),
    Column("action", "", "Action: what was agreed", "text (1,000)", "Share bail conditions with housing"),
    Column("owner", "", "Action: who owns it", "text (80)", ""),
    Column("due_date", "", "Action: when it is due", _DATE, "2025-06-25"),
    Column("action_status", "", "Action: where it stands", ", ".join(ACTION_STATUS), "done"),
)
# fmt: on
_BY_SQUASH = {squash(a): c.name for c in COLUMNS for a in (c.name, *c.aliases)}
_NEEDS = {
    "meeting": (),
    "attendance": ("agency", "attendance"),
    "action": ("agency", "case_ref", "action"),
}


@dataclass
class MeetingsImported:
    meetings: int = 0
    attendance: int = 0
    actions: int = 0
    rows: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, int]:
        return {"meetings": self.meetings, "attendance": self.attendance, "actions": self.actions}

    def text(self) -> str:
        return (
            f"Imported {self.meetings} meeting(s), {self.attendance} attendance row(s) "
            f"and {self.actions} action(s)."
        )


def help_text() -> str:
    lines = ["columns (case, spaces and underscores do not matter):"]
    lines += [f"  {c.name}{' *' if c.required else ''}: {c.allowed}" for c in COLUMNS]
    lines.append("  * required on every row; see docs/import.md for an example")
    return "\n".join(lines)


def write_template(path: Path) -> Path:
    note = "One row per meeting, per agency's attendance and per action; meeting_date ties them together."
    return write(path, "meetings", COLUMNS, None, note)


def _header(header: list[str]) -> tuple[list[str], list[str]]:
    names = [_BY_SQUASH.get(squash(h), "") for h in header]
    problems = [
        f"header, column {h or '(blank)'}: unknown column"
        for h, n in zip(header, names, strict=True)
        if not n
    ]
    problems += [f"header, column {c}: missing" for c in ("record", "meeting_date") if c not in names]
    return names, problems


def _clean(
    n: int, cells: dict[str, str], agencies: dict[str, str], refs: dict[str, int]
) -> tuple[dict[str, Any], list[str]]:
    out: dict[str, Any] = {k: " ".join(v.split()) for k, v in cells.items() if v.strip()}
    problems = []
    kind = out.get("record", "").casefold()
    if kind not in RECORDS:
        return out, [f"row {n}, column record: use one of {', '.join(RECORDS)}"]
    out["record"] = kind
    for name in ("meeting_date", "due_date"):
        if name in out:
            try:
                out[name] = fields.CONVERTERS["referral_date"](out[name])
            except ValueError as exc:
                problems.append(f"row {n}, column {name}: {exc}")
    problems += [
        f"row {n}, column {c}: needed on a {kind} row"
        for c in ("meeting_date", *_NEEDS[kind])
        if c not in out
    ]
    if "agency" in out and kind != "meeting":
        found = agencies.get(out["agency"].casefold())
        if found is None:
            problems.append(
                f"row {n}, column agency: not a MARAC member agency (dv-forum lists show marac_agency)"
            )
        out["agency"] = found
    choices = {"attendance": ATTENDANCE, "action_status": ACTION_STATUS}
    for name, allowed in choices.items():
        if name in out:
            out[name] = out[name].casefold().replace(" ", "_")
            if out[name] not in allowed:
                problems.append(f"row {n}, column {name}: use one of {', '.join(allowed)}")
    if kind == "action" and "case_ref" in out and out["case_ref"] not in refs:
        problems.append(f"row {n}, column case_ref: no case with that reference in this vault")
    limits = {"venue": 20, "chair": 80, "representative": 80, "owner": 80, "action": 1000}
    problems += [
        f"row {n}, column {k}: longer than {m} characters"
        for k, m in limits.items()
        if len(out.get(k, "")) > m
    ]
    return out, problems


def import_meetings(vault: Vault, path: Path, sheet: str | None = None) -> MeetingsImported:
    vault.require(Perm.EDIT_MEETINGS)
    header, rows, _total = read_table(Path(path), sheet)
    names, problems = _header(header)
    if problems:
        raise InputError(problems, "The file")
    conn = vault.conn
    agencies = {v.casefold(): v for v in lists.get_list(conn, AGENCY_KIND)}
    agencies.update({a: v for a, v in lists.aliases(conn, AGENCY_KIND).items() if a not in agencies})
    refs = dict(conn.execute("SELECT case_ref, id FROM referrals").fetchall())
    done = MeetingsImported()
    for i, cells in enumerate(rows):
        if not any(c.strip() for c in cells):
            continue
        row, bad = _clean(i + FIRST_ROW, dict(zip(names, cells, strict=False)), agencies, refs)
        problems += bad
        done.rows.append(row)
    if problems:
        raise InputError(problems, "The file")
    with vault.transaction():
        _write(vault, done, refs)
        vault.audit("import.meetings", detail=done.text())
    return done


def _meeting_id(conn: Any, day: str, row: dict[str, Any], done: MeetingsImported) -> int:
    found = conn.execute("SELECT id FROM meetings WHERE date = ?", (day,)).fetchone()
    if found:
        return int(found[0])
    status = "held" if day < date.today().isoformat() else "scheduled"
    cur = conn.execute(
        "INSERT INTO meetings (date, venue, chair, status) VALUES (?, ?, ?, ?)",
        (day, row.get("venue"), row.get("chair"), status),
    )
    done.meetings += 1
    return int(cur.lastrowid)


def _write(vault: Vault, done: MeetingsImported, refs: dict[str, int]) -> None:
    conn = vault.conn
    stamp = date.today().isoformat()
    for row in done.rows:
        meeting = _meeting_id(conn, row["meeting_date"], row, done)
        if row["record"] == "attendance":
            conn.execute(
                "INSERT INTO attendance (meeting_id, agency, status, name) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(meeting_id, agency) DO UPDATE SET status = excluded.status, name = excluded.name",
                (meeting, row["agency"], row["attendance"], row.get("representative")),
            )
            done.attendance += 1
        elif row["record"] == "action":
            conn.execute(
                "INSERT INTO actions (meeting_id, referral_id, agency, owner, description, due_date, status, "
                "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    meeting,
                    refs[row["case_ref"]],
                    row["agency"],
                    row.get("owner"),
                    row["action"],
                    row.get("due_date"),
                    row.get("action_status", "open"),
                    stamp,
                    stamp,
                ),
            )
            done.actions += 1
