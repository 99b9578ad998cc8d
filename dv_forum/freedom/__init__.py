"""Freedom Programme: cohorts, participants, waiting list, attendance, follow-up calls, completion.

Outreach workers record attendance and follow-up calls; setting up cohorts and enrolling is the
coordinator's (Perm.EDIT_FREEDOM). Participants are pseudonymous codes; audit refs are cohort codes.
"""
