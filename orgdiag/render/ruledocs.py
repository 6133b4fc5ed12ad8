"""Generate one Markdown page per rule (docs/rules/), from the rule files and their fixtures."""

from __future__ import annotations

import json
from pathlib import Path

from orgdiag.catalogue import Catalogue, Rule


def _fence(text: str, language: str = "yaml") -> list[str]:
    return [f"```{language}", text.rstrip("\n"), "```"]


def _example(fixtures: Path | None, rule: Rule, prefix: str) -> list[str]:
    if fixtures is None:
        return []
    cases = sorted((fixtures / "rules" / rule.slug).glob(f"{prefix}-*.yaml"))
    lines: list[str] = []
    for case in (c for c in cases if not c.name.endswith(".expected.yaml")):
        lines += ["", f"`fixtures/rules/{rule.slug}/{case.name}`:", "", *_fence(case.read_text(encoding="utf-8"))]
    return lines


def rule_page(rule: Rule, fixtures: Path | None = None) -> str:
    """The documentation page of one rule."""
    spec = rule.spec
    lines = [
        f"# {spec.code} {spec.slug}: {spec.title}",
        "",
        "<!-- Generated from rules/ by `orgdiag rules docs`; do not edit by hand. -->",
        "",
        f"- **Code:** {spec.code} (stable; never reused)",
        f"- **Slug:** `{spec.slug}`",
        f"- **Severity:** {spec.severity}",
        f"- **Sources:** {', '.join(f'seed {s}' for s in spec.sources)}",
        "",
        "## Why",
        "",
        " ".join(spec.rationale.split()),
        "",
        "## What it detects",
        "",
        "Conditions, in durable-rules' JSON ruleset syntax, with the thresholds filled in:",
        "",
        *_fence(json.dumps(rule.condition(), indent=2, ensure_ascii=False), "json"),
        "",
        "## Thresholds",
        "",
        "| parameter | default |",
        "|---|---|",
        *[f"| `{name}` | `{json.dumps(value)}` |" for name, value in spec.params.items()],
        "",
        "## Suggested restructuring",
        "",
        *[f"- `{s.action}`: {' '.join(s.text.split())}" for s in spec.suggestions],
        "",
        "## Problem example (fires)",
        *_example(fixtures, rule, "fires"),
        "",
        "## Healthy example (near miss: does not fire)",
        *_example(fixtures, rule, "near-miss"),
    ]
    return "\n".join(lines) + "\n"


def index_page(catalogue: Catalogue) -> str:
    lines = [
        "# Rules",
        "",
        "<!-- Generated from rules/ by `orgdiag rules docs`; do not edit by hand. -->",
        "",
        "| code | slug | severity | title |",
        "|---|---|---|---|",
    ]
    lines += [
        f"| {r.code} | [{r.slug}]({r.code}-{r.slug}.md) | {r.spec.severity} | {r.spec.title} |" for r in catalogue.rules
    ]
    return "\n".join(lines) + "\n"


def rule_pages(catalogue: Catalogue, fixtures: Path | None = None) -> dict[str, str]:
    """File name -> content of every page under docs/rules/."""
    pages = {f"{r.code}-{r.slug}.md": rule_page(r, fixtures) for r in catalogue.rules}
    pages["README.md"] = index_page(catalogue)
    return pages
