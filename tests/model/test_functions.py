"""The functions a post and its staff do, read from words (orgdiag/model/functions.yaml): each function in each
language, on word boundaries, phrases that name something else, titles that say only a rank, and which of a
post's words says what it is."""

from __future__ import annotations

from pathlib import Path

import pytest

from orgdiag.model import AREAS, Position, Staff
from orgdiag.model.functions import (
    FAMILIES,
    families,
    function_words,
    functions_in,
    generic_title,
    group,
    labels,
    post_functions,
    staff_functions,
    vocabulary,
)
from orgdiag.model.lexicon import LANGUAGES

ROOT = Path(__file__).resolve().parents[2]

#: function -> language -> words (titles, job text, professions, unit names) that name it
WORDS = {
    "finance": {
        "sv": ["Ekonomiavdelningen", "Redovisningsekonom"],
        "da": ["Økonomichef"],
        "no": ["Regnskapsavdeling"],
        "en": ["Director of Finance", "Senior Accountant", "Finance", "Chief Financial Officer"],
        "de": ["Buchhaltung"],
    },
    "hr": {
        "sv": ["Personalchef", "HR-avdelningen"],
        "da": ["Personaleafdeling"],
        "no": ["Personalsjef"],
        "en": ["Director Of HR", "Human Resources", "Recruitment Officer"],
        "de": ["Personalabteilung"],
    },
    "it": {
        "sv": ["IT-chef", "Systemutvecklare"],
        "da": ["IT-afdeling"],
        "no": ["IT-avdeling"],
        "en": ["IT Support Officer", "Head of ICT", "Information Technology", "Chief Technology Officer"],
        "de": ["EDV-Leiter"],
    },
    "legal": {
        "sv": ["Bolagsjurist"],
        "da": ["Juridisk afdeling"],
        "no": ["Juridisk seksjon"],
        "en": ["Head of Legal Services", "Law", "Paralegal", "General Counsel"],
        "de": ["Rechtsabteilung"],
    },
    "procurement": {
        "sv": ["Upphandlingsenheten"],
        "da": ["Indkøbschef"],
        "no": ["Innkjøpssjef"],
        "en": ["Procurement Manager", "Head of Purchasing"],
        "de": ["Einkauf"],
    },
    "estates": {
        "sv": ["Fastighetschef"],
        "da": ["Ejendomsadministration"],
        "no": ["Eiendomssjef"],
        "en": ["Estates Manager", "Facilities", "Property and asset management"],
        "de": ["Liegenschaften"],
    },
    "governance": {
        "sv": ["Internrevisionen"],
        "da": ["Intern revision"],
        "no": ["Internrevisjon"],
        "en": ["Internal Auditor", "Head of Governance", "Business Assurance", "Compliance Officer"],
        "de": ["Innenrevision"],
    },
    "communications": {
        "sv": ["Kommunikationschef", "Presschef"],
        "da": ["Kommunikationsafdeling"],
        "no": ["Kommunikasjonsavdeling"],
        "en": ["Director of External Affairs", "Press Officer", "Media Relations Director", "Communication"],
        "de": ["Pressestelle"],
    },
    "marketing": {
        "sv": ["Marknadsföring", "Varumärkesansvarig"],
        "da": ["Markedsføring"],
        "no": ["Markedsføring"],
        "en": ["Marketing Director", "Brand Manager", "Campaigns Officer", "Audience Development"],
        "de": ["Werbung"],
    },
    "public-affairs": {
        "sv": ["Samhällskontakter"],
        "da": ["Samfundskontakt"],
        "no": ["Samfunnskontakt"],
        "en": ["Head of Public Affairs", "Government Relations"],
        "de": ["Interessenvertretung"],
    },
    "partnerships": {
        "sv": ["Partnerskap"],
        "da": ["Partnerskaber"],
        "no": ["Partnerskap"],
        "en": ["Head of Partnerships", "Stakeholder Engagement", "Industry Engagement", "Public Involvement"],
        "de": ["Partnerschaften"],
    },
    "commercial": {
        "sv": ["Insamlingschef", "Sponsring"],
        "da": ["Sponsorater"],
        "no": ["Innsamling"],
        "en": ["Development/Fundraising Officer", "Retail Assistant", "Commercial Development Officer", "Sponsorship"],
        "de": ["Sponsoring"],
    },
    "policy": {
        "sv": ["Policyenheten"],
        "da": ["Policyenhed"],
        "no": ["Policyavdeling"],
        "en": ["Director of Policy", "Senior Policy Adviser"],
        "de": ["Grundsatzabteilung"],
    },
    "operations": {
        "sv": ["Tillsynsavdelningen"],
        "da": ["Tilsyn"],
        "no": ["Tilsynsavdeling"],
        "en": ["Head of Operations", "Senior Enforcement Director", "Visitor Experience Assistant"],
        "de": ["Aufsicht"],
    },
    "analysis": {
        "sv": ["Statistikenheten"],
        "da": ["Statistik"],
        "no": ["Statistikkavdeling"],
        "en": ["Chief Economist", "Statistician", "Research Officer"],
        "de": ["Forschung"],
    },
    "collections": {
        "sv": ["Konservator"],
        "da": ["Konservator"],
        "no": ["Konservator"],
        "en": ["Senior Curator", "Conservator", "Librarian/Archivist", "Director of Learning"],
        "de": ["Restauratorin"],
    },
    "information": {
        "sv": ["Dokumenthantering"],
        "da": ["Journalisering"],
        "no": ["Dokumentforvaltning"],
        "en": ["Knowledge and Information Management (KIM)", "Records Manager"],
        "de": ["Registratur"],
    },
}


def _cases() -> list[tuple[str, str, str]]:
    return [(name, lang, word) for name, by_lang in WORDS.items() for lang, words in by_lang.items() for word in words]


@pytest.mark.parametrize(("function", "language", "text"), _cases())
def test_words_name_their_function(function: str, language: str, text: str) -> None:
    assert function in functions_in(text), f"{text!r} ({language}) should name {function}"


def test_every_function_is_tested_and_has_every_language() -> None:
    assert set(WORDS) == set(vocabulary()["functions"])
    for name, entry in vocabulary()["functions"].items():
        assert set(LANGUAGES) <= set(entry), name
        assert set(WORDS[name]) == set(LANGUAGES), name
        assert entry["family"] in FAMILIES, name
    assert set(vocabulary()["unrelated"]) == set(LANGUAGES)
    assert all(set(members) <= set(labels()) for members in vocabulary()["groups"].values())


#: words that contain a function's words but do not name it (item 5 of issue 27: on word boundaries)
NOT_THE_FUNCTION = [
    ("Telecommunications Engineer", "communications"),
    ("Principal Engineer", "communications"),
    ("it is responsible for the NHS", "it"),
    ("Financial Services Strategy", "finance"),
    ("Public Private Partnerships", "partnerships"),
    ("analysis of competition law and policy matters", "legal"),
    ("Parliamentary Counsel", "legal"),
    ("Retail Banking", "commercial"),
    ("Express Delivery", "communications"),
    ("Head of Governance and Fragile States Department", "governance"),
    ("Director Intrnational Finance Division", "finance"),
    ("Information and Communications Technology", "communications"),
    ("Reporting to COO, managing land acquisitions", "operations"),
    ("Head of Digital, Events and Staff Communications", "it"),  # digital communications, not IT
]


@pytest.mark.parametrize(("text", "function"), NOT_THE_FUNCTION)
def test_words_that_name_something_else(text: str, function: str) -> None:
    assert function not in functions_in(text)


def test_the_words_that_named_a_function_are_kept_as_written() -> None:
    assert function_words("Manage communications, marketing and external affairs") == {
        "communications": "communications",
        "marketing": "marketing",
    }


@pytest.mark.parametrize(
    "title", ["Deputy Director", "Director General", "Grade 7", "Senior managers & lead functional specialist"]
)
def test_a_title_that_says_only_a_rank_is_generic(title: str) -> None:
    assert generic_title(title)


@pytest.mark.parametrize(
    "title", ["Deputy Director: Public Engagement", "Commercial and Customer Director", "Head of Digital"]
)
def test_a_title_that_says_more_is_not(title: str) -> None:
    assert not generic_title(title)


def test_a_generic_title_is_named_by_its_job_text() -> None:
    post = post_functions(
        Position(id="12", title="Deputy Director", function="Communication", profession="Communications")
    )
    assert post.titled == ("communications",)
    named = post_functions(Position(id="9", title="Designation Director", function="Responsible for finance"))
    assert (named.titled, named.named) == ((), ("finance",))


def test_a_staff_line_is_read_by_its_title_first_then_its_profession_then_its_unit() -> None:
    assert staff_functions(Staff(title="Policy Advisor", fte=1, profession="Finance"))[0] == {"policy"}
    assert staff_functions(Staff(title="Executive Officer", fte=1, profession="Communications"))[0] == {
        "communications"
    }
    assert staff_functions(Staff(title="Grade 7", fte=1, unit="HR & ICT"))[0] == {"hr", "it"}


def test_a_posts_staff_are_added_up_by_function_with_their_titles() -> None:
    post = post_functions(
        Position(
            id="16",
            title="Chief Operating Officer",
            staff=[
                Staff(title="Retail Assistant", fte=20.37),
                Staff(title="Commercial Development Officer", fte=15),
                Staff(title="Commercial Development Officer", fte=3),
            ],
        )
    )
    work = post.staff["commercial"]
    assert (work.fte, work.titles) == (38.37, ("Retail Assistant", "Commercial Development Officer"))


def test_groups_and_families() -> None:
    assert group("corporate-services") == {"finance", "hr", "it", "legal", "procurement", "estates"}
    assert {name for name, family in families().items() if family == "external"} == {
        "communications",
        "marketing",
        "public-affairs",
        "partnerships",
        "commercial",
    }


def test_each_area_beyond_the_channels_is_work_of_a_function_and_the_docs_say_which() -> None:
    rows = {
        line.split("|")[1].strip(" `"): line.split("|")[3].strip()
        for line in (ROOT / "docs" / "org-file.md").read_text(encoding="utf-8").splitlines()
        if line.startswith("| `") and line.count("|") == 4
    }
    for area, function in AREAS.items():
        assert families()[function] == "external"
        assert rows[area] == labels()[function]
