"""Reading the bundled CSV files: plain or gzip, with clear errors that name the file.

No Django here: every parser takes paths and returns dataclasses.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import zlib
from collections.abc import Iterator
from pathlib import Path

# ESCO keeps multi-line labels inside quoted cells; some descriptions are long.
csv.field_size_limit(10_000_000)


class ParseError(ValueError):
    """A bundled file is missing, unreadable or not in the expected shape."""

    def __init__(self, path: Path, message: str, *, line: int | None = None) -> None:
        self.path = path
        self.line = line
        where = f"{path}, line {line}" if line else str(path)
        super().__init__(f"{where}: {message}")


def file_sha256(path: Path) -> str:
    if not path.is_file():
        raise ParseError(path, "the file is missing")
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_rows(path: Path, required: set[str]) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield ``(line number, row)`` for each record; raise ParseError on any defect."""
    if not path.is_file():
        raise ParseError(path, "the file is missing")
    try:
        raw = gzip.open(path, "rb") if path.name.endswith(".gz") else path.open("rb")
        with raw, io.TextIOWrapper(raw, encoding="utf-8-sig", newline="") as text:
            reader = csv.DictReader(text)
            header = set(reader.fieldnames or [])
            missing = required - header
            if missing:
                raise ParseError(path, f"missing column(s) {', '.join(sorted(missing))}", line=1)
            for row in reader:
                if None in row:
                    raise ParseError(path, "more cells than columns", line=reader.line_num)
                yield reader.line_num, row
    except ParseError:
        raise
    except (OSError, EOFError, zlib.error, UnicodeDecodeError, csv.Error) as exc:
        raise ParseError(path, f"cannot be read ({exc})") from exc


def parse_int(path: Path, line: int, value: str, column: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise ParseError(path, f"{column} is not a whole number: {value!r}", line=line) from None


def parse_float(path: Path, line: int, value: str, column: str) -> float | None:
    """A decimal number, or None for an empty cell."""
    value = value.strip()
    if not value:
        return None
    try:
        return float(value)
    except ValueError:
        raise ParseError(path, f"{column} is not a number: {value!r}", line=line) from None


def code(path: Path, line: int, value: str, column: str, *, digits: tuple[int, ...]) -> str:
    """A classification code made of digits, of one of the allowed lengths."""
    value = value.strip()
    if not value.isdigit() or len(value) not in digits:
        raise ParseError(path, f"{column} is not a valid code: {value!r}", line=line)
    return value
