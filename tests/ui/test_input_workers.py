"""An outreach client's worker is one of the outreach workers the vault knows: a list in the app,
a refusal naming the valid workers in the core and the CLI."""

from __future__ import annotations

from datetime import date

import pytest

from dv_forum.errors import UserError
from dv_forum.outreach import clients
from dv_forum.vault import Vault
from tests.conftest import PASSPHRASE
from tests.ui.test_outreach_screen import make


def test_the_app_offers_only_known_outreach_workers(qtbot, vault_factory):
    coord = vault_factory()
    for name in ("ann", "bea"):
        vault_factory(role="outreach", name=name)
    vault_factory(role="chair", name="chair1")
    ctx, screen = make(qtbot, coord)
    offered = [screen.new_client.n_worker.itemText(i) for i in range(screen.new_client.n_worker.count())]
    assert offered == ["(you)", "ann", "bea"]
    screen.new_client.n_worker.setCurrentIndex(2)
    screen.new_client.add()
    assert ctx.errors == []
    assert [c.worker for c in clients.list_clients(coord)] == ["bea"]
    assert screen.new_client.n_worker.currentIndex() == 0  # back to "(you)" for the next client


def test_core_refuses_an_unknown_worker_and_names_the_known_ones(vault_factory):
    coord = vault_factory()
    vault_factory(role="outreach", name="ann")
    with pytest.raises(UserError) as caught:
        clients.add_client(coord, date(2026, 3, 1), worker="zed")
    assert "zed" in str(caught.value) and "ann" in caught.value.next_step
    assert clients.list_clients(coord) == []
    assert clients.add_client(coord, date(2026, 3, 1), worker="ANN")  # same person, any case
    assert [c.worker for c in clients.list_clients(coord)] == ["ann"]


def test_cli_refuses_an_unknown_worker_with_the_list(cli, tmp_path):
    assert cli("init")[0] == 0
    v = Vault.open(tmp_path / "vault", "coordinator", PASSPHRASE)
    try:
        v.add_user("anne", "outreach", PASSPHRASE, PASSPHRASE)
        v.add_user("bea", "outreach", PASSPHRASE, PASSPHRASE)
    finally:
        v.close()
    code, out, err = cli(
        "--user", "coordinator", "outreach", "add-client", "--referred", "2026-03-01", "--worker", "zed"
    )
    assert code != 0
    assert "zed" in err and "anne, bea" in err
    code, out, err = cli(
        "--user", "coordinator", "outreach", "add-client", "--referred", "2026-03-01", "--worker", "bea"
    )
    assert code == 0, err
