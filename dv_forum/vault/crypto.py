"""Key derivation and key wrapping for vault slots."""

from __future__ import annotations

import base64
import os
import secrets
import statistics
import time
from dataclasses import asdict, dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

KEY_BYTES = 32
SALT_BYTES = 16
NONCE_BYTES = 12

# The floor from the design: never accepted below, calibrated upward on creation.
FLOOR_MEMORY_KIB = 64 * 1024
FLOOR_ITERATIONS = 3
FLOOR_LANES = 4
CALIBRATION_TARGET_S = 0.5
MAX_ITERATIONS = 64
# The ceiling: a header asking for more than this is refused before any work, so an edited header
# cannot hang the program for hours or exhaust memory.
CEILING_MEMORY_KIB = 1024 * 1024
CEILING_LANES = 16
CALIBRATION_SAMPLES = 5


class UnwrapFailed(Exception):
    """The wrapping key did not open the slot (wrong secret or edited header)."""


@dataclass(frozen=True)
class KdfParams:
    memory_kib: int = FLOOR_MEMORY_KIB
    iterations: int = FLOOR_ITERATIONS
    lanes: int = FLOOR_LANES
    alg: str = "argon2id"

    def meets_floor(self) -> bool:
        return (
            self.alg == "argon2id"
            and self.memory_kib >= FLOOR_MEMORY_KIB
            and self.iterations >= FLOOR_ITERATIONS
            and self.lanes >= FLOOR_LANES
        )

    def within_limits(self) -> bool:
        return (
            self.meets_floor()
            and self.memory_kib <= CEILING_MEMORY_KIB
            and self.iterations <= MAX_ITERATIONS
            and self.lanes <= CEILING_LANES
        )

    def to_dict(self) -> dict[str, object]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, object]) -> KdfParams:
        return cls(
            memory_kib=int(str(d["memory_kib"])),
            iterations=int(str(d["iterations"])),
            lanes=int(str(d["lanes"])),
            alg=str(d["alg"]),
        )


def random_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


def derive_passphrase_key(passphrase: str, salt: bytes, params: KdfParams) -> bytes:
    if not params.within_limits():
        raise ValueError("KDF parameters outside the floor and ceiling")
    kdf = Argon2id(
        salt=salt,
        length=KEY_BYTES,
        iterations=params.iterations,
        lanes=params.lanes,
        memory_cost=params.memory_kib,
    )
    return kdf.derive(passphrase.encode("utf-8"))


def calibrate(target_s: float = CALIBRATION_TARGET_S) -> KdfParams:
    """Raise iterations from the floor until one derivation takes about ``target_s`` seconds.

    The first derivation is a warm-up (page faults, CPU frequency) and is not timed; the median of
    the timed ones is used, so one slow or fast run does not decide the vault's strength.
    """
    params = KdfParams()
    salt = os.urandom(SALT_BYTES)
    derive_passphrase_key("calibration-only", salt, params)
    samples = []
    for _ in range(CALIBRATION_SAMPLES):
        start = time.perf_counter()
        derive_passphrase_key("calibration-only", salt, params)
        samples.append(time.perf_counter() - start)
    per_iteration = statistics.median(samples) / params.iterations
    if per_iteration <= 0:
        return params
    wanted = int(target_s / per_iteration)
    return KdfParams(iterations=max(FLOOR_ITERATIONS, min(MAX_ITERATIONS, wanted)))


def derive_recovery_key(recovery_secret: bytes, salt: bytes) -> bytes:
    # The recovery secret is 200 random bits, so a fast KDF is enough.
    return HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=salt, info=b"dv-forum recovery").derive(
        recovery_secret
    )


def wrap(wrapping_key: bytes, data_key: bytes, aad: bytes) -> tuple[bytes, bytes]:
    nonce = os.urandom(NONCE_BYTES)
    return nonce, AESGCM(wrapping_key).encrypt(nonce, data_key, aad)


def unwrap(wrapping_key: bytes, nonce: bytes, wrapped: bytes, aad: bytes) -> bytes:
    try:
        return AESGCM(wrapping_key).decrypt(nonce, wrapped, aad)
    except InvalidTag:
        raise UnwrapFailed() from None


def new_keypair() -> tuple[bytes, bytes]:
    """A fresh X25519 key pair as raw bytes (private, public)."""
    private = X25519PrivateKey.generate()
    return private.private_bytes_raw(), private.public_key().public_bytes_raw()


def _seal_key(shared: bytes, ephemeral_public: bytes) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(), length=KEY_BYTES, salt=ephemeral_public, info=b"dv-forum seal"
    ).derive(shared)


def seal(public: bytes, secret: bytes, aad: bytes) -> bytes:
    """Encrypt ``secret`` so that only the holder of ``public``'s private key can read it (an
    ephemeral X25519 exchange, HKDF, AES-GCM): ephemeral public key, nonce, ciphertext."""
    ephemeral = X25519PrivateKey.generate()
    ephemeral_public = ephemeral.public_key().public_bytes_raw()
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(public))
    nonce, sealed = wrap(_seal_key(shared, ephemeral_public), secret, aad)
    return ephemeral_public + nonce + sealed


def unseal(private: bytes, sealed: bytes, aad: bytes) -> bytes:
    if len(sealed) < 32 + NONCE_BYTES:
        raise UnwrapFailed()
    ephemeral_public, nonce, body = sealed[:32], sealed[32 : 32 + NONCE_BYTES], sealed[32 + NONCE_BYTES :]
    try:
        shared = X25519PrivateKey.from_private_bytes(private).exchange(
            X25519PublicKey.from_public_bytes(ephemeral_public)
        )
    except ValueError:
        raise UnwrapFailed() from None
    return unwrap(_seal_key(shared, ephemeral_public), nonce, body, aad)


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


# Recovery keys: 25 random bytes shown as 10 groups of 4 base32 characters, easy to print and type.
RECOVERY_BYTES = 25


def new_recovery_secret() -> tuple[bytes, str]:
    raw = secrets.token_bytes(RECOVERY_BYTES)
    text = base64.b32encode(raw).decode("ascii")
    return raw, "-".join(text[i : i + 4] for i in range(0, len(text), 4))


def parse_recovery_key(text: str) -> bytes:
    cleaned = "".join(ch for ch in text.upper() if ch.isalnum())
    cleaned = cleaned.replace("0", "O").replace("1", "I").replace("8", "B")
    try:
        raw = base64.b32decode(cleaned)
    except ValueError:
        raise UnwrapFailed() from None
    if len(raw) != RECOVERY_BYTES:
        raise UnwrapFailed()
    return raw
