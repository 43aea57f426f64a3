"""Occupations (SSYK-4) are in the index; skills are found through them."""

from __future__ import annotations

import pytest
from django.db import transaction

from tests.insight.conftest import SLICE
from verkstad.insight.models import (
    DataSet,
    EscoOccupationSkill,
    OccupationName,
    Relation,
    SsykGroup,
)
from verkstad.insight.search_source import occupation_documents
from verkstad.insight.services import labour_data_import
from verkstad.search.models import SearchDocument
from verkstad.search.selectors import SearchFilters, search
from verkstad.search.services import index_drift, index_rebuild

pytestmark = pytest.mark.usefixtures("occupations", "lexical_only")


@pytest.fixture(scope="module")
def occupations_module(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        labour_data_import(data_dir=SLICE)
        index_rebuild()
        yield
        transaction.set_rollback(True)


@pytest.fixture
def occupations(occupations_module, db) -> None:
    """The insight test slice, imported and indexed; each test's changes roll back."""


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    def _commit(change):
        with django_capture_on_commit_callbacks(execute=True):
            change()

    return _commit


def test_each_occupation_has_a_document_per_language_at_its_page():
    codes = set(SsykGroup.objects.filter(level=4).values_list("code", flat=True))
    assert codes
    rows = SearchDocument.objects.filter(doc_type="occupation")
    assert {(r.object_id, r.lang) for r in rows} == {
        (c, lang) for c in codes for lang in "sv en".split()
    }
    code = sorted(codes)[0]
    sv = rows.get(object_id=code, lang="sv")
    assert sv.url == f"/insikt/yrken/{code}/"
    assert rows.get(object_id=code, lang="en").url == f"/en/insikt/yrken/{code}/"
    assert sv.slug == code
    assert index_drift().clean


def test_an_occupation_name_finds_its_group():
    name = OccupationName.objects.filter(
        ssyk_jobtech__in=SsykGroup.objects.filter(level=4).values("code")
    ).first()
    results = search(name.label_sv, filters=SearchFilters(type="occupation"))
    assert name.ssyk_jobtech in [hit.id for hit in results.hits]


def test_an_essential_skill_finds_the_occupations_that_need_it():
    documents = {(d.key, d.lang): d for d in occupation_documents(None)}
    relation = (
        EscoOccupationSkill.objects.filter(relation=Relation.ESSENTIAL)
        .select_related("skill")
        .first()
    )
    english = [d for (_, lang), d in documents.items() if lang == "en"]
    holders = [d.key for d in english if relation.skill.label_en in d.body]
    assert holders, "the skill should be named in some occupation's English text"
    results = search(relation.skill.label_en, filters=SearchFilters(type="occupation"), limit=50)
    assert set(holders) & {hit.id for hit in results.hits}


def test_a_changed_group_or_a_new_import_refreshes_the_documents(commit):
    group = SsykGroup.objects.filter(level=4).order_by("code").first()
    group.label_sv = "Zebraskötare"
    commit(group.save)
    assert search("zebraskötare").hits[0].id == group.code

    # The import writes in bulk (no signals) and then saves its DataSet row.
    SsykGroup.objects.filter(pk=group.pk).update(label_en="Zebra keepers")
    commit(DataSet.objects.get(slug="scb-yreg").save)
    assert search("zebra keepers").hits[0].id == group.code
    assert index_drift().clean


def test_the_type_facet_names_occupations(client):
    group = SsykGroup.objects.filter(level=4).order_by("code").first()
    response = client.get("/en/sok/", {"q": group.label_en})
    assert response.status_code == 200
    assert "Occupations" in response.content.decode()
