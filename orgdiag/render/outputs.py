"""Write everything a diagnosis produces into a directory."""

from __future__ import annotations

import json
from pathlib import Path

from orgdiag.diagnosis import Diagnosis
from orgdiag.render.dot import diagram, render_bytes
from orgdiag.render.report import render_report

OUTPUT_FILES = ("diagram.svg", "diagram.png", "diagram.dot", "findings.json", "report.md")


def findings_json(diagnosis: Diagnosis) -> str:
    """``{"organisation": …, "findings": […]}`` as stable, indented JSON text."""
    return json.dumps(diagnosis.to_json_data(), indent=2, ensure_ascii=False) + "\n"


def write_outputs(diagnosis: Diagnosis, out_dir: Path) -> list[Path]:
    """Write the diagram (DOT, SVG, PNG), the findings as JSON and the Markdown report; return the paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    source = diagram(diagnosis.org, diagnosis.findings).source
    contents: dict[str, bytes] = {
        "diagram.dot": source.encode("utf-8"),
        "diagram.svg": render_bytes(source, "svg"),
        "diagram.png": render_bytes(source, "png"),
        "findings.json": findings_json(diagnosis).encode("utf-8"),
        "report.md": render_report(diagnosis, diagram_file="diagram.svg").encode("utf-8"),
    }
    paths = []
    for name in OUTPUT_FILES:
        path = out_dir / name
        path.write_bytes(contents[name])
        paths.append(path)
    return paths
