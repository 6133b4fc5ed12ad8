"""The terminal summary of a diagnosis."""

from __future__ import annotations

import re

from orgdiag.coverage import DATA_KINDS, FROM_EXPORT, HOW_TO_ADD, HOW_TO_EXPORT
from orgdiag.findings import Finding, FindingsDocument, NotAssessed, OperatingModel, Suggestion
from orgdiag.naming import counted, fte, plural
from orgdiag.structure import Structure

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
            of = f" of {total}" if total > len(codes) else ""
            parts.append(f"{_family(family)} ({len(codes)}{of} {plural('rule', total)})")
        lines.append(f"Assessed: {', '.join(parts)}.")
    states = diagnosis.coverage.kinds if diagnosis.coverage is not None else {}
    surveyed = [DATA_KINDS[kind] for kind, status in states.items() if status == "surveyed"]
    if surveyed:
        lines.append(f"Surveyed, with nothing found: {'; '.join(surveyed)}.")
    if diagnosis.not_assessed:
        families = ", ".join(f"{_family(family)} {n}" for family, n in skipped.items())
        lines.append(
            f"Not assessed for want of data: {counted(len(diagnosis.not_assessed), 'rule')} ({families}). "
            + _lacking(lacking_kinds(diagnosis))
        )
    return lines


def lacking_kinds(diagnosis: FindingsDocument) -> list[str]:
    """The kinds of fact some rule not assessed lacked, in the order of :data:`DATA_KINDS`."""
    return [kind for kind in DATA_KINDS if any(kind in rule.missing for rule in diagnosis.not_assessed)]


#: Up to this many open findings, and with rules the data could not assess, a summary says that so few findings are
#: no clean bill of health, and what to collect next.
FEW_FINDINGS = 3


def thin_data_lines(diagnosis: FindingsDocument) -> list[str]:
    """What a diagnosis that found little says beside its count: so few findings are no clean bill of health where
    rules could not run, and what to collect next (the evidence workbook for what no export holds, a fuller export
    for staff and pay). Nothing where the findings are many or every rule ran.

    >>> from orgdiag.model import OrgFile
    >>> org = OrgFile.model_validate({"organisation": {"name": "X"}, "positions": [{"id": "a", "title": "CEO"}]})
    >>> doc = FindingsDocument(org=org, findings=(), assessed={"structure": ("OD201",)},
    ...     not_assessed=(NotAssessed("OD101", "channel-silo", "marketing", ("channels", "pay")),))
    >>> for line in thin_data_lines(doc): print(line)
    This is no clean bill of health: the 1 rule this data lets orgdiag run (structure) found nothing, but 1 of the 2 \
could not run, for want of channels and pay; what it looks for is unknown here, not absent.
    Collect next: channels, in workshops with the evidence workbook (orgdiag evidence ORG -o evidence.xlsx; \
docs/evidence.md), then diagnose again with --overlay evidence.xlsx; and an export that gives pay (an organogram's \
junior staff, its pay columns; docs/importing.md).
    """
    found = len(diagnosis.open_findings)
    missing = len(diagnosis.not_assessed)
    if found > FEW_FINDINGS or not missing:
        return []
    ran = sum(len(codes) for codes in diagnosis.assessed.values())
    kinds = lacking_kinds(diagnosis)
    they = "it looks" if missing == 1 else "they look"
    skipped = {rule.family for rule in diagnosis.not_assessed}
    families = [f"part of {_family(f)}" if f in skipped else _family(f) for f in diagnosis.assessed]
    result = "found nothing" if not found else f"found {counted(found, 'finding')}"
    lines = [
        f"This is no clean bill of health: the {counted(ran, 'rule')} this data lets orgdiag run "
        f"({_and(families)}) {result}, but {missing:,} of the {ran + missing:,} could not run, for want of "
        f"{_and([KIND_WORDS.get(k, k) for k in kinds])}; what {they} for is unknown here, not absent."
    ]
    overlay, export = _by_source(kinds)
    collect = []
    if overlay:
        collect.append(
            f"{_and(overlay)}, in workshops with the evidence workbook (orgdiag evidence ORG -o evidence.xlsx; "
            "docs/evidence.md), then diagnose again with --overlay evidence.xlsx"
        )
    if export:
        collect.append(
            f"an export that gives {_and(export)} (an organogram's junior staff, its pay columns; docs/importing.md)"
        )
    lines.append(f"Collect next: {'; and '.join(collect)}.")
    return lines


#: A kind of fact as a sentence names it, where that is not its key.
KIND_WORDS = {"kpis": "KPIs", "participation": "who takes part on which channel", "links": "coordination links"}


def layers_note(structure: Structure) -> str | None:
    """What the layer chart shows of the staff counted under the posts (an organogram's junior staff): each on the
    layer below its post, where the data does not say who reports to whom among them. None where every person is a
    listed post.

    >>> from orgdiag.structure import Layer
    >>> shape = Structure({"ceo": 0}, {}, {"ceo": 782.0}, {"ceo": 782}, (Layer(1, 1, 1, 0), Layer(2, 0, 0, 782.0)))
    >>> print(layers_note(shape))
    Staff are shown on the layer below the post they are counted under: 782.0 FTE under 1 post. The data does not \
say who reports to whom among them, so there may be more layers below.
    """
    if not structure.staff:
        return None
    return (
        f"Staff are shown on the layer below the post they are counted under: {fte(structure.staff_fte)} FTE under "
        f"{counted(len(structure.staff), 'post')}. The data does not say who reports to whom among them, so there may "
        "be more layers below."
    )


def _by_source(kinds: list[str]) -> tuple[list[str], list[str]]:
    """The kinds of fact an overlay gives (in words) and those an export gives (:data:`FROM_EXPORT`)."""
    overlay = [KIND_WORDS.get(kind, kind) for kind in kinds if kind not in FROM_EXPORT]
    return overlay, [kind for kind in kinds if kind in FROM_EXPORT]


def _lacking(kinds: list[str]) -> str:
    """What the data lacks and how to give it: an overlay for what exports do not hold, an export for the rest.

    >>> for part in _lacking(["channels", "pay"]).split(". "): print(part)
    The data has no channels: add them in an overlay (orgdiag import --overlay; docs/importing.md), or name them \
under `surveyed:` if you looked and found nothing
    It has no pay: import an export that gives them (an organogram's junior staff, pay columns; docs/importing.md).
    """
    overlay, export = _by_source(kinds)
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
    lines = [summary_line(diagnosis), *thin_data_lines(diagnosis)]
    lines += [f"Profiles: {', '.join(diagnosis.profiles)}", *coverage_lines(diagnosis)]
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
