"""ESCO v1.1.1 (English): occupations, skills, essential/optional relations, collections."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from verkstad.insight.parsers.common import ParseError, read_rows

OCCUPATION_PREFIX = "http://data.europa.eu/esco/occupation/"
SKILL_PREFIX = "http://data.europa.eu/esco/skill/"
RELATIONS = ("essential", "optional")


@dataclass(frozen=True)
class EscoOccupation:
    uri: str
    label_en: str
    isco: str
    esco_code: str


@dataclass(frozen=True)
class EscoSkill:
    uri: str
    label_en: str
    skill_type: str
    reuse_level: str


@dataclass(frozen=True)
class EscoRelation:
    occupation_uri: str
    relation: str
    skill_uri: str


def _uri(path: Path, line: int, value: str, prefix: str, column: str) -> str:
    value = value.strip()
    if not value.startswith(prefix):
        raise ParseError(path, f"{column} is not an ESCO URI ({prefix}…): {value!r}", line=line)
    return value


def parse_occupations(path: Path) -> list[EscoOccupation]:
    out = []
    for line, row in read_rows(path, {"conceptUri", "iscoGroup", "preferredLabel", "code"}):
        isco = row["iscoGroup"].strip()
        if not (isco.isdigit() and len(isco) == 4):
            raise ParseError(path, f"iscoGroup is not a unit group: {isco!r}", line=line)
        out.append(
            EscoOccupation(
                _uri(path, line, row["conceptUri"], OCCUPATION_PREFIX, "conceptUri"),
                row["preferredLabel"].strip(),
                isco,
                row["code"].strip(),
            )
        )
    if not out:
        raise ParseError(path, "no occupations in the file")
    return out


def parse_skills(path: Path) -> list[EscoSkill]:
    out = []
    for line, row in read_rows(path, {"conceptUri", "preferredLabel", "skillType", "reuseLevel"}):
        out.append(
            EscoSkill(
                _uri(path, line, row["conceptUri"], SKILL_PREFIX, "conceptUri"),
                row["preferredLabel"].strip(),
                row["skillType"].strip(),
                row["reuseLevel"].strip(),
            )
        )
    if not out:
        raise ParseError(path, "no skills in the file")
    return out


def parse_collection(path: Path) -> set[str]:
    """The skill URIs of one ESCO collection (digital, green, transversal …)."""
    uris = set()
    for line, row in read_rows(path, {"conceptUri"}):
        uris.add(_uri(path, line, row["conceptUri"], SKILL_PREFIX, "conceptUri"))
    return uris


def parse_relations(path: Path) -> list[EscoRelation]:
    out = []
    for line, row in read_rows(path, {"occupationUri", "relationType", "skillUri"}):
        relation = row["relationType"].strip()
        if relation not in RELATIONS:
            raise ParseError(
                path, f"relationType must be essential or optional: {relation!r}", line=line
            )
        out.append(
            EscoRelation(
                _uri(path, line, row["occupationUri"], OCCUPATION_PREFIX, "occupationUri"),
                relation,
                _uri(path, line, row["skillUri"], SKILL_PREFIX, "skillUri"),
            )
        )
    if not out:
        raise ParseError(path, "no relations in the file")
    return out


def parse_isco_groups(path: Path) -> dict[str, str]:
    """ISCO-08 unit groups (four digits) → English title."""
    out = {}
    for _line, row in read_rows(path, {"code", "preferredLabel"}):
        group = row["code"].strip()
        if group.isdigit() and len(group) == 4:
            out[group] = row["preferredLabel"].strip()
    return out
