"""Shared helpers: the project's directories and a CLI runner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from orgdiag.cli.main import main

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
DEMO = FIXTURES / "demo" / "nordvik-sport.yaml"


@pytest.fixture
def cli():
    """Run `orgdiag ARGS…` in-process; returns the click Result (stdout and stderr kept apart)."""
    runner = CliRunner()

    def run(*args: str, stdin: str | bytes | None = None):
        return runner.invoke(main, [str(a) for a in args], input=stdin, catch_exceptions=False)

    return run


def findings_of(result) -> set[tuple[str, str]]:
    """(slug, subject) of every finding in `diagnose --format json` output."""
    return {(f["slug"], f["subject"]) for f in json.loads(result.stdout)["findings"]}


@pytest.fixture(scope="session")
def synthetic_100k(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The outputs of `diagnose --out` for a synthetic organisation of 100,000 positions, written once."""
    from orgdiag.diagnosis import diagnose
    from orgdiag.model import OrgFile
    from orgdiag.render.outputs import write_outputs
    from orgdiag.synth import synthesize

    out = tmp_path_factory.mktemp("synthetic-100k")
    write_outputs(diagnose(OrgFile.model_validate(synthesize(100_000, seed=0).data)), out)
    return out
