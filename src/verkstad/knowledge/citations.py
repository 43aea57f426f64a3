"""Citation export: sources as BibTeX, RIS and CSL-JSON.

Plain functions over any object with a :class:`~verkstad.knowledge.models.Source`'s
fields; no database access and no settings needed. The abstract written into each
record is the caller's choice of language (``abstract``); everything else is the
publication's own data.

Authors are stored as published, ``"Family, Given"``; a name without a comma (and a
corporate author) is written as one literal name.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol


class CitableSource(Protocol):
    slug: str
    publication_type: str
    authors: list[str]
    corporate_author: str
    year: int | None
    date: str
    title: str
    container: str
    volume: str
    issue: str
    pages: str
    report_number: str
    publisher: str
    doi: str
    urn: str
    isbn: str
    url: str
    language: str


@dataclass(frozen=True)
class CitationFormat:
    """One export format: file extension, media type and writer."""

    key: str
    label: str
    extension: str
    content_type: str


FORMATS: dict[str, CitationFormat] = {
    "bib": CitationFormat("bib", "BibTeX", "bib", "application/x-bibtex; charset=utf-8"),
    "ris": CitationFormat(
        "ris", "RIS", "ris", "application/x-research-info-systems; charset=utf-8"
    ),
    "json": CitationFormat(
        "json", "CSL-JSON", "json", "application/vnd.citationstyles.csl+json; charset=utf-8"
    ),
}

BIBTEX_TYPES = {
    "article": "article",
    "report": "techreport",
    "thesis": "phdthesis",
    "webpage": "misc",
    "news": "article",
}
RIS_TYPES = {
    "article": "JOUR",
    "report": "RPRT",
    "thesis": "THES",
    "webpage": "ELEC",
    "news": "NEWS",
}
CSL_TYPES = {
    "article": "article-journal",
    "report": "report",
    "thesis": "thesis",
    "webpage": "webpage",
    "news": "article-newspaper",
}
LANGUAGE_NAMES = {"sv": "swedish", "en": "english"}


def split_name(name: str) -> tuple[str, str] | None:
    """``"Asztalos Morell, Ildikó"`` → ``("Asztalos Morell", "Ildikó")``; None if no comma."""
    if "," not in name:
        return None
    family, given = name.split(",", 1)
    return family.strip(), given.strip()


def date_parts(source: CitableSource) -> list[int]:
    """Year, month, day as far as known: from ``date`` (YYYY[-MM[-DD]]) or ``year``."""
    if source.date and re.fullmatch(r"\d{4}(-\d{2}){0,2}", source.date):
        return [int(part) for part in source.date.split("-")]
    return [source.year] if source.year else []


def page_range(pages: str) -> tuple[str, str]:
    """``"1321–1345"`` → ``("1321", "1345")``; a single page gives ``(page, "")``."""
    parts = re.split(r"\s*[–—-]+\s*", pages.strip(), maxsplit=1)
    return (parts[0], parts[1]) if len(parts) == 2 else (parts[0], "")


# --- BibTeX ---------------------------------------------------------------------------

_BIBTEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


def bibtex_escape(value: str) -> str:
    return "".join(_BIBTEX_SPECIAL.get(char, char) for char in value)


def bibtex_entry(source: CitableSource, *, abstract: str = "") -> str:
    kind = source.publication_type
    fields: list[tuple[str, str]] = []
    if source.authors:
        fields.append(("author", " and ".join(bibtex_escape(a) for a in source.authors)))
    elif source.corporate_author:
        fields.append(("author", "{" + bibtex_escape(source.corporate_author) + "}"))
    # Double braces keep the title's capitals (Swedish titles, acronyms such as DAO).
    fields.append(("title", "{" + bibtex_escape(source.title) + "}"))
    parts = date_parts(source)
    if parts:
        fields.append(("year", str(parts[0])))
    if source.date:
        fields.append(("date", source.date))
    if kind in ("article", "news") and source.container:
        fields.append(("journal", bibtex_escape(source.container)))
    elif kind == "webpage" and source.container:
        fields.append(("howpublished", bibtex_escape(source.container)))
    elif source.container:
        fields.append(("series", bibtex_escape(source.container)))
    if source.volume:
        fields.append(("volume", bibtex_escape(source.volume)))
    if source.issue:
        fields.append(("number", bibtex_escape(source.issue)))
    elif source.report_number:
        fields.append(("number", bibtex_escape(source.report_number)))
    if source.pages:
        first, last = page_range(source.pages)
        fields.append(("pages", f"{first}--{last}" if last else first))
    if source.publisher:
        name = {"report": "institution", "thesis": "school"}.get(kind, "publisher")
        fields.append((name, bibtex_escape(source.publisher)))
    if source.isbn:
        fields.append(("isbn", source.isbn))
    if source.doi:
        fields.append(("doi", source.doi))
    if source.url:
        fields.append(("url", source.url))
    if source.urn:
        fields.append(("note", "URN: " + bibtex_escape(source.urn)))
    if source.language in LANGUAGE_NAMES:
        fields.append(("langid", LANGUAGE_NAMES[source.language]))
    if abstract:
        fields.append(("abstract", bibtex_escape(abstract)))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@{BIBTEX_TYPES[kind]}{{{source.slug},\n{body}\n}}\n"


def bibtex(sources: Iterable[CitableSource], *, abstracts: dict[str, str] | None = None) -> str:
    abstracts = abstracts or {}
    return "\n".join(bibtex_entry(s, abstract=abstracts.get(s.slug, "")) for s in sources)


# --- RIS ------------------------------------------------------------------------------


def _ris_clean(value: str) -> str:
    """One line per tag: RIS has no escaping, so line breaks become spaces."""
    return " ".join(value.split())


def ris_record(source: CitableSource, *, abstract: str = "") -> str:
    kind = source.publication_type
    lines: list[tuple[str, str]] = [("TY", RIS_TYPES[kind])]
    for author in source.authors or ([source.corporate_author] if source.corporate_author else []):
        lines.append(("AU", author))
    lines.append(("TI", source.title))
    if source.container:
        lines.append(("T3" if kind in ("report", "thesis") else "T2", source.container))
    parts = date_parts(source)
    if parts:
        lines.append(("PY", str(parts[0])))
    if len(parts) > 1:
        padded = [f"{p:02d}" for p in parts[1:]] + [""] * (3 - len(parts))
        lines.append(("DA", "/".join([str(parts[0]), *padded])))
    if source.volume:
        lines.append(("VL", source.volume))
    if source.issue:
        lines.append(("IS", source.issue))
    if source.pages:
        first, last = page_range(source.pages)
        lines.append(("SP", first))
        if last:
            lines.append(("EP", last))
    if source.publisher:
        lines.append(("PB", source.publisher))
    if source.isbn:
        lines.append(("SN", source.isbn))
    if source.report_number:
        lines.append(("M1", source.report_number))
    if source.doi:
        lines.append(("DO", source.doi))
    if source.url:
        lines.append(("UR", source.url))
    if source.urn:
        lines.append(("N1", "URN: " + source.urn))
    if source.language:
        lines.append(("LA", source.language))
    if abstract:
        lines.append(("AB", abstract))
    lines.append(("ER", ""))
    return "".join(f"{tag}  - {_ris_clean(value)}\r\n" for tag, value in lines)


def ris(sources: Iterable[CitableSource], *, abstracts: dict[str, str] | None = None) -> str:
    abstracts = abstracts or {}
    return "\r\n".join(ris_record(s, abstract=abstracts.get(s.slug, "")) for s in sources)


# --- CSL-JSON -------------------------------------------------------------------------


def csl_item(source: CitableSource, *, abstract: str = "") -> dict[str, object]:
    kind = source.publication_type
    item: dict[str, object] = {"id": source.slug, "type": CSL_TYPES[kind], "title": source.title}
    names: list[dict[str, str]] = []
    for author in source.authors:
        split = split_name(author)
        names.append({"family": split[0], "given": split[1]} if split else {"literal": author})
    if not names and source.corporate_author:
        names.append({"literal": source.corporate_author})
    if names:
        item["author"] = names
    parts = date_parts(source)
    if parts:
        item["issued"] = {"date-parts": [parts]}
    if source.container:
        key = "collection-title" if kind in ("report", "thesis") else "container-title"
        item[key] = source.container
    if source.volume:
        item["volume"] = source.volume
    if source.issue:
        item["issue"] = source.issue
    if source.pages:
        first, last = page_range(source.pages)
        item["page"] = f"{first}-{last}" if last else first
    if source.report_number:
        item["collection-number" if kind == "thesis" else "number"] = source.report_number
    if kind == "thesis":
        item["genre"] = "Doctoral thesis"
    if source.publisher:
        item["publisher"] = source.publisher
    if source.isbn:
        item["ISBN"] = source.isbn
    if source.doi:
        item["DOI"] = source.doi
    if source.url:
        item["URL"] = source.url
    if source.urn:
        item["note"] = "URN: " + source.urn
    if source.language:
        item["language"] = source.language
    if abstract:
        item["abstract"] = abstract
    return item


def csl_json(sources: Iterable[CitableSource], *, abstracts: dict[str, str] | None = None) -> str:
    abstracts = abstracts or {}
    items = [csl_item(s, abstract=abstracts.get(s.slug, "")) for s in sources]
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


WRITERS = {"bib": bibtex, "ris": ris, "json": csl_json}


def citation_export(
    sources: Iterable[CitableSource], *, fmt: str, abstracts: dict[str, str] | None = None
) -> str:
    """All ``sources`` in one file of format ``fmt`` (a key of :data:`FORMATS`)."""
    return WRITERS[fmt](list(sources), abstracts=abstracts)
