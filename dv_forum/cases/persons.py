"""Persons as keyed hashes: find-or-create from linkage keys, and the possible-match review."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime

from dv_forum.cases import linkage
from dv_forum.cases.bulk import insert_rows
from dv_forum.cases.incremental import linked_persons
from dv_forum.vault.db import Connection


def secret(conn: Connection) -> bytes:
    """The vault's linkage secret, made on first use (inside the caller's transaction)."""
    row = conn.execute("SELECT value FROM secrets WHERE name = ?", (linkage.SECRET_NAME,)).fetchone()
    if row is not None:
        return bytes(row[0])
    value = linkage.new_secret()
    conn.execute("INSERT INTO secrets (name, value) VALUES (?, ?)", (linkage.SECRET_NAME, value))
    return value


class PersonResolver:
    """Find or create persons for many referrals in one transaction.

    With ``preload`` every exact key is read once (an import of thousands of rows); without it each
    look-up is one query (a single form). New rows are queued and written by ``flush``.
    """

    def __init__(self, conn: Connection, preload: bool = False) -> None:
        self.conn = conn
        self.secret = secret(conn)
        self._known: dict[tuple[str, bytes], int] | None = None
        if preload:
            self._known = {
                (kind, bytes(key)): pid
                for pid, kind, key in conn.execute(
                    "SELECT p.id, p.kind, k.match_key FROM person_match_keys k"
                    " JOIN persons p ON p.id = k.person_id WHERE k.key_kind IN (?, ?)",
                    linkage.EXACT_KINDS,
                )
            }
        self._pending: dict[tuple[str, bytes], int] = {}
        self._next_id = int(conn.execute("SELECT coalesce(max(id), 0) FROM persons").fetchone()[0]) + 1
        self._new_persons: list[tuple[int, str, bytes]] = []
        self._new_keys: list[tuple[int, str, bytes]] = []

    def _lookup(self, kind: str, key: bytes) -> int | None:
        if (kind, key) in self._pending:
            return self._pending[(kind, key)]
        if self._known is not None:
            return self._known.get((kind, key))
        # CROSS JOIN keeps the key look-up first (by person_match_keys_lookup): left to itself the
        # planner may walk every person of the kind instead (tens of ms a save at 100,000 cases).
        row = self.conn.execute(
            "SELECT p.id FROM person_match_keys k CROSS JOIN persons p ON p.id = k.person_id"
            " WHERE p.kind = ? AND k.key_kind IN (?, ?) AND k.match_key = ? LIMIT 1",
            (kind, *linkage.EXACT_KINDS, key),
        ).fetchone()
        return None if row is None else int(row[0])

    def resolve(self, kind: str, keys: linkage.PersonKeys) -> int:
        """The person these keys belong to (any exact key matching will do), created if new."""
        found = None
        for _, key in keys.exact:
            found = self._lookup(kind, key)
            if found is not None:
                break
        if found is None:
            found = self._next_id
            self._next_id += 1
            self._new_persons.append((found, kind, keys.link_key))
            for key_kind, key in keys.match:
                self._new_keys.append((found, key_kind, key))
        for key_kind, key in keys.exact:
            if self._lookup(kind, key) is None:  # e.g. a source id seen for a known name
                self._pending[(kind, key)] = found
                self._new_keys.append((found, key_kind, key))
        return found

    def key(self, kind: str, identity: linkage.Identity) -> int:
        return self.resolve(kind, linkage.keys_for(identity, self.secret))

    def flush(self) -> None:
        insert_rows(self.conn, "persons", ("id", "kind", "link_key"), self._new_persons)
        insert_rows(
            self.conn,
            "person_match_keys",
            ("person_id", "key_kind", "match_key"),
            self._new_keys,
            or_ignore=True,
        )
        self._new_persons.clear()
        self._new_keys.clear()


REASONS = {
    linkage.MATCH_DOB_INITIALS: "same date of birth and initials",
    linkage.MATCH_DOB_SWAPPED: "same names, day and month of birth swapped",
}


@dataclass(frozen=True)
class PossibleMatch:
    person_a: int
    person_b: int
    kind: str  # victim / perpetrator
    reason: str
    refs_a: tuple[str, ...]  # case references, so the coordinator can compare the cases
    refs_b: tuple[str, ...]

    def to_dict(self) -> dict[str, object]:
        return {
            "person_a": self.person_a,
            "person_b": self.person_b,
            "kind": self.kind,
            "reason": self.reason,
            "cases_a": list(self.refs_a),
            "cases_b": list(self.refs_b),
            # One case of each side, to name the pair by: cases match-confirm CASE_A CASE_B.
            "case_a": self.refs_a[-1] if self.refs_a else None,
            "case_b": self.refs_b[-1] if self.refs_b else None,
        }


def possible_matches(conn: Connection) -> list[PossibleMatch]:
    """Pairs of different people sharing a match key, not yet linked, not rejected."""
    rows = conn.execute(
        "SELECT a.person_id, b.person_id, a.key_kind, pa.kind FROM person_match_keys a"
        " JOIN person_match_keys b ON a.key_kind = b.key_kind AND a.match_key = b.match_key"
        " AND a.person_id < b.person_id"
        " JOIN persons pa ON pa.id = a.person_id JOIN persons pb ON pb.id = b.person_id"
        " WHERE a.key_kind IN (?, ?) AND pa.kind = pb.kind",
        linkage.MATCH_KINDS,
    ).fetchall()
    if not rows:
        # Nothing shares a key: skip the person map and the case references, which read every
        # person and every referral (0.4 s of opening the Cases screen at 100,000 referrals).
        return []
    canon = linked_persons(conn)
    born = _birth_years(conn, {p for r in rows if r[2] == linkage.MATCH_DOB_INITIALS for p in (r[0], r[1])})
    rows = [r for r in rows if r[2] != linkage.MATCH_DOB_INITIALS or _could_be_one(born, r[0], r[1])]
    reviewed = {(a, b) for a, b in conn.execute("SELECT person_a, person_b FROM person_match_reviews")}
    seen: set[tuple[int, int]] = set()
    refs = _refs_by_person(conn, {p for r in rows for p in (r[0], r[1])})
    found = []
    for a, b, key_kind, kind in rows:
        ra, rb = canon.get(a, a), canon.get(b, b)
        pair = (min(ra, rb), max(ra, rb))
        if ra == rb or pair in seen or (a, b) in reviewed or pair in reviewed:
            continue
        seen.add(pair)
        found.append(PossibleMatch(a, b, kind, REASONS[key_kind], refs.get(a, ()), refs.get(b, ())))
    return found


def _birth_years(conn: Connection, ids: set[int]) -> dict[int, set[int]]:
    """The birth years the recorded ages allow, per person (an age at a referral date fits two)."""
    out: dict[int, set[int]] = {}
    if not ids:
        return out
    wanted = json.dumps(sorted(ids))
    for person, day, age in conn.execute(
        "SELECT victim_id, referral_date, victim_age FROM referrals WHERE victim_age IS NOT NULL"
        " AND victim_id IN (SELECT value FROM json_each(?1)) UNION ALL"
        " SELECT perpetrator_id, referral_date, perp_age FROM referrals WHERE perp_age IS NOT NULL"
        " AND perpetrator_id IN (SELECT value FROM json_each(?1))",
        (wanted,),
    ):
        year = int(str(day)[:4]) - int(age)
        out.setdefault(int(person), set()).update((year - 1, year))
    return out


def _could_be_one(born: dict[int, set[int]], a: int, b: int) -> bool:
    """The short date-of-birth-and-initials key is shared by chance too: a pair whose recorded ages
    cannot be the same birth year is not offered (a pair with no ages recorded still is)."""
    years_a, years_b = born.get(a), born.get(b)
    return not years_a or not years_b or bool(years_a & years_b)


def _refs_by_person(conn: Connection, ids: set[int]) -> dict[int, tuple[str, ...]]:
    """Case references of the persons in ``ids`` only (by the victim and perpetrator indexes)."""
    out: dict[int, list[str]] = {}
    wanted = json.dumps(sorted(ids))
    for ref, vic, perp in conn.execute(
        "SELECT case_ref, victim_id, perpetrator_id FROM referrals"
        " WHERE victim_id IN (SELECT value FROM json_each(?1))"
        " OR perpetrator_id IN (SELECT value FROM json_each(?1)) ORDER BY referral_date, id",
        (wanted,),
    ):
        if vic in ids:
            out.setdefault(vic, []).append(ref)
        if perp is not None and perp in ids:
            out.setdefault(perp, []).append(ref)
    return {k: tuple(v) for k, v in out.items()}


def record_review(conn: Connection, a: int, b: int, decision: str, user: str | None) -> None:
    lo, hi = min(a, b), max(a, b)
    conn.execute(
        "INSERT INTO person_match_reviews (person_a, person_b, decision, decided_by, decided_at)"
        " VALUES (?, ?, ?, ?, ?) ON CONFLICT (person_a, person_b) DO UPDATE SET"
        " decision = excluded.decision, decided_by = excluded.decided_by,"
        " decided_at = excluded.decided_at",
        (lo, hi, decision, user, datetime.now(UTC).isoformat(timespec="seconds")),
    )


def link(conn: Connection, a: int, b: int) -> int:
    """Make a and b the same person: the older root absorbs the newer one. Returns the root."""
    canon = linked_persons(conn)  # linked persons only: not every person read for one link
    ra, rb = canon.get(a, a), canon.get(b, b)
    root, other = min(ra, rb), max(ra, rb)
    if root != other:
        conn.execute(
            "UPDATE persons SET canonical_id = ? WHERE id = ? OR canonical_id = ?",
            (root, other, other),
        )
    return root
