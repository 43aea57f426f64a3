"""Forms for taking part in a conversation and for starting one."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from verkstad.accounts.models import ActorType, municipality_code_validator, validate_county_code
from verkstad.dialogue.models import Access, Moderation, VoteValue
from verkstad.dialogue.services.participation import (
    STATEMENT_MAX_LENGTH,
    STATEMENT_MIN_LENGTH,
    statement_text_validate,
)
from verkstad.knowledge.models import SeedStatement


class VoteForm(forms.Form):
    statement = forms.IntegerField(min_value=0, max_value=2**31 - 1, widget=forms.HiddenInput)
    vote = forms.TypedChoiceField(choices=VoteValue.choices, coerce=int)


class StatementForm(forms.Form):
    text = forms.CharField(
        label=_("Your statement"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write your statement before you send it.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Filled in per request, so it is in the language of the page.
        self.fields["text"].help_text = gettext(
            "One clear claim others can agree or disagree with, %(min)d–%(max)d characters. "
            "No web addresses, no names of private persons."
        ) % {"min": STATEMENT_MIN_LENGTH, "max": STATEMENT_MAX_LENGTH}

    def clean_text(self) -> str:
        return statement_text_validate(self.cleaned_data["text"])


class RoleForm(forms.Form):
    actor_type = forms.ChoiceField(
        label=_("I take part as"),
        choices=[("", _("Choose…")), *ActorType.choices],
        error_messages={"required": _("Choose the kind of actor you take part as.")},
    )
    municipality_code = forms.CharField(
        label=_("Municipality code"),
        required=False,
        max_length=4,
        validators=[municipality_code_validator, validate_county_code],
        help_text=_("SCB's four-digit code, for example 1980 for Västerås or 2081 for Borlänge."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    consent = forms.BooleanField(
        label=_("Yes, store my answer for this conversation as described above."),
        error_messages={"required": _("Tick the box to agree, or leave the page without saving.")},
    )


def _seed_label(seed: SeedStatement, language: str) -> str:
    return getattr(seed, f"text_{language}") or seed.text


class ConversationStartForm(forms.Form):
    topic_sv = forms.CharField(label=_("Topic (Swedish)"), max_length=200)
    topic_en = forms.CharField(label=_("Topic (English)"), max_length=200)
    description_sv = forms.CharField(
        label=_("Description (Swedish)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    description_en = forms.CharField(
        label=_("Description (English)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    language = forms.ChoiceField(
        label=_("Language of the statements"),
        choices=settings.LANGUAGES,
        initial="sv",
        help_text=_(
            "Seed statements are added in this language; participants may write in either."
        ),
    )
    seeds = forms.ModelMultipleChoiceField(
        label=_("Seed statements to start with"),
        queryset=SeedStatement.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    extra_statements = forms.CharField(
        label=_("More statements, one per line"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    access = forms.ChoiceField(label=_("Who may join"), choices=Access.choices)
    moderation = forms.ChoiceField(label=_("Moderation"), choices=Moderation.choices)
    participants_may_add = forms.BooleanField(
        label=_("Participants may add statements"), required=False, initial=True
    )

    def __init__(self, *args: Any, seeds: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if seeds is not None:
            self.fields["seeds"].queryset = seeds
            self.fields["seeds"].initial = [s.pk for s in seeds]
        self.fields["seeds"].label_from_instance = lambda s: s.text

    def clean_extra_statements(self) -> list[str]:
        lines = [line.strip() for line in self.cleaned_data["extra_statements"].splitlines()]
        cleaned, errors = [], []
        for number, line in enumerate(lines, start=1):
            if not line:
                continue
            try:
                cleaned.append(statement_text_validate(line))
            except ValidationError as error:
                for message in error.messages:
                    errors.append(
                        _("Line %(line)d: %(message)s") % {"line": number, "message": message}
                    )
        if errors:
            raise ValidationError(errors)
        return cleaned
