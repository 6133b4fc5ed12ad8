"""The pipeline: organisation -> graph -> facts -> engine -> findings.

This is the library's main entry point; consulting tools call :func:`diagnose` on
an in-memory :class:`~orgdiag.model.OrgFile` and get a :class:`Diagnosis` back.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import compress
from operator import attrgetter
from typing import Any, TypeVar

import networkx as nx

from orgdiag.coverage import SURVEYED_EMPTY, Coverage, coverage_of
from orgdiag.findings import Finding, FindingsDocument, NotAssessed, RuleNote, UnusedAccept, severity_rank
from orgdiag.measure.facts import org_context
from orgdiag.measure.graph import build_graph, responsibility_node
from orgdiag.measure.operating import operating_measures
from orgdiag.model import MARCOM, Accept, Agency, Channel, OrgFile, Position, Unit, split_ref
from orgdiag.model.bulk import collector_paused
from orgdiag.naming import element_name
from orgdiag.orgfile import checked
from orgdiag.problems import expected
from orgdiag.rules.catalogue import Catalogue, builtin_catalogue
from orgdiag.rules.docs import rule_help
from orgdiag.rules.engine import DEFAULT_STATE_SIZE, Match
from orgdiag.rules.operating import classify, model_fields
from orgdiag.rules.parallel import FactShards
from orgdiag.rules.profiles import ThresholdProfile, Thresholds, profiles_of, resolve_thresholds, values_of
from orgdiag.rules.spec import FAMILIES, INFERRED_CEILING

T = TypeVar("T")


@dataclass(frozen=True, kw_only=True)
class Diagnosis(FindingsDocument):
    """The outcome of one diagnosis: the findings document, with the graph, the rule catalogue and the
    thresholds in force that made it."""

    graph: nx.MultiDiGraph
    catalogue: Catalogue
    thresholds: Thresholds | None = None


def diagnose(
    org: OrgFile,
    catalogue: Catalogue | None = None,
    params: dict[str, dict[str, Any]] | None = None,
    state_size: int = DEFAULT_STATE_SIZE,
    on_stage: Callable[[str], None] | None = None,
    profile: ThresholdProfile | None = None,
) -> Diagnosis:
    """Diagnose an organisation with the built-in rules (or `catalogue`).

    An organisation that did not come from a loader (:func:`~orgdiag.orgfile.load`), or was changed since (an item
    appended to its lists), is first checked as they check it (ids, references, loops):
    :class:`~orgdiag.problems.InputError` names each problem; anything but an organisation is an
    :class:`~orgdiag.problems.ArgumentError`.
    The thresholds come from the built-in profiles that fit the organisation, then the user's
    `profile`, then `params` (per rule slug or code); a name that matches nothing raises
    :class:`~orgdiag.problems.RuleError`. `on_stage`, if given, is called with the name of each
    stage as it ends (``graph``, ``facts``, ``rules``, ``findings``): the benchmark times the stages.

    >>> from orgdiag.orgfile import load_org
    >>> result = diagnose(load_org("fixtures/demo/nordvik-sport.yaml"))
    >>> result.profiles
    ('default', 'multi-country', 'size-200-499')
    >>> "channel-silo" in {f.slug for f in result.findings}
    True
    """
    stage_ended = on_stage or (lambda name: None)
    expected(org, OrgFile, "orgdiag.diagnose", "org", "an OrgFile (orgdiag.load reads one from a path or a mapping)")
    checked(org)
    with collector_paused():  # from here on, everything allocated lives until the diagnosis is done
        catalogue = catalogue or builtin_catalogue()
        coverage = coverage_of(org)
        assessable, not_assessed = assessable_rules(catalogue, coverage)
        applied = profiles_of(org)
        thresholds = resolve_thresholds(catalogue, applied, profile, params)
        if profile is not None:
            applied.append(profile.name)
        graph = build_graph(org)
        stage_ended("graph")
        context = org_context(graph)
        measures = operating_measures(context)
        operating_model = classify(measures, coverage, declared=org.organisation.operating_model)
        with FactShards(context) as facts:
            facts.org_fact().update(model_fields(operating_model, measures))
            top = str(facts.org_fact().get("top_position") or "")
            stage_ended("facts")
            definitions = assessable.definitions(values_of(thresholds))
            run = facts.run_rules(definitions, state_size=state_size, derives=assessable.derives())
        stage_ended("rules")
        made, items = _findings(catalogue, run.matches, values_of(thresholds), _namer(graph))
        found = gathered(catalogue, folded(catalogue, made), items, top)
        findings, unused = _accepted(org, catalogue, found)
        weighted = weighed(org, catalogue, coverage, findings, context.given)
        findings = surveyed_absence(catalogue, coverage, weighted)
        stage_ended("findings")
    return Diagnosis(
        org=org,
        graph=graph,
        findings=findings,
        catalogue=catalogue,
        facts_in=run.facts_in,
        facts_handled=run.facts_handled,
        profiles=tuple(applied),
        thresholds=thresholds,
        unused_accepts=unused,
        names=_names(graph, findings, unused),
        notes=_notes(catalogue, findings),
        coverage=coverage,
        assessed=_by_family(assessable),
        not_assessed=not_assessed,
        operating_model=operating_model,
    )


def assessable_rules(catalogue: Catalogue, coverage: Coverage) -> tuple[Catalogue, tuple[NotAssessed, ...]]:
    """The selected rules the data can assess, and those it cannot: a rule that needs a kind of fact the data
    holds none of is not run, since the silence of an export is no evidence (nobody owns the strategy, no KPI); nor
    is a rule that reads the absence of a kind of evidence nobody stated or surveyed."""
    missing = {
        rule.code: tuple(coverage.missing(list(dict.fromkeys([*rule.spec.needs, *rule.spec.reads_absence]))))
        for rule in catalogue.rules
    }
    run = tuple(rule for rule in catalogue.rules if not missing[rule.code])
    skipped = tuple(
        NotAssessed(rule.code, rule.slug, rule.spec.family, missing[rule.code])
        for rule in catalogue.rules
        if missing[rule.code]
    )
    return Catalogue(run, catalogue.every), skipped


def _by_family(catalogue: Catalogue) -> dict[str, tuple[str, ...]]:
    families: dict[str, list[str]] = {family: [] for family in FAMILIES}
    for rule in catalogue.rules:
        families[rule.spec.family].append(rule.code)
    return {family: tuple(codes) for family, codes in families.items() if codes}


def _namer(graph: nx.MultiDiGraph) -> Callable[[str], str]:
    """How a finding's text names an element of the graph: "Marknadschef (cmo)"; a responsibility by what it is and
    what it is for ("the budget for CRM & nyhetsbrev (crm)", "the marcom strategy"); an id it does not hold, as is."""

    def name(element: str) -> str:
        node = graph.nodes.get(element)
        if node is not None:
            return element_name(node.get("name"), element)
        scope, word = split_ref(element)
        if not scope or responsibility_node(element) not in graph:
            return element
        word = RESPONSIBILITY_WORDS.get(word, word)
        return f"the {scope} {word}" if scope == MARCOM or scope not in graph else f"the {word} for {name(scope)}"

    return name


#: A responsibility word as a sentence writes it, where that is not the word itself.
RESPONSIBILITY_WORDS = {"kpis": "KPIs"}


def _findings(
    catalogue: Catalogue, matches: list[Match], values: dict[str, dict[str, Any]], names: Callable[[str], str]
) -> tuple[tuple[Finding, ...], dict[str, str]]:
    """Each match made a finding by its rule's templates; the same finding twice kept once; a stable order. With
    them, what each finding of a rule that folds is about (its fold's item), by the finding's JSON."""
    rules = {rule.slug: rule for rule in catalogue.rules}
    unique: dict[str, Finding] = {}
    items: dict[str, str] = {}
    for match in matches:
        rule = rules[match.rule]
        finding = rule.finding(match, values.get(match.rule), names)
        key = finding.model_dump_json()
        unique.setdefault(key, finding)
        if rule.spec.fold is not None:
            items.setdefault(key, rule.item(match, values.get(match.rule), names))
    return tuple(sorted(unique.values(), key=Finding.sort_key)), items


def folded(catalogue: Catalogue, findings: tuple[Finding, ...]) -> tuple[Finding, ...]:
    """Findings of a rule ``superseded_by`` another that fired, folded into that one: a span profile that says
    most managers have narrow spans is the finding, and the managers are its evidence, not a hundred findings.

    >>> from orgdiag.orgfile import parse_org
    >>> from orgdiag.rules.cases import load_cases
    >>> case = load_cases("fixtures/rules/span-profile.yaml")[0]
    >>> case.name
    'fires-most-managers-have-two-reports'
    >>> [f.rule for f in diagnose(parse_org(case.org)).findings if f.rule.startswith("OD2")]
    ['OD204']
    """
    kept = list(findings)
    for target in catalogue.rules:
        folding = [r for r in catalogue.rules if r.spec.superseded_by in (target.code, target.slug)]
        if not folding:
            continue
        systemic = next((f for f in kept if f.rule == target.code), None)
        single = {rule.code: [f for f in kept if f.rule == rule.code] for rule in folding}
        counts = [f"{rule.code} {rule.slug} ({len(single[rule.code])})" for rule in folding if single[rule.code]]
        if systemic is None or not counts:
            continue
        subjects = [f.subject for found in single.values() for f in found]
        message = f"{systemic.message} Its evidence holds the findings of {_and(counts)}, folded into this one."
        merged = systemic.model_copy(
            update={"evidence": list(dict.fromkeys([*systemic.evidence, *subjects])), "message": message}
        )
        kept = [merged if f is systemic else f for f in kept if f.rule not in single]
    return tuple(kept)


def gathered(
    catalogue: Catalogue, findings: tuple[Finding, ...], items: dict[str, str], top: str
) -> tuple[Finding, ...]:
    """The findings of each rule that ``fold``s, where it fired often enough, made one about the organisation
    (subject `top`, else the first finding's): a consultant raises "paybills that cannot be reconciled" once and
    lists the posts, and a body of 3,000 posts gets one such finding, not forty.

    >>> from orgdiag.rules.catalogue import builtin_catalogue
    >>> made = [Finding(rule="OD704", slug="paybill-unreconciled", title="", severity="low", subject=post,
    ...     evidence=[post], message="", suggestions=[]) for post in ("p1", "p2")]
    >>> items = {f.model_dump_json(): f"Director ({f.subject})" for f in made}
    >>> [(f.subject, f.evidence) for f in gathered(builtin_catalogue(), tuple(made), items, "ceo")]
    [('ceo', ['p1', 'p2'])]
    """
    kept = list(findings)
    for rule in catalogue.rules:
        fold = rule.spec.fold
        if fold is None:
            continue
        mine = [f for f in kept if f.rule == rule.code]
        if len(mine) < fold.at:
            continue
        labels = [items.get(f.model_dump_json()) or f.subject for f in mine]
        one = rule.folded(mine, labels, top or mine[0].subject)
        kept = [f for f in kept if f.rule != rule.code] + [one]
    return tuple(sorted(kept, key=Finding.sort_key))


def _and(words: list[str]) -> str:
    return ", ".join(words[:-1]) + (" and " if len(words) > 1 else "") + words[-1]


def _names(graph: nx.MultiDiGraph, findings: tuple[Finding, ...], unused: tuple[UnusedAccept, ...]) -> dict[str, str]:
    """What each element the findings and unused accepts name is called: its node's name (a position's title,
    a channel's name or id)."""
    named = {element for f in findings for element in (f.subject, *f.evidence)} | {a.element for a in unused}
    return {element: graph.nodes[element].get("name") for element in sorted(named) if element in graph}


def _notes(catalogue: Catalogue, findings: tuple[Finding, ...]) -> dict[str, RuleNote]:
    """Why the rule of each finding matters, by rule code."""
    rules = {rule.code: rule for rule in map(catalogue.find, {f.rule for f in findings}) if rule is not None}
    return {
        code: RuleNote(rule.spec.rationale, rule.citations, rule_help(rule)) for code, rule in sorted(rules.items())
    }


def accepts_of(org: OrgFile) -> dict[str, list[Accept]]:
    """The ``accept:`` entries of every unit, position, channel and agency, by element id."""
    elements: list[Unit | Position | Channel | Agency] = [*org.units, *org.positions, *org.channels, *org.agencies]
    return {element.id: list(element.accept) for element in _with(elements, "accept")}


def _accepted(
    org: OrgFile, catalogue: Catalogue, findings: tuple[Finding, ...]
) -> tuple[tuple[Finding, ...], tuple[UnusedAccept, ...]]:
    """Mark each finding accepted on its subject as accepted (kept, with the reason); list accepts that
    matched no finding, and why."""
    accepts = accepts_of(org)
    used: set[tuple[str, int]] = set()
    marked = []
    for finding in findings:
        for number, accept in enumerate(accepts.get(finding.subject, [])):
            if accept.rule.strip() in (finding.rule, finding.slug) or accept.rule.strip().upper() == finding.rule:
                finding = finding.model_copy(update={"accepted": accept.reason})
                used.add((finding.subject, number))
                break
        marked.append(finding)
    unused = [
        UnusedAccept(element=element, rule=accept.rule, reason=accept.reason, why=_why_unused(catalogue, accept))
        for element, entries in sorted(accepts.items())
        for number, accept in enumerate(entries)
        if (element, number) not in used
    ]
    return tuple(marked), tuple(unused)


def weighed(
    org: OrgFile,
    catalogue: Catalogue,
    coverage: Coverage,
    findings: tuple[Finding, ...],
    given: frozenset[str] | None = None,
) -> tuple[Finding, ...]:
    """Each finding that rests on facts inferred from words, or on entries the consultant marked
    ``confidence: assumed``, says which, and is never more serious than
    :data:`~orgdiag.rules.spec.INFERRED_CEILING` (`given`, the fields any position gives, spares a pass over 10^5
    positions that mark neither): it rests on them when an element it names is an assumption or was inferred
    in a kind of fact its rule needs (a channel read from a unit name, a role read from a title), or when the data
    holds that kind only as inferred."""
    positions = org.positions if given is None or given & {"inferred", "confidence"} else []
    inferences, assumptions = _inferences(org, positions), _assumptions(org, positions)
    if not inferences and not assumptions and not any(status == "inferred" for status in coverage.kinds.values()):
        return findings
    ceiling = severity_rank(INFERRED_CEILING)
    result = []
    for finding in findings:
        rule = catalogue.find(finding.rule)
        needs = set(rule.spec.needs) if rule is not None else set()
        used = [
            text
            for element in dict.fromkeys((finding.subject, *finding.evidence))
            for kind, text in inferences.get(element, [])
            if kind in needs
        ]
        used += [
            f"no {kind} are stated: those in the data are inferred" for kind in coverage.only_inferred(sorted(needs))
        ]
        assumed = [
            assumptions[element]
            for element in dict.fromkeys((finding.subject, *finding.evidence))
            if element in assumptions
        ]
        if not used and not assumed:
            result.append(finding)
            continue
        update: dict[str, Any] = {"inferred": used or None, "assumed": assumed or None}
        if severity_rank(finding.severity) > ceiling:
            update |= {"severity": INFERRED_CEILING, "stated_severity": finding.severity}
        result.append(finding.model_copy(update=update))
    return tuple(sorted(result, key=Finding.sort_key))


def surveyed_absence(catalogue: Catalogue, coverage: Coverage, findings: tuple[Finding, ...]) -> tuple[Finding, ...]:
    """Each finding of a rule that reads the absence of a kind of evidence the consultant surveyed and found empty
    says so: "no link" is then a fact of the survey, and the reader should know it rests on it."""
    if "surveyed" not in coverage.kinds.values():
        return findings
    result = []
    for finding in findings:
        rule = catalogue.find(finding.rule)
        empty = coverage.surveyed_empty(rule.spec.reads_absence) if rule is not None else []
        if empty:
            said = " ".join(SURVEYED_EMPTY[kind] for kind in empty)
            finding = finding.model_copy(update={"message": f"{finding.message} {said}"})
        result.append(finding)
    return tuple(result)


def _assumptions(org: OrgFile, positions: Sequence[Position]) -> dict[str, str]:
    """For each element the consultant marked ``confidence: assumed`` (of the units, channels, agencies and
    `positions`): that it is an assumption, and its source."""
    sections: list[Sequence[Unit | Position | Channel | Agency]] = [org.units, positions, org.channels, org.agencies]
    elements = [element for section in sections for element in _with(section, "confidence")]
    return {
        element.id: f"{_label(element)} is an assumption" + (f" (source: {element.source})" if element.source else "")
        for element in elements
        if element.confidence == "assumed"
    }


def _label(element: Unit | Position | Channel | Agency) -> str:
    """An element as a reader knows it: a post's title, a unit's, channel's or agency's name."""
    if isinstance(element, Position):
        return element.title
    return element.name or element.id


def _inferences(org: OrgFile, positions: Sequence[Position]) -> dict[str, list[tuple[str, str]]]:
    """For each element (a channel, or one of `positions`) with inferred facts: the kind of fact (``channels``,
    ``roles``) and the inference."""
    live = [position for position in _with(positions, "inferred") if not position.abolished]
    elements: list[Position | Channel] = [*live, *_with(org.channels, "inferred")]
    return {
        element.id: [("channels" if i.fact == "channel" else "roles", i.describe()) for i in element.inferred]
        for element in elements
    }


def _with(elements: Sequence[T], field: str) -> list[T]:
    """The elements whose `field` is set (a non-empty tuple), picked at C speed from 10^5 positions."""
    return list(compress(elements, map(attrgetter(field), elements)))


def _why_unused(catalogue: Catalogue, accept: Accept) -> str:
    rule = catalogue.find(accept.rule)
    if rule is None:
        return f"no rule '{accept.rule}' is loaded"
    if rule.code not in {r.code for r in catalogue.rules}:
        return f"{rule.code} ({rule.slug}) was not run (--only/--skip)"
    return f"{rule.code} ({rule.slug}) finds nothing about this element"
