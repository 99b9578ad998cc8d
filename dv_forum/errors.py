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


# SQLite's primary result codes (https://sqlite.org/rescode.html); an extended code such as
# SQLITE_IOERR_WRITE carries its primary code in the low byte.
SQLITE_PERM = 3
SQLITE_BUSY = 5
SQLITE_LOCKED = 6
SQLITE_NOMEM = 7
SQLITE_READONLY = 8
SQLITE_IOERR = 10
SQLITE_CORRUPT = 11
SQLITE_FULL = 13
SQLITE_CANTOPEN = 14
SQLITE_NOTADB = 26

_ENOSPC = 28
_EDQUOT = 122


def _busy() -> UserError:
    return UserError(
        "The vault is busy in another dv-forum window or command.",
        "Close the other one (or wait for it to finish), then try again.",
    )


def _read_only() -> UserError:
    return UserError(
        "The vault folder cannot be written to: the last change was not saved.",
        "Check that the disk is not read-only and that you may write to the vault folder, then try again.",
    )


def _io_error() -> UserError:
    return UserError(
        "The vault file could not be read or written: the last change was not saved.",
        "Check that the disk or USB drive holding the vault is still connected and working, then try "
        "again; if it keeps happening, restore your latest backup onto another disk.",
    )


def _cant_open() -> UserError:
    return UserError(
        "The vault file could not be opened.",
        "Check that the disk holding the vault is connected and that you may read and write its folder.",
    )


def _no_memory() -> UserError:
    return UserError("The computer ran out of memory.", "Close other programs, then try again.")


_BY_CODE = {
    SQLITE_FULL: DiskFull,
    SQLITE_BUSY: _busy,
    SQLITE_LOCKED: _busy,
    SQLITE_READONLY: _read_only,
    SQLITE_PERM: _read_only,
    SQLITE_IOERR: _io_error,
    SQLITE_CORRUPT: VaultDamaged,
    SQLITE_NOTADB: VaultDamaged,
    SQLITE_CANTOPEN: _cant_open,
    SQLITE_NOMEM: _no_memory,
}


def translate_db_error(exc: BaseException) -> UserError | None:
    """Turn a failure of the database or the disk that the user can act on into a UserError
    (None = a bug). Decided by SQLite's result code, or the OS error number, never by message text
    (which changes between versions and languages)."""
    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(code, int):
        make = _BY_CODE.get(code & 0xFF)
        return make() if make is not None else None
    if isinstance(exc, OSError) and exc.errno in (_ENOSPC, _EDQUOT):
        return DiskFull()
    return None


def as_user_error(exc: BaseException) -> BaseException:
    """The exception to report: a known database or disk failure as its UserError, else ``exc``."""
    if isinstance(exc, UserError):
        return exc
    known = translate_db_error(exc)
    if known is None:
        return exc
    known.__cause__ = exc
    return known


def opening_error(exc: BaseException) -> UserError:
    """What a failure to open the vault says: another process holding the lock is "busy" (and a
    full disk, a read-only or vanished drive are said as such), not "damaged, restore from backup"."""
    return translate_db_error(exc) or VaultDamaged()
