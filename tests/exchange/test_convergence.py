"""Property: whatever order bundles arrive in, duplicated or lost then resent, the vaults agree and
every value that lost a conflict can still be read in a conflict record."""

from __future__ import annotations

import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dv_forum.errors import UserError
from dv_forum.exchange import journal

from .helpers import deliver, new_db, pair, send

WORKERS = ("ann", "bea")
ops = st.lists(
    st.one_of(
        st.tuples(
            st.just("edit"),
            st.sampled_from(("coord", *WORKERS)),
            st.integers(0, 2),
            st.sampled_from(("locality", "safe_times")),
        ),
        st.tuples(st.just("delete"), st.sampled_from(("coord", *WORKERS)), st.integers(0, 2), st.just("")),
        st.tuples(st.just("send"), st.sampled_from(WORKERS), st.booleans(), st.just("")),
        st.tuples(st.just("deliver"), st.integers(0, 40), st.integers(0, 40), st.just("")),
    ),
    max_size=40,
)


def _shared(conn, worker):
    rows = conn.execute(
        "SELECT record, field, value FROM exchange_fields WHERE record LIKE ? ORDER BY 1, 2",
        (f"client:{worker}-%",),
    )
    return rows.fetchall()


def _loser_readable(dbs, record, field, value) -> bool:
    for conn in dbs.values():
        if conn.execute(
            "SELECT 1 FROM exchange_conflicts WHERE record = ? AND field = ? AND (ours = ? OR theirs = ?)",
            (record, field, value, value),
        ).fetchone():
            return True
        for (fields,) in conn.execute("SELECT fields FROM exchange_journal WHERE record = ?", (record,)):
            if f'"{field}": ["{value}"' in fields:
                return True  # a later change was made by someone who had seen this value
    return False


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ops)
def test_vaults_agree_after_any_delivery_order(steps) -> None:
    dbs = {"coord": new_db("coord", "coordinator")}
    for w in WORKERS:
        dbs[w] = new_db(w, "outreach")
        pair(dbs["coord"], "coord", "coordinator", dbs[w], w, "outreach")
    mailbox: list[tuple[str, bytes]] = []
    written: list[tuple[str, str, str]] = []
    counter = itertools.count()
    for kind, who, n, field in steps:
        if kind in ("edit", "delete"):
            worker = who if who != "coord" else WORKERS[n % 2]
            record = f"client:{worker}-{n}"
            if kind == "edit":
                value = f"v{next(counter)}"
                journal.record_change(dbs[who], record, {field: value}, audience=worker)
                written.append((record, field, value))
            else:
                journal.record_change(dbs[who], record, {}, audience=worker, delete=True)
        elif kind == "send":
            frm, to = ("coord", who) if n else (who, "coord")
            mailbox.append((to, send(dbs[frm], to)))
        elif mailbox:
            to, blob = mailbox[who % len(mailbox)]
            deliver(blob, dbs[to])
    for _ in range(3):  # resends after losses: everyone sends everything unacknowledged, twice over
        for w in WORKERS:
            deliver(send(dbs["coord"], w), dbs[w])
            deliver(send(dbs[w], "coord"), dbs["coord"])
    for w in WORKERS:
        assert _shared(dbs["coord"], w) == _shared(dbs[w], w)
    for record, field, value in written:
        final = journal.values(dbs["coord"], record).get(field)
        assert final == value or _loser_readable(dbs, record, field, value), (record, field, value)


def test_a_bundle_for_someone_else_in_the_mailbox_is_refused() -> None:
    coord = new_db("coord", "coordinator")
    ann = new_db("ann", "outreach")
    pair(coord, "coord", "coordinator", ann, "ann", "outreach")
    try:
        deliver(send(ann, "coord"), ann)
    except UserError as e:
        assert "another device" in e.message
    else:
        raise AssertionError("accepted")
