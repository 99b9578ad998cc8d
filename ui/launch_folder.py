"""Which vault folder the desktop program opens next time, after a restore moved the vault."""

from __future__ import annotations

from pathlib import Path

from dv_forum import paths
from dv_forum.errors import UserError


def remember_folder(folder: Path, origin: str) -> str:
    """Make ``folder`` the one opened next time where that is ours to decide (the folder came
    from the default, not from --vault or DV_FORUM_VAULT); say how it is, for the user."""
    if origin == "default":
        try:
            paths.remember_vault_dir(folder)
        except (OSError, UserError):
            return f"dv-forum could not remember it: next time start dv-forum with --vault {folder}"
        return "dv-forum will open this folder from now on."
    if origin == "env":
        return f"DV_FORUM_VAULT still names the old folder: set it to {folder} to open this one next time."
    if origin == "demo":
        return "Like the demo, it is deleted when dv-forum closes."
    return f"To open it next time, start dv-forum with --vault {folder}"
