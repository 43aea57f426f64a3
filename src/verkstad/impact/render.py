"""The funder report as a whole HTML document and as a tagged PDF (WeasyPrint).

Uses the briefs app's PDF settings (PDF/UA-1, the translated "page X of Y" footer) and
its own small stylesheet, ``impact/report.css``; fonts are the system's DejaVu, embedded.
"""

from __future__ import annotations

from pathlib import Path

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language

from verkstad.briefs.render import PDF_VARIANT, _page_css
from verkstad.impact.export import codebook_codes, codebook_columns
from verkstad.impact.report import ImpactReport

CSS_PATH = Path(__file__).resolve().parent / "static" / "impact" / "report.css"


def report_document_html(*, report: ImpactReport) -> str:
    return render_to_string(
        "impact/report_document.html",
        {
            "report": report,
            "made_at": timezone.now(),
            "codebook_columns": codebook_columns(),
            "codebook_codes": codebook_codes(),
            "for_print": True,
            "language": (get_language() or "sv")[:2],
        },
    )


def report_pdf(*, report: ImpactReport) -> bytes:
    from weasyprint import CSS, HTML

    language = (get_language() or "sv")[:2]
    document = HTML(string=report_document_html(report=report), base_url=str(CSS_PATH.parent))
    return document.write_pdf(
        stylesheets=[CSS(filename=str(CSS_PATH)), CSS(string=_page_css(language))],
        pdf_variant=PDF_VARIANT,
        pdf_tags=True,
    )
