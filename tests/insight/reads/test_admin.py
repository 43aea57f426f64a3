"""The imported data in the admin: editors browse it, nobody edits it by hand."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.urls import reverse

from verkstad.insight import models as m

BROWSED = [
    "dataset", "region", "ssykgroup", "iscogroup", "ssykiscolink", "employment",
    "escooccupation", "escoskill", "escooccupationskill", "substitutability",
    "exposurescore", "occupationexposure", "regionyear", "transition",
]  # fmt: skip


def test_every_insight_model_is_registered_read_only(rf, staff_sam):
    request = rf.get("/")
    request.user = staff_sam
    models = [
        model for model in admin.site._registry if model._meta.app_label == "insight"
    ]  # fmt: skip
    assert len(models) == 18
    for model in models:
        model_admin = admin.site._registry[model]
        assert not model_admin.has_add_permission(request), model
        assert not model_admin.has_change_permission(request), model
        assert not model_admin.has_delete_permission(request), model


@pytest.mark.parametrize("model", BROWSED)
def test_an_editor_browses_the_lists(client, editor_eva, slice_data, model):
    client.force_login(editor_eva)
    response = client.get(reverse(f"admin:insight_{model}_changelist"))
    assert response.status_code == 200


def test_an_editor_sees_a_row_but_cannot_change_it(client, editor_eva, slice_data):
    client.force_login(editor_eva)
    row = m.Employment.objects.first()
    url = reverse("admin:insight_employment_change", args=[row.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert b'name="_save"' not in response.content
    assert client.post(url, {"employees": 1}).status_code == 403
    assert client.get(reverse("admin:insight_employment_add")).status_code == 403


def test_a_facilitator_does_not_see_the_data(client, facilitator_fia, slice_data):
    client.force_login(facilitator_fia)
    response = client.get(reverse("admin:insight_dataset_changelist"))
    assert response.status_code in (302, 403)
