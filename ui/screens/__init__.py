"""One module per screen; ui/main_window.py hosts them in a navigation list."""
