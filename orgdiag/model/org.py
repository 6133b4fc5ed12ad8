"""The organisation file: what a user writes, validated at the boundary by pydantic.

Everything past the loader works on these models (or on the graph built from
them); nothing the user wrote is dropped: unknown keys are errors, not ignored.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field

#: The responsibilities an owner can hold or a decider can decide, per scope.
RESPONSIBILITIES: dict[str, str] = {
    "strategy": "the plan: goals, target groups, the role of each channel",
    "kpis": "which numbers count as success, and their targets",
    "budget": "money, time and ad spend",
    "creative": "creative concept and expression",
    "content": "producing content",
    "community": "community management: answering, moderating, engaging",
    "paid": "paid media and amplification",
    "analytics": "measurement and analysis",
    "suppliers": "choosing and steering agencies and suppliers",
    "customer-service": "answering customers' questions and complaints",
    "approval": "approving what is published",
    "sponsor": "executive sponsorship: mandate and anchoring in top management",
    "channel-mix": "choosing channels and allocating budget between them",
    "publishing": "publishing on the channel",
}

#: The scope that means "every channel": marketing communication as a whole.
MARCOM = "marcom"

#: Channel kinds orgdiag knows; `other` is always allowed.
CHANNEL_KINDS: tuple[str, ...] = (
    "web",
    "crm",
    "email",
    "social",
    "search",
    "content",
    "pr",
    "events",
    "print",
    "tv",
    "radio",
    "ooh",
    "customer-service",
    "app",
    "retail",
    "internal",
    "other",
)

#: Areas of responsibility beyond the marketing channels, each with the function of orgdiag/model/functions.yaml it is
#: work of: a consultant states them as a scope (``partnerships/strategy``) without declaring a channel. They are not
#: marketing: the marketing rules read only channel and marcom scopes, the portfolio rules count an area held by a post
#: (or by a unit, for its heads) as its function.
AREAS: dict[str, str] = {
    "partnerships": "partnerships",
    "stakeholder-engagement": "partnerships",
    "industry-engagement": "partnerships",
    "public-affairs": "public-affairs",
    "corporate-communications": "communications",
    "internal-communications": "communications",
    "commercial": "commercial",
    "income-generation": "commercial",
}

#: Roles a position can be given explicitly; otherwise they are read from its title (lexicon.yaml).
Role = Literal[
    "executive",
    "head-of-marketing",
    "strategist",
    "communicator",
    "community-manager",
    "technical-expert",
    "customer-service",
    "employee",
]
ROLES: tuple[str, ...] = get_args(Role)

#: What a KPI measures; `roi` marks a return-on-investment target.
KpiKind = Literal["business", "roi", "conversion", "brand", "traffic", "engagement", "reach", "service", "other"]

LinkKind = Literal["collaborates", "coordinates"]
LINK_KINDS: tuple[str, ...] = get_args(LinkKind)


#: The longest text a value of the org file may hold (an id, a name, a title): far above any real one, and well
#: below what Graphviz draws in a label or a shell passes on.
MAX_TEXT = 1_000


class _Strict(BaseModel):
    """Unknown keys are errors; models do not change once read; a text is at most :data:`MAX_TEXT` characters and
    a number is finite (``.inf`` and ``.nan`` are refused).

    The lists added for the rule catalogue (``dotted_to``, ``takes_part``, ``accept``) are tuples that
    default to ``()``: a list factory per item costs about 0.1 s per field at 100,000 positions.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, str_max_length=MAX_TEXT, allow_inf_nan=False)


class Profile(_Strict):
    """Context that changes what counts as a problem ("one size doesn't fit all")."""

    model_config = ConfigDict(extra="allow", frozen=True, str_max_length=MAX_TEXT, allow_inf_nan=False)

    industry: str | None = None
    employees: int | None = Field(default=None, ge=0)
    countries: list[str] = Field(default_factory=list)


class Accept(_Strict):
    """A finding a consultant has weighed and accepts, marked on the element it concerns (like a linter's
    inline suppression): it is still reported, as accepted, with the reason."""

    rule: str = Field(min_length=1)
    reason: str = Field(min_length=1)


class Inference(_Strict):
    """A fact orgdiag read from words (a title, a unit name) when importing, not one the input stated.

    It stays in the org file so that the consultant sees what was read and from which words, and can
    state the fact instead (an explicit ``role:``, a channel in the overlay).
    """

    fact: Literal["role", "channel"]
    value: str
    source: str
    words: str

    def describe(self) -> str:
        """One line for findings and reports.

        >>> Inference(fact="role", value="strategist", source="title 'SoMe-strateg'", words="strateg").describe()
        "role 'strategist' inferred from 'strateg' in the title 'SoMe-strateg'"
        """
        return f"{self.fact} '{self.value}' inferred from '{self.words}' in the {self.source}"


class Pay(_Strict):
    """The pay range of a post or a grade, per full-time year, in the organisation's currency."""

    low: float = Field(gt=0)
    high: float = Field(gt=0)

    @property
    def middle(self) -> float:
        return (self.low + self.high) / 2


class Staff(_Strict):
    """People counted rather than listed under a post (an organogram's junior staff): FTE per title and grade,
    with the grade's pay scale, the unit they work in and their profession where the export gives them."""

    title: str
    fte: float = Field(gt=0)
    grade: str | None = None
    pay: Pay | None = None
    #: the unit the junior sheet names for them, which may be below the senior post's own unit
    unit: str | None = None
    #: their professional or occupational group ("Finance", "Communications")
    profession: str | None = None


class UnplacedStaff(Staff):
    """Staff an export counts under a senior post it does not list, or under none: kept, so that the size and the
    data-quality finding count them, although no post's team or span can."""

    #: the senior post they are given as reporting to, as written (None when the row names none)
    reports_to: str | None = None


#: What an export's notes say about how a post is held, beyond holder and vacancy: ``acting`` (someone in
#: temporary charge), ``interim`` (an interim or agency contractor covers it), ``secondment`` (held on loan, in
#: or out), ``leave`` (the holder is on maternity or other leave), ``pool`` (a pool of people between postings,
#: not a team), ``not-a-post`` (the row is there to carry staff, not a real post), ``job-share`` (two people),
#: ``dual-reporting`` (the post answers to two managers, as its notes or job text say).
PostMark = Literal["acting", "interim", "secondment", "leave", "pool", "not-a-post", "job-share", "dual-reporting"]
POST_MARKS: tuple[str, ...] = get_args(PostMark)


def total_fte(amounts: Iterable[float]) -> float:
    """FTE (or any amounts of them) added up exactly, the same on every Python; 0 when there are none.

    ``sum`` adds floats with compensation from Python 3.12 on and plainly before: an organogram's 75 posts and
    1,464.50 junior FTE made 1,539 people on 3.11 and 1,540 on 3.13. ``math.fsum`` rounds the exact total once.

    >>> total_fte([0.1] * 10), total_fte([])
    (1.0, 0)
    """
    values = list(amounts)
    return math.fsum(values) if values else 0


#: Owyang's five ways of organising for the channels (docs/operating-models.md), as an organisation declares its
#: target: ``organisation.operating_model``.
OperatingModelId = Literal["organic", "centralized", "hub-and-spoke", "dandelion", "honeycomb"]
OPERATING_MODELS: tuple[str, ...] = get_args(OperatingModelId)
#: The models in which units outside marketing run channels by design, coordinated from the centre or a hub.
SPOKE_MODELS = frozenset({"hub-and-spoke", "dandelion", "honeycomb"})


#: The kinds of evidence a consultant collects beside the reporting lines. Each is *stated* (the data has some),
#: *surveyed* (the consultant looked and found none: ``surveyed:`` names it, or its section is an explicit empty
#: list) or *unknown* (absent): a rule that reads the absence of evidence runs only where it was surveyed.
EvidenceKind = Literal[
    "links", "participation", "approvals", "kpis", "budgets", "agencies", "experiments", "responsibilities"
]
EVIDENCE_KINDS: tuple[str, ...] = get_args(EvidenceKind)
#: The sections of the org file that are kinds of evidence: given as an explicit empty list, they were surveyed.
EVIDENCE_SECTIONS = ("links", "agencies", "kpis", "budgets", "approvals", "experiments")
#: How sure the consultant is of an entry: ``assumed`` (a working assumption for the workshop), ``stated`` (someone
#: in the organisation said so) or ``verified`` (checked against documents or decisions).
Confidence = Literal["assumed", "stated", "verified"]
CONFIDENCES: tuple[str, ...] = get_args(Confidence)


class Organisation(_Strict):
    """The organisation as a whole: its name, its context (`profile`), the operating model it means to have for
    its channels (`operating_model`), which the diagnosis holds the observed one against, and the kinds of evidence
    the consultant surveyed (`surveyed`): where one of them has no entries, none was found."""

    name: str
    profile: Profile = Profile()
    operating_model: OperatingModelId | None = None
    surveyed: tuple[EvidenceKind, ...] = ()
    #: staff the export counts under no listed post
    unplaced_staff: list[UnplacedStaff] = Field(default_factory=list)


class Unit(_Strict):
    """A department or team; `parent` makes the unit tree."""

    id: str
    name: str
    parent: str | None = None
    owns: list[str] = Field(default_factory=list)
    decides: list[str] = Field(default_factory=list)
    takes_part: tuple[str, ...] = ()
    accept: tuple[Accept, ...] = ()
    #: where the entry comes from (a workshop, an interview, a document), as the consultant writes it
    source: str | None = None
    #: how sure the consultant is of it (see :data:`Confidence`); None where nobody said
    confidence: Confidence | None = None


class Position(_Strict):
    """A role in the org chart, usually held by one person; `reports_to` makes the reporting lines.

    `dotted_to` names dotted-line (matrix) managers beside the solid line; `takes_part` the
    channels the holder publishes or engages on; `staff` people counted under the post but not listed;
    `inferred` the roles the import read from the title. A `vacant` post is open (it exists, nobody holds it);
    an `abolished` post no longer exists (an organogram's "Eliminated"): it stays in the file as history and
    is left out of everything that measures or draws the live organisation.
    """

    id: str
    title: str
    unit: str | None = None
    reports_to: str | None = None
    dotted_to: tuple[str, ...] = ()
    holder: str | None = None
    vacant: bool = False
    abolished: bool = False
    role: Role | None = None
    owns: list[str] = Field(default_factory=list)
    decides: list[str] = Field(default_factory=list)
    takes_part: tuple[str, ...] = ()
    accept: tuple[Accept, ...] = ()
    staff: tuple[Staff, ...] = ()
    inferred: tuple[Inference, ...] = ()
    #: the post's pay range (an organogram's actual pay floor and ceiling), where the export gives it
    pay: Pay | None = None
    #: the post's full-time equivalent (1 full time, 0.6 three days a week), where the export gives it: an
    #: organogram's pay is what a part-time holder is actually paid, so its full-time rate is ``pay`` over ``fte``
    fte: float | None = Field(default=None, gt=0)
    #: the post's grade as the export writes it ("SCS2", "Band 7")
    grade: str | None = None
    #: what the post does: an organogram's job/team function, an HR system's job description
    function: str | None = None
    #: the holder's professional or occupational group ("Finance", "Communications")
    profession: str | None = None
    #: the published pay cost of the staff under the post (an organogram's "Salary Cost of Reports"), per year
    paybill: float | None = Field(default=None, ge=0)
    #: the export's notes on the post, as written
    notes: str | None = None
    #: what those notes (or the holder column) say about how the post is held
    marks: tuple[PostMark, ...] = ()
    #: where the entry comes from (a workshop, an interview, a document), as the consultant writes it
    source: str | None = None
    #: how sure the consultant is of it (see :data:`Confidence`); None where nobody said
    confidence: Confidence | None = None


class Channel(_Strict):
    """A marketing channel, owned by one unit."""

    id: str
    kind: str
    owner: str
    name: str | None = None
    accept: tuple[Accept, ...] = ()
    inferred: tuple[Inference, ...] = ()
    #: where the entry comes from (a workshop, an interview, a document), as the consultant writes it
    source: str | None = None
    #: how sure the consultant is of it (see :data:`Confidence`); None where nobody said
    confidence: Confidence | None = None


class Agency(_Strict):
    """An external supplier: who contracted it, which channels it serves, what it owns."""

    id: str
    name: str
    contracted_by: str
    contact: str | None = None
    serves: list[str] = Field(default_factory=list)
    owns: list[str] = Field(default_factory=list)
    decides: list[str] = Field(default_factory=list)
    accept: tuple[Accept, ...] = ()
    #: where the entry comes from (a workshop, an interview, a document), as the consultant writes it
    source: str | None = None
    #: how sure the consultant is of it (see :data:`Confidence`); None where nobody said
    confidence: Confidence | None = None


class Kpi(_Strict):
    """A key performance indicator; `goal` links it to a business goal, `kind: roi` makes it a return target."""

    name: str
    channel: str
    owner: str
    id: str | None = None
    goal: str | None = None
    kind: KpiKind | None = None
    #: where the entry comes from (a workshop, an interview, a document), as the consultant writes it
    source: str | None = None
    #: how sure the consultant is of it (see :data:`Confidence`); None where nobody said
    confidence: Confidence | None = None


class Budget(_Strict):
    """Money, time or ad spend set aside for a channel, and who holds it."""

    channel: str
    owner: str
    amount: float = Field(gt=0)
    currency: str | None = None
    name: str | None = None
    #: where the entry comes from (a workshop, an interview, a document), as the consultant writes it
    source: str | None = None
    #: how sure the consultant is of it (see :data:`Confidence`); None where nobody said
    confidence: Confidence | None = None


class Approval(_Strict):
    """The chain of positions that what is published on a channel must pass, in order."""

    channel: str
    steps: list[str] = Field(min_length=1)
    name: str | None = None
    #: where the entry comes from (a workshop, an interview, a document), as the consultant writes it
    source: str | None = None
    #: how sure the consultant is of it (see :data:`Confidence`); None where nobody said
    confidence: Confidence | None = None


class Experiment(_Strict):
    """A trial or pilot on a channel, and who runs it."""

    name: str
    channel: str
    owner: str
    #: where the entry comes from (a workshop, an interview, a document), as the consultant writes it
    source: str | None = None
    #: how sure the consultant is of it (see :data:`Confidence`); None where nobody said
    confidence: Confidence | None = None


class Link(_Strict):
    """Collaboration or coordination between two units, agencies or positions."""

    kind: LinkKind
    between: list[str] = Field(min_length=2, max_length=2)
    name: str | None = None
    #: where the entry comes from (a workshop, an interview, a document), as the consultant writes it
    source: str | None = None
    #: how sure the consultant is of it (see :data:`Confidence`); None where nobody said
    confidence: Confidence | None = None


class OrgFile(_Strict):
    """The whole org file."""

    organisation: Organisation
    units: list[Unit] = Field(default_factory=list)
    positions: list[Position] = Field(default_factory=list)
    channels: list[Channel] = Field(default_factory=list)
    agencies: list[Agency] = Field(default_factory=list)
    kpis: list[Kpi] = Field(default_factory=list)
    budgets: list[Budget] = Field(default_factory=list)
    approvals: list[Approval] = Field(default_factory=list)
    experiments: list[Experiment] = Field(default_factory=list)
    links: list[Link] = Field(default_factory=list)


#: The lists of the org file and the model of their items.
SECTIONS: dict[str, type[BaseModel]] = {
    "units": Unit,
    "positions": Position,
    "channels": Channel,
    "agencies": Agency,
    "kpis": Kpi,
    "budgets": Budget,
    "approvals": Approval,
    "experiments": Experiment,
    "links": Link,
}

#: The sections whose items can hold responsibilities, KPIs, budgets and experiments.
HOLDERS = ("positions", "units", "agencies")


def is_channel_scope(scope: str) -> bool:
    """A scope that names a channel: neither marcom (every channel) nor an area beyond the channels.

    >>> is_channel_scope("social"), is_channel_scope(MARCOM), is_channel_scope("partnerships")
    (True, False, False)
    """
    return scope != MARCOM and scope not in AREAS


def split_ref(ref: str) -> tuple[str, str]:
    """Split `SCOPE/RESPONSIBILITY` at its last slash, so that channel ids may hold slashes.

    >>> split_ref("social/strategy")
    ('social', 'strategy')
    >>> split_ref("strategy")
    ('', 'strategy')
    """
    scope, _, responsibility = ref.rpartition("/")
    return scope, responsibility
