"""Role recognition from titles in Swedish, Danish, Norwegian, English and German, as data (lexicon.yaml)."""

from __future__ import annotations

from importlib import resources

import pytest
import yaml

from orgdiag.model import Position
from orgdiag.roles import LANGUAGES, roles_in_title, roles_of

TITLES = {
    "strategist": [
        "Social media-strateg",
        "Kommunikationsstrateg",
        "Digital strateg",  # sv
        "Kommunikationsstrateg",
        "Digital strategen",  # da
        "Kommunikasjonsstrateg",
        "Innholdsstrateg",  # no
        "Strategist",
        "Senior Content Strategist",  # en
        "Content-Strategin",
        "Social-Media-Stratege",  # de
    ],
    "head-of-marketing": [
        "Marknadschef",
        "Marknadsdirektör",  # sv
        "Marketingchef",
        "Markedsdirektør",  # da
        "Markedssjef",
        "Markedsdirektør",  # no
        "Head of Marketing",
        "CMO",
        "Chief Marketing Officer",
        "Marketing Director",  # en
        "Leiter Marketing",
        "Leiterin Marketing",
        "Marketingleiterin",  # de
    ],
    "executive": ["VD", "Adm. direktør", "Administrerende direktør", "Daglig leder", "CEO", "Geschäftsführerin"],
}


@pytest.mark.parametrize(("role", "title"), [(r, t) for r, ts in TITLES.items() for t in ts])
def test_title_names_its_role(role: str, title: str) -> None:
    assert role in roles_in_title(title)


@pytest.mark.parametrize(
    "title",
    [
        "Strategisk inköpare",
        "Strategy Director",
        "Marknadskoordinator",
        "Webbredaktör",
        "Community manager",
        "Marketing Assistant",
    ],
)
def test_title_that_names_no_role(title: str) -> None:
    assert roles_in_title(title) == set()


def test_explicit_role_wins_over_the_title() -> None:
    position = Position(id="p", title="Digital strateg", unit="u", role="head-of-marketing")
    assert roles_of(position) == {"head-of-marketing"}


def test_lexicon_covers_every_language_for_every_role() -> None:
    lexicon = yaml.safe_load(resources.files("orgdiag").joinpath("lexicon.yaml").read_text(encoding="utf-8"))
    for role, by_language in lexicon["roles"].items():
        assert set(by_language) == set(LANGUAGES), f"{role}: {sorted(map(str, by_language))}"
