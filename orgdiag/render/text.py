"""The terminal summary of a diagnosis."""

from __future__ import annotations

import re

from orgdiag.coverage import DATA_KINDS, FROM_EXPORT, HOW_TO_ADD, HOW_TO_EXPORT, Coverage
from orgdiag.findings import Finding, FindingsDocument, NotAssessed, OperatingModel, Suggestion
from orgdiag.naming import plural

#: Characters that are no text: controls (escape sequences on a terminal), lone surrogates (no encoding writes them)
#: and the noncharacters U+FFFE and U+FFFF (XML, so SVG and Graphviz's labels, and XLSX refuse them).
_NO_TEXT = "\ud800-\udfff\ufffe\uffff"
_CONTROL = re.compile(f"[\x00-\x1f\x7f-\x9f{_NO_TEXT}]")
_CONTROL_BUT_LAYOUT = re.compile(f"[\x00-\x08\x0b-\x1f\x7f{_NO_TEXT}]")


def strip_control(text: str) -> str:
    r"""Control characters (and other characters that are no text) removed, tabs and newlines kept (for the diagram
    and the report, which lay them out).

    >>> strip_control("a\x00b\nc\uffff")
    'ab\nc'
    """
    return _CONTROL_BUT_LAYOUT.sub("", text)


def clean(text: str) -> str:
    """User text made safe for a terminal: control characters (escape sequences) removed.

    >>> clean("ok\\x1b[31mred")
    'ok[31mred'
    """
    return _CONTROL.sub("", text)


#: A finding folded from many (one per post) suggests a change per post: this many are shown, then how many more.
SUGGESTIONS_SHOWN = 3


def shown_suggestions(finding: Finding) -> tuple[list[Suggestion], str]:
    """The suggestions a reader is shown, and a line saying how many more there are ("" when none): the rest are
    in findings.json and the restructuring, and a page of "review the layer of …" helps nobody.

    >>> from orgdiag.findings import Suggestion
    >>> s = Suggestion(action="fix_data", params={}, text="Check it.")
    >>> f = Finding(rule="OD704", slug="x", title="", severity="low", subject="a", evidence=[], message="",
    ...     suggestions=[s] * 5)
    >>> len(shown_suggestions(f)[0]), shown_suggestions(f)[1]
    (3, 'and 2 more changes of the same kind (findings.json lists them all)')
    """
    rest = len(finding.suggestions) - SUGGESTIONS_SHOWN
    if rest <= 1:
        return list(finding.suggestions), ""
    return list(finding.suggestions[:SUGGESTIONS_SHOWN]), (
        f"and {rest} more {'change' if rest == 1 else 'changes'} of the same kind (findings.json lists them all)"
    )


#: The ids of a finding's evidence the terminal shows; findings.json and the report hold them all.
EVIDENCE_SHOWN = 20


def _evidence(ids: list[str]) -> str:
    if len(ids) <= EVIDENCE_SHOWN + 1:
        return ", ".join(ids)
    return ", ".join(ids[:EVIDENCE_SHOWN]) + f" and {len(ids) - EVIDENCE_SHOWN} more"


def summary_line(diagnosis: FindingsDocument) -> str:
    """ "Name: N findings (1 critical, 2 high)", counting open findings; accepted ones are added apart."""
    counts = diagnosis.by_severity()
    total = len(diagnosis.open_findings)
    accepted = len(diagnosis.accepted_findings)
    also = f"; {accepted} accepted" if accepted else ""
    if diagnosis.baseline is not None and diagnosis.baseline.hidden:
        also += f"; {diagnosis.baseline.hidden} in the baseline, not shown"
    if not total:
        return f"{clean(diagnosis.org.organisation.name)}: no findings{also}"
    parts = ", ".join(f"{n} {severity}" for severity, n in counts.items())
    return f"{clean(diagnosis.org.organisation.name)}: {total} {plural('finding', total)} ({parts}){also}"


def baseline_lines(diagnosis: FindingsDocument) -> list[str]:
    """Which baseline left findings out, how many, and how many of its entries no longer match."""
    known = diagnosis.baseline
    if known is None:
        return []
    gone = f"; {known.gone} of its entries no longer found (fixed since it was written)" if known.gone else ""
    return [f"Baseline: {clean(known.file)}: {known.hidden} findings it holds are not shown{gone}"]


def operating_model_line(diagnosis: FindingsDocument) -> str | None:
    """Which operating model the organisation has for its channels, and why (docs/operating-models.md)."""
    model = diagnosis.operating_model
    if model is None:
        return None
    confidence = f", {model.confidence} confidence" if model.confidence else ""
    declared = declared_model_sentence(model)
    return f"Operating model: {model.name}{confidence}. {clean(model.why)}" + (
        f" {clean(declared)}" if declared else ""
    )


def declared_model_sentence(model: OperatingModel) -> str | None:
    """Whether the organisation meets the operating model it declares (``organisation.operating_model``).

    >>> declared_model_sentence(OperatingModel(model="organic", name="Organic", confidence="high", why="",
    ...     declared="hub-and-spoke", declared_name="Hub and spoke", gaps=["no spoke"]))
    'Declared target: Hub and spoke, not met: no spoke.'
    """
    if model.declared_name is None:
        return None
    if model.confidence is None:
        return f"Declared target: {model.declared_name}; the data cannot tell whether it is met."
    if model.gaps:
        return f"Declared target: {model.declared_name}, not met: {'; '.join(model.gaps)}."
    return f"Declared target: {model.declared_name}, met."


def coverage_lines(diagnosis: FindingsDocument) -> list[str]:
    """What the data covers, which rule families it let orgdiag assess, and what the rest lacked, in sentences
    (each rule not assessed, and why, is in the JSON and the report)."""
    lines = []
    if diagnosis.coverage is not None:
        lines.append(f"Data: {diagnosis.coverage.sentence()}")
    skipped: dict[str, int] = {}
    for rule in diagnosis.not_assessed:
        skipped[rule.family] = skipped.get(rule.family, 0) + 1
    if diagnosis.assessed:
        parts = []
        for family, codes in diagnosis.assessed.items():
            total = len(codes) + skipped.get(family, 0)
            parts.append(f"{_family(family)} ({len(codes)}{f' of {total}' if total > len(codes) else ''} rules)")
        lines.append(f"Assessed: {', '.join(parts)}.")
    states = diagnosis.coverage.kinds if diagnosis.coverage is not None else {}
    surveyed = [DATA_KINDS[kind] for kind, status in states.items() if status == "surveyed"]
    if surveyed:
        lines.append(f"Surveyed, with nothing found: {'; '.join(surveyed)}.")
    if diagnosis.not_assessed:
        families = ", ".join(f"{n} {_family(family)}" for family, n in skipped.items())
        kinds = [kind for kind in DATA_KINDS if any(kind in rule.missing for rule in diagnosis.not_assessed)]
        lines.append(f"Not assessed for want of data: {families} rules. {_lacking(kinds)}")
    return lines


def layers_note(coverage: Coverage | None) -> str | None:
    """Why no layer chart is drawn, where most of the workforce is counted under the posts rather than listed: a
    chart of the listed posts' layers would pass for the organisation's. None where the chart is drawn.

    >>> print(layers_note(Coverage(kinds={}, live_posts=12, staff_fte=782.0)))
    No layer chart: 782.0 FTE of staff are counted under the 12 listed posts without saying who reports to whom, so \
the layers below the listed posts are not in the data.
    """
    if coverage is None or not coverage.layers_below_unknown:
        return None
    return (
        f"No layer chart: {coverage.staff_fte:,.1f} FTE of staff are counted under the {coverage.live_posts:,} listed "
        "posts without saying who reports to whom, so the layers below the listed posts are not in the data."
    )


def _lacking(kinds: list[str]) -> str:
    """What the data lacks and how to give it: an overlay for what exports do not hold, an export for the rest.

    >>> for part in _lacking(["channels", "pay"]).split(". "): print(part)
    The data has no channels: add them in an overlay (orgdiag import --overlay; docs/importing.md), or name them \
under `surveyed:` if you looked and found nothing
    It has no pay: import an export that gives them (an organogram's junior staff, pay columns; docs/importing.md).
    """
    overlay = [kind for kind in kinds if kind not in FROM_EXPORT]
    export = [kind for kind in kinds if kind in FROM_EXPORT]
    parts = []
    if overlay:
        parts.append(
            f"The data has no {_and(overlay)}: {HOW_TO_ADD}, or name them under `surveyed:` if you looked and "
            "found nothing."
        )
    if export:
        parts.append(f"{'It' if overlay else 'The data'} has no {_and(export)}: {HOW_TO_EXPORT}.")
    return " ".join(parts)


def missing_kinds(rule: NotAssessed) -> str:
    """What a rule not assessed lacked, in words.

    >>> missing_kinds(NotAssessed("OD109", "no-success-criteria", "marketing", ("channels", "kpis")))
    'channels (which unit owns which marketing channel) and kpis (the KPIs of the channels)'
    """
    return _and([f"{kind} ({DATA_KINDS[kind]})" for kind in rule.missing])


def _and(words: list[str]) -> str:
    return ", ".join(words[:-1]) + (" and " if len(words) > 1 else "") + words[-1]


def _family(family: str) -> str:
    return family.replace("-", " ")


def _block(finding: Finding) -> list[str]:
    lines = [
        f"{finding.severity.upper():9} {finding.rule} {finding.slug}  [{clean(finding.subject)}]",
        f"          {clean(finding.message)}",
        f"          evidence: {clean(_evidence(finding.evidence))}",
        *(f"          not stated: {clean(text)}" for text in [*(finding.inferred or ()), *(finding.assumed or ())]),
    ]
    if finding.stated_severity:
        lines.append(
            f"          severity: {finding.stated_severity} by its rule, lowered: it rests on inferred or assumed facts"
        )
    if finding.accepted is not None:
        return [*lines, f"          accepted: {clean(finding.accepted)}", ""]
    shown, more = shown_suggestions(finding)
    return [*lines, *(f"          -> {clean(s.text)}" for s in shown), *([f"          -> {more}"] if more else []), ""]


def render_text(diagnosis: FindingsDocument) -> str:
    """A readable summary: one block per open finding, most serious first; then accepted findings and accepts
    that matched nothing."""
    lines = [summary_line(diagnosis), f"Profiles: {', '.join(diagnosis.profiles)}", *coverage_lines(diagnosis)]
    model = operating_model_line(diagnosis)
    lines += [model] if model else []
    lines += [*baseline_lines(diagnosis), ""]
    for finding in diagnosis.open_findings:
        lines += _block(finding)
    if diagnosis.accepted_findings:
        lines += ["Accepted (not counted above):", ""]
        for finding in diagnosis.accepted_findings:
            lines += _block(finding)
    if diagnosis.unused_accepts:
        lines += ["Accepts that matched no finding:", ""]
        for accept in diagnosis.unused_accepts:
            lines.append(f"  {clean(accept.element)}: accept {clean(accept.rule)}: {clean(accept.why)}")
        lines.append("")
    return "\n".join(lines)
