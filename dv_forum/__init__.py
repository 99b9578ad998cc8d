"""dv-forum core: vault, cases, MARAC, statistics and reports. Never imports Qt or ui/."""

__version__ = "0.1.0"
