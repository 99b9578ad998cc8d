"""The demo's district: North West Leicestershire's localities and names, for synthetic vaults only."""

from __future__ import annotations

from dv_forum.district.setup import Setup

LOCALITIES = [
    "Coalville",
    "Greenhill",
    "Agar Nook",
    "Whitwick",
    "Measham",
    "Ashby de la Zouch",
    "Ibstock",
    "Castle Donington",
    "Kegworth",
    "Other",
]


def demo_setup() -> Setup:
    return Setup(
        partnership="North West Leicestershire Community Safety Partnership",
        marac_name="North West Leicestershire MARAC",
        ref_prefix="NWL",
        localities=list(LOCALITIES),
    )
