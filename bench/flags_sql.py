"""The repeat flags computed in plain SQL (window functions): the baseline the repeat engine is
measured against, and a check that both give the same flags on the same rows."""

from __future__ import annotations

from typing import Any

MONTHS = 12  # the default repeat window (pair/referral/12m/any)


def _add_months_sql(col: str, months: int = MONTHS) -> str:
    """``col`` + N calendar months clamped to month end (SQLite's own modifier would overflow)."""
    return (
        f"min(date({col}, 'start of month', '+{months} months', '+' || "
        f"(CAST(strftime('%d', {col}) AS INTEGER) - 1) || ' days'), "
        f"date({col}, 'start of month', '+{months + 1} months', '-1 day'))"
    )


def window_flags_sql() -> str:
    """Repeat flags (pair unit, referral anchor, 12 months, outside MARACs count) with window functions."""
    in_vault = "w.prev_d IS NOT NULL AND (w.best_out IS NULL OR w.prev_d >= w.best_out)"
    return f"""
    WITH r AS (
      SELECT f.id, f.referral_date AS d, f.previous_marac_date AS o,
             coalesce(v.canonical_id, v.id) AS vic,
             CASE WHEN f.perpetrator_id IS NULL THEN NULL ELSE coalesce(p.canonical_id, p.id) END AS perp
      FROM referrals f JOIN persons v ON v.id = f.victim_id LEFT JOIN persons p ON p.id = f.perpetrator_id),
    ev AS (
      SELECT id, vic, perp, d AS day, 1 AS kind FROM r
      UNION ALL SELECT id, vic, perp, o, 0 FROM r WHERE o IS NOT NULL),
    ev2 AS (
      SELECT id, vic, perp, day, kind,
             max(CASE WHEN kind = 0 THEN day END) OVER (
               PARTITION BY vic, perp ORDER BY day, kind, id ROWS UNBOUNDED PRECEDING) AS best_out
      FROM ev),
    w AS (
      SELECT id, perp, day AS d, best_out, lag(day) OVER u AS prev_d, lag(id) OVER u AS prev_id
      FROM ev2 WHERE kind = 1 WINDOW u AS (PARTITION BY vic, perp ORDER BY day, id)),
    pw AS (
      SELECT id, d, lag(d) OVER (PARTITION BY perp ORDER BY d, id) AS pprev FROM r WHERE perp IS NOT NULL)
    SELECT w.id,
      CASE WHEN {in_vault} THEN w.d <= {_add_months_sql("w.prev_d")}
           WHEN w.best_out IS NOT NULL THEN w.d <= {_add_months_sql("w.best_out")} ELSE 0 END AS is_repeat,
      CASE WHEN {in_vault} AND w.d <= {_add_months_sql("w.prev_d")} THEN w.prev_id END AS repeat_of,
      CASE WHEN NOT ({in_vault}) AND w.best_out IS NOT NULL AND w.d <= {_add_months_sql("w.best_out")}
           THEN w.best_out END AS repeat_outside_date,
      coalesce(pw.pprev IS NOT NULL AND pw.d <= {_add_months_sql("pw.pprev")}, 0) AS perp_repeat
    FROM w LEFT JOIN pw ON pw.id = w.id
    """


def window_flags(conn: Any) -> dict[int, tuple[int, int | None, str | None, int]]:
    return {int(r[0]): (int(r[1]), r[2], r[3], int(r[4])) for r in conn.execute(window_flags_sql())}


def stored_flags(conn: Any) -> dict[int, tuple[int, int | None, str | None, int]]:
    return {
        int(r[0]): (int(r[1]), r[2], r[3], int(r[4]))
        for r in conn.execute(
            "SELECT id, is_repeat, repeat_of, repeat_outside_date, perp_repeat FROM referrals"
        )
    }


def write_flags(conn: Any, flags: dict[int, tuple[int, int | None, str | None, int]]) -> None:
    conn.execute("BEGIN")
    conn.executemany(
        "UPDATE referrals SET is_repeat = ?, repeat_of = ?, repeat_outside_date = ?, perp_repeat = ? WHERE id = ?",
        [(*f, rid) for rid, f in flags.items()],
    )
    conn.execute("COMMIT")


RESET_FLAGS = (
    "UPDATE referrals SET is_repeat = 0, repeat_of = NULL, repeat_outside_date = NULL,"
    " repeat_rule = NULL, perp_repeat = 0"
)


def reset_flags(conn: Any) -> None:
    conn.execute("BEGIN")
    conn.execute(RESET_FLAGS)
    conn.execute("COMMIT")
