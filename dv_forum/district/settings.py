"""The partnership's own names, printed on packs and reports."""

from __future__ import annotations

from dv_forum.areas import Area
from dv_forum.settings import Setting

PARTNERSHIP_NAME = Setting(
    "partnership.name",
    str,
    "",
    "The partnership or Domestic Violence Forum this vault serves, printed on packs and reports "
    "(e.g. Anytown Community Safety Partnership)",
    area=Area.SETTINGS,
)
