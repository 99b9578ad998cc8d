from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dv_forum.cases import linkage as lk

SECRET = b"s" * 32


def ident(sur: str = "Smith", fore: str = "Jane", dob: str = "1980-03-04", sid: str = "") -> lk.Identity:
    return lk.Identity(sur, fore, dob, sid)


@pytest.mark.parametrize(
    ("raw", "norm"),
    [
        ("O'Brien", "obrien"),
        ("  SMITH-JONES ", "smithjones"),
        ("Núñez", "nunez"),
        ("Zoë", "zoe"),
        ("Straße", "strasse"),
        ("Mary Ann", "maryann"),
        ("Ǆ", "dz"),
        ("Søren", "soren"),
        ("Łukasz", "lukasz"),
        ("Yıldız", "yildiz"),
    ],
)
def test_normalise_name(raw: str, norm: str) -> None:
    assert lk.normalise_name(raw) == norm


@pytest.mark.parametrize("raw", ["1980-03-04", "04/03/1980", "4/3/1980", "04.03.1980", " 04-03-1980 "])
def test_parse_dob_formats(raw: str) -> None:
    assert lk.parse_dob(raw) == date(1980, 3, 4)


@pytest.mark.parametrize("raw", ["31/02/1980", "1980/03/04", "03-04-80", "", "yesterday"])
def test_parse_dob_rejects(raw: str) -> None:
    with pytest.raises(lk.IdentityError) as exc:
        lk.parse_dob(raw)
    assert exc.value.field == "date of birth"
    assert raw.strip() == "" or raw not in str(exc.value)


def test_same_person_despite_formatting() -> None:
    a = lk.keys_for(ident(), SECRET)
    b = lk.keys_for(ident("  smith ", "JANE", "04/03/1980"), SECRET)
    assert a.link_key == b.link_key and len(a.link_key) == 32


def test_keys_depend_on_secret_and_identity() -> None:
    a = lk.keys_for(ident(), SECRET)
    assert lk.keys_for(ident(), b"t" * 32).link_key != a.link_key
    assert lk.keys_for(ident(fore="Janet"), SECRET).link_key != a.link_key


def test_possible_match_keys() -> None:
    a = dict(lk.keys_for(ident(), SECRET).match)
    initials = dict(lk.keys_for(ident("Sharp", "Joan"), SECRET).match)
    swapped = dict(lk.keys_for(ident(dob="1980-04-03"), SECRET).match)
    assert a[lk.MATCH_DOB_INITIALS] == initials[lk.MATCH_DOB_INITIALS]
    assert a[lk.MATCH_DOB_SWAPPED] == swapped[lk.MATCH_DOB_SWAPPED]
    assert lk.keys_for(ident(dob="1980-04-03"), SECRET).link_key != lk.keys_for(ident(), SECRET).link_key
    # No swap key when the swap is impossible or changes nothing.
    assert lk.MATCH_DOB_SWAPPED not in dict(lk.keys_for(ident(dob="1980-03-13"), SECRET).match)
    assert lk.MATCH_DOB_SWAPPED not in dict(lk.keys_for(ident(dob="1980-03-03"), SECRET).match)


def test_source_id_keys() -> None:
    only_id = lk.keys_for(lk.Identity(source_id="AB 123-4"), SECRET)
    assert only_id.exact[0][0] == lk.EXACT_ID and only_id.match == ()
    both = lk.keys_for(ident(sid="ab1234"), SECRET)
    assert [k for k, _ in both.exact] == [lk.EXACT_NAME, lk.EXACT_ID]
    assert both.exact[1][1] == only_id.link_key


@pytest.mark.parametrize(
    ("identity", "field"),
    [
        (lk.Identity(), "identity"),
        (ident(sur=""), "surname"),
        (ident(fore="--"), "forename"),
        (ident(dob=""), "date of birth"),
        (ident(dob="2999-01-01"), "date of birth"),
        (lk.Identity(source_id="-/-"), "person id"),
    ],
)
def test_incomplete_identity(identity: lk.Identity, field: str) -> None:
    with pytest.raises(lk.IdentityError) as exc:
        lk.keys_for(identity, SECRET)
    assert exc.value.field == field
    assert "Smith" not in str(exc.value) and "Jane" not in str(exc.value)


def test_identity_repr_withholds() -> None:
    assert "Smith" not in repr(ident()) and "1980" not in repr(ident())
    assert ident().is_empty is False and lk.Identity().is_empty


def test_short_secret_is_refused() -> None:
    with pytest.raises(ValueError):
        lk.keys_for(ident(), b"short")
    assert len(lk.new_secret()) == 32


# Letters of names as UK systems hold them: Latin with accents (Latin-1 and Extended-A).
NAME = st.text(
    alphabet=st.characters(whitelist_categories=("Lu", "Ll"), max_codepoint=0x17F),
    min_size=1,
    max_size=12,
)


@settings(max_examples=200, deadline=None)
@given(sur=NAME, fore=NAME, dob=st.dates(min_value=date(1900, 1, 1), max_value=date(2020, 12, 31)))
def test_keys_ignore_presentation(sur: str, fore: str, dob: date) -> None:
    """Case, spacing, punctuation, accents (NFC or NFD) and date format never change the key."""
    import unicodedata

    base = lk.keys_for(lk.Identity(sur, fore, dob.isoformat()), SECRET)
    messy = lk.Identity(
        f"  {unicodedata.normalize('NFD', sur).upper()} -",
        f"'{fore.swapcase()}.",
        f"{dob.day}/{dob.month:02d}/{dob.year}",
    )
    if lk.normalise_name(messy.surname) and lk.normalise_name(messy.forename):
        assert lk.keys_for(messy, SECRET).link_key == base.link_key
