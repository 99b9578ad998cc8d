"""The SafeLives quarterly MARAC data return: per meeting date in the quarter, the quarter's total,
and the financial year so far (each quarter and the year's total) beside it.

Cases are those heard at MARAC (heard_date in the period), whatever the NI 32 basis setting, since
the return counts cases discussed at meetings. Children are referrals.children, which the child
records keep (cases.household); a case counts as having a perpetrator aged 17 or under when any of
its perpetrators is. A meeting held in the quarter with no cases still gets a row. Purged cases
count through their stubs (cases/stubs.py), so a return already sent can be made again unchanged.

What is submitted holds exact counts; small-number suppression is for publication only and is
applied at printing when asked for (``stats return --publish``), never here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from dv_forum.stats.display import per_10k, rate
from dv_forum.stats.periods import Period, fy_quarter, fy_start_year, fy_year
from dv_forum.stats.rules import CATEGORIES, Rules, category_of
from dv_forum.vault.db import Connection

NOT_RECORDED = "Not recorded"
# SafeLives' national expectation: about 40 cases a year per 10,000 females aged 16 and over.
EXPECTED_PER_10K = 40

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
    label: str  # the meeting date (ISO), a quarter, or a total
    counts: dict[str, int]
    population: int
    months: int = 3  # the months the row covers, to annualise cases per 10,000
    agencies: dict[str, int] = field(default_factory=dict)  # local referring agency names
    categories: dict[str, int] = field(default_factory=dict)  # SafeLives' agency categories

    @property
    def cases(self) -> int:
        return self.counts["cases"]

    def pct(self, name: str) -> float | None:
        return rate(self.counts[name], self.cases)

    def per_10k(self) -> float | None:
        return per_10k(self.cases, self.population)

    def annual_per_10k(self) -> float | None:
        """Cases scaled to a year per 10,000 females aged 16+, to set against EXPECTED_PER_10K."""
        return per_10k(12 * self.cases, self.population * self.months) if self.months else None

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"label": self.label, **self.counts}
        for name in PERCENT_OF_CASES:
            out[f"{name}_pct"] = self.pct(name)
        out["cases_per_10k_females_16_plus"] = self.per_10k()
        out["annualised_cases_per_10k_females_16_plus"] = self.annual_per_10k()
        out["by_referring_agency"] = dict(self.agencies)
        out["by_safelives_category"] = dict(self.categories)
        return out


@dataclass
class SafeLivesReturn:
    quarter: Period
    rules: Rules
    meetings: list[ReturnRow]
    total: ReturnRow  # the quarter
    year_quarters: list[ReturnRow] = field(default_factory=list)  # the financial year, Q1 to this one
    year: ReturnRow | None = None  # the financial year so far

    @property
    def annual_per_10k(self) -> float | None:
        """The quarter's cases scaled to a year, to set against the ~40 per 10,000 expectation."""
        return self.total.annual_per_10k()

    def as_dict(self) -> dict[str, Any]:
        year = self.year or self.total
        return {
            "quarter": self.quarter.as_dict(),
            "rules": self.rules.as_dict(),
            "female_population_16_plus": self.rules.adult_female_population or None,
            "expected_cases_per_10k_a_year": EXPECTED_PER_10K,
            "meetings": [m.as_dict() for m in self.meetings],
            "total": self.total.as_dict(),
            "annualised_cases_per_10k_females_16_plus": self.annual_per_10k,
            "financial_year": {
                "label": year.label,
                "quarters": [q.as_dict() for q in self.year_quarters],
                "total": year.as_dict(),
            },
        }


def _police_params(rules: Rules) -> tuple[str, list[str]]:
    names = list(rules.police_agencies) or ["police"]
    return ", ".join("?" for _ in names), names


def _per_day(conn: Connection, start: str, end: str, rules: Rules) -> dict[str, ReturnRow]:
    """One row per heard date in ``start``..``end`` (ISO, inclusive)."""
    marks, police = _police_params(rules)
    rows = conn.execute(
        f"SELECT heard_date, {_COLUMNS.format(police=marks)} FROM stat_referrals "
        "WHERE heard_date BETWEEN ? AND ? GROUP BY heard_date",
        [*police, start, end],
    ).fetchall()
    pop = rules.adult_female_population
    out = {
        r[0]: ReturnRow(r[0], dict(zip(_FIELDS, (int(v) for v in r[1:]), strict=True)), pop, months=0)
        for r in rows
    }
    for day, agency, n in conn.execute(
        "SELECT heard_date, coalesce(nullif(trim(referring_agency), ''), ?), count(*) "
        "FROM stat_referrals WHERE heard_date BETWEEN ? AND ? GROUP BY 1, 2",
        [NOT_RECORDED, start, end],
    ):
        out[day].agencies[agency] = int(n)
        cat = NOT_RECORDED if agency == NOT_RECORDED else category_of(agency, rules)
        out[day].categories[cat] = out[day].categories.get(cat, 0) + int(n)
    return out


def _sum(label: str, rows: list[ReturnRow], population: int, months: int) -> ReturnRow:
    counts = {name: sum(m.counts[name] for m in rows) for name in _FIELDS}
    agencies: dict[str, int] = {}
    categories: dict[str, int] = {}
    for m in rows:
        for agency, n in m.agencies.items():
            agencies[agency] = agencies.get(agency, 0) + n
        for cat, n in m.categories.items():
            categories[cat] = categories.get(cat, 0) + n
    ordered = dict(sorted(agencies.items(), key=lambda kv: (-kv[1], kv[0])))
    order = [*CATEGORIES, NOT_RECORDED]
    cats = {c: categories[c] for c in order if c in categories}
    return ReturnRow(label, counts, population, months, ordered, cats)


def safelives_return(conn: Connection, quarter: Period, rules: Rules) -> SafeLivesReturn:
    fy = fy_start_year(quarter.start)
    year = fy_year(fy)
    days = _per_day(conn, year.start.isoformat(), quarter.end.isoformat(), rules)
    lo, hi = quarter.start.isoformat(), quarter.end.isoformat()
    held = [
        r[0]
        for r in conn.execute(
            "SELECT date FROM meetings WHERE date BETWEEN ? AND ? AND status != 'scheduled'", (lo, hi)
        )
    ]
    pop = rules.adult_female_population
    empty = dict.fromkeys(_FIELDS, 0)
    meetings = [
        days.get(day) or ReturnRow(day, dict(empty), pop, months=0)
        for day in sorted({d for d in days if lo <= d <= hi} | set(held))
    ]
    quarters = []
    for q in range(1, 5):
        period = fy_quarter(fy, q)
        if period.start > quarter.start:
            break
        inside = [r for d, r in days.items() if period.start.isoformat() <= d <= period.end.isoformat()]
        quarters.append(_sum(period.label, inside, pop, 3))
    label = year.label if len(quarters) == 4 else f"{year.label} to {quarter.end.isoformat()}"
    return SafeLivesReturn(
        quarter,
        rules,
        meetings,
        _sum("Total", meetings, pop, 3),
        quarters,
        _sum(label, quarters, pop, 3 * len(quarters)),
    )
