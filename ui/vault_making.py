"""What the first-run wizard asks of the shell: make the coordinator's vault, or an outreach
worker's or chair's own vault from her enrolment file, each on the database thread."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from dv_forum import paths
from dv_forum.district import setup as district_setup
from dv_forum.district.setup import Setup
from dv_forum.errors import UserError
from dv_forum.vault import KdfParams, Vault, keyring_slot
from ui.main_window import MainWindow
from ui.worker import Worker


class VaultMaking:
    """Mixed into the shell, whose attributes these are."""

    folder: Path
    folder_origin: str
    kdf: KdfParams | None
    window: MainWindow
    worker: Worker

    def _opened(self, info: dict[str, Any], show: bool = True) -> None:
        raise NotImplementedError

    def create_vault(
        self,
        folder: Path,
        name: str,
        passphrase: str,
        on_done: Callable[[str], None],
        on_error: Callable[[BaseException], None],
        setup: Setup | None = None,
    ) -> None:
        self.folder = Path(folder)
        self.window.unlock.set_folder(self.folder)
        recovery: dict[str, str] = {}

        def create() -> Vault:
            vault, recovery["text"] = Vault.create(self.folder, name, passphrase, kdf=self.kdf)
            if setup is not None:
                district_setup.apply(vault, setup)
            return vault

        def created(info: dict[str, Any]) -> None:
            text = recovery.pop("text", "")
            self._opened_from_wizard(self.folder, info)
            on_done(text)

        self.worker.open(create, on_done=created, on_error=on_error)

    def _opened_from_wizard(self, folder: Path, info: dict[str, Any]) -> None:
        if self.folder_origin == "default":
            # The wizard may have made the vault in a folder of the user's choosing: open it
            # next time too (a failure here only means the wizard's folder must be given again).
            with contextlib.suppress(OSError, UserError):
                paths.remember_vault_dir(folder)
        self._opened(info, show=False)

    def join_vault(
        self,
        folder: Path,
        data: dict[str, str],
        name: str,
        passphrase: str,
        on_done: Callable[[str, str], None],
        on_error: Callable[[BaseException], None],
    ) -> None:
        """An outreach worker's or chair's own vault, from the enrolment file the wizard read."""
        from dv_forum.exchange import joining

        made: dict[str, str] = {}

        def create() -> Vault:
            joined = joining.join_vault(Path(folder), data, name, passphrase, kdf=self.kdf)
            made.update(recovery=joined.recovery, words=joined.words)
            return joined.vault

        def created(info: dict[str, Any]) -> None:
            self._opened_from_wizard(Path(folder), info)
            on_done(made.pop("recovery", ""), made.pop("words", ""))

        self.folder = Path(folder)
        self.window.unlock.set_folder(self.folder)
        self.worker.open(create, on_done=created, on_error=on_error)

    def keyring_availability(self, on_done: Callable[[Any], None]) -> None:
        self.worker.run_pool(keyring_slot.availability, on_done=on_done)
