"""Where things live. Every location can be overridden, so tests never touch the real home."""

from __future__ import annotations

import os
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


def resources_dir() -> Path:
    env = os.environ.get("DV_FORUM_RESOURCES")
    if env:
        return Path(env)
    return Path(__file__).resolve().parent.parent / "resources"
