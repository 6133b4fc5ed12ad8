"""Draw docs/images/architecture.svg: orgdiag's packages in the order data flows through them.

The stages and what passes between them are written here once; tests/test_docs.py fails when the committed
DOT or SVG differs from what this script makes. Run it after changing the package layout:

    .venv/bin/python docs/architecture_diagram.py
"""

from __future__ import annotations

import sys
from pathlib import Path

import graphviz

IMAGES = Path(__file__).resolve().parent / "images"

#: (package, what it does), in the order the data flows.
STAGES = (
    ("importers", "HR and org-chart exports\nto an organisation"),
    ("orgfile", "read, check and write\nthe org file"),
    ("model", "the organisation:\nunits, positions, channels…"),
    ("coverage", "what the data states,\ninfers or lacks"),
    ("measure", "graph, metrics,\nfacts"),
    ("rules", "rule files, profiles,\ndurable-rules engine"),
    ("findings", "findings, suggestions,\nactions: plain data"),
    ("restructuring", "apply suggestions,\nre-diagnose, compare"),
    ("over_time", "snapshots diagnosed,\nposts and findings followed"),
    ("render", "diagrams, reports,\nJSON, text"),
)
#: (from, to, what passes).
FLOWS = (
    ("importers", "model", "OrgFile"),
    ("orgfile", "model", "OrgFile"),
    ("model", "measure", "OrgFile"),
    ("model", "coverage", "OrgFile"),
    ("coverage", "rules", "rules the data can assess"),
    ("measure", "rules", "facts"),
    ("rules", "findings", "matches"),
    ("findings", "restructuring", "suggestions"),
    ("restructuring", "model", "after: OrgFile"),
    ("findings", "render", "findings document"),
    ("restructuring", "render", "changes, comparison"),
    ("model", "over_time", "snapshots: OrgFile + date"),
    ("findings", "over_time", "findings per snapshot"),
    ("over_time", "render", "timeline"),
)


def architecture() -> graphviz.Digraph:
    """The data-flow picture; ``diagnosis`` (the pipeline) and ``cli`` drive it and are named in its label."""
    dot = graphviz.Digraph("orgdiag", graph_attr={"rankdir": "TB", "fontname": "Helvetica", "nodesep": "0.3"})
    dot.attr(label="orgdiag.diagnosis runs model → coverage, measure → rules → findings; orgdiag.cli calls the library")
    dot.attr("node", shape="box", style="rounded,filled", fillcolor="#f0f4f8", fontname="Helvetica", fontsize="11")
    dot.attr("edge", fontname="Helvetica", fontsize="9", color="#555555")
    for package, job in STAGES:
        dot.node(package, f"orgdiag.{package}\n{job}")
    for source, target, label in FLOWS:
        dot.edge(source, target, label=label)
    return dot


def write(folder: Path = IMAGES) -> dict[str, bytes]:
    """The DOT and SVG of the picture, written to ``folder``; returns them by file name."""
    dot = architecture()
    files = {"architecture.dot": dot.source.encode("utf-8"), "architecture.svg": dot.pipe(format="svg")}
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        (folder / name).write_bytes(content)
    return files


if __name__ == "__main__":
    written = write(Path(sys.argv[1]) if len(sys.argv) > 1 else IMAGES)
    print("wrote", ", ".join(sorted(written)))
