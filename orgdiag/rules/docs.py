"""Describe the rules: the rule reference (docs/rules/: one Markdown page per rule, an index, the fact and action
references, from the rule files, the threshold profiles and the rules' cases) and ``rules explain``'s text."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from orgdiag.coverage import DATA_KINDS
from orgdiag.findings import ACTIONS
from orgdiag.measure.facts import FACT_FIELDS
from orgdiag.problems import Problem, RuleError
from orgdiag.rules.cases import FIRES, NEAR_MISS, cases_path, load_cases
from orgdiag.rules.catalogue import Catalogue
from orgdiag.rules.profiles import DEFAULT, Threshold, builtin_profiles
from orgdiag.rules.rule import Rule
from orgdiag.rules.spec import INFERRED_CEILING
from orgdiag.rules.templates import shown

GENERATED = "<!-- Generated from rules/ by `orgdiag rules docs`; do not edit by hand. -->"
INDEX = "README.md"
_INDEXED = re.compile(r"^\| (?P<code>[A-Z]+[0-9]+) \| \[?(?P<slug>[a-z0-9-]+)", re.MULTILINE)


def _fence(text: str, language: str = "yaml") -> list[str]:
    return [f"```{language}", text.rstrip("\n"), "```"]


def _example(fixtures: Path | None, rule: Rule, prefix: str) -> list[str]:
    """The organisation of each of the rule's cases whose name starts with ``prefix``, from its cases file."""
    if fixtures is None or not cases_path(fixtures, rule.slug).is_file():
        return []
    lines: list[str] = []
    for case in load_cases(cases_path(fixtures, rule.slug)):
        if case.name.startswith(prefix):
            lines += ["", f"`fixtures/rules/{rule.slug}.yaml`, case `{case.name}`:", "", *_fence(case.org)]
    return lines


def _applies(name: str) -> str:
    profile = builtin_profiles()[name][0]
    when = profile.applies_when
    if when is None:
        return "always"
    parts = []
    if when.min_employees is not None or when.max_employees is not None:
        low = when.min_employees or 0
        parts.append(f"{low}–{when.max_employees} employees" if when.max_employees is not None else f"{low}+ employees")
    if when.industries:
        parts.append("industry " + ", ".join(when.industries))
    if when.min_countries:
        parts.append(f"{when.min_countries}+ countries")
    return "; ".join(parts)


def _defaults(rule: Rule) -> dict[str, Any]:
    """A rule's thresholds in the default profile (or the rule's own defaults, for a rule pack's rule)."""
    in_profile = builtin_profiles()[DEFAULT][0].thresholds.get(rule.slug, {})
    return {name: in_profile.get(name, param.default) for name, param in rule.spec.params.items()}


def _thresholds(rule: Rule) -> list[str]:
    """The table of a rule's thresholds: what each means, its default, and each profile that changes it."""
    if not rule.spec.params:
        return ["None: the rule has no thresholds."]
    lines = ["| parameter | meaning | default | changed by profiles |", "|---|---|---|---|"]
    defaults = _defaults(rule)
    for name, param in rule.spec.params.items():
        default = defaults[name]
        changes = [
            f"`{profile_name}` ({_applies(profile_name)}): `{json.dumps(profile.thresholds[rule.slug][name])}`"
            for profile_name, (profile, _) in builtin_profiles().items()
            if profile_name != DEFAULT and name in profile.thresholds.get(rule.slug, {})
        ]
        lines.append(
            f"| `{name}` | {' '.join(param.doc.split())} | `{json.dumps(default)}` | {'; '.join(changes) or '–'} |"
        )
    return lines


def explanation(rule: Rule, thresholds: dict[str, Threshold], profiles: list[str], org: str | None) -> list[str]:
    """What ``orgdiag rules explain`` prints, line by line: the rule, why, the thresholds in force (for the
    organisation in the file ``org``, from ``profiles``), its conditions with them filled in, its suggestions."""
    spec = rule.spec
    where = f"for {org} " if org else ""
    lines = [
        f"{spec.code} {spec.slug}: {spec.title}",
        f"severity: {spec.severity}    family: {spec.family}    sources: {rule.citations}",
        f"assessed only when the data has: {', '.join(spec.needs)}" if spec.needs else "assessed on any data",
        *(
            [f"reads the absence of: {', '.join(spec.reads_absence)} (assessed only where stated or surveyed)"]
            if spec.reads_absence
            else []
        ),
        "",
        " ".join(spec.rationale.split()),
        "",
        f"thresholds {where}(profiles: {', '.join(profiles)}):",
    ]
    for name, param in spec.params.items():
        value = thresholds[name]
        lines.append(f"  {name} = {json.dumps(value.value)}   [{value.source}] {' '.join(param.doc.split())}")
    if not spec.params:
        lines.append("  none")
    lines += [
        "conditions (durable-rules, thresholds filled in):",
        "  " + json.dumps(rule.condition({n: t.value for n, t in thresholds.items()}), ensure_ascii=False),
    ]
    if spec.derive:
        lines.append(f"derives: a '{spec.derive}' fact from what it matches, for later rules")
    lines.append("suggestions:")
    lines += [f"  {s.action}: {' '.join(s.text.split())}" for s in spec.suggestions]
    return lines


def _needs(needs: list[str]) -> str:
    """What a rule needs in the data, for its page: without any of it the rule is not assessed."""
    if not needs:
        return "any organisation (it reasons about what every org file has)"
    return "; ".join(f"{kind} ({DATA_KINDS[kind]})" for kind in needs) + ". Where the data lacks one: not assessed"


def _absence(kinds: list[str]) -> str:
    """The kinds of evidence whose absence a rule reads, for its page."""
    return (
        "; ".join(f"{kind} ({DATA_KINDS[kind]})" for kind in kinds)
        + ". It is assessed only where each was stated, or surveyed and found empty (`surveyed:` in the organisation,"
        " or an explicit empty list): silence is not evidence"
    )


def rule_page(rule: Rule, fixtures: Path | None = None) -> str:
    """The documentation page of one rule (docs/rules/), its templates as the rule file writes them and its
    examples from its cases in `fixtures`."""
    return _page(rule, fixtures, lambda template: " ".join(template.split()))


def rule_help(rule: Rule) -> str:
    """The page of one rule as a code-scanning view shows it beside a finding (SARIF's help): its templates
    unfilled, read as text (:func:`~orgdiag.rules.templates.shown`), and no examples (they live in docs/rules/)."""
    return _page(rule, None, shown)


def _page(rule: Rule, fixtures: Path | None, template: Callable[[str], str]) -> str:
    spec = rule.spec
    values = _defaults(rule)
    lines = [
        f"# {spec.code} {spec.slug}: {spec.title}",
        "",
        GENERATED,
        "",
        f"- **Code:** {spec.code} (stable; never reused)",
        f"- **Slug:** `{spec.slug}`",
        f"- **Severity:** {spec.severity} (at most {INFERRED_CEILING} when a finding rests on inferred facts)",
        f"- **Family:** {spec.family}",
        f"- **Assessed when the data has:** {_needs(spec.needs)}",
        *([f"- **Reads the absence of:** {_absence(spec.reads_absence)}"] if spec.reads_absence else []),
        f"- **Sources:** {rule.citations}",
        "",
        "## Why",
        "",
        " ".join(spec.rationale.split()),
        "",
        "## What it detects",
        "",
        template(spec.message),
        "",
        "Conditions, in durable-rules' JSON ruleset syntax, with the default profile's thresholds filled in:",
        "",
        *_fence(json.dumps(rule.condition(values), indent=2, ensure_ascii=False), "json"),
    ]
    if spec.superseded_by:
        lines += ["", f"Where {spec.superseded_by} fires, this rule's findings are folded into it as its evidence."]
    if spec.fold:
        lines += [
            "",
            f"Where it fires {spec.fold.at} times or more, its findings are made one about the organisation, "
            f'whose evidence holds them all: "{template(spec.fold.message)}"',
        ]
    if spec.derive:
        lines += [
            "",
            f"When it fires it also derives a `{spec.derive}` fact (a copy of what it matched) for later rules.",
        ]
    lines += [
        "",
        "## Thresholds",
        "",
        *_thresholds(rule),
        "",
        "## Suggested restructuring",
        "",
        *[
            f"- `{s.action}`{' (if none before it applies)' if s.fallback else ''}: {template(s.text)}"
            for s in spec.suggestions
        ],
    ]
    for heading, prefix in (
        ("Problem example (fires)", FIRES),
        ("Healthy example (near miss: does not fire)", NEAR_MISS),
    ):
        examples = _example(fixtures, rule, prefix)
        if examples:
            lines += ["", f"## {heading}", *examples]
    return "\n".join(lines) + "\n"


def published_codes(index: str) -> dict[str, str]:
    """Code -> slug of every rule an index page (docs/rules/README.md) lists, in use or retired: the register of
    the codes published, which never disappear and are never reused.

    >>> published_codes("| OD101 | [channel-silo](OD101-channel-silo.md) | high | … |\\n| OD120 | old-rule |")
    {'OD101': 'channel-silo', 'OD120': 'old-rule'}
    """
    return {match["code"]: match["slug"] for match in _INDEXED.finditer(index)}


def retired_codes(catalogue: Catalogue, published: Mapping[str, str]) -> dict[str, str]:
    """The codes published (code -> slug) that no rule has any more; raise :class:`~orgdiag.problems.RuleError`
    for a rule that takes a code or a slug published for another."""
    codes_of = {slug: code for code, slug in published.items()}
    problems = [
        Problem(str(rule.path), None, "code", f"{rule.code} {rule.slug} takes {code} {slug}, published before")
        for rule in catalogue.rules
        for code, slug in ((rule.code, published.get(rule.code)), (codes_of.get(rule.slug), rule.slug))
        if code is not None and slug is not None and (code, slug) != (rule.code, rule.slug)
    ]
    if problems:
        raise RuleError(problems)
    current = {rule.code for rule in catalogue.rules}
    return {code: slug for code, slug in published.items() if code not in current}


def index_page(catalogue: Catalogue, published: Mapping[str, str] | None = None) -> str:
    """The index of the rules, and of the codes published before (``published``, code -> slug) whose rule is gone:
    listed as retired, so that a code never silently disappears or comes back as another rule."""
    retired = retired_codes(catalogue, published or {})
    lines = [
        "# Rules",
        "",
        GENERATED,
        "",
        "Codes: OD1xx the patterns of the practitioners' texts, OD2xx org-design norms, OD3xx matrix (dotted-line)",
        "reporting, OD4xx data quality. The fields rules match on are in [facts.md](facts.md); thresholds",
        "come from the profiles in `rules/profiles/`.",
        "",
        "| code | slug | severity | title |",
        "|---|---|---|---|",
    ]
    lines += [
        f"| {r.code} | [{r.slug}]({r.code}-{r.slug}.md) | {r.spec.severity} | {r.spec.title} |" for r in catalogue.rules
    ]
    if retired:
        lines += ["", "## Retired codes", "", "Their rules are gone; a code or slug is never reused.", ""]
        lines += ["| code | slug |", "|---|---|", *(f"| {code} | {slug} |" for code, slug in sorted(retired.items()))]
    lines += ["", "## Profiles", "", "| profile | applies | description |", "|---|---|---|"]
    for name, (profile, _) in builtin_profiles().items():
        lines.append(f"| `{name}` | {_applies(name)} | {' '.join(profile.description.split())} |")
    return "\n".join(lines) + "\n"


def facts_page() -> str:
    """The fact reference: every field of every fact type the rules can match."""
    lines = [
        "# Facts",
        "",
        GENERATED,
        "",
        "The facts are what the rules match on: flat, one per element, carrying measures computed in",
        "networkx (`orgdiag/measure/facts/`, `orgdiag/measure/metrics.py`). Every fact has `t` (its type) and",
        '`ref`; the engine adds `id` and `sid`. A rule names a field in its conditions (`{"$gte": {"duties":',
        '"$param:min_duties"}}`) and in its templates (`{m.duty_list}`). A rule that derives a fact type',
        "(`derive: silo`) makes facts with the fields of the fact it matched, and `by` (the rule).",
    ]
    for kind, fields in FACT_FIELDS.items():
        lines += ["", f"## `t: {kind}`", "", "| field | meaning |", "|---|---|"]
        lines += [f"| `{name}` | {meaning} |" for name, meaning in fields.items()]
    return "\n".join(lines) + "\n"


def _shape(param: str, lists: tuple[str, ...]) -> str:
    return "a list" if param in lists else "one value"


def actions_page(catalogue: Catalogue) -> str:
    """The action reference: what each restructuring action does, its parameters, and the rules that suggest it."""
    lines = [
        "# Actions",
        "",
        GENERATED,
        "",
        "What each action a suggestion names does to the organisation, and when it refuses: each is declared once",
        "(`orgdiag/findings/actions.py`), and its implementation in `orgdiag/restructuring/actions/` registers against",
        "that declaration. See [../restructuring.md](../restructuring.md) for how `orgdiag restructure` applies them.",
        "Each parameter has one shape in every suggestion, in the JSON and in the library (`Suggestion.value`,",
        "`Suggestion.values`): a list of values, or one value as text.",
    ]
    for name, spec in ACTIONS.items():
        suggested_by = sorted({r.code for r in catalogue.rules for s in r.spec.suggestions if s.action == name})
        lines += [
            "",
            f"## `{name}`",
            "",
            spec.doc,
            "",
            f"- parameters: {', '.join(f'`{p}` ({_shape(p, spec.lists)})' for p in spec.params)}",
            f"- advice only, never applied: {'yes' if spec.advisory else 'no'}",
            f"- suggested by: {', '.join(suggested_by) or 'no built-in rule'}",
        ]
    return "\n".join(lines) + "\n"


def rule_pages(
    catalogue: Catalogue, fixtures: Path | None = None, published: Mapping[str, str] | None = None
) -> dict[str, str]:
    """File name -> content of every page under docs/rules/; ``published`` are the codes the index listed before
    (:func:`published_codes`)."""
    pages = {f"{r.code}-{r.slug}.md": rule_page(r, fixtures) for r in catalogue.rules}
    pages[INDEX] = index_page(catalogue, published)
    pages["facts.md"] = facts_page()
    pages["actions.md"] = actions_page(catalogue)
    return pages
