"""The encrypted vault: key slots, SQLCipher connection, migrations, audit, backup."""

from dv_forum.vault.crypto import KdfParams
from dv_forum.vault.roles import Perm, Role
from dv_forum.vault.slots import User
from dv_forum.vault.vault import Vault

__all__ = ["KdfParams", "Perm", "Role", "User", "Vault"]
