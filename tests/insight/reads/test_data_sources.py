from __future__ import annotations

from verkstad.insight.models import DataSet


def test_it_lists_every_data_set_with_licence_and_credit(client, slice_data):
    html = client.get("/insikt/om-data/").content.decode()
    for dataset in DataSet.objects.all():
        assert dataset.licence in html
    assert "Lodefalk" in html and "ILO Working Paper 140" in html
