"""``labour_data_import`` on the test slice: counts, provenance, idempotency, failures."""

from __future__ import annotations

import csv
import gzip
from pathlib import Path

import pytest
from django.db.models import Sum

from tests.insight.conftest import SLICE
from verkstad.insight import models as m
from verkstad.insight.services import LabourDataError, labour_data_import

EMPLOYMENT = "scb-yreg-ssyk4-county/employees_ssyk4_county_sex_2014_2024.csv.gz"
COUNTED = [
    m.DataSet, m.SeriesBreak, m.Region, m.SsykGroup, m.IscoGroup, m.SsykIscoLink,
    m.Employment, m.EscoOccupation, m.EscoSkill, m.EscoOccupationSkill, m.OccupationName,
    m.Substitutability, m.ExposureScore, m.NestaOccupation, m.OccupationExposure,
    m.RegionYear, m.RegionMajorGroup, m.Transition,
]  # fmt: skip


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in COUNTED}


def slice_rows(relative: str) -> list[dict[str, str]]:
    with gzip.open(SLICE / relative, "rt", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_it_imports_every_row_of_the_slice(db):
    report = labour_data_import(data_dir=SLICE)
    assert [r.status for r in report.results] == ["imported"] * 7
    assert m.Employment.objects.count() == len(slice_rows(EMPLOYMENT))
    assert m.Region.objects.filter(kind="county").count() == 21
    assert report.derived["transitions"] == m.Transition.objects.count()


def test_each_row_keeps_its_data_set_version_and_licence(slice_loaded):
    row = m.Employment.objects.select_related("dataset").first()
    assert row.dataset.slug == "scb-yreg"
    assert "YREG60BAS" in row.dataset.version
    assert row.dataset.licence == "CC0 1.0"
    assert "Källa: SCB" in row.dataset.attribution
    assert "CC0" in row.dataset.licence_text  # copied from SOURCE.md
    score = m.ExposureScore.objects.filter(index="ilo_2025").select_related("dataset").first()
    assert score.dataset.licence == "CC BY 4.0"


def test_the_national_total_is_the_sum_of_the_counties(slice_loaded):
    expected = sum(int(r["employees"]) for r in slice_rows(EMPLOYMENT) if r["year"] == "2024")
    assert m.RegionYear.objects.get(region_id="00", year=2024).employees == expected


def test_a_second_run_changes_nothing(slice_loaded):
    before = counts()
    report = labour_data_import(data_dir=SLICE)
    assert {r.status for r in report.results} == {"unchanged"}
    forced = labour_data_import(data_dir=SLICE, force=True)
    assert {r.status for r in forced.results} == {"imported"}
    assert counts() == before


def test_a_changed_value_is_updated_in_place(slice_dir, db):
    labour_data_import(data_dir=slice_dir)
    path = slice_dir / EMPLOYMENT
    rows = slice_rows(EMPLOYMENT)
    rows[0]["employees"] = "99999"
    with gzip.open(path, "wt", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    report = labour_data_import(data_dir=slice_dir)
    assert report.results[0].status == "imported"
    first = rows[0]
    row = m.Employment.objects.get(
        region_id=first["county_code"], ssyk_id=first["ssyk4_code"],
        year=int(first["year"]), sex=first["sex"],
    )  # fmt: skip
    assert row.employees == 99999
    assert m.Employment.objects.count() == len(rows)


def _drop_last_row(path: Path) -> dict[str, str]:
    """Rewrite a (gzipped) CSV file without its last row; return that row."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    with opener(path, "wt", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows[:-1])
    return rows[-1]


def test_rows_gone_from_the_files_are_deleted_on_re_import(slice_dir, db):
    labour_data_import(data_dir=slice_dir)
    skill = _drop_last_row(slice_dir / "esco-v1.1.1-en/skills_en.csv.gz")
    link = _drop_last_row(slice_dir / "jobtech-taxonomy/occupation_substitutability.csv")
    assert m.EscoSkill.objects.filter(uri=skill["conceptUri"]).exists()
    before = m.Substitutability.objects.count()
    labour_data_import(data_dir=slice_dir)
    assert not m.EscoSkill.objects.filter(uri=skill["conceptUri"]).exists()
    assert not m.EscoOccupationSkill.objects.filter(skill_id=skill["conceptUri"]).exists()
    assert m.Substitutability.objects.count() == before - 1
    assert not m.Substitutability.objects.filter(
        name_id=link["occupation_name_id"],
        relation=link["relation"],
        other_id=link["other_occupation_name_id"],
    ).exists()


def test_a_corrupt_file_names_itself_and_leaves_the_data_intact(slice_dir, db):
    labour_data_import(data_dir=slice_dir)
    before = counts()
    total = m.Employment.objects.aggregate(n=Sum("employees"))["n"]
    path = slice_dir / EMPLOYMENT
    path.write_bytes(path.read_bytes()[:200])
    with pytest.raises(LabourDataError, match=r"employees_ssyk4_county_sex_2014_2024\.csv\.gz"):
        labour_data_import(data_dir=slice_dir)
    assert counts() == before
    assert m.Employment.objects.aggregate(n=Sum("employees"))["n"] == total


def test_a_failure_while_writing_rolls_back_that_data_set_only(slice_dir, db, monkeypatch):
    from verkstad.insight import services

    labour_data_import(data_dir=slice_dir)
    before = counts()
    hashes = m.DataSet.objects.get(slug="esco").files
    parse, write = services.IMPORTERS["esco"]

    def write_then_fail(dataset, parsed):
        write(dataset, parsed)  # every ESCO row upserted …
        m.EscoSkill.objects.all().delete()  # … and some deleted …
        raise RuntimeError("disk full")  # … before the data set finished

    monkeypatch.setitem(services.IMPORTERS, "esco", (parse, write_then_fail))
    with pytest.raises(RuntimeError, match="disk full"):
        labour_data_import(data_dir=slice_dir, force=True)
    assert counts() == before
    assert m.DataSet.objects.get(slug="esco").files == hashes


def test_a_missing_file_is_named(slice_dir: Path, db):
    (slice_dir / "daioe" / "daioe_ssyk2012_2010_2023.csv.gz").unlink()
    missing = "daioe_ssyk2012_2010_2023.csv.gz: the file is missing"
    with pytest.raises(LabourDataError, match=missing):
        labour_data_import(data_dir=slice_dir, only=["daioe"])
    assert not m.DataSet.objects.filter(slug="daioe").exists()


def test_only_one_data_set_needs_the_ones_it_points_at(db):
    with pytest.raises(LabourDataError, match="crosswalks needs scb-yreg, jobtech-taxonomy"):
        labour_data_import(data_dir=SLICE, only=["crosswalks"])
    report = labour_data_import(data_dir=SLICE, only=["ilo-genai-2025"])
    assert [r.slug for r in report.results] == ["ilo-genai-2025"]
    assert m.ExposureScore.objects.filter(index="ilo_2025").exists()
    assert not m.Employment.objects.exists()


def test_an_unknown_data_set_is_refused(db):
    with pytest.raises(LabourDataError, match="Unknown data set"):
        labour_data_import(data_dir=SLICE, only=["frey-osborne"])


def test_a_dry_run_writes_nothing(db):
    report = labour_data_import(data_dir=SLICE, dry_run=True)
    assert {r.status for r in report.results} == {"would import"}
    assert not any(counts().values())


def test_the_scb_series_break_is_recorded(slice_loaded):
    brk = m.SeriesBreak.objects.get()
    assert (brk.dataset_id, brk.year_before, brk.year_after) == ("scb-yreg", 2022, 2023)
    assert "9 %" in brk.note_en


def test_managers_split_by_scb_reach_isco_through_their_minor_group(slice_loaded):
    links = m.SsykIscoLink.objects.filter(ssyk_id__in=["1211", "1212"])
    assert {(link.ssyk_id, link.isco_id, link.ssyk_jobtech) for link in links} == {
        ("1211", "1211", "1210"),
        ("1212", "1211", "1210"),
    }


def test_every_data_set_has_an_importer_and_comes_after_what_it_needs():
    from verkstad.insight.datasets import DATASETS
    from verkstad.insight.services import IMPORTERS

    assert [spec.slug for spec in DATASETS] == list(IMPORTERS)
    seen: set[str] = set()
    for spec in DATASETS:
        assert set(spec.needs) <= seen, spec.slug
        seen.add(spec.slug)
