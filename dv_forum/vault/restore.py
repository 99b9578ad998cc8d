"""Restoring a backup into a new folder: unlocked and checked in a hidden folder beside the
target, then moved there in one rename, so a failure leaves nothing behind."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from pathlib import Path

from dv_forum.errors import (
    BackupDamaged,
    DiskFull,
    PermissionDenied,
    UserError,
    VaultDamaged,
    translate_db_error,
)
from dv_forum.vault import anchors, db, pending_audit
from dv_forum.vault.backup import StagedRestore, read_checkpoint
from dv_forum.vault.checkpoint import Checkpoint
from dv_forum.vault.roles import Perm
from dv_forum.vault.slots import throttled_unwrap
from dv_forum.vault.throttle import Throttle
from dv_forum.vault.vault import Vault


def _check_audit(checked: Vault, checkpoint: Checkpoint | None) -> None:
    """The restored log against the signed checkpoint the backup carries (S21)."""
    if checkpoint is None:
        return  # a backup from before backups carried one
    if checkpoint.vault_id != checked.header.vault_id or not anchors.authentic(
        checkpoint, anchors.verify_key(checked.conn)
    ):
        raise BackupDamaged("its signed audit checkpoint does not verify; it may have been altered")
    found = anchors.problems_against(checkpoint, checked.conn, "the backup was made")
    if found:
        raise BackupDamaged(found[0] + "; it may have been altered")


def _reason(exc: BaseException) -> str:
    """Why a restore was refused, in a few words (never the message: no paths, no case data)."""
    if isinstance(exc, PermissionDenied):
        return "not allowed for this role"
    if isinstance(exc, BackupDamaged | VaultDamaged | db.DatabaseError):
        return "the backup failed its checks"
    if isinstance(exc, DiskFull):
        return "the disk is full"
    return type(exc).__name__


def restore(
    source: Path, folder: Path, user: str, passphrase: str, clock: Callable[[], float] = time.time
) -> Vault:
    """Restore a backup into a new folder, unlock it there and check it end to end.

    The backup is unlocked and checked (full integrity check, audit chain) in a hidden folder
    beside ``folder`` and only then moved there in one rename: ``folder`` ends up holding the
    whole checked vault or is left as it was, and a failure (wrong passphrase, damaged backup,
    full disk) leaves nothing behind. The restored vault's audit records the restore.
    """
    staged = StagedRestore(Path(source), Path(folder))
    header = staged.header
    # The backup's vault shares its throttle: a restore form is not a way round the unlock screen.
    throttle = Throttle(None, clock, header.vault_id)
    opened = throttled_unwrap(
        header,
        throttle,
        user,
        passphrase,
        "Use a user name and passphrase that were valid when the backup was made "
        "(check Caps Lock). Nothing was restored.",
    )
    slot = header.passphrase_slot(user)
    assert slot is not None and slot.kdf is not None
    name = opened.user or user
    try:
        staging = staged.lay_out()
        checked = Vault._finish_open(staging, header, opened, name, throttle, "restore", slot.kdf)
        try:
            problems = checked.verify()
            if problems:
                raise BackupDamaged("the restored copy failed its checks: " + problems[0])
            if not checked.can(Perm.BACKUP):
                raise PermissionDenied(checked.user.role.value, Perm.BACKUP.value)
            _check_audit(checked, read_checkpoint(Path(source)))
        finally:
            checked.release()
        staged.commit()
        # Restoring is putting an older copy back on purpose: accepted even where another copy
        # of this vault was last opened in the same folder (and recorded in the audit).
        return Vault._finish_open(staged.folder, header, opened, name, throttle, "unlock", slot.kdf, True)
    except BaseException as exc:
        staged.discard()
        # The passphrase was right: the refusal is audited at this vault's next unlock here.
        with contextlib.suppress(OSError, UserError):
            pending_audit.note(header.vault_id, "restore.refused", f"by {name}: {_reason(exc)}")
        problem = translate_db_error(exc) if isinstance(exc, db.DatabaseError) else exc
        if isinstance(problem, DiskFull):
            raise DiskFull(
                "The disk is full: the backup could not be restored (nothing was left behind).",
                "Free some space, or restore into a folder on another disk.",
            ) from None
        if isinstance(problem, VaultDamaged):
            raise BackupDamaged() from None
        raise
