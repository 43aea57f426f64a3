"""SCB Yrkesregistret: employees by SSYK-4 × county × sex, and SCB's SSYK code list."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from verkstad.insight.parsers.common import ParseError, code, parse_int, read_rows

SEXES = ("men", "women")


@dataclass(frozen=True)
class SsykCode:
    code: str
    label_en: str

    @property
    def level(self) -> int:
        return len(self.code)


@dataclass(frozen=True)
class EmploymentRow:
    year: int
    county: str
    ssyk: str
    sex: str
    employees: int


@dataclass
class EmploymentFile:
    rows: list[EmploymentRow]
    counties: dict[str, str]  # code -> English name as SCB spells it ("Dalarna county")


def parse_ssyk_structure_en(path: Path) -> list[SsykCode]:
    out = []
    for line, row in read_rows(path, {"code", "name"}):
        group = code(path, line, row["code"], "code", digits=(1, 2, 3, 4))
        out.append(SsykCode(group, row["name"].strip()))
    if not out:
        raise ParseError(path, "no codes in the file")
    return out


def parse_employment(path: Path) -> EmploymentFile:
    required = {"year", "county_code", "county_name_en", "ssyk4_code", "sex", "employees"}
    rows: list[EmploymentRow] = []
    counties: dict[str, str] = {}
    seen: set[tuple[int, str, str, str]] = set()
    for line, row in read_rows(path, required):
        county = code(path, line, row["county_code"], "county_code", digits=(2,))
        ssyk = code(path, line, row["ssyk4_code"], "ssyk4_code", digits=(4,))
        year = parse_int(path, line, row["year"], "year")
        sex = row["sex"].strip()
        if sex not in SEXES:
            raise ParseError(path, f"sex must be men or women, not {sex!r}", line=line)
        employees = parse_int(path, line, row["employees"], "employees")
        if employees < 0:
            raise ParseError(path, f"employees is negative: {employees}", line=line)
        key = (year, county, ssyk, sex)
        if key in seen:
            raise ParseError(path, f"duplicate row for {key}", line=line)
        seen.add(key)
        counties.setdefault(county, row["county_name_en"].strip())
        rows.append(EmploymentRow(year, county, ssyk, sex, employees))
    if not rows:
        raise ParseError(path, "no rows in the file")
    return EmploymentFile(rows=rows, counties=counties)
