"""Linkage keys: recognise a returning person without storing who they are.

An identity (surname, forename, date of birth and/or a source-system person id) is normalised and
turned into keyed hashes (HMAC-SHA256 with a secret kept inside the encrypted vault). Only the
hashes are stored. Without the secret the hashes cannot be tested against guessed identities,
and data copied out without the secret cannot be linked to another vault.

Nothing here logs, and no error message carries a value from the identity.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets as _secrets
import unicodedata
from dataclasses import dataclass
from datetime import date

SECRET_NAME = "linkage"  # noqa: S105 (the row name in `secrets`, not a secret)
SECRET_BYTES = 32
KEY_VERSION = b"v1"
_VERSION_TEXT = KEY_VERSION.decode("ascii")

# Kinds of exact key: a person found by any of them is the same person.
EXACT_NAME = "exact_name"
EXACT_ID = "exact_id"
# Kinds of match key: shared values only suggest a possible match for the coordinator to review.
MATCH_DOB_INITIALS = "dob_initials"
MATCH_DOB_SWAPPED = "dob_swapped"
EXACT_KINDS = (EXACT_NAME, EXACT_ID)
MATCH_KINDS = (MATCH_DOB_INITIALS, MATCH_DOB_SWAPPED)
# The date-of-birth-and-initials key is kept to 2 bytes. Anyone with the open vault has the secret,
# and a date of birth and two initials are only about 3 x 10^7 possibilities: a full key would give
# them back in seconds. 2 bytes shared by 65,536 values leaves every stored key fitting hundreds of
# birth dates and initials (docs/security-results.md); the extra chance pairs it offers for review
# are thinned by the ages the cases record (persons.possible_matches). Keys over a whole identity
# (names and date of birth) stay whole.
DOB_INITIALS_BYTES = 2

_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")
_UK = re.compile(r"^\s*(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})\s*$")


class IdentityError(ValueError):
    """An identity that cannot be keyed: ``field`` names the part; the message holds no value."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


# Letters that carry no decomposable accent but are routinely typed without their mark.
_FOLD = str.maketrans(
    {
        "ı": "i",
        "ø": "o",
        "đ": "d",
        "ð": "d",
        "ł": "l",
        "ħ": "h",
        "ŧ": "t",
        "æ": "ae",
        "œ": "oe",
        "þ": "th",
        "ŀ": "l",
    }
)


_NOT_ASCII_ALNUM = re.compile(r"[^A-Za-z0-9]+")


def normalise_name(value: str) -> str:
    """Fold case, strip accents, drop spaces and punctuation: "O'Brien-Núñez " -> "obriennunez"."""
    if value.isascii():
        # The same result for plain ASCII (NFKD and the folds leave it as it is; its letters and
        # digits are exactly what isalnum keeps), without the per-character loop.
        return _NOT_ASCII_ALNUM.sub("", value).lower()
    # Case-fold between two decompositions: folding can add letters (German sharp s -> "ss"; a Greek
    # iota subscript -> iota) and must do so the same way for upper and lower case input.
    folded = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", value).casefold())
    folded = folded.translate(_FOLD)
    return "".join(ch for ch in folded if ch.isalnum() and not unicodedata.combining(ch))


def parse_dob(value: str) -> date:
    """A date of birth in ISO (1980-03-31) or UK (31/03/1980, 31.03.1980, 31-03-1980) form."""
    m = _ISO.match(value)
    if m:
        y, mo, d = (int(g) for g in m.groups())
    else:
        m = _UK.match(value)
        if not m:
            raise IdentityError("date of birth", "use dd/mm/yyyy or yyyy-mm-dd")
        d, mo, y = (int(g) for g in m.groups())
    try:
        return date(y, mo, d)
    except ValueError:
        raise IdentityError("date of birth", "not a real date") from None


def normalise_id(value: str) -> str:
    """Source-system ids compare without case, spaces or punctuation ("ab 123-4" == "AB1234")."""
    return normalise_name(value)


@dataclass(frozen=True, repr=False)
class Identity:
    """The identity as entered. Kept only while keys are made; repr never shows it."""

    surname: str = ""
    forename: str = ""
    dob: str = ""
    source_id: str = ""

    def __repr__(self) -> str:
        return "Identity(<withheld>)"

    @property
    def has_names(self) -> bool:
        return bool(self.surname.strip() or self.forename.strip() or self.dob.strip())

    @property
    def is_empty(self) -> bool:
        return not (self.has_names or self.source_id.strip())


@dataclass(frozen=True)
class PersonKeys:
    """Keys for one person. ``exact`` are (kind, key) pairs; ``match`` suggest possible matches."""

    exact: tuple[tuple[str, bytes], ...]
    match: tuple[tuple[str, bytes], ...]

    @property
    def link_key(self) -> bytes:
        """The primary key stored on persons: the name key when there is one, else the id key."""
        return self.exact[0][1]


def new_secret() -> bytes:
    return _secrets.token_bytes(SECRET_BYTES)


def _mac(secret: bytes, *parts: str) -> bytes:
    if len(secret) < 16:
        raise ValueError("the linkage secret is too short")
    # One encode of the joined text: UTF-8 of the whole is the UTF-8 of the parts, \x1f between.
    msg = "\x1f".join((_VERSION_TEXT, *parts)).encode("utf-8")
    return hmac.digest(secret, msg, hashlib.sha256)  # one-shot: the same bytes as hmac.new(...)


def _swapped(dob: date) -> date | None:
    """The date with day and month exchanged, when that is a different real date."""
    if dob.day == dob.month or dob.day > 12:
        return None
    return date(dob.year, dob.day, dob.month)


def _id_key(source_id: str, secret: bytes) -> tuple[str, bytes]:
    sid = normalise_id(source_id)
    if not sid:
        raise IdentityError("person id", "has no letters or digits")
    return EXACT_ID, _mac(secret, "id", sid)


def keys_for_id(source_id: str, secret: bytes) -> PersonKeys:
    """``keys_for`` of an identity that is only a source id (an import file without names): the
    same keys without building the identity (a county file has 100,000+ of them)."""
    if not source_id.strip():
        raise IdentityError("identity", "give surname, forename and date of birth, or a person id")
    return PersonKeys((_id_key(source_id, secret),), ())


def keys_for(identity: Identity, secret: bytes) -> PersonKeys:
    """Normalise and key an identity: needs surname, forename and dob, or a source id, or both.

    Raises IdentityError naming the missing or bad part (never its value).
    """
    exact: list[tuple[str, bytes]] = []
    match: list[tuple[str, bytes]] = []
    if identity.has_names:
        sur, fore = normalise_name(identity.surname), normalise_name(identity.forename)
        if not sur:
            raise IdentityError("surname", "required with forename and date of birth")
        if not fore:
            raise IdentityError("forename", "required with surname and date of birth")
        if not identity.dob.strip():
            raise IdentityError("date of birth", "required with surname and forename")
        dob = parse_dob(identity.dob)
        if dob > date.today():
            raise IdentityError("date of birth", "is in the future")
        iso = dob.isoformat()
        exact.append((EXACT_NAME, _mac(secret, "name", sur, fore, iso)))
        match.append((MATCH_DOB_INITIALS, _mac(secret, "dobi", iso, sur[0], fore[0])[:DOB_INITIALS_BYTES]))
        swap = _swapped(dob)
        if swap is not None:
            # Order-free key over both readings of the date: two entries that differ only by a
            # day/month swap share it, whichever way round each was typed.
            lo, hi = sorted((iso, swap.isoformat()))
            match.append((MATCH_DOB_SWAPPED, _mac(secret, "swap", sur, fore, lo, hi)))
    if identity.source_id.strip():
        exact.append(_id_key(identity.source_id, secret))
    if not exact:
        raise IdentityError("identity", "give surname, forename and date of birth, or a person id")
    return PersonKeys(tuple(exact), tuple(match))
