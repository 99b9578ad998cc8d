"""The SafeLives quarterly MARAC data return: per meeting date in the quarter, and totals.

Cases are those heard at MARAC (heard_date in the quarter), whatever the NI 32 basis setting, since
the return counts cases discussed at meetings. Children are referrals.children, which the child
records keep (cases.household); a case counts as having a perpetrator under 18 when any of its
perpetrators is. A meeting held in the quarter with no cases still
gets a row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from dv_forum.stats.display import per_10k, rate
from dv_forum.stats.periods import Period
from dv_forum.stats.rules import Rules
from dv_forum.vault.db import Connection

NOT_RECORDED = "Not recorded"

# One aggregate row per meeting date; the police test is a parameter list, not text in the SQL.
_COLUMNS = """
    count(*),
    total(is_repeat != 0),
    total(coalesce(children, 0)),
    total(coalesce(children, 0) > 0),
    total(referring_agency IS NOT NULL AND trim(referring_agency) != ''
          AND lower(trim(referring_agency)) NOT IN ({police})),
    total(bame = 1),
    total(lgbt = 1),
    total(disability = 1),
    total(victim_gender = 'M'),
    total(victim_age BETWEEN 16 AND 17),
    total(any_perp_under18)
"""
_FIELDS = (
    "cases",
    "repeats",
    "children",
    "households_with_children",
    "partner_agency",
    "bame",
    "lgbt",
    "disability",
    "male_victims",
    "victims_16_17",
    "perpetrators_under_18",
)
PERCENT_OF_CASES = ("repeats", "partner_agency", "bame", "lgbt", "disability", "male_victims")


@dataclass
class ReturnRow:
    label: str  # the meeting date (ISO) or "Total"
    counts: dict[str, int]
    population: int
    months: int = 3
    agencies: dict[str, int] = field(default_factory=dict)

    @property
    def cases(self) -> int:
        return self.counts["cases"]

    def pct(self, name: str) -> float | None:
        return rate(self.counts[name], self.cases)

    def per_10k(self) -> float | None:
        return per_10k(self.cases, self.population)

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"label": self.label, **self.counts}
        for name in PERCENT_OF_CASES:
            out[f"{name}_pct"] = self.pct(name)
        out["cases_per_10k_adult_females"] = self.per_10k()
        out["by_referring_agency"] = dict(self.agencies)
        return out


@dataclass
class SafeLivesReturn:
    quarter: Period
    rules: Rules
    meetings: list[ReturnRow]
    total: ReturnRow

    @property
    def annual_per_10k(self) -> float | None:
        """The quarter's cases scaled to a year, to set against the ~40 per 10,000 expectation."""
        return per_10k(4 * self.total.cases, self.rules.adult_female_population)

    def as_dict(self) -> dict[str, Any]:
        return {
            "quarter": self.quarter.as_dict(),
            "rules": self.rules.as_dict(),
            "adult_female_population": self.rules.adult_female_population or None,
            "meetings": [m.as_dict() for m in self.meetings],
            "total": self.total.as_dict(),
            "annualised_cases_per_10k_adult_females": self.annual_per_10k,
        }


def _police_params(rules: Rules) -> tuple[str, list[str]]:
    names = list(rules.police_agencies) or ["police"]
    return ", ".join("?" for _ in names), names


def safelives_return(conn: Connection, quarter: Period, rules: Rules) -> SafeLivesReturn:
    marks, police = _police_params(rules)
    bounds = [quarter.start.isoformat(), quarter.end.isoformat()]
    rows = conn.execute(
        f"SELECT heard_date, {_COLUMNS.format(police=marks)} FROM stat_referrals "
        "WHERE heard_date BETWEEN ? AND ? GROUP BY heard_date",
        [*police, *bounds],
    ).fetchall()
    per_day = {r[0]: dict(zip(_FIELDS, (int(v) for v in r[1:]), strict=True)) for r in rows}
    agencies: dict[str, dict[str, int]] = {}
    for day, agency, n in conn.execute(
        "SELECT heard_date, coalesce(nullif(trim(referring_agency), ''), ?), count(*) "
        "FROM stat_referrals WHERE heard_date BETWEEN ? AND ? GROUP BY 1, 2",
        [NOT_RECORDED, *bounds],
    ):
        agencies.setdefault(day, {})[agency] = int(n)
    held = [
        r[0]
        for r in conn.execute(
            "SELECT date FROM meetings WHERE date BETWEEN ? AND ? AND status != 'scheduled'", bounds
        )
    ]
    empty = dict.fromkeys(_FIELDS, 0)
    population = rules.adult_female_population
    meetings = [
        ReturnRow(day, per_day.get(day, dict(empty)), population, agencies=agencies.get(day, {}))
        for day in sorted(set(per_day) | set(held))
    ]
    totals = {name: sum(m.counts[name] for m in meetings) for name in _FIELDS}
    all_agencies: dict[str, int] = {}
    for m in meetings:
        for agency, n in m.agencies.items():
            all_agencies[agency] = all_agencies.get(agency, 0) + n
    ordered = dict(sorted(all_agencies.items(), key=lambda kv: (-kv[1], kv[0])))
    return SafeLivesReturn(quarter, rules, meetings, ReturnRow("Total", totals, population, agencies=ordered))
