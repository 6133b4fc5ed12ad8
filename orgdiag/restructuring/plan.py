"""From findings to a proposed organisation: plan the suggested changes, apply them, diagnose again, compare.

The steps are functions a consulting tool can call on an organisation in memory::

    before = diagnose(org)
    proposals = plan(before)                 # the open findings' suggestions, most serious first
    applied = apply(org, proposals)          # the changes made, and those that could not be
    after = diagnose(applied.org)
    comparison = compare(before, after)      # findings resolved, remaining, introduced; what changed

:func:`restructure` repeats plan and apply on each new diagnosis until no suggestion
applies any more (a change can make a finding appear that another change answers),
so that restructuring its result proposes nothing: a fixed point, not a loop of
moves back and forth. It stops after :data:`MAX_ROUNDS` rounds regardless and says so.

>>> from orgdiag import parse_org
>>> from orgdiag.rules.cases import load_cases
>>> case = load_cases("fixtures/rules/no-executive-sponsor.yaml")[1]
>>> case.name
'fires-sponsor-too-deep-in-the-line'
>>> result = restructure(parse_org(case.org))
>>> result.changes[0].finding.rule, result.changes[0].suggestion.action
('OD108', 'add_sponsor')
>>> "OD108" in {f.rule for f in result.comparison.resolved}, result.settled
(True, True)
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from orgdiag.diagnosis import Diagnosis, diagnose
from orgdiag.findings import ACTIONS, Finding, Suggestion
from orgdiag.model import OPERATING_MODELS, OrgFile
from orgdiag.model.bulk import collector_paused
from orgdiag.problems import InputError, Problem, did_you_mean
from orgdiag.restructuring.actions import apply_action
from orgdiag.restructuring.diff import diff_orgs
from orgdiag.restructuring.draft import Draft, NotApplicable, Refused, many
from orgdiag.restructuring.guard_rails import evidence_of, held_back
from orgdiag.restructuring.results import (
    Applied,
    Change,
    Comparison,
    Evidence,
    NotApplied,
    Restructuring,
    finding_key,
)
from orgdiag.rules.catalogue import Catalogue
from orgdiag.rules.profiles import ThresholdProfile

#: Restructuring stops after this many rounds of planning and applying, settled or not.
MAX_ROUNDS = 8


@dataclass(frozen=True)
class Proposal:
    """One suggestion of one open finding, to be tried; ``needs``: the kinds of evidence the finding's rule rests
    on (its KPIs, approvals, links … are cited with the change)."""

    finding: Finding
    suggestion: Suggestion
    needs: tuple[str, ...] = ()


def selectors_of(finding: Finding, suggestion: Suggestion) -> set[str]:
    """The names by which ``--only`` and ``--skip`` pick a suggestion: the finding's rule code and slug, the
    finding itself as ``RULE:SUBJECT`` (code or slug), and the action."""
    return {
        finding.rule,
        finding.slug,
        f"{finding.rule}:{finding.subject}",
        f"{finding.slug}:{finding.subject}",
        suggestion.action,
    }


def check_selectors(catalogue: Catalogue, only: Iterable[str], skip: Iterable[str]) -> None:
    """Every ``--only``/``--skip`` value names a rule (code or slug, optionally ``:SUBJECT``) or an action;
    raise InputError naming those that do not."""
    known = set(ACTIONS) | {name for rule in catalogue.rules for name in (rule.code, rule.slug)}
    problems = [
        Problem(
            "<options>", None, option, f"'{value}' names no rule, finding or action{_nearest(value, known)}", (value,)
        )
        for option, values in (("--only", only), ("--skip", skip))
        for value in values
        if value.split(":", 1)[0] not in known
    ]
    if problems:
        raise InputError(problems)


def _nearest(selector: str, known: set[str]) -> str:
    return did_you_mean(selector.split(":", 1)[0], known)


def plan(diagnosis: Diagnosis, only: Iterable[str] = (), skip: Iterable[str] = ()) -> list[Proposal]:
    """The suggestions of the open findings, most serious finding first, each finding's in its rule's order.

    ``only`` keeps those picked by any of the names (see :func:`selectors_of`), ``skip`` leaves them out.
    Accepted findings propose nothing.
    """
    only, skip = set(only), set(skip)
    proposals = []
    for finding in diagnosis.open_findings:
        rule = diagnosis.catalogue.find(finding.rule)
        needs = tuple(rule.spec.needs) if rule is not None else ()
        for suggestion in finding.suggestions:
            names = selectors_of(finding, suggestion)
            if (not only or names & only) and not names & skip:
                proposals.append(Proposal(finding, suggestion, needs))
    return proposals


@dataclass(frozen=True)
class Caution:
    """Which facts restructuring acts on besides those stated: inferred from words (``inferred``), marked as assumed
    (``assumed``). By default neither: a change resting on them is a proposal for the workshop."""

    inferred: bool = False
    assumed: bool = False


def apply(
    org: OrgFile,
    proposals: Iterable[Proposal],
    first_number: int = 1,
    round_number: int = 1,
    include_inferred: bool = False,
    max_span: int | None = None,
    include_assumed: bool = False,
) -> Applied:
    """Apply the proposals in order to a copy of the organisation.

    Each applies only if its preconditions hold on the organisation as the earlier ones left it, and the guard rails
    (:mod:`~orgdiag.restructuring.guard_rails`) let it; otherwise it is reported with the reason (naming the earlier
    change that touched its subject, if one did). A ``fallback`` suggestion is tried only when none of its finding's
    suggestions before it applied or was proposed for the workshop. A change that rests on facts inferred from words
    (unless ``include_inferred``: a unit named "Social Science" is no reason to move it into marketing) or on
    entries marked as assumed (unless ``include_assumed``) is rehearsed, not made: a proposal for the workshop, with
    what it would do. ``max_span`` is the most direct reports a change may give a manager (:func:`restructure`
    passes the span-too-wide threshold in force).
    """
    caution = Caution(include_inferred, include_assumed)
    with collector_paused():  # the draft of a large organisation is built and checked as a diagnosis is: a fifth faster
        return _applied(org, proposals, first_number, round_number, caution, max_span)


def _applied(
    org: OrgFile,
    proposals: Iterable[Proposal],
    first_number: int,
    round_number: int,
    caution: Caution,
    max_span: int | None,
) -> Applied:
    draft = Draft(org, max_span)
    changes: list[Change] = []
    not_applied: list[NotApplied] = []
    touched_by: dict[str, int] = {}
    answered: set[tuple[str, str]] = set()
    for proposal in proposals:
        finding, suggestion = proposal.finding, proposal.suggestion
        key = finding_key(finding)
        if suggestion.fallback and key in answered:
            continue
        number = first_number + len(changes)
        rests_on = evidence_of(draft, finding, suggestion, proposal.needs)
        workshop = held_back(finding, rests_on, caution.inferred, caution.assumed)
        try:
            edits = apply_action(draft, suggestion.action, suggestion.params, keep=not workshop)
        except NotApplicable as why:
            not_applied.append(_not_applied(proposal, why, touched_by, rests_on))
            continue
        answered.add(key)
        if workshop:
            not_applied.append(NotApplied(finding, suggestion, workshop, False, rests_on, True, tuple(edits)))
            continue
        changes.append(Change(number, round_number, finding, suggestion, tuple(edits), rests_on))
        touched_by.update((edit.element, number) for edit in edits)
    drafted = draft.org()
    draft.release()
    return Applied(drafted, tuple(changes), tuple(not_applied))


def _not_applied(
    proposal: Proposal, why: NotApplicable, touched_by: dict[str, int], rests_on: tuple[Evidence, ...]
) -> NotApplied:
    suggestion = proposal.suggestion
    named = [value for name in suggestion.params for value in many(suggestion.params, name)]
    earlier = sorted({touched_by[value] for value in named if value in touched_by})
    reason = str(why) + (f" (after change {', '.join(map(str, earlier))})" if earlier else "")
    advisory = ACTIONS[suggestion.action].advisory
    return NotApplied(proposal.finding, suggestion, reason, advisory, rests_on, refused=isinstance(why, Refused))


def compare(before: Diagnosis, after: Diagnosis) -> Comparison:
    """Which open findings of ``before`` are gone in ``after``, which remain, which are new; and how the two
    organisations differ."""
    after_keys = {finding_key(f) for f in after.open_findings}
    before_keys = {finding_key(f) for f in before.open_findings}
    return Comparison(
        before=before,
        after=after,
        resolved=tuple(f for f in before.open_findings if finding_key(f) not in after_keys),
        remaining=tuple(f for f in after.open_findings if finding_key(f) in before_keys),
        introduced=tuple(f for f in after.open_findings if finding_key(f) not in before_keys),
        differences=diff_orgs(before.org, after.org),
    )


def max_span_of(diagnosis: Diagnosis) -> int | None:
    """The most direct reports the thresholds in force allow a manager (span-too-wide's), if that rule is known."""
    threshold = (diagnosis.thresholds or {}).get("span-too-wide", {}).get("max_span")
    return int(threshold.value) if threshold is not None else None


def restructure(
    org: OrgFile,
    catalogue: Catalogue | None = None,
    *,
    only: Iterable[str] = (),
    skip: Iterable[str] = (),
    profile: ThresholdProfile | None = None,
    params: dict[str, dict[str, object]] | None = None,
    include_inferred: bool = False,
    on_round: Callable[[int, int, int], None] | None = None,
    include_assumed: bool = False,
) -> Restructuring:
    """Diagnose, then plan and apply the suggestions round after round until none applies; compare the result.
    Changes that rest on inferred facts, or on assumed ones, are proposals for the workshop unless
    ``include_inferred`` or ``include_assumed`` (see :func:`apply`).
    `on_round`, if given, is called after each round's diagnosis with the round's number, the changes it made
    and the open findings after it (round 0: the diagnosis before any change)."""
    tell = on_round or (lambda number, made, found: None)
    again = functools.partial(diagnose, catalogue=catalogue, params=params, profile=profile)  # the same each round
    only, skip = tuple(only), tuple(skip)
    before = current = again(org)
    tell(0, 0, len(before.open_findings))
    changes: list[Change] = []
    not_applied: tuple[NotApplied, ...] = ()
    refused: dict[tuple[str, str, str, str], NotApplied] = {}
    for round_number in range(1, MAX_ROUNDS + 1):
        proposals = plan(current, only, skip)
        applied = apply(
            current.org,
            proposals,
            len(changes) + 1,
            round_number,
            include_inferred,
            max_span_of(current),
            include_assumed,
        )
        not_applied = applied.not_applied
        refused |= {item.key(): item for item in not_applied if item.refused}
        if not applied.changes:
            return Restructuring(
                compare(before, current),
                tuple(changes),
                _with_refusals(not_applied, refused, changes),
                round_number,
                True,
            )
        changes += applied.changes
        current = again(applied.org)
        tell(round_number, len(applied.changes), len(current.open_findings))
    return Restructuring(
        compare(before, current), tuple(changes), _with_refusals(not_applied, refused, changes), MAX_ROUNDS, False
    )


def _with_refusals(
    last: tuple[NotApplied, ...], refused: dict[tuple[str, str, str, str], NotApplied], changes: list[Change]
) -> tuple[NotApplied, ...]:
    """What the last round did not apply, then what the guard rails refused in an earlier round of a finding that a
    change of its own answered instead (a fallback: a forum rather than a move into marketing): the refusal is said
    although the finding is gone."""
    tried = {item.key() for item in last}
    answered = {finding_key(change.finding) for change in changes}
    earlier = [item for key, item in refused.items() if key not in tried and finding_key(item.finding) in answered]
    return last + tuple(earlier)


#: The rule whose suggestions close the gap to a declared operating model.
MODEL_GAP_RULE = "OD119"


def toward(
    org: OrgFile,
    model: str,
    catalogue: Catalogue | None = None,
    *,
    profile: ThresholdProfile | None = None,
    on_round: Callable[[int, int, int], None] | None = None,
) -> Restructuring:
    """The changes that take the organisation toward an operating model (``next``: the next on the path of
    maturity, from what its diagnosis observes): the model declared as its target, then only the suggestions of
    the gap to it (:data:`MODEL_GAP_RULE`) applied and re-diagnosed, as :func:`restructure` does. The proposal
    declares the model too. A model that is unknown, or no next step, is :class:`~orgdiag.problems.InputError`.

    >>> from orgdiag import load_org
    >>> result = toward(load_org("fixtures/operating-models/organic/fires-each-unit-runs-its-own.yaml"), "next")
    >>> result.comparison.before.operating_model.model, result.comparison.after.operating_model.model
    ('organic', 'hub-and-spoke')
    """
    if model == "next":
        observed = diagnose(org, catalogue, profile=profile).operating_model
        if observed is None or observed.next is None:
            name = observed.name if observed is not None else "not classified"
            why = f"the organisation's operating model is {name}, which has no next step on the path of maturity"
            raise InputError([Problem("--toward", None, "", why, ("next",))])
        model = observed.next
    if model not in OPERATING_MODELS:
        message = f"no operating model '{model}'{did_you_mean(model, OPERATING_MODELS)}; known: next, " + ", ".join(
            OPERATING_MODELS
        )
        raise InputError([Problem("--toward", None, "", message, (model,))])
    declared = org.model_copy(update={"organisation": org.organisation.model_copy(update={"operating_model": model})})
    return restructure(declared, catalogue, only=(MODEL_GAP_RULE,), profile=profile, on_round=on_round)
