"""S16 least privilege: every role against every action the core services and the CLI expose.

The expected table is written out from the design (coordinator: everything; outreach worker: their own
outreach clients and Freedom Programme attendance; MARAC chair: read meetings and cases heard, print
packs), not derived from the code's permission map, so a drift in either is caught. Every denied
attempt must raise PermissionDenied, change nothing, and add a 'denied' audit row."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from dv_forum.errors import PermissionDenied
from dv_forum.outreach import onward
from dv_forum.outreach.access import NotOnCaseload
from dv_forum.outreach.onward import OnwardNotFound
from dv_forum.vault import Vault
from tests.conftest import FLOOR_KDF, PASSPHRASE
from tests.reliability import world

Q = date(2026, 1, 1), date(2026, 3, 31)


def _quarter() -> Any:
    from dv_forum.stats.periods import parse_quarter

    return parse_quarter("2025-Q4")


def _write(path: Path, text: str) -> Path:
    path.write_text(text)
    return path


def _latest_contact(v: Vault) -> int:
    return int(v.conn.execute("SELECT max(id) FROM outreach_contacts").fetchone()[0])


def _first_onward(v: Vault) -> int:
    return int(v.conn.execute("SELECT min(id) FROM outreach_onward").fetchone()[0])


def _actions(tmp: Path, w: dict[str, Any]) -> dict[str, Callable[[Vault], object]]:
    from dv_forum.cases import retention
    from dv_forum.freedom import attendance as fattendance
    from dv_forum.freedom import cohorts, participants, summary
    from dv_forum.freedom.report import write_cohort_report
    from dv_forum.marac import actions, agenda, attendance, meetings, minutes
    from dv_forum.outreach import clients, contacts
    from dv_forum.reports import minutes_pdf, pack
    from dv_forum.stats import service
    from dv_forum.stats.report_tables import repeat_table

    meeting = w["meeting"].id
    csv = tmp / "in.csv"
    return {
        "vault.add_user": lambda v: v.add_user("newbie", "chair", PASSPHRASE, PASSPHRASE),
        "vault.backup": lambda v: v.backup(tmp / f"b-{v.user.name}.dvbackup"),
        "vault.rotate_key": lambda v: v.rotate_key(PASSPHRASE),
        "stats.repeat": lambda v: service.repeat(v, *Q),
        "stats.incidents": lambda v: service.incidents(v, *Q),
        "stats.safelives": lambda v: service.safelives(v, _quarter()),
        "stats.import": lambda v: service.import_incidents(v, _write(csv, "month,count\n2026-01,3\n")),
        "stats.enter_count": lambda v: service.set_incident_count(v, "2026-02", 4),
        "stats.export": lambda v: service.export_tables(
            v, tmp / f"e-{v.user.name}.csv", [repeat_table(service.repeat(v, *Q))], "t"
        ),
        "stats.report": lambda v: service.strategy_report(v, _quarter(), tmp / f"s-{v.user.name}.pdf"),
        "marac.add_meeting": lambda v: meetings.add_meeting(v, "2026-09-10", "CV-HUB", "DI Chair"),
        "marac.agenda": lambda v: agenda.agenda(v, meeting),
        "marac.attendance": lambda v: attendance.attendance(v, meeting),
        "marac.set_summary": lambda v: agenda.set_summary(v, meeting, w["refs"][0], "x"),
        "marac.add_action": lambda v: actions.add_action(v, meeting, w["refs"][0], "Police", "x", None, None),
        "marac.minutes_edit": lambda v: minutes.set_minutes(v, meeting, w["refs"][0], "x"),
        "marac.print_pack": lambda v: pack.render_pack(v, meeting),
        "marac.print_minutes": lambda v: minutes_pdf.render_minutes(v, meeting),
        "outreach.own_client": lambda v: clients.add_client(v, "2026-03-01"),
        "outreach.other_worker_client": lambda v: clients.add_client(
            v, "2026-03-01", worker=next(n for n in ("outreach1", "coord") if n != v.user.name)
        ),
        "outreach.list_all": lambda v: clients.list_clients(v, worker="coord"),
        "outreach.contact_on_others_client": lambda v: contacts.record_contact(
            v, world.IDENTITY["outreach_code"], at="2026-03-02T09:00", type="phone", safe=True
        ),
        # Named so the coordinator corrects, then deletes, the contact she has just recorded.
        "outreach.correct_contact_on_others_client": lambda v: contacts.update_contact(
            v, world.IDENTITY["outreach_code"], _latest_contact(v), type="text"
        ),
        "outreach.delete_contact_on_others_client": lambda v: contacts.delete_contact(
            v, world.IDENTITY["outreach_code"], _latest_contact(v)
        ),
        "outreach.onward_outcome_on_others_client": lambda v: onward.set_onward_outcome(
            v, _first_onward(v), accepted=True
        ),
        "freedom.create_cohort": lambda v: cohorts.create_cohort(v, "V2", "2026-09-07", "10:00"),
        "freedom.add_participant": lambda v: participants.add_participant(v),
        "freedom.summaries": lambda v: summary.cohort_summaries(v),
        "freedom.attendance": lambda v: fattendance.record_attendance(
            v, w["cohort"], 1, {world.IDENTITY["freedom_code"]: "present"}
        ),
        "freedom.report": lambda v: write_cohort_report(v, w["cohort"], tmp / f"f-{v.user.name}.pdf"),
        "retention.report": lambda v: retention.report(v),
        "retention.purge": lambda v: retention.purge(v),
        "cases.erase": lambda v: retention.erase_case(v, "NWL-2026-0003", "test"),
    }


ALLOWED = {
    # Freedom Programme summaries and the cohort report are counts only, no participant detail.
    "outreach": {"outreach.own_client", "freedom.summaries", "freedom.report", "freedom.attendance"},
    "chair": {"marac.agenda", "marac.attendance", "marac.print_pack", "marac.print_minutes"},
}


def _names() -> list[str]:
    return sorted(
        _actions(Path("/nonexistent"), {"meeting": type("M", (), {"id": 0})(), "refs": [0], "cohort": ""})
    )


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """One vault with a coordinator, an outreach worker and a chair signed in (denied attempts change
    nothing, so the role tests can share it; the coordinator's run last)."""
    tmp = tmp_path_factory.mktemp("office")
    coord, _ = Vault.create(tmp / "vault", "coord", PASSPHRASE, kdf=FLOOR_KDF)
    w = world.build(coord)
    users = {"coordinator": coord}
    for role in ("outreach", "chair"):
        coord.add_user(f"{role}1", role, PASSPHRASE, PASSPHRASE)
        users[role] = Vault.open(tmp / "vault", f"{role}1", PASSPHRASE)
    yield {"users": users, "actions": _actions(tmp, w)}
    for v in users.values():
        v.close()


def _denials(v: Vault) -> list[str]:
    return [r[0] for r in v.conn.execute("SELECT user FROM audit WHERE action = 'denied' ORDER BY id")]


@pytest.mark.parametrize("role", ["outreach", "chair"])
@pytest.mark.parametrize("action", _names())
def test_s16_role_against_action(office: dict[str, Any], role: str, action: str) -> None:
    coord, user = office["users"]["coordinator"], office["users"][role]
    run = office["actions"][action]
    before = _denials(coord)
    if action in ALLOWED[role]:
        run(user)
        assert _denials(coord) == before
        return
    # NotOnCaseload and OnwardNotFound are the outreach area's deliberate denials: one message whether
    # or not the client (or referral) exists, so codes and ids cannot be probed. Audited like any other.
    with pytest.raises((PermissionDenied, NotOnCaseload, OnwardNotFound)):
        run(user)
    after = _denials(coord)
    assert after == [*before, user.user.name], "the denial was not audited exactly once"


@pytest.mark.parametrize("action", _names())
def test_s16_coordinator_may_do_everything(office: dict[str, Any], action: str) -> None:
    coord = office["users"]["coordinator"]
    before = _denials(coord)
    office["actions"][action](coord)
    assert _denials(coord) == before


CLI_DENIED = {
    "users add": ("users", "add", "eve", "--role", "coordinator"),
    "backup": ("backup", "{tmp}/b.dvbackup"),
    "rotate-key": ("rotate-key",),
    "audit list": ("audit", "list"),
    "settings set": ("settings", "set", "retention.years", "1"),
    "import incidents": ("import", "incidents", "{tmp}/in.csv"),
    "stats export": ("stats", "export", "--quarter", "2025-Q4", "--out", "{tmp}/e.csv"),
    "retention purge": ("retention", "purge", "--yes"),
    "cases erase": ("cases", "erase", "NWL-2026-0001", "--reason", "x"),
    "meetings add": ("meetings", "add", "2026-10-01"),
}


@pytest.mark.parametrize("role", ["outreach", "chair"])
@pytest.mark.parametrize("command", sorted(CLI_DENIED))
def test_s16_cli_commands_deny_and_audit(
    vault_factory: Callable[..., Vault],
    cli: Callable[..., tuple[int, str, str]],
    tmp_path: Path,
    role: str,
    command: str,
) -> None:
    coord = vault_factory()
    vault_factory(role).close()
    (tmp_path / "in.csv").write_text("month,count\n2026-01,3\n")
    argv = [a.format(tmp=tmp_path) for a in CLI_DENIED[command]]
    code, out, err = cli("--user", f"{role}1", *argv)
    assert code == 1 and "may not" in err, (out, err)
    assert "Traceback" not in err
    rows = coord.conn.execute("SELECT user FROM audit WHERE action = 'denied'").fetchall()
    assert [r[0] for r in rows] == [f"{role}1"]
    assert not (tmp_path / "b.dvbackup").exists() and not (tmp_path / "e.csv").exists()
