"""SSYK 2012 (SCB's codes) → ISCO-08. Joins go through this, never through equal digits."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from verkstad.insight.parsers.common import ParseError, code, parse_float, read_rows

METHODS = ("jobtech_direct", "jobtech_manager_level_collapsed", "unmapped")


@dataclass(frozen=True)
class SsykIscoLink:
    ssyk: str  # SCB's code, as in the employment statistics
    ssyk_jobtech: str  # the taxonomy's code (managers: minor group, e.g. 1210)
    isco: str  # "" when unmapped
    method: str
    weight: float


def parse_ssyk_isco(path: Path) -> list[SsykIscoLink]:
    required = {
        "ssyk4_code_scb",
        "ssyk4_code_jobtech",
        "isco08_code",
        "mapping_method",
        "weight_equal_split",
    }
    out = []
    for line, row in read_rows(path, required):
        method = row["mapping_method"].strip()
        if method not in METHODS:
            raise ParseError(path, f"unknown mapping_method {method!r}", line=line)
        ssyk = code(path, line, row["ssyk4_code_scb"], "ssyk4_code_scb", digits=(4,))
        isco = ""
        jobtech = ""
        if method != "unmapped":
            isco = code(path, line, row["isco08_code"], "isco08_code", digits=(4,))
            jobtech = code(path, line, row["ssyk4_code_jobtech"], "ssyk4_code_jobtech", digits=(4,))
        weight = parse_float(path, line, row["weight_equal_split"], "weight_equal_split")
        if weight is None or not 0 < weight <= 1:
            raise ParseError(path, f"weight must be in (0, 1], not {weight!r}", line=line)
        out.append(SsykIscoLink(ssyk, jobtech, isco, method, weight))
    if not out:
        raise ParseError(path, "no rows in the file")
    return out
