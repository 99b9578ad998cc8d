"""The exchange between one-person vaults: signed, encrypted bundles of journalled changes."""
