"""Where things live. Every location can be overridden, so tests never touch the real home."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP = "dv-forum"


def default_vault_dir() -> Path:
    env = os.environ.get("DV_FORUM_VAULT")
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir(APP, appauthor=False)) / "vault"


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
