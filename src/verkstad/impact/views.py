"""Impact pages for editors: the dashboard, the funder report (HTML, CSV, PDF) and the
knowledge-use records."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from verkstad.accounts.permissions import Capability, capability_required
from verkstad.impact import export, services
from verkstad.impact import render as impact_render
from verkstad.impact.forms import KnowledgeUseForm, PeriodForm, period_form
from verkstad.impact.models import KnowledgeUse
from verkstad.impact.periods import Period
from verkstad.impact.report import impact_report

guard = capability_required(Capability.VIEW_IMPACT)


def _period(request: HttpRequest) -> tuple[PeriodForm, Period | None]:
    form = period_form(request.GET)
    return form, (form.period() if form.is_valid() else None)


def _query(period: Period) -> str:
    return urlencode({"fran": period.start.isoformat(), "till": period.end.isoformat()})


def _context(form: PeriodForm, period: Period | None) -> dict:
    context: dict = {"form": form, "period": period, "report": None}
    if period is not None:
        context["report"] = impact_report(period=period)
        context["query"] = _query(period)
        context["codebook_columns"] = export.codebook_columns()
        context["codebook_codes"] = export.codebook_codes()
    return context


@guard
def dashboard(request: HttpRequest) -> HttpResponse:
    form, period = _period(request)
    status = 200 if period is not None else 400
    return render(request, "impact/dashboard.html", _context(form, period), status=status)


@guard
def report_html(request: HttpRequest) -> HttpResponse:
    """The funder report as a page (what the PDF holds), with the codebook."""
    form, period = _period(request)
    status = 200 if period is not None else 400
    return render(request, "impact/report.html", _context(form, period), status=status)


def _invalid(request: HttpRequest, form: PeriodForm) -> HttpResponse:
    return render(request, "impact/report.html", _context(form, None), status=400)


@guard
def report_csv(request: HttpRequest) -> HttpResponse:
    form, period = _period(request)
    if period is None:
        return _invalid(request, form)
    body = export.report_csv(impact_report(period=period))
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    name = f"verkstad-{_('impact')}-{period.start.isoformat()}-{period.end.isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@guard
def report_pdf(request: HttpRequest) -> HttpResponse:
    form, period = _period(request)
    if period is None:
        return _invalid(request, form)
    data = impact_render.report_pdf(report=impact_report(period=period))
    response = HttpResponse(data, content_type="application/pdf")
    name = f"verkstad-{_('impact')}-{period.start.isoformat()}-{period.end.isoformat()}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@guard
def use_list(request: HttpRequest) -> HttpResponse:
    """The records editors made: citations in plans and decisions, commitments."""
    uses = (
        KnowledgeUse.objects.filter(automatic=False)
        .select_related("finding")
        .order_by("-day", "-pk")[:500]
    )
    return render(request, "impact/use_list.html", {"uses": uses})


@guard
def use_create(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = KnowledgeUseForm(request.POST)
        if form.is_valid():
            services.knowledge_use_create(use=form.save(commit=False), recorded_by=request.user)
            messages.success(request, _("The record was saved."))
            return redirect(reverse("impact:use_list"))
    else:
        form = KnowledgeUseForm(initial={"finding": request.GET.get("fynd") or None})
    return render(request, "impact/use_form.html", {"form": form})
