"""Recognise roles from titles: the lexicon is data (lexicon.yaml), this module only applies it."""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

import yaml

from orgdiag.model import Position

LANGUAGES = ("sv", "da", "no", "en", "de")


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    lexicon = yaml.safe_load(resources.files("orgdiag").joinpath("lexicon.yaml").read_text(encoding="utf-8"))
    return {
        role: re.compile("|".join(f"(?:{p})" for lang in LANGUAGES for p in by_language.get(lang, [])), re.IGNORECASE)
        for role, by_language in lexicon["roles"].items()
    }


def roles_in_title(title: str) -> set[str]:
    """The roles a title names, by the lexicon.

    >>> sorted(roles_in_title("Kommunikasjonsstrateg"))
    ['strategist']
    >>> sorted(roles_in_title("Leiterin Marketing"))
    ['head-of-marketing']
    """
    return {role for role, pattern in _patterns().items() if pattern.search(title)}


def roles_of(position: Position) -> set[str]:
    """A position's roles: its explicit `role` if it has one, otherwise those its title names."""
    if position.role:
        return {position.role}
    return roles_in_title(position.title)
