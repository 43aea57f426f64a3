"""Brief pages: the builder, the HTML brief, its PDF and the editors' form."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from verkstad.accounts.models import ActorType
from verkstad.accounts.permissions import Capability, capability_required, user_can
from verkstad.briefs import services
from verkstad.briefs.forms import BriefBuilderForm, BriefEditForm
from verkstad.briefs.regions import LANGUAGES, BriefRegion, region_parse
from verkstad.impact.services import brief_download_record


def _parse_or_404(region: str, audience: str, lang: str) -> BriefRegion:
    parsed = region_parse(region)
    if parsed is None:
        raise Http404(_("No county or municipality has the code %(code)s.") % {"code": region[:10]})
    if audience not in ActorType.values:
        raise Http404(_("There is no audience called %(name)s.") % {"name": audience[:30]})
    if lang not in LANGUAGES:
        raise Http404(_("Briefs are made in Swedish (sv) or English (en)."))
    return parsed


def brief_builder(request: HttpRequest) -> HttpResponse:
    """Choose a county (and municipality), an audience and a language."""
    if request.GET:
        form = BriefBuilderForm(request.GET)
        if form.is_valid():
            region = form.region()
            return redirect(
                "briefs:brief_detail",
                region.code,
                form.cleaned_data["aktor"],
                form.cleaned_data["sprak"],
            )
    else:
        ui = "en" if (get_language() or "sv").startswith("en") else "sv"
        form = BriefBuilderForm(initial={"sprak": ui, "lan": request.GET.get("lan", "")})
    return render(request, "briefs/brief_builder.html", {"form": form})


def brief_detail(request: HttpRequest, region: str, audience: str, lang: str) -> HttpResponse:
    parsed = _parse_or_404(region, audience, lang)
    brief = services.brief_find(region=parsed, audience=audience, language=lang)
    content = services.brief_assemble(
        request=services.brief_request(region=parsed, audience=audience, language=lang, brief=brief)
    )
    editor = user_can(request.user, Capability.EDIT_CONTENT)
    status = services.brief_pdf_status(brief=brief, content=content) if brief and editor else None
    brief_download_record(
        request=request,
        brief=brief,
        region=parsed.code,
        audience=audience,
        kind="html",
        content=content,
    )
    return render(
        request,
        "briefs/brief_detail.html",
        {
            "content": content,
            "brief": brief,
            "region": parsed,
            "is_editor": editor,
            "pdf_status": status,
            "for_print": False,
        },
    )


def brief_pdf(request: HttpRequest, region: str, audience: str, lang: str) -> HttpResponse:
    """Serve the stored PDF; when it is missing or stale, queue a render and say so."""
    parsed = _parse_or_404(region, audience, lang)
    brief = services.brief_get_or_create(region=parsed, audience=audience, language=lang)
    status = services.brief_pdf_request(brief=brief)
    brief = status.brief
    want_previous = request.GET.get("tidigare") == "1"
    if status.state == services.PdfState.READY or (want_previous and brief.pdf):
        filename = f"verkstad-{_('brief')}-{parsed.code}-{audience}-{lang}.pdf"
        brief_download_record(
            request=request, brief=brief, region=parsed.code, audience=audience, kind="pdf"
        )
        return FileResponse(
            brief.pdf.open("rb"),
            content_type="application/pdf",
            as_attachment=True,
            filename=filename,
        )
    return render(
        request,
        "briefs/brief_pdf_wait.html",
        {
            "brief": brief,
            "region": parsed,
            "audience": audience,
            "lang": lang,
            "status": status,
            "is_editor": user_can(request.user, Capability.EDIT_CONTENT),
        },
    )


@capability_required(Capability.EDIT_CONTENT)
def brief_edit(request: HttpRequest, region: str, audience: str, lang: str) -> HttpResponse:
    """Editors add an introduction and link the dialogues held for the region."""
    parsed = _parse_or_404(region, audience, lang)
    brief = services.brief_get_or_create(region=parsed, audience=audience, language=lang)
    if request.method == "POST":
        form = BriefEditForm(request.POST, instance=brief)
        if form.is_valid():
            brief = form.save(commit=False)
            if brief.created_by is None:
                brief.created_by = request.user
            brief.save()
            form.save_m2m()
            services.brief_pdf_request(brief=brief)
            messages.success(request, _("The brief was saved. Its PDF is being made again."))
            return redirect(brief.get_absolute_url())
    else:
        form = BriefEditForm(instance=brief)
    status = services.brief_pdf_status(brief=brief)
    return render(
        request,
        "briefs/brief_edit.html",
        {"form": form, "brief": brief, "region": parsed, "pdf_status": status},
    )
