"""The real bundled files, imported once for this module: the issue's golden values."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.db.models import Sum

from verkstad.insight import models as m
from verkstad.insight.services import labour_data_import


@pytest.fixture(scope="module")
def real_data(django_db_setup, django_db_blocker):
    """Everything in shared/data, imported once and rolled back after the module."""
    with django_db_blocker.unblock(), transaction.atomic():
        report = labour_data_import()
        # The foreign-key checks PostgreSQL defers to COMMIT, done now and once: else
        # every test's teardown (check_constraints in a savepoint) redoes them all.
        connection.check_constraints()
        yield report
        transaction.set_rollback(True)


@pytest.fixture
def real(real_data, db):
    return real_data


def employees(county: str, ssyk: str, year: int) -> int:
    rows = m.Employment.objects.filter(region_id=county, ssyk_id=ssyk, year=year)
    return rows.aggregate(n=Sum("employees"))["n"]


@pytest.mark.parametrize(
    "county,ssyk,expected",
    [("04", "8122", 1463), ("20", "8122", 1079), ("21", "8129", 2243)],
)
def test_employees_2024_match_scb(real, county, ssyk, expected):
    assert employees(county, ssyk, 2024) == expected


def test_it_imports_every_row(real):
    assert m.Employment.objects.count() == 198_198
    assert m.Region.objects.filter(kind="county").count() == 21
    assert m.SsykGroup.objects.filter(level=4).count() == 429
    assert m.EscoOccupation.objects.count() == 3007
    assert m.EscoSkill.objects.count() == 13_896
    skills = m.EscoSkill.objects
    assert skills.filter(is_digital=True).exists() and skills.filter(is_green=True).exists()
    assert skills.filter(is_transversal=True).exists()
    relations = set(m.EscoOccupationSkill.objects.values_list("relation", flat=True).distinct())
    assert relations == {"essential", "optional"}
    assert m.Substitutability.objects.count() == 16_648
    assert m.NestaOccupation.objects.count() == 1627


def test_ssyk_8121_is_isco_8122_not_8121(real):
    isco = m.SsykIscoLink.objects.values_list("isco_id", flat=True)
    assert list(isco.filter(ssyk_id="8121")) == ["8122"]
    assert list(isco.filter(ssyk_id="8129")) == ["8121"]
    assert m.IscoGroup.objects.get(code="8122").label_sv  # ISCO-08 in Swedish (JobTech)


def test_every_ssyk_group_has_a_swedish_label(real):
    assert not m.SsykGroup.objects.filter(level=4, label_sv="").exists()


def test_exposure_weighted_by_employment_matches_the_research_note(real):
    sweden = m.RegionYear.objects.get(region_id="00", year=2024)
    stockholm = m.RegionYear.objects.get(region_id="01", year=2024)
    dalarna = m.RegionYear.objects.get(region_id="20", year=2024)
    assert round(100 * sweden.ilo_exposed_share, 1) == 30.6
    assert round(100 * sweden.ilo_high_share, 1) == 12.9
    assert round(sweden.daioe_pctl, 1) == 51.4
    assert round(100 * stockholm.ilo_exposed_share, 1) == 41.3
    assert round(100 * dalarna.ilo_exposed_share, 1) == 22.7
    assert round(100 * (1 - sweden.ilo_coverage), 1) == 0.9


def test_steel_occupations_are_not_exposed_to_generative_ai(real):
    ilo = m.OccupationExposure.objects.get(ssyk_id="8129", index="ilo_2025")
    assert ilo.category == "Not Exposed"
    assert ilo.value == pytest.approx(0.26)


def test_transitions_go_to_less_exposed_groups(real):
    for move in m.Transition.objects.filter(source_id="8122").select_related("source", "target"):
        source = m.OccupationExposure.objects.get(ssyk=move.source, index="daioe_genai")
        target = m.OccupationExposure.objects.get(ssyk=move.target, index="daioe_genai")
        assert target.percentile < source.percentile
    assert m.Transition.objects.filter(source_id="2512").count() == 10


def test_a_second_run_changes_nothing(real):
    before = (m.Employment.objects.count(), m.EscoOccupationSkill.objects.count())
    report = labour_data_import()
    assert {r.status for r in report.results} == {"unchanged"}
    assert (m.Employment.objects.count(), m.EscoOccupationSkill.objects.count()) == before
