"""load_content: validation with file:line, one transaction, idempotence, conflicts."""

from __future__ import annotations

import filecmp
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tests.knowledge.conftest import CONTENT, edit
from verkstad.knowledge.dumper import content_dump
from verkstad.knowledge.loader import content_load
from verkstad.knowledge.models import (
    BigQuestion,
    ContextFact,
    EditorialStatus,
    Finding,
    Recommendation,
    Revision,
    Source,
    Theme,
)
from verkstad.knowledge.revisions import revision_diff, revision_list

F1 = "findings/01-digitalisering-ar-en-komplex-process.md"
F2 = "findings/02-organisationsutveckling-parallellt.md"


def _files(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}


def test_the_whole_dossier_loads(db):
    report = content_load(path=CONTENT)
    assert report.ok, [str(e) for e in report.errors]
    assert Finding.objects.count() == 30
    assert Source.objects.filter(code__startswith="P").count() == 9
    assert set(Source.objects.exclude(code__startswith="P").values_list("code", flat=True)) == {
        "A",
        "K",
        "M",
    }
    assert Recommendation.objects.count() == 8
    assert ContextFact.objects.count() == 20
    assert BigQuestion.objects.count() == 4
    assert all(q.seed_statements.count() == 4 for q in BigQuestion.objects.all())
    assert Theme.objects.count() == 10
    assert not report.warnings, [str(w) for w in report.warnings]


def test_every_published_finding_has_a_source_and_both_languages(loaded):
    for finding in Finding.objects.published():
        assert finding.citations.exists(), finding.slug
        for field in ("title", "claim", "summary", "strength_reason"):
            assert getattr(finding, f"{field}_sv") and getattr(finding, f"{field}_en"), field
        for audience in finding.audiences.all():
            assert audience.text_sv and audience.text_en
        assert finding.summary_lix is not None and finding.summary_lix <= 40


def test_round_trip_files_to_database_to_files_changes_nothing(loaded, tmp_path):
    out = tmp_path / "dumped"
    content_dump(path=out)
    assert _files(out) == _files(CONTENT)
    for name in _files(CONTENT):
        assert filecmp.cmp(CONTENT / name, out / name, shallow=False), name


def test_loading_twice_changes_nothing(loaded):
    revisions = Revision.objects.count()
    report = content_load(path=CONTENT)
    assert report.created == [] and report.updated == [] and report.conflicts == []
    assert len(report.unchanged) == 30 + 9 + 3 + 8 + 20 + 4 + 10
    assert Revision.objects.count() == revisions


def test_a_changed_file_updates_its_row_and_records_a_revision(loaded, content_copy):
    edit(content_copy / F1, "en: Technology and organisation cannot be separated", "en: Changed")
    report = content_load(path=content_copy)
    assert report.updated == ["finding digitalisering-ar-en-komplex-process"]
    finding = Finding.objects.get(number=1)
    assert finding.title_en == "Changed"
    revisions = revision_list(obj=finding)
    assert [r.origin for r in revisions] == ["loader", "loader"]
    diff = revision_diff(older=revisions[1], newer=revisions[0])
    assert '-    "en": "Technology and organisation cannot be separated",' in diff
    assert '+    "en": "Changed",' in diff


@pytest.mark.parametrize(
    "file,old,new,message",
    [
        (
            F1,
            "en: Technology and organisation cannot be separated",
            "en: ''",
            "'title' has no English text (en)",
        ),
        (
            F1,
            "- source: automationregion-2020",
            "- source: no-such-source",
            "unknown source 'no-such-source'",
        ),
        (F1, "evidence_strength: 3", "evidence_strength: 6", "evidence_strength"),
        (F1, "verification: verified", "verification: maybe", "verification"),
        (F1, "- teknik-och-organisation", "- no-such-theme", "unknown theme 'no-such-theme'"),
        (
            F1,
            "status: published",
            "status: published\nssyk_codes:\n- '9999'",
            "9999 is not in SSYK 2012",
        ),
        (F1, "  arbetsgivare:", "  chefer:", "unknown actor type 'chefer'"),
        (F1, "number: 1\n", "number: 1\nwhatever: x\n", "unknown key 'whatever'"),
        (
            F2,
            "slug: organisationsutveckling-parallellt",
            "slug: digitalisering-ar-en-komplex-process",
            "duplicate finding slug",
        ),
        (
            "sources.yaml",
            "  code: P7\n",
            "  code: P7\n  year: '2019'\n",
            "'year' must be a whole number",
        ),
        (
            "sources.yaml",
            "  title: Gendering",
            "  year: 2021\n  title: Gendering",
            "the key 'year' appears twice",
        ),
        (
            "questions.yaml",
            "  finding: kvinnor-som-digitala-stalarbetare",
            "  finding: nope",
            "unknown finding 'nope'",
        ),
    ],
)
def test_each_error_names_file_and_line_and_nothing_is_written(
    db, content_copy, file, old, new, message
):
    line = edit(content_copy / file, old, new)
    report = content_load(path=content_copy)
    matching = [e for e in report.errors if message in e.message]
    assert matching, [str(e) for e in report.errors]
    error = matching[0]
    assert error.path == str(content_copy / file)
    assert abs(error.line - line) <= 1, (str(error), line)
    assert str(error).startswith(f"{content_copy / file}:{error.line}: ")
    assert Finding.objects.count() == 0 and Source.objects.count() == 0


def test_a_missing_english_summary_is_an_error_on_its_line(db, content_copy):
    text = (content_copy / F1).read_text()
    head, _sep, _tail = text.partition("## English")
    (content_copy / F1).write_text(head + "## English\n\n")
    report = content_load(path=content_copy)
    assert [str(e) for e in report.errors] == [
        f"{content_copy / F1}:{head.count(chr(10)) + 1}: "
        "the plain summary under '## English' is missing or empty"
    ]


def test_a_finding_without_sources_is_refused(db, content_copy):
    text = (content_copy / F1).read_text()
    text = text.replace(
        "sources:\n- source: automationregion-2020\n- source: mdu-projektsidor\n", ""
    )
    (content_copy / F1).write_text(text)
    report = content_load(path=content_copy)
    assert any("cites at least one source" in e.message for e in report.errors)


def test_a_yaml_syntax_error_names_its_line(db, content_copy):
    line = edit(content_copy / "themes.yaml", "- slug: kultur", "- slug: [kultur")
    report = content_load(path=content_copy)
    assert len(report.errors) == 1
    assert report.errors[0].path.endswith("themes.yaml")
    assert report.errors[0].line in (line, line + 1)


def test_a_hard_summary_gives_a_lix_warning(db, content_copy):
    line = edit(
        content_copy / F1,
        "Digitalisering är inte bara teknik. Det handlar också om hur arbetet är ordnat. "
        "De två delarna hänger ihop. Man kan inte ta hand om den ena och vänta med den andra.",
        "Digitaliseringsprocessernas organisationsförändringar förutsätter omfattande "
        "kompetensutvecklingsinsatser och strategiska prioriteringar.",
    )
    report = content_load(path=content_copy, dry_run=True)
    assert report.ok
    assert [w.line for w in report.warnings] == [line]
    assert "LIX" in report.warnings[0].message


def test_dry_run_writes_nothing(db):
    report = content_load(path=CONTENT, dry_run=True)
    assert report.ok and len(report.created) > 0
    assert Finding.objects.count() == 0 and Revision.objects.count() == 0


def test_an_admin_change_is_not_overwritten_but_reported(loaded, content_copy):
    finding = Finding.objects.get(number=1)
    finding.title_sv = "Ändrad av redaktören"
    finding.save()
    edit(content_copy / F1, "sv: Teknik och organisation går inte att skilja åt", "sv: Från filen")
    report = content_load(path=content_copy)
    assert len(report.conflicts) == 1
    assert report.conflicts[0].startswith(f"{content_copy / F1}:1: finding digitalisering")
    finding.refresh_from_db()
    assert finding.title_sv == "Ändrad av redaktören"

    forced = content_load(path=content_copy, force=True)
    assert forced.forced == ["finding digitalisering-ar-en-komplex-process"]
    finding.refresh_from_db()
    assert finding.title_sv == "Från filen"


def test_an_admin_change_that_matches_the_file_is_no_conflict(loaded, content_copy):
    finding = Finding.objects.get(number=1)
    finding.status = EditorialStatus.REVIEW
    finding.save()
    edit(content_copy / F1, "status: published", "status: review")
    report = content_load(path=content_copy)
    assert report.conflicts == [] and report.updated == []


def test_the_commands_load_and_dump(db, tmp_path):
    out = StringIO()
    call_command("load_content", "--path", str(CONTENT), stdout=out)
    assert "Wrote 84 new and 0 changed row(s)" in out.getvalue()
    call_command("dump_content", "--path", str(tmp_path / "d"), stdout=out)
    assert (tmp_path / "d" / F1).read_text() == (CONTENT / F1).read_text()


def test_the_command_prints_errors_and_fails(db, content_copy):
    edit(content_copy / F1, "- source: automationregion-2020", "- source: nope")
    err = StringIO()
    with pytest.raises(CommandError, match="nothing was written"):
        call_command("load_content", "--path", str(content_copy), stderr=err)
    assert f"{content_copy / F1}:" in err.getvalue()
    assert "unknown source 'nope'" in err.getvalue()
