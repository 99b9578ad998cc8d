"""The household behind a referral: one record per child, and the perpetrators after the first.

No names, schools or dates of birth: a child is an age (or "expected", for a pregnancy) and its
relationships; a further perpetrator is a person key (made like the first perpetrator's, from an
identity that is then dropped), a gender, an age or under-18, and a relationship to the victim.

``referrals.children`` and ``children_ages`` stay the numbers every report reads (the SafeLives
return, breakdowns, the pack): while a referral has child records, ``sync_counts`` keeps them equal
to those records, so nothing downstream needs to know the records exist.

Connection-level helpers only: the service with permissions and audit is cases.household_service.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from dv_forum.cases import fields
from dv_forum.cases.linkage import Identity, IdentityError
from dv_forum.cases.persons import PersonResolver
from dv_forum.errors import InputError
from dv_forum.vault.db import Connection

CHILD_TO_VICTIM = ("child", "step_child", "other")
CHILD_TO_PERPETRATOR = ("child", "step_child", "not_related", "not_known")
SOCIAL_CARE = ("yes", "no", "not_known")
MAX_CHILDREN = 30  # as referrals.children allows
MAX_PERPETRATORS = 9  # further ones, after the first
FIRST = 1  # the first perpetrator's number; further ones are 2, 3, ...
_WORDS = {"unknown": "not_known", "dk": "not_known", "stepchild": "step_child", "y": "yes", "n": "no"}


def _word(value: Any, options: Sequence[str], what: str) -> str:
    s = re.sub(r"[\s-]+", "_", str(value).strip().lower())
    s = _WORDS.get(s, s)
    if s not in options:
        raise ValueError(f"{what}: use one of {', '.join(options)}")
    return s


@dataclass(frozen=True)
class Child:
    """One child in the household. ``age`` None means expected (a pregnancy)."""

    age: int | None
    to_victim: str
    to_perpetrator: str
    social_care: str

    @property
    def band(self) -> str | None:
        """The SafeLives age band referrals.children_ages holds (none for an expected child)."""
        if self.age is None:
            return None
        return next(b for b in fields.CHILD_AGE_BANDS if self.age <= int(b.split("-")[1]))

    def to_dict(self, n: int) -> dict[str, Any]:
        return {
            "n": n,
            "age": self.age,
            "expected": self.age is None,
            "to_victim": self.to_victim,
            "to_perpetrator": self.to_perpetrator,
            "social_care": self.social_care,
        }


def child(age: Any, to_victim: Any, to_perpetrator: Any, social_care: Any = "not_known") -> Child:
    """A child from typed values: ``age`` 0-17, or "expected" (or None) for a pregnancy."""
    problems = []
    n: int | None = None
    if age is not None and str(age).strip().lower() not in ("expected", "unborn", ""):
        try:
            n = int(str(age).strip())
        except ValueError:
            problems.append("age: a whole number 0 to 17, or expected")
        else:
            if not 0 <= n <= 17:
                problems.append("age: a whole number 0 to 17, or expected")
    words = []
    for value, options, what in (
        (to_victim, CHILD_TO_VICTIM, "relationship to the victim"),
        (to_perpetrator, CHILD_TO_PERPETRATOR, "relationship to the perpetrator"),
        (social_care, SOCIAL_CARE, "children's social care"),
    ):
        try:
            words.append(_word(value, options, what))
        except ValueError as exc:
            problems.append(str(exc))
    if problems:
        raise InputError(problems, "The child")
    return Child(n, *words)


@dataclass(frozen=True)
class Perpetrator:
    """A perpetrator after the first. ``identity`` is set only for one not saved yet (it is keyed on
    save, then dropped); ``n`` is the number of one already saved (2, 3, ...)."""

    gender: str | None = None
    age: int | None = None
    under18: bool | None = None
    relationship: str | None = None
    identity: Identity | None = None
    n: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "n": self.n,
            "gender": self.gender,
            "age": self.age,
            "under18": self.under18,
            "relationship": self.relationship,
        }


def perpetrator(
    gender: Any = None,
    age: Any = None,
    under18: Any = None,
    relationship: Any = None,
    identity: Identity | None = None,
    n: int | None = None,
) -> Perpetrator:
    """A further perpetrator from typed values (blank means not recorded)."""
    raw = {"perp_gender": gender, "perp_age": age, "perp_under18": under18, "perp_relationship": relationship}
    clean, problems = fields.clean({k: v for k, v in raw.items() if v is not None})
    if identity is None and n is None:
        problems.append(("identity", "give surname, forename and date of birth, or a person id"))
    if problems:
        raise InputError([f"{f.removeprefix('perp_')}: {r}" for f, r in problems], "The perpetrator")
    u18 = clean.get("perp_under18")
    return Perpetrator(
        clean.get("perp_gender"),
        clean.get("perp_age"),
        None if u18 is None else bool(u18),
        clean.get("perp_relationship"),
        identity,
        n,
    )


# ----- reading -----


def children_of(conn: Connection, referral_id: int) -> list[Child]:
    return [
        Child(r[0], r[1], r[2], r[3])
        for r in conn.execute(
            "SELECT age, to_victim, to_perpetrator, social_care FROM case_children"
            " WHERE referral_id = ? ORDER BY position",
            (referral_id,),
        )
    ]


def perpetrators_of(conn: Connection, referral_id: int) -> list[Perpetrator]:
    """The further perpetrators (numbered from 2), without their person keys."""
    return [
        Perpetrator(r[1], r[2], None if r[3] is None else bool(r[3]), r[4], None, r[0])
        for r in conn.execute(
            "SELECT position, gender, age, under18, relationship FROM case_perpetrators"
            " WHERE referral_id = ? ORDER BY position",
            (referral_id,),
        )
    ]


def first_perpetrator(row: Mapping[str, Any]) -> dict[str, Any] | None:
    """The referral's own perpetrator in the same shape as the further ones (None when unknown)."""
    if row.get("perpetrator_id") is None:
        return None
    u18 = row.get("perp_under18")
    return Perpetrator(
        row.get("perp_gender"),
        row.get("perp_age"),
        None if u18 is None else bool(u18),
        row.get("perp_relationship"),
        None,
        FIRST,
    ).to_dict()


# ----- writing (inside the caller's transaction) -----


def derived_counts(children: Sequence[Child]) -> tuple[int, str]:
    """referrals.children and children_ages as the child records give them: every record counts
    (an expected child too); the age bands are those of the children born."""
    return len(children), json.dumps([c.band for c in children if c.band is not None])


def write_children(conn: Connection, referral_id: int, children: Sequence[Child]) -> None:
    """Replace a referral's child records and keep its counts equal to them. Removing the last
    record sets the count to 0 (the records said how many there were)."""
    if len(children) > MAX_CHILDREN:
        raise InputError([f"children: at most {MAX_CHILDREN}"], "The referral")
    had = conn.execute("SELECT count(*) FROM case_children WHERE referral_id = ?", (referral_id,))
    had_records = bool(had.fetchone()[0])
    conn.execute("DELETE FROM case_children WHERE referral_id = ?", (referral_id,))
    conn.executemany(
        "INSERT INTO case_children (referral_id, position, age, expected, to_victim, to_perpetrator,"
        " social_care) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            (referral_id, i, c.age, int(c.age is None), c.to_victim, c.to_perpetrator, c.social_care)
            for i, c in enumerate(children, 1)
        ],
    )
    if children or had_records:
        _set_counts(conn, referral_id, children)


def _set_counts(conn: Connection, referral_id: int, children: Sequence[Child]) -> None:
    count, ages = derived_counts(children)
    conn.execute(
        "UPDATE referrals SET children = ?, children_ages = ? WHERE id = ?", (count, ages, referral_id)
    )


def sync_counts(conn: Connection, referral_id: int) -> None:
    """Put the counts back to the records after an edit of the referral's fields (a count typed
    over them does not stand while there are records)."""
    children = children_of(conn, referral_id)
    if children:
        _set_counts(conn, referral_id, children)


def resolve_perpetrators(
    conn: Connection, resolver: PersonResolver, referral_id: int | None, perps: Sequence[Perpetrator]
) -> tuple[list[tuple[int, Perpetrator]], list[tuple[str, str]]]:
    """Person ids for the further perpetrators: keyed from the identity for a new one, kept from
    the saved row for one already saved (by its number). Problems as (field, reason)."""
    if len(perps) > MAX_PERPETRATORS:
        return [], [("perpetrators", f"at most {MAX_PERPETRATORS + 1} in all")]
    saved: dict[int, int] = {}
    if referral_id is not None:
        saved = dict(
            conn.execute(
                "SELECT position, person_id FROM case_perpetrators WHERE referral_id = ?", (referral_id,)
            ).fetchall()
        )
    out: list[tuple[int, Perpetrator]] = []
    problems: list[tuple[str, str]] = []
    for i, p in enumerate(perps, FIRST + 1):
        try:
            if p.identity is not None and not p.identity.is_empty:
                out.append((resolver.key("perpetrator", p.identity), p))
            elif p.n in saved:
                out.append((saved[p.n], p))
            else:
                problems.append(
                    (f"perpetrator_{i}", "give surname, forename and date of birth, or a person id")
                )
        except IdentityError as exc:
            problems.append((f"perpetrator_{i}_{exc.field.replace(' ', '_')}", exc.reason))
    return out, problems


def write_perpetrators(
    conn: Connection, referral_id: int, resolved: Sequence[tuple[int, Perpetrator]]
) -> None:
    """Replace the further perpetrators (persons already flushed), numbered 2, 3, ... in order."""
    conn.execute("DELETE FROM case_perpetrators WHERE referral_id = ?", (referral_id,))
    conn.executemany(
        "INSERT INTO case_perpetrators (referral_id, position, person_id, gender, age, under18,"
        " relationship) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            (
                referral_id,
                n,
                pid,
                p.gender,
                p.age,
                None if p.under18 is None else int(p.under18),
                p.relationship,
            )
            for n, (pid, p) in enumerate(resolved, FIRST + 1)
        ],
    )


def child_line(c: Mapping[str, Any]) -> str:
    """One child record in words (`cases children`, `cases show`, the Cases screen)."""
    age = "expected" if c["expected"] else f"age {c['age']}"
    return (
        f"{c['n']}. {age}; to the victim: {c['to_victim']}; to the perpetrator: {c['to_perpetrator']};"
        f" children's social care: {c['social_care']}"
    )


def perpetrator_line(p: Mapping[str, Any]) -> str:
    """ "2. gender Male; age 30; relationship: partner", unknowns said in words."""
    age = p["age"] if p["age"] is not None else ("under 18" if p["under18"] else "not recorded")
    gender = fields.gender_words(p["gender"]) or "not recorded"
    return f"{p['n']}. gender {gender}; age {age}; relationship: {p['relationship'] or 'not recorded'}"


def warnings(victim_age: int | None) -> list[str]:
    """What a save says but does not refuse: a victim of 16 or 17 is a child in law, so children's
    social care should be involved as well as the MARAC."""
    if victim_age is not None and 16 <= victim_age <= 17:
        return [
            "The victim is 16 or 17: children's social care should be involved (make or check the"
            " referral to children's social care)."
        ]
    return []


def write(
    conn: Connection,
    rid: int,
    children: Sequence[Child] | None,
    further: Sequence[tuple[int, Perpetrator]] | None,
) -> None:
    """Write what was given (None: leave as it is); the child records then set the counts."""
    if children is not None:
        write_children(conn, rid, children)
    else:
        sync_counts(conn, rid)
    if further is not None:
        write_perpetrators(conn, rid, further)


def state(conn: Connection, rid: int) -> dict[str, Any]:
    """What a save may change beside the referral's own fields (to report and audit changes)."""
    row = conn.execute("SELECT children, children_ages FROM referrals WHERE id = ?", (rid,)).fetchone()
    return {
        "children": row[0],
        "children_ages": row[1],
        "child_records": children_of(conn, rid),
        "perpetrators": [
            (p, *r)
            for p, *r in conn.execute(
                "SELECT person_id, gender, age, under18, relationship FROM case_perpetrators"
                " WHERE referral_id = ? ORDER BY position",
                (rid,),
            )
        ],
    }
