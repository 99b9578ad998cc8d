"""`dv-forum import referrals FILE`: CSV (UTF-8, with or without BOM) or XLSX, all or nothing.

Every row is checked before anything is written; problems are reported as `row N, column X: reason`
(N counts data rows from 1) and never repeat the value found. Identities become linkage keys as
soon as a row is read and are not kept. The import is one transaction: a crash leaves all or none.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from operator import itemgetter
from pathlib import Path
from typing import Any

from dv_forum.cases import fields
from dv_forum.cases.bulk import insert_rows
from dv_forum.cases.linkage import Identity, IdentityError, PersonKeys, keys_for
from dv_forum.cases.persons import PersonResolver, secret
from dv_forum.cases.recompute import recompute
from dv_forum.cases.referrals import CaseRefs, now
from dv_forum.cases.repeats import RefRow
from dv_forum.errors import InputError, UserError
from dv_forum.io.csv_safe import write_csv
from dv_forum.lists import get_list
from dv_forum.vault import Perm, Vault
from dv_forum.vault.db import Connection

Progress = Callable[[str, int, int], None]

# Import column -> referral field (identity columns are handled apart).
# Import column -> referral field (identity columns are handled apart). The issue's columns first;
# then the form's other plain fields, accepted so a full export from another system can come in.
ISSUE_COLUMNS = (
    "case_ref",
    "referral_date",
    "heard_date",
    "referring_agency",
    "dash_score",
    "criteria",
    "victim_gender",
    "victim_age",
    "bame",
    "disability",
    "lgbt",
    "children",
    "area",
    "previous_marac_date",
)
EXTRA_COLUMNS = (
    "victim_initials",
    "pregnant",
    "children_ages",
    "perp_gender",
    "perp_age",
    "perp_under18",
    "alcohol",
    "drugs",
    "pj_band",
    "pj_reason",
    "victim_aware",
    "consent",
    "previous_marac_where",
    "idva",
    "status",
    "notes",
)
FIELD_COLUMNS = {c: c for c in (*ISSUE_COLUMNS, *EXTRA_COLUMNS)}
COLUMN_OF = {v: k for k, v in FIELD_COLUMNS.items()}
PERSON_PARTS = ("id", "surname", "forename", "dob")
IDENTITY_COLUMNS = tuple(f"{who}_{part}" for who in ("victim", "perpetrator") for part in PERSON_PARTS)
KNOWN = set(FIELD_COLUMNS) | set(IDENTITY_COLUMNS)
_IDENTITY_FIELD = {
    "surname": "surname",
    "forename": "forename",
    "date of birth": "dob",
    "person id": "id",
    "identity": "id",
}
FLAG_COLUMNS = ("is_repeat", "repeat_of", "repeat_outside_date", "repeat_rule", "perp_repeat")
INSERT_COLUMNS = (
    "id",
    *FIELD_COLUMNS,
    "meeting_id",
    "victim_id",
    "perpetrator_id",
    "risk_band",
    "created_at",
    "updated_at",
    *FLAG_COLUMNS,
)
PROGRESS_EVERY = 1000
IMPORT_CACHE_KIB = -131072  # PRAGMA cache_size during an import: 128 MiB (negative: KiB)
# C0/C1 control characters (NUL, escape sequences...) are refused in any cell: they were stored as
# they came (found by the S6 fuzz) and break exports, PDFs and screens later. Tab and line breaks
# stay allowed in free text.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


@dataclass
class GoodRow:
    number: int
    values: dict[str, Any]
    victim: PersonKeys
    perpetrator: PersonKeys | None


@dataclass
class ImportResult:
    imported: int
    rejected: int
    refs: list[str] = field(default_factory=list)
    rejects_file: Path | None = None


# ----- reading -----


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_table(path: Path) -> tuple[list[str], Iterator[list[str]], int]:
    """The header, the data rows (as text) and the number of data rows."""
    try:
        if path.suffix.lower() in (".xlsx", ".xlsm"):
            return _read_xlsx(path)
        with path.open(encoding="utf-8-sig", newline="") as fh:
            rows: list[list[str]] = []
            try:
                rows.extend(csv.reader(fh))
            except csv.Error as exc:
                # Located, as in the stats importer: the data row the reader stopped on (e.g. a cell
                # over the csv module's field limit was reported without a place; S6 fuzz).
                where = f"row {len(rows)}" if rows else "header"
                raise InputError([f"{where}: not valid CSV ({exc})"], "The file") from None
    except UnicodeDecodeError:
        raise UserError("The file is not UTF-8 text.", "Save it as CSV UTF-8 and try again.") from None
    except csv.Error as exc:
        raise UserError(f"The file is not valid CSV ({exc}).", "Check its quoting.") from None
    except OSError as exc:
        raise UserError(f"Cannot read the file: {exc.strerror}.", "Check the path.") from None
    if not rows:
        raise UserError("The file is empty.", "Give a file with a header row.")
    return rows[0], iter(rows[1:]), len(rows) - 1


def _read_xlsx(path: Path) -> tuple[list[str], Iterator[list[str]], int]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - openpyxl raises many types for a bad file
        raise UserError("The file is not a readable XLSX workbook.", "Save it again as .xlsx.") from None
    try:
        # In read-only mode the sheet is parsed lazily, so a damaged sheet (bad CRC, broken XML) or
        # a workbook with no sheet fails here, not in load_workbook (found by the S6 fuzz).
        sheet = book.worksheets[0]
        rows = [[_cell(v) for v in r] for r in sheet.iter_rows(values_only=True)]
    except Exception:  # noqa: BLE001 - as above: zipfile, zlib, XML and openpyxl errors
        raise UserError("The file is not a readable XLSX workbook.", "Save it again as .xlsx.") from None
    finally:
        book.close()
    while rows and not any(c.strip() for c in rows[-1]):
        rows.pop()
    if not rows:
        raise UserError("The workbook's first sheet is empty.", "Put the header in row 1.")
    header = rows[0]
    while header and not header[-1].strip():
        header = header[:-1]
    return header, iter(rows[1:]), len(rows) - 1


# ----- checking -----


def check_header(header: Sequence[str], ignore_unknown: bool) -> tuple[list[str], list[str]]:
    names = [h.strip().lower() for h in header]
    problems = []
    seen: set[str] = set()
    for name in names:
        if name in seen:
            problems.append(f"header, column {name}: appears twice")
        seen.add(name)
        if name not in KNOWN and not ignore_unknown:
            problems.append(
                f"header, column {name or '(blank)'}: unknown column (use --ignore-unknown to skip it)"
            )
    if "referral_date" not in seen:
        problems.append("header, column referral_date: missing")
    for who, required in (("victim", True), ("perpetrator", False)):
        name_cols = [f"{who}_{p}" for p in ("surname", "forename", "dob")]
        has = [c in seen for c in name_cols]
        if any(has) and not all(has):
            problems += [f"header, column {c}: missing" for c, h in zip(name_cols, has, strict=True) if not h]
        elif required and not any(has) and f"{who}_id" not in seen:
            problems.append(
                f"header, column {who}_id: missing (or give {who}_surname, {who}_forename and {who}_dob)"
            )
    return names, problems


_PART_COLUMNS = {who: tuple(f"{who}_{p}" for p in PERSON_PARTS) for who in ("victim", "perpetrator")}


def _identity(who: str, cells: dict[str, str]) -> Identity | None:
    # Column names built once and one strip of the joined parts: this runs twice a row.
    ident, surname, forename, dob = (cells.get(c, "") for c in _PART_COLUMNS[who])
    if not (ident + surname + forename + dob).strip():
        return None
    return Identity(surname, forename, dob, ident)


def check_row(
    n: int,
    cells: dict[str, str],
    localities: Sequence[str],
    link_secret: bytes,
    known_keys: dict[Identity, PersonKeys] | None = None,
) -> tuple[GoodRow | None, list[str]]:
    # Cells with control characters are reported here and not validated further (see _CONTROL).
    bad = [c for c, v in cells.items() if _CONTROL.search(v)]
    raw = {FIELD_COLUMNS[c]: v for c, v in cells.items() if c in FIELD_COLUMNS and c not in bad}
    raw.setdefault("referral_date", "")
    values, field_problems = fields.clean(raw, localities)
    problems = [f"row {n}, column {c}: contains control characters" for c in bad]
    problems += [f"row {n}, column {COLUMN_OF.get(f, f)}: {r}" for f, r in field_problems]
    keys: dict[str, PersonKeys | None] = {}
    for who in ("victim", "perpetrator"):
        ident = _identity(who, cells)
        if ident is None:
            keys[who] = None
            if who == "victim":
                problems.append(
                    f"row {n}, column victim_id: give victim_id or the victim's surname, forename and dob"
                )
            continue
        keys[who] = None
        try:
            # A returning person is keyed once per import (an import of 100,000 rows repeats about
            # a third of its people); the cache lives only as long as the file's own rows do.
            found = known_keys.get(ident) if known_keys is not None else None
            if found is None:
                found = keys_for(ident, link_secret)
                if known_keys is not None:
                    known_keys[ident] = found
            keys[who] = found
        except IdentityError as exc:
            problems.append(f"row {n}, column {who}_{_IDENTITY_FIELD[exc.field]}: {exc.reason}")
        del ident  # the identity is not needed past this point
    victim = keys["victim"]
    if problems or victim is None:
        return None, problems
    return GoodRow(n, values, victim, keys["perpetrator"]), []


# ----- the import -----


def import_referrals(
    vault: Vault,
    path: Path,
    ignore_unknown: bool = False,
    skip_invalid: bool = False,
    rejects_path: Path | None = None,
    progress: Progress | None = None,
) -> ImportResult:
    vault.require(Perm.IMPORT)
    path = Path(path)
    header, rows, total = read_table(path)
    names, problems = check_header(header, ignore_unknown)
    if problems:
        raise InputError(problems, "The file")
    # A larger page cache for the import's one transaction (then the connection's own again):
    # with the default 2 MiB, the referral indexes' pages are written out and read back while the
    # rows go in (100,000 rows: about 0.5 s of 8 s). The cache is process memory, as before.
    cache_before = vault.conn.execute("PRAGMA cache_size").fetchone()[0]
    vault.conn.execute(f"PRAGMA cache_size = {IMPORT_CACHE_KIB}")
    try:
        return _import(vault, path, header, names, rows, total, skip_invalid, rejects_path, progress)
    finally:
        vault.conn.execute(f"PRAGMA cache_size = {int(cache_before)}")


def _import(
    vault: Vault,
    path: Path,
    header: list[str],
    names: list[str],
    rows: Iterator[list[str]],
    total: int,
    skip_invalid: bool,
    rejects_path: Path | None,
    progress: Progress | None,
) -> ImportResult:
    with vault.transaction() as conn:
        good, bad = _check_rows(conn, names, rows, total, progress)
        problems = [p for _, _, ps in bad for p in ps]
        if problems and not skip_invalid:
            raise InputError(problems, "The file")
        result = ImportResult(0, len(bad))
        if bad:
            target = rejects_path or path.with_name(path.stem + ".rejects.csv")
            write_csv(target, [*header, "problems"], [[*cells, "; ".join(ps)] for _, cells, ps in bad])
            result.rejects_file = target
        result.refs = _write(conn, good, total, progress)  # flags recomputed there
        result.imported = len(result.refs)
        vault.audit("import.referrals", detail=f"{result.imported} imported, {result.rejected} rejected")
    return result


def _check_rows(
    conn: Connection,
    names: list[str],
    rows: Iterator[list[str]],
    total: int,
    progress: Progress | None,
) -> tuple[list[GoodRow], list[tuple[int, list[str], list[str]]]]:
    """check_row for every row, with the per-column work done once per import (the same problems,
    in the same order): column positions and converters found once, converter results and linkage
    keys kept per distinct text and cleared at the end."""
    localities = get_list(conn, "locality")
    link_secret = secret(conn)
    existing = {r[0] for r in conn.execute("SELECT case_ref FROM referrals")}
    seen_refs: dict[str, int] = {}
    good: list[GoodRow] = []
    bad: list[tuple[int, list[str], list[str]]] = []
    width = len(names)
    known = [(i, c) for i, c in enumerate(names) if c in KNOWN]  # the columns read, found once
    known_names = [c for _, c in known]
    pick = itemgetter(*(i for i, _ in known))
    every = len(known) == width  # all columns read: the cells are the values
    # Positions within the known values.
    field_pos = [p for p, c in enumerate(known_names) if c in FIELD_COLUMNS]
    field_names = [FIELD_COLUMNS[known_names[p]] for p in field_pos]
    pick_fields = itemgetter(*field_pos) if len(field_pos) > 1 else None
    cleaner = fields.RowCleaner(field_names, localities)
    ref_pos = known_names.index("case_ref") if "case_ref" in known_names else None
    who_pos = {
        who: tuple(known_names.index(c) if c in known_names else None for c in _PART_COLUMNS[who])
        for who in ("victim", "perpetrator")
    }
    key_cache: dict[tuple[str, ...], PersonKeys | tuple[str, str] | None] = {}

    def keys_of(values: tuple[str, ...], who: str) -> PersonKeys | tuple[str, str] | None:
        # The raw parts (id, surname, forename, dob) -> keys, or (part, reason), or None if blank.
        # Shared by both roles: the keys do not depend on the role.
        raw = tuple("" if p is None else values[p] for p in who_pos[who])
        found = key_cache.get(raw, False)
        if found is False:
            ident, surname, forename, dob = raw
            if not (ident + surname + forename + dob).strip():
                found = None
            else:
                try:
                    found = keys_for(Identity(surname, forename, dob, ident), link_secret)
                except IdentityError as exc:
                    found = (_IDENTITY_FIELD[exc.field], exc.reason)  # the column is per role
            key_cache[raw] = found
        return found  # type: ignore[return-value]

    try:
        for n, cells in enumerate(rows, start=1):
            if progress and n % PROGRESS_EVERY == 0:
                progress("checked", n, total)
            ncells = len(cells)
            if ncells != width:
                if not any(c.strip() for c in cells):
                    continue  # blank lines are not rows
                if ncells > width and any(c.strip() for c in cells[width:]):
                    bad.append((n, cells, [f"row {n}: more cells than there are columns"]))
                    continue
                full = cells[:width] if ncells > width else cells + [""] * (width - ncells)
            else:
                full = cells
            values: tuple[str, ...] = tuple(full) if every else pick(full)
            joined = "\t".join(values)  # tab is allowed, so one search finds any control character
            if not joined.strip():
                if every or not any(c.strip() for c in cells):
                    continue  # blank lines are not rows
            problems: list[str] = []
            skip: frozenset[int] = frozenset()
            if _CONTROL.search(joined):
                bad_pos = [p for p, v in enumerate(values) if _CONTROL.search(v)]
                problems = [f"row {n}, column {known_names[p]}: contains control characters" for p in bad_pos]
                skip = frozenset(field_pos.index(p) for p in bad_pos if p in field_pos)
            field_values = pick_fields(values) if pick_fields is not None else [values[p] for p in field_pos]
            out, field_problems = cleaner.clean(field_values, skip)
            if field_problems:
                problems += [f"row {n}, column {COLUMN_OF.get(f, f)}: {r}" for f, r in field_problems]
            victim = keys_of(values, "victim")
            if victim is None:
                problems.append(f"row {n}, column victim_id: give victim_id or the victim's surname, forename and dob")
            elif type(victim) is tuple:
                problems.append(f"row {n}, column victim_{victim[0]}: {victim[1]}")
            perp = keys_of(values, "perpetrator")
            if type(perp) is tuple:
                problems.append(f"row {n}, column perpetrator_{perp[0]}: {perp[1]}")
            ref = values[ref_pos].strip() if ref_pos is not None else ""
            if ref:
                if ref in existing:
                    problems.insert(0, f"row {n}, column case_ref: already used by a case in the vault")
                elif ref in seen_refs:
                    problems.insert(0, f"row {n}, column case_ref: same as row {seen_refs[ref]}")
                seen_refs.setdefault(ref, n)
            if problems:
                bad.append((n, cells, problems))
            else:
                good.append(GoodRow(n, out, victim, perp))  # type: ignore[arg-type]
    finally:
        key_cache.clear()
        cleaner.clear()
    return good, bad


def _write(conn: Connection, good: list[GoodRow], total: int, progress: Progress | None) -> list[str]:
    resolver = PersonResolver(conn, preload=True)
    refs = CaseRefs(conn)
    heard = sorted({g.values["heard_date"] for g in good if g.values.get("heard_date")})
    conn.executemany("INSERT OR IGNORE INTO meetings (date) VALUES (?)", [(d,) for d in heard])
    meetings = {d: i for i, d in conn.execute("SELECT id, date FROM meetings")} if heard else {}
    # The ids SQLite would give (referrals.id is a plain INTEGER PRIMARY KEY: max + 1 onwards), so
    # the repeat flags can be computed before the insert and written with the rows.
    first_id = int(conn.execute("SELECT coalesce(max(id), 0) FROM referrals").fetchone()[0]) + 1
    stamp = now()
    batch: list[tuple[Any, ...]] = []
    pending: list[RefRow] = []
    made: list[str] = []
    days: dict[str | None, date | None] = {None: None, "": None}  # ISO text -> date, per import
    victim_of = resolver.resolve
    rid = first_id - 1
    for i, g in enumerate(good, start=1):
        v = g.values
        rid += 1
        if not v.get("case_ref"):
            v["case_ref"] = refs.next()
        if not v.get("criteria"):
            v["criteria"] = ""
        if not v.get("status"):
            v["status"] = "open"
        vid = victim_of("victim", g.victim)
        pid = victim_of("perpetrator", g.perpetrator) if g.perpetrator else None
        heard_day: str | None = v.get("heard_date")
        batch.append((rid, *map(v.get, FIELD_COLUMNS), meetings.get(heard_day), vid, pid, v.get("risk_band"), stamp, stamp))
        ref_day: str = v["referral_date"]
        prev: str | None = v.get("previous_marac_date")
        for text in (ref_day, heard_day, prev):
            if text is not None and text not in days:
                days[text] = date.fromisoformat(text)
        pending.append(RefRow(rid, vid, pid, days[ref_day], days[heard_day], days[prev]))  # type: ignore[arg-type]
        made.append(v["case_ref"])
        if progress and i % PROGRESS_EVERY == 0:
            progress("imported", i, len(good))
    resolver.flush()
    # Existing referrals whose flags change are updated here; the new rows' flags come back.
    flags = recompute(conn, pending=pending).pending
    batch = [(*row, *flags[row[0]]) for row in batch]
    insert_rows(conn, "referrals", INSERT_COLUMNS, batch)
    days.clear()
    return made


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None
