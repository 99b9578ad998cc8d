"""MARAC-to-MARAC transfers between two vaults, through the CLI as a coordinator would use it."""

from __future__ import annotations

import io
import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader

from dv_forum.cases import referrals, transfer
from dv_forum.cases.linkage import Identity
from dv_forum.cases.transfer_file import MAGIC, TransferFileError
from dv_forum.marac import actions, agenda, meetings, minutes
from dv_forum.reports import pack
from dv_forum.vault import Vault
from tests.conftest import FLOOR_KDF, PASSPHRASE

RECENT = (date.today() - timedelta(days=60)).isoformat()


def _sender(folder: Path) -> str:
    v, _ = Vault.create(folder, "coord", PASSPHRASE, kdf=FLOOR_KDF)
    try:
        from dv_forum.cases.settings import MARAC_NAME
        from dv_forum.settings import set_setting

        with v.transaction() as conn:
            set_setting(conn, MARAC_NAME, "Charnwood")
        raw = {
            "referral_date": RECENT,
            "victim_initials": "JD",
            "victim_age": 31,
            "children": 2,
            "dash_score": 15,
        }
        ref = referrals.create(
            v, raw, Identity("Doe", "Jane", "1990-01-01"), Identity("Roe", "Rick", "1988-02-02")
        )
        m = meetings.add_meeting(v, (date.today() - timedelta(days=50)).isoformat())
        rid = v.conn.execute("SELECT id FROM referrals WHERE case_ref = ?", (ref,)).fetchone()[0]
        agenda.add_cases(v, m.id, [rid])
        minutes.set_minutes(v, m.id, rid, "Police: bail conditions in place.")
        actions.add_action(v, m.id, rid, "Housing", "Sanctuary scheme referral")
        return ref
    finally:
        v.close()


def _receiver(folder: Path) -> None:
    v, _ = Vault.create(folder, "coord", PASSPHRASE, kdf=FLOOR_KDF)
    v.close()


def test_a_pack_from_one_vault_shows_on_the_other_vaults_agenda(cli, tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    ref = _sender(a)
    _receiver(b)
    out_file = tmp_path / "case.dvtransfer"
    code, out, err = cli(
        "transfer",
        "out",
        ref,
        "--to",
        "Leicester City",
        "--out",
        str(out_file),
        "--json",
        env={"DV_FORUM_VAULT": str(a)},
    )
    assert code == 0, err
    sent = json.loads(out)
    assert sent["file"] == str(out_file) and len(sent["password"]) >= 12
    data = out_file.read_bytes()
    assert data.startswith(MAGIC) and b"Sanctuary" not in data and b"JD" not in data
    code, out, err = cli("cases", "show", ref, "--json", env={"DV_FORUM_VAULT": str(a)})
    shown = json.loads(out)
    assert shown["status"] == "closed" and shown["transfer"].startswith("transferred out to Leicester City")

    env_b = {"DV_FORUM_VAULT": str(b), "DV_FORUM_TRANSFER_PASSWORD": sent["password"]}
    code, out, err = cli("transfer", "in", str(out_file), "--json", env=env_b)
    assert code == 0, err
    got = json.loads(out)
    assert got["from"] == "Charnwood" and got["their_ref"] == ref
    # The previous MARAC was 60 days ago with the same perpetrator: a repeat here.
    assert got["repeat"] is True and got["previous_marac_date"] == RECENT

    code, out, _ = cli("cases", "list", "--json", env=env_b)
    (case,) = json.loads(out)["cases"]
    assert case["transfer"].startswith("transferred in from Charnwood") and case["repeat"] is True
    assert case["initials"] == "JD" and case["children"] == 2
    code, out, _ = cli("cases", "show", got["case_ref"], env=env_b)
    assert "transferred in from Charnwood" in out
    code, out, _ = cli("transfer", "show", got["case_ref"], "--json", env=env_b)
    received = json.loads(out)["received"]
    assert received["minutes"][0]["information"] == "Police: bail conditions in place."
    assert received["actions"][0]["description"] == "Sanctuary scheme referral"

    v = Vault.open(b, "coord", PASSPHRASE)
    try:
        m = meetings.add_meeting(v, (date.today() + timedelta(days=7)).isoformat())
        agenda.accept_proposal(v, m.id)
        (row,) = agenda.agenda(v, m.id)
        assert row.transferred_from == "Charnwood"
        pdf = PdfReader(io.BytesIO(pack.pack_bytes(pack._load_for_print(v, m.id))))
        text = " ".join(" ".join(p.extract_text().split()) for p in pdf.pages)
        assert "transferred in from Charnwood" in text
    finally:
        v.close()

    code, _, err = cli("transfer", "in", str(out_file), env=env_b)
    assert code == 1 and "already imported" in err


def test_not_the_same_perpetrator_is_kept_but_is_no_repeat(cli, tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    ref = _sender(a)
    _receiver(b)
    f = tmp_path / "t.dvtransfer"
    _, out, _ = cli(
        "transfer", "out", ref, "--to", "City", "--out", str(f), "--json", env={"DV_FORUM_VAULT": str(a)}
    )
    pw = json.loads(out)["password"]
    env_b = {"DV_FORUM_VAULT": str(b), "DV_FORUM_TRANSFER_PASSWORD": pw}
    code, out, err = cli("transfer", "in", str(f), "--same-perpetrator", "not_known", "--json", env=env_b)
    assert code == 0, err and json.loads(out)["repeat"] is False
    _, out, _ = cli("transfer", "list", "--json", env=env_b)
    (t,) = json.loads(out)["transfers"]
    assert t["same_perpetrator"] == "not_known" and t["previous_marac_date"] == RECENT


def test_a_wrong_password_or_a_changed_file_is_refused(cli, tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    ref = _sender(a)
    _receiver(b)
    f = tmp_path / "t.dvtransfer"
    cli("transfer", "out", ref, "--to", "City", "--out", str(f), env={"DV_FORUM_VAULT": str(a)})
    env_b = {"DV_FORUM_VAULT": str(b), "DV_FORUM_TRANSFER_PASSWORD": "not-the-password"}
    code, _, err = cli("transfer", "in", str(f), env=env_b)
    assert code == 1 and "password does not open" in err
    _, out, _ = cli("cases", "list", "--json", env=env_b)
    assert json.loads(out)["cases"] == []


def test_a_second_transfer_out_is_refused_and_the_header_is_authenticated(tmp_path):
    ref = _sender(tmp_path / "a")
    v = Vault.open(tmp_path / "a", "coord", PASSPHRASE)
    try:
        done = transfer.transfer_out(v, ref, "City", tmp_path / "t.dvtransfer")
        with pytest.raises(Exception, match="already transferred"):
            transfer.transfer_out(v, ref, "Other", tmp_path / "u.dvtransfer")
        assert not (tmp_path / "u.dvtransfer").exists()
    finally:
        v.close()
    data = bytearray((tmp_path / "t.dvtransfer").read_bytes())
    data[data.index(b'"n": 32768') + 5 : data.index(b'"n": 32768') + 10] = b"16384"
    with pytest.raises(TransferFileError):
        transfer.open_sealed(bytes(data), done.password)


def test_the_household_travels_with_the_case(tmp_path):
    """Children as victims in their own right and every perpetrator leave with the case: the
    receiving MARAC sees the same records (ages, relationships, social care), keyed afresh."""
    from dv_forum.cases import household

    a, b = tmp_path / "a", tmp_path / "b"
    _receiver(a)
    _receiver(b)
    v = Vault.open(a, "coord", PASSPHRASE)
    kids = [household.child(4, "child", "child", "yes"), household.child("expected", "child", "child")]
    further = [household.perpetrator("F", 19, None, "family member", Identity("Roe", "Ann", "2007-03-03"))]
    ref = referrals.create(
        v,
        {"referral_date": RECENT, "victim_initials": "JD", "victim_age": 31, "perp_relationship": "partner"},
        Identity("Doe", "Jane", "1990-01-01"),
        Identity("Roe", "Rick", "1988-02-02"),
        children=kids,
        perpetrators=further,
    )
    sent = transfer.transfer_out(v, ref, "Leicester City", tmp_path / "case.dvtransfer")
    v.close()
    data = (tmp_path / "case.dvtransfer").read_bytes()
    assert b"Roe" not in data and b"2007-03-03" not in data  # sealed, and no identities at all
    w = Vault.open(b, "coord", PASSPHRASE)
    got = transfer.transfer_in(w, sent.file, sent.password)
    case = referrals.get(w, got.case_ref)
    w.close()
    assert [(c["age"], c["to_victim"], c["social_care"]) for c in case["child_records"]] == [
        (4, "child", "yes"),
        (None, "child", "not_known"),
    ]
    assert case["children"] == 2 and case["perp_relationship"] == "partner"
    assert [(p["n"], p["gender"], p["age"], p["relationship"]) for p in case["perpetrators"]] == [
        (1, None, None, "partner"),
        (2, "F", 19, "family"),
    ]


def test_the_same_perpetrator_answer_is_kept_and_not_known_goes_to_review(tmp_path):
    from dv_forum.cases import review

    a, b = tmp_path / "a", tmp_path / "b"
    ref = _sender(a)
    _receiver(b)
    v = Vault.open(a, "coord", PASSPHRASE)
    sent = transfer.transfer_out(v, ref, "Leicester City", tmp_path / "case.dvtransfer")
    v.close()
    w = Vault.open(b, "coord", PASSPHRASE)
    got = transfer.transfer_in(w, sent.file, sent.password, same_perpetrator="not_known")
    case = referrals.get(w, got.case_ref)
    listed = [c["case_ref"] for c in review.for_review(w)]
    w.close()
    assert not got.repeat and case["previous_marac_where"] == "Charnwood"
    assert case["previous_marac_same_perpetrator"] == "not_known" and listed == [got.case_ref]
