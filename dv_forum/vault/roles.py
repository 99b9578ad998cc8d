"""Who may do what. The core checks these; the UI only hides what the core would refuse anyway."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    COORDINATOR = "coordinator"
    OUTREACH = "outreach"
    CHAIR = "chair"


class Perm(StrEnum):
    MANAGE_USERS = "manage users"
    BACKUP = "back up or restore the vault"
    ROTATE_KEY = "rotate the data key"
    VIEW_AUDIT = "read the audit log"
    EDIT_SETTINGS = "change settings"
    VIEW_CASES = "view case referrals"
    EDIT_CASES = "edit case referrals"
    IMPORT = "import data"
    VIEW_MEETINGS = "view MARAC meetings"
    EDIT_MEETINGS = "edit MARAC meetings"
    PRINT_PACKS = "print MARAC packs"
    VIEW_STATS = "view statistics"
    EXPORT = "export data"
    VIEW_OWN_OUTREACH = "view their own outreach clients"
    EDIT_OWN_OUTREACH = "edit their own outreach clients"
    VIEW_ALL_OUTREACH = "view every worker's outreach clients"
    EDIT_ALL_OUTREACH = "edit every worker's outreach clients"
    VIEW_FREEDOM = "view Freedom Programme cohorts"
    RECORD_ATTENDANCE = "record Freedom Programme attendance"
    EDIT_FREEDOM = "set up Freedom Programme cohorts"
    PURGE = "purge or erase records"
    EXCHANGE = "send and receive exchange bundles"


ROLE_PERMS: dict[Role, frozenset[Perm]] = {
    Role.COORDINATOR: frozenset(Perm),
    Role.OUTREACH: frozenset(
        {
            Perm.VIEW_OWN_OUTREACH,
            Perm.EDIT_OWN_OUTREACH,
            Perm.VIEW_FREEDOM,
            Perm.RECORD_ATTENDANCE,
            Perm.EXCHANGE,
        }
    ),
    Role.CHAIR: frozenset({Perm.VIEW_MEETINGS, Perm.VIEW_CASES, Perm.PRINT_PACKS, Perm.EXCHANGE}),
}


def allowed(role: Role | str, perm: Perm) -> bool:
    return perm in ROLE_PERMS[Role(role)]
