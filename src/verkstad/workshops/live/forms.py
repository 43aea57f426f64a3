"""Forms for joining a session and for setting up an activity."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from verkstad.accounts.models import ActorType
from verkstad.knowledge.models import EditorialStatus, Finding
from verkstad.workshops.live.kinds import KINDS, MAX_OPTIONS, kind_of
from verkstad.workshops.live.models import Activity, ActivityKind


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        help_text=_("Six letters and digits, shown on the screen in the room."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )


class JoinForm(forms.Form):
    actor_type = forms.ChoiceField(
        label=_("I take part as"),
        choices=[("", _("I'd rather not say"))] + list(ActorType.choices),
        required=False,
    )
    consent = forms.BooleanField(
        label=_(
            "You may count my role in the session's results, together with at least four "
            "others, never on its own."
        ),
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("actor_type") and not data.get("consent"):
            self.add_error(
                "consent",
                _("Tick this box to tell us your role, or choose “I'd rather not say”."),
            )
        return data


def _options_parse(text: str) -> list[dict[str, str]]:
    options = []
    for n, line in enumerate((line.strip() for line in text.splitlines() if line.strip()), 1):
        sv, _sep, en = line.partition("|")
        options.append({"key": f"o{n}", "sv": sv.strip()[:200], "en": en.strip()[:200]})
    return options


def _options_text(options: list[dict[str, str]]) -> str:
    return "\n".join(f"{o['sv']} | {o['en']}" if o.get("en") else o["sv"] for o in options)


class ActivityForm(forms.ModelForm):
    options_text = forms.CharField(
        label=_("Options"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "For polls, ranking and dot voting: one option per line, Swedish first, then "
            "“|” and English, e.g. “Kommunen | The municipality”. At most %(max)d."
        )
        % {"max": MAX_OPTIONS},
    )
    low_sv = forms.CharField(
        label=_("Scale: what 1 means (Swedish)"), required=False, max_length=60
    )
    high_sv = forms.CharField(
        label=_("Scale: what 5 means (Swedish)"), required=False, max_length=60
    )
    low_en = forms.CharField(
        label=_("Scale: what 1 means (English)"), required=False, max_length=60
    )
    high_en = forms.CharField(
        label=_("Scale: what 5 means (English)"), required=False, max_length=60
    )
    dots = forms.IntegerField(
        label=_("Dot voting: dots per person"), min_value=1, max_value=10, initial=3, required=False
    )

    class Meta:
        model = Activity
        fields = ["kind", "prompt_sv", "prompt_en", "finding", "learning_phase"]
        help_texts = {
            "learning_phase": _(
                "Ask the same scale question before and after to see what the meeting taught; "
                "the impact record compares the two."
            )
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A statement round is set up on its own page (it needs a conversation).
        self.fields["kind"].choices = [
            c for c in ActivityKind.choices if c[0] in KINDS and c[0] != ActivityKind.STATEMENTS
        ]
        self.fields["finding"].queryset = Finding.objects.filter(
            status=EditorialStatus.PUBLISHED
        ).order_by("number")
        self.fields["finding"].required = False
        instance = self.instance
        if instance.pk:
            self.fields["options_text"].initial = _options_text(instance.options)
            for name in ("low_sv", "high_sv", "low_en", "high_en", "dots"):
                if name in instance.config:
                    self.fields[name].initial = instance.config[name]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        kind_key = data.get("kind")
        if not kind_key:
            return data
        activity = self.instance
        activity.kind = kind_key
        activity.options = _options_parse(data.get("options_text", ""))
        config = dict(activity.config or {})
        for name in ("low_sv", "high_sv", "low_en", "high_en"):
            if data.get(name):
                config[name] = data[name]
            else:
                config.pop(name, None)
        if data.get("dots"):
            config["dots"] = data["dots"]
        activity.config = config
        if data.get("learning_phase") and kind_key != ActivityKind.SCALE:
            self.add_error("learning_phase", _("A learning check must be a scale question."))
        for error in kind_of(activity).setup_errors(activity):
            self.add_error("options_text" if KINDS[kind_key].needs_options else None, error)
        return data
