"""The chair's own vault: what the coordinator's vault sent her (meeting, agenda with summaries,
cases heard, actions) is readable and printable there as a marked pack, with no referral in her
vault, and her acknowledgement travels back."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

from dv_forum.exchange import chair
from dv_forum.marac import actions, agenda, meetings
from dv_forum.reports import received_pack
from dv_forum.vault import Vault
from tests.marac.conftest import insert_referral

from .vaults import coordinator, enrol_and_join, exchange


@pytest.fixture
def pair(tmp_path: Path) -> Iterator[tuple[Vault, Vault]]:
    coord = coordinator(tmp_path / "coord")
    ch = enrol_and_join(coord, "chair", "chair", tmp_path / "chair")
    rid = insert_referral(coord, "NWL-2026-0001", "2026-01-10")
    m = meetings.add_meeting(coord, "2026-02-04", venue="V1", chair="DI Jones")
    agenda.add_cases(coord, m.id, [rid])
    agenda.set_summary(coord, m.id, rid, "Victim moved; bail conditions to be checked.")
    actions.add_action(coord, m.id, rid, "Police", "Check bail conditions", due="2026-02-18")
    exchange(coord, ch)
    yield coord, ch
    coord.close()
    ch.close()


def test_the_chairs_pack_is_made_in_her_vault_and_marked_on_every_page(pair, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _, ch = pair
    assert ch.conn.execute("SELECT count(*) FROM referrals").fetchone()[0] == 0
    written = received_pack.write(ch, "2026-02-04", tmp_path / "pack.pdf")
    reader = PdfReader(written.path)
    pages = [page.extract_text() for page in reader.pages]
    assert all("OFFICIAL-SENSITIVE" in text for text in pages)
    whole = "\n".join(pages)
    assert (
        "NWL-2026-0001" in whole
        and "bail conditions to be checked" in whole
        and "Check bail conditions" in whole
    )
    assert written.path.stat().st_mode & 0o077 == 0
    locked = received_pack.write(ch, "2026-02-04", tmp_path / "locked.pdf", encrypt=True)
    assert locked.password and PdfReader(io.BytesIO(locked.path.read_bytes())).is_encrypted


def test_a_meeting_not_received_is_refused_in_one_line(pair, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from dv_forum.errors import UserError

    _, ch = pair
    with pytest.raises(UserError, match="No meeting on 2026-03-04 has arrived"):
        received_pack.write(ch, "2026-03-04", tmp_path / "none.pdf")
    assert not (tmp_path / "none.pdf").exists()


def test_the_acknowledgement_is_shown_on_her_side_and_travels_back(pair) -> None:  # type: ignore[no-untyped-def]
    coord, ch = pair
    [pack] = chair.meeting_packs(ch.conn)
    chair.acknowledge(ch, "2026-02-04")
    assert chair.acknowledged(ch.conn) == {pack["meeting"]}
    exchange(ch, coord)
    assert list(chair.acknowledgements(coord.conn)) == ["2026-02-04"]
