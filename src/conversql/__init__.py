"""ConverSQL: conversational analytics over your own database."""

__version__ = "0.1.0"
