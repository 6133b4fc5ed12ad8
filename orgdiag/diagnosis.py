"""The pipeline: organisation -> graph -> facts -> engine -> findings.

This is the library's main entry point; consulting tools call :func:`diagnose` on
an in-memory :class:`~orgdiag.model.OrgFile` and get a :class:`Diagnosis` back.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import networkx as nx

from orgdiag.bulk import collector_paused
from orgdiag.catalogue import Catalogue, builtin_catalogue
from orgdiag.engine import DEFAULT_STATE_SIZE, Match
from orgdiag.facts import org_context
from orgdiag.findings import Finding, severity_rank
from orgdiag.graph import build_graph
from orgdiag.model import OrgFile
from orgdiag.parallel import FactShards


@dataclass(frozen=True)
class Diagnosis:
    """The outcome of one diagnosis: the organisation, its graph, the findings and how many facts ran."""

    org: OrgFile
    graph: nx.MultiDiGraph
    findings: tuple[Finding, ...]
    catalogue: Catalogue
    facts_in: int
    facts_handled: int

    def by_severity(self) -> dict[str, int]:
        """How many findings of each severity, most serious first, zero counts left out."""
        counts: dict[str, int] = {}
        for finding in self.findings:
            counts[finding.severity] = counts.get(finding.severity, 0) + 1
        return dict(sorted(counts.items(), key=lambda item: -severity_rank(item[0])))

    def to_json_data(self) -> dict[str, Any]:
        """``{"organisation": …, "findings": […]}``: what ``orgdiag diagnose --format json`` prints."""
        return {
            "organisation": self.org.organisation.model_dump(mode="json", exclude_none=True),
            "findings": [finding.model_dump(mode="json") for finding in self.findings],
        }


def diagnose(
    org: OrgFile,
    catalogue: Catalogue | None = None,
    params: dict[str, dict[str, Any]] | None = None,
    state_size: int = DEFAULT_STATE_SIZE,
    on_stage: Callable[[str], None] | None = None,
) -> Diagnosis:
    """Diagnose an organisation with the built-in rules (or `catalogue`), thresholds overridable per rule slug.

    `on_stage`, if given, is called with the name of each stage as it ends (``graph``, ``facts``,
    ``rules``, ``findings``): the benchmark times and measures the stages with it.

    >>> from orgdiag.orgfile import load_org
    >>> result = diagnose(load_org("fixtures/demo/nordvik-sport.yaml"))
    >>> sorted({f.slug for f in result.findings})  # doctest: +NORMALIZE_WHITESPACE
    ['agency-kingdom', 'channel-level-strategy', 'channel-silo', 'no-marcom-owner', 'overloaded-strategist']
    """
    catalogue = catalogue or builtin_catalogue()
    stage_ended = on_stage or (lambda name: None)
    with collector_paused():
        graph = build_graph(org)
        stage_ended("graph")
        with FactShards(org_context(graph)) as facts:
            stage_ended("facts")
            run = facts.run_rules(catalogue.definitions(params), state_size=state_size)
        stage_ended("rules")
        findings = _findings(catalogue, run.matches)
        stage_ended("findings")
    return Diagnosis(
        org=org,
        graph=graph,
        findings=findings,
        catalogue=catalogue,
        facts_in=run.facts_in,
        facts_handled=run.facts_handled,
    )


def _findings(catalogue: Catalogue, matches: list[Match]) -> tuple[Finding, ...]:
    """Each match made a finding by its rule's templates; the same finding twice kept once; a stable order."""
    rules = {rule.slug: rule for rule in catalogue.rules}
    unique: dict[str, Finding] = {}
    for match in matches:
        finding = rules[match.rule].finding(match)
        unique.setdefault(finding.model_dump_json(), finding)
    return tuple(sorted(unique.values(), key=Finding.sort_key))
