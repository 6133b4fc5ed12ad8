"""The rules' cases (fixtures/rules/<slug>.yaml) for the tests and tools that need them one by one, or need a
case's organisation as a file: each is named ``rules/<slug>/<case>``, the name its own file had under
fixtures/rules/<slug>/ before the cases of a rule were kept in one file.

Imported by name, as conftest is: on pytest's path, and put on it by the scripts that import it
(tests/snapshot/outputs.py, tests/restructure/test_same_changes.py); so it knows the project's folders itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from orgdiag.model import OrgFile
from orgdiag.orgfile import parse_org
from orgdiag.rules.cases import RuleCase, load_cases

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
CASE_FILES = sorted((FIXTURES / "rules").glob("*.yaml"))


def rule_cases() -> Iterator[tuple[str, RuleCase]]:
    """(name, case) of every case of every rule, by rule slug and then in each file's order."""
    for path in CASE_FILES:
        for case in load_cases(path):
            yield f"rules/{path.stem}/{case.name}", case


def written_cases(folder: Path) -> Iterator[tuple[str, Path]]:
    """(name, org file) of every case, its organisation written to ``folder``/<name>.yaml as it is yielded."""
    for name, case in rule_cases():
        path = folder / f"{name}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(case.org.encode("utf-8"))
        yield name, path


def rule_case(name: str) -> RuleCase:
    """The case named ``rules/<slug>/<case>``."""
    _, slug, case_name = name.split("/")
    return next(case for case in load_cases(FIXTURES / "rules" / f"{slug}.yaml") if case.name == case_name)


def case_org(name: str) -> OrgFile:
    """The organisation of the case named ``rules/<slug>/<case>``."""
    return parse_org(rule_case(name).org, f"{name}.yaml")


def case_file(name: str, folder: Path) -> Path:
    """The organisation of the case named ``rules/<slug>/<case>``, written to ``folder``/<case>.yaml."""
    path = folder / f"{name.rsplit('/', 1)[1]}.yaml"
    path.write_bytes(rule_case(name).org.encode("utf-8"))
    return path
