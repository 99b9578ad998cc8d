"""Two kinds of failure: UserError (shown to the user with a next step) and everything else (a bug)."""

from __future__ import annotations


class UserError(Exception):
    """A failure caused by the environment or by input, explained in plain English.

    ``message`` says what went wrong, ``next_step`` what the user can do about it. Neither may
    contain case data (names, identities, notes): both can reach stderr and dialogs.
    """

    def __init__(self, message: str, next_step: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.next_step = next_step

    def __str__(self) -> str:
        return f"{self.message} {self.next_step}".strip()


class WrongPassphrase(UserError):
    def __init__(self, next_step: str = "Check Caps Lock and try again, or use the recovery key.") -> None:
        super().__init__("The passphrase (or user name) is not right for this vault.", next_step)


class VaultDamaged(UserError):
    def __init__(self, detail: str = "") -> None:
        super().__init__(
            "The vault is damaged: the key is right but the database cannot be read"
            + (f" ({detail})." if detail else "."),
            "Restore it from your latest backup into a new folder: 'Restore from backup' on the "
            "unlock screen, or dv-forum restore BACKUP --to NEW-FOLDER.",
        )


class BackupDamaged(UserError):
    def __init__(self, detail: str = "") -> None:
        super().__init__(
            "The backup file is damaged: it cannot be read" + (f" ({detail})." if detail else "."),
            "Nothing was restored. Try an older backup, or another copy of this one.",
        )


class VaultTooNew(UserError):
    def __init__(self, found: int, supported: int) -> None:
        super().__init__(
            f"This vault was made by a newer version of dv-forum (schema {found}; "
            f"this program understands up to {supported}).",
            "Install the newer version of dv-forum to open it.",
        )


class LockedOut(UserError):
    def __init__(self, seconds: int) -> None:
        self.seconds = seconds
        super().__init__(
            f"Too many failed attempts: unlocking is paused for {seconds} s.",
            "Wait, then try again carefully; use the recovery key if the passphrase is lost.",
        )


class VaultNotFound(UserError):
    def __init__(self, folder: str) -> None:
        super().__init__(
            f"No vault was found in {folder}.",
            "Create one with 'dv-forum init' or point --vault (or DV_FORUM_VAULT) at the right folder.",
        )


class PermissionDenied(UserError):
    def __init__(self, role: str, action: str) -> None:
        super().__init__(
            f"A user with the {role} role may not {action}.",
            "Ask the DV coordinator to do it, or to change your role.",
        )


class InputError(UserError):
    """Bad input: one or more problems, each located as row/field/reason."""

    def __init__(self, problems: list[str], what: str = "The input") -> None:
        self.problems = problems
        shown = "; ".join(problems[:5]) + (f"; and {len(problems) - 5} more" if len(problems) > 5 else "")
        super().__init__(f"{what} was rejected: {shown}.", "Correct it and try again; nothing was changed.")


class DiskFull(UserError):
    def __init__(
        self,
        message: str = "The disk is full: the last change was not saved (everything saved before it is intact).",
        next_step: str = "Free some space, then try again.",
    ) -> None:
        super().__init__(message, next_step)


def translate_db_error(exc: BaseException) -> UserError | None:
    """Turn a database failure the user can act on into a UserError (None = a bug)."""
    text = str(exc).lower()
    if "disk is full" in text or "disk full" in text or getattr(exc, "errno", None) == 28:
        return DiskFull()
    if "database is locked" in text or "database is busy" in text:
        return UserError(
            "The vault is busy in another dv-forum window or command.",
            "Close the other one, then try again.",
        )
    if "malformed" in text or "file is not a database" in text or "hmac check failed" in text:
        return VaultDamaged()
    if "readonly" in text or "read-only" in text:
        return UserError("The vault folder cannot be written to.", "Check the disk and its permissions.")
    return None
