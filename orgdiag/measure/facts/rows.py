"""`row` facts: the posts whose rows hold something that cannot be taken at face value (a unit off the reporting
line, a job text copied from posts with another title), one fact each.

Most posts hold nothing of the kind, so these facts are few: the rules that read them cost nothing for the other
posts, as a field on every `position` fact would.
"""

from __future__ import annotations

from orgdiag.measure.facts.context import Fact, OrgContext
from orgdiag.measure.facts.quality import labels_counted
from orgdiag.naming import holder_label

#: The fields of a `row` fact, with what each means.
ROW_FIELDS: dict[str, str] = {
    "t": "the fact's type",
    "ref": "the id of the post",
    "name": "its title",
    "post_label": 'how a message names it: its title, with its holder where the data names one ("Director of '
    'Finance (Jane Ellis)")',
    "unit": "its unit (empty when it has none)",
    "unit_off_line": "its unit is neither its manager's unit nor below or above it in one unit tree (not asked of the "
    "top team's units, a post reporting to nobody being in them)",
    "unit_name": "where its unit is off its line: its unit's name (else empty)",
    "line_manager": "where its unit is off its line: its manager (else empty)",
    "line_manager_label": "that manager by title and holder",
    "line_manager_unit": "that manager's unit, by name",
    "function_copies": "posts with another kind of title (the title before a qualifier such as ': South') whose job "
    "text is word for word its own, where more of the posts with that text have their kind of title than its own",
    "function_copy_ids": "those posts",
    "function_copy_posts": "them by title and holder, separated by semicolons",
    "copied_words": "how many words that job text has (0 when it is not copied)",
}


def row_facts(ctx: OrgContext) -> list[Fact]:
    """One fact per post whose row holds something that cannot be taken at face value, in the file's order."""
    attrs, quality = ctx.attrs, ctx.quality
    off, copied = quality.off_line, quality.copied_from
    facts = []
    for position in ctx.index.of_type("position") if off or copied else []:
        manager, originals = off.get(position), copied.get(position, [])
        if manager is None and not originals:
            continue
        node = attrs[position]
        facts.append(
            {
                "t": "row",
                "ref": position,
                "name": node["title"],
                "post_label": holder_label(node["title"], node["holder"]),
                "unit": ctx.unit_of.get(position, ""),
                **(_line_fields(ctx, position, manager) if manager else NOT_OFF_LINE),
                "function_copies": len(originals),
                "function_copy_ids": originals,
                "function_copy_posts": labels_counted(originals, attrs),
                "copied_words": len((node["post"].function or "").split()) if originals else 0,
            }
        )
    return facts


#: The line fields of a post whose unit is on its reporting line.
NOT_OFF_LINE: Fact = {
    "unit_off_line": False,
    "unit_name": "",
    "line_manager": "",
    "line_manager_label": "",
    "line_manager_unit": "",
}


def _line_fields(ctx: OrgContext, position: str, manager: str) -> Fact:
    """A post whose unit is off its reporting line: its unit, and its manager and the manager's unit, by name."""
    attrs, unit_of = ctx.attrs, ctx.unit_of
    return {
        "unit_off_line": True,
        "unit_name": attrs[unit_of[position]]["name"],
        "line_manager": manager,
        "line_manager_label": holder_label(attrs[manager]["title"], attrs[manager]["holder"]),
        "line_manager_unit": attrs[unit_of[manager]]["name"],
    }
