"""The repeat engine (domain.md section 3) as a pure function over referral histories.

A referral is a repeat when its unit (victim-perpetrator pair, or victim only) had a MARAC before it
(a referral in this vault or, unless "this MARAC only", a previous-MARAC-elsewhere date) and the new
referral date is on or before that anchor + N calendar months (month end clamped). The anchor is the
latest such date: with the default "referral" anchor every referral restarts the clock; with the
"meeting" anchor only the dates earlier referrals were heard count.

Ties: referrals on the same date are ordered by id; an in-vault referral wins a tie with an outside
date (so the flag can name the case it follows).

A referral may have perpetrators after the first (``further``: referral id -> their canonical person
ids). Under the pair unit it then belongs to one pair per perpetrator and is a repeat when any of its
pairs is (the pair whose flag names an earlier case here is preferred over one that follows a MARAC
elsewhere; otherwise the first found). With one perpetrator per referral nothing changes.

The serial-perpetrator flag (``serial``): the same perpetrator referred with different victims, the
referrals within 12 months of each other; both referrals are flagged.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from operator import itemgetter
from typing import NamedTuple

from dateutil.relativedelta import relativedelta

UNITS = ("pair", "victim")
ANCHORS = ("referral", "meeting")
WHICH = ("any", "this")


@dataclass(frozen=True)
class RepeatRules:
    unit: str = "pair"
    anchor: str = "referral"
    months: int = 12
    which: str = "any"

    def __post_init__(self) -> None:
        if self.unit not in UNITS or self.anchor not in ANCHORS or self.which not in WHICH:
            raise ValueError("unknown repeat rule")
        if not 1 <= self.months <= 120:
            raise ValueError("the repeat window must be 1 to 120 months")

    @property
    def code(self) -> str:
        """The rule set as recorded on every flag, e.g. "pair/referral/12m/any"."""
        return f"{self.unit}/{self.anchor}/{self.months}m/{self.which}"


class RefRow(NamedTuple):
    """What the engine needs from one referral. Person ids are already resolved to canonical ids.

    A named tuple rather than a dataclass: 100,000 of these are built on every recompute.
    """

    id: int
    victim: int
    perp: int | None
    referral_date: date
    heard_date: date | None = None
    outside_date: date | None = None  # "previous MARAC elsewhere"


# Referral id -> the further incident's date, where the referral gives one.
Incidents = dict[int, date]


class Flag(NamedTuple):
    is_repeat: bool
    repeat_of: int | None  # the earlier referral it follows (None when it follows an outside date)
    outside_date: date | None  # the outside MARAC date it follows
    rule: str
    perp_repeat: bool


@lru_cache(maxsize=65536)
def add_months(d: date, months: int) -> date:
    """d + N calendar months, clamped to month end (2024-02-29 + 12 -> 2025-02-28)."""
    result: date = d + relativedelta(months=months)
    return result


def unit_of(row: RefLike, rules: RepeatRules) -> Hashable:
    # An unknown perpetrator is its own value: such referrals match only each other for the victim.
    return row[1] if rules.unit == "victim" else (row[1], row[2])


_ORDER = itemgetter(3, 0)  # (referral_date, id): the order referrals happened in

# A referral as the engine reads it: RefRow or a plain tuple in the same order (an import builds
# 100,000 of them; plain tuples cost a fraction of named ones).
RefLike = tuple[int, int, int | None, date, date | None, date | None]
# A flag as the referrals table stores it: is_repeat 0/1, repeat_of, outside date (ISO), rule,
# perp_repeat 0/1.
Stored = tuple[int, int | None, str | None, str, int]


class _WindowEnds(dict[date, date]):
    """date -> date + N months, filled on first use (a dict look-up, not a call, per referral)."""

    def __init__(self, months: int) -> None:
        super().__init__()
        self.months = months

    def __missing__(self, d: date) -> date:
        end = self[d] = add_months(d, self.months)
        return end


Further = Mapping[int, Sequence[int]]  # referral id -> its further perpetrators' canonical ids


def compute(
    rows: Iterable[RefLike],
    rules: RepeatRules | None = None,
    further: Further | None = None,
    incidents: Incidents | None = None,
) -> dict[int, Flag]:
    """Flag every referral. Linear after one sort per unit. ``incidents``: referral id -> the
    further incident's date, where it is known and earlier than the referral."""
    return {
        rid: Flag(bool(rep), rep_of, date.fromisoformat(out) if out else None, rule, bool(perp))
        for rid, (rep, rep_of, out, rule, perp) in stored_flags(rows, rules, further, incidents).items()
    }


def _merge(old: Stored | None, new: Stored) -> Stored:
    """One flag for a referral in several pairs: a repeat wins; between two repeats, the one that
    names an earlier case here wins; otherwise the first found stays."""
    if old is None or (new[0] and (not old[0] or (old[1] is None and new[1] is not None))):
        return new
    return old


Units = dict[Hashable, list["RefLike"]]


def _group(
    rows: Iterable[RefLike], rules: RepeatRules, further: Further | None
) -> tuple[Units, dict[int, list[RefLike]], set[Hashable], set[int]]:
    """Referrals by unit and by perpetrator; the units with an outside MARAC date; the referrals
    in more than one pair (only with further perpetrators)."""
    units: Units = defaultdict(list)
    perps: dict[int, list[RefLike]] = defaultdict(list)
    with_outside: set[Hashable] = set()
    multi: set[int] = set()
    by_victim, any_outside = rules.unit == "victim", rules.which == "any"
    for r in rows:
        key: Hashable = r[1] if by_victim else (r[1], r[2])  # unit_of, inlined: this runs once a referral
        units[key].append(r)
        if r[2] is not None:
            perps[r[2]].append(r)
        if r[5] is not None and any_outside:
            with_outside.add(key)
        if further and r[0] in further:
            _add_further(r, further[r[0]], by_victim, any_outside, units, perps, with_outside, multi)
    return units, perps, with_outside, multi


def _perp_repeats(perps: dict[int, list[RefLike]], ends: _WindowEnds, incidents: Incidents) -> set[int]:
    """Referrals whose perpetrator was referred before within the window (any victim)."""
    out: set[int] = set()
    for history in perps.values():
        if len(history) > 1:
            history.sort(key=_ORDER)
            for prev, cur in zip(history, history[1:], strict=False):
                if incidents.get(cur[0], cur[3]) <= ends[prev[3]]:
                    out.add(cur[0])
    return out


def stored_flags(
    rows: Iterable[RefLike],
    rules: RepeatRules | None = None,
    further: Further | None = None,
    incidents: Incidents | None = None,
) -> dict[int, Stored]:
    """``compute`` in the form the referrals table stores (100,000 rows: about 0.2 s)."""
    rules = rules or RepeatRules()
    by_referral, code = rules.anchor == "referral", rules.code
    ends = _WindowEnds(rules.months)
    units, perps, with_outside, multi = _group(rows, rules, further)
    incidents = incidents or {}
    perp_repeat = _perp_repeats(perps, ends, incidents)
    plain: tuple[Stored, Stored] = ((0, None, None, code, 0), (0, None, None, code, 1))  # shared
    out: dict[int, Stored] = {}
    for key, history in units.items():
        if len(history) == 1 and key not in with_outside:  # most units: a first referral
            rid = history[0][0]
            out[rid] = (
                plain[rid in perp_repeat]
                if rid not in multi
                else _merge(out.get(rid), plain[rid in perp_repeat])
            )
            continue
        history.sort(key=_ORDER)
        outside: list[date] = []
        if key in with_outside:
            outside = sorted({r[5] for r in history if r[5] is not None})
        anchor: date | None = None  # the latest in-vault anchor date, and its referral id
        anchor_id = 0
        for r in history:
            rid, ref_date = r[0], r[3]
            best_out = None
            if outside:
                i = bisect_right(outside, ref_date)
                best_out = outside[i - 1] if i else None
            flag = plain[rid in perp_repeat]
            # The window compares the further incident's date when it is known (domain.md 3).
            when = incidents.get(rid, ref_date) if incidents else ref_date
            if anchor is not None and (best_out is None or anchor >= best_out):
                if when <= ends[anchor]:
                    flag = (1, anchor_id, None, code, flag[4])
            elif best_out is not None and when <= ends[best_out]:
                flag = (1, None, best_out.isoformat(), code, flag[4])
            out[rid] = flag if rid not in multi else _merge(out.get(rid), flag)
            # Move the anchor after flagging r: r is an anchor only for later referrals.
            if by_referral:
                anchor, anchor_id = ref_date, rid
            elif r[4] is not None and (anchor is None or r[4] >= anchor):
                anchor, anchor_id = r[4], rid
    return out


def _add_further(
    r: RefLike,
    more: Sequence[int],
    by_victim: bool,
    any_outside: bool,
    units: dict[Hashable, list[RefLike]],
    perps: dict[int, list[RefLike]],
    with_outside: set[Hashable],
    multi: set[int],
) -> None:
    """Put a referral in the pair and the perpetrator history of each further perpetrator (once
    each, however often a person is listed)."""
    seen = {r[2]}
    for p in more:
        if p in seen:
            continue
        seen.add(p)
        perps[p].append(r)
        if not by_victim:
            key = (r[1], p)
            units[key].append(r)
            multi.add(r[0])
            if r[5] is not None and any_outside:
                with_outside.add(key)


SERIAL_MONTHS = 12


def serial(rows: Iterable[RefLike], further: Further | None = None, months: int = SERIAL_MONTHS) -> set[int]:
    """Referrals whose perpetrator (any of them) was referred with a different victim within
    ``months`` before or after. Linear after one sort per perpetrator."""
    histories: dict[int, list[tuple[date, int, int]]] = defaultdict(list)
    for r in rows:
        mine = [r[2]] if r[2] is not None else []
        if further and r[0] in further:
            mine += [p for p in further[r[0]] if p not in mine]
        for p in mine:
            histories[p].append((r[3], r[0], r[1]))
    found: set[int] = set()
    ends = _WindowEnds(months)
    for history in histories.values():
        if len(history) < 2:
            continue
        history.sort()
        # Forward: the nearest earlier referral with another victim; backward: the nearest later.
        for seq, earlier in ((history, True), (history[::-1], False)):
            last_victim: int | None = None
            last_date: date | None = None
            other_date: date | None = None  # the nearest referral with a victim other than last_victim
            for d, rid, victim in seq:
                near = last_date if victim != last_victim else other_date
                if near is not None and (d <= ends[near] if earlier else near <= ends[d]):
                    found.add(rid)
                if victim != last_victim:
                    other_date, last_victim = last_date, victim
                last_date = d
    return found


@dataclass(frozen=True)
class Lapsed:
    """A unit whose repeat window closed: its latest referral and the day the window ended."""

    referral_id: int
    anchor_date: date
    lapsed_on: date


def lapsed(
    rows: Iterable[RefLike],
    as_of: date,
    since: date | None = None,
    rules: RepeatRules | None = None,
    further: Further | None = None,
) -> list[Lapsed]:
    """The "12 months since last MARAC" list: units whose window ended after ``since`` (exclusive)
    and before ``as_of`` (exclusive), i.e. a new referral on ``as_of`` would no longer be a repeat.

    The anchor is the unit's latest referral date (or heard date with the meeting anchor); an
    outside MARAC date is not listed, since this MARAC never heard it.
    """
    rules = rules or RepeatRules()
    latest: dict[Hashable, tuple[date, int]] = {}
    for r in rows:
        d = r[3] if rules.anchor == "referral" else r[4]
        if d is None or r[3] > as_of:
            continue
        # Each pair of the referral is a unit (the victim with each of its perpetrators).
        keys = [unit_of(r, rules)]
        if further and rules.unit == "pair" and r[0] in further:
            keys += [(r[1], p) for p in further[r[0]]]
        for key in keys:
            cur = latest.get(key)
            if cur is None or (d, r[0]) > cur:
                latest[key] = (d, r[0])
    found = []
    for d, rid in set(latest.values()):  # a referral listed once, whichever of its pairs lapsed
        end = add_months(d, rules.months)
        if end < as_of and (since is None or end > since):
            found.append(Lapsed(rid, d, end))
    found.sort(key=lambda x: (x.lapsed_on, x.referral_id))
    return found
