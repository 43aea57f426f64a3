"""Exposure indexes: DAIOE (SSYK-native), ILO generative-AI 2025 (ISCO), Nesta (ISCO/ESCO)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from verkstad.insight.parsers.common import ParseError, code, parse_float, parse_int, read_rows

ILO_GRADIENTS = (
    "Not Exposed",
    "Minimal Exposure",
    "Exposed: Gradient 1",
    "Exposed: Gradient 2",
    "Exposed: Gradient 3",
    "Exposed: Gradient 4",
)


@dataclass(frozen=True)
class DaioeRow:
    ssyk: str
    label_sv: str
    year: int
    genai: float | None
    allapps: float | None
    pctl_genai: float | None
    pctl_allapps: float | None


@dataclass(frozen=True)
class IloRow:
    isco: str
    title_en: str
    mean_2025: float | None
    sd_2025: float | None
    gradient_2025: str
    mean_2023: float | None
    category_2023: str


@dataclass(frozen=True)
class NestaRisk:
    isco: str
    risk: float
    prevalence: float | None
    category: str


@dataclass(frozen=True)
class NestaOccupation:
    uri: str
    isco: str
    risk_category: str
    job_zone: float | None
    n_safe_desirable: int | None


def parse_daioe_ssyk(path: Path) -> list[DaioeRow]:
    required = {
        "ssyk4_code",
        "ssyk4_label_sv",
        "year",
        "daioe_genai",
        "daioe_allapps",
        "pctl_rank_genai",
        "pctl_rank_allapps",
    }
    out = []
    for line, row in read_rows(path, required):
        out.append(
            DaioeRow(
                code(path, line, row["ssyk4_code"], "ssyk4_code", digits=(4,)),
                row["ssyk4_label_sv"].strip(),
                parse_int(path, line, row["year"], "year"),
                parse_float(path, line, row["daioe_genai"], "daioe_genai"),
                parse_float(path, line, row["daioe_allapps"], "daioe_allapps"),
                parse_float(path, line, row["pctl_rank_genai"], "pctl_rank_genai"),
                parse_float(path, line, row["pctl_rank_allapps"], "pctl_rank_allapps"),
            )
        )
    if not out:
        raise ParseError(path, "no rows in the file")
    return out


def parse_ilo(path: Path) -> list[IloRow]:
    required = {
        "isco08_code",
        "isco08_title_en",
        "mean_score_2025",
        "sd_2025",
        "exposure_gradient_2025",
        "mean_score_2023",
        "exposure_category_2023",
    }
    out = []
    for line, row in read_rows(path, required):
        gradient = row["exposure_gradient_2025"].strip()
        if gradient not in ILO_GRADIENTS:
            raise ParseError(path, f"unknown exposure gradient {gradient!r}", line=line)
        out.append(
            IloRow(
                code(path, line, row["isco08_code"], "isco08_code", digits=(4,)),
                row["isco08_title_en"].strip(),
                parse_float(path, line, row["mean_score_2025"], "mean_score_2025"),
                parse_float(path, line, row["sd_2025"], "sd_2025"),
                gradient,
                parse_float(path, line, row["mean_score_2023"], "mean_score_2023"),
                row["exposure_category_2023"].strip(),
            )
        )
    if not out:
        raise ParseError(path, "no rows in the file")
    return out


def parse_nesta_isco(path: Path) -> list[NestaRisk]:
    out = []
    for line, row in read_rows(path, {"isco_code", "risk", "prevalence", "risk_category"}):
        risk = parse_float(path, line, row["risk"], "risk")
        if risk is None:
            raise ParseError(path, "risk is empty", line=line)
        out.append(
            NestaRisk(
                code(path, line, row["isco_code"].zfill(4), "isco_code", digits=(4,)),
                risk,
                parse_float(path, line, row["prevalence"], "prevalence"),
                row["risk_category"].strip(),
            )
        )
    if not out:
        raise ParseError(path, "no rows in the file")
    return out


def parse_nesta_occupations(path: Path) -> list[NestaOccupation]:
    required = {"concept_uri", "isco_code", "risk_category", "job_zone", "n_safe_desirable"}
    out = []
    for line, row in read_rows(path, required):
        safe = row["n_safe_desirable"].strip()
        out.append(
            NestaOccupation(
                row["concept_uri"].strip(),
                code(path, line, row["isco_code"].zfill(4), "isco_code", digits=(4,)),
                row["risk_category"].strip(),
                parse_float(path, line, row["job_zone"], "job_zone"),
                parse_int(path, line, safe, "n_safe_desirable") if safe else None,
            )
        )
    return out
