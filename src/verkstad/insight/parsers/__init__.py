"""Pure parsers for the bundled open data (no Django imports): paths in, dataclasses out."""

from verkstad.insight.parsers.common import ParseError, file_sha256

__all__ = ["ParseError", "file_sha256"]
