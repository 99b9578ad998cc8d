"""The vault header: a JSON file beside the database holding one wrap of the data key per slot."""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dv_forum.errors import UserError, VaultDamaged
from dv_forum.fsio import atomic_write
from dv_forum.vault import crypto

HEADER_NAME = "vault.header"
DB_NAME = "vault.db"
# Format 2 adds sealed slots (a key pair per slot, see dv_forum.vault.sealed); format-1 slots
# (the data key wrapped directly) are still read, and upgraded when their user next unlocks.
HEADER_FORMAT = 2

# A slot names its user by a tag, not the name: the header and every backup are readable without a
# passphrase, and staff names are not for anyone who copies the files. The tag is scrypt of the
# case-folded name under the header's own salt (about 30 ms: a list of likely names is not
# checked against it for free); the name itself travels inside the slot's sealed payload.
TAG_PREFIX = "~"
_TAG_SCRYPT = {"n": 2**14, "r": 8, "p": 1, "dklen": 16}


class KdfDowngrade(UserError):
    def __init__(self) -> None:
        super().__init__(
            "The vault header asks for key-derivation settings outside what this program accepts "
            "for this user; it may have been tampered with.",
            "Restore the header from a backup, or unlock with the recovery key.",
        )


@dataclass
class Slot:
    slot_id: str
    kind: str  # "passphrase" | "recovery" | "keyring"
    nonce: bytes
    wrapped: bytes
    salt: bytes
    user: str | None = None
    kdf: crypto.KdfParams | None = None
    # Sealed slots: ``wrapped`` holds the slot's private key; the data key (and, for coordinators
    # and the recovery key, the audit signing key) is sealed to ``public`` and can be resealed
    # by a session that holds it, without the slot's secret.
    public: bytes = b""
    sealed: bytes = b""
    sealed_sign: bytes = b""

    @property
    def is_sealed(self) -> bool:
        return bool(self.public)

    def check_kdf(self) -> crypto.KdfParams:
        """This slot's KDF settings, refused when outside the floor and ceiling."""
        if self.kdf is None or not self.kdf.within_limits():
            raise KdfDowngrade()
        return self.kdf

    def aad(self, header: Header) -> bytes:
        # Binding every field but the ciphertext means an edited header fails to unwrap.
        fields: dict[str, Any] = {
            "format": 2 if self.is_sealed else 1,
            "vault_id": header.vault_id,
            "slot_id": self.slot_id,
            "kind": self.kind,
            "user": self.user,
            "salt": crypto.b64(self.salt),
            "kdf": self.kdf.to_dict() if self.kdf else None,
        }
        if self.is_sealed:
            fields["public"] = crypto.b64(self.public)
        return json.dumps(fields, sort_keys=True, separators=(",", ":")).encode()

    def to_dict(self) -> dict[str, Any]:
        d = {
            "slot_id": self.slot_id,
            "kind": self.kind,
            "user": self.user,
            "salt": crypto.b64(self.salt),
            "kdf": self.kdf.to_dict() if self.kdf else None,
            "nonce": crypto.b64(self.nonce),
            "wrapped": crypto.b64(self.wrapped),
        }
        if self.is_sealed:
            d.update(
                public=crypto.b64(self.public),
                sealed=crypto.b64(self.sealed),
                sealed_sign=crypto.b64(self.sealed_sign),
            )
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Slot:
        return cls(
            slot_id=str(d["slot_id"]),
            kind=str(d["kind"]),
            user=d.get("user"),
            salt=crypto.unb64(d["salt"]),
            kdf=crypto.KdfParams.from_dict(d["kdf"]) if d.get("kdf") else None,
            nonce=crypto.unb64(d["nonce"]),
            wrapped=crypto.unb64(d["wrapped"]),
            public=crypto.unb64(d.get("public", "")),
            sealed=crypto.unb64(d.get("sealed", "")),
            sealed_sign=crypto.unb64(d.get("sealed_sign", "")),
        )


def is_tag(value: str | None) -> bool:
    return bool(value) and str(value).startswith(TAG_PREFIX)


@dataclass
class Header:
    vault_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    format: int = HEADER_FORMAT
    slots: list[Slot] = field(default_factory=list)
    name_salt: bytes = field(default_factory=lambda: secrets.token_bytes(16))
    _tags: dict[str, str] = field(default_factory=dict, repr=False, compare=False)

    def name_tag(self, name: str) -> str:
        """What a slot holds in place of ``name`` (any case of it gives the same tag)."""
        key = name.strip().casefold()
        if key not in self._tags:
            raw = hashlib.scrypt(key.encode(), salt=self.name_salt, **_TAG_SCRYPT)  # type: ignore[arg-type]
            self._tags[key] = TAG_PREFIX + base64.urlsafe_b64encode(raw).decode().rstrip("=")
        return self._tags[key]

    def holds(self, slot: Slot, user: str) -> bool:
        """Whether ``slot`` is ``user``'s: by tag, or by the plain name a header from before tags
        still carries until that user next unlocks."""
        if not slot.user or not user.strip():
            return False
        if is_tag(slot.user):
            return slot.user == self.name_tag(user)
        return slot.user.casefold() == user.strip().casefold()

    def passphrase_slot(self, user: str) -> Slot | None:
        """``user``'s passphrase slot; with no name given, the only one when there is only one."""
        mine = [s for s in self.slots if s.kind == "passphrase"]
        if not user.strip():
            return mine[0] if len(mine) == 1 else None
        return next((s for s in mine if self.holds(s, user)), None)

    def slot_of_kind(self, kind: str) -> Slot | None:
        return next((s for s in self.slots if s.kind == kind), None)

    def users(self) -> list[str]:
        """User names a header still shows in plain (one from before tags); never a tag."""
        return [s.user for s in self.slots if s.kind == "passphrase" and s.user and not is_tag(s.user)]

    def sole_user(self) -> bool:
        """Whether exactly one person can unlock with a passphrase (then no name need be typed)."""
        return sum(s.kind == "passphrase" for s in self.slots) == 1

    def replace_slot(self, slot: Slot) -> None:
        self.slots = [s for s in self.slots if s.slot_id != slot.slot_id] + [slot]

    def remove_slots(self, kind: str, user: str | None = None) -> None:
        self.slots = [s for s in self.slots if not (s.kind == kind and (user is None or self.holds(s, user)))]

    def to_bytes(self) -> bytes:
        body = {
            "dv_forum_vault": 2 if any(s.is_sealed for s in self.slots) else 1,
            "vault_id": self.vault_id,
            "name_salt": crypto.b64(self.name_salt),
            "slots": [s.to_dict() for s in self.slots],
        }
        return json.dumps(body, indent=1, sort_keys=True).encode()

    @classmethod
    def from_bytes(cls, data: bytes) -> Header:
        try:
            body = json.loads(data)
            header = cls(
                vault_id=str(body["vault_id"]),
                format=int(body["dv_forum_vault"]),
                slots=[Slot.from_dict(s) for s in body["slots"]],
            )
            if body.get("name_salt"):
                header.name_salt = crypto.unb64(body["name_salt"])
        except (ValueError, KeyError, TypeError) as exc:
            raise VaultDamaged("the header file is unreadable") from exc
        if header.format > HEADER_FORMAT:
            raise UserError(
                "This vault's header was written by a newer version of dv-forum.",
                "Install the newer version to open it.",
            )
        # Slots are judged one by one when used (Slot.check_kdf): one edited slot must not lock out
        # the other users or the recovery key.
        return header

    def save(self, folder: Path) -> None:
        atomic_write(folder / HEADER_NAME, self.to_bytes())

    @classmethod
    def load(cls, folder: Path) -> Header:
        return cls.from_bytes((folder / HEADER_NAME).read_bytes())
