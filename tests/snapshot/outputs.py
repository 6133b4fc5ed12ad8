"""Every kind of output orgdiag writes, on the demo, every hand-written fixture, synthetic organisations and the
importers' files, kept in ``tests/snapshot/outputs/`` as text, so that a change of any of them shows as a diff.

A case is a few CLI commands run one after the other in an empty folder (a later one may read what an earlier one
wrote: ``compare`` reads ``restructure``'s after.yaml). Its snapshot, ``outputs/<case>.txt``, holds each
command's exit status, stdout and stderr, then every file the commands wrote, each under a header line
``==> NAME <==`` (``NAME (no newline at end)`` when its text does not end in one).

What is kept of each output:

- text we write (findings.json, report.md, changes.json/.md, comparison.json, after.yaml, diagram.dot, SARIF,
  the imported org.yaml/.json and import report, the rule docs, stdout and stderr): as it is;
- report.html: as it is, but for the drawings Graphviz made (each ``<svg>`` that is not one of our bar charts
  becomes ``<svg>…</svg>``) and the page's style and script (``orgdiag/render/assets``, the same in every
  report, written by name);
- findings.xlsx: each sheet's cells, a row a line, tab-separated;
- report.pptx: each slide's layout and its shapes, each by kind with its text (a table's cells, a chart's
  kind, title, categories and series); no positions or sizes, which follow Graphviz's PNG;
- SVG and PNG drawn by Graphviz: their kind only. Their bytes and sizes depend on the machine's Graphviz and
  fonts; the DOT source we give Graphviz (diagram.dot) is ours and deterministic, and is kept whole.

Normalised: the checkout's folder is written ROOT and the case's folder WORK (the commands name their outputs
relative to it, as a user would), so that any two checkouts and machines compare. A file whose kept text is that
of a file or stream kept before it in the case is written ``= NAME`` (a ``--focus`` diagnosis's findings.json is
the plain one's; ``restructure --format json`` prints its changes.json).

What is run, and what is left out (to keep the snapshots to about 4 MB and two minutes of CPU):

- the demo: ``demo --out``, ``diagnose`` as text, SARIF and with ``--fail-on``, ``restructure`` (text and JSON)
  and ``compare``; the rule docs and list, ``rules explain``, ``schema`` and the import presets;
- every fixture organisation (its org file copied into the case's folder first): ``diagnose --out``. Of a rule's
  fixture only the status, stderr, findings.json and diagram.dot are kept: its summary, report.md, report.html,
  findings.xlsx and report.pptx render that findings.json again, by code whose outputs are kept whole on the
  demo, the healthy fixture, the synthetic organisations and the imports. The healthy fixture is restructured
  too; every fixture's restructuring (its changes.json) is kept by tests/restructure/test_same_changes.py and not
  drawn here again for each;
- a synthetic organisation of 200 positions (drawn as an overview, with a page per top-level unit): written,
  diagnosed, drawn around a unit (its reports, the whole one's but for the drawing, not kept) and restructured;
  one of 1,000 positions: its planted findings, findings.json and overview's DOT;
- every export under fixtures/import and fixtures/real: imported (``-o`` and ``--out``), imported as JSON and
  diagnosed as JSON (for the real exports, only the import report's org.yaml is kept of the org file).

Each case is a test of its own (test_recorded_outputs.py, marked slow, safe to run in parallel): it runs the
commands in-process (click's CliRunner, as the ``cli`` fixture does) in its own temporary folder, and on a
difference fails with a unified diff of each output that changed. When a change of output is intended, record
anew and say in the commit which outputs changed and why (``git diff`` shows them):

    .venv/bin/python tests/snapshot/outputs.py record            # every case (about a minute of CPU)
    .venv/bin/python tests/snapshot/outputs.py record demo ...    # only these cases
"""

from __future__ import annotations

import difflib
import io
import os
import re
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any, NamedTuple

from click.testing import CliRunner
from openpyxl import load_workbook
from pptx import Presentation

from orgdiag.cli.main import main as orgdiag_main

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/, when this file runs as a script
from rulecases import written_cases  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures"
DEMO = FIXTURES / "demo" / "nordvik-sport.yaml"
RECORDED = Path(__file__).with_name("outputs")


def org_fixtures() -> Iterator[tuple[str, Path]]:
    """(name, org file) of every hand-written organisation: the demo's and healthy ones under fixtures/ (not the
    expected findings), then every rule's cases, each written to a temporary file while its commands run."""
    for path in sorted(p for folder in ("demo", "healthy") for p in (FIXTURES / folder).rglob("*.yaml")):
        if not path.name.endswith(".expected.yaml"):
            yield str(path.relative_to(FIXTURES).with_suffix("")), path
    with tempfile.TemporaryDirectory() as folder:
        yield from written_cases(Path(folder))


def import_cases() -> Iterator[tuple[str, list[str]]]:
    """(name, arguments of `orgdiag import`) for every export the importers are tested on."""
    for path in sorted((FIXTURES / "import").rglob("*")):
        if path.is_file() and path.parent.name not in ("overlays", "uk-organogram"):
            yield f"import/{path.parent.name}/{path.stem}", [str(path)]
    yield (
        "import/uk-organogram/documented",
        [str(FIXTURES / "import" / "uk-organogram" / f"documented-{sheet}.csv") for sheet in ("senior", "junior")],
    )
    real = FIXTURES / "real"
    for folder in ("uk-organogram", "uk-organogram-history"):
        for senior in sorted((real / folder).glob("*senior.csv")):
            junior = senior.with_name(senior.name.replace("senior", "junior"))
            yield f"real/{folder}/{senior.stem}", [str(senior), str(junior), "--preset", "uk-organogram"]
    for path in sorted((real / "d3-org-chart").glob("*.csv")):
        yield f"real/d3-org-chart/{path.stem}", [str(path)]
    oracle = real / "d3-org-chart" / "data-oracle.csv"
    overlay = FIXTURES / "import" / "overlays" / "oracle-hr-marketing.yaml"
    yield "real/d3-org-chart/oracle-with-overlay", [str(oracle), "--overlay", str(overlay)]
    for path in sorted((real / "scim").glob("*.json")):
        yield f"real/scim/{path.stem}", [str(path), "--preset", "scim"]


Command = tuple[str, list[str]]

#: What is not kept of a rule's fixture: the summary and the reports that render its findings.json again, by
#: code whose outputs are kept on the demo, the healthy fixture, the synthetic organisations and the imports.
RENDERED_AGAIN = ("diagnose.stdout", "out/report.md", "out/report.html", "out/findings.xlsx", "out/report.pptx")

#: What is not kept of a real export's import: the org file again (report/org.yaml is kept, the same but for its
#: header), and as JSON (kept for every export under fixtures/import).
IMPORTED_AGAIN = ("org.yaml", "org.json")


class Case(NamedTuple):
    """A case's commands, (name, arguments), run in that order in one folder (output folders are named after
    the command that writes them), the outputs it does not keep, and the files (name, content) written into
    the folder before, which are not outputs."""

    commands: list[Command]
    left_out: tuple[str, ...] = ()
    inputs: tuple[tuple[str, bytes], ...] = ()


def cases() -> dict[str, Case]:
    """Every case by name."""
    demo = str(DEMO)
    found = {
        "demo": Case([("demo", ["demo", "--out", "demo"])]),
        "demo-diagnose": Case(
            [
                ("text", ["diagnose", demo]),
                ("sarif", ["diagnose", demo, "--format", "sarif"]),
                ("fail-on", ["diagnose", demo, "--fail-on", "high", "--quiet"]),
            ]
        ),
        "demo-restructure": Case(
            [
                ("restructure", ["restructure", demo, "--out", "restructure"]),
                ("restructure-json", ["restructure", demo, "--format", "json", "--out", "restructure-json"]),
                ("compare", ["compare", demo, "restructure/after.yaml", "--out", "compare"]),
            ]
        ),
        "cli": Case(
            [
                ("rules-docs", ["rules", "docs", "--out", "rules-docs"]),
                ("rules-list", ["rules", "list"]),
                ("rules-list-json", ["rules", "list", "--format", "json"]),
                ("rules-explain", ["rules", "explain", "OD105", "--org", demo]),
                ("schema", ["schema"]),
                ("presets", ["import", "--list-presets"]),
            ]
        ),
    }
    found |= fixture_cases()
    found |= synthetic_cases()
    for name, args in import_cases():
        commands = [
            ("import", ["import", *args, "-o", "org.yaml", "--out", "report"]),
            ("import-json", ["import", *args, "--format", "json", "-o", "org.json"]),
            ("diagnose", ["diagnose", *args, "--format", "json"]),
        ]
        found[name] = Case(commands, IMPORTED_AGAIN if name.startswith("real/") else ())
    return found


def fixture_cases() -> dict[str, Case]:
    """Each fixture organisation diagnosed with ``--out``, the healthy one restructured too; each org file is
    copied into the case's folder (read while :func:`org_fixtures` gives it), and named there as it is."""
    found = {}
    for name, org in org_fixtures():
        commands = [("diagnose", ["diagnose", org.name, "--out", "out"])]
        if name == "healthy/integrated-marketing":
            commands.append(("restructure", ["restructure", org.name, "--format", "json", "--out", "restructure"]))
        left_out = RENDERED_AGAIN if name.startswith("rules/") else ()
        found[f"fixtures/{name}"] = Case(commands, left_out, ((org.name, org.read_bytes()),))
    return found


def synthetic_cases() -> dict[str, Case]:
    """A synthetic organisation of 200 positions (drawn as an overview, a page per top-level unit) diagnosed, drawn
    around a unit and restructured; of one of 1,000 positions, its findings and its overview's DOT. The reports
    drawn around a unit are those of the whole but for the drawing, and are not kept."""
    reports = ("report.md", "report.html", "findings.xlsx", "report.pptx")
    return {
        "synth/200-1": Case(
            [
                ("synth", ["synth", "--positions", "200", "--seed", "1", "-o", "org.json"]),
                ("diagnose", ["diagnose", "org.json", "--out", "out"]),
                ("focus", ["diagnose", "org.json", "--out", "focus", "--focus", "u1"]),
                ("restructure", ["restructure", "org.json", "--format", "json", "--out", "restructure"]),
            ],
            tuple(f"focus/{name}" for name in reports),
        ),
        "synth/1000-0": Case(
            [
                ("synth", ["synth", "--positions", "1000", "--seed", "0", "-o", "org.json"]),
                ("diagnose", ["diagnose", "org.json", "--out", "out"]),
            ],
            ("org.json", *(f"out/{name}" for name in reports)),
        ),
    }


def snapshot(case: Case, work: Path) -> dict[str, str]:
    """Run a case's commands in ``work`` (an empty folder) and return every output's kept text by name: each
    command's ``NAME.status``, ``NAME.stdout`` and ``NAME.stderr``, then each file written, by its path."""
    outputs: dict[str, str] = {}
    runner = CliRunner()
    for name, content in case.inputs:
        (work / name).write_bytes(content)
    with inside(work):
        for name, args in case.commands:
            done = runner.invoke(orgdiag_main, args, catch_exceptions=False)
            outputs[f"{name}.status"] = f"{done.exit_code}\n"
            outputs[f"{name}.stdout"] = done.stdout_bytes.decode("utf-8")
            outputs[f"{name}.stderr"] = done.stderr_bytes.decode("utf-8")
    inputs = {work / name for name, _ in case.inputs}
    for path in sorted(p for p in work.rglob("*") if p.is_file() and p not in inputs):
        outputs[path.relative_to(work).as_posix()] = kept_text(path)
    for name in case.left_out:
        del outputs[name]
    return deduplicated({name: normalised(text, work) for name, text in outputs.items()})


@contextmanager
def inside(folder: Path) -> Iterator[None]:
    """Work in ``folder`` for a while: the commands name their outputs relative to it, as a user would."""
    before = Path.cwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(before)


def normalised(text: str, work: Path) -> str:
    """The text with the checkout's folder written ROOT and the case's folder WORK."""
    return text.replace(str(work), "WORK").replace(str(ROOT), "ROOT")


def deduplicated(outputs: dict[str, str]) -> dict[str, str]:
    """Each output whose text is that of an earlier one (not empty) written ``= NAME`` of the first."""
    first: dict[str, str] = {}
    kept = {}
    for name, text in outputs.items():
        if text.strip() and text in first:
            kept[name] = f"= {first[text]}\n"
        else:
            first.setdefault(text, name)
            kept[name] = text
    return kept


def kept_text(path: Path) -> str:
    """The text kept of an output file: the file itself if it is text we write, else a text form of it."""
    data = path.read_bytes()
    if path.suffix == ".png":
        return "PNG drawn by Graphviz\n" if data.startswith(b"\x89PNG\r\n\x1a\n") else "not a PNG\n"
    if path.suffix == ".svg":
        return "SVG drawn by Graphviz\n" if b"<svg" in data and b"Generated by graphviz" in data else "not an SVG\n"
    if path.suffix == ".xlsx":
        return workbook_text(data)
    if path.suffix == ".pptx":
        return deck_text(data)
    if path.suffix == ".html":
        return page_text(data.decode("utf-8"))
    return data.decode("utf-8")


#: An inline SVG Graphviz drew (our own bar charts are ``role="img"``); Graphviz's SVG holds no other ``<svg>``.
GRAPHVIZ_SVG = re.compile(r'<svg\b(?![^>]*\brole="img")[^>]*>.*?</svg>', re.DOTALL)


def page_text(page: str) -> str:
    """report.html without the drawings Graphviz made and with its style and script named, not repeated.

    >>> page_text('<div><svg width="8pt"\\nheight="9pt"><g/></svg><svg role="img" width="460"></svg></div>')
    '<div><svg>…</svg><svg role="img" width="460"></svg></div>'
    """
    for name in ("report.css", "report.js"):
        page = page.replace(_asset(name), f"[orgdiag/render/assets/{name}]")
    return GRAPHVIZ_SVG.sub("<svg>…</svg>", page)


def _asset(name: str) -> str:
    return resources.files("orgdiag.render").joinpath("assets", name).read_text(encoding="utf-8")


def workbook_text(data: bytes) -> str:
    """Each sheet of a workbook: its title, then its rows, a line each, cells tab-separated (empty ones empty)."""
    workbook = load_workbook(io.BytesIO(data), read_only=True)
    lines = []
    for sheet in workbook.worksheets:
        lines.append(f"sheet {sheet.title}")
        for row in sheet.iter_rows(values_only=True):
            lines.append("\t".join("" if value is None else _escaped(str(value)) for value in row))
    return "\n".join(lines) + "\n"


def deck_text(data: bytes) -> str:
    """Each slide of a deck: its layout, then each shape by kind with its text, a table's cells and a chart's
    kind, categories and series; no positions or sizes (a picture's are those of Graphviz's PNG)."""
    lines = []
    for number, slide in enumerate(Presentation(io.BytesIO(data)).slides, start=1):
        lines.append(f"slide {number} ({slide.slide_layout.name})")
        for shape in slide.shapes:
            lines += [f"  {line}" for line in _shape_lines(shape)]
    return "\n".join(lines) + "\n"


def _shape_lines(shape: Any) -> list[str]:
    """A slide's shape: its kind (python-pptx's shape type), then its paragraphs, table rows or chart."""
    lines = [str(shape.shape_type).split(" ")[0] if shape.shape_type is not None else "shape"]
    if shape.has_text_frame:
        lines += [f"  {_escaped(paragraph.text)}" for paragraph in shape.text_frame.paragraphs]
    if shape.has_table:
        lines += ["  " + "\t".join(_escaped(cell.text) for cell in row.cells) for row in shape.table.rows]
    if shape.has_chart:
        chart = shape.chart
        title = chart.chart_title.text_frame.text if chart.has_title else ""
        lines.append(f"  chart {chart.chart_type} {_escaped(title)}")
        lines.append("  categories: " + "\t".join(_escaped(str(c)) for c in chart.plots[0].categories))
        lines += [f"  series {_escaped(series.name)}: {list(series.values)}" for series in chart.series]
    return lines


def _escaped(text: str) -> str:
    """A cell's or paragraph's text on one line: its line breaks and tabs written as ``\\n`` and ``\\t``."""
    return text.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t").replace("\v", "\\v")


HEADER = re.compile(r"^==> (.*) <==$")
NO_NEWLINE = " (no newline at end)"


def snapshot_text(outputs: dict[str, str]) -> str:
    """The outputs as one text: each under a ``==> NAME <==`` line (NAME marked when its text does not end in a
    newline)."""
    parts = []
    for name, text in outputs.items():
        if any(HEADER.match(line) for line in text.split("\n")):
            raise ValueError(f"{name} holds a line that reads as a snapshot header")
        marked = name if not text or text.endswith("\n") else name + NO_NEWLINE
        parts.append(f"==> {marked} <==\n{text}{'' if not text or text.endswith(chr(10)) else chr(10)}")
    return "".join(parts)


def parsed(snapshot: str) -> dict[str, str]:
    """The outputs of a snapshot text, the inverse of :func:`snapshot_text`."""
    outputs: dict[str, list[str]] = {}
    marks: dict[str, bool] = {}
    current = ""
    for line in snapshot.split("\n")[:-1]:  # a snapshot ends in a newline; other line breaks are text
        header = HEADER.match(line)
        if header:
            current = header.group(1).removesuffix(NO_NEWLINE)
            marks[current] = header.group(1).endswith(NO_NEWLINE)
            outputs[current] = []
        else:
            outputs[current].append(line + "\n")
    return {name: "".join(lines)[: -1 if marks[name] else None] for name, lines in outputs.items()}


def differences(recorded: dict[str, str], now: dict[str, str], most: int = 400) -> str:
    """A unified diff of each output that differs (at most ``most`` lines), empty when none does."""
    lines: list[str] = []
    for name in [*recorded, *(name for name in now if name not in recorded)]:
        if recorded.get(name) != now.get(name):
            before = recorded.get(name, "").splitlines(keepends=True) if name in recorded else []
            after = now.get(name, "").splitlines(keepends=True) if name in now else []
            lines += difflib.unified_diff(before, after, f"recorded {name}", f"now {name}")
            lines += [] if not lines or lines[-1].endswith("\n") else ["\n"]
            lines += [] if name in recorded else [f"(new output {name})\n"]
            lines += [] if name in now else [f"(output {name} no longer written)\n"]
    shown = "".join(lines[:most])
    return shown + (f"… and {len(lines) - most} lines more\n" if len(lines) > most else "")


def recorded_file(case: str) -> Path:
    return RECORDED / f"{case}.txt"


def recorded(case: str) -> dict[str, str]:
    """A case's recorded outputs, read as written (no newline translated)."""
    return parsed(recorded_file(case).read_bytes().decode("utf-8"))


def record(names: list[str], work_root: Path) -> None:
    """Record the named cases, or every case (and forget the snapshots of cases there no longer are)."""
    every = cases()
    if not names:
        for stale in RECORDED.rglob("*.txt"):
            stale.unlink()
    for number, case in enumerate(names or sorted(every), start=1):
        work = work_root / f"case-{number}"
        work.mkdir()
        target = recorded_file(case)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(snapshot_text(snapshot(every[case], work)).encode("utf-8"))
        print(f"recorded {case}")


def main(argv: list[str]) -> int:
    if not argv or argv[0] != "record":
        print(__doc__)
        return 2
    with tempfile.TemporaryDirectory() as folder:
        record(argv[1:], Path(folder))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
