"""The hostile and broken inputs a fuzzing pass found (issue 19), one by one: each ends in exit status 2 with a
message that names the file and the place (or in a correct result), never a traceback, a hang or a blow-up.

Each runs the installed command in a process of its own, under a 1 GiB address-space limit and a deadline that
only a hang reaches: the deadline guards, it does not time anything.
"""

from __future__ import annotations

import os
import re
import resource
import stat
import subprocess
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import DEMO, FIXTURES

#: Each case runs the installed command in a process of its own.
pytestmark = pytest.mark.slow

ORGDIAG = str(Path(sys.executable).with_name("orgdiag"))
MEMORY = 1 << 30
DEADLINE = 120
EXPORT = FIXTURES / "import" / "generic" / "nordic-semicolon.csv"
HUGE = "9" * 5000


def _limited() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def orgdiag(*args: object, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [ORGDIAG, *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=DEADLINE,
        preexec_fn=_limited,
        check=False,
    )


@dataclass(frozen=True)
class Case:
    """Files to write (name -> bytes or text), the command's arguments, and what its message must say."""

    files: dict[str, str | bytes]
    args: tuple[str, ...]
    said: str


def _org(extra: str = "") -> str:
    return "organisation: {name: X}\nunits: [{id: u, name: U}]\npositions: [{id: a, title: A, unit: u}]\n" + extra


def _export(rows: str) -> str:
    return "id,name,title,manager,dept\n" + rows


def _rule(when: str, extra: str = "", code: str = "OD901", slug: str = "my-rule") -> str:
    return (
        f"code: {code}\nslug: {slug}\ntitle: T\nseverity: low\nsources: [org-design]\nrationale: R\n{extra}"
        f"when:\n{when}subject: '{{m.ref}}'\nevidence: ['{{m.ref}}']\nmessage: '{{m.name}}.'\n"
        "suggestions: [{action: review_design, params: {scope: '{m.ref}', topic: t}, text: Review it.}]\n"
    )


_UNIT = "  all:\n    - m: {$and: [{t: unit}, {$gte: {channels: 1}}]}\n"

CASES: dict[str, Case] = {
    "a-5000-digit-number-in-an-org-file": Case(
        {"org.yaml": _org(f"kpis: [{{name: k, channel: c, owner: a, id: {HUGE}}}]\n")},
        ("diagnose", "org.yaml"),
        "org.yaml:4: invalid YAML: a number of 5,000 digits is too long to be read",
    ),
    "a-5000-digit-number-in-a-profile": Case(
        {"p.yaml": f"name: p\nthresholds:\n  span-too-wide: {{max_span: {HUGE}}}\n"},
        ("diagnose", str(DEMO), "--profile", "p.yaml"),
        "p.yaml:3: invalid YAML: a number of 5,000 digits",
    ),
    "a-5000-digit-number-in-an-overlay": Case(
        {"o.yaml": f"organisation: {{profile: {{employees: {HUGE}}}}}\n"},
        ("import", str(EXPORT), "--overlay", "o.yaml", "-o", "out.yaml"),
        "o.yaml:1: invalid YAML: a number of 5,000 digits",
    ),
    "utf16-with-an-odd-byte-count": Case(
        {"e.csv": _export("1,Ann,CEO,,U\n").encode("utf-16") + b"\x00"},
        ("import", "e.csv"),
        "cannot be decoded as utf-16 (truncated data)",
    ),
    "a-lone-utf16-surrogate": Case(
        {"e.csv": b"\xff\xfe" + "id,name\n1,".encode("utf-16-le") + b"\x00\xd8" + "\n".encode("utf-16-le")},
        ("import", "e.csv"),
        "e.csv:2: cannot be decoded as utf-16 (illegal UTF-16 surrogate)",
    ),
    "a-utf8-bom-then-invalid-utf8": Case(
        {"e.csv": b"\xef\xbb\xbfid,name,title,manager\n1,\xff\xfeAnn,CEO,\n"},
        ("import", "e.csv"),
        "e.csv:1: cannot be decoded as utf-8-sig (invalid start byte)",
    ),
    "encoding-utf8-given-for-a-cp1252-file": Case(
        {"e.csv": _export("1,Åsa Öberg,VD,,U\n").encode("cp1252")},
        ("import", "e.csv", "--encoding", "utf-8"),
        "e.csv:2: cannot be decoded as utf-8",
    ),
    "encoding-utf32-given-for-a-cp1252-file": Case(
        {"e.csv": _export("1,Åsa Öberg,VD,,U\n").encode("cp1252")},
        ("import", "e.csv", "--encoding", "utf-32"),
        "e.csv:1: cannot be decoded as utf-32",
    ),
    "encoding-utf16-given-for-a-file-without-its-byte-order-mark": Case(  # found by make fuzz
        {"e.csv": _export("1,Ann,CEO,,U\n")},
        ("import", "e.csv", "--encoding", "utf-16"),
        "e.csv:1: cannot be decoded as utf-16 (it does not start with a byte-order mark: give the byte order",
    ),
    "a-bare-carriage-return-in-an-unquoted-field": Case(
        {"e.csv": b"id,name,title,manager\n1,An\rn,CEO,\n2,Bo,CFO,1\n"},
        ("import", "e.csv"),
        "e.csv:2: a carriage return inside a field that is not quoted",
    ),
    "a-quote-left-open-swallows-no-row": Case(
        {"e.csv": 'id,name,title,manager\n1,"Karin,VD,\n2,Per,CMO,1\n'},
        ("import", "e.csv"),
        "e.csv:2: a quote opened in the row starting here is never closed",
    ),
    "a-two-character-delimiter": Case(
        {}, ("import", str(EXPORT), "--delimiter", "ab"), "--delimiter: must be one character"
    ),
    "a-unit-suffix-that-is-no-pattern": Case(
        {"m.yaml": "extends: generic\nfields: {department: [dept]}\nunit_suffix: '(unclosed'\n"},
        ("import", str(EXPORT), "--map", "m.yaml"),
        "m.yaml:3: unit_suffix: not a regular expression",
    ),
    "a-unit-suffix-that-backtracks-without-end": Case(
        {
            "m.yaml": "extends: generic\nfields: {department: [dept]}\nunit_suffix: '(x+x+)+y'\n",
            "e.csv": _export("1,Ann,CEO,," + "x" * 5000 + "\n"),
        },
        ("import", "e.csv", "--map", "m.yaml"),
        "the column map 'm': unit_suffix: the map's unit_suffix '(x+x+)+y' takes over",
    ),
    **{
        f"a-rule-pack-using-durable-rules-{key}": Case(
            {"pack/OD901-my-rule.yaml": _rule(_UNIT + f"  {key}: 3\n")},
            ("diagnose", str(DEMO), "--rules", "pack"),
            f"when.{key}: '{key}' is not supported",
        )
        for key in ("count", "pri", "cap")
    },
    "a-rule-deriving-the-type-it-matches": Case(
        {
            "pack/OD901-my-rule.yaml": _rule(_UNIT, "derive: echo\n"),
            "pack/OD902-echo.yaml": _rule("  all:\n    - m: {t: echo}\n", "derive: echo\n", "OD902", "echo"),
        },
        ("diagnose", str(DEMO), "--rules", "pack"),
        "the rules derive facts in a circle (echo → echo)",
    ),
    "two-rules-deriving-each-other-s-types": Case(
        {
            "pack/OD901-my-rule.yaml": _rule(_UNIT, "derive: ping\n"),
            "pack/OD902-ping.yaml": _rule("  all:\n    - m: {t: ping}\n", "derive: pong\n", "OD902", "ping"),
            "pack/OD903-pong.yaml": _rule("  all:\n    - m: {t: pong}\n", "derive: ping\n", "OD903", "pong"),
        },
        ("diagnose", str(DEMO), "--rules", "pack"),
        "the rules derive facts in a circle (ping → pong → ping)",
    ),
    "a-rule-pack-default-that-is-not-a-number": Case(
        {
            "pack/OD901-my-rule.yaml": _rule(
                "  all:\n    - m: {$and: [{t: unit}, {$gte: {channels: '$param:least'}}]}\n",
                "params:\n  least: {doc: d, default: .nan}\n",
            )
        },
        ("diagnose", str(DEMO), "--rules", "pack"),
        "a default must be a finite number",
    ),
    "an-id-of-20000-characters": Case(
        {"org.yaml": "organisation: {name: X}\npositions: [{id: " + "a" * 20_000 + ", title: A}]\n"},
        ("diagnose", "org.yaml", "--out", "out"),
        "string should have at most 1000 characters",
    ),
    "an-id-of-100000-characters": Case(
        {"org.yaml": "organisation: {name: X}\npositions: [{id: " + "a" * 100_000 + ", title: A}]\n"},
        ("diagnose", "org.yaml", "--out", "out"),
        "org.yaml:2: positions[0].id 'aaaa",
    ),
    "a-threshold-that-is-text": Case(
        {"p.yaml": "name: p\nthresholds:\n  span-too-wide: {max_span: abc}\n"},
        ("diagnose", str(DEMO), "--profile", "p.yaml"),
        "span-too-wide's threshold 'max_span' must be a whole number; it is 'abc'",
    ),
    "a-threshold-that-is-not-a-number": Case(
        {"p.yaml": "name: p\nthresholds:\n  span-too-wide: {max_span: .nan}\n"},
        ("diagnose", str(DEMO), "--profile", "p.yaml"),
        "span-too-wide's threshold 'max_span' must be a finite number",
    ),
    "an-overlay-giving-one-channel-id-twice": Case(
        {
            "o.yaml": "channels:\n  - {id: web, kind: web, owner: Marknad}\n"
            "  - {id: web, kind: social, owner: Marknad}\n"
        },
        ("import", str(EXPORT), "--overlay", "o.yaml", "-o", "out.yaml"),
        "o.yaml:3: channels[1].id: the id 'web' is given twice, in channels[0] and here",
    ),
    "an-overlay-amount-that-is-infinite": Case(
        {
            "o.yaml": "channels: [{id: web, kind: web, owner: Marknad}]\n"
            "budgets: [{channel: web, owner: Marknad, amount: .inf}]\n"
        },
        ("import", str(EXPORT), "--overlay", "o.yaml", "-o", "out.yaml"),
        "budgets[0].amount: input should be a finite number",
    ),
    # the second round (issue 31)
    "a-rule-pattern-whose-groups-nest-200-deep": Case(
        {
            "org.yaml": _org(),
            "pack/OD901-my-rule.yaml": _rule(
                "  all:\n    - m: {$and: [{t: unit}, {$mt: {name: '" + "(" * 200 + "a" + ")" * 200 + "'}}]}\n"
            ),
        },
        ("diagnose", "org.yaml", "--rules", "pack"),
        "OD901-my-rule.yaml: when: the $mt pattern",
    ),
    "a-rule-pattern-with-a-class-of-4097-characters": Case(
        {
            "org.yaml": _org(),
            "pack/OD901-my-rule.yaml": _rule(
                "  all:\n    - m: {$and: [{t: unit}, {$mt: {name: '[\u0100-\u1100]'}}]}\n"
            ),
        },
        ("diagnose", "org.yaml", "--rules", "pack"),
        "has a character class of 4,097 characters",
    ),
    "a-rule-joining-three-facts-by-nothing": Case(
        {
            "org.yaml": _org(),
            "pack/OD901-my-rule.yaml": _rule(
                "  all:\n    - m: {t: position}\n    - n: {t: position}\n    - o: {t: position}\n"
            ),
        },
        ("diagnose", "org.yaml", "--rules", "pack"),
        "the fact 'n' is joined to no other fact of the rule",
    ),
    "a-400-digit-threshold": Case(
        {"org.yaml": _org(), "p.yaml": "thresholds:\n  OD201: {max_span: " + "9" * 400 + "}\n"},
        ("diagnose", "org.yaml", "--profile", "p.yaml"),
        "p.yaml: thresholds.OD201.max_span: span-too-wide's threshold 'max_span' must be at most",
    ),
    "a-json-org-file-giving-a-key-twice": Case(
        {"org.json": '{"organisation": {"name": "X"},\n"positions": [{"id": "a", "title": "A"}],\n"positions": []}'},
        ("diagnose", "org.json"),
        "org.json:3: key 'positions' appears twice in the same mapping",
    ),
    "a-json-export-record-giving-its-id-twice": Case(
        {"people.json": '[{"id": "1", "name": "A"},\n {"id": "2", "id": "3", "name": "B"}]'},
        ("import", "people.json", "-o", "out.yaml"),
        "people.json:2: [1]: key 'id' is given twice",
    ),
    "a-utf8-export-with-one-stray-byte": Case(
        {"e.csv": "id,name,title,manager\n1,Åsa,VD,\n".encode() + b"2,Caf\xe9,CFO,1\n"},
        ("import", "e.csv", "-o", "out.yaml"),
        "e.csv:3: mixes encodings: it is UTF-8 before byte 0xE9 here",
    ),
    "a-header-naming-the-title-column-twice": Case(
        {"e.csv": _export("1,Ann,VD,,X\n").replace("dept", "title")},
        ("import", "e.csv", "-o", "out.yaml"),
        "the header names the column 'title' twice (columns 3 and 5)",
    ),
    "a-csv-header-of-5-million-columns": Case(
        {"e.csv": "," * 5_000_000 + "\n1,2\n"},
        ("import", "e.csv", "-o", "out.yaml"),
        "e.csv:1: the line is 5,000,001 characters long, more than 4,194,304",
    ),
    "an-orgdiag-toml-nested-2000-deep": Case(
        {"org.yaml": _org(), "orgdiag.toml": "deep = " + "[" * 2000 + "]" * 2000 + "\n"},
        ("diagnose", "org.yaml", "--config", "orgdiag.toml"),
        "orgdiag.toml: not valid TOML: nested too deep to read",
    ),
    "a-pyproject-whose-tool-is-text-and-orgdiag-a-number": Case(
        {"org.yaml": _org(), "pyproject.toml": "[tool]\norgdiag = 3\n"},
        ("diagnose", "org.yaml", "--config", "pyproject.toml"),
        "pyproject.toml: tool.orgdiag: must be a table of settings",
    ),
    "a-baseline-nested-5000-deep": Case(
        {"org.yaml": _org(), "b.json": '{"findings": ' + "[" * 5000 + "]" * 5000 + "}"},
        ("diagnose", "org.yaml", "--baseline", "b.json"),
        "b.json:1: not valid JSON: depth limit exceeded",
    ),
    "a-baseline-holding-a-5000-digit-number": Case(
        {"org.yaml": _org(), "b.json": '{"findings": [{"rule": ' + HUGE + "}]}"},
        ("diagnose", "org.yaml", "--baseline", "b.json"),
        "b.json:1: not valid JSON: number is infinity",
    ),
    "a-rule-pack-template-naming-a-field-of-another-type-than-it-matched": Case(
        {
            "pack/OD901-my-rule.yaml": _rule(
                "  all:\n    - m: {$or: [{top_owns_marcom_strategy: false}, {$gte: {strategies: 1}}]}\n"
            ).replace("message: '{m.name}.'", "message: '{m.name} owns {m.strategy_scopes}.'")
        },
        ("diagnose", str(DEMO), "--rules", "pack"),
        "OD901-my-rule.yaml: when: a template names 'strategy_scopes', which the fact it matched (of type",
    ),
    "exports-dated-in-their-names-with-posts-renumbered": Case(
        {"hr-2025-03-31.csv": _export("1,Ann,VD,,X\n"), "hr-2025-09-30.csv": _export("7,Ann,VD,,X\n")},
        ("import", "hr-2025-03-31.csv", "hr-2025-09-30.csv", "-o", "out.yaml"),
        "holds 2 snapshots of one organisation: '2025-03-31' (1 post), '2025-09-30' (1 post)",
    ),
}


def _written(folder: Path, files: dict[str, str | bytes]) -> None:
    for name, content in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


@pytest.mark.parametrize("case", list(CASES.values()), ids=list(CASES))
def test_each_reported_case_is_refused_with_its_place(tmp_path: Path, case: Case) -> None:
    _written(tmp_path, case.files)
    result = orgdiag(*case.args, cwd=tmp_path)
    assert result.returncode == 2, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    assert case.said in " ".join(result.stderr.split()), result.stderr[-2000:]


def test_a_pyproject_whose_tool_is_text_has_no_settings_of_orgdiag(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('tool = "x"\n', encoding="utf-8")
    done = orgdiag("diagnose", DEMO, "--config", "pyproject.toml", cwd=tmp_path)
    assert done.returncode == 0 and "Traceback" not in done.stderr


def test_binary_on_standard_input_is_refused_as_not_utf8(tmp_path: Path) -> None:
    result = subprocess.run(
        [ORGDIAG, "diagnose", "-"], cwd=tmp_path, input=bytes(range(256)) * 20, capture_output=True, check=False
    )
    assert result.returncode == 2 and b"Traceback" not in result.stderr
    assert b"<stdin>:2: is not UTF-8 text (invalid start byte at byte 128)" in result.stderr


def test_a_pipe_named_like_a_rule_file_is_refused_not_waited_on(tmp_path: Path) -> None:
    (tmp_path / "pack").mkdir()
    (tmp_path / "pack" / "OD901-my-rule.yaml").write_text(_rule(_UNIT), encoding="utf-8")
    import os

    os.mkfifo(tmp_path / "pack" / "fifo.yaml")
    result = orgdiag("diagnose", DEMO, "--rules", "pack", cwd=tmp_path)
    assert result.returncode == 2 and "pack/fifo.yaml: is not a regular file" in result.stderr


def test_an_overlay_id_written_as_a_number_finds_the_text_id(tmp_path: Path) -> None:
    (tmp_path / "o.yaml").write_text("positions:\n  - {id: 1002, role: head-of-marketing}\n", encoding="utf-8")
    result = orgdiag("import", EXPORT, "--overlay", "o.yaml", "-o", "out.yaml", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    written = (tmp_path / "out.yaml").read_text(encoding="utf-8")
    assert '{id: "1002", title: Marknadschef' in written and "holder: Per Holm, role: head-of-marketing}" in written


def test_a_workday_unit_name_of_60000_spaces_is_read_at_once(tmp_path: Path) -> None:
    header = "Employee ID,Worker,Business Title,Manager ID,Supervisory Organization\n"
    (tmp_path / "w.csv").write_text(header + "1,Ann,CEO,,Marketing" + " " * 60_000 + "(Ann)\n", encoding="utf-8")
    result = orgdiag("import", "w.csv", "--preset", "workday", "-o", "out.yaml", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "name: Marketing}" in (tmp_path / "out.yaml").read_text(encoding="utf-8")


def test_rule_pack_text_stays_text_in_the_markdown_report(tmp_path: Path) -> None:
    rule = _rule(_UNIT).replace("sources: [org-design]", "sources: ['<script>alert(1)</script>']")
    _written(tmp_path, {"pack/OD901-my-rule.yaml": rule})
    result = orgdiag("diagnose", DEMO, "--rules", "pack", "--out", "out", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    report = (tmp_path / "out" / "report.md").read_text(encoding="utf-8")
    assert "\\<script\\>" in report and not re.search(r"(?<!\\)<script", report)


def test_out_replaces_a_planted_link_and_leaves_its_target_alone(tmp_path: Path) -> None:
    target = tmp_path / "precious.txt"
    target.write_text("keep me", encoding="utf-8")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "report.md").symlink_to(target)
    result = orgdiag("diagnose", DEMO, "--out", "out", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert target.read_text(encoding="utf-8") == "keep me"
    assert not (tmp_path / "out" / "report.md").is_symlink()
    assert not list((tmp_path / "out").glob(".*.part"))


def _broken_workbook(folder: Path, breaking: Callable[[bytes], bytes]) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["id", "name", "title", "manager"])
    for number in range(1, 400):
        sheet.append([number, f"Person {number}", "Specialist", 1 if number > 1 else None])
    whole = folder / "whole.xlsx"
    book.save(whole)
    broken = folder / "broken.xlsx"
    with zipfile.ZipFile(whole) as source, zipfile.ZipFile(broken, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            target.writestr(item, breaking(data) if item.filename == "xl/worksheets/sheet1.xml" else data)
    return broken


@pytest.mark.parametrize(
    "breaking",
    [lambda xml: xml[: len(xml) // 2], lambda xml: xml.replace(b"Person 300", b"Person &#0; 300")],
    ids=["a-sheet-cut-in-half", "an-invalid-character-reference-far-down"],
)
def test_a_workbook_broken_after_it_opens_is_refused_at_its_row(tmp_path: Path, breaking) -> None:
    broken = _broken_workbook(tmp_path, breaking)
    result = orgdiag("import", broken, cwd=tmp_path)
    assert result.returncode == 2, result.stderr[-2000:]
    assert "Traceback" not in result.stderr and f"{broken}:" in result.stderr


def _workbook_with(folder: Path, part: str, head: bytes, repeated: bytes, times: int, tail: bytes) -> Path:
    """A small workbook one of whose parts is rewritten as `head`, `repeated` `times` times and `tail`, streamed
    into the archive (so that the test never holds the expanded part)."""
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["id", "name", "title", "manager"])
    book.active.append([1, "Ann", "CEO", None])
    whole = folder / "whole.xlsx"
    book.save(whole)
    bomb = folder / "bomb.xlsx"
    with zipfile.ZipFile(whole) as source, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            if item.filename != part:
                target.writestr(item.filename, source.read(item))
        with target.open(part, "w") as stream:
            stream.write(head)
            for _ in range(times):
                stream.write(repeated)
            stream.write(tail)
    return bomb


def test_a_workbook_declaring_a_million_rows_is_read_by_its_rows(tmp_path: Path) -> None:
    rows = '<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>3</t></is></c></row>'
    broken = _broken_workbook(
        tmp_path,
        lambda xml: xml.replace(b'<dimension ref="A1:D400"/>', b'<dimension ref="A1:XFD1048576"/>').replace(
            b"</sheetData>", rows.encode() + b"</sheetData>"
        ),
    )
    result = orgdiag("import", broken, "-o", "out.yaml", cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    said = result.stdout  # with -o, the report is the command's output
    assert "Rows: 400 read = 399 used + 1 not used" in said  # the row far down is read, none invented between
    assert ":1048576: duplicate id '3'" in said


@pytest.mark.parametrize(
    ("part", "head", "tail"),
    [
        (
            "xl/worksheets/sheet1.xml",
            b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">'
            b'<c r="A1" t="inlineStr"><is><t>',
            b"</t></is></c></row></sheetData></worksheet>",
        ),
        (
            "xl/sharedStrings.xml",
            b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">',
            b"</sst>",
        ),
    ],
    ids=["one-cell-of-64-mib", "shared-strings-of-64-mib"],
)
def test_a_workbook_that_expands_like_a_zip_bomb_is_refused_before_it_is_read(
    tmp_path: Path, part: str, head: bytes, tail: bytes
) -> None:
    repeated = b"a" * (1 << 20) if "sheet" in part else b"<si><t>a</t></si>" * (1 << 16)
    bomb = _workbook_with(tmp_path, part, head, repeated, 64, tail)
    result = orgdiag("import", bomb, cwd=tmp_path)
    assert result.returncode == 2, result.stderr[-2000:]
    assert f"its part {part} expands" in result.stderr and "refused as a zip bomb" in result.stderr


@pytest.mark.parametrize("command", ["diagnose", "restructure"])
def test_units_nested_300_deep_are_drawn_and_restructured_at_once(tmp_path: Path, command: str) -> None:
    units = "".join(f"  - {{id: u{n}, name: U{n}{f', parent: u{n - 1}' if n else ''}}}\n" for n in range(300))
    positions = "  - {id: p0, title: CEO, unit: u0}\n  - {id: p1, title: Deep, unit: u299, reports_to: p0}\n"
    (tmp_path / "deep.yaml").write_text(
        f"organisation: {{name: Deep}}\nunits:\n{units}positions:\n{positions}", encoding="utf-8"
    )
    result = orgdiag(command, "deep.yaml", "--out", "out", "--quiet", cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Overview: 2 positions in 300 units" in (
        tmp_path / "out" / ("before.svg" if command == "restructure" else "diagram.svg")
    ).read_text(encoding="utf-8")


def test_noncharacters_in_names_are_left_out_of_every_output_that_xml_carries(tmp_path: Path) -> None:
    """U+FFFE and U+FFFF are no text: XML (SVG, Graphviz's labels, XLSX, PPTX) refuses them, so Graphviz failed
    (exit 3) and the workbook could not be opened."""
    (tmp_path / "org.yaml").write_text(
        'organisation: {name: X}\nunits: [{id: u, name: "Sales\\uFFFF"}]\n'
        'positions: [{id: a, title: "CEO\\uFFFE", unit: u}, {id: b, title: CFO, unit: u, reports_to: a}]\n',
        encoding="utf-8",
    )
    result = orgdiag("diagnose", "org.yaml", "--out", "out", cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    out = tmp_path / "out"
    import xml.dom.minidom

    xml.dom.minidom.parse(str(out / "diagram.svg"))
    for office in ("findings.xlsx", "report.pptx"):
        with zipfile.ZipFile(out / office) as package:
            for name in package.namelist():
                if name.endswith(".xml"):
                    assert "\ufffe" not in package.read(name).decode() and "\uffff" not in package.read(name).decode()


@pytest.mark.parametrize(
    "positions",
    ["[]", "[{id: a, title: CEO, unit: u, abolished: true}]"],
    ids=["no-post", "only-abolished-posts"],
)
def test_an_organisation_with_no_live_post_gets_every_output_saying_so(tmp_path: Path, positions: str) -> None:
    (tmp_path / "org.yaml").write_text(
        f"organisation: {{name: X}}\nunits: [{{id: u, name: U}}]\npositions: {positions}\n", encoding="utf-8"
    )
    result = orgdiag("diagnose", "org.yaml", "--out", "out", cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Data: no live post is listed" in result.stdout and "there is no structure to diagnose" in result.stdout
    from pptx import Presentation

    slides = Presentation(str(tmp_path / "out" / "report.pptx")).slides
    texts = [shape.text_frame.text for slide in slides for shape in slide.shapes if shape.has_text_frame]
    assert any("no live post" in text for text in texts)


@pytest.mark.parametrize("output", [(), ("--format", "json"), ("--format", "sarif")], ids=["text", "json", "sarif"])
def test_standard_output_on_a_full_disk_is_exit_2_with_a_message(tmp_path: Path, output: tuple[str, ...]) -> None:
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [ORGDIAG, "diagnose", str(DEMO), *output], stdout=full, stderr=subprocess.PIPE, text=True, check=False
        )
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "orgdiag: cannot write the output: No space left on device" in done.stderr


def test_outputs_into_devices_and_pipes_are_streams_that_stay_what_they_are(tmp_path: Path) -> None:
    """-o to /dev/null wrote a regular file in its place (as root, the real one); /dev/full said nothing; a named
    pipe was replaced by a file."""
    assert orgdiag("diagnose", DEMO, "-o", "/dev/null", cwd=tmp_path).returncode == 0
    assert Path("/dev/null").is_char_device()
    full = orgdiag("diagnose", DEMO, "-o", "/dev/full", cwd=tmp_path)
    assert full.returncode == 2 and "cannot write to /dev/full: No space left on device" in full.stderr
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    with subprocess.Popen(["cat", str(pipe)], stdout=subprocess.PIPE) as reader:
        assert orgdiag("diagnose", DEMO, "--format", "json", "-o", pipe, cwd=tmp_path).returncode == 0
        assert b'"schema_version"' in reader.communicate(timeout=DEADLINE)[0]
    assert stat.S_ISFIFO(pipe.lstat().st_mode)


def test_outputs_keep_the_umask_and_the_mode_of_a_file_written_over(tmp_path: Path) -> None:
    made = subprocess.run(
        ["sh", "-c", f'umask 077 && "{ORGDIAG}" diagnose "{DEMO}" -o new.txt'], cwd=tmp_path, check=False
    )
    assert made.returncode == 0 and stat.S_IMODE((tmp_path / "new.txt").stat().st_mode) == 0o600
    (tmp_path / "private.txt").write_text("old")
    (tmp_path / "private.txt").chmod(0o640)
    assert orgdiag("diagnose", DEMO, "-o", "private.txt", cwd=tmp_path).returncode == 0
    assert stat.S_IMODE((tmp_path / "private.txt").stat().st_mode) == 0o640


def test_a_link_planted_at_a_folder_inside_out_is_replaced_not_followed(tmp_path: Path) -> None:
    assert orgdiag("synth", "--positions", "400", "-o", "big.json", cwd=tmp_path).returncode == 0
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "pages").symlink_to(elsewhere)
    done = orgdiag("diagnose", "big.json", "--out", "out", cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    pages = tmp_path / "out" / "pages"
    assert not pages.is_symlink() and any(pages.iterdir()) and not any(elsewhere.iterdir())


def test_names_of_975_characters_are_cut_to_six_lines_in_every_drawing(tmp_path: Path) -> None:
    """Names of 975 characters drawn whole made each layout take a second or more: a six-position restructuring
    took 65 s and 857 MB. The drawings now cut a name at six lines (the tooltip holds its first 400 characters)."""
    name = " ".join(["Longword"] * 108)
    (tmp_path / "org.yaml").write_text(
        f"organisation: {{name: X}}\nunits: [{{id: u, name: 'Unit {name}'}}]\n"
        f"positions: [{{id: a, title: 'Chief {name}', unit: u}}, {{id: b, title: 'Head {name}', unit: u, "
        "reports_to: a}]\n",
        encoding="utf-8",
    )
    done = orgdiag("diagnose", "org.yaml", "--out", "out", cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    dot = (tmp_path / "out" / "diagram.dot").read_text(encoding="utf-8")
    label = next(line for line in dot.splitlines() if "Chief Longword" in line and "label=" in line)
    bold = label.split("<B>", 1)[1].split("</B>", 1)[0]
    assert bold.count("<BR/>") == 5 and bold.endswith("…")
    assert f"Chief {name}"[:300] in (tmp_path / "out" / "diagram.svg").read_text(encoding="utf-8")


def test_a_chain_of_posts_one_below_the_other_charts_its_first_layers_and_adds_up_the_rest(tmp_path: Path) -> None:
    """A 50,000-deep chain took 98 s for every output (each branch walked once per step down from the top, and a
    layer chart of 50,000 bars); the charts now show 14 layers and the rest added up as "Layers 15+"."""
    positions = ["  - {id: p0, title: Chief Executive, unit: u}"]
    positions += [f"  - {{id: p{n}, title: Manager {n}, unit: u, reports_to: p{n - 1}}}" for n in range(1, 400)]
    (tmp_path / "chain.yaml").write_text(
        "organisation: {name: Chain}\nunits: [{id: u, name: U}]\npositions:\n" + "\n".join(positions) + "\n",
        encoding="utf-8",
    )
    done = orgdiag("diagnose", "chain.yaml", "--out", "out", cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Chain has 400 reporting layers for 400 people" in done.stdout
    html = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert ">Layer 14</text>" in html and ">Layers 15+</text>" in html and ">Layer 15</text>" not in html
    from pptx import Presentation

    charts = [
        shape.chart
        for slide in Presentation(str(tmp_path / "out" / "report.pptx")).slides
        for shape in slide.shapes
        if shape.has_chart
    ]
    layers = next(chart for chart in charts if "per layer" in chart.chart_title.text_frame.text)
    assert list(layers.plots[0].categories)[-2:] == ["Layer 14", "Layers 15+"]
    assert list(layers.plots[0].series[0].values)[-1] == 400 - 14  # the posts of layers 15 to 400


def test_a_unit_owning_many_channels_is_drawn_as_an_overview_also_around_it(tmp_path: Path) -> None:
    """10,000 channels of one unit drawn one by one kept Graphviz busy for over ten minutes, in the diagram and
    around the unit (--focus, the slides): a drawing of more than 150 elements is an overview."""
    channels = "".join(f"  - {{id: c{n}, kind: web, owner: u, name: Channel {n}}}\n" for n in range(200))
    (tmp_path / "org.yaml").write_text(_org(f"channels:\n{channels}"), encoding="utf-8")
    for extra in ((), ("--focus", "u")):
        done = orgdiag("diagnose", "org.yaml", "--out", "out", *extra, cwd=tmp_path)
        assert done.returncode == 0, done.stderr[-2000:]
        svg = (tmp_path / "out" / "diagram.svg").read_text(encoding="utf-8")
        assert "Overview: 1 position in 1 unit." in svg and "1 position · 200 channels" in svg
        assert "Channel 7" not in svg
