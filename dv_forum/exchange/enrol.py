"""Enrolment in person: the coordinator writes a file sealed with a one-time code read aloud."""

from __future__ import annotations

import base64
import json
import os
import secrets
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from dv_forum.errors import UserError
from dv_forum.exchange import crypto, devices, track
from dv_forum.fsio import atomic_write
from dv_forum.vault.db import Connection

_MAGIC = b"DVXE1\n"
_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def _key(code: str, salt: bytes) -> bytes:
    norm = "".join(ch for ch in code.upper() if ch in _ALPHABET)
    return Scrypt(salt=salt, length=32, n=2**15, r=8, p=1).derive(norm.encode("ascii"))


def ensure_identity(conn: Connection, name: str) -> None:
    """A coordinator's vault gets its exchange keys the first time it enrols a device."""
    if conn.execute("SELECT 1 FROM exchange_identity").fetchone() is None:
        devices.set_identity(conn, name, "coordinator")


def enrol(conn: Connection, name: str, role: str, out: Path) -> str:
    """Register device NAME and write its enrolment file to OUT; return the one-time code."""
    if role not in ("outreach", "chair"):
        raise UserError(f"Unknown role {role!r}.", "Use --role outreach or --role chair.")
    me = devices.identity(conn)
    ident = crypto.Identity.new()
    devices.add(conn, name, role, ident.sign_pub, ident.box_pub)
    me_name = str(conn.execute("SELECT device FROM exchange_identity").fetchone()[0])
    body = {
        "device": name,
        "role": role,
        "sign_key": base64.b64encode(ident.sign_key).decode(),
        "box_key": base64.b64encode(ident.box_key).decode(),
        "peer": me_name,
        "peer_sign_pub": base64.b64encode(me.sign_pub).decode(),
        "peer_box_pub": base64.b64encode(me.box_pub).decode(),
    }
    code = "-".join("".join(secrets.choice(_ALPHABET) for _ in range(4)) for _ in range(3))
    salt, nonce = os.urandom(16), os.urandom(12)
    sealed = AESGCM(_key(code, salt)).encrypt(nonce, json.dumps(body).encode(), _MAGIC)
    atomic_write(out, _MAGIC + salt + nonce + sealed)
    track.sync_all(conn)  # everything the new device should hold goes in its first bundle
    return code


def read_enrolment(path: Path, code: str) -> dict[str, str]:
    try:
        blob = path.read_bytes()
    except OSError as exc:
        raise UserError(f"Cannot read the enrolment file: {exc.strerror}.", "Check the path.") from None
    if not blob.startswith(_MAGIC):
        raise UserError("This is not an enrolment file.", "Use the file dv-forum devices enrol wrote.")
    salt, nonce, sealed = blob[6:22], blob[22:34], blob[34:]
    try:
        data: dict[str, str] = json.loads(AESGCM(_key(code, salt)).decrypt(nonce, sealed, _MAGIC))
    except InvalidTag:
        raise UserError(
            "The code does not fit this enrolment file.", "Check the code read out to you."
        ) from None
    return data


def join(conn: Connection, data: dict[str, str]) -> None:
    """Turn a newly created vault into the enrolled device's own: its role, keys and one peer.

    A new vault is created as a coordinator's; an outreach or chair vault keeps no linkage secret.
    """
    conn.execute("UPDATE users SET role = ?", (data["role"],))
    conn.execute("DELETE FROM secrets WHERE name = 'linkage'")
    ident = crypto.Identity(base64.b64decode(data["sign_key"]), base64.b64decode(data["box_key"]))
    devices.set_identity(conn, data["device"], data["role"], ident)
    devices.add(
        conn,
        data["peer"],
        "coordinator",
        base64.b64decode(data["peer_sign_pub"]),
        base64.b64decode(data["peer_box_pub"]),
    )
