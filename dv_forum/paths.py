"""Where things live. Every location can be overridden, so tests never touch the real home."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

from dv_forum.fsio import atomic_write, secure_mkdir

APP = "dv-forum"
REMEMBERED_VAULT_NAME = "vault-folder"


def default_vault_dir() -> Path:
    """$DV_FORUM_VAULT, else the folder the app last restored a vault into (while it still holds a
    vault), else the user data folder."""
    env = os.environ.get("DV_FORUM_VAULT")
    if env:
        return Path(env).expanduser()
    remembered = remembered_vault_dir()
    if remembered is not None:
        return remembered
    return Path(platformdirs.user_data_dir(APP, appauthor=False)) / "vault"


def remembered_vault_dir() -> Path | None:
    """The remembered vault folder, if one is remembered and it still holds a vault header."""
    try:
        text = (config_dir() / REMEMBERED_VAULT_NAME).read_text("utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None
    from dv_forum.vault.header import HEADER_NAME

    folder = Path(text) if text else None
    if folder is None or not folder.is_absolute() or not (folder / HEADER_NAME).is_file():
        return None
    return folder


def remember_vault_dir(folder: Path) -> None:
    """Make ``folder`` the default vault folder for the app and the CLI (the path only, 0600)."""
    secure_mkdir(config_dir())
    atomic_write(config_dir() / REMEMBERED_VAULT_NAME, str(Path(folder).absolute()).encode("utf-8"))


def config_dir() -> Path:
    env = os.environ.get("DV_FORUM_CONFIG_DIR")
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_config_dir(APP, appauthor=False))


def log_dir() -> Path:
    env = os.environ.get("DV_FORUM_LOG_DIR")
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_log_dir(APP, appauthor=False))


def is_frozen() -> bool:
    """True inside a PyInstaller bundle (the installed program), False when run from source."""
    return bool(getattr(sys, "frozen", False)) and hasattr(sys, "_MEIPASS")


def bundle_dir() -> Path:
    """The folder holding the program's own files: the bundle's data folder, or the source tree."""
    if is_frozen():
        return Path(str(getattr(sys, "_MEIPASS")))  # noqa: B009 - only PyInstaller defines it
    return Path(__file__).resolve().parent.parent


def resources_dir() -> Path:
    env = os.environ.get("DV_FORUM_RESOURCES")
    if env:
        return Path(env)
    return bundle_dir() / "resources"
