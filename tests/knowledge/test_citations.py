"""The citation writers on their own: BibTeX, RIS and CSL-JSON parsed back by real parsers."""

from __future__ import annotations

import json
from types import SimpleNamespace

import bibtexparser
import rispy
from bibtexparser.bparser import BibTexParser
from bibtexparser.customization import convert_to_unicode

from verkstad.knowledge.citations import (
    BIBTEX_TYPES,
    CSL_TYPES,
    RIS_TYPES,
    bibtex,
    bibtex_escape,
    csl_json,
    date_parts,
    page_range,
    ris,
    split_name,
)
from verkstad.knowledge.models import PublicationType

#: The item types of CSL 1.0.2 (csl-data.json), for checking what we write.
CSL_ITEM_TYPES = {
    "article", "article-journal", "article-magazine", "article-newspaper", "bill", "book",
    "broadcast", "chapter", "classic", "collection", "dataset", "document", "entry",
    "entry-dictionary", "entry-encyclopedia", "event", "figure", "graphic", "hearing",
    "interview", "legal_case", "legislation", "manuscript", "map", "motion_picture",
    "musical_score", "pamphlet", "paper-conference", "patent", "performance", "periodical",
    "personal_communication", "post", "post-weblog", "regulation", "report", "review",
    "review-book", "software", "song", "speech", "standard", "thesis", "treaty", "webpage",
}  # fmt: skip


def source(**overrides: object) -> SimpleNamespace:
    fields = {
        "slug": "johansson-2020",
        "publication_type": "article",
        "authors": ["Johansson, Janet", "Asztalos Morell, Ildikó"],
        "corporate_author": "",
        "year": 2020,
        "date": "",
        "title": "Gendering the digitalized metal industry",
        "container": "Gender, Work & Organization",
        "volume": "27",
        "issue": "6",
        "pages": "1321–1345",
        "report_number": "",
        "publisher": "",
        "doi": "10.1111/gwao.12489",
        "urn": "",
        "isbn": "",
        "url": "https://doi.org/10.1111/gwao.12489",
        "language": "en",
    }
    return SimpleNamespace(**{**fields, **overrides})


def parse_bibtex(text: str) -> list[dict[str, str]]:
    parser = BibTexParser(common_strings=True)
    parser.customization = convert_to_unicode
    return bibtexparser.loads(text, parser=parser).entries


def test_names_dates_and_pages_are_split():
    assert split_name("Asztalos Morell, Ildikó") == ("Asztalos Morell", "Ildikó")
    assert split_name("Mälardalens universitet") is None
    assert date_parts(source(date="2020-01-30")) == [2020, 1, 30]
    assert date_parts(source(date="", year=2017)) == [2017]
    assert date_parts(source(date="", year=None)) == []
    assert page_range("1321–1345") == ("1321", "1345")
    assert page_range("12") == ("12", "")


def test_bibtex_escapes_latex_specials():
    assert bibtex_escape("A & B 50% $1 #2 a_b {x}") == r"A \& B 50\% \$1 \#2 a\_b \{x\}"


def test_a_journal_article_round_trips_through_bibtexparser():
    entries = parse_bibtex(bibtex([source()], abstracts={"johansson-2020": "Om kön."}))
    assert len(entries) == 1
    entry = entries[0]
    assert entry["ID"] == "johansson-2020"
    assert entry["ENTRYTYPE"] == "article"
    assert entry["author"] == "Johansson, Janet and Asztalos Morell, Ildikó"
    assert entry["title"].strip("{}") == "Gendering the digitalized metal industry"
    assert entry["journal"] == "Gender, Work & Organization"
    assert (entry["volume"], entry["number"], entry["year"]) == ("27", "6", "2020")
    assert entry["pages"] in ("1321--1345", "1321–1345")
    assert entry["doi"] == "10.1111/gwao.12489"
    assert entry["abstract"] == "Om kön."


def test_reports_theses_and_corporate_authors_get_the_right_bibtex_fields():
    report = source(
        slug="rapport",
        publication_type="report",
        authors=[],
        corporate_author="Mälardalens universitet",
        container="Studies in Social Sciences",
        volume="",
        issue="",
        pages="",
        report_number="Arbetsrapport 2017:6",
        publisher="Mälardalens högskola",
        doi="",
    )
    thesis = source(
        slug="avhandling",
        publication_type="thesis",
        publisher="Mälardalen University Press",
        isbn="978-91-7485-380-3",
        volume="",
        issue="",
        pages="",
        doi="",
    )
    entries = {e["ID"]: e for e in parse_bibtex(bibtex([report, thesis]))}
    assert entries["rapport"]["ENTRYTYPE"] == "techreport"
    assert entries["rapport"]["institution"] == "Mälardalens högskola"
    assert entries["rapport"]["number"] == "Arbetsrapport 2017:6"
    assert entries["rapport"]["author"].strip("{}") == "Mälardalens universitet"
    assert entries["avhandling"]["ENTRYTYPE"] == "phdthesis"
    assert entries["avhandling"]["school"] == "Mälardalen University Press"
    assert entries["avhandling"]["isbn"] == "978-91-7485-380-3"


def test_ris_round_trips_through_rispy():
    text = ris([source(), source(slug="b", publication_type="news", date="2020-01-30")])
    assert text.startswith("TY  - JOUR\r\n")
    records = rispy.loads(text)
    assert [r["type_of_reference"] for r in records] == ["JOUR", "NEWS"]
    first = records[0]
    assert first["authors"] == ["Johansson, Janet", "Asztalos Morell, Ildikó"]
    assert first["title"] == "Gendering the digitalized metal industry"
    assert first["secondary_title"] == "Gender, Work & Organization"
    assert (first["volume"], first["number"]) == ("27", "6")
    assert (first["start_page"], first["end_page"]) == ("1321", "1345")
    assert first["doi"] == "10.1111/gwao.12489"
    assert records[1]["date"] == "2020/01/30"


def test_ris_keeps_every_value_on_one_line():
    records = rispy.loads(ris([source(title="Two\nlines")], abstracts={"johansson-2020": "a\nb"}))
    assert records[0]["title"] == "Two lines"
    assert records[0]["abstract"] == "a b"


def test_csl_json_has_the_required_fields_and_types():
    items = json.loads(csl_json([source(), source(slug="x", authors=["Mörndal"], date="2018")]))
    assert isinstance(items, list) and len(items) == 2
    for item in items:
        assert isinstance(item["id"], str) and item["id"]
        assert item["type"] in CSL_ITEM_TYPES
        assert isinstance(item["title"], str)
        for name in item.get("author", []):
            assert set(name) <= {"family", "given", "literal"}
            assert "family" in name or "literal" in name
        parts = item["issued"]["date-parts"]
        assert all(isinstance(p, int) for p in parts[0])
    first, second = items
    assert first["author"][1] == {"family": "Asztalos Morell", "given": "Ildikó"}
    assert first["container-title"] == "Gender, Work & Organization"
    assert first["page"] == "1321-1345"
    assert first["DOI"] == "10.1111/gwao.12489"
    assert second["author"] == [{"literal": "Mörndal"}]
    assert second["issued"] == {"date-parts": [[2018]]}


def test_every_publication_type_has_a_type_in_each_format():
    for types in (CSL_TYPES, BIBTEX_TYPES, RIS_TYPES):
        assert set(types) == set(PublicationType.values)
    assert set(CSL_TYPES.values()) <= CSL_ITEM_TYPES
