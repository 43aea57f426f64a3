"""Cut the small test slice in this folder out of the real bundled files.

Run from the repository root: ``.venv/bin/python tests/insight/data/make_slice.py``.
The slice keeps a few SSYK groups (steel operators, a manager pair split by SCB, an
exposed office group and others), every county and year, and only the rows of the other
files that those groups reach through the crosswalk. Values are copied, never changed.
"""

from __future__ import annotations

import csv
import gzip
import io
import shutil
from pathlib import Path

from verkstad.knowledge.codes import shared_data_dir

SSYK = {"1211", "1212", "2512", "3116", "4111", "7211", "7233", "8121", "8122", "8129", "8193"}
HERE = Path(__file__).parent
SOURCE = shared_data_dir()


def rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def write(relative: str, keep) -> list[dict[str, str]]:
    fields, data = rows(SOURCE / relative)
    kept = [r for r in data if keep(r)]
    target = HERE / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(kept)
    if relative.endswith(".gz"):
        with gzip.GzipFile(target, "wb", mtime=0) as handle:
            handle.write(buffer.getvalue().encode("utf-8"))
    else:
        target.write_text(buffer.getvalue(), encoding="utf-8")
    shutil.copy(SOURCE / relative.split("/")[0] / "SOURCE.md", target.parent / "SOURCE.md")
    return kept


def main() -> None:
    links = write("crosswalks/ssyk2012_isco08_scb_codes.csv", lambda r: r["ssyk4_code_scb"] in SSYK)
    isco = {r["isco08_code"] for r in links if r["isco08_code"]}
    jobtech_ssyk = {r["ssyk4_code_jobtech"] for r in links if r["ssyk4_code_jobtech"]}
    write(
        "scb-yreg-ssyk4-county/employees_ssyk4_county_sex_2014_2024.csv.gz",
        lambda r: r["ssyk4_code"] in SSYK,
    )
    write("scb-yreg-ssyk4-county/ssyk2012_structure_en.csv", lambda r: True)
    write("jobtech-taxonomy/ssyk2012_structure_sv.csv", lambda r: True)
    write("jobtech-taxonomy/isco08_level4_sv.csv", lambda r: r["isco08_code"] in isco)
    names = write(
        "jobtech-taxonomy/occupation_names_sv.csv", lambda r: r["ssyk4_code"] in jobtech_ssyk
    )
    ids = {r["occupation_name_id"] for r in names}
    write(
        "jobtech-taxonomy/occupation_substitutability.csv",
        lambda r: r["occupation_name_id"] in ids and r["other_occupation_name_id"] in ids,
    )
    write("daioe/daioe_ssyk2012_2010_2023.csv.gz", lambda r: r["ssyk4_code"] in SSYK)
    write(
        "ilo-genai-exposure-2025/ilo_genai_exposure_isco08_4digit.csv",
        lambda r: r["isco08_code"] in isco,
    )
    write(
        "nesta-career-causeways/mcc_risk_ISCO_4digit.csv",
        lambda r: r["isco_code"].zfill(4) in isco,
    )
    write(
        "nesta-career-causeways/mcc_transitions_Occupation_data.csv",
        lambda r: r["isco_code"].zfill(4) in isco,
    )
    write("esco-v1.1.1-en/ISCOGroups_en.csv.gz", lambda r: r["code"] in isco)
    occupations = write("esco-v1.1.1-en/occupations_en.csv.gz", lambda r: r["iscoGroup"] in isco)
    uris = {r["conceptUri"] for r in occupations}
    relations = write(
        "esco-v1.1.1-en/occupationSkillRelations.csv.gz", lambda r: r["occupationUri"] in uris
    )
    skills = {r["skillUri"] for r in relations}
    write("esco-v1.1.1-en/skills_en.csv.gz", lambda r: r["conceptUri"] in skills)
    for collection in ("digital", "green", "transversal"):
        write(
            f"esco-v1.1.1-en/{collection}SkillsCollection_en.csv.gz",
            lambda r: r["conceptUri"] in skills,
        )


if __name__ == "__main__":
    main()
