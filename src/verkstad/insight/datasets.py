"""The bundled data sets ``import_labour_data`` reads, in import order.

Names, versions, licences and attribution are taken from each folder's SOURCE.md
(``shared/data/<folder>/SOURCE.md``); the licence paragraph itself is copied from that
file at import time and shown on the "About the data" page.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DataSetSpec:
    slug: str
    folder: str
    name: str
    publisher: str
    version: str
    licence: str
    attribution: str
    url: str
    files: tuple[str, ...]
    #: Slugs that must be imported before this one (its rows point at theirs).
    needs: tuple[str, ...] = ()


#: In import order: a data set comes after those it ``needs``.
DATASETS: tuple[DataSetSpec, ...] = (
    DataSetSpec(
        slug="scb-yreg",
        folder="scb-yreg-ssyk4-county",
        name="SCB Yrkesregistret: employees by occupation (SSYK 2012), county and sex",
        publisher="Statistics Sweden (SCB)",
        version="YREG60 ≤2018, YREG60N 2019–21, YREG60BAS 2020–24 (AI-Econ Lab extract b6a5844)",
        licence="CC0 1.0",
        attribution="Källa: SCB, Yrkesregistret.",
        url="https://www.statistikdatabasen.scb.se/",
        files=(
            "employees_ssyk4_county_sex_2014_2024.csv.gz",
            "ssyk2012_structure_en.csv",
            # Swedish labels for SCB's codes: the taxonomy's, then DAIOE's for SCB-only codes.
            "../jobtech-taxonomy/ssyk2012_structure_sv.csv",
            "../daioe/daioe_ssyk2012_2010_2023.csv.gz",
        ),
    ),
    DataSetSpec(
        slug="jobtech-taxonomy",
        folder="jobtech-taxonomy",
        name="JobTech Taxonomy: ISCO-08 in Swedish, occupation names, substitutability",
        publisher="Arbetsförmedlingen (JobTech)",
        version="Taxonomy API export, December 2025 (nordiqflow e944600)",
        licence="CC0 1.0 (to our knowledge)",
        attribution="Källa: Arbetsförmedlingen, JobTech Taxonomy.",
        url="https://data.arbetsformedlingen.se/",
        files=(
            "isco08_level4_sv.csv",
            "occupation_names_sv.csv",
            "occupation_substitutability.csv",
            # English ISCO titles.
            "../esco-v1.1.1-en/ISCOGroups_en.csv.gz",
        ),
    ),
    DataSetSpec(
        slug="crosswalks",
        folder="crosswalks",
        name="SSYK 2012 (SCB codes) → ISCO-08 crosswalk",
        publisher="Derived from Arbetsförmedlingen's JobTech Taxonomy mapping",
        version="2025-12 (equal split between ISCO groups)",
        licence="CC0 1.0 (to our knowledge), as the JobTech mapping",
        attribution=(
            "SSYK→ISCO crosswalk derived from Arbetsförmedlingen's JobTech Taxonomy mapping; "
            "SCB's level-1/level-2 manager codes mapped through their minor group."
        ),
        url="https://data.arbetsformedlingen.se/",
        files=("ssyk2012_isco08_scb_codes.csv",),
        needs=("scb-yreg", "jobtech-taxonomy"),
    ),
    DataSetSpec(
        slug="esco",
        folder="esco-v1.1.1-en",
        name="ESCO: occupations, skills and their relations (English)",
        publisher="European Commission, DG EMPL",
        version="v1.1.1",
        licence="Commission reuse policy (Decision 2011/833/EU)",
        attribution=(
            "This product uses the ESCO classification of the European Commission (ESCO v1.1.1). "
            "Changed: reshaped into database rows and aggregated to SSYK groups."
        ),
        url="https://esco.ec.europa.eu/",
        files=(
            "occupations_en.csv.gz",
            "skills_en.csv.gz",
            "occupationSkillRelations.csv.gz",
            "digitalSkillsCollection_en.csv.gz",
            "greenSkillsCollection_en.csv.gz",
            "transversalSkillsCollection_en.csv.gz",
        ),
    ),
    DataSetSpec(
        slug="daioe",
        folder="daioe",
        name="DAIOE: Dynamic AI Occupational Exposure (SSYK 2012)",
        publisher="AI-Econ Lab, Örebro University",
        version="frozen 2010–2023 (daioe_dataset 78f8e64)",
        licence="CC BY 4.0",
        attribution=(
            "Lodefalk, M. and Engberg, E., DAIOE: Dynamic AI Occupational Exposure [data set], "
            "Zenodo, doi:10.5281/zenodo.17765750. CC BY 4.0."
        ),
        url="https://doi.org/10.5281/zenodo.17765750",
        files=("daioe_ssyk2012_2010_2023.csv.gz",),
    ),
    DataSetSpec(
        slug="ilo-genai-2025",
        folder="ilo-genai-exposure-2025",
        name="ILO generative-AI exposure index 2025 (ISCO-08)",
        publisher="International Labour Organization",
        version="Working Paper 140 (2025), scores commit 6601522",
        licence="CC BY 4.0",
        attribution=(
            "Gmyrek, P., Berg, J., Kamiński, K., Konopczyński, F., Ładna, A., Nafradi, B., "
            "Rosłaniec, K., Troszyński, M. Generative AI and Jobs: A Refined Global Index of "
            "Occupational Exposure. ILO Working Paper 140, Geneva: ILO, 2025. CC BY 4.0. "
            "Adaptation: reshaped and mapped to SSYK; not endorsed by the ILO."
        ),
        url="https://www.ilo.org/publications/generative-ai-and-jobs-refined-global-index-occupational-exposure",
        files=("ilo_genai_exposure_isco08_4digit.csv",),
    ),
    DataSetSpec(
        slug="nesta",
        folder="nesta-career-causeways",
        name="Nesta Mapping Career Causeways: automation risk and transitions",
        publisher="Nesta",
        version="2020 (mapping-career-causeways cb8c57a)",
        licence="MIT; O*NET content CC BY 4.0",
        attribution=(
            "Kanders, K., Djumalieva, J., Sleeman, C., Orlik, J. (2020) Mapping Career "
            "Causeways, Nesta. MIT licence (© 2021 Nesta); O*NET content CC BY 4.0 (U.S. DOL/ETA)."
        ),
        url="https://github.com/nestauk/mapping-career-causeways",
        files=("mcc_risk_ISCO_4digit.csv", "mcc_transitions_Occupation_data.csv"),
    ),
)
DATASETS_BY_SLUG = {spec.slug: spec for spec in DATASETS}
