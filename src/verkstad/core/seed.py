"""The steps ``verkstad seed`` runs, in order, to give a demo everything it needs.

How to add a step
-----------------
Write a function in your app's ``seed.py`` that takes one :class:`SeedContext`::

    def seed_content(ctx: SeedContext) -> None:
        \"\"\"Knowledge base from content/.\"\"\"   # first docstring line = the step's label
        if ctx.dry_run:
            ctx.write("Would load 42 findings.")
            return
        ...
        ctx.write("Loaded 42 findings.")

and append its dotted path to :data:`SEED_STEPS` below. Rules for a step:

- Idempotent: a second ``verkstad seed`` changes nothing and says what already exists.
- With ``ctx.dry_run`` it writes nothing and says what it would do.
- It reports through ``ctx.write`` (the command's stdout), never ``print``.
- Each step runs in its own transaction: one that raises leaves no half-written rows,
  and the command stops there with the step's label in the error. In a dry run the
  transaction is rolled back whatever the step did.

Order matters: a step may rely on every step above it (a sample conversation needs
the content it quotes, a sample meeting needs the demo editor).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class SeedContext:
    dry_run: bool
    write: Callable[[str], None]


SeedStep = Callable[[SeedContext], None]

#: The ordered seed steps: dotted paths (resolved when the command runs) or callables.
SEED_STEPS: list[str | SeedStep] = [
    "verkstad.accounts.seed.seed_demo_accounts",
    "verkstad.knowledge.seed.seed_content",
    "verkstad.insight.seed.seed_labour_data",
    "verkstad.dialogue.seed.seed_conversations",
    "verkstad.workshops.seed.seed_meeting",
    "verkstad.search.seed.seed_search_index",
]


class SeedError(Exception):
    """A seed step failed; the message names the step."""


def seed_step_label(step: SeedStep) -> str:
    doc = (step.__doc__ or "").strip()
    return doc.splitlines()[0].rstrip(".") if doc else step.__name__


def seed_steps_resolve(steps: list[str | SeedStep] | None = None) -> list[SeedStep]:
    """Import every step (dotted paths become callables), keeping the order."""
    resolved: list[SeedStep] = []
    for step in SEED_STEPS if steps is None else steps:
        if isinstance(step, str):
            try:
                step = import_string(step)
            except ImportError as exc:
                raise SeedError(f"Seed step {step!r} cannot be imported: {exc}") from exc
        if not callable(step):
            raise SeedError(f"Seed step {step!r} is not callable.")
        resolved.append(step)
    return resolved


def seed_run(
    *,
    write: Callable[[str], None],
    dry_run: bool = False,
    steps: list[str | SeedStep] | None = None,
) -> list[str]:
    """Run every seed step in order; return the labels of the steps that ran."""
    resolved = seed_steps_resolve(steps)
    ctx = SeedContext(dry_run=dry_run, write=write)
    done: list[str] = []
    for number, step in enumerate(resolved, start=1):
        label = seed_step_label(step)
        write(f"[{number}/{len(resolved)}] {label}")
        try:
            with transaction.atomic():
                step(ctx)
                if dry_run:
                    # A step that writes by mistake in a dry run writes nothing.
                    transaction.set_rollback(True)
        except Exception as exc:
            raise SeedError(f"Seed step {label!r} failed: {exc}") from exc
        done.append(label)
    return done
