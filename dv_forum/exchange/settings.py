"""Where this vault's bundles come and go."""

from __future__ import annotations

from dv_forum.settings import Setting
from dv_forum.vault.roles import Perm

FOLDER: Setting[str] = Setting(
    "exchange.folder",
    str,
    "",
    "Folder that Send to... writes bundles into and that the desktop program receives new bundles "
    "from while the vault is unlocked (empty: choose a folder each time)",
    perm=Perm.EXCHANGE,
)
