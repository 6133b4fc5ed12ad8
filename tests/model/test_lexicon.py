"""Roles, channel kinds and kinds of KPI recognised from words in Swedish, Danish, Norwegian, English and German:
the words are data (orgdiag/lexicon.yaml), and each language is tested."""

from __future__ import annotations

import pytest

from orgdiag.model import Position
from orgdiag.model.lexicon import (
    LANGUAGES,
    SECTIONS,
    channel_kinds_in,
    kpi_kinds_in,
    lexicon,
    post_kinds_in,
    roles_in_title,
    roles_of,
    words_in,
)

#: role -> language -> titles that name it (inflected and compound forms included)
TITLES = {
    "strategist": {
        "sv": ["Social media-strateg", "Kommunikationsstrateg", "Digital strateg"],
        "da": ["Kommunikationsstrateg", "Digital strategen"],
        "no": ["Kommunikasjonsstrateg", "Innholdsstrateg"],
        "en": ["Strategist", "Senior Content Strategist"],
        "de": ["Content-Strategin", "Social-Media-Stratege"],
    },
    "head-of-marketing": {
        "sv": ["Marknadschef", "Marknadsdirektör", "Marknads- och kommunikationschef", "Kommunikationsdirektör"],
        "da": ["Marketingchef", "Markedsdirektør", "Kommunikationsdirektør"],
        "no": ["Markedssjef", "Markedsdirektør", "Kommunikasjonsdirektør"],
        "en": [
            "Head of Marketing",
            "CMO",
            "Chief Marketing Officer",
            "Marketing Director",
            "Director of Public Affairs",
            "Director of Audiences",
            "Director, Communications",
            "Director of Communications Division",
            "Head of Corporate Communications",
        ],
        "de": ["Leiter Marketing", "Leiterin Marketing", "Marketingleiterin", "Leiterin Unternehmenskommunikation"],
    },
    "executive": {
        "sv": ["VD", "Koncernchef"],
        "da": ["Adm. direktør", "Administrerende direktør"],
        "no": ["Daglig leder", "Konsernsjef"],
        "en": ["CEO", "Managing Director"],
        "de": ["Geschäftsführerin"],
    },
    "communicator": {
        "sv": ["Kommunikatör", "Webbredaktör", "Marknadskoordinator", "Presschef"],
        "da": ["Kommunikationsmedarbejder", "Webredaktør", "Tekstforfatter"],
        "no": ["Kommunikasjonsrådgiver", "Nettredaktør", "Markedskoordinator"],
        "en": ["Communications Manager", "Copywriter", "Marketing Assistant", "Social Media Manager"],
        "de": ["Pressesprecherin", "Online-Redakteur", "Marketingmanagerin"],
    },
    "community-manager": {
        "sv": ["Community manager", "Communityansvarig"],
        "da": ["Community Manager"],
        "no": ["Community-ansvarlig"],
        "en": ["Community Lead", "Forum moderator"],
        "de": ["Community-Managerin"],
    },
    "technical-expert": {
        "sv": ["Civilingenjör", "Systemutvecklare", "Forskare"],
        "da": ["Softwareudvikler", "Ingeniør"],
        "no": ["Utvikler", "Sivilingeniør", "Forsker"],
        "en": ["Software Engineer", "Research Scientist", "Solution Architect"],
        "de": ["Softwareentwicklerin", "Ingenieur", "Wissenschaftler"],
    },
    "customer-service": {
        "sv": ["Kundtjänstmedarbetare", "Kundservicechef"],
        "da": ["Kundeservicemedarbejder"],
        "no": ["Kundebehandler", "Kundeservicesjef"],
        "en": ["Customer Service Agent", "Customer Support Lead"],
        "de": ["Kundenbetreuerin", "Leiter Kundenservice"],
    },
}

#: channel kind -> language -> unit names or titles that name it
CHANNEL_WORDS = {
    "social": {
        "sv": ["Sociala medier"],
        "da": ["Sociale medier"],
        "no": ["Sosiale medier"],
        "en": ["Social Media"],
        "de": ["Soziale Medien"],
    },
    "web": {
        "sv": ["Webbredaktör", "E-handel"],
        "da": ["Netbutik"],
        "no": ["Nettbutikk"],
        "en": ["E-commerce"],
        "de": ["Onlineshop"],
    },
    "customer-service": {
        "sv": ["Kundtjänst", "Kundservice"],
        "da": ["Kundeservice"],
        "no": ["Kundeservice"],
        "en": ["Customer Care"],
        "de": ["Kundendienst"],
    },
    "email": {"sv": ["Nyhetsbrev"], "da": ["Nyhedsbrev"], "no": ["Nyhetsbrev"], "en": ["Newsletter"], "de": ["E-Mail"]},
    "search": {
        "sv": ["Sökmotoroptimering", "SEO"],
        "da": ["Søgemaskine"],
        "no": ["Søkemotor"],
        "en": ["Search"],
        "de": ["Suchmaschine"],
    },
    "content": {"sv": ["Innehåll"], "da": ["Indhold"], "no": ["Innhold"], "en": ["Content"], "de": ["Inhalte"]},
    "internal": {
        "sv": ["Intranät"],
        "da": ["Intern kommunikation"],
        "no": ["Internkommunikasjon"],
        "en": ["Intranet"],
        "de": ["Interne Kommunikation"],
    },
}

KPI_WORDS = {
    "vanity": {
        "sv": ["Antal följare"],
        "da": ["Antal følgere"],
        "no": ["Antall følgere"],
        "en": ["Facebook fans"],
        "de": ["Follower"],
    },
    "roi": {
        "sv": ["Avkastning på annonser"],
        "da": ["Afkast"],
        "no": ["ROI sosiale medier"],
        "en": ["Return on ad spend"],
        "de": ["Rendite"],
    },
}


def _cases(table: dict[str, dict[str, list[str]]]) -> list[tuple[str, str, str]]:
    return [
        (entry, lang, word) for entry, by_lang in table.items() for lang, words in by_lang.items() for word in words
    ]


@pytest.mark.parametrize(("role", "language", "title"), _cases(TITLES))
def test_title_names_its_role(role: str, language: str, title: str) -> None:
    assert role in roles_in_title(title), f"{title!r} ({language}) should name {role}"


@pytest.mark.parametrize(("kind", "language", "name"), _cases(CHANNEL_WORDS))
def test_unit_name_names_its_channel_kind(kind: str, language: str, name: str) -> None:
    assert kind in channel_kinds_in(name), f"{name!r} ({language}) should name {kind}"


@pytest.mark.parametrize(("kind", "language", "name"), _cases(KPI_WORDS))
def test_kpi_name_names_its_kind(kind: str, language: str, name: str) -> None:
    assert kind in kpi_kinds_in(name), f"{name!r} ({language}) should be {kind}"


#: unit names and titles from real exports that contain a channel's word but name no marketing channel
NOT_CHANNELS = {
    "sv": ["Samhällsvetenskapliga samlingar", "Socialtjänsten", "Socialförsäkringsavdelningen", "Kundreskontra"],
    "da": ["Samfundsvidenskabelige samlinger", "Socialforvaltningen", "Debitorbogholderi"],
    "no": ["Samfunnsvitenskapelig samling", "Sosialtjenesten", "Kundereskontro"],
    "en": [
        "Social Science Collections",
        "Adult Social Care",
        "Social Services",
        "Social Security Policy",
        "Search and Rescue",
        "Customer Accounts",
        "Content Strategy Research & Operations",
        "Building Services",
        "Fire Prevention",
        "Document Delivery",
    ],
    "de": ["Sozialwissenschaftliche Sammlung", "Sozialversicherung", "Debitorenbuchhaltung"],
}


@pytest.mark.parametrize(("language", "name"), [(lang, n) for lang, names in NOT_CHANNELS.items() for n in names])
def test_name_that_names_no_channel(language: str, name: str) -> None:
    assert channel_kinds_in(name) == set(), f"{name!r} ({language}) names no marketing channel"


#: kind of post -> language -> titles that name it
POST_TITLES = {
    "pool": {
        "sv": ["Omställningspool"],
        "da": ["Ressourcepulje"],
        "no": ["Ressursbank"],
        "en": ["Flexible Resourcing and Development", "Talent pool"],
        "de": ["Personalpool"],
    },
    "adviser": {
        "sv": ["Senior rådgivare"],
        "da": ["Særlig rådgiver"],
        "no": ["Spesialrådgiver"],
        "en": ["National Security Adviser", "Private Secretary to the Prime Minister", "Chief Economist"],
        "de": ["Referentin"],
    },
}


@pytest.mark.parametrize(("kind", "language", "title"), _cases(POST_TITLES))
def test_title_names_its_kind_of_post(kind: str, language: str, title: str) -> None:
    assert kind in post_kinds_in(title), f"{title!r} ({language}) should name a {kind} post"


def test_unrelated_phrases_cover_every_language() -> None:
    for section, by_language in lexicon()["unrelated"].items():
        assert set(by_language) == set(LANGUAGES), f"unrelated.{section}: {sorted(map(str, by_language))}"


@pytest.mark.parametrize(
    "title",
    ["Strategisk inköpare", "Strategy Director", "E-handelschef", "Butikschef", "Director of Human Resources"],
)
def test_title_that_names_no_role(title: str) -> None:
    assert roles_in_title(title) == set()


@pytest.mark.parametrize("name", ["Online sales from social", "Konvertering", "Leads"])
def test_business_kpi_is_not_vanity(name: str) -> None:
    assert "vanity" not in kpi_kinds_in(name)


def test_explicit_role_wins_over_the_title() -> None:
    position = Position(id="p", title="Digital strateg", unit="u", role="head-of-marketing")
    assert roles_of(position) == {"head-of-marketing"}


def test_every_tested_table_covers_every_language() -> None:
    for table in (TITLES, CHANNEL_WORDS, KPI_WORDS, POST_TITLES):
        for entry, by_language in table.items():
            assert set(by_language) == set(LANGUAGES), entry
    assert set(NOT_CHANNELS) == set(LANGUAGES)


def test_lexicon_covers_every_language_for_every_entry() -> None:
    for section in SECTIONS:
        for entry, by_language in lexicon()[section].items():
            assert set(by_language) == set(LANGUAGES), f"{section}.{entry}: {sorted(map(str, by_language))}"


#: English words are sought where a word starts; a word of a compounding language anywhere (item 5 of issue 27)
NOT_A_WORD_OF_THE_ENTRY = [
    ("roles", "Telecommunications Engineer", "communicator"),
    ("roles", "Principal Engineer", "communicator"),
    ("channels", "Express Delivery", "pr"),
    ("channels", "Messenger Services", "events"),
    ("channels", "Life Events and Population Sources", "events"),
    ("channels", "Pension Arrangements", "events"),
    ("posts", "Workbench Support", "pool"),
]


@pytest.mark.parametrize(("section", "text", "entry"), NOT_A_WORD_OF_THE_ENTRY)
def test_english_words_are_read_from_a_word_start(section: str, text: str, entry: str) -> None:
    assert entry not in words_in(section, text), f"{text!r} names no {entry}"


@pytest.mark.parametrize(
    ("section", "text", "entry"),
    [
        ("roles", "Internkommunikatör", "communicator"),
        ("roles", "Head of Communications", "communicator"),
        ("channels", "Presschef", "pr"),
        ("channels", "Arrangementer", "events"),
        ("channels", "Messestand", "events"),
    ],
)
def test_compound_words_are_still_read(section: str, text: str, entry: str) -> None:
    assert entry in words_in(section, text)


def test_no_word_holds_a_digit() -> None:
    """Texts are read with their digits as 0 (words_in), which finds the same only while no word holds a digit."""
    for section in (*SECTIONS, "unrelated"):
        for entry, by_language in lexicon()[section].items():
            for patterns in by_language.values():
                assert not any(char.isdigit() for pattern in patterns for char in pattern), (section, entry)


def test_numbered_titles_read_as_one() -> None:
    assert words_in("roles", "Social Media Strategist 12") == words_in("roles", "Social Media Strategist 3")
    assert roles_in_title("Head of Marketing 2") == roles_in_title("Head of Marketing")
