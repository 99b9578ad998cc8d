"""Sealed key slots: what lets a passphrase change cut access without resetting everyone else.

A sealed slot holds a key pair. Its secret (a passphrase, the recovery key, a keyring secret) wraps
only the slot's private key; the data key is sealed to the slot's public key. So a session that
holds the data key can re-key the database and seal the new key to every other slot without
knowing their secrets, while the slot that changed gets a new key pair: an old header, unwrapped
with the old passphrase, yields only the old data key and the old private key, which open nothing
written afterwards.

The audit signing key (dv_forum.vault.anchors) is sealed the same way, to coordinators' slots and
the recovery slot only.
"""

from __future__ import annotations

import json
import secrets
import uuid
from dataclasses import dataclass

from dv_forum.vault import crypto
from dv_forum.vault.header import Header, Slot


@dataclass(frozen=True)
class Opened:
    """What a slot's secret gives: the data key and, for sealed coordinator slots, the signing key."""

    data_key: bytes
    sign_key: bytes | None = None
    user: str | None = None


def make_slot(
    header: Header,
    kind: str,
    wrapping: bytes,
    data_key: bytes,
    *,
    user: str | None = None,
    salt: bytes | None = None,
    kdf: crypto.KdfParams | None = None,
    sign_key: bytes | None = None,
) -> Slot:
    """A new sealed slot whose private key ``wrapping`` (derived from the slot's secret) opens."""
    private, public = crypto.new_keypair()
    slot = Slot(
        slot_id=uuid.uuid4().hex,
        kind=kind,
        user=header.name_tag(user) if user else None,  # the name itself only inside the payload
        kdf=kdf,
        salt=salt if salt is not None else secrets.token_bytes(crypto.SALT_BYTES),
        nonce=b"",
        wrapped=b"",
        public=public,
    )
    payload = json.dumps({"private": crypto.b64(private), "user": user}).encode()
    slot.nonce, slot.wrapped = crypto.wrap(wrapping, payload, slot.aad(header))
    reseal(header, slot, data_key, sign_key)
    return slot


def reseal(header: Header, slot: Slot, data_key: bytes, sign_key: bytes | None = None) -> None:
    """Seal ``data_key`` (and ``sign_key`` when given) to the slot's public key."""
    aad = slot.aad(header)
    slot.sealed = crypto.seal(slot.public, data_key, aad + b"|data")
    if sign_key is not None:
        slot.sealed_sign = crypto.seal(slot.public, sign_key, aad + b"|sign")


def open_slot(header: Header, slot: Slot, wrapping: bytes) -> Opened:
    """The keys a slot holds, given its wrapping key; crypto.UnwrapFailed if it does not fit."""
    aad = slot.aad(header)
    if not slot.is_sealed:
        return Opened(crypto.unwrap(wrapping, slot.nonce, slot.wrapped, aad), None, slot.user)
    try:
        payload = json.loads(crypto.unwrap(wrapping, slot.nonce, slot.wrapped, aad))
        private = crypto.unb64(payload["private"])
        user = payload.get("user")
    except (ValueError, KeyError, TypeError):
        raise crypto.UnwrapFailed() from None
    data_key = crypto.unseal(private, slot.sealed, aad + b"|data")
    sign_key = crypto.unseal(private, slot.sealed_sign, aad + b"|sign") if slot.sealed_sign else None
    return Opened(data_key, sign_key, user if isinstance(user, str) else slot.user)


def resealed_copy(header: Header, new: Header, slot: Slot, data_key: bytes) -> Slot:
    """``slot`` moved into ``new`` (same vault id) with ``data_key`` sealed to it; its signing key
    seal is kept as it was (the signing key does not change with the data key)."""
    assert slot.is_sealed and header.vault_id == new.vault_id
    copy = Slot.from_dict(slot.to_dict())
    reseal(new, copy, data_key)
    return copy


def seal_sign(header: Header, slot: Slot, sign_key: bytes) -> None:
    """Seal the audit signing key to a slot that lacks it (the data key seal stays)."""
    slot.sealed_sign = crypto.seal(slot.public, sign_key, slot.aad(header) + b"|sign")
