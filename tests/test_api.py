"""The library as a host application embeds it: typed names, one error hierarchy, one validation for every
route, no hang on a loop, no printing, the collector and processes left as found."""

from __future__ import annotations

import ast
import contextlib
import copy
import gc
import inspect
import json
import multiprocessing
import re
import subprocess
import sys
import threading
import typing
import weakref
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import orgdiag
from orgdiag.measure.facts import org_context
from orgdiag.measure.graph import build_graph
from orgdiag.model import OrgFile
from orgdiag.model.bulk import collector_paused
from orgdiag.rules import parallel

from conftest import DEMO, ROOT

LOOP = {
    "organisation": {"name": "Loop AB"},
    "units": [{"id": "u", "name": "U"}],
    "positions": [
        {"id": "a", "title": "A", "unit": "u", "reports_to": "b"},
        {"id": "b", "title": "B", "unit": "u", "reports_to": "a"},
    ],
}
UNIT_LOOP = {
    "organisation": {"name": "Unit loop AB"},
    "units": [{"id": "u", "name": "U", "parent": "v"}, {"id": "v", "name": "V", "parent": "u"}],
    "positions": [{"id": "a", "title": "A", "unit": "u"}],
}
DANGLING = {
    "organisation": {"name": "Dangling AB"},
    "positions": [{"id": "a", "title": "A", "reports_to": "nobody"}],
}


def within(seconds: float, work: Callable[[], Any]) -> Any:
    """What `work` returns or raises, if it ends within `seconds`; the test fails (and does not hang) otherwise."""
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["value"] = work()
        except BaseException as error:  # noqa: BLE001 - handed back to the test thread
            outcome["error"] = error

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(seconds)
    assert not worker.is_alive(), f"still running after {seconds} s"
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("value")


def test_every_exported_name_exists_and_the_package_is_typed() -> None:
    assert all(hasattr(orgdiag, name) for name in orgdiag.__all__)
    assert (ROOT / "orgdiag" / "py.typed").is_file()


def test_the_subpackages_import_beside_the_functions_of_the_api() -> None:
    """`orgdiag.history` and `orgdiag.restructure` are functions of the API; the subpackages they come from are
    named apart (over_time, restructuring), since a function exported under a subpackage's name hid it:
    `import orgdiag.restructure.plan as plan` raised ImportError. A fresh interpreter: this one has imported them."""
    code = """
from datetime import date

import orgdiag.over_time.trace as trace
import orgdiag.restructuring.plan as plan
import orgdiag
from orgdiag.restructuring.results import Restructuring

assert orgdiag.history is trace.history and orgdiag.restructure is plan.restructure
org = orgdiag.load({"organisation": {"name": "X"}, "positions": [{"id": "vd", "title": "VD"}]})
assert isinstance(orgdiag.restructure(org), Restructuring)
today = orgdiag.Snapshot("today", orgdiag.SnapshotDate(date(2026, 6, 30)), org)
later = orgdiag.Snapshot("later", orgdiag.SnapshotDate(date(2026, 12, 31)), org)
assert [s.label for s in orgdiag.history([today, later]).snapshots] == ["today", "later"]
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False, cwd=ROOT)
    assert done.returncode == 0, done.stderr


def test_the_version_is_the_package_s(cli) -> None:
    from importlib.metadata import version

    assert orgdiag.__version__ == version("orgdiag")
    assert cli("--version").stdout == f"orgdiag, version {orgdiag.__version__}\n"


@pytest.mark.slow
def test_the_consumer_example_passes_mypy_strict_and_runs() -> None:
    example = ROOT / "docs" / "examples" / "consumer.py"
    checked = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(example)],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert checked.returncode == 0, checked.stdout
    ran = subprocess.run([sys.executable, str(example)], capture_output=True, text=True, check=True, cwd=ROOT)
    assert "refused: the reporting lines loop: a -> a" in ran.stdout
    assert "Suggested: move ehandel under marknad" in ran.stdout
    assert ran.stderr == ""


def test_every_name_the_library_guide_uses_is_exported() -> None:
    guide = (ROOT / "docs" / "library.md").read_text(encoding="utf-8")
    used = set(re.findall(r"\borgdiag\.([A-Za-z_]\w*)", guide))
    assert len(used) > 20 and used - {"__all__"} <= set(orgdiag.__all__), used - set(orgdiag.__all__)


@pytest.mark.parametrize("data", [LOOP, UNIT_LOOP, DANGLING], ids=["reporting-loop", "unit-loop", "dangling"])
def test_a_dict_with_a_loop_or_a_dangling_reference_is_input_error_within_a_second(data: dict[str, Any]) -> None:
    with pytest.raises(orgdiag.InputError) as raised:
        within(1.0, lambda: orgdiag.load(data, name="crm"))
    assert raised.value.problems[0].file == "crm"


@pytest.mark.parametrize("data", [LOOP, UNIT_LOOP, DANGLING], ids=["reporting-loop", "unit-loop", "dangling"])
def test_an_organisation_that_skipped_validation_is_checked_before_diagnosis(data: dict[str, Any]) -> None:
    org = OrgFile.model_validate(data)  # pydantic alone: types only
    with pytest.raises(orgdiag.InputError):
        within(1.0, lambda: orgdiag.diagnose(org))
    with pytest.raises(orgdiag.InputError):
        within(1.0, lambda: orgdiag.restructure(org))


@pytest.mark.parametrize("data", [LOOP, UNIT_LOOP], ids=["reporting-loop", "unit-loop"])
def test_the_graph_walks_end_on_a_loop_even_when_nothing_checked_it(data: dict[str, Any]) -> None:
    org = OrgFile.model_validate(data)
    context = within(2.0, lambda: org_context(build_graph(org)))
    assert set(context.depth) == {p["id"] for p in data["positions"]}
    drawn = within(20.0, lambda: orgdiag.diagram_bytes(orgdiag.FindingsDocument(org=org, findings=()), "svg"))
    assert drawn.startswith(b"<?xml")


def test_the_dict_route_and_the_file_route_agree() -> None:
    from_dict = orgdiag.load(json.loads(orgdiag.dump_org_json(orgdiag.load(DEMO))))
    assert from_dict == orgdiag.load(DEMO)
    assert [f.rule for f in orgdiag.diagnose(from_dict).findings] == [
        f.rule for f in orgdiag.diagnose(orgdiag.load(DEMO)).findings
    ]


def _demo_data() -> dict[str, Any]:
    return yaml.safe_load(DEMO.read_text(encoding="utf-8"))


JUNK = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=True),
    st.text(max_size=8),
    st.sampled_from(["vd", "cmo", "marknad", "social", "ledning", "byran", "web/strategy", "marcom/strategy"]),
    st.lists(st.sampled_from(["vd", "cmo", "marknad", "x"]), max_size=3),
    st.dictionaries(st.text(max_size=4), st.integers(), max_size=2),
)


@st.composite
def mutated_orgs(draw: st.DrawFn) -> dict[str, Any]:
    """The demo's data with a few values replaced, keys dropped or items duplicated, anywhere in it."""
    data = _demo_data()
    for _ in range(draw(st.integers(1, 4))):
        section = draw(st.sampled_from(["organisation", "units", "positions", "channels", "agencies", "kpis"]))
        holder = data.get(section)
        if isinstance(holder, list) and holder:
            index = draw(st.integers(0, len(holder) - 1))
            item = holder[index]
            if draw(st.booleans()):
                holder.append(copy.deepcopy(item))  # a duplicate id
                continue
        else:
            item = holder
        if not isinstance(item, dict) or not item:
            data[section] = draw(JUNK)
            continue
        key = draw(st.sampled_from(sorted(item)))
        if draw(st.booleans()):
            del item[key]
        else:
            item[key] = draw(JUNK)
    return data


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_orgs())
def test_any_mutated_dict_is_loaded_or_refused_with_input_error_never_another_exception(data: dict[str, Any]) -> None:
    try:
        org = within(5.0, lambda: orgdiag.load(data))
    except orgdiag.InputError as error:
        assert error.problems and all(problem.file == "<dict>" for problem in error.problems)
        return
    within(20.0, lambda: orgdiag.diagnose(org))


@settings(max_examples=80, deadline=None)
@given(st.text(max_size=300))
def test_any_text_is_parsed_or_refused_with_input_error(text: str) -> None:
    with contextlib.suppress(orgdiag.InputError):
        within(5.0, lambda: orgdiag.parse_org(text, "fuzz.yaml"))


def test_the_library_prints_nothing(capfd) -> None:
    result = orgdiag.diagnose(orgdiag.load(DEMO))
    orgdiag.restructure(result.org)
    orgdiag.diagram_bytes(result, "svg")
    assert capfd.readouterr() == ("", "")


def test_the_collector_is_left_as_it_was_found_and_kept_on_when_the_host_says_so() -> None:
    org = orgdiag.load(DEMO)
    seen: list[bool] = []
    gc.disable()
    try:
        orgdiag.diagnose(org)
        assert not gc.isenabled()
    finally:
        gc.enable()
    orgdiag.diagnose(org, on_stage=lambda _: seen.append(gc.isenabled()))
    assert gc.isenabled() and not any(seen)
    orgdiag.host.pause_collector = False
    try:
        seen.clear()
        orgdiag.diagnose(org, on_stage=lambda _: seen.append(gc.isenabled()))
        assert all(seen)
    finally:
        orgdiag.host.pause_collector = True


def test_a_host_that_froze_its_objects_finds_them_still_frozen() -> None:
    org = orgdiag.load(DEMO)
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        orgdiag.diagnose(org)
        assert gc.get_freeze_count() > frozen // 2  # not unfrozen (frozen objects that die still leave the count)
    finally:
        gc.unfreeze()


def test_cyclic_garbage_made_while_the_collector_was_paused_is_still_collected() -> None:
    class Node:
        pass

    with collector_paused():
        a, b = Node(), Node()
        a.other, b.other = b, a  # type: ignore[attr-defined]
        gone = weakref.ref(a)
        del a, b
    assert gone() is not None  # a cycle: only the collector frees it
    gc.collect()
    assert gone() is None
    assert gc.get_freeze_count() == 0


def _diagnose_forking_from_a_pool_worker(path: str) -> list[str]:
    parallel.PARALLEL_FROM = 1  # in this worker: every organisation is large enough to fork for
    return [f"{f.rule}:{f.subject}" for f in orgdiag.diagnose(orgdiag.load(path)).findings]


def test_a_diagnosis_in_a_pool_worker_runs_serially_with_the_same_findings() -> None:
    with multiprocessing.get_context("fork").Pool(1) as pool:
        in_worker = pool.apply(_diagnose_forking_from_a_pool_worker, (str(DEMO),))
        can_fork = pool.apply(parallel.can_fork)
    assert not can_fork
    assert in_worker == [f"{f.rule}:{f.subject}" for f in orgdiag.diagnose(orgdiag.load(DEMO)).findings]


def test_the_host_can_forbid_forking() -> None:
    orgdiag.host.fork_workers = False
    try:
        assert not parallel.can_fork()
    finally:
        orgdiag.host.fork_workers = True


def test_errors_share_one_base_and_map_to_their_exit_statuses() -> None:
    assert issubclass(orgdiag.RuleError, orgdiag.InputError)
    assert all(
        issubclass(error, orgdiag.OrgdiagError)
        for error in (orgdiag.InputError, orgdiag.EngineError, orgdiag.RenderError, orgdiag.LayoutError)
    )
    with pytest.raises(orgdiag.RuleError, match="did you mean 'channel-silo'"):
        orgdiag.builtin_catalogue().select(only=["chanel-silo"])


def test_suggestion_parameters_have_one_shape_per_action() -> None:
    for finding in orgdiag.diagnose(orgdiag.load(DEMO)).findings:
        for suggestion in finding.suggestions:
            spec = orgdiag.ACTIONS[suggestion.action]
            for name, value in suggestion.params.items():
                assert isinstance(value, list) == (name in spec.lists), (suggestion.action, name, value)


PROFILE_TEXT = st.one_of(
    st.text(max_size=120),
    st.builds(
        lambda rule, name, value: f"name: p\nthresholds:\n  {rule}: {{{name}: {value}}}\n",
        st.sampled_from(["span-too-wide", "OD201", "nope", "", "[x]"]),
        st.sampled_from(["max_span", "min", "", "{a: 1}"]),
        st.sampled_from(["3", "-1", "abc", "[1, 2]", "{}", "null", "1e400"]),
    ),
)


@settings(max_examples=60, deadline=None)
@given(PROFILE_TEXT)
def test_any_profile_file_is_read_or_refused_with_input_error(tmp_path_factory, text: str) -> None:
    path = tmp_path_factory.mktemp("profile") / "p.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        profile = orgdiag.load_profile(path)
    except orgdiag.InputError as error:
        assert all(problem.file == str(path) for problem in error.problems)
        return
    with contextlib.suppress(orgdiag.InputError):
        orgdiag.diagnose(orgdiag.load(DEMO), profile=profile)


@settings(max_examples=40, deadline=None)
@given(st.one_of(st.text(max_size=80), st.just('{"findings": [{"rule": "OD101"}]}'), st.just("[]")))
def test_any_baseline_file_is_read_or_refused_with_input_error(tmp_path_factory, text: str) -> None:
    path = tmp_path_factory.mktemp("baseline") / "b.json"
    path.write_text(text, encoding="utf-8")
    with contextlib.suppress(orgdiag.InputError):
        orgdiag.load_baseline(path)


# --- what library.md says, checked against the code -------------------------------------------------------------

GUIDE = ROOT / "docs" / "library.md"
#: Text between backticks in library.md.
_CODE_SPAN = re.compile(r"`([^`]+)`")


def _documented_calls() -> list[tuple[str, ast.Call]]:
    """Every call `orgdiag.NAME(...)` that library.md writes outside its code blocks, parsed."""
    prose = re.sub(r"```.*?```", "", GUIDE.read_text(encoding="utf-8"), flags=re.DOTALL)
    calls = []
    for span in _CODE_SPAN.findall(prose):
        if not re.match(r"orgdiag\.[a-z_]+\(", span):
            continue
        written = " ".join(span.split())
        for node in ast.walk(ast.parse(written, mode="eval")):
            function = node.func if isinstance(node, ast.Call) else None
            if isinstance(function, ast.Attribute) and ast.unparse(function.value) == "orgdiag":
                calls.append((ast.unparse(node), node))
    return calls


def test_every_call_library_md_writes_has_the_function_s_parameters_in_order_with_their_defaults() -> None:
    """A name written alone is the parameter's name at that place; `name=value` a parameter and its default; the
    parameters in the signature's order; and the call binds to the signature (no parameter missing or unknown)."""
    wrong = []
    for written, call in _documented_calls():
        function = getattr(orgdiag, call.func.attr)  # type: ignore[attr-defined]
        signature = inspect.signature(function)
        names = list(signature.parameters)
        try:
            signature.bind(*call.args, **{keyword.arg: keyword.value for keyword in call.keywords if keyword.arg})
        except TypeError as error:
            wrong.append(f"{written}: {error}")
            continue
        for place, argument in enumerate(call.args):
            if isinstance(argument, ast.Name) and argument.id != names[place]:
                wrong.append(f"{written}: parameter {place + 1} is '{names[place]}', not '{argument.id}'")
        for keyword in call.keywords:
            default = signature.parameters[keyword.arg].default  # type: ignore[index]
            if isinstance(keyword.value, ast.Constant) and keyword.value.value != default:
                wrong.append(f"{written}: {keyword.arg} defaults to {default!r}")
        order = [names.index(keyword.arg) for keyword in call.keywords if keyword.arg]
        if order != sorted(order):
            wrong.append(f"{written}: the keywords are not in the order of {signature}")
    assert not wrong, "\n".join(wrong)


def test_every_function_of_the_api_is_written_in_library_md_with_its_parameters() -> None:
    """Each exported function has a call in library.md that names every parameter it has (the full signature)."""
    full = set()
    for _, call in _documented_calls():
        name = call.func.attr  # type: ignore[attr-defined]
        if len(call.args) + len(call.keywords) == len(inspect.signature(getattr(orgdiag, name)).parameters):
            full.add(name)
    functions = {name for name in orgdiag.__all__ if inspect.isfunction(getattr(orgdiag, name))}
    assert functions - full == set()


def _public_types(hint: Any) -> Iterator[type]:
    """The classes of orgdiag a type hint names, through its arguments (`tuple[Change, ...]`, `X | None`)."""
    if isinstance(hint, type) and hint.__module__.startswith("orgdiag"):
        yield hint
    for argument in typing.get_args(hint):
        yield from _public_types(argument)


def test_every_type_a_host_is_handed_is_exported() -> None:
    """What a function of the API returns, and every public field, property and method result of those types in
    turn, is a class exported by name: a host can annotate what it holds (apply() returned `Applied`, unexported)."""
    exported = {getattr(orgdiag, name) for name in orgdiag.__all__ if isinstance(getattr(orgdiag, name), type)}
    hints: list[tuple[str, Any]] = [
        (name, typing.get_type_hints(getattr(orgdiag, name)).get("return"))
        for name in orgdiag.__all__
        if inspect.isfunction(getattr(orgdiag, name))
    ]
    hints += [(name, getattr(orgdiag, name)) for name in orgdiag.__all__ if isinstance(getattr(orgdiag, name), type)]
    seen: set[type] = set()
    hidden = []
    while hints:
        where, hint = hints.pop()
        for kind in set(_public_types(hint)) - seen:
            seen.add(kind)
            if kind not in exported:
                hidden.append(f"{where} -> {kind.__module__}.{kind.__name__}")
            hints += [(f"{kind.__name__}.{f}", h) for f, h in typing.get_type_hints(kind).items() if f[0] != "_"]
            for member, value in vars(kind).items():
                function = value.fget if isinstance(value, property) else value
                if member[0] != "_" and inspect.isfunction(function):
                    hints.append((f"{kind.__name__}.{member}()", typing.get_type_hints(function).get("return")))
    assert not hidden, "\n".join(sorted(hidden))


def test_when_operating_model_is_none_is_said() -> None:
    """Every diagnosis has an operating model; the type says None only for a document built by hand."""
    assert orgdiag.diagnose(orgdiag.load(DEMO)).operating_model is not None
    assert orgdiag.FindingsDocument(org=orgdiag.load(DEMO), findings=()).operating_model is None
    documented = orgdiag.FindingsDocument.__doc__ or ""
    guide = GUIDE.read_text(encoding="utf-8")
    assert "None only" in " ".join(guide.split()), "library.md says when operating_model is None"
    assert documented


def test_writing_rules_says_which_keys_a_rule_must_have() -> None:
    """Each key a rule file must give (no default, or a list that may not be empty) is marked required in
    docs/writing-rules.md, and none of them is called optional."""
    from orgdiag.rules.spec import RuleSpec

    rows = {
        key: row
        for row in (ROOT / "docs" / "writing-rules.md").read_text(encoding="utf-8").splitlines()
        if row.startswith("| `")
        for key in re.findall(r"`(\w+)`", row.split("|")[1])
    }
    for name, field in RuleSpec.model_fields.items():
        must = any(getattr(rule, "min_length", 0) for rule in field.metadata)
        if must:
            assert name in rows and "required" in rows[name].split("|")[2], name
        if field.is_required() or must:
            assert "optional" not in rows.get(name, "").split("|")[-2][:12], name


# --- a programming mistake is the library's own error, named -----------------------------------------------------


@pytest.mark.parametrize(
    ("call", "says"),
    [
        (lambda: orgdiag.diagnose({"organisation": {"name": "X"}}), "orgdiag.diagnose: org: expected an OrgFile"),
        (lambda: orgdiag.load(None), "orgdiag.load: source: expected an org file's path or its data"),
        (lambda: orgdiag.diagnose(orgdiag.load(DEMO)).at_least("severe"), "'severe' is not one of info, low"),
        (lambda: orgdiag.severity_rank("urgent"), "'urgent' is not one of info, low"),
        (lambda: orgdiag.write_outputs("findings", "out"), "orgdiag.write_outputs: diagnosis: expected a Diagnosis"),
        (lambda: orgdiag.write_outputs(orgdiag.diagnose(orgdiag.load(DEMO)), 3), "out_dir: expected a folder's path"),
        (lambda: orgdiag.diagram_bytes(orgdiag.diagnose(orgdiag.load(DEMO)), "jpeg"), "'jpeg' is not one of svg, png"),
    ],
    ids=["diagnose-dict", "load-none", "at-least", "severity-rank", "write-outputs-str", "out-dir-int", "jpeg"],
)
def test_a_programming_mistake_raises_argument_error_naming_the_call(call: Callable[[], Any], says: str) -> None:
    with pytest.raises(orgdiag.ArgumentError, match=re.escape(says)) as raised:
        call()
    assert isinstance(raised.value, orgdiag.InputError)
    assert isinstance(raised.value, TypeError | ValueError)


def test_write_outputs_takes_a_folder_as_text(tmp_path) -> None:
    written = orgdiag.write_outputs(orgdiag.diagnose(orgdiag.load(DEMO)), str(tmp_path / "out"))
    assert (tmp_path / "out" / "report.md").is_file() and len(written) >= 8


@pytest.mark.parametrize("fmt", ["SVG", "Png", "DOT"])
def test_diagram_formats_are_named_in_any_case(fmt: str) -> None:
    drawn = orgdiag.diagram_bytes(orgdiag.diagnose(orgdiag.load(DEMO)), fmt)
    assert drawn.startswith({"svg": b"<?xml", "png": b"\x89PNG", "dot": b"digraph"}[fmt.lower()])


def _demo_with(change: Callable[[OrgFile], None]) -> OrgFile:
    org = orgdiag.load(DEMO)
    orgdiag.diagnose(org)  # diagnosed once as loaded: what was checked is remembered
    change(org)
    return org


@pytest.mark.parametrize(
    ("change", "says"),
    [
        (lambda org: org.positions.append(org.positions[0].model_copy()), "duplicate id 'vd'"),
        (
            lambda org: org.positions.__setitem__(0, org.positions[0].model_copy(update={"reports_to": "cmo"})),
            "the reporting lines loop",
        ),
        (lambda org: org.positions[1].owns.append("nothing-here"), "nothing-here"),
        (lambda org: org.units.append(org.units[0].model_copy(update={"id": "x", "parent": "nobody"})), "nobody"),
    ],
    ids=["duplicate-id", "reporting-loop", "dangling-owner", "dangling-parent"],
)
def test_what_a_host_changes_in_a_loaded_organisation_is_checked_before_it_is_diagnosed(
    change: Callable[[OrgFile], None], says: str
) -> None:
    org = _demo_with(change)
    with pytest.raises(orgdiag.InputError, match=re.escape(says)):
        within(5.0, lambda: orgdiag.diagnose(org))
    with pytest.raises(orgdiag.InputError, match=re.escape(says)):
        within(5.0, lambda: orgdiag.restructure(org))


def test_a_valid_change_to_a_loaded_organisation_is_diagnosed() -> None:
    org = _demo_with(lambda org: org.positions.append(org.positions[1].model_copy(update={"id": "cmo-2"})))
    assert "cmo-2" in {position.id for position in orgdiag.diagnose(org).org.positions}
