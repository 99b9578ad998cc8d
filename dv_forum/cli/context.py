"""What every command handler gets: vault location, unlocking, and output in text or JSON."""

from __future__ import annotations

import getpass
import json
import os
import sys
from argparse import Namespace
from pathlib import Path
from typing import Any

from dv_forum import paths
from dv_forum.errors import UserError
from dv_forum.vault import Vault
from dv_forum.vault.header import Header


def _interactive() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()


class Context:
    def __init__(self, args: Namespace) -> None:
        self.args = args
        self._vault: Vault | None = None

    @property
    def folder(self) -> Path:
        if self.args.vault:
            return Path(self.args.vault).expanduser()
        return paths.default_vault_dir()

    def passphrase(self, prompt: str = "Passphrase: ") -> str:
        """The passphrase: a terminal prompt, else $DV_FORUM_PASSPHRASE or --passphrase-file."""
        if self.args.passphrase_file:
            try:
                text = Path(self.args.passphrase_file).read_text("utf-8")
            except OSError as exc:
                raise UserError(
                    f"Cannot read the passphrase file: {exc.strerror}.", "Check --passphrase-file."
                ) from None
            return text.splitlines()[0] if text else ""
        env = os.environ.get("DV_FORUM_PASSPHRASE")
        if env is not None:
            return env
        if _interactive():
            return getpass.getpass(prompt)
        raise UserError(
            "No passphrase given.", "Run in a terminal, or set DV_FORUM_PASSPHRASE, or use --passphrase-file."
        )

    def new_passphrase(self, what: str = "New passphrase") -> str:
        """A new passphrase: $DV_FORUM_NEW_PASSPHRASE, else prompted twice on a terminal."""
        env = os.environ.get("DV_FORUM_NEW_PASSPHRASE")
        if env is not None:
            return env
        if not _interactive():
            raise UserError("No new passphrase given.", "Run in a terminal, or set DV_FORUM_NEW_PASSPHRASE.")
        first = getpass.getpass(f"{what}: ")
        if getpass.getpass(f"{what} again: ") != first:
            raise UserError("The two passphrases differ.", "Run the command again.")
        return first

    def user_name(self) -> str:
        if self.args.user:
            return str(self.args.user)
        env = os.environ.get("DV_FORUM_USER")
        if env:
            return env
        if not Vault.exists(self.folder):
            return ""
        header = Header.load(self.folder)
        if header.sole_user():
            return ""  # the only user: her slot needs no name, and the vault learns it on unlock
        raise UserError("This vault has several users.", "Say which with --user NAME or DV_FORUM_USER.")

    def open_vault(self) -> Vault:
        if self._vault is None:
            if not Vault.exists(self.folder):
                from dv_forum.errors import VaultNotFound

                raise VaultNotFound(str(self.folder))
            accept = bool(getattr(self.args, "accept_anchor", False))
            vault = Vault.open(self.folder, self.user_name(), self.passphrase(), accept=accept)
            if vault.user.must_change and not getattr(self.args, "one_time_ok", False):
                vault.close()
                raise UserError(
                    "You are using a one-time passphrase; nothing else can be done until you change it.",
                    "Run `dv-forum passwd` to choose your own passphrase.",
                )
            self._vault = vault
        return self._vault

    def emit(self, data: Any, text: str | None = None) -> None:
        """Print ``data`` as JSON when --json was given, else ``text`` (or the JSON if no text)."""
        if getattr(self.args, "json", False) or text is None:
            print(json.dumps(data, indent=2, sort_keys=False, default=str))
        else:
            print(text)

    def close(self) -> None:
        if self._vault is not None:
            self._vault.close()
            self._vault = None
