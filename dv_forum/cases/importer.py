"""`dv-forum import referrals FILE`: CSV (UTF-8, with or without BOM) or XLSX, all or nothing.

Every row is checked before anything is written; problems are reported as `row N, column X: reason`
(N counts data rows from 1) and never repeat the value found. Identities become linkage keys as
soon as a row is read and are not kept. The import is one transaction: a crash leaves all or none.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from dv_forum.cases import fields, import_header, import_lists, import_spec, same_case
from dv_forum.cases.bulk import insert_rows
from dv_forum.cases.import_columns import Checked, Layout, check_columns
from dv_forum.cases.import_read import is_workbook, read_table
from dv_forum.cases.incremental import recompute_for
from dv_forum.cases.linkage import Identity, IdentityError, PersonKeys, keys_for
from dv_forum.cases.persons import PersonResolver, secret
from dv_forum.cases.recompute import RecomputeResult, pending_rows, recompute
from dv_forum.cases.referrals import CaseRefs, now
from dv_forum.cases.repeats import Incidents, RefLike
from dv_forum.errors import InputError
from dv_forum.gcpause import paused
from dv_forum.io.csv_safe import write_csv
from dv_forum.lists import get_list
from dv_forum.marac.agenda import place_heard
from dv_forum.vault import Perm, Vault
from dv_forum.vault.db import Connection

Progress = Callable[[str, int, int], None]

# The checks use referral field names (perp_gender) and identity column names; the file's headings
# are matched to them by import_header (perpetrator_gender, "Perpetrator Gender", perp_gender ...).
FIELD_COLUMNS = {c.field: c.field for c in import_spec.COLUMNS if c.field}
PERSON_PARTS = import_header.PERSON_PARTS
IDENTITY_COLUMNS = tuple(f"{who}_{part}" for who in ("victim", "perpetrator") for part in PERSON_PARTS)
KNOWN = set(FIELD_COLUMNS) | set(IDENTITY_COLUMNS)
_IDENTITY_FIELD = {
    "surname": "surname",
    "forename": "forename",
    "date of birth": "dob",
    "person id": "id",
    "identity": "id",
}
# repeat_rule is one per import, written as a constant.
FLAG_COLUMNS = ("is_repeat", "repeat_of", "repeat_outside_date", "perp_repeat", "serial_perp")
# Up to this many rows, an import recomputes only the units its rows touch (incremental.py); a
# larger file recomputes the whole vault in one pass (each is about 1 s at 100,000 referrals).
INCREMENTAL_MAX = 2000
# ... and so does a file of any size going into a vault this many times larger: a 100,000-row file
# (the most one file may hold) into 300,000 referrals took 10.1 s against 12.4 s for the whole pass,
# and ten such files in turn make a million referrals (bench/growth.py).
INCREMENTAL_RATIO = 2
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
    remembered: int = 0  # maps stored as aliases (--remember)
    folded: int = 0  # rows recorded as a further referring agency of their case (same_case)


# ----- checking -----


check_header = import_header.check_header


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
    problems += [f"row {n}, column {f}: {r}" for f, r in field_problems]
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


@dataclass
class ImportOptions:
    ignore_unknown: bool = False
    skip_invalid: bool = False
    rejects_path: Path | None = None
    maps: Sequence[import_lists.MapSpec] = ()  # "COLUMN:FROM=TO", for list columns
    remember: bool = False  # store the maps as aliases for later files
    sheet: str | None = None  # a workbook's sheet (asked for when it has several)


def import_referrals(
    vault: Vault,
    path: Path,
    ignore_unknown: bool = False,
    skip_invalid: bool = False,
    rejects_path: Path | None = None,
    progress: Progress | None = None,
    **more: Any,
) -> ImportResult:
    vault.require(Perm.IMPORT)
    opts = ImportOptions(ignore_unknown, skip_invalid, rejects_path, **more)
    with paused():
        return _import_file(vault, Path(path), opts, progress)


def _import_file(vault: Vault, path: Path, opts: ImportOptions, progress: Progress | None) -> ImportResult:
    header, rows, total = read_table(path, opts.sheet)
    names, problems = check_header(header, opts.ignore_unknown)
    if problems:
        raise InputError(problems, "The file")
    # A larger page cache for the import's one transaction (then the connection's own again):
    # with the default 2 MiB, the referral indexes' pages are written out and read back while the
    # rows go in (100,000 rows: about 0.5 s of 8 s). The cache is process memory, as before.
    cache_before = vault.conn.execute("PRAGMA cache_size").fetchone()[0]
    vault.conn.execute(f"PRAGMA cache_size = {IMPORT_CACHE_KIB}")
    try:
        return _import(vault, path, header, names, list(rows), total, opts, progress)
    finally:
        vault.conn.execute(f"PRAGMA cache_size = {int(cache_before)}")


def _import(
    vault: Vault,
    path: Path,
    header: list[str],
    names: list[str],
    rows: list[list[str]],
    total: int,
    opts: ImportOptions,
    progress: Progress | None,
) -> ImportResult:
    labels = import_header.labels(names, is_workbook(path))
    with vault.transaction() as conn:
        maps = import_lists.parse_maps(list(opts.maps), conn)
        unknown = import_lists.map_values(conn, names, rows, maps, import_header.FIRST_ROW)
        held = import_lists.hold_rows(names, rows, unknown)
        checked = _check_rows(conn, names, iter(rows), total, progress)
        per_row = import_lists.reject_held(checked, held, unknown)
        bad = checked.bad
        problems = [u.line() for u in unknown]
        problems += [p for _, _, ps in bad for p in ps if p not in per_row]
        if problems and not opts.skip_invalid:
            shown = import_header.relabel(problems, labels)
            if unknown:
                raise import_lists.UnknownValues(shown, unknown, import_lists.choices_for(conn, unknown))
            raise InputError(shown, "The file")
        result = ImportResult(0, len(bad))
        if bad:
            target = opts.rejects_path or path.with_name(path.stem + ".rejects.csv")
            write_csv(
                target,
                [*header, "problems"],
                [[*cells, "; ".join(import_header.relabel(ps, labels))] for _, cells, ps in bad],
            )
            result.rejects_file = target
        result.refs = _write(conn, checked, progress)  # flags recomputed there
        result.imported = len(result.refs)
        result.folded = checked.folded
        if opts.remember:
            result.remembered = import_lists.remember(conn, maps)
        vault.audit("import.referrals", detail=f"{result.imported} imported, {result.rejected} rejected")
    return result


def _check_rows(
    conn: Connection,
    names: list[str],
    rows: Iterator[list[str]],
    total: int,
    progress: Progress | None,
) -> Checked:
    localities = get_list(conn, "locality")
    link_secret = secret(conn)
    existing = {r[0] for r in conn.execute("SELECT case_ref FROM referrals")}
    known = [c for c in names if c in KNOWN]
    layout = Layout(names, known, [c for c in known if c in FIELD_COLUMNS], _PART_COLUMNS)
    keys: dict[Identity, PersonKeys] = {}
    try:
        return check_columns(
            layout,
            rows,
            total,
            localities,
            link_secret,
            existing,
            lambda n, cells: check_row(n, cells, localities, link_secret, keys),
            _CONTROL,
            progress,
        )
    finally:
        keys.clear()


_NOT_NULL_DEFAULT = {"criteria": "", "status": "open"}


def _meetings_for(conn: Connection, heard: list[Any]) -> list[int | None]:
    """The meeting of each row's heard date (made when there is none yet), or None."""
    heard_days = sorted({d for d in heard if d})
    if not heard_days:
        return [None] * len(heard)
    conn.executemany("INSERT OR IGNORE INTO meetings (date) VALUES (?)", [(d,) for d in heard_days])
    meetings = {d: i for i, d in conn.execute("SELECT id, date FROM meetings")}
    return [meetings.get(h) for h in heard]


def _write(conn: Connection, checked: Checked, progress: Progress | None) -> list[str]:
    """Insert the checked rows (columns) with their persons, meetings and repeat flags; rows that
    are further referrals of a case awaiting its hearing are recorded on that case instead."""
    if not len(checked):
        return []
    vids, pids = _resolve(conn, checked)
    folds = same_case.fold_checked(conn, checked, vids, pids)
    # The ids SQLite will give (referrals.id is a plain INTEGER PRIMARY KEY: max + 1 onwards), so
    # the repeat flags can be computed before the insert and written with the rows.
    first_id = int(conn.execute("SELECT coalesce(max(id), 0) FROM referrals").fetchone()[0]) + 1
    written = _insert(conn, checked, vids, pids, first_id, progress) if vids else []
    same_case.record_folds(conn, folds, first_id)
    return written


def _insert(
    conn: Connection,
    checked: Checked,
    vids: list[int],
    pids: list[int | None],
    first_id: int,
    progress: Progress | None,
) -> list[str]:
    m = len(vids)
    cols = checked.columns
    none: list[Any] = [None] * m
    refs = CaseRefs(conn)
    cols["case_ref"] = [r or refs.next() for r in cols.get("case_ref", none)]
    for name, blank in _NOT_NULL_DEFAULT.items():
        if name in cols:
            cols[name] = [v or blank for v in cols[name]]
    heard = cols.get("heard_date", none)
    meeting_ids = _meetings_for(conn, heard)
    ids = range(first_id, first_id + m)
    prev = cols.get("previous_marac_date", none)
    same = cols.get("previous_marac_same_perpetrator", none)
    pending = pending_rows(ids, vids, pids, cols["referral_date"], heard, prev, same)
    incidents = {
        i: date.fromisoformat(d) for i, d in zip(ids, cols.get("incident_date", none), strict=True) if d
    }
    result = _flags(conn, pending, incidents)  # existing referrals' changed flags are updated there
    flags, serials = result.pending, result.pending_serial
    rule = flags[first_id][3]
    is_rep, rep_of, rep_out, _, perp_rep = zip(*map(flags.__getitem__, ids), strict=True)
    present = [c for c in FIELD_COLUMNS if c in cols]
    stamp = now()
    insert_rows(
        conn,
        "referrals",
        ("id", *present, "meeting_id", "victim_id", "perpetrator_id", "risk_band", *FLAG_COLUMNS),
        list(
            zip(
                ids,
                *(cols[c] for c in present),
                meeting_ids,
                vids,
                pids,
                cols["risk_band"],
                is_rep,
                rep_of,
                rep_out,
                perp_rep,
                [int(i in serials) for i in ids],
                strict=True,
            )
        ),
        constants={"repeat_rule": rule, "created_at": stamp, "updated_at": stamp},
        progress=(lambda n: progress("imported", n, m)) if progress else None,
    )
    place_heard(conn, zip(ids, meeting_ids, strict=True), date.today())
    return list(cols["case_ref"])


def _flags(conn: Connection, pending: list[RefLike], incidents: Incidents) -> RecomputeResult:
    """The new rows' flags. Only the referrals sharing a victim or a perpetrator with them are
    recomputed, unless the file is large beside the vault (then one pass over the vault)."""
    held = int(conn.execute("SELECT count(*) FROM referrals").fetchone()[0])
    if len(pending) <= INCREMENTAL_MAX or held >= INCREMENTAL_RATIO * len(pending):
        return recompute_for(conn, (), pending=pending, pending_incidents=incidents)
    return recompute(conn, pending=pending, pending_incidents=incidents)


def _resolve(conn: Connection, checked: Checked) -> tuple[list[int], list[int | None]]:
    """Person ids for every row, found or created: victims, then perpetrators, each in order of
    first appearance. Rows with the same identity text share one keys object, resolved once."""
    resolver = PersonResolver(conn, preload=True)
    victims = {id(k): k for k in checked.victims}
    vid_of = {i: resolver.resolve("victim", k) for i, k in victims.items()}
    perps = {id(k): k for k in checked.perps if k is not None}
    pid_of: dict[int, int | None] = {i: resolver.resolve("perpetrator", k) for i, k in perps.items()}
    pid_of[id(None)] = None
    resolver.flush()
    try:
        return [vid_of[id(k)] for k in checked.victims], [pid_of[id(k)] for k in checked.perps]
    finally:
        victims.clear()
        perps.clear()
