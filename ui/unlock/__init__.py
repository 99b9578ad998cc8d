"""The locked screen: unlock with user and passphrase, or with the recovery key, or restore a
backup into a new folder. It shows nothing from inside the vault."""

from ui.unlock.fields import secret_field
from ui.unlock.panel import RECOVERY_PAGE, RESTORE_PAGE, UNLOCK_PAGE, UnlockPanel

__all__ = ["RECOVERY_PAGE", "RESTORE_PAGE", "UNLOCK_PAGE", "UnlockPanel", "secret_field"]
