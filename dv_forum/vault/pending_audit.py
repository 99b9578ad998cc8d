"""Audit rows for events that happen where no vault is open to write them: a restore refused after
the passphrase was accepted (the checked copy is discarded with its log). They wait in the config
folder, keyed by the vault's id, and are written at the next unlock of that vault on this computer."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

from dv_forum import paths
from dv_forum.fsio import atomic_write, secure_mkdir

PENDING_DIR = "pending-audit"


def _path(vault_id: str) -> Path:
    return paths.config_dir() / PENDING_DIR / f"{vault_id}.json"


def note(vault_id: str, action: str, detail: str) -> None:
    """Keep one row for the next unlock (action and detail only: never case data)."""
    rows = waiting(vault_id)
    rows.append((action, detail))
    secure_mkdir(_path(vault_id).parent)
    atomic_write(_path(vault_id), json.dumps(rows[-100:]).encode())


def waiting(vault_id: str) -> list[tuple[str, str]]:
    try:
        rows = json.loads(_path(vault_id).read_bytes())
        return [(str(a), str(d)) for a, d in rows]
    except (OSError, ValueError, TypeError):
        return []


def clear(vault_id: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        _path(vault_id).unlink()
