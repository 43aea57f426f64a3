"""The file format of ``content/``: YAML with line numbers, and finding files.

Plain Python (PyYAML only): parsing keeps the line of every key and list item so
that each validation error can name ``file:line``; writing is canonical, so a file
written by :func:`dump_yaml` or :func:`dump_finding` reads back to the same data and
is written again byte for byte.

A finding file is YAML front matter between ``---`` lines, then the plain summary in
Swedish under ``## Svenska`` and in English under ``## English``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

Key = tuple[object, ...]

SV_HEADING = "## Svenska"
EN_HEADING = "## English"


@dataclass(frozen=True)
class ContentError:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass
class Document:
    """Parsed data plus the line of every key path, e.g. ``("sources", 0, "source")``."""

    path: str
    data: Any
    lines: dict[Key, int] = field(default_factory=dict)

    def line(self, *key: object) -> int:
        """The line of ``key``, or of its nearest parent that has one."""
        while key:
            if key in self.lines:
                return self.lines[key]
            key = key[:-1]
        return self.lines.get((), 1)

    def sub(self, *prefix: object) -> Document:
        """The document below ``prefix``, with lines keyed relative to it."""
        n = len(prefix)
        lines = {k[n:]: v for k, v in self.lines.items() if k[:n] == prefix}
        data = self.data
        for part in prefix:
            data = data[part]
        return Document(self.path, data, lines)


class ContentSyntaxError(Exception):
    def __init__(self, error: ContentError) -> None:
        super().__init__(str(error))
        self.error = error


def _to_python(node: Node, key: Key, lines: dict[Key, int], offset: int) -> Any:
    lines[key] = node.start_mark.line + 1 + offset
    if isinstance(node, MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            name = SafeConstructor().construct_object(key_node)
            if name in result:
                line = key_node.start_mark.line + 1 + offset
                raise _DuplicateKey(line, name)
            result[name] = _to_python(value_node, (*key, name), lines, offset)
            lines[(*key, name)] = key_node.start_mark.line + 1 + offset
        return result
    if isinstance(node, SequenceNode):
        return [_to_python(item, (*key, i), lines, offset) for i, item in enumerate(node.value)]
    assert isinstance(node, ScalarNode)
    return SafeConstructor().construct_object(node)


class _DuplicateKey(Exception):
    def __init__(self, line: int, name: object) -> None:
        self.line = line
        self.name = name


def parse_yaml(text: str, path: str, *, line_offset: int = 0) -> Document:
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = (mark.line + 1 + line_offset) if mark else 1 + line_offset
        problem = getattr(exc, "problem", None) or str(exc)
        raise ContentSyntaxError(ContentError(path, line, f"YAML syntax: {problem}")) from exc
    lines: dict[Key, int] = {}
    try:
        data = {} if node is None else _to_python(node, (), lines, line_offset)
    except _DuplicateKey as exc:
        raise ContentSyntaxError(
            ContentError(path, exc.line, f"the key '{exc.name}' appears twice")
        ) from exc
    lines.setdefault((), 1 + line_offset)
    return Document(path, data, lines)


def parse_finding(text: str, path: str) -> Document:
    """Front matter plus the two summaries; lines of ``summary.sv``/``summary.en`` kept."""
    rows = text.split("\n")
    if not rows or rows[0].strip() != "---":
        raise ContentSyntaxError(ContentError(path, 1, "a finding file starts with '---'"))
    try:
        end = next(i for i in range(1, len(rows)) if rows[i].strip() == "---")
    except StopIteration:
        raise ContentSyntaxError(
            ContentError(path, 1, "the front matter has no closing '---' line")
        ) from None
    doc = parse_yaml("\n".join(rows[1:end]), path, line_offset=1)
    if not isinstance(doc.data, dict):
        raise ContentSyntaxError(ContentError(path, 2, "the front matter must be a mapping"))
    doc.lines[()] = 1
    body = rows[end + 1 :]
    headings = {
        row.strip(): i for i, row in enumerate(body) if row.strip() in (SV_HEADING, EN_HEADING)
    }
    summary: dict[str, str] = {}
    for lang, heading, other in (("sv", SV_HEADING, EN_HEADING), ("en", EN_HEADING, SV_HEADING)):
        if heading not in headings:
            doc.lines[("summary", lang)] = end + 1
            continue
        start = headings[heading] + 1
        stop = headings[other] if headings.get(other, -1) > start else len(body)
        summary[lang] = "\n".join(body[start:stop]).strip()
        # The line of the text's first line, or of the heading when there is no text.
        first = next((i for i in range(start, stop) if body[i].strip()), start - 1)
        doc.lines[("summary", lang)] = end + 2 + first
    doc.data["summary"] = summary
    doc.lines[("summary",)] = end + 2
    return doc


class _Dumper(yaml.SafeDumper):
    """Writes every value in full: no ``&anchor``/``*alias`` pairs for repeated texts."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def dump_yaml(data: Any) -> str:
    return yaml.dump(
        data,
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        width=4096,
        default_flow_style=False,
    )


def dump_finding(data: dict[str, Any]) -> str:
    front = {k: v for k, v in data.items() if k != "summary"}
    summary = data.get("summary") or {}
    return (
        "---\n"
        + dump_yaml(front)
        + "---\n\n"
        + f"{SV_HEADING}\n\n{summary.get('sv', '').strip()}\n\n"
        + f"{EN_HEADING}\n\n{summary.get('en', '').strip()}\n"
    )


def read_text(path: Path) -> str:
    return path.read_text(encoding="utf-8")
