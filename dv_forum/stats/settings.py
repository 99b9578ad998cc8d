"""The statistics' own settings (the repeat rules are the cases area's, only read here)."""

from __future__ import annotations

from dv_forum.settings import Setting

BASIS = Setting(
    "stats.basis",
    str,
    "heard",
    "NI 32 denominator: 'heard' (cases heard at MARAC in the period) or 'referred'",
    choices=("heard", "referred"),
)
DISPLAY = Setting(
    "stats.display",
    str,
    "decimal",
    "Rates in printed outputs: 'decimal' (one place), or whole numbers by 'round' or 'truncate'",
    choices=("decimal", "round", "truncate"),
)
SUPPRESS_SMALL = Setting(
    "stats.suppress_small",
    bool,
    True,
    "Hold back small counts (stats.suppress_style) in printed and exported outputs; the SafeLives "
    "return is exact unless published (--publish); JSON is never suppressed",
)
SUPPRESS_STYLE = Setting(
    "stats.suppress_style",
    str,
    "<5",
    "How held-back small numbers are shown when published: '<5' (counts 1-4) or '5 or under' (counts 1-5)",
    choices=("<5", "5 or under"),
)
ADULT_FEMALE_POPULATION = Setting(
    "stats.adult_female_population",
    int,
    0,
    "Females aged 16 and over living in the MARAC area, for cases per 10,000 in the SafeLives "
    "return (expected: about 40 a year; 0 = not set)",
    maximum=50_000_000,
)
POLICE_AGENCIES = Setting(
    "stats.police_agencies",
    str,
    "Police",
    "Referring agencies counted as police in the SafeLives return (comma-separated)",
)
IDVA_FULL_TIME_HOURS = Setting(
    "idva.full_time_hours", float, 37.5, "Hours a week of a full-time IDVA (for IDVA capacity)", maximum=80
)
IDVA_HOURS = Setting(
    "idva.hours",
    str,
    "",
    "Each IDVA's hours a week as 'IDVA 1=37.5; IDVA 2=22.5' (an IDVA not listed counts as full time)",
)
IDVA_REFERRALS_PER_FTE = Setting(
    "idva.referrals_per_fte",
    int,
    100,
    "SafeLives benchmark: referrals a year per full-time IDVA",
    maximum=1000,
)
IDVA_CASELOAD_LOW = Setting(
    "idva.caseload_low", int, 60, "SafeLives benchmark: lower end of a full-time IDVA's caseload", maximum=500
)
IDVA_CASELOAD_HIGH = Setting(
    "idva.caseload_high",
    int,
    80,
    "SafeLives benchmark: upper end of a full-time IDVA's caseload",
    maximum=500,
)
AGENCY_CATEGORIES = Setting(
    "stats.agency_categories",
    str,
    "Police=Police; IDVA service=IDVA; IDVA=IDVA; Health/GP=Health; Acute trust=Health; "
    "Mental health=Health; Drug and alcohol service=Health; Children's social care=Children's social care; "
    "Adult safeguarding=Adult social care; Housing=Housing; Probation=Probation; "
    "Women's Aid=Voluntary sector",
    "Referring agencies in SafeLives' categories for the return, as 'Local name=Category; ...'. "
    "Categories: Police, IDVA, Health, Children's social care, Adult social care, Housing, Probation, "
    "Voluntary sector, Other. An agency named like a category counts in it; any other counts as Other",
)
