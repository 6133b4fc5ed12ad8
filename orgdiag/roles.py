"""Recognise roles from titles: the lexicon is data (lexicon.yaml), this module only applies it."""

from __future__ import annotations

import re
from functools import cache, lru_cache
from importlib import resources

import yaml

from orgdiag.model import Position

LANGUAGES = ("sv", "da", "no", "en", "de")


@cache
def _patterns() -> dict[str, tuple[re.Pattern[str], bool]]:
    """Each role's words as one regular expression, and whether it may be searched in the lower-cased title.

    A case-insensitive search is about twice as slow; a pattern written all in lower case (as the
    lexicon's are) finds the same in the lower-cased title without it. One with capitals (``\\B``,
    ``\\W`` or a capitalised word) keeps the case-insensitive search.
    """
    lexicon = yaml.safe_load(resources.files("orgdiag").joinpath("lexicon.yaml").read_text(encoding="utf-8"))
    patterns = {}
    for role, by_language in lexicon["roles"].items():
        text = "|".join(f"(?:{p})" for lang in LANGUAGES for p in by_language.get(lang, []))
        lower = text == text.lower()
        patterns[role] = (re.compile(text) if lower else re.compile(text, re.IGNORECASE), lower)
    return patterns


@lru_cache(maxsize=1 << 16)
def roles_in_title(title: str) -> frozenset[str]:
    """The roles a title names, by the lexicon (remembered per title: an HR export repeats its titles).

    >>> sorted(roles_in_title("Kommunikasjonsstrateg"))
    ['strategist']
    >>> sorted(roles_in_title("LEITERIN MARKETING"))
    ['head-of-marketing']
    """
    lowered = title.lower()
    return frozenset(
        role for role, (pattern, lower) in _patterns().items() if pattern.search(lowered if lower else title)
    )


def roles_of(position: Position) -> frozenset[str]:
    """A position's roles: its explicit `role` if it has one, otherwise those its title names."""
    if position.role:
        return frozenset({position.role})
    return roles_in_title(position.title)
