"""The vault: a folder holding the SQLCipher database and its header of key slots."""

from __future__ import annotations

import contextlib
import os
import secrets
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from dv_forum.errors import (
    LockedOut,
    PermissionDenied,
    UserError,
    VaultDamaged,
    VaultNotFound,
    WrongPassphrase,
    opening_error,
)
from dv_forum.fsio import secure_mkdir
from dv_forum.vault import anchors, audit, crypto, db, migrations, pending_audit, rekey, users
from dv_forum.vault.header import DB_NAME, HEADER_NAME, Header
from dv_forum.vault.roles import Perm, Role, allowed
from dv_forum.vault.sealed import Opened
from dv_forum.vault.slots import (
    User,
    check_passphrase,
    check_user_name,
    now,
    passphrase_slot,
    recovery_slot,
    throttled_unwrap,
)
from dv_forum.vault.throttle import Throttle
from dv_forum.vault.users import OneTimeExpired, one_time_expired

# The message of the schema's approved-minutes triggers (schema/v1/marac.sql).
LOCKED_MINUTES = "minutes of an approved meeting are locked"


class Vault:
    """An unlocked vault. Holds the connection; ``close`` drops it and the key."""

    def __init__(self, folder: Path, header: Header, conn: db.Connection, user: User, kdf: crypto.KdfParams):
        self.folder = folder
        self.header = header
        self.conn = conn
        self.user = user
        self._kdf = kdf
        self._tx_depth = 0
        # The audit signing key, held while a coordinator (or the recovery key) has the vault open.
        self.sign_key: bytes | None = None
        self.partials_removed = 0  # by the last backup (see dv_forum.vault.backup.back_up)

    # ----- locations -----
    @staticmethod
    def exists(folder: Path) -> bool:
        return (Path(folder) / HEADER_NAME).is_file()

    @staticmethod
    def db_path(folder: Path) -> Path:
        return Path(folder) / DB_NAME

    # ----- creation and unlocking -----
    @classmethod
    def create(
        cls,
        folder: Path,
        user: str,
        passphrase: str,
        kdf: crypto.KdfParams | None = None,
    ) -> tuple[Vault, str]:
        """Create a vault and its first coordinator. Returns the vault and the recovery key text."""
        folder = Path(folder)
        user = check_user_name(user)
        check_passphrase(passphrase, user)
        if cls.exists(folder) or cls.db_path(folder).exists():
            raise UserError(f"There is already a vault in {folder}.", "Choose an empty folder.")
        if folder.exists() and any(p for p in folder.iterdir() if not p.name.startswith(".")):
            raise UserError(f"The folder {folder} is not empty.", "Choose an empty or new folder.")
        secure_mkdir(folder)
        kdf = kdf or crypto.calibrate()
        if not kdf.within_limits():
            raise ValueError("KDF parameters below the floor")
        data_key = crypto.random_key()
        os.close(os.open(cls.db_path(folder), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        header = Header()
        header.slots.append(passphrase_slot(header, user, passphrase, data_key, kdf))
        rslot, recovery_text = recovery_slot(header, data_key)
        header.slots.append(rslot)
        conn = db.open_db(cls.db_path(folder), data_key)
        try:
            migrations.migrate(conn)
            conn.execute("BEGIN IMMEDIATE")
            conn.execute(
                "INSERT INTO users (name, role, created_at) VALUES (?, 'coordinator', ?)", (user, now())
            )
            conn.execute(
                "INSERT INTO secrets (name, value) VALUES ('linkage', ?)", (secrets.token_bytes(32),)
            )
            audit.append(conn, user, "vault.create")
            conn.execute("COMMIT")
        except BaseException:
            conn.close()
            cls.db_path(folder).unlink(missing_ok=True)
            raise
        # The header goes last: a vault without a header is not a vault, so a crash leaves nothing.
        header.save(folder)
        uid = conn.execute("SELECT id FROM users WHERE name = ?", (user,)).fetchone()[0]
        vault = cls(folder, header, conn, User(uid, user, Role.COORDINATOR), kdf)
        anchors.ensure_signing_key(vault)  # sealed to her slot and the recovery slot
        anchors.record(vault)
        return vault, recovery_text

    @classmethod
    def open(
        cls,
        folder: Path,
        user: str,
        passphrase: str,
        clock: Callable[[], float] = time.time,
        accept: bool = False,
    ) -> Vault:
        """Unlock; ``accept`` takes the vault as it is when it differs from this computer's anchor
        (see dv_forum.vault.anchors), which is recorded in the audit."""
        folder = Path(folder)
        header = cls._load_header(folder)
        throttle = Throttle(folder, clock, header.vault_id)
        wait = throttle.wait_seconds()
        if wait > 0:
            raise LockedOut(wait)
        # A re-key that a crash interrupted is settled first (see rekey.swap_key).
        settled = rekey.settle_pending(folder, header, user, passphrase, throttle)
        header, opened = settled or (header, throttled_unwrap(header, throttle, user, passphrase))
        slot = header.passphrase_slot(user)
        assert slot is not None and slot.kdf is not None
        vault = cls._finish_open(
            folder, header, opened, opened.user or user, throttle, "unlock", slot.kdf, accept
        )
        rekey.upgrade_own_slot(vault, passphrase, opened.data_key)
        return vault

    @classmethod
    def open_with_recovery(
        cls,
        folder: Path,
        recovery_text: str,
        user: str,
        new_passphrase: str,
        clock: Callable[[], float] = time.time,
    ) -> Vault:
        """Unlock with the recovery key and set a new passphrase for ``user`` (see
        dv_forum.vault.recovery)."""
        from dv_forum.vault.recovery import open_with_recovery

        return open_with_recovery(Path(folder), recovery_text, user, new_passphrase, clock)

    @classmethod
    def open_with_key(cls, folder: Path, user: str, data_key: bytes, how: str) -> Vault:
        """Finish unlocking with a data key obtained from another slot (the keyring)."""
        folder = Path(folder)
        header = cls._load_header(folder)
        return cls._finish_open(
            folder,
            header,
            Opened(data_key),
            user,
            Throttle(folder, vault_id=header.vault_id),
            how,
            cls._strongest_kdf(header),
        )

    @staticmethod
    def _strongest_kdf(header: Header) -> crypto.KdfParams:
        kdfs = [s.kdf for s in header.slots if s.kdf is not None and s.kdf.within_limits()]
        return max(kdfs, key=lambda k: (k.iterations, k.memory_kib)) if kdfs else crypto.KdfParams()

    @classmethod
    def _load_header(cls, folder: Path) -> Header:
        if not cls.exists(folder):
            raise VaultNotFound(str(folder))
        for part in (cls.db_path(folder), folder / HEADER_NAME):
            if part.is_symlink():
                # Following it would read or write a file outside the vault folder's protection.
                raise UserError(
                    f"{part.name} in {folder} is a link to another file; it is not opened.",
                    "Put the real file back in the vault folder, or restore from a backup.",
                )
        if not cls.db_path(folder).is_file():
            raise VaultDamaged("the database file is missing")
        return Header.load(folder)

    @classmethod
    def _open_checked(
        cls, folder: Path, header: Header, data_key: bytes, user: str
    ) -> tuple[db.Connection, Any, str]:
        """The database opened, its pages checked and its schema brought up to date; the user's row
        and the day her one-time passphrase expired ("" if it did not)."""
        try:
            conn = db.open_db(cls.db_path(folder), data_key)
        except db.DatabaseError as exc:
            raise opening_error(exc) from None
        try:
            # Unlock checks every page's HMAC only (PRAGMA cipher_integrity_check): that is what finds
            # a damaged or altered page (S2). At 100,000 referrals (60 MB) it costs 0.11 s; SQLite's
            # quick_check, run here before, added 0.34 s to every unlock and only finds b-tree damage
            # written with a valid HMAC (an SQLite bug, not a bad disk or tampering); the full
            # integrity_check still runs in `dv-forum selftest` and Vault.verify (bench/run.py 1a).
            problems = [str(r[0]) for r in conn.execute("PRAGMA cipher_integrity_check").fetchall()]
            if problems:
                raise VaultDamaged(f"{len(problems)} integrity problems")
            if migrations.needs_migration(conn):
                from dv_forum.vault.backup import backup_before_migration

                backup_before_migration(folder, conn, header, data_key)
                migrations.migrate(conn)
            row = conn.execute(
                "SELECT id, name, role, active, must_change, one_time_at FROM users WHERE name = ?", (user,)
            ).fetchone()
            expired = one_time_expired(conn, row)
        except db.DatabaseError as exc:
            conn.close()
            raise opening_error(exc) from None
        except BaseException:
            conn.close()
            raise
        return conn, row, expired

    @classmethod
    def _finish_open(
        cls,
        folder: Path,
        header: Header,
        opened: Opened,
        user: str,
        throttle: Throttle,
        how: str,
        kdf: crypto.KdfParams,
        accept: bool = False,
    ) -> Vault:
        conn, row, expired = cls._open_checked(folder, header, opened.data_key, user)
        if row is None or not row["active"]:
            conn.close()
            throttle.record_failure()
            raise WrongPassphrase()
        if expired:
            conn.close()
            raise OneTimeExpired(expired)
        vault = cls(
            folder,
            header,
            conn,
            User(row["id"], row["name"], Role(row["role"]), bool(row["must_change"])),
            kdf,
        )
        vault.sign_key = opened.sign_key
        missed = throttle.record_success()
        anchored = how != "restore"  # a restore's hidden staging folder is checked against the backup
        accepted = anchors.check_at_unlock(vault, accept) if anchored else []
        waiting = pending_audit.waiting(header.vault_id) if anchored else []
        with vault.transaction():
            if missed:
                vault.audit("unlock.failed", detail=f"{missed} failed attempts before this unlock")
            for action, detail in waiting:
                vault.audit(action, detail=detail)
            if accepted:
                vault.audit("audit.accepted", detail="; ".join(accepted))
            vault.audit(how)
        if anchored:
            pending_audit.clear(header.vault_id)
            anchors.ensure_signing_key(vault)
            anchors.record(vault)
        return vault

    # ----- life cycle -----
    def close(self, reason: str = "lock") -> None:
        if self.conn is None:
            return
        with contextlib.suppress(db.DatabaseError):
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            audit.append(self.conn, self.user.name, reason)
            anchors.record_quietly(self)
        self.conn.close()
        self.conn = None  # type: ignore[assignment]

    def release(self) -> None:
        """Close the connection without an audit row (a check that is not a session)."""
        if self.conn is not None:
            self.conn.close()
            self.conn = None  # type: ignore[assignment]

    @property
    def is_open(self) -> bool:
        return self.conn is not None

    @contextlib.contextmanager
    def transaction(self) -> Iterator[db.Connection]:
        """BEGIN IMMEDIATE ... COMMIT; nested use joins the outer transaction."""
        if self._tx_depth:
            self._tx_depth += 1
            try:
                yield self.conn
            finally:
                self._tx_depth -= 1
            return
        self.conn.execute("BEGIN IMMEDIATE")
        self._tx_depth = 1
        try:
            yield self.conn
            self.conn.execute("COMMIT")
        except BaseException as exc:
            with contextlib.suppress(db.DatabaseError):
                self.conn.execute("ROLLBACK")
            if isinstance(exc, db.IntegrityError) and LOCKED_MINUTES in str(exc):
                raise UserError(
                    "The minutes of an approved meeting are locked; nothing was changed.",
                    "Approved minutes stay as approved. A case's minutes go only with the case, "
                    "through 'dv-forum retention purge' or 'dv-forum cases erase'.",
                ) from exc
            raise
        finally:
            self._tx_depth = 0

    # ----- audit and permissions -----
    def audit(self, action: str, ref: str | None = None, detail: str | None = None) -> None:
        audit.append(self.conn, self.user.name, action, ref, detail)

    def can(self, perm: Perm) -> bool:
        return allowed(self.user.role, perm)

    def require(self, perm: Perm) -> None:
        if not self.can(perm):
            with self.transaction():
                self.audit("denied", detail=perm.name)
            raise PermissionDenied(self.user.role.value, perm.value)

    # ----- users and passphrases -----
    def _set_passphrase_slot(self, user: str, passphrase: str, data_key: bytes) -> None:
        header = Header.from_bytes(self.header.to_bytes())
        header.remove_slots("passphrase", user)
        role = self.conn.execute("SELECT role FROM users WHERE name = ?", (user,)).fetchone()
        sign_key = self.sign_key if role is not None and role[0] == Role.COORDINATOR.value else None
        header.slots.append(passphrase_slot(header, user, passphrase, data_key, self._kdf, sign_key))
        header.save(self.folder)
        self.header = header
        anchors.bump(self)

    def change_passphrase(self, old: str, new: str) -> rekey.Rekeyed:
        """A new passphrase and a re-keyed database (see dv_forum.vault.rekey.change_passphrase)."""
        return rekey.change_passphrase(self, old, new)

    def add_user(self, name: str, role: Role | str, passphrase: str, my_passphrase: str) -> User:
        """Add a user with their own slot. Needs the caller's passphrase to reach the data key."""
        return users.add_user(self, name, role, passphrase, my_passphrase)

    def list_users(self) -> list[User]:
        return users.list_users(self)

    def reset_user(self, name: str, passphrase: str, my_passphrase: str) -> None:
        """A new one-time passphrase for another user (see dv_forum.vault.users.reset_user)."""
        users.reset_user(self, name, passphrase, my_passphrase)

    def remove_user(self, name: str, my_passphrase: str) -> tuple[str, dict[str, str]]:
        """Remove a user for good and re-key (see dv_forum.vault.users.remove_user)."""
        return users.remove_user(self, name, my_passphrase)

    def rotate_key(self, my_passphrase: str) -> tuple[str, dict[str, str]]:
        """New data key and every slot rewrapped (see dv_forum.vault.users.rotate_key)."""
        return users.rotate_key(self, my_passphrase)

    def verify(self) -> list[str]:
        problems = db.integrity_problems(self.conn, full=True)
        problems += audit.verify(self.conn)
        return problems

    # ----- backup and restore -----
    def backup(self, target: Path) -> Path:
        """Write an encrypted backup file (see dv_forum.vault.backup.back_up)."""
        from dv_forum.vault.backup import back_up

        return back_up(self, Path(target))

    @classmethod
    def restore(
        cls, source: Path, folder: Path, user: str, passphrase: str, clock: Callable[[], float] = time.time
    ) -> Vault:
        """Restore a backup into a new folder, unlock it there and check it end to end (see
        dv_forum.vault.restore)."""
        from dv_forum.vault.restore import restore

        return restore(source, folder, user, passphrase, clock)
