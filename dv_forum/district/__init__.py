"""The partnership a vault serves: its names, lists and figures, set up on first run and kept in Settings."""
