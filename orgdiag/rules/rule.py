"""A loaded rule: its spec and the file it came from, its conditions filled with thresholds, and the finding it
makes of a match."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from orgdiag.findings import ACTIONS, Finding, Suggestion, severity_rank
from orgdiag.measure.facts import FACT_DEFAULTS
from orgdiag.problems import EngineError, OrgdiagError, Problem, RuleError
from orgdiag.resources import rules_dir
from orgdiag.rules.conditions import named_conditions, substitute, types_tested
from orgdiag.rules.engine import Match
from orgdiag.rules.sources import SOURCE_LABELS, SOURCES
from orgdiag.rules.spec import RuleSpec, Scalar
from orgdiag.rules.templates import FOLD_FACT, PARAM_FACT, Namer, param_value, render, render_ids

T = TypeVar("T")

#: A fold's message lists this many items, then says how many more its evidence holds.
FOLD_SHOWN = 12


def listed_items(items: list[str]) -> str:
    """A fold's items for its message: each once, with how many findings it stands for where several read alike,
    the first :data:`FOLD_SHOWN` of them and how many more.

    >>> listed_items(["Group Manager (SCS1)", "Director (SCS2)", "Group Manager (SCS1)"])
    'Group Manager (SCS1) (2 of them); Director (SCS2)'
    """
    counts: dict[str, int] = {}
    for item in items:
        counts[item] = counts.get(item, 0) + 1
    shown = [f"{item} ({n} of them)" if n > 1 else item for item, n in counts.items()]
    more = len(shown) - FOLD_SHOWN
    return "; ".join(shown[:FOLD_SHOWN]) + (f"; and {more} more" if more > 0 else "")


@dataclass(frozen=True)
class Rule:
    """A loaded rule: its spec and the file it came from."""

    spec: RuleSpec
    path: Path

    @property
    def code(self) -> str:
        return self.spec.code

    @property
    def slug(self) -> str:
        return self.spec.slug

    @property
    def citations(self) -> str:
        """The rule's sources as a reader sees them: each text's author and title, or the practice it comes from.

        >>> from orgdiag.rules.catalogue import builtin_catalogue
        >>> for source in builtin_catalogue().find("OD201").citations.split("; "): print(source)
        org-design practice
        Anders Flodqvist (interview), "Sätt en strategi för sociala medier" (Set a strategy for social media)
        """
        return "; ".join(str(SOURCES.get(s) or SOURCE_LABELS.get(s, s)) for s in self.spec.sources)

    @property
    def defaults(self) -> dict[str, Scalar]:
        """The parameter values the rule file itself gives."""
        return {name: p.default for name, p in self.spec.params.items() if p.default is not None}

    def condition(self, values: dict[str, Any]) -> dict[str, Any]:
        """The durable-rules definition with every ``$param:NAME`` replaced by its value."""
        definition: dict[str, Any] = substitute(self.spec.when, values)
        return definition

    def fact_types(self) -> dict[str, set[str]]:
        """The type(s) each named fact of the conditions must have (by its ``t`` test; empty: any type)."""
        return {name: types_tested(expression) for name, expression in named_conditions(self.spec.when)}

    def finding(self, match: Match, values: dict[str, Any] | None = None, names: Namer | None = None) -> Finding:
        """Fill the rule's templates from the facts it matched (with the empty values of the fields a fact may be built
        without: :data:`~orgdiag.measure.facts.FACT_DEFAULTS`); ``{param.NAME}`` from its thresholds' values; the
        ids a message or suggestion writes ``{m.field:names}`` as `names` names them."""
        return self._filled(match, values, lambda facts: self._fill(facts, names))

    def item(self, match: Match, values: dict[str, Any] | None = None, names: Namer | None = None) -> str:
        """What the finding of one match is about, as the rule's fold lists it ("" for a rule that does not fold)."""
        fold = self.spec.fold
        return "" if fold is None else self._filled(match, values, lambda facts: render(fold.item, facts, names))

    def _filled(self, match: Match, values: dict[str, Any] | None, fill: Callable[[dict[str, dict[str, Any]]], T]) -> T:
        """`fill` given the matched facts (with their defaults) and the thresholds, a missing field named as such."""
        facts = {name: {**FACT_DEFAULTS.get(fact.get("t", ""), {}), **fact} for name, fact in match.facts.items()}
        try:
            return fill({**facts, PARAM_FACT: {**self.defaults, **(values or {})}})
        except KeyError as error:
            raise self._missing_field(str(error), facts) from None

    def _missing_field(self, field: str, facts: dict[str, dict[str, Any]]) -> OrgdiagError:
        """A template named a field the matched fact lacks: a built-in rule's bug (the tool failed), or a rule pack's
        mistake (bad input, exit 2), where a condition without a fact type (``t:``) matched a type it did not mean."""
        if self.path.resolve().is_relative_to(rules_dir().resolve()):
            return EngineError(f"{self.path}: a template names {field}, which the matched fact does not have")
        types = ", ".join(sorted({f"'{fact.get('t', '?')}'" for fact in facts.values()}))
        message = (
            f"a template names {field}, which the fact it matched (of type {types}) does not have: give each "
            "condition the type of fact it means (t: ...) so that it matches no other"
        )
        return RuleError([Problem(str(self.path), None, "when", message, (self.code,))])

    def folded(self, findings: list[Finding], items: list[str], subject: str) -> Finding:
        """The rule's findings made one about the organisation (`subject`, its top): the most serious severity,
        every subject and piece of evidence, every suggestion once, and the fold's message listing `items`."""
        if self.spec.fold is None:
            raise EngineError(f"{self.path}: the rule has no fold")
        evidence = list(dict.fromkeys(e for f in findings for e in (f.subject, *f.evidence) if e))
        suggestions = list({s.model_dump_json(): s for f in findings for s in f.suggestions}.values())
        listed = {FOLD_FACT: {"count": len(findings), "items": listed_items(items)}}
        return findings[0].model_copy(
            update={
                "severity": max((f.severity for f in findings), key=severity_rank),
                "subject": subject,
                "evidence": evidence,
                "message": render(self.spec.fold.message, listed),
                "suggestions": suggestions,
            }
        )

    def _fill(self, facts: dict[str, dict[str, Any]], names: Namer | None) -> Finding:
        subject = render(self.spec.subject, facts)
        evidence = list(dict.fromkeys(item for t in self.spec.evidence for item in render_ids(t, facts) if item))
        suggestions = [
            Suggestion(
                action=s.action,
                params=ACTIONS[s.action].shaped(
                    {name: param_value(value, facts) for name, value in sorted(s.params.items())}
                ),
                text=render(s.text, facts, names),
                fallback=s.fallback,
            )
            for s in self.spec.suggestions
            if (s.if_any is None or any(render_ids(s.if_any, facts)))
            and (s.unless_any is None or not any(render_ids(s.unless_any, facts)))
        ]
        return Finding(
            rule=self.code,
            slug=self.slug,
            title=self.spec.title,
            severity=self.spec.severity,
            subject=subject,
            evidence=evidence,
            message=render(self.spec.message, facts, names),
            suggestions=suggestions,
        )
