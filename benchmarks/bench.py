"""orgdiag's scale benchmark: time and peak memory per stage, from 10^3 to 10^6 positions.

For each size a synthetic organisation is written (``orgdiag synth``, not timed) and
diagnosed in a fresh process, so that one size's memory does not carry over into the
next. That process times each stage (load and validate, build graph, metrics and
facts, rules, findings, render, restructure, before/after) and measures its peak
resident memory, checks that the findings are exactly the planted ones and that the
engine handled every fact. The diagnosis is then run once more in another fresh
process, and each of its stages counts the faster of the two runs (timings on this
shared machine vary by a third between runs). The
results are written as JSON, a Markdown table and a plot of time against size on log
axes, and checked against the targets below; the exit status is 1 if any fails.

    python benchmarks/bench.py                       # 1k, 10k, 100k, 1M into benchmarks/results/ and README.md
    python benchmarks/bench.py --sizes 1000 10000    # a quick run, into benchmarks/results-partial/
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

SIZES = (1_000, 10_000, 100_000, 1_000_000)
SEED = 1
STAGES = ("load", "graph", "facts", "rules", "findings", "render", "restructure", "before/after")
DIAGNOSIS_STAGES = STAGES[:5]  # load to findings: what the time targets count
#: Restructuring (plan, apply, re-diagnose to the fixed point) and its before/after drawing are measured up to
#: this size; above it, they are not run.
RESTRUCTURE_UP_TO = 100_000
#: size -> seconds for restructuring (from the diagnosis to the fixed point), and for drawing its before/after
RESTRUCTURE_TARGETS = {10_000: 10.0, 100_000: 60.0}
BEFORE_AFTER_TARGET = (100_000, 15.0)
#: size -> (seconds from load to findings, peak memory in MB), from the issue that set them
TARGETS = {100_000: (3.0, 1024.0), 1_000_000: (30.0, 8192.0)}
RENDER_TARGET = (100_000, 10.0)
#: At this size, `diagnose --format sarif` (the diagnosis, then the SARIF log with each element's line in the org
#: file) takes at most this many times `diagnose --format json` (the diagnosis, then the findings document).
SARIF_TARGET = (100_000, 2.0)
#: A stage may grow this much faster than N log N between two sizes before it fails (timing noise).
GROWTH_TOLERANCE = 1.3
#: Stages faster than this at the smaller size are too short to judge growth by.
GROWTH_FLOOR_SECONDS = 0.05


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES), help="position counts to run")
    parser.add_argument(
        "--out",
        type=Path,
        help="where to write the results [default: benchmarks/results for the full run, which also updates "
        "README.md; benchmarks/results-partial for other sizes]",
    )
    parser.add_argument("--one", type=Path, help=argparse.SUPPRESS)  # internal: measure one org file
    parser.add_argument("--diagnosis-only", action="store_true", help=argparse.SUPPRESS)  # internal: with --one
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.one, restructuring=not args.diagnosis_only)))
        return 0
    results = [run_size(size) for size in sorted(args.sizes)]
    checks = check(results)
    full_run = sorted(args.sizes) == list(SIZES)
    write_results(args.out or Path("benchmarks/results" if full_run else "benchmarks/results-partial"), results, checks)
    if full_run and args.out is None:
        update_readme(Path("README.md"), table(results, checks))
    for line in table(results, checks):
        print(line)
    return 0 if all(ok for _, ok in checks) else 1


def run_size(size: int) -> dict[str, Any]:
    """Write a synthetic org of `size` positions and measure its diagnosis in a fresh process."""
    from orgdiag.synth import synthesize, write_synthetic

    with tempfile.TemporaryDirectory(prefix="orgdiag-bench-") as folder:
        org_file = Path(folder) / f"synthetic-{size}.json"
        write_synthetic(synthesize(size, seed=SEED), org_file)
        print(f"measuring {size:,} positions ...", file=sys.stderr, flush=True)
        result = _measured(org_file, size)
        again = _measured(org_file, size, "--diagnosis-only")
    for stage in DIAGNOSIS_STAGES:
        result["stages"][stage] = min(result["stages"][stage], again["stages"][stage], key=lambda s: s["seconds"])
    result["positions"] = size
    return result


def _measured(org_file: Path, size: int, *flags: str) -> dict[str, Any]:
    """One measurement of an org file in a fresh process."""
    done = subprocess.run(
        [sys.executable, __file__, "--one", str(org_file), *flags], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"the measurement of {size:,} positions failed:\n{done.stderr}")
    measured: dict[str, Any] = json.loads(done.stdout)
    return measured


class StageMeter:
    """Wall time and peak resident memory of each stage, in this process and the processes it forked."""

    def __init__(self) -> None:
        self.stages: dict[str, dict[str, float]] = {}
        self._start = time.perf_counter()
        _reset_peak()

    def __call__(self, stage: str) -> None:
        now = time.perf_counter()
        self.stages[stage] = {"seconds": now - self._start, "peak_mb": _peak_mb()}
        _reset_peak()
        self._start = time.perf_counter()


def measure(org_file: Path, restructuring: bool = True) -> dict[str, Any]:
    """Diagnose and render one org file, stage by stage, and check the findings against the planted ones; then
    restructure it and draw the before/after, up to :data:`RESTRUCTURE_UP_TO` positions, if `restructuring`."""
    import yaml

    from orgdiag.diagnosis import diagnose
    from orgdiag.orgfile import load_org
    from orgdiag.render.compare import comparison_files
    from orgdiag.render.dot import render_bytes
    from orgdiag.render.outputs import diagram_for
    from orgdiag.restructuring.plan import restructure

    meter = StageMeter()
    org = load_org(org_file)
    meter("load")
    diagnosis = diagnose(org, on_stage=meter)
    source = diagram_for(diagnosis).source
    rendered = {fmt: len(render_bytes(source, fmt)) for fmt in ("svg", "png")}
    meter("render")
    outputs = _output_seconds(diagnosis, org_file)
    children_peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # the diagnosis's own
    changes = None
    if restructuring and len(org.positions) <= RESTRUCTURE_UP_TO:
        restructured = restructure(org)
        changes = len(restructured.changes)
        meter("restructure")
        drawn = comparison_files(restructured.comparison, changes, restructured)
        rendered["before-after.png"] = len(drawn["before-after.png"])
        meter("before/after")
    expected_file = org_file.with_name(f"{org_file.stem}.expected.yaml")
    planted = yaml.safe_load(expected_file.read_text())
    expected = {(f["rule"], f["subject"]) for f in planted["findings"]}
    found = {(f.slug, f.subject) for f in diagnosis.findings if f.slug in planted["rules"]}
    return {
        "stages": meter.stages,
        "children_peak_mb": children_peak_mb,
        "planted": len(expected),
        "found": len(found),
        "findings_all_rules": len(diagnosis.findings),
        "missed": sorted(map(list, expected - found)),
        "unexpected": sorted(map(list, found - expected)),
        "facts_in": diagnosis.facts_in,
        "facts_handled": diagnosis.facts_handled,
        "diagram_bytes": rendered,
        "changes": changes,
        "outputs": outputs,
    }


def _output_seconds(diagnosis: Any, org_file: Path) -> dict[str, float]:
    """Seconds to write the findings as `diagnose --format json` and `--format sarif` do: the SARIF log places
    each finding at its subject's line, which reads the org file again for its lines."""
    from orgdiag import __version__
    from orgdiag.orgfile.read import element_lines
    from orgdiag.render.outputs import findings_json, json_text
    from orgdiag.render.sarif import sarif_log

    start = time.perf_counter()
    findings_json(diagnosis)
    json_done = time.perf_counter()
    json_text(sarif_log(diagnosis, org_file.name, element_lines(org_file), __version__))
    return {"json": json_done - start, "sarif": time.perf_counter() - json_done}


def _reset_peak() -> None:
    """Start a new peak: writing 5 to clear_refs resets the kernel's high-water mark of resident memory."""
    Path("/proc/self/clear_refs").write_text("5")


def _peak_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc/self/status")


def diagnosis_seconds(result: dict[str, Any]) -> float:
    return sum(result["stages"][stage]["seconds"] for stage in DIAGNOSIS_STAGES)


def peak_mb(result: dict[str, Any]) -> float:
    """The most memory the diagnosis and its diagram held: this process's peak over those stages, plus its forked
    processes' peak (an upper bound, as pages they share are counted twice). Restructuring, which diagnoses
    again, is measured apart (:func:`restructure_peak_mb`)."""
    stages = result["stages"]
    return max(stages[stage]["peak_mb"] for stage in (*DIAGNOSIS_STAGES, "render")) + result["children_peak_mb"]


def restructure_peak_mb(result: dict[str, Any]) -> float | None:
    """This process's peak while restructuring and drawing the before/after, if they were run."""
    peaks = [
        result["stages"][stage]["peak_mb"] for stage in ("restructure", "before/after") if stage in result["stages"]
    ]
    return max(peaks) if peaks else None


def check(results: list[dict[str, Any]]) -> list[tuple[str, bool]]:
    """Every target of the benchmark, as (what was checked, whether it held)."""
    checks = []
    for result in results:
        n = result["positions"]
        checks.append(
            (
                f"{n:,}: every planted finding found, no other of the planted rules",
                not result["missed"] and not result["unexpected"],
            )
        )
        checks.append((f"{n:,}: the engine handled every fact", result["facts_in"] == result["facts_handled"]))
        if n in TARGETS:
            seconds, megabytes = TARGETS[n]
            took, held = diagnosis_seconds(result), peak_mb(result)
            checks.append((f"{n:,}: load to findings {took:.1f} s <= {seconds:g} s", took <= seconds))
            checks.append((f"{n:,}: peak memory {held:,.0f} MB < {megabytes:,.0f} MB", held < megabytes))
        if n == RENDER_TARGET[0]:
            took = result["stages"]["render"]["seconds"]
            checks.append((f"{n:,}: render {took:.1f} s <= {RENDER_TARGET[1]:g} s", took <= RENDER_TARGET[1]))
        if n == SARIF_TARGET[0]:
            checks.append(_sarif_check(result))
        if n in RESTRUCTURE_TARGETS and "restructure" in result["stages"]:
            took, target = result["stages"]["restructure"]["seconds"], RESTRUCTURE_TARGETS[n]
            checks.append((f"{n:,}: restructure {took:.1f} s <= {target:g} s", took <= target))
        if n == BEFORE_AFTER_TARGET[0] and "before/after" in result["stages"]:
            took = result["stages"]["before/after"]["seconds"]
            target = BEFORE_AFTER_TARGET[1]
            checks.append((f"{n:,}: before/after drawn {took:.1f} s <= {target:g} s", took <= target))
    large = [r for r in results if r["positions"] >= 10_000]
    for smaller, larger in zip(large, large[1:], strict=False):
        n1, n2 = smaller["positions"], larger["positions"]
        allowed = (n2 * math.log(n2)) / (n1 * math.log(n1)) * GROWTH_TOLERANCE
        for stage in DIAGNOSIS_STAGES:
            t1, t2 = smaller["stages"][stage]["seconds"], larger["stages"][stage]["seconds"]
            if t1 >= GROWTH_FLOOR_SECONDS:
                checks.append(
                    (f"{stage} from {n1:,} to {n2:,}: x{t2 / t1:.1f} <= x{allowed:.0f} (N log N)", t2 / t1 <= allowed)
                )
        t1, t2 = smaller["outputs"]["sarif"], larger["outputs"]["sarif"]
        if t1 >= GROWTH_FLOOR_SECONDS:
            checks.append(
                (f"SARIF from {n1:,} to {n2:,}: x{t2 / t1:.1f} <= x{allowed:.0f} (N log N)", t2 / t1 <= allowed)
            )
    return checks


def _sarif_check(result: dict[str, Any]) -> tuple[str, bool]:
    """`diagnose --format sarif` against `--format json`: the same diagnosis, then each output."""
    diagnosis, outputs = diagnosis_seconds(result), result["outputs"]
    json_seconds, sarif_seconds = diagnosis + outputs["json"], diagnosis + outputs["sarif"]
    ratio, limit = sarif_seconds / json_seconds, SARIF_TARGET[1]
    what = f"{result['positions']:,}: SARIF {sarif_seconds:.1f} s, x{ratio:.2f} the JSON's {json_seconds:.1f} s"
    what += f" <= x{limit:g}"
    return what, ratio <= limit


def table(results: list[dict[str, Any]], checks: list[tuple[str, bool]]) -> list[str]:
    """The results as a Markdown table, then the checks."""
    head = ["positions", *STAGES, "load to findings", "µs / position", "peak memory (all processes)"]
    head += ["restructuring's peak", "findings"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---:|" * len(head)]
    for result in results:
        n = result["positions"]
        took = diagnosis_seconds(result)
        cells = [f"{n:,}", *(_seconds(result, stage) for stage in STAGES)]
        cells += [f"**{took:.2f} s**", f"{took / n * 1e6:.0f}", f"{peak_mb(result):,.0f} MB"]
        restructuring = restructure_peak_mb(result)
        cells.append(f"{restructuring:,.0f} MB" if restructuring is not None else "—")
        cells.append(f"{result['found']}/{result['planted']}")
        lines.append("| " + " | ".join(cells) + " |")
    lines.append("")
    lines += [f"- {'✔' if ok else '✘ FAILED:'} {what}" for what, ok in checks]
    return lines


def _seconds(result: dict[str, Any], stage: str) -> str:
    """A stage's time for the table, or a dash where the stage was not run (restructuring above 100,000)."""
    return f"{result['stages'][stage]['seconds']:.2f} s" if stage in result["stages"] else "—"


def write_results(out: Path, results: list[dict[str, Any]], checks: list[tuple[str, bool]]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    machine = {"python": platform.python_version(), "cores": os.cpu_count(), "machine": platform.machine()}
    data = {
        "machine": machine,
        "seed": SEED,
        "results": results,
        "checks": [{"check": c, "ok": ok} for c, ok in checks],
    }
    (out / "results.json").write_text(json.dumps(data, indent=2) + "\n")
    (out / "results.md").write_text("\n".join(table(results, checks)) + "\n")
    plot(results, out / "time-vs-positions.png")


def update_readme(readme: Path, lines: list[str]) -> None:
    """Put the table of a full run and its checks (each target, and whether it was met) into the README, between
    its bench-table markers."""
    start, end = "<!-- bench-table -->\n", "\n<!-- /bench-table -->"
    text = readme.read_text(encoding="utf-8")
    before, rest = text.split(start, 1)
    _, after = rest.split(end, 1)
    table_and_checks = "\n".join(lines)
    readme.write_text(f"{before}{start}{table_and_checks}{end}{after}", encoding="utf-8")


def plot(results: list[dict[str, Any]], path: Path) -> None:
    """Time of each stage and of the whole diagnosis against positions, log-log, with N for reference."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot

    sizes = [r["positions"] for r in results]
    figure, axes = pyplot.subplots(figsize=(8, 5.5), dpi=110)
    for stage in STAGES:
        ran = [r for r in results if stage in r["stages"]]
        times = [r["stages"][stage]["seconds"] for r in ran]
        axes.plot([r["positions"] for r in ran], times, marker="o", linewidth=1.2, label=stage)
    totals = [diagnosis_seconds(r) for r in results]
    axes.plot(sizes, totals, marker="s", color="black", linewidth=2.4, label="load to findings")
    axes.plot(sizes, [totals[-1] * n / sizes[-1] for n in sizes], linestyle=":", color="grey", label="∝ N")
    for n, (seconds, _) in TARGETS.items():
        if sizes[0] <= n <= sizes[-1]:
            axes.scatter([n], [seconds], marker="_", s=400, color="#d7301f", zorder=3)
            axes.annotate(
                f"target {seconds:g} s", (n, seconds), textcoords="offset points", xytext=(8, 4), color="#d7301f"
            )
    axes.set_xscale("log")
    axes.set_yscale("log")
    axes.set_xlabel("positions")
    axes.set_ylabel("seconds")
    axes.set_title("orgdiag: time per stage against organisation size (2 cores)")
    axes.grid(True, which="both", linewidth=0.3)
    axes.legend(fontsize=8, loc="upper left")
    figure.tight_layout()
    figure.savefig(path, metadata={"Software": None})
    pyplot.close(figure)


if __name__ == "__main__":
    sys.exit(main())
