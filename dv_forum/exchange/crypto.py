"""Sealing a bundle: signed by the sender (Ed25519), then encrypted to the receiver.

Encryption is X25519 with a fresh key per bundle, HKDF-SHA256 and AES-256-GCM. The sender's name
and signature travel inside the ciphertext, so whatever carries a bundle sees only who it is for
(a key fingerprint) and its size.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from dv_forum.errors import UserError

MAGIC = b"DVXB1\n"
_RAW = serialization.Encoding.Raw
_PRIV = serialization.PrivateFormat.Raw
_PUB = serialization.PublicFormat.Raw
_NOENC = serialization.NoEncryption()
_FP_LEN = 16


@dataclass(frozen=True)
class Identity:
    sign_key: bytes
    box_key: bytes

    @classmethod
    def new(cls) -> Identity:
        sign = Ed25519PrivateKey.generate().private_bytes(_RAW, _PRIV, _NOENC)
        box = X25519PrivateKey.generate().private_bytes(_RAW, _PRIV, _NOENC)
        return cls(sign, box)

    @property
    def sign_pub(self) -> bytes:
        return Ed25519PrivateKey.from_private_bytes(self.sign_key).public_key().public_bytes(_RAW, _PUB)

    @property
    def box_pub(self) -> bytes:
        return X25519PrivateKey.from_private_bytes(self.box_key).public_key().public_bytes(_RAW, _PUB)


def fingerprint(sign_pub: bytes, box_pub: bytes) -> bytes:
    return hashlib.sha256(b"dv-forum device\0" + sign_pub + box_pub).digest()[:_FP_LEN]


def _aead_key(shared: bytes, eph_pub: bytes, to_box_pub: bytes) -> bytes:
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=eph_pub + to_box_pub, info=b"dv-forum bundle v1")
    return hkdf.derive(shared)


def seal(body: bytes, sender: Identity, to_sign_pub: bytes, to_box_pub: bytes) -> bytes:
    """Sign BODY with the sender's key and encrypt signature + body to the receiver."""
    sig = Ed25519PrivateKey.from_private_bytes(sender.sign_key).sign(body)
    eph = X25519PrivateKey.generate()
    eph_pub = eph.public_key().public_bytes(_RAW, _PUB)
    key = _aead_key(eph.exchange(X25519PublicKey.from_public_bytes(to_box_pub)), eph_pub, to_box_pub)
    header = MAGIC + fingerprint(to_sign_pub, to_box_pub) + eph_pub
    nonce = os.urandom(12)
    return header + nonce + AESGCM(key).encrypt(nonce, sig + body, header)


def addressed_to(blob: bytes) -> bytes:
    if not blob.startswith(MAGIC) or len(blob) < len(MAGIC) + _FP_LEN + 32 + 12 + 16 + 64:
        raise UserError("This file is not an exchange bundle.", "Check that you chose a .dvx file.")
    return blob[len(MAGIC) : len(MAGIC) + _FP_LEN]


def unseal(blob: bytes, me: Identity) -> tuple[bytes, bytes]:
    """Decrypt a bundle addressed to ME; return (signature, body). The signature is checked later,
    once the body has said who sent it."""
    if addressed_to(blob) != fingerprint(me.sign_pub, me.box_pub):
        raise UserError("This bundle is for another device.", "Give it to the device it was made for.")
    cut = len(MAGIC) + _FP_LEN
    header, eph_pub = blob[: cut + 32], blob[cut : cut + 32]
    nonce, ct = blob[cut + 32 : cut + 44], blob[cut + 44 :]
    priv = X25519PrivateKey.from_private_bytes(me.box_key)
    key = _aead_key(priv.exchange(X25519PublicKey.from_public_bytes(eph_pub)), eph_pub, me.box_pub)
    try:
        plain = AESGCM(key).decrypt(nonce, ct, header)
    except InvalidTag:
        raise UserError(
            "This bundle is damaged or was altered on the way: nothing was applied.",
            "Ask the sender to send it again.",
        ) from None
    return plain[:64], plain[64:]


def verify(sign_pub: bytes, sig: bytes, body: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(sign_pub).verify(sig, body)
    except InvalidSignature:
        return False
    return True


_WORDS = (
    "acorn badger candle dingle ember fennel garnet harbour iris juniper kestrel lantern meadow "
    "nutmeg orchard pebble quartz robin saffron thistle umber velvet willow yarrow anchor bramble "
    "copper dune elder falcon glade heron"
).split()


def fingerprint_words(sign_pub: bytes, box_pub: bytes) -> str:
    """Six words to read aloud on both devices (30 bits of the fingerprint)."""
    n = int.from_bytes(fingerprint(sign_pub, box_pub)[:4], "big")
    return " ".join(_WORDS[(n >> (5 * i)) & 31] for i in range(6))
