"""The import's fast path: every check of `importer.check_row`, done a column at a time.

A county file repeats the same dates, agencies, scores and people thousands of times, so each column
is converted once per distinct text and the rows only look the results up (100,000 rows: 1.05 s of
CPU, against 2.5 s for `check_row` on every row; bench/results.md). Any row the fast path finds a
problem in is checked again by `check_row`, which words and orders its problems; every other row
gets exactly the values `check_row` would give (a property test holds the two together:
tests/cases/test_import_columns.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from operator import itemgetter
from typing import Any

from dv_forum.cases import fields
from dv_forum.cases.linkage import Identity, IdentityError, PersonKeys, keys_for, keys_for_id

Progress = Callable[[str, int, int], None]
RowCheck = Callable[[int, dict[str, str]], tuple[Any, list[str]]]
Bad = tuple[int, list[str], list[str]]  # (row number, its cells as read, problems)
PROGRESS_EVERY = 1000
FIRST_ROW = 2  # the spreadsheet's own numbering: the header is row 1


@dataclass
class Checked:
    """The rows that passed, as columns (one list per referral field, in the file's row order)."""

    numbers: list[int] = field(default_factory=list)
    columns: dict[str, list[Any]] = field(default_factory=dict)
    victims: list[PersonKeys] = field(default_factory=list)
    perps: list[PersonKeys | None] = field(default_factory=list)
    bad: list[Bad] = field(default_factory=list)
    folded: int = 0  # rows that were further referrals of a case awaiting its hearing (same_case)

    def __len__(self) -> int:
        return len(self.numbers)


@dataclass
class Layout:
    """Where the import's columns are in the file (found once from the header)."""

    names: list[str]
    known: list[str]  # the columns read, in file order
    fields: list[str]  # of those, the referral fields (file order)
    parts: dict[str, tuple[str, ...]]  # role -> its (id, surname, forename, dob) columns


def _shape(
    layout: Layout, rows: Iterator[list[str]], total: int, progress: Progress | None, control: Any
) -> tuple[list[int], list[list[str]], list[Sequence[str]], list[Bad], bool]:
    """Row numbers, original cells and known values of the rows to check; rows refused for their
    shape; whether any known cell holds a control character. A thousand rows at a time, so a file
    of whole rows is handled by C loops."""
    names = layout.names
    width = len(names)
    positions = [i for i, c in enumerate(names) if c in layout.known]
    every = len(positions) == width
    pick = itemgetter(*positions) if len(positions) > 1 else (lambda cells: (cells[positions[0]],))
    numbers: list[int] = []
    originals: list[list[str]] = []
    values: list[Sequence[str]] = []
    bad: list[Bad] = []
    has_control = False
    listed = list(rows)
    for start in range(0, len(listed), PROGRESS_EVERY):
        chunk = listed[start : start + PROGRESS_EVERY]
        if set(map(len, chunk)) == {width}:
            picked: list[Sequence[str]] = chunk if every else list(map(pick, chunk))  # type: ignore[assignment]
            kept: Sequence[int] = range(len(chunk))
        else:
            picked, kept_list = [], []
            for i, cells in enumerate(chunk):
                full = _full(start + i + FIRST_ROW, cells, width, bad)
                if full is not None:
                    picked.append(tuple(full) if every else pick(full))
                    kept_list.append(i)
            kept = kept_list
        texts = list(map("\t".join, picked))  # tab is allowed, so one search finds a control character
        blank = [j for j, text in enumerate(texts) if not text.strip()]
        if blank:  # blank lines are not rows (a row with only unknown columns filled is one)
            drop = {j for j in blank if every or not any(c.strip() for c in chunk[kept[j]])}
            kept = [i for j, i in enumerate(kept) if j not in drop]
            picked = [v for j, v in enumerate(picked) if j not in drop]
            texts = [t for j, t in enumerate(texts) if j not in drop]
        numbers.extend(start + i + FIRST_ROW for i in kept)
        originals.extend(chunk[i] for i in kept)
        values.extend(picked)
        has_control = has_control or control.search("\n".join(texts)) is not None
        if progress:
            progress("checked", start + len(chunk), total)
    return numbers, originals, values, bad, has_control


def _full(n: int, cells: list[str], width: int, bad: list[Bad]) -> list[str] | None:
    """A row of another width made whole, or None (a blank line; too many cells, reported)."""
    ncells = len(cells)
    if ncells == width:
        return cells
    if not any(c.strip() for c in cells):
        return None
    if ncells > width and any(c.strip() for c in cells[width:]):
        bad.append((n, cells, [f"row {n}: more cells than there are columns"]))
        return None
    return cells[:width] if ncells > width else cells + [""] * (width - ncells)


def _convert_column(name: str, col: Sequence[str], suspect: set[int]) -> list[Any]:
    conv = fields.CONVERTERS[name]
    blank_value = fields.BLANK.get(name)
    good: dict[str, Any] = {}
    failed: set[str] = set()
    for text in set(col):
        if not text.strip():
            good[text] = blank_value
            continue
        try:
            good[text] = conv(text)
        except ValueError:
            failed.add(text)
    if not failed:
        return list(map(good.__getitem__, col))
    suspect.update(i for i, text in enumerate(col) if text in failed)
    return [good.get(text) for text in col]


def _dash_outcome(has: bool, score: Any, band: Any, crit: Any, has_crit: bool) -> tuple[Any, Any]:
    """fields._dash without answers: (risk_band, criteria) for one combination."""
    probe: dict[str, Any] = {}
    if has:
        probe["dash_score"], probe["pj_band"] = score, band
    if has_crit:
        probe["criteria"] = crit
    fields._dash(probe, [], None)
    return probe.get("risk_band"), probe.get("criteria", crit)


def _cross_checks(
    cols: dict[str, list[Any]], m: int, localities: Sequence[str] | None, today: str, suspect: set[int]
) -> None:
    """fields._cross_checks and fields._dash for every row; a failing row becomes a suspect."""
    nothing = [None] * m
    ref = cols["referral_date"]
    heard, prev = cols.get("heard_date", nothing), cols.get("previous_marac_date", nothing)
    for i, (r, h, p) in enumerate(zip(ref, heard, prev, strict=True)):
        if r is None or r > today or (h and h < r) or (p and p > r):
            suspect.add(i)
    if "incident_date" in cols:
        suspect.update(
            i for i, (r, d) in enumerate(zip(ref, cols["incident_date"], strict=True)) if r and d and d > r
        )
    if "area" in cols and localities is not None:
        folded: dict[str, str] = {}
        for loc in localities:  # the first of the list's spellings wins, as in fields._cross_checks
            folded.setdefault(loc.casefold(), loc)
        areas = {a: folded.get(a.casefold()) for a in set(cols["area"]) if a}
        suspect.update(i for i, a in enumerate(cols["area"]) if a and areas[a] is None)
        cols["area"] = [areas.get(a) if a else a for a in cols["area"]]
    if "pj_band" in cols:
        reason = cols.get("pj_reason", nothing)
        suspect.update(i for i, (b, r) in enumerate(zip(cols["pj_band"], reason, strict=True)) if b and not r)
    if "perp_age" in cols:
        under = cols.get("perp_under18", nothing)
        cols["perp_under18"] = [
            u if u is not None or a is None else int(a < 18)
            for a, u in zip(cols["perp_age"], under, strict=True)
        ]
    if "dash_score" in cols:
        limit = {i: fields.score_limit(i) for i in set(cols.get("dash_instrument", nothing))}
        instruments = cols.get("dash_instrument", nothing)
        suspect.update(
            i
            for i, (s, inst) in enumerate(zip(cols["dash_score"], instruments, strict=True))
            if s is not None and s > limit[inst]
        )
    has = "dash_score" in cols or "pj_band" in cols
    has_crit = "criteria" in cols
    combos: dict[tuple[Any, Any, Any], tuple[Any, Any]] = {}
    bands, crits = [], []
    for key in zip(
        cols.get("dash_score", nothing),
        cols.get("pj_band", nothing),
        cols.get("criteria", nothing),
        strict=True,
    ):
        done = combos.get(key)
        if done is None:
            done = combos[key] = _dash_outcome(has, *key, has_crit)
        bands.append(done[0])
        crits.append(done[1])
    cols["risk_band"] = bands
    cols["criteria"] = crits


_UNSEEN = object()
_NO_COLUMN: tuple[str, ...] = ()  # stands for an identity column the file does not have


def _keys_column(
    parts: Sequence[Sequence[str]],
    victim: bool,
    link_secret: bytes,
    cache: dict[Any, Any],
    suspect: set[int],
) -> list[PersonKeys | None]:
    """Linkage keys per row for one role from its (id, surname, forename, dob) columns; a bad
    identity (or no victim) makes the row a suspect. The cache is shared by both roles (keys do not
    depend on the role) and holds identities, so the caller clears it."""
    if all(p is _NO_COLUMN for p in parts[1:]):  # ids only: key by the id text itself
        raws: list[Any] = list(parts[0])
        make: Callable[[Any], PersonKeys] = lambda text: keys_for_id(text, link_secret)  # noqa: E731
        blank: Callable[[Any], bool] = lambda text: not text.strip()  # noqa: E731
    else:
        raws = list(zip(*parts, strict=True))
        make = lambda raw: keys_for(Identity(raw[1], raw[2], raw[3], raw[0]), link_secret)  # noqa: E731
        blank = lambda raw: not "".join(raw).strip()  # noqa: E731
    bad: set[Any] = set()
    for raw in set(raws):
        found = cache.get(raw, _UNSEEN)
        if found is _UNSEEN:
            if blank(raw):
                found = None
            else:
                try:
                    found = make(raw)
                except IdentityError:
                    found = False  # check_row words the problem for the role
            cache[raw] = found
        if found is False or (found is None and victim):
            bad.add(raw)
    if bad:
        suspect.update(i for i, raw in enumerate(raws) if raw in bad)
    get = cache.get
    return [k if (k := get(raw)) else None for raw in raws]


def _person_keys(
    layout: Layout, by_name: dict[str, Any], m: int, link_secret: bytes, suspect: set[int]
) -> tuple[list[Any], list[Any]]:
    """Victim and perpetrator linkage keys for every row (a row that cannot have them is suspect)."""
    cache: dict[Any, Any] = {}
    blank = ("",) * m
    try:
        victims, perps = (
            _keys_column(
                [
                    by_name.get(layout.parts[who][0], blank),
                    *(by_name.get(c, _NO_COLUMN) for c in layout.parts[who][1:]),
                ],
                who == "victim",
                link_secret,
                cache,
                suspect,
            )
            for who in ("victim", "perpetrator")
        )
    finally:
        cache.clear()  # the keys' inputs (names, dates of birth) live no longer than needed
    return victims, perps


def check_columns(
    layout: Layout,
    rows: Iterator[list[str]],
    total: int,
    localities: Sequence[str] | None,
    link_secret: bytes,
    existing_refs: set[str],
    check_row: RowCheck,
    control: Any,
    progress: Progress | None = None,
    today: date | None = None,
) -> Checked:
    numbers, originals, values, bad, has_control = _shape(layout, rows, total, progress, control)
    out = Checked(bad=bad)
    m = len(numbers)
    if not m:
        return out
    by_name = dict(zip(layout.known, zip(*values, strict=True), strict=True))
    suspect: set[int] = set()
    if has_control:
        suspect.update(i for i, v in enumerate(values) if control.search("\t".join(v)))
    cols = {name: _convert_column(name, by_name[name], suspect) for name in layout.fields}
    _cross_checks(cols, m, localities, (today or date.today()).isoformat(), suspect)
    victims, perps = _person_keys(layout, by_name, m, link_secret, suspect)
    ref_problem = _case_ref_problems(by_name.get("case_ref"), numbers, existing_refs)
    suspect.update(ref_problem)
    rejected: set[int] = set()
    for i in sorted(suspect):
        good, problems = check_row(numbers[i], dict(zip(layout.known, values[i], strict=True)))
        if i in ref_problem:
            problems.insert(0, ref_problem[i])
        if problems:
            rejected.add(i)
            out.bad.append((numbers[i], originals[i], problems))
        else:  # check_row is the reference: its values stand
            for name, col in cols.items():
                col[i] = good.values.get(name)
            victims[i], perps[i] = good.victim, good.perpetrator
    out.bad.sort(key=itemgetter(0))
    if rejected:
        keep = [i for i in range(m) if i not in rejected]
        numbers = [numbers[i] for i in keep]
        cols = {name: [col[i] for i in keep] for name, col in cols.items()}
        victims = [victims[i] for i in keep]
        perps = [perps[i] for i in keep]
    out.numbers, out.columns, out.perps = numbers, cols, perps
    out.victims = victims  # type: ignore[assignment]  # a victim row without keys was rejected
    return out


def _case_ref_problems(col: Sequence[str] | None, numbers: list[int], existing: set[str]) -> dict[int, str]:
    """Duplicate case references: of a case in the vault, or of an earlier row of the file."""
    if col is None:
        return {}
    problems: dict[int, str] = {}
    seen: dict[str, int] = {}
    for i, text in enumerate(col):
        ref = text.strip()
        if not ref:
            continue
        n = numbers[i]
        if ref in existing:
            problems[i] = f"row {n}, column case_ref: already used by a case in the vault"
        elif ref in seen:
            problems[i] = f"row {n}, column case_ref: same as row {seen[ref]}"
        seen.setdefault(ref, n)
    return problems
