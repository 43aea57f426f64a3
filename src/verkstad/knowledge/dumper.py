"""``dump_content``: the database back into ``content/`` files, canonically.

Files written here read back through ``verkstad.knowledge.loader`` to the same rows,
and the shipped ``content/`` folder is itself in this canonical form, so
files → database → files changes nothing.
"""

from __future__ import annotations

from pathlib import Path

from verkstad.knowledge.content_format import dump_finding, dump_yaml
from verkstad.knowledge.loader import FILES, FINDINGS_DIR
from verkstad.knowledge.models import Finding
from verkstad.knowledge.records import FINDING, KINDS, as_dict


def finding_filename(finding: Finding) -> str:
    return f"{finding.number:02d}-{finding.slug}.md"


def content_dump(*, path: Path) -> list[Path]:
    """Write every content row under ``path``; return the files written."""
    written: list[Path] = []
    path.mkdir(parents=True, exist_ok=True)
    for filename, top_key, kind_name in FILES:
        kind = KINDS[kind_name]
        rows = [as_dict(kind, obj) for obj in kind.model.objects.all()]
        target = path / filename
        target.write_text(dump_yaml({top_key: rows}), encoding="utf-8")
        written.append(target)
    findings_dir = path / FINDINGS_DIR
    findings_dir.mkdir(exist_ok=True)
    for finding in Finding.objects.all():
        target = findings_dir / finding_filename(finding)
        target.write_text(dump_finding(as_dict(FINDING, finding)), encoding="utf-8")
        written.append(target)
    return written
