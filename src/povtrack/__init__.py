"""povtrack: validate poverty indicator data and report it against planning targets, exactly."""

__version__ = "0.1.0"
