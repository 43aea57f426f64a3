"""Forms of the moderation queue and of the import, export and seeding pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from verkstad.dialogue.models import Conversation, Statement, StatementStatus
from verkstad.dialogue.moderation import PRESET_REASONS, reason_compose
from verkstad.dialogue.polis_io import (
    KNOWN_FILES,
    MAX_TOTAL_BYTES,
    RESERVED_SLUGS,
    ImportProblem,
    files_from_zip,
)


class ModerationForm(forms.Form):
    """One decision (a row's button) or a bulk one (the checked rows and a bulk button)."""

    statements = forms.ModelMultipleChoiceField(
        queryset=Statement.objects.none(), required=False, widget=forms.MultipleHiddenInput
    )
    preset = forms.ChoiceField(
        label=_("Reason"),
        required=False,
        choices=[("", _("– no preset reason –")), *PRESET_REASONS],
        help_text=_("Needed to reject. It is kept with the decision."),
    )
    reason = forms.CharField(
        label=_("Reason in your own words"),
        required=False,
        max_length=200,
        help_text=_("Added to the preset reason, or used on its own."),
    )
    action = forms.CharField(required=False)

    def __init__(self, *args: Any, conversation: Conversation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.conversation = conversation
        self.fields["statements"].queryset = Statement.objects.filter(conversation=conversation)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        action = cleaned.get("action", "")
        verb, _sep, single = action.partition(":")
        if verb not in ("accept", "reject"):
            raise forms.ValidationError(_("Choose Accept or Reject."))
        if single:
            chosen = (
                list(self.fields["statements"].queryset.filter(pk=single))
                if single.isdigit()
                else []
            )
            if not chosen:
                raise forms.ValidationError(_("That statement is not in this conversation."))
        else:
            chosen = list(cleaned.get("statements") or [])
            if not chosen and "statements" not in self.errors:
                self.add_error("statements", _("Select at least one statement."))
        cleaned["chosen"] = chosen
        cleaned["status"] = (
            StatementStatus.ACCEPTED if verb == "accept" else StatementStatus.REJECTED
        )
        cleaned["full_reason"] = reason_compose(
            preset=cleaned.get("preset", ""), text=cleaned.get("reason", "")
        )
        if verb == "reject" and not cleaned["full_reason"]:
            self.add_error("preset", _("Choose or write a reason for rejecting."))
        return cleaned


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".zip,.csv"}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)]


LANGUAGE_CHOICES = [(code, name) for code, name in settings.LANGUAGES]


class ImportForm(forms.Form):
    files = MultipleFileField(
        label=_("Export files"),
        help_text=_(
            "A zip of a Pol.is or Verkstad export, or its CSV files: comments.csv and votes.csv "
            "(or participants-votes.csv), and summary.csv if you have it."
        ),
    )
    slug = forms.SlugField(
        label=_("Address of the new conversation"),
        max_length=80,
        help_text=_("Letters, digits and hyphens, e.g. seattle-minimum-wage."),
    )
    topic_sv = forms.CharField(
        label=_("Topic in Swedish"),
        required=False,
        max_length=200,
        help_text=_("Leave empty to use the topic in summary.csv."),
    )
    topic_en = forms.CharField(
        label=_("Topic in English"),
        required=False,
        max_length=200,
        help_text=_("Leave empty to use the topic in summary.csv."),
    )
    language = forms.ChoiceField(
        label=_("Language of the statements"), choices=LANGUAGE_CHOICES, initial="en"
    )

    def clean_slug(self) -> str:
        slug = self.cleaned_data["slug"]
        if slug in RESERVED_SLUGS:
            raise forms.ValidationError(_("This address is taken by a page of the site."))
        return slug

    def clean_files(self) -> dict[str, bytes]:
        uploads: list[UploadedFile] = self.cleaned_data["files"]
        if sum(f.size or 0 for f in uploads) > MAX_TOTAL_BYTES:
            raise forms.ValidationError(_("The files are too large to import."))
        files: dict[str, bytes] = {}
        for upload in uploads:
            name = upload.name or ""
            try:
                if name.lower().endswith(".zip"):
                    files.update(files_from_zip(upload.read(), name=name))
                elif name in KNOWN_FILES:
                    files[name] = upload.read()
                else:
                    raise forms.ValidationError(
                        _("%(name)s is not one of the export's files (%(known)s) or a zip.")
                        % {"name": name, "known": ", ".join(KNOWN_FILES)}
                    )
            except ImportProblem as problem:
                raise forms.ValidationError(str(problem)) from None
        return files


class SeedForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "UTF-8, with the column text and, if you like, language (sv or en), finding (a "
            "finding's slug) and is_meta (1 or 0)."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_file(self) -> UploadedFile:
        upload = self.cleaned_data["file"]
        if (upload.size or 0) > MAX_TOTAL_BYTES:
            raise forms.ValidationError(_("The file is too large."))
        return upload
