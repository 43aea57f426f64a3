"""docs/operations.md names every environment variable we read and every command we add."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "src" / "verkstad"
OPERATIONS = ROOT / "docs" / "operations.md"
ENV_NAME = re.compile(r"^[A-Z][A-Z0-9_]+$")


def _call_name(node: ast.Call) -> str:
    func = node.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        owner = func.value
        prefix = ""
        if isinstance(owner, ast.Attribute):
            prefix = f"{owner.attr}."
        elif isinstance(owner, ast.Name):
            prefix = f"{owner.id}."
        return prefix + func.attr
    return ""


def env_names_read(source: str) -> set[str]:
    """Names read from the environment in ``source``.

    Counts ``env_str/env_bool/env_int/env_list(...)`` and any other helper whose name ends
    in ``_env`` or starts with ``env_``, ``os.environ.get(...)``, ``os.getenv(...)`` and
    ``os.environ[...]`` when the name is a string literal.
    """
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        literal = None
        if isinstance(node, ast.Call) and node.args:
            name = _call_name(node)
            short = name.rsplit(".", 1)[-1]
            if (
                short.startswith("env_")
                or short.endswith("_env")
                or name in {"os.getenv", "getenv"}
                # os.environ.get, not a WSGI request's environ.get("PATH_INFO")
                or (
                    isinstance(node.func, ast.Attribute)
                    and node.func.attr == "get"
                    and _is_os_environ(node.func.value)
                )
            ):
                literal = node.args[0]
        elif isinstance(node, ast.Subscript) and _is_os_environ(node.value):
            literal = node.slice
        if (
            isinstance(literal, ast.Constant)
            and isinstance(literal.value, str)
            and ENV_NAME.match(literal.value)
        ):
            names.add(literal.value)
    return names


def _is_os_environ(node: ast.expr) -> bool:
    return (
        isinstance(node, ast.Attribute)
        and node.attr == "environ"
        and isinstance(node.value, ast.Name)
        and node.value.id == "os"
    )


def env_names_in_package() -> set[str]:
    names: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        names |= env_names_read(path.read_text(encoding="utf-8"))
    # Set for the process, not read as configuration.
    return names - {"DJANGO_SETTINGS_MODULE"}


def our_commands() -> set[str]:
    return {
        path.stem
        for path in PACKAGE.glob("*/management/commands/*.py")
        if not path.name.startswith("_")
    }


def test_the_scanner_finds_every_way_we_read_the_environment() -> None:
    source = """
import os
from verkstad.settings import env_int
A = env_str("VERKSTAD_A")
B = env_list(
    "ALLOWED_HOSTS", [])
C = os.environ.get("VERKSTAD_C", "")
D = os.getenv("VERKSTAD_D")
E = os.environ["VERKSTAF_E"]
F = _workers_from_env("VERKSTAD_F", 1, minimum=1)
G = settings.VERKSTAD_NOT_AN_ENV_READ
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "x")
H = environ.get("PATH_INFO", "")
"""
    assert env_names_read(source) == {
        "VERKSTAD_A",
        "ALLOWED_HOSTS",
        "VERKSTAD_C",
        "VERKSTAD_D",
        "VERKSTAF_E",
        "VERKSTAD_F",
    }


def test_the_settings_read_what_the_issue_asks_for() -> None:
    names = env_names_read((PACKAGE / "settings.py").read_text(encoding="utf-8"))
    assert {
        "DATABASE_URL",
        "REDIS_URL",
        "SECRET_KEY",
        "DEBUG",
        "ALLOWED_HOSTS",
        "CSRF_TRUSTED_ORIGINS",
        "DEFAULT_FROM_EMAIL",
        "VERKSTAD_ENV",
    } <= names


@pytest.mark.parametrize("name", sorted(env_names_in_package()))
def test_every_environment_variable_is_documented(name: str) -> None:
    assert f"`{name}`" in OPERATIONS.read_text(encoding="utf-8"), (
        f"{name} is read from the environment but not documented in docs/operations.md"
    )


@pytest.mark.parametrize("command", sorted(our_commands()))
def test_every_management_command_is_documented(command: str) -> None:
    text = OPERATIONS.read_text(encoding="utf-8")
    assert re.search(rf"`verkstad {re.escape(command)}\b", text), (
        f"`verkstad {command}` is not documented in docs/operations.md"
    )


def test_serve_and_seed_are_among_the_commands_checked() -> None:
    assert {"serve", "seed"} <= our_commands()
