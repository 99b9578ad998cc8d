"""The Settings screen: your passphrase, remember-on-this-device, users, the vault's settings,
backup and the privacy of the surroundings."""

from ui.screens.settings.screen import REMEMBER_WARNING, SettingsScreen
from ui.screens.settings.users import AddUserDialog

__all__ = ["REMEMBER_WARNING", "AddUserDialog", "SettingsScreen"]
