"""``verkstad seed``: the ordered step registry and the command around it."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from verkstad.accounts.models import Organisation, User
from verkstad.core import seed
from verkstad.core.seed import SeedContext, SeedError, seed_run, seed_steps_resolve


def test_every_registered_step_imports_and_has_a_label() -> None:
    steps = seed_steps_resolve()
    assert len(steps) == len(seed.SEED_STEPS)
    assert seed.seed_step_label(steps[0]) == "Demo editor account"
    for step in steps:
        assert step.__doc__, f"{step.__name__} needs a docstring: its first line is the label"


def test_the_demo_editor_comes_first() -> None:
    assert seed.SEED_STEPS[0] == "verkstad.accounts.seed.seed_demo_accounts"


@pytest.mark.django_db
def test_it_runs_steps_in_order_and_reports_them() -> None:
    calls: list[str] = []

    def first(ctx: SeedContext) -> None:
        """First."""
        calls.append("first")

    def second(ctx: SeedContext) -> None:
        """Second step."""
        calls.append("second")
        ctx.write("second wrote")

    lines: list[str] = []
    assert seed_run(write=lines.append, steps=[first, second]) == ["First", "Second step"]
    assert calls == ["first", "second"]
    assert lines == ["[1/2] First", "[2/2] Second step", "second wrote"]


@pytest.mark.django_db
def test_a_failing_step_stops_the_run_and_leaves_no_rows() -> None:
    def breaks(ctx: SeedContext) -> None:
        """Broken step."""
        Organisation.objects.create(name="Halvfärdig", actor_type="annan")
        raise ValueError("no such file")

    def never(ctx: SeedContext) -> None:
        """Never."""
        raise AssertionError("ran after a failure")

    with pytest.raises(SeedError, match="'Broken step' failed: no such file"):
        seed_run(write=lambda line: None, steps=[breaks, never])
    assert not Organisation.objects.filter(name="Halvfärdig").exists()


@pytest.mark.django_db
def test_a_dry_run_rolls_back_whatever_a_step_writes() -> None:
    def careless(ctx: SeedContext) -> None:
        """Careless."""
        Organisation.objects.create(name="Skrevs ändå", actor_type="annan")

    seed_run(write=lambda line: None, dry_run=True, steps=[careless])
    assert not Organisation.objects.filter(name="Skrevs ändå").exists()


def test_it_names_a_step_that_cannot_be_imported() -> None:
    with pytest.raises(SeedError, match="verkstad.nowhere.seed_nothing"):
        seed_steps_resolve(["verkstad.nowhere.seed_nothing"])


@pytest.mark.django_db
def test_the_command_turns_a_failed_step_into_a_command_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(seed, "SEED_STEPS", ["verkstad.nowhere.seed_nothing"])
    with pytest.raises(CommandError, match="cannot be imported"):
        call_command("seed", stdout=io.StringIO())


@pytest.mark.django_db
def test_the_command_seeds_once_and_prints_the_password_only_the_first_time() -> None:
    first = io.StringIO()
    call_command("seed", stdout=first)
    assert "password:" in first.getvalue()
    assert User.objects.filter(email="redaktor@verkstad.example").count() == 1

    second = io.StringIO()
    call_command("seed", stdout=second)
    assert "password:" not in second.getvalue()
    assert "exists" in second.getvalue()
    assert User.objects.filter(email="redaktor@verkstad.example").count() == 1
    assert Organisation.objects.filter(name="NOMP, Mälardalens universitet").count() == 1


@pytest.mark.django_db
def test_the_command_writes_nothing_in_a_dry_run() -> None:
    out = io.StringIO()
    call_command("seed", "--dry-run", stdout=out)
    assert "Would create the editor redaktor@verkstad.example" in out.getvalue()
    assert "password:" not in out.getvalue()
    assert not User.objects.exists()
    assert not Organisation.objects.exists()
