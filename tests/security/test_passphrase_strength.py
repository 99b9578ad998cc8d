"""Issue 15 item 8: guessable passphrases are refused; the KDF calibration is not decided by one run."""

from __future__ import annotations

from pathlib import Path

import pytest

from dv_forum.errors import UserError
from dv_forum.vault import Vault, crypto
from tests.conftest import FLOOR_KDF, PASSPHRASE


@pytest.mark.parametrize("weak", ["abcdefghij", "ann1234567", "marac12345", "Password2024"])
def test_long_enough_but_guessable_passphrases_are_refused(tmp_path: Path, weak: str) -> None:
    with pytest.raises(UserError, match="too weak") as err:
        Vault.create(tmp_path / "v", "ann", weak, kdf=FLOOR_KDF)
    assert "guess" in err.value.message


def test_a_guessable_passphrase_is_refused_for_a_new_user_and_a_change(vault_dir: Path) -> None:
    v, _ = Vault.create(vault_dir, "coord", PASSPHRASE, kdf=FLOOR_KDF)
    with pytest.raises(UserError, match="too weak"):
        v.add_user("ann", "outreach", "ann1234567", PASSPHRASE)
    with pytest.raises(UserError, match="too weak"):
        v.change_passphrase(PASSPHRASE, "marac12345")
    v.close()


def test_calibration_warms_up_and_takes_the_median(monkeypatch: pytest.MonkeyPatch) -> None:
    # A cold first run (3 s) and one hiccup (2 s) among steady 0.1 s runs: the median is 0.1 s.
    durations = iter([3.0, 2.0, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1])
    now = [0.0]

    def fake_derive(passphrase: str, salt: bytes, params: crypto.KdfParams) -> bytes:
        now[0] += next(durations)
        return b"\0" * crypto.KEY_BYTES

    monkeypatch.setattr(crypto, "derive_passphrase_key", fake_derive)
    monkeypatch.setattr(crypto.time, "perf_counter", lambda: now[0])
    params = crypto.calibrate(target_s=0.5)
    # 0.1 s per 3 passes -> 15 passes for 0.5 s; one timed cold run would have stayed at the floor.
    assert params.iterations == 15
