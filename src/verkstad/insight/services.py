"""Writes: importing the bundled open data and recomputing the derived tables.

``labour_data_import`` reads each data set's files with the pure parsers in
``verkstad.insight.parsers`` first; only when every file of a data set parses does it
write, in one transaction per data set (upserts keyed on natural keys, then the rows the
files no longer hold are deleted). A data set whose files are unchanged since the last
import (same SHA-256) is skipped unless ``force``. After any import the derived tables
(exposure per SSYK group, region summaries, transitions) are recomputed in one more
transaction.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from verkstad.insight import compute
from verkstad.insight.datasets import DATASETS, DATASETS_BY_SLUG, DataSetSpec
from verkstad.insight.models import (
    Classification,
    DataSet,
    Employment,
    EscoOccupation,
    EscoOccupationSkill,
    EscoSkill,
    ExposureIndex,
    ExposureScore,
    IscoGroup,
    NestaOccupation,
    OccupationExposure,
    OccupationName,
    Region,
    RegionKind,
    RegionMajorGroup,
    RegionYear,
    SeriesBreak,
    SsykGroup,
    SsykIscoLink,
    Substitutability,
    Transition,
)
from verkstad.insight.parsers import crosswalk, esco, exposure, jobtech, scb
from verkstad.insight.parsers.common import ParseError, file_sha256
from verkstad.insight.reference import (
    COUNTRY_CODE,
    COUNTY_NAMES_SV,
    METAL_AND_STEEL_SSYK,
    SCB_SERIES_BREAK,
    SCB_SERIES_BREAK_NOTE_EN,
    SCB_SERIES_BREAK_NOTE_SV,
)
from verkstad.knowledge.codes import shared_data_dir

BATCH = 2000
ILO_YEAR = 2025
NESTA_YEAR = 2020


class LabourDataError(Exception):
    """An import could not run; the message names the file or the missing data set."""


@dataclass
class DataSetResult:
    slug: str
    status: str  # "imported", "unchanged", "would import"
    rows: dict[str, int] = field(default_factory=dict)


@dataclass
class ImportReport:
    dry_run: bool
    results: list[DataSetResult] = field(default_factory=list)
    derived: dict[str, int] = field(default_factory=dict)

    def lines(self) -> list[str]:
        out = []
        for result in self.results:
            counts = ", ".join(f"{n:,} {name}" for name, n in result.rows.items())
            out.append(f"{result.slug}: {result.status}" + (f" ({counts})" if counts else ""))
        if self.derived:
            counts = ", ".join(f"{n:,} {name}" for name, n in self.derived.items())
            out.append(f"derived tables: recomputed ({counts})")
        return out


# --- helpers ---------------------------------------------------------------------------


def _licence_text(folder: Path) -> str:
    """The licence paragraph of a folder's SOURCE.md (the attribution users must see)."""
    path = folder / "SOURCE.md"
    if not path.is_file():
        raise LabourDataError(f"{path}: the file is missing (it holds the licence terms).")
    text = path.read_text(encoding="utf-8")
    match = re.search(r"^\*\*Licence[^\n]*(?:\n(?!\n|\*\*).*)*", text, flags=re.MULTILINE)
    return " ".join(match.group(0).split()) if match else ""


def _file_hashes(spec: DataSetSpec, folder: Path) -> dict[str, str]:
    return {name: file_sha256(folder / name) for name in spec.files}


#: Field types whose Python values the database drivers take as they are.
_PLAIN_FIELDS = (
    models.CharField, models.TextField, models.IntegerField, models.FloatField,
    models.BooleanField, models.ForeignKey,
)  # fmt: skip


def _upsert(
    model: type[models.Model], objs: list[models.Model], *, key: list[str], update: list[str]
) -> None:
    """Insert or update ``objs`` in batches (``INSERT … ON CONFLICT (key) DO UPDATE``).

    ``key`` names the unique fields (foreign keys by field name, e.g. ``region``);
    ``update`` the fields a re-import may change (``dataset`` is always among them).

    The same statement ``bulk_create(update_conflicts=True)`` writes, sent with
    ``executemany``: compiling the SQL for every batch of model instances took most of
    the import's time (``docs/benchmarks.md``). SQLite ≥ 3.24 and PostgreSQL both read it.
    """
    opts = model._meta
    fields = [f for f in opts.concrete_fields if not f.auto_created]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    conflict = ", ".join(quote(opts.get_field(name).column) for name in key)
    changes = ", ".join(
        f"{quote(column)} = EXCLUDED.{quote(column)}"
        for column in (opts.get_field(name).column for name in [*update, "dataset"])
    )
    sql = (
        f"INSERT INTO {quote(opts.db_table)} ({columns}) "
        f"VALUES ({', '.join(['%s'] * len(fields))}) "
        f"ON CONFLICT ({conflict}) DO UPDATE SET {changes}"
    )
    plain = [isinstance(f, _PLAIN_FIELDS) for f in fields]
    attnames = [f.attname for f in fields]

    def values(obj: models.Model) -> tuple:
        return tuple(
            getattr(obj, name)
            if is_plain
            else field.get_db_prep_save(getattr(obj, name), connection)
            for name, field, is_plain in zip(attnames, fields, plain, strict=True)
        )

    with connection.cursor() as cursor:
        for start in range(0, len(objs), BATCH):
            cursor.executemany(sql, [values(obj) for obj in objs[start : start + BATCH]])


def _replace(
    model: type[models.Model],
    objs: list[models.Model],
    *,
    dataset: DataSet,
    key: list[str],
    update: list[str],
) -> int:
    """Make the data set's rows of ``model`` exactly ``objs``, matched on the natural ``key``.

    :func:`_upsert`, then delete the data set's rows whose key the files no longer hold.
    Returns how many rows were deleted.
    """
    _upsert(model, objs, key=key, update=update)
    columns = [model._meta.get_field(name).attname for name in key]
    keep = {tuple(getattr(obj, column) for column in columns) for obj in objs}
    qs = model.objects.filter(dataset=dataset)  # type: ignore[attr-defined]
    if qs.count() == len(keep):
        return 0
    stale = [pk for pk, *values in qs.values_list("pk", *columns) if tuple(values) not in keep]
    for start in range(0, len(stale), BATCH):
        model.objects.filter(pk__in=stale[start : start + BATCH]).delete()  # type: ignore[attr-defined]
    return len(stale)


def _dataset_row(spec: DataSetSpec, folder: Path, hashes: dict[str, str]) -> DataSet:
    dataset, _ = DataSet.objects.update_or_create(
        slug=spec.slug,
        defaults={
            "name": spec.name,
            "publisher": spec.publisher,
            "version": spec.version,
            "licence": spec.licence,
            "attribution": spec.attribution,
            "url": spec.url,
            "licence_text": _licence_text(folder),
        },
    )
    return dataset


def _finish(dataset: DataSet, hashes: dict[str, str], rows: dict[str, int]) -> None:
    dataset.files = hashes
    dataset.row_count = sum(rows.values())
    dataset.imported_at = timezone.now()
    dataset.save(update_fields=["files", "row_count", "imported_at"])


# --- one importer per data set: parse everything, then write -------------------------


def _parse_scb(folder: Path) -> dict[str, Any]:
    structure = scb.parse_ssyk_structure_en(folder / "ssyk2012_structure_en.csv")
    employment = scb.parse_employment(folder / "employees_ssyk4_county_sex_2014_2024.csv.gz")
    labels_sv = {
        label.code: label.label_sv
        for label in jobtech.parse_ssyk_structure_sv(
            folder / "../jobtech-taxonomy/ssyk2012_structure_sv.csv"
        )
    }
    for row in exposure.parse_daioe_ssyk(folder / "../daioe/daioe_ssyk2012_2010_2023.csv.gz"):
        labels_sv.setdefault(row.ssyk, row.label_sv)
    path = folder / "employees_ssyk4_county_sex_2014_2024.csv.gz"
    known = {c.code for c in structure}
    unknown = sorted({r.ssyk for r in employment.rows} - known)
    if unknown:
        raise ParseError(path, f"SSYK codes not in ssyk2012_structure_en.csv: {unknown[:5]}")
    unknown = sorted(set(employment.counties) - set(COUNTY_NAMES_SV))
    if unknown:
        raise ParseError(path, f"unknown county codes: {unknown}")
    return {"structure": structure, "employment": employment, "labels_sv": labels_sv}


def _write_scb(dataset: DataSet, parsed: dict[str, Any]) -> dict[str, int]:
    structure: list[scb.SsykCode] = parsed["structure"]
    labels_sv: dict[str, str] = parsed["labels_sv"]
    employment: scb.EmploymentFile = parsed["employment"]
    groups = [
        SsykGroup(
            code=c.code,
            level=c.level,
            label_en=c.label_en,
            label_sv=labels_sv.get(c.code, ""),
            dataset=dataset,
        )
        for c in structure
    ]
    # Classifications are only added to or updated, never pruned: other data sets' rows
    # (the crosswalk, exposure) point at them and are not re-imported with this one.
    _upsert(SsykGroup, groups, key=["code"], update=["level", "label_en", "label_sv"])
    regions = [
        Region(
            code=COUNTRY_CODE,
            kind=RegionKind.COUNTRY,
            name_sv="Sverige",
            name_en="Sweden",
            dataset=dataset,
        )
    ] + [
        Region(
            code=county,
            kind=RegionKind.COUNTY,
            name_sv=COUNTY_NAMES_SV[county],
            name_en=name_en.replace(" county", " County"),
            dataset=dataset,
        )
        for county, name_en in sorted(employment.counties.items())
    ]
    _upsert(Region, regions, key=["code"], update=["kind", "name_sv", "name_en"])
    rows = [
        Employment(
            region_id=r.county,
            ssyk_id=r.ssyk,
            year=r.year,
            sex=r.sex,
            employees=r.employees,
            dataset=dataset,
        )
        for r in employment.rows
    ]
    _replace(
        Employment,
        rows,
        dataset=dataset,
        key=["region", "ssyk", "year", "sex"],
        update=["employees"],
    )
    years = {r.year for r in employment.rows}
    before, after = SCB_SERIES_BREAK
    if before in years and after in years:
        SeriesBreak.objects.update_or_create(
            dataset=dataset,
            year_before=before,
            year_after=after,
            defaults={"note_sv": SCB_SERIES_BREAK_NOTE_SV, "note_en": SCB_SERIES_BREAK_NOTE_EN},
        )
    else:
        SeriesBreak.objects.filter(dataset=dataset).delete()
    return {"SSYK groups": len(groups), "regions": len(regions), "employment rows": len(rows)}


def _parse_jobtech(folder: Path) -> dict[str, Any]:
    return {
        "isco": jobtech.parse_isco_sv(folder / "isco08_level4_sv.csv"),
        "isco_en": esco.parse_isco_groups(folder / "../esco-v1.1.1-en/ISCOGroups_en.csv.gz"),
        "names": jobtech.parse_occupation_names(folder / "occupation_names_sv.csv"),
        "subst": jobtech.parse_substitutability(folder / "occupation_substitutability.csv"),
    }


def _write_jobtech(dataset: DataSet, parsed: dict[str, Any]) -> dict[str, int]:
    isco_en: dict[str, str] = parsed["isco_en"]
    groups = [
        IscoGroup(
            code=g.code, label_sv=g.label_sv, label_en=isco_en.get(g.code, ""), dataset=dataset
        )
        for g in parsed["isco"]
    ]
    _upsert(IscoGroup, groups, key=["code"], update=["label_sv", "label_en"])
    names = [
        OccupationName(id=n.id, label_sv=n.label_sv, ssyk_jobtech=n.ssyk, dataset=dataset)
        for n in parsed["names"]
    ]
    _replace(
        OccupationName, names, dataset=dataset, key=["id"], update=["label_sv", "ssyk_jobtech"]
    )
    known = {n.id for n in names}
    subst = [
        Substitutability(
            name_id=s.name_id,
            relation=s.relation,
            other_id=s.other_id,
            percentage=s.percentage,
            dataset=dataset,
        )
        for s in parsed["subst"]
        if s.name_id in known and s.other_id in known
    ]
    _replace(
        Substitutability,
        subst,
        dataset=dataset,
        key=["name", "relation", "other"],
        update=["percentage"],
    )
    return {
        "ISCO groups": len(groups),
        "occupation names": len(names),
        "substitutability links": len(subst),
    }


def _parse_crosswalks(folder: Path, *, check_rows: bool = True) -> dict[str, Any]:
    path = folder / "ssyk2012_isco08_scb_codes.csv"
    links = crosswalk.parse_ssyk_isco(path)
    if not check_rows:
        return {"links": links}
    ssyk = set(SsykGroup.objects.values_list("code", flat=True))
    isco = set(IscoGroup.objects.values_list("code", flat=True))
    for link in links:
        if link.ssyk not in ssyk:
            raise ParseError(path, f"SSYK {link.ssyk} is not among SCB's codes")
        if link.isco and link.isco not in isco:
            raise ParseError(path, f"ISCO {link.isco} is not in the JobTech ISCO list")
    return {"links": links}


def _write_crosswalks(dataset: DataSet, parsed: dict[str, Any]) -> dict[str, int]:
    links = [
        SsykIscoLink(
            ssyk_id=link.ssyk,
            isco_id=link.isco,
            ssyk_jobtech=link.ssyk_jobtech,
            method=link.method,
            weight=link.weight,
            dataset=dataset,
        )
        for link in parsed["links"]
        if link.isco
    ]
    _replace(
        SsykIscoLink,
        links,
        dataset=dataset,
        key=["ssyk", "isco"],
        update=["ssyk_jobtech", "method", "weight"],
    )
    return {"SSYK–ISCO links": len(links)}


def _parse_esco(folder: Path) -> dict[str, Any]:
    return {
        "occupations": esco.parse_occupations(folder / "occupations_en.csv.gz"),
        "skills": esco.parse_skills(folder / "skills_en.csv.gz"),
        "relations": esco.parse_relations(folder / "occupationSkillRelations.csv.gz"),
        "digital": esco.parse_collection(folder / "digitalSkillsCollection_en.csv.gz"),
        "green": esco.parse_collection(folder / "greenSkillsCollection_en.csv.gz"),
        "transversal": esco.parse_collection(folder / "transversalSkillsCollection_en.csv.gz"),
    }


def _write_esco(dataset: DataSet, parsed: dict[str, Any]) -> dict[str, int]:
    occupations = [
        EscoOccupation(
            uri=o.uri, label_en=o.label_en, esco_code=o.esco_code, isco=o.isco, dataset=dataset
        )
        for o in parsed["occupations"]
    ]
    _replace(
        EscoOccupation,
        occupations,
        dataset=dataset,
        key=["uri"],
        update=["label_en", "esco_code", "isco"],
    )
    digital, green, transversal = parsed["digital"], parsed["green"], parsed["transversal"]
    skills = [
        EscoSkill(
            uri=s.uri,
            label_en=s.label_en,
            skill_type=s.skill_type,
            reuse_level=s.reuse_level,
            is_digital=s.uri in digital,
            is_green=s.uri in green,
            is_transversal=s.uri in transversal or s.reuse_level == "transversal",
            dataset=dataset,
        )
        for s in parsed["skills"]
    ]
    _replace(
        EscoSkill,
        skills,
        dataset=dataset,
        key=["uri"],
        update=[
            "label_en",
            "skill_type",
            "reuse_level",
            "is_digital",
            "is_green",
            "is_transversal",
        ],
    )
    occupation_uris = {o.uri for o in occupations}
    skill_uris = {s.uri for s in skills}
    # ESCO v1.1.1 has one relation to an occupation it does not list: dropped here.
    relations = [
        EscoOccupationSkill(
            occupation_id=r.occupation_uri,
            skill_id=r.skill_uri,
            relation=r.relation,
            dataset=dataset,
        )
        for r in parsed["relations"]
        if r.occupation_uri in occupation_uris and r.skill_uri in skill_uris
    ]
    _replace(
        EscoOccupationSkill,
        relations,
        dataset=dataset,
        key=["occupation", "skill"],
        update=["relation"],
    )
    return {
        "occupations": len(occupations),
        "skills": len(skills),
        "occupation–skill relations": len(relations),
    }


def _write_scores(dataset: DataSet, scores: list[ExposureScore]) -> None:
    _replace(
        ExposureScore,
        scores,
        dataset=dataset,
        key=["index", "code", "year"],
        update=["classification", "value", "sd", "percentile", "category"],
    )


def _parse_daioe(folder: Path) -> dict[str, Any]:
    return {"rows": exposure.parse_daioe_ssyk(folder / "daioe_ssyk2012_2010_2023.csv.gz")}


def _write_daioe(dataset: DataSet, parsed: dict[str, Any]) -> dict[str, int]:
    scores = []
    for row in parsed["rows"]:
        for index, value, pctl in (
            (ExposureIndex.DAIOE_GENAI, row.genai, row.pctl_genai),
            (ExposureIndex.DAIOE_ALLAPPS, row.allapps, row.pctl_allapps),
        ):
            if value is None and pctl is None:
                continue  # armed forces: not scored
            scores.append(
                ExposureScore(
                    index=index,
                    classification=Classification.SSYK,
                    code=row.ssyk,
                    year=row.year,
                    value=value,
                    percentile=pctl,
                    dataset=dataset,
                )
            )
    _write_scores(dataset, scores)
    return {"scores": len(scores)}


def _parse_ilo(folder: Path) -> dict[str, Any]:
    return {"rows": exposure.parse_ilo(folder / "ilo_genai_exposure_isco08_4digit.csv")}


def _write_ilo(dataset: DataSet, parsed: dict[str, Any]) -> dict[str, int]:
    scores = [
        ExposureScore(
            index=ExposureIndex.ILO_2025,
            classification=Classification.ISCO,
            code=row.isco,
            year=ILO_YEAR,
            value=row.mean_2025,
            sd=row.sd_2025,
            category=row.gradient_2025,
            dataset=dataset,
        )
        for row in parsed["rows"]
    ]
    _write_scores(dataset, scores)
    return {"scores": len(scores)}


def _parse_nesta(folder: Path) -> dict[str, Any]:
    return {
        "risk": exposure.parse_nesta_isco(folder / "mcc_risk_ISCO_4digit.csv"),
        "occupations": exposure.parse_nesta_occupations(
            folder / "mcc_transitions_Occupation_data.csv"
        ),
    }


def _write_nesta(dataset: DataSet, parsed: dict[str, Any]) -> dict[str, int]:
    scores = [
        ExposureScore(
            index=ExposureIndex.NESTA_RISK,
            classification=Classification.ISCO,
            code=row.isco,
            year=NESTA_YEAR,
            value=row.risk,
            category=row.category,
            dataset=dataset,
        )
        for row in parsed["risk"]
    ]
    _write_scores(dataset, scores)
    occupations = [
        NestaOccupation(
            esco_uri=o.uri,
            isco=o.isco,
            risk_category=o.risk_category,
            job_zone=o.job_zone,
            n_safe_desirable=o.n_safe_desirable,
            dataset=dataset,
        )
        for o in parsed["occupations"]
    ]
    _replace(
        NestaOccupation,
        occupations,
        dataset=dataset,
        key=["esco_uri"],
        update=["isco", "risk_category", "job_zone", "n_safe_desirable"],
    )
    return {"scores": len(scores), "occupations": len(occupations)}


Parser = Callable[[Path], dict[str, Any]]
Writer = Callable[[DataSet, dict[str, Any]], dict[str, int]]
IMPORTERS: dict[str, tuple[Parser, Writer]] = {
    "scb-yreg": (_parse_scb, _write_scb),
    "jobtech-taxonomy": (_parse_jobtech, _write_jobtech),
    "crosswalks": (_parse_crosswalks, _write_crosswalks),
    "esco": (_parse_esco, _write_esco),
    "daioe": (_parse_daioe, _write_daioe),
    "ilo-genai-2025": (_parse_ilo, _write_ilo),
    "nesta": (_parse_nesta, _write_nesta),
}


# --- the import ------------------------------------------------------------------------


def labour_data_import(
    *,
    data_dir: Path | None = None,
    only: Iterable[str] | None = None,
    dry_run: bool = False,
    force: bool = False,
    write: Callable[[str], None] | None = None,
) -> ImportReport:
    """Import the bundled data sets (all, or ``only`` these slugs) and rebuild what derives.

    Raises LabourDataError naming the file when one is missing or corrupt; data sets
    imported before it stay imported, and the failing one keeps its previous rows.
    """
    base = data_dir or shared_data_dir()
    chosen = list(only) if only else [spec.slug for spec in DATASETS]
    unknown = [slug for slug in chosen if slug not in DATASETS_BY_SLUG]
    if unknown:
        raise LabourDataError(
            f"Unknown data set(s) {', '.join(unknown)}; choose from {', '.join(DATASETS_BY_SLUG)}."
        )
    report = ImportReport(dry_run=dry_run)
    say = write or (lambda line: None)
    changed = False
    for spec in DATASETS:
        if spec.slug not in chosen:
            continue
        folder = base / spec.folder
        try:
            hashes = _file_hashes(spec, folder)
        except ParseError as exc:
            raise LabourDataError(f"{spec.slug}: {exc}") from exc
        previous = DataSet.objects.filter(slug=spec.slug).first()
        if previous and previous.files == hashes and not force:
            report.results.append(DataSetResult(spec.slug, "unchanged"))
            say(f"{spec.slug}: unchanged since {previous.imported_at:%Y-%m-%d %H:%M}")
            continue
        missing = [
            need
            for need in spec.needs
            if need not in chosen and not DataSet.objects.filter(slug=need).exists()
        ]
        if missing:
            raise LabourDataError(
                f"{spec.slug} needs {', '.join(missing)} imported first; "
                f"run import_labour_data without --only, or with --only {missing[0]}."
            )
        parse, write_rows = IMPORTERS[spec.slug]
        say(f"{spec.slug}: reading {folder}")
        try:
            if dry_run and spec.slug == "crosswalks":
                # Its checks read rows a dry run has not written: parse the file alone.
                parsed = _parse_crosswalks(folder, check_rows=False)
            else:
                parsed = parse(folder)
        except ParseError as exc:
            raise LabourDataError(
                f"{spec.slug}: {exc}. Nothing of {spec.slug} was changed."
            ) from exc
        if dry_run:
            report.results.append(DataSetResult(spec.slug, "would import"))
            continue
        with transaction.atomic():
            dataset = _dataset_row(spec, folder, hashes)
            rows = write_rows(dataset, parsed)  # type: ignore[arg-type]
            _finish(dataset, hashes, rows)
        changed = True
        report.results.append(DataSetResult(spec.slug, "imported", rows))
        say(f"{spec.slug}: imported " + ", ".join(f"{n:,} {k}" for k, n in rows.items()))
    if not dry_run and (changed or force or not RegionYear.objects.exists()):
        if _derivable():
            report.derived = derived_tables_rebuild()
            say("derived tables: recomputed")
    return report


def _derivable() -> bool:
    present = set(DataSet.objects.values_list("slug", flat=True))
    return {"scb-yreg", "jobtech-taxonomy", "crosswalks"} <= present


# --- derived tables ----------------------------------------------------------------------


def _latest_scores(index: str) -> dict[str, ExposureScore]:
    latest: dict[str, ExposureScore] = {}
    for score in ExposureScore.objects.filter(index=index).order_by("code", "year"):
        latest[score.code] = score
    return latest


def _occupation_exposures(
    codes: list[str], links: dict[str, list[tuple[str, float]]]
) -> list[OccupationExposure]:
    out: list[OccupationExposure] = []
    for index in (ExposureIndex.DAIOE_GENAI, ExposureIndex.DAIOE_ALLAPPS):
        for code, score in _latest_scores(index).items():
            if code not in codes:
                continue
            pctl = score.percentile
            high = pctl is not None and pctl >= compute.DAIOE_HIGH_PERCENTILE
            out.append(
                OccupationExposure(
                    ssyk_id=code,
                    index=index,
                    value=score.value,
                    percentile=score.percentile,
                    exposed_share=1.0 if high else 0.0,
                    high_share=1.0 if high else 0.0,
                    coverage=1.0,
                    year=score.year,
                )
            )
    for index, exposed, high_set, year in (
        (ExposureIndex.ILO_2025, compute.ILO_EXPOSED, compute.ILO_HIGH, ILO_YEAR),
        (ExposureIndex.NESTA_RISK, frozenset(), frozenset(), NESTA_YEAR),
    ):
        isco_scores = {
            code: compute.IscoScore(score.value, score.category)
            for code, score in _latest_scores(index).items()
        }
        if not isco_scores:
            continue
        for code in codes:
            result = compute.crosswalk_scores(
                links.get(code, []), isco_scores, exposed=exposed, high=high_set
            )
            if result.value is None:
                continue
            with_shares = index == ExposureIndex.ILO_2025
            out.append(
                OccupationExposure(
                    ssyk_id=code,
                    index=index,
                    value=result.value,
                    category=result.category,
                    exposed_share=result.exposed_share if with_shares else None,
                    high_share=result.high_share if with_shares else None,
                    coverage=result.coverage,
                    year=year,
                )
            )
    return out


def _region_tables(
    exposures: list[OccupationExposure],
) -> tuple[list[RegionYear], list[RegionMajorGroup]]:
    by_index: dict[str, dict[str, OccupationExposure]] = defaultdict(dict)
    for e in exposures:
        by_index[e.index][e.ssyk_id] = e
    ilo = by_index[ExposureIndex.ILO_2025]
    daioe = by_index[ExposureIndex.DAIOE_GENAI]
    metal = set(METAL_AND_STEEL_SSYK)
    keys = ("employees", "men", "women", "metal", "ilo_scored", "ilo_exposed", "ilo_high",
            "ilo_sum", "daioe_scored", "daioe_high", "daioe_sum")  # fmt: skip
    totals: dict[tuple[str, int], dict[str, float]] = defaultdict(lambda: dict.fromkeys(keys, 0))
    majors: dict[tuple[str, int, str], list[int]] = defaultdict(lambda: [0, 0])
    rows = Employment.objects.values_list("region_id", "ssyk_id", "year", "sex", "employees")
    for region, ssyk, year, sex, n in rows.iterator(chunk_size=20_000):
        for key in ((region, year), (COUNTRY_CODE, year)):
            t = totals[key]
            t["employees"] += n
            t["men" if sex == "men" else "women"] += n
            if ssyk in metal:
                t["metal"] += n
            e = ilo.get(ssyk)
            if e is not None and e.value is not None:
                t["ilo_scored"] += n
                t["ilo_exposed"] += n * (e.exposed_share or 0)
                t["ilo_high"] += n * (e.high_share or 0)
                t["ilo_sum"] += n * e.value
            d = daioe.get(ssyk)
            if d is not None and d.percentile is not None:
                t["daioe_scored"] += n
                t["daioe_high"] += n * (d.high_share or 0)
                t["daioe_sum"] += n * d.percentile
            majors[(key[0], year, ssyk[0])][0 if sex == "men" else 1] += n
    years = [
        RegionYear(
            region_id=region,
            year=year,
            employees=int(t["employees"]),
            men=int(t["men"]),
            women=int(t["women"]),
            metal_employees=int(t["metal"]),
            ilo_scored=t["ilo_scored"],
            ilo_exposed=t["ilo_exposed"],
            ilo_high=t["ilo_high"],
            ilo_mean=t["ilo_sum"] / t["ilo_scored"] if t["ilo_scored"] else None,
            daioe_scored=t["daioe_scored"],
            daioe_high=t["daioe_high"],
            daioe_pctl=t["daioe_sum"] / t["daioe_scored"] if t["daioe_scored"] else None,
        )
        for (region, year), t in sorted(totals.items())
    ]
    groups = [
        RegionMajorGroup(region_id=region, year=year, major=major, men=men, women=women)
        for (region, year, major), (men, women) in sorted(majors.items())
    ]
    return years, groups


def _transitions(
    links: dict[str, list[tuple[str, float]]], exposures: list[OccupationExposure]
) -> list[Transition]:
    by_isco: dict[str, list[str]] = defaultdict(list)
    for uri, isco in EscoOccupation.objects.values_list("uri", "isco"):
        by_isco[isco].append(uri)
    occupations = {
        ssyk: sorted({uri for isco, _ in isco_links for uri in by_isco.get(isco, [])})
        for ssyk, isco_links in links.items()
    }
    essential_sets: dict[str, set[str]] = defaultdict(set)
    for occupation, skill in EscoOccupationSkill.objects.filter(relation="essential").values_list(
        "occupation_id", "skill_id"
    ):
        essential_sets[occupation].add(skill)
    essential = {uri: frozenset(skills) for uri, skills in essential_sets.items()}
    exposure_rank = {
        e.ssyk_id: e.percentile
        for e in exposures
        if e.index == ExposureIndex.DAIOE_GENAI and e.percentile is not None
    }
    scb_codes_of: dict[str, set[str]] = defaultdict(set)
    for ssyk, ssyk_jobtech in SsykIscoLink.objects.values_list("ssyk_id", "ssyk_jobtech"):
        scb_codes_of[ssyk_jobtech].add(ssyk)
    ssyk_of_name = {
        name: sorted(scb_codes_of.get(ssyk_jobtech, ()))
        for name, ssyk_jobtech in OccupationName.objects.values_list("id", "ssyk_jobtech")
    }
    pairs = []
    for name, relation, other, pct in Substitutability.objects.values_list(
        "name_id", "relation", "other_id", "percentage"
    ):
        pairs.append((name, other, pct) if relation == "substitutes" else (other, name, pct))
    edges = compute.transition_edges(
        occupations=occupations,
        essential=essential,
        exposure=exposure_rank,
        substitutability=compute.max_substitutability(pairs, ssyk_of_name),
    )
    return [
        Transition(
            source_id=edge.source,
            target_id=edge.target,
            rank=rank,
            score=edge.score,
            skill_overlap=edge.skill_overlap,
            coverage=edge.coverage,
            substitutability=edge.substitutability,
            source_esco=edge.source_esco,
            target_esco=edge.target_esco,
            skills_to_learn=edge.skills_to_learn,
        )
        for source_edges in edges.values()
        for rank, edge in enumerate(source_edges, start=1)
    ]


@transaction.atomic
def derived_tables_rebuild() -> dict[str, int]:
    """Recompute exposure per SSYK group, region summaries and transitions."""
    links: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for ssyk, isco, weight in SsykIscoLink.objects.values_list("ssyk_id", "isco_id", "weight"):
        links[ssyk].append((isco, weight))
    codes = list(SsykGroup.objects.filter(level=4).values_list("code", flat=True))
    exposures = _occupation_exposures(codes, links)
    years, majors = _region_tables(exposures)
    transitions = _transitions(links, exposures)
    for model in (Transition, RegionMajorGroup, RegionYear, OccupationExposure):
        model.objects.all().delete()
    OccupationExposure.objects.bulk_create(exposures, batch_size=BATCH)
    RegionYear.objects.bulk_create(years, batch_size=BATCH)
    RegionMajorGroup.objects.bulk_create(majors, batch_size=BATCH)
    Transition.objects.bulk_create(transitions, batch_size=BATCH)
    return {
        "occupation exposures": len(exposures),
        "region years": len(years),
        "region major groups": len(majors),
        "transitions": len(transitions),
    }
