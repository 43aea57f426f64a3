"""The pure parsers: clear errors that name the file and line (no database)."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from verkstad.insight.parsers import ParseError, crosswalk, scb
from verkstad.insight.parsers.common import read_rows


def test_a_missing_file_is_named(tmp_path: Path):
    with pytest.raises(ParseError, match="nowhere.csv: the file is missing"):
        list(read_rows(tmp_path / "nowhere.csv", {"a"}))


def test_a_missing_column_is_named(tmp_path: Path):
    path = tmp_path / "x.csv"
    path.write_text("year,county_code\n2024,04\n")
    with pytest.raises(ParseError, match="line 1: missing column"):
        scb.parse_employment(path)


def test_a_truncated_gzip_file_is_reported(tmp_path: Path):
    path = tmp_path / "employees.csv.gz"
    header = b"year,county_code,county_name_en,ssyk4_code,ssyk4_label_en,sex,employees\n"
    body = b"".join(b"%d,04,S,8122,R,men,%d\n" % (n, n) for n in range(5000))
    compressed = gzip.compress(header + body)
    path.write_bytes(compressed[: len(compressed) // 2])
    with pytest.raises(ParseError, match="employees.csv.gz: cannot be read"):
        scb.parse_employment(path)


def test_a_bad_value_names_its_line(tmp_path: Path):
    path = tmp_path / "e.csv"
    path.write_text(
        "year,county_code,county_name_en,ssyk4_code,ssyk4_label_en,sex,employees\n"
        "2024,04,Södermanland county,8122,Rolling-mill operators,men,12\n"
        "2024,04,Södermanland county,8122,Rolling-mill operators,women,many\n"
    )
    with pytest.raises(ParseError, match="line 3: employees is not a whole number"):
        scb.parse_employment(path)


def test_the_crosswalk_keeps_ssyk_and_isco_apart(tmp_path: Path):
    path = tmp_path / "c.csv"
    path.write_text(
        "ssyk4_code_scb,ssyk4_label_en,ssyk4_code_jobtech,isco08_code,isco08_label_sv,"
        "mapping_method,weight_equal_split\n"
        "8121,Machine operators,8121,8122,x,jobtech_direct,1.0\n"
        "4430,Elected representatives,,,,unmapped,1.0\n"
    )
    links = crosswalk.parse_ssyk_isco(path)
    assert (links[0].ssyk, links[0].isco) == ("8121", "8122")
    assert links[1].isco == "" and links[1].method == "unmapped"
