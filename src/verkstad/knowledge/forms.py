"""The findings index's filter form: a plain GET form that works without JavaScript."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from verkstad.accounts.models import ActorType
from verkstad.knowledge.models import BigQuestion, Theme
from verkstad.knowledge.rubric import MAX_STRENGTH


class FindingFilterForm(forms.Form):
    """Theme, big question, actor type and least evidence strength; all optional."""

    theme = forms.ChoiceField(label=_("Theme"), required=False)
    question = forms.ChoiceField(label=_("Big question"), required=False)
    actor_type = forms.ChoiceField(label=_("What it means for"), required=False)
    strength = forms.TypedChoiceField(
        label=_("Evidence strength"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["theme"].choices = [("", _("All themes"))] + [
            (t.slug, t.title) for t in Theme.objects.all()
        ]
        self.fields["question"].choices = [("", _("All questions"))] + [
            (q.slug, q.title) for q in BigQuestion.objects.all()
        ]
        self.fields["actor_type"].choices = [("", _("Everyone"))] + list(ActorType.choices)
        self.fields["strength"].choices = [("", _("Any strength"))] + [
            (
                str(score),
                _("At least %(score)d of %(max)d") % {"score": score, "max": MAX_STRENGTH},
            )
            for score in range(MAX_STRENGTH, 0, -1)
        ]

    def filters(self) -> dict[str, Any]:
        """The valid filters as keyword arguments for ``finding_list``; bad ones are dropped."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "theme": data.get("theme") or "",
            "question": data.get("question") or "",
            "actor_type": data.get("actor_type") or "",
            "min_strength": data.get("strength"),
        }

    @property
    def is_filtered(self) -> bool:
        return any(v for v in self.filters().values())
