"""A rule's templates filled from the facts it matched: the finding's subject, evidence, message and
suggestions."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from orgdiag.naming import joined
from orgdiag.rules.spec import RuleSpec

#: A placeholder, ``{name.field}``: a field of a fact the conditions name; ``{name.field:names}``: a field that holds
#: element ids, each written as a text names the element ("Marknadschef (cmo)"); ``{name.field:s}``: a plural's
#: ``s`` after a word the field counts (a number, or a list by its length), nothing where it is one.
PLACEHOLDER = re.compile(r"\{(\w+)\.(\w+)(?::(names|s))?\}")
#: How a text names an element, given its id (the id itself where nothing else names it).
Namer = Callable[[str], str]
#: A part of a template left out when a field it names is empty.
_OPTIONAL = re.compile(r"\[\[(.*?)\]\]", re.DOTALL)

#: Templates may name the rule's own thresholds as ``{param.NAME}`` (a suggestion sized by them, say).
PARAM_FACT = "param"
#: A fold's message names how many findings it folds and what each was about: ``{fold.count}``, ``{fold.items}``.
FOLD_FACT = "fold"
FOLD_FIELDS = frozenset({"count", "items"})


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(_text(v) for v in value) if value else "none"
    return str(value)


def render(template: str, facts: dict[str, dict[str, Any]], names: Namer | None = None) -> str:
    """Fill ``{name.field}`` placeholders from the matched facts; lists are joined with commas. A part written
    ``[[…]]`` is left out when a field it names is empty (an empty list, an empty text), so that no message says
    "it owns none" or names nobody. ``{name.field:names}`` writes each id of the field as `names` names it, in a
    list a sentence reads ("a, b and c"; "a; b and c" where a name holds a comma).

    >>> facts = {"m": {"name": "E-handel", "channel_ids": ["web", "social"], "duties": []}}
    >>> render("{m.name} owns {m.channel_ids}[[ and {m.duties}]].", facts)
    'E-handel owns web, social.'
    >>> names = {"web": "Webb (web)", "social": "Social (social)"}.get
    >>> render("{m.name} owns the channel{m.channel_ids:s} {m.channel_ids:names}.", facts, names)
    'E-handel owns the channels Webb (web) and Social (social).'
    """
    whole = _OPTIONAL.sub(lambda part: _optional(part.group(1), facts), template)
    return PLACEHOLDER.sub(lambda found: _placeholder(found, facts, names), whole)


def _placeholder(found: re.Match[str], facts: dict[str, dict[str, Any]], names: Namer | None) -> str:
    value = facts[found.group(1)][found.group(2)]
    if not found.group(3):
        return _text(value)
    if found.group(3) == "s":
        return "" if (len(value) if isinstance(value, list) else value) == 1 else "s"
    ids = [str(v) for v in value] if isinstance(value, list) else [str(value)] if value not in ("", None) else []
    labels = [(names(element) if names else None) or element for element in ids]
    if any("," in label for label in labels):
        return "; ".join(labels[:-1]) + (" and " if len(labels) > 1 else "") + (labels[-1] if labels else "")
    return joined(labels)


def _optional(part: str, facts: dict[str, dict[str, Any]]) -> str:
    values = [facts[found.group(1)][found.group(2)] for found in PLACEHOLDER.finditer(part)]
    return part if all(value not in ("", [], None) for value in values) else ""


def shown(template: str) -> str:
    """A template as the rule's documentation shows it, unfilled: each placeholder the field it stands for, in
    angle brackets, and an optional part as it reads when it is there.

    >>> shown("{m.name} owns [[the channel{m.channel_ids:s} {m.channel_ids:names} ]]beside marketing.")
    '⟨name⟩ owns the channels ⟨channel ids⟩ beside marketing.'
    """
    whole = _OPTIONAL.sub(lambda part: part.group(1), template)
    return " ".join(PLACEHOLDER.sub(_shown_placeholder, whole).split())


def _shown_placeholder(found: re.Match[str]) -> str:
    """A placeholder unfilled: the field it stands for; a plural's ``s`` as the plural reads."""
    return "s" if found.group(3) == "s" else f"⟨{found.group(2).replace('_', ' ')}⟩"


def render_ids(template: str, facts: dict[str, dict[str, Any]]) -> list[str]:
    """A template that is one placeholder of a list field gives one id per item; otherwise one string."""
    whole = PLACEHOLDER.fullmatch(template)
    if whole and not whole.group(3):
        value = facts[whole.group(1)][whole.group(2)]
        if isinstance(value, list):
            return [str(v) for v in value]
    return [render(template, facts)]


def param_value(template: str | list[str], facts: dict[str, dict[str, Any]]) -> str | list[str]:
    """A parameter is one string, or a list when it is a list template or one placeholder of a list field."""
    if isinstance(template, list):
        return [item for part in template for item in render_ids(part, facts)]
    whole = PLACEHOLDER.fullmatch(template)
    if whole and not whole.group(3) and isinstance(facts[whole.group(1)][whole.group(2)], list):
        return render_ids(template, facts)
    return render(template, facts)


def templates_of(spec: RuleSpec) -> dict[str, str]:
    """Every template of a rule file, by its place in the file."""
    templates = {"subject": spec.subject, "message": spec.message}
    templates |= {f"evidence[{i}]": t for i, t in enumerate(spec.evidence)}
    for index, suggestion in enumerate(spec.suggestions):
        place = f"suggestions[{index}]"
        templates[f"{place}.text"] = suggestion.text
        if suggestion.if_any is not None:
            templates[f"{place}.if_any"] = suggestion.if_any
        if suggestion.unless_any is not None:
            templates[f"{place}.unless_any"] = suggestion.unless_any
        for key, value in suggestion.params.items():
            for number, part in enumerate(value if isinstance(value, list) else [value]):
                templates[f"{place}.params.{key}[{number}]"] = part
    if spec.fold is not None:
        templates["fold.item"] = spec.fold.item
    return templates
