"""Forms of the workshops app. Times are read and shown in Europe/Stockholm."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from verkstad.accounts.models import ActorType, Organisation
from verkstad.dialogue.models import Conversation
from verkstad.knowledge.models import BigQuestion, EditorialStatus, Finding
from verkstad.workshops.models import (
    ActionStatus,
    AgendaItem,
    Decision,
    FollowUpAction,
    Meeting,
    MeetingStatus,
)

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format=DATETIME_FORMAT, **kwargs)


class MeetingForm(forms.ModelForm):
    organisers = forms.ModelMultipleChoiceField(
        label=_("Organisers"),
        queryset=Organisation.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
    )
    audience_actor_types = forms.MultipleChoiceField(
        label=_("For actor types"),
        choices=ActorType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave all unticked if the meeting is for everyone."),
    )
    online_url = forms.URLField(
        label=_("Online meeting link"), required=False, assume_scheme="https", max_length=200
    )

    class Meta:
        model = Meeting
        fields = [
            "title_sv",
            "title_en",
            "description_sv",
            "description_en",
            "organisers",
            "starts_at",
            "ends_at",
            "place",
            "online_url",
            "capacity",
            "audience_actor_types",
            "audience_municipality_code",
            "status",
        ]
        widgets = {
            "starts_at": DateTimeLocalInput(),
            "ends_at": DateTimeLocalInput(),
            "description_sv": forms.Textarea(attrs={"rows": 4}),
            "description_en": forms.Textarea(attrs={"rows": 4}),
            "audience_municipality_code": forms.TextInput(
                attrs={"inputmode": "numeric", "autocomplete": "off"}
            ),
        }
        help_texts = {
            "starts_at": _("Swedish time (Europe/Stockholm)."),
            "audience_municipality_code": _("SCB's four-digit code, e.g. 2081 for Borlänge."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("starts_at", "ends_at"):
            self.fields[name].input_formats = [DATETIME_FORMAT, "%Y-%m-%d %H:%M"]
        self.fields["status"].choices = MeetingStatus.choices

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The meeting must end after it starts."))
        if not data.get("place") and not data.get("online_url") and "place" not in self.errors:
            self.add_error("place", _("Give a place, an online meeting link, or both."))
        return data


class RegistrationForm(forms.Form):
    actor_type = forms.ChoiceField(
        label=_("I come as"),
        choices=[("", _("Rather not say"))] + list(ActorType.choices),
        required=False,
        help_text=_(
            "Only used for counts per actor type, where groups under five are never shown."
        ),
    )


class AgendaItemForm(forms.ModelForm):
    finding = forms.ModelChoiceField(
        label=_("Finding"),
        queryset=Finding.objects.filter(status=EditorialStatus.PUBLISHED).order_by("number"),
        required=False,
    )
    conversation = forms.ModelChoiceField(
        label=_("Conversation"), queryset=Conversation.objects.order_by("slug"), required=False
    )
    question = forms.ModelChoiceField(
        label=_("Big question"), queryset=BigQuestion.objects.order_by("number"), required=False
    )

    class Meta:
        model = AgendaItem
        fields = ["title_sv", "title_en", "finding", "conversation", "question"]


class MinutesForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["minutes_sv", "minutes_en"]
        widgets = {
            "minutes_sv": forms.Textarea(attrs={"rows": 8}),
            "minutes_en": forms.Textarea(attrs={"rows": 8}),
        }


class DecisionForm(forms.ModelForm):
    class Meta:
        model = Decision
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}


class FollowUpActionForm(forms.ModelForm):
    owner = forms.ModelChoiceField(
        label=_("Owner organisation"), queryset=Organisation.objects.order_by("name")
    )

    class Meta:
        model = FollowUpAction
        fields = ["what", "owner", "due_date"]
        widgets = {
            "what": forms.Textarea(attrs={"rows": 2}),
            "due_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }


class ActionStatusForm(forms.Form):
    action = forms.IntegerField(min_value=1, max_value=2**31 - 1, widget=forms.HiddenInput)
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)
