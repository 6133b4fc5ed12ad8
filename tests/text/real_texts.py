"""Every real export of fixtures/real/, imported as its reading or expectation file says (or, for an export no
such file names, as the organograms are), and the texts orgdiag writes about it: each finding's message and
suggestions, and the summary every deliverable opens on."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from orgdiag.diagnosis import Diagnosis, diagnose
from orgdiag.importers import import_org
from orgdiag.render.text import coverage_lines, operating_model_line, summary_line, thin_data_lines

ROOT = Path(__file__).resolve().parents[2]
REAL = ROOT / "fixtures" / "real"
#: The files that say how each export is imported: the blind readings and the expectations.
SPECS = [*sorted((REAL / "readings").glob("*.yaml")), *sorted((REAL / "precision").glob("*.yaml"))]
#: Exports of fixtures/real/ that no reading or expectation names, and how they are imported.
UNNAMED = {
    "bis-2013": {
        "sources": [
            "uk-organogram-corpus/BIS-Transparency-Return---Sept-2013-senior.csv",
            "uk-organogram-corpus/BIS-Transparency-Return---Sept-2013-junior.csv",
        ],
        "preset": "uk-organogram",
    },
    **{
        f"scim-{name.split('-')[1]}": {"sources": [f"scim/{name}.json"], "preset": "scim"}
        for name in (
            "rfc7643-8.3-enterprise_user",
            "rfc7643-8.4-group",
            "rfc7644-3.7.1-list_response-circular_reference",
        )
    },
}


@dataclass(frozen=True)
class Case:
    """One real export and how it is imported."""

    name: str
    sources: tuple[str, ...]
    preset: str | None = None
    overlay: str | None = None
    snapshot: str | None = None

    def diagnosis(self) -> Diagnosis:
        overlay = REAL / "precision" / self.overlay if self.overlay else None
        sources = [REAL / source for source in self.sources]
        return diagnose(import_org(sources, self.preset, overlay, snapshot=self.snapshot).org)


def cases() -> list[Case]:
    """Each distinct import of a real export, named by the first file that asks for it."""
    found: dict[tuple[object, ...], Case] = {}
    specs = [(path.stem, yaml.safe_load(path.read_text(encoding="utf-8"))) for path in SPECS]
    for name, spec in [*((n, s["import"]) for n, s in specs if "import" in s), *UNNAMED.items()]:
        case = Case(name, tuple(spec["sources"]), spec.get("preset"), spec.get("overlay"), spec.get("snapshot"))
        found.setdefault((case.sources, case.preset, case.overlay, case.snapshot), case)
    return list(found.values())


def summary_texts(diagnosis: Diagnosis) -> list[str]:
    """The summary a deliverable opens on: the count, what the data covers and what it could not assess, the
    operating model, and for thin data what to collect next."""
    model = operating_model_line(diagnosis)
    return [
        summary_line(diagnosis),
        *coverage_lines(diagnosis),
        *([model] if model else []),
        *thin_data_lines(diagnosis),
    ]


def texts(diagnosis: Diagnosis) -> Iterator[tuple[str, str]]:
    """(where, text) for the summary, and each finding's message and suggestions."""
    for text in summary_texts(diagnosis):
        yield "summary", text
    for finding in diagnosis.findings:
        where = f"{finding.rule} on {finding.subject}"
        yield where, finding.message
        for number, suggestion in enumerate(finding.suggestions):
            yield f"{where}, suggestion {number + 1}", suggestion.text


@cache
def common_words() -> frozenset[str]:
    """The words of orgdiag's own texts (the rules' templates): an id that is one of them ("search") is an ordinary
    word where it stands alone."""
    words: set[str] = set()
    for path in (ROOT / "rules").glob("*.yaml"):
        words |= {w.casefold() for w in re.findall(r"[A-Za-z][\w-]*", path.read_text(encoding="utf-8"))}
    return frozenset(words)
