"""JobTech Taxonomy (Arbetsförmedlingen): Swedish labels, occupation names, substitutability."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from verkstad.insight.parsers.common import ParseError, code, parse_int, read_rows

RELATIONS = ("substitutes", "substituted_by")


@dataclass(frozen=True)
class Label:
    code: str
    label_sv: str


@dataclass(frozen=True)
class OccupationName:
    id: str
    label_sv: str
    ssyk: str


@dataclass(frozen=True)
class Substitution:
    """``name`` can stand in for ``other`` (relation ``substitutes``) or the reverse."""

    name_id: str
    relation: str
    other_id: str
    percentage: int


def parse_ssyk_structure_sv(path: Path) -> list[Label]:
    out = []
    for line, row in read_rows(path, {"ssyk_code", "label_sv", "level"}):
        out.append(
            Label(
                code(path, line, row["ssyk_code"], "ssyk_code", digits=(1, 2, 3, 4)),
                " ".join(row["label_sv"].split()),
            )
        )
    if not out:
        raise ParseError(path, "no codes in the file")
    return out


def parse_isco_sv(path: Path) -> list[Label]:
    out = []
    for line, row in read_rows(path, {"isco08_code", "label_sv"}):
        out.append(
            Label(
                code(path, line, row["isco08_code"], "isco08_code", digits=(4,)),
                " ".join(row["label_sv"].split()),
            )
        )
    if not out:
        raise ParseError(path, "no codes in the file")
    return out


def parse_occupation_names(path: Path) -> list[OccupationName]:
    out = []
    for line, row in read_rows(path, {"occupation_name_id", "label_sv", "ssyk4_code"}):
        name_id = row["occupation_name_id"].strip()
        if not name_id:
            raise ParseError(path, "occupation_name_id is empty", line=line)
        out.append(
            OccupationName(
                name_id,
                row["label_sv"].strip(),
                code(path, line, row["ssyk4_code"], "ssyk4_code", digits=(4,)),
            )
        )
    return out


def parse_substitutability(path: Path) -> list[Substitution]:
    required = {
        "occupation_name_id",
        "relation",
        "other_occupation_name_id",
        "substitutability_percentage",
    }
    out = []
    for line, row in read_rows(path, required):
        relation = row["relation"].strip()
        if relation not in RELATIONS:
            raise ParseError(path, f"unknown relation {relation!r}", line=line)
        pct = parse_int(
            path, line, row["substitutability_percentage"], "substitutability_percentage"
        )
        if not 0 <= pct <= 100:
            raise ParseError(path, f"percentage out of range: {pct}", line=line)
        out.append(
            Substitution(
                row["occupation_name_id"].strip(),
                relation,
                row["other_occupation_name_id"].strip(),
                pct,
            )
        )
    return out
