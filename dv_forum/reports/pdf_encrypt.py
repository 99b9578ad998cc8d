"""AES-256 password protection for finished PDFs, with a check that it really is AES-256.

ReportLab's own StandardEncryption(strength=256) writes the obsolete revision 5 handler (Adobe's
extension level 3, withdrawn for a weakness) and needs the unmaintained pure-Python ``pyaes``
package. So the pack is laid out by ReportLab and then encrypted with pypdf, which writes the
PDF 2.0 handler (/V 5, /R 6, AESV3) using the ``cryptography`` library. The result is read back and
checked; anything else is refused, never silently weakened.
"""

from __future__ import annotations

import io
import secrets
from typing import Any

from pypdf import PdfReader, PdfWriter
from pypdf.constants import UserAccessPermissions as Perms

# Unambiguous letters and digits (no 0/O, 1/l/I) so a password read aloud or copied by hand works.
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
MIN_PASSWORD = 12


class EncryptionCheckFailed(RuntimeError):
    """The written file is not AES-256 (R6): a bug or a library change; never shipped."""


def generate_password(groups: int = 5, size: int = 4) -> str:
    """About 123 bits: 5 groups of 4 from 31 symbols, e.g. 'k7mq-x3vd-...'. Shown once."""
    return "-".join("".join(secrets.choice(_ALPHABET) for _ in range(size)) for _ in range(groups))


def encrypt_aes256(pdf: bytes, password: str) -> bytes:
    if len(password) < MIN_PASSWORD:
        raise ValueError("password too short")
    reader = PdfReader(io.BytesIO(pdf))
    writer = PdfWriter(clone_from=reader)
    # Recipients may print; changing or copying text out is not offered (a deterrent only).
    allowed = Perms.PRINT | Perms.PRINT_TO_REPRESENTATION
    writer.encrypt(
        user_password=password,
        owner_password=secrets.token_urlsafe(32),
        algorithm="AES-256",
        permissions_flag=allowed,
    )
    out = io.BytesIO()
    writer.write(out)
    data = out.getvalue()
    check_aes256(data, password)
    return data


def encryption_params(pdf: bytes) -> dict[str, object]:
    """The encryption dictionary's key facts (empty if the file is not encrypted)."""
    reader = PdfReader(io.BytesIO(pdf))
    if not reader.is_encrypted:
        return {}
    enc: Any = reader.trailer["/Encrypt"].get_object()
    cf: Any = enc.get("/CF", {})
    std = cf.get("/StdCF", {}) if cf else {}
    return {
        "V": int(enc.get("/V", 0)),
        "R": int(enc.get("/R", 0)),
        "Length": int(enc.get("/Length", 0)),
        "CFM": str(std.get("/CFM", "")),
        "StmF": str(enc.get("/StmF", "")),
        "StrF": str(enc.get("/StrF", "")),
    }


def check_aes256(pdf: bytes, password: str) -> None:
    params = encryption_params(pdf)
    ok = (
        params.get("V") == 5
        and params.get("R") == 6
        and params.get("CFM") == "/AESV3"
        and params.get("StmF") == "/StdCF"
        and params.get("StrF") == "/StdCF"
    )
    if not ok:
        raise EncryptionCheckFailed(f"expected AES-256 (V5 R6 AESV3), got {params}")
    reader = PdfReader(io.BytesIO(pdf))
    if not reader.decrypt(password):
        raise EncryptionCheckFailed("the password does not open the encrypted file")
