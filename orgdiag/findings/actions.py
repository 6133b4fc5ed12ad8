"""The actions a suggestion may name, declared once: their parameters, each parameter's one shape, and what each
does to the organisation.

The rules check suggestions against these declarations and their docs are generated from them
(docs/rules/actions.md); :mod:`orgdiag.restructuring.actions` carries each out, its implementations registering
against the names declared here (a test holds every declared action to one implementation reading the declared
parameters).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class ActionSpec:
    """What a suggestion's action takes and does; :mod:`orgdiag.restructuring.actions` carries it out."""

    params: tuple[str, ...]
    doc: str
    #: the parameters that hold a list of values (ids, words); every other one holds one value, as text
    lists: tuple[str, ...] = ()
    #: advice for people, never a change to the organisation
    advisory: bool = False

    def shaped(self, params: Mapping[str, str | list[str]]) -> dict[str, str | list[str]]:
        """Parameters in this action's one shape: a list where :attr:`lists` says so, else one text (the first
        of a list, as the action reads it).

        >>> ACTIONS["merge_units"].shaped({"units": "a", "into": ["b"]})
        {'units': ['a'], 'into': 'b'}
        """
        shaped: dict[str, str | list[str]] = {}
        for name, value in params.items():
            if name in self.lists:
                shaped[name] = [value] if isinstance(value, str) else list(value)
            else:
                shaped[name] = value if isinstance(value, str) else (value[0] if value else "")
        return shaped


#: Every action a suggestion may name: its parameters and what it does to the organisation. Rule files are
#: checked against it, docs/rules/actions.md is generated from it, and each implementation in the restructuring
#: registers against its name here (``@carries_out``, which refuses a name not declared).
ACTIONS: dict[str, ActionSpec] = {
    "move_responsibility": ActionSpec(
        ("responsibility", "from", "to"),
        "Responsibilities (words like ``strategy`` or refs like ``social/kpis``) move from holders to another.",
        lists=("responsibility", "from"),
    ),
    "assign_responsibility": ActionSpec(
        ("responsibility", "to"),
        "The first of the named holders becomes the accountable owner of a responsibility.",
        lists=("to",),
    ),
    "grant_decision_right": ActionSpec(
        ("scope", "responsibility", "to"),
        "A holder is given the decision right over a responsibility on each scope (channel, or ``marcom``).",
        lists=("scope",),
    ),
    "move_unit": ActionSpec(
        ("unit", "new_parent"),
        (
            "A unit moves under a new parent; its heads then report to the new parent's head. Never a unit whose "
            "main work is not marketing into marketing."
        ),
    ),
    "merge_units": ActionSpec(
        ("units", "into"),
        (
            "Units are merged into one: their positions, channels, sub-units, agencies, responsibilities and "
            "links move to it and they are removed. An ``accept:`` on a merged unit is dropped with it, and the "
            "change says so."
        ),
        lists=("units",),
    ),
    "add_link": ActionSpec(
        ("kind", "between"),
        "A collaboration or coordination link between two units, positions or agencies.",
        lists=("between",),
    ),
    "split_role": ActionSpec(
        ("position", "move_out", "to"),
        "A position keeps its operational duties and hands one kind of responsibility (``move_out``) to another.",
        lists=("move_out",),
    ),
    "consolidate_agencies": ActionSpec(
        ("agencies", "into"),
        (
            "Agencies come under one roof: into a unit (a lead-agency model: marketing contracts and briefs "
            "them), or merged into one agency (which takes over what they serve and hold)."
        ),
        lists=("agencies",),
    ),
    "retitle_position": ActionSpec(
        ("position", "title"),
        "A position gets a title that says what it does.",
    ),
    "add_sponsor": ActionSpec(
        ("scope", "to"),
        "A position in top management becomes the executive sponsor of a scope.",
        lists=("to",),
    ),
    "reassign_approval": ActionSpec(
        ("channel", "from", "to"),
        (
            "Approvers leave a channel's approval chains (a chain left empty goes) and lose their decision rights "
            "over its approval and publishing; the channel's own people (``to``) decide what is published, within "
            "the strategy's frame."
        ),
        lists=("from",),
    ),
    "define_kpis": ActionSpec(
        ("channel", "owner"),
        "A channel without success criteria gets a KPI tied to a business goal (a placeholder to define).",
    ),
    "replace_kpis": ActionSpec(
        ("channel", "kpis"),
        "The named KPIs of a channel go; if none tied to a business goal is left, one (to define) takes their place.",
        lists=("kpis",),
    ),
    "trim_kpis": ActionSpec(
        ("channel", "keep"),
        "A channel keeps at most ``keep`` KPIs: those tied to a business goal first, in the file's order.",
    ),
    "attach_budget": ActionSpec(
        ("channel", "to"),
        "The holder of a channel's ROI target is also given its budget to invest.",
    ),
    "involve_voices": ActionSpec(
        ("channel", "coach"),
        (
            "Hub and spoke: customer service (or, without one, the experts' units) takes part in the channels, "
            "coached from marketing (``coach``'s unit and below, which already speak on them)."
        ),
        lists=("channel",),
    ),
    "change_reporting": ActionSpec(
        ("position", "reports_to"),
        "A position reports to another manager.",
    ),
    "add_position": ActionSpec(
        ("unit", "title", "reports_to"),
        (
            "A new, vacant post in a unit, reporting to a manager. Like every new post, not in a small organisation "
            "nor where a head of that work is among the staff below (docs/restructuring.md, Guard rails)."
        ),
    ),
    "remove_layer": ActionSpec(
        ("position",),
        (
            "A manager's direct reports move up to the manager's own manager; the post stays, without a team. Not "
            "for executives and heads of marketing (their team grows as units join them), nor for the head of a "
            "unit with people in it: the unit would be left without a head, and whether to merge it is for people "
            "to decide."
        ),
    ),
    "split_team": ActionSpec(
        ("position", "max_span"),
        (
            "A manager's direct reports are split, in file order, among new team-lead posts reporting to the "
            "manager: one more lead than the span allows for, so that each team and the manager's own span are "
            "well within it. Not in a small organisation, nor where a manager is among the staff below."
        ),
    ),
    "add_deputy": ActionSpec(
        ("position", "channels"),
        (
            "A second person for the channels one position holds alone: its first direct report, else a colleague "
            "in its unit who is not its peer, else a new vacant deputy post (not in a small organisation, nor where a "
            "head of that work is among the staff below); the deputy decides what is published on them."
        ),
        lists=("channels",),
    ),
    "assign_agency_contacts": ActionSpec(
        ("contact",),
        (
            "Each agency whose contact is the one named gets a contact in the channel it serves, where the "
            "channel has one of its own: a position holding one of its responsibilities, else one whose title "
            "names its kind."
        ),
    ),
    "appoint_head_of_marketing": ActionSpec(
        ("unit", "reports_to"),
        (
            "Where nobody leads marketing, a new (vacant) head-of-marketing post in a new marketing unit under "
            "``unit``, reporting to ``reports_to``. Not in a small organisation, nor where a head of marketing is "
            "among the staff."
        ),
    ),
    "fix_data": ActionSpec(
        ("element", "problem"),
        (
            "Advice: the data is wrong or missing where it comes from (the file or the HR system); only its owner "
            "can fix it."
        ),
        lists=("element",),
        advisory=True,
    ),
    "review_design": ActionSpec(
        ("scope", "topic"),
        "Advice: a design question (spans, layers) across a part of the organisation, for people to answer.",
        advisory=True,
    ),
}
