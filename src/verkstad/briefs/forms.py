"""The brief builder (a GET form) and the editors' form for a brief's additions."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from verkstad.accounts.models import ActorType
from verkstad.briefs.models import Brief, BriefLanguage
from verkstad.briefs.regions import BriefRegion, region_parse
from verkstad.insight.reference import COUNTY_NAMES_SV


class BriefBuilderForm(forms.Form):
    """County (and optionally a municipality in it), audience and language."""

    lan = forms.ChoiceField(label=_("County"))
    kommun = forms.CharField(
        label=_("Municipality code"),
        required=False,
        max_length=4,
        help_text=_(
            "SCB's four-digit code, e.g. 2081 for Borlänge. The numbers stay the county's."
        ),
    )
    aktor = forms.ChoiceField(label=_("Who is the brief for?"), choices=ActorType.choices)
    sprak = forms.ChoiceField(
        label=_("Language of the brief"),
        choices=BriefLanguage.choices,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lan"].choices = [("", _("Choose a county"))] + list(COUNTY_NAMES_SV.items())
        self.fields["aktor"].choices = [("", _("Choose an audience"))] + list(ActorType.choices)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        county = data.get("lan")
        code = (data.get("kommun") or "").strip()
        if county and code:
            region = region_parse(code)
            if region is None or not region.municipality:
                self.add_error(
                    "kommun", _("A municipality code is four digits, e.g. 2081 for Borlänge.")
                )
            elif region.county != county:
                self.add_error(
                    "kommun",
                    _(
                        "Municipality %(code)s is not in %(county)s: "
                        "its code must start with %(prefix)s."
                    )
                    % {"code": code, "county": COUNTY_NAMES_SV[county], "prefix": county},
                )
        return data

    def region(self) -> BriefRegion:
        code = (self.cleaned_data.get("kommun") or "").strip()
        return BriefRegion(county=self.cleaned_data["lan"], municipality=code)


class BriefEditForm(forms.ModelForm):
    """What an editor adds: the introduction and the dialogues held for the region."""

    class Meta:
        model = Brief
        fields = ["introduction", "conversations"]
        widgets = {
            "introduction": forms.Textarea(attrs={"rows": 6}),
            "conversations": forms.CheckboxSelectMultiple,
        }
