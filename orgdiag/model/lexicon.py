"""Recognise roles, channel kinds and kinds of KPI from words: the lexicon is data (lexicon.yaml), this module
only applies it."""

from __future__ import annotations

import re
from functools import cache, lru_cache
from importlib import resources

import yaml

from orgdiag.model.org import Position
from orgdiag.model.yaml_loader import OrgYamlLoader

LANGUAGES = ("sv", "da", "no", "en", "de")

#: The lexicon's sections: what the words of each name.
SECTIONS = ("roles", "channels", "kpis", "posts")


@cache
def lexicon() -> dict[str, dict[str, dict[str, list[str]]]]:
    """The lexicon as written: section -> entry -> language -> patterns."""
    text = resources.files("orgdiag.model").joinpath("lexicon.yaml").read_text(encoding="utf-8")
    data: dict[str, dict[str, dict[str, list[str]]]] = yaml.load(text, Loader=OrgYamlLoader)
    return data


@cache
def _patterns(section: str) -> dict[str, tuple[re.Pattern[str], bool]]:
    """Each entry's words as one regular expression, and whether it may be searched in the lower-cased text.

    One expression per entry: a single alternation of every entry's words would have to be tried at every
    position of a title, several times slower. A case-insensitive search is about twice as slow; a pattern
    written all in lower case (as the lexicon's are) finds the same in the lower-cased text without it.
    """
    patterns = {}
    for entry, by_language in lexicon()[section].items():
        text = "|".join(f"(?:{p})" for lang in LANGUAGES for p in by_language.get(lang, []))
        lower = text == text.lower()
        patterns[entry] = (re.compile(text) if lower else re.compile(text, re.IGNORECASE), lower)
    return patterns


@cache
def _unrelated(section: str) -> re.Pattern[str] | None:
    """The phrases that contain a section's words but name something else, as one expression (lower case)."""
    by_language = lexicon().get("unrelated", {}).get(section)
    if not by_language:
        return None
    return re.compile("|".join(f"(?:{p})" for lang in LANGUAGES for p in by_language.get(lang, [])))


def _without_unrelated(section: str, lowered: str) -> str:
    """The lower-cased text with the section's unrelated phrases blanked out, its length kept (so that a match's
    place is the same in the original text)."""
    unrelated = _unrelated(section)
    if unrelated is None:
        return lowered
    return unrelated.sub(lambda found: "\x00" * len(found.group()), lowered)


@lru_cache(maxsize=1 << 16)
def words_in(section: str, text: str) -> frozenset[str]:
    """The entries of a lexicon section that a text names (remembered per text: an HR export repeats itself).

    >>> sorted(words_in("channels", "Sociala medier & webb")), sorted(words_in("channels", "Social Science"))
    (['social', 'web'], [])
    """
    lowered = _without_unrelated(section, text.lower())
    return frozenset(
        entry for entry, (pattern, lower) in _patterns(section).items() if pattern.search(lowered if lower else text)
    )


@lru_cache(maxsize=1 << 16)
def matched_words(section: str, text: str) -> dict[str, str]:
    """Each entry of a lexicon section that a text names, with the words of the text that named it: what an
    import marks as the source of an inferred fact (remembered per text: callers must not change it).

    >>> matched_words("roles", "Senior Social Media Strategist")
    {'strategist': 'Strategist'}
    """
    lowered = _without_unrelated(section, text.lower())
    found = {}
    for entry, (pattern, lower) in _patterns(section).items():
        match = pattern.search(lowered if lower else text)
        if match:
            same_length = len(lowered) == len(text)  # lower() can lengthen a few letters (İ): then quote the match
            found[entry] = text[match.start() : match.end()] if same_length else match.group()
    return found


def roles_in_title(title: str) -> frozenset[str]:
    """The roles a title names.

    >>> sorted(roles_in_title("Kommunikasjonsstrateg"))
    ['communicator', 'strategist']
    >>> sorted(roles_in_title("LEITERIN MARKETING"))
    ['head-of-marketing']
    """
    return words_in("roles", title)


def channel_kinds_in(name: str) -> frozenset[str]:
    """The channel kinds a unit name or a title names.

    >>> sorted(channel_kinds_in("Kundtjänst"))
    ['customer-service']
    """
    return words_in("channels", name)


def post_kinds_in(title: str) -> frozenset[str]:
    """What a title says about the post's span: ``pool`` (people between postings) or ``adviser`` (an advisory or
    head-of-profession post).

    >>> sorted(post_kinds_in("Flexible Resourcing and Development")), sorted(post_kinds_in("Chief Economist"))
    (['pool'], ['adviser'])
    """
    return words_in("posts", title)


def kpi_kinds_in(name: str) -> frozenset[str]:
    """What a KPI's name says it is: ``vanity`` (fans, followers, likes) or ``roi``.

    >>> sorted(kpi_kinds_in("Antal følgere")), sorted(kpi_kinds_in("ROI på annonser"))
    (['vanity'], ['roi'])
    """
    return words_in("kpis", name)


def roles_of(position: Position) -> frozenset[str]:
    """A position's roles: its explicit `role` if it has one, otherwise those its title names."""
    return roles_for(position.role, position.title)


def roles_for(role: str | None, title: str) -> frozenset[str]:
    """The roles of a position given as plain data: the explicit ``role``, else those the title names."""
    return frozenset({role}) if role else roles_in_title(title)
