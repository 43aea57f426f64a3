"""The period filter and the editors' knowledge-use form."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from verkstad.impact.models import EDITOR_OUTCOMES, Channel, KnowledgeUse, Outcome
from verkstad.impact.periods import DEFAULT_DAYS, EARLIEST, LATEST, Period
from verkstad.knowledge.models import Finding


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class PeriodForm(forms.Form):
    """``?fran=YYYY-MM-DD&till=YYYY-MM-DD``; either may be left out."""

    fran = forms.DateField(
        label=_("From"),
        required=False,
        widget=DateInput(),
        input_formats=["%Y-%m-%d"],
        help_text=_("The first day of the period, e.g. 2026-01-01."),
        error_messages={"invalid": _("Write the first day as a date, e.g. 2026-01-01.")},
    )
    till = forms.DateField(
        label=_("To"),
        required=False,
        widget=DateInput(),
        input_formats=["%Y-%m-%d"],
        help_text=_("The last day of the period, included."),
        error_messages={"invalid": _("Write the last day as a date, e.g. 2026-12-31.")},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("fran"), data.get("till")
        if self.errors:
            return data
        for name, value in (("fran", start), ("till", end)):
            if value is not None and not EARLIEST <= value <= LATEST:
                self.add_error(
                    name,
                    ValidationError(
                        _("Choose a day between %(earliest)s and %(latest)s."),
                        code="out_of_range",
                        params={
                            "earliest": EARLIEST.isoformat(),
                            "latest": LATEST.isoformat(),
                        },
                    ),
                )
        if self.errors:
            return data
        if start and end and start > end:
            raise ValidationError(
                _(
                    "The period starts (%(start)s) after it ends (%(end)s). "
                    "Choose a first day on or before the last day."
                ),
                code="start_after_end",
                params={"start": formats.date_format(start), "end": formats.date_format(end)},
            )
        return data

    def period(self) -> Period:
        """The chosen period (call after ``is_valid()``); the last twelve months by default."""
        start, end = self.cleaned_data.get("fran"), self.cleaned_data.get("till")
        if start is None and end is None:
            return Period.default()
        if end is None:
            end = max(start, timezone.localdate())
        if start is None:
            start = max(EARLIEST, end - timedelta(days=DEFAULT_DAYS - 1))
        return Period(start=start, end=end)


def period_form(data: Any) -> PeriodForm:
    """A bound form for the request's query (only the two period keys)."""
    return PeriodForm({k: data.get(k, "") for k in ("fran", "till")})


class KnowledgeUseForm(forms.ModelForm):
    """What an editor records: a finding cited in a plan or decision, a commitment."""

    outcome = forms.TypedChoiceField(
        label=_("What came of it"),
        choices=[(o.value, o.label) for o in EDITOR_OUTCOMES],
        initial=Outcome.CITED_PLAN,
    )
    channel = forms.TypedChoiceField(
        label=_("How the finding reached them"),
        choices=Channel.choices,
        initial=Channel.BRIEF,
    )

    url = forms.URLField(
        label=_("Link"),
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text=_("Where the plan or decision can be read, if it is public."),
    )

    class Meta:
        model = KnowledgeUse
        fields = [
            "finding",
            "outcome",
            "channel",
            "organisation_name",
            "actor_type",
            "municipality_code",
            "reference",
            "url",
            "day",
            "note",
        ]
        widgets = {"day": DateInput(), "note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["finding"].queryset = Finding.objects.order_by("number")
        self.fields["day"].help_text = _("When the plan or decision was made, e.g. 2026-03-15.")
        self.fields["day"].input_formats = ["%Y-%m-%d"]
        self.fields["organisation_name"].required = True

    def clean_day(self) -> date:
        day = self.cleaned_data["day"]
        if day > timezone.localdate():
            raise ValidationError(_("The date cannot be in the future."), code="future")
        if day < EARLIEST:
            raise ValidationError(
                _("Choose a day from %(earliest)s on."),
                code="out_of_range",
                params={"earliest": EARLIEST.isoformat()},
            )
        return day

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        outcome = data.get("outcome")
        if outcome in (Outcome.CITED_PLAN, Outcome.CITED_DECISION) and not data.get("reference"):
            self.add_error(
                "reference",
                ValidationError(
                    _("Name the plan or decision that cites the finding."), code="required"
                ),
            )
        return data
