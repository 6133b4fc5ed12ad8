"""The evidence workbook's layout: its sheets, their columns, and what each column states in the org file.

One description for both directions: ``orgdiag evidence`` writes the workbook from it (orgdiag.render.evidence),
and ``--overlay evidence.xlsx`` reads the workbook back by it (orgdiag.importers.evidence), so that what one writes
the other reads. docs/evidence.md describes the workbook for the consultant.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import get_args

from orgdiag.model import CHANNEL_KINDS, CONFIDENCES, EVIDENCE_KINDS, LINK_KINDS, KpiKind

#: What a column's cells name, for its drop-down list: the organisation's posts, units, the holders of
#: responsibilities (posts, units and agencies: also the ends of a link), or channels.
POSTS, UNITS, HOLDERS, CHANNELS = "posts", "units", "holders", "channels"


@dataclass(frozen=True)
class Column:
    """A column of a sheet: its header, the org-file key it states, and what its cells may hold."""

    header: str
    #: the key of the section's entries it states
    key: str
    #: what a drop-down offers: :data:`POSTS`, :data:`UNITS`, :data:`HOLDERS`, :data:`CHANNELS`, or the choices
    #: themselves; None for free text
    choices: str | tuple[str, ...] | None = None
    #: an entry cannot be read without it
    required: bool = False
    #: the cell holds several values, separated by commas (a drop-down cannot offer several: none is given)
    many: bool = False
    #: how wide the column is drawn, in characters
    width: int = 18


@dataclass(frozen=True)
class Sheet:
    """A sheet of entries, a row each: the org-file section it states whole, and its columns."""

    name: str
    section: str
    columns: tuple[Column, ...]
    #: what the sheet holds, for the Read me sheet
    about: str


SOURCE = Column("Source", "source", width=24)
CONFIDENCE = Column("Confidence", "confidence", CONFIDENCES, width=12)
#: The columns every sheet of entries ends with: where each entry comes from and how sure the consultant is.
PROVENANCE = (SOURCE, CONFIDENCE)
#: The column of a channel's inference: orgdiag's words, kept while the row is as orgdiag wrote it.
INFERRED = Column("Inferred from", "inferred", width=40)
#: The approval chain's steps are numbered columns, "Step 1", "Step 2"…, each naming one post.
STEP = Column("Step", "steps", POSTS)
#: How many step columns the Approvals sheet has beyond the longest chain the organisation states.
SPARE_STEPS = 2
#: The fewest step columns the Approvals sheet has.
MIN_STEPS = 4

CHANNEL_SHEET = Sheet(
    "Channels",
    "channels",
    (
        Column("Channel id", "id", required=True, width=16),
        Column("Kind", "kind", CHANNEL_KINDS, required=True, width=16),
        Column("Name", "name", width=24),
        Column("Owner unit", "owner", UNITS, required=True, width=30),
        INFERRED,
        *PROVENANCE,
    ),
    "the marketing channels and the unit that owns each; a channel orgdiag read from words says so in 'Inferred "
    "from' (clear that cell, or change the row, to state it)",
)
AGENCY_SHEET = Sheet(
    "Agencies",
    "agencies",
    (
        Column("Agency id", "id", required=True, width=16),
        Column("Agency", "name", required=True, width=24),
        Column("Scope: channels served", "serves", CHANNELS, many=True, width=28),
        Column("Client unit", "contracted_by", UNITS, required=True, width=30),
        Column("Contact", "contact", POSTS, width=30),
        *PROVENANCE,
    ),
    "the agency roster: each agency, the channels it serves, the unit that contracted it and its contact; what an "
    "agency owns or decides is in its column of the Responsibilities sheet",
)
KPI_SHEET = Sheet(
    "KPIs",
    "kpis",
    (
        Column("KPI", "name", required=True, width=28),
        Column("Channel", "channel", CHANNELS, required=True, width=24),
        Column("Owner", "owner", HOLDERS, required=True, width=30),
        Column("Business goal", "goal", width=28),
        Column("Kind", "kind", get_args(KpiKind), width=12),
        Column("KPI id", "id", width=12),
        *PROVENANCE,
    ),
    "the KPIs per channel, who owns each, and the business goal it serves (none: not linked to one)",
)
BUDGET_SHEET = Sheet(
    "Budgets",
    "budgets",
    (
        Column("Channel", "channel", CHANNELS, required=True, width=24),
        Column("Holder", "owner", HOLDERS, required=True, width=30),
        Column("Amount", "amount", required=True, width=12),
        Column("Currency", "currency", width=10),
        Column("Name", "name", width=24),
        *PROVENANCE,
    ),
    "money, time or ad spend set aside for a channel, and who holds it (an amount above 0)",
)
APPROVAL_SHEET = Sheet(
    "Approvals",
    "approvals",
    (
        Column("Channel", "channel", CHANNELS, required=True, width=24),
        Column("Name", "name", width=24),
        STEP,
        *PROVENANCE,
    ),
    "the posts what is published on a channel must pass, in order: Step 1 first",
)
EXPERIMENT_SHEET = Sheet(
    "Experiments",
    "experiments",
    (
        Column("Experiment", "name", required=True, width=28),
        Column("Channel", "channel", CHANNELS, required=True, width=24),
        Column("Owner", "owner", HOLDERS, required=True, width=30),
        *PROVENANCE,
    ),
    "trials and pilots on a channel, and who runs each",
)
LINK_SHEET = Sheet(
    "Links",
    "links",
    (
        Column("Kind", "kind", LINK_KINDS, required=True, width=14),
        Column("Between", "between", HOLDERS, required=True, width=30),
        Column("And", "and", HOLDERS, required=True, width=30),
        Column("Name", "name", width=28),
        *PROVENANCE,
    ),
    "coordination (a forum, a weekly meeting) or collaboration between two units, posts or agencies",
)
#: The sheets of entries, in the workbook's order; each states its section of the org file whole.
TABLES: tuple[Sheet, ...] = (
    CHANNEL_SHEET,
    AGENCY_SHEET,
    KPI_SHEET,
    BUDGET_SHEET,
    APPROVAL_SHEET,
    EXPERIMENT_SHEET,
    LINK_SHEET,
)

#: The RACI grid: an activity a row, a post, unit or agency a column.
RACI = "Responsibilities"
ACTIVITY = Column("Activity", "activity", required=True, width=26)
MEANING = Column("What it means", "meaning", width=48)
#: The grid's columns before the holders': the activity, what it means, and the row's provenance.
RACI_COLUMNS = (ACTIVITY, MEANING, *PROVENANCE)
#: What each letter of the grid states, as the model has it (docs/evidence.md gives the reasons).
LETTERS = {
    "A": "owns: accountable for it, answers for the result (one per activity)",
    "R": "decides: responsible for it, does it and takes its decisions",
    "C": "takes part in the activity's channel: consulted, a voice on it",
    "I": "informed: the model has no place for it; noted, not used",
}
#: The activities the grid asks about beside those the organisation states: for marketing as a whole, and for
#: each channel.
SKELETON_MARCOM = ("strategy", "channel-mix", "budget", "kpis", "sponsor")
SKELETON_CHANNEL = ("strategy", "kpis", "budget", "content", "publishing")
#: The values the grid's drop-downs offer (a cell may hold any of the letters: "A/R").
LETTER_CHOICES = ("A", "R", "A/R", "C", "I")

#: The sheet of the kinds of evidence surveyed: ticked, a kind with no entries was looked for and none found.
SURVEYED = "Surveyed"
SURVEYED_COLUMNS = (
    Column("Evidence", "kind", required=True, width=18),
    Column("What it covers", "meaning", width=60),
    Column("Surveyed", "surveyed", ("yes", "no"), width=10),
)
#: What a cell of the Surveyed column may say, and what it means.
YES = frozenset({"yes", "y", "x", "true", "1", "✓", "✔"})
NO = frozenset({"", "no", "n", "false", "0"})
#: Each kind of evidence as the consultant reads it.
EVIDENCE: dict[str, str] = {
    "links": "who coordinates or collaborates with whom (the Links sheet)",
    "participation": "who takes part in each channel beyond its owners (the C of the grid)",
    "approvals": "the approval chains of what is published (the Approvals sheet)",
    "kpis": "the KPIs and the goals they serve (the KPIs sheet)",
    "budgets": "the budgets per channel and who holds them (the Budgets sheet)",
    "agencies": "the agencies and suppliers (the Agencies sheet)",
    "experiments": "trials and pilots (the Experiments sheet)",
    "responsibilities": "who owns and decides what (the A and R of the grid)",
}
assert set(EVIDENCE) <= set(EVIDENCE_KINDS), "each kind described must be an evidence kind of the model"

#: The reference list of the organisation's own posts, units, agencies and channels that the drop-downs offer.
ORGANISATION = "Organisation"
ORGANISATION_COLUMNS = ("Kind", "Id", "Name or title", "Holder", "Unit", "In the drop-downs as")
#: The first sheet: what the workbook is and how to fill it.
READ_ME = "Read me"
#: orgdiag's own sheets, written for the consultant and never read back.
NOT_READ = (READ_ME, ORGANISATION)
#: Every sheet of the workbook, in its order.
SHEETS = (READ_ME, SURVEYED, *(sheet.name for sheet in TABLES[:2]), RACI, *(s.name for s in TABLES[2:]), ORGANISATION)
#: The sheets by which a workbook is known as an evidence workbook (a RACI workbook may have a Responsibilities
#: sheet of its own).
MARKS = frozenset({SURVEYED, *(sheet.name for sheet in TABLES)})


def header_key(text: str) -> str:
    """A header as headers are compared: lower case, single-spaced, without a trailing colon.

    >>> header_key("  Owner   UNIT: ")
    'owner unit'
    """
    return " ".join(text.split()).casefold().rstrip(":").strip()


def evidence_about(kind: str) -> str:
    """What a kind of evidence covers, for the Surveyed sheet (its name, for a kind described nowhere)."""
    return EVIDENCE.get(kind, kind)
