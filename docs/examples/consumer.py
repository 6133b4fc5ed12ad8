"""orgdiag embedded in a consulting tool: the documented API at work, type-checked with ``mypy --strict``.

Run from the repository's root: ``.venv/bin/python docs/examples/consumer.py``. A test type-checks and runs it.
"""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

import orgdiag

#: An organisation as a consulting tool holds it: plain data, never written to a file.
ORGANISATION = {
    "organisation": {"name": "Fjällvik Outdoor AB", "profile": {"industry": "retail", "employees": 180}},
    "units": [
        {"id": "ledning", "name": "Ledning"},
        {"id": "marknad", "name": "Marknad", "parent": "ledning"},
        {"id": "ehandel", "name": "E-handel", "parent": "ledning"},
    ],
    "positions": [
        {"id": "vd", "title": "VD", "unit": "ledning"},
        {"id": "cmo", "title": "Marknadschef", "unit": "marknad", "reports_to": "vd", "owns": ["marcom/strategy"]},
        {"id": "ecom", "title": "E-handelschef", "unit": "ehandel", "reports_to": "vd", "owns": ["web/strategy"]},
    ],
    "channels": [{"id": "web", "kind": "web", "owner": "ehandel"}],
}

#: A rule of the tool's own, in the rule files' format (docs/writing-rules.md).
HOUSE_RULE = """\
code: OD900
slug: web-outside-marketing
title: The web shop is run outside marketing
severity: low
family: marketing
needs: [channels]
sources: ["the consultancy's house rules"]
rationale: >-
  A house rule of the consultancy: the web is where the brand meets customers, so marketing should run it.
when:
  all:
    - m: {$and: [{t: unit}, {in_marketing: false}, {$gte: {channels: 1}}]}
subject: "{m.ref}"
evidence: ["{m.ref}", "{m.channel_ids}"]
message: "{m.name} runs the channels {m.channel_ids} outside marketing."
suggestions:
  - action: move_unit
    params: {unit: "{m.ref}", new_parent: "{m.marketing_unit}"}
    text: "Move {m.name} under marketing."
"""


def main() -> None:
    try:
        orgdiag.load({"organisation": {"name": "Broken"}, "positions": [{"id": "a", "title": "A", "reports_to": "a"}]})
    except orgdiag.InputError as error:
        print("refused:", error.problems[0].message)

    org = orgdiag.load(ORGANISATION, name="Fjällvik (CRM)")
    result = orgdiag.diagnose(org)
    for finding in result.at_least("medium"):
        print(f"{finding.severity:8} {finding.rule} {finding.subject}: {finding.title}")

    proposal = orgdiag.restructure(org)
    after = proposal.comparison.after
    print(f"{len(proposal.changes)} changes; after them {len(after.open_findings)} findings; after.yaml:")
    print(orgdiag.dump_org(after.org).splitlines()[0])

    today = orgdiag.Snapshot("today", orgdiag.SnapshotDate(date(2026, 6, 30)), org)
    planned = orgdiag.Snapshot("proposal", orgdiag.SnapshotDate(date(2027, 1, 31)), after.org)
    followed: orgdiag.History = orgdiag.history([today, planned])
    for span in followed.findings:
        print(span.rule, span.subject, "open in", ", ".join(followed.snapshots[n].label for n in span.seen))

    svg: bytes = orgdiag.diagram_bytes(result, "svg")
    print("diagram:", len(svg) > 1000 and svg.startswith(b"<?xml"))

    with tempfile.TemporaryDirectory() as folder:
        pack = Path(folder) / "house-rules"
        pack.mkdir()
        (pack / "OD900-web-outside-marketing.yaml").write_text(HOUSE_RULE, encoding="utf-8")
        profile_file = Path(folder) / "strict.yaml"
        profile_file.write_text("name: strict\nthresholds:\n  span-too-wide: {max_span: 6}\n", encoding="utf-8")
        catalogue = orgdiag.load_catalogue([pack])
        profile = orgdiag.load_profile(profile_file)
        ours = orgdiag.diagnose(org, catalogue=catalogue, profile=profile)
        print("profiles:", ", ".join(ours.profiles))
        for finding in (f for f in ours.findings if f.rule == "OD900"):
            move = finding.suggestions[0]
            print(f"{finding.message} Suggested: move {move.value('unit')} under {move.value('new_parent')}")


if __name__ == "__main__":
    main()
