"""What each kind of activity asks of a phone and how its answers add up.

A :class:`Kind` turns a phone's form into a stored value (``clean``), adds the stored values
up (``results``) and says it in words (``summary``) for screen readers, the report and
the CSV. Each kind has two templates under ``workshops/live/kinds/``: ``<key>_phone.html``
(the form) and ``<key>_results.html`` (the chart and its table). Kinds that collect text
(word cloud, Q&A, future workshop) and the statement round register themselves from their
own modules (see :data:`KINDS`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from statistics import median
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from verkstad.workshops.live.models import Activity, ActivityKind, Answer

SCALE_STEPS = (1, 2, 3, 4, 5)
#: Phones are split into this many groups by number; each group's stream carries the form a
#: phone of the group sees before it answers (in a statement round, its first statement).
PHONE_SLOTS = 8
DEFAULT_DOTS = 3
MAX_OPTIONS = 12


def phone_slot(participant: Any) -> int:
    """The phone's group (see :data:`PHONE_SLOTS`)."""
    return participant.number % PHONE_SLOTS if participant is not None else 0


def option_label(option: dict[str, str]) -> str:
    """The option's text in the active language, falling back to Swedish."""
    if (get_language() or "sv").startswith("en") and option.get("en"):
        return option["en"]
    return option.get("sv", "")


@dataclass
class Row:
    key: str
    label: str
    count: int
    share: float = 0.0  # 0..100, of the people who answered
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Results:
    answered: int
    rows: list[Row]
    summary: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


class Kind:
    key: ClassVar[str]
    #: "answers": one stored value per phone; "contributions": texts sent in; "dialogue".
    stores: ClassVar[str] = "answers"
    needs_options: ClassVar[bool] = False

    def saved_message(self, activity: Activity) -> str:
        """What the phone says after a successful send."""
        return _("Your answer is saved. You can change it while the question is open.")

    def phone_template(self) -> str:
        return f"workshops/live/kinds/{self.key}_phone.html"

    def results_template(self) -> str:
        return f"workshops/live/kinds/{self.key}_results.html"

    def setup_errors(self, activity: Activity) -> list[str]:
        """What is wrong with the activity's set-up (shown to the facilitator)."""
        if self.needs_options and not 2 <= len(activity.options) <= MAX_OPTIONS:
            return [_("Give between 2 and %(max)d options.") % {"max": MAX_OPTIONS}]
        return []

    def clean(self, activity: Activity, data: QueryDict) -> Any:
        raise NotImplementedError

    def submit(self, activity: Activity, participant: Any, data: QueryDict) -> Any:
        """Store what the phone sent; kinds that collect texts or votes elsewhere override.

        The default keeps one answer per phone and activity: a repeat replaces it.
        """
        value = self.clean(activity, data)
        Answer.objects.bulk_create(
            [
                Answer(
                    activity=activity,
                    participant=participant,
                    value=value,
                    updated_at=timezone.now(),
                )
            ],
            update_conflicts=True,
            unique_fields=["activity", "participant"],
            update_fields=["value", "updated_at"],
        )
        return value

    def reset(self, activity: Activity) -> None:
        """Remove everything the room sent for this activity (the facilitator's reset)."""
        activity.answers.all().delete()
        activity.contributions.all().delete()

    def results(self, activity: Activity) -> Results:
        raise NotImplementedError

    def shared_phone_context(self, activity: Activity, slot: int) -> dict[str, Any] | None:
        """The form's context as every phone of ``slot`` that has not answered sees it, sent
        to all of them in their stream when the room moves on (instead of a thousand
        fetches); ``None`` when each phone's form is its own."""
        if self.stores != "answers":
            return None
        return self.phone_context(activity, None)

    def phone_context(self, activity: Activity, participant: Any) -> dict[str, Any]:
        """Extra context for the phone form (the participant's own current answer)."""
        if self.stores != "answers" or participant is None:
            return {}
        answer = Answer.objects.filter(activity=activity, participant=participant).first()
        return {"mine": answer.value if answer else None}


def _values(activity: Activity) -> list[Any]:
    return list(Answer.objects.filter(activity=activity).values_list("value", flat=True))


def _keys(activity: Activity) -> list[str]:
    return [o["key"] for o in activity.options]


def _share(count: int, total: int) -> float:
    return round(100 * count / total, 1) if total else 0.0


class Poll(Kind):
    key = ActivityKind.POLL
    needs_options = True

    def clean(self, activity: Activity, data: QueryDict) -> Any:
        choice = data.get("choice", "")
        if choice not in _keys(activity):
            raise ValidationError(_("Choose one of the options."))
        return [choice]

    def results(self, activity: Activity) -> Results:
        values = _values(activity)
        counts = Counter(key for value in values for key in value)
        total = len(values)
        rows = [
            Row(o["key"], option_label(o), counts[o["key"]], _share(counts[o["key"]], total))
            for o in activity.options
        ]
        return Results(total, rows, summary=_choice_summary(total, rows))


class PollMulti(Poll):
    key = ActivityKind.POLL_MULTI

    def clean(self, activity: Activity, data: QueryDict) -> Any:
        keys = _keys(activity)
        chosen = [k for k in dict.fromkeys(data.getlist("choice")) if k in keys]
        if not chosen or len(chosen) != len(set(data.getlist("choice"))):
            raise ValidationError(_("Choose at least one of the options."))
        return chosen


def _choice_summary(total: int, rows: list[Row]) -> str:
    if not total:
        return _("No answers yet.")
    parts = [
        ngettext("%(label)s: %(count)d answer", "%(label)s: %(count)d answers", r.count)
        % {"label": r.label, "count": r.count}
        for r in sorted(rows, key=lambda r: -r.count)
    ]
    head = ngettext("%(n)d person answered.", "%(n)d people answered.", total) % {"n": total}
    return head + " " + "; ".join(parts) + "."


class Scale(Kind):
    key = ActivityKind.SCALE

    def labels(self, activity: Activity) -> tuple[str, str]:
        config = activity.config or {}
        en = (get_language() or "sv").startswith("en")
        low = (en and config.get("low_en")) or config.get("low_sv") or _("Not at all")
        high = (en and config.get("high_en")) or config.get("high_sv") or _("Completely")
        return low, high

    def phone_context(self, activity: Activity, participant: Any) -> dict[str, Any]:
        low, high = self.labels(activity)
        return {
            **super().phone_context(activity, participant),
            "scale_steps": SCALE_STEPS,
            "scale_low": low,
            "scale_high": high,
        }

    def clean(self, activity: Activity, data: QueryDict) -> Any:
        try:
            value = int(data.get("value", ""))
        except ValueError:
            value = 0
        if value not in SCALE_STEPS:
            raise ValidationError(_("Choose a number from 1 to 5."))
        return value

    def results(self, activity: Activity) -> Results:
        values = [v for v in _values(activity) if v in SCALE_STEPS]
        counts = Counter(values)
        total = len(values)
        rows = [Row(str(s), str(s), counts[s], _share(counts[s], total)) for s in SCALE_STEPS]
        extra: dict[str, Any] = {}
        if total:
            extra = {"mean": sum(values) / total, "median": median(values)}
        low, high = self.labels(activity)
        extra.update(low=low, high=high)
        if total:
            summary = ngettext(
                "%(n)d person answered; the average is %(mean)s and the median %(median)s "
                "on a scale from 1 (%(low)s) to 5 (%(high)s).",
                "%(n)d people answered; the average is %(mean)s and the median %(median)s "
                "on a scale from 1 (%(low)s) to 5 (%(high)s).",
                total,
            ) % {
                "n": total,
                "mean": _decimal(extra["mean"]),
                "median": _decimal(extra["median"]),
                "low": low,
                "high": high,
            }
        else:
            summary = _("No answers yet.")
        return Results(total, rows, summary=summary, extra=extra)


def _decimal(value: float) -> str:
    from django.utils.formats import number_format

    return number_format(value, decimal_pos=1)


class Ranking(Kind):
    """Order the options; points by Borda count (first of n gets n points)."""

    key = ActivityKind.RANKING
    needs_options = True

    def phone_context(self, activity: Activity, participant: Any) -> dict[str, Any]:
        context = super().phone_context(activity, participant)
        keys = _keys(activity)
        mine = context.get("mine")
        order = mine if isinstance(mine, list) and sorted(mine) == sorted(keys) else keys
        labels = {o["key"]: option_label(o) for o in activity.options}
        rows = [{"key": k, "label": labels[k], "place": order.index(k) + 1} for k in keys]
        return {**context, "rank_rows": rows, "places": range(1, len(keys) + 1)}

    def clean(self, activity: Activity, data: QueryDict) -> Any:
        keys = _keys(activity)
        places: dict[str, int] = {}
        for key in keys:
            try:
                places[key] = int(data.get(f"rank-{key}", ""))
            except ValueError:
                raise ValidationError(_("Give every option a place.")) from None
        if sorted(places.values()) != list(range(1, len(keys) + 1)):
            raise ValidationError(
                _("Give every option its own place from 1 to %(n)d.") % {"n": len(keys)}
            )
        return sorted(keys, key=places.__getitem__)

    def results(self, activity: Activity) -> Results:
        keys = _keys(activity)
        n = len(keys)
        points: Counter[str] = Counter()
        place_sum: Counter[str] = Counter()
        values = [v for v in _values(activity) if sorted(v) == sorted(keys)]
        for order in values:
            for place, key in enumerate(order):
                points[key] += n - place
                place_sum[key] += place + 1
        total = len(values)
        labels = {o["key"]: option_label(o) for o in activity.options}
        rows = [
            Row(
                key,
                labels[key],
                points[key],
                _share(points[key], total * n),
                {"mean_place": place_sum[key] / total if total else None},
            )
            for key in sorted(keys, key=lambda k: -points[k])
        ]
        if total:
            order = ", ".join(f"{i}. {r.label}" for i, r in enumerate(rows, start=1))
            summary = ngettext(
                "%(n)d person ranked the options. Together: %(order)s.",
                "%(n)d people ranked the options. Together: %(order)s.",
                total,
            ) % {"n": total, "order": order}
        else:
            summary = _("No answers yet.")
        return Results(total, rows, summary=summary)


def dots_clean(data: QueryDict, fields: dict[str, str], budget: int) -> dict[str, int]:
    """Read ``dots-<field>`` inputs into ``{name: dots}``: whole numbers, 1..``budget`` in all.

    ``fields`` maps each input's suffix to the name the dots are stored under.
    """
    given: dict[str, int] = {}
    for suffix, name in fields.items():
        raw = data.get(f"dots-{suffix}", "") or "0"
        try:
            count = int(raw)
        except ValueError:
            raise ValidationError(_("Dots must be whole numbers.")) from None
        if count < 0:
            raise ValidationError(_("Dots must be whole numbers."))
        if count:
            given[name] = count
    spent = sum(given.values())
    if not spent:
        raise ValidationError(_("Place at least one dot."))
    if spent > budget:
        raise ValidationError(
            ngettext(
                "You have %(n)d dot; you placed %(spent)d.",
                "You have %(n)d dots; you placed %(spent)d.",
                budget,
            )
            % {"n": budget, "spent": spent}
        )
    return given


class Dots(Kind):
    """Spread a few dots over the options (several on one is allowed)."""

    key = ActivityKind.DOTS
    needs_options = True

    def phone_context(self, activity: Activity, participant: Any) -> dict[str, Any]:
        context = super().phone_context(activity, participant)
        mine = context.get("mine") if isinstance(context.get("mine"), dict) else {}
        options = [
            {"key": o["key"], "label": option_label(o), "mine": mine.get(o["key"], 0)}
            for o in activity.options
        ]
        return {**context, "dots": self.budget(activity), "dot_options": options}

    def budget(self, activity: Activity) -> int:
        try:
            return max(1, min(10, int((activity.config or {}).get("dots", DEFAULT_DOTS))))
        except (TypeError, ValueError):
            return DEFAULT_DOTS

    def clean(self, activity: Activity, data: QueryDict) -> Any:
        return dots_clean(data, {key: key for key in _keys(activity)}, self.budget(activity))

    def results(self, activity: Activity) -> Results:
        totals: Counter[str] = Counter()
        values = [v for v in _values(activity) if isinstance(v, dict)]
        for value in values:
            for key, count in value.items():
                totals[key] += int(count)
        all_dots = sum(totals.values())
        labels = {o["key"]: option_label(o) for o in activity.options}
        rows = [
            Row(key, labels[key], totals[key], _share(totals[key], all_dots))
            for key in sorted(labels, key=lambda k: -totals[k])
        ]
        if values:
            summary = ngettext(
                "%(n)d person placed %(dots)d dots. ",
                "%(n)d people placed %(dots)d dots. ",
                len(values),
            ) % {"n": len(values), "dots": all_dots} + "; ".join(
                f"{r.label}: {r.count}" for r in rows
            )
        else:
            summary = _("No answers yet.")
        return Results(len(values), rows, summary=summary, extra={"dots": all_dots})


#: key → kind. Modules for the text-collecting kinds and the statement round add theirs.
KINDS: dict[str, Kind] = {k.key: k for k in (Poll(), PollMulti(), Scale(), Ranking(), Dots())}


def kind_of(activity: Activity) -> Kind:
    return KINDS[activity.kind]


# The statement round registers itself; its module also connects the impact sources.
import verkstad.workshops.live.kinds_dialogue  # noqa: E402, F401

# The text-collecting kinds (word cloud, Q&A, future workshop) register themselves here.
from verkstad.workshops.live import kinds_text  # noqa: E402, F401
