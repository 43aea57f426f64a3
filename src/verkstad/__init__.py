"""Verkstad: research on digitalization in the steel industry, learned together locally."""

__version__ = "0.1.0"
