"""The Exchange screen: devices, sending and receiving bundles, and the conflict inbox."""

from ui.screens.exchange.screen import ExchangeScreen

__all__ = ["ExchangeScreen"]
