"""The vault: a folder holding the SQLCipher database and its header of key slots."""

from __future__ import annotations

import contextlib
import os
import secrets
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from dv_forum.errors import (
    BackupDamaged,
    DiskFull,
    LockedOut,
    PermissionDenied,
    UserError,
    VaultDamaged,
    VaultNotFound,
    WrongPassphrase,
    translate_db_error,
)
from dv_forum.fsio import secure_mkdir
from dv_forum.vault import audit, crypto, db, migrations, policy
from dv_forum.vault.header import DB_NAME, HEADER_NAME, Header, Slot
from dv_forum.vault.roles import Perm, Role, allowed
from dv_forum.vault.throttle import Throttle


@dataclass(frozen=True)
class User:
    id: int
    name: str
    role: Role
    must_change: bool = False


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def check_user_name(name: str) -> str:
    cleaned = name.strip()
    if not cleaned or len(cleaned) > 40 or not all(ch.isalnum() or ch in " .-_'" for ch in cleaned):
        raise UserError(
            "A user name must be 1-40 letters, digits, spaces or . - _ '.", "Choose another name."
        )
    return cleaned


def check_passphrase(passphrase: str, user: str | None = None) -> None:
    found = policy.problems(passphrase, user)
    if found:
        raise UserError("That passphrase is too weak: " + "; ".join(found) + ".", "Choose a longer one.")


def passphrase_slot(
    header: Header, user: str, passphrase: str, data_key: bytes, kdf: crypto.KdfParams
) -> Slot:
    slot = Slot(
        slot_id=uuid.uuid4().hex,
        kind="passphrase",
        user=user,
        kdf=kdf,
        salt=secrets.token_bytes(crypto.SALT_BYTES),
        nonce=b"",
        wrapped=b"",
    )
    wrapping = crypto.derive_passphrase_key(passphrase, slot.salt, kdf)
    slot.nonce, slot.wrapped = crypto.wrap(wrapping, data_key, slot.aad(header))
    return slot


def recovery_slot(header: Header, data_key: bytes) -> tuple[Slot, str]:
    raw, text = crypto.new_recovery_secret()
    slot = Slot(
        slot_id=uuid.uuid4().hex,
        kind="recovery",
        salt=secrets.token_bytes(crypto.SALT_BYTES),
        nonce=b"",
        wrapped=b"",
    )
    slot.nonce, slot.wrapped = crypto.wrap(
        crypto.derive_recovery_key(raw, slot.salt), data_key, slot.aad(header)
    )
    return slot, text


def unwrap_passphrase(header: Header, user: str, passphrase: str) -> bytes:
    slot = header.passphrase_slot(user)
    if slot is None or slot.kdf is None:
        # Spend the same time as a real attempt so user names cannot be probed by timing.
        crypto.derive_passphrase_key(passphrase, b"\0" * crypto.SALT_BYTES, crypto.KdfParams())
        raise crypto.UnwrapFailed()
    wrapping = crypto.derive_passphrase_key(passphrase, slot.salt, slot.check_kdf())
    return crypto.unwrap(wrapping, slot.nonce, slot.wrapped, slot.aad(header))


def unwrap_recovery(header: Header, recovery_text: str) -> bytes:
    slot = header.slot_of_kind("recovery")
    if slot is None:
        raise crypto.UnwrapFailed()
    raw = crypto.parse_recovery_key(recovery_text)
    return crypto.unwrap(
        crypto.derive_recovery_key(raw, slot.salt), slot.nonce, slot.wrapped, slot.aad(header)
    )


def rewrap_passphrase(
    folder: Path, user: str, old: str, new: str, kdf: crypto.KdfParams | None = None
) -> Header:
    """Change one user's passphrase by rewrapping their slot. The database is not touched, and the
    header is replaced atomically, so after a crash exactly one of old and new opens the vault."""
    check_passphrase(new, user)
    header = Header.load(folder)
    slot = header.passphrase_slot(user)
    try:
        data_key = unwrap_passphrase(header, user, old)
    except crypto.UnwrapFailed:
        raise WrongPassphrase() from None
    assert slot is not None and slot.kdf is not None
    header.remove_slots("passphrase", user)
    header.slots.append(passphrase_slot(header, slot.user or user, new, data_key, kdf or slot.kdf))
    header.save(folder)
    return header


class Vault:
    """An unlocked vault. Holds the connection; ``close`` drops it and the key."""

    def __init__(self, folder: Path, header: Header, conn: db.Connection, user: User, kdf: crypto.KdfParams):
        self.folder = folder
        self.header = header
        self.conn = conn
        self.user = user
        self._kdf = kdf
        self._tx_depth = 0

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
                "INSERT INTO users (name, role, created_at) VALUES (?, 'coordinator', ?)", (user, _now())
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
        return cls(folder, header, conn, User(uid, user, Role.COORDINATOR), kdf), recovery_text

    @classmethod
    def open(cls, folder: Path, user: str, passphrase: str, clock: Callable[[], float] = time.time) -> Vault:
        folder = Path(folder)
        header = cls._load_header(folder)
        throttle = Throttle(folder, clock, header.vault_id)
        wait = throttle.wait_seconds()
        if wait > 0:
            raise LockedOut(wait)
        try:
            data_key = unwrap_passphrase(header, user, passphrase)
        except crypto.UnwrapFailed:
            throttle.record_failure()
            raise WrongPassphrase() from None
        header, data_key = cls._settle_pending_rotation(folder, header, data_key, user, passphrase)
        slot = header.passphrase_slot(user)
        assert slot is not None and slot.kdf is not None
        return cls._finish_open(folder, header, data_key, slot.user or user, throttle, "unlock", slot.kdf)

    @classmethod
    def open_with_recovery(
        cls,
        folder: Path,
        recovery_text: str,
        user: str,
        new_passphrase: str,
        clock: Callable[[], float] = time.time,
    ) -> Vault:
        """Unlock with the recovery key and set a new passphrase for ``user``."""
        folder = Path(folder)
        check_passphrase(new_passphrase, user)
        header = cls._load_header(folder)
        throttle = Throttle(folder, clock, header.vault_id)
        wait = throttle.wait_seconds()
        if wait > 0:
            raise LockedOut(wait)
        try:
            data_key = unwrap_recovery(header, recovery_text)
        except crypto.UnwrapFailed:
            throttle.record_failure()
            raise UserError(
                "That recovery key does not open this vault.", "Check it against the printed copy."
            ) from None
        kdf = cls._strongest_kdf(header)
        vault = cls._finish_open(folder, header, data_key, user, throttle, "unlock.recovery", kdf)
        vault._set_passphrase_slot(vault.user.name, new_passphrase, data_key)
        vault.audit("user.passphrase_reset", detail=vault.user.name)
        return vault

    @classmethod
    def open_with_key(cls, folder: Path, user: str, data_key: bytes, how: str) -> Vault:
        """Finish unlocking with a data key obtained from another slot (the keyring)."""
        folder = Path(folder)
        header = cls._load_header(folder)
        return cls._finish_open(
            folder,
            header,
            data_key,
            user,
            Throttle(folder, vault_id=header.vault_id),
            how,
            cls._strongest_kdf(header),
        )

    @classmethod
    def _settle_pending_rotation(
        cls, folder: Path, header: Header, data_key: bytes, user: str, passphrase: str
    ) -> tuple[Header, bytes]:
        """Finish or discard a key rotation that a crash interrupted (see rotate_key)."""
        pending_path = folder / (HEADER_NAME + ".pending")
        if not pending_path.exists():
            return header, data_key
        try:
            db.open_db(cls.db_path(folder), data_key).close()
            pending_path.unlink()  # the rekey never happened: the current header is right
            return header, data_key
        except db.DatabaseError:
            pass
        pending = Header.from_bytes(pending_path.read_bytes())
        try:
            new_key = unwrap_passphrase(pending, user, passphrase)
            db.open_db(cls.db_path(folder), new_key).close()
        except (crypto.UnwrapFailed, db.DatabaseError):
            return header, data_key
        pending.save(folder)
        pending_path.unlink()
        return pending, new_key

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
    def _finish_open(
        cls,
        folder: Path,
        header: Header,
        data_key: bytes,
        user: str,
        throttle: Throttle,
        how: str,
        kdf: crypto.KdfParams,
    ) -> Vault:
        try:
            conn = db.open_db(cls.db_path(folder), data_key)
        except db.DatabaseError:
            raise VaultDamaged() from None
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
                "SELECT id, name, role, active, must_change FROM users WHERE name = ?", (user,)
            ).fetchone()
        except db.DatabaseError:
            conn.close()
            raise VaultDamaged() from None
        except BaseException:
            conn.close()
            raise
        if row is None or not row["active"]:
            conn.close()
            throttle.record_failure()
            raise WrongPassphrase()
        vault = cls(
            folder,
            header,
            conn,
            User(row["id"], row["name"], Role(row["role"]), bool(row["must_change"])),
            kdf,
        )
        missed = throttle.record_success()
        with vault.transaction():
            if missed:
                vault.audit("unlock.failed", detail=f"{missed} failed attempts before this unlock")
            vault.audit(how)
        return vault

    # ----- life cycle -----
    def close(self, reason: str = "lock") -> None:
        if self.conn is None:
            return
        with contextlib.suppress(db.DatabaseError):
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            audit.append(self.conn, self.user.name, reason)
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
        except BaseException:
            with contextlib.suppress(db.DatabaseError):
                self.conn.execute("ROLLBACK")
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
        header.slots.append(passphrase_slot(header, user, passphrase, data_key, self._kdf))
        header.save(self.folder)
        self.header = header

    def change_passphrase(self, old: str, new: str) -> None:
        """Rewrap this user's slot (see rewrap_passphrase), then record it in the vault."""
        self.header = rewrap_passphrase(self.folder, self.user.name, old, new, self._kdf)
        with self.transaction():
            self.conn.execute("UPDATE users SET must_change = 0 WHERE id = ?", (self.user.id,))
            self.audit("user.passphrase_change", detail=self.user.name)

    def add_user(self, name: str, role: Role | str, passphrase: str, my_passphrase: str) -> User:
        """Add a user with their own slot. Needs the caller's passphrase to reach the data key."""
        self.require(Perm.MANAGE_USERS)
        name = check_user_name(name)
        role = Role(role)
        check_passphrase(passphrase, name)
        if self.header.passphrase_slot(name) is not None:
            raise UserError(f"There is already a user called {name}.", "Choose another name.")
        try:
            data_key = unwrap_passphrase(self.header, self.user.name, my_passphrase)
        except crypto.UnwrapFailed:
            raise WrongPassphrase() from None
        with self.transaction():
            cur = self.conn.execute(
                "INSERT INTO users (name, role, created_at, must_change) VALUES (?, ?, ?, 1)",
                (name, role.value, _now()),
            )
            self.audit("user.add", detail=f"{name} ({role.value})")
            # The header is written inside the transaction: if it fails, the user row rolls back.
            self._set_passphrase_slot(name, passphrase, data_key)
        return User(int(cur.lastrowid or 0), name, role, True)

    def list_users(self) -> list[User]:
        rows = self.conn.execute(
            "SELECT id, name, role, must_change FROM users WHERE active = 1 ORDER BY name"
        )
        return [User(r[0], r[1], Role(r[2]), bool(r[3])) for r in rows]

    def rotate_key(self, my_passphrase: str) -> tuple[str, dict[str, str]]:
        """New data key (PRAGMA rekey) and every slot rewrapped.

        Other users' passphrases are unknown to us, so each gets a one-time passphrase that they
        must change at next unlock. Returns the new recovery key and those one-time passphrases.
        """
        self.require(Perm.ROTATE_KEY)
        try:
            unwrap_passphrase(self.header, self.user.name, my_passphrase)
        except crypto.UnwrapFailed:
            raise WrongPassphrase() from None
        new_key = crypto.random_key()
        header = Header(vault_id=self.header.vault_id)
        header.slots.append(passphrase_slot(header, self.user.name, my_passphrase, new_key, self._kdf))
        temporary: dict[str, str] = {}
        for other in self.list_users():
            if other.name.casefold() == self.user.name.casefold():
                continue
            temp = "-".join(secrets.token_hex(3) for _ in range(4))
            temporary[other.name] = temp
            header.slots.append(passphrase_slot(header, other.name, temp, new_key, self._kdf))
        rslot, recovery_text = recovery_slot(header, new_key)
        header.slots.append(rslot)
        # Write the new header beside the old first, so a crash between rekey and header swap can be
        # recovered: the pending header holds slots for the new key.
        pending = self.folder / (HEADER_NAME + ".pending")
        from dv_forum.fsio import atomic_write

        atomic_write(pending, header.to_bytes())
        db.rekey(self.conn, new_key)
        header.save(self.folder)
        pending.unlink(missing_ok=True)
        self.header = header
        with self.transaction():
            for name in temporary:
                self.conn.execute("UPDATE users SET must_change = 1 WHERE name = ?", (name,))
            self.audit("vault.rotate_key", detail=f"{len(temporary)} users given one-time passphrases")
        return recovery_text, temporary

    def verify(self) -> list[str]:
        problems = db.integrity_problems(self.conn, full=True)
        problems += audit.verify(self.conn)
        return problems

    # ----- backup and restore -----
    def backup(self, target: Path) -> Path:
        from dv_forum.vault.backup import write_backup

        self.require(Perm.BACKUP)
        target = Path(target)
        write_backup(target, self.conn, self.header)
        with self.transaction():
            self.audit("backup")
        return target

    @classmethod
    def restore(
        cls, source: Path, folder: Path, user: str, passphrase: str, clock: Callable[[], float] = time.time
    ) -> Vault:
        """Restore a backup into a new folder, unlock it there and check it end to end.

        The backup is unlocked and checked (full integrity check, audit chain) in a hidden folder
        beside ``folder`` and only then moved there in one rename: ``folder`` ends up holding the
        whole checked vault or is left as it was, and a failure (wrong passphrase, damaged backup,
        full disk) leaves nothing behind. The restored vault's audit records the restore.
        """
        from dv_forum.vault.backup import StagedRestore

        staged = StagedRestore(Path(source), Path(folder))
        header = staged.header
        # The backup's vault shares its throttle: a restore form is not a way round the unlock screen.
        throttle = Throttle(None, clock, header.vault_id)
        wait = throttle.wait_seconds()
        if wait > 0:
            raise LockedOut(wait)
        try:
            data_key = unwrap_passphrase(header, user, passphrase)
        except crypto.UnwrapFailed:
            throttle.record_failure()
            raise WrongPassphrase(
                "Use a user name and passphrase that were valid when the backup was made "
                "(check Caps Lock). Nothing was restored."
            ) from None
        slot = header.passphrase_slot(user)
        assert slot is not None and slot.kdf is not None
        name = slot.user or user
        try:
            staging = staged.lay_out()
            checked = cls._finish_open(staging, header, data_key, name, throttle, "restore", slot.kdf)
            try:
                problems = checked.verify()
                if problems:
                    raise BackupDamaged("the restored copy failed its checks: " + problems[0])
                if not checked.can(Perm.BACKUP):
                    raise PermissionDenied(checked.user.role.value, Perm.BACKUP.value)
            finally:
                checked.release()
            staged.commit()
            return cls._finish_open(staged.folder, header, data_key, name, throttle, "unlock", slot.kdf)
        except BaseException as exc:
            staged.discard()
            problem = translate_db_error(exc) if isinstance(exc, db.DatabaseError) else exc
            if isinstance(problem, DiskFull):
                raise DiskFull(
                    "The disk is full: the backup could not be restored (nothing was left behind).",
                    "Free some space, or restore into a folder on another disk.",
                ) from None
            if isinstance(problem, VaultDamaged):
                raise BackupDamaged() from None
            raise
