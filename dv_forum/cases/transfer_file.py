"""The MARAC-to-MARAC transfer file: one JSON document sealed with a per-recipient password.

Layout (all of it authenticated)::

    MAGIC (12 bytes) | header length (4 bytes, big-endian) | header (JSON, UTF-8) | AES-256-GCM ciphertext

The header names the format version and the scrypt parameters, salt and nonce; it is the GCM
associated data, so editing it (say, to weaken the KDF) makes the file fail to open. The password is
generated (about 123 bits, as for packs), so scrypt only has to make each guess costly, not rescue a
weak password. Nothing in the header is case data.
"""

from __future__ import annotations

import json
import os
import struct
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from dv_forum.errors import UserError
from dv_forum.vault.crypto import b64, unb64

MAGIC = b"DVFTRANSFER\x00"
FORMAT = 1
SCRYPT_N = 2**15
SCRYPT_R = 8
SCRYPT_P = 1
# Refused above these, so a crafted header cannot make the import use gigabytes of memory.
MAX_N = 2**20
MAX_HEADER = 4096
MAX_FILE = 64 * 1024 * 1024
SUFFIX = ".dvtransfer"


class TransferFileError(UserError):
    pass


def _key(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(password.encode("utf-8"))


def seal(payload: dict[str, Any], password: str) -> bytes:
    """The file's bytes for ``payload`` (a JSON-able dict)."""
    salt, nonce = os.urandom(16), os.urandom(12)
    header = json.dumps(
        {
            "format": FORMAT,
            "kdf": "scrypt",
            "n": SCRYPT_N,
            "r": SCRYPT_R,
            "p": SCRYPT_P,
            "salt": b64(salt),
            "nonce": b64(nonce),
            "cipher": "AES-256-GCM",
        },
        sort_keys=True,
    ).encode("utf-8")
    prefix = MAGIC + struct.pack(">I", len(header)) + header
    plain = json.dumps(payload, sort_keys=True).encode("utf-8")
    key = _key(password, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    return prefix + AESGCM(key).encrypt(nonce, plain, prefix)


def _not_a_transfer() -> TransferFileError:
    return TransferFileError(
        "This is not a dv-forum transfer file, or it is damaged.",
        "Ask the sending MARAC to write the transfer again.",
    )


def _header(data: bytes) -> tuple[dict[str, Any], bytes]:
    if not data.startswith(MAGIC) or len(data) < len(MAGIC) + 4:
        raise _not_a_transfer()
    (size,) = struct.unpack(">I", data[len(MAGIC) : len(MAGIC) + 4])
    if size > MAX_HEADER:
        raise _not_a_transfer()
    end = len(MAGIC) + 4 + size
    try:
        header = json.loads(data[len(MAGIC) + 4 : end].decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise _not_a_transfer() from None
    if not isinstance(header, dict):
        raise _not_a_transfer()
    if header.get("format") != FORMAT:
        raise TransferFileError(
            "This transfer file was written by a newer dv-forum.", "Update dv-forum, then import it again."
        )
    return header, data[:end]


def open_sealed(data: bytes, password: str) -> dict[str, Any]:
    """The payload of a transfer file; a wrong password and a damaged file give one answer."""
    if len(data) > MAX_FILE:
        raise _not_a_transfer()
    header, prefix = _header(data)
    try:
        n, r, p = int(header["n"]), int(header["r"]), int(header["p"])
        salt, nonce = unb64(str(header["salt"])), unb64(str(header["nonce"]))
    except (KeyError, TypeError, ValueError):
        raise _not_a_transfer() from None
    if header.get("kdf") != "scrypt" or not (2**14 <= n <= MAX_N) or not (1 <= r <= 16) or p != 1:
        raise _not_a_transfer()
    try:
        plain = AESGCM(_key(password, salt, n, r, p)).decrypt(nonce, data[len(prefix) :], prefix)
    except (InvalidTag, ValueError):
        raise TransferFileError(
            "The password does not open this transfer file (or the file was changed).",
            "Check the password the sending MARAC gave you.",
        ) from None
    payload = json.loads(plain.decode("utf-8"))
    if not isinstance(payload, dict):
        raise _not_a_transfer()
    return payload
