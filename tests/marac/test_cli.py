import json

from dv_forum.vault import Vault
from tests.conftest import PASSPHRASE
from tests.marac.conftest import insert_referral


def _seed(tmp_path):
    from dv_forum.marac import agenda, attendance, meetings

    v = Vault.open(tmp_path / "vault", "coordinator", PASSPHRASE)
    try:
        m = meetings.get_meeting(v, "2026-03-12")
        rid = insert_referral(v, "NWL-CLI-0001", "2026-03-01")
        agenda.add_cases(v, m.id, [rid])
        attendance.set_attendance(v, m.id, "Housing", "present", "H Officer")
        from dv_forum.marac import actions

        actions.add_action(v, m.id, rid, "Housing", "Visit", due="2026-03-01")
    finally:
        v.close()


def test_meetings_pack_minutes_actions(cli, tmp_path):
    assert cli("init")[0] == 0
    code, out, err = cli("meetings", "add", "12/03/2026", "--venue", "CV-HUB", "--chair", "DI Chair")
    assert code == 0, err
    code, out, _ = cli("meetings", "list", "--json")
    assert json.loads(out)[0]["date"] == "2026-03-12"
    _seed(tmp_path)
    code, out, err = cli("pack", "2026-03-12", "--out", str(tmp_path / "chair.pdf"))
    assert code == 0, err and "Chair's copy" in out
    code, out, err = cli(
        "pack",
        "2026-03-12",
        "--out",
        str(tmp_path / "h.pdf"),
        "--recipient",
        "Housing",
        "--encrypt",
    )
    assert code == 0, err
    assert "Copy 1 of 1: Housing" in out and "Password (shown once" in out
    assert "NWL" not in err
    code, out, err = cli("pack", "2026-03-12", "--out", str(tmp_path / "p.pdf"), "--recipient", "Police")
    assert code == 1 and "not recorded as present" in err and "Record its attendance" in err
    code, out, err = cli("minutes", "2026-03-12", "--out", str(tmp_path / "m.pdf"))
    assert code == 0, err and (tmp_path / "m.pdf").exists()
    code, out, err = cli("actions", "list", "--overdue", "--json")
    assert code == 0 and json.loads(out)[0]["case_ref"] == "NWL-CLI-0001"
    code, out, err = cli("pack", "2026-05-01", "--out", str(tmp_path / "x.pdf"))
    assert code == 1 and "no MARAC meeting" in err
