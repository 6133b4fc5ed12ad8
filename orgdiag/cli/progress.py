"""Progress on standard error for long work at a terminal: what each stage did and how long it took."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

import click

from orgdiag.model import OrgFile
from orgdiag.naming import plural
from orgdiag.render.text import clean

#: What each stage of a diagnosis (``diagnose(on_stage=…)``) has done when it ends.
STAGES = {
    "graph": "built the graph",
    "facts": "built the facts",
    "rules": "matched the rules",
    "findings": "weighed the findings",
}


#: ``--progress/--no-progress``, as every command with long work takes it.
PROGRESS_OPTION = click.option(
    "--progress/--no-progress",
    default=None,
    help="Say on stderr what each stage did and how long it took [default: when stderr is a terminal].",
)


def size_of(org: OrgFile) -> str:
    """How large an organisation is, as progress says it."""
    return f"{len(org.positions):,} positions, {len(org.units):,} units"


class Progress:
    """Says on standard error what was done, stage by stage, with counts and seconds; silent unless `enabled`
    (by default: standard error is a terminal and ``--quiet`` was not given)."""

    def __init__(self, enabled: bool):
        self.enabled = enabled
        self.last = time.perf_counter()

    @classmethod
    def chosen(cls, quiet: bool, progress: bool | None) -> Progress:
        """``--progress``/``--no-progress`` if given, else on at a terminal; never with ``--quiet``."""
        return cls(not quiet and (progress if progress is not None else sys.stderr.isatty()))

    def done(self, what: str) -> None:
        if not self.enabled:
            return
        now = time.perf_counter()
        click.echo(f"orgdiag: {clean(what)} ({now - self.last:.1f} s)", err=True)
        self.last = now

    def stage(self, name: str) -> None:
        """The callback ``diagnose(on_stage=…)`` calls as each stage ends."""
        self.done(STAGES.get(name, name))

    def stage_of(self, what: str) -> Callable[[str], None]:
        """The callback ``diagnose(on_stage=…)`` calls, for one of several organisations a command diagnoses."""
        return lambda name: self.done(f"{what}: {STAGES.get(name, name)}")

    def round(self, number: int, changes: int, findings: int) -> None:
        """The callback ``restructure(on_round=…)`` calls as each round ends."""
        if number == 0:
            self.done(f"diagnosed: {findings} open {plural('finding', findings)}")
        else:
            self.done(f"round {number}: {changes} {plural('change', changes)}, {findings} open findings")
