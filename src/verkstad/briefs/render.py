"""Render a brief's content: HTML (the page's body, or a whole document) and PDF.

The PDF is WeasyPrint over the same body template as the page, with ``briefs.css`` (its
``@media print`` and ``@page`` rules) and a small generated stylesheet that carries the
page-number label in the brief's language. Fonts are Debian's DejaVu (fonts-dejavu-core),
found through fontconfig and embedded as subsets; nothing is fetched.
"""

from __future__ import annotations

import logging
from pathlib import Path

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from verkstad.briefs.assemble import BriefContent

CSS_PATH = Path(__file__).resolve().parent.parent / "static" / "verkstad" / "css" / "briefs.css"

# WeasyPrint logs every layout step at INFO; keep its warnings and errors only.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

#: PDF/UA-1 (tagged, with a structure tree and document language), where WeasyPrint has it.
PDF_VARIANT = "pdf/ua-1"


def _page_css(language: str) -> str:
    """The footer's "page X of Y" in the brief's language ("sida X av Y" in Swedish)."""
    with translation.override(language):
        label = _("page %(page)s of %(pages)s")
    parts = [part.replace('"', "").replace("\\", "") for part in label.split("%(")]
    content = []
    for index, part in enumerate(parts):
        if index:
            name, _sep, part = part.partition(")s")
            content.append(f"counter({'pages' if name == 'pages' else 'page'})")
        if part:
            content.append(f'"{part}"')
    return "@page { @bottom-right { content: " + " ".join(content) + "; } }"


def brief_document_html(*, content: BriefContent, embed_css: bool = False) -> str:
    """The brief as a whole HTML document (for WeasyPrint, or ``verkstad brief --html``).

    ``embed_css`` puts the stylesheet into the file so it reads on its own; served pages
    never do this (they link ``briefs.css``: the CSP allows no inline style).
    """
    with translation.override(content.language):
        html = render_to_string(
            "briefs/brief_document.html",
            {"content": content, "made_at": timezone.now(), "for_print": True},
        )
    if embed_css:
        css = CSS_PATH.read_text(encoding="utf-8") + "\n" + _page_css(content.language)
        html = html.replace("</head>", f"<style>\n{css}\n</style>\n</head>", 1)
    return html


def brief_pdf(*, content: BriefContent) -> bytes:
    """The brief as a tagged PDF (PDF/UA-1), A4, with page numbers and bookmarks."""
    from weasyprint import CSS, HTML

    html = brief_document_html(content=content)
    document = HTML(string=html, base_url=str(CSS_PATH.parent))
    return document.write_pdf(
        stylesheets=[CSS(filename=str(CSS_PATH)), CSS(string=_page_css(content.language))],
        pdf_variant=PDF_VARIANT,
        pdf_tags=True,
    )
