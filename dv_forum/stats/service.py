"""What the CLI and the screen call: each function checks the user's permission, reads the rules
from the vault's settings, and audits exports, imports and reports (never with case data)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from dv_forum.fsio import atomic_write
from dv_forum.stats import incident_import
from dv_forum.stats import incidents as cs2
from dv_forum.stats.breakdowns import Breakdown, breakdown
from dv_forum.stats.display import Display
from dv_forum.stats.incidents import IncidentReport, incident_report
from dv_forum.stats.ni32 import RepeatReport, repeat_report
from dv_forum.stats.periods import Period, Unit, previous
from dv_forum.stats.rules import Rules, load_rules
from dv_forum.stats.safelives import SafeLivesReturn, safelives_return
from dv_forum.stats.tables import Table, export_csv
from dv_forum.vault import Perm, Vault


def rules(vault: Vault, basis: str | None = None) -> Rules:
    vault.require(Perm.VIEW_STATS)
    return load_rules(vault.conn).with_basis(basis)


def repeat(
    vault: Vault, start: date, end: date, by: Unit = "quarter", basis: str | None = None
) -> RepeatReport:
    return repeat_report(vault.conn, start, end, by, rules(vault, basis))


def incidents(vault: Vault, start: date, end: date) -> IncidentReport:
    vault.require(Perm.VIEW_STATS)
    return incident_report(vault.conn, start, end)


def safelives(vault: Vault, quarter: Period) -> SafeLivesReturn:
    return safelives_return(vault.conn, quarter, rules(vault))


def breakdowns(
    vault: Vault, period: Period, dimensions: list[str], trend: int = 4, unit: Unit = "quarter"
) -> list[Breakdown]:
    r = rules(vault)
    periods = previous(period, trend, unit)
    return [breakdown(vault.conn, d, periods, r.basis) for d in dimensions]


def set_incident_count(vault: Vault, month: str, count: int, area: str = "") -> None:
    vault.require(Perm.IMPORT)
    with vault.transaction():
        cs2.set_count(vault.conn, month, count, area)
        vault.audit("stats.incidents.enter", ref=month)


def import_incidents(vault: Vault, path: Path) -> int:
    """Import a month,count[,area] CSV: every row or none (InputError lists the problems)."""
    vault.require(Perm.IMPORT)
    rows = incident_import.parse_incidents(incident_import.read_file(Path(path)))
    with vault.transaction():
        n = incident_import.store(vault.conn, rows)
        vault.audit("stats.incidents.import", detail=f"{n} rows")
    return n


def export_tables(
    vault: Vault, path: Path, tables: list[Table], what: str, display: Display | None = None
) -> None:
    """CSV export of aggregate tables, with suppression as set (or as ``display`` says) and
    formula-injection protection."""
    vault.require(Perm.EXPORT)
    shown = display or rules(vault).display_rules()
    export_csv(Path(path), tables, shown)
    vault.audit("stats.export", ref=what, detail=f"csv; suppression {'on' if shown.suppress else 'off'}")


def strategy_report(
    vault: Vault, period: Period, path: Path, audience: str = "Strategy Group", copy_line: str = ""
) -> Path:
    """Write the Strategy Group (quarter) or LSP (half year) report PDF atomically."""
    from dv_forum.reports.strategy import report_pdf  # ReportLab only loads when a report is made

    vault.require(Perm.EXPORT)
    data = report_pdf(vault.conn, period, rules(vault), audience=audience, copy_line=copy_line)
    atomic_write(Path(path), data)
    vault.audit("stats.report", ref=period.label, detail=audience)
    return Path(path)
