"""Shared fixtures. Every test gets a private HOME, config, log and temp folder, and a keyring that
is never the real one."""

from __future__ import annotations

import io
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

_SANDBOX = Path(tempfile.mkdtemp(prefix="dvf-test-"))
for _name in ("home", "tmp", "config", "logs", "data", "cache"):
    (_SANDBOX / _name).mkdir(mode=0o700, exist_ok=True)
os.environ.update(
    {
        "HOME": str(_SANDBOX / "home"),
        "TMPDIR": str(_SANDBOX / "tmp"),
        "XDG_CONFIG_HOME": str(_SANDBOX / "config"),
        "XDG_DATA_HOME": str(_SANDBOX / "data"),
        "XDG_CACHE_HOME": str(_SANDBOX / "cache"),
        "XDG_STATE_HOME": str(_SANDBOX / "data"),
        "DV_FORUM_CONFIG_DIR": str(_SANDBOX / "config" / "dv-forum"),
        "DV_FORUM_LOG_DIR": str(_SANDBOX / "logs"),
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring",
    }
)
for _var in ("DV_FORUM_VAULT", "DV_FORUM_USER", "DV_FORUM_PASSPHRASE", "DV_FORUM_NEW_PASSPHRASE"):
    os.environ.pop(_var, None)
tempfile.tempdir = None  # re-read TMPDIR

import pytest  # noqa: E402
from hypothesis import settings as hypothesis_settings  # noqa: E402

# The suite's verdict must not depend on a random draw: property tests run the same examples each
# time. DV_FORUM_HYPOTHESIS=explore draws fresh examples when hunting for new failures.
hypothesis_settings.register_profile("repeatable", derandomize=True, database=None)
hypothesis_settings.register_profile("explore")
hypothesis_settings.load_profile(os.environ.get("DV_FORUM_HYPOTHESIS", "repeatable"))

from dv_forum.vault import KdfParams, Vault, crypto  # noqa: E402

PASSPHRASE = "correct horse battery staple"
FLOOR_KDF = KdfParams()


def district_setup(vault: Vault) -> Vault:
    """Set a new test vault up as the demo's district (its localities, NWL references), as a
    coordinator does on first run: the tests' data names those localities."""
    from dv_forum.district import setup
    from dv_forum.district.example import demo_setup

    setup.apply(vault, demo_setup())
    return vault


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--timing",
        action="store_true",
        help="also run the tests marked timing, which assert wall-clock times (these depend on the "
        "machine and its load, so the ordinary run leaves them out)",
    )


@pytest.hookimpl(trylast=True)
def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    """Coverage per layer under pytest-cov's table: the core is held to a high bar, the UI is not."""
    plugin = config.pluginmanager.getplugin("_cov")
    cov = getattr(getattr(plugin, "cov_controller", None), "cov", None)
    if cov is None:
        return
    totals = []
    for layer in ("dv_forum", "ui"):
        try:
            totals.append(f"{layer} {cov.report(include=[f'{layer}/*'], file=io.StringIO()):.0f}%")
        except Exception:  # noqa: BLE001 - coverage says "no data" when a layer was not run
            totals.append(f"{layer} not measured")
    terminalreporter.write_line("Coverage by layer: " + ", ".join(totals))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not config.getoption("--timing"):
        timed = [item for item in items if item.get_closest_marker("timing")]
        if timed:
            config.hook.pytest_deselected(items=timed)
            items[:] = [item for item in items if not item.get_closest_marker("timing")]
    for item in items:
        # Relative to the project: a checkout folder named "reliability" or "ui" must not mark everything.
        parts = Path(str(item.fspath)).relative_to(config.rootpath).parts
        if "ui" in parts:
            item.add_marker(pytest.mark.gui)
        if "reliability" in parts:
            item.add_marker(pytest.mark.reliability)


@pytest.fixture
def sandbox() -> Path:
    return _SANDBOX


@pytest.fixture(autouse=True)
def own_config_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test its own settings folder: a list's columns or a pane hidden by one test (or an
    audit anchor it records) never reaches another."""
    monkeypatch.setenv("DV_FORUM_CONFIG_DIR", str(tmp_path_factory.mktemp("config") / "dv-forum"))


@pytest.fixture
def vault_dir(tmp_path: Path) -> Path:
    return tmp_path / "vault"


@pytest.fixture
def vault_factory(tmp_path: Path) -> Iterator[Callable[..., Vault]]:
    """Make vaults: factory(role="coordinator", name=None, folder=None) -> open Vault for that role.

    Non-coordinator users are added by the first coordinator and unlocked with PASSPHRASE.
    """
    opened: list[Vault] = []
    created: dict[Path, Vault] = {}

    def make(role: str = "coordinator", name: str | None = None, folder: Path | None = None) -> Vault:
        folder = folder or tmp_path / "vault"
        if folder not in created:
            v, _ = Vault.create(folder, "coord", PASSPHRASE, kdf=FLOOR_KDF)
            district_setup(v)
            created[folder] = v
            opened.append(v)
        coord = created[folder]
        if role == "coordinator" and name in (None, "coord"):
            return coord
        user = name or f"{role}1"
        if coord.header.passphrase_slot(user) is None:
            coord.add_user(user, role, PASSPHRASE, PASSPHRASE)
            # These users stand for staff who already chose their own passphrase.
            with coord.transaction():
                coord.conn.execute("UPDATE users SET must_change = 0 WHERE name = ?", (user,))
        v = Vault.open(folder, user, PASSPHRASE)
        opened.append(v)
        return v

    yield make
    for v in opened:
        v.close()


@pytest.fixture
def vault(vault_factory: Callable[..., Vault]) -> Vault:
    return vault_factory()


@pytest.fixture
def fast_calibration(monkeypatch: pytest.MonkeyPatch) -> None:
    """Vaults created through the CLI use the floor KDF instead of a 0.5 s calibrated one."""
    monkeypatch.setattr(crypto, "calibrate", lambda *a, **k: FLOOR_KDF)


@pytest.fixture
def cli(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    fast_calibration: None,
) -> Callable[..., tuple[int, str, str]]:
    """Run the dv-forum CLI in-process: cli("verify", "--json") -> (exit code, stdout, stderr).

    Uses the vault at tmp_path/"vault" and PASSPHRASE unless env overrides are passed.
    """
    from dv_forum.cli import main

    def run(*argv: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
        settings = {
            "DV_FORUM_VAULT": str(tmp_path / "vault"),
            "DV_FORUM_PASSPHRASE": PASSPHRASE,
            "DV_FORUM_NEW_PASSPHRASE": PASSPHRASE,
        }
        settings.update(env or {})
        with monkeypatch.context() as m:
            for key, value in settings.items():
                m.setenv(key, value)
            try:
                code = main(list(argv))
            except SystemExit as exc:
                code = int(exc.code or 0)
        out = capsys.readouterr()
        return code, out.out, out.err

    return run


class MemoryKeyring:
    """An in-memory keyring backend for tests (never the real one)."""

    priority = 10

    def __init__(self) -> None:
        self.store: dict[tuple[str, str], str] = {}

    def set_password(self, service: str, user: str, password: str) -> None:
        self.store[(service, user)] = password

    def get_password(self, service: str, user: str) -> str | None:
        return self.store.get((service, user))

    def delete_password(self, service: str, user: str) -> None:
        self.store.pop((service, user), None)


@pytest.fixture
def fake_keyring(monkeypatch: pytest.MonkeyPatch) -> MemoryKeyring:
    """dv-forum's keyring calls go to an in-memory backend for this test."""
    from dv_forum.vault import keyring_slot

    backend = MemoryKeyring()
    monkeypatch.setattr(keyring_slot, "_backend", lambda: backend)
    return backend
