"""What the fuzzing suite throws at orgdiag: hypothesis strategies for every kind of input (org files, exports,
column maps, overlays, workbook overlays, profiles, rule packs), and the one oracle every run must pass.

A case is files to write and the command to run on them. The oracle: the command ends with status 0, 1 or 2
(never 3, a failure of the tool, nor an exception of any other kind), within a deadline, under a memory limit;
status 2 comes with a message; an import that succeeds balances its rows (read = used + not used).
"""

from __future__ import annotations

import copy
import io
import json
import re
import resource
import signal
import string
import time
import traceback
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import openpyxl
import yaml
from click.testing import CliRunner
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from orgdiag.cli.main import main
from orgdiag.orgfile import load_org
from orgdiag.render.evidence import evidence_workbook

from rulecases import rule_cases

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures"
DEMO = FIXTURES / "demo" / "nordvik-sport.yaml"
EXPORT = FIXTURES / "import" / "generic" / "nordic-semicolon.csv"
#: A run longer than this is a hang; more memory than this beyond what the session held is a blow-up.
DEADLINE_SECONDS = 20
MEMORY_HEADROOM = 1 << 30

#: Small org files to mutate: the demo and every rule case (hand-written, each a few dozen lines).
SEED_ORGS = [DEMO.read_text(encoding="utf-8"), *(case.org for _, case in rule_cases())]
RULE_FILES = sorted((ROOT / "rules").glob("OD*.yaml"))
DEFAULT_THRESHOLDS = yaml.safe_load((ROOT / "rules" / "profiles" / "default.yaml").read_text(encoding="utf-8"))[
    "thresholds"
]

#: Text that breaks YAML, CSV, DOT, HTML or a terminal when it is not handled: quotes, delimiters, line breaks,
#: anchors and tags, control characters, long numbers, markup.
NASTY = [
    '"',
    "'",
    ",",
    ";",
    "\t",
    "\r",
    "\n",
    "\r\n",
    "{",
    "}",
    "[",
    "]",
    ": ",
    "- ",
    "&a ",
    "*a",
    "!!python/object:os.system ",
    "!!binary ",
    "<<: ",
    "\x00",
    "\x1b[31m",
    "\ufeff",
    "\ud800",
    "9" * 5000,
    ".nan",
    ".inf",
    "-1",
    "1e309",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "=HYPERLINK(1)",
    "{m.name}",
    "[[",
    "]]",
    "åäö ÆØ ß 名前 🙂",
    "a" * 1200,
    "\ufffe",
    "\uffff",
    "#",
]
COLUMNS = [
    "id",
    "name",
    "title",
    "manager",
    "department",
    "dept",
    "email",
    "status",
    "Employee ID",
    "Worker",
    "Business Title",
    "Manager ID",
    "Supervisory Organization",
    "Post Unique Reference",
    "Reports to Senior Post",
    "Job Title",
    "Unit",
    "FTE",
    "Period",
    "snapshot date",
    "",
]
OPERATORS = ["$and", "$or", "$gte", "$lte", "$gt", "$lt", "$neq", "$mt", "$ex", "$nex", "$count", "$s", "$m"]


# --- building blocks ----------------------------------------------------------------------------------------

nasty_text = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=12),
    st.text(alphabet=string.ascii_letters + string.digits + " -_/", min_size=1, max_size=10),
)
junk = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    nasty_text,
    st.lists(nasty_text, max_size=3),
    st.dictionaries(nasty_text, nasty_text, max_size=2),
)


@st.composite
def mutated_text(draw: st.DrawFn, text: str) -> str:
    """Text with a few spans replaced, lines deleted, duplicated or swapped."""
    lines = text.splitlines(keepends=True) or [""]
    for _ in range(draw(st.sampled_from([1, 1, 1, 2, 2, 3, 5]))):
        how = draw(st.sampled_from(["replace", "insert", "delete", "duplicate", "swap"]))
        at = draw(st.integers(0, len(lines) - 1))
        if how == "delete" and len(lines) > 1:
            del lines[at]
        elif how == "duplicate":
            lines.insert(at, lines[at])
        elif how == "swap":
            other = draw(st.integers(0, len(lines) - 1))
            lines[at], lines[other] = lines[other], lines[at]
        else:
            line = lines[at]
            start = draw(st.integers(0, len(line)))
            end = start if how == "insert" else draw(st.integers(start, len(line)))
            lines[at] = line[:start] + draw(nasty_text) + line[end:]
    return "".join(lines)


def _workbook(rows: list[list[str]]) -> bytes:
    """The rows as an XLSX workbook, each cell as text (control characters and noncharacters a sheet cannot hold
    left out)."""
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append([_sheet_text(value) for value in row])
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()


def _sheet_text(value: str) -> str:
    text = ILLEGAL_CHARACTERS_RE.sub("", value.encode("utf-8", "replace").decode())
    return text.replace("\ufffe", "").replace("\uffff", "")


def _dump(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


# --- the cases, one strategy per kind of input -----------------------------------------------------------------


@dataclass
class Case:
    """Files to write (name -> text or bytes) and the command's arguments (``{dir}`` is the case's folder)."""

    kind: str
    files: dict[str, str | bytes]
    args: list[str]
    imports: bool = False
    #: what the command reads on standard input
    stdin: bytes | None = None
    #: links to plant before the run (name -> target, ``{dir}`` the case's folder), such as one under --out ...
    links: dict[str, str] = field(default_factory=dict)
    #: ... and the files (by name) the command must leave as they were: the links' targets
    untouched: tuple[str, ...] = ()


@st.composite
def org_files(draw: st.DrawFn) -> Case:
    text = draw(mutated_text(draw(st.sampled_from(SEED_ORGS))))
    name = draw(st.sampled_from(["org.yaml", "org.json"])) if draw(st.integers(0, 9)) == 0 else "org.yaml"
    args = ["diagnose", "{dir}/" + name, "--format", draw(st.sampled_from(["json", "text", "sarif"]))]
    if draw(st.integers(0, 24)) == 0:
        args += ["--out", "{dir}/out"]
    return Case("org file", {name: text}, args)


@st.composite
def exports(draw: st.DrawFn) -> Case:
    usual = ["id", "name", "title", "manager", "department"]
    header = draw(st.one_of(st.just(usual), st.lists(st.sampled_from(COLUMNS), min_size=1, max_size=7)))
    delimiter = draw(st.sampled_from([",", ";", "\t", "|"]))
    value = st.one_of(st.integers(0, 12).map(str), st.sampled_from(["Ann", "Bo", "CEO", "Marknad", ""]), nasty_text)
    rows = draw(st.lists(st.lists(value, min_size=len(header), max_size=len(header) + 1), max_size=12))
    quoted = draw(st.booleans())

    def cell(value: str) -> str:
        return '"' + value.replace('"', '""') + '"' if quoted else value

    if draw(st.integers(0, 9)) == 0:
        return Case(
            "export", {"export.xlsx": _workbook([header, *rows])}, ["import", "{dir}/export.xlsx"], imports=True
        )
    text = "\n".join(delimiter.join(cell(v) for v in row) for row in [header, *rows]) + "\n"
    if draw(st.integers(0, 2)) == 0:
        text = draw(mutated_text(text))
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]))
    data = text.encode(encoding, errors="replace") if encoding != "utf-16" else text.encode("utf-16", "surrogatepass")
    if draw(st.integers(0, 4)) == 0:
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.binary(max_size=6)) + data[at:]
    args = ["import", "{dir}/export.csv", "-o", "{dir}/out.yaml"]
    if draw(st.integers(0, 4)) == 0:
        args += ["--encoding", draw(st.sampled_from(["utf-8", "utf-16", "utf-32", "cp1252", "latin-1", "nonsense"]))]
    if draw(st.integers(0, 6)) == 0:
        args += ["--delimiter", draw(st.sampled_from([",", ";", "tab", "ab", '"', "|"]))]
    return Case("export", {"export.csv": data}, args, imports=True)


PATTERNS = [
    r"\s*\([^()]*\)$",
    r"(a+)+$",
    r"(x+x+)+y",
    r"(",
    r"[",
    r"\d+$",
    r"(?<!\s)\s*\(.*\)$",
    r"(.*a){20}",
    r"",
]


@st.composite
def column_maps(draw: st.DrawFn) -> Case:
    fields = draw(
        st.dictionaries(
            st.sampled_from(["id", "name", "title", "manager", "department", "path", "email", "status", "junk"]),
            st.lists(st.sampled_from(["id", "name", "title", "manager", "dept", "Avdelning", "x", ""]), max_size=3),
            max_size=6,
        )
    )
    data: dict[str, Any] = {"fields": fields}
    if draw(st.booleans()):
        data["extends"] = draw(st.sampled_from(["generic", "workday", "uk-organogram", "nonsense"]))
    if draw(st.booleans()):
        data["unit_suffix"] = draw(st.one_of(st.sampled_from(PATTERNS), nasty_text))
    if draw(st.booleans()):
        data[draw(st.sampled_from(["path_separator", "inactive", "records", "kind", "unknown_key"]))] = draw(junk)
    export = "id,name,title,manager,dept\n1,Ann,CEO,," + "x" * draw(st.integers(0, 3000)) + "\n2,Bo,CFO,1,Sales (Bo)\n"
    return Case(
        "column map",
        {"map.yaml": _dump(data), "export.csv": export},
        ["import", "{dir}/export.csv", "--map", "{dir}/map.yaml", "-o", "{dir}/out.yaml"],
        imports=True,
    )


@st.composite
def overlays(draw: st.DrawFn) -> Case:
    entry = st.dictionaries(
        st.sampled_from(["id", "title", "holder", "name", "unit", "role", "owns", "decides", "kind", "owner", "x"]),
        st.one_of(junk, st.sampled_from(["1001", "1002", 1002, "Marknad", "web", "cmo", "Per Holm", "web/strategy"])),
        max_size=5,
    )
    sections = st.sampled_from(["positions", "units", "channels", "agencies", "budgets", "kpis", "links", "bogus"])
    data = draw(st.dictionaries(sections, st.one_of(st.lists(entry, max_size=4), junk), max_size=4))
    if draw(st.booleans()):
        data["organisation"] = draw(st.one_of(junk, st.just({"profile": {"employees": draw(junk)}})))
    text = _dump(data) if draw(st.integers(0, 3)) else draw(mutated_text(_dump(data)))
    return Case(
        "overlay",
        {"overlay.yaml": text},
        ["import", str(EXPORT), "--overlay", "{dir}/overlay.yaml", "-o", "{dir}/out.yaml"],
        imports=True,
    )


@cache
def _demo_workbook() -> bytes:
    """The demo's evidence workbook, as `orgdiag evidence` writes it: what the workbook cases edit."""
    return evidence_workbook(load_org(DEMO))


#: What a workbook's cell is given: junk, and what its cells hold when filled (labels, letters, kinds).
cell_value = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    nasty_text.map(_sheet_text),
    st.sampled_from(["A", "R", "A/R", "C", "I", "X", "web", "social/strategy", "Marknad (marknad)", "cmo", "yes"]),
)


@st.composite
def workbooks(draw: st.DrawFn) -> Case:
    """The demo's evidence workbook with cells overwritten, rows and columns deleted, sheets renamed or added;
    or a RACI matrix of random cells."""
    raci_only = draw(st.integers(0, 4)) == 0
    book = openpyxl.Workbook() if raci_only else openpyxl.load_workbook(io.BytesIO(_demo_workbook()))
    for _ in range(draw(st.integers(1, 8))):
        sheet = book[draw(st.sampled_from(book.sheetnames))]
        edit = draw(st.integers(0, 9))
        if edit == 0:
            sheet.delete_rows(draw(st.integers(1, 10)))
        elif edit == 1:
            sheet.delete_cols(draw(st.integers(1, 10)))
        elif edit == 2:
            sheet.title = draw(st.sampled_from(["KPI", "Notes", "Links ", "Responsibilities2"]))
        else:
            sheet.cell(draw(st.integers(1, 12)), draw(st.integers(1, 30)), draw(cell_value))
    out = io.BytesIO()
    book.save(out)
    return Case(
        "workbook overlay",
        {"evidence.xlsx": out.getvalue()},
        ["diagnose", str(DEMO), "--overlay", "{dir}/evidence.xlsx", "--format", "json"],
    )


@st.composite
def profiles(draw: st.DrawFn) -> Case:
    rules = st.sampled_from(["span-too-wide", "OD201", "too-many-layers", "channel-silo", "OD999", "nonsense"])
    params = st.sampled_from(["max_span", "max_layers", "min_channels", "max_linked_peers", "bogus"])
    value = st.one_of(st.integers(0, 40), junk)
    thresholds = draw(st.dictionaries(rules, st.one_of(st.dictionaries(params, value, max_size=3), junk), max_size=4))
    data: dict[str, Any] = {"name": draw(st.one_of(st.just("mine"), nasty_text)), "thresholds": thresholds}
    text = _dump(data) if draw(st.integers(0, 3)) else draw(mutated_text(_dump(data)))
    return Case("profile", {"profile.yaml": text}, ["diagnose", str(DEMO), "--profile", "{dir}/profile.yaml"])


@st.composite
def mutated_condition(draw: st.DrawFn, node: Any) -> Any:
    """A rule's condition with an operator, a field or a value replaced somewhere in it."""
    node = copy.deepcopy(node)
    if isinstance(node, dict) and node:
        key = draw(st.sampled_from(sorted(node)))
        choice = draw(st.integers(0, 3))
        if choice == 0:
            node[draw(st.sampled_from(OPERATORS))] = node.pop(key)
        elif choice == 1:
            node[key] = draw(junk)
        else:
            node[key] = draw(mutated_condition(node[key]))
    elif isinstance(node, list) and node:
        at = draw(st.integers(0, len(node) - 1))
        node[at] = draw(mutated_condition(node[at]))
    else:
        node = draw(st.one_of(junk, st.just(node)))
    return node


@st.composite
def rule_packs(draw: st.DrawFn) -> Case:
    files: dict[str, str | bytes] = {}
    for number in range(draw(st.integers(1, 3))):
        rule = yaml.safe_load(draw(st.sampled_from(RULE_FILES)).read_text(encoding="utf-8"))
        defaults = DEFAULT_THRESHOLDS.get(rule["slug"], {})  # a copy under another slug takes no profile's values
        for name, spec in rule.get("params", {}).items():
            spec.setdefault("default", defaults.get(name, 1))
        rule["code"] = f"OD9{number:02d}"
        rule["slug"] = f"my-rule-{number}"
        rule.pop("supersedes", None)
        for _ in range(draw(st.sampled_from([0, 1, 1, 2, 3]))):
            what = draw(st.sampled_from(["when", "derive", "params", "extra", "sources", "message", "pattern"]))
            if what == "when":
                rule["when"] = draw(mutated_condition(rule["when"]))
            elif what == "derive":
                rule["derive"] = draw(st.sampled_from(["echo", "silo", "unit", "ping", "pong"]))
            elif what == "params":
                rule["params"] = {name: {"doc": "d", "default": draw(junk)} for name in rule.get("params", {})}
            elif what == "pattern":
                rule["when"] = {"all": [{"m": {"$and": [{"t": "unit"}, {"$mt": {"name": draw(patterns)}}]}}]}
            elif what == "extra":
                rule["when"][draw(st.sampled_from(["count", "pri", "cap", "any"]))] = draw(junk)
            else:
                rule[what] = draw(junk)
        files[f"pack/OD9{number:02d}-my-rule-{number}.yaml"] = _dump(rule)
    return Case("rule pack", files, ["diagnose", str(DEMO), "--rules", "{dir}/pack", "--format", "json"])


#: Patterns at and beyond what durable-rules' regex compiler takes: groups nested deep, wide character classes,
#: long patterns, nested repetition.
patterns = st.one_of(
    st.integers(90, 300).map(lambda depth: "(" * depth + "a" + ")" * depth),
    st.integers(3_000, 70_000).map(lambda size: f"[{chr(0x100)}-{chr(0x100 + size)}]"),
    st.integers(3_000, 6_000).map(lambda length: "a" * length),
    st.integers(2, 12).map(lambda times: "(a*)*" * times),
    st.text(alphabet="()[]|*+?{}^$.-\\az,1", max_size=30),
)


JSON_EXPORTS = sorted([*(FIXTURES / "import").rglob("*.json"), *(FIXTURES / "real" / "scim").glob("*.json")])


@st.composite
def json_exports(draw: st.DrawFn) -> Case:
    """An HR system's JSON export (BambooHR, Google Workspace, HiBob, Microsoft Graph, SCIM) mutated as text, or
    with a value replaced anywhere in it."""
    seed = draw(st.sampled_from(JSON_EXPORTS))
    text = seed.read_text(encoding="utf-8")
    if draw(st.booleans()):
        text = draw(mutated_text(text))
    else:
        data = json.loads(text)
        text = json.dumps(draw(_replaced_somewhere(data)), ensure_ascii=False)
    return Case(
        "JSON export", {seed.name: text}, ["import", "{dir}/" + seed.name, "-o", "{dir}/out.yaml"], imports=True
    )


@st.composite
def _replaced_somewhere(draw: st.DrawFn, node: Any) -> Any:
    node = copy.deepcopy(node)
    if isinstance(node, dict) and node and draw(st.integers(0, 3)):
        key = draw(st.sampled_from(sorted(node)))
        node[key] = draw(_replaced_somewhere(node[key]))
        return node
    if isinstance(node, list) and node and draw(st.integers(0, 3)):
        at = draw(st.integers(0, len(node) - 1))
        node[at] = draw(_replaced_somewhere(node[at]))
        return node
    return draw(junk.filter(lambda value: not (isinstance(value, float) and value != value)))


@st.composite
def json_org_files(draw: st.DrawFn) -> Case:
    """An org file as JSON with a key given twice somewhere (JSON parsers keep the last without a word)."""
    data = yaml.safe_load(DEMO.read_text(encoding="utf-8"))
    text = json.dumps(data, ensure_ascii=draw(st.booleans()), indent=draw(st.sampled_from([None, 1])))
    keys = [m.start() for m in re.finditer(r'"(\w+)": ', text)]
    at = draw(st.sampled_from(keys))
    key = re.match(r'"(\w+)": ', text[at:]).group(1)  # type: ignore[union-attr]
    text = text[:at] + f'"{key}": {json.dumps(draw(junk.filter(lambda v: v == v)))}, ' + text[at:]
    return Case("JSON duplicate keys", {"org.json": text}, ["diagnose", "{dir}/org.json", "--format", "json"])


@st.composite
def mixed_encodings(draw: st.DrawFn) -> Case:
    """An export in UTF-8 with one stray byte (a Windows-1252 letter, an invalid byte) somewhere in it."""
    data = EXPORT.read_bytes()
    at = draw(st.integers(0, len(data)))
    stray = draw(st.sampled_from([b"\xe9", b"\xf6", b"\xff", b"\x80", b"\xc3", b"\xed\xa0\x80"]))
    return Case(
        "mixed encoding",
        {"hr.csv": data[:at] + stray + data[at:]},
        ["import", "{dir}/hr.csv", "-o", "{dir}/out.yaml"],
        imports=True,
    )


@st.composite
def dated_exports(draw: st.DrawFn) -> Case:
    """Exports of one organisation whose names carry dates (snapshots, never merged), posts renumbered or not."""
    rows = EXPORT.read_text(encoding="utf-8").splitlines(keepends=True)
    dates = draw(
        st.lists(
            st.sampled_from(["2025-03-31", "2025-09-30", "31.12.2024", "Sep-13", "2025"]),
            min_size=1,
            max_size=3,
            unique=True,
        )
    )
    files: dict[str, str | bytes] = {}
    for number, date in enumerate(dates):
        body = rows[1:] if not draw(st.booleans()) else [re.sub(r"^(\w+)", rf"\g<1>{number}", r) for r in rows[1:]]
        files[f"hr-{date}.csv"] = rows[0] + "".join(body)
    args = ["import", *(f"{{dir}}/{name}" for name in files), "-o", "{dir}/out.yaml"]
    if draw(st.booleans()):
        args += ["--snapshot", draw(st.sampled_from([*dates, "1999-01-01"]))]
    return Case("dated exports", files, args, imports=True)


@st.composite
def config_files(draw: st.DrawFn) -> Case:
    """orgdiag.toml, mutated or nested deep, given with --config before or after the command."""
    settings = {"fail-on": "'high'", "format": "'json'", "skip": "['OD201']", "only": "['channel-silo', 'OD201']"}
    lines = [f"{key} = {value}" for key, value in settings.items() if draw(st.booleans())]
    if draw(st.integers(0, 5)) == 0:  # a setting that is none, or names no file
        lines.append(draw(st.sampled_from(["tool = 'x'", "profile = 'no-such.yaml'", "[tool]", "format = 3"])))
    text = "\n".join(lines) + "\n"
    how = draw(st.integers(0, 5))
    if how == 0:
        text = draw(mutated_text(text))
    elif how == 1:
        depth = draw(st.integers(10, 2_000))
        text += "deep = " + "[" * depth + "]" * depth + "\n"
    name = "orgdiag.toml"
    if draw(st.integers(0, 3)) == 0:  # the same settings in a pyproject.toml, or a pyproject whose `tool` is none
        name = "pyproject.toml"
        text = draw(st.sampled_from(["[tool.orgdiag]\n" + text, "tool = 'x'\n", "[tool]\norgdiag = 3\n"]))
    config = ["--config", "{dir}/" + name]
    command = ["diagnose", str(DEMO)]
    args = [*config, *command] if draw(st.booleans()) else [*command, *config]
    return Case("config file", {name: text}, args)


@cache
def _demo_baseline() -> str:
    result = CliRunner().invoke(main, ["diagnose", str(DEMO), "--format", "json"], catch_exceptions=False)
    findings = json.loads(result.stdout)["findings"]
    return json.dumps(
        {
            "schema_version": "1.2",
            "tool": "orgdiag",
            "organisation": "Nordvik Sport AB",
            "findings": [{k: f[k] for k in ("rule", "slug", "subject", "message")} for f in findings],
        },
        indent=2,
    )


@st.composite
def baselines(draw: st.DrawFn) -> Case:
    """A baseline file mutated as text, with a value replaced anywhere, nested deep or holding huge numbers."""
    text = _demo_baseline()
    how = draw(st.integers(0, 3))
    if how == 0:
        text = draw(mutated_text(text))
    elif how == 1:
        text = json.dumps(draw(_replaced_somewhere(json.loads(text))), ensure_ascii=False)
    elif how == 2:
        depth = draw(st.integers(100, 5_000))
        text = '{"findings": ' + "[" * depth + "]" * depth + "}"
    else:
        text = text.replace('"OD101"', draw(st.sampled_from(["9" * 5000, "1e400", "-0", "null", '"OD101"'])), 1)
    return Case("baseline", {"b.json": text}, ["diagnose", str(DEMO), "--baseline", "{dir}/b.json"])


@st.composite
def standard_input(draw: st.DrawFn) -> Case:
    """An org file, an export or bytes of any kind on standard input (``-``)."""
    source = draw(st.sampled_from(["org", "export", "bytes"]))
    if source == "org":
        data = draw(mutated_text(draw(st.sampled_from(SEED_ORGS)))).encode("utf-8", "surrogatepass")
        args = ["diagnose", "-", "--format", "json"]
    elif source == "export":
        data = draw(mutated_text(EXPORT.read_text(encoding="utf-8"))).encode("utf-8", "surrogatepass")
        args = ["import", "-", "-o", "{dir}/out.yaml"]
    else:
        data = draw(st.binary(max_size=4096))
        args = draw(st.sampled_from([["diagnose", "-"], ["import", "-", "-o", "{dir}/out.yaml"], ["check", "-"]]))
    return Case("standard input", {}, args, imports=args[0] == "import", stdin=data)


TINY_ORG = (
    "organisation: {{name: {org}}}\nunits: [{{id: u, name: {unit}}}]\npositions:\n"
    "  - {{id: a, title: {title}, unit: u}}\n  - {{id: b, title: {title}, unit: u, reports_to: a}}\n"
    "channels: [{{id: w, kind: web, owner: u, name: {unit}}}]\n"
)


@st.composite
def outputs(draw: st.DrawFn) -> Case:
    """Every output of a small organisation whose names are nasty (report.pptx, findings.xlsx, HTML, SVG), written
    into --out with links planted under it, or with -o into a device."""
    names = {key: json.dumps(draw(nasty_text), ensure_ascii=False) for key in ("org", "unit", "title")}
    files: dict[str, str | bytes] = {"org.yaml": TINY_ORG.format(**names), "target.txt": "keep"}
    where = draw(st.sampled_from(["out", "device", "link"]))
    if where == "device":
        args = ["diagnose", "{dir}/org.yaml", "-o", draw(st.sampled_from(["/dev/null", "/dev/full"]))]
        return Case("outputs", files, args)
    links: dict[str, str] = {}
    if where == "link":
        planted = draw(st.sampled_from(["report.md", "findings.xlsx", "pages", "diagram.svg"]))
        links[f"out/{planted}"] = "{dir}/target.txt"
    args = ["diagnose", "{dir}/org.yaml", "--out", "{dir}/out"]
    return Case("outputs", files, args, links=links, untouched=("target.txt",) if links else ())


CASES = {
    "org file": org_files(),
    "export": exports(),
    "JSON export": json_exports(),
    "column map": column_maps(),
    "overlay": overlays(),
    "workbook overlay": workbooks(),
    "profile": profiles(),
    "rule pack": rule_packs(),
    "JSON duplicate keys": json_org_files(),
    "mixed encoding": mixed_encodings(),
    "dated exports": dated_exports(),
    "config file": config_files(),
    "baseline": baselines(),
    "standard input": standard_input(),
    "outputs": outputs(),
}


# --- running a case under the oracle ----------------------------------------------------------------------------


class Hang(Exception):
    """The run went past the deadline."""


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    def alarm(signum: int, frame: Any) -> None:
        raise Hang(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextmanager
def memory_limited(headroom: int = MEMORY_HEADROOM) -> Iterator[None]:
    """The process's address space limited to what it has now plus `headroom`, for the block's duration."""
    size = int(re.search(r"VmSize:\s+(\d+) kB", Path("/proc/self/status").read_text()).group(1)) * 1024  # type: ignore[union-attr]
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(resource.RLIMIT_AS, (size + headroom, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


@dataclass
class Tally:
    """What the runs gave, per kind of input: exit statuses, the slowest run, failures."""

    statuses: dict[str, Counter[int]] = field(default_factory=lambda: defaultdict(Counter))
    slowest: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    failures: list[str] = field(default_factory=list)

    def markdown(self, examples_per_kind: int) -> str:
        total = sum(sum(c.values()) for c in self.statuses.values())
        lines = [
            "# Fuzzing: the summary of the last `make fuzz`",
            "",
            f"{total:,} cases ({examples_per_kind:,} asked for per kind of input), each run through the command line "
            f"in-process under a {DEADLINE_SECONDS} s deadline and an address-space limit of the session's size plus "
            f"{MEMORY_HEADROOM >> 30} GiB. The oracle: status 0, 1 or 2 (2 with a message), never 3 or an exception; "
            "an import that succeeds balances its rows. tests/fuzz/cases.py has the strategies.",
            "",
            "| input | cases | status 0 | status 1 | status 2 | slowest run |",
            "|---|--:|--:|--:|--:|--:|",
        ]
        for kind in CASES:
            counts = self.statuses.get(kind, Counter())
            lines.append(
                f"| {kind} | {sum(counts.values()):,} | {counts[0]:,} | {counts[1]:,} | {counts[2]:,} "
                f"| {self.slowest.get(kind, 0.0):.1f} s |"
            )
        lines += ["", f"Failures: {len(self.failures)}.", *(f"- {failure}" for failure in self.failures), ""]
        return "\n".join(lines)


TALLY = Tally()
_ROWS = re.compile(r"Rows: ([\d,]+) read = ([\d,]+) used \+ ([\d,]+) not used")


def run_case(case: Case, folder: Path) -> None:
    """Write the case's files, run its command and hold the outcome to the oracle; AssertionError if it fails."""
    for name, content in case.files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8", errors="surrogatepass")
    for name, target in case.links.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).symlink_to(target.replace("{dir}", str(folder)))
    before = {name: (folder / name).read_bytes() for name in case.untouched}
    args = [arg.replace("{dir}", str(folder)) for arg in case.args]
    started = time.perf_counter()
    try:
        with memory_limited(), deadline(DEADLINE_SECONDS):
            result = CliRunner().invoke(main, args, input=case.stdin, catch_exceptions=True)
    except (Hang, MemoryError) as error:
        _failed(case, args, f"{type(error).__name__}: {error}")
    took = time.perf_counter() - started
    TALLY.slowest[case.kind] = max(TALLY.slowest[case.kind], took)
    error = result.exception
    if error is not None and not isinstance(error, SystemExit):
        trace = "".join(traceback.format_exception(error))
        _failed(case, args, f"{type(error).__name__}: {error}\n{trace}")
    status = result.exit_code
    TALLY.statuses[case.kind][status] += 1
    if status not in (0, 1, 2):
        _failed(case, args, f"status {status}: {result.stderr[-1500:]}")
    if status == 2 and not result.stderr.startswith("orgdiag"):
        _failed(case, args, f"status 2 without a message: {result.stderr[-500:]!r}")
    for name, content in before.items():
        if (folder / name).read_bytes() != content:
            _failed(case, args, f"{name}, the target of a link under --out, was written over")
    for device in ("/dev/null", "/dev/full"):
        if not Path(device).is_char_device():
            _failed(case, args, f"{device} is no longer a device")
    if case.imports and status == 0:
        counts = _ROWS.search(result.stdout + result.stderr)
        assert counts is not None, "an import that succeeds says how many rows it read"
        read, used, unused = (int(n.replace(",", "")) for n in counts.groups())
        if read != used + unused:
            _failed(case, args, f"rows not balanced: {counts.group()}")


def _failed(case: Case, args: list[str], what: str) -> None:
    TALLY.failures.append(f"{case.kind}: orgdiag {' '.join(args)}: {what.splitlines()[0]}")
    shown = {
        name: (content if isinstance(content, str) else repr(content))[:3000] for name, content in case.files.items()
    }
    raise AssertionError(f"{case.kind}: orgdiag {' '.join(args)}\n{what}\nfiles: {shown}")
