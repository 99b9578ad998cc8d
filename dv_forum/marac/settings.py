"""MARAC settings, and the default confidentiality statement shipped in resources/text."""

from __future__ import annotations

from typing import Any

from dv_forum import lists, paths
from dv_forum.errors import UserError
from dv_forum.settings import Setting, get_setting, set_setting
from dv_forum.vault import Perm, Vault

# An empty value means "use the shipped default text", so a later, better default reaches vaults
# whose coordinator never edited the statement.
CONFIDENTIALITY = Setting(
    "marac.confidentiality_statement",
    str,
    "",
    "Confidentiality statement printed on the MARAC pack cover (empty = the shipped default)",
)
MARKING = Setting(
    "marac.protective_marking",
    str,
    "OFFICIAL-SENSITIVE",
    "Protective marking printed at the top and bottom of every MARAC document page",
)
MAX_STATEMENT = 4000

AGENCY_KIND = "marac_agency"
# The MARAC's agencies start as the referring-agency defaults; each list is edited separately.
lists.register_default(AGENCY_KIND, lists.DEFAULTS["agency"])

_FALLBACK = (
    "Information shared at this MARAC is confidential. It is shared only to protect people at high "
    "risk, may be passed on only to those who need it to carry out an agreed action, and this pack "
    "must be kept secure and returned to the chair."
)


def default_statement() -> str:
    path = paths.resources_dir() / "text" / "confidentiality.txt"
    try:
        return path.read_text("utf-8").strip()
    except OSError:
        # A packaged build without resources still prints a statement rather than a blank cover.
        return _FALLBACK


def confidentiality_statement(conn: Any) -> str:
    text = get_setting(conn, CONFIDENTIALITY).strip()
    return text or default_statement()


def agencies(conn: Any) -> list[str]:
    return lists.get_list(conn, AGENCY_KIND)


def set_confidentiality_statement(vault: Vault, text: str | None) -> str:
    """Store the pack cover's confidentiality statement (coordinator only); empty, or the shipped
    default itself, stores "" so the vault follows later defaults. Returns the statement in force."""
    vault.require(Perm.EDIT_MEETINGS)
    cleaned = (text or "").strip()
    if len(cleaned) > MAX_STATEMENT:
        raise UserError(
            f"The confidentiality statement is {len(cleaned)} characters; the limit is {MAX_STATEMENT}.",
            "Shorten it and try again.",
        )
    if cleaned == default_statement():
        cleaned = ""
    with vault.transaction():
        set_setting(vault.conn, CONFIDENTIALITY, cleaned)
        vault.audit("marac.statement.edit", detail="reset to default" if not cleaned else "edited")
    return confidentiality_statement(vault.conn)
