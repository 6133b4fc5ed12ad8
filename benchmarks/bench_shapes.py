"""orgdiag's benchmark of awkward shapes: organisations no larger than real ones, shaped so that a careless step
would take quadratic time or hand Graphviz a drawing it never finishes.

Each shape is written as an org file and run through the command a user would run (``orgdiag diagnose --out``,
writing every output, or ``orgdiag restructure --out``) in a child process, whose wall time and peak resident
memory are recorded and checked against the shape's target. Results go to benchmarks/results/shapes.md; the exit
status is 1 if a target is missed.

    python benchmarks/bench_shapes.py
    python benchmarks/bench_shapes.py --only chain     # one shape
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DEMO = Path(__file__).resolve().parent.parent / "fixtures" / "demo" / "nordvik-sport.yaml"


def chain(posts: int) -> dict[str, Any]:
    """Posts each reporting to the one before: as many layers as posts."""
    positions = [{"id": "p0", "title": "Chief Executive", "unit": "u"}]
    positions += [
        {"id": f"p{n}", "title": f"Manager {n}", "unit": "u", "reports_to": f"p{n - 1}"} for n in range(1, posts)
    ]
    return {"organisation": {"name": "A chain"}, "units": [{"id": "u", "name": "Chain"}], "positions": positions}


def one_owner_of_channels(channels: int) -> dict[str, Any]:
    """One post owning the strategy of every channel of its unit."""
    return {
        "organisation": {"name": "Channels"},
        "units": [{"id": "u", "name": "Marketing"}],
        "positions": [
            {
                "id": "cmo",
                "title": "Marketing Director",
                "unit": "u",
                "owns": [f"c{n}/strategy" for n in range(channels)],
            },
            {"id": "officer", "title": "Officer", "unit": "u", "reports_to": "cmo"},
        ],
        "channels": [{"id": f"c{n}", "kind": "web", "owner": "u", "name": f"Channel {n}"} for n in range(channels)],
    }


def top_level_units(units: int) -> dict[str, Any]:
    """A chief executive and one director in each of many units beside each other, none above them."""
    positions = [{"id": "ceo", "title": "Chief Executive", "unit": "u0"}]
    positions += [
        {"id": f"d{n}", "title": f"Director {n}", "unit": f"u{n}", "reports_to": "ceo"} for n in range(1, units)
    ]
    return {
        "organisation": {"name": "Many units"},
        "units": [{"id": f"u{n}", "name": f"Unit {n}"} for n in range(units)],
        "positions": positions,
    }


def long_names(characters: int) -> dict[str, Any]:
    """The demo with every name, title and holder as long as `characters`."""
    from orgdiag.orgfile import load_org

    data: dict[str, Any] = load_org(DEMO).model_dump(mode="json", exclude_none=True)
    words = " ".join(["Longword"] * (characters // 9))
    for section in ("units", "positions", "channels", "agencies"):
        for item in data.get(section, []):
            for key in ("name", "title", "holder"):
                if isinstance(item.get(key), str):
                    item[key] = f"{item[key]} {words}"[:characters]
    return data


@dataclass(frozen=True)
class Shape:
    key: str
    what: str
    command: str
    write: Callable[[], dict[str, Any]]
    seconds: float
    megabytes: float


SHAPES = (
    Shape("chain", "a chain of 50,000 posts, one below the other", "diagnose", lambda: chain(50_000), 30.0, 2048.0),
    Shape(
        "channels",
        "one post owning the strategy of 10,000 channels",
        "diagnose",
        lambda: one_owner_of_channels(10_000),
        30.0,
        2048.0,
    ),
    Shape("units", "100,000 units side by side at the top", "diagnose", lambda: top_level_units(100_000), 90.0, 2048.0),
    Shape(
        "long-names",
        "the demo with names of 975 characters, restructured",
        "restructure",
        lambda: long_names(975),
        30.0,
        1024.0,
    ),
)


def run(shape: Shape, work: Path) -> dict[str, Any]:
    """The shape's org file through its command in a child process: wall time and the child's peak memory."""
    org_file, out = work / f"{shape.key}.json", work / f"{shape.key}-out"
    org_file.write_text(json.dumps(shape.write()), encoding="utf-8")
    orgdiag = Path(sys.executable).parent / "orgdiag"
    started = time.perf_counter()
    child = subprocess.Popen(
        [str(orgdiag), shape.command, str(org_file), "--out", str(out), "--quiet"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    assert child.stderr is not None
    said = child.stderr.read().decode("utf-8", "replace")
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    code = os.waitstatus_to_exitcode(status)
    peak_mb = usage.ru_maxrss / 1024
    ok = code in (0, 1) and seconds <= shape.seconds and peak_mb <= shape.megabytes
    if code not in (0, 1):
        print(f"{shape.key}: exit {code}: {said[-2000:]}", file=sys.stderr)
    target = f"{shape.seconds:g} s, {shape.megabytes:,.0f} MB"
    return {
        "shape": shape.what,
        "command": shape.command,
        "seconds": round(seconds, 1),
        "peak_mb": round(peak_mb),
        "exit": code,
        "target": target,
        "ok": ok,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", choices=[shape.key for shape in SHAPES], nargs="+", help="run only these shapes")
    args = parser.parse_args()
    chosen = [shape for shape in SHAPES if not args.only or shape.key in args.only]
    results = []
    with tempfile.TemporaryDirectory(prefix="orgdiag-shapes-") as folder:
        for shape in chosen:
            print(f"measuring {shape.what} ...", file=sys.stderr, flush=True)
            results.append(run(shape, Path(folder)))
            print(json.dumps(results[-1]), flush=True)
    lines = ["| shape | command | seconds | peak memory | exit | target | met |", "|---|---|---:|---:|---:|---|---|"]
    lines += [
        f"| {r['shape']} | `orgdiag {r['command']} --out` | {r['seconds']} s | {r['peak_mb']:,} MB | {r['exit']} "
        f"| {r['target']} | {'✔' if r['ok'] else '✘'} |"
        for r in results
    ]
    out = Path(__file__).parent / ("results" if len(chosen) == len(SHAPES) else "results-partial")
    out.mkdir(exist_ok=True)
    (out / "shapes.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 0 if all(r["ok"] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
